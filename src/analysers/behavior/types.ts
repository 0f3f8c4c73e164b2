import type { Histogram } from './sketch.js';

/** How a field is compared. `abs_rel` is numpy `allclose`, one-sided against the base value. */
export type CheckKind = 'abs_rel' | 'agreement' | 'topk_overlap' | 'cosine' | 'psi' | 'exact';

/** A join key value. */
export type Key = string | number | boolean;

/** Where a row pair sits: `line` in the head predictions, `baseLine` in the base's, and the key when joined by key. */
export interface RowRef {
  line: number;
  baseLine: number;
  key?: Key;
}

/** One of the rows that moved most (or, for agreement and exact checks, the first rows that changed). */
export interface WorstRow extends RowRef {
  old: unknown;
  new: unknown;
  /**
   * What ranks the row: the absolute difference (abs_rel, psi), the top-k overlap, the cosine
   * similarity; null when the values could not be compared (a NaN, a changed shape); absent for
   * agreement and exact checks.
   */
  measure?: number | null;
}

/** A row whose value could not be read the way the check needs it. */
export interface ShapeExample extends RowRef {
  reason: string;
}

/** The numbers behind one tolerance; each present where the kind computes it, null when there was nothing to compute it on. */
export interface ToleranceNumbers {
  /** Numeric values compared (several per row under `*`). */
  values?: number;
  maxAbsDiff?: number | null;
  meanAbsDiff?: number | null;
  /** 99th percentile of the absolute differences, from a fixed-memory sketch (±1 %). */
  p99AbsDiff?: number | null;
  /** Rows outside the tolerance. */
  violations?: number;
  violationRate?: number;
  /** Share of rows whose value is unchanged. */
  agreement?: number;
  meanOverlap?: number | null;
  minOverlap?: number | null;
  meanCosine?: number | null;
  minCosine?: number | null;
  psi?: number | null;
  /** Bins PSI was computed over (quantile bins can merge when base values repeat). */
  psiBins?: number;
  /** Rows whose value could not be read as the check needs (absent, wrong type, other length). */
  shapeChanged: number;
  /** For agreement: the commonest value changes. */
  changes?: { old: unknown; new: unknown; rows: number }[];
}

export interface ToleranceReport {
  /** JSON Pointer into a prediction; `*` for every array element. */
  field: string;
  kind: CheckKind;
  /** False for a field without a declared tolerance, held to exact equality. */
  declared: boolean;
  /** Position of the tolerance in the contract's `reference.tolerances`. */
  index?: number;
  /** The declared limits, defaults filled in. */
  limits: Record<string, number>;
  pass: boolean;
  /** Row pairs compared. */
  rows: number;
  /** Row pairs whose value differs at all. */
  changed: number;
  numbers: ToleranceNumbers;
  /** Up to five rows, worst first. */
  worst: WorstRow[];
  /** The first rows whose value changed shape. */
  shape: ShapeExample[];
  /** Old and new values in shared equal-width bins, for numeric kinds. */
  histogram?: Histogram;
  /** Old and new values in bins cut at the base's quantiles (what the reports draw), for numeric kinds. */
  quantiles?: Histogram;
  /** One sentence for the report. */
  summary: string;
  /**
   * A field held to exact equality that no base row has and head rows do: an addition, which the
   * interface rules report. `inHeadSchema`: the head output schema declares it (then it passes).
   */
  added?: { rows: number; inHeadSchema?: boolean };
}

/** The first predictions that a schema rejects. */
export interface SchemaViolation {
  line: number;
  key?: Key;
  /** Where in the prediction (JSON Pointer, from ajv). */
  instancePath: string;
  /** Where in the schema. */
  schemaPath: string;
  message: string;
}

export interface SchemaCheck {
  /** Head predictions validated. */
  rows: number;
  /** Head predictions the schema rejects. */
  violations: number;
  first: SchemaViolation[];
}
