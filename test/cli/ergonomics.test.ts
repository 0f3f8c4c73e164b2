/**
 * CLI ergonomics through the front door (node dist/cli.js) in a real git repository:
 * next-version --base-ref, validate and check --base-ref finding the contracts themselves,
 * --exclude, an unreadable contract reported beside the other models, and "did you mean".
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import { example } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const cli = (args: string[], cwd = repo) => runCliBounded(args, { cwd, timeoutMs: 60_000 });
const BROKEN = 'models/broken/model-contract.yaml';

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'mcg-ergo-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  cpSync(example('churn', 'v1'), path.join(repo, 'models/churn'), { recursive: true });
  cpSync(example('recommender', 'v1'), path.join(repo, 'models/recommender'), { recursive: true });
  mkdirSync(path.join(repo, 'legacy/old'), { recursive: true });
  writeFileSync(path.join(repo, 'legacy/old/model-contract.yaml'), 'contract: 1\nmodel: old\nversion: 0.3.0\ninterface: { input: {}, output: {} }\n');
  git('add', '-A');
  git('commit', '-qm', 'v1');
  // The pull request's commit: the churn model is retrained (MINOR), the recommender breaks its output.
  rmSync(path.join(repo, 'models/churn'), { recursive: true });
  cpSync(example('churn', 'retrained-minor'), path.join(repo, 'models/churn'), { recursive: true });
  rmSync(path.join(repo, 'models/recommender'), { recursive: true });
  cpSync(example('recommender', 'head-1.1.0'), path.join(repo, 'models/recommender'), { recursive: true });
  git('add', '-A');
  git('commit', '-qm', 'change');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('next-version --base-ref', () => {
  it('prints the version to set, reading the base contract from git at main~1', () => {
    const r = cli(['next-version', '--base-ref', 'main~1', 'models/recommender']);
    expectClean(r, 0);
    expect(r.stdout).toBe('2.0.0\n');
    const churn = cli(['next-version', '--base-ref', 'main~1', 'models/churn', '--format', 'json']);
    expectClean(churn, 0);
    expect(JSON.parse(churn.stdout)).toMatchObject({ model: 'churn-classifier', base: '1.4.2', required: 'minor', version: '1.5.0' });
  });

  it('with one contract left by --exclude, needs no PATH', () => {
    const r = cli(['next-version', '--base-ref', 'main~1', '--exclude', 'legacy', '--exclude', 'models/churn/**']);
    expectClean(r, 0);
    expect(r.stdout).toBe('2.0.0\n');
  });

  it('asks for a PATH when the repository holds several contracts, naming them', () => {
    const r = cli(['next-version', '--base-ref', 'main~1']);
    expectClean(
      r,
      2,
      /holds 3 contracts: legacy\/old\/model-contract\.yaml, models\/churn\/model-contract\.yaml, models\/recommender\/model-contract\.yaml; name one/,
    );
  });
});

describe('validate finds the contracts itself', () => {
  it('every contract in the repository, paths relative to the working folder', () => {
    const r = cli(['validate'], path.join(repo, 'models'));
    expectClean(r, 0);
    expect(r.stdout).toBe(
      [
        'valid: ../legacy/old/model-contract.yaml (old 0.3.0)',
        'valid: churn/model-contract.yaml (churn-classifier 1.5.0)',
        'valid: recommender/model-contract.yaml (recommender 1.1.0)',
        '',
      ].join('\n'),
    );
  });

  it('less --exclude (a folder, or a glob)', () => {
    for (const exclude of ['legacy', 'legacy/**', '**/old/*']) {
      const r = cli(['validate', '--exclude', exclude, '--format', 'json']);
      expectClean(r, 0);
      expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual([
        'models/churn/model-contract.yaml',
        'models/recommender/model-contract.yaml',
      ]);
    }
  });

  it('--exclude is for discovery only', () => {
    expectClean(cli(['validate', 'models/churn/model-contract.yaml', '--exclude', 'legacy']), 2, /--exclude is for validate without FILE/);
    expectClean(cli(['check', 'a.yaml', 'b.yaml', '--exclude', 'legacy']), 2, /--exclude is for --base-ref/);
  });

  it('check --base-ref leaves out --exclude too', () => {
    const r = cli(['check', '--base-ref', 'main~1', '--exclude', 'models/recommender', '--format', 'json']);
    expectClean(r, 0);
    expect(JSON.parse(r.stdout).models.map((m: { path: string }) => m.path)).toEqual([
      'legacy/old/model-contract.yaml',
      'models/churn/model-contract.yaml',
    ]);
  });
});

describe('an unreadable contract is reported beside the other models', () => {
  const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(reportSchema);
  beforeAll(() => {
    mkdirSync(path.join(repo, 'models/broken'), { recursive: true });
    writeFileSync(path.join(repo, BROKEN), 'contract: 1\nmodel: broken\nverison: 1.0.0\ninterface: { input: {}, output: {} }\n');
  });
  afterAll(() => rmSync(path.join(repo, 'models/broken'), { recursive: true, force: true }));

  it('check --base-ref --format json: the whole report, with `invalid`; exit 2; the problem on stderr too', () => {
    const r = cli(['check', '--base-ref', 'main~1', '--format', 'json']);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^models\/broken\/model-contract\.yaml:3:1: unknown field "verison"/);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.verdict).toBe('fail');
    expect(report.models.map((m: { path: string }) => m.path)).toEqual([
      'legacy/old/model-contract.yaml',
      'models/churn/model-contract.yaml',
      'models/recommender/model-contract.yaml',
    ]);
    expect(report.invalid).toEqual([
      {
        path: BROKEN,
        problems: [
          {
            file: BROKEN,
            line: 3,
            column: 1,
            pointer: '/verison',
            message: expect.stringMatching(/^unknown field "verison" \(did you mean "version"\?\)/),
          },
        ],
      },
    ]);
  });

  it('text and markdown say it too', () => {
    const text = cli(['check', '--base-ref', 'main~1']);
    expect(text.code).toBe(2);
    expect(text.stdout.split('\n')[0]).toBe('model-contract-gate: FAIL — 1 of 3 models fails, 1 contract cannot be read');
    expect(text.stdout).toContain(`${BROKEN}: cannot be read\n  ${BROKEN}:3:1: unknown field "verison"`);
    expect(text.stdout).toMatch(/recommender/);
    const passing = cli(['check', '--base-ref', 'main~1', '--exclude', 'models/recommender']);
    expect(passing.code).toBe(2);
    expect(passing.stdout.split('\n')[0]).toBe('model-contract-gate: ERROR — 1 contract cannot be read (2 other models pass)');
    expect(passing.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAIL {2}1 contract cannot be read; the other models: /);
    const md = cli(['check', '--base-ref', 'main~1', '--exclude', 'models/recommender', '--format', 'markdown']);
    expect(md.code).toBe(2);
    expect(md.stdout.split('\n')[0]).toBe('## ❌ Model contracts: error — 1 contract cannot be read (2 other models pass)');
    expect(md.stdout).toContain('### ❌ A contract cannot be read');
    expect(md.stdout).toContain('<code>models/broken/model&#45;contract.yaml:3:1</code>: unknown field');
  });

  it('validate lists the valid contracts and the invalid one, exit 2', () => {
    const r = cli(['validate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('valid: models/churn/model-contract.yaml (churn-classifier 1.5.0)');
    expect(r.stdout).toContain(`invalid: ${BROKEN} (1 problem, on stderr)`);
    expect(r.stderr).toMatch(/^models\/broken\/model-contract\.yaml:3:1: unknown field "verison"/);
    const json = JSON.parse(cli(['validate', '--format', 'json']).stdout);
    expect(json.valid).toBe(false);
    expect(json.invalid[0].file).toBe(BROKEN);
  });

  it('with nothing else to report, it is the whole answer: exit 2, nothing on stdout', () => {
    expectClean(cli(['check', '--base-ref', 'main~1', 'models/broken']), 2, BROKEN);
    expectClean(cli(['validate', BROKEN]), 2, BROKEN);
  });

  it('release-notes and next-version are about the change: the problem is their error', () => {
    expectClean(cli(['release-notes', '--base-ref', 'main~1']), 2, BROKEN);
    expectClean(cli(['next-version', '--base-ref', 'main~1', 'models/broken']), 2, BROKEN);
  });

  it('--exclude leaves it out', () => {
    expectClean(cli(['check', '--base-ref', 'main~1', '--exclude', 'models/broken', '--exclude', 'models/recommender']), 0);
  });
});

describe('did you mean', () => {
  it.each([
    [['chek'], 'unknown command "chek" (did you mean "check"?)'],
    [['valdate'], 'unknown command "valdate" (did you mean "validate"?)'],
    [['next-verison'], '(did you mean "next-version"?)'],
    [['check', '--formt', 'json'], `Unknown option '--formt' (did you mean "--format"?)`],
    [['init', '--froce'], `Unknown option '--froce' (did you mean "--force"?)`],
    [['check', '--base-rev', 'main'], `(did you mean "--base-ref"?)`],
  ])('%j', (args, message) => {
    const r = runCliBounded(args as string[]);
    expectClean(r, 2, message as string);
  });

  it('suggests nothing far from every name', () => {
    const r = runCliBounded(['frobnicate']);
    expectClean(r, 2, 'unknown command "frobnicate"; expected one of:');
    expect(r.stderr).not.toContain('did you mean');
  });

  it('an option of another command: which options this one takes', () => {
    expectClean(runCliBounded(['validate', 'x', '--base-ref', 'main']), 2, 'validate does not take --base-ref; it takes --format, --help, --exclude');
  });
});
