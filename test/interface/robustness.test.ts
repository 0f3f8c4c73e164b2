/**
 * Robustness of the interface analyser (issue 3, item 6): nesting 10,000 levels deep through every
 * kind of sub-schema neither overflows the stack nor hangs; recursive and mutually recursive
 * `$ref`s terminate; a `$ref` to a URL is never fetched; a ~5 MB schema diffs against a lightly
 * changed copy.
 *
 * Each case runs the analyser (bundled from src/ with esbuild into .tmp/robustness/) in a worker
 * thread, so that a hang is a timeout we can report rather than a frozen test run (vitest's own
 * timeout cannot interrupt synchronous code), and so that the worker's stack is as small as the
 * main thread's (1 MB: a stack overflow shows as it would in the CLI). Schemas cross as JSON text,
 * built and serialised iteratively here and parsed by V8's iterative JSON.parse there.
 *
 * Accepted outcomes: an answer that is right (a leaf type change string → integer is MAJOR in both
 * directions whatever wraps it; a schema against its copy needs nothing), or a clear Error that is
 * not a stack overflow and says the schema is too deep (a documented limit). The timeouts are hang
 * guards only; nothing here asserts a duration.
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, type ExpectStatic, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, '.tmp', 'robustness');
const BUNDLE = path.join(OUT, 'analyser.mjs');

const DEPTH = 10_000;
/** Hang guards (not timings): how long a worker may take before the case counts as hung. */
const HANG_MS = 90_000;
const BIG_HANG_MS = 120_000;

type Direction = 'input' | 'output';
const DIRECTIONS: Direction[] = ['input', 'output'];

interface Answer {
  dir: Direction;
  kind: 'answer';
  required: string;
  count: number;
  findings: { id: string; bump: string; pointerLength: number; pointerTail: string }[];
  ms: number;
}
interface Thrown {
  dir: Direction;
  kind: 'error';
  name: string;
  message: string;
  ms: number;
}
type Outcome = Answer | Thrown;
interface WorkerResult {
  /** One list of outcomes (one per direction) for each pair sent. */
  results: Outcome[][];
  /** URLs the analyser tried to fetch (the worker blocks and records every attempt). */
  network: string[];
}
type Run = WorkerResult | { timeout: true };
interface Pair {
  label: string;
  old: string;
  new: string;
}

// ---------------------------------------------------------------------------------------------
// Running the analyser in a worker

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const network = [];
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  for (const k of ['request', 'get']) {
    m[k] = (...args) => {
      network.push(String((args[0] && (args[0].href || args[0].host)) || args[0]));
      throw new Error('network access is disabled in the robustness test');
    };
  }
}
globalThis.fetch = async (url) => {
  network.push(String(url));
  throw new Error('network access is disabled in the robustness test');
};
const tail = (s) => (typeof s === 'string' ? (s.length > 120 ? '…' + s.slice(-120) : s) : '');
(async () => {
  const m = await import(workerData.bundle);
  const all = [];
  for (const pair of workerData.pairs) {
  const results = [];
  all.push(results);
  const oldSchema = JSON.parse(pair.old);
  const newSchema = JSON.parse(pair.new);
  for (const dir of workerData.directions) {
    const t = performance.now();
    try {
      const f = m.diffSchemas(m.singleSchemaSet(oldSchema), m.singleSchemaSet(newSchema), dir, m.DEFAULT_POLICY);
      results.push({
        dir, kind: 'answer', required: m.requiredOf(f), count: f.length,
        findings: f.slice(0, 200).map((x) => ({ id: x.id, bump: x.bump, pointerLength: (x.pointer || '').length, pointerTail: tail(x.pointer) })),
        ms: performance.now() - t,
      });
    } catch (e) {
      results.push({ dir, kind: 'error', name: (e && e.name) || typeof e, message: String(e && e.message !== undefined ? e.message : e).slice(0, 500), ms: performance.now() - t });
    }
  }
  }
  parentPort.postMessage({ results: all, network });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

/** Diff each pair in both directions in one worker; `timeout` when it does not answer within the hang guard. */
async function runInWorker(pairs: Pair[], timeoutMs: number, directions = DIRECTIONS): Promise<Run> {
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: { bundle: pathToFileURL(BUNDLE).href, pairs: pairs.map((p) => ({ old: p.old, new: p.new })), directions },
    resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 4096 },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ timeout: true });
    }, timeoutMs);
    worker.once('message', (msg: WorkerResult | { fatal: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if ('fatal' in msg) reject(new Error(`worker failed: ${msg.fatal}`));
      else resolve(msg);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** JSON text of a value of any depth (JSON.stringify recurses and overflows at these depths). */
function toJson(value: unknown): string {
  const parts: string[] = [];
  const stack: unknown[] = [value];
  const CLOSE_OBJ = Symbol('}');
  const CLOSE_ARR = Symbol(']');
  const COMMA = Symbol(',');
  const RAW = Symbol('raw');
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === CLOSE_OBJ) parts.push('}');
    else if (v === CLOSE_ARR) parts.push(']');
    else if (v === COMMA) parts.push(',');
    else if (Array.isArray(v) && v[0] === RAW) parts.push(v[1] as string);
    else if (Array.isArray(v)) {
      parts.push('[');
      stack.push(CLOSE_ARR);
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        if (i > 0) stack.push(COMMA);
      }
    } else if (v !== null && typeof v === 'object') {
      parts.push('{');
      stack.push(CLOSE_OBJ);
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push(entries[i]![1]);
        stack.push([RAW, `${JSON.stringify(entries[i]![0])}:`]);
        if (i > 0) stack.push(COMMA);
      }
    } else parts.push(JSON.stringify(v) ?? 'null');
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Judging outcomes

const observed: string[] = [];

function summarise(label: string, results: Outcome[]): string {
  return `${label}: ${results
    .map((o) =>
      o.kind === 'answer' ? `${o.dir} answered ${o.required} (${o.count} findings)` : `${o.dir} threw ${o.name}: ${o.message.slice(0, 160)}`,
    )
    .join('; ')}`;
}

/**
 * Not a hang, no fetch, not a stack overflow, and any Error a clear, deliberate one about depth.
 * Returns each pair's outcomes. `expect` is the test's own (the nesting tests run concurrently).
 */
function expectAnswerOrClearError(expect: ExpectStatic, pairs: Pair[], r: Run): Outcome[][] {
  const labels = pairs.map((p) => p.label).join(' / ');
  if ('timeout' in r) observed.push(`${labels}: HUNG (no answer within the ${HANG_MS / 1000} s hang guard)`);
  expect('timeout' in r, `${labels}: the analyser hung (no answer within the hang guard)`).toBe(false);
  const { results, network } = r as WorkerResult;
  results.forEach((rs, i) => observed.push(summarise(pairs[i]!.label, rs)));
  expect(network, `${labels}: the analyser tried to fetch`).toEqual([]);
  results.forEach((rs, i) => {
    for (const o of rs) {
      if (o.kind !== 'error') continue;
      const text = `${pairs[i]!.label} (${o.dir}) threw ${o.name}: ${o.message}`;
      expect(o.name, text).not.toBe('RangeError');
      expect(o.message, text).not.toMatch(/call stack|too much recursion|out of memory/i);
      expect(o.message, `${text} — an error past a limit should say the schema is too deep`).toMatch(/deep|depth|nest|limit|levels/i);
    }
  });
  return results;
}

function answered(results: Outcome[]): Answer[] {
  return results.filter((o): o is Answer => o.kind === 'answer');
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** `depth` levels of `wrap` around `leaf`, built bottom-up (no recursion). */
function nest(leaf: unknown, wrap: (inner: unknown, i: number) => unknown, depth = DEPTH): unknown {
  let s = leaf;
  for (let i = 0; i < depth; i++) s = wrap(s, i);
  return s;
}

const WRAPPERS: Record<string, (inner: unknown, i: number) => unknown> = {
  properties: (inner) => ({ type: 'object', properties: { child: inner } }),
  items: (inner) => ({ type: 'array', items: inner }),
  prefixItems: (inner) => ({ type: 'array', prefixItems: [inner] }),
  additionalProperties: (inner) => ({ type: 'object', additionalProperties: inner }),
  patternProperties: (inner) => ({ type: 'object', patternProperties: { '^x': inner } }),
  allOf: (inner) => ({ allOf: [inner] }),
  'allOf (two members)': (inner) => ({ allOf: [inner, { description: 'level' }] }),
  anyOf: (inner) => ({ anyOf: [inner, { type: 'null' }] }),
  oneOf: (inner) => ({ oneOf: [inner, { type: 'null' }] }),
  not: (inner) => ({ not: inner }),
  'if/then': (inner) => ({ if: { type: 'object' }, then: { properties: { child: inner } } }),
  'mixed keywords': (inner, i) => {
    const k = i % 6;
    return k === 0
      ? { type: 'object', properties: { child: inner } }
      : k === 1
        ? { type: 'array', items: inner }
        : k === 2
          ? { allOf: [inner] }
          : k === 3
            ? { anyOf: [inner, { type: 'null' }] }
            : k === 4
              ? { type: 'object', additionalProperties: inner }
              : { oneOf: [inner, { type: 'boolean' }] };
  },
};

/** A chain of `$defs`, each level referring to the next. */
function defsChain(leaf: unknown, depth = DEPTH): unknown {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) defs[`d${i}`] = { type: 'object', properties: { next: i + 1 < depth ? { $ref: `#/$defs/d${i + 1}` } : leaf } };
  return { $ref: '#/$defs/d0', $defs: defs };
}

/** A chain of references to references, with nothing between them. */
function bareRefChain(leaf: unknown, depth = DEPTH): unknown {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) defs[`r${i}`] = i + 1 < depth ? { $ref: `#/$defs/r${i + 1}` } : leaf;
  return { $ref: '#/$defs/r0', $defs: defs };
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await build({
    stdin: {
      contents:
        "export { diffSchemas, requiredOf, singleSchemaSet } from './src/analysers/interface/diff.ts';\nexport { DEFAULT_POLICY } from './src/core/policy.ts';\n",
      resolveDir: ROOT,
      sourcefile: 'robustness-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: BUNDLE,
    logLevel: 'error',
    define: { __VERSION__: '"0.0.0-test"' },
  });
}, 60_000);

afterAll(() => {
  // What the analyser did, for the record (the issue asks which of "answer" or "error" it is).
  console.log(`robustness outcomes:\n  ${observed.join('\n  ')}`);
});

describe('the worker harness', () => {
  it(
    `${DEPTH} levels are deep enough to overflow a naive recursive walk in the worker`,
    async () => {
      // JSON.stringify recurses: if this did not overflow, the cases below would prove nothing.
      const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const v = JSON.parse(workerData);
      const walk = (x) => (x && typeof x === 'object' ? 1 + Math.max(0, ...Object.values(x).map(walk)) : 0);
      try { parentPort.postMessage('depth ' + walk(v)); } catch (e) { parentPort.postMessage(e.name); }`;
      const text = toJson(nest({ type: 'string' }, WRAPPERS.properties!));
      const worker = new Worker(code, { eval: true, workerData: text, resourceLimits: { stackSizeMb: 1 } });
      const msg = await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      expect(msg).toBe('RangeError');
    },
    HANG_MS,
  );
});

const pair = (label: string, o: unknown, n: unknown): Pair => ({ label, old: toJson(o), new: toJson(n) });

describe.concurrent(`nesting ${DEPTH} levels deep`, () => {
  for (const [name, wrap] of Object.entries(WRAPPERS)) {
    it(
      `via ${name}: a type change at the bottom is MAJOR both ways, the schema against its copy needs nothing (or a clear error)`,
      async ({ expect }) => {
        const same = nest({ type: 'string', maxLength: 3 }, wrap);
        const pairs = [
          pair(`${name}, changed leaf`, nest({ type: 'string' }, wrap), nest({ type: 'integer' }, wrap)),
          pair(`${name}, identical`, same, same),
        ];
        const [changed, identical] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
        for (const a of answered(changed!)) expect(a.required, `${name}, changed, ${a.dir}`).toBe('major');
        for (const a of answered(identical!)) expect(a.required, `${name}, identical, ${a.dir}`).toBe('none');
      },
      HANG_MS + 10_000,
    );
  }

  it(
    `via a chain of ${DEPTH} $defs, each referring to the next`,
    async ({ expect }) => {
      const pairs = [pair('$defs chain, tightened leaf', defsChain({ type: 'string', maxLength: 10 }), defsChain({ type: 'string', maxLength: 5 }))];
      const [results] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
      for (const a of answered(results!)) expect(a.required, a.dir).toBe(a.dir === 'input' ? 'major' : 'minor');
    },
    HANG_MS + 10_000,
  );

  it(
    `via ${DEPTH} bare $refs to $refs (a change at the end is not lost)`,
    async ({ expect }) => {
      const pairs = [pair('bare $ref chain, changed leaf', bareRefChain({ type: 'string' }), bareRefChain({ type: 'integer' }))];
      const [results] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
      for (const a of answered(results!)) expect(a.required, a.dir).toBe('major');
    },
    HANG_MS + 10_000,
  );

  it(
    `${DEPTH} levels of data inside enum, const and default`,
    async ({ expect }) => {
      const data = (leaf: unknown) => nest(leaf, (inner) => [inner]);
      const o = { type: 'object', properties: { x: { default: data(1), enum: [data(1), 'a'] }, y: { const: data('k') } } };
      const n = { type: 'object', properties: { x: { default: data(2), enum: [data(1), 'a'] }, y: { const: data('k') } } };
      const pairs = [pair('deep data in enum/const/default (default changed)', o, n)];
      const [results] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
      for (const a of answered(results!)) expect(a.required, a.dir).toBe(a.dir === 'input' ? 'minor' : 'none');
    },
    HANG_MS + 10_000,
  );
});

describe('recursive references terminate', () => {
  const tree = (leafType: string) => ({
    $ref: '#/$defs/Node',
    $defs: { Node: { type: 'object', properties: { value: { type: leafType }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } },
  });
  const mutual = (leafType: string) => ({
    $ref: '#/$defs/A',
    $defs: {
      A: { type: 'object', properties: { b: { $ref: '#/$defs/B' }, name: { type: leafType } } },
      B: { type: 'object', properties: { a: { $ref: '#/$defs/A' }, c: { $ref: '#/$defs/C' } } },
      C: { anyOf: [{ $ref: '#/$defs/A' }, { $ref: '#/$defs/B' }, { type: 'null' }] },
    },
  });
  const rootRef = (leafType: string) => ({
    type: 'object',
    properties: { self: { $ref: '#' }, list: { type: 'array', items: { $ref: '#' } }, v: { type: leafType } },
  });
  const unionTree = (leafType: string) => ({
    $defs: { T: { anyOf: [{ type: leafType }, { type: 'array', items: { $ref: '#/$defs/T' } }] } },
    $ref: '#/$defs/T',
  });
  const CASES: [string, (t: string) => unknown][] = [
    ['a self-recursive tree', tree],
    ['mutually recursive A → B → C → A', mutual],
    ['recursion through `$ref: "#"`', rootRef],
    ['recursion through anyOf', unionTree],
  ];
  for (const [name, make] of CASES) {
    it(
      `${name}: the same schema needs nothing; a changed leaf is MAJOR both ways`,
      async () => {
        const pairs = [pair(`${name}, identical`, make('string'), make('string')), pair(`${name}, changed leaf`, make('string'), make('integer'))];
        const [same, changed] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
        for (const a of answered(same!)) expect(a.required, a.dir).toBe('none');
        for (const a of answered(changed!)) expect(a.required, a.dir).toBe('major');
      },
      HANG_MS + 10_000,
    );
  }

  it(
    'a recursive schema against its one-level unrolling needs nothing',
    async () => {
      const rec = tree('string');
      const unrolled = {
        type: 'object',
        properties: { value: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
        $defs: rec.$defs,
      };
      const pairs = [pair('recursive vs unrolled once', rec, unrolled)];
      const [results] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, HANG_MS));
      for (const a of answered(results!)) expect(a.required, a.dir).toBe('none');
    },
    HANG_MS + 10_000,
  );

  it(
    'reference cycles with nothing between them (a → b → a, and `$ref: "#"` at the root) terminate',
    async () => {
      const pairs = [
        pair(
          'pure reference cycle a → b → a',
          { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } },
          { type: 'string' },
        ),
        pair('pure reference cycle $ref: "#"', { $ref: '#' }, { type: 'string' }),
      ];
      const r = await runInWorker(pairs, HANG_MS);
      // Such a schema is meaningless: any answer or any Error will do, as long as it ends without overflowing.
      expect('timeout' in r, 'a pure reference cycle hung').toBe(false);
      (r as WorkerResult).results.forEach((rs, i) => {
        observed.push(summarise(pairs[i]!.label, rs));
        for (const o of rs) if (o.kind === 'error') expect(o.name, `${pairs[i]!.label}: ${o.message}`).not.toBe('RangeError');
      });
    },
    HANG_MS + 10_000,
  );

  it(
    'a $ref to a URL is never fetched',
    async () => {
      const pairs = [
        pair(
          '$ref to a URL',
          { type: 'object', properties: { a: { $ref: 'https://example.invalid/schemas/a.json' } } },
          { type: 'object', properties: { a: { $ref: 'https://example.invalid/schemas/b.json#/defs/x' } } },
        ),
      ];
      const r = await runInWorker(pairs, HANG_MS);
      expect('timeout' in r).toBe(false);
      (r as WorkerResult).results.forEach((rs, i) => observed.push(summarise(pairs[i]!.label, rs)));
      expect((r as WorkerResult).network).toEqual([]);
    },
    HANG_MS + 10_000,
  );
});

describe('a ~5 MB schema', () => {
  const N = 50_000;
  /** 50,000 properties (about 5 MB of JSON), each an object holding a bounded string and a number. */
  function big(change: (i: number) => boolean): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < N; i++) {
      properties[`f${i}`] = {
        type: 'object',
        properties: { id: { type: 'string', maxLength: change(i) ? 32 : 64 }, v: { type: 'number' } },
      };
    }
    return { type: 'object', properties };
  }
  /** 50 scattered changes: every thousandth property's string bound tightened. */
  const changed = (i: number) => i % 1000 === 7;

  it(
    'diffs against a lightly changed copy, and against an identical one',
    async () => {
      const oldText = toJson(big(() => false));
      const newText = toJson(big(changed));
      expect(oldText.length).toBeGreaterThan(4_500_000);
      const mb = (oldText.length / 1e6).toFixed(1);
      const pairs = [
        { label: `${mb} MB schema, 50 changes`, old: oldText, new: newText },
        { label: `${mb} MB schema, identical`, old: oldText, new: oldText },
      ];
      const [diffs, same] = expectAnswerOrClearError(expect, pairs, await runInWorker(pairs, BIG_HANG_MS));
      const answers = answered(diffs!);
      expect(
        answers.map((a) => a.dir),
        'a 5 MB schema is not too deep: the analyser must answer',
      ).toEqual(['input', 'output']);
      for (const a of answers) {
        expect(a.required).toBe(a.dir === 'input' ? 'major' : 'minor');
        expect(a.findings.filter((f) => f.id === 'length-tightened').length, a.dir).toBe(50);
      }
      expect(answered(same!).map((a) => a.required)).toEqual(['none', 'none']);
      observed.push(
        `${mb} MB schema: ${[...answers, ...answered(same!)].map((a) => `${a.dir} ${a.ms.toFixed(0)} ms`).join(', ')} (informational, not asserted)`,
      );
    },
    BIG_HANG_MS + 30_000,
  );
});
