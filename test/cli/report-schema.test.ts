import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import { example, runCli } from '../helpers/cli.js';

const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(reportSchema);

describe('the JSON report matches schema/report.schema.json', () => {
  it.each([
    ['recommender', 'v1', 'head-1.1.0'],
    ['recommender', 'v1', 'head-2.0.0'],
    ['recommender', 'v1', 'head-1.1.0-waived'],
    ['churn', 'v1', 'retrained-patch'],
    ['churn', 'v1', 'tuned-patch'],
  ])('%s %s → %s', async (model, base, head) => {
    const r = await runCli(['check', example(model, base, 'model-contract.yaml'), example(model, head, 'model-contract.yaml'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.models[0].findings.length).toBeGreaterThan(0);
  });

  it('rejects a report that breaks it (the schema is not vacuous)', () => {
    expect(validate({ verdict: 'maybe', models: [] })).toBe(false);
    expect(validate({ verdict: 'pass', models: [{ model: 'x' }] })).toBe(false);
  });
});
