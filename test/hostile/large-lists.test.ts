/**
 * Long lists from a pull request never overflow the call stack: every place that copies a list
 * of findings, lines, schema frames or values does it in a loop, not by spreading it into one
 * call's arguments (a spread of ~150,000 items throws "Maximum call stack size exceeded").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const N = 150_000;
const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-large-lists-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

// Each CLI run is bounded by its own hard kill (90 s); the test's own limit only has to outlast the three runs on a busy machine.
describe('long lists through the front door', { timeout: 300_000 }, () => {
  it('a draft-07 enum of 150,000 values is checked for duplicates by hash and diffed', () => {
    const old = write('enum-old.json', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', enum: range(N, (i) => `a${i}`) });
    const neu = write('enum-new.json', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', enum: range(N, (i) => `b${i}`) });
    const r = runCliBounded(['diff-schema', old, neu, '--direction', 'output', '--format', 'json'], { timeoutMs: 60_000 });
    expectClean(r, 0);
    expect(JSON.parse(r.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['enum-replaced']);
  });

  it('a duplicate in a long draft-07 enum is named as ajv names it', () => {
    const values: unknown[] = range(100, (i) => ({ v: i }));
    values.push({ v: 57 });
    const file = write('dup.json', { $schema: 'http://json-schema.org/draft-07/schema#', properties: { a: { enum: values } } });
    const r = runCliBounded(['diff-schema', file, file, '--direction', 'input']);
    expectClean(r, 2, 'dup.json:1:');
    expect(r.stderr).toContain('`/properties/a/enum` must NOT have duplicate items (items ## 57 and 100 are identical)');
  });

  it('a draft-04 object of 150,000 properties is normalised and diffed', () => {
    const props = (drop: number) =>
      Object.fromEntries(range(N, (i) => [`p${i}`, { type: 'integer', minimum: 0, exclusiveMinimum: true }]).filter((_, i) => i !== drop));
    const old = write('d4-old.json', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: props(-1) });
    const neu = write('d4-new.json', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: props(7) });
    const r = runCliBounded(['diff-schema', old, neu, '--direction', 'output', '--format', 'json'], { timeoutMs: 90_000 });
    expectClean(r, 0);
    const report = JSON.parse(r.stdout) as { required: string; findings: { id: string; pointer: string }[] };
    expect(report.required).toBe('major');
    expect(report.findings.map((f) => `${f.id} ${f.pointer}`)).toEqual(['property-removed /properties/p7']);
  });

  it('150,000 hyper-parameters changed: text and release notes are written whole; markdown (the comment) fits its cap', () => {
    const contract = (value: number) =>
      [
        'contract: 1',
        'model: wide-params',
        `version: 1.0.${value}`,
        'interface:',
        '  input: { type: object }',
        '  output: { type: object }',
        'lineage:',
        '  hyperparameters:',
        ...range(N, (i) => `    k${i}: ${value}`),
        '',
      ].join('\n');
    const base = write('base.yaml', contract(0));
    const head = write('head.yaml', contract(1));
    const text = runCliBounded(['check', base, head, '--format', 'text', '--all'], { timeoutMs: 90_000 });
    expectClean(text, 0);
    expect(text.stdout).toContain('k149999');
    // The markdown is the pull-request comment: cut to GitHub's limit, saying where the rest is.
    const md = runCliBounded(['check', base, head, '--format', 'markdown'], { timeoutMs: 90_000 });
    expectClean(md, 0);
    expect(md.stdout.length).toBeLessThan(65_536);
    expect(md.stdout).toContain('This report is shortened to fit');
    const notes = runCliBounded(['release-notes', base, head], { timeoutMs: 90_000 });
    expectClean(notes, 0);
    expect(notes.stdout).toContain('k149999');
  });
});
