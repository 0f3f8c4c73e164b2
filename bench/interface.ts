/**
 * Benchmark of the interface analyser against json-schema-diff (the nearest JavaScript peer),
 * bundled and run by bench/interface.mjs. Not a unit test.
 *
 *   node interface.mjs DIR            — write the inputs to DIR, time this project's analyser on
 *                                        each, run the peer on each in a child process with a time
 *                                        limit, print the table
 *   node interface.mjs --peer FILE    — (the child) time json-schema-diff on one input, print one
 *                                        JSON line
 *
 * Inputs:
 *   wide   — a 10,000-property object schema with nested arrays (arrays of objects holding
 *            arrays, tensors as arrays of fixed-length arrays) against a version with 100
 *            scattered changes of the kinds both tools understand (bounds, types, required,
 *            properties, additionalProperties, item counts)
 *   oneOf  — four levels of nested oneOf with ten branches each (10,000 leaves) against a
 *            version with three changed leaves
 * Environment: BENCH_RUNS (timed runs of ours per input and direction, default 5),
 * BENCH_PEER_TIMEOUT_MS (the peer's limit per input, default 60000).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffSchemas, requiredOf, singleSchemaSet } from '../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../src/core/policy.js';

type Schema = Record<string, unknown>;
type Direction = 'input' | 'output';

const DRAFT07 = 'http://json-schema.org/draft-07/schema#';

// ---------------------------------------------------------------------------------------------
// Inputs

function wideProperty(i: number): Schema {
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
const key = (i: number) => `p${String(i).padStart(5, '0')}`;

function wideOld(): Schema {
  const properties: Schema = {};
  const required: string[] = [];
  for (let i = 0; i < WIDE_N; i++) {
    properties[key(i)] = wideProperty(i);
    if (i % 10 === 0) required.push(key(i));
  }
  return { $schema: DRAFT07, type: 'object', required, properties };
}

/** 100 changes at scattered properties, ten kinds in turn. */
function wideNew(): { schema: Schema; changes: number } {
  const s = wideOld();
  const props = s.properties as Record<string, Schema>;
  const required = s.required as string[];
  const picked = new Set<number>();
  for (let i = 13; picked.size < 100; i = (i + 9973) % WIDE_N) picked.add(i);
  let kind = 0;
  for (const i of picked) {
    const k = key(i);
    const p = props[k]!;
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
        ((((props[k]!.items as Schema).properties as Schema).tags as Schema).items as Schema).maxLength = 16;
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

const LEVELS = 4;
const BRANCHES = 10;

/** Nested oneOf, `LEVELS` deep with `BRANCHES` branches each; each branch tells itself apart by `k<level>`. */
function oneOfTree(change: (path: number[]) => Schema | undefined, pathSoFar: number[] = []): Schema {
  const level = LEVELS - pathSoFar.length;
  if (level === 0) return change(pathSoFar) ?? { type: 'object', required: ['value'], properties: { value: { type: 'number', minimum: 0 } } };
  const oneOf: Schema[] = [];
  for (let b = 0; b < BRANCHES; b++) {
    oneOf.push({
      type: 'object',
      required: [`k${level}`, 'child'],
      properties: { [`k${level}`]: { type: 'integer', minimum: b, maximum: b }, child: oneOfTree(change, [...pathSoFar, b]) },
    });
  }
  return pathSoFar.length === 0 ? { $schema: DRAFT07, oneOf } : { oneOf };
}

const CHANGED_LEAVES: Record<string, Schema> = {
  '3,5,7,2': { type: 'object', required: ['value'], properties: { value: { type: 'number', minimum: 1 } } },
  '9,0,4,4': { type: 'object', required: ['value'], properties: { value: { type: 'integer', minimum: 0 } } },
  '0,0,0,0': { type: 'object', required: ['value', 'extra'], properties: { value: { type: 'number', minimum: 0 }, extra: { type: 'string' } } },
};

interface Input {
  name: string;
  what: string;
  target: number;
  old: Schema;
  new: Schema;
}

function inputs(): Input[] {
  const wide = wideNew();
  return [
    {
      name: 'wide',
      what: `${WIDE_N.toLocaleString('en')}-property object, nested arrays, ${wide.changes} scattered changes`,
      target: 200,
      old: wideOld(),
      new: wide.schema,
    },
    {
      name: 'oneOf',
      what: `${LEVELS} levels of nested oneOf × ${BRANCHES} branches, ${Object.keys(CHANGED_LEAVES).length} changed leaves`,
      target: 1000,
      old: oneOfTree(() => undefined),
      new: oneOfTree((p) => CHANGED_LEAVES[p.join(',')]),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function timeOurs(input: Input, direction: Direction, runs: number): { cold: number; median: number; required: string; findings: number } {
  const once = () => {
    const t = performance.now();
    const findings = diffSchemas(singleSchemaSet(input.old), singleSchemaSet(input.new), direction, DEFAULT_POLICY);
    return { ms: performance.now() - t, required: requiredOf(findings), findings: findings.length };
  };
  const first = once();
  const times = Array.from({ length: runs }, () => once().ms);
  return { cold: first.ms, median: median(times), required: first.required, findings: first.findings };
}

interface PeerResult {
  ok: boolean;
  ms?: number;
  additionsFound?: boolean;
  removalsFound?: boolean;
  maxRssKb?: number;
  error?: string;
}

function runPeer(file: string, timeoutMs: number): Promise<PeerResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.url), '--peer', file],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        if (err) {
          const killed = (err as { killed?: boolean }).killed || (err as { signal?: string }).signal === 'SIGKILL';
          resolve({
            ok: false,
            error: killed
              ? `did not finish within ${(timeoutMs / 1000).toFixed(0)} s (killed)`
              : `failed: ${(stderr || err.message).split('\n').slice(0, 3).join(' ')}`,
          });
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop()!) as PeerResult);
        } catch {
          resolve({ ok: false, error: `unreadable output: ${stdout.slice(0, 200)}` });
        }
      },
    );
  });
}

/** The child: json-schema-diff on one input. */
async function peerMain(file: string): Promise<void> {
  const { old, new: next } = JSON.parse(readFileSync(file, 'utf8')) as { old: Schema; new: Schema };
  const mod = (await import('json-schema-diff')) as unknown as { default?: PeerApi } & PeerApi;
  const api: PeerApi = mod.default ?? mod;
  // Warm up on a small pair, so that loading the library is not timed.
  await api.diffSchemas({ sourceSchema: { type: 'string' }, destinationSchema: { type: ['string', 'number'] } });
  const t = performance.now();
  const r = await api.diffSchemas({ sourceSchema: old, destinationSchema: next });
  const ms = performance.now() - t;
  const out: PeerResult = {
    ok: true,
    ms,
    additionsFound: r.additionsFound,
    removalsFound: r.removalsFound,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

interface PeerApi {
  diffSchemas(o: { sourceSchema: unknown; destinationSchema: unknown }): Promise<{ additionsFound: boolean; removalsFound: boolean }>;
}

// ---------------------------------------------------------------------------------------------

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((x, c) => x.padEnd(widths[c]!)).join(' │ ');
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.slice(1).map(line)].join('\n');
}

async function main(dir: string): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const peerTimeout = Number(process.env.BENCH_PEER_TIMEOUT_MS ?? 60_000);
  mkdirSync(dir, { recursive: true });
  const all = inputs();
  const rows: string[][] = [
    ['input', 'ours: input', 'ours: output', 'ours: both', 'target', 'json-schema-diff', 'ratio (peer / ours both)', 'verdicts: ours in/out · peer'],
  ];
  const notes: string[] = [];
  let peerPeakKb = 0;
  for (const input of all) {
    const file = path.join(dir, `${input.name}.json`);
    writeFileSync(file, JSON.stringify({ old: input.old, new: input.new }));
    const size = JSON.stringify(input.old).length;
    const inp = timeOurs(input, 'input', runs);
    const out = timeOurs(input, 'output', runs);
    const both = inp.median + out.median;
    const peer = await runPeer(file, peerTimeout);
    if (peer.maxRssKb) peerPeakKb = Math.max(peerPeakKb, peer.maxRssKb);
    const worst = Math.max(inp.median, out.median);
    rows.push([
      `${input.name} (${(size / 1e6).toFixed(2)} MB)`,
      `${fmtMs(inp.median)} (cold ${fmtMs(inp.cold)})`,
      `${fmtMs(out.median)} (cold ${fmtMs(out.cold)})`,
      fmtMs(both),
      `< ${fmtMs(input.target)} per diff: ${worst < input.target ? 'ok' : 'MISS'}`,
      peer.ok ? fmtMs(peer.ms) : 'DID NOT FINISH',
      peer.ok ? `${(peer.ms! / both).toFixed(1)}×` : `> ${(peerTimeout / both).toFixed(0)}×`,
      `${inp.required}/${out.required} (${inp.findings}/${out.findings} findings) · ${peer.ok ? `added ${peer.additionsFound ? 'yes' : 'no'}, removed ${peer.removalsFound ? 'yes' : 'no'}` : '—'}`,
    ]);
    notes.push(`  ${input.name}: ${input.what}`);
    if (!peer.ok) notes.push(`  json-schema-diff could not finish "${input.name}": ${peer.error}`);
  }
  const ownPeakKb = process.resourceUsage().maxRSS;
  let load = 'unknown';
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    /* not Linux */
  }
  console.log(
    `interface analyser vs json-schema-diff — median of ${runs} warm runs per direction after one cold run; the peer once per input after a warm-up, in a child process limited to ${fmtMs(peerTimeout)}; load average ${load} on ${availableParallelism()} cores`,
  );
  console.log(table(rows));
  console.log('inputs:');
  console.log(notes.join('\n'));
  console.log(
    `peak RSS: this process (inputs + our analyser) ${(ownPeakKb / 1024).toFixed(0)} MB; json-schema-diff child ${peerPeakKb ? `${(peerPeakKb / 1024).toFixed(0)} MB` : 'n/a'}`,
  );
  console.log(
    'json-schema-diff reports one diff (added and removed values) per input, so it is compared with our two directions together. It reads no enum, const, pattern, format or multipleOf; the changes above avoid them.',
  );
}

const args = process.argv.slice(2);
if (args[0] === '--peer') await peerMain(args[1]!);
else await main(args[0] ?? path.resolve('.tmp', 'bench-interface'));
