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
      pointer: '/items',
      instancePath: '/*',
      old: 'integer',
      new: 'object',
    });
    expect(breaking[0].location.file).toMatch(/head-1\.1\.0\/schemas\/output\.schema\.json$/);
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
    expect(r.stdout.split('\n')[0]).toMatch(/^## ❌ model-contract-gate: fail/);
    expect(r.stdout).toContain('MAJOR — consumers must change code');
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
