import type { Finding } from '../../core/finding.js';
import type { Contract } from '../../contract/types.js';
import type { ContractFacts } from '../../contract/load.js';

/** The digest a side stands for: the declared one, else the file's. */
function digestOf(contract: Contract, facts: ContractFacts): string | undefined {
  return contract.artifact?.sha256 ?? facts.artifactFileSha256 ?? undefined;
}

/** Does the head's declared digest tell the truth about the file? */
export function checkArtifactHonesty(head: Contract, facts: ContractFacts): Finding[] {
  const declared = head.artifact?.sha256;
  const actual = facts.artifactFileSha256;
  if (head.artifact?.path === undefined) return [];
  if (actual === null || actual === undefined) {
    return [
      {
        id: 'artifact-file-absent',
        bump: 'none',
        area: 'artifact',
        pointer: '/artifact/path',
        new: head.artifact.path,
        message: `The artifact ${head.artifact.path} is not in the repository, so only the declared digest is compared.`,
      },
    ];
  }
  if (declared !== undefined && declared !== actual) {
    return [
      {
        id: 'artifact-digest-mismatch',
        bump: 'none',
        area: 'artifact',
        pointer: '/artifact/sha256',
        old: declared,
        new: actual,
        blocking: true,
        message: `The declared sha256 ${declared.slice(0, 12)}… does not match the file ${head.artifact.path} (${actual.slice(0, 12)}…); the contract must describe the artifact it ships with.`,
        hint: `Set artifact.sha256 to ${actual}.`,
      },
    ];
  }
  return [];
}

/** The artifact analyser: honesty of the head, and whether the artifact changed. */
export function analyseArtifact(base: Contract, head: Contract, baseFacts: ContractFacts, headFacts: ContractFacts): Finding[] {
  const findings = checkArtifactHonesty(head, headFacts);
  const o = digestOf(base, baseFacts);
  const n = digestOf(head, headFacts);
  if (o !== undefined && n !== undefined && o !== n) {
    const unchanged = base.version === head.version;
    findings.push({
      id: 'artifact-changed',
      bump: 'patch',
      area: 'artifact',
      pointer: head.artifact?.sha256 !== undefined ? '/artifact/sha256' : '/artifact/path',
      old: o,
      new: n,
      message: unchanged
        ? `The artifact changed (${o.slice(0, 12)}… → ${n.slice(0, 12)}…) under the unchanged version ${head.version}; a released version is immutable.`
        : `The artifact changed (${o.slice(0, 12)}… → ${n.slice(0, 12)}…); a new artifact needs at least a patch release.`,
    });
  }
  return findings;
}
