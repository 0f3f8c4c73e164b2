/**
 * The comment's overview and grouping: models worst first, one overview row each; findings by
 * rule with one row per cause; rule ids linked to docs/rules.md when a docs address is given;
 * digests shortened; code in hints shown as code.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { renderPrComment, worstFirst } from '../../src/render/comment.js';
import { prose, shortenDigests } from '../../src/render/escape.js';
import type { ModelReport } from '../../src/verdict/report.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

function model(over: Partial<ModelReport>): ModelReport {
  return {
    model: 'm',
    path: 'models/m/model-contract.yaml',
    base: '1.0.0',
    head: '1.0.1',
    declared: 'patch',
    required: 'patch',
    ok: true,
    suggested: '1.0.1',
    summary: 'ok',
    findings: [],
    ...over,
  };
}

const out = (id: string, path: string, extra: Partial<Finding> = {}): Finding => ({
  id,
  bump: 'major',
  area: 'interface',
  direction: 'output',
  pointer: `/properties${path.replace(/\//g, '/')}`,
  instancePath: path,
  message: `Output property ${path} was removed; consumers that read it break.`,
  ...extra,
});

describe('the overview', () => {
  const models = [
    model({ model: 'a-passing', path: 'a/model-contract.yaml' }),
    model({ model: 'b-minor', path: 'b/model-contract.yaml', ok: false, required: 'minor', suggested: '1.1.0', summary: 'minor' }),
    model({
      model: 'c-major',
      path: 'c/model-contract.yaml',
      ok: false,
      required: 'major',
      declared: 'minor',
      suggested: '2.0.0',
      findings: [out('property-removed', '/x')],
    }),
  ];

  it('sorts models worst first: failing before passing, MAJOR before MINOR, not by path', () => {
    expect(worstFirst(models).map((m) => m.model)).toEqual(['c-major', 'b-minor', 'a-passing']);
    const text = renderPrComment({ verdict: 'fail', models });
    const order = ['### ❌ c\\-major ', '### ❌ b\\-minor ', '### ✅ a\\-passing '].map((h) => text.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('opens with one row per model: declared, required, suggested, blocking, main reason', () => {
    const lines = renderPrComment({ verdict: 'fail', models }).split('\n');
    const at = lines.indexOf('| model | declared | required | suggested version | blocking | main reason |');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(6);
    expect(lines[at + 2]).toMatch(
      /^\| ❌ <code>c&#45;major<\/code> \| MINOR \| \*\*MAJOR\*\* \| <code>2\.0\.0<\/code> \| 0 \| <code>property&#45;removed<\/code>: Output property \/x was removed/,
    );
    expect(lines[at + 3]).toMatch(/^\| ❌ <code>b&#45;minor<\/code> \|/);
    expect(lines[at + 4]).toMatch(/^\| ✅ <code>a&#45;passing<\/code> \|/);
  });
});

describe('findings grouped by rule', () => {
  const fields = Array.from({ length: 8 }, (_, i) => `/f${i}`);
  const findings: Finding[] = [
    ...fields.flatMap((f) => [
      out('property-removed', f),
      out('deprecation-window', f, {
        blocking: true,
        message: `The output field ${f} was removed without being deprecated first.`,
        hint: 'Keep it, mark it `deprecated: true` with `x-deprecated-since: 2026-11-30`.',
      }),
    ]),
    ...['minimum', 'maximum'].map((kw): Finding => ({
      id: 'range-tightened',
      bump: 'major',
      area: 'interface',
      direction: 'input',
      pointer: `/properties/age/${kw}`,
      instancePath: '/age',
      old: kw === 'minimum' ? '>= 0' : '<= 120',
      new: kw === 'minimum' ? '>= 1' : '<= 100',
      message: `Input range ${kw} tightened.`,
    })),
  ];
  const m = model({ ok: false, declared: 'minor', required: 'major', suggested: null, findings });

  it('one row per cause, five places open and the rest collapsed, the why and the fix once', () => {
    const text = renderPrComment({ verdict: 'fail', models: [m] });
    expect(text).toContain('<code>deprecation&#45;window</code> (each with <code>property&#45;removed</code>) · **blocking** · 8 places');
    // The shared sentence names no field; the hint's code is code, with no literal backtick.
    expect(text).toContain('The output field … was removed without being deprecated first\\.');
    expect(
      text.match(/\*Fix:\* Keep it, mark it <code>deprecated: true<\/code> with <code>x&#45;deprecated&#45;since: 2026&#45;11&#45;30<\/code>/g),
    ).toHaveLength(1);
    expect(text.split('\n').find((l) => l.includes('*Fix:*'))).not.toContain('`');
    const [open, collapsed] = text.split('<details><summary>3 more places</summary>');
    expect(collapsed).toBeDefined();
    expect(open!.match(/^\| <code>output \/f\d<\/code>/gm)).toHaveLength(5);
    expect(collapsed!.split('</details>')[0]!.match(/^\| <code>output \/f\d<\/code>/gm)).toHaveLength(3);
    // Both bounds of one field: one row, both changes.
    expect(text).toContain('<code>range&#45;tightened</code> · MAJOR · 1 place');
    expect(text).toMatch(
      /^\| <code>input \/age<\/code> \| <code>"&gt;= 0"<\/code> → <code>"&gt;= 1"<\/code>, <code>"&lt;= 120"<\/code> → <code>"&lt;= 100"<\/code> \|/m,
    );
  });

  it('links each rule id to its entry in docs/rules.md when given the address, plain ids otherwise', () => {
    const docs = 'https://github.com/acme/model-contract-gate/blob/v1/docs/rules.md';
    const linked = renderPrComment({ verdict: 'fail', models: [m] }, { docsBase: docs });
    expect(linked).toContain(`[<code>deprecation&#45;window</code>](${docs}#deprecation-window)`);
    expect(linked).toContain(`[<code>range&#45;tightened</code>](${docs}#range-tightened)`);
    const plain = renderPrComment({ verdict: 'fail', models: [m] });
    expect(plain).not.toContain('rules.md');
    const unsafe = renderPrComment({ verdict: 'fail', models: [m] }, { docsBase: 'javascript:alert(1)' });
    expect(unsafe).not.toContain('javascript');
  });
});

describe('digests and code', () => {
  const a = 'sha256:' + 'a1b2c3d4e5f6'.repeat(5) + 'abcd';
  const b = 'sha256:' + 'f6e5d4c3b2a1'.repeat(5) + 'dcba';

  it('shortens digests to 12 characters in values and messages', () => {
    expect(shortenDigests(`from ${a} to ${b}`)).toBe('from sha256:a1b2c3d4e5f6… to sha256:f6e5d4c3b2a1…');
    const m = model({
      ok: false,
      declared: 'patch',
      required: 'patch',
      findings: [
        {
          id: 'artifact-digest-mismatch',
          bump: 'patch',
          area: 'artifact',
          pointer: '/artifact/digest',
          old: a,
          new: b,
          message: `The artifact's digest is ${b}, not ${a}.`,
          blocking: true,
        },
      ],
    });
    const text = renderPrComment({ verdict: 'fail', models: [m] });
    expect(text).not.toContain('a1b2c3d4e5f6a1b2');
    expect(text).not.toContain('f6e5d4c3b2a1f6e5');
    expect(text).toContain('a1b2c3d4e5f6…');
  });

  it('renders quoted code as code and escapes the rest', () => {
    expect(prose('set `version: 2.0.0` *now*')).toBe('set <code>version: 2.0.0</code> \\*now\\*');
    // An unpaired backtick stays text.
    expect(prose('a ` b')).toBe('a \\` b');
  });
});

describe('check --docs-base', () => {
  const pair = ['fixtures/examples/recommender/v1/model-contract.yaml', 'fixtures/examples/recommender/head-1.1.0/model-contract.yaml'];
  it('links rule ids in the markdown, and refuses an unsafe address or another format', () => {
    const docs = 'https://github.com/acme/model-contract-gate/blob/v1/docs/rules.md';
    const r = runCliBounded(['check', ...pair, '--format', 'markdown', '--docs-base', docs], { timeoutMs: 30_000 });
    expectClean(r, 1);
    expect(r.stdout).toContain(`[<code>type&#45;changed</code>](${docs}#type-changed)`);
    expectClean(
      runCliBounded(['check', ...pair, '--format', 'markdown', '--docs-base', 'javascript:x'], { timeoutMs: 30_000 }),
      2,
      /--docs-base must be an http\(s\) address/,
    );
    expectClean(runCliBounded(['check', ...pair, '--docs-base', docs], { timeoutMs: 30_000 }), 2, /--docs-base is for --format markdown/);
  });
});
