// Bundles the CLI and the Action into dist/ (committed; CI fails when it is stale).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS packages call require() for Node built-ins.
  banner: { js: "import { createRequire as __mcgCreateRequire } from 'node:module';\nconst require = __mcgCreateRequire(import.meta.url);" },
};

await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' });
await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/index.js' });
// The behavior analyser's worker thread, looked up beside the bundle that starts it.
await build({ ...common, entryPoints: ['src/pipeline/behavior-worker.ts'], outfile: 'dist/behavior-worker.mjs' });
