/**
 * A real schema history: four consecutive versions of SchemaStore's github-workflow.json
 * (fixtures/real/github-workflow, Apache-2.0), each compared with the next through
 * `node dist/cli.js diff-schema` in both directions, as a user would on a pull request that
 * edits it, and held to the soundness oracle (every non-MAJOR verdict is a containment claim
 * that generated instances must not refute).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { examinePair } from '../interface/soundness/oracle.js';

const DIR = 'fixtures/real/github-workflow';
const VERSIONS = readdirSync(path.join(ROOT, DIR))
  .filter((f) => f.endsWith('.json'))
  .sort();
const PAIRS = VERSIONS.slice(1).map((head, i) => ({ base: VERSIONS[i]!, head }));

interface Report {
  required: string;
  findings: { id: string; bump: string }[];
}

async function diff(base: string, head: string, direction: 'input' | 'output'): Promise<Report> {
  const r = await runCli(['diff-schema', `${DIR}/${base}`, `${DIR}/${head}`, '--direction', direction, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('github-workflow.json, four consecutive versions', () => {
  it('holds three pairs of versions', () => {
    expect(PAIRS.length).toBe(3);
  });

  for (const { base, head } of PAIRS) {
    it(`${base} → ${head}: compared in both directions, annotations never above NONE`, async () => {
      for (const direction of ['input', 'output'] as const) {
        const report = await diff(base, head, direction);
        const annotations = report.findings.filter((f) => f.id === 'annotation-changed' || f.id === 'extension-changed');
        expect(annotations.every((f) => f.bump === 'none')).toBe(true);
      }
    }, 60_000);

    it(`${base} → ${head}: the soundness oracle finds no counterexample`, () => {
      const o = JSON.parse(readFileSync(path.join(ROOT, DIR, base), 'utf8'));
      const n = JSON.parse(readFileSync(path.join(ROOT, DIR, head), 'utf8'));
      const result = examinePair(o, n, `${base} → ${head}`, 20261130, 800);
      expect(result.skipped).toBeUndefined();
      expect(result.crashes).toEqual([]);
      expect(result.counterexamples.map((c) => c.direction)).toEqual([]);
      // Every claim was put to valid instances (a generator that produced none would prove nothing).
      expect(result.claimsTested).toBe(result.claims);
      console.log(`${base} → ${head}: ${result.claims} non-MAJOR verdicts, ${result.instances} valid instances, 0 counterexamples`);
    }, 120_000);
  }

  it('a permission added to a closed object: MINOR for an input (workflow files keep validating)', async () => {
    const report = await diff('2026-05-12-f06daf3dd.json', '2026-05-27-dbc0fd17b.json', 'input');
    expect(report.required).toBe('minor');
  }, 60_000);

  it('`$ref` with siblings rewritten as `allOf: [{$ref}]` with the same siblings (31 events) is no change', async () => {
    for (const direction of ['input', 'output'] as const) {
      const report = await diff('2026-05-27-dbc0fd17b.json', '2026-06-14-3fdf6895c.json', direction);
      expect(report.findings.filter((f) => f.bump !== 'none')).toEqual([]);
    }
  }, 60_000);
});
