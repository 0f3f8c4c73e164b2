/**
 * Many front-door runs at once: `node dist/cli.js …` spawned asynchronously, a few at a time,
 * each with the same hard SIGKILL limit and result shape as `runCliBounded`. For the suites that
 * run hundreds of cases through the bundle (the peer suite, the rule fixtures).
 */
import { spawn } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, ROOT } from './cli.js';
import type { FrontDoorResult } from './front-door.js';

export interface PoolOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Runs at once; by default the number of cores (at least 2). */
  concurrency?: number;
}

/**
 * Node's on-disk compile cache (Node 22.1 and later; ignored before) spares each run most of the
 * cost of compiling the bundle again, about a quarter of its CPU time. Keyed by the file's content,
 * so a rebuilt bundle is never run from a stale cache.
 */
const COMPILE_CACHE = path.join(tmpdir(), 'model-contract-gate-test-compile-cache');

function runOne(args: string[], cwd: string, timeoutMs: number): Promise<FrontDoorResult> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: COMPILE_CACHE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6, timedOut });
    });
  });
}

/** Run every argument list through the bundled CLI; results in the same order. */
export async function runCliPool(runs: string[][], opts: PoolOptions = {}): Promise<FrontDoorResult[]> {
  const results: FrontDoorResult[] = new Array(runs.length);
  const width = opts.concurrency ?? Math.max(2, availableParallelism());
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      results[i] = await runOne(runs[i]!, opts.cwd ?? ROOT, opts.timeoutMs ?? 30_000);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, runs.length) }, worker));
  return results;
}
