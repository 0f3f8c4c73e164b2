import { describe, expect, it } from 'vitest';
import { behaviorViewOf, xychart } from '../../src/render/behavior.js';
import { COMMENT_BUDGET, COMMENT_LIMIT, MARKER, renderComment, renderErrors, SUMMARY_BUDGET, verdictLine } from '../../src/render/comment.js';
import { InputError } from '../../src/core/errors.js';
import type { Finding } from '../../src/core/finding.js';
import type { ModelReport, Report } from '../../src/verdict/report.js';

const opts = { budget: COMMENT_BUDGET, marker: true };

function model(over: Partial<ModelReport> = {}): ModelReport {
  return {
    model: 'recommender',
    path: 'models/recommender/model-contract.yaml',
    base: '1.0.0',
    head: '1.1.0',
    declared: 'minor',
    required: 'major',
    ok: false,
    suggested: '2.0.0',
    summary: '1.0.0 → 1.1.0 declares MINOR but the change requires MAJOR (undeclared breaking change); release it as 2.0.0.',
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
        message: 'Output type changed from integer to object; consumers that parse the old type break.',
        hint: 'Keep the old type, or add the new shape as a new field and deprecate the old one.',
        location: { file: 'models/recommender/schemas/output.schema.json', line: 6, column: 5 },
      },
      {
        id: 'training-data-changed',
        bump: 'minor',
        area: 'lineage',
        pointer: '/lineage/training_data',
        old: 'clicks-2026-09@81be02',
        new: 'clicks-2026-10@3f9a1c',
        message: 'The training data changed.',
      },
      {
        id: 'hyperparameter-changed',
        bump: 'patch',
        area: 'lineage',
        pointer: '/lineage/hyperparameters/lr',
        old: 0.001,
        new: 0.002,
        message: 'Hyper-parameter lr.',
      },
    ],
    ...over,
  };
}

const report = (models: ModelReport[], unchanged?: number): Report => ({
  verdict: models.every((m) => m.ok) ? 'pass' : 'fail',
  models,
  ...(unchanged !== undefined ? { unchanged } : {}),
});

describe('the comment', () => {
  it('says the verdict in its first line and ends with the hidden marker', () => {
    const text = renderComment(report([model()], 3), opts);
    const first = text.split('\n')[0]!;
    expect(first).toBe('## ❌ Model contracts: fail — <code>recommender</code> requires MAJOR (release <code>2.0.0</code>) but declares MINOR');
    expect(text.trimEnd().endsWith(MARKER)).toBe(true);
    expect(text.split(MARKER)).toHaveLength(2);
  });

  it('groups findings MAJOR / MINOR / PATCH with field and old → new, says what to do, and diffs the lineage', () => {
    const text = renderComment(report([model()]), opts);
    const major = text.indexOf('#### MAJOR');
    const minor = text.indexOf('#### MINOR');
    const patch = text.indexOf('#### PATCH');
    expect(major).toBeGreaterThan(0);
    expect(minor).toBeGreaterThan(major);
    expect(patch).toBeGreaterThan(minor);
    expect(text).toContain('| MINOR | **MAJOR** | <code>2.0.0</code> |');
    expect(text).toContain('<code>output /&#42;</code>');
    expect(text).toContain('<code>"integer"</code> → <code>"object"</code>');
    expect(text).toContain('**To pass:** set <code>version: 2.0.0</code> in <code>models/recommender/model&#45;contract.yaml</code>.');
    expect(text).toContain('Lineage:');
    expect(text).toContain('| <code>hyperparameters.lr</code> | <code>0.001</code> | <code>0.002</code> | PATCH |');
  });

  it('passes: says so, with counts', () => {
    const ok = model({ ok: true, declared: 'major', head: '2.0.0', summary: 'fine' });
    expect(verdictLine(report([ok], 2))).toBe('## ✅ Model contracts: pass — 1 model checked, 2 unchanged contracts');
    expect(verdictLine(report([], 4))).toBe('## ✅ Model contracts: pass — no model contract changed, 4 unchanged contracts');
  });

  it('names the most demanding failing models briefly when several fail', () => {
    const line = verdictLine(
      report([
        model(),
        model({ model: 'churn', head: null, findings: [], summary: 'removed' }),
        model({ model: 'ranker', findings: [{ id: 'artifact-mismatch', bump: 'major', area: 'artifact', blocking: true, message: 'x' }] }),
        model({ model: 'ok', ok: true }),
      ]),
    );
    expect(line).toBe(
      '## ❌ Model contracts: fail — <code>ranker</code> has 1 blocking finding, <code>recommender</code> requires MAJOR (release <code>2.0.0</code>) but declares MINOR and 1 more (3 of 4 models)',
    );
  });

  it('lets nothing from the pull request inject markup, HTML, mentions, links or a fake marker', () => {
    const evil = `x ${MARKER} <img src=x onerror=alert(1)> @octocat [click](https://evil.example) **bold** \`code\` <details> # heading\n\n| a | b |`;
    const m = model({
      model: evil,
      path: `models/${evil}/model-contract.yaml`,
      summary: evil,
      findings: [
        {
          id: 'type-changed',
          bump: 'major',
          area: 'interface',
          direction: 'output',
          instancePath: `/${evil}`,
          old: evil,
          new: { [evil]: evil },
          message: evil,
          hint: evil,
        },
        {
          id: 'hyperparameter-changed',
          bump: 'patch',
          area: 'lineage',
          pointer: `/lineage/hyperparameters/${evil}`,
          old: evil,
          new: 1,
          message: evil,
        },
      ],
      behavior: {
        tolerances: [{ field: evil, kind: evil, pass: false, numbers: { [evil]: 1 }, histogram: { bins: [0, 1, 2], old: [1, 2], new: [2, 1] } }],
      },
    } as unknown as Partial<ModelReport>);
    for (const text of [renderComment(report([m]), opts), renderErrors([new InputError(evil, evil, { line: 1, column: 2, pointer: evil })], opts)]) {
      // The only marker is ours, at the end.
      expect(text.split(MARKER)).toHaveLength(2);
      expect(text.trimEnd().endsWith(MARKER)).toBe(true);
      expect(text).not.toMatch(/<img/i);
      expect(text).not.toMatch(/<details> # heading/);
      expect(text).not.toMatch(/(^|[^\w&])@octocat/);
      expect(text).not.toContain('](https://evil');
      expect(text).not.toContain('**bold**');
      // Only our own HTML tags appear.
      const tags = new Set([...text.matchAll(/<\/?([a-zA-Z]+)/g)].map((x) => x[1]!.toLowerCase()));
      for (const t of tags) expect(['code', 'sub', 'details', 'summary', 'br']).toContain(t);
      // Mermaid sources hold no quotes or brackets from the pull request.
      for (const block of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        for (const line of block[1]!.split('\n').filter((l) => /title|x-axis/.test(l))) {
          const names = [...line.matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
          for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_./*+\- –…:()]*$/);
        }
      }
    }
  });

  it('keeps a 2,000-finding report under the limit, with the verdict and the marker intact', () => {
    const findings: Finding[] = Array.from({ length: 2000 }, (_, i) => ({
      id: 'property-removed',
      bump: i % 3 === 0 ? 'major' : i % 3 === 1 ? 'minor' : 'patch',
      area: 'interface',
      direction: 'output',
      pointer: `/properties/field_${i}`,
      instancePath: `/field_${i}`,
      old: { type: 'string', description: 'x'.repeat(80) },
      new: null,
      message: `Output property field_${i} was removed; consumers that read it lose it. ${'More words. '.repeat(10)}`,
      hint: 'Keep the property until every consumer has moved.',
    }));
    const big = report([model({ findings })], 12);
    const text = renderComment(big, opts);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.split('\n')[0]).toBe(verdictLine(big));
    expect(text.trimEnd().endsWith(MARKER)).toBe(true);
    // The header of the model and the first MAJOR findings survive, collapsed.
    expect(text).toContain('### ❌ recommender');
    expect(text).toContain('field&#95;0');
    expect(text).toMatch(/<code>property&#45;removed<\/code> · MAJOR · 667 places/);
    expect(text).toMatch(/and 612 more places: see the job summary/);
    // The full report (for the job summary) is larger than a comment but within the summary's limit.
    const summary = renderComment(big, { budget: SUMMARY_BUDGET, measure: 'bytes' });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary.length).toBeGreaterThan(COMMENT_LIMIT);
    expect(summary).not.toContain(MARKER);
  });

  it('drops whole sections, lowest rank first, and says which', () => {
    const models = Array.from({ length: 400 }, (_, i) =>
      model({ model: `model-${String(i).padStart(3, '0')}`, path: `models/m${i}/model-contract.yaml`, ok: i % 2 === 0 }),
    );
    const big = report(models);
    const text = renderComment(big, opts);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.split('\n')[0]).toBe(verdictLine(big));
    expect(text.trimEnd().endsWith(MARKER)).toBe(true);
    expect(text).toMatch(
      /> \[!NOTE\]\n> This report is shortened to fit GitHub's limit of 65,536 characters for a comment: left out are contract paths of 400 models, release notes of 400 models, .*\d+ whole models \(model\\-\d+.*\).*\. The job summary has the full report\./,
    );
    // Failing models are kept before passing ones, earlier before later.
    expect(text).not.toContain('### ✅');
    expect(text).toContain('### ❌ model\\-001 ');
    expect(text).not.toContain('### ❌ model\\-399 ');
    // Tables are never cut in half: every table row has its four or three columns.
    for (const line of text.split('\n').filter((l) => l.startsWith('| <code>'))) expect(line.endsWith('|')).toBe(true);
  });

  it('never drops the verdict or the marker, however little room there is', () => {
    const text = renderComment(report([model()]), { budget: 300, marker: true, context: 'context line' });
    expect(text.split('\n')[0]).toBe(verdictLine(report([model()])));
    expect(text.trimEnd().endsWith(MARKER)).toBe(true);
  });

  it('lists the problems when the contracts cannot be read', () => {
    const text = renderErrors(
      [
        new InputError('models/x/model-contract.yaml', 'unknown field "verison" (did you mean "version"?)', {
          line: 3,
          column: 1,
          pointer: '/verison',
        }),
      ],
      opts,
    );
    expect(text.split('\n')[0]).toBe('## ❌ Model contracts: error — 1 problem reading the contracts');
    expect(text).toContain('models/x/model&#45;contract.yaml:3:1: unknown field "verison"');
    expect(text.trimEnd().endsWith(MARKER)).toBe(true);
  });
});

describe('behavior in the comment', () => {
  const behavior = {
    rows: { base: 1000, head: 1000, paired: 1000 },
    changedRows: 412,
    tolerances: [
      {
        field: '/score',
        kind: 'abs_rel',
        declared: true,
        limits: { abs: 0.01, rel: 0.001, max_violation_rate: 0 },
        pass: false,
        rows: 1000,
        changed: 412,
        numbers: { values: 1000, maxAbsDiff: 0.084, meanAbsDiff: 0.0123, p99AbsDiff: 0.07, violations: 97, violationRate: 0.097, shapeChanged: 0 },
        histogram: { field: '/score', bins: [0, 0.2, 0.4, 0.6, 0.8, 1], old: [100, 250, 300, 250, 100], new: [80, 200, 320, 280, 120] },
        summary: '97 of 1000 rows moved by more than the tolerance.',
      },
      {
        field: '/label',
        kind: 'agreement',
        declared: true,
        limits: { agreement: 0.99 },
        pass: true,
        rows: 1000,
        changed: 3,
        numbers: { agreement: 0.997, shapeChanged: 0 },
      },
    ],
  };

  it('shows a table of tolerances with their numbers and a Mermaid xychart of old vs new', () => {
    const m = model({
      findings: [
        {
          id: 'tolerance-exceeded',
          bump: 'minor',
          area: 'behavior',
          pointer: '/reference/tolerances/0',
          message: 'Predictions of /score moved beyond the tolerance.',
        },
      ],
      required: 'minor',
      declared: 'patch',
      suggested: '1.1.0',
    });
    const text = renderComment(report([{ ...m, behavior } as unknown as ModelReport]), opts);
    expect(text).toContain('#### Behavior on the reference data');
    expect(text).toContain('1,000 reference rows compared, 412 changed.');
    expect(text).toContain(
      '| <code>/score</code> | <code>abs&#95;rel</code> | abs 0.01, rel 0.001, max\\_violation\\_rate 0 | max \\|Δ\\| 0.084, mean \\|Δ\\| 0.0123, p99 \\|Δ\\| 0.07, rows outside 97, violation rate 0.097 | 412 of 1,000 | ❌ exceeded |',
    );
    expect(text).toContain('| <code>/label</code> | <code>agreement</code> | agreement 0.99 | agreement 0.997 | 3 of 1,000 | ✅ within |');
    expect(text).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '    title "/score: base (bars) vs head (line)"',
        '    x-axis "/score" ["0.2", "0.4", "0.6", "0.8", "1"]',
        '    y-axis "rows" 0 --> 352',
        '    bar [100, 250, 300, 250, 100]',
        '    line [80, 200, 320, 280, 120]',
        '```',
      ].join('\n'),
    );
    expect(text).toContain('Distribution of <code>/score</code>: **base** = bars, **head** = line, in rows per bin.');
  });

  it("also reads the analyser's own histogram shape (edges, nonFinite)", () => {
    const view = behaviorViewOf({
      behavior: { tolerances: [{ field: '/p/*', histogram: { edges: [0, 1, 2], old: [3, 4], new: [4, 3], nonFinite: { old: 1, new: 0 } } }] },
    });
    expect(view!.tolerances[0]!.histogram).toEqual({ field: '/p/*', bins: [0, 1, 2], old: [3, 4], new: [4, 3], nonFinite: { old: 1, new: 0 } });
    expect(xychart(view!.tolerances[0]!.histogram!, '/p/*')).toContain('x-axis "/p/*" ["1", "2"]');
  });

  it('ignores a malformed behavior section instead of failing', () => {
    expect(behaviorViewOf({ behavior: { tolerances: 'nope' } })).toBeUndefined();
    const view = behaviorViewOf({ behavior: { tolerances: [null, { field: '/x', histogram: { bins: [0, 1], old: [1, 2], new: [1] } }] } });
    expect(view!.tolerances).toEqual([{ field: '/x' }]);
  });

  it('drops the charts before the findings when space runs out', () => {
    const m = { ...model(), behavior } as unknown as ModelReport;
    const full = renderComment(report([m]), opts);
    // The release note (which repeats the findings) goes first, then the charts.
    const note = full.slice(full.indexOf('<details><summary>Release note</summary>'), full.indexOf('</details>', full.indexOf('Release note')) + 10);
    expect(note.length).toBeGreaterThan(100);
    const tight = renderComment(report([m]), { ...opts, budget: full.length - note.length - 10 });
    expect(tight).not.toContain('Release note</summary>');
    expect(tight).not.toContain('```mermaid');
    expect(tight).toContain(' · MAJOR · ');
    expect(tight).toContain('distribution charts');
  });
});
