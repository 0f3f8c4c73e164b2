import { describe, expect, it } from 'vitest';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import type { RowSource } from '../../src/readers/rows.js';
import { inlineSchema, inputs, predictions } from './helpers.js';

const OPEN = inlineSchema({ type: 'object' });
const TOL = [{ field: '/score', abs: 0.001 }];

function run(o: { baseIn?: string; headIn?: string; base?: string; head: string; key?: string; headInputs?: RowSource<unknown> }) {
  return analyseBehaviorFiles({
    base: { inputs: inputs('pairing', o.baseIn ?? 'inputs.jsonl'), predictions: predictions('pairing', o.base ?? 'base.jsonl'), outputSchema: OPEN },
    head: { inputs: o.headInputs ?? inputs('pairing', o.headIn ?? 'inputs.jsonl'), predictions: predictions('pairing', o.head), outputSchema: OPEN },
    tolerances: TOL,
    key: o.key,
  });
}
const ids = (r: { findings: { id: string; bump: string }[] }) => r.findings.map((f) => `${f.id}:${f.bump}`).sort();

describe('pairing by position', () => {
  it('a head with fewer rows: unpaired rows and a count that does not match the inputs', async () => {
    const r = await run({ head: 'head-short.jsonl' });
    expect(ids(r)).toEqual(['predictions-count-mismatch:minor', 'rows-unpaired:minor']);
    expect(r.rows).toEqual({ base: 6, head: 4, paired: 4 });
    expect(r.findings.find((f) => f.id === 'rows-unpaired')!.message).toBe(
      'The base has 6 predictions and the head 4, so 2 rows of the base (from line 5) have nothing to be compared with.',
    );
    expect(r.findings.find((f) => f.id === 'predictions-count-mismatch')!.message).toBe(
      'The head predictions pairing/head-short.jsonl have 4 rows for 6 input rows, so some rows cannot be compared and the behavior change is unverified.',
    );
  });

  it('changed reference inputs make the comparison meaningless: reported, predictions not compared', async () => {
    const r = await run({ head: 'base.jsonl', headIn: 'inputs-changed.jsonl' });
    expect(ids(r)).toEqual(['reference-inputs-changed:minor']);
    expect(r.rows.paired).toBe(0);
    expect(r.inputs).toEqual({ identical: false, base: 6, head: 6 });
    expect(r.findings[0]!.message).toMatch(/^The reference inputs pairing\/inputs-changed\.jsonl differ from the base's \(first at line 3: /);
  });

  it('fewer input rows at head is a change of inputs too', async () => {
    const r = await run({ head: 'head-short.jsonl', headIn: 'inputs-short.jsonl' });
    expect(ids(r)).toEqual(['reference-inputs-changed:minor']);
    expect(r.findings[0]!.message).toMatch(/the base has more rows, from line 5/);
  });

  it('the same input rows in other bytes (CSV against JSONL) are the same inputs', async () => {
    const r = await run({ head: 'base.jsonl', headIn: 'inputs.csv' });
    expect(r.findings).toEqual([]);
    expect(r.inputs.identical).toBe(true);
  });

  it('shuffled rows differ by position', async () => {
    const r = await run({ head: 'head-shuffled.jsonl', headIn: 'inputs-shuffled.jsonl' });
    expect(ids(r)).toEqual(['reference-inputs-changed:minor']);
  });
});

describe('pairing by key', () => {
  it('shuffled rows pair up by key', async () => {
    const r = await run({ head: 'head-shuffled.jsonl', headIn: 'inputs-shuffled.jsonl', key: 'request_id' });
    expect(r.findings).toEqual([]);
    expect(r.rows).toEqual({ base: 6, head: 6, paired: 6 });
    expect(r.changedRows).toBe(0);
  });

  it('the key may be a JSON Pointer, and may come from the input row when predictions lack it', async () => {
    const r = await run({ base: 'base-nokey.jsonl', head: 'head-nokey-shuffled.jsonl', headIn: 'inputs-shuffled.jsonl', key: '/request_id' });
    expect(r.findings).toEqual([]);
    expect(r.rows.paired).toBe(6);
  });

  it('missing, added, repeated and unusable keys are findings naming the first rows', async () => {
    const r = await run({ head: 'head-keys.jsonl', key: 'request_id' });
    expect(ids(r)).toEqual([
      'key-added-at-head:none',
      'key-duplicate:minor',
      'key-missing-at-head:minor',
      'key-unusable:minor',
      'predictions-count-mismatch:minor',
    ]);
    const msg = (id: string) => r.findings.find((f) => f.id === id)!.message;
    expect(msg('key-missing-at-head')).toBe(
      '1 base row has no head row with the same "request_id", so its behavior is unverified (key "q1" (line 2) of the base).',
    );
    expect(msg('key-duplicate')).toBe('1 head row repeats a "request_id" already seen and is not compared (key "q2" (line 3), first at line 2).');
    expect(msg('key-added-at-head')).toBe(
      '1 head row has a "request_id" the base does not have, so it is only checked against the output schemas (key "q9" (line 7)).',
    );
    expect(msg('key-unusable')).toBe('1 head row has no usable "request_id" (a string or a number), so it cannot be paired (line 8).');
    expect(r.rows).toEqual({ base: 6, head: 8, paired: 5 });
  });

  it('a key repeated at base', async () => {
    const r = await run({ base: 'base-duplicate.jsonl', head: 'base.jsonl', key: 'request_id' });
    expect(ids(r)).toEqual(['key-added-at-head:none', 'key-duplicate:minor']);
    expect(r.findings.find((f) => f.id === 'key-duplicate')!.message).toMatch(/^1 base row repeats/);
  });

  it('inputs compared per key: only the rows whose request changed are left out', async () => {
    const r = await run({ head: 'base.jsonl', headIn: 'inputs-changed.jsonl', key: 'request_id' });
    expect(ids(r)).toEqual(['reference-inputs-changed:minor']);
    expect(r.findings[0]!.message).toMatch(/key "q2" \(line 3\), base line 3/);
    expect(r.rows.paired).toBe(5);
  });
});
