/**
 * A large generated change, the page a reviewer must still read in one screen: 60 output fields
 * marked deprecated without a date and removed (blocking: the window has not run), 50 input
 * fields with both bounds tightened, 80 output fields added, and the model retrained with drift
 * on its reference data. Used by the comment's
 * page test and by scripts/render-comment.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const pad = (i) => String(i).padStart(3, '0');
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** The owners the change affects: each must be mentioned exactly once in the comment. */
export const OWNERS = ['@acme/ranking', '@acme/billing', '@dana', '@acme/fraud-ops'];

function contract(side) {
  const head = side === 'head';
  const input = {
    type: 'object',
    required: ['customer_id'],
    properties: {
      customer_id: { type: 'string' },
      ...Object.fromEntries(range(50).map((i) => [`feature_${pad(i)}`, { type: 'number', minimum: head ? 1 : 0, maximum: head ? 99 : 100 }])),
    },
  };
  const output = {
    type: 'object',
    required: ['customer_id', 'score', 'label'],
    properties: {
      customer_id: { type: 'string' },
      score: { type: 'number', minimum: 0, maximum: 1 },
      label: { enum: ['low', 'medium', 'high'] },
      ...(head ? {} : Object.fromEntries(range(60).map((i) => [`legacy_signal_${pad(i)}`, { type: 'number', deprecated: true }]))),
      ...(head ? Object.fromEntries(range(80).map((i) => [`explain_${pad(i)}`, { type: 'number' }])) : {}),
    },
  };
  // YAML is a superset of JSON: the contract is written as JSON.
  return {
    contract: 1,
    model: 'churn-scorer',
    version: head ? '1.1.0' : '1.0.0',
    interface: { input, output },
    lineage: { training_data: head ? 'events-2026-11@9c1e7a' : 'events-2026-10@41d0b2', hyperparameters: { learning_rate: head ? 0.1 : 0.05 } },
    consumers: [
      { name: 'ranking-service', owners: ['@acme/ranking'], fields: ['/score', ...range(30).map((i) => `/legacy_signal_${pad(i)}`)] },
      { name: 'billing-export', owners: ['@acme/billing'], fields: range(30).map((i) => `/legacy_signal_${pad(30 + i)}`) },
      { name: 'fraud-review', owners: ['@acme/fraud-ops', '@dana'], fields: ['/label'] },
    ],
    reference: {
      inputs: 'reference/inputs.csv',
      predictions: 'reference/predictions.jsonl',
      key: 'customer_id',
      tolerances: [
        { field: '/score', abs: 0.02, max_violation_rate: 0.05 },
        { field: '/label', agreement: 0.95 },
      ],
    },
  };
}

const LABELS = ['low', 'medium', 'high'];
const labelOf = (s) => LABELS[s < 0.4 ? 0 : s < 0.7 ? 1 : 2];

/** Writes `base/` and `head/` under `dir`; returns the two contract paths. */
export function writeLargeChange(dir) {
  const out = {};
  for (const side of ['base', 'head']) {
    const root = path.join(dir, side);
    mkdirSync(path.join(root, 'reference'), { recursive: true });
    writeFileSync(path.join(root, 'model-contract.yaml'), JSON.stringify(contract(side), null, 2) + '\n');
    const rows = range(1000);
    writeFileSync(
      path.join(root, 'reference', 'inputs.csv'),
      ['customer_id,feature_000', ...rows.map((i) => `c${pad(i)}${i},${(i * 37) % 100}`)].join('\n') + '\n',
    );
    const preds = rows.map((i) => {
      // A skewed score; the head moves half the rows up by 0.05 to 0.15 (retrained with drift).
      const base = ((i * 7919) % 1000) / 1000;
      const s = Math.min(1, (side === 'head' && i % 2 === 0 ? base + 0.05 + (i % 10) / 100 : base) ** 1);
      return JSON.stringify({ customer_id: `c${pad(i)}${i}`, score: Number(s.toFixed(4)), label: labelOf(s) });
    });
    writeFileSync(path.join(root, 'reference', 'predictions.jsonl'), preds.join('\n') + '\n');
    out[side] = path.join(root, 'model-contract.yaml');
  }
  return out;
}
