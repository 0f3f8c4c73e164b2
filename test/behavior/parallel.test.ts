import path from 'node:path';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BehaviorInput, BehaviorResult } from '../../src/analysers/behavior/analyse.js';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import type { Tolerance } from '../../src/contract/types.js';
import { FIXTURES, inlineSchema, inputError, inputs, predictions } from './helpers.js';

// One folder per test run: other runs may build theirs at the same time.
const scratch = path.resolve(FIXTURES, `../../.tmp/test-behavior-${process.pid}`);
const workerScript = path.join(scratch, 'behavior-worker.mjs');

beforeAll(async () => {
  await build({
    entryPoints: [path.resolve(FIXTURES, '../../src/pipeline/behavior-worker.ts')],
    outfile: workerScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TOLERANCES: Tolerance[] = [
  { field: '/score', abs: 0.005, psi: { max: 0.5, bins: 4 } },
  { field: '/probabilities/*', abs: 0.01 },
  { field: '/label', agreement: 0.9 },
  { field: '/items', topk_overlap: { k: 5, min: 0.9 } },
  { field: '/embedding', cosine: { min_mean: 0.99, min: 0.95 } },
];

function input(head: string, base = 'base.jsonl', dir = 'classifier'): BehaviorInput {
  const schema = inlineSchema({ type: 'object', properties: { score: { type: 'number', maximum: 0.9 } } });
  return {
    base: { inputs: inputs(dir, 'inputs.jsonl'), predictions: predictions(dir, base), outputSchema: schema },
    head: { inputs: inputs(dir, 'inputs.jsonl'), predictions: predictions(dir, head), outputSchema: schema },
    tolerances: TOLERANCES,
  };
}

/** Results compared up to the last bits of floating-point sums, which depend on the order of addition. */
function normal(r: BehaviorResult): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v)));
}

describe('splitting the work across threads', () => {
  it.each(['head-identical.jsonl', 'head-within.jsonl', 'head-beyond.jsonl', 'head-shape.jsonl', 'head-model-field.jsonl'])(
    '%s: the same result in worker threads as in one thread',
    async (head) => {
      const one = await analyseBehaviorFiles(input(head), { threads: 1 });
      for (const threads of [2, 3, 7]) {
        const many = await analyseBehaviorFiles(input(head), { threads, workerScript, minBytes: 0 });
        expect(normal(many)).toEqual(normal(one));
      }
    },
  );

  it('a head shorter than the base: leftover rows counted once, wherever the cut falls', async () => {
    const one = await analyseBehaviorFiles(input('head-short.jsonl', 'base.jsonl', 'pairing'), { threads: 1 });
    const many = await analyseBehaviorFiles(input('head-short.jsonl', 'base.jsonl', 'pairing'), { threads: 3, workerScript, minBytes: 0 });
    expect(normal(many)).toEqual(normal(one));
    expect(many.rows).toEqual({ base: 6, head: 4, paired: 4 });
  });

  it('an input error in a worker arrives as the same InputError', async () => {
    const bad = input('bad-json.jsonl', 'bad-json.jsonl', 'readers');
    bad.base.inputs = inputs('readers', 'rows.jsonl');
    bad.head.inputs = inputs('readers', 'rows.jsonl');
    const err = await inputError(analyseBehaviorFiles(bad, { threads: 2, workerScript, minBytes: 0 }));
    expect(err.format()).toMatch(/^readers\/bad-json\.jsonl:3:7: not valid JSON/);
  });
});

describe('the worker path is taken', () => {
  it('fails loudly with a worker script that does not exist (so the tests above did use workers)', async () => {
    await expect(
      analyseBehaviorFiles(input('head-within.jsonl'), { threads: 2, workerScript: path.join(FIXTURES, 'no-such-worker.mjs'), minBytes: 0 }),
    ).rejects.toThrow();
  });
});

describe('a line too long for a worker', () => {
  it('sends the work back to the main thread, with the same result', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = path.join(scratch, 'long-line');
    mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, v: Array.from({ length: i === 30 ? 100_000 : 3 }, (_, j) => j % 7) }));
    writeFileSync(path.join(dir, 'p.jsonl'), rows.join('\n') + '\n');
    writeFileSync(path.join(dir, 'in.jsonl'), rows.map((_, i) => JSON.stringify({ i })).join('\n') + '\n');
    const { rowsFromFile } = await import('../../src/readers/rows.js');
    const side = () => ({
      inputs: rowsFromFile(path.join(dir, 'in.jsonl')),
      predictions: rowsFromFile(path.join(dir, 'p.jsonl'), { values: 'any' }),
      outputSchema: inlineSchema({}),
    });
    const tolerances: Tolerance[] = [{ field: '/v/*', abs: 0 }];
    const many = await analyseBehaviorFiles({ base: side(), head: side(), tolerances }, { threads: 2, workerScript, minBytes: 0 });
    const one = await analyseBehaviorFiles({ base: side(), head: side(), tolerances }, { threads: 1 });
    expect(normal(many)).toEqual(normal(one));
    expect(many.rows.paired).toBe(50);
    expect(many.tolerances[0]!.numbers.values).toBe(49 * 3 + 100_000);
  });
});
