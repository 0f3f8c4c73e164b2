/**
 * The behavior check through the front door (`node dist/cli.js check`), at sizes that take the
 * multi-threaded path, and against hostile reference data: patterns that backtrack, patterns the
 * linear-time engine refuses, an unbounded CSV field, a failing `--predict` command.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
import { generatePair, type Pair } from '../behavior/generate.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function pair(o: Parameters<typeof generatePair>[0]): Pair {
  const p = generatePair(o);
  made.push(p.dir);
  return p;
}

// Two threads whatever the machine has, so that the worker path is the one taken.
const THREADS = { MODEL_CONTRACT_GATE_THREADS: '2' };

interface Report {
  verdict: string;
  models: {
    required: string;
    declared: string;
    ok: boolean;
    findings: { id: string; bump: string; instancePath?: string }[];
    behavior?: { rows: { paired: number } };
  }[];
}

function check(p: Pair, extra: string[] = [], timeoutMs = 60_000) {
  return runCliBounded(['check', p.base, p.head, '--format', 'json', ...extra], { cwd: p.dir, env: THREADS, timeoutMs });
}

function report(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe('behavior check at reference-set sizes (worker threads)', () => {
  it('an inline output schema: 60,000 rows within tolerance pass with PATCH', () => {
    const p = pair({ schema: 'inline', headScoreDelta: 0.001 });
    const r = check(p);
    expectClean(r, 0);
    const m = report(r.stdout).models[0]!;
    expect(m.required).toBe('patch');
    expect(m.findings.map((f) => f.id)).toContain('predictions-changed-within-tolerance');
    expect(m.behavior?.rows.paired).toBe(60_000);
  }, 90_000);

  it('an output schema in a file through $ref', () => {
    const p = pair({ schema: 'ref', headScoreDelta: 0.001 });
    const r = check(p);
    expectClean(r, 0);
    const m = report(r.stdout).models[0]!;
    expect(m.required).toBe('patch');
    expect(m.behavior?.rows.paired).toBe(60_000);
  }, 90_000);

  it('rows joined by key', () => {
    const p = pair({ schema: 'inline', key: 'id', headScoreDelta: 0.001 });
    const r = check(p);
    expectClean(r, 0);
    const m = report(r.stdout).models[0]!;
    expect(m.required).toBe('patch');
    expect(m.behavior?.rows.paired).toBe(60_000);
  }, 90_000);

  it('a change beyond tolerance fails a PATCH release with tolerance-exceeded', () => {
    const p = pair({ schema: 'inline', headScoreDelta: 0.05 });
    const r = check(p);
    expectClean(r, 1);
    const out = report(r.stdout);
    expect(out.verdict).toBe('fail');
    const m = out.models[0]!;
    expect(m.required).toBe('minor');
    const f = m.findings.find((x) => x.id === 'tolerance-exceeded');
    expect(f?.instancePath).toBe('/score');
  }, 90_000);

  it('a schema violation found by a worker is reported', () => {
    // Every 1000th head prediction has a label the schema does not allow.
    const p = pair({ schema: 'inline', headScoreDelta: 0.001 });
    const head = path.join(p.dir, 'head/reference/predictions.jsonl');
    const lines = readFileSync(head, 'utf8').split('\n') as string[];
    for (let i = 999; i < 60_000; i += 1000) lines[i] = lines[i]!.replace(/"label":"[abc]"/, '"label":"z"');
    writeFileSync(head, lines.join('\n'));
    const r = check(p);
    expectClean(r, 1);
    const m = report(r.stdout).models[0]!;
    expect(m.findings.map((f) => f.id)).toContain('prediction-violates-head-schema');
  }, 90_000);
});

describe('patterns in output schemas run in linear time', () => {
  const evil = 'a'.repeat(50_000) + '!';

  it('a backtracking pattern against a 50,000-character prediction finishes with the violation reported', () => {
    const p = pair({
      rows: 20,
      extraOutputProperties: { name: { type: 'string', pattern: '^(a+)+$' } },
      extraPrediction: (i) => ({ name: i % 2 === 0 ? evil : 'aaaa' }),
    });
    const r = check(p, [], 30_000);
    expectClean(r, 1);
    const m = report(r.stdout).models[0]!;
    const f = m.findings.find((x) => x.id === 'prediction-violates-head-schema');
    expect(f?.instancePath).toBe('/name');
  }, 60_000);

  it('a pattern the linear-time engine cannot run (look-ahead) is a clear error naming the contract and the pattern', () => {
    const p = pair({ rows: 20, extraOutputProperties: { name: { type: 'string', pattern: '^(?=x)x+$' } }, extraPrediction: () => ({ name: 'xx' }) });
    const r = check(p, [], 30_000);
    expectClean(r, 2, 'head/model-contract.yaml');
    expect(r.stderr).toContain('/interface/output/properties/name/pattern');
    expect(r.stderr).toMatch(/linear time/);
  }, 60_000);

  it('a back-reference in a schema file is named by the file and the pointer inside it', () => {
    const p = pair({
      rows: 20,
      schema: 'ref',
      extraOutputProperties: { tags: { type: 'object', patternProperties: { '^(x)\\1$': { type: 'string' } } } },
    });
    const r = check(p, [], 30_000);
    expectClean(r, 2, 'head/schemas/output.json');
    expect(r.stderr).toContain('/properties/tags/patternProperties/^(x)\\1$');
  }, 60_000);
});

describe('CSV reference files have the same line limit as JSONL', () => {
  /** head/reference/inputs.csv.gz: a header, one row, then a row whose field has `fieldBytes` bytes. */
  async function csvPair(fieldBytes: number, quoted: boolean): Promise<Pair> {
    const p = pair({ rows: 2 });
    const file = path.join(p.dir, 'head/reference/inputs.csv.gz');
    const gz = createGzip({ level: 1 });
    const out = gz.pipe(createWriteStream(file));
    gz.write('id,x\nr0000000,0\nr0000001,');
    if (quoted) gz.write('"');
    // Quoted, the field spans lines (none of them long): only the row is.
    const block = Buffer.alloc(1 << 20, quoted ? 'aaaaaaa\n' : 'a');
    for (let left = fieldBytes; left > 0; left -= block.length) {
      if (!gz.write(left >= block.length ? block : block.subarray(0, left))) await once(gz, 'drain');
    }
    gz.end(quoted ? '"\n' : '\n');
    await once(out, 'finish');
    const contract = path.join(p.dir, 'head/model-contract.yaml');
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('reference/inputs.jsonl', 'reference/inputs.csv.gz'));
    return p;
  }

  it('a 100 MB field is refused with the file and line, in bounded memory', async () => {
    const p = await csvPair(100 * 1024 * 1024, false);
    const r = runCliBounded(['check', p.base, p.head], { cwd: p.dir, timeoutMs: 60_000, nodeArgs: ['--max-old-space-size=512'] });
    expectClean(r, 2, 'head/reference/inputs.csv.gz:3');
    expect(r.stderr).toMatch(/longer than 64 MiB/);
  }, 120_000);

  it('a 100 MB quoted field over many short lines is refused at the row it starts on', async () => {
    const p = await csvPair(100 * 1024 * 1024, true);
    const r = runCliBounded(['check', p.base, p.head], { cwd: p.dir, timeoutMs: 60_000, nodeArgs: ['--max-old-space-size=512'] });
    expectClean(r, 2, 'head/reference/inputs.csv.gz:3');
    expect(r.stderr).toMatch(/longer than 64 MiB/);
  }, 120_000);
});

describe('a failing --predict command is explained', () => {
  it('says how the command ended, where it ran, and the last lines of what it printed on stderr', () => {
    const p = pair({ rows: 5 });
    const lines = Array.from({ length: 30 }, (_, i) => `console.error('loading layer ${i}');`).join('\n');
    writeFileSync(path.join(p.dir, 'predict.cjs'), `${lines}\nthrow new Error('model weights not found: model.bin');\n`);
    const r = runCliBounded(['check', p.base, p.head, '--predict', `${JSON.stringify(process.execPath)} predict.cjs`], {
      cwd: p.dir,
      timeoutMs: 30_000,
    });
    expectClean(r, 2, 'predict.cjs');
    expect(r.stderr).toContain('exited with code 1');
    expect(r.stderr).toContain(p.dir);
    expect(r.stderr).toContain('Error: model weights not found: model.bin');
    // The last 20 lines, not all 30 of the progress lines before them.
    expect(r.stderr).not.toContain('loading layer 0\n');
    expect(r.stderr).toContain('loading layer 29');
  }, 60_000);

  it('says which signal killed it', () => {
    const p = pair({ rows: 5 });
    writeFileSync(path.join(p.dir, 'predict.cjs'), `console.error('about to crash');\nprocess.kill(process.pid, 'SIGKILL');\n`);
    const r = runCliBounded(['check', p.base, p.head, '--predict', `${JSON.stringify(process.execPath)} predict.cjs`], {
      cwd: p.dir,
      timeoutMs: 30_000,
    });
    expectClean(r, 2, 'predict.cjs');
    expect(r.stderr).toContain('SIGKILL');
    expect(r.stderr).toContain(p.dir);
    expect(r.stderr).toContain('about to crash');
  }, 60_000);
});
