import type { Finding } from '../core/finding.js';
import type { Policy } from '../core/policy.js';
import { diffSchemas, type InterfaceFinding } from '../analysers/interface/diff.js';
import { analyseArtifact, checkArtifactHonesty } from '../analysers/artifact/analyse.js';
import { analyseLineage } from '../analysers/lineage/analyse.js';
import { analyseVersion } from '../analysers/version/analyse.js';
import type { LoadedContract } from '../contract/load.js';
import { decide } from './decide.js';
import type { ModelReport } from './report.js';
import type { BehaviourResult } from '../analysers/behaviour/analyse.js';

/** Turn where an interface finding sits in a schema into a file location. */
function locateInterface(f: InterfaceFinding, base: LoadedContract, head: LoadedContract): Finding {
  const { at, ...finding } = f;
  if (!at) return finding;
  const doc = (at.side === 'base' ? base : head).docs[at.doc];
  const pos = doc?.locate(at.pointer);
  return doc && pos ? { ...finding, location: { file: doc.file, ...pos } } : finding;
}

/** Give contract-level findings the line of their field in the contract. */
function locateIn(contract: LoadedContract, f: Finding): Finding {
  if (f.location || f.pointer === undefined) return f;
  const pos = contract.locate(f.pointer);
  return pos ? { ...f, location: { file: contract.file, ...pos } } : f;
}

/**
 * Compare one model's contract at the base and at the head: every analyser, then the verdict.
 * Either side may be null (a new or a deleted model), not both.
 */
export function compareContracts(
  base: LoadedContract | null,
  head: LoadedContract | null,
  policy: Policy,
  behaviour?: { result: BehaviourResult; compared: boolean },
): ModelReport {
  const any = (head ?? base)!;
  const findings: Finding[] = [...(behaviour?.result.findings ?? [])];
  if (base && head) {
    for (const direction of ['input', 'output'] as const) {
      for (const f of diffSchemas(base.interfaces[direction], head.interfaces[direction], direction, policy)) {
        findings.push(locateInterface(f, base, head));
      }
    }
    findings.push(...analyseLineage(base.contract, head.contract, base.facts, head.facts));
    findings.push(...analyseArtifact(base.contract, head.contract, base.facts, head.facts));
  } else if (head) {
    findings.push({
      id: 'contract-added',
      bump: 'none',
      area: 'contract',
      message: `New model ${head.contract.model} at ${head.contract.version}; there is no earlier contract to compare with.`,
    });
    findings.push(...checkArtifactHonesty(head.contract, head.facts));
  } else if (base) {
    findings.push({
      id: 'contract-removed',
      bump: 'major',
      area: 'contract',
      old: base.contract.version,
      blocking: !policy.allowModelRemoval,
      message: `The contract of ${base.contract.model} (last ${base.contract.version}) was deleted; its consumers lose the model.`,
      hint: 'Keep the contract until every consumer has moved, or allow model removal in the policy.',
    });
  }
  const version = analyseVersion(base?.contract ?? null, head?.contract ?? null);
  findings.push(...version.findings);
  const report = decide(
    {
      model: any.contract.model,
      path: any.path,
      base: base?.contract.version ?? null,
      head: head?.contract.version ?? null,
      declared: version.declared,
      findings: findings.map((f) => (head ? locateIn(head, f) : base ? locateIn(base, f) : f)),
    },
    policy,
  );
  if (!behaviour) return report;
  const { result, compared } = behaviour;
  return {
    ...report,
    behavior: {
      compared,
      rows: result.rows,
      changedRows: result.changedRows,
      inputs: result.inputs,
      tolerances: result.tolerances,
      schemas: result.schemas,
    },
  };
}
