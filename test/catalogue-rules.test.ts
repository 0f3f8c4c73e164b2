/**
 * The interface rule catalogue is complete: every rule file in src/analysers/interface/rules/ is
 * registered in catalogue.ts, has a fixture under fixtures/rules/<id>/ and an entry in
 * docs/rules.md. And `npm run new-rule <id>` scaffolds a rule that passes its own fixture test,
 * which these checks hold to the same standard: proven on a scratch copy of the repository.
 *
 * This file reads the repository it sits in (not a helper's ROOT) so that the scratch copy runs
 * its registration checks on itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/analysers/interface/catalogue.js';
import type { Rule } from '../src/analysers/interface/rule.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULES_DIR = path.join(ROOT, 'src/analysers/interface/rules');
const FIXTURES = path.join(ROOT, 'fixtures/rules');

function isRule(v: unknown): v is Rule {
  return typeof v === 'object' && v !== null && typeof (v as Rule).id === 'string' && typeof (v as Rule).check === 'function';
}

async function ruleFiles(): Promise<{ file: string; rules: Rule[] }[]> {
  const files = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const mod = (await import(pathToFileURL(path.join(RULES_DIR, file)).href)) as Record<string, unknown>;
      return { file, rules: Object.values(mod).filter(isRule) };
    }),
  );
}

function cases(id: string): string[] {
  const dir = path.join(FIXTURES, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ['old.json', 'new.json', 'expected.json'].every((f) => existsSync(path.join(dir, e.name, f))))
    .map((e) => e.name);
}

describe('rule registration', () => {
  it('every rule file exports one rule, named as the file, registered in the catalogue', async () => {
    const files = await ruleFiles();
    expect(files.length).toBeGreaterThan(0);
    const registered = new Set<Rule>(RULES);
    const problems: string[] = [];
    for (const { file, rules } of files) {
      if (rules.length !== 1) problems.push(`${file}: exports ${rules.length} rules, expected one`);
      for (const r of rules) {
        if (`${r.id}.ts` !== file) problems.push(`${file}: its rule's id is ${r.id}`);
        if (!registered.has(r)) problems.push(`${file}: ${r.id} is not in RULES (src/analysers/interface/catalogue.ts)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every registered rule has its own file in rules/', async () => {
    const fromFiles = new Set((await ruleFiles()).flatMap((f) => f.rules));
    expect(RULES.filter((r) => !fromFiles.has(r)).map((r) => r.id)).toEqual([]);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('every rule file has a fixture case', async () => {
    const ids = (await ruleFiles()).flatMap((f) => f.rules.map((r) => r.id));
    expect(
      ids.filter((id) => cases(id).length === 0),
      'rules without fixtures/rules/<id>/<case>/{old,new,expected}.json',
    ).toEqual([]);
  });

  it('every rule file has an entry in docs/rules.md', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    const ids = (await ruleFiles()).flatMap((f) => f.rules.map((r) => r.id));
    expect(
      ids.filter((id) => !doc.includes(`\n## ${id}\n`) || !doc.includes(`[\`${id}\`](#${id})`)),
      'rules without a section in docs/rules.md (run `npm run docs`)',
    ).toEqual([]);
  });
});

describe('npm run new-rule', () => {
  const ID = 'scaffolded-demo-rule';
  let copy = '';
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  /** A scratch copy with what the scaffold, the rule fixture test, these checks and the docs need. */
  function scratchCopy(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-new-rule-'));
    for (const p of [
      'src',
      'schema',
      'scripts',
      'fixtures/rules',
      'docs/rules.md',
      'test/interface/rules.test.ts',
      'test/catalogue-rules.test.ts',
      'package.json',
      'tsconfig.json',
    ]) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // No global setup: these tests need no dist/.
    writeFileSync(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['test/**/*.test.ts'] } };\n");
    return dir;
  }

  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: copy, encoding: 'utf8', timeout: 240_000, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } });
  const vitest = (file: string, filter: string) =>
    run(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', file, '--config', 'vitest.config.mjs', '-t', filter]);
  const shown = (r: ReturnType<typeof run>) => `exit ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;

  it('scaffolds a registered rule that passes its own fixture test, type-checks, and is documented by npm run docs', () => {
    copy = scratchCopy();
    const scaffold = run(process.execPath, ['scripts/new-rule.mjs', ID]);
    expect(scaffold.status, shown(scaffold)).toBe(0);
    expect(existsSync(path.join(copy, `src/analysers/interface/rules/${ID}.ts`))).toBe(true);
    expect(readFileSync(path.join(copy, 'src/analysers/interface/catalogue.ts'), 'utf8')).toContain(`./rules/${ID}.js`);

    // Its own fixture test, as generated: well formed, and both directions.
    const fixtures = vitest('test/interface/rules.test.ts', ID);
    expect(fixtures.status, shown(fixtures)).toBe(0);
    expect(fixtures.stdout).toMatch(/Tests\s+3 passed/);

    // The generated TypeScript type-checks with the catalogue that imports it.
    writeFileSync(
      path.join(copy, 'tsconfig.scaffold.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [`src/analysers/interface/rules/${ID}.ts`, 'src/analysers/interface/catalogue.ts'] }),
    );
    const tsc = run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.scaffold.json']);
    expect(tsc.status, shown(tsc)).toBe(0);

    // Registered but not yet documented: the registration checks fail until `npm run docs`.
    const undocumented = vitest('test/catalogue-rules.test.ts', 'rule registration');
    expect(undocumented.status, shown(undocumented)).not.toBe(0);
    expect(undocumented.stdout + undocumented.stderr).toContain(ID);
    const docs = run(process.execPath, ['scripts/docs.mjs']);
    expect(docs.status, shown(docs)).toBe(0);
    const documented = vitest('test/catalogue-rules.test.ts', 'rule registration');
    expect(documented.status, shown(documented)).toBe(0);

    // Its registration removed, the registration checks fail and name it.
    const catalogue = path.join(copy, 'src/analysers/interface/catalogue.ts');
    writeFileSync(
      catalogue,
      readFileSync(catalogue, 'utf8')
        .split('\n')
        .filter((l) => !l.includes('scaffoldedDemoRule'))
        .join('\n'),
    );
    const unregistered = vitest('test/catalogue-rules.test.ts', 'rule registration');
    expect(unregistered.status, shown(unregistered)).not.toBe(0);
    expect(unregistered.stdout + unregistered.stderr).toContain(`${ID} is not in RULES`);
  }, 600_000);

  it('refuses an id that is not kebab-case or already exists, changing nothing', () => {
    const catalogue = readFileSync(path.join(ROOT, 'src/analysers/interface/catalogue.ts'), 'utf8');
    for (const bad of ['Bad_Id', 'single', 'type-changed']) {
      const r = spawnSync(process.execPath, ['scripts/new-rule.mjs', bad], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^new-rule: /);
    }
    expect(readFileSync(path.join(ROOT, 'src/analysers/interface/catalogue.ts'), 'utf8')).toBe(catalogue);
  });
});
