/**
 * Generated base/head contract pairs with reference datasets, written at test time into a
 * temporary folder (large files are never committed). Rows are big enough (about 110 bytes of
 * JSONL per prediction) that 60,000 of them pass the size at which the behavior analyser
 * splits the work across worker threads.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PairOptions {
  rows?: number;
  /** Where the output schema lives: inline in the contract, or in schemas/output.json via $ref. */
  schema?: 'inline' | 'ref';
  /** Join rows by this field instead of by position. */
  key?: string;
  /** Added to every head score (the tolerance on /score is abs 0.01). */
  headScoreDelta?: number;
  /** Extra properties of the output schema (both sides). */
  extraOutputProperties?: Record<string, unknown>;
  /** Extra fields of every prediction (both sides), by row index. */
  extraPrediction?: (i: number) => Record<string, unknown>;
}

export interface Pair {
  dir: string;
  base: string;
  head: string;
}

function outputSchema(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    type: 'object',
    required: ['id', 'score', 'label', 'items'],
    properties: {
      id: { type: 'string' },
      score: { type: 'number', minimum: -1, maximum: 2 },
      label: { enum: ['a', 'b', 'c'] },
      items: { type: 'array', items: { type: 'integer' }, maxItems: 10 },
      ...extra,
    },
  };
}

function contractText(version: string, o: PairOptions): string {
  const schema = outputSchema(o.extraOutputProperties);
  const output = o.schema === 'ref' ? JSON.stringify({ $ref: 'schemas/output.json' }) : JSON.stringify(schema);
  return [
    'contract: 1',
    'model: generated-scorer',
    `version: ${version}`,
    'interface:',
    '  input: {"type": "object", "properties": {"id": {"type": "string"}, "x": {"type": "integer"}}}',
    `  output: ${output}`,
    'reference:',
    '  inputs: reference/inputs.jsonl',
    '  predictions: reference/predictions.jsonl',
    ...(o.key !== undefined ? [`  key: ${o.key}`] : []),
    '  tolerances:',
    '    - field: /score',
    '      abs: 0.01',
    '      max_violation_rate: 0.05',
    '',
  ].join('\n');
}

/** Write base/ and head/ (each a model-contract.yaml with its reference files) into a new temporary folder. */
export function generatePair(o: PairOptions = {}): Pair {
  const n = o.rows ?? 60_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcg-behavior-'));
  for (const side of ['base', 'head'] as const) {
    const d = path.join(dir, side);
    mkdirSync(path.join(d, 'reference'), { recursive: true });
    let inputs = '';
    let predictions = '';
    const delta = side === 'head' ? (o.headScoreDelta ?? 0) : 0;
    for (let i = 0; i < n; i++) {
      const id = `r${String(i).padStart(7, '0')}`;
      inputs += `{"id":"${id}","x":${i % 97}}\n`;
      const items = Array.from({ length: 10 }, (_, j) => (i * 31 + j * 7) % 1000);
      const p = { id, score: ((i * 7919) % 1000) / 1000 + delta, label: 'abc'[i % 3], items, ...o.extraPrediction?.(i) };
      predictions += JSON.stringify(p) + '\n';
    }
    writeFileSync(path.join(d, 'reference/inputs.jsonl'), inputs);
    writeFileSync(path.join(d, 'reference/predictions.jsonl'), predictions);
    if (o.schema === 'ref') {
      mkdirSync(path.join(d, 'schemas'), { recursive: true });
      writeFileSync(path.join(d, 'schemas/output.json'), JSON.stringify(outputSchema(o.extraOutputProperties), null, 2));
    }
    writeFileSync(path.join(d, 'model-contract.yaml'), contractText(side === 'base' ? '1.0.0' : '1.0.1', o));
  }
  return { dir, base: path.join(dir, 'base/model-contract.yaml'), head: path.join(dir, 'head/model-contract.yaml') };
}
