/**
 * "Are these two sub-trees the same?" asked directly, for the analyser's pairs of sub-schemas.
 *
 * Comparing a base schema with its head, almost every pair of sub-schemas the analyser meets is
 * small and equal (the 9,999 unchanged properties of a 10,000-property object), or differs near
 * its top. A direct comparison answers both in a few steps, where fingerprinting both documents
 * (json.ts `structuralHash`) costs a canonical text and a digest for every node of both. The
 * direct comparison is not memoised, so a crafted schema (a deep chain with large equal siblings
 * at every level) could make repeated comparisons quadratic: a budget of steps per analysis
 * bounds that, and past it the answer is "not told" and callers use the fingerprints, which are
 * linear over any number of questions.
 *
 * "Same" here is strict: equal JSON (key order aside) and no reference keyword anywhere inside,
 * since the same `$ref` text can point at different definitions in two documents.
 */
import { has, holdsReference, structuralHash } from './json.js';

/** Steps (values compared) one analysis may spend on direct comparisons before they are not told. */
export const SAME_TREE_STEPS = 2_000_000;

/** Nesting a direct comparison follows (it recurses); deeper pairs are not told. */
const MAX_DEPTH = 400;

let steps = SAME_TREE_STEPS;

/** A fresh budget, at the start of one analysis. */
export function resetSameTreeBudget(budget = SAME_TREE_STEPS): void {
  steps = budget;
}

const DIFFERENT = 0;
const SAME = 1;
const NOT_TOLD = 2;
type Answer = typeof DIFFERENT | typeof SAME | typeof NOT_TOLD;

function isReferenceKey(k: string): boolean {
  return k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef';
}

/**
 * True when `a` and `b` are equal JSON values with no reference keyword inside; false when they
 * differ or either holds one; undefined when the budget or the nesting limit ran out first.
 */
export function sameTree(a: unknown, b: unknown): boolean | undefined {
  const containers = a !== null && typeof a === 'object' && b !== null && typeof b === 'object';
  if (containers && (found.get(a) === b || found.get(b) === a)) return true;
  const r = compare(a, b, 0);
  if (r === SAME && containers) found.set(a, b);
  return r === NOT_TOLD ? undefined : r === SAME;
}

/**
 * Pairs asked about and found the same, by either's object: the analyser's walk, the semantic
 * decision and its equality check ask about the same 10,000 unchanged properties in turn.
 * (Documents are not changed once read, so an answer stays true.)
 */
const found = new WeakMap<object, object>();

function compare(a: unknown, b: unknown, depth: number): Answer {
  if (--steps < 0) return NOT_TOLD;
  const ac = a !== null && typeof a === 'object';
  const bc = b !== null && typeof b === 'object';
  if (!ac || !bc) return !ac && !bc && a === b ? SAME : DIFFERENT;
  if (depth >= MAX_DEPTH) return NOT_TOLD;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return DIFFERENT;
    let answer: Answer = SAME;
    for (let i = 0; i < a.length; i++) {
      const r = compare(a[i], b[i], depth + 1);
      if (r === DIFFERENT) return DIFFERENT;
      if (r === NOT_TOLD) answer = NOT_TOLD;
    }
    return answer;
  }
  if (Array.isArray(b)) return DIFFERENT;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in y) {
    if (isReferenceKey(k)) return DIFFERENT;
    count++;
  }
  let answer: Answer = SAME;
  for (const k in x) {
    if (--count < 0 || isReferenceKey(k) || !has(y, k)) return DIFFERENT;
    const r = compare(x[k], y[k], depth + 1);
    if (r === DIFFERENT) return DIFFERENT;
    if (r === NOT_TOLD) answer = NOT_TOLD;
  }
  return count === 0 ? answer : DIFFERENT;
}

/**
 * Identical sub-trees cannot differ anywhere below: compared directly while the budget lasts, by
 * fingerprints after. (Never when a `$ref` is inside: the same text can point at different
 * definitions.)
 */
export function unchanged(a: unknown, b: unknown): boolean {
  return sameTree(a, b) ?? (!holdsReference(a) && !holdsReference(b) && structuralHash(a) === structuralHash(b));
}
