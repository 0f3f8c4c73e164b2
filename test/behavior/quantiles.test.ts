import { describe, expect, it } from 'vitest';
import { histogram, quantileHistogram, Sketch } from '../../src/analysers/behavior/sketch.js';

/** A skewed score (most mass near 0) and the same score with half its rows moved up by 0.02. */
function skewed(): { base: Sketch; head: Sketch } {
  const base = new Sketch();
  const head = new Sketch();
  for (let i = 0; i < 1000; i++) {
    const x = Math.pow(i / 1000, 4); // heavy near 0
    base.add(x);
    head.add(i % 2 ? x + 0.02 : x);
  }
  return { base, head };
}

describe('histograms on quantile bins of the base', () => {
  it('keep the base about flat and show where the head moved, which equal-width bins hide', () => {
    const { base, head } = skewed();
    const q = quantileHistogram(base, head)!;
    expect(q.binning).toBe('base-quantiles');
    expect(q.edges).toHaveLength(q.old.length + 1);
    for (let i = 1; i < q.edges.length; i++) expect(q.edges[i]!).toBeGreaterThan(q.edges[i - 1]!);
    expect(q.old.reduce((a, b) => a + b)).toBe(1000);
    expect(q.new.reduce((a, b) => a + b)).toBe(1000);
    // Every bin of the base holds about a tenth of it (the last bin is the head values above its range).
    expect(q.old[q.old.length - 1]).toBe(0);
    for (const c of q.old.slice(0, -1)) expect(c).toBeGreaterThan(50);
    // The head's mass shifts out of the lowest decile.
    const shift = q.old.map((o, i) => Math.abs(o - q.new[i]!)).reduce((a, b) => a + b);
    expect(q.new[0]!).toBeLessThan(q.old[0]! * 0.7);
    // Equal-width bins show much less of it.
    const e = histogram(base, head)!;
    const eshift = e.old.map((o, i) => Math.abs(o - e.new[i]!)).reduce((a, b) => a + b);
    expect(shift).toBeGreaterThan(eshift * 2);
  });

  it('counts head values outside the base range in bins of their own', () => {
    const base = new Sketch();
    const head = new Sketch();
    for (let i = 0; i < 100; i++) {
      base.add(1 + i / 100);
      head.add(i < 10 ? 0.5 : i > 89 ? 5 : 1 + i / 100);
    }
    const q = quantileHistogram(base, head)!;
    expect(q.old[0]).toBe(0);
    expect(q.new[0]).toBe(10);
    expect(q.old[q.old.length - 1]).toBe(0);
    expect(q.new[q.new.length - 1]).toBe(10);
    expect(q.edges[0]).toBe(0.5);
    expect(q.edges[q.edges.length - 1]).toBe(5);
  });

  it('is undefined when the base has no finite value', () => {
    const head = new Sketch();
    head.add(1);
    expect(quantileHistogram(new Sketch(), head)).toBeUndefined();
  });
});
