/**
 * One accumulator per (field, kind): it sees every row pair once, keeps fixed-size state
 * (counters, sketches, the five worst rows), and can be merged with another accumulator of the
 * same spec that saw other rows. Nothing here grows with the number of rows.
 *
 * Shared rules: values equal under `sameValue` (NaN equals NaN, ±Infinity only itself) never
 * count against a tolerance; a value a check cannot read (the pointer no longer reaches it, a
 * number turned into a string, a list changed length under `*`) counts as a violation and as a
 * shape change.
 */
import { MISSING, reportable, sameValue, type FieldPointer } from './pointer.js';
import { histogram, psi, quantileHistogram, Sketch, type SketchState } from './sketch.js';
import type { CheckSpec } from './tolerances.js';
import type { Key, ShapeExample, ToleranceNumbers, ToleranceReport, WorstRow } from './types.js';

export const WORST_ROWS = 5;

/** The N worst rows by a measure (higher is worse; ties keep the earlier row). */
export class TopRows {
  items: WorstRow[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly n = WORST_ROWS) {}

  /** Would a row with this badness get in? Cheap: call before building the row. */
  wants(badness: number): boolean {
    return this.items.length < this.n || badness > this.scores[this.scores.length - 1]!;
  }

  insert(badness: number, row: WorstRow): void {
    let i = this.items.length;
    while (i > 0 && badness > this.scores[i - 1]!) i--;
    this.items.splice(i, 0, row);
    this.scores.splice(i, 0, badness);
    if (this.items.length > this.n) {
      this.items.pop();
      this.scores.pop();
    }
  }

  state(): { badness: number; row: WorstRow }[] {
    return this.items.map((row, i) => ({ badness: this.scores[i]!, row }));
  }

  merge(s: { badness: number; row: WorstRow }[]): void {
    const all = [...this.state(), ...s].sort((a, b) => b.badness - a.badness || a.row.line - b.row.line || a.row.baseLine - b.row.baseLine);
    this.items = [];
    this.scores.length = 0;
    for (const x of all.slice(0, this.n)) {
      this.items.push(x.row);
      this.scores.push(x.badness);
    }
  }
}

function ref(line: number, baseLine: number, key: Key | undefined): { line: number; baseLine: number; key?: Key } {
  return key === undefined ? { line, baseLine } : { line, baseLine, key };
}

function typeName(v: unknown): string {
  if (v === MISSING) return 'absent';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return 'a number';
  return `a ${typeof v}`;
}

/** Why a pair could not be compared as `want`, in words. */
function shapeReason(field: string, old: unknown, nw: unknown, want: string): string {
  if (nw === MISSING) return `${field} is absent at head`;
  if (old === MISSING) return `${field} was absent at base`;
  return `${field} is ${typeName(nw)} at head (base: ${typeName(old)}), where ${want} is compared`;
}

export interface CheckState {
  rows: number;
  changed: number;
  violations: number;
  shape: number;
  shapeFirst: ShapeExample[];
  worst: { badness: number; row: WorstRow }[];
  extra: Record<string, unknown>;
}

export abstract class Check {
  rows = 0;
  changed = 0;
  violations = 0;
  shape = 0;
  shapeFirst: ShapeExample[] = [];
  readonly top = new TopRows();
  protected readonly ptr: FieldPointer;
  protected readonly bufOld: unknown[] = [];
  protected readonly bufNew: unknown[] = [];

  constructor(readonly spec: CheckSpec) {
    this.ptr = spec.pointer;
  }

  /** Compare one row pair; returns whether the field's value differs at all. */
  abstract add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean;

  protected noteShape(reason: string, line: number, baseLine: number, key: Key | undefined): void {
    this.shape++;
    if (this.shapeFirst.length < WORST_ROWS) this.shapeFirst.push({ ...ref(line, baseLine, key), reason });
  }

  /** The field's values of one prediction: one value, or the list a `*` pointer expands to (null when it cannot). */
  protected values(root: unknown, buf: unknown[]): unknown {
    if (!this.ptr.wildcard) return this.ptr.get(root);
    return this.ptr.expand(root, buf) < 0 ? MISSING : buf;
  }

  state(): CheckState {
    return {
      rows: this.rows,
      changed: this.changed,
      violations: this.violations,
      shape: this.shape,
      shapeFirst: this.shapeFirst,
      worst: this.top.state(),
      extra: this.extraState(),
    };
  }

  merge(s: CheckState): void {
    this.rows += s.rows;
    this.changed += s.changed;
    this.violations += s.violations;
    this.shape += s.shape;
    this.shapeFirst = [...this.shapeFirst, ...s.shapeFirst].sort((a, b) => a.line - b.line || a.baseLine - b.baseLine).slice(0, WORST_ROWS);
    this.top.merge(s.worst);
    this.mergeExtra(s.extra);
  }

  protected abstract extraState(): Record<string, unknown>;
  protected abstract mergeExtra(extra: Record<string, unknown>): void;
  abstract report(): ToleranceReport;

  protected reportBase(pass: boolean, numbers: ToleranceNumbers, summary: string): ToleranceReport {
    const r: ToleranceReport = {
      field: this.spec.field,
      kind: this.spec.kind,
      declared: this.spec.declared,
      limits: this.spec.limits,
      pass,
      rows: this.rows,
      changed: this.changed,
      numbers,
      worst: this.top.items,
      shape: this.shapeFirst,
      summary,
    };
    if (this.spec.index !== undefined) r.index = this.spec.index;
    return r;
  }
}

const rate = (n: number, d: number): number => (d === 0 ? 0 : n / d);
const pct = (x: number): string => {
  const p = x * 100;
  return `${p === 0 || p === 100 || p >= 10 ? p.toFixed(p % 1 === 0 ? 0 : 1) : p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)} %`;
};
const num = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? 'n/a'
    : Number.isInteger(x)
      ? String(x)
      : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6
        ? String(Number(x.toPrecision(4)))
        : x.toExponential(2);

// Outcome of comparing two values as numbers.
const EQUAL = 0;
const WITHIN = 1;
const OUTSIDE = 2; // beyond abs + rel·|old|
const NON_FINITE = 3; // NaN or ±Infinity against something else
const SHAPE = 4; // not two numbers

/** `abs`/`rel` (numpy allclose against the base value) with `max_violation_rate`. */
export class AbsRelCheck extends Check {
  compared = 0; // numeric pairs compared
  sumDiff = 0;
  maxDiff = -1;
  readonly diffs = new Sketch();
  readonly olds = new Sketch();
  readonly news = new Sketch();
  private rowDiff = 0;

  private one(a: unknown, b: unknown): number {
    if (typeof a === 'number' && typeof b === 'number') {
      this.olds.add(a);
      this.news.add(b);
      if (a === b) {
        this.compared++;
        this.diffs.add(0);
        return EQUAL;
      }
      const d = Math.abs(b - a);
      if (d !== d || d === Infinity) {
        // eslint-disable-next-line no-self-compare
        if (a !== a && b !== b) {
          this.compared++;
          this.diffs.add(0);
          return EQUAL;
        }
        this.rowDiff = Infinity;
        return NON_FINITE;
      }
      this.compared++;
      this.sumDiff += d;
      if (d > this.maxDiff) this.maxDiff = d;
      this.diffs.add(d);
      if (d > this.rowDiff) this.rowDiff = d;
      return d <= this.spec.abs + this.spec.rel * Math.abs(a) ? WITHIN : OUTSIDE;
    }
    if (sameValue(a, b)) return EQUAL;
    if (typeof a === 'number') this.olds.add(a);
    if (typeof b === 'number') this.news.add(b);
    this.rowDiff = Infinity;
    return SHAPE;
  }

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    this.rows++;
    this.rowDiff = 0;
    let worst = EQUAL;
    let a: unknown;
    let b: unknown;
    let reason = '';
    if (!this.ptr.wildcard) {
      a = this.ptr.get(old);
      b = this.ptr.get(nw);
      worst = this.one(a, b);
      if (worst === SHAPE) reason = shapeReason(this.spec.field, a, b, 'a number');
    } else {
      const la = this.ptr.expand(old, this.bufOld);
      const lb = this.ptr.expand(nw, this.bufNew);
      a = this.bufOld;
      b = this.bufNew;
      if (la < 0 || lb < 0 || la !== lb) {
        if (!(la < 0 && lb < 0)) {
          worst = SHAPE;
          this.rowDiff = Infinity;
          reason =
            lb < 0
              ? `${this.spec.field} is absent at head`
              : la < 0
                ? `${this.spec.field} was absent at base`
                : `${this.spec.field} has ${lb} values at head and ${la} at base`;
          for (let i = 0; i < Math.max(0, la); i++) if (typeof this.bufOld[i] === 'number') this.olds.add(this.bufOld[i] as number);
          for (let i = 0; i < Math.max(0, lb); i++) if (typeof this.bufNew[i] === 'number') this.news.add(this.bufNew[i] as number);
        }
      } else {
        for (let i = 0; i < la; i++) {
          const r = this.one(this.bufOld[i], this.bufNew[i]);
          if (r > worst) {
            worst = r;
            if (r === SHAPE) reason = shapeReason(`${this.spec.field} (element ${i})`, this.bufOld[i], this.bufNew[i], 'a number');
          }
        }
      }
    }
    if (worst === EQUAL) return false;
    this.changed++;
    if (worst !== WITHIN) this.violations++;
    if (worst === SHAPE) this.noteShape(reason, line, baseLine, key);
    const badness = worst === WITHIN || worst === OUTSIDE ? this.rowDiff : Infinity;
    if (this.top.wants(badness)) {
      this.top.insert(badness, {
        ...ref(line, baseLine, key),
        old: reportable(copy(a)),
        new: reportable(copy(b)),
        measure: badness === Infinity ? null : this.rowDiff,
      });
    }
    return true;
  }

  protected extraState(): Record<string, unknown> {
    return {
      values: this.compared,
      sumDiff: this.sumDiff,
      maxDiff: this.maxDiff,
      diffs: this.diffs.state(),
      olds: this.olds.state(),
      news: this.news.state(),
    };
  }

  protected mergeExtra(e: Record<string, unknown>): void {
    this.compared += e.values as number;
    this.sumDiff += e.sumDiff as number;
    this.maxDiff = Math.max(this.maxDiff, e.maxDiff as number);
    this.diffs.merge(e.diffs as SketchState);
    this.olds.merge(e.olds as SketchState);
    this.news.merge(e.news as SketchState);
  }

  report(): ToleranceReport {
    const violationRate = rate(this.violations, this.rows);
    const pass = violationRate <= this.spec.maxViolationRate;
    const numbers: ToleranceNumbers = {
      values: this.compared,
      maxAbsDiff: this.compared > 0 ? Math.max(0, this.maxDiff) : null,
      meanAbsDiff: this.compared > 0 ? this.sumDiff / this.compared : null,
      p99AbsDiff: this.diffs.quantile(0.99),
      violations: this.violations,
      violationRate,
      shapeChanged: this.shape,
    };
    const { abs, rel, maxViolationRate } = this.spec;
    const limit = `|new − old| ≤ ${num(abs)}${rel > 0 ? ` + ${num(rel)}·|old|` : ''}`;
    const summary =
      this.violations === 0
        ? `${this.spec.field}: every row within ${limit} (max difference ${num(numbers.maxAbsDiff)}).`
        : `${this.spec.field}: ${this.violations} of ${this.rows} rows (${pct(violationRate)}) outside ${limit}, ${pass ? 'within' : 'more than'} the ${pct(maxViolationRate)} allowed (max difference ${num(numbers.maxAbsDiff)}).`;
    const r = this.reportBase(pass, numbers, summary);
    const h = histogram(this.olds, this.news);
    if (h) r.histogram = h;
    const q = quantileHistogram(this.olds, this.news);
    if (q) r.quantiles = q;
    return r;
  }
}

function copy(v: unknown): unknown {
  return Array.isArray(v) ? v.slice() : v;
}

const MAX_CHANGE_KINDS = 64;

/** Share of rows whose value is unchanged (labels). */
export class AgreementCheck extends Check {
  changes = new Map<string, { old: unknown; new: unknown; rows: number }>();
  otherChanges = 0;

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    this.rows++;
    const a = this.values(old, this.bufOld);
    const b = this.values(nw, this.bufNew);
    if (a === b || sameValue(a, b)) return false;
    this.changed++;
    this.violations++;
    if (a === MISSING || b === MISSING) this.noteShape(shapeReason(this.spec.field, a, b, 'a value'), line, baseLine, key);
    const ra = reportable(copy(a));
    const rb = reportable(copy(b));
    this.countChange(a, b, ra, rb);
    if (this.top.wants(0)) this.top.insert(0, { ...ref(line, baseLine, key), old: ra, new: rb });
    return true;
  }

  private countChange(a: unknown, b: unknown, ra: unknown, rb: unknown): void {
    const scalar = (v: unknown) => v === null || v === MISSING || typeof v !== 'object';
    if (!scalar(a) || !scalar(b)) {
      this.otherChanges++;
      return;
    }
    const id = `${typeof a}:${String(a)}\u0000${typeof b}:${String(b)}`;
    const c = this.changes.get(id);
    if (c) c.rows++;
    else if (this.changes.size < MAX_CHANGE_KINDS) this.changes.set(id, { old: ra, new: rb, rows: 1 });
    else this.otherChanges++;
  }

  protected extraState(): Record<string, unknown> {
    return { changes: [...this.changes.entries()], otherChanges: this.otherChanges };
  }

  protected mergeExtra(e: Record<string, unknown>): void {
    for (const [id, c] of e.changes as [string, { old: unknown; new: unknown; rows: number }][]) {
      const mine = this.changes.get(id);
      if (mine) mine.rows += c.rows;
      else if (this.changes.size < MAX_CHANGE_KINDS) this.changes.set(id, { ...c });
      else this.otherChanges += c.rows;
    }
    this.otherChanges += e.otherChanges as number;
  }

  report(): ToleranceReport {
    const agreement = 1 - rate(this.changed, this.rows);
    const required = this.spec.kind === 'exact' ? 1 : this.spec.agreement;
    const pass = this.spec.kind === 'exact' ? this.changed === 0 : agreement >= required;
    const changes = [...this.changes.values()].sort((x, y) => y.rows - x.rows).slice(0, WORST_ROWS);
    const numbers: ToleranceNumbers = { agreement, violations: this.changed, violationRate: 1 - agreement, shapeChanged: this.shape };
    if (this.spec.kind === 'agreement') numbers.changes = changes;
    const what = this.spec.declared ? '' : ' (no tolerance declared: held to exact equality)';
    const summary =
      this.changed === 0
        ? `${this.spec.field || 'the prediction'}: unchanged in all ${this.rows} rows${what}.`
        : this.spec.kind === 'exact'
          ? `${this.spec.field || 'the prediction'}: changed in ${this.changed} of ${this.rows} rows${what}.`
          : `${this.spec.field}: ${pct(agreement)} of rows agree, ${pass ? 'at least' : 'below'} the ${pct(required)} required.`;
    return this.reportBase(pass, numbers, summary);
  }
}

/** Exact equality, as agreement with nothing allowed to change. */
export class ExactCheck extends AgreementCheck {
  /** Rows in which the field is absent at base and present at head. */
  addedRows = 0;

  /**
   * Record one pair already compared (the implicit fields compare masked values themselves).
   * `added`: the field is absent from the base prediction and present in the head's.
   */
  record(equal: boolean, a: unknown, b: unknown, baseLine: number, line: number, key: Key | undefined, added = false): void {
    this.rows++;
    if (added) this.addedRows++;
    if (equal) return;
    this.changed++;
    this.violations++;
    if (this.top.wants(0)) this.top.insert(0, { ...ref(line, baseLine, key), old: reportable(a), new: reportable(b) });
  }

  protected override extraState(): Record<string, unknown> {
    return { ...super.extraState(), addedRows: this.addedRows };
  }

  protected override mergeExtra(e: Record<string, unknown>): void {
    super.mergeExtra(e);
    this.addedRows += (e.addedRows as number | undefined) ?? 0;
  }

  override report(): ToleranceReport {
    const r = super.report();
    // Absent from every base row, present in every head row that has it: a new field, not a change of behavior.
    if (this.rows > 0 && this.addedRows === this.rows) r.added = { rows: this.addedRows };
    return r;
  }
}

/** Mean share of the top-k items kept, for ranked lists. */
export class TopKCheck extends Check {
  sumOverlap = 0;
  minOverlap = Infinity;
  private set: Set<unknown> | undefined;

  private list(root: unknown, buf: unknown[]): unknown[] | null {
    if (this.ptr.wildcard) return this.ptr.expand(root, buf) < 0 ? null : buf;
    const v = this.ptr.get(root);
    return Array.isArray(v) ? v : null;
  }

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    this.rows++;
    const a = this.list(old, this.bufOld);
    const b = this.list(nw, this.bufNew);
    let overlap: number;
    if (a === null || b === null) {
      const va = a ?? this.ptr.get(old);
      const vb = b ?? this.ptr.get(nw);
      if (this.ptr.wildcard ? a === null && b === null : sameValue(va, vb)) {
        this.sumOverlap += 1;
        if (1 < this.minOverlap) this.minOverlap = 1;
        return false;
      }
      this.noteShape(
        shapeReason(this.spec.field, this.ptr.wildcard && a === null ? MISSING : va, this.ptr.wildcard && b === null ? MISSING : vb, 'a ranked list'),
        line,
        baseLine,
        key,
      );
      overlap = 0;
    } else {
      overlap = this.overlap(a, b);
    }
    this.sumOverlap += overlap;
    if (overlap < this.minOverlap) this.minOverlap = overlap;
    const changed = overlap < 1 || !sameValue(a, b);
    if (overlap < this.spec.min!) this.violations++;
    if (!changed) return false;
    this.changed++;
    const badness = 1 - overlap;
    if (this.top.wants(badness)) {
      this.top.insert(badness, {
        ...ref(line, baseLine, key),
        old: reportable(copy(a ?? this.ptr.get(old))),
        new: reportable(copy(b ?? this.ptr.get(nw))),
        measure: overlap,
      });
    }
    return true;
  }

  /** |top-k(a) ∩ top-k(b)| / the larger top-k's number of distinct items (1 when both are empty). */
  private overlap(a: unknown[], b: unknown[]): number {
    const ta = Math.min(this.spec.k, a.length);
    const tb = Math.min(this.spec.k, b.length);
    if (ta === 0 && tb === 0) return 1;
    if (ta <= 64 && tb <= 64) {
      // Small lists of numbers or strings (the common case): plain loops, no allocation.
      let common = 0;
      let da = 0;
      let db = 0;
      let simple = true;
      outer: for (let i = 0; i < ta; i++) {
        const x = a[i];
        // eslint-disable-next-line no-self-compare
        if ((x !== null && typeof x === 'object') || x !== x) {
          simple = false;
          break;
        }
        for (let j = 0; j < i; j++) if (a[j] === x) continue outer; // a repeat
        da++;
        for (let j = 0; j < tb; j++) {
          if (b[j] === x) {
            common++;
            break;
          }
        }
      }
      if (simple) {
        outer2: for (let j = 0; j < tb; j++) {
          const y = b[j];
          // eslint-disable-next-line no-self-compare
          if ((y !== null && typeof y === 'object') || y !== y) {
            simple = false;
            break;
          }
          for (let i = 0; i < j; i++) if (b[i] === y) continue outer2;
          db++;
        }
        if (simple) return common / Math.max(da, db);
      }
      common = 0;
      da = 0;
      db = 0;
      for (let i = 0; i < ta; i++) {
        const x = a[i];
        if (indexOf(a, x, i) >= 0) continue; // a repeat
        da++;
        if (indexOf(b, x, tb) >= 0) common++;
      }
      for (let j = 0; j < tb; j++) if (indexOf(b, b[j], j) < 0) db++;
      return common / Math.max(da, db);
    }
    const set = (this.set ??= new Set());
    set.clear();
    for (let j = 0; j < tb; j++) set.add(keyOfItem(b[j]));
    const db = set.size;
    const seen = new Set<unknown>();
    let common = 0;
    for (let i = 0; i < ta; i++) {
      const x = keyOfItem(a[i]);
      if (seen.has(x)) continue;
      seen.add(x);
      if (set.has(x)) common++;
    }
    return common / Math.max(seen.size, db);
  }

  protected extraState(): Record<string, unknown> {
    return { sumOverlap: this.sumOverlap, minOverlap: this.minOverlap === Infinity ? null : this.minOverlap };
  }

  protected mergeExtra(e: Record<string, unknown>): void {
    this.sumOverlap += e.sumOverlap as number;
    if (e.minOverlap !== null && (e.minOverlap as number) < this.minOverlap) this.minOverlap = e.minOverlap as number;
  }

  report(): ToleranceReport {
    const mean = this.rows > 0 ? this.sumOverlap / this.rows : null;
    const pass = mean === null || mean >= this.spec.min!;
    const numbers: ToleranceNumbers = {
      meanOverlap: mean,
      minOverlap: this.rows > 0 ? this.minOverlap : null,
      violations: this.violations,
      violationRate: rate(this.violations, this.rows),
      shapeChanged: this.shape,
    };
    const summary = `${this.spec.field}: mean top-${this.spec.k} overlap ${num(mean)}, ${pass ? 'at least' : 'below'} the ${num(this.spec.min)} required.`;
    return this.reportBase(pass, numbers, summary);
  }
}

/** Position of `x` among the first `end` items of `list` (NaN finds NaN), or −1. */
function indexOf(list: unknown[], x: unknown, end: number): number {
  if (x === null || typeof x !== 'object') {
    // eslint-disable-next-line no-self-compare
    if (x !== x) {
      for (let i = 0; i < end; i++) if (list[i] !== list[i]) return i;
      return -1;
    }
    for (let i = 0; i < end; i++) if (list[i] === x) return i;
    return -1;
  }
  for (let i = 0; i < end; i++) if (sameValue(list[i], x)) return i;
  return -1;
}

function keyOfItem(x: unknown): unknown {
  return x !== null && typeof x === 'object' ? `\u0000${JSON.stringify(x)}` : x;
}

/** Cosine similarity of vectors (embeddings): the mean and the minimum over rows. */
export class CosineCheck extends Check {
  sumSim = 0;
  compared = 0;
  minSim = Infinity;
  incomparable = 0;

  private vector(root: unknown, buf: unknown[]): unknown[] | null {
    if (this.ptr.wildcard) return this.ptr.expand(root, buf) < 0 ? null : buf;
    const v = this.ptr.get(root);
    return Array.isArray(v) ? v : null;
  }

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    this.rows++;
    const a = this.vector(old, this.bufOld);
    const b = this.vector(nw, this.bufNew);
    let sim: number | null = null;
    let reason = '';
    if (a !== null && b !== null && sameValue(a, b)) {
      sim = 1;
    } else if (a === null || b === null) {
      const va = a === null ? (this.ptr.wildcard ? MISSING : this.ptr.get(old)) : a;
      const vb = b === null ? (this.ptr.wildcard ? MISSING : this.ptr.get(nw)) : b;
      if (sameValue(va, vb)) {
        this.sumSim += 1;
        this.compared++;
        if (1 < this.minSim) this.minSim = 1;
        return false;
      }
      reason = shapeReason(this.spec.field, va, vb, 'a vector of numbers');
    } else if (a.length !== b.length) {
      reason = `${this.spec.field} has ${b.length} dimensions at head and ${a.length} at base`;
    } else {
      let dot = 0;
      let na = 0;
      let nb = 0;
      let ok = true;
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        if (typeof x !== 'number' || typeof y !== 'number') {
          reason = shapeReason(`${this.spec.field} (element ${i})`, x, y, 'a number');
          ok = false;
          break;
        }
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      if (ok) {
        if (!Number.isFinite(dot) || !Number.isFinite(na) || !Number.isFinite(nb)) sim = null;
        else if (na === 0 && nb === 0) sim = 1;
        else if (na === 0 || nb === 0) sim = 0;
        else sim = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        if (sim === null) reason = '';
      }
    }
    const changed = !(sim === 1 && a !== null && b !== null && sameValue(a, b));
    if (sim !== null) {
      this.sumSim += sim;
      this.compared++;
      if (sim < this.minSim) this.minSim = sim;
      if (this.spec.min !== undefined && sim < this.spec.min) this.violations++;
    } else {
      this.incomparable++;
      this.violations++;
      if (reason !== '') this.noteShape(reason, line, baseLine, key);
    }
    if (!changed) return false;
    this.changed++;
    const badness = sim === null ? Infinity : 1 - sim;
    if (this.top.wants(badness)) {
      this.top.insert(badness, {
        ...ref(line, baseLine, key),
        old: reportable(copy(a ?? this.ptr.get(old))),
        new: reportable(copy(b ?? this.ptr.get(nw))),
        measure: sim,
      });
    }
    return true;
  }

  protected extraState(): Record<string, unknown> {
    return { sumSim: this.sumSim, compared: this.compared, minSim: this.minSim === Infinity ? null : this.minSim, incomparable: this.incomparable };
  }

  protected mergeExtra(e: Record<string, unknown>): void {
    this.sumSim += e.sumSim as number;
    this.compared += e.compared as number;
    this.incomparable += e.incomparable as number;
    if (e.minSim !== null && (e.minSim as number) < this.minSim) this.minSim = e.minSim as number;
  }

  report(): ToleranceReport {
    const mean = this.compared > 0 ? this.sumSim / this.compared : null;
    const min = this.compared > 0 ? this.minSim : null;
    const { minMean, min: minEach } = this.spec;
    const meanOk = minMean === undefined || mean === null || mean >= minMean;
    const minOk = minEach === undefined || min === null || min >= minEach;
    const pass = meanOk && minOk && this.incomparable === 0;
    const numbers: ToleranceNumbers = {
      meanCosine: mean,
      minCosine: min,
      violations: this.violations,
      violationRate: rate(this.violations, this.rows),
      shapeChanged: this.shape,
    };
    const parts = [
      `mean cosine similarity ${num(mean)}${minMean !== undefined ? ` (at least ${num(minMean)} required)` : ''}`,
      `minimum ${num(min)}${minEach !== undefined ? ` (at least ${num(minEach)} required)` : ''}`,
    ];
    if (this.incomparable > 0) parts.push(`${this.incomparable} rows could not be compared`);
    return this.reportBase(pass, numbers, `${this.spec.field}: ${parts.join(', ')}.`);
  }
}

/** Population stability of the value distribution, base (expected) against head (actual). */
export class PsiCheck extends Check {
  olds = new Sketch();
  news = new Sketch();
  otherOld = 0;
  otherNew = 0;
  /** The sketches belong to an abs/rel check of the same field, which fills them with the same numbers. */
  private shared = false;

  /** Use the value sketches of an abs/rel check on the same field instead of filling its own. */
  shareSketches(from: AbsRelCheck): void {
    this.olds = from.olds;
    this.news = from.news;
    this.shared = true;
  }

  private count(v: unknown, sketch: Sketch, side: 'old' | 'new'): void {
    if (typeof v === 'number') {
      if (!this.shared) sketch.add(v);
    } else if (side === 'old') this.otherOld++;
    else this.otherNew++;
  }

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    this.rows++;
    let diff = 0;
    let numeric = true;
    if (!this.ptr.wildcard) {
      const a = this.ptr.get(old);
      const b = this.ptr.get(nw);
      this.count(a, this.olds, 'old');
      this.count(b, this.news, 'new');
      if (a === b || sameValue(a, b)) return false;
      if (typeof a === 'number' && typeof b === 'number') diff = Math.abs(b - a);
      else numeric = false;
      this.record(a, b, diff, numeric, baseLine, line, key);
      return true;
    }
    const la = this.ptr.expand(old, this.bufOld);
    const lb = this.ptr.expand(nw, this.bufNew);
    for (let i = 0; i < la; i++) this.count(this.bufOld[i], this.olds, 'old');
    for (let i = 0; i < lb; i++) this.count(this.bufNew[i], this.news, 'new');
    if (la < 0) this.otherOld++;
    if (lb < 0) this.otherNew++;
    if (la === lb && (la < 0 || sameValue(this.bufOld, this.bufNew))) return false;
    if (la !== lb) numeric = false;
    else {
      for (let i = 0; i < la; i++) {
        const x = this.bufOld[i];
        const y = this.bufNew[i];
        if (typeof x === 'number' && typeof y === 'number') {
          const d = Math.abs(y - x);
          if (d > diff || d !== d) diff = d;
        } else if (!sameValue(x, y)) numeric = false;
      }
    }
    this.record(la < 0 ? MISSING : this.bufOld, lb < 0 ? MISSING : this.bufNew, diff, numeric, baseLine, line, key);
    return true;
  }

  private record(a: unknown, b: unknown, diff: number, numeric: boolean, baseLine: number, line: number, key: Key | undefined): void {
    this.changed++;
    if (!numeric) {
      this.violations++;
      this.noteShape(shapeReason(this.spec.field, a, b, 'a number'), line, baseLine, key);
    }
    const finite = numeric && Number.isFinite(diff);
    const badness = finite ? diff : Infinity;
    if (this.top.wants(badness))
      this.top.insert(badness, { ...ref(line, baseLine, key), old: reportable(copy(a)), new: reportable(copy(b)), measure: finite ? diff : null });
  }

  protected extraState(): Record<string, unknown> {
    const own = this.shared ? {} : { olds: this.olds.state(), news: this.news.state() };
    return { ...own, otherOld: this.otherOld, otherNew: this.otherNew };
  }

  protected mergeExtra(e: Record<string, unknown>): void {
    if (!this.shared) {
      this.olds.merge(e.olds as SketchState);
      this.news.merge(e.news as SketchState);
    }
    this.otherOld += e.otherOld as number;
    this.otherNew += e.otherNew as number;
  }

  report(): ToleranceReport {
    const r = psi(this.olds, this.news, this.spec.bins, { old: this.otherOld, new: this.otherNew });
    const value = Number.isFinite(r.psi) ? r.psi : null;
    const pass = value !== null && value <= this.spec.max;
    const numbers: ToleranceNumbers = {
      psi: value,
      psiBins: r.bins,
      violations: this.violations,
      violationRate: rate(this.violations, this.rows),
      shapeChanged: this.shape,
    };
    const summary = `${this.spec.field}: population stability index ${num(value)} over ${r.bins} bins, ${pass ? 'within' : 'above'} the ${num(this.spec.max)} allowed.`;
    const rep = this.reportBase(pass, numbers, summary);
    const h = histogram(this.olds, this.news);
    if (h) rep.histogram = h;
    const q = quantileHistogram(this.olds, this.news);
    if (q) rep.quantiles = q;
    return rep;
  }
}

export function makeCheck(spec: CheckSpec): Check {
  switch (spec.kind) {
    case 'abs_rel':
      return new AbsRelCheck(spec);
    case 'agreement':
      return new AgreementCheck(spec);
    case 'exact':
      return new ExactCheck(spec);
    case 'topk_overlap':
      return new TopKCheck(spec);
    case 'cosine':
      return new CosineCheck(spec);
    case 'psi':
      return new PsiCheck(spec);
  }
}
