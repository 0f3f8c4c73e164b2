/**
 * The rule fixtures through the front door: every case under fixtures/rules/<rule-id>/<case>/
 * compared by `node dist/cli.js diff-schema old.json new.json --direction … --format json`
 * (with its policy.json as a policy file and its options.json's lattice as `--lattice`), giving the findings (rule id, bump, pointer,
 * instance path) and the required bump that expected.json states, as test/interface/rules.test.ts
 * checks on the engine.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { runCliPool } from '../helpers/cli-pool.js';
import { STACK_TRACE, type FrontDoorResult } from '../helpers/front-door.js';

const FIXTURES = path.join(ROOT, 'fixtures/rules');
const DIRECTIONS = ['input', 'output'] as const;

interface ExpectedFinding {
  id: string;
  bump: string;
  pointer: string;
  instancePath: string;
}
type Expected = Record<(typeof DIRECTIONS)[number], { required: string; findings: ExpectedFinding[] }>;

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function sorted(findings: ExpectedFinding[]): ExpectedFinding[] {
  const key = (f: ExpectedFinding) => JSON.stringify([f.pointer, f.id, f.instancePath, f.bump]);
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A fixture's options.json `lattice`, given to the CLI as `--lattice`. */
function latticeOf(caseDir: string): string | undefined {
  const file = path.join(caseDir, 'options.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { lattice?: string }).lattice : undefined;
}

/** The policy file's keys are kebab-case; a fixture's policy.json holds Policy fields. */
function policyFile(caseDir: string, tmp: string, name: string): string | undefined {
  const file = path.join(caseDir, 'policy.json');
  if (!existsSync(file)) return undefined;
  const fields = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const kebab = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]));
  const out = path.join(tmp, `${name.replace(/\//g, '__')}.policy.json`);
  writeFileSync(out, JSON.stringify(kebab));
  return out;
}

const CASES = subdirs(FIXTURES).flatMap((rule) =>
  subdirs(path.join(FIXTURES, rule)).map((name) => ({ label: `${rule}/${name}`, dir: path.join(FIXTURES, rule, name) })),
);

describe('rule fixtures through `node dist/cli.js diff-schema`', () => {
  let tmp = '';
  const results = new Map<string, FrontDoorResult>();

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'mcg-rules-cli-'));
    const runs: { key: string; args: string[] }[] = [];
    for (const c of CASES) {
      const policy = policyFile(c.dir, tmp, c.label);
      for (const direction of DIRECTIONS) {
        const args = ['diff-schema', path.join(c.dir, 'old.json'), path.join(c.dir, 'new.json'), '--direction', direction, '--format', 'json'];
        const lattice = latticeOf(c.dir);
        runs.push({
          key: `${c.label} ${direction}`,
          args: [...args, ...(policy ? ['--policy', policy] : []), ...(lattice ? ['--lattice', lattice] : [])],
        });
      }
    }
    const started = Date.now();
    const out = await runCliPool(runs.map((r) => r.args));
    console.log(`rule fixtures through the CLI: ${runs.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    runs.forEach((r, i) => results.set(r.key, out[i]!));
  }, 300_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the cases', () => {
    expect(CASES.length).toBeGreaterThan(50);
  });

  describe.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    it.each(DIRECTIONS)('%s direction', (direction) => {
      const expected = (JSON.parse(readFileSync(path.join(c.dir, 'expected.json'), 'utf8')) as Expected)[direction];
      const r = results.get(`${c.label} ${direction}`)!;
      const shown = `exit ${r.code}${r.timedOut ? ' (killed)' : ''}\n${r.stderr.slice(0, 1000)}`;
      expect(r.timedOut, shown).toBe(false);
      expect(r.code, shown).toBe(0);
      expect(r.stderr, shown).not.toMatch(STACK_TRACE);
      const got = JSON.parse(r.stdout) as { required: string; findings: (ExpectedFinding & Record<string, unknown>)[] };
      const findings = got.findings.map(({ id, bump, pointer, instancePath }) => ({
        id,
        bump,
        pointer: pointer ?? '',
        instancePath: instancePath ?? '',
      }));
      expect(sorted(findings)).toEqual(sorted(expected.findings));
      expect(got.required).toBe(expected.required);
      for (const f of got.findings) expect(f.direction).toBe(direction);
    });
  });
});
