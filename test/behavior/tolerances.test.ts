import { describe, expect, it } from 'vitest';
import type { BehaviorInput } from '../../src/analysers/behavior/analyse.js';
import { analyseBehaviorFiles } from '../../src/pipeline/behavior-driver.js';
import type { Tolerance } from '../../src/contract/types.js';
import { inlineSchema, inputError, inputs, predictions } from './helpers.js';

const OPEN = inlineSchema({ type: 'object' });

function run(head: string, tolerances: Tolerance[], dir = 'classifier', extra: Partial<BehaviorInput> = {}) {
  return analyseBehaviorFiles({
    base: { inputs: inputs(dir, 'inputs.jsonl'), predictions: predictions(dir, 'base.jsonl'), outputSchema: OPEN },
    head: { inputs: inputs(dir, 'inputs.jsonl'), predictions: predictions(dir, head), outputSchema: OPEN },
    tolerances,
    ...extra,
  });
}

const ALL: Tolerance[] = [
  { field: '/score', abs: 0.005, psi: { max: 0.5, bins: 4 } },
  { field: '/probabilities/*', abs: 0.01 },
  { field: '/label', agreement: 0.9 },
  { field: '/items', topk_overlap: { k: 5, min: 0.9 } },
  { field: '/embedding', cosine: { min_mean: 0.99, min: 0.95 } },
];

const ids = (r: { findings: { id: string; bump: string; instancePath?: string }[] }) =>
  r.findings.map((f) => `${f.id}:${f.bump}${f.instancePath ? `:${f.instancePath}` : ''}`).sort();

describe('outcomes', () => {
  it('identical predictions require nothing', async () => {
    const r = await run('head-identical.jsonl', ALL);
    expect(r.findings).toEqual([]);
    expect(r.changedRows).toBe(0);
    expect(r.rows).toEqual({ base: 20, head: 20, paired: 20 });
    expect(r.tolerances.every((t) => t.pass)).toBe(true);
  });

  it('changes within every tolerance require a PATCH', async () => {
    const r = await run('head-within.jsonl', ALL);
    expect(ids(r)).toEqual(['predictions-changed-within-tolerance:patch']);
    expect(r.findings[0]!.message).toBe('Predictions changed in 20 rows of 20, all within the declared tolerances.');
    expect(r.tolerances.every((t) => t.pass)).toBe(true);
  });

  it('a tolerance exceeded requires a MINOR, one finding per tolerance', async () => {
    const r = await run('head-beyond.jsonl', ALL);
    expect(ids(r)).toEqual([
      'tolerance-exceeded:minor:/embedding',
      'tolerance-exceeded:minor:/items',
      'tolerance-exceeded:minor:/label',
      'tolerance-exceeded:minor:/probabilities/*',
      'tolerance-exceeded:minor:/score',
    ]);
    const score = r.findings.find((f) => f.instancePath === '/score')!;
    expect(score.pointer).toBe('/reference/tolerances/0');
    expect(score.message).toMatch(/^\/score: 5 of 20 rows \(25 %\) outside \|new − old\| ≤ 0\.005, more than the 0 % allowed/);
  });

  it('a field without a tolerance is held to exact equality', async () => {
    const r = await run('head-model-field.jsonl', ALL);
    expect(ids(r)).toEqual(['field-changed-without-tolerance:minor:/model']);
    expect(r.findings[0]!.message).toBe(
      '/model changed in 20 rows of 20 and has no declared tolerance, so it is held to exact equality (first at line 1: "v1" → "v2").',
    );
    const model = r.tolerances.find((t) => t.field === '/model')!;
    expect(model).toMatchObject({ kind: 'exact', declared: false, pass: false, changed: 20 });
    expect(r.tolerances.find((t) => t.field === '/request_id')).toMatchObject({ kind: 'exact', pass: true, changed: 0 });
  });

  it('an output that changed shape is a finding, not a crash', async () => {
    const r = await run('head-shape.jsonl', ALL);
    const shape = r.findings.filter((f) => f.id === 'prediction-field-shape-changed');
    expect(shape.map((f) => f.instancePath).sort()).toEqual(['/embedding', '/items', '/label', '/probabilities/*', '/score']);
    expect(shape.find((f) => f.instancePath === '/score')!.message).toBe(
      "In 1 row the head prediction's /score can no longer be compared as the abs/rel tolerance needs (first at line 3: /score is a string at head (base: a number), where a number is compared).",
    );
    expect(shape.find((f) => f.instancePath === '/label')!.message).toMatch(/line 4: \/label is absent at head/);
    expect(shape.find((f) => f.instancePath === '/probabilities/*')!.message).toMatch(/has 2 values at head and 3 at base/);
    expect(shape.find((f) => f.instancePath === '/embedding')!.message).toMatch(/has 5 dimensions at head and 4 at base/);
    expect(shape.every((f) => f.bump === 'minor')).toBe(true);
  });
});

/** One tolerance on one field, against the within and beyond heads. */
async function verdicts(t: Tolerance) {
  const within = await run('head-within.jsonl', [t]);
  const beyond = await run('head-beyond.jsonl', [t]);
  const report = (r: typeof within) => r.tolerances.find((x) => x.declared)!;
  return { within: report(within), beyond: report(beyond) };
}

describe('each tolerance kind passes and fails', () => {
  it('abs/rel: one-sided against the base value, with max_violation_rate', async () => {
    const { within, beyond } = await verdicts({ field: '/score', abs: 0.005 });
    expect(within.pass).toBe(true);
    expect(within.numbers.maxAbsDiff).toBeCloseTo(0.004, 9);
    expect(within.numbers.meanAbsDiff).toBeCloseTo(0.0035, 9);
    expect(within.numbers.p99AbsDiff).toBeCloseTo(0.004, 4);
    expect(beyond.pass).toBe(false);
    expect(beyond.numbers).toMatchObject({ violations: 5, violationRate: 0.25 });
    expect(beyond.worst).toHaveLength(5);
    expect(beyond.worst[0]).toMatchObject({ line: 1, baseLine: 1, old: 0.1, new: 0.4 });
    // rel: |new − old| ≤ abs + rel·|old|
    expect((await verdicts({ field: '/score', rel: 0.5 })).beyond.numbers.violations).toBe(4); // 0.3 > 0.5·0.58, not > 0.5·0.74
    // max_violation_rate lets a share of rows through
    expect((await verdicts({ field: '/score', abs: 0.005, max_violation_rate: 0.25 })).beyond.pass).toBe(true);
    expect((await verdicts({ field: '/score', abs: 0.005, max_violation_rate: 0.2 })).beyond.pass).toBe(false);
  });

  it('abs/rel reports a histogram of old and new values in shared bins', async () => {
    const { beyond } = await verdicts({ field: '/score', abs: 0.005 });
    const h = beyond.histogram!;
    expect(h.edges).toHaveLength(11);
    expect(h.edges[0]).toBeCloseTo(0.1, 9);
    expect(h.edges[10]).toBeCloseTo(1.04, 9); // 0.74 + 0.3
    expect(h.old.reduce((a, b) => a + b)).toBe(20);
    expect(h.new.reduce((a, b) => a + b)).toBe(20);
    expect(h.nonFinite).toEqual({ old: 0, new: 0 });
  });

  it('abs/rel over every array element with *', async () => {
    const { within, beyond } = await verdicts({ field: '/probabilities/*', abs: 0.01 });
    expect(within.pass).toBe(true);
    expect(within.numbers.values).toBe(60);
    expect(beyond.numbers.violations).toBe(4);
    expect(beyond.worst[0]!.old).toEqual([0.5, 0.3, 0.2]);
    expect(beyond.worst[0]!.new).toEqual([0.2, 0.3, 0.5]);
  });

  it('agreement: the share of rows whose value is unchanged', async () => {
    const { within, beyond } = await verdicts({ field: '/label', agreement: 0.9 });
    expect(within).toMatchObject({ pass: true, changed: 0 });
    expect(within.numbers.agreement).toBe(1);
    expect(beyond.pass).toBe(false);
    expect(beyond.numbers.agreement).toBe(0.75);
    expect(beyond.numbers.changes![0]).toEqual({ old: 'dog', new: 'bird', rows: 2 });
    expect((await verdicts({ field: '/label', agreement: 0.75 })).beyond.pass).toBe(true);
  });

  it('topk_overlap: mean share of the top k kept', async () => {
    const { within, beyond } = await verdicts({ field: '/items', topk_overlap: { k: 5, min: 0.9 } });
    expect(within.pass).toBe(true);
    expect(within.changed).toBe(1); // reordered, same items
    expect(within.numbers.meanOverlap).toBe(1);
    expect(beyond.pass).toBe(false);
    expect(beyond.numbers.meanOverlap).toBeCloseTo(0.7, 9);
    expect(beyond.numbers.minOverlap).toBeCloseTo(0.4, 9);
    // k = 2 looks only at the first two: the new lists start with new items
    expect((await verdicts({ field: '/items', topk_overlap: { k: 2, min: 0.5 } })).beyond.numbers.meanOverlap).toBe(0.5);
  });

  it('cosine: mean and minimum similarity', async () => {
    const { within, beyond } = await verdicts({ field: '/embedding', cosine: { min_mean: 0.99, min: 0.95 } });
    expect(within.pass).toBe(true);
    expect(within.numbers.minCosine).toBeCloseTo(1, 6);
    expect(beyond.pass).toBe(false);
    expect(beyond.numbers.minCosine).toBeCloseTo(-1, 9);
    expect(beyond.worst[0]!.measure).toBeCloseTo(-1, 9);
    expect((await verdicts({ field: '/embedding', cosine: { min_mean: 0.3 } })).beyond.pass).toBe(true);
  });

  it('psi: population stability over base-quantile bins', async () => {
    const { within, beyond } = await verdicts({ field: '/score', psi: { max: 0.05, bins: 4 } });
    expect(within.pass).toBe(true);
    expect(within.numbers.psi).toBeLessThan(0.01);
    expect(beyond.numbers.psi).toBeGreaterThan(0.05);
    expect(beyond.pass).toBe(false);
    expect(beyond.numbers.psiBins).toBe(4);
    expect(beyond.histogram).toBeDefined();
  });

  it('a tolerance with only a field holds it to exact equality, declared', async () => {
    const { within, beyond } = await verdicts({ field: '/label' });
    expect(within).toMatchObject({ kind: 'exact', declared: true, pass: true });
    expect(beyond).toMatchObject({ kind: 'exact', declared: true, pass: false, changed: 5 });
  });
});

describe('NaN and Infinity', () => {
  const tol: Tolerance[] = [{ field: '/score', abs: 1e9 }];

  it('NaN equals NaN, ±Infinity only itself, NaN against a number is a violation', async () => {
    const r = await run('head.jsonl', tol, 'nan');
    const score = r.tolerances[0]!;
    expect(score.numbers.violations).toBe(3);
    expect(score.worst.map((w) => w.line).sort()).toEqual([4, 5, 6]);
    expect(score.worst.every((w) => w.measure === null)).toBe(true);
    expect(score.numbers.maxAbsDiff).toBe(0);
    expect(score.histogram!.nonFinite).toEqual({ old: 5, new: 5 });
    expect(r.findings.map((f) => f.id)).toEqual(['tolerance-exceeded']);
    expect((await run('head.jsonl', [{ field: '/score', abs: 0, max_violation_rate: 0.5 }], 'nan')).tolerances[0]!.pass).toBe(true);
  });

  it('the same non-finite values are identical predictions', async () => {
    const r = await run('head-same.jsonl', tol, 'nan');
    expect(r.findings).toEqual([]);
    expect(r.changedRows).toBe(0);
  });

  it('exact equality and agreement follow the same rules', async () => {
    const exact = await run('head.jsonl', [], 'nan');
    expect(exact.tolerances.find((t) => t.field === '/score')).toMatchObject({ kind: 'exact', changed: 3 });
    const agree = await run('head.jsonl', [{ field: '/score', agreement: 0.5 }], 'nan');
    expect(agree.tolerances[0]!.numbers.agreement).toBe(0.5);
  });
});

describe('tolerances that make no sense are input errors', () => {
  it.each([
    [{ field: '/items', topk_overlap: { k: 0, min: 0.8 } }, '/reference/tolerances/0/topk_overlap/k', /`k` must be a whole number from 1/],
    [{ field: '/items', topk_overlap: { k: 10, min: 2 } }, '/reference/tolerances/0/topk_overlap/min', /`min` must be a number from 0 to 1, not 2/],
    [{ field: '/score', abs: -1 }, '/reference/tolerances/0/abs', /`abs` must be a number from 0/],
    [{ field: '/e', cosine: {} }, '/reference/tolerances/0/cosine', /must set `min_mean`, `min` or both/],
    [{ field: '/s', psi: { max: 0.1, bins: 1 } }, '/reference/tolerances/0/psi/bins', /`bins` must be a whole number from 2/],
    [{ field: 'score', abs: 0.1 }, '/reference/tolerances/0/field', /must be a JSON Pointer/],
    [{ field: '/s', agreement: 1.5 }, '/reference/tolerances/0/agreement', /from 0 to 1/],
  ] as [Tolerance, string, RegExp][])('%j', async (t, pointer, message) => {
    const err = await inputError(run('head-identical.jsonl', [t], 'classifier', { contractFile: 'models/m/model-contract.yaml' }));
    expect(err.file).toBe('models/m/model-contract.yaml');
    expect(err.pointer).toBe(pointer);
    expect(err.message).toMatch(message);
  });

  it('the same kind twice on one field', async () => {
    const err = await inputError(
      run('head-identical.jsonl', [
        { field: '/s', abs: 1 },
        { field: '/s', rel: 1 },
      ]),
    );
    expect(err.pointer).toBe('/reference/tolerances/1');
  });
});
