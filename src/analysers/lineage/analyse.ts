import type { Finding } from '../../core/finding.js';
import { brief, isObject, jsonEqual } from '../../core/json.js';
import { joinPointer } from '../../core/pointer.js';
import type { Contract } from '../../contract/types.js';
import type { ContractFacts } from '../../contract/load.js';

const OPAQUE = [
  {
    key: 'training_data',
    id: 'training-data-changed',
    what: 'training data',
    why: 'predictions move with the data, so consumers should re-validate',
  },
  {
    key: 'architecture',
    id: 'architecture-changed',
    what: 'architecture',
    why: 'a new architecture behaves differently, so consumers should re-validate',
  },
] as const;

/** Leaf-by-leaf differences of two hyper-parameter maps, as dotted paths. */
function paramDiff(old: unknown, neu: unknown, pointer: string, out: { pointer: string; old: unknown; new: unknown }[]): void {
  if (jsonEqual(old, neu)) return;
  if (isObject(old) && isObject(neu)) {
    for (const k of [...new Set([...Object.keys(old), ...Object.keys(neu)])].sort()) {
      paramDiff(old[k], neu[k], joinPointer(pointer, k), out);
    }
    return;
  }
  out.push({ pointer, old, new: neu });
}

function dotted(pointer: string, base: string): string {
  return pointer
    .slice(base.length + 1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The lineage analyser: training data and architecture (MINOR), hyper-parameters and preprocessing (PATCH). */
export function analyseLineage(base: Contract, head: Contract, baseFacts: ContractFacts, headFacts: ContractFacts): Finding[] {
  const findings: Finding[] = [];
  const bl = base.lineage ?? {};
  const hl = head.lineage ?? {};
  for (const o of OPAQUE) {
    if (bl[o.key] === hl[o.key]) continue;
    findings.push({
      id: o.id,
      bump: 'minor',
      area: 'lineage',
      pointer: `/lineage/${o.key}`,
      ...(bl[o.key] !== undefined ? { old: bl[o.key] } : {}),
      ...(hl[o.key] !== undefined ? { new: hl[o.key] } : {}),
      message: `The ${o.what} changed (${brief(bl[o.key])} → ${brief(hl[o.key])}); ${o.why}.`,
    });
  }
  const params: { pointer: string; old: unknown; new: unknown }[] = [];
  paramDiff(bl.hyperparameters ?? {}, hl.hyperparameters ?? {}, '/lineage/hyperparameters', params);
  for (const p of params) {
    findings.push({
      id: 'hyperparameter-changed',
      bump: 'patch',
      area: 'lineage',
      pointer: p.pointer,
      ...(p.old !== undefined ? { old: p.old } : {}),
      ...(p.new !== undefined ? { new: p.new } : {}),
      message: `Hyper-parameter ${dotted(p.pointer, '/lineage/hyperparameters')}: ${brief(p.old)} → ${brief(p.new)}; tuning needs a patch release.`,
    });
  }
  const files = [...new Set([...Object.keys(baseFacts.preprocessing), ...Object.keys(headFacts.preprocessing)])].sort();
  for (const f of files) {
    const o = baseFacts.preprocessing[f];
    const n = headFacts.preprocessing[f];
    if (o === n) continue;
    const verb = o === undefined ? 'added' : n === undefined ? 'removed' : 'changed';
    findings.push({
      id: 'preprocessing-changed',
      bump: 'patch',
      area: 'lineage',
      pointer: '/lineage/preprocessing',
      ...(o !== undefined ? { old: o } : {}),
      ...(n !== undefined ? { new: n } : {}),
      message: `Preprocessing file ${f} ${verb}; a change to preprocessing code needs a patch release.`,
    });
  }
  return findings;
}
