/**
 * The front door, bounded: run `node dist/cli.js …` as a user would, with a hard timeout that
 * kills the process (a hang is a failure with its own message, never a stuck suite), and the
 * checks every hostile-input test makes on the result.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { CLI, ROOT } from './cli.js';

export interface FrontDoorResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface FrontDoorOptions {
  cwd?: string;
  /** Hard limit: the process is killed (SIGKILL) after this many ms. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Extra `node` flags, e.g. a heap limit. */
  nodeArgs?: string[];
}

export function runCliBounded(args: string[], opts: FrontDoorOptions = {}): FrontDoorResult {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || (r.signal === 'SIGKILL' && r.status === null);
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, timedOut };
}

/**
 * A JavaScript stack frame or a Node internal trace in the output: never shown to a user. A frame
 * names a script (`.js`, `.mjs`, `.cjs`, `.ts`) with line and column, or is native; the text
 * report's own "at file.yaml:3:5" lines are not frames.
 */
export const STACK_TRACE =
  /^\s+at (?:.*\()?(?:file:\/\/)?[^\s()]*\.(?:[cm]?js|ts):\d+:\d+\)?$|^\s+at .*\(native\)$|node:internal|^\w*Error: .*\n\s+at /m;

/**
 * The run ended in time with `code`, printed no stack trace, and (for exit 2) named `names` in
 * one clear message on stderr with nothing half-written on stdout.
 */
export function expectClean(r: FrontDoorResult, code: number, names?: string | RegExp): void {
  const shown = `exit ${r.code} signal ${r.signal} after ${Math.round(r.ms)} ms\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
  expect(r.timedOut, `the run was killed at its time limit\n${shown}`).toBe(false);
  expect(r.code, shown).toBe(code);
  expect(r.stderr, `a stack trace reached the user\n${shown}`).not.toMatch(STACK_TRACE);
  expect(r.stdout, `a stack trace reached the user\n${shown}`).not.toMatch(STACK_TRACE);
  if (code === 2) {
    expect(r.stdout, `exit 2 must not leave a half-written report\n${shown}`).toBe('');
    expect(r.stderr.trim(), shown).not.toBe('');
  }
  if (names !== undefined) {
    if (typeof names === 'string') expect(r.stderr, shown).toContain(names);
    else expect(r.stderr, shown).toMatch(names);
  }
}
