/**
 * One timed run of the behaviour analyser on generated reference files (see run.mjs, which
 * bundles this file and runs it in a fresh process per measurement). Prints one JSON line.
 *   node behaviour.mjs analyse DIR ROWS   — the full check, positional pairing
 *   node behaviour.mjs parse DIR ROWS     — only read and JSON.parse both prediction files, line by line
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { analyseBehaviour } from '../src/analysers/behaviour/analyse.js';
import type { SchemaSet } from '../src/analysers/interface/schema-set.js';
import { rowsFromFile } from '../src/readers/rows.js';

const [mode, dir, rowsArg] = process.argv.slice(2);
if (!dir || !rowsArg) throw new Error('usage: behaviour.mjs analyse|parse DIR ROWS');
const n = Number(rowsArg);
const file = (side: string, what: string) => path.join(dir, `${side}-${what}-${n}.jsonl`);

const outputSchema: SchemaSet = {
  entry: 'model-contract.yaml#/interface/output',
  docs: {
    'model-contract.yaml#/interface/output': {
      id: 'model-contract.yaml#/interface/output',
      dir: '',
      value: {
        type: 'object',
        required: ['request_id', 'score', 'label', 'items'],
        properties: {
          request_id: { type: 'string' },
          score: { type: 'number', minimum: 0, maximum: 1 },
          label: { enum: ['cat', 'dog', 'bird'] },
          items: { type: 'array', items: { type: 'integer' }, maxItems: 10 },
        },
      },
    },
  },
};

let peak = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
};
const timer = setInterval(sample, 20);

/** The floor: read each file (64 KiB synchronous reads, as the reader does), split lines, JSON.parse each. */
async function parseOnly(): Promise<number> {
  let rows = 0;
  const buffer = Buffer.allocUnsafe(1 << 16);
  for (const side of ['base', 'head']) {
    const fd = openSync(file(side, 'predictions'), 'r');
    let carry = '';
    let position = 0;
    for (;;) {
      const got = readSync(fd, buffer, 0, buffer.length, position);
      if (got === 0) break;
      position += got;
      const text = carry + buffer.toString('latin1', 0, got);
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
        JSON.parse(text.slice(pos, nl));
        rows++;
        pos = nl + 1;
      }
      carry = text.slice(pos);
    }
    closeSync(fd);
  }
  return rows;
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let summary: Record<string, unknown>;
if (mode === 'parse') {
  summary = { rows: await parseOnly() };
} else {
  const side = (s: string) => ({
    inputs: rowsFromFile(path.join(dir, `inputs-${n}.jsonl`)),
    predictions: rowsFromFile(file(s, 'predictions'), { values: 'any' }),
    outputSchema,
  });
  const result = await analyseBehaviour({
    base: side('base'),
    head: side('head'),
    tolerances: [
      { field: '/score', abs: 0.01, rel: 0.001, max_violation_rate: 0.05, psi: { max: 0.1 } },
      { field: '/label', agreement: 0.95 },
      { field: '/items', topk_overlap: { k: 10, min: 0.8 } },
    ],
  });
  summary = {
    rows: result.rows,
    findings: result.findings.map((f) => `${f.id}:${f.bump}`),
    tolerances: result.tolerances.map((t) => ({ field: t.field, kind: t.kind, pass: t.pass, numbers: t.numbers })),
  };
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
sample();
clearInterval(timer);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ mode, n, ms, cpuMs, peakRss: Math.max(peak, maxRss), ...summary }));
