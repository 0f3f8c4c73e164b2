/**
 * The comment's context: what the caller knows about the run (links, base and head, the run) and
 * nothing else changes the body; the job summary is the same renderer with a larger budget.
 */
import { describe, expect, it } from 'vitest';
import { MARKER, renderJobSummary, renderPrComment } from '../../src/render/comment.js';
import type { ModelReport, Report } from '../../src/verdict/report.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

function model(file = 'models/recommender/schemas/output.schema.json'): ModelReport {
  return {
    model: 'recommender',
    path: 'models/recommender/model-contract.yaml',
    base: '1.0.0',
    head: '1.1.0',
    declared: 'minor',
    required: 'major',
    ok: false,
    suggested: '2.0.0',
    summary: 'declares MINOR but the change requires MAJOR',
    findings: [
      {
        id: 'type-changed',
        bump: 'major',
        area: 'interface',
        direction: 'output',
        pointer: '/items',
        instancePath: '/*',
        old: 'integer',
        new: 'object',
        message: 'Output type changed.',
        location: { file, line: 6, column: 5 },
      },
    ],
  };
}

const report = (m: ModelReport = model(), unchanged?: number): Report => ({
  verdict: m.ok ? 'pass' : 'fail',
  models: [m],
  ...(unchanged !== undefined ? { unchanged } : {}),
});

describe('renderPrComment', () => {
  it('links findings to the head commit when given the link base and the head sha', () => {
    const body = renderPrComment(report(), { linkBase: 'https://github.com/acme/models/', headSha: HEAD });
    expect(body).toContain(`[↗](https://github.com/acme/models/blob/${HEAD}/models/recommender/schemas/output.schema.json#L6)`);
  });

  it('links nothing without both, or with an address that could break out of the link', () => {
    for (const ctx of [
      { linkBase: 'https://github.com/acme/models' },
      { headSha: HEAD },
      { linkBase: 'https://github.com/acme/models) [x](https://evil.example', headSha: HEAD },
      { linkBase: 'javascript:alert(1)', headSha: HEAD },
      { linkBase: 'https://github.com/acme/models', headSha: 'main' },
    ])
      expect(renderPrComment(report(), ctx), JSON.stringify(ctx)).not.toContain('[↗]');
  });

  it('links only head-side files: not a base-side `REF:path`, an absolute path or one that climbs out', () => {
    for (const file of [`${BASE}:models/x.json`, '/etc/passwd', '../outside.json', 'models/../../x.json'])
      expect(renderPrComment(report(model(file)), { linkBase: 'https://github.com/acme/models', headSha: HEAD }), file).not.toContain('[↗]');
  });

  it('names the base, the head and the run under the verdict, and the marker only when asked', () => {
    const body = renderPrComment(report(model(), 2), { base: BASE, headSha: HEAD, runUrl: 'https://github.com/acme/models/actions/runs/9' });
    expect(body.split('\n\n')[1]).toBe(
      '<sub>model-contract-gate · 1 checked, 2 unchanged · base <code>bbbbbbb</code> → head <code>aaaaaaa</code> · [run](https://github.com/acme/models/actions/runs/9)</sub>',
    );
    expect(body).not.toContain(MARKER);
    expect(renderPrComment(report(), { marker: true }).endsWith(`\n\n${MARKER}\n`)).toBe(true);
    // A ref that is not a commit id is shown as given, inert.
    expect(renderPrComment(report(), { base: 'origin/main' }).split('\n\n')[1]).toBe(
      '<sub>model-contract-gate · 1 checked · base <code>origin/main</code> → head the working tree</sub>',
    );
  });

  it('is the job summary, marker aside, when nothing needs shortening', () => {
    const ctx = { base: BASE, headSha: HEAD, linkBase: 'https://github.com/acme/models', runUrl: 'https://github.com/acme/models/actions/runs/9' };
    const comment = renderPrComment(report(), { ...ctx, marker: true });
    expect(renderJobSummary(report(), ctx)).toBe(comment.slice(0, -`\n\n${MARKER}\n`.length) + '\n');
    expect(renderJobSummary(report(), { ...ctx, marker: true })).not.toContain(MARKER);
  });
});

describe('a change with thousands of findings', () => {
  it('is collapsed without building the sections that cannot fit (only the listed places are read)', () => {
    let reads = 0;
    const findings = Array.from({ length: 20_000 }, (_, i) => {
      const f = {
        id: 'hyperparameter-changed',
        bump: 'patch' as const,
        area: 'lineage' as const,
        pointer: `/lineage/hyperparameters/k${i}`,
        old: 0,
        new: 1,
      };
      return Object.defineProperty(f, 'message', {
        enumerable: true,
        get: () => {
          reads++;
          return `Hyper-parameter k${i}.`;
        },
      }) as typeof f & { message: string };
    });
    const m: ModelReport = { ...model(), declared: 'patch', required: 'patch', ok: true, summary: 'patch', findings };
    const body = renderPrComment({ verdict: 'pass', models: [m] });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('This report is shortened to fit');
    expect(body).toContain('<code>hyperparameter&#45;changed</code> · PATCH · 20,000 places');
    // Only the places the comment lists are read (for the group's shared sentence), not 20,000.
    expect(reads).toBeLessThan(200);
  });
});
