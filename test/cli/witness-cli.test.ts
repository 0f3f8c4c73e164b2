/**
 * Witnesses through the front door: `diff-schema` and `check` (text, markdown, JSON) show the
 * instance that proves a breaking interface finding, or "not proven"; a witness built from a pull
 * request's schema is shown inert (no mention, no terminal escape, no markup) and cut.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import { example } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const validateReport = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(reportSchema);

let dir: string;
const file = (name: string, value: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mcg-witness-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff-schema shows the witness', () => {
  const limits = (max: number) => ({ type: 'object', required: ['limit'], properties: { limit: { type: 'integer', minimum: 1, maximum: max } } });

  it('text: the request that was accepted and is now rejected', () => {
    const r = runCliBounded(['diff-schema', file('old.json', limits(100)), file('new.json', limits(50)), '--direction', 'input']);
    expectClean(r, 0);
    expect(r.stdout).toContain('this request was accepted and is now rejected: {"limit":');
    const shown = /now rejected: (\{.*\})$/m.exec(r.stdout)![1]!;
    expect(JSON.parse(shown).limit).toBeGreaterThan(50);
  });

  it('text: for an output, the response that is now possible', () => {
    const r = runCliBounded(['diff-schema', file('o.json', limits(50)), file('n.json', limits(100)), '--direction', 'output']);
    expectClean(r, 0);
    expect(r.stdout).toMatch(/this response is now possible and old consumers reject it: \{"limit":\d+\}/);
  });

  it('JSON: the finding carries witness and proven', () => {
    const r = runCliBounded(['diff-schema', file('old.json', limits(100)), file('new.json', limits(50)), '--direction', 'input', '--format', 'json']);
    expectClean(r, 0);
    const f = JSON.parse(r.stdout).findings.find((x: { id: string }) => x.id === 'range-tightened');
    expect(f.proven).toBe(true);
    expect(f.witness.valid).toBe('base');
    expect(f.witness.instance.limit).toBeGreaterThan(50);
  });

  it('markdown and text: a MAJOR finding with no witness is "not proven"', () => {
    // double → float on an input: MAJOR, yet both formats accept the same JSON numbers (docs/compatibility.md, "Not proven").
    const number = (format: string) => ({ type: 'object', properties: { v: { type: 'number', format } } });
    const [o, n] = [file('double.json', number('double')), file('float.json', number('float'))];
    const text = runCliBounded(['diff-schema', o, n, '--direction', 'input']);
    expectClean(text, 0);
    expect(text.stdout).toContain('not proven: no request was found that was accepted and is now rejected');
    const md = runCliBounded(['diff-schema', o, n, '--direction', 'input', '--format', 'markdown']);
    expectClean(md, 0);
    expect(md.stdout).toContain('*not proven');
    const json = runCliBounded(['diff-schema', o, n, '--direction', 'input', '--format', 'json']);
    expect(JSON.parse(json.stdout).findings[0].proven).toBe(false);
  });

  it('a witness from hostile schema text is inert and cut', () => {
    const evil = '@octocat \u001b[31m<img src=x> \u202e' + 'x'.repeat(400);
    const old = { type: 'object', required: ['tag'], properties: { tag: { enum: ['a', evil] } } };
    const now = { type: 'object', required: ['tag'], properties: { tag: { enum: ['a'] } } };
    const [o, n] = [file('evil-old.json', old), file('evil-new.json', now)];
    const text = runCliBounded(['diff-schema', o, n, '--direction', 'input']);
    expectClean(text, 0);
    const line = text.stdout.split('\n').find((l) => l.includes('accepted and is now rejected'))!;
    expect(line).toBeDefined();
    expect(line).not.toMatch(/[\u001b\u202e]/);
    // JSON text escapes the control character; the renderer escapes what JSON leaves (U+202E).
    expect(line).toContain('\\u001b');
    expect(line).toContain('\\u202E');
    expect(line.length).toBeLessThan(260);
    expect(line).toContain('…');
    const md = runCliBounded(['diff-schema', o, n, '--direction', 'input', '--format', 'markdown']);
    expectClean(md, 0);
    const row = md.stdout.split('\n').find((l) => l.includes('now rejected'))!;
    expect(row).toBeDefined();
    expect(row).not.toMatch(/@octocat|<img|[\u001b\u202e]/);
  });
});

describe('check shows the witness', () => {
  // The example removes a field and an enum value that were never deprecated, declared as 2.0.0:
  // MAJOR, declared, so the gate passes (no deprecation window holds); the witness says why MAJOR.
  const base = example('scorer', 'v1', 'model-contract.yaml');
  const head = example('scorer', 'remove-2.0.0', 'model-contract.yaml');

  it('in the text report', () => {
    const r = runCliBounded(['check', base, head]);
    expectClean(r, 0);
    expect(r.stdout).toContain('this request was accepted and is now rejected: {"amount":0,"mode":"legacy"}');
  });

  it('in the PR comment (markdown), as inert code', () => {
    const r = runCliBounded(['check', base, head, '--format', 'markdown']);
    expectClean(r, 0);
    expect(r.stdout).toContain('*this request was accepted and is now rejected:* <code>&#123;"amount":0,"mode":"legacy"&#125;</code>');
  });

  it('in the JSON report, which matches schema/report.schema.json', () => {
    const r = runCliBounded(['check', base, head, '--format', 'json']);
    expectClean(r, 0);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    const f = report.models[0].findings.find((x: { id: string }) => x.id === 'enum-value-removed');
    expect(f).toMatchObject({ proven: true, witness: { instance: { mode: 'legacy' }, valid: 'base' } });
    // The schema is not vacuous about witnesses.
    const bad = structuredClone(report);
    bad.models[0].findings.find((x: { id: string }) => x.id === 'enum-value-removed').witness.valid = 'both';
    expect(validateReport(bad)).toBe(false);
  });
});
