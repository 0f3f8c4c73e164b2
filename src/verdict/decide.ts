import { compareBumps, maxBumpOf, type Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import type { Policy } from '../core/policy.js';
import { nextVersion } from '../core/version.js';
import type { ModelReport } from './report.js';

export interface Decision {
  model: string;
  path: string;
  base: string | null;
  head: string | null;
  declared: Bump;
  findings: Finding[];
}

const BUMP_ORDER = { major: 0, minor: 1, patch: 2, none: 3 } as const;

/** Findings in reading order: blocking first, then by bump, area, pointer. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(!!b.blocking) - Number(!!a.blocking) ||
      BUMP_ORDER[a.bump] - BUMP_ORDER[b.bump] ||
      a.area.localeCompare(b.area) ||
      (a.direction ?? '').localeCompare(b.direction ?? '') ||
      (a.pointer ?? '').localeCompare(b.pointer ?? '') ||
      a.id.localeCompare(b.id),
  );
}

const up = (b: Bump) => b.toUpperCase();

/** The verdict for one model: required = the maximum over findings, checked against the declared bump. */
export function decide(d: Decision, policy: Policy): ModelReport {
  const findings = sortFindings(d.findings);
  const required = maxBumpOf(findings.map((f) => f.bump));
  const blocking = findings.filter((f) => f.blocking);
  const versions = `${d.base ?? '(new)'} → ${d.head ?? '(deleted)'}`;
  let ok: boolean;
  let summary: string;
  let suggested: string | null = null;

  if (d.head === null) {
    ok = policy.allowModelRemoval;
    summary = ok
      ? `The model was removed, which the policy allows.`
      : `The model was removed; consumers lose it. Allow model removal in the policy to pass.`;
  } else if (d.base === null) {
    ok = blocking.length === 0;
    suggested = d.head;
    summary = ok
      ? `New model at ${d.head}; nothing to compare.`
      : `New model at ${d.head}, but its contract is not truthful: ${blocking[0]!.message}`;
  } else if (blocking.length > 0) {
    ok = false;
    summary = `${versions}: ${blocking.length === 1 ? 'a finding fails' : `${blocking.length} findings fail`} the gate whatever the version: ${blocking[0]!.message}`;
  } else {
    suggested = nextVersion(d.base, required);
    const cmp = compareBumps(d.declared, required);
    if (cmp < 0) {
      ok = false;
      // Named by what it is: a MINOR or PATCH change may come from any area, not only behavior.
      const kind = required === 'major' ? 'breaking' : up(required);
      summary = `${versions} declares ${up(d.declared)} but the change requires ${up(required)} (undeclared ${kind} change); release it as ${suggested}.`;
    } else if (cmp > 0 && policy.bump === 'exact') {
      ok = false;
      summary = `${versions} declares ${up(d.declared)} but the change requires only ${up(required)}, and the policy requires the exact bump; release it as ${suggested}.`;
    } else if (cmp > 0) {
      ok = true;
      summary = `${versions} declares ${up(d.declared)}; the change requires only ${up(required)} (${suggested} would do).`;
    } else {
      ok = true;
      summary =
        required === 'none' ? `${versions}: nothing consumers depend on changed.` : `${versions} declares ${up(d.declared)}, as the change requires.`;
    }
  }
  return { model: d.model, path: d.path, base: d.base, head: d.head, declared: d.declared, required, ok, suggested, summary, findings };
}
