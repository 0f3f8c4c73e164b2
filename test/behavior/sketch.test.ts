import { describe, expect, it } from 'vitest';
import { histogram, psi, RELATIVE_ACCURACY, Sketch } from '../../src/analysers/behavior/sketch.js';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('the fixed-memory sketch', () => {
  it('answers quantiles within its relative accuracy, over many magnitudes and both signs', () => {
    const r = rng(7);
    const values = Array.from({ length: 100_000 }, () => (r() < 0.3 ? -1 : 1) * Math.exp((r() - 0.5) * 20));
    const s = new Sketch();
    for (const v of values) s.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1]) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(s.quantile(q)! - exact)).toBeLessThanOrEqual(Math.abs(exact) * RELATIVE_ACCURACY * 1.0001);
    }
    expect(s.count).toBe(100_000);
  });

  it('keeps NaN and ±Infinity apart, zero as zero, and merges to the same state', () => {
    const a = new Sketch();
    const b = new Sketch();
    const all = new Sketch();
    const values = [0, -0, NaN, Infinity, -Infinity, 1e-320, 3.5, -2, 1e300];
    values.forEach((v, i) => ((i % 2 ? a : b).add(v), all.add(v)));
    a.merge(b.state());
    expect(a.state()).toEqual(all.state());
    expect(all).toMatchObject({ nan: 1, posInf: 1, negInf: 1, zero: 3 });
    expect(all.quantile(0)).toBe(-2);
    expect(all.quantile(1)).toBe(1e300);
    expect(new Sketch().quantile(0.5)).toBeNull();
  });

  it('memory depends on the spread of magnitudes, not on the count', () => {
    const s = new Sketch();
    const r = rng(1);
    for (let i = 0; i < 1_000_000; i++) s.add(r());
    const st = s.state();
    expect(st.pos.counts.length).toBeLessThan(2000);
  });

  it('computes PSI close to the exact decile computation', () => {
    const r = rng(3);
    const baseValues = Array.from({ length: 20_000 }, () => r());
    const headValues = Array.from({ length: 20_000 }, () => r() ** 1.5);
    const base = new Sketch();
    const head = new Sketch();
    baseValues.forEach((v) => base.add(v));
    headValues.forEach((v) => head.add(v));
    // Exact: bins cut at the base's deciles.
    const sorted = [...baseValues].sort((a, b) => a - b);
    const cuts = Array.from({ length: 9 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / 10)]!);
    const bin = (v: number) => cuts.filter((c) => v >= c).length;
    const e = new Array(10).fill(0);
    const a = new Array(10).fill(0);
    baseValues.forEach((v) => e[bin(v)]++);
    headValues.forEach((v) => a[bin(v)]++);
    const exact = e.reduce((sum, _, i) => {
      const pe = Math.max(1e-4, e[i] / baseValues.length);
      const pa = Math.max(1e-4, a[i] / headValues.length);
      return sum + (pa - pe) * Math.log(pa / pe);
    }, 0);
    const got = psi(base, head, 10, { old: 0, new: 0 });
    expect(got.bins).toBe(10);
    expect(Math.abs(got.psi - exact)).toBeLessThan(exact * 0.05);
    expect(psi(base, base, 10, { old: 0, new: 0 }).psi).toBe(0);
  });

  it('counts non-numbers and non-finite values as categories of their own in PSI', () => {
    const base = new Sketch();
    const head = new Sketch();
    for (let i = 0; i < 100; i++) {
      base.add(i);
      head.add(i < 90 ? i : NaN);
    }
    const withNaN = psi(base, head, 10, { old: 0, new: 0 });
    expect(withNaN.psi).toBeGreaterThan(0.25);
    const withOther = psi(base, base, 10, { old: 0, new: 50 });
    expect(withOther.psi).toBeGreaterThan(0.25);
  });

  it('draws both sides in the same equal-width bins', () => {
    const a = new Sketch();
    const b = new Sketch();
    for (let i = 0; i < 100; i++) {
      a.add(i / 100);
      b.add(0.5 + i / 200);
    }
    b.add(NaN);
    const h = histogram(a, b, 10)!;
    expect(h.edges[0]).toBe(0);
    expect(h.edges[10]).toBeCloseTo(0.995, 9);
    expect(h.old.reduce((x, y) => x + y)).toBe(100);
    expect(h.new.reduce((x, y) => x + y)).toBe(100);
    expect(h.new.slice(0, 5).reduce((x, y) => x + y)).toBeLessThanOrEqual(1);
    expect(h.nonFinite).toEqual({ old: 0, new: 1 });
  });
});
