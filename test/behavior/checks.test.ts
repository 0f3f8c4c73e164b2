import { describe, expect, it } from 'vitest';
import { Comparator } from '../../src/analysers/behavior/comparator.js';
import { compileTolerances } from '../../src/analysers/behavior/tolerances.js';
import type { Tolerance } from '../../src/contract/types.js';

/** Compare pairs of predictions in memory under the tolerances; the reports. */
function compare(tolerances: Tolerance[], pairs: [unknown, unknown][]) {
  const c = new Comparator(compileTolerances(tolerances, 'c.yaml'));
  pairs.forEach(([a, b], i) => c.add(a, b, i + 1, i + 1, undefined));
  return c.reports();
}

describe('top-k overlap', () => {
  const overlap = (k: number, a: unknown[], b: unknown[]) =>
    compare([{ field: '/l', topk_overlap: { k, min: 0 } }], [[{ l: a }, { l: b }]])[0]!.numbers.meanOverlap;

  it('counts the shared items of the first k, over the larger top-k', () => {
    expect(overlap(3, [1, 2, 3, 4], [3, 2, 1, 9])).toBe(1);
    expect(overlap(3, [1, 2, 3], [1, 2, 4])).toBeCloseTo(2 / 3, 12);
    expect(overlap(2, ['a', 'b', 'c'], ['c', 'a'])).toBe(0.5);
    expect(overlap(10, [1, 2], [1, 2])).toBe(1); // shorter lists than k
    expect(overlap(10, [1, 2], [1, 2, 3, 4])).toBe(0.5);
    expect(overlap(5, [], [])).toBe(1);
    expect(overlap(5, [1], [])).toBe(0);
  });

  it('counts repeated items once, matches NaN with NaN and objects by value', () => {
    expect(overlap(4, [1, 1, 2, 2], [1, 2, 3, 4])).toBe(0.5);
    expect(overlap(2, [NaN, 1], [1, NaN])).toBe(1);
    expect(overlap(2, [{ id: 1 }, { id: 2 }], [{ id: 2 }, { id: 3 }])).toBe(0.5);
    expect(overlap(2, [1, 2], [1, '2'])).toBe(0.5);
  });

  it('uses a set for large k, with the same answers', () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    const b = Array.from({ length: 200 }, (_, i) => (i < 150 ? i : 1000 + i));
    expect(overlap(100, a, b)).toBe(1);
    expect(overlap(200, a, b)).toBe(0.75);
    expect(overlap(200, [...a, ...a], b)).toBe(0.75);
  });

  it('reads the list a `*` pointer expands to', () => {
    const r = compare(
      [{ field: '/items/*/id', topk_overlap: { k: 2, min: 0.9 } }],
      [[{ items: [{ id: 1 }, { id: 2 }] }, { items: [{ id: 2 }, { id: 3 }] }]],
    )[0]!;
    expect(r.numbers.meanOverlap).toBe(0.5);
    expect(r.pass).toBe(false);
  });
});

describe('exact equality of fields without a tolerance', () => {
  it('leaves out the parts tolerances cover, and holds the rest', () => {
    const tol: Tolerance[] = [{ field: '/meta/score', abs: 1 }];
    const reports = compare(tol, [
      [
        { meta: { score: 0.1, version: 'a' }, id: 1 },
        { meta: { score: 0.2, version: 'a' }, id: 1 },
      ],
      [
        { meta: { score: 0.1, version: 'a' }, id: 2 },
        { meta: { score: 0.1, version: 'b' }, id: 2, extra: true },
      ],
    ]);
    expect(reports.map((r) => `${r.field}:${r.kind}:${r.changed}`)).toEqual([
      '/meta/score:abs_rel:1',
      '/extra:exact:1',
      '/id:exact:0',
      '/meta:exact:1',
    ]);
    const meta = reports.find((r) => r.field === '/meta')!;
    expect(meta.worst[0]).toMatchObject({ line: 2, old: { score: 0.1, version: 'a' }, new: { score: 0.1, version: 'b' } });
  });

  it('a whole prediction that is not an object is one field', () => {
    const reports = compare(
      [],
      [
        [
          [1, 2],
          [1, 2],
        ],
        [[1, 2], [{ id: 1 }]],
      ],
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ field: '', kind: 'exact', changed: 1, pass: false });
  });

  it('a tolerance on every element leaves array length changes to that tolerance', () => {
    const reports = compare([{ field: '/p/*', abs: 0.1 }], [[{ p: [0.1, 0.2] }, { p: [0.1, 0.2, 0.3] }]]);
    expect(reports.map((r) => r.field)).toEqual(['/p/*']);
    expect(reports[0]!.numbers.shapeChanged).toBe(1);
  });
});

describe('psi and abs/rel on one field', () => {
  it('share their value sketches and give the same numbers as apart', () => {
    const pairs: [unknown, unknown][] = Array.from({ length: 500 }, (_, i) => [{ s: (i % 50) / 50 }, { s: ((i * 7) % 50) / 40 }]);
    const apart = compare([{ field: '/s', psi: { max: 1, bins: 5 } }], pairs)[0]!;
    const together = compare([{ field: '/s', abs: 0.1, psi: { max: 1, bins: 5 } }], pairs);
    expect(together[1]!.numbers.psi).toBe(apart.numbers.psi);
    expect(together[1]!.histogram).toEqual(apart.histogram);
  });
});
