import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import { compileOutputSchema, draftOf } from '../../src/analysers/behavior/schema.js';
import type { SchemaSet } from '../../src/analysers/interface/schema-set.js';
import { rowsFromValues } from '../../src/readers/rows.js';
import { fixture, inlineSchema, inputError, inputs, predictions } from './helpers.js';

/** As the contract loader builds it: `output: {$ref: output.schema.json}` in recommender/model-contract.yaml. */
function recommenderSchema(file = 'output.schema.json'): SchemaSet {
  const entry = 'recommender/model-contract.yaml#/interface/output';
  return {
    entry,
    docs: {
      [entry]: { id: entry, dir: 'recommender', value: { $ref: file } },
      [`recommender/${file}`]: {
        id: `recommender/${file}`,
        dir: 'recommender',
        value: JSON.parse(readFileSync(fixture('recommender', file), 'utf8')),
      },
    },
  };
}

const side = (predictionsFile: string, outputSchema: SchemaSet) => ({
  inputs: inputs('recommender/inputs.jsonl'),
  predictions: predictions('recommender', predictionsFile),
  outputSchema,
});

describe("the brief's recommender story", () => {
  it('predictions turned from ids into objects under an unchanged schema: MAJOR, and the contract lies', async () => {
    const r = await analyseBehaviorFiles({
      base: side('base.jsonl', recommenderSchema()),
      head: side('head.jsonl', recommenderSchema()),
      tolerances: [],
    });
    const major = r.findings.find((f) => f.id === 'prediction-violates-base-schema')!;
    expect(major).toMatchObject({ bump: 'major', area: 'behavior', direction: 'output', pointer: '/interface/output', instancePath: '/0' });
    expect(major.message).toBe(
      '3 head predictions of 3 no longer match the base output schema that consumers of the previous version parse (first at line 1: /0 must be integer).',
    );
    const lie = r.findings.find((f) => f.id === 'prediction-violates-head-schema')!;
    expect(lie).toMatchObject({ bump: 'none', blocking: true });
    expect(r.schemas.base.first).toEqual([
      { line: 1, instancePath: '/0', schemaPath: 'output.schema.json/items/type', message: 'must be integer' },
      { line: 2, instancePath: '/0', schemaPath: 'output.schema.json/items/type', message: 'must be integer' },
      { line: 3, instancePath: '/0', schemaPath: 'output.schema.json/items/type', message: 'must be integer' },
    ]);
    // The whole prediction has no tolerance: its change is also reported, as MINOR.
    expect(r.findings.find((f) => f.id === 'field-changed-without-tolerance')).toMatchObject({ bump: 'minor', instancePath: '' });
  });

  it('the same change with the head schema updated: MAJOR, not blocking', async () => {
    const objects = inlineSchema({ type: 'array', items: { type: 'object', required: ['id', 'score'] } }, 'recommender');
    const r = await analyseBehaviorFiles({ base: side('base.jsonl', recommenderSchema()), head: side('head.jsonl', objects), tolerances: [] });
    expect(r.findings.map((f) => f.id).sort()).toEqual(['field-changed-without-tolerance', 'prediction-violates-base-schema']);
    expect(r.findings.some((f) => f.blocking)).toBe(false);
  });

  it('the model unchanged but the head schema narrowed wrongly: blocking only', async () => {
    const objects = inlineSchema({ type: 'array', items: { type: 'object' } }, 'recommender');
    const r = await analyseBehaviorFiles({ base: side('base.jsonl', recommenderSchema()), head: side('base.jsonl', objects), tolerances: [] });
    expect(r.findings.map((f) => `${f.id}:${f.bump}:${f.blocking}`)).toEqual(['prediction-violates-head-schema:none:true']);
    expect(r.findings[0]!.message).toBe(
      '3 head predictions of 3 in recommender/base.jsonl do not match the head output schema (first at line 1: /0 must be object), so the contract does not describe what the model emits.',
    );
  });
});

describe('output schemas', () => {
  const validator = (set: SchemaSet) => compileOutputSchema(set);

  it('resolves relative $refs between files as the repository lays them out, never fetching', () => {
    const entry = 'models/rec/model-contract.yaml#/interface/output';
    const set: SchemaSet = {
      entry,
      docs: {
        [entry]: { id: entry, dir: 'models/rec', value: { $ref: 'schemas/out.json' } },
        'models/rec/schemas/out.json': {
          id: 'models/rec/schemas/out.json',
          dir: 'models/rec/schemas',
          value: { $id: 'https://example.com/out.json', type: 'array', items: { $ref: '../../common/item.json#/$defs/item' } },
        },
        'models/common/item.json': {
          id: 'models/common/item.json',
          dir: 'models/common',
          value: { $defs: { item: { type: 'integer', minimum: 0 } } },
        },
      },
    };
    const v = validator(set);
    expect(v.validate([1, 2])).toBe(true);
    expect(v.validate([1, -2])).toBe(false);
    expect(v.error()).toMatchObject({ instancePath: '/1', message: 'must be >= 0' });
  });

  it('takes the draft from $schema: 2020-12 by default, 2019-09 and draft-07 accepted', () => {
    expect(draftOf(inlineSchema({ type: 'object' }))).toBe('2020-12');
    expect(draftOf(inlineSchema({ $schema: 'https://json-schema.org/draft/2019-09/schema' }))).toBe('2019-09');
    expect(draftOf(recommenderSchema())).toBe('2020-12');
    const d7 = inlineSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'array',
      items: [{ type: 'string' }],
      additionalItems: false,
    });
    expect(draftOf(d7)).toBe('draft-07');
    const v = validator(d7);
    expect(v.validate(['a'])).toBe(true);
    expect(v.validate(['a', 'b'])).toBe(false);
    // 2020-12 reads `items` as every item
    expect(validator(inlineSchema({ type: 'array', prefixItems: [{ type: 'string' }], items: false })).validate(['a', 'b'])).toBe(false);
  });

  it('checks formats', () => {
    const v = validator(inlineSchema({ type: 'object', properties: { at: { type: 'string', format: 'date-time' } } }));
    expect(v.validate({ at: '2026-11-26T10:00:00Z' })).toBe(true);
    expect(v.validate({ at: 'yesterday' })).toBe(false);
  });

  it('a schema ajv cannot compile is an input error naming it', async () => {
    const bad = inlineSchema({ type: 'array', items: { $ref: 'missing.json' } });
    const err = await inputError(
      analyseBehaviorFiles({
        base: { inputs: rowsFromValues('i', [{}]), predictions: rowsFromValues('p', [[1]]), outputSchema: bad },
        head: { inputs: rowsFromValues('i', [{}]), predictions: rowsFromValues('p', [[1]]), outputSchema: bad },
        tolerances: [],
      }),
    );
    expect(err.file).toBe('models/m/model-contract.yaml');
    expect(err.pointer).toBe('/interface/output');
    expect(err.message).toMatch(/cannot be compiled/);
  });

  it('reports the first violations with line and instance path, and counts them all', async () => {
    const schema = inlineSchema({ type: 'object', required: ['score'], properties: { score: { type: 'number', maximum: 1 } } });
    const values = Array.from({ length: 12 }, (_, i) => ({ score: i % 2 ? 2 : 0.5 }));
    const r = await analyseBehaviorFiles({
      base: { inputs: rowsFromValues('i', values), predictions: rowsFromValues('base', values), outputSchema: schema },
      head: { inputs: rowsFromValues('i', values), predictions: rowsFromValues('head', values), outputSchema: schema },
      tolerances: [],
    });
    expect(r.schemas.head.violations).toBe(6);
    expect(r.schemas.head.first.map((v) => v.line)).toEqual([2, 4, 6, 8, 10]);
    expect(r.schemas.head.first[0]).toMatchObject({ instancePath: '/score', message: 'must be <= 1' });
  });
});
