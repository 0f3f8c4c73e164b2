/**
 * Vitest global setup: bundle dist/ from the current src/ before any test runs, so the CLI and
 * Action end-to-end tests exercise what users run, built from the code under test (a changed rule
 * id fails them without a manual rebuild). In CI the bundle was already checked to be current, so
 * this rebuild changes nothing there.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/ from src/ failed:\n${r.stdout}\n${r.stderr}`);
}
