/**
 * What a repository adopting the Action relies on, through the bundle the runner runs
 * (dist/index.js under Node 24): the `models` output for monorepos, and the fork-safe pattern when
 * the first run cannot decide — it still leaves a report at `report-path`, and comment-only mode
 * posts a comment that explains the error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import { runDist, serveFake } from './dist-run.js';
import { FakeGitHub } from './fake-github.js';
import { commitAll, git, pullRequestPayload, put, recommenderRepo, type Repo } from './helpers.js';

let repo: Repo;
beforeAll(() => {
  repo = recommenderRepo();
});
afterAll(() => repo?.cleanup());

const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(reportSchema);

function workflowRunEvent(headSha: string): unknown {
  return {
    action: 'completed',
    workflow_run: {
      head_sha: headSha,
      head_branch: 'feature',
      event: 'pull_request',
      pull_requests: [],
      head_repository: { full_name: 'forker/models', owner: { login: 'forker' } },
    },
  };
}

describe('the models output', () => {
  it('lists every checked model with its bumps, suggestion, ok and blocking', async () => {
    // A second changed model beside the failing recommender: churn retrained under a MINOR bump.
    git(repo.dir, 'checkout', '-q', '-b', 'two-models', repo.head);
    put(repo.dir, 'models/churn', 'churn', 'retrained-minor');
    const head = commitAll(repo.dir, 'two models');
    try {
      const r = await runDist({
        cwd: repo.dir,
        event: pullRequestPayload({ number: 5, baseSha: repo.base, headSha: head }),
        inputs: { comment: 'never' },
      });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const models = JSON.parse(r.outputs.models!);
      expect(models).toEqual([
        {
          model: 'churn-classifier',
          path: 'models/churn/model-contract.yaml',
          declared: 'minor',
          required: 'minor',
          suggested: '1.5.0',
          ok: true,
          blocking: false,
        },
        {
          model: 'recommender',
          path: 'models/recommender/model-contract.yaml',
          declared: 'minor',
          required: 'major',
          suggested: '2.0.0',
          ok: false,
          blocking: false,
        },
      ]);
      // The single-model outputs are the recommender's: the one that requires the largest bump.
      expect(r.outputs['declared-bump']).toBe('minor');
      expect(r.outputs['suggested-version']).toBe('2.0.0');
      // The models output is the report's models, cut down.
      const report = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8'));
      expect(models.map((m: { model: string }) => m.model)).toEqual(report.models.map((m: { model: string }) => m.model));
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  }, 120_000);

  it('says blocking for a model whose version went down', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'blocking', repo.head);
    const file = path.join(repo.dir, 'models/churn/model-contract.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^version: 1\.4\.2$/m);
    writeFileSync(file, text.replace(/^version: 1\.4\.2$/m, 'version: 1.4.1'));
    const head = commitAll(repo.dir, 'down');
    try {
      const r = await runDist({
        cwd: repo.dir,
        event: pullRequestPayload({ number: 6, baseSha: repo.base, headSha: head }),
        inputs: { comment: 'never' },
      });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const churn = JSON.parse(r.outputs.models!).find((m: { model: string }) => m.model === 'churn-classifier');
      expect(churn).toMatchObject({ ok: false, blocking: true });
      expect(JSON.parse(r.outputs.models!).find((m: { model: string }) => m.model === 'recommender')).toMatchObject({ blocking: false });
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }
  }, 120_000);

  it('is [] when the run cannot decide', async () => {
    const r = await runDist({
      cwd: repo.dir,
      event: pullRequestPayload({ number: 5, baseSha: repo.base, headSha: repo.head }),
      inputs: { contracts: 'nothing/*.yaml', comment: 'never' },
    });
    expect(r.code).toBe(2);
    expect(r.outputs.models).toBe('[]');
    expect(r.outputs.verdict).toBe('error');
  }, 60_000);
});

describe('the fork-safe pattern when the gate run ends in error', () => {
  it('the first run writes an error report at report-path; comment-only mode posts a comment explaining it', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'broken', repo.head);
    const file = path.join(repo.dir, 'models/recommender/model-contract.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version:/m, 'verison:'));
    const head = commitAll(repo.dir, 'typo');
    let reportPath: string;
    try {
      // 1. The unprivileged pull_request run: it cannot decide, and says why in a report.
      const first = await runDist({
        cwd: repo.dir,
        event: pullRequestPayload({ number: 7, baseSha: repo.base, headSha: head, fork: true }),
        inputs: { comment: 'never' },
      });
      expect(first.code, first.stdout + first.stderr).toBe(2);
      expect(first.outputs.verdict).toBe('error');
      reportPath = first.outputs['report-path']!;
      expect(reportPath).toMatch(/report\.json$/);
      const report = JSON.parse(readFileSync(reportPath, 'utf8'));
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.verdict).toBe('error');
      expect(report.models).toEqual([]);
      expect(report.errors[0]).toMatchObject({ file: 'models/recommender/model-contract.yaml', pointer: '/verison' });
      expect(report.errors[0].message).toMatch(/unknown field "verison"/);
    } finally {
      git(repo.dir, 'checkout', '-q', 'feature');
    }

    // 2. The privileged workflow_run run, in another folder (the artifact downloaded there).
    const scratch = mkdtempSync(path.join(tmpdir(), 'mcg-comment-'));
    const artifact = path.join(scratch, 'report.json');
    writeFileSync(artifact, readFileSync(reportPath, 'utf8'));
    const gh = new FakeGitHub();
    gh.pulls = [gh.pull(7, head, 'forker', 'feature', 'acme/models')];
    const api = await serveFake(gh);
    try {
      const second = await runDist({
        cwd: scratch,
        eventName: 'workflow_run',
        event: workflowRunEvent(head),
        inputs: { report: 'report.json' },
        env: { GITHUB_API_URL: api.url },
      });
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(second.outputs.verdict).toBe('error');
      expect(gh.comments).toHaveLength(1);
      const body = gh.comments[0]!.body;
      expect(body.split('\n')[0]).toContain('Model contracts: error');
      expect(body).toContain('verison');
      expect(body).toContain('models/recommender/model&#45;contract.yaml:3:1');
      expect(second.summary).toContain('Model contracts: error');
    } finally {
      await api.close();
    }
  }, 120_000);

  it('a configuration mistake is reported the same way', async () => {
    const r = await runDist({
      cwd: repo.dir,
      event: pullRequestPayload({ number: 5, baseSha: repo.base, headSha: repo.head }),
      inputs: { contracts: 'nothing/*.yaml', comment: 'never' },
    });
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8'));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.errors[0].message).toContain('nothing/*.yaml');
  }, 60_000);

  it('comment-only mode refuses an error report that names no problem or carries models', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'mcg-comment-'));
    for (const bad of [
      { verdict: 'error', models: [], errors: [] },
      { verdict: 'error', models: [] },
    ]) {
      writeFileSync(path.join(scratch, 'report.json'), JSON.stringify(bad));
      const r = await runDist({
        cwd: scratch,
        eventName: 'workflow_run',
        event: workflowRunEvent('a'.repeat(40)),
        inputs: { report: 'report.json' },
      });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toMatch(/is not a model-contract-gate report/);
    }
  }, 60_000);
});
