/**
 * The bundled Action (dist/index.js): a contract that cannot be read is reported beside the other
 * models (the report file, the summary, the outputs), the step exits 2 whatever fail-on says, and
 * the `exclude` input leaves contracts out.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_TRACE } from '../helpers/front-door.js';
import { runDist, type DistResult } from './dist-run.js';
import { loadReportFile } from '../../src/action/report-mode.js';
import { commitAll, git, pullRequestPayload, recommenderRepo, type Repo } from './helpers.js';

let repo: Repo;
beforeAll(() => {
  repo = recommenderRepo();
  // The pull request also breaks the churn contract (a typo in a field name).
  const contract = path.join(repo.dir, 'models/churn/model-contract.yaml');
  writeFileSync(contract, readFileSync(contract, 'utf8').replace('version:', 'verison:'));
  commitAll(repo.dir, 'typo');
});
afterAll(() => repo.cleanup());

const event = () => pullRequestPayload({ number: 7, baseSha: repo.base, headSha: git(repo.dir, 'rev-parse', 'HEAD') });
const shown = (r: DistResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;

describe('dist/index.js with an unreadable contract', () => {
  it('reports the other models beside it and exits 2, even with fail-on: never', async () => {
    const r = await runDist({ cwd: repo.dir, event: event(), inputs: { comment: 'never', 'fail-on': 'never' }, timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code, shown(r)).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
    expect(r.outputs.verdict).toBe('error');
    expect(r.outputs['required-bump']).toBe('major');
    const report = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8'));
    expect(report.models.map((m: { model: string }) => m.model)).toEqual(['recommender']);
    expect(report.invalid[0].path).toBe('models/churn/model-contract.yaml');
    expect(r.summary).toContain('A contract cannot be read');
    expect(r.stdout).toMatch(
      /::error title=model-contract-gate%3A invalid contract,file=models\/churn\/model-contract\.yaml,line=3,col=1::unknown field/,
    );
  });

  it('the exclude input leaves it out', async () => {
    const r = await runDist({
      cwd: repo.dir,
      event: event(),
      inputs: { comment: 'never' },
      env: { INPUT_EXCLUDE: 'models/churn\n' },
      timeoutMs: 60_000,
    });
    expect(r.code, shown(r)).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8')).invalid).toBeUndefined();
  });
});

describe('the comment-only run (the fork pattern) takes such a report', () => {
  const invalid = [{ path: 'm/model-contract.yaml', problems: [{ file: 'm/model-contract.yaml', line: 2, message: 'unknown field' }] }];
  const write = (report: unknown) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mcg-report-')), 'report.json');
    writeFileSync(file, JSON.stringify(report));
    return file;
  };

  it('with verdict fail', async () => {
    const report = await loadReportFile(write({ verdict: 'fail', models: [], invalid }));
    expect((report as { invalid?: unknown }).invalid).toEqual(invalid);
  });

  it('but not one that says pass beside an unreadable contract', async () => {
    await expect(loadReportFile(write({ verdict: 'pass', models: [], invalid }))).rejects.toThrow(/a contract in \/invalid cannot be read/);
  });
});
