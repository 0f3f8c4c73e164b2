// The output examples in the user docs, regenerated from real runs of the bundled CLI so that
// they cannot drift from what the program prints (people write `jq` against the JSON report).
//
// A generated example is a fenced block right after a marker line:
//
//   <!-- example: check a.yaml b.yaml --format json -->
//   ```json
//   …the stdout of `node dist/cli.js check a.yaml b.yaml --format json`, run in the repository root…
//   ```
//
// `<!-- example stderr: ARGS -->` takes standard error instead. The arguments are split like a
// shell would (npm shell-quote) and run without a shell.
//
// `node scripts/doc-examples.mjs` rewrites the blocks (`npm run docs` runs it; dist/ must be
// built); `--check` only lists stale blocks and exits 1 when there is one (the tests run it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'shell-quote';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DOCUMENTS = ['README.md', 'docs/action.md'];
const MARKER = /^<!-- example( stderr)?: (.+?) -->\n```(\w*)\n([\s\S]*?)^```$/gm;

function run(args, stream) {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  try {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 60_000,
    });
    return stream === 'stdout' ? out : '';
  } catch (err) {
    // A failing gate exits 1 and an invalid contract 2: their output is the example.
    if (err.status === null || err.status === undefined) throw err;
    return stream === 'stdout' ? err.stdout : err.stderr;
  }
}

/** Every example block of a document: where it is, what it runs, what it says and what it should say. */
export function examples(file) {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found = [];
  for (const m of text.matchAll(MARKER)) {
    const args = parse(m[2]).map(String);
    const fresh = run(args, m[1] ? 'stderr' : 'stdout').replace(/\n?$/, '\n');
    found.push({
      file,
      command: m[2],
      stream: m[1] ? 'stderr' : 'stdout',
      start: m.index,
      length: m[0].length,
      lang: m[3],
      current: m[4],
      fresh,
      marker: m[0].split('\n')[0],
    });
  }
  return { text, found };
}

/** Rewrite the stale blocks of every document; returns the stale ones. */
export function update({ write }) {
  const stale = [];
  // A partial copy of the repository (the new-rule test's) may hold none of the documents.
  for (const file of DOCUMENTS.filter((f) => existsSync(path.join(ROOT, f)))) {
    const { text, found } = examples(file);
    let out = text;
    for (const e of [...found].reverse()) {
      if (e.current === e.fresh) continue;
      stale.push(e);
      out = out.slice(0, e.start) + `${e.marker}\n\`\`\`${e.lang}\n${e.fresh}\`\`\`` + out.slice(e.start + e.length);
    }
    if (write && out !== text) writeFileSync(path.join(ROOT, file), out);
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = update({ write: !check });
  for (const e of stale) console.error(`${e.file}: ${check ? 'stale' : 'regenerated'}: ${e.command}`);
  if (check && stale.length > 0) process.exit(1);
}
