/**
 * Laws of the importers, checked with fast-check from fixed seeds:
 * - importing is deterministic, the schemas compile (strict ajv, draft 2020-12), and an import
 *   compared with itself has no findings, for random MLflow signatures;
 * - widening every integer to long and float to double is at most MINOR for inputs and exactly
 *   MAJOR for outputs (when anything was widened);
 * - an ONNX model and V2 metadata declaring the same tensors import to the same schemas;
 * - any bytes give an interface or an InputError, never another exception.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { IMPORT_KEYWORDS } from './keywords.js';
import fc from 'fast-check';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { InputError } from '../../src/core/errors.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { importInterface, IMPORT_KINDS, type ImportedInterface, type ImportKind } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';

const { onnx } = onnxProto;
const RUNS = Number(process.env.LAWS_RUNS ?? 300);
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const params = (seed: number, numRuns = RUNS) => ({ seed: FC_SEED ?? seed, numRuns });

type Spec = { [key: string]: unknown };

// Random MLflow signatures ------------------------------------------------------------------

const SCALARS = ['boolean', 'integer', 'long', 'float', 'double', 'string', 'binary', 'datetime'];
const name = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ .'"-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constant('__proto__') },
);
const required = fc.constantFrom<unknown>(true, false, 'true', 'false', undefined);
const withRequired = (spec: Spec, r: unknown): Spec => (r === undefined ? spec : { ...spec, required: r });

const { type: typeSpec } = fc.letrec<{ type: Spec; array: Spec; map: Spec; object: Spec }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((type) => ({ type })),
    fc.constant({ type: 'any' }),
    tie('array'),
    tie('map'),
    tie('object'),
  ),
  array: tie('type').map((items) => ({ type: 'array', items })),
  map: tie('type').map((values) => ({ type: 'map', values })),
  object: fc
    .uniqueArray(fc.tuple(name, tie('type'), required), { minLength: 1, maxLength: 3, selector: (p) => p[0] })
    .map((props) => ({ type: 'object', properties: Object.fromEntries(props.map(([n, s, r]) => [n, withRequired(s, r)])) })),
}));

const tensorSpec = fc.record({
  type: fc.constant('tensor'),
  'tensor-spec': fc.record({
    dtype: fc.constantFrom(
      'bool',
      'int8',
      'int32',
      'int64',
      'uint8',
      'uint64',
      'float16',
      'float32',
      'float64',
      'str',
      'bytes',
      'object',
      'complex64',
      'datetime64[ns]',
    ),
    shape: fc.array(fc.oneof(fc.constant(-1), fc.nat(5)), { maxLength: 4 }),
  }),
});

/** A list of column specs: all named (strings or integers), or unnamed and required; or tensor specs. */
const columns: fc.Arbitrary<Spec[]> = fc.oneof(
  fc
    .uniqueArray(fc.tuple(fc.oneof(name, fc.nat(20)), typeSpec, required), { minLength: 1, maxLength: 5, selector: (c) => String(c[0]) })
    .map((cols) => cols.map(([n, s, r]) => withRequired({ ...s, name: n }, r))),
  fc.array(typeSpec, { minLength: 1, maxLength: 3 }),
  fc
    .uniqueArray(fc.tuple(name, tensorSpec), { minLength: 1, maxLength: 3, selector: (t) => t[0] })
    .map((ts) => ts.map(([n, t]) => ({ ...t, name: n }))),
  tensorSpec.map((t) => [t]),
);

const paramSpecs = fc.uniqueArray(
  fc.record({
    name,
    type: fc.constantFrom('boolean', 'integer', 'long', 'float', 'double', 'string', 'datetime'),
    default: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[a-z ]{0,6}$/)),
    shape: fc.constantFrom(null, [-1]),
  }),
  { maxLength: 3, selector: (p) => p.name },
);

const signature = fc.record({ inputs: columns, outputs: columns, params: fc.option(paramSpecs, { nil: undefined }) });

function mlmodel(sig: { inputs: unknown; outputs: unknown; params?: unknown }): Uint8Array {
  const part = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'`;
  const lines = [
    'flavors:',
    '  python_function:',
    '    loader_module: mlflow.pyfunc.model',
    'signature:',
    `  inputs: ${part(sig.inputs)}`,
    `  outputs: ${part(sig.outputs)}`,
  ];
  if (sig.params !== undefined) lines.push(`  params: ${part(sig.params)}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function sides(m: ImportedInterface): [string, unknown, 'input' | 'output'][] {
  return [
    ['input', m.input, 'input'],
    ['output', m.output, 'output'],
    ...(m.params ? [['params', m.params, 'input'] as [string, unknown, 'input']] : []),
  ];
}

/** integer → long and float → double everywhere in a signature list; how many were changed. */
function widen(specs: unknown): { specs: unknown; changed: number } {
  let changed = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Spec = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'type' && (x === 'integer' || x === 'float')) {
        changed++;
        Object.defineProperty(out, k, { value: x === 'integer' ? 'long' : 'double', enumerable: true, writable: true, configurable: true });
      } else {
        Object.defineProperty(out, k, { value: walk(x), enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  };
  return { specs: walk(specs), changed };
}

describe('laws: MLflow signatures', () => {
  it('importing is deterministic, the schemas compile, and an import has no findings against itself', () => {
    fc.assert(
      fc.property(signature, (sig) => {
        const bytes = mlmodel(sig);
        const a = importInterface('mlflow', bytes, 'MLmodel');
        const b = importInterface('mlflow', bytes.slice(), 'MLmodel');
        expect(b).toEqual(a);
        const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false, keywords: IMPORT_KEYWORDS });
        for (const [, schema, direction] of sides(a)) {
          expect(() => ajv.compile(schema as object)).not.toThrow();
          expect(diffSchemas(singleSchemaSet(schema), singleSchemaSet(structuredClone(schema)), direction, DEFAULT_POLICY)).toEqual([]);
        }
      }),
      params(11),
    );
  });

  it('widening integer → long and float → double is at most MINOR for inputs and MAJOR for outputs', () => {
    fc.assert(
      fc.property(signature, (sig) => {
        const inputs = widen(sig.inputs);
        const outputs = widen(sig.outputs);
        const a = importInterface('mlflow', mlmodel(sig), 'MLmodel');
        const b = importInterface('mlflow', mlmodel({ ...sig, inputs: inputs.specs, outputs: outputs.specs }), 'MLmodel');
        const input = requiredOf(diffSchemas(singleSchemaSet(a.input), singleSchemaSet(b.input), 'input', DEFAULT_POLICY));
        const output = requiredOf(diffSchemas(singleSchemaSet(a.output), singleSchemaSet(b.output), 'output', DEFAULT_POLICY));
        expect(input).toBe(inputs.changed > 0 ? 'minor' : 'none');
        expect(output).toBe(outputs.changed > 0 ? 'major' : 'none');
      }),
      params(12),
    );
  });
});

// ONNX and V2 metadata declaring the same tensors ------------------------------------------

const SHARED_TYPES: [number, string][] = [
  [1, 'FP32'],
  [11, 'FP64'],
  [10, 'FP16'],
  [16, 'BF16'],
  [3, 'INT8'],
  [5, 'INT16'],
  [6, 'INT32'],
  [7, 'INT64'],
  [2, 'UINT8'],
  [4, 'UINT16'],
  [12, 'UINT32'],
  [13, 'UINT64'],
  [9, 'BOOL'],
  [8, 'BYTES'],
];

/** A dimension: a length, or free (-1 in V2; a symbolic name or nothing in ONNX). */
const dim = fc.oneof(fc.nat(6), fc.constant(-1 as const), fc.stringMatching(/^[a-z]{1,5}$/));
const tensors = fc.uniqueArray(
  fc.record({ name: fc.string({ minLength: 1, maxLength: 8 }), type: fc.constantFrom(...SHARED_TYPES), dims: fc.array(dim, { maxLength: 4 }) }),
  {
    maxLength: 4,
    selector: (t) => t.name,
  },
);

describe('laws: ONNX and V2 metadata', () => {
  it('a model and metadata that declare the same tensors import to the same schemas', () => {
    fc.assert(
      fc.property(
        // At least one input: V2 metadata with no inputs means "not described" (open), an ONNX
        // graph without inputs takes nothing.
        tensors.filter((t) => t.length > 0),
        tensors.filter((t) => t.length > 0),
        (inputs, outputs) => {
          const valueInfo = (t: (typeof inputs)[number]) => ({
            name: t.name,
            type: {
              tensorType: {
                elemType: t.type[0],
                shape: { dim: t.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : d === -1 ? {} : { dimValue: d })) },
              },
            },
          });
          const model = onnx.ModelProto.encode({
            irVersion: 9,
            graph: { name: 'g', input: inputs.map(valueInfo), output: outputs.map(valueInfo) },
          }).finish();
          const meta = (t: (typeof inputs)[number]) => ({
            name: t.name,
            datatype: t.type[1],
            shape: t.dims.map((d) => (typeof d === 'number' ? d : -1)),
          });
          const metadata = new TextEncoder().encode(JSON.stringify({ name: 'm', inputs: inputs.map(meta), outputs: outputs.map(meta) }));
          const a = importInterface('onnx', model, 'model.onnx');
          const b = importInterface('kserve', metadata, 'metadata.json');
          expect(b.input).toEqual(a.input);
          expect(b.output).toEqual(a.output);
          expect(b.tensors.map((t) => t.dims?.map((d) => (typeof d === 'number' ? d : null)))).toEqual(
            a.tensors.map((t) => t.dims?.map((d) => (typeof d === 'number' ? d : null))),
          );
        },
      ),
      params(21),
    );
  });
});

// Robustness -------------------------------------------------------------------------------

function onlyInputErrors(kind: ImportKind, bytes: Uint8Array, file: string): void {
  try {
    importInterface(kind, bytes, file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.file).toBe(file);
    expect(err.message).not.toMatch(/\n\s+at /);
    // Not an unexpected exception caught by importInterface's safety net: each importer says what is wrong.
    expect(err.message).not.toMatch(/^cannot read the file as/);
  }
}

describe('laws: any bytes give an interface or an InputError', () => {
  const model = readFileSync(path.join(ROOT, 'fixtures/imports/onnx/tensors.onnx'));
  const mlmodelFile = readFileSync(path.join(ROOT, 'fixtures/imports/mlflow/types/MLmodel'));

  it('random bytes, for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_KINDS), fc.uint8Array({ maxLength: 300 }), (kind, bytes) =>
        onlyInputErrors(kind, bytes, `x.${kind === 'kserve' ? 'json' : kind}`),
      ),
      params(31),
    );
  });

  it('a real model with bytes changed or cut off', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(model.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(model.length),
        (edits, cut) => {
          const bytes = new Uint8Array(model.subarray(0, Math.max(cut, 1)));
          for (const [i, b] of edits) if (i < bytes.length) bytes[i] = b;
          onlyInputErrors('onnx', bytes, 'model.onnx');
        },
      ),
      params(32, RUNS * 3),
    );
  });

  it('an MLmodel with characters changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(mlmodelFile.length - 1), fc.constantFrom(...'[]{}",:\'01 -atx\n'.split('').map((c) => c.charCodeAt(0)))), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const bytes = new Uint8Array(mlmodelFile);
          for (const [i, b] of edits) bytes[i] = b;
          onlyInputErrors('mlflow', bytes, 'MLmodel');
        },
      ),
      params(33),
    );
  });

  it('types nested too deeply and tensors with too many axes are refused with an error', () => {
    let deep: Spec = { type: 'double' };
    for (let i = 0; i < 200; i++) deep = { type: 'array', items: deep };
    expect(() => importInterface('mlflow', mlmodel({ inputs: [deep], outputs: [{ type: 'double' }] }), 'MLmodel')).toThrow(
      /types nested more than 64 levels deep/,
    );
    const shape = Array.from({ length: 100 }, () => 1);
    expect(() =>
      importInterface('kserve', new TextEncoder().encode(JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape }] })), 'm.json'),
    ).toThrow(/the tensor has 100 axes; at most 64/);
    let seq: object = { tensorType: { elemType: 1, shape: { dim: [] } } };
    for (let i = 0; i < 100; i++) seq = { sequenceType: { elemType: seq } };
    const bytes = onnx.ModelProto.encode({ irVersion: 9, graph: { input: [{ name: 'x', type: seq }], output: [{ name: 'y', type: seq }] } }).finish();
    expect(() => importInterface('onnx', bytes, 'm.onnx')).toThrow(InputError);
  });
});
