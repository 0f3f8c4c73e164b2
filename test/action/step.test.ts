/**
 * The Action in-process: real git repositories (full and shallow), real event payloads, the real
 * core; the runner is a recorder and GitHub an injected, stateful fetch (see fake-github.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKER } from '../../src/render/comment.js';
import { runAction } from '../../src/action/step.js';
import { ACTIONS_BOT, FakeGitHub, fastThrottle, FORBIDDEN_INTEGRATION, MALLORY } from './fake-github.js';
import { commitAll, git, pullRequestPayload, put, Recorder, recommenderRepo, shallowClone, writeJson, type Repo } from './helpers.js';

let repo: Repo;
let scratch: string;

beforeAll(() => {
  repo = recommenderRepo();
  scratch = mkdtempSync(path.join(tmpdir(), 'mcg-run-'));
});
afterAll(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

let n = 0;
function env(event: string, payload: unknown, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const file = writeJson(scratch, `event-${++n}.json`, payload);
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_API_URL: 'https://api.github.test',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: path.join(scratch, `temp-${n}`),
    ...extra,
  };
}

async function run(cwd: string, e: NodeJS.ProcessEnv, inputs: Record<string, string> = {}, gh = new FakeGitHub()) {
  const runner = new Recorder({ 'github-token': 'ghs_token', ...inputs });
  const code = await runAction({ runner, env: e, cwd, fetch: gh.fetch, backoffUnitMs: 1, throttle: fastThrottle() });
  return { code, runner, gh };
}

const prEvent = (r: Repo, extra: { fork?: boolean; number?: number } = {}) =>
  env(
    'pull_request',
    pullRequestPayload({ number: extra.number ?? 7, baseSha: r.base, headSha: git(r.dir, 'rev-parse', 'HEAD'), fork: extra.fork ?? false }),
  );

describe('on a pull request', () => {
  it('fails the undeclared breaking change: comment, summary, annotations, outputs', async () => {
    const { code, runner, gh } = await run(repo.dir, prEvent(repo));
    expect(code).toBe(1);
    // The comment: created once, verdict first, marker last.
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body.split('\n')[0]).toBe(
      '## ❌ Model contracts: fail — <code>recommender</code> requires MAJOR (release <code>2.0.0</code>) but declares MINOR',
    );
    expect(body).toContain('model-contract-gate · 1 checked, 1 unchanged · base');
    expect(body.trimEnd().endsWith(MARKER)).toBe(true);
    expect(body).toContain(`https://github.com/acme/models/blob/${repo.head}/models/recommender/schemas/output.schema.json#L10`);
    // Who is affected: the downstream consumer is named, its owners mentioned exactly once; a consumer the change does not touch is not.
    expect(body).toContain('#### Who is affected');
    expect(body).toContain('<code>ranking&#45;service</code> (reads <code>/items/&#42;</code>): MAJOR');
    expect(body.match(/@acme\/ranking\b/g)).toHaveLength(1);
    expect(body.match(/@dana\b/g)).toHaveLength(1);
    expect(body).not.toContain('request&#45;audit');
    expect(body).not.toContain('@acme/audit');
    // The summary has the full report (no marker).
    expect(runner.summaryText.split('\n')[0]).toBe(body.split('\n')[0]);
    expect(runner.summaryText).not.toContain(MARKER);
    // Annotations: the breaking change at the output schema's line, the training data as a notice (the declared bump covers it), and no warning.
    expect(runner.errors()[0]).toMatchObject({
      place: { file: 'models/recommender/schemas/output.schema.json', startLine: 10, startColumn: 9, title: 'recommender: MAJOR type-changed' },
    });
    expect(runner.errors()[0]!.message).toMatch(/^MAJOR \(declared MINOR\) at output \/items\/\*: Output type changed from integer to object/);
    expect(runner.warnings()).toEqual([]);
    expect(runner.notices()).toEqual([
      expect.objectContaining({ place: expect.objectContaining({ file: 'models/recommender/model-contract.yaml', startLine: 15 }) }),
    ]);
    expect(runner.errors().at(-1)!.message).toMatch(
      /^model-contract-gate: recommender: 1\.0\.0 → 1\.1\.0 declares MINOR but the change requires MAJOR/,
    );
    // Outputs, and the JSON report at report-path.
    expect(runner.outputs).toMatchObject({ verdict: 'fail', 'required-bump': 'major', 'declared-bump': 'minor', 'suggested-version': '2.0.0' });
    // The release note: in the comment, collapsed (mentioning nobody a second time), and as a file for a release.
    expect(body).toContain('<details><summary>Release note</summary>');
    const notes = readFileSync(runner.outputs['release-notes-path']!, 'utf8');
    expect(notes).toContain('### Migration guide');
    expect(notes).toContain('<code>/items/\\*</code>');
    expect(notes).toContain('**Owners to notify:** @acme/ranking @dana');
    const report = JSON.parse(readFileSync(runner.outputs['report-path']!, 'utf8'));
    expect(report).toMatchObject({
      verdict: 'fail',
      unchanged: 1,
      models: [{ model: 'recommender', path: 'models/recommender/model-contract.yaml' }],
    });
    expect(report.models[0].findings[0].location).toEqual({ file: 'models/recommender/schemas/output.schema.json', line: 10, column: 9 });
    // The log holds the text report between stop-commands (the recorder just keeps the text).
    expect(runner.logs.join('\n')).toContain('FAIL  recommender');
  });

  it('updates the same comment to a pass once the version is fixed', async () => {
    const gh = new FakeGitHub();
    gh.add(MALLORY, `fake ${MARKER}`);
    const first = await run(repo.dir, prEvent(repo), {}, gh);
    expect(first.code).toBe(1);
    const ours = gh.comments.find((c) => c.user.login === 'github-actions[bot]')!;
    // The author bumps to 2.0.0 and pushes.
    git(repo.dir, 'checkout', '-q', '-b', 'fixed');
    const contract = path.join(repo.dir, 'models/recommender/model-contract.yaml');
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('version: 1.1.0', 'version: 2.0.0'));
    commitAll(repo.dir, 'fix the version');
    try {
      const second = await run(repo.dir, prEvent(repo), {}, gh);
      expect(second.code).toBe(0);
      expect(gh.comments).toHaveLength(2);
      expect(gh.comments.find((c) => c.user.login === 'mallory')!.body).toBe(`fake ${MARKER}`);
      expect(ours.body.split('\n')[0]).toBe('## ✅ Model contracts: pass — 1 model checked, 1 unchanged contract');
      expect(gh.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/acme/models/issues/comments/${ours.id}`]);
      expect(second.runner.outputs).toMatchObject({
        verdict: 'pass',
        'required-bump': 'major',
        'declared-bump': 'major',
        'suggested-version': '2.0.0',
      });
      expect(second.runner.errors()).toEqual([]);
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  });

  it('fetches the base commit itself when the checkout is shallow', async () => {
    const dir = shallowClone(repo, 'feature');
    try {
      expect(git(dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
      const { code, runner } = await run(dir, prEvent(repo));
      expect(code).toBe(1);
      expect(runner.logs.join('\n')).toContain(`fetched ${repo.base}`);
      expect(runner.outputs.verdict).toBe('fail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a fork, the comment is refused (403): one warning, the summary is written and the gate still decides', async () => {
    const gh = new FakeGitHub();
    gh.fail('POST comments', FORBIDDEN_INTEGRATION);
    const { code, runner } = await run(repo.dir, prEvent(repo, { fork: true }), {}, gh);
    expect(code).toBe(1);
    expect(runner.summaryText).toContain('## ❌ Model contracts: fail');
    const warnings = runner.warnings().filter((w) => w.place?.title === 'model-contract-gate: no comment');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('Resource not accessible by integration');
    expect(warnings[0]!.message).toContain('from a fork gets a read-only token');
    expect(runner.outputs.verdict).toBe('fail');
  });

  it('with no token: a warning, no comment, the gate still decides', async () => {
    const { code, runner, gh } = await run(repo.dir, prEvent(repo), { 'github-token': '' });
    expect(code).toBe(1);
    expect(gh.requests).toEqual([]);
    expect(runner.warnings().map((w) => w.message)).toContain(
      'No comment: the github-token input is empty. Leave it at its default (`${{ github.token }}`), or set `comment: never`.',
    );
  });

  it('comment: never makes no API call; fail-on: never lets the step pass', async () => {
    const { code, runner, gh } = await run(repo.dir, prEvent(repo), { comment: 'never', 'fail-on': 'never' });
    expect(code).toBe(0);
    expect(gh.requests).toEqual([]);
    expect(runner.outputs.verdict).toBe('fail');
    expect(runner.logs.join('\n')).toContain('fail-on: never lets the step pass');
  });

  it('counts a contract as unchanged unless it or a file it references changed', async () => {
    // Only the recommender's schema file changes: the recommender is checked, churn is not.
    const { code, runner } = await run(repo.dir, prEvent(repo), { comment: 'never', contracts: 'models/**/model-contract.yaml' });
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(runner.outputs['report-path']!, 'utf8'));
    expect(report.models.map((m: { model: string }) => m.model)).toEqual(['recommender']);
    expect(report.unchanged).toBe(1);
  });
});

describe('comment: on-change', () => {
  it('with nothing changed, creates no comment but keeps an existing one up to date', async () => {
    const head = git(repo.dir, 'rev-parse', 'HEAD');
    const e = env('pull_request', pullRequestPayload({ number: 11, baseSha: head, headSha: head }));
    const none = await run(repo.dir, e);
    expect(none.code).toBe(0);
    expect(none.gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(none.runner.logs.join('\n')).toContain('No comment: no contract changed and there is no earlier comment to update.');
    const gh = new FakeGitHub();
    const old = gh.add(ACTIONS_BOT, `## ❌ Model contracts: fail — old\n\n${MARKER}\n`);
    const again = await run(repo.dir, e, {}, gh);
    expect(again.code).toBe(0);
    expect(old.body.split('\n')[0]).toBe('## ✅ Model contracts: pass — no model contract changed, 2 unchanged contracts');
  });
});

describe('other events', () => {
  it('push: compares with the commit before the push, and does not comment', async () => {
    const { code, runner, gh } = await run(repo.dir, env('push', { before: repo.base, after: repo.head, ref: 'refs/heads/feature' }));
    expect(code).toBe(1);
    expect(gh.requests).toEqual([]);
    expect(runner.logs.join('\n')).toContain('No pull request in this push event');
    expect(runner.logs.join('\n')).toContain(`base: ${repo.base} (the commit before the push)`);
  });

  it('push that creates a branch (before is all zeros): compares with the parent', async () => {
    const { code, runner } = await run(repo.dir, env('push', { before: '0'.repeat(40), after: repo.head }));
    expect(code).toBe(1);
    expect(runner.logs.join('\n')).toContain(`base: ${repo.base} (the parent of the pushed commit`);
  });

  it('workflow_dispatch with base-ref', async () => {
    const { code, runner } = await run(repo.dir, env('workflow_dispatch', { inputs: {} }), { 'base-ref': 'main' });
    expect(code).toBe(1);
    expect(runner.outputs['required-bump']).toBe('major');
  });

  it('workflow_dispatch without base-ref: a clear message and exit code 2', async () => {
    const { code, runner } = await run(repo.dir, env('workflow_dispatch', { inputs: {} }));
    expect(code).toBe(2);
    expect(runner.errors()).toEqual([
      {
        level: 'error',
        message: 'model-contract-gate: a workflow_dispatch run has no base commit: set the input "base-ref" (for example `base-ref: main`)',
        place: { title: 'model-contract-gate: configuration' },
      },
    ]);
    expect(runner.outputs.verdict).toBe('error');
  });

  it('an event with no base (schedule): exit code 2, no stack trace', async () => {
    const { code, runner } = await run(repo.dir, env('schedule', { schedule: '0 0 * * *' }));
    expect(code).toBe(2);
    expect(runner.errors()[0]!.message).toBe(
      'model-contract-gate: the "schedule" event has no base commit to compare with: run on pull_request, push or merge_group, or set the input "base-ref"',
    );
    expect(runner.logs.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('a base commit that is nowhere: exit code 2 with what to do', async () => {
    const missing = 'f'.repeat(40);
    const { code, runner } = await run(repo.dir, env('pull_request', pullRequestPayload({ number: 7, baseSha: missing, headSha: repo.head })));
    expect(code).toBe(2);
    expect(runner.errors()[0]!.message).toMatch(
      new RegExp(
        `^model-contract-gate: the base commit ${missing} \\(the pull request's base commit\\) is not in the checkout, and \`git fetch --depth=1 origin ${missing}\` failed: .+\\. Check out with \`fetch-depth: 0\``,
      ),
    );
  });

  it('a wrong input value: exit code 2 naming the input and its values', async () => {
    const { code, runner } = await run(repo.dir, prEvent(repo), { 'fail-on': 'sometimes' });
    expect(code).toBe(2);
    expect(runner.errors()[0]!.message).toBe('model-contract-gate: the input "fail-on" must be one of "undeclared", "any", "never", got "sometimes"');
  });
});

describe('contracts that cannot be read, policy, limits', () => {
  it('an invalid contract at the head: exit code 2, an annotation at its line, the other models reported beside its problems', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'broken', 'feature');
    const contract = path.join(repo.dir, 'models/churn/model-contract.yaml');
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('version:', 'verison:'));
    commitAll(repo.dir, 'typo');
    try {
      const { code, runner, gh } = await run(repo.dir, prEvent(repo));
      expect(code).toBe(2);
      const e = runner.errors().find((a) => a.place?.file === 'models/churn/model-contract.yaml')!;
      expect(e.message).toMatch(/unknown field "verison" \(did you mean "version"\?\)/);
      expect(e.place!.startLine).toBeGreaterThan(0);
      // The recommender's change is still reported; the unreadable churn contract beside it.
      const body = gh.comments[0]!.body;
      expect(body.split('\n')[0]).toMatch(/^## ❌ Model contracts: fail — .*recommender.*; 1 contract cannot be read$/);
      expect(body).toContain('### ❌ A contract cannot be read');
      expect(body).toMatch(/<code>models\/churn\/model&#45;contract\.yaml:3:1<\/code>: unknown field/);
      expect(runner.outputs.verdict).toBe('error');
      expect(runner.summaryText).toContain('unknown field');
      const report = JSON.parse(readFileSync(runner.outputs['report-path']!, 'utf8'));
      expect(report.models.map((m: { model: string }) => m.model)).toContain('recommender');
      expect(report.invalid).toEqual([
        {
          path: 'models/churn/model-contract.yaml',
          problems: [expect.objectContaining({ file: 'models/churn/model-contract.yaml', message: expect.stringMatching(/verison/) })],
        },
      ]);
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  });

  it('reads the policy file at the base: a change cannot loosen its own gate', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'policy-base', 'main');
    writeFileSync(path.join(repo.dir, 'gate-policy.yaml'), 'allow-model-removal: false\n');
    const base = commitAll(repo.dir, 'policy');
    git(repo.dir, 'checkout', '-q', '-b', 'policy-head');
    rmSync(path.join(repo.dir, 'models/churn'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'gate-policy.yaml'), 'allow-model-removal: true\n');
    commitAll(repo.dir, 'remove churn, allow it');
    try {
      const e = env('pull_request', pullRequestPayload({ number: 8, baseSha: base, headSha: git(repo.dir, 'rev-parse', 'HEAD') }));
      const strict = await run(repo.dir, e, { policy: 'gate-policy.yaml', comment: 'never' });
      expect(strict.code).toBe(1);
      expect(strict.runner.logs.join('\n')).toContain('the version at the base commit applies');
      // The workflow file can allow it.
      const allowed = await run(repo.dir, e, { policy: 'gate-policy.yaml', comment: 'never', 'allow-model-removal': 'true' });
      expect(allowed.code).toBe(0);
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  });

  it('fail-on: any fails a correctly declared change', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'any', 'main');
    put(repo.dir, 'models/recommender', 'recommender', 'head-2.0.0');
    commitAll(repo.dir, 'declared major');
    try {
      const e = env('pull_request', pullRequestPayload({ number: 9, baseSha: repo.base, headSha: git(repo.dir, 'rev-parse', 'HEAD') }));
      expect((await run(repo.dir, e, { comment: 'never' })).code).toBe(0);
      const any = await run(repo.dir, e, { comment: 'never', 'fail-on': 'any' });
      expect(any.code).toBe(1);
      expect(any.runner.errors().at(-1)!.message).toMatch(/fail-on: any/);
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  });

  it('keeps annotations within 10 errors and 10 notices per step, the last one counting the rest', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'many', 'main');
    const schema = path.join(repo.dir, 'models/recommender/schemas/output.schema.json');
    const contract = path.join(repo.dir, 'models/recommender/model-contract.yaml');
    const props = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, { type: 'string' }]));
    // Base: an output object with 30 properties and hyper-parameters; head: every property's type changed, every parameter tuned.
    writeFileSync(schema, JSON.stringify({ type: 'object', properties: props }, null, 2));
    const hp = (v: number) => `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: ${v}`).join(', ')} }`;
    writeFileSync(contract, readFileSync(contract, 'utf8').replace('{ lr: 0.001, dim: 64 }', hp(1)));
    const base = commitAll(repo.dir, 'wide base');
    writeFileSync(
      schema,
      JSON.stringify({ type: 'object', properties: Object.fromEntries(Object.keys(props).map((k) => [k, { type: 'integer' }])) }, null, 2),
    );
    writeFileSync(contract, readFileSync(contract, 'utf8').replace(hp(1), hp(2)).replace('version: 1.0.0', 'version: 1.1.0'));
    commitAll(repo.dir, 'everything changes');
    try {
      const e = env('pull_request', pullRequestPayload({ number: 10, baseSha: base, headSha: git(repo.dir, 'rev-parse', 'HEAD') }));
      const { code, runner } = await run(repo.dir, e, { comment: 'never' });
      expect(code).toBe(1);
      const errors = runner.errors();
      const warnings = runner.notices();
      expect(errors.length).toBe(10);
      expect(warnings.length).toBe(10);
      expect(errors[8]!.message).toMatch(
        /^\d+ more errors about model contracts are not shown as annotations \(GitHub shows 10 per step\): the job summary has all of them\./,
      );
      expect(errors[9]!.place?.title).toBe('model-contract-gate failed');
      expect(warnings[9]!.message).toMatch(/^21 more notices/);
      expect(errors[0]!.place).toEqual({
        title: 'recommender: MAJOR type-changed',
        file: 'models/recommender/schemas/output.schema.json',
        startLine: 5,
        startColumn: 7,
      });
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  });
});

describe('the fork-safe second half (report input, workflow_run)', () => {
  it('finds the pull request from the run head commit and comments with the untrusted report, escaped', async () => {
    const first = await run(repo.dir, prEvent(repo, { fork: true }), { comment: 'never' });
    const reportFile = first.runner.outputs['report-path']!;
    const gh = new FakeGitHub();
    gh.pulls = [gh.pull(7, repo.head, 'forker', 'feature', 'acme/models'), gh.pull(8, 'b'.repeat(40), 'forker', 'feature', 'acme/models')];
    const e = env('workflow_run', {
      action: 'completed',
      workflow_run: {
        head_sha: repo.head,
        head_branch: 'feature',
        event: 'pull_request',
        pull_requests: [],
        head_repository: { full_name: 'forker/models', owner: { login: 'forker' } },
      },
    });
    const { code, runner } = await run(scratch, e, { report: reportFile }, gh);
    expect(code).toBe(0);
    expect(gh.requests.find((r) => r.path === '/repos/acme/models/pulls')!.query).toMatchObject({ head: 'forker:feature', state: 'open' });
    expect(gh.comments).toHaveLength(1);
    expect(gh.requests.find((r) => r.method === 'POST')!.path).toBe('/repos/acme/models/issues/7/comments');
    expect(gh.comments[0]!.body.split('\n')[0]).toContain('requires MAJOR');
    expect(runner.outputs.verdict).toBe('fail');
  });

  it('refuses a report that is not one', async () => {
    const bad = writeJson(scratch, 'bad-report.json', { verdict: 'pass', models: [{ model: 1 }] });
    const { code, runner } = await run(scratch, env('workflow_run', { workflow_run: {} }), { report: bad });
    expect(code).toBe(2);
    expect(runner.errors()[0]!.message).toMatch(/is not a model-contract-gate report/);
  });
});
