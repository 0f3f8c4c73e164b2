/**
 * The rendered example in docs/comment-example.md is this test's output: a pull request that
 * changes the recommender's output (an undeclared breaking change) and retrains the churn model
 * beyond its tolerances (an undeclared MINOR change), through the Action with the real core,
 * behavior analyser included. The test fails when the document is stale; run it with
 * UPDATE_DOCS=1 to rewrite it. It also shows that `predict-command` reaches the behavior checks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/step.js';
import { example, ROOT } from '../helpers/cli.js';
import { FakeGitHub, fastThrottle } from './fake-github.js';
import { pullRequestPayload, Recorder, writeJson } from './helpers.js';

const DOC = path.join(ROOT, 'docs/comment-example.md');
let top: string;
let dir: string;
let base: string;
let head: string;

/** Commits with fixed dates and names, so that their ids (and so the example) never change. */
function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: '2026-10-05T09:00:00Z',
      GIT_COMMITTER_DATE: '2026-10-05T09:00:00Z',
    },
  }).trim();
}

function put(rel: string, ...from: string[]): void {
  rmSync(path.join(dir, rel), { recursive: true, force: true });
  cpSync(example(...from), path.join(dir, rel), { recursive: true });
}

beforeAll(() => {
  top = mkdtempSync(path.join(tmpdir(), 'mcg-example-'));
  dir = path.join(top, 'repo');
  mkdirSync(dir);
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  put('models/recommender', 'recommender', 'v1');
  put('models/churn', 'churn-behavior', 'v1');
  put('models/fraud', 'churn', 'v1');
  git('add', '-A');
  git('commit', '-qm', 'base');
  base = git('rev-parse', 'HEAD');
  put('models/recommender', 'recommender', 'head-1.1.0');
  put('models/churn', 'churn-behavior', 'exceeded-patch');
  git('add', '-A');
  git('commit', '-qm', 'Return scored items; retrain the churn model');
  head = git('rev-parse', 'HEAD');
});

afterAll(() => rmSync(top, { recursive: true, force: true }));

async function runExample(inputs: Record<string, string> = {}) {
  const gh = new FakeGitHub();
  const runner = new Recorder({ 'github-token': 'ghs_token', ...inputs });
  const event = writeJson(top, 'event.json', pullRequestPayload({ number: 1347, baseSha: base, headSha: head }));
  const before = process.cwd();
  process.chdir(dir);
  try {
    const code = await runAction({
      runner,
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/models',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: gh.base,
        GITHUB_RUN_ID: '12345678',
        GITHUB_ACTION_REPOSITORY: 'acme/model-contract-gate',
        GITHUB_ACTION_REF: 'v1',
        RUNNER_TEMP: path.join(top, 'temp'),
      },
      fetch: gh.fetch,
      throttle: fastThrottle(),
    });
    return { code, runner, gh };
  } finally {
    process.chdir(before);
  }
}

describe('the comment on a pull request with an interface break and a behavior change', () => {
  it('is the one in docs/comment-example.md', async () => {
    const { code, gh, runner } = await runExample();
    expect(code).toBe(1);
    const body = gh.comments[0]!.body;
    expect(body.split('\n')[0]).toBe(
      '## ❌ Model contracts: fail — <code>recommender</code> requires MAJOR (release <code>2.0.0</code>) but declares MINOR, <code>churn&#45;classifier</code> requires MINOR (release <code>1.5.0</code>) but declares PATCH (2 of 2 models)',
    );
    expect(body).toContain('#### Behavior on the reference data');
    expect(body).toContain('```mermaid\nxychart-beta');
    expect(body).toContain('1 unchanged');
    expect(runner.outputs).toMatchObject({ verdict: 'fail', 'required-bump': 'major', 'declared-bump': 'minor', 'suggested-version': '2.0.0' });

    const doc = [
      '# What the pull-request comment looks like',
      '',
      'This is the comment model-contract-gate posted on a pull request that changes the',
      "recommender's output from item ids to scored objects while declaring only a MINOR release, and",
      'retrains the churn model so that its predictions move beyond the declared tolerances while',
      'declaring only a PATCH release (the examples in `fixtures/examples/recommender` and',
      '`fixtures/examples/churn-behavior`). It is produced by `test/action/example.test.ts`, which',
      'fails when this page is stale (`UPDATE_DOCS=1 npx vitest run test/action/example.test.ts`',
      'rewrites it). Below the line is the comment exactly as posted: GitHub renders it the same way',
      'here. The hidden marker that finds the comment again is its last line.',
      '',
      '---',
      '',
      body.trimEnd(),
      '',
    ].join('\n');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc);
    expect(readFileSync(DOC, 'utf8')).toBe(doc);
  });

  it('takes the head predictions from predict-command when it is set', async () => {
    // A command that reads the inputs and prints the base's predictions: the behavior did not move.
    const script = path.join(top, 'predict.mjs');
    const predictions = path.join(example('churn-behavior', 'v1'), 'reference/predictions.jsonl');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';\nprocess.stdin.resume();\nprocess.stdin.on('end', () => process.stdout.write(readFileSync(${JSON.stringify(predictions)}, 'utf8')));\n`,
    );
    const withFile = await runExample({ comment: 'never' });
    const withCommand = await runExample({ comment: 'never', 'predict-command': `${process.execPath} ${script}` });
    const churn = (r: typeof withFile) =>
      JSON.parse(readFileSync(r.runner.outputs['report-path']!, 'utf8')).models.find((m: { model: string }) => m.model === 'churn-classifier');
    expect(churn(withFile).findings.map((f: { id: string }) => f.id)).toContain('tolerance-exceeded');
    expect(churn(withCommand).findings.map((f: { id: string }) => f.id)).not.toContain('tolerance-exceeded');
    expect(withCommand.runner.logs.join('\n')).toContain('Predictions of the head model come from the predict-command input');
  });
});
