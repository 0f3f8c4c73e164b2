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

  it("MLServer's model-settings.json: the same tensor metadata; its model parameters (uri, version) are not part of the interface", () => {
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

  it('an empty inputs list (what KServe reports by default) is "not described": open, with a note', () => {
    const m = inline({ name: 'm', inputs: [], outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }] });
    expect(m.input).toBe(true);
    expect(m.output).toMatchObject({ type: 'object', required: ['y'] });
    expect(m.notes).toEqual([
      {
        id: 'tensors-not-declared',
        message:
          'metadata.json declares no inputs ("inputs" is an empty list): the runtime does not describe them, so the input is read as open (anything).',
      },
    ]);
  });

  it('a model-settings.json without inputs or outputs (most real ones) is read: both open, a note for each', () => {
    const m = load('settings-without-tensors.json');
    expect(m.input).toBe(true);
    expect(m.output).toBe(true);
    expect(m.tensors).toEqual([]);
    expect(m.notes?.map((n) => n.message)).toEqual([
      'settings-without-tensors.json declares no inputs ("inputs" is absent): the runtime does not describe them, so the input is read as open (anything).',
      'settings-without-tensors.json declares no outputs ("outputs" is absent): the runtime does not describe them, so the output is read as open (anything).',
    ]);
  });

  it('content_type, of the model (inputs) and of a tensor, is kept as x-content-type', () => {
    const m = inline({
      name: 'm',
      parameters: { content_type: 'pd', uri: './model.joblib' },
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [-1], parameters: { content_type: 'str' } }],
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [-1], parameters: { content_type: 'str' } }],
    });
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: { text: { type: 'array', items: { type: 'string' }, 'x-content-type': 'str' } },
      required: ['text'],
      additionalProperties: false,
      'x-content-type': 'pd',
    });
    expect(m.output).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: { label: { type: 'array', items: { type: 'string' }, 'x-content-type': 'str' } },
      required: ['label'],
    });
    // Without inputs, the model's content type still decides how a request is decoded.
    expect(inline({ parameters: { content_type: 'pd' } }).input).toEqual({ $schema: DRAFT, 'x-content-type': 'pd' });
  });

  it('gRPC metadata printed as JSON (shape as strings, as the Triton gRPC client prints it) is read as the REST form', () => {
    const grpc = inline({
      name: 'densenet_onnx',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'data_0', datatype: 'FP32', shape: ['-1', '3', '224', '224'] }],
      outputs: [{ name: 'fc6_1', datatype: 'FP32', shape: ['-1', '1000', '1', '1'] }],
    });
    const rest = inline({
      name: 'densenet_onnx',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'data_0', datatype: 'FP32', shape: [-1, 3, 224, 224] }],
      outputs: [{ name: 'fc6_1', datatype: 'FP32', shape: [-1, 1000, 1, 1] }],
    });
    expect(grpc).toEqual(rest);
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

  it('a JSON file that is not a mapping', () => {
    expect(thrown(() => inline([1, 2])).message).toBe('expected a mapping at the top level, got a list');
  });

  it.each([
    [
      { inputs: [{ name: 'x', datatype: 'FP32', shape: ['3.5'] }] },
      'inputs[0] ("x"): axis 0 of "shape" must be a length (0 or more) or -1 for any, got the string "3.5"',
    ],
    [
      { inputs: [{ name: 'x', datatype: 'FP32', shape: ['-2'] }] },
      'inputs[0] ("x"): axis 0 of "shape" must be a length (0 or more) or -1 for any, got the string "-2"',
    ],
    [{ parameters: { content_type: 3 } }, 'the model: "parameters.content_type" must be a non-empty string, got number 3'],
    [{ inputs: [{ name: 'x', datatype: 'FP32', shape: [1], parameters: [] }] }, 'inputs[0] ("x"): "parameters" must be a mapping, got a list'],
  ])('%j is refused', (metadata, message) => {
    expect(thrown(() => inline(metadata)).message).toBe(message);
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
    expect(thrown(() => importInterface('pmml' as 'onnx', new Uint8Array(0), 'm.pmml')).message).toMatch(
      /^unknown import kind "pmml"; expected one of mlflow, onnx, kserve, triton, savedmodel, openapi, proto/,
    );
    expect(thrown(() => importInterface('toString' as 'onnx', new Uint8Array(0), 'm')).message).toMatch(/^unknown import kind "toString"/);
  });

  it('malformed JSON and a list at the top level', () => {
    expect(thrown(() => importInterface('kserve', new TextEncoder().encode('{"inputs": ['), 'm.json')).message).toMatch(/^malformed JSON/);
    expect(thrown(() => importInterface('kserve', new TextEncoder().encode('[]'), 'm.json')).message).toMatch(/expected a mapping at the top level/);
  });
});
