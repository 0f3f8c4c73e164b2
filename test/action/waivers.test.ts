/**
 * Waivers through the Action as the runner runs it (dist/index.js under Node 24, fake GitHub): the
 * recommender's undeclared output break, carried with a waiver by the pull request itself, passes
 * with a "Waived" block and the added waiver named under the verdict; once expired, it fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDist, serveFake } from './dist-run.js';
import { FakeGitHub } from './fake-github.js';
import { commitAll, pullRequestPayload, put, recommenderRepo, type Repo } from './helpers.js';

describe('a waiver through dist/index.js', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = recommenderRepo({ churn: false });
  });
  afterAll(() => repo?.cleanup());

  async function run(headSha: string) {
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: repo.dir,
        event: pullRequestPayload({ number: 7, baseSha: repo.base, headSha }),
        env: { GITHUB_API_URL: api.url },
        timeoutMs: 60_000,
      });
      return { r, body: gh.comments[0]?.body ?? '' };
    } finally {
      await api.close();
    }
  }

  it('passes with the waiver the pull request adds, shown under the verdict and in a Waived block; fails once it expired', async () => {
    put(repo.dir, 'models/recommender', 'recommender', 'head-1.1.0-waived');
    const waived = commitAll(repo.dir, 'waive the output change');
    const ok = await run(waived);
    expect(ok.r.code, ok.r.stdout + ok.r.stderr).toBe(0);
    expect(ok.r.outputs.verdict).toBe('pass');
    expect(ok.body.split('\n')[0]).toBe('## ✅ Model contracts: pass — 1 model checked');
    expect(ok.body).toMatch(/> \*\*This pull request adds a waiver\*\*: <code>type&#45;changed at \/items\/&#42; output<\/code> until 2099-12-31/);
    expect(ok.body).toContain('#### Waived (1)');
    expect(ok.r.summary).toContain('#### Waived (1)');
    // The registry hand-off: the version as released, its bump, and the waived break still listed as one.
    const registry = JSON.parse(readFileSync(ok.r.outputs['registry-path']!, 'utf8'));
    expect(registry.models[0]).toMatchObject({ model: 'recommender', ok: true, semantic_version: '1.1.0', version_bump_type: 'minor' });
    expect(registry.models[0].breaking_changes).toEqual([
      expect.stringMatching(/^output \/items\/\*: .*\[type-changed\] \(waived until 2099-12-31: /),
    ]);

    const file = path.join(repo.dir, 'models/recommender/model-contract.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('expires: 2099-12-31', 'expires: 2020-01-31'));
    const expired = commitAll(repo.dir, 'let the waiver lapse');
    const bad = await run(expired);
    expect(bad.r.code).toBe(1);
    expect(bad.r.outputs.verdict).toBe('fail');
    expect(bad.body).toContain('waiver&#45;expired');
    expect(bad.body).toContain('expired on 2020-01-31');
  }, 180_000);
});
