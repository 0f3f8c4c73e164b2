import { compareBumps } from '../core/bump.js';
import { nextVersion, versionProblem } from '../core/version.js';
import type { Finding } from '../core/finding.js';
import type { ModelReport } from './report.js';

/**
 * The version the change requires, whatever else must be fixed first: `suggested` when a version
 * passes; otherwise (a blocking finding) the version that would pass once the blocking findings
 * are fixed (the head's own version when its declared bump already covers the change). Null when there is none to give: a deleted model, or a base version that is not a
 * version. `suggested` itself keeps its meaning (null when no version can pass as things are).
 */
export function releaseVersion(m: ModelReport): string | null {
  if (m.suggested !== null) return m.suggested;
  if (m.head === null) return null;
  if (m.base === null) return versionProblem(m.head) === undefined ? m.head : null;
  if (versionProblem(m.base) !== undefined || versionProblem(m.head) !== undefined) return null;
  // The declared version already covers what the change requires: it is the one to keep.
  if (compareBumps(m.declared, m.required) >= 0) return m.head;
  try {
    return nextVersion(m.base, m.required);
  } catch {
    return null;
  }
}

/** The findings that fail the gate whatever the version: what must be fixed besides the version. */
export function blockingFindings(m: ModelReport): Finding[] {
  return m.findings.filter((f) => f.blocking);
}
