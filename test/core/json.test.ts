import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brief, holdsReference, jsonEqual, structuralHash } from '../../src/core/json.js';
import { jsonTrees, reordered } from '../helpers/json-trees.js';

/** Keys and leaves that look like the fingerprint's own separators. */
const key = fc.constantFrom('a', 'b', '$ref', 'c"', '1:a', 'x=Hy;', '');
const leaf = fc.oneof(
  fc.constantFrom('a', 'b', '1:a', 's1:a', 'A1;', '#', 'r', ''),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
);
const tree = jsonTrees(key, leaf);

function naiveHoldsReference(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(naiveHoldsReference);
  if (v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => ((k === '$ref' || k === '$dynamicRef') && typeof x === 'string') || naiveHoldsReference(x));
}

/** A chain `{a: {a: … {a: leaf}}}` deeper than the recursion reaches. */
function chain(depth: number, end: unknown): unknown {
  let v: unknown = end;
  for (let i = 0; i < depth; i++) v = { a: v, n: i % 3 };
  return v;
}

describe('structural fingerprints', () => {
  it('two values get the same fingerprint exactly when they are equal JSON', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        expect(structuralHash(a) === structuralHash(b)).toBe(jsonEqual(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores key order, and answers the same before and after memoising', () => {
    fc.assert(
      fc.property(tree, (a) => {
        const first = structuralHash(reordered(a));
        expect(structuralHash(a)).toBe(first);
        expect(structuralHash(a)).toBe(first);
      }),
    );
  });

  it('says whether a $ref is inside, as a walk of the value would', () => {
    fc.assert(
      fc.property(tree, (a) => {
        expect(holdsReference(a)).toBe(naiveHoldsReference(a));
      }),
    );
  });

  it('values that differ only by what a separator could fake differ', () => {
    // A key or string holding the canonical text's own punctuation cannot pose as structure.
    expect(structuralHash({ 'a=s1:b;c': 1, d: 2 })).not.toBe(structuralHash({ a: 'b', 'c=number:1;d': 2 }));
    expect(structuralHash(['b;=s:c', 'd'])).not.toBe(structuralHash(['b', 'c;=s:d']));
    expect(structuralHash(['s1:a'])).not.toBe(structuralHash(['a']));
    expect(structuralHash({ a: '1' })).not.toBe(structuralHash({ a: 1 }));
    expect(structuralHash({ a: null })).not.toBe(structuralHash({ a: 'null' }));
  });

  it('long texts are digested; trees deeper than the recursion are hashed by the iterative walk', () => {
    const long = { text: 'x'.repeat(200) };
    expect(structuralHash(long)).toMatch(/^#[A-Za-z0-9_-]{22}$/);
    const deep = chain(20_000, 'end');
    const same = chain(20_000, 'end');
    const other = chain(20_000, 'End');
    expect(structuralHash(deep)).toBe(structuralHash(same));
    expect(structuralHash(deep)).not.toBe(structuralHash(other));
    expect(holdsReference(chain(20_000, { $ref: '#/x' }))).toBe(true);
    expect(holdsReference(deep)).toBe(false);
    // Asked again below the top (a sub-tree memoised or not), the answer is the same.
    let inner: unknown = deep;
    for (let i = 0; i < 10_000; i++) inner = (inner as { a: unknown }).a;
    expect(structuralHash(inner)).toBe(structuralHash(chain(10_000, 'end')));
  });
});

describe('brief', () => {
  /** The rendering of the whole value, cut to `max` characters: what brief shows, however it gets there. */
  const naive = (v: unknown, max: number) => {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > max ? text.slice(0, max - 1) + '…' : text;
  };
  it('shows the beginning of the whole rendering, also for lists and objects of more than `max` entries', () => {
    const wide = fc.oneof(fc.array(tree, { maxLength: 40 }), fc.dictionary(fc.string({ maxLength: 3 }), tree, { maxKeys: 40 }), tree);
    fc.assert(
      fc.property(wide, fc.integer({ min: 1, max: 30 }), (v, max) => {
        expect(brief(v, max)).toBe(naive(v, max));
      }),
      { numRuns: 2000 },
    );
  });
});
