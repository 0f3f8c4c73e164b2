/**
 * .github/workflows/dogfood.yml, run here as the runner would: its `uses: ./` steps through the
 * bundle (dist/index.js) with the inputs the workflow gives, in a repository holding the example
 * models, its `run:` steps with bash, and its closing assertions on the outputs. So the dogfood
 * workflow is known to pass before it runs on GitHub, and it keeps asserting what the examples do.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { runDist } from './dist-run.js';
import { commitAll, git, pullRequestPayload } from './helpers.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  if?: string;
}

const workflow = parseYaml(readFileSync(path.join(ROOT, '.github/workflows/dogfood.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const top = mkdtempSync(path.join(tmpdir(), 'mcg-dogfood-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

/** `${{ steps.ID.outputs.NAME }}` from the outputs recorded so far. */
function expand(value: string, outputs: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_m, id: string, name: string) => outputs[id]?.[name] ?? '');
}

describe('the dogfood workflow', () => {
  it.each(Object.entries(workflow.jobs))(
    'job %s passes on the example models',
    async (_name, job) => {
      const dir = path.join(top, _name);
      mkdirSync(dir);
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.email', 'test@example.com');
      git(dir, 'config', 'user.name', 'test');
      git(dir, 'config', 'commit.gpgsign', 'false');
      cpSync(path.join(ROOT, 'fixtures/examples'), path.join(dir, 'fixtures/examples'), { recursive: true });
      const sha = commitAll(dir, 'the repository at the pull request');
      const outputs: Record<string, Record<string, string>> = {};
      let ran = 0;
      for (const step of job.steps) {
        if (step.uses?.startsWith('actions/')) continue; // checkout (done above), upload-artifact
        if (step.uses === './') {
          const r = await runDist({ cwd: dir, event: pullRequestPayload({ number: 1, baseSha: sha, headSha: sha }), inputs: step.with ?? {} });
          expect(r.code, `${step.name ?? step.id}\n${r.stdout}\n${r.stderr}`).toBe(0);
          if (step.id) outputs[step.id] = r.outputs;
          ran++;
        } else if (step.run) {
          const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, outputs)]));
          execFileSync('bash', ['-eo', 'pipefail', '-c', step.run], { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
          ran++;
        }
      }
      expect(ran).toBeGreaterThanOrEqual(3);
      // The assertions ran on real outputs.
      expect(outputs.gate?.verdict).toBe('fail');
      expect(outputs.pr?.verdict).toBe('pass');
    },
    120_000,
  );
});
