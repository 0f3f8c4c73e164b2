/**
 * A fixed-memory distribution of numbers: a log-bucketed histogram in the manner of DDSketch
 * (Masson, Rim & Lee, VLDB 2019). Every finite value lands in the bucket
 * `ceil(log_γ |x|)` of its sign, with γ = (1 + α) / (1 − α) and α = 1 %, so any quantile read back
 * is within 1 % (relative) of a true value of the data. Memory depends on the spread of
 * magnitudes, never on the number of values: at most a few thousand buckets for values between
 * 1e-9 and 1e9, and a hard bound from the range of doubles. NaN, +Infinity and −Infinity are
 * counted apart. Sketches merge by adding counts, so parts of a dataset can be summarised apart.
 */

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const INV_LN_GAMMA = 1 / Math.log(GAMMA);
/** Magnitudes below this count as zero. */
const MIN_MAGNITUDE = 1e-300;

/** Dense counts over a window of bucket indexes that grows as needed. */
class Store {
  counts = new Float64Array(0);
  offset = 0; // bucket index of counts[0]
  total = 0;

  add(index: number, n = 1): void {
    let j = index - this.offset;
    if (j < 0 || j >= this.counts.length) {
      this.grow(index);
      j = index - this.offset;
    }
    this.counts[j]! += n;
    this.total += n;
  }

  private grow(index: number): void {
    const old = this.counts;
    if (old.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = index - 32;
      return;
    }
    const lo = Math.min(index, this.offset);
    const hi = Math.max(index, this.offset + old.length - 1);
    const span = hi - lo + 1;
    const size = Math.max(span + 32, old.length * 2);
    const offset = lo - ((size - span) >> 1);
    const next = new Float64Array(size);
    next.set(old, this.offset - offset);
    this.counts = next;
    this.offset = offset;
  }

  /** Occupied [index, count] pairs in ascending index order. */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (let j = 0; j < this.counts.length; j++) if (this.counts[j]! > 0) out.push([this.offset + j, this.counts[j]!]);
    return out;
  }

  state(): { offset: number; counts: number[] } {
    let a = 0;
    let b = this.counts.length;
    while (a < b && this.counts[a] === 0) a++;
    while (b > a && this.counts[b - 1] === 0) b--;
    return { offset: this.offset + a, counts: Array.from(this.counts.subarray(a, b)) };
  }

  merge(s: { offset: number; counts: number[] }): void {
    for (let j = 0; j < s.counts.length; j++) if (s.counts[j]! > 0) this.add(s.offset + j, s.counts[j]);
  }
}

export interface SketchState {
  pos: { offset: number; counts: number[] };
  neg: { offset: number; counts: number[] };
  zero: number;
  nan: number;
  posInf: number;
  negInf: number;
  min: number | null;
  max: number | null;
}

/** One bucket in value order: `key` orders and identifies it across sketches. */
export interface Bucket {
  key: number;
  value: number;
  count: number;
}

export class Sketch {
  private pos = new Store();
  private neg = new Store();
  zero = 0;
  nan = 0;
  posInf = 0;
  negInf = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    if (x > MIN_MAGNITUDE) {
      if (x === Infinity) {
        this.posInf++;
        return;
      }
      this.pos.add(Math.ceil(Math.log(x) * INV_LN_GAMMA));
    } else if (x < -MIN_MAGNITUDE) {
      if (x === -Infinity) {
        this.negInf++;
        return;
      }
      this.neg.add(Math.ceil(Math.log(-x) * INV_LN_GAMMA));
    } else if (x === x) {
      this.zero++;
    } else {
      this.nan++;
      return;
    }
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Finite values counted. */
  get count(): number {
    return this.pos.total + this.neg.total + this.zero;
  }

  /** Non-finite values counted. */
  get nonFinite(): number {
    return this.nan + this.posInf + this.negInf;
  }

  /** Finite buckets in ascending value order; `key` orders buckets the same way in every sketch. */
  buckets(): Bucket[] {
    const out: Bucket[] = [];
    const neg = this.neg.entries();
    for (let k = neg.length - 1; k >= 0; k--) {
      const [i, c] = neg[k]!;
      out.push({ key: -1e7 - i, value: -representative(i), count: c });
    }
    if (this.zero > 0) out.push({ key: 0, value: 0, count: this.zero });
    for (const [i, c] of this.pos.entries()) out.push({ key: 1e7 + i, value: representative(i), count: c });
    return out;
  }

  /** The q-quantile (0 ≤ q ≤ 1) of the finite values, within the relative accuracy (0 and 1: the exact minimum and maximum); null when there are none. */
  quantile(q: number): number | null {
    const n = this.count;
    if (n === 0) return null;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = q * (n - 1);
    let seen = 0;
    for (const b of this.buckets()) {
      seen += b.count;
      if (seen > rank) return Math.min(this.max, Math.max(this.min, b.value));
    }
    return this.max;
  }

  state(): SketchState {
    return {
      pos: this.pos.state(),
      neg: this.neg.state(),
      zero: this.zero,
      nan: this.nan,
      posInf: this.posInf,
      negInf: this.negInf,
      min: this.count > 0 ? this.min : null,
      max: this.count > 0 ? this.max : null,
    };
  }

  merge(s: SketchState): void {
    this.pos.merge(s.pos);
    this.neg.merge(s.neg);
    this.zero += s.zero;
    this.nan += s.nan;
    this.posInf += s.posInf;
    this.negInf += s.negInf;
    if (s.min !== null && s.min < this.min) this.min = s.min;
    if (s.max !== null && s.max > this.max) this.max = s.max;
  }
}

/** The value a bucket stands for: within the relative accuracy of everything in it. */
function representative(i: number): number {
  return (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);
}

/** Counts of values in shared, equal-width bins: what a report draws. */
export interface Histogram {
  /** bins + 1 edges, ascending. */
  edges: number[];
  old: number[];
  new: number[];
  /** NaN and ±Infinity, which no bin holds. */
  nonFinite: { old: number; new: number };
  /**
   * `base-quantiles`: bins cut at the base's deciles, plus one bin each for head values below and
   * above the base's range when there are any (absent: equal-width bins).
   */
  binning?: 'base-quantiles';
}

/**
 * Equal-width bins over the finite range of both sketches, the same for both. Each sketch bucket
 * is counted in the bin of its representative value, so counts near a bin edge may land one bin
 * over (within the sketch's 1 % accuracy).
 */
export function histogram(a: Sketch, b: Sketch, bins = 10): Histogram | undefined {
  const lo = Math.min(a.min, b.min);
  const hi = Math.max(a.max, b.max);
  const nonFinite = { old: a.nonFinite, new: b.nonFinite };
  if (!(lo <= hi)) return a.nonFinite + b.nonFinite > 0 ? { edges: [], old: [], new: [], nonFinite } : undefined;
  if (lo === hi) return { edges: [lo, hi], old: [a.count], new: [b.count], nonFinite };
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const fill = (s: Sketch): number[] => {
    const counts = new Array<number>(bins).fill(0);
    for (const bucket of s.buckets()) {
      const v = Math.min(hi, Math.max(lo, bucket.value));
      const i = Math.min(bins - 1, Math.floor((v - lo) / width));
      counts[i]! += bucket.count;
    }
    return counts;
  };
  return { edges, old: fill(a), new: fill(b), nonFinite };
}

/** Proportions below this are raised to it, so that an empty bin does not make PSI infinite. */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index of `actual` (head) against `expected` (base):
 * Σ (a − e) · ln(a / e) over bins cut at the base's quantiles (i / bins), plus one bin each for
 * NaN, +Infinity, −Infinity and `other` (values that are not numbers), when either side has any.
 * Bin edges fall on sketch bucket edges, so every value is binned exactly; when many base values
 * are equal, quantile bins merge and fewer bins result.
 */
export function psi(expected: Sketch, actual: Sketch, bins: number, other: { old: number; new: number }): { psi: number; bins: number } {
  const eb = expected.buckets();
  const ab = actual.buckets();
  const eTotal = expected.count;
  // Cut the base's bucket sequence into quantile groups.
  const groupOf = new Map<number, number>();
  let before = 0;
  for (const b of eb) {
    groupOf.set(b.key, eTotal > 0 ? Math.min(bins - 1, Math.floor((before * bins) / eTotal)) : 0);
    before += b.count;
  }
  const eGroups = new Array<number>(bins).fill(0);
  const aGroups = new Array<number>(bins).fill(0);
  for (const b of eb) eGroups[groupOf.get(b.key)!]! += b.count;
  // A head bucket the base does not have belongs to the group of the nearest base bucket below it.
  let k = 0;
  let group = 0;
  for (const b of ab) {
    while (k < eb.length && eb[k]!.key <= b.key) {
      group = groupOf.get(eb[k]!.key)!;
      k++;
    }
    aGroups[group]! += b.count;
  }
  const e = [...eGroups, expected.nan, expected.posInf, expected.negInf, other.old];
  const a = [...aGroups, actual.nan, actual.posInf, actual.negInf, other.new];
  const eAll = e.reduce((s, x) => s + x, 0);
  const aAll = a.reduce((s, x) => s + x, 0);
  if (eAll === 0 || aAll === 0) return { psi: eAll === aAll ? 0 : Infinity, bins: 0 };
  let total = 0;
  let used = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === 0 && a[i] === 0) continue;
    used++;
    const pe = Math.max(PSI_EPSILON, e[i]! / eAll);
    const pa = Math.max(PSI_EPSILON, a[i]! / aAll);
    total += (pa - pe) * Math.log(pa / pe);
  }
  return { psi: total, bins: used };
}

/**
 * Both sides counted in bins cut at the base's quantiles (i / bins), the way PSI bins them: the
 * base is about flat across them, so where the head's counts differ is where it moved, even on a
 * skewed score that equal-width bins would squeeze into one or two bars. Head values outside the
 * base's range get a bin of their own on each side. Edges are sketch bucket values (±1 %), the
 * outer ones the exact minimum and maximum. Undefined when the base has no finite value.
 */
export function quantileHistogram(base: Sketch, head: Sketch, bins = 10): Histogram | undefined {
  const eb = base.buckets();
  if (eb.length === 0) return undefined;
  const total = base.count;
  const starts: number[] = []; // first bucket key of each bin
  const lows: number[] = [];
  const old: number[] = [];
  let before = 0;
  let group = -1;
  for (const b of eb) {
    const g = Math.min(bins - 1, Math.floor((before * bins) / total));
    const low = Math.min(base.max, Math.max(base.min, b.value));
    // A bucket whose value rounds onto the previous edge or the maximum stays in the bin before: no empty-width bins.
    if (old.length === 0 || (g !== group && low > lows[lows.length - 1]! && low < base.max)) {
      group = g;
      starts.push(b.key);
      lows.push(old.length === 0 ? base.min : low);
      old.push(0);
    }
    old[old.length - 1]! += b.count;
    before += b.count;
  }
  const neu = new Array<number>(old.length).fill(0);
  let below = 0;
  let above = 0;
  const lastKey = eb[eb.length - 1]!.key;
  for (const b of head.buckets()) {
    if (b.key < starts[0]!) below += b.count;
    else if (b.key > lastKey) above += b.count;
    else {
      // The last bin whose first key is at or below this bucket's.
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= b.key) lo = mid;
        else hi = mid - 1;
      }
      neu[lo]! += b.count;
    }
  }
  const edges = [...lows, base.max];
  const h: Histogram = { edges, old, new: neu, nonFinite: { old: base.nonFinite, new: head.nonFinite }, binning: 'base-quantiles' };
  if (below > 0) {
    h.edges.unshift(Math.min(head.min, base.min));
    h.old.unshift(0);
    h.new.unshift(below);
  }
  if (above > 0) {
    h.edges.push(Math.max(head.max, base.max));
    h.old.push(0);
    h.new.push(above);
  }
  return h;
}
