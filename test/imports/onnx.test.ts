/**
 * The ONNX importer on the project's own models (fixtures/imports/onnx, written by
 * scripts/make-onnx-fixtures.mjs): element types, symbolic and unknown shapes, weights listed as
 * inputs, sequence/map/optional values, and the errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { IMPORT_KEYWORDS } from './keywords.js';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { describeTensorPath, importInterface, type ImportedInterface } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { thrown } from './thrown.js';

const { onnx } = onnxProto;
const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const DIR = path.join(ROOT, 'fixtures/imports');

function load(kind: 'onnx' | 'kserve' | 'mlflow', file: string): ImportedInterface {
  return importInterface(kind, readFileSync(path.join(DIR, file)), file);
}

function findings(a: ImportedInterface, b: ImportedInterface, direction: 'input' | 'output') {
  return diffSchemas(singleSchemaSet(a[direction]), singleSchemaSet(b[direction]), direction, DEFAULT_POLICY);
}

/** A model with the given graph inputs and outputs (value infos as plain objects). */
function encode(inputs: object[], outputs: object[], irVersion = 8): Uint8Array {
  return onnx.ModelProto.encode({ irVersion, graph: { name: 'g', input: inputs, output: outputs } }).finish();
}

const float = (dims?: (number | string)[]) => ({
  tensorType: { elemType: 1, ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } : {}) },
});

describe('ONNX tensors', () => {
  const m = load('onnx', 'onnx/tensors.onnx');

  it('drops the weight that is also listed as an input; inputs are closed, outputs open', () => {
    const input = m.input as Record<string, unknown>;
    expect(Object.keys(input.properties as object)).toEqual(['tokens', 'mask', 'pixels', 'text', 'scale']);
    expect(input.required).toEqual(['tokens', 'mask', 'pixels', 'text', 'scale']);
    expect(input.additionalProperties).toBe(false);
    expect((m.output as Record<string, unknown>).additionalProperties).toBeUndefined();
  });

  it('maps element types and shapes', () => {
    const p = (m.input as { properties: Record<string, unknown> }).properties;
    expect(p.tokens).toEqual({ type: 'array', items: { type: 'array', items: { type: 'integer', format: 'int64' } } });
    expect(p.mask).toEqual({ type: 'array', items: { type: 'array', items: { type: 'boolean' } } });
    expect(p.text).toEqual({ type: 'array', items: { type: 'string' } });
    expect(p.scale).toEqual({ type: 'number', format: 'float16' });
    const o = (m.output as { properties: Record<string, unknown> }).properties;
    expect(o.codes).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'integer', format: 'uint16', minimum: 0, maximum: 65535 }, minItems: 2, maxItems: 2 },
    });
    expect(m.tensors).toEqual([
      { direction: 'input', name: 'tokens', dims: ['batch', 'seq'] },
      { direction: 'input', name: 'mask', dims: ['batch', 'seq'] },
      { direction: 'input', name: 'pixels', dims: ['batch', 3, 2, 2] },
      { direction: 'input', name: 'text', dims: ['batch'] },
      { direction: 'input', name: 'scale', dims: [] },
      { direction: 'output', name: 'probs', dims: ['batch', 10] },
      { direction: 'output', name: 'ids', dims: ['batch'] },
      { direction: 'output', name: 'codes', dims: [null, 2] },
    ]);
  });

  it('names symbolic axes and element types', () => {
    expect(describeTensorPath(m, 'input', '/tokens/*')).toBe('tensor "tokens", axis 1 (symbolic "seq")');
    expect(describeTensorPath(m, 'input', '/tokens', 'item-count-tightened')).toBe('tensor "tokens", axis 0 (symbolic "batch")');
    expect(describeTensorPath(m, 'input', '/pixels/*/*/*/*')).toBe('tensor "pixels", element type');
    expect(describeTensorPath(m, 'input', '/scale')).toBe('tensor "scale"');
    expect(describeTensorPath(m, 'input', '/scale', 'format-widened')).toBe('tensor "scale", element type');
    expect(describeTensorPath(m, 'output', '/codes', 'fixed-length-changed')).toBe('tensor "codes", axis 0 (any length)');
    expect(describeTensorPath(m, 'output', '/tokens')).toBeUndefined();
  });

  it('is the same interface as the V2 metadata that declares the same tensors (symbolic axes as -1, STRING as BYTES)', () => {
    const v2 = load('kserve', 'kserve/tensors-v2.json');
    expect(v2.input).toEqual(m.input);
    expect(v2.output).toEqual(m.output);
    expect(findings(m, v2, 'input')).toEqual([]);
    expect(findings(m, v2, 'output')).toEqual([]);
    // Only the names of the symbolic axes differ.
    expect(v2.tensors.find((t) => t.name === 'tokens')!.dims).toEqual([null, null]);
  });

  it('renaming a symbolic axis changes nothing; fixing it is MINOR for an output, MAJOR for an input', () => {
    const a = importInterface('onnx', encode([{ name: 'x', type: float(['n', 4]) }], [{ name: 'y', type: float(['n']) }]), 'a.onnx');
    const renamed = importInterface('onnx', encode([{ name: 'x', type: float(['batch', 4]) }], [{ name: 'y', type: float(['batch']) }]), 'b.onnx');
    const fixed = importInterface('onnx', encode([{ name: 'x', type: float([8, 4]) }], [{ name: 'y', type: float([8]) }]), 'c.onnx');
    expect(findings(a, renamed, 'input')).toEqual([]);
    expect(findings(a, renamed, 'output')).toEqual([]);
    expect(requiredOf(findings(a, fixed, 'input'))).toBe('major');
    expect(requiredOf(findings(a, fixed, 'output'))).toBe('minor');
  });
});

describe('ONNX values that are not plain tensors', () => {
  const m = load('onnx', 'onnx/values.onnx');
  const anyRank = { $ref: '#/$defs/any-rank-float' };
  const anyRankDef = { type: ['number', 'array'], format: 'float', items: anyRank };

  it('unknown rank, optional, sequence and complex inputs', () => {
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        anything: anyRank,
        maybe: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'number', format: 'float' }, minItems: 2, maxItems: 2 }] },
        items: { type: 'array', items: { type: 'array', items: { type: 'integer', format: 'int32' } } },
        wave: {
          type: 'array',
          items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 2, maxItems: 2, 'x-complex': true },
          minItems: 2,
          maxItems: 2,
        },
      },
      required: ['anything', 'items', 'wave'],
      additionalProperties: false,
      $defs: { 'any-rank-float': anyRankDef },
    });
  });

  it('sequence of maps with integer keys (ZipMap), map with string keys, a scalar', () => {
    expect(m.output).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        scores: { type: 'array', items: { type: 'object', additionalProperties: anyRank, propertyNames: { pattern: '^-?(0|[1-9][0-9]*)$' } } },
        names: { type: 'object', additionalProperties: { type: 'string' } },
        total: { type: 'number', format: 'double' },
      },
      required: ['scores', 'names', 'total'],
      $defs: { 'any-rank-float': anyRankDef },
    });
    expect(m.tensors.filter((t) => t.direction === 'output')).toEqual([
      { direction: 'output', name: 'scores', dims: null, wrappers: ['sequence', 'map'] },
      { direction: 'output', name: 'names', dims: [], wrappers: ['map'] },
      { direction: 'output', name: 'total', dims: [] },
    ]);
  });

  it('validates instances as a runtime would take and give them', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false, keywords: IMPORT_KEYWORDS });
    const input = ajv.compile(m.input as object);
    expect(
      input({
        anything: [[1, 2], [3]],
        maybe: null,
        items: [[1, 2], [3]],
        wave: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).toBe(true);
    expect(
      input({
        anything: 2.5,
        items: [],
        wave: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).toBe(true); // optional input left out, rank 0
    expect(
      input({
        anything: 'a',
        items: [],
        wave: [
          [1, 0],
          [0, 1],
        ],
      }),
    ).toBe(false);
    expect(
      input({
        anything: 1,
        items: [],
        wave: [
          [1, 0],
          [0, 1],
        ],
        extra: 1,
      }),
    ).toBe(false); // inputs are closed
    const output = ajv.compile(m.output as object);
    expect(output({ scores: [{ '0': 0.25, '1': 0.75 }], names: { a: 'x' }, total: 1.5, more: true })).toBe(true);
    expect(output({ scores: [{ zero: 0.25 }], names: {}, total: 1.5 })).toBe(false);
  });

  it('names the containers around the tensor', () => {
    expect(describeTensorPath(m, 'input', '/items/*')).toBe('tensor "items", sequence element');
    expect(describeTensorPath(m, 'input', '/items/*/*')).toBe('tensor "items", sequence element, element type');
    expect(describeTensorPath(m, 'input', '/anything/*')).toBe('tensor "anything", axis 1 or element type (rank unknown)');
    expect(describeTensorPath(m, 'input', '/wave/*/*')).toBe('tensor "wave", element type');
    expect(describeTensorPath(m, 'output', '/scores/*/*')).toBe('tensor "scores", sequence element, map value');
    expect(describeTensorPath(m, 'output', '/scores/*/*/*')).toBe(
      'tensor "scores", sequence element, map value, axis 1 or element type (rank unknown)',
    );
  });

  it('an optional input made required is MAJOR; a tensor of unknown rank given a float → double element is MINOR as input', () => {
    const optional = importInterface(
      'onnx',
      encode([{ name: 'x', type: { optionalType: { elemType: float([2]) } } }], [{ name: 'y', type: float([2]) }]),
      'a.onnx',
    );
    const required = importInterface('onnx', encode([{ name: 'x', type: float([2]) }], [{ name: 'y', type: float([2]) }]), 'b.onnx');
    expect(requiredOf(findings(optional, required, 'input'))).toBe('major');
    expect(requiredOf(findings(required, optional, 'input'))).toBe('minor');
    const f = importInterface('onnx', encode([{ name: 'x', type: float() }], [{ name: 'y', type: float() }]), 'f.onnx');
    const d = importInterface(
      'onnx',
      encode([{ name: 'x', type: { tensorType: { elemType: 11 } } }], [{ name: 'y', type: { tensorType: { elemType: 11 } } }]),
      'd.onnx',
    );
    expect(findings(f, d, 'input').map((x) => [x.id, x.bump])).toEqual([['format-widened', 'minor']]);
    expect(findings(f, d, 'output').map((x) => [x.id, x.bump])).toEqual([['format-widened', 'major']]);
  });
});

describe('ONNX errors', () => {
  it('an unknown element type names the file, the tensor and the number', () => {
    const e = thrown(() => load('onnx', 'onnx/elem-type-99.onnx'));
    expect(e.file).toBe('onnx/elem-type-99.onnx');
    expect(e.message).toMatch(/^input "x": unknown ONNX element type 99; expected one of FLOAT, UINT8, /);
    expect(e.format()).toMatch(/^onnx\/elem-type-99\.onnx: input "x": unknown ONNX element type 99/);
  });

  it('element type UNDEFINED (0)', () => {
    expect(thrown(() => load('onnx', 'onnx/elem-type-undefined.onnx')).message).toMatch(/^output "y": unknown ONNX element type UNDEFINED \(0\)/);
  });

  it('a truncated model (its first 60 bytes)', () => {
    const e = thrown(() => load('onnx', 'onnx/truncated.onnx'));
    expect(e.message).toMatch(/^the file is not an ONNX model \(the protobuf does not decode: /);
  });

  it('a ModelProto without a graph', () => {
    expect(thrown(() => load('onnx', 'onnx/no-graph.onnx')).message).toBe('the file is not an ONNX model (no graph)');
  });

  it('files that are not ONNX at all: an MLmodel, V2 metadata, nothing', () => {
    const metadata = 'kserve/cast-float.json';
    const e = thrown(() => importInterface('onnx', readFileSync(path.join(DIR, metadata)), metadata));
    expect(e.file).toBe(metadata);
    expect(e.message).toMatch(/^the file is not an ONNX model \(/);
    // An MLmodel is recognised by its name, and named as what it is.
    const mlmodel = 'mlflow/types/MLmodel';
    expect(thrown(() => importInterface('onnx', readFileSync(path.join(DIR, mlmodel)), mlmodel)).message).toMatch(
      /^the file is an MLflow MLmodel, not an ONNX model; use `interface\.from: \{mlflow: …\}`/,
    );
    expect(thrown(() => importInterface('onnx', new Uint8Array(0), 'empty.onnx')).message).toBe('the file is not an ONNX model (no ir_version)');
  });

  it('value infos without a name or a type, duplicate names, a graph without outputs, a bad map key', () => {
    expect(thrown(() => importInterface('onnx', encode([{ type: float([1]) }], [{ name: 'y', type: float([1]) }]), 'm.onnx')).message).toBe(
      'the file is not an ONNX model (graph.input[0] has no name)',
    );
    expect(thrown(() => importInterface('onnx', encode([{ name: 'x' }], [{ name: 'y', type: float([1]) }]), 'm.onnx')).message).toBe(
      'the file is not an ONNX model (graph.input[0] ("x") has no type)',
    );
    expect(thrown(() => importInterface('onnx', encode([{ name: 'x', type: {} }], [{ name: 'y', type: float([1]) }]), 'm.onnx')).message).toMatch(
      /^input "x" has a type this reader does not know/,
    );
    expect(
      thrown(() =>
        importInterface(
          'onnx',
          encode(
            [
              { name: 'x', type: float([1]) },
              { name: 'x', type: float([1]) },
            ],
            [{ name: 'y', type: float([1]) }],
          ),
          'm.onnx',
        ),
      ).message,
    ).toBe('input "x" is listed twice in graph.input');
    expect(thrown(() => importInterface('onnx', encode([{ name: 'x', type: float([1]) }], []), 'm.onnx')).message).toBe(
      'the file is not an ONNX model (the graph has no outputs)',
    );
    const badKey = { mapType: { keyType: 1, valueType: float([]) } };
    expect(thrown(() => importInterface('onnx', encode([{ name: 'x', type: float([1]) }], [{ name: 'y', type: badKey }]), 'm.onnx')).message).toBe(
      'output "y": map key type FLOAT is not an integer type or STRING',
    );
  });
});
