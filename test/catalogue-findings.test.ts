/**
 * The finding catalogue (src/core/findings.ts) against the gate itself:
 * - every entry's fixture (fixtures/findings/<id>/base and head, either may be absent) run through
 *   the front door, `node dist/cli.js check --base-ref HEAD` in a scratch git repository, produces
 *   the id, in its area, with its bump (and blocking when the entry says always);
 * - every id in those reports is documented (this catalogue or the interface rules);
 * - every id the source emits is documented: the `id:` of every object literal in a file that
 *   builds findings (it sets `area:`) is read from src/. A scan of the source, not of reports,
 *   because a report only shows the ids its inputs happened to trigger; the scan covers every
 *   emitting line, wherever the analysers move, and guards itself by requiring that it finds
 *   every catalogued id.
 * - docs/rules.md has an entry for each id.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINDINGS } from '../src/core/findings.js';
import { RULES } from '../src/analysers/interface/catalogue.js';
import { ROOT } from './helpers/cli.js';
import { expectClean, runCliBounded } from './helpers/front-door.js';

const FIXTURES = path.join(ROOT, 'fixtures/findings');
const DOCUMENTED = new Set([...FINDINGS.map((f) => f.id), ...RULES.map((r) => r.id)]);

interface ReportFinding {
  id: string;
  area: string;
  bump: string;
  blocking?: boolean;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** The kebab-case ids in the `id:` of every object literal of the files under src/ that build findings. */
function emittedIds(): Map<string, string[]> {
  const rulesDir = path.join(ROOT, 'src/analysers/interface/rules') + path.sep;
  const ids = new Map<string, string[]>();
  for (const file of listFiles(path.join(ROOT, 'src'))) {
    // Interface rule ids are checked against the rule catalogue by test/catalogue-rules.test.ts.
    if (!file.endsWith('.ts') || file.startsWith(rulesDir)) continue;
    const text = readFileSync(file, 'utf8');
    if (!/\barea: '/.test(text)) continue;
    // The expression after `id:` up to the end of its line: a literal, or a conditional of literals.
    for (const m of text.matchAll(/\bid: ([^\n]*)/g)) {
      for (const lit of m[1]!.matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) {
        const where = path.relative(ROOT, file);
        ids.set(lit[1]!, [...(ids.get(lit[1]!) ?? []), where]);
      }
    }
  }
  return ids;
}

describe('the finding catalogue', () => {
  it('has one entry per id, each with a fixture folder', () => {
    const ids = FINDINGS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => RULES.some((r) => r.id === id))).toEqual([]);
    for (const f of FINDINGS) {
      expect(existsSync(path.join(FIXTURES, f.fixture)), `fixtures/findings/${f.fixture}`).toBe(true);
      expect(f.meaning.trim()).not.toBe('');
    }
    const dirs = readdirSync(FIXTURES);
    expect(
      dirs.filter((d) => !FINDINGS.some((f) => f.fixture === d)),
      'fixture folders no entry names',
    ).toEqual([]);
  });

  it('documents every id the source emits', () => {
    const emitted = emittedIds();
    // The scan is only as good as what it finds: it must see every catalogued id.
    expect(
      FINDINGS.map((f) => f.id).filter((id) => !emitted.has(id)),
      'catalogued ids the scan of src/ did not find (moved behind a variable, or no longer emitted)',
    ).toEqual([]);
    const undocumented = [...emitted].filter(([id]) => !DOCUMENTED.has(id)).map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(undocumented, 'finding ids emitted in src/ but not in src/core/findings.ts').toEqual([]);
  });

  it('has an entry in docs/rules.md for each id', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    const missing = FINDINGS.map((f) => f.id).filter((id) => !doc.includes(`### ${id}\n`));
    expect(missing, 'ids without a section in docs/rules.md (run `npm run docs`)').toEqual([]);
  });
});

describe('each finding fixture through `node dist/cli.js check --base-ref`', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  /** A repository whose HEAD holds the fixture's base and whose working tree holds its head. */
  function repoOf(fixture: string): string {
    const repo = mkdtempSync(path.join(tmpdir(), 'mcg-finding-'));
    scratch.push(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    writeFileSync(path.join(repo, 'README'), 'fixture\n');
    const base = path.join(FIXTURES, fixture, 'base');
    const head = path.join(FIXTURES, fixture, 'head');
    if (existsSync(base)) cpSync(base, path.join(repo, 'model'), { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'base');
    rmSync(path.join(repo, 'model'), { recursive: true, force: true });
    if (existsSync(head)) cpSync(head, path.join(repo, 'model'), { recursive: true });
    return repo;
  }

  it.each(FINDINGS.map((f) => [f.id, f] as const))('%s', (_id, entry) => {
    const repo = repoOf(entry.fixture);
    // A fixture that needs a policy (waiver-forbidden) carries it beside base/ and head/.
    const policy = path.join(FIXTURES, entry.fixture, 'policy.yaml');
    const args = ['check', '--base-ref', 'HEAD', '--format', 'json', ...(existsSync(policy) ? ['--policy', policy] : [])];
    const r = runCliBounded(args, { cwd: repo, timeoutMs: 60_000 });
    expectClean(r, r.code === 1 ? 1 : 0);
    const report = JSON.parse(r.stdout) as { models: { findings: ReportFinding[] }[] };
    const findings = report.models.flatMap((m) => m.findings);
    const produced = findings.filter((f) => f.id === entry.id);
    expect(produced.length, `${entry.id} not produced; got ${findings.map((f) => f.id).join(', ')}`).toBeGreaterThan(0);
    for (const f of produced) {
      expect(f.area).toBe(entry.area);
      expect(f.bump).toBe(entry.bump);
      if (entry.blocking === 'always') expect(f.blocking).toBe(true);
      if (entry.blocking === undefined) expect(f.blocking ?? false).toBe(false);
    }
    expect(
      findings.map((f) => f.id).filter((id) => !DOCUMENTED.has(id)),
      'ids in the report that are documented nowhere',
    ).toEqual([]);
  });
});
