/**
 * The behavior analyser: the head model's reference predictions against the base model's,
 * under the contract's tolerances, and every head prediction against the head output schema
 * (the contract must tell the truth) and the base output schema (old consumers must still parse
 * it). Rows are paired by position, streaming both files in lockstep in constant memory, or by
 * the contract's `key`, holding the base side.
 *
 * Pure: the rows come from sources the caller opened, and the statistics are mergeable states
 * (Comparator, SchemaChecks). What needs the files themselves (comparing bytes, splitting the work
 * across worker threads) is asked of the caller through `BehaviorIo` (pipeline/behavior-driver.ts).
 */
import type { Finding } from '../../core/finding.js';
import { brief } from '../../core/json.js';
import { escapeToken, parsePointer } from '../../core/pointer.js';
import type { Tolerance } from '../../contract/types.js';
import type { SchemaSet } from '../interface/schema-set.js';
import type { Row, RowSource } from '../../core/rows.js';
import { Comparator, SchemaChecks } from './comparator.js';
import { comparePositional, lockstep, type PositionalCounts } from './positional.js';
import { FieldPointer, MISSING, sameValue } from './pointer.js';
import { compileOutputSchema, declaresProperty, plainSchemaSet, schemaSetIdentity } from './schema.js';
import { compileTolerances } from './tolerances.js';
import type { Key, SchemaCheck, ToleranceReport } from './types.js';

export type { Key, RowRef, SchemaCheck, SchemaViolation, ShapeExample, ToleranceNumbers, ToleranceReport, WorstRow, CheckKind } from './types.js';
export type { Histogram } from './sketch.js';
export type { PositionalCounts } from './positional.js';

/** What a worker needs besides its part of the rows (structured-cloneable). */
export interface SharedTask {
  tolerances: Tolerance[];
  contractFile: string;
  headSchema: SchemaSet;
  /** null: the same as the head's. */
  baseSchema: SchemaSet | null;
}

/** Positional pairing run elsewhere (worker threads), merged into the caller's comparator and checks. */
export interface PositionalWorkers {
  /**
   * Compare every row pair and merge the parts into `comparator` and `schemas`; undefined when the
   * workers gave up (out of memory, a line too long for them): both are then untouched and the
   * analyser does the work itself.
   */
  run(shared: SharedTask, comparator: Comparator, schemas: SchemaChecks): Promise<PositionalCounts | undefined>;
  stop(): Promise<void>;
}

/**
 * What the analyser may ask of the one who opened the files; every part is optional (without
 * them it compares row by row, in one thread).
 */
export interface BehaviorIo {
  /** Are two input sources the same bytes? undefined when it cannot tell cheaply. */
  sameInputs?(base: RowSource<unknown>, head: RowSource<unknown>): Promise<{ same: boolean; rows: number } | undefined>;
  /** Workers for positional pairing of two prediction sources, when the work can be split. */
  startPositional?(base: RowSource<unknown>, head: RowSource<unknown>): Promise<PositionalWorkers | undefined>;
}

export interface BehaviorSide {
  /** The reference inputs (requests), one per row. */
  inputs: RowSource<unknown>;
  /** This version's predictions for those inputs, one per input row. */
  predictions: RowSource<unknown>;
  /** This version's output schema. */
  outputSchema: SchemaSet;
}

export interface BehaviorInput {
  base: BehaviorSide;
  head: BehaviorSide;
  /** Join rows by this field (a property name, or a JSON Pointer) instead of by position. From the head contract. */
  key?: string;
  /** From the head contract. */
  tolerances: Tolerance[];
  /** How the head contract is named in errors about its tolerances. */
  contractFile?: string;
}

export interface BehaviorResult {
  findings: Finding[];
  /** One report per declared tolerance kind, then one per field held to exact equality. */
  tolerances: ToleranceReport[];
  rows: { base: number; head: number; paired: number };
  /** Row pairs in which any field differs. */
  changedRows: number;
  inputs: { identical: boolean; base: number; head: number };
  /** Head predictions against each side's output schema. */
  schemas: { head: SchemaCheck; base: SchemaCheck };
}

const FIRST = 5;

/**
 * A copy of parsed contract data with nothing but JSON values in it (NaN and ±Infinity kept):
 * what crosses to a worker thread must survive structured cloning, whatever a loader attaches.
 */
function plainData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainData);
  if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = plainData((v as Record<string, unknown>)[k]);
    if (x !== undefined) Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A row, as messages name it. */
function rowName(line: number, key?: Key): string {
  return key === undefined ? `line ${line}` : `key ${JSON.stringify(key)} (line ${line})`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: string[], total: number): string {
  const shown = items.slice(0, 3).join(', ');
  return total > 3 ? `${shown} and ${total - 3} more` : shown;
}

interface InputsComparison {
  identical: boolean;
  base: number;
  head: number;
  /** Sources whose bytes differ are compared row by row; this is the first pair that differs. */
  first?: { baseLine?: number; line?: number; old: unknown; new: unknown };
}

/** Are the reference inputs the same at base and head? Bytes first (cheap), rows when the bytes differ. */
async function compareInputs(base: RowSource<unknown>, head: RowSource<unknown>, io: BehaviorIo): Promise<InputsComparison> {
  const same = io.sameInputs ? await io.sameInputs(base, head) : undefined;
  if (same) {
    if (same.same) return { identical: true, base: same.rows, head: same.rows };
  } else if (base.fingerprint && head.fingerprint) {
    const [fb, fh] = await Promise.all([base.fingerprint(), head.fingerprint()]);
    if (fb.sha256 === fh.sha256) return { identical: true, base: fb.rows, head: fh.rows };
  }
  const out: InputsComparison = { identical: true, base: 0, head: 0 };
  await lockstep(
    base,
    head,
    (x, y) => {
      out.base++;
      out.head++;
      if (out.identical && !sameValue(x.value, y.value)) {
        out.identical = false;
        out.first = { baseLine: x.line, line: y.line, old: x.value, new: y.value };
      }
    },
    (x) => {
      out.base++;
      if (out.identical) {
        out.identical = false;
        out.first = { baseLine: x.line, old: x.value, new: undefined };
      }
    },
    (y) => {
      out.head++;
      if (out.identical) {
        out.identical = false;
        out.first = { line: y.line, old: undefined, new: y.value };
      }
    },
  );
  return out;
}

function keyPointer(key: string): FieldPointer {
  return new FieldPointer(key.startsWith('/') ? key : '/' + escapeToken(key));
}

function usableKey(v: unknown): Key | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return undefined;
}

interface PairingReport {
  base: number;
  head: number;
  paired: number;
  basePredictions: number;
  headPredictions: number;
  findings: Finding[];
}

/**
 * Analyse the behavior change between two versions of a model. Throws InputError for input
 * that cannot be read (a missing file, a line that is not JSON, a ragged CSV row, a tolerance
 * that makes no sense); everything about the predictions themselves is a finding.
 */
export async function analyseBehavior(input: BehaviorInput, io: BehaviorIo = {}): Promise<BehaviorResult> {
  const contractFile = input.contractFile ?? 'model-contract.yaml';
  const specs = compileTolerances(input.tolerances, contractFile);
  const headSchema = compileOutputSchema(input.head.outputSchema);
  const sameSchema = schemaSetIdentity(input.head.outputSchema) === schemaSetIdentity(input.base.outputSchema);
  const baseSchema = sameSchema ? headSchema : compileOutputSchema(input.base.outputSchema);
  const schemas = new SchemaChecks(headSchema, baseSchema, sameSchema);
  const comparator = new Comparator(specs);

  // Workers (when the work can be split) start while the inputs are compared.
  const planned =
    input.key === undefined && io.startPositional ? io.startPositional(input.base.predictions, input.head.predictions) : Promise.resolve(undefined);
  let plan: PositionalWorkers | undefined;
  let inputs: InputsComparison;
  let pairing: PairingReport;
  try {
    [inputs, plan] = await Promise.all([compareInputs(input.base.inputs, input.head.inputs, io), planned]);
    if (input.key !== undefined) pairing = await pairByKey(input, input.key, inputs, comparator, schemas);
    else {
      const parallel =
        plan && inputs.identical
          ? () =>
              plan!.run(
                {
                  tolerances: plainData(input.tolerances) as Tolerance[],
                  contractFile,
                  headSchema: plainSchemaSet(input.head.outputSchema),
                  baseSchema: sameSchema ? null : plainSchemaSet(input.base.outputSchema),
                },
                comparator,
                schemas,
              )
          : undefined;
      pairing = await pairByPosition(input, inputs, comparator, schemas, parallel);
    }
  } finally {
    if (plan) await plan.stop();
    else
      void planned.then(
        (p) => p?.stop(),
        () => {},
      );
  }

  const findings: Finding[] = [];
  for (const item of inputFindings(input, inputs)) findings.push(item);
  for (const item of pairing.findings) findings.push(item);
  const reports = comparator.reports();
  for (const r of reports) markAdded(r, input.head.outputSchema);
  for (const item of comparisonFindings(reports, comparator)) findings.push(item);
  for (const item of schemaFindings(schemas, input)) findings.push(item);

  return {
    findings,
    tolerances: reports,
    rows: { base: pairing.base, head: pairing.head, paired: pairing.paired },
    changedRows: comparator.changedRows,
    inputs: { identical: inputs.identical, base: inputs.base, head: inputs.head },
    schemas: schemas.state(),
  };
}

function countFindings(side: 'base' | 'head', predictions: number, inputs: number, source: RowSource<unknown>): Finding[] {
  if (predictions === inputs) return [];
  return [
    {
      id: 'predictions-count-mismatch',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/predictions',
      old: inputs,
      new: predictions,
      message: `The ${side} predictions ${source.name} have ${plural(predictions, 'row')} for ${plural(inputs, 'input row')}, so some rows cannot be compared and the behavior change is unverified.`,
    },
  ];
}

async function pairByPosition(
  input: BehaviorInput,
  inputs: InputsComparison,
  comparator: Comparator,
  schemas: SchemaChecks,
  parallel: (() => Promise<PositionalCounts | undefined>) | undefined,
): Promise<PairingReport> {
  const compare = inputs.identical;
  let c: PositionalCounts | undefined;
  if (parallel) c = await parallel();
  c ??= await comparePositional(input.base.predictions, input.head.predictions, comparator, schemas, compare);
  const baseRows = c.paired + c.baseOnly;
  const headRows = c.paired + c.headOnly;
  const findings: Finding[] = [
    ...countFindings('base', baseRows, inputs.base, input.base.predictions),
    ...countFindings('head', headRows, inputs.head, input.head.predictions),
  ];
  if (compare && baseRows !== headRows) {
    const [longer, first] = baseRows > headRows ? ['base', c.firstOnlyBase] : ['head', c.firstOnlyHead];
    findings.push({
      id: 'rows-unpaired',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/predictions',
      old: baseRows,
      new: headRows,
      message: `The base has ${plural(baseRows, 'prediction')} and the head ${headRows}, so ${plural(Math.abs(baseRows - headRows), 'row')} of the ${longer} (from line ${first}) have nothing to be compared with.`,
    });
  }
  return { base: baseRows, head: headRows, paired: compare ? c.paired : 0, basePredictions: baseRows, headPredictions: headRows, findings };
}

interface BaseEntry {
  line: number;
  value: unknown;
  input: unknown;
  /** Line of the head row paired with it, 0 while unpaired. */
  matched: number;
}

async function pairByKey(
  input: BehaviorInput,
  key: string,
  inputs: InputsComparison,
  comparator: Comparator,
  schemas: SchemaChecks,
): Promise<PairingReport> {
  const ptr = keyPointer(key);
  const keyOf = (prediction: unknown, request: unknown): Key | undefined => {
    const v = ptr.get(prediction);
    return usableKey(v === MISSING && request !== MISSING ? ptr.get(request) : v);
  };
  const holdInputs = !inputs.identical;
  const findings: Finding[] = [];

  // The base side, held by key.
  const byKey = new Map<Key, BaseEntry>();
  const baseDuplicates: { line: number; first: number; key: Key }[] = [];
  let baseDuplicateCount = 0;
  const baseUnusable: number[] = [];
  let baseUnusableCount = 0;
  let basePredictions = 0;
  let baseInputs = 0;
  const takeBase = (prediction: Row<unknown> | undefined, request: Row<unknown> | undefined) => {
    if (request) baseInputs++;
    if (!prediction) return;
    basePredictions++;
    const k = keyOf(prediction.value, request ? request.value : MISSING);
    if (k === undefined) {
      baseUnusableCount++;
      if (baseUnusable.length < FIRST) baseUnusable.push(prediction.line);
      return;
    }
    const seen = byKey.get(k);
    if (seen) {
      baseDuplicateCount++;
      if (baseDuplicates.length < FIRST) baseDuplicates.push({ line: prediction.line, first: seen.line, key: k });
      return;
    }
    byKey.set(k, { line: prediction.line, value: prediction.value, input: holdInputs && request ? request.value : undefined, matched: 0 });
  };
  await lockstep(
    input.base.inputs,
    input.base.predictions,
    (r, p) => takeBase(p, r),
    (r) => takeBase(undefined, r),
    (p) => takeBase(p, undefined),
  );

  // The head side, streamed.
  let headPredictions = 0;
  let headInputs = 0;
  let paired = 0;
  const added: { line: number; key: Key }[] = [];
  let addedCount = 0;
  const addedKeys = new Set<Key>();
  const headDuplicates: { line: number; first: number; key: Key }[] = [];
  let headDuplicateCount = 0;
  const headUnusable: number[] = [];
  let headUnusableCount = 0;
  const inputChanged: { line: number; baseLine: number; key: Key }[] = [];
  let inputChangedCount = 0;
  const takeHead = (prediction: Row<unknown> | undefined, request: Row<unknown> | undefined) => {
    if (request) headInputs++;
    if (!prediction) return;
    headPredictions++;
    const k = keyOf(prediction.value, request ? request.value : MISSING);
    schemas.check(prediction.value, prediction.line, k);
    if (k === undefined) {
      headUnusableCount++;
      if (headUnusable.length < FIRST) headUnusable.push(prediction.line);
      return;
    }
    const entry = byKey.get(k);
    if (!entry) {
      if (addedKeys.has(k)) {
        headDuplicateCount++;
        if (headDuplicates.length < FIRST) headDuplicates.push({ line: prediction.line, first: 0, key: k });
        return;
      }
      addedKeys.add(k);
      addedCount++;
      if (added.length < FIRST) added.push({ line: prediction.line, key: k });
      return;
    }
    if (entry.matched !== 0) {
      headDuplicateCount++;
      if (headDuplicates.length < FIRST) headDuplicates.push({ line: prediction.line, first: entry.matched, key: k });
      return;
    }
    entry.matched = prediction.line;
    if (holdInputs && request && !sameValue(entry.input, request.value)) {
      inputChangedCount++;
      if (inputChanged.length < FIRST) inputChanged.push({ line: prediction.line, baseLine: entry.line, key: k });
      return;
    }
    paired++;
    comparator.add(entry.value, prediction.value, entry.line, prediction.line, k);
  };
  await lockstep(
    input.head.inputs,
    input.head.predictions,
    (r, p) => takeHead(p, r),
    (r) => takeHead(undefined, r),
    (p) => takeHead(p, undefined),
  );

  const missing: { line: number; key: Key }[] = [];
  let missingCount = 0;
  for (const [k, e] of byKey) {
    if (e.matched !== 0) continue;
    missingCount++;
    if (missing.length < FIRST) missing.push({ line: e.line, key: k });
  }

  for (const item of countFindings('base', basePredictions, baseInputs, input.base.predictions)) findings.push(item);
  for (const item of countFindings('head', headPredictions, headInputs, input.head.predictions)) findings.push(item);
  const keyText = JSON.stringify(key);
  for (const [side, n, lines] of [
    ['base', baseUnusableCount, baseUnusable],
    ['head', headUnusableCount, headUnusable],
  ] as const) {
    if (n === 0) continue;
    findings.push({
      id: 'key-unusable',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/key',
      message: `${plural(n, `${side} row`)} ha${n === 1 ? 's' : 've'} no usable ${keyText} (a string or a number), so ${n === 1 ? 'it cannot' : 'they cannot'} be paired (${list(
        lines.map((l) => `line ${l}`),
        n,
      )}).`,
    });
  }
  for (const [side, n, dups] of [
    ['base', baseDuplicateCount, baseDuplicates],
    ['head', headDuplicateCount, headDuplicates],
  ] as const) {
    if (n === 0) continue;
    findings.push({
      id: 'key-duplicate',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/key',
      new: dups[0]!.key,
      message: `${plural(n, `${side} row`)} repeat${n === 1 ? 's' : ''} a ${keyText} already seen and ${n === 1 ? 'is' : 'are'} not compared (${list(
        dups.map((d) => `${rowName(d.line, d.key)}${d.first ? `, first at line ${d.first}` : ''}`),
        n,
      )}).`,
    });
  }
  if (missingCount > 0) {
    findings.push({
      id: 'key-missing-at-head',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/predictions',
      old: missing[0]!.key,
      message: `${plural(missingCount, 'base row')} ha${missingCount === 1 ? 's' : 've'} no head row with the same ${keyText}, so ${missingCount === 1 ? 'its' : 'their'} behavior is unverified (${list(
        missing.map((m) => rowName(m.line, m.key)),
        missingCount,
      )} of the base).`,
    });
  }
  if (addedCount > 0) {
    findings.push({
      id: 'key-added-at-head',
      bump: 'none',
      area: 'behavior',
      pointer: '/reference/predictions',
      new: added[0]!.key,
      message: `${plural(addedCount, 'head row')} ha${addedCount === 1 ? 's' : 've'} a ${keyText} the base does not have, so ${addedCount === 1 ? 'it is' : 'they are'} only checked against the output schemas (${list(
        added.map((a) => rowName(a.line, a.key)),
        addedCount,
      )}).`,
    });
  }
  if (inputChangedCount > 0) {
    findings.push({
      id: 'reference-inputs-changed',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/inputs',
      message: `The reference inputs of ${plural(inputChangedCount, 'key')} changed between base and head, so ${inputChangedCount === 1 ? 'its predictions are' : 'their predictions are'} not compared (${list(
        inputChanged.map((c) => `${rowName(c.line, c.key)}, base line ${c.baseLine}`),
        inputChangedCount,
      )}).`,
    });
  }
  return { base: basePredictions, head: headPredictions, paired, basePredictions, headPredictions, findings };
}

function inputFindings(input: BehaviorInput, inputs: InputsComparison): Finding[] {
  if (inputs.identical || input.key !== undefined) return [];
  const f = inputs.first;
  const where =
    f === undefined
      ? ''
      : f.baseLine !== undefined && f.line !== undefined
        ? ` (first at line ${f.line}: ${brief(f.old, 60)} → ${brief(f.new, 60)})`
        : f.line !== undefined
          ? ` (the head has more rows, from line ${f.line})`
          : ` (the base has more rows, from line ${f.baseLine})`;
  return [
    {
      id: 'reference-inputs-changed',
      bump: 'minor',
      area: 'behavior',
      pointer: '/reference/inputs',
      old: inputs.base,
      new: inputs.head,
      message: `The reference inputs ${input.head.inputs.name} differ from the base's${where}, so base and head predictions answer different requests and are not compared; keep the inputs fixed, or set a \`key\` to compare the rows both have.`,
    },
  ];
}

/**
 * A field no base row has and head rows do, which the head output schema declares: an addition,
 * which the interface rules already report (`property-added`), so it passes here and raises no
 * behavior finding. One the head schema does not declare stays a change held to exact equality.
 */
function markAdded(r: ToleranceReport, headSchema: SchemaSet): void {
  if (!r.added) return;
  const tokens = r.field.startsWith('/') ? parsePointer(r.field) : [];
  const inHeadSchema = tokens.length === 1 && declaresProperty(headSchema, tokens[0]!);
  r.added.inHeadSchema = inHeadSchema;
  if (!inHeadSchema) return;
  r.pass = true;
  r.summary = `${r.field}: added in the head (present in ${plural(r.added.rows, 'row')}, absent from every base row), declared by the head output schema that every head prediction is checked against.`;
}

function comparisonFindings(reports: ToleranceReport[], comparator: Comparator): Finding[] {
  const findings: Finding[] = [];
  const shapeFields = new Set<string>();
  let failing = 0;
  for (const r of reports) {
    const pointer = r.index !== undefined ? `/reference/tolerances/${r.index}` : '/reference/predictions';
    const example = r.worst[0];
    if (r.numbers.shapeChanged > 0 && !shapeFields.has(r.field)) {
      shapeFields.add(r.field);
      const s = r.shape[0];
      findings.push({
        id: 'prediction-field-shape-changed',
        bump: 'minor',
        area: 'behavior',
        pointer,
        instancePath: r.field,
        message: `In ${plural(r.numbers.shapeChanged, 'row')} the head prediction's ${r.field} can no longer be compared as the ${r.kind.replace('_', '/')} tolerance needs${s ? ` (first at ${rowName(s.line, s.key)}: ${s.reason})` : ''}.`,
      });
    }
    if (r.pass) continue;
    failing++;
    const f: Finding = {
      id: r.declared ? 'tolerance-exceeded' : 'field-changed-without-tolerance',
      bump: 'minor',
      area: 'behavior',
      pointer,
      instancePath: r.field,
      message: r.declared
        ? `${r.summary.replace(/\.$/, '')}, so the ${r.kind.replace('_', '/')} tolerance is exceeded${example ? ` (e.g. ${rowName(example.line, example.key)}: ${brief(example.old, 40)} → ${brief(example.new, 40)})` : ''}.`
        : `${r.field || 'The prediction'} changed in ${plural(r.changed, 'row')} of ${r.rows} and has no declared tolerance, so it is held to exact equality${example ? ` (first at ${rowName(example.line, example.key)}: ${brief(example.old, 40)} → ${brief(example.new, 40)})` : ''}.`,
    };
    if (example) {
      f.old = example.old;
      f.new = example.new;
    }
    findings.push(f);
  }
  // Rows that differ only by an added field did not change behavior.
  const changedOtherwise = reports.some((r) => r.changed > 0 && !(r.added?.inHeadSchema === true));
  if (failing === 0 && comparator.changedRows > 0 && changedOtherwise) {
    findings.push({
      id: 'predictions-changed-within-tolerance',
      bump: 'patch',
      area: 'behavior',
      pointer: '/reference/predictions',
      message: `Predictions changed in ${plural(comparator.changedRows, 'row')} of ${comparator.rows}, all within the declared tolerances.`,
    });
  }
  return findings;
}

function schemaFindings(schemas: SchemaChecks, input: BehaviorInput): Finding[] {
  const findings: Finding[] = [];
  const first = (c: SchemaCheck) => {
    const v = c.first[0]!;
    return `first at ${rowName(v.line, v.key)}: ${v.instancePath || '/'} ${v.message}`;
  };
  const { head, base } = schemas.state();
  if (head.violations > 0) {
    findings.push({
      id: 'prediction-violates-head-schema',
      bump: 'none',
      area: 'behavior',
      direction: 'output',
      pointer: '/interface/output',
      instancePath: head.first[0]!.instancePath,
      blocking: true,
      message: `${plural(head.violations, 'head prediction')} of ${head.rows} in ${input.head.predictions.name} do${head.violations === 1 ? 'es' : ''} not match the head output schema (${first(head)}), so the contract does not describe what the model emits.`,
      hint: 'Fix the model or the output schema so that every reference prediction matches it.',
    });
  }
  if (base.violations > 0) {
    findings.push({
      id: 'prediction-violates-base-schema',
      bump: 'major',
      area: 'behavior',
      direction: 'output',
      pointer: '/interface/output',
      instancePath: base.first[0]!.instancePath,
      message: `${plural(base.violations, 'head prediction')} of ${base.rows} no longer match${base.violations === 1 ? 'es' : ''} the base output schema that consumers of the previous version parse (${first(base)}).`,
      hint: 'Keep the old output shape (add new fields beside it), or release a new major version.',
    });
  }
  return findings;
}
