/**
 * Protobuf messages as JSON Schema by the proto3 JSON mapping (kind `proto`): the mapping,
 * imports kept inside the repository, hostile files, and `check` on edited pairs through the CLI.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { importWith } from '../../src/readers/imports/index.js';
import { InputError } from '../../src/core/errors.js';
import { ROOT } from '../helpers/cli.js';
import { holdsUnderEdits } from '../helpers/edit-law.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const FIX = path.join(ROOT, 'fixtures/imports/proto');
const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-proto-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A folder holding `files` (path → text); returns its path. */
function repo(files: Record<string, string>): string {
  const dir = path.join(tmp, `r${n++}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Import `text` as model.proto of a repository holding `others` too. */
async function imp(text: string, input = 'Req', output = 'Res', others: Record<string, string> = {}) {
  const files = { 'model.proto': text, ...others };
  return importWith('proto', Buffer.from(text), 'model.proto', {
    input,
    output,
    files: {
      rel: 'model.proto',
      read: async (r) => (Object.prototype.hasOwnProperty.call(files, r) ? Buffer.from(files[r as keyof typeof files]!) : null),
      display: (r) => r,
    },
  });
}

async function failure(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
const valid = (schema: unknown, value: unknown) => ajv.validate(schema as object, value);

describe('proto3 JSON mapping', () => {
  const SCALARS = `syntax = "proto3"; package t;
    message Req { int32 a = 1; int64 big_id = 2; uint64 u = 3; double d = 4; float f = 5; bool b = 6; string s = 7; bytes raw = 8; uint32 u32 = 9; sfixed64 sf = 10; }
    message Res { int32 a = 1; int64 big_id = 2; uint64 u = 3; double d = 4; float f = 5; bool b = 6; string s = 7; bytes raw = 8; uint32 u32 = 9; sfixed64 sf = 10; }`;

  it('outputs as printers write them: int64 as a decimal string, int32 a number in range, floats a number or "NaN"/"Infinity", bytes base64; lowerCamelCase names', async () => {
    const { output } = await imp(SCALARS);
    const p = (output as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(p)).toEqual(['a', 'bigId', 'u', 'd', 'f', 'b', 's', 'raw', 'u32', 'sf']);
    expect(p.a).toEqual({ type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 });
    expect(p.bigId).toEqual({ type: 'string', format: 'int64', pattern: '^-?[0-9]+$' });
    expect(p.u).toEqual({ type: 'string', format: 'uint64', pattern: '^[0-9]+$' });
    expect(p.raw).toEqual({ type: 'string', contentEncoding: 'base64' });
    expect(valid(output, { bigId: '-9007199254740993', d: 'NaN', f: '-Infinity', u32: 4294967295 })).toBe(true);
    expect(valid(output, { bigId: 12 })).toBe(false);
    expect(valid(output, { d: 'nan' })).toBe(false);
    expect(valid(output, { a: 2147483648 })).toBe(false);
    // Outputs are open: a consumer's parser may be told to ignore unknown fields, and adding a field is MINOR.
    expect((output as Record<string, unknown>).additionalProperties).toBeUndefined();
  });

  it('inputs as parsers accept them: integers as numbers or strings, both field names, unknown fields refused', async () => {
    const { input } = await imp(SCALARS);
    const p = (input as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(p)).toEqual(['a', 'bigId', 'big_id', 'u', 'd', 'f', 'b', 's', 'raw', 'u32', 'sf']);
    expect(valid(input, { a: '12', bigId: 12, big_id: '13', d: '1.5e3', f: 'Infinity', u: '18446744073709551615' })).toBe(true);
    expect(valid(input, { a: 'twelve' })).toBe(false);
    expect(valid(input, { u: '-1' })).toBe(false);
    expect(valid(input, { unknown: 1 })).toBe(false);
    expect((input as Record<string, unknown>).additionalProperties).toBe(false);
    expect((input as Record<string, unknown>).required).toBeUndefined();
  });

  it('enums by name (inputs also by number), repeated, maps with integer keys, oneof at most one, json_name', async () => {
    const { input, output } = await imp(`syntax = "proto3";
      enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
      message Req { Color c = 1; repeated string tags = 2; map<int64, float> w = 3; oneof who { string user = 4; int32 uid = 5; } string x = 6 [json_name = "EX"]; }
      message Res { Color c = 1; map<bool, string> flags = 2; repeated Color cs = 3; }`);
    const ip = (input as { properties: Record<string, unknown> }).properties;
    expect(ip.c).toEqual({ type: ['string', 'integer'], enum: ['COLOR_UNSPECIFIED', 'RED', 'GREEN', 0, 1, 2] });
    expect(ip.tags).toEqual({ type: 'array', items: { type: 'string' } });
    expect(ip.w).toMatchObject({ type: 'object', propertyNames: { pattern: '^-?[0-9]+$' } });
    expect(Object.keys(ip)).toContain('EX');
    expect(valid(input, { user: 'a' })).toBe(true);
    expect(valid(input, { user: 'a', uid: 3 })).toBe(false);
    expect(valid(input, { w: { '-3': 1.5 } })).toBe(true);
    expect(valid(input, { w: { x: 1.5 } })).toBe(false);
    const op = (output as { properties: Record<string, unknown> }).properties;
    expect(op.c).toEqual({ type: 'string', enum: ['COLOR_UNSPECIFIED', 'RED', 'GREEN'] });
    expect(op.flags).toMatchObject({ propertyNames: { enum: ['true', 'false'] } });
    expect(op.cs).toEqual({ type: 'array', items: { type: 'string', enum: ['COLOR_UNSPECIFIED', 'RED', 'GREEN'] } });
  });

  it('nested and recursive messages are $defs referenced by full name; the schema stays finite', async () => {
    const { output } = await imp(`syntax = "proto3"; package p;
      message Req {}
      message Res { Node root = 1; message Inner { int32 v = 1; } Inner inner = 2; }
      message Node { string name = 1; repeated Node children = 2; }`);
    const o = output as { properties: Record<string, unknown>; $defs: Record<string, { properties: Record<string, unknown> }> };
    expect(o.properties.root).toEqual({ $ref: '#/$defs/p.Node' });
    expect(o.properties.inner).toEqual({ $ref: '#/$defs/p.Res.Inner' });
    expect(o.$defs['p.Node']!.properties.children).toEqual({ type: 'array', items: { $ref: '#/$defs/p.Node' } });
    expect(JSON.stringify(output).length).toBeLessThan(2000);
    expect(valid(output, { root: { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] } })).toBe(true);
    expect(valid(output, { root: { children: [{ name: 3 }] } })).toBe(false);
  });

  it('well-known types by their JSON forms', async () => {
    const { output } = await imp(`syntax = "proto3";
      import "google/protobuf/timestamp.proto"; import "google/protobuf/duration.proto"; import "google/protobuf/struct.proto";
      import "google/protobuf/wrappers.proto"; import "google/protobuf/empty.proto"; import "google/protobuf/any.proto"; import "google/protobuf/field_mask.proto";
      message Req {}
      message Res {
        google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; google.protobuf.Struct s = 3; google.protobuf.Value v = 4;
        google.protobuf.ListValue l = 5; google.protobuf.Int64Value i = 6; google.protobuf.BoolValue b = 7; google.protobuf.Empty e = 8;
        google.protobuf.Any a = 9; google.protobuf.FieldMask m = 10; google.protobuf.DoubleValue dv = 11;
      }`);
    const p = (output as { properties: Record<string, unknown> }).properties;
    expect(p.t).toEqual({ type: 'string', format: 'date-time' });
    expect(p.d).toMatchObject({ type: 'string', pattern: expect.stringContaining('s$') });
    expect(p.s).toEqual({ type: 'object' });
    expect(p.v).toEqual({});
    expect(p.l).toEqual({ type: 'array' });
    expect(p.i).toEqual({ type: ['string', 'null'], format: 'int64', pattern: '^-?[0-9]+$' });
    expect(p.b).toEqual({ type: ['boolean', 'null'] });
    expect(p.e).toEqual({ type: 'object', additionalProperties: false });
    expect(p.a).toMatchObject({ required: ['@type'] });
    expect(p.m).toEqual({ type: 'string' });
    expect(valid(output, { d: '1.5s', dv: null, v: [1, 'x'], t: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(valid(output, { d: '1.5' })).toBe(false);
    expect((output as Record<string, unknown>).$defs).toBeUndefined();
  });

  it('proto2 required fields are required; messages found by full name; an ambiguous or unknown name is an error', async () => {
    const { output } = await imp(
      `syntax = "proto2"; package a; message Req { optional string x = 1; } message Res { required int32 n = 1; optional string s = 2; }`,
      'a.Req',
      '.a.Res',
    );
    expect((output as Record<string, unknown>).required).toEqual(['n']);
    const twice = `syntax = "proto3"; package a; message Req {} message Res {} message Outer { message Res {} }`;
    expect((await failure(imp(twice))).message).toMatch(/output message "Res" is ambiguous: a\.Res, a\.Outer\.Res; give its full name/);
    expect((await failure(imp(twice, 'Reqq'))).message).toMatch(/no message "Reqq" \(the input\); the file declares a\.Req, a\.Res, a\.Outer/);
  });

  it('imports resolve beside the file, then at the repository root; cycles are read once', async () => {
    const r = await imp(`syntax = "proto3"; import "sub/b.proto"; message Req { B b = 1; } message Res {}`, 'Req', 'Res', {
      'sub/b.proto': `syntax = "proto3"; import "sub/c.proto"; message B { C c = 1; }`,
      'sub/c.proto': `syntax = "proto3"; import "sub/b.proto"; message C { int32 v = 1; }`,
    });
    expect(Object.keys((r.input as { $defs: object }).$defs)).toEqual(['B', 'C']);
  });
});

describe('hostile .proto files', () => {
  it.each([
    [
      'an import that leaves the repository',
      'import "../../../etc/passwd.proto";',
      /import "\.\.\/\.\.\/\.\.\/etc\/passwd\.proto": .*leaves the repository/,
    ],
    ['an absolute import', 'import "/etc/passwd";', /import "\/etc\/passwd": .*absolute path/],
    ['a URL import', 'import "https://example.com/x.proto";', /import "https:\/\/example\.com\/x\.proto": .*is a URL/],
    ['a missing import', '\nimport "nowhere.proto";', /model\.proto:3: import "nowhere\.proto": no such file in the repository/],
  ])('%s is refused, naming the file and line', async (_, line, message) => {
    const err = await failure(imp(`syntax = "proto3";\n${line}\nmessage Req {} message Res {}`));
    expect(`${err.file}:${err.line}: ${err.message}`).toMatch(message);
  });

  it('messages nested 10,000 deep are refused before the parser recurses', async () => {
    const deep = `syntax = "proto3"; message Req {} message Res {} ${'message A { '.repeat(10_000)}${'} '.repeat(10_000)}`;
    expect((await failure(imp(deep))).message).toMatch(/nested more than 64 levels/);
  });

  it('syntax errors name the line; binary junk is not text', async () => {
    const err = await failure(imp('syntax = "proto3";\nmessage Req {\n  int32 = 1;\n}\n'));
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/not a valid \.proto file/);
    expect((await failure(imp(Buffer.from([0xff, 0xfe, 0x00]).toString('latin1')))).message).toBeTruthy();
  });

  it('through the CLI: an import outside the folder exits 2 naming the file, without reading it', () => {
    const dir = repo({
      'inner/model.proto': 'syntax = "proto3";\nimport "../secret.proto";\nmessage Req {} message Res {}\n',
      'secret.proto': 'syntax = "proto3"; message Secret {}',
    });
    const r = runCliBounded(['import', 'proto', 'model.proto', '--input', 'Req', '--output', 'Res'], { cwd: path.join(dir, 'inner') });
    expectClean(r, 2, /model\.proto:2.*import "\.\.\/secret\.proto": .*leaves the repository/);
  });

  it('through the CLI: a .proto file outside the current folder has its imports refused, not searched for', () => {
    const dir = repo({ 'model.proto': 'syntax = "proto3";\nimport "b.proto";\nmessage Req {} message Res {}\n', 'b.proto': 'syntax = "proto3";' });
    const r = runCliBounded(['import', 'proto', path.join(dir, 'model.proto'), '--input', 'Req', '--output', 'Res'], { cwd: FIX });
    expectClean(r, 2, /model\.proto: the \.proto file is outside the current folder, so its imports are not read/);
  });

  it('a contract whose proto source lacks `output` exits 2 naming the contract line', () => {
    const dir = repo({
      'model.proto': 'syntax = "proto3"; message Req {} message Res {}',
      'model-contract.yaml': 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { proto: model.proto, input: Req, path: /x }\n',
    });
    const r = runCliBounded(['validate', path.join(dir, 'model-contract.yaml')]);
    expectClean(r, 2, /model-contract\.yaml:5:\d+: missing required field "output" in `interface\.from`/);
    expect(r.stderr).toMatch(/`interface\.from\.path` is for an openapi source, not proto/);
  });

  it('through a contract: an import outside the repository exits 2 naming the .proto file', () => {
    const dir = repo({
      'model.proto': 'syntax = "proto3";\nimport "../../etc/x.proto";\nmessage Req {} message Res {}\n',
      'model-contract.yaml': 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { proto: model.proto, input: Req, output: Res }\n',
    });
    const r = runCliBounded(['validate', path.join(dir, 'model-contract.yaml')]);
    expectClean(r, 2, /model\.proto:2.*leaves the repository/);
  });
});

describe('law: any edit of a real .proto gives an interface or an InputError', () => {
  it("KServe's grpc_predict_v2.proto with characters changed or cut off", async () => {
    const text = readFileSync(path.join(FIX, 'grpc_predict_v2.proto'), 'utf8');
    await holdsUnderEdits(text, (edited) => imp(edited, 'ModelInferRequest', 'ModelInferResponse'), {
      characters: ['{', '}', ';', '"', '=', ' ', 'x', '<', '9'],
      maxEdits: 4,
      seed: 1401,
    });
  });
});

describe('import proto (CLI)', () => {
  it("reads KServe's grpc_predict_v2.proto: ModelInferRequest / ModelInferResponse", () => {
    const r = runCliBounded(
      ['import', 'proto', 'grpc_predict_v2.proto', '--input', 'inference.ModelInferRequest', '--output', 'ModelInferResponse'],
      { cwd: FIX },
    );
    expectClean(r, 0);
    const { input, output } = JSON.parse(r.stdout);
    expect(Object.keys(input.properties)).toEqual(expect.arrayContaining(['modelName', 'model_name', 'inputs', 'rawInputContents']));
    expect(Object.keys(output.properties)).toEqual(['modelName', 'modelVersion', 'id', 'parameters', 'outputs', 'rawOutputContents']);
    expect(output.$defs['inference.InferTensorContents'].properties.int64Contents).toEqual({
      type: 'array',
      items: { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' },
    });
    expect(output.$defs['inference.InferParameter'].dependentSchemas.boolParam).toEqual({ properties: { int64Param: false, stringParam: false } });
  });

  it('usage: --input and --output are required, and only for proto', () => {
    expectClean(runCliBounded(['import', 'proto', path.join(FIX, 'grpc_predict_v2.proto'), '--input', 'X']), 2, /needs --input and --output/);
    expectClean(runCliBounded(['import', 'mlflow', 'MLmodel', '--input', 'X']), 2, /--input is for import proto/);
  });
});

describe('check on edited .proto pairs (CLI)', () => {
  const base = readFileSync(path.join(FIX, 'sentiment-base.proto'), 'utf8');
  const labels = readFileSync(path.join(FIX, 'common/labels.proto'), 'utf8');

  function side(dir: string, version: string, proto: string, labelsText = labels): string {
    mkdirSync(path.join(dir, 'common'), { recursive: true });
    writeFileSync(path.join(dir, 'model.proto'), proto);
    writeFileSync(path.join(dir, 'common/labels.proto'), labelsText);
    const contract = path.join(dir, 'model-contract.yaml');
    writeFileSync(
      contract,
      `contract: 1\nmodel: sentiment\nversion: ${version}\ninterface:\n  from: { proto: model.proto, input: PredictRequest, output: sentiment.v1.PredictResponse }\n`,
    );
    return contract;
  }

  function check(head: string, headLabels = labels, version = '1.1.0') {
    const dir = path.join(tmp, `pair${n++}`);
    const r = runCliBounded([
      'check',
      side(path.join(dir, 'base'), '1.0.0', base),
      side(path.join(dir, 'head'), version, head, headLabels),
      '--format',
      'json',
    ]);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe('');
    const model = JSON.parse(r.stdout).models[0];
    return {
      code: r.code,
      required: model.required as string,
      ids: model.findings.map(
        (f: { bump: string; direction: string; id: string; instancePath: string }) => `${f.bump} ${f.direction} ${f.id} ${f.instancePath}`,
      ) as string[],
    };
  }

  it('the committed pair: an output int32 → int64 (a JSON number becomes a string) is MAJOR', () => {
    const r = check(readFileSync(path.join(FIX, 'sentiment-head.proto'), 'utf8'));
    expect(r.code).toBe(1);
    expect(r.required).toBe('major');
    expect(r.ids).toContain('major output type-changed /latencyMs');
    expect(r.ids).toContain('minor output property-added /modelVersion');
  });

  it('an input int32 → int64 is MINOR: parsers take numbers and strings for both', () => {
    const r = check(base.replace('int32 max_tokens = 2;', 'int64 max_tokens = 2;'));
    expect(r).toMatchObject({ code: 0, required: 'minor' });
  });

  it('an output field removed is MAJOR; an input field added is MINOR', () => {
    expect(check(base.replace('  bytes embedding = 6;\n', ''))).toMatchObject({ code: 1, required: 'major' });
    expect(check(base.replace('  int32 max_tokens = 2;', '  int32 max_tokens = 2;\n  bool explain = 7;'))).toMatchObject({
      code: 0,
      required: 'minor',
    });
  });

  it('an input field removed is MAJOR (requests that still send it are refused); retyped is MAJOR', () => {
    expect(check(base.replace('  int32 max_tokens = 2;\n', ''))).toMatchObject({ code: 1, required: 'major' });
    const retyped = check(base.replace('  string text = 1;', '  bytes text = 1;'));
    expect(retyped.required).toBe('major');
  });

  it('an enum value removed: MAJOR where requests send it, MINOR where only responses carry it', () => {
    const withInputEnum = base.replace('  int32 max_tokens = 2;', '  int32 max_tokens = 2;\n  common.Label expected = 7;');
    const dir = path.join(tmp, `pair${n++}`);
    const noNeutral = labels.replace('  NEUTRAL = 2;\n', '');
    const r = runCliBounded([
      'check',
      side(path.join(dir, 'base'), '1.0.0', withInputEnum),
      side(path.join(dir, 'head'), '2.0.0', withInputEnum, noNeutral),
      '--format',
      'json',
    ]);
    // (Removing a value never deprecated also trips the deprecation window: exit 1 either way.)
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).models[0].findings as { bump: string; direction: string; id: string }[];
    expect(findings.filter((f) => f.direction === 'input').map((f) => `${f.bump} ${f.id}`)).toContain('major enum-value-removed');
    expect(findings.filter((f) => f.direction === 'output').every((f) => f.bump !== 'major')).toBe(true);
    expect(check(base, noNeutral)).toMatchObject({ required: expect.not.stringMatching(/major/) });
  });

  it('the same file on both sides: no finding', () => {
    expect(check(base, labels, '1.0.0')).toMatchObject({ code: 0, required: 'none', ids: [] });
  });
});
