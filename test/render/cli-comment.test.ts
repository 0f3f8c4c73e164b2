/**
 * `check --format markdown` is the pull-request comment: on the recommender example, the CLI
 * prints the very body the Action posts (the Action's bundle under Node 24 against a fake GitHub),
 * marker aside; and a change with hundreds of findings stays under GitHub's limit for a comment.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MARKER } from '../../src/render/comment.js';
import { runDist, serveFake } from '../action/dist-run.js';
import { FakeGitHub } from '../action/fake-github.js';
import { pullRequestPayload, recommenderRepo, type Repo } from '../action/helpers.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const GITHUB_LIMIT = 65_536;

describe('check --format markdown prints the comment the Action posts', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = recommenderRepo({ churn: false });
  });
  afterAll(() => repo?.cleanup());

  it('on the recommender example: the same body, with "Who is affected" and the owners mentioned', async () => {
    const gh = new FakeGitHub();
    const api = await serveFake(gh);
    let posted: string;
    try {
      const r = await runDist({
        cwd: repo.dir,
        event: pullRequestPayload({ number: 1347, baseSha: repo.base, headSha: repo.head }),
        env: { GITHUB_API_URL: api.url },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(gh.comments).toHaveLength(1);
      posted = gh.comments[0]!.body;
    } finally {
      await api.close();
    }
    const cli = runCliBounded(
      [
        'check',
        '--base-ref',
        repo.base,
        '--format',
        'markdown',
        '--link-base',
        'https://github.com/acme/models',
        '--head-sha',
        repo.head,
        '--run-url',
        'https://github.com/acme/models/actions/runs/9000',
      ],
      { cwd: repo.dir, timeoutMs: 30_000 },
    );
    expectClean(cli, 1);
    expect(posted.endsWith(`\n\n${MARKER}\n`)).toBe(true);
    expect(cli.stdout).not.toContain(MARKER);
    expect(cli.stdout).toBe(posted.slice(0, -`\n\n${MARKER}\n`.length) + '\n');
    // What the body holds, so that equality is not two empty strings agreeing.
    expect(cli.stdout).toContain('#### Who is affected');
    expect(cli.stdout).toMatch(/^cc @acme\/ranking @dana$/m);
    expect(cli.stdout).toContain('**To pass:** set <code>version: 2.0.0</code>');
    expect(cli.stdout).toContain(`[↗](https://github.com/acme/models/blob/${repo.head}/models/recommender/schemas/output.schema.json#L10)`);
    expect(cli.stdout).toContain('[run](https://github.com/acme/models/actions/runs/9000)');
  }, 120_000);
});

/** A contract pair whose output changes the type of `n` fields: `n` MAJOR findings, each read by a consumer. */
function manyFindings(n: number): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-many-findings-'));
  const fields = Array.from({ length: n }, (_, i) => `score_for_a_rather_long_feature_name_${String(i).padStart(4, '0')}`);
  const contract = (version: string, type: string) => ({
    contract: 1,
    model: 'wide-scorer',
    version,
    interface: {
      input: { type: 'object', properties: { id: { type: 'string' } } },
      output: {
        type: 'object',
        properties: Object.fromEntries(fields.map((f) => [f, { type, description: `The ${f} of the item, as the ranking service reads it.` }])),
      },
    },
    consumers: [
      { name: 'ranking-service', owners: ['@acme/ranking'], fields: fields.map((f) => `/${f}`) },
      { name: 'billing-export', owners: ['@acme/billing'] },
    ],
  });
  mkdirSync(path.join(dir, 'base'));
  mkdirSync(path.join(dir, 'head'));
  const base = path.join(dir, 'base', 'model-contract.yaml');
  const head = path.join(dir, 'head', 'model-contract.yaml');
  writeFileSync(base, stringify(contract('1.0.0', 'integer')));
  writeFileSync(head, stringify(contract('1.1.0', 'string')));
  return { dir, base, head };
}

describe("check --format markdown keeps under GitHub's limit for a comment", () => {
  it('a 300-finding change: under 65,536 characters, with a note that says what was left out', () => {
    const g = manyFindings(300);
    try {
      const json = runCliBounded(['check', g.base, g.head, '--format', 'json'], { timeoutMs: 30_000 });
      expectClean(json, 1);
      expect(JSON.parse(json.stdout).models[0].findings.length).toBeGreaterThanOrEqual(300);
      const md = runCliBounded(['check', g.base, g.head, '--format', 'markdown'], { timeoutMs: 30_000 });
      expectClean(md, 1);
      expect(md.stdout.split('\n')[0]).toMatch(/^## ❌ Model contracts: fail — <code>wide&#45;scorer<\/code> requires MAJOR/);
      expect(md.stdout.length).toBeLessThan(GITHUB_LIMIT);
      // The cap did the work: the full report would not fit, so the comment says where the rest is.
      expect(md.stdout).toContain('This report is shortened to fit GitHub');
      expect(md.stdout).toContain('the JSON report (`--format json`)');
      expect(md.stdout).toMatch(/^cc @acme\/ranking @acme\/billing$/m);
    } finally {
      rmSync(g.dir, { recursive: true, force: true });
    }
  });
});

describe('check --link-base, --head-sha, --run-url', () => {
  const pair = [
    path.join('fixtures/examples/recommender/v1/model-contract.yaml'),
    path.join('fixtures/examples/recommender/head-1.1.0/model-contract.yaml'),
  ];
  const sha = 'a'.repeat(40);

  it('refuse an address that could break out of a markdown link, a head that is not a commit id, and other formats', () => {
    const cases: [string[], RegExp][] = [
      [['--link-base', 'https://github.com/acme/models) [x](https://evil.example', '--head-sha', sha], /--link-base must be an http\(s\) address/],
      [['--link-base', 'javascript:alert(1)', '--head-sha', sha], /--link-base must be an http\(s\) address/],
      [['--run-url', 'ftp://example.com/run'], /--run-url must be an http\(s\) address/],
      [['--link-base', 'https://github.com/acme/models', '--head-sha', 'main'], /--head-sha must be a commit id/],
      [['--link-base', 'https://github.com/acme/models'], /--link-base needs --head-sha/],
    ];
    for (const [args, message] of cases) {
      const r = runCliBounded(['check', ...pair, '--format', 'markdown', ...args], { timeoutMs: 30_000 });
      expectClean(r, 2, message);
    }
    expectClean(runCliBounded(['check', ...pair, '--head-sha', sha], { timeoutMs: 30_000 }), 2, /--head-sha is for --format markdown/);
    expectClean(runCliBounded(['diff-schema', ...pair, '--head-sha', sha], { timeoutMs: 30_000 }), 2, /head-sha/);
  });
});
