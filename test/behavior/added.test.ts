/**
 * A prediction field no base row has and the head's rows do is an addition (the interface rules
 * report it), checked against the head output schema: not a change of behavior.
 */
import { describe, expect, it } from 'vitest';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import { rowsFromValues } from '../../src/readers/rows.js';
import { inlineSchema } from './helpers.js';

const N = 20;
const ins = rowsFromValues(
  'inputs.jsonl',
  Array.from({ length: N }, (_, i) => ({ id: i })),
);
const base = Array.from({ length: N }, (_, i) => ({ score: i / N }));
const withReason = base.map((p, i) => ({ ...p, reason: i % 2 ? 'a' : 'b' }));

const schema = (props: Record<string, unknown>) => inlineSchema({ type: 'object', properties: props });
const side = (preds: unknown[], s: ReturnType<typeof inlineSchema>) => ({
  inputs: ins,
  predictions: rowsFromValues('predictions.jsonl', preds),
  outputSchema: s,
});

describe('a field new in the head', () => {
  it('declared by the head schema: "added", passes, no field-changed-without-tolerance, no within-tolerance finding', async () => {
    const r = await analyseBehaviorFiles({
      base: side(base, schema({ score: { type: 'number' } })),
      head: side(withReason, schema({ score: { type: 'number' }, reason: { type: 'string' } })),
      tolerances: [],
    });
    const t = r.tolerances.find((x) => x.field === '/reason')!;
    expect(t.added).toEqual({ rows: N, inHeadSchema: true });
    expect(t.pass).toBe(true);
    expect(t.summary).toMatch(/^\/reason: added in the head \(present in 20 rows, absent from every base row\)/);
    expect(r.findings.map((f) => f.id)).toEqual([]);
  });

  it('declared through allOf and a bare $ref document: still "added"', async () => {
    const entry = 'm/model-contract.yaml#/interface/output';
    const head = {
      entry,
      docs: {
        [entry]: { id: entry, dir: 'm', value: { allOf: [{ $ref: 'out.schema.json' }] } },
        'm/out.schema.json': { id: 'm/out.schema.json', dir: 'm', value: { type: 'object', properties: { reason: { type: 'string' } } } },
      },
    };
    const r = await analyseBehaviorFiles({ base: side(base, schema({})), head: side(withReason, head), tolerances: [] });
    expect(r.tolerances.find((x) => x.field === '/reason')!.added).toEqual({ rows: N, inHeadSchema: true });
    expect(r.findings.map((f) => f.id)).toEqual([]);
  });

  it('not declared by the head schema: still a change held to exact equality', async () => {
    const r = await analyseBehaviorFiles({
      base: side(base, schema({ score: { type: 'number' } })),
      head: side(withReason, schema({ score: { type: 'number' } })),
      tolerances: [],
    });
    const t = r.tolerances.find((x) => x.field === '/reason')!;
    expect(t).toMatchObject({ pass: false, added: { rows: N, inHeadSchema: false } });
    expect(r.findings.map((f) => f.id)).toEqual(['field-changed-without-tolerance']);
  });

  it('present in some base rows: a change, not an addition', async () => {
    const some = base.map((p, i) => (i === 0 ? { ...p, reason: 'z' } : p));
    const r = await analyseBehaviorFiles({
      base: side(some, schema({ score: { type: 'number' }, reason: { type: 'string' } })),
      head: side(withReason, schema({ score: { type: 'number' }, reason: { type: 'string' } })),
      tolerances: [],
    });
    const t = r.tolerances.find((x) => x.field === '/reason')!;
    expect(t.added).toBeUndefined();
    expect(t.pass).toBe(false);
    expect(r.findings.map((f) => f.id)).toEqual(['field-changed-without-tolerance']);
  });

  it('an added field beside a field that changed within its tolerance: the within-tolerance finding stays', async () => {
    const moved = withReason.map((p) => ({ ...p, score: p.score + 0.001 }));
    const s = schema({ score: { type: 'number' }, reason: { type: 'string' } });
    const r = await analyseBehaviorFiles({
      base: side(base, s),
      head: side(moved, s),
      tolerances: [{ field: '/score', abs: 0.01 }] as never,
    });
    expect(r.findings.map((f) => f.id)).toEqual(['predictions-changed-within-tolerance']);
  });
});
