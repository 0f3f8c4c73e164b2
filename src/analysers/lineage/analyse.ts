import type { Finding } from '../../core/finding.js';
import { brief, has, isObject, jsonEqual } from '../../core/json.js';
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

/**
 * Leaf-by-leaf differences of two hyper-parameter maps, as dotted paths. Only own keys are read:
 * a parameter named `constructor` or `toString` is a parameter, not a member of Object.prototype.
 */
function paramDiff(old: unknown, neu: unknown, pointer: string, out: { pointer: string; old: unknown; new: unknown }[]): void {
  if (jsonEqual(old, neu)) return;
  if (isObject(old) && isObject(neu)) {
    for (const k of [...new Set([...Object.keys(old), ...Object.keys(neu)])].sort()) {
      paramDiff(has(old, k) ? old[k] : undefined, has(neu, k) ? neu[k] : undefined, joinPointer(pointer, k), out);
    }
    return;
  }
  out.push({ pointer, old, new: neu });
}

/** Characters that would break a message's line or reorder it on screen: shown as `\uXXXX`. */
// JSON.stringify escapes C0 controls only; C1 controls, line/paragraph separators and bidi marks pass through it.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value on one line: JSON, with every character that could break the line escaped. */
function shown(value: unknown): string {
  return escapeUnsafe(brief(value));
}

/** A name (a file, a parameter path) as is when it is plain, JSON-quoted and escaped when it holds spaces or controls. */
function named(name: string): string {
  return /^[^\s"\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+$/.test(name)
    ? name
    : escapeUnsafe(JSON.stringify(name));
}

function dotted(pointer: string, base: string): string {
  return named(
    pointer
      .slice(base.length + 1)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.'),
  );
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
      message: `The ${o.what} changed (${shown(bl[o.key])} → ${shown(hl[o.key])}); ${o.why}.`,
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
      message: `Hyper-parameter ${dotted(p.pointer, '/lineage/hyperparameters')}: ${shown(p.old)} → ${shown(p.new)}; tuning needs a patch release.`,
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
      message: `Preprocessing file ${named(f)} ${verb}; a change to preprocessing code needs a patch release.`,
    });
  }
  return findings;
}
