import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src/core/json.js';
import { resetSameTreeBudget, sameTree } from '../../src/core/same-tree.js';
import { diffSchemas, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { jsonTrees, reordered } from '../helpers/json-trees.js';

const key = fc.constantFrom('a', 'b', '$ref', '$dynamicRef', '$recursiveRef', 'type', '');
const leaf = fc.oneof(fc.constantFrom('a', 'b', 'string', ''), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null));
const tree = jsonTrees(key, leaf);

function holdsReferenceKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(holdsReferenceKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef' || holdsReferenceKey(x));
}

describe('sameTree: equal JSON with no reference keyword inside', () => {
  it('agrees with deep equality and the reference check, for any two trees and any key order', () => {
    resetSameTreeBudget();
    fc.assert(
      fc.property(tree, tree, fc.boolean(), (a, b, copy) => {
        const other = copy ? reordered(a) : b;
        const expected = jsonEqual(a, other) && !holdsReferenceKey(a);
        expect(sameTree(a, other)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers "not told" once its budget is spent, and tells a difference it meets first', () => {
    const big = { a: Array.from({ length: 100 }, (_, i) => ({ i })), b: 1 };
    resetSameTreeBudget(10);
    expect(sameTree(big, reordered(big))).toBeUndefined();
    resetSameTreeBudget(10);
    expect(sameTree({ b: 1, a: 1 }, { b: 2, a: 1 })).toBe(false);
    resetSameTreeBudget();
    expect(sameTree(big, reordered(big))).toBe(true);
  });

  it('is not told past 400 levels of nesting (the fingerprints answer there)', () => {
    let a: unknown = 1;
    for (let i = 0; i < 450; i++) a = { a };
    resetSameTreeBudget();
    expect(sameTree(a, reordered(a))).toBeUndefined();
  });
});

/** Schemas where equal and changed sub-schemas sit side by side at several depths. */
const schemaLeaf = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: 'string', maxLength: 8 }),
  fc.constant({ type: 'integer', minimum: 0 }),
  fc.constant({ type: 'integer', minimum: 1 }),
  fc.constant({ enum: ['a', 'b'] }),
);
const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    schemaLeaf,
    fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.constantFrom('p', 'q', 'r'), tie('schema'), { maxKeys: 3 }) }),
    fc.record({ type: fc.constant('array'), items: tie('schema') }),
  ),
}));

describe('the analyser answers the same whether sub-trees are compared directly or by fingerprints', () => {
  it('holds for generated pairs in both directions (a budget of 0 leaves every question to the fingerprints)', () => {
    fc.assert(
      fc.property(schema, schema, fc.constantFrom('input', 'output'), (a, b, direction) => {
        const direct = diffSchemas(singleSchemaSet(a), singleSchemaSet(b), direction, DEFAULT_POLICY, { witnesses: false });
        const hashed = diffSchemas(singleSchemaSet(reordered(a)), singleSchemaSet(reordered(b)), direction, DEFAULT_POLICY, {
          witnesses: false,
          sameTreeSteps: 0,
        });
        const facts = (fs: typeof direct) => fs.map((f) => `${f.id} ${f.bump} ${f.pointer}`).sort();
        expect(facts(hashed)).toEqual(facts(direct));
      }),
      { numRuns: 300 },
    );
  });
});
