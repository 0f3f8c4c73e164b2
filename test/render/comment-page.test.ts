/**
 * The reviewer's page stays one page: a generated change with about 300 findings (60 output fields
 * removed without deprecation, 50 input fields with both bounds tightened, 80 output fields added,
 * retrained with drift), through `node dist/cli.js check --format markdown`. The rendered height is
 * measured by scripts/render-comment.mjs (headless Chromium); this asserts the structure behind it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module shared with scripts/render-comment.mjs, without types.
import { writeLargeChange } from '../../scripts/large-change.mjs';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

/** Table rows (header rows included, separators not) outside every `<details>` block. */
export function openTableRows(markdown: string): number {
  let depth = 0;
  let rows = 0;
  for (const line of markdown.split('\n')) {
    depth += (line.match(/<details>/g) ?? []).length;
    if (depth === 0 && line.startsWith('|') && !/^\|(\s*:?-+:?\s*\|)+$/.test(line)) rows++;
    depth -= (line.match(/<\/details>/g) ?? []).length;
  }
  return rows;
}

describe('the comment for a 300-finding change', () => {
  let dir: string;
  let md: string;
  let notify: string[];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mcg-comment-page-'));
    const { base, head } = writeLargeChange(dir) as { base: string; head: string };
    const json = runCliBounded(['check', base, head, '--format', 'json'], { timeoutMs: 30_000 });
    expectClean(json, 1);
    const model = JSON.parse(json.stdout).models[0];
    expect(model.findings.length).toBeGreaterThanOrEqual(300);
    notify = model.notify;
    const r = runCliBounded(['check', base, head, '--format', 'markdown'], { timeoutMs: 30_000 });
    expectClean(r, 1);
    md = r.stdout;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fits GitHub's limit for a comment", () => {
    expect(md.length).toBeLessThanOrEqual(65_536);
  });

  it('opens with the verdict and the overview table within its first 25 lines', () => {
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^## ❌ Model contracts: fail/);
    const at = lines.findIndex((l) => l.startsWith('| model | declared | required | suggested version | blocking | main reason |'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at + 3).toBeLessThan(25);
    expect(lines[at + 2]).toMatch(/^\| ❌ <code>churn&#45;scorer<\/code> \| MINOR \| \*\*MAJOR\*\* \| — \| \*\*60\*\* \|/);
  });

  it('keeps at most 40 table rows open outside <details>', () => {
    expect(openTableRows(md)).toBeLessThanOrEqual(40);
  });

  it('shows the behavior table open and its evidence and charts one click away (a large change)', () => {
    const table = md.indexOf('#### Behavior on the reference data');
    const evidence = md.indexOf('<details><summary>Evidence: the rows that moved most and the label transitions, the distribution charts</summary>');
    expect(table).toBeGreaterThan(0);
    expect(evidence).toBeGreaterThan(table);
    // The worst rows and the chart are inside that block, not above it.
    expect(md.indexOf('Rows that moved most')).toBeGreaterThan(evidence);
    expect(md.indexOf('xychart-beta')).toBeGreaterThan(evidence);
    expect(md.indexOf('#### Lineage') < 0 || md.indexOf('#### Lineage') > evidence).toBe(true);
  });

  it('groups the findings by rule, one row per cause', () => {
    expect(md).toContain('<code>deprecation&#45;window</code> (each with <code>property&#45;removed</code>) · **blocking** · 60 places');
    // Both bounds of a field are one row: 50 places, not 100.
    expect(md).toContain('<code>range&#45;tightened</code> · MAJOR · 50 places');
    // What the declared MINOR covers is one collapsed block.
    expect(md).toMatch(/<details><summary>Covered by the declared MINOR: 84 places \(<code>property&#45;added<\/code> ×80, /);
    expect(md).toContain('<code>property&#45;added</code> · MINOR · 80 places');
    // A removal and its deprecation-window verdict are one row, not a group of their own.
    expect(md).not.toMatch(/<code>property&#45;removed<\/code> · MAJOR/);
  });

  it('mentions every affected owner exactly once', () => {
    expect(notify.length).toBeGreaterThanOrEqual(2);
    for (const h of notify) {
      const escaped = h.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(md.match(new RegExp(`${escaped}(?![\\w/-])`, 'g')) ?? [], h).toHaveLength(1);
    }
  });
});
