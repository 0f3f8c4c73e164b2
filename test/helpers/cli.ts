import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/run.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

/** Run the CLI in-process (the source, not the bundle). */
export async function runCli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** Run the bundled CLI as a user would: `node dist/cli.js …`. */
export function runDist(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function example(...parts: string[]): string {
  return path.join(ROOT, 'fixtures/examples', ...parts);
}
