/**
 * The KServe importer: Open Inference Protocol (V2) model metadata and MLServer's
 * model-settings.json, on the project's own fixtures (fixtures/imports/kserve).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInterface, type ImportedInterface } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { thrown } from './thrown.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const DIR = path.join(ROOT, 'fixtures/imports/kserve');

function load(file: string): ImportedInterface {
  return importInterface('kserve', readFileSync(path.join(DIR, file)), file);
}

function inline(metadata: unknown, file = 'metadata.json'): ImportedInterface {
  return importInterface('kserve', new TextEncoder().encode(JSON.stringify(metadata, null, 2)), file);
}

const fp32x34 = {
  type: 'array',
  items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 4, maxItems: 4 },
  minItems: 3,
  maxItems: 3,
};

describe('V2 model metadata', () => {
  it('an object keyed by tensor name: inputs closed, outputs open, every tensor required', () => {
    const m = load('cast-float.json');
    expect(m).toEqual({
      kind: 'kserve',
      input: { $schema: DRAFT, type: 'object', properties: { input: fp32x34 }, required: ['input'], additionalProperties: false },
      output: { $schema: DRAFT, type: 'object', properties: { output: fp32x34 }, required: ['output'] },
      tensors: [
        { direction: 'input', name: 'input', dims: [3, 4] },
        { direction: 'output', name: 'output', dims: [3, 4] },
      ],
    });
  });

  it('maps every V2 datatype', () => {
    const types = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'BF16', 'FP32', 'FP64', 'BYTES'];
    const m = inline({ name: 'm', outputs: types.map((datatype) => ({ name: datatype, datatype, shape: [] })) });
    expect((m.output as { properties: unknown }).properties).toEqual({
      BOOL: { type: 'boolean' },
      UINT8: { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 },
      UINT16: { type: 'integer', format: 'uint16', minimum: 0, maximum: 65535 },
      UINT32: { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 },
      UINT64: { type: 'integer', format: 'uint64', minimum: 0 },
      INT8: { type: 'integer', format: 'int8', minimum: -128, maximum: 127 },
      INT16: { type: 'integer', format: 'int16', minimum: -32768, maximum: 32767 },
      INT32: { type: 'integer', format: 'int32' },
      INT64: { type: 'integer', format: 'int64' },
      FP16: { type: 'number', format: 'float16' },
      BF16: { type: 'number', format: 'bfloat16' },
      FP32: { type: 'number', format: 'float' },
      FP64: { type: 'number', format: 'double' },
      BYTES: { type: 'string' },
    });
    // Only outputs declared: the input is not described.
    expect(m.input).toBe(true);
  });

  it("MLServer's model-settings.json: the same tensor metadata; its model parameters and tensor content types are not part of the interface", () => {
    const m = load('add-model-settings.json');
    const t = {
      type: 'array',
      items: {
        type: 'array',
        items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 5, maxItems: 5 },
        minItems: 4,
        maxItems: 4,
      },
      minItems: 3,
      maxItems: 3,
    };
    expect(m.input).toEqual({ $schema: DRAFT, type: 'object', properties: { x: t, y: t }, required: ['x', 'y'], additionalProperties: false });
    expect(m.output).toEqual({ $schema: DRAFT, type: 'object', properties: { sum: t }, required: ['sum'] });
  });

  it('an empty inputs list: only the empty object is accepted', () => {
    expect(inline({ name: 'm', inputs: [], outputs: [] }).input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {},
      additionalProperties: false,
    });
  });
});

describe('KServe errors', () => {
  it('an unknown datatype: the file, the tensor, where it is and the datatypes there are', () => {
    const e = thrown(() => load('bad/unknown-datatype.json'));
    expect(e.file).toBe('bad/unknown-datatype.json');
    expect([e.line, e.column, e.pointer]).toEqual([5, 33, '/inputs/0/datatype']);
    expect(e.message).toBe(
      'inputs[0] ("input"): unknown V2 datatype "FLOAT32"; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES',
    );
  });

  it('a tensor without a name', () => {
    const e = thrown(() => load('bad/missing-name.json'));
    expect(e.message).toBe('outputs[0]: missing "name"');
    expect(e.pointer).toBe('/outputs/0');
    expect(e.line).toBe(6);
  });

  it('a JSON file that is not model metadata', () => {
    expect(thrown(() => load('bad/not-metadata.json')).message).toBe(
      'the file declares neither "inputs" nor "outputs"; expected Open Inference Protocol (V2) model metadata or an MLServer model-settings.json',
    );
  });

  it.each([
    [{ inputs: {} }, '"inputs" must be a list of tensor metadata ({name, datatype, shape}), got a mapping'],
    [{ inputs: ['x'] }, 'inputs[0]: expected tensor metadata ({name, datatype, shape}), got the string "x"'],
    [{ inputs: [{ name: '', datatype: 'FP32', shape: [1] }] }, 'inputs[0]: "name" must be a non-empty string, got the string ""'],
    [{ inputs: [{ name: 'x', shape: [1] }] }, 'inputs[0] ("x"): missing "datatype"'],
    [{ inputs: [{ name: 'x', datatype: 'FP32' }] }, 'inputs[0] ("x"): missing "shape" (a list of axis lengths, -1 for any)'],
    [
      { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, -3] }] },
      'inputs[0] ("x"): axis 1 of "shape" must be a length (0 or more) or -1 for any, got number -3',
    ],
    [
      {
        outputs: [
          { name: 'x', datatype: 'FP32', shape: [1] },
          { name: 'x', datatype: 'FP32', shape: [1] },
        ],
      },
      'outputs[1] ("x"): the tensor name "x" appears twice in "outputs"',
    ],
  ])('%j', (metadata, message) => {
    const e = thrown(() => inline({ name: 'm', ...metadata }, 'models/m/metadata.json'));
    expect(e.file).toBe('models/m/metadata.json');
    expect(e.message).toBe(message);
    expect(e.line).toBeGreaterThan(0);
  });

  it('an unknown import kind', () => {
    expect(thrown(() => importInterface('pmml' as 'onnx', new Uint8Array(0), 'm.pmml')).message).toBe(
      'unknown import kind "pmml"; expected one of mlflow, onnx, kserve, openapi, proto',
    );
    expect(thrown(() => importInterface('toString' as 'onnx', new Uint8Array(0), 'm')).message).toMatch(/^unknown import kind "toString"/);
  });

  it('malformed JSON and a list at the top level', () => {
    expect(thrown(() => importInterface('kserve', new TextEncoder().encode('{"inputs": ['), 'm.json')).message).toMatch(/^malformed JSON/);
    expect(thrown(() => importInterface('kserve', new TextEncoder().encode('[]'), 'm.json')).message).toMatch(/expected a mapping at the top level/);
  });
});
