/**
 * The behavior evidence on the page: `check --format markdown` on the churn behavior example shows
 * the worst rows, the label transitions and one readable chart per field; a field new in the head
 * (declared by the head schema) reads "added", not "exceeded".
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { behaviorCharts, behaviorSection, behaviorViewOf, shortNumber, tickLabels, TICK_MAX } from '../../src/render/behavior.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const EXAMPLE = path.join(ROOT, 'fixtures/examples/churn-behavior');

/** The charts' tick labels, one list per chart. */
function ticks(md: string): string[][] {
  return [...md.matchAll(/^ {4}x-axis "[^"]*" \[(.*)\]$/gm)].map((m) => [...m[1]!.matchAll(/"([^"]*)"/g)].map((t) => t[1]!));
}

describe('check --format markdown on the churn behavior example', () => {
  const r = runCliBounded(['check', 'v1/model-contract.yaml', 'exceeded-patch/model-contract.yaml', '--format', 'markdown'], {
    cwd: EXAMPLE,
    timeoutMs: 30_000,
  });

  it('shows the worst rows of the exceeded numeric tolerance, with their signed difference', () => {
    expectClean(r, 1);
    const md = r.stdout;
    expect(md).toContain('| row | old | new | difference |');
    expect(md).toContain('| <code>"c039"</code> (line 40) | <code>0.8644</code> | <code>0.9844</code> | +0.12 |');
  });

  it('shows the label transitions old → new × rows', () => {
    expect(r.stdout).toContain('| old → new | rows |\n|---|---|\n| <code>"stay"</code> → <code>"churn"</code> | 4 |');
  });

  it('draws one chart per numeric field, on the base quantile bins, with short tick labels and a legend above', () => {
    const md = r.stdout;
    expect(md.split('```mermaid').length - 1).toBe(1);
    const [labels] = ticks(md);
    expect(labels!.length).toBeGreaterThanOrEqual(5);
    for (const l of labels!) expect(l.length, l).toBeLessThanOrEqual(TICK_MAX);
    expect(new Set(labels).size).toBe(labels!.length);
    expect(md).toMatch(
      /Distribution of <code>\/churn&#95;probability<\/code>: \*\*base\*\* = bars, \*\*head\*\* = line[^\n]*deciles of the base[^\n]*\n\n```mermaid/,
    );
    // The evidence comes before the lineage.
    expect(md.indexOf('| row | old | new | difference |')).toBeLessThan(md.indexOf('Lineage: what changed'));
  });
});

describe('a field new in the head', () => {
  it('reads "added", not "exceeded", and raises no field-changed-without-tolerance', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-added-'));
    try {
      cpSync(path.join(EXAMPLE, 'v1'), path.join(dir, 'base'), { recursive: true });
      cpSync(path.join(EXAMPLE, 'v1'), path.join(dir, 'head'), { recursive: true });
      const contract = path.join(dir, 'head/model-contract.yaml');
      writeFileSync(
        contract,
        readFileSync(contract, 'utf8')
          .replace('version: 1.4.2', 'version: 1.5.0')
          .replace('      label: { enum: [stay, churn] }', '      label: { enum: [stay, churn] }\n      reason: { type: string }'),
      );
      const preds = path.join(dir, 'head/reference/predictions.jsonl');
      const lines = readFileSync(preds, 'utf8').trim().split('\n');
      writeFileSync(preds, lines.map((l) => JSON.stringify({ ...JSON.parse(l), reason: 'tenure' })).join('\n') + '\n');

      const md = runCliBounded(['check', 'base/model-contract.yaml', 'head/model-contract.yaml', '--format', 'markdown'], { cwd: dir });
      expectClean(md, 0);
      expect(md.stdout).toContain('| <code>/reason</code> | <code>exact</code> | exact (no tolerance declared) |');
      expect(md.stdout).toMatch(/\| <code>\/reason<\/code> .* \| ➕ added \|/);
      expect(md.stdout).not.toContain('❌ exceeded');
      expect(md.stdout).toContain('➕ Added in the head');
      const json = runCliBounded(['check', 'base/model-contract.yaml', 'head/model-contract.yaml', '--format', 'json'], { cwd: dir });
      expectClean(json, 0);
      const ids = (JSON.parse(json.stdout).models[0].findings as { id: string }[]).map((f) => f.id);
      expect(ids).toContain('property-added');
      expect(ids).not.toContain('field-changed-without-tolerance');
      expect(ids).not.toContain('predictions-changed-within-tolerance');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the behavior section', () => {
  const tolerance = (field: string, kind: string, q: boolean) => ({
    field,
    kind,
    pass: false,
    summary: `${field}: moved.`,
    [q ? 'quantiles' : 'histogram']: {
      edges: [0.000123, 0.0984, 0.1969, 0.2953, 12345.6],
      old: [5, 5, 5, 5],
      new: [1, 2, 3, 14],
      nonFinite: { old: 0, new: 0 },
      ...(q ? { binning: 'base-quantiles' } : {}),
    },
  });

  it('draws a field with two tolerances once', () => {
    const b = behaviorViewOf({ behavior: { tolerances: [tolerance('/s', 'abs_rel', true), tolerance('/s', 'psi', true)] } })!;
    expect(behaviorCharts(b).split('```mermaid').length - 1).toBe(1);
  });

  it('keeps every tick label within 6 characters, and different', () => {
    for (const n of [0.09844, 0.1969, -0.000123, 1234567, 12345.6, 1e-10, -1e-10, -0.5])
      expect(shortNumber(n).length, String(n)).toBeLessThanOrEqual(TICK_MAX);
    const b = behaviorViewOf({ behavior: { tolerances: [tolerance('/s', 'abs_rel', false)] } })!;
    const { labels } = tickLabels(b.tolerances[0]!.histogram!);
    expect(labels).toEqual(['0.0984', '0.197', '0.295', '12300']);
    // Edges that round alike: the bins are numbered and the edges given in the text.
    const alike = { bins: [0.1, 0.10001, 0.10002], old: [1, 1], new: [1, 1] };
    expect(tickLabels(alike)).toEqual({ labels: ['b1', 'b2'], numbered: true });
  });

  it('labels head values outside the base range on quantile bins', () => {
    const h = { bins: [-1, 0, 0.5, 1, 3], old: [0, 5, 5, 0], new: [2, 3, 3, 2], quantiles: true };
    expect(tickLabels(h).labels).toEqual(['below', '0.5', '1', 'above']);
  });

  it('is empty without a behavior report, and has no charts when asked for none', () => {
    expect(behaviorSection({})).toEqual([]);
    const lines = behaviorSection({ behavior: { tolerances: [tolerance('/s', 'abs_rel', true)] } }, { charts: false });
    expect(lines[0]).toBe('#### Behavior on the reference data');
    expect(lines.join('\n')).not.toContain('```mermaid');
  });
});
