#!/usr/bin/env node
/**
 * Benchmark of the interface analyser through the front door: writes generated schema pairs to
 * .tmp/bench-interface and runs `node dist/cli.js diff-schema OLD NEW --direction input|output
 * --format json` on each, a fresh process per run, checking the bump it reports. Prints the wall
 * time of the whole CLI run (start-up and reading the files included) and its peak RSS, beside
 * json-schema-diff (the nearest JavaScript peer), timed in a child process on its diff call alone.
 *
 * Inputs:
 *   wide       a 10,000-property object schema with nested arrays (arrays of objects holding
 *              arrays, tensors as arrays of fixed-length arrays) against a version with 100
 *              scattered changes of the kinds both tools understand
 *   wide-one   the same schema against a version with one maxLength lowered: few findings, so
 *              the semantic decision (canonical forms) runs on the whole document
 *   oneOf      four levels of nested oneOf with ten branches each (10,000 leaves) against a
 *              version with three changed leaves
 *   enum       a 300,000-value enum against the same values in another order, one removed and
 *              one added
 *   properties a 200,000-property object against a version with one property removed, one added
 *              and one retyped
 * Environment: BENCH_RUNS (runs per input and direction, default 3), BENCH_TIMEOUT_MS (limit of
 * one CLI run, default 60000), BENCH_PEER_TIMEOUT_MS (the peer's limit per input, default 60000).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, loadAverage, mb, median, reportTargets, runCli } from './measure.mjs';

const DRAFT07 = 'http://json-schema.org/draft-07/schema#';

// ---------------------------------------------------------------------------------------------
// Inputs

function wideProperty(i) {
  switch (i % 5) {
    case 0:
      return {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'integer', minimum: 0 },
            score: { type: 'number', minimum: 0, maximum: 1 },
            tags: { type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 10 },
          },
        },
      };
    case 1:
      return { type: 'string', minLength: 1, maxLength: 64 };
    case 2:
      return { type: 'integer', minimum: 0, maximum: 1000 };
    case 3:
      // A tensor: rows of three numbers.
      return { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 } };
    default:
      return { type: 'object', additionalProperties: false, properties: { a: { type: 'boolean' }, b: { type: ['string', 'null'] } } };
  }
}

const WIDE_N = 10_000;
const key = (i) => `p${String(i).padStart(5, '0')}`;

function wideOld() {
  const properties = {};
  const required = [];
  for (let i = 0; i < WIDE_N; i++) {
    properties[key(i)] = wideProperty(i);
    if (i % 10 === 0) required.push(key(i));
  }
  return { $schema: DRAFT07, type: 'object', required, properties };
}

/** 100 changes at scattered properties, ten kinds in turn. */
function wideNew() {
  const s = wideOld();
  const props = s.properties;
  const required = s.required;
  const picked = new Set();
  for (let i = 13; picked.size < 100; i = (i + 9973) % WIDE_N) picked.add(i);
  let kind = 0;
  for (const i of picked) {
    const k = key(i);
    const p = props[k];
    switch (kind++ % 10) {
      case 0: // a bound tightened or loosened
        if (p.type === 'string') p.maxLength = 32;
        else if (p.type === 'integer') p.maximum = 2000;
        else p.maxItems = 50;
        break;
      case 1: // a type changed
        props[k] = { type: 'number' };
        break;
      case 2: // made required, or no longer required
        if (required.includes(k)) required.splice(required.indexOf(k), 1);
        else required.push(k);
        break;
      case 3: // removed
        delete props[k];
        break;
      case 4: // an optional property added beside it
        props[`${k}_extra`] = { type: 'string' };
        break;
      case 5: // deep inside the nested arrays
        props[k] = wideProperty(0);
        props[k].items.properties.tags.items.maxLength = 16;
        break;
      case 6: // a tensor dimension
        props[k] = { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 } };
        break;
      case 7: // closed object opened
        props[k] = { type: 'object', properties: { a: { type: 'boolean' }, b: { type: ['string', 'null'] } } };
        break;
      case 8: // null allowed
        props[k] = { type: ['string', 'null'] };
        break;
      default: // a minimum raised
        props[k] = { type: 'integer', minimum: 10 };
    }
  }
  return { schema: s, changes: picked.size };
}

/** One change: a string property's maxLength lowered (MAJOR for an input, MINOR for an output). */
function wideOneChange() {
  const s = wideOld();
  s.properties[key(1)].maxLength = 32;
  return s;
}

const LEVELS = 4;
const BRANCHES = 10;

/** Nested oneOf, `LEVELS` deep with `BRANCHES` branches each; each branch tells itself apart by `k<level>`. */
function oneOfTree(change, pathSoFar = []) {
  const level = LEVELS - pathSoFar.length;
  if (level === 0) return change(pathSoFar) ?? { type: 'object', required: ['value'], properties: { value: { type: 'number', minimum: 0 } } };
  const oneOf = [];
  for (let b = 0; b < BRANCHES; b++) {
    oneOf.push({
      type: 'object',
      required: [`k${level}`, 'child'],
      properties: { [`k${level}`]: { type: 'integer', minimum: b, maximum: b }, child: oneOfTree(change, [...pathSoFar, b]) },
    });
  }
  return pathSoFar.length === 0 ? { $schema: DRAFT07, oneOf } : { oneOf };
}

const CHANGED_LEAVES = {
  '3,5,7,2': { type: 'object', required: ['value'], properties: { value: { type: 'number', minimum: 1 } } },
  '9,0,4,4': { type: 'object', required: ['value'], properties: { value: { type: 'integer', minimum: 0 } } },
  '0,0,0,0': { type: 'object', required: ['value', 'extra'], properties: { value: { type: 'number', minimum: 0 }, extra: { type: 'string' } } },
};

const ENUM_N = 300_000;
function enumPair() {
  const values = Array.from({ length: ENUM_N }, (_, i) => `v${i}`);
  const swapped = [...values].reverse();
  swapped[0] = 'added'; // v299999 removed, "added" added
  return { old: { type: 'string', enum: values }, new: { type: 'string', enum: swapped } };
}

const PROPS_N = 200_000;
function propertiesPair() {
  const props = (change) => {
    const p = {};
    for (let i = 0; i < PROPS_N; i++)
      p[`f${i}`] = i % 3 === 0 ? { type: 'string' } : i % 3 === 1 ? { type: 'integer', minimum: 0 } : { type: 'number' };
    if (change) {
      delete p.f100;
      p.f200 = { type: 'string' }; // was a number
      p.added = { type: 'string' };
    }
    return p;
  };
  return { old: { type: 'object', properties: props(false) }, new: { type: 'object', properties: props(true) } };
}

/**
 * Each input with the bump each direction must report and a target for the slower direction
 * (one CLI run, wall time). The targets of wide and oneOf come from measurements (the analyser
 * alone took about 100 ms and 500 ms before, plus about 0.2 s to start the CLI and read the files);
 * those of enum and properties are the ones the analyser is held to (2 s and 5 s). The wide
 * schemas' analysis, inside that run, is held to 100 ms.
 */
function inputs() {
  const wide = wideNew();
  const e = enumPair();
  const p = propertiesPair();
  return [
    {
      name: 'wide',
      what: `${WIDE_N.toLocaleString('en')}-property object, nested arrays, ${wide.changes} scattered changes`,
      targetMs: 1000,
      analyseTargetMs: 100,
      expect: { input: 'major', output: 'major' },
      old: wideOld(),
      new: wide.schema,
    },
    {
      name: 'wide-one',
      what: `the same ${WIDE_N.toLocaleString('en')}-property object with one maxLength lowered (few findings: the semantic decision runs)`,
      targetMs: 1000,
      analyseTargetMs: 100,
      expect: { input: 'major', output: 'minor' },
      old: wideOld(),
      new: wideOneChange(),
    },
    {
      name: 'oneOf',
      what: `${LEVELS} levels of nested oneOf × ${BRANCHES} branches, ${Object.keys(CHANGED_LEAVES).length} changed leaves`,
      targetMs: 2000,
      // Each leaf is narrowed. The branches are told apart by `k<level>` (one integer each), so
      // the oneOf is proven disjoint and read as an anyOf: narrowed outputs are MINOR.
      expect: { input: 'major', output: 'minor' },
      old: oneOfTree(() => undefined),
      new: oneOfTree((q) => CHANGED_LEAVES[q.join(',')]),
    },
    {
      name: 'enum',
      what: `${ENUM_N.toLocaleString('en')}-value enum in another order, one value removed, one added`,
      targetMs: 2000,
      expect: { input: 'major', output: 'major' },
      ...e,
    },
    {
      name: 'properties',
      what: `${PROPS_N.toLocaleString('en')}-property object, one removed, one added, one retyped`,
      targetMs: 5000,
      expect: { input: 'major', output: 'major' },
      ...p,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring

async function timeOurs(input, dir, direction, runs, timeoutMs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runCli(['diff-schema', `${input.name}-old.json`, `${input.name}-new.json`, '--direction', direction, '--format', 'json'], {
      cwd: dir,
      timeoutMs,
      env: { MODEL_CONTRACT_GATE_TIMINGS: '1' },
    });
    // The analysis alone, as the CLI measured it (reading and parsing the files left out).
    const analysed = /analyse (\d+) ms/.exec(r.stderr);
    let required;
    let findings;
    try {
      const j = JSON.parse(r.stdout);
      required = j.required;
      findings = j.findings.length;
    } catch {
      /* reported below */
    }
    const why = r.timedOut
      ? `did not finish within ${(timeoutMs / 1000).toFixed(0)} s (killed)`
      : r.code !== 0
        ? `exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`
        : required !== input.expect[direction]
          ? `reported ${required}, expected ${input.expect[direction]}`
          : undefined;
    results.push({ ms: r.ms, analyseMs: analysed ? Number(analysed[1]) : undefined, peakRssKb: r.peakRssKb, required, findings, why });
    if (why && r.timedOut) break; // one timeout is enough to know
  }
  const ok = results.filter((x) => !x.why);
  return {
    median: ok.length === results.length ? median(results.map((x) => x.ms)) : undefined,
    analyseMedian: ok.length === results.length && ok.every((x) => x.analyseMs !== undefined) ? median(results.map((x) => x.analyseMs)) : undefined,
    peakRssKb: Math.max(0, ...results.map((x) => x.peakRssKb ?? 0)) || undefined,
    required: results[0].required,
    findings: results[0].findings,
    why: results.find((x) => x.why)?.why,
  };
}

function runPeer(file, timeoutMs) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.url), '--peer', file],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        if (err) {
          const killed = err.killed || err.signal === 'SIGKILL';
          resolve({
            ok: false,
            error: killed
              ? `did not finish within ${(timeoutMs / 1000).toFixed(0)} s (killed)`
              : `failed: ${(stderr || err.message).split('\n').slice(0, 3).join(' ')}`,
          });
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop()));
        } catch {
          resolve({ ok: false, error: `unreadable output: ${stdout.slice(0, 200)}` });
        }
      },
    );
  });
}

/** The child: json-schema-diff on one input. */
async function peerMain(file) {
  const { old, new: next } = JSON.parse(readFileSync(file, 'utf8'));
  const mod = await import('json-schema-diff');
  const api = mod.default ?? mod;
  // Warm up on a small pair, so that loading the library is not timed.
  await api.diffSchemas({ sourceSchema: { type: 'string' }, destinationSchema: { type: ['string', 'number'] } });
  const t = performance.now();
  const r = await api.diffSchemas({ sourceSchema: old, destinationSchema: next });
  const ms = performance.now() - t;
  process.stdout.write(
    JSON.stringify({ ok: true, ms, additionsFound: r.additionsFound, removalsFound: r.removalsFound, maxRssKb: process.resourceUsage().maxRSS }) +
      '\n',
  );
}

// ---------------------------------------------------------------------------------------------

function fmtMs(ms) {
  if (ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => r.map((x, c) => x.padEnd(widths[c])).join(' │ ');
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.slice(1).map(line)].join('\n');
}

async function main(dir) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 60_000);
  const peerTimeout = Number(process.env.BENCH_PEER_TIMEOUT_MS ?? 60_000);
  mkdirSync(dir, { recursive: true });
  const rows = [
    ['input', 'CLI: input', 'CLI: output', 'analysis in/out', 'peak RSS', 'target', 'json-schema-diff (diff call)', 'bumps in/out (findings) · peer'],
  ];
  const notes = [];
  const targets = [];
  for (const input of inputs()) {
    writeFileSync(path.join(dir, `${input.name}-old.json`), JSON.stringify(input.old));
    writeFileSync(path.join(dir, `${input.name}-new.json`), JSON.stringify(input.new));
    const peerFile = path.join(dir, `${input.name}.json`);
    writeFileSync(peerFile, JSON.stringify({ old: input.old, new: input.new }));
    const size = JSON.stringify(input.old).length;
    const inp = await timeOurs(input, dir, 'input', runs, timeoutMs);
    const out = await timeOurs(input, dir, 'output', runs, timeoutMs);
    const peer = await runPeer(peerFile, peerTimeout);
    // Progress (the table comes at the end; a slow input can take minutes).
    process.stderr.write(`interface bench: ${input.name} measured\n`);
    const worst = inp.median === undefined || out.median === undefined ? undefined : Math.max(inp.median, out.median);
    const met = worst !== undefined && worst < input.targetMs;
    rows.push([
      `${input.name} (${(size / 1e6).toFixed(2)} MB)`,
      inp.why ? `FAILED` : fmtMs(inp.median),
      out.why ? `FAILED` : fmtMs(out.median),
      `${fmtMs(inp.analyseMedian)} / ${fmtMs(out.analyseMedian)}`,
      mb(Math.max(inp.peakRssKb ?? 0, out.peakRssKb ?? 0) || undefined),
      `< ${fmtMs(input.targetMs)}: ${met ? 'ok' : 'MISS'}`,
      peer.ok ? fmtMs(peer.ms) : 'DID NOT FINISH',
      `${inp.required ?? '?'}/${out.required ?? '?'} (${inp.findings ?? '?'}/${out.findings ?? '?'}) · ${peer.ok ? `added ${peer.additionsFound ? 'yes' : 'no'}, removed ${peer.removalsFound ? 'yes' : 'no'}` : '—'}`,
    ]);
    notes.push(`  ${input.name}: ${input.what}`);
    if (inp.why) notes.push(`  ${input.name}, input direction: ${inp.why}`);
    if (out.why) notes.push(`  ${input.name}, output direction: ${out.why}`);
    if (!peer.ok) notes.push(`  json-schema-diff on "${input.name}": ${peer.error}`);
    targets.push([
      `${input.name}: diff-schema reports ${input.expect.input}/${input.expect.output} (input/output) in every run`,
      !inp.why && !out.why,
    ]);
    targets.push([`${input.name}: one diff-schema run < ${fmtMs(input.targetMs)} (median, slower direction)`, met]);
    if (input.analyseTargetMs !== undefined) {
      const analyse = inp.analyseMedian === undefined || out.analyseMedian === undefined ? undefined : Math.max(inp.analyseMedian, out.analyseMedian);
      targets.push([
        `${input.name}: the analysis inside that run < ${fmtMs(input.analyseTargetMs)} (median, slower direction: ${fmtMs(analyse)})`,
        analyse !== undefined && analyse < input.analyseTargetMs,
      ]);
    }
  }
  console.log(
    `interface analyser through \`node dist/cli.js diff-schema\` — median of ${runs} runs per direction, each a fresh process (wall time of the whole run; "analysis" is the analyser's part of it, as the CLI reports with MODEL_CONTRACT_GATE_TIMINGS=1); json-schema-diff once per input in a child after a warm-up, its diff call alone, limited to ${fmtMs(peerTimeout)}; load average ${loadAverage()} on ${availableParallelism()} cores`,
  );
  console.log(table(rows));
  console.log('inputs:');
  console.log(notes.join('\n'));
  console.log(
    'json-schema-diff reports one diff (added and removed values) per input. It reads no enum, const, pattern, format or multipleOf; the changes of wide and oneOf avoid them.',
  );
  reportTargets('interface', targets);
}

const args = process.argv.slice(2);
if (args[0] === '--peer') await peerMain(args[1]);
else await main(args[0] ?? path.join(ROOT, '.tmp', 'bench-interface'));
