import { describe, expect, it } from 'vitest';
import { example, runDist } from '../helpers/cli.js';

const recommender = (v: string) => example('recommender', v, 'model-contract.yaml');
const churn = (v: string) => example('churn', v, 'model-contract.yaml');

describe('the bundled CLI on the examples (node dist/cli.js)', () => {
  it('recommender 1.0.0 → 1.1.0 with list of ids → list of objects: fails, MAJOR required, output finding at the items', () => {
    const r = runDist(['check', recommender('v1'), recommender('head-1.1.0'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('fail');
    const [m] = report.models;
    expect(m).toMatchObject({
      model: 'recommender',
      base: '1.0.0',
      head: '1.1.0',
      declared: 'minor',
      required: 'major',
      ok: false,
      suggested: '2.0.0',
    });
    const breaking = m.findings.filter((f: { bump: string }) => f.bump === 'major');
    expect(breaking).toHaveLength(1);
    expect(breaking[0]).toMatchObject({
      id: 'type-changed',
      area: 'interface',
      direction: 'output',
      pointer: '/properties/items/items',
      instancePath: '/items/*',
      old: 'integer',
      new: 'object',
    });
    expect(breaking[0].location.file).toMatch(/head-1\.1\.0\/schemas\/output\.schema\.json$/);
    expect(breaking[0].consumers).toEqual(['ranking-service']);
    expect(m.consumers).toEqual([
      { name: 'ranking-service', owners: ['@acme/ranking', '@dana'], fields: ['/items/*'], bump: 'major', findings: 1, notify: true },
      { name: 'request-audit', owners: ['@acme/audit'], fields: ['/user_id'], bump: 'none', findings: 0, notify: false },
    ]);
    expect(m.notify).toEqual(['@acme/ranking', '@dana']);
    expect(m.rollback.safe).toBe(false);
  });

  it('recommender 1.0.0 → 2.0.0: passes', () => {
    const r = runDist(['check', recommender('v1'), recommender('head-2.0.0'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'pass', models: [{ declared: 'major', required: 'major', ok: true }] });
  });

  it.each([
    ['retrained on new data under PATCH', 'retrained-patch', 1, 'patch', 'minor'],
    ['retrained on new data under MINOR', 'retrained-minor', 0, 'minor', 'minor'],
    ['hyper-parameters tuned under PATCH', 'tuned-patch', 0, 'patch', 'patch'],
  ])('churn: %s', (_name, head, code, declared, required) => {
    const r = runDist(['check', churn('v1'), churn(head), '--format', 'json']);
    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout).models[0]).toMatchObject({ declared, required, ok: code === 0 });
  });

  it('reports hyper-parameters key by key', () => {
    const r = runDist(['check', churn('v1'), churn('tuned-patch'), '--format', 'json']);
    const params = JSON.parse(r.stdout).models[0].findings.filter((f: { id: string }) => f.id === 'hyperparameter-changed');
    expect(params.map((f: { pointer: string; old: unknown; new: unknown }) => [f.pointer, f.old, f.new])).toEqual([
      ['/lineage/hyperparameters/learning_rate', 0.05, 0.03],
      ['/lineage/hyperparameters/n_estimators', 400, 600],
    ]);
  });

  it('text output puts the verdict on the first line', () => {
    const r = runDist(['check', recommender('v1'), recommender('head-1.1.0')]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('model-contract-gate: FAIL — 1 of 1 model fails');
    expect(r.stdout).toContain('type-changed');
  });

  it('markdown output puts the verdict on the first line', () => {
    const r = runDist(['check', recommender('v1'), recommender('head-1.1.0'), '--format', 'markdown']);
    expect(r.stdout.split('\n')[0]).toMatch(/^## ❌ Model contracts: fail/);
    expect(r.stdout).toContain('<code>type&#45;changed</code> · MAJOR · 1 place');
  });

  it('next-version prints the smallest passing version', () => {
    expect(runDist(['next-version', recommender('v1'), recommender('head-1.1.0')]).stdout).toBe('2.0.0\n');
    expect(runDist(['next-version', churn('v1'), churn('retrained-patch')]).stdout).toBe('1.5.0\n');
    expect(runDist(['next-version', churn('v1'), churn('tuned-patch')]).stdout).toBe('1.4.3\n');
  });

  it('diff-schema compares two schema files in a direction', () => {
    const oldSchema = example('recommender', 'v1', 'schemas', 'output.schema.json');
    const newSchema = example('recommender', 'head-2.0.0', 'schemas', 'output.schema.json');
    const out = JSON.parse(runDist(['diff-schema', oldSchema, newSchema, '--direction', 'output', '--format', 'json']).stdout);
    expect(out.required).toBe('major');
    const back = JSON.parse(runDist(['diff-schema', newSchema, oldSchema, '--direction', 'input', '--format', 'json']).stdout);
    expect(back.required).toBe('major');
  });

  it('validate accepts the examples', () => {
    const r = runDist(['validate', recommender('v1'), churn('v1')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('--help for the tool and for each command', () => {
    expect(runDist(['--help']).stdout).toMatch(/Usage:/);
    for (const cmd of ['check', 'diff-schema', 'next-version', 'validate']) {
      const r = runDist([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`model-contract-gate ${cmd}`));
    }
  });
});

describe('behavior examples (node dist/cli.js)', () => {
  const churnB = (v: string) => example('churn-behavior', v, 'model-contract.yaml');
  const recP = (v: string) => example('recommender-predictions', v, 'model-contract.yaml');

  it('identical predictions: nothing required', () => {
    const r = runDist(['check', churnB('v1'), churnB('identical'), '--format', 'json']);
    expect(r.code).toBe(0);
    const [m] = JSON.parse(r.stdout).models;
    expect(m.required).toBe('none');
    expect(m.behavior).toMatchObject({ compared: true, changedRows: 0 });
  });

  it('within every tolerance: PATCH', () => {
    const [m] = JSON.parse(runDist(['check', churnB('v1'), churnB('within-tolerance-patch'), '--format', 'json']).stdout).models;
    expect(m.findings.map((f: { id: string; bump: string }) => [f.id, f.bump])).toContainEqual(['predictions-changed-within-tolerance', 'patch']);
    expect(m.required).toBe('patch');
    expect(m.behavior.tolerances.every((t: { pass: boolean }) => t.pass)).toBe(true);
  });

  it('a tolerance exceeded under PATCH fails (MINOR required); under MINOR passes', () => {
    const fail = runDist(['check', churnB('v1'), churnB('exceeded-patch'), '--format', 'json']);
    expect(fail.code).toBe(1);
    expect(JSON.parse(fail.stdout).models[0]).toMatchObject({ required: 'minor', declared: 'patch' });
    expect(runDist(['check', churnB('v1'), churnB('exceeded-minor')]).code).toBe(0);
  });

  it('the recommender story caught only by its predictions: MAJOR, and the contract lies', () => {
    const r = runDist(['check', recP('v1'), recP('head-1.1.0'), '--format', 'json']);
    expect(r.code).toBe(1);
    const [m] = JSON.parse(r.stdout).models;
    expect(m.required).toBe('major');
    const ids = m.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('prediction-violates-base-schema');
    expect(ids).toContain('prediction-violates-head-schema');
    // The schemas did not change: only the predictions tell.
    expect(m.findings.filter((f: { area: string }) => f.area === 'interface')).toEqual([]);
  });

  it('--predict runs a command for the head predictions (argument list, no shell)', () => {
    const script =
      "const rl=require('readline').createInterface({input:process.stdin});rl.on('line',l=>{const r=JSON.parse(l);const p=Math.max(0,Math.min(1,0.9-r.tenure_months/70));console.log(JSON.stringify({customer_id:r.customer_id,churn_probability:p,label:p>=0.5?'churn':'stay'}))})";
    const r = runDist(['check', churnB('v1'), churnB('exceeded-minor'), '--predict', `node -e "${script}"`, '--format', 'json']);
    expect(r.stderr).toBe('');
    const [m] = JSON.parse(r.stdout).models;
    expect(m.behavior.compared).toBe(true);
    expect(m.behavior.rows.paired).toBe(40);
  });

  it('--predict refuses shell syntax', () => {
    const r = runDist(['check', churnB('v1'), churnB('identical'), '--predict', 'cat predictions.jsonl | head']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not shell syntax/);
  });
});
