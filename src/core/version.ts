import semver from 'semver';
import type { Bump } from './bump.js';

/** SemVer 2.0 strictly: no leading `v`, no loose forms. */
// The regular expression published with SemVer 2.0.0 (semver.org, FAQ).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** node-semver reads no version longer than this (its MAX_LENGTH). */
export const MAX_VERSION_LENGTH = 256;

/**
 * Why `version` cannot be used, in words, or undefined when it is a SemVer 2.0 version that
 * every comparison below can work with. SemVer itself sets no limit on MAJOR, MINOR and PATCH, but
 * node-semver (and JavaScript numbers) hold them exactly only up to Number.MAX_SAFE_INTEGER.
 */
export function versionProblem(version: string): string | undefined {
  const m = SEMVER.exec(version);
  if (!m) return `"${version}" is not a valid SemVer 2.0 version; expected MAJOR.MINOR.PATCH such as 1.4.0 or 2.0.0-rc.1`;
  for (const [i, part] of ['MAJOR', 'MINOR', 'PATCH'].entries()) {
    if (Number(m[i + 1]) > Number.MAX_SAFE_INTEGER)
      return `"${version}": its ${part} number ${m[i + 1]} is larger than ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), the largest that versions can be compared with`;
  }
  // Numeric pre-release identifiers are compared as numbers, so the same limit holds for them.
  const big = (m[4] ?? '').split('.').find((id) => /^\d+$/.test(id) && Number(id) > Number.MAX_SAFE_INTEGER);
  if (big !== undefined)
    return `"${version}": its pre-release number ${big} is larger than ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), the largest that versions can be compared with`;
  if (version.length > MAX_VERSION_LENGTH) return `"${version.slice(0, 40)}…" is longer than ${MAX_VERSION_LENGTH} characters`;
  if (semver.parse(version) === null) return `"${version}" is not a version that can be compared`;
  return undefined;
}

export function isValidVersion(version: string): boolean {
  return versionProblem(version) === undefined;
}

/**
 * The bump that going from `base` to `head` declares, with Cargo's rule for 0.x
 * (in 0.y.z a change of y counts as MAJOR and of z as MINOR; in 0.0.z any change is MAJOR)
 * and pre-releases counting as the bump to the version they precede.
 * Returns `null` when the version went down. Build metadata is ignored.
 */
export function declaredBump(base: string, head: string): Bump | null {
  const b = semver.parse(base);
  const h = semver.parse(head);
  if (!b || !h) throw new Error(`not SemVer: ${!b ? base : head}`);
  const order = semver.compare(h, b);
  if (order < 0) return null;
  if (order === 0) return 'none';
  const sameCore = b.major === h.major && b.minor === h.minor && b.patch === h.patch;
  // Pre-releases of one version promise nothing to each other (SemVer §9).
  if (b.prerelease.length > 0 && sameCore) return 'major';
  if (b.major === 0) {
    if (b.minor === 0) return 'major';
    if (h.major !== 0 || h.minor !== b.minor) return 'major';
    return 'minor';
  }
  if (h.major !== b.major) return 'major';
  if (h.minor !== b.minor) return 'minor';
  return 'patch';
}

/** The smallest version above `base` whose declared bump is at least `required`. */
export function nextVersion(base: string, required: Bump): string {
  const b = semver.parse(base);
  if (!b) throw new Error(`not SemVer: ${base}`);
  if (required === 'none') return b.version;
  if (b.prerelease.length > 0) return semver.inc(b, 'prerelease')!;
  if (b.major === 0) {
    if (b.minor === 0) return semver.inc(b, 'patch')!;
    return semver.inc(b, required === 'major' ? 'minor' : 'patch')!;
  }
  return semver.inc(b, required)!;
}
