#!/usr/bin/env node
/**
 * Benchmark of the interface analyser against json-schema-diff: bundles bench/interface.ts with
 * esbuild into .tmp/bench-interface/ and runs it (`node bench/interface.mjs`). The inputs, the
 * measurements and the table are described in bench/interface.ts. Not a unit test: it prints
 * figures and exits 0 whatever they are (1 only when it cannot run).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench-interface');
mkdirSync(out, { recursive: true });
const entry = path.join(out, 'interface.mjs');
await build({
  entryPoints: [path.join(root, 'bench', 'interface.ts')],
  outfile: entry,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // json-schema-diff and ajv stay in node_modules (found from .tmp/ by walking up).
  packages: 'external',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify('bench') },
});
const r = spawnSync(process.execPath, [entry, out], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
