/**
 * The importers on real files (../shared/fixtures): every MLflow MLmodel and every ONNX model
 * imports into valid draft 2020-12 schemas; the ONNX backend test data (the inputs a runtime is fed
 * and the outputs it returns) validates against them; and pairs of real files give the verdicts
 * their differences call for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { IMPORT_KEYWORDS } from './keywords.js';
import addFormatsModule from 'ajv-formats';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { describeTensorPath, importInterface, type ImportedInterface, type ImportKind } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';

const { onnx } = onnxProto;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** Strict ajv with the numeric formats the importers write (ajv-formats knows int32/int64/float/double). */
function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, keywords: IMPORT_KEYWORDS });
  addFormats(ajv);
  for (const f of ['int2', 'int4', 'int8', 'int16', 'uint2', 'uint4', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'bfloat16']) {
    ajv.addFormat(f, { type: 'number', validate: () => true });
  }
  return ajv;
}

function own(...parts: string[]): string {
  return path.join(ROOT, 'fixtures/imports', ...parts);
}

function load(kind: ImportKind, file: string): ImportedInterface {
  return importInterface(kind, readFileSync(file), path.relative(ROOT, file));
}

function diff(a: ImportedInterface, b: ImportedInterface, direction: 'input' | 'output') {
  return diffSchemas(singleSchemaSet(a[direction]), singleSchemaSet(b[direction]), direction, DEFAULT_POLICY);
}

/** Files named `name` (or ending in `.onnx` when name is that suffix) anywhere under dir. */
function find(dir: string, match: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...find(p, match));
    else if (match(entry)) out.push(p);
  }
  return out;
}

// TensorProto → nested arrays -------------------------------------------------------------

type Num = number | { toNumber(): number };
interface TensorProto {
  name?: string;
  dims: Num[];
  dataType: number;
  floatData: number[];
  doubleData: number[];
  int32Data: number[];
  int64Data: Num[];
  uint64Data: Num[];
  stringData: Uint8Array[];
  rawData: Uint8Array;
}

const toNum = (v: Num): number => (typeof v === 'number' ? v : v.toNumber());

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The elements of a TensorProto, in row-major order, from its typed field or from raw_data (little-endian). */
function flatValues(t: TensorProto): unknown[] {
  const raw = t.rawData && t.rawData.length > 0 ? new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength) : undefined;
  const fromRaw = (width: number, read: (offset: number) => unknown) => Array.from({ length: raw!.byteLength / width }, (_, i) => read(i * width));
  switch (t.dataType) {
    case 1: // FLOAT
      return raw ? fromRaw(4, (o) => raw.getFloat32(o, true)) : t.floatData;
    case 11: // DOUBLE
      return raw ? fromRaw(8, (o) => raw.getFloat64(o, true)) : t.doubleData;
    case 7: // INT64
      return raw ? fromRaw(8, (o) => Number(raw.getBigInt64(o, true))) : t.int64Data.map(toNum);
    case 13: // UINT64
      return raw ? fromRaw(8, (o) => Number(raw.getBigUint64(o, true))) : t.uint64Data.map(toNum);
    case 12: // UINT32
      return raw ? fromRaw(4, (o) => raw.getUint32(o, true)) : t.uint64Data.map(toNum);
    case 6: // INT32
      return raw ? fromRaw(4, (o) => raw.getInt32(o, true)) : t.int32Data;
    case 5: // INT16
      return raw ? fromRaw(2, (o) => raw.getInt16(o, true)) : t.int32Data;
    case 4: // UINT16
      return raw ? fromRaw(2, (o) => raw.getUint16(o, true)) : t.int32Data;
    case 3: // INT8
      return raw ? fromRaw(1, (o) => raw.getInt8(o)) : t.int32Data;
    case 2: // UINT8
      return raw ? fromRaw(1, (o) => raw.getUint8(o)) : t.int32Data;
    case 9: // BOOL
      return (raw ? fromRaw(1, (o) => raw.getUint8(o)) : t.int32Data).map((v) => v !== 0);
    case 10: // FLOAT16
      return (raw ? fromRaw(2, (o) => raw.getUint16(o, true)) : t.int32Data).map((v) => halfToNumber(v as number));
    case 8: // STRING
      return t.stringData.map((b) => new TextDecoder().decode(b));
  }
  throw new Error(`test data of element type ${t.dataType} is not converted by this test`);
}

/**
 * A tensor as nested arrays, one level per axis (a rank-0 tensor is its single element). NaN and
 * ±Infinity have no JSON number (test_cast_FLOAT_to_DOUBLE holds all three): they become 0 and are
 * counted in `specials`.
 */
function tensorToJson(t: TensorProto, specials: { count: number }): unknown {
  const dims = t.dims.map(toNum);
  const flat = flatValues(t).map((v) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    specials.count++;
    return 0;
  });
  const size = dims.reduce((a, b) => a * b, 1);
  expect(flat.length, `elements of ${t.name}`).toBe(size);
  const build = (axis: number, offset: number): unknown => {
    if (axis === dims.length) return flat[offset];
    const stride = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dims[axis]! }, (_, i) => build(axis + 1, offset + i * stride));
  };
  return build(0, 0);
}

// -------------------------------------------------------------------------------------------

const available = sharedAvailable('the importer tests on real models');

describe.skipIf(!available)('real MLflow MLmodel files', () => {
  const files = available ? find(path.join(SHARED, 'fixtures/mlflow'), (f) => f === 'MLmodel') : [];

  it('finds the MLmodel files', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((f) => [path.relative(SHARED, f), f]))('%s imports into valid draft 2020-12 schemas', (_, file) => {
    const imported = load('mlflow', file);
    const ajv = strictAjv();
    for (const schema of [imported.input, imported.output, ...(imported.params ? [imported.params] : [])]) {
      expect(typeof schema === 'boolean' || schema.$schema === 'https://json-schema.org/draft/2020-12/schema').toBe(true);
      expect(() => ajv.compile(schema)).not.toThrow();
    }
    // Deterministic: the same bytes give the same schemas.
    expect(load('mlflow', file)).toEqual(imported);
  });

  const mlflow = (name: string) => load('mlflow', path.join(SHARED, 'fixtures/mlflow', name, 'MLmodel'));

  it('heart-classifier-batch → heart-classifier-sdk: the output column gains a name, MAJOR; the input is unchanged', () => {
    const a = mlflow('heart-classifier-batch');
    const b = mlflow('heart-classifier-sdk');
    expect(a.output).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'integer', format: 'int64' });
    expect(b.output).toMatchObject({ type: 'object', properties: { target: { type: 'integer', format: 'int64' } }, required: ['target'] });
    expect(diff(a, b, 'input')).toEqual([]);
    const out = diff(a, b, 'output');
    expect(requiredOf(out)).toBe('major');
    expect(out.map((f) => f.id)).toContain('type-changed');
  });

  it('nyc-taxi-pipeline → nyc-taxi-registry: other MLflow versions, the same signature, no findings', () => {
    const a = mlflow('nyc-taxi-pipeline');
    const b = mlflow('nyc-taxi-registry');
    expect(diff(a, b, 'input')).toEqual([]);
    expect(diff(a, b, 'output')).toEqual([]);
  });

  it('lightgbm-iris: integer column names become the keys "0", "1", "2"', () => {
    const out = mlflow('lightgbm-iris').output as { properties: object; required: string[] };
    expect(Object.keys(out.properties)).toEqual(['0', '1', '2']);
    expect(out.required).toEqual(['0', '1', '2']);
  });

  it('mlflow-model-tensor-output: a tensor of dtype object is a list of anything', () => {
    const m = mlflow('mlflow-model-tensor-output');
    expect(m.output).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', items: {} });
    expect(m.tensors).toEqual([{ direction: 'output', name: null, dims: [null] }]);
    expect(describeTensorPath(m, 'output', '/*')).toBe('the tensor, element type');
  });

  it('openai-embeddings: an unnamed string input and params with the legacy dtype key', () => {
    const m = mlflow('openai-embeddings');
    expect(m.input).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' });
    expect(m.params).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { batch_size: { type: 'integer', format: 'int64', default: 16 } },
    });
  });
});

describe.skipIf(!available)('real ONNX models', () => {
  // Not LICENSE.onnx: the ONNX project's licence text, beside the models.
  const files = available ? find(path.join(SHARED, 'fixtures/onnx'), (f) => f.endsWith('.onnx') && !f.startsWith('LICENSE')) : [];

  it('finds the models', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((f) => [path.relative(SHARED, f), f]))('%s imports; its test data validates against the schemas', (_, file) => {
    const imported = load('onnx', file);
    const ajv = strictAjv();
    const validate = { input: ajv.compile(imported.input as object), output: ajv.compile(imported.output as object) };
    const dataDir = path.join(path.dirname(file), 'test_data_set_0');
    if (!existsSync(dataDir)) return;
    let checked = 0;
    const specials = { count: 0 };
    for (const direction of ['input', 'output'] as const) {
      const names = imported.tensors.filter((t) => t.direction === direction).map((t) => t.name!);
      const instance: Record<string, unknown> = {};
      for (let i = 0; existsSync(path.join(dataDir, `${direction}_${i}.pb`)); i++) {
        const t = onnx.TensorProto.decode(readFileSync(path.join(dataDir, `${direction}_${i}.pb`))) as unknown as TensorProto;
        const name = t.name && names.includes(t.name) ? t.name : names[i]!;
        instance[name] = tensorToJson(t, specials);
        checked++;
      }
      expect(Object.keys(instance).sort()).toEqual([...names].sort());
      const ok = validate[direction](instance);
      expect(ok, JSON.stringify(validate[direction].errors)).toBe(true);
      // And the schema constrains: a tensor missing an item of a fixed-length axis 0 is rejected.
      for (const tensor of imported.tensors.filter((t) => t.direction === direction)) {
        if (!tensor.dims || typeof tensor.dims[0] !== 'number' || tensor.dims[0] === 0) continue;
        const bad = { ...instance, [tensor.name!]: (instance[tensor.name!] as unknown[]).slice(1) };
        expect(validate[direction](bad), `${direction} ${tensor.name} with a short axis 0`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(1);
    // The values stood in for are outside what a JSON Schema number describes.
    if (specials.count > 0) expect(strictAjv().validate({ type: 'number' }, NaN)).toBe(false);
  });

  it('LICENSE.onnx (a text file named .onnx) is not an ONNX model', () => {
    const file = path.join(SHARED, 'fixtures/onnx/LICENSE.onnx');
    expect(() => load('onnx', file)).toThrow(/is not an ONNX model/);
  });

  it('light_squeezenet (IR 3): the 52 weights listed as inputs are dropped, one input remains', () => {
    const m = load('onnx', path.join(SHARED, 'fixtures/onnx/light/light_squeezenet.onnx'));
    expect(m.tensors).toEqual([
      { direction: 'input', name: 'data_0', dims: [1, 3, 224, 224] },
      { direction: 'output', name: 'softmaxout_1', dims: [1, 1000, 1, 1] },
    ]);
    expect((m.input as { additionalProperties: unknown }).additionalProperties).toBe(false);
  });

  it('test_sequence_model8: a symbolic dimension "n" is free and named; a rank-0 output is a bare element', () => {
    const m = load('onnx', path.join(SHARED, 'fixtures/onnx/simple/test_sequence_model8/model.onnx'));
    expect(m.tensors).toContainEqual({ direction: 'input', name: 'X', dims: ['n'] });
    expect((m.input as { properties: Record<string, unknown> }).properties.X).toEqual({ type: 'array', items: { type: 'number', format: 'float' } });
    expect((m.output as { properties: Record<string, unknown> }).properties.len).toEqual({ type: 'integer', format: 'int64' });
    expect(describeTensorPath(m, 'input', '/X', 'fixed-length-changed')).toBe('tensor "X", axis 0 (symbolic "n")');
  });

  const onnxModel = (name: string) => load('onnx', path.join(SHARED, 'fixtures/onnx', name, 'model.onnx'));

  it('test_cast_FLOAT_to_DOUBLE against the same tensors declared FP32: the output element widened, MAJOR', () => {
    const declared = load('kserve', own('kserve/cast-float.json'));
    const model = onnxModel('test_cast_FLOAT_to_DOUBLE');
    expect(diff(declared, model, 'input')).toEqual([]);
    const out = diff(declared, model, 'output');
    expect(out.map((f) => [f.id, f.bump, f.instancePath])).toEqual([['format-widened', 'major', '/output/*/*']]);
    expect(requiredOf(out)).toBe('major');
    expect(describeTensorPath(model, 'output', out[0]!.instancePath!)).toBe('tensor "output", element type');
    // The other way round the output narrows: MINOR.
    expect(requiredOf(diff(model, declared, 'output'))).toBe('minor');
  });

  it('ONNX models and KServe/MLServer metadata describing the same tensors give the same schemas', () => {
    const pairs: [string, string][] = [
      ['test_cast_FLOAT_to_DOUBLE', 'kserve/cast-float-to-double.json'],
      ['test_add', 'kserve/add-model-settings.json'],
    ];
    for (const [model, metadata] of pairs) {
      const a = onnxModel(model);
      const b = load('kserve', own(metadata));
      expect(b.input).toEqual(a.input);
      expect(b.output).toEqual(a.output);
      expect(b.tensors).toEqual(a.tensors);
      expect(diff(a, b, 'input')).toEqual([]);
      expect(diff(a, b, 'output')).toEqual([]);
    }
  });
});

describe('KServe metadata pairs (own fixtures)', () => {
  it('a dimension change [3, 4] → [3, 5] is MAJOR both ways and names the tensor and axis 1', () => {
    const a = load('kserve', own('kserve/cast-float.json'));
    const b = load('kserve', own('kserve/cast-float-3x5.json'));
    for (const direction of ['input', 'output'] as const) {
      const findings = diff(a, b, direction);
      expect(findings.map((f) => [f.id, f.bump, f.instancePath, f.old, f.new])).toEqual([['fixed-length-changed', 'major', `/${direction}/*`, 4, 5]]);
      expect(describeTensorPath(a, direction, findings[0]!.instancePath!, findings[0]!.id)).toBe(`tensor "${direction}", axis 1 (length 4)`);
      expect(describeTensorPath(b, direction, findings[0]!.instancePath!)).toBe(`tensor "${direction}", axis 1 (length 5)`);
    }
  });
});
