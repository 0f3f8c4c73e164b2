/**
 * OpenAPI 3.0 / 3.1 operations as interfaces (kind `openapi`): the mapping, OpenAPI 3.0's schema
 * dialect, references kept as `$defs`, hostile documents (references to files and URLs, deep
 * nesting), and `check` on edited documents and API versions side by side through the CLI.
 */
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importWith } from '../../src/readers/imports/index.js';
import { InputError } from '../../src/core/errors.js';
import { ROOT } from '../helpers/cli.js';
import { holdsUnderEdits } from '../helpers/edit-law.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const FIX = path.join(ROOT, 'fixtures/imports/openapi');
const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-openapi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

type Doc = Record<string, unknown>;

/** An OpenAPI document with one POST operation at /predict. */
function doc(version: string, request: unknown, response: unknown, schemas: Doc = {}, extra: Doc = {}): Doc {
  return {
    openapi: version,
    info: { title: 't', version: '1' },
    paths: {
      '/predict': {
        post: {
          ...(request === undefined ? {} : { requestBody: { content: { 'application/json': { schema: request } } } }),
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: response } } } },
        },
      },
    },
    ...(Object.keys(schemas).length ? { components: { schemas } } : {}),
    ...extra,
  };
}

const imp = (d: Doc, sel: { path?: string; method?: string } = { path: '/predict' }) =>
  importWith('openapi', Buffer.from(JSON.stringify(d, null, 2)), 'openapi.json', sel);

async function failure(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('OpenAPI mapping', () => {
  it('request body → input, 200 response → output, component schemas as $defs', async () => {
    const r = await imp(
      doc(
        '3.1.0',
        { $ref: '#/components/schemas/Req' },
        { $ref: '#/components/schemas/Res' },
        {
          Req: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
          Res: { type: 'object', properties: { y: { anyOf: [{ type: 'string' }, { type: 'null' }] } } },
          Unused: { type: 'string' },
        },
      ),
    );
    expect(r.input).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $ref: '#/$defs/Req',
      $defs: { Req: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
    });
    expect(Object.keys((r.output as { $defs: object }).$defs)).toEqual(['Res']);
    expect(r.kind).toBe('openapi');
  });

  it("OpenAPI 3.0's dialect in 2020-12 words: nullable, boolean exclusive bounds, $ref siblings ignored, example dropped", async () => {
    const r = await imp(
      doc(
        '3.0.3',
        {
          type: 'object',
          properties: {
            a: { type: 'integer', nullable: true, minimum: 0, exclusiveMinimum: true, example: 3 },
            b: { type: 'string', enum: ['x', 'y'], nullable: true },
            c: { allOf: [{ $ref: '#/components/schemas/C' }], nullable: true },
            d: { $ref: '#/components/schemas/C', description: 'ignored in 3.0' },
            e: { type: 'number', maximum: 1, exclusiveMaximum: false },
          },
        },
        { type: 'string' },
        { C: { type: 'string' } },
      ),
    );
    const p = (r.input as { properties: Record<string, unknown> }).properties;
    expect(p.a).toEqual({ type: ['integer', 'null'], exclusiveMinimum: 0 });
    expect(p.b).toEqual({ type: ['string', 'null'], enum: ['x', 'y', null] });
    expect(p.c).toEqual({ anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/$defs/C' }] }] });
    expect(p.d).toEqual({ $ref: '#/$defs/C' });
    expect(p.e).toEqual({ type: 'number', maximum: 1 });
  });

  it('a recursive component stays one $defs entry referring to itself', async () => {
    const r = await imp(
      doc(
        '3.1.0',
        { type: 'object' },
        { $ref: '#/components/schemas/Node' },
        { Node: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } },
      ),
    );
    expect((r.output as { $defs: Record<string, unknown> }).$defs.Node).toEqual({
      type: 'object',
      properties: { kids: { type: 'array', items: { $ref: '#/$defs/Node' } } },
    });
  });

  it('request bodies and responses by $ref; 201 when there is no 200; other methods by name; no body: input `true`', async () => {
    const d: Doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/p': {
          put: {
            requestBody: { $ref: '#/components/requestBodies/In' },
            responses: { '201': { $ref: '#/components/responses/Out' }, '400': { description: 'bad' } },
          },
          get: { responses: { default: { description: 'd', content: { 'application/json; charset=utf-8': { schema: { type: 'integer' } } } } } },
        },
      },
      components: {
        requestBodies: { In: { content: { 'application/json': { schema: { type: 'string' } } } } },
        responses: { Out: { description: 'o', content: { 'application/json': { schema: { type: 'boolean' } } } } },
      },
    };
    const put = await imp(d, { path: '/p', method: 'put' });
    expect(put.input).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' });
    expect(put.output).toEqual({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'boolean' });
    const get = await imp(d, { path: '/p', method: 'get' });
    expect(get.input).toBe(true);
    expect(get.output).toMatchObject({ type: 'integer' });
  });

  it('a missing path or method names what the document has', async () => {
    const d = doc('3.1.0', { type: 'object' }, { type: 'object' });
    expect((await failure(imp(d, { path: '/api/v2/predict' }))).message).toMatch(/no path "\/api\/v2\/predict"; it declares "\/predict"/);
    expect((await failure(imp(d, { path: '/predict', method: 'get' }))).message).toMatch(/has no GET operation; it has POST/);
  });

  it('Swagger 2.0 and invalid OpenAPI documents are refused with the place', async () => {
    expect((await failure(imp({ swagger: '2.0', info: {}, paths: {} }))).message).toMatch(/Swagger 2\.0 document; only OpenAPI 3\.0 and 3\.1/);
    const bad = await failure(imp({ openapi: '3.0.0', info: { title: 't' }, paths: {} }));
    expect(bad.message).toMatch(/not a valid OpenAPI document: \/info must have required property 'version'/);
    expect(bad.line).toBe(3);
  });
});

describe('hostile OpenAPI documents', () => {
  it.each([
    ['/etc/passwd', /"\/etc\/passwd" points outside the document/],
    ['../../secret.json#/x', /"\.\.\/\.\.\/secret\.json#\/x" points outside the document/],
    ['#/paths', /does not point into #\/components\/schemas/],
  ])('a schema $ref to %s is refused, located in the document', async (ref, message) => {
    const err = await failure(imp(doc('3.1.0', { type: 'object', properties: { a: { $ref: ref } } }, { type: 'object' })));
    expect(err.message).toMatch(message);
    expect(err.pointer).toBe('/paths/~1predict/post/requestBody/content/application~1json/schema/properties/a/$ref');
    expect(err.line).toBeGreaterThan(1);
  });

  it('a $ref to a component that does not exist is refused', async () => {
    const err = await failure(imp(doc('3.1.0', { $ref: '#/components/schemas/Nope' }, { type: 'object' }, { Yes: { type: 'string' } })));
    expect(err.message).toMatch(/"#\/components\/schemas\/Nope"/);
  });

  it('a reference to an http URL is never fetched (through the CLI)', async () => {
    let requests = 0;
    const server = createServer((_, res) => {
      requests++;
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const dir = path.join(tmp, `h${n++}`);
      mkdirSync(dir);
      const url = `http://127.0.0.1:${port}/schema.json`;
      writeFileSync(
        path.join(dir, 'openapi.json'),
        JSON.stringify(doc('3.0.0', { $ref: url }, { type: 'object' }, {}, { components: { requestBodies: { X: { $ref: url } } } })),
      );
      const r = runCliBounded(['import', 'openapi', 'openapi.json', '--path', '/predict'], { cwd: dir });
      // Let a connection the run might have queued be accepted before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expectClean(r, 2, /openapi\.json:\d+:\d+: .*points outside the document/);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('a request body $ref to a file on disk is not read', async () => {
    const d = doc('3.0.0', undefined, { type: 'object' });
    ((d.paths as Doc)['/predict'] as { post: Doc }).post.requestBody = { $ref: '/etc/passwd' };
    expect((await failure(imp(d))).message).toMatch(/"\/etc\/passwd" points outside the document; only references inside it are read/);
  });

  it('schemas nested 100 deep (within the document limit) are refused by the converter', async () => {
    let s: unknown = { type: 'string' };
    for (let i = 0; i < 100; i++) s = { type: 'array', items: s };
    const err = await failure(imp(doc('3.1.0', s, { type: 'object' })));
    expect(err.message).toMatch(/schemas are nested more than 64 levels deep/);
  });

  it('schemas nested 5,000 deep are refused, not recursed into', async () => {
    const deep = '{"type":"array","items":'.repeat(5000) + '{"type":"string"}' + '}'.repeat(5000);
    const bytes = Buffer.from(JSON.stringify(doc('3.1.0', { type: 'object' }, { type: 'object' })).replace('{"type":"object"}', deep));
    const err = await failure(importWith('openapi', bytes, 'openapi.json', { path: '/predict' }));
    expect(err.message).toMatch(/nested more than 200 levels/);
  });
});

describe('law: any edit of a real document gives an interface or an InputError', () => {
  it('the churn service document with characters changed or cut off', async () => {
    const text = readFileSync(path.join(FIX, 'churn-service-head.json'), 'utf8');
    await holdsUnderEdits(text, (edited) => importWith('openapi', Buffer.from(edited), 'openapi.json', { path: '/api/v2/predict' }), {
      characters: ['{', '}', '"', ':', ',', '#', '/', 'x', '1'],
      maxEdits: 3,
      seed: 1402,
    });
  });
});

describe('import openapi (CLI)', () => {
  it("reads KServe's tf2openapi document for a TF Serving census model", () => {
    const r = runCliBounded(['import', 'openapi', 'kserve-tf2openapi-census.json', '--path', '/v1/models/model/versions/1:predict'], { cwd: FIX });
    expectClean(r, 0);
    const { input, output } = JSON.parse(r.stdout);
    expect(input.required).toEqual(['instances']);
    expect(input.properties.instances.items.additionalProperties).toBe(false);
    expect(Object.keys(input.properties.instances.items.properties)).toHaveLength(13);
    expect(output.properties.predictions.items.properties.probabilities).toEqual({
      items: { type: 'number' },
      maxItems: 2,
      minItems: 2,
      type: 'array',
    });
  });

  it('usage: --path is required for openapi', () => {
    expectClean(runCliBounded(['import', 'openapi', path.join(FIX, 'churn-service-base.json')]), 2, /import openapi needs --path/);
    expectClean(
      runCliBounded(['import', 'openapi', path.join(FIX, 'churn-service-base.json'), '--path', '/api/v1/predict', '--method', 'fetch']),
      2,
      /--method must be an HTTP method/,
    );
  });
});

describe('check on edited OpenAPI documents (CLI)', () => {
  const base = JSON.parse(readFileSync(path.join(FIX, 'churn-service-base.json'), 'utf8')) as Doc;

  function side(dir: string, version: string, d: Doc, apis: Record<string, string>): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(d, null, 2));
    const contract = path.join(dir, 'model-contract.yaml');
    const body = Object.entries(apis)
      .map(([name, p]) => `  ${name}:\n    from: { openapi: openapi.json, path: ${p} }\n`)
      .join('');
    writeFileSync(contract, `contract: 1\nmodel: churn\nversion: ${version}\ninterfaces:\n${body}`);
    return contract;
  }

  function check(head: Doc, version = '1.1.0', headApis: Record<string, string> = { v1: '/api/v1/predict' }) {
    const dir = path.join(tmp, `pair${n++}`);
    const r = runCliBounded([
      'check',
      side(path.join(dir, 'base'), '1.0.0', base, { v1: '/api/v1/predict' }),
      side(path.join(dir, 'head'), version, head, headApis),
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

  const edit = (f: (schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }>) => void): Doc => {
    const d = structuredClone(base);
    f((d.components as { schemas: never }).schemas);
    return d;
  };

  it('the committed pair: API v2 published beside an unchanged v1 is MINOR', () => {
    const head = JSON.parse(readFileSync(path.join(FIX, 'churn-service-head.json'), 'utf8'));
    const r = check(head, '1.1.0', { v1: '/api/v1/predict', v2: '/api/v2/predict' });
    expect(r).toMatchObject({ code: 0, required: 'minor' });
    expect(r.ids).toEqual(['minor undefined api-version-added undefined']); // one finding, about the contract, not a schema
  });

  it('a response field added is MINOR; removed is MAJOR', () => {
    expect(check(edit((s) => (s.ChurnResponse!.properties.explanation = { type: 'string' })))).toMatchObject({ code: 0, required: 'minor' });
    const removed = check(
      edit((s) => {
        delete s.ChurnResponse!.properties.label;
        s.ChurnResponse!.required = ['churn_probability', 'model_version'];
      }),
      '2.0.0',
    );
    expect(removed.required).toBe('major');
    expect(removed.ids.some((id) => /^major v1 .* \/label$/.test(id) || /^major output .*\/label/.test(id))).toBe(true);
  });

  it('a request field retyped (integer → string) is MAJOR; a new optional request field is MINOR', () => {
    expect(check(edit((s) => (s.ChurnRequest!.properties.tenure_months = { type: 'string' }))).required).toBe('major');
    expect(check(edit((s) => (s.ChurnRequest!.properties.region = { type: 'string' })))).toMatchObject({ code: 0, required: 'minor' });
  });

  it('a request enum value removed is MAJOR', () => {
    const r = check(
      edit((s) => ((s.ChurnRequest!.properties.contract as { enum: string[] }).enum = ['month-to-month', 'one-year'])),
      '2.0.0',
    );
    expect(r.required).toBe('major');
    expect(r.ids.some((id) => id.includes('enum-value-removed'))).toBe(true);
  });

  it('the same document: no finding', () => {
    expect(check(base, '1.0.0')).toMatchObject({ code: 0, required: 'none', ids: [] });
  });

  it('a contract naming openapi without a path exits 2 naming the contract', () => {
    const dir = path.join(tmp, `bad${n++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(base));
    writeFileSync(
      path.join(dir, 'model-contract.yaml'),
      'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { openapi: openapi.json, input: X }\n',
    );
    const r = runCliBounded(['validate', path.join(dir, 'model-contract.yaml')]);
    expectClean(r, 2, /model-contract\.yaml:5:\d+: .*(`interface\.from\.input` is for a proto source, not openapi|missing required field "path")/);
  });
});

describe('in a git repository: check --base-ref and the Action (dist/index.js) read openapi and proto sources from commits', () => {
  it('the churn service adds API v2 (MINOR, passes); the sentiment service widens an output int32 to int64 (MAJOR, fails)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { runDist } = await import('../action/dist-run.js');
    const { pullRequestPayload } = await import('../action/helpers.js');
    const dir = path.join(tmp, `git${n++}`);
    mkdirSync(dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    git('config', 'commit.gpgsign', 'false');
    const PROTO = path.join(ROOT, 'fixtures/imports/proto');
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    const churn = (version: string, apis: string[]) =>
      `contract: 1\nmodel: churn\nversion: ${version}\ninterfaces:\n${apis.map((v) => `  ${v}:\n    from: { openapi: openapi.json, path: /api/${v}/predict }\n`).join('')}`;
    const sentiment = (version: string) =>
      `contract: 1\nmodel: sentiment\nversion: ${version}\ninterface:\n  from: { proto: protos/model.proto, input: PredictRequest, output: PredictResponse }\n`;
    write('models/churn/openapi.json', readFileSync(path.join(FIX, 'churn-service-base.json'), 'utf8'));
    write('models/churn/model-contract.yaml', churn('1.0.0', ['v1']));
    write('models/sentiment/protos/model.proto', readFileSync(path.join(PROTO, 'sentiment-base.proto'), 'utf8'));
    // The import "common/labels.proto" resolves beside the importing file, read from the commit.
    write('models/sentiment/protos/common/labels.proto', readFileSync(path.join(PROTO, 'common/labels.proto'), 'utf8'));
    write('models/sentiment/model-contract.yaml', sentiment('1.0.0'));
    git('add', '-A');
    git('commit', '-qm', 'base');
    const baseSha = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'feature');
    write('models/churn/openapi.json', readFileSync(path.join(FIX, 'churn-service-head.json'), 'utf8'));
    write('models/churn/model-contract.yaml', churn('1.1.0', ['v1', 'v2']));
    write('models/sentiment/protos/model.proto', readFileSync(path.join(PROTO, 'sentiment-head.proto'), 'utf8'));
    write('models/sentiment/model-contract.yaml', sentiment('1.1.0'));
    git('add', '-A');
    git('commit', '-qm', 'head');
    const headSha = git('rev-parse', 'HEAD');

    const cli = runCliBounded(['check', '--base-ref', 'main', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
    expectClean(cli, 1);
    const models = Object.fromEntries(JSON.parse(cli.stdout).models.map((m: { model: string; required: string; ok: boolean }) => [m.model, m]));
    expect(models.churn).toMatchObject({ required: 'minor', ok: true });
    expect(models.sentiment).toMatchObject({ required: 'major', ok: false, suggested: '2.0.0' });

    const action = await runDist({ cwd: dir, event: pullRequestPayload({ number: 7, baseSha, headSha }), inputs: { comment: 'never' } });
    expect(action.timedOut).toBe(false);
    expect(action.code, action.stdout + action.stderr).toBe(1);
    expect(action.outputs).toMatchObject({ verdict: 'fail', 'required-bump': 'major' });
    expect(action.summary).toMatch(/sentiment/);
    expect(action.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
  }, 120_000);
});
