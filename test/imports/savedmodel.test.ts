/**
 * The SavedModel importer: saved_model.pb → the serving signature's inputs and outputs as JSON
 * Schema, on files hand-built with protobufjs (test/helpers/savedmodel.ts; TensorFlow cannot be
 * installed here): the mapping per dtype and shape, the choice of meta graph and signature, bad
 * files, a large graph stepped over, and `check` on edited pairs through `node dist/cli.js`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInterface, importSavedModelFile, type ImportedInterface } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
import {
  CLASSIFIER,
  HALF_PLUS_TWO,
  INIT_OP,
  savedModel,
  type DType,
  type MetaGraphSpec,
  type SignatureSpec,
  type TensorSpec,
} from '../helpers/savedmodel.js';
import { thrown } from './thrown.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const DIR = path.join(ROOT, 'fixtures/imports/savedmodel');

const read = (bytes: Uint8Array, signature?: string) => importInterface('savedmodel', bytes, 'saved_model.pb', signature ? { signature } : {});
const serve = (s: SignatureSpec, extra: Record<string, SignatureSpec> = {}): MetaGraphSpec[] => [
  { tags: ['serve'], signatures: { serving_default: s, ...extra, __saved_model_init_op: INIT_OP } },
];
const one = (t: TensorSpec) => read(savedModel(serve({ inputs: { x: t }, outputs: { y: { dtype: 'DT_FLOAT', shape: [-1] } } })));
const props = (r: ImportedInterface, side: 'input' | 'output' = 'input') => (r[side] as { properties: Record<string, unknown> }).properties;

describe('SavedModel: the mapping', () => {
  it('the committed fixtures are what the script writes', () => {
    expect(readFileSync(path.join(DIR, 'classifier/saved_model.pb'))).toEqual(Buffer.from(savedModel(CLASSIFIER)));
    expect(readFileSync(path.join(DIR, 'half_plus_two/saved_model.pb'))).toEqual(Buffer.from(savedModel(HALF_PLUS_TWO)));
  });

  it('classifier: serving_default by default; inputs closed, outputs open; -1 free, fixed lengths kept', () => {
    const r = importSavedModelFile(path.join(DIR, 'classifier/saved_model.pb'), 'classifier/saved_model.pb');
    const i64 = { type: 'integer', format: 'int64' };
    expect(r.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        image: {
          type: 'array',
          items: {
            type: 'array',
            items: {
              type: 'array',
              items: { type: 'array', items: { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 }, minItems: 3, maxItems: 3 },
              minItems: 32,
              maxItems: 32,
            },
            minItems: 32,
            maxItems: 32,
          },
        },
        mask: { type: 'array', items: { type: 'array', items: { type: 'integer', format: 'int32' } } },
        tokens: { type: 'array', items: { type: 'array', items: i64 } },
      },
      required: ['image', 'mask', 'tokens'],
      additionalProperties: false,
    });
    expect(r.output).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        label: { type: 'array', items: { type: 'string' } },
        probabilities: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 10, maxItems: 10 } },
      },
      required: ['label', 'probabilities'],
    });
    expect(r.kind).toBe('savedmodel');
    expect(r.tensors).toContainEqual({ direction: 'input', name: 'image', dims: [null, 32, 32, 3] });
  });

  it('another signature by name; the bytes and the file on disk read the same', () => {
    const bytes = readFileSync(path.join(DIR, 'classifier/saved_model.pb'));
    const embed = read(bytes, 'embed');
    expect(props(embed, 'output')).toEqual({
      embedding: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float16' }, minItems: 128, maxItems: 128 } },
    });
    expect(importSavedModelFile(path.join(DIR, 'classifier/saved_model.pb'), 'saved_model.pb', { signature: 'embed' })).toEqual(embed);
  });

  it('half_plus_two: the meta graph tagged "serve" is read, not the "train" one; an unknown rank is any depth', () => {
    const bytes = readFileSync(path.join(DIR, 'half_plus_two/saved_model.pb'));
    expect(props(read(bytes))).toEqual({
      x: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 1, maxItems: 1 } },
    });
    const regress = read(bytes, 'regress_x_to_y');
    expect(regress.input).toMatchObject({
      properties: { inputs: { $ref: '#/$defs/any-rank-string' } },
      $defs: { 'any-rank-string': { type: ['string', 'array'], items: { $ref: '#/$defs/any-rank-string' } } },
    });
  });

  it('every dtype TensorFlow Serving accepts', () => {
    const cases: [DType, object][] = [
      ['DT_FLOAT', { type: 'number', format: 'float' }],
      ['DT_DOUBLE', { type: 'number', format: 'double' }],
      ['DT_HALF', { type: 'number', format: 'float16' }],
      ['DT_BFLOAT16', { type: 'number', format: 'bfloat16' }],
      ['DT_INT8', { type: 'integer', format: 'int8', minimum: -128, maximum: 127 }],
      ['DT_INT16', { type: 'integer', format: 'int16', minimum: -32768, maximum: 32767 }],
      ['DT_INT32', { type: 'integer', format: 'int32' }],
      ['DT_INT64', { type: 'integer', format: 'int64' }],
      ['DT_UINT8', { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 }],
      ['DT_UINT16', { type: 'integer', format: 'uint16', minimum: 0, maximum: 65535 }],
      ['DT_UINT32', { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 }],
      ['DT_UINT64', { type: 'integer', format: 'uint64', minimum: 0 }],
      ['DT_BOOL', { type: 'boolean' }],
      ['DT_STRING', { type: 'string' }],
      ['DT_COMPLEX64', { type: 'array', items: { type: 'number', format: 'float' }, minItems: 2, maxItems: 2, 'x-complex': true }],
    ];
    for (const [dtype, element] of cases) expect(props(one({ dtype, shape: [] })).x, dtype).toEqual(element);
  });

  it('any key is a tensor name, "__proto__" too', () => {
    const r = read(
      savedModel(
        serve({
          inputs: { ['__proto__']: { dtype: 'DT_FLOAT', shape: [] }, a: { dtype: 'DT_BOOL', shape: [] } },
          outputs: { y: { dtype: 'DT_FLOAT', shape: [-1] } },
        }),
      ),
    );
    expect(Object.keys(props(r))).toEqual(['__proto__', 'a']);
    expect((r.input as { required: string[] }).required).toEqual(['__proto__', 'a']);
  });

  it('shapes: [] is a scalar, -1 free, no shape recorded or unknown_rank is any rank', () => {
    expect(props(one({ dtype: 'DT_FLOAT', shape: [2, -1] })).x).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'number', format: 'float' } },
      minItems: 2,
      maxItems: 2,
    });
    expect(props(one({ dtype: 'DT_FLOAT', shape: null })).x).toEqual({ $ref: '#/$defs/any-rank-float' });
    expect(props(one({ dtype: 'DT_FLOAT' })).x).toEqual({ $ref: '#/$defs/any-rank-float' });
  });
});

describe('SavedModel: files that cannot be read', () => {
  const sig: SignatureSpec = { inputs: { x: { dtype: 'DT_FLOAT', shape: [-1] } }, outputs: { y: { dtype: 'DT_FLOAT', shape: [-1] } } };

  it('no such signature: the message lists the others (not the initialiser) and says how to choose', () => {
    const bytes = savedModel([{ tags: ['serve'], signatures: { predict: sig, classify: sig, __saved_model_init_op: INIT_OP } }]);
    expect(thrown(() => read(bytes)).message).toBe(
      'the SavedModel has no signature "serving_default"; its signatures: "predict", "classify" (choose one with `signature`)',
    );
    expect(read(bytes, 'classify').kind).toBe('savedmodel');
  });

  it.each([
    [
      'a sparse input',
      serve({ inputs: { x: { dtype: 'DT_FLOAT', sparse: true } }, outputs: sig.outputs }),
      /input "x" of the signature "serving_default" is a sparse tensor/,
    ],
    [
      'a resource input',
      serve({ inputs: { x: { dtype: 'DT_RESOURCE' } }, outputs: sig.outputs }),
      /has the dtype DT_RESOURCE, which is not a tensor of values/,
    ],
    ['a quantized output', serve({ inputs: sig.inputs, outputs: { y: { dtype: 'DT_QINT8' } } }), /output "y" .* has the dtype DT_QINT8/],
    ['no outputs', serve({ inputs: sig.inputs, outputs: {} }), /the signature "serving_default" has no outputs/],
    ['no meta graphs', [], /is not a TensorFlow SavedModel .*no meta graphs/],
    [
      'no graph tagged serve among several',
      [
        { tags: ['train'], signatures: {} },
        { tags: ['gpu'], signatures: {} },
      ],
      /none of the 2 meta graphs is tagged "serve" \(their tags: \["train"\], \["gpu"\]\)/,
    ],
  ] as [string, MetaGraphSpec[], RegExp][])('%s', (_, graphs, message) => {
    const e = thrown(() => read(savedModel(graphs)));
    expect(e.message).toMatch(message);
    expect(e.file).toBe('saved_model.pb');
  });

  it('bytes that are not a SavedModel, and a SavedModel cut short', () => {
    expect(thrown(() => read(new TextEncoder().encode('hello, world'))).message).toMatch(/not a TensorFlow SavedModel .*does not decode/);
    const whole = readFileSync(path.join(DIR, 'half_plus_two/saved_model.pb'));
    expect(thrown(() => read(whole.subarray(0, whole.length - 10))).message).toMatch(/not a TensorFlow SavedModel/);
  });
});

// Through the front door ----------------------------------------------------------------------

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-savedmodel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE: SignatureSpec = CLASSIFIER[0]!.signatures.serving_default!;

/** A folder holding model/1/saved_model.pb and a contract reading the folder. */
function model(dir: string, s: SignatureSpec, version: string, from = '{ savedmodel: model/1 }'): string {
  const at = path.join(tmp, dir);
  mkdirSync(path.join(at, 'model/1'), { recursive: true });
  writeFileSync(path.join(at, 'model/1/saved_model.pb'), savedModel(serve(s, { embed: CLASSIFIER[0]!.signatures.embed! })));
  writeFileSync(path.join(at, 'model-contract.yaml'), `contract: 1\nmodel: classifier\nversion: ${version}\ninterface:\n  from: ${from}\n`);
  return path.join(at, 'model-contract.yaml');
}

function check(name: string, head: SignatureSpec, version = '1.0.0', from?: string) {
  const r = runCliBounded(['check', model(`${name}-base`, BASE, '1.0.0', from), model(`${name}-head`, head, version, from), '--format', 'json']);
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toBe('');
  const m = JSON.parse(r.stdout).models[0];
  return {
    code: r.code,
    required: m.required as string,
    findings: m.findings.filter((f: { area: string }) => f.area === 'interface') as { id: string; direction: string; instancePath: string }[],
  };
}
const withInputs = (inputs: Record<string, TensorSpec>): SignatureSpec => ({ inputs, outputs: BASE.outputs });

describe('SavedModel through `check`: the bump of each edit', () => {
  it('the same signature: no finding', () => {
    expect(check('same', BASE)).toMatchObject({ code: 0, required: 'none', findings: [] });
  });

  it('an input dtype narrowed (DT_INT64 → DT_INT32): MAJOR', () => {
    expect(check('dtype', withInputs({ ...BASE.inputs, tokens: { dtype: 'DT_INT32', shape: [-1, -1] } })).required).toBe('major');
  });

  it('an input dtype widened (DT_INT32 → DT_INT64): a finding on the tensor, at least MINOR', () => {
    // MINOR under the JSON Schema lattice; MAJOR where SavedModels are listed among the exact-dtype
    // runtimes (TensorFlow Serving's gRPC API refuses a TensorProto of another dtype): holds either way.
    const r = check('widened', withInputs({ ...BASE.inputs, mask: { dtype: 'DT_INT64', shape: [-1, -1] } }));
    expect(['minor', 'major']).toContain(r.required);
    expect(r.findings.some((f) => f.direction === 'input' && f.instancePath.startsWith('/mask'))).toBe(true);
  });

  it('a fixed length changed (image 32×32 → 64×64): MAJOR; an output axis freed: MAJOR', () => {
    expect(check('dims', withInputs({ ...BASE.inputs, image: { dtype: 'DT_UINT8', shape: [-1, 64, 64, 3] } })).required).toBe('major');
    expect(
      check('out-free', { inputs: BASE.inputs, outputs: { ...BASE.outputs, probabilities: { dtype: 'DT_FLOAT', shape: [-1, -1] } } }).required,
    ).toBe('major');
  });

  it('an input removed: MAJOR; an output added: MINOR, and passes as 1.1.0', () => {
    const { mask: _mask, ...rest } = BASE.inputs;
    expect(check('removed', withInputs(rest)).required).toBe('major');
    const added: SignatureSpec = { inputs: BASE.inputs, outputs: { ...BASE.outputs, logits: { dtype: 'DT_FLOAT', shape: [-1, 10] } } };
    expect(check('out-added', added)).toMatchObject({ code: 1, required: 'minor' });
    expect(check('out-added-ok', added, '1.1.0')).toMatchObject({ code: 0, required: 'minor' });
  });

  it('`signature` in the contract picks the signature compared', () => {
    const head: SignatureSpec = { inputs: BASE.inputs, outputs: {} };
    // serving_default changes completely; the embed signature the contract names does not.
    expect(
      check('sig', { ...head, outputs: { other: { dtype: 'DT_BOOL', shape: [] } } }, '1.0.0', '{ savedmodel: model/1, signature: embed }'),
    ).toMatchObject({
      code: 0,
      required: 'none',
    });
  });

  it('`import savedmodel` reads a file or its folder; `--signature` picks a signature; errors are exit 2 naming the file', () => {
    const folder = path.join(DIR, 'classifier');
    const byFolder = runCliBounded(['import', 'savedmodel', folder]);
    expectClean(byFolder, 0);
    expect(Object.keys(JSON.parse(byFolder.stdout).input.properties)).toEqual(['image', 'mask', 'tokens']);
    const embed = runCliBounded(['import', 'savedmodel', path.join(folder, 'saved_model.pb'), '--signature', 'embed']);
    expectClean(embed, 0);
    expect(Object.keys(JSON.parse(embed.stdout).output.properties)).toEqual(['embedding']);
    expectClean(
      runCliBounded(['import', 'savedmodel', folder, '--signature', 'nope']),
      2,
      /classifier\/saved_model\.pb: the SavedModel has no signature "nope"/,
    );
    expectClean(runCliBounded(['import', 'onnx', folder, '--signature', 'x']), 2, /--signature goes with "import savedmodel"/);
    expectClean(runCliBounded(['import', 'savedmodel', path.join(tmp, 'missing')]), 2, /missing: cannot read the savedmodel file: no such file/);
  });

  it('a contract naming a missing signature, or `signature` without `savedmodel`: exit 2 at the contract', () => {
    const bad = model('bad-sig', BASE, '1.0.0', '{ savedmodel: model/1, signature: nope }');
    expectClean(runCliBounded(['check', bad, bad]), 2, /model\/1\/saved_model\.pb: the SavedModel has no signature "nope"/);
    const stray = model('stray-sig', BASE, '1.0.0', '{ onnx: model.onnx, signature: embed }');
    expectClean(runCliBounded(['validate', stray]), 2, /model-contract\.yaml:5:\d+: `signature` in `interface\.from` goes with `savedmodel`/);
  });

  it('a large graph is stepped over: a SavedModel with a 48 MiB graph_def reads in bounded time and memory', () => {
    const big = path.join(tmp, 'big');
    mkdirSync(big, { recursive: true });
    writeFileSync(path.join(big, 'saved_model.pb'), savedModel([{ ...CLASSIFIER[0]!, graphBytes: 48 * 1024 * 1024 }]));
    // The heap limit is below the file's size: the graph is never held.
    const r = runCliBounded(['import', 'savedmodel', big], { nodeArgs: ['--max-old-space-size=32'], timeoutMs: 30_000 });
    expectClean(r, 0);
    expect(Object.keys(JSON.parse(r.stdout).output.properties)).toEqual(['label', 'probabilities']);
  });
});

describe('SavedModel and Triton read from a git commit (`check --base-ref`, as the Action reads the base)', () => {
  it('the base SavedModel folder and config.pbtxt come from the commit, the head from the work tree', () => {
    const repo = path.join(tmp, 'repo');
    mkdirSync(repo, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    const at = (rel: string, content: string | Uint8Array) => {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), content);
    };
    const contract = (name: string, version: string, from: string) =>
      `contract: 1\nmodel: ${name}\nversion: ${version}\ninterface:\n  from: ${from}\n`;
    const config = (batch: number) =>
      `max_batch_size: ${batch}\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]\n`;
    at('tf/export/1/saved_model.pb', savedModel(serve(BASE)));
    at('tf/model-contract.yaml', contract('tf', '1.0.0', '{ savedmodel: export/1 }'));
    at('triton/config.pbtxt', config(8));
    at('triton/model-contract.yaml', contract('trt', '1.0.0', '{ triton: config.pbtxt }'));
    git('add', '-A');
    git('commit', '-qm', 'base');
    const { mask: _mask, ...rest } = BASE.inputs;
    at('tf/export/1/saved_model.pb', savedModel(serve(withInputs(rest))));
    at('triton/config.pbtxt', config(16));
    const r = runCliBounded(['check', '--base-ref', 'HEAD', '--format', 'json'], { cwd: repo });
    expectClean(r, 1);
    const models = Object.fromEntries(JSON.parse(r.stdout).models.map((m: { model: string; required: string }) => [m.model, m.required]));
    expect(models).toEqual({ tf: 'major', trt: 'minor' });
  });
});
