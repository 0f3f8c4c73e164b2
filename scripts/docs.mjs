// Regenerates the generated docs (docs/rules.md) from the source, and the output examples in
// README.md and docs/action.md from the bundled CLI (build dist/ first).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

mkdirSync('.tmp', { recursive: true });
await build({
  entryPoints: ['scripts/rules-doc.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: '.tmp/rules-doc.mjs',
  logLevel: 'warning',
  packages: 'external',
});
const out = execFileSync(process.execPath, ['.tmp/rules-doc.mjs'], { encoding: 'utf8' });
mkdirSync('docs', { recursive: true });
writeFileSync('docs/rules.md', out);

// The output examples in README.md and docs/action.md, from real runs of the bundled CLI.
const { update } = await import('./doc-examples.mjs');
for (const e of update({ write: true })) console.error(`${e.file}: regenerated: ${e.command}`);
