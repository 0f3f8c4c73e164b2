#!/usr/bin/env node
/**
 * Benchmark of the behaviour analyser (`npm run bench`): generates 1,000,000 reference rows
 * (a key, a float score, a 3-class label, a 10-item ranked list) for base and head in .tmp/bench,
 * runs the full check with one tolerance per field, positional pairing, and prints row pairs per
 * second, peak RSS, RSS at 100,000 against 1,000,000 rows, and the time to merely JSON.parse both
 * files line by line (the floor for this work) with the ratio to it.
 * Each measurement runs in a fresh process, so that one cannot inflate another's peak memory.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });
const SIZES = [100_000, 1_000_000];
const DATA_VERSION = '1';

// A small deterministic generator (mulberry32), so runs compare.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeLines(file, n, line) {
  const stream = createWriteStream(file);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await once(stream, 'drain');
      buf = '';
    }
  }
  stream.end(buf);
  await once(stream, 'finish');
}

async function generate(n) {
  const marker = path.join(out, `data-${n}.v${DATA_VERSION}`);
  if (existsSync(marker)) return;
  const labels = ['cat', 'dog', 'bird'];
  const id = (i) => `r${String(i).padStart(7, '0')}`;
  await writeLines(path.join(out, `inputs-${n}.jsonl`), n, (i) => JSON.stringify({ request_id: id(i), user_id: `u${(i * 7919) % 50000}`, n: 10 }));
  const base = [];
  let r = rng(1);
  const row = (i) => {
    const items = [];
    let x = Math.floor(r() * 100000);
    for (let j = 0; j < 10; j++) items.push((x = (x + 1 + Math.floor(r() * 500)) % 100000));
    return { request_id: id(i), score: r(), label: labels[Math.floor(r() * 3)], items };
  };
  await writeLines(path.join(out, `base-predictions-${n}.jsonl`), n, (i) => JSON.stringify(row(i)));
  // The head: the same rows, retrained: scores move a little (a few a lot), 2 % of labels flip,
  // most lists swap neighbours, some lose an item.
  r = rng(1);
  const h = rng(2);
  await writeLines(path.join(out, `head-predictions-${n}.jsonl`), n, (i) => {
    const p = row(i);
    p.score = Math.min(1, Math.max(0, p.score + (h() - 0.5) * (h() < 0.01 ? 0.2 : 0.004)));
    if (h() < 0.02) p.label = labels[(labels.indexOf(p.label) + 1) % 3];
    const j = Math.floor(h() * 9);
    [p.items[j], p.items[j + 1]] = [p.items[j + 1], p.items[j]];
    if (h() < 0.1) p.items[9] = 100000 + Math.floor(h() * 1000);
    return JSON.stringify(p);
  });
  writeFileSync(marker, new Date().toISOString());
}

const t0 = Date.now();
for (const n of SIZES) await generate(n);
const genSeconds = (Date.now() - t0) / 1000;

const entry = path.join(out, 'behaviour.mjs');
await build({
  entryPoints: [path.join(root, 'bench', 'behaviour.ts')],
  outfile: entry,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// The analyser's worker (when there is one) is looked up beside the bundle.
const workerSource = path.join(root, 'src', 'analysers', 'behaviour', 'worker.ts');
if (existsSync(workerSource)) {
  await build({
    entryPoints: [workerSource],
    outfile: path.join(out, 'behaviour-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

const run = (mode, n, env = {}) =>
  JSON.parse(execFileSync(process.execPath, [entry, mode, out, String(n)], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } }).trim().split('\n').pop());
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
// Interleave the sizes so that a burst of load elsewhere on the machine hits both alike.
const smalls = [];
const bigs = [];
const floors = [];
for (let i = 0; i < RUNS; i++) {
  smalls.push(run('analyse', 100_000));
  bigs.push(run('analyse', 1_000_000));
  floors.push(run('parse', 1_000_000));
}
// For comparison: the same check in one thread (workers off).
const single = run('analyse', 1_000_000, { MODEL_CONTRACT_GATE_THREADS: '1' });
const big = bigs[0];
const pairs = big.rows.paired;
const bestMs = Math.min(...bigs.map((b) => b.ms));
const medianMs = median(bigs.map((b) => b.ms));
const floorMs = Math.min(...floors.map((f) => f.ms));
const peakBig = Math.max(...bigs.map((b) => b.peakRss));
const peakSmall = Math.max(...smalls.map((b) => b.peakRss));
const perSecond = pairs / (bestMs / 1000);
const ratio = peakBig / peakSmall;
const mb = (b) => (b / 1024 / 1024).toFixed(0) + ' MB';
const targets = [
  ['row pairs per second >= 500,000 (best run)', perSecond >= 500_000],
  ['peak RSS < 300 MB', peakBig < 300 * 1024 * 1024],
  ['RSS(1M) <= 1.2 x RSS(100k)', ratio <= 1.2],
];
console.log(`behaviour check: positional pairing, one tolerance per field, ${pairs.toLocaleString('en')} row pairs; ${RUNS} runs each, fresh processes (load average ${load})`);
console.log(`  time                 best ${(bestMs / 1000).toFixed(2)} s, median ${(medianMs / 1000).toFixed(2)} s  [${bigs.map((b) => (b.ms / 1000).toFixed(2)).join(', ')}]`);
console.log(`  row pairs per second ${Math.round(perSecond).toLocaleString('en')} (best), ${Math.round(pairs / (medianMs / 1000)).toLocaleString('en')} (median)`);
console.log(`  one thread           ${(single.ms / 1000).toFixed(2)} s, ${Math.round(pairs / (single.ms / 1000)).toLocaleString('en')} row pairs per second (workers off); CPU time of the threaded run ${(median(bigs.map((b) => b.cpuMs)) / 1000).toFixed(2)} s`);
console.log(`  peak RSS             ${mb(peakBig)} at 1,000,000 rows, ${mb(peakSmall)} at 100,000 rows: ratio ${ratio.toFixed(2)}`);
console.log(`  JSON.parse floor     ${(floorMs / 1000).toFixed(2)} s to read and JSON.parse both files line by line in one thread (${floors[0].rows.toLocaleString('en')} lines); the full check takes ${(bestMs / floorMs).toFixed(2)} x that`);
console.log(`  findings             ${big.findings.join(', ')}`);
for (const [what, ok] of targets) console.log(`  ${ok ? 'ok  ' : 'MISS'} ${what}`);
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
