/**
 * Generated JSON trees for property-based tests of the structural helpers (core/json.ts,
 * core/same-tree.ts): few distinct keys and leaves, so that equal and near-equal trees are common.
 */
import fc from 'fast-check';

/** Trees of at most four entries per container, over the given keys and leaves. */
export function jsonTrees(key: fc.Arbitrary<string>, leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    ),
  })).tree;
}

/** The same value with every object's keys in another order (fresh objects: nothing memoised). */
export function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse()) out[k] = reordered((v as Record<string, unknown>)[k]);
  return out;
}
