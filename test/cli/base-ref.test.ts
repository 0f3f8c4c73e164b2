import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runCli } from '../helpers/cli.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'mcg-repo-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  cpSync(example('recommender', 'v1'), path.join(repo, 'models/recommender'), { recursive: true });
  cpSync(example('churn', 'v1'), path.join(repo, 'models/churn'), { recursive: true });
  cpSync(example('churn', 'v1'), path.join(repo, 'models/old-churn'), { recursive: true });
  writeFileSync(
    path.join(repo, 'models/old-churn/model-contract.yaml'),
    `contract: 1\nmodel: old-churn\nversion: 0.3.0\ninterface: { input: {}, output: {} }\n`,
  );
  git('add', '-A');
  git('commit', '-qm', 'v1');
  // The pull request: the recommender changes its output, the churn model is retrained, old-churn is deleted, a model is added.
  rmSync(path.join(repo, 'models/recommender'), { recursive: true });
  cpSync(example('recommender', 'head-1.1.0'), path.join(repo, 'models/recommender'), { recursive: true });
  cpSync(example('churn', 'retrained-minor'), path.join(repo, 'models/churn'), { recursive: true });
  rmSync(path.join(repo, 'models/old-churn'), { recursive: true });
  cpSync(example('churn', 'v1'), path.join(repo, 'models/new-model'), { recursive: true });
  writeFileSync(
    path.join(repo, 'models/new-model/model-contract.yaml'),
    `contract: 1\nmodel: new-model\nversion: 1.0.0\ninterface: { input: {type: object}, output: {type: object} }\n`,
  );
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('check --base-ref', () => {
  it('compares every contract in the working tree with its version at the ref', async () => {
    const r = await runCli(['check', '--base-ref', 'HEAD', '--format', 'json'], repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const byPath = Object.fromEntries(report.models.map((m: { path: string }) => [m.path, m]));
    expect(Object.keys(byPath).sort()).toEqual([
      'models/churn/model-contract.yaml',
      'models/new-model/model-contract.yaml',
      'models/old-churn/model-contract.yaml',
      'models/recommender/model-contract.yaml',
    ]);
    expect(byPath['models/recommender/model-contract.yaml']).toMatchObject({ base: '1.0.0', head: '1.1.0', required: 'major', ok: false });
    expect(byPath['models/churn/model-contract.yaml']).toMatchObject({ base: '1.4.2', head: '1.5.0', required: 'minor', ok: true });
    expect(byPath['models/new-model/model-contract.yaml']).toMatchObject({ base: null, head: '1.0.0', ok: true });
    expect(byPath['models/old-churn/model-contract.yaml']).toMatchObject({ base: '0.3.0', head: null, required: 'major', ok: false });
  });

  it('reads referenced schema files at the ref, not from the working tree', async () => {
    const r = await runCli(['check', '--base-ref', 'HEAD', 'models/recommender', '--format', 'json'], repo);
    const [m] = JSON.parse(r.stdout).models;
    const change = m.findings.find((f: { id: string }) => f.id === 'type-changed');
    expect(change).toMatchObject({ old: 'integer', new: 'object', direction: 'output' });
  });

  it('limits the check to the given paths', async () => {
    const r = await runCli(['check', '--base-ref', 'HEAD', 'models/churn'], repo);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('model-contract-gate: PASS — 1 model checked');
  });

  it('a deleted contract passes when removal is allowed', async () => {
    const r = await runCli(['check', '--base-ref', 'HEAD', 'models/old-churn', '--allow-model-removal', '--format', 'json'], repo);
    expect(r.code).toBe(0);
  });

  it('refuses a ref that is not a commit, and option-like refs', async () => {
    for (const ref of ['no-such-branch', '--output=/tmp/x']) {
      const r = await runCli(['check', '--base-ref', ref], repo);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});
