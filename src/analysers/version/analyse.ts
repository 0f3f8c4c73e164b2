import type { Bump } from '../../core/bump.js';
import type { Finding } from '../../core/finding.js';
import { declaredBump } from '../../core/version.js';
import type { Contract } from '../../contract/types.js';

export interface VersionAnalysis {
  /** The bump the version change declares (`none` when it went down or there is nothing to compare). */
  declared: Bump;
  findings: Finding[];
}

/** The version analyser: what the version change declares, with Cargo's 0.x rule and pre-releases. */
export function analyseVersion(base: Contract | null, head: Contract | null): VersionAnalysis {
  if (!base || !head) return { declared: 'none', findings: [] };
  const findings: Finding[] = [];
  if (base.model !== head.model) {
    findings.push({
      id: 'model-renamed',
      bump: 'major',
      area: 'contract',
      pointer: '/model',
      old: base.model,
      new: head.model,
      message: `The model's identity changed from "${base.model}" to "${head.model}"; consumers that look it up by name lose it.`,
      hint: 'Keep the name, or add the new model as a new contract and remove the old one separately.',
    });
  }
  const declared = declaredBump(base.version, head.version);
  if (declared === null) {
    findings.push({
      id: 'version-decreased',
      bump: 'none',
      area: 'version',
      pointer: '/version',
      old: base.version,
      new: head.version,
      blocking: true,
      message: `The version went down from ${base.version} to ${head.version}; a release must be greater than the one before it.`,
    });
    return { declared: 'none', findings };
  }
  return { declared, findings };
}
