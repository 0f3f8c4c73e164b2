/**
 * An imported interface's change restated once, in the user's words: the MLflow output of
 * heart-classifier gains a column name, which the schema rules see as two changes at the root
 * (`format` removed, `integer` → `object`). Through the front door, in the text report, the
 * comment and the JSON report.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const dir = path.join('fixtures', 'examples', 'heart-classifier');
const args = (format: string) => [
  'check',
  path.join(dir, 'v1', 'model-contract.yaml'),
  path.join(dir, 'head-1.1.0', 'model-contract.yaml'),
  '--now',
  '2026-11-30',
  '--format',
  format,
];

describe('one change of an imported interface is one row', () => {
  it('the JSON report names the cause on both findings it produced', () => {
    const r = runCliBounded(args('json'));
    expectClean(r, 1);
    const findings = (JSON.parse(r.stdout) as { models: { findings: { id: string; cause?: string }[] }[] }).models[0]!.findings;
    const caused = findings.filter((f) => f.cause === 'the output became a named column `target`');
    expect(caused.map((f) => f.id).sort()).toEqual(['format-removed', 'type-changed']);
  });

  it('the text report and the comment show it once, with the rules it stands for', () => {
    const text = runCliBounded(args('text'));
    expectClean(text, 1);
    expect(text.stdout.match(/The output became a named column `target`\./g)).toHaveLength(1);
    expect(text.stdout).toMatch(/MAJOR {2}format-removed ×1 \(2 findings\) {2}with type-changed/);
    const md = runCliBounded(args('markdown'));
    expectClean(md, 1);
    expect(md.stdout.match(/The output became a named column <code>target<\/code>/g)).toHaveLength(1);
    expect(md.stdout).toContain('(each with <code>type&#45;changed</code>) · MAJOR · 1 place');
    // One table row for the root of the output, not two.
    expect(md.stdout.match(/^\| <code>output &#40;root&#41;<\/code>/gm)).toHaveLength(1);
  });
});
