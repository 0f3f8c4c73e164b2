import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { overlaps } from '../../src/analysers/consumers/affected.js';
import { renderComment } from '../../src/render/comment.js';
import { example, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-notify-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function policy(text: string): string {
  const file = path.join(tmp, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

async function check(base: string[], head: string[], ...extra: string[]) {
  const r = await runCli(['check', example(...base, 'model-contract.yaml'), example(...head, 'model-contract.yaml'), '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) };
}

const comment = (report: unknown) => renderComment(report as never, { budget: 65_000, marker: true });

describe('consumers: who is affected, and who is told', () => {
  it('the recommender story names the downstream consumer and mentions its owners exactly once', async () => {
    const { code, report } = await check(['recommender', 'v1'], ['recommender', 'head-1.1.0']);
    expect(code).toBe(1);
    const m = report.models[0];
    expect(m.findings.find((f: { id: string }) => f.id === 'type-changed').consumers).toEqual(['ranking-service']);
    expect(m.notify).toEqual(['@acme/ranking', '@dana']);
    const body = comment(report);
    expect(body).toContain('#### Who is affected');
    expect(body).toContain('<code>ranking&#45;service</code>');
    for (const h of ['@acme/ranking', '@dana']) expect(body.split(h)).toHaveLength(2);
    // The consumer the change does not touch is neither named nor mentioned.
    expect(body).not.toContain('request&#45;audit');
    expect(body).not.toContain('@acme/audit');
  });

  it('a MINOR-only change mentions nobody (notify: major), and names its consumer', async () => {
    const { report } = await check(['ranker-api', 'v3'], ['ranker-api', 'v2-extended-3.1.0']);
    const m = report.models[0];
    expect(m.required).toBe('minor');
    expect(m.notify).toEqual([]);
    expect(m.consumers.find((c: { name: string }) => c.name === 'search-ui')).toMatchObject({ bump: 'minor', findings: 1, notify: false });
    expect(comment(report)).not.toMatch(/(^|\s)@[a-z]/m);
  });

  it('notify: minor mentions owners of MINOR changes; notify: never mentions nobody, even for MAJOR', async () => {
    const minor = await check(['ranker-api', 'v3'], ['ranker-api', 'v2-extended-3.1.0'], '--policy', policy('notify: minor\n'));
    expect(minor.report.models[0].notify).toEqual(['@acme/search']);
    expect(comment(minor.report).split('@acme/search')).toHaveLength(2);
    const never = await check(['recommender', 'v1'], ['recommender', 'head-1.1.0'], '--policy', policy('notify: never\n'));
    expect(never.report.models[0].notify).toEqual([]);
    expect(never.report.models[0].consumers[0]).toMatchObject({ name: 'ranking-service', bump: 'major', notify: false });
    expect(comment(never.report)).not.toContain('@acme');
  });

  it('owners come from the base contract only: a head that adds a consumer pings nobody new', async () => {
    const dir = path.join(tmp, 'added-consumer');
    cpSync(example('recommender'), dir, { recursive: true });
    const head = path.join(dir, 'head-1.1.0', 'model-contract.yaml');
    writeFileSync(
      head,
      execFileSync('cat', [head], { encoding: 'utf8' }) + '  - name: intruder\n    owners: ["@everyone-team"]\n    fields: [/items]\n',
    );
    const r = await runCli(['check', path.join(dir, 'v1', 'model-contract.yaml'), head, '--format', 'json']);
    const m = JSON.parse(r.stdout).models[0];
    expect(m.consumers.map((c: { name: string }) => c.name)).toEqual(['ranking-service', 'request-audit']);
    expect(m.notify).not.toContain('@everyone-team');
  });

  it('field pointers overlap by prefix, with * for any element', () => {
    expect(overlaps('/items/*', '/items/*/id')).toBe(true);
    expect(overlaps('/items', '/items/*')).toBe(true);
    expect(overlaps('/items/3/id', '/items/*')).toBe(true);
    expect(overlaps('', '/anything')).toBe(true);
    expect(overlaps('/items/*/id', '/items/*/score')).toBe(false);
    expect(overlaps('/user_id', '/items/*')).toBe(false);
  });
});

describe('deprecation windows', () => {
  const deprecated = ['scorer', 'deprecate-1.1.0'];
  const removed = ['scorer', 'remove-2.0.0'];

  it('marking a field and an enum value deprecated is MINOR, and reported as such', async () => {
    const { code, report } = await check(['scorer', 'v1'], deprecated, '--now', '2026-10-02');
    expect(code).toBe(0);
    const m = report.models[0];
    expect(m.required).toBe('minor');
    const marks = m.findings.filter((f: { id: string }) => f.id === 'deprecated-marked');
    expect(marks.map((f: { direction: string; instancePath: string }) => `${f.direction} ${f.instancePath}`).sort()).toEqual([
      'input /mode',
      'output /legacy_score',
    ]);
  });

  it('removing a field deprecated 10 days earlier fails, naming the date it may be removed', async () => {
    const { code, report } = await check(deprecated, removed, '--now', '2026-10-11');
    expect(code).toBe(1);
    const m = report.models[0];
    expect(m.ok).toBe(false);
    expect(m.declared).toBe('major');
    const windows = m.findings.filter((f: { id: string }) => f.id === 'deprecation-window');
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      expect(w).toMatchObject({ blocking: true, bump: 'major', old: '2026-10-01', new: '2026-10-31' });
      expect(w.message).toMatch(/deprecated on 2026-10-01, 10 days ago; it may be removed from 2026-10-31/);
    }
    expect(m.summary).toMatch(/may be removed from 2026-10-31/);
  });

  it('removing one deprecated 40 days earlier passes under a MAJOR bump, and fails under MINOR', async () => {
    const major = await check(deprecated, removed, '--now', '2026-11-10');
    expect(major.code).toBe(0);
    expect(major.report.models[0].findings.some((f: { id: string }) => f.id === 'deprecation-window')).toBe(false);
    const minorHead = path.join(tmp, 'remove-minor.yaml');
    writeFileSync(
      minorHead,
      execFileSync('sed', ['s/^version: 2.0.0/version: 1.2.0/', example(...removed, 'model-contract.yaml')], { encoding: 'utf8' }),
    );
    const r = await runCli(['check', example(...deprecated, 'model-contract.yaml'), minorHead, '--now', '2026-11-10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/declares MINOR but the change requires MAJOR/);
  });

  it('removing a field that was never deprecated is MAJOR and passes as 2.0.0, naming its consumers; require-deprecation: true fails it and says how to deprecate it; deprecation-days: 0 turns the window off', async () => {
    const { code, report } = await check(['scorer', 'v1'], removed, '--now', '2026-11-10');
    expect(code).toBe(0);
    const m = report.models[0];
    expect(m.findings.filter((f: { id: string }) => f.id === 'deprecation-window')).toEqual([]);
    const gone = m.findings.find((f: { id: string; direction: string }) => f.id === 'property-removed' && f.direction === 'output');
    expect(gone).toMatchObject({ bump: 'major', instancePath: '/legacy_score', consumers: ['old-dashboard'] });
    expect(m.consumers.find((c: { name: string }) => c.name === 'old-dashboard')).toMatchObject({ bump: 'major', notify: true });

    const strict = await check(['scorer', 'v1'], removed, '--now', '2026-11-10', '--policy', policy('require-deprecation: true\n'));
    expect(strict.code).toBe(1);
    const w = strict.report.models[0].findings.find(
      (f: { id: string; direction: string }) => f.id === 'deprecation-window' && f.direction === 'output',
    );
    expect(w.message).toMatch(/removed without being deprecated first/);
    expect(w.hint).toContain('x-deprecated-since: 2026-11-10');
    expect(w.hint).toContain('2026-12-10');
    const off = await check(['scorer', 'v1'], removed, '--now', '2026-11-10', '--policy', policy('require-deprecation: true\ndeprecation-days: 0\n'));
    expect(off.code).toBe(0);
  });

  it('require-deprecation is true or false: anything else is an error naming the policy file', async () => {
    const file = policy('require-deprecation: yes please\n');
    const r = await runCli(['check', example('scorer', 'v1', 'model-contract.yaml'), example(...removed, 'model-contract.yaml'), '--policy', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/"require-deprecation" must be one of true, false, got "yes please"/);
  });

  it('deprecation-days is a whole number: anything else is an error naming the policy file', async () => {
    const file = policy('deprecation-days: soon\n');
    const r = await runCli(['check', example('scorer', 'v1', 'model-contract.yaml'), example(...removed, 'model-contract.yaml'), '--policy', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"deprecation-days" must be a whole number of days, 0 or more, got "soon"/);
  });

  it('"now" is --now or the clock, never the head commit\'s date (its author sets it)', async () => {
    const repo = path.join(tmp, 'repo');
    const g = (args: string[], date?: string) =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, ...(date ? { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } : {}) },
      });
    cpSync(example(...deprecated), path.join(repo, 'scorer'), { recursive: true });
    g(['init', '-q', '-b', 'main']);
    g(['config', 'user.email', 't@example.com']);
    g(['config', 'user.name', 't']);
    g(['config', 'commit.gpgsign', 'false']);
    g(['add', '-A']);
    g(['commit', '-qm', 'deprecate'], '2026-10-01T12:00:00Z');
    cpSync(example(...removed, 'model-contract.yaml'), path.join(repo, 'scorer', 'model-contract.yaml'));
    g(['add', '-A']);
    // A commit dated far ahead does not open the window: --now 10 days after the deprecation still fails.
    g(['commit', '-qm', 'remove, too early'], '2099-01-01T12:00:00Z');
    const early = await runCli(['check', '--base-ref', 'HEAD~1', '--now', '2026-10-11'], repo);
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(/may be removed from 2026-10-31/);
    // A commit dated inside the window does not close it: --now after the window passes.
    g(['commit', '-q', '--amend', '--no-edit', '--date', '2026-10-11T12:00:00Z'], '2026-10-11T12:00:00Z');
    const late = await runCli(['check', '--base-ref', 'HEAD~1', '--now', '2026-11-10'], repo);
    expect(late.stdout).not.toMatch(/deprecation-window/);
    expect(late.code).toBe(0);
    // Without --now, today (after 2026-10-31) decides, whatever the commit says.
    const today = await runCli(['check', '--base-ref', 'HEAD~1'], repo);
    expect(today.stdout).not.toMatch(/deprecation-window/);
    expect(today.code).toBe(0);
  });
});

describe('API versions side by side', () => {
  const base = ['ranker-api', 'v3'];

  it('each API version is diffed against its namesake', async () => {
    const { code, report } = await check(base, ['ranker-api', 'v2-extended-3.1.0']);
    expect(code).toBe(0);
    const [f, ...rest] = report.models[0].findings.filter((x: { bump: string }) => x.bump !== 'none');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'property-added', interface: 'v2', direction: 'output', instancePath: '/results/*/snippet', bump: 'minor' });
  });

  it('dropping v1 is MAJOR; it passes under 4.0.0 once v1 was deprecated long enough, and is blocked before', async () => {
    const late = await check(base, ['ranker-api', 'v1-dropped-4.0.0'], '--now', '2026-11-26');
    expect(late.code).toBe(0);
    const m = late.report.models[0];
    expect(m.required).toBe('major');
    expect(m.findings[0]).toMatchObject({ id: 'api-version-removed', interface: 'v1', bump: 'major', consumers: ['legacy-widget'] });
    expect(m.findings[0].location.file).toMatch(/ranker-api\/v3\/model-contract\.yaml$/);
    expect(m.notify).toEqual(['@acme/widgets']);
    const early = await check(base, ['ranker-api', 'v1-dropped-4.0.0'], '--now', '2026-09-15');
    expect(early.code).toBe(1);
    expect(early.report.models[0].findings[0]).toMatchObject({ id: 'deprecation-window', blocking: true, new: '2026-10-01' });
  });

  it('adding an API version is MINOR, and its schema files are read like any other', async () => {
    const { code, report } = await check(base, ['ranker-api', 'v3-added-3.1.0']);
    expect(code).toBe(0);
    expect(report.models[0]).toMatchObject({ required: 'minor' });
    expect(report.models[0].findings[0]).toMatchObject({ id: 'api-version-added', interface: 'v3', bump: 'minor' });
  });

  it('the model version and the API versions are independent: v2 changing under a MAJOR model bump passes', async () => {
    const head = path.join(tmp, 'ranker-major.yaml');
    writeFileSync(
      head,
      execFileSync('sed', ['s/^version: 3.1.0/version: 4.0.0/', example('ranker-api', 'v2-extended-3.1.0', 'model-contract.yaml')], {
        encoding: 'utf8',
      }),
    );
    const r = await runCli(['check', example(...base, 'model-contract.yaml'), head, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).models[0]).toMatchObject({ declared: 'major', required: 'minor', ok: true });
  });

  it('a single interface compares with the first API version of the other side', async () => {
    const single = path.join(tmp, 'ranker-single.yaml');
    writeFileSync(
      single,
      [
        'contract: 1',
        'model: ranker',
        'version: 2.0.0',
        'interface:',
        '  input: { type: object, required: [query], properties: { query: { type: string } } }',
        '  output: { type: array, items: { type: string } }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', single, example(...base, 'model-contract.yaml'), '--format', 'json']);
    const m = JSON.parse(r.stdout).models[0];
    expect(
      m.findings.filter((f: { bump: string }) => f.bump !== 'none').map((f: { id: string; interface?: string }) => `${f.id} ${f.interface}`),
    ).toEqual(['api-version-added v2']);
  });
});

describe('release notes', () => {
  it('the recommender story has a migration guide naming /items/*, and says the rollback is not safe', async () => {
    const r = await runCli([
      'release-notes',
      example('recommender', 'v1', 'model-contract.yaml'),
      example('recommender', 'head-2.0.0', 'model-contract.yaml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Migration guide/);
    const guide = r.stdout.slice(r.stdout.indexOf('Migration guide'));
    expect(guide).toContain('/items/\\*');
    expect(r.stdout).toContain('<code>1.0.0</code> → <code>2.0.0</code> — MAJOR');
    expect(r.stdout).toMatch(/Rolling back .* is \*\*not\*\* safe/);
  });

  it('an unchanged interface is a safe rollback target', async () => {
    const r = await runCli([
      'release-notes',
      example('churn', 'v1', 'model-contract.yaml'),
      example('churn', 'retrained-minor', 'model-contract.yaml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rolling back .* is safe/);
    expect(r.stdout).not.toMatch(/Migration guide/);
  });
});
