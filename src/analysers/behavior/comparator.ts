/**
 * The per-row work of the behavior analyser, free of I/O: compare row pairs under the
 * tolerances, and validate head predictions against the output schemas. Both keep fixed-size
 * state that merges, so a dataset can be processed in parts (threads) and summed up.
 */
import { AbsRelCheck, makeCheck, PsiCheck, type Check, type CheckState } from './checks.js';
import { buildMask, ImplicitExact } from './exact.js';
import type { PredictionValidator } from './schema.js';
import type { CheckSpec } from './tolerances.js';
import type { Key, SchemaCheck, ToleranceReport } from './types.js';

export const FIRST_VIOLATIONS = 5;

export interface ComparatorState {
  rows: number;
  changedRows: number;
  checks: CheckState[];
  exact: [string, CheckState][];
}

export class Comparator {
  readonly checks: Check[];
  readonly exact: ImplicitExact;
  rows = 0;
  /** Row pairs in which anything differs. */
  changedRows = 0;

  constructor(specs: readonly CheckSpec[]) {
    this.checks = specs.map(makeCheck);
    // abs/rel and psi on one field see the same numbers: one pair of value sketches serves both.
    for (const c of this.checks) {
      if (!(c instanceof PsiCheck)) continue;
      const twin = this.checks.find((o): o is AbsRelCheck => o instanceof AbsRelCheck && o.spec.field === c.spec.field);
      if (twin) c.shareSketches(twin);
    }
    this.exact = new ImplicitExact(buildMask(specs.map((s) => s.pointer)));
  }

  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): void {
    this.rows++;
    let changed = false;
    const checks = this.checks;
    for (let i = 0; i < checks.length; i++) if (checks[i]!.add(old, nw, baseLine, line, key)) changed = true;
    if (this.exact.add(old, nw, baseLine, line, key)) changed = true;
    if (changed) this.changedRows++;
  }

  state(): ComparatorState {
    return { rows: this.rows, changedRows: this.changedRows, checks: this.checks.map((c) => c.state()), exact: this.exact.state() };
  }

  merge(s: ComparatorState): void {
    this.rows += s.rows;
    this.changedRows += s.changedRows;
    s.checks.forEach((c, i) => this.checks[i]!.merge(c));
    this.exact.merge(s.exact);
  }

  /** Declared tolerances in contract order, then the fields held to exact equality. */
  reports(): ToleranceReport[] {
    return [...this.checks.map((c) => c.report()), ...this.exact.reports()];
  }
}

function emptyCheck(): SchemaCheck {
  return { rows: 0, violations: 0, first: [] };
}

/** Every head prediction against the head and the base output schema. */
export class SchemaChecks {
  readonly head = emptyCheck();
  readonly base = emptyCheck();

  constructor(
    private readonly headSchema: PredictionValidator,
    private readonly baseSchema: PredictionValidator,
    /** The two schemas are the same: validate once. */
    private readonly same: boolean,
  ) {}

  check(value: unknown, line: number, key: Key | undefined): void {
    this.head.rows++;
    this.base.rows++;
    const okHead = this.headSchema.validate(value);
    if (!okHead) this.record(this.head, this.headSchema, line, key);
    if (this.same) {
      if (!okHead) this.record(this.base, this.headSchema, line, key);
    } else if (!this.baseSchema.validate(value)) this.record(this.base, this.baseSchema, line, key);
  }

  private record(c: SchemaCheck, v: PredictionValidator, line: number, key: Key | undefined): void {
    c.violations++;
    if (c.first.length < FIRST_VIOLATIONS) c.first.push(key === undefined ? { line, ...v.error() } : { line, key, ...v.error() });
  }

  state(): { head: SchemaCheck; base: SchemaCheck } {
    return { head: this.head, base: this.base };
  }

  merge(s: { head: SchemaCheck; base: SchemaCheck }): void {
    for (const side of ['head', 'base'] as const) {
      const mine = this[side];
      mine.rows += s[side].rows;
      mine.violations += s[side].violations;
      mine.first = [...mine.first, ...s[side].first].sort((a, b) => a.line - b.line).slice(0, FIRST_VIOLATIONS);
    }
  }
}
