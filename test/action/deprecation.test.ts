/**
 * The Action (dist/index.js, as the runner runs it) on an imported interface whose output tensor
 * is renamed under a MAJOR bump: it passes under the default policy and fails under a policy file
 * with `require-deprecation: true`; a tensor listed in the base contract's `deprecations` days ago
 * is held by the window, counted to the run's clock.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { runDist, type DistResult } from './dist-run.js';
import { commitAll, git, pullRequestPayload } from './helpers.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const ONNX = path.join(ROOT, 'fixtures/imports/lattice/onnx');

/** A repository: the base serves base.onnx at 1.0.0 (with `extra` in its contract, and a policy file); the head renames the output at 2.0.0. */
function renameRepo(extra: string, policy: string): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-rename-'));
  temps.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const model = path.join(dir, 'models/scorer');
  mkdirSync(model, { recursive: true });
  const contract = (version: string, more = '') =>
    writeFileSync(
      path.join(model, 'model-contract.yaml'),
      `contract: 1\nmodel: scorer\nversion: ${version}\ninterface:\n  from: { onnx: model.onnx }\n${more}`,
    );
  cpSync(path.join(ONNX, 'base.onnx'), path.join(model, 'model.onnx'));
  contract('1.0.0', extra);
  writeFileSync(path.join(dir, 'gate-policy.yaml'), policy);
  const base = commitAll(dir, 'scorer 1.0.0');
  git(dir, 'checkout', '-q', '-b', 'feature');
  cpSync(path.join(ONNX, 'score-renamed.onnx'), path.join(model, 'model.onnx'));
  contract('2.0.0');
  return { dir, base, head: commitAll(dir, 'rename the output score → probability, 2.0.0') };
}

function run(r: { dir: string; base: string; head: string }): Promise<DistResult> {
  return runDist({
    cwd: r.dir,
    event: pullRequestPayload({ number: 7, baseSha: r.base, headSha: r.head }),
    inputs: { comment: 'never', policy: 'gate-policy.yaml' },
    timeoutMs: 60_000,
  });
}

const shown = (r: DistResult) =>
  `exit ${r.code} after ${Math.round(r.ms)} ms\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-1500)}`;

describe('a renamed ONNX output through the Action', () => {
  it('passes as 2.0.0 under the default policy', async () => {
    const r = await run(renameRepo('', 'deprecation-days: 30\n'));
    expect(r.timedOut, shown(r)).toBe(false);
    expect(r.code, shown(r)).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(r.outputs['required-bump']).toBe('major');
    expect(r.stdout).not.toMatch(/deprecation-window/);
  });

  it('fails under a policy file with require-deprecation: true', async () => {
    const r = await run(renameRepo('', 'require-deprecation: true\n'));
    expect(r.timedOut, shown(r)).toBe(false);
    expect(r.code, shown(r)).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.stdout).toMatch(/deprecation-window/);
    expect(r.stdout).toMatch(/removed without being deprecated first/);
  });

  it('fails while a listed deprecation is inside its window (the run’s clock), under the default policy', async () => {
    const since = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const r = await run(renameRepo(`deprecations:\n  - { pointer: /output/score, since: ${since} }\n`, 'deprecation-days: 30\n'));
    expect(r.timedOut, shown(r)).toBe(false);
    expect(r.code, shown(r)).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`deprecated on ${since}, 10 days ago`));
  });
});
