/**
 * Hostile and broken input at the Action's front door: the bundled dist/index.js under Node 24,
 * as the runner starts it, each run under a hard time limit. A malformed event payload, contract
 * patterns that match nothing, a head commit dated in the future, a GitHub API that never answers
 * or refuses connections, and a crafted report.json in the fork-safe comment-only mode.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../helpers/cli.js';
import { FakeGitHub } from '../action/fake-github.js';
import { runDist, serveFake, type DistResult } from '../action/dist-run.js';
import { commitAll, git, pullRequestPayload, recommenderRepo, type Repo } from '../action/helpers.js';

let repo: Repo;
const temps: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

beforeAll(() => {
  repo = recommenderRepo();
});
afterAll(() => {
  repo?.cleanup();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/**
 * A JavaScript stack frame (`at fn (/abs/file.js:1:2)`, `at file:///…:1:2`, `node:internal`). Narrower
 * than the CLI harness's pattern: the text report in the log places findings as `at models/x.yaml:3:1`.
 */
const STACK_TRACE = /^\s+at (?:.+ \()?(?:file:\/\/|node:|\/).+:\d+:\d+\)?$|node:internal|^\w*Error: .*\n\s+at /m;

const shown = (r: DistResult) =>
  `exit ${r.code} signal ${r.signal} after ${Math.round(r.ms)} ms\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-2000)}`;

/** In time, the exit code, no stack trace anywhere. */
function expectRun(r: DistResult, code: number): void {
  expect(r.timedOut, `killed at the time limit\n${shown(r)}`).toBe(false);
  expect(r.code, shown(r)).toBe(code);
  expect(r.stdout, `a stack trace reached the log\n${shown(r)}`).not.toMatch(STACK_TRACE);
  expect(r.stderr, `a stack trace reached the log\n${shown(r)}`).not.toMatch(STACK_TRACE);
}

const errorLines = (r: DistResult) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));
const warningLines = (r: DistResult) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'));

const prEvent = () => pullRequestPayload({ number: 7, baseSha: repo.base, headSha: git(repo.dir, 'rev-parse', 'HEAD') });

describe('the event payload', () => {
  it('a malformed payload: exit 2, one line naming the file, no stack', async () => {
    const r = await runDist({ cwd: repo.dir, event: '{"action": "synchronize", "pull_request": {', timeoutMs: 30_000 });
    expectRun(r, 2);
    const errors = errorLines(r);
    expect(errors, shown(r)).toHaveLength(1);
    expect(errors[0]).toMatch(/GITHUB_EVENT_PATH=\S+event-\d+\.json is not JSON/);
    expect(r.stderr.trim(), shown(r)).toBe('');
    expect(r.outputs.verdict).toBe('error');
  });
});

describe('the contracts patterns', () => {
  it('patterns that match no contract at the base nor at the head: a configuration error naming them', async () => {
    const r = await runDist({
      cwd: repo.dir,
      event: prEvent(),
      inputs: { contracts: 'modles/**/model-contract.yaml\nmodels/*/contract.yml', comment: 'never' },
    });
    expectRun(r, 2);
    const errors = errorLines(r);
    expect(errors, shown(r)).toHaveLength(1);
    expect(errors[0]).toContain('modles/**/model-contract.yaml, models/*/contract.yml');
    expect(errors[0]).toMatch(/match no contract/);
    expect(r.outputs.verdict).toBe('error');
  });

  it('contracts that exist but did not change still pass', async () => {
    // Only the churn model matches, and it did not change.
    const r = await runDist({ cwd: repo.dir, event: prEvent(), inputs: { contracts: 'models/churn/model-contract.yaml', comment: 'never' } });
    expectRun(r, 0);
    expect(r.outputs.verdict).toBe('pass');
  });
});

/** A repository whose base deprecates scorer's `legacy_score` since `since`, and whose head removes it. */
function scorerRepo(since: string, headDate: string): { dir: string; base: string; head: string } {
  const dir = tempDir('mcg-scorer-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  mkdirSync(path.join(dir, 'models/scorer'), { recursive: true });
  const contract = path.join(dir, 'models/scorer/model-contract.yaml');
  writeFileSync(contract, readFileSync(example('scorer', 'deprecate-1.1.0', 'model-contract.yaml'), 'utf8').replaceAll('2026-10-01', since));
  const base = commitAll(dir, 'deprecate legacy_score');
  git(dir, 'checkout', '-q', '-b', 'feature');
  cpSync(example('scorer', 'remove-2.0.0', 'model-contract.yaml'), contract);
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-qm', 'remove legacy_score'], {
    cwd: dir,
    env: { ...process.env, GIT_COMMITTER_DATE: headDate, GIT_AUTHOR_DATE: headDate },
  });
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

describe('"now" for deprecation windows', () => {
  it('is the run’s clock, not the head commit’s date the author sets', async () => {
    const since = new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10);
    const s = scorerRepo(since, '2099-01-01T00:00:00Z');
    const r = await runDist({ cwd: s.dir, event: pullRequestPayload({ number: 7, baseSha: s.base, headSha: s.head }), inputs: { comment: 'never' } });
    expectRun(r, 1);
    expect(r.stdout).toMatch(/deprecation-window/);
    expect(r.outputs.verdict).toBe('fail');
  });
});

describe('a GitHub API that does not answer', () => {
  const bounds = { MODEL_CONTRACT_GATE_API_TIMEOUT_MS: '400', MODEL_CONTRACT_GATE_COMMENT_TIMEOUT_MS: '3000' };

  it('accepts connections and never answers: each request and the comment step are bounded, and the warning says so', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runDist({ cwd: repo.dir, event: prEvent(), env: { ...bounds, GITHUB_API_URL: `http://127.0.0.1:${port}` }, timeoutMs: 30_000 });
      // The gate still decides (the recommender's undeclared MAJOR change).
      expectRun(r, 1);
      expect(r.ms).toBeLessThan(20_000);
      const warnings = warningLines(r).filter((l) => l.includes('no comment'));
      expect(warnings, shown(r)).toHaveLength(1);
      expect(warnings[0]).toMatch(/no answer from the GitHub API \(127\.0\.0\.1:\d+\) within 0\.4 s/);
      expect(warnings[0]).not.toMatch(/answered 500/);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('answers the headers and never the body: the same bound', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"login":'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runDist({ cwd: repo.dir, event: prEvent(), env: { ...bounds, GITHUB_API_URL: `http://127.0.0.1:${port}` }, timeoutMs: 30_000 });
      expectRun(r, 1);
      const warnings = warningLines(r).filter((l) => l.includes('no comment'));
      expect(warnings, shown(r)).toHaveLength(1);
      expect(warnings[0]).toMatch(/no answer from the GitHub API \(127\.0\.0\.1:\d+\) within 0\.4 s/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses connections: "could not connect", not "GitHub answered 500"', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await runDist({ cwd: repo.dir, event: prEvent(), env: { ...bounds, GITHUB_API_URL: `http://127.0.0.1:${port}` }, timeoutMs: 30_000 });
    expectRun(r, 1);
    const warnings = warningLines(r).filter((l) => l.includes('no comment'));
    expect(warnings, shown(r)).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not connect to the GitHub API \(127\.0\.0\.1:\d+\): connection refused/);
    expect(warnings[0]).not.toMatch(/answered 500/);
  });
});

describe('comment-only mode with a crafted report.json', () => {
  /**
   * The comment workflow's workspace: the default branch checked out (scorer, whose consumers'
   * owners are @acme/fraud and @acme/bi), and the downloaded artifact beside it, untracked —
   * including a contract of its own that lists 200 more owners.
   */
  function defaultBranch(): { dir: string; sha: string } {
    const dir = tempDir('mcg-default-');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'test@example.com');
    git(dir, 'config', 'user.name', 'test');
    git(dir, 'config', 'commit.gpgsign', 'false');
    mkdirSync(path.join(dir, 'models/scorer'), { recursive: true });
    cpSync(example('scorer', 'deprecate-1.1.0', 'model-contract.yaml'), path.join(dir, 'models/scorer/model-contract.yaml'));
    const sha = commitAll(dir, 'main');
    return { dir, sha };
  }

  const handles = Array.from({ length: 200 }, (_, i) => `@user${i}`);

  function craftedReport(): unknown {
    const finding = (file: string, line: number) => ({
      id: 'type-changed',
      bump: 'major',
      area: 'interface',
      direction: 'output',
      instancePath: '/score',
      message: 'The type changed.',
      location: { file, line, column: 1 },
      consumers: ['fraud-review'],
    });
    return {
      verdict: 'fail',
      models: [
        {
          model: 'scorer',
          path: 'models/scorer/model-contract.yaml',
          base: '1.1.0',
          head: '1.2.0',
          declared: 'minor',
          required: 'major',
          ok: false,
          suggested: '2.0.0',
          summary: 'requires MAJOR',
          findings: [
            finding('models/scorer/model-contract.yaml', 3),
            finding('models/ghost/model-contract.yaml', 5),
            finding('model-contract-report/models/scorer/model-contract.yaml', 7),
            finding('.github/workflows/deploy.yml', 9),
          ],
          consumers: [{ name: 'fraud-review', owners: ['@acme/fraud', ...handles], fields: ['/score'], bump: 'major', findings: 4, notify: true }],
          notify: ['@acme/fraud', '@acme/bi', ...handles, '@someone/else'],
        },
      ],
    };
  }

  function writeArtifact(dir: string, report: unknown): string {
    const art = path.join(dir, 'model-contract-report');
    mkdirSync(path.join(art, 'models/scorer'), { recursive: true });
    writeFileSync(
      path.join(art, 'models/scorer/model-contract.yaml'),
      readFileSync(example('scorer', 'deprecate-1.1.0', 'model-contract.yaml'), 'utf8').replace(
        'owners: ["@acme/fraud"]',
        `owners: [${handles.map((h) => `"${h}"`).join(', ')}]`,
      ),
    );
    writeFileSync(path.join(art, 'report.json'), typeof report === 'string' ? report : JSON.stringify(report));
    return 'model-contract-report/report.json';
  }

  const workflowRun = (headSha: string) => ({
    action: 'completed',
    workflow_run: { id: 1, event: 'pull_request', head_sha: headSha, head_branch: 'feature', pull_requests: [{ number: 7, head: { sha: headSha } }] },
  });

  /** Raw @-mentions in markdown: an @ that starts a handle (escaped ones carry a zero-width space or an entity). */
  const mentions = (body: string) => [...body.matchAll(/(?<![\w&#;\u200b])@[A-Za-z0-9][\w/-]*/g)].map((m) => m[0]);

  it('mentions only owners the default branch’s contract lists, annotates only files in the repository', async () => {
    const d = defaultBranch();
    const reportPath = writeArtifact(d.dir, craftedReport());
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: d.dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: d.sha },
      });
      expectRun(r, 0);
      expect(gh.comments, shown(r)).toHaveLength(1);
      const body = gh.comments[0]!.body;
      expect(mentions(body).sort()).toEqual(['@acme/bi', '@acme/fraud']);
      // Annotations: on the contract the default branch has, nowhere else.
      const files = [...r.stdout.matchAll(/^::(?:error|warning) [^:]*?file=([^,:]+)/gm)].map((m) => m[1]);
      expect(files.length, shown(r)).toBeGreaterThan(0);
      expect(new Set(files)).toEqual(new Set(['models/scorer/model-contract.yaml']));
    } finally {
      await api.close();
    }
  });

  it('without a checkout of the default branch, mentions nobody and annotates no file', async () => {
    const dir = tempDir('mcg-nocheckout-');
    const reportPath = writeArtifact(dir, craftedReport());
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: 'd'.repeat(40) },
      });
      expectRun(r, 0);
      expect(gh.comments, shown(r)).toHaveLength(1);
      expect(mentions(gh.comments[0]!.body)).toEqual([]);
      expect(r.stdout).not.toMatch(/^::(?:error|warning) [^:]*file=/m);
    } finally {
      await api.close();
    }
  });

  it('a checkout that is not the run’s default-branch commit is not trusted for mentions', async () => {
    const d = defaultBranch();
    const reportPath = writeArtifact(d.dir, craftedReport());
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: d.dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: 'e'.repeat(40) },
      });
      expectRun(r, 0);
      expect(mentions(gh.comments[0]!.body)).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('a report whose verdict contradicts its models: exit 2, one line, nothing posted', async () => {
    const d = defaultBranch();
    const report = craftedReport() as { verdict: string };
    report.verdict = 'pass';
    const reportPath = writeArtifact(d.dir, report);
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: d.dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: d.sha },
      });
      expectRun(r, 2);
      const errors = errorLines(r);
      expect(errors, shown(r)).toHaveLength(1);
      expect(errors[0]).toMatch(/model-contract-report\/report\.json is not a model-contract-gate report: \/verdict/);
      expect(gh.requests).toEqual([]);
      expect(r.outputs.verdict).toBe('error');
    } finally {
      await api.close();
    }
  });

  it('a report with a model id no contract can have (300,000 characters): exit 2, one line, nothing posted', async () => {
    const d = defaultBranch();
    const report = craftedReport() as { models: { model: string }[] };
    report.models[0]!.model = 'm'.repeat(300_000);
    const reportPath = writeArtifact(d.dir, report);
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: d.dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: d.sha },
      });
      expectRun(r, 2);
      const errors = errorLines(r);
      expect(errors, shown(r)).toHaveLength(1);
      expect(errors[0]).toMatch(/is not a model-contract-gate report: \/models\/0\/model must NOT have more than 128 characters$/);
      expect(gh.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('a report that does not validate: exit 2, one line naming the field, nothing posted', async () => {
    const d = defaultBranch();
    const report = craftedReport() as { models: { declared: string }[] };
    report.models[0]!.declared = 'huge';
    const reportPath = writeArtifact(d.dir, report);
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    try {
      const r = await runDist({
        cwd: d.dir,
        eventName: 'workflow_run',
        event: workflowRun('c'.repeat(40)),
        inputs: { report: reportPath },
        env: { GITHUB_API_URL: api.url, GITHUB_SHA: d.sha },
      });
      expectRun(r, 2);
      const errors = errorLines(r);
      expect(errors, shown(r)).toHaveLength(1);
      expect(errors[0]).toMatch(/is not a model-contract-gate report: \/models\/0\/declared/);
      expect(gh.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
