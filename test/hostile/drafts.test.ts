/**
 * Every JSON Schema draft ajv supports, through the front door (`node dist/cli.js`): boolean
 * schemas, draft-04 (boolean exclusive bounds, `id`), draft-06, draft-07 with `enum: []`, each
 * checked against its own meta-schema and compared as its draft means; a draft this tool does not
 * know is still a clean exit 2 naming the file and `/$schema`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const DIR = path.join(ROOT, 'fixtures/hostile');
const f = (...parts: string[]) => path.join(DIR, ...parts);

interface DiffJson {
  required: string;
  findings: { id: string; bump: string; pointer: string }[];
}

/** `diff-schema OLD NEW --direction D --format json`: exit 0, and the required bump and findings (rule, bump, pointer). */
function diff(oldFile: string, newFile: string, direction: 'input' | 'output'): { required: string; findings: string[] } {
  const r = runCliBounded(['diff-schema', oldFile, newFile, '--direction', direction, '--format', 'json'], { cwd: DIR, timeoutMs: 20_000 });
  expectClean(r, 0);
  const out = JSON.parse(r.stdout) as DiffJson;
  return { required: out.required, findings: out.findings.map((x) => `${x.id} ${x.bump} ${x.pointer}`).sort() };
}

describe('JSON Schema drafts through the CLI', () => {
  it('compares boolean schemas on both sides (JSON and YAML files)', () => {
    expect(diff(f('drafts-boolean/true.json'), f('drafts-boolean/false.json'), 'input')).toEqual({
      required: 'major',
      findings: ['schema-forbidden major '],
    });
    expect(diff(f('drafts-boolean/true.json'), f('drafts-boolean/false.json'), 'output')).toEqual({
      required: 'minor',
      findings: ['schema-forbidden minor '],
    });
    expect(diff(f('drafts-boolean/false.json'), f('drafts-boolean/true.yaml'), 'output')).toEqual({
      required: 'major',
      findings: ['schema-allowed major '],
    });
    expect(diff(f('drafts-boolean/true.json'), f('drafts-boolean/true.yaml'), 'input')).toEqual({ required: 'none', findings: [] });
  });

  it('reads draft-04 boolean exclusiveMinimum as modifying minimum', () => {
    // {minimum: 5, exclusiveMinimum: true} → {minimum: 5} lets 5 in: a loosening.
    expect(diff(f('drafts-04/exclusive.json'), f('drafts-04/inclusive.json'), 'input')).toEqual({
      required: 'minor',
      findings: ['range-loosened minor '],
    });
    expect(diff(f('drafts-04/exclusive.json'), f('drafts-04/inclusive.json'), 'output')).toEqual({
      required: 'major',
      findings: ['range-loosened major '],
    });
    // The same schema written in draft-2020-12 (`exclusiveMinimum: 5`): nothing changed.
    for (const direction of ['input', 'output'] as const) {
      expect(diff(f('drafts-04/exclusive.json'), f('drafts-04/draft2020.json'), direction)).toEqual({ required: 'none', findings: [] });
    }
  });

  it('resolves draft-04 references against `id` (a base URI and a `#name` anchor)', () => {
    expect(diff(f('drafts-04/id-old.json'), f('drafts-04/id-new.json'), 'output')).toEqual({
      required: 'major',
      findings: ['length-tightened minor /properties/note', 'type-changed major /properties/customer'],
    });
  });

  it('checks a draft-04 schema against the draft-04 meta-schema', () => {
    // A numeric exclusiveMinimum is draft-06 and later; in draft-04 it needs `minimum` and is a boolean.
    const r = runCliBounded(['diff-schema', 'drafts-04/bad-exclusive.json', 'drafts-04/exclusive.json', '--direction', 'input'], {
      cwd: DIR,
      timeoutMs: 20_000,
    });
    expectClean(r, 2, 'drafts-04/bad-exclusive.json');
    expect(r.stderr).toMatch(/not a valid JSON Schema \(draft-04\).*exclusiveMinimum/);
  });

  it('compares draft-06 schemas (const, contains, propertyNames, numeric exclusive bounds, enum: [])', () => {
    expect(diff(f('drafts-06/old.json'), f('drafts-06/new.json'), 'input')).toEqual({
      required: 'major',
      findings: ['enum-introduced major /properties/legacy', 'range-tightened major /properties/amount'],
    });
  });

  it('accepts enum: [] under draft-07 as the empty set: an allOf member forbidding a property is MAJOR for input', () => {
    expect(diff(f('drafts-07-empty-enum/old.json'), f('drafts-07-empty-enum/new.json'), 'input')).toEqual({
      required: 'major',
      findings: ['enum-introduced major /properties/id'],
    });
    expect(diff(f('drafts-07-empty-enum/old.json'), f('drafts-07-empty-enum/new.json'), 'output')).toEqual({
      required: 'minor',
      findings: ['enum-introduced minor /properties/id'],
    });
    // `dependencies: {enum: []}` (a property named enum requiring nothing) is valid too.
    expect(diff(f('drafts-07-empty-enum/valid.json'), f('drafts-07-empty-enum/valid.json'), 'input')).toEqual({ required: 'none', findings: [] });
  });

  it('accepts draft-04 and boolean schema files referenced from a contract', () => {
    const r = runCliBounded(['next-version', 'drafts-contract/base/model-contract.yaml', 'drafts-contract/head/model-contract.yaml'], {
      cwd: DIR,
      timeoutMs: 20_000,
    });
    expectClean(r, 0);
    expect(r.stdout.trim()).toBe('1.1.0');
  });

  it('validates predictions against a draft-04 output schema with exclusive bounds and enum: [] (check on a reference set)', () => {
    const base = f('drafts-behavior/base/model-contract.yaml');
    const same = runCliBounded(['check', base, f('drafts-behavior/head/model-contract.yaml')], { cwd: DIR, timeoutMs: 30_000 });
    expectClean(same, 0);
    expect(same.stdout).toContain('PASS');
    const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-drafts-'));
    try {
      cpSync(f('drafts-behavior/head'), tmp, { recursive: true });
      // 0 is outside `minimum: 0, exclusiveMinimum: true`; `retired` may hold no value at all.
      writeFileSync(
        path.join(tmp, 'reference/predictions.jsonl'),
        '{"customer_id": "c1", "score": 0.5}\n{"customer_id": "c2", "score": 0}\n{"customer_id": "c3", "score": 1, "retired": 1}\n',
      );
      const bad = runCliBounded(['check', base, path.join(tmp, 'model-contract.yaml'), '--format', 'json'], { cwd: DIR, timeoutMs: 30_000 });
      expectClean(bad, 1);
      const finding = (JSON.parse(bad.stdout) as { models: { findings: { id: string; message: string }[] }[] }).models[0]!.findings.find(
        (x) => x.id === 'prediction-violates-head-schema',
      );
      expect(finding?.message).toMatch(/^2 head predictions of 3 .*\/score must be > 0/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses a $schema it does not know with exit 2, naming the file, line and /$schema', () => {
    const r = runCliBounded(['diff-schema', 'drafts-unknown/draft-03.json', 'drafts-boolean/true.json', '--direction', 'input'], {
      cwd: DIR,
      timeoutMs: 20_000,
    });
    expectClean(r, 2, 'drafts-unknown/draft-03.json:2:');
    expect(r.stderr).toContain('/$schema');
    expect(r.stderr).toContain('draft-03');
    expect(r.stderr).toMatch(/2020-12, 2019-09, 07, 06 or 04/);
  });
});
