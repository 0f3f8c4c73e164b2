import semver from 'semver';
import type { Bump } from './bump.js';

/** SemVer 2.0 strictly: no leading `v`, no loose forms. */
// The regular expression published with SemVer 2.0.0 (semver.org, FAQ).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isValidVersion(version: string): boolean {
  return SEMVER.test(version);
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
