/**
 * The behavior analyser's pure part: rows in, statistics out. Given rows held in memory and no
 * I/O at all, it reaches the result the file driver reaches on the same files; when the driver's
 * workers give up, it does the work itself.
 */
import { describe, expect, it } from 'vitest';
import { analyseBehavior, type BehaviorInput, type BehaviorIo, type BehaviorResult } from '../../src/analysers/behavior/analyse.js';
import type { Tolerance } from '../../src/contract/types.js';
import { rowsFromValues } from '../../src/readers/rows.js';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import { collect, inlineSchema, inputs, predictions } from './helpers.js';

const TOLERANCES: Tolerance[] = [
  { field: '/score', abs: 0.005, psi: { max: 0.5, bins: 4 } },
  { field: '/label', agreement: 0.9 },
];

const schema = inlineSchema({ type: 'object', properties: { score: { type: 'number', maximum: 0.9 } } });

function fromFiles(head: string): BehaviorInput {
  return {
    base: { inputs: inputs('classifier', 'inputs.jsonl'), predictions: predictions('classifier', 'base.jsonl'), outputSchema: schema },
    head: { inputs: inputs('classifier', 'inputs.jsonl'), predictions: predictions('classifier', head), outputSchema: schema },
    tolerances: TOLERANCES,
  };
}

/** The same rows, read once and held in memory: no file behind them. */
async function inMemory(head: string): Promise<BehaviorInput> {
  const files = fromFiles(head);
  const held = async (source: BehaviorInput['base']['inputs']) =>
    rowsFromValues(
      source.name,
      (await collect(source)).map((r) => r.value),
    );
  return {
    base: { inputs: await held(files.base.inputs), predictions: await held(files.base.predictions), outputSchema: schema },
    head: { inputs: await held(files.head.inputs), predictions: await held(files.head.predictions), outputSchema: schema },
    tolerances: TOLERANCES,
  };
}

const plainResult = (r: BehaviorResult) => JSON.parse(JSON.stringify(r));

describe('the pure behavior analyser', () => {
  it.each(['head-identical.jsonl', 'head-within.jsonl', 'head-beyond.jsonl'])('%s: rows from memory, the result of the file driver', async (head) => {
    const pure = await analyseBehavior(await inMemory(head));
    const driven = await analyseBehaviorFiles(fromFiles(head), { threads: 1 });
    expect(plainResult(pure)).toEqual(plainResult(driven));
    expect(pure.rows.paired).toBeGreaterThan(0);
  });

  it('does the work itself when the workers give up, and stops them', async () => {
    let stopped = 0;
    const io: BehaviorIo = {
      startPositional: async () => ({ run: async () => undefined, stop: async () => void stopped++ }),
    };
    const withWorkers = await analyseBehavior(await inMemory('head-beyond.jsonl'), io);
    const alone = await analyseBehavior(await inMemory('head-beyond.jsonl'));
    expect(plainResult(withWorkers)).toEqual(plainResult(alone));
    expect(stopped).toBe(1);
  });
});
