/**
 * The Triton importer: config.pbtxt (ModelConfig in protobuf text format) → JSON Schema, field by
 * field; every real configuration in ../shared/fixtures/triton; malformed and hostile files; and,
 * through `node dist/cli.js check`, the bump of each kind of edit Triton's clients would notice.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInterface, type ImportedInterface } from '../../src/readers/imports/index.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';
import { thrown } from './thrown.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

function triton(text: string, file = 'config.pbtxt'): ImportedInterface {
  return importInterface('triton', new TextEncoder().encode(text), file);
}
const fail = (text: string) => thrown(() => triton(text));

const fp32 = { type: 'number', format: 'float' };
const arr = (items: object, n?: number) => (n === undefined ? { type: 'array', items } : { type: 'array', items, minItems: n, maxItems: n });

describe('Triton config.pbtxt: the mapping', () => {
  it('no batching: dims as they are; inputs closed, outputs open; -1 is a free axis', () => {
    const r = triton(`
      name: "m"
      platform: "onnxruntime_onnx"
      max_batch_size: 0
      input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, -1 ] } ]
      output [ { name: "y" data_type: TYPE_INT64 dims: [ 2 ] label_filename: "labels.txt" } ]`);
    expect(r).toEqual({
      kind: 'triton',
      input: { $schema: DRAFT, type: 'object', properties: { x: arr(arr(fp32), 3) }, required: ['x'], additionalProperties: false },
      output: { $schema: DRAFT, type: 'object', properties: { y: arr({ type: 'integer', format: 'int64' }, 2) }, required: ['y'] },
      tensors: [
        { direction: 'input', name: 'x', dims: [3, null] },
        { direction: 'output', name: 'y', dims: [2] },
      ],
    });
  });

  it('max_batch_size > 0 adds a leading batch axis: at most max_batch_size in a request, free in a response', () => {
    const r = triton(`max_batch_size: 8
      input { name: "x" data_type: TYPE_FP32 dims: [ 4 ] }
      output { name: "y" data_type: TYPE_FP32 dims: [ 4 ] }`);
    expect((r.input as { properties: object }).properties).toEqual({ x: { type: 'array', items: arr(fp32, 4), maxItems: 8 } });
    expect((r.output as { properties: object }).properties).toEqual({ y: arr(arr(fp32, 4)) });
    expect(r.tensors.map((t) => t.dims)).toEqual([
      [null, 4],
      [null, 4],
    ]);
  });

  it('every data_type, by name and by number', () => {
    const types: [string, object][] = [
      ['TYPE_BOOL', { type: 'boolean' }],
      ['TYPE_UINT8', { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 }],
      ['TYPE_UINT16', { type: 'integer', format: 'uint16', minimum: 0, maximum: 65535 }],
      ['TYPE_UINT32', { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 }],
      ['TYPE_UINT64', { type: 'integer', format: 'uint64', minimum: 0 }],
      ['TYPE_INT8', { type: 'integer', format: 'int8', minimum: -128, maximum: 127 }],
      ['TYPE_INT16', { type: 'integer', format: 'int16', minimum: -32768, maximum: 32767 }],
      ['TYPE_INT32', { type: 'integer', format: 'int32' }],
      ['TYPE_INT64', { type: 'integer', format: 'int64' }],
      ['TYPE_FP16', { type: 'number', format: 'float16' }],
      ['TYPE_FP32', { type: 'number', format: 'float' }],
      ['TYPE_FP64', { type: 'number', format: 'double' }],
      ['TYPE_STRING', { type: 'string' }],
      ['TYPE_BF16', { type: 'number', format: 'bfloat16' }],
    ];
    types.forEach(([name, element], i) => {
      for (const written of [name, String(i + 1)]) {
        const r = triton(`input { name: "x" data_type: ${written} dims: [ 1 ] } output { name: "y" data_type: TYPE_BOOL dims: 1 }`);
        expect((r.input as { properties: { x: object } }).properties.x, written).toEqual(arr(element, 1));
      }
    });
  });

  it('optional inputs are not required; reshape, format, is_shape_tensor and the rest of the configuration do not change the interface', () => {
    const plain = triton(`max_batch_size: 4
      input [ { name: "a" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] }, { name: "b" data_type: TYPE_INT32 dims: [ 1 ] } ]
      output [ { name: "y" data_type: TYPE_FP32 dims: [ 1000 ] } ]`);
    const dressed = triton(`max_batch_size: 4
      dynamic_batching { preferred_batch_size: [ 2, 4 ] max_queue_delay_microseconds: 100 }
      instance_group [ { count: 2 kind: KIND_GPU } ]
      parameters { key: "k" value: { string_value: "v" } }
      input [ { name: "a" data_type: TYPE_FP32 format: FORMAT_NCHW dims: [ 3, 224, 224 ] reshape { shape: [ 1, 3, 224, 224 ] } },
              { name: "b" data_type: TYPE_INT32 dims: [ 1 ] is_shape_tensor: false allow_ragged_batch: true optional: true } ]
      output [ { name: "y" data_type: TYPE_FP32 dims: [ 1000 ] reshape: { shape: [ 1, 1000, 1, 1 ] } is_shape_tensor: false } ]`);
    expect(dressed.output).toEqual(plain.output);
    expect((dressed.input as { required: string[] }).required).toEqual(['a']);
    expect((plain.input as { required: string[] }).required).toEqual(['a', 'b']);
    expect((dressed.input as { properties: object }).properties).toEqual((plain.input as { properties: object }).properties);
  });

  it('an absent input or output list is "not declared" (true), not "nothing"; neither is an error', () => {
    const r = triton('output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]');
    expect(r.input).toBe(true);
    expect(fail('name: "m" backend: "onnxruntime"').message).toMatch(/declares no input and no output/);
  });

  it.each([
    ['an unknown top-level field', 'name: "m"\nmax_batchsize: 8', 2, 1, /has no field "max_batchsize"/],
    [
      'an unknown tensor field',
      'input { name: "x" data_type: TYPE_FP32 dims: 1 shape: 2 }',
      1,
      48,
      /a model input \(input\[0\]\) has no field "shape"/,
    ],
    ['a field given twice', 'input { name: "x" name: "y" data_type: TYPE_FP32 dims: 1 }', 1, 19, /"name" of .* is given twice/],
    ['an unknown data type', 'input { name: "x" data_type: TYPE_FP128 dims: 1 }', 1, 30, /must be one of TYPE_BOOL, .*found TYPE_FP128/],
    ['TYPE_INVALID', 'input { name: "x" data_type: TYPE_INVALID dims: 1 }', 1, 19, /input "x" has no data_type/],
    ['no data type', 'input { name: "x" dims: 1 }', 1, 7, /input "x" has no data_type/],
    ['no dims', 'input { name: "x" data_type: TYPE_FP32 }', 1, 7, /input "x" has no dims/],
    ['a zero dim', 'input { name: "x" data_type: TYPE_FP32 dims: [ 4, 0 ] }', 1, 51, /axis 1 of input "x": a dimension must be 1 or more, or -1/],
    ['a dim below -1', 'output { name: "y" data_type: TYPE_FP32 dims: -2 }', 1, 47, /a dimension must be 1 or more/],
    ['a dim that is not an integer', 'input { name: "x" data_type: TYPE_FP32 dims: 1.5 }', 1, 46, /must be an integer, found 1.5/],
    ['a name that is not a string', 'input { name: x data_type: TYPE_FP32 dims: 1 }', 1, 15, /must be a quoted string, found x/],
    ['a tensor that is not a message', 'input: 3', 1, 8, /"input" of .* must be a message/],
    ['a scalar field given a message', 'max_batch_size { }', 1, 16, /takes a number, not a message/],
    ['a negative max_batch_size', 'max_batch_size: -1 input { name: "x" data_type: TYPE_FP32 dims: 1 }', 1, 17, /max_batch_size must be 0/],
    ['optional given a string', 'input { name: "x" data_type: TYPE_FP32 dims: 1 optional: "yes" }', 1, 58, /must be true or false/],
    [
      'a tensor named twice',
      'input [ { name: "x" data_type: TYPE_FP32 dims: 1 }, { name: "x" data_type: TYPE_FP32 dims: 1 } ]',
      1,
      53,
      /the input name "x" appears twice/,
    ],
    ['an unnamed tensor', 'output { data_type: TYPE_FP32 dims: 1 }', 1, 8, /output\[0\] has no name/],
    [
      'two scheduling choices',
      'dynamic_batching { }\nsequence_batching { }\ninput { name: "x" data_type: TYPE_FP32 dims: 1 }',
      2,
      1,
      /one scheduling choice/,
    ],
    [
      'a syntax error',
      'input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 } ]',
      1,
      52,
      /not a valid protobuf text-format model configuration: expected "," or "\]"/,
    ],
  ])('%s: an error with line and column', (_, text, line, column, message) => {
    const e = fail(text);
    expect(e.message).toMatch(message);
    expect({ file: e.file, line: e.line, column: e.column }).toEqual({ file: 'config.pbtxt', line, column });
  });

  it('hostile input: bytes that are not UTF-8, nesting without end, a huge dims list, a bad escape', () => {
    expect(thrown(() => importInterface('triton', Uint8Array.from([0x6e, 0x3a, 0x20, 0xff, 0xfe]), 'config.pbtxt')).message).toMatch(/not UTF-8/);
    expect(fail(`sequence_batching ${'{ a '.repeat(50_000)}`).message).toMatch(/nested more than 64 levels deep/);
    expect(fail(`input { name: "x" data_type: TYPE_FP32 dims: [${'1,'.repeat(100)}1] }`).message).toMatch(/has 101 dims; at most 64/);
    expect(fail(`input { name: "x" data_type: TYPE_FP32 dims: [${'1,'.repeat(250_000)}1] }`).message).toMatch(/more than 200000 values/);
    expect(fail('name: "\\xZZ"').message).toMatch(/invalid escape "\\\\x"/);
  });
});

const run = sharedAvailable('the Triton importer on real configurations');

describe.runIf(run)('Triton config.pbtxt: the real configurations in ../shared/fixtures/triton', () => {
  const DIR = path.join(SHARED, 'fixtures/triton');
  const read = (name: string) => importInterface('triton', readFileSync(path.join(DIR, name, 'config.pbtxt')), `${name}/config.pbtxt`);
  const names = (r: ImportedInterface) => r.tensors.map((t) => `${t.direction} ${t.name} [${(t.dims ?? []).map((d) => d ?? -1).join(',')}]`);

  it('every file imports, with the tensors Triton serves', () => {
    const found = readdirSync(DIR).filter((d) => !d.includes('.'));
    expect(found.sort()).toEqual([
      'densenet_onnx',
      'inception_onnx',
      'simple',
      'simple_dyna_sequence',
      'simple_identity',
      'simple_int8',
      'simple_sequence',
      'simple_string',
      'sklearn-python',
    ]);
    const all = Object.fromEntries(found.map((d) => [d, names(read(d))]));
    expect(all).toEqual({
      densenet_onnx: ['input data_0 [3,224,224]', 'output fc6_1 [1000]'],
      inception_onnx: ['input input:0 [299,299,3]', 'output InceptionV3/Predictions/Softmax:0 [1001]'],
      simple: ['input INPUT0 [-1,16]', 'input INPUT1 [-1,16]', 'output OUTPUT0 [-1,16]', 'output OUTPUT1 [-1,16]'],
      simple_dyna_sequence: ['input INPUT [-1,1]', 'output OUTPUT [-1,1]'],
      simple_identity: ['input INPUT0 [-1,-1]', 'output OUTPUT0 [-1,-1]'],
      simple_int8: ['input INPUT0 [-1,16]', 'input INPUT1 [-1,16]', 'output OUTPUT0 [-1,16]', 'output OUTPUT1 [-1,16]'],
      simple_sequence: ['input INPUT [-1,1]', 'output OUTPUT [-1,1]'],
      simple_string: ['input INPUT0 [-1,16]', 'input INPUT1 [-1,16]', 'output OUTPUT0 [-1,16]', 'output OUTPUT1 [-1,16]'],
      'sklearn-python': ['input input__0 [1,4]', 'output output__0 [1,4]'],
    });
  });

  it('`interface.from: {triton: …}` reads each of them through `check`, and each compared with itself has no finding', () => {
    for (const d of readdirSync(DIR).filter((x) => !x.includes('.'))) {
      const at = path.join(tmp, `shared-${d}`);
      mkdirSync(at, { recursive: true });
      writeFileSync(path.join(at, 'config.pbtxt'), readFileSync(path.join(DIR, d, 'config.pbtxt')));
      writeFileSync(path.join(at, 'model-contract.yaml'), 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { triton: config.pbtxt }\n');
      const contract = path.join(at, 'model-contract.yaml');
      const r = runCliBounded(['check', contract, contract, '--format', 'json']);
      expectClean(r, 0);
      expect(JSON.parse(r.stdout).models[0].findings, d).toEqual([]);
    }
  });

  it('element types: strings for TYPE_STRING, int8 with its range, float for TYPE_FP32', () => {
    const element = (r: ImportedInterface) => JSON.stringify(r.input).match(/"items":(\{"type":"(?:string|integer|number)"[^}]*\})/)?.[1];
    expect(element(read('simple_string'))).toBe('{"type":"string"}');
    expect(element(read('simple_int8'))).toBe('{"type":"integer","format":"int8","minimum":-128,"maximum":127}');
    expect(element(read('densenet_onnx'))).toBe('{"type":"number","format":"float"}');
  });
});

// Through the front door ----------------------------------------------------------------------

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-triton-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = `name: "simple"
platform: "onnxruntime_onnx"
max_batch_size: 8
input [
  { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] },
  { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] }
]
output [
  { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] }
]
`;

/** A folder with config.pbtxt and a contract of `version` reading it. */
function model(dir: string, config: string, version: string): string {
  const at = path.join(tmp, dir);
  mkdirSync(at, { recursive: true });
  writeFileSync(path.join(at, 'config.pbtxt'), config);
  writeFileSync(
    path.join(at, 'model-contract.yaml'),
    `contract: 1\nmodel: simple\nversion: ${version}\ninterface:\n  from: { triton: config.pbtxt }\n`,
  );
  return path.join(at, 'model-contract.yaml');
}

function check(name: string, head: string, version = '1.0.0') {
  const r = runCliBounded(['check', model(`${name}-base`, BASE, '1.0.0'), model(`${name}-head`, head, version), '--format', 'json']);
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toBe('');
  const m = JSON.parse(r.stdout).models[0];
  return {
    code: r.code,
    required: m.required as string,
    findings: m.findings.filter((f: { area: string }) => f.area === 'interface') as {
      id: string;
      bump: string;
      direction: string;
      instancePath: string;
    }[],
  };
}

describe('Triton config.pbtxt through `check`: the bump of each edit', () => {
  it('the same configuration: no finding', () => {
    expect(check('same', BASE)).toMatchObject({ code: 0, required: 'none', findings: [] });
  });

  it('an input dtype changed to an unrelated type (TYPE_INT32 → TYPE_FP32): MAJOR', () => {
    expect(check('dtype', BASE.replace('{ name: "INPUT0" data_type: TYPE_INT32', '{ name: "INPUT0" data_type: TYPE_FP32')).required).toBe('major');
  });

  it('an input dtype widened (TYPE_INT32 → TYPE_INT64): a finding on the tensor, at least MINOR', () => {
    // MINOR under the JSON Schema lattice; MAJOR where Triton is listed among the exact-dtype runtimes
    // (Triton refuses a request whose datatype differs from the configuration's): this holds either way.
    const r = check('widened', BASE.replace('{ name: "INPUT0" data_type: TYPE_INT32', '{ name: "INPUT0" data_type: TYPE_INT64'));
    expect(['minor', 'major']).toContain(r.required);
    expect(r.findings.some((f) => f.direction === 'input' && f.instancePath.startsWith('/INPUT0'))).toBe(true);
  });

  it('dims changed ([16] → [32]): MAJOR', () => {
    expect(check('dims', BASE.replace(/dims: \[ 16 \]/g, 'dims: [ 32 ]')).required).toBe('major');
  });

  it('dims freed on an input ([16] → [-1]): MINOR', () => {
    expect(
      check(
        'freed',
        BASE.replace('data_type: TYPE_INT32 dims: [ 16 ] },\n  { name: "INPUT1"', 'data_type: TYPE_INT32 dims: [ -1 ] },\n  { name: "INPUT1"'),
      ).required,
    ).toBe('minor');
  });

  it('max_batch_size raised (8 → 16): MINOR (larger batches accepted); lowered (8 → 4): MAJOR (batches of 5 to 8 refused)', () => {
    const raised = check('batch-up', BASE.replace('max_batch_size: 8', 'max_batch_size: 16'));
    expect(raised.required).toBe('minor');
    expect(raised.findings.map((f) => f.id)).toEqual(['item-count-loosened', 'item-count-loosened']);
    expect(check('batch-down', BASE.replace('max_batch_size: 8', 'max_batch_size: 4')).required).toBe('major');
  });

  it('batching turned off (max_batch_size 8 → 0): MAJOR (the batch axis goes: every request changes shape)', () => {
    expect(check('batch-off', BASE.replace('max_batch_size: 8', 'max_batch_size: 0')).required).toBe('major');
  });

  it('an optional input added: MINOR; a required input added: MAJOR', () => {
    const optional = BASE.replace(']\noutput', '  ,{ name: "MASK" data_type: TYPE_BOOL dims: [ 16 ] optional: true }\n]\noutput');
    expect(check('opt-added', optional)).toMatchObject({ code: 1, required: 'minor' });
    expect(check('opt-added-ok', optional, '1.1.0')).toMatchObject({ code: 0, required: 'minor' });
    expect(check('req-added', optional.replace(' optional: true', '')).required).toBe('major');
  });

  it('an input removed: MAJOR (requests that still send it are refused); an output added: MINOR', () => {
    expect(check('removed', BASE.replace('  { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] }\n', '').replace('},\n]', '}\n]')).required).toBe(
      'major',
    );
    expect(
      check('out-added', BASE.replace(/dims: \[ 16 \] \}\n\]\n$/, 'dims: [ 16 ] },\n  { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] }\n]\n'))
        .required,
    ).toBe('minor');
  });

  it('`import triton` prints the schemas; a malformed config.pbtxt is exit 2 with file, line and column', () => {
    const ok = runCliBounded(['import', 'triton', path.join(path.dirname(model('print', BASE, '1.0.0')), 'config.pbtxt')]);
    expectClean(ok, 0);
    expect(Object.keys(JSON.parse(ok.stdout).input.properties)).toEqual(['INPUT0', 'INPUT1']);
    const bad = model('bad', BASE.replace('dims: [ 16 ] }\n]', 'dims: [ 16 }\n]'), '1.0.0');
    const r = runCliBounded(['check', bad, bad]);
    expectClean(r, 2, /config\.pbtxt:6:53: not a valid protobuf text-format model configuration/);
  });
});
