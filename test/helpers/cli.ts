import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommandLine } from '../../src/cli/commands.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

/** A hang guard for one CLI run: the process is killed after this long. */
const RUN_LIMIT_MS = 120_000;

/**
 * Run the CLI as users run it: `node dist/cli.js …`, the bundle built from the current source by
 * the global setup, in its own process, in `cwd`.
 */
export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === null) reject(new Error(`node dist/cli.js ${args.join(' ')} ended by ${signal}\n${stderr.slice(-2000)}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** Run the CLI in this process, from the source: only for what a child process cannot show (prototype pollution). */
export async function runCliInProcess(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCommandLine(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** Run the bundled CLI as a user would, synchronously: `node dist/cli.js …`. */
export function runDist(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: RUN_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function example(...parts: string[]): string {
  return path.join(ROOT, 'fixtures/examples', ...parts);
}
