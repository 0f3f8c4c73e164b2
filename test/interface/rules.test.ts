/**
 * Table-driven tests of the interface rules: one folder per case under
 * fixtures/rules/<rule-id>/<case>/ with old.json, new.json, expected.json and an optional
 * policy.json (partial Policy merged over DEFAULT_POLICY) and an optional options.json (the
 * analyser's options, e.g. `{"lattice": "exact-dtype"}`). Expected values are derived from the
 * brief's compatibility table, for both directions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/analysers/interface/catalogue.js';
import { diffSchemas, requiredOf, singleSchemaSet, type DiffOptions } from '../../src/analysers/interface/diff.js';
import { BUMPS, type Bump } from '../../src/core/bump.js';
import type { Direction } from '../../src/core/finding.js';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rules');
const DIRECTIONS: Direction[] = ['input', 'output'];

interface ExpectedFinding {
  id: string;
  bump: Bump;
  pointer: string;
  instancePath: string;
}
interface ExpectedSide {
  required: Bump;
  findings: ExpectedFinding[];
}
type Expected = Record<Direction, ExpectedSide>;

interface Case {
  rule: string;
  name: string;
  dir: string;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const RULE_DIRS = subdirs(FIXTURES);
const CASES: Case[] = RULE_DIRS.flatMap((rule) =>
  subdirs(path.join(FIXTURES, rule)).map((name) => ({ rule, name, dir: path.join(FIXTURES, rule, name) })),
);

/** Findings compare by pointer, then rule id, then instance path, then bump. */
function compareFindings(a: ExpectedFinding, b: ExpectedFinding): number {
  for (const k of ['pointer', 'id', 'instancePath', 'bump'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}

function policyOf(c: Case): Policy {
  const file = path.join(c.dir, 'policy.json');
  return existsSync(file) ? { ...DEFAULT_POLICY, ...(readJson(file) as Partial<Policy>) } : DEFAULT_POLICY;
}

function optionsOf(c: Case): DiffOptions {
  const file = path.join(c.dir, 'options.json');
  return existsSync(file) ? (readJson(file) as DiffOptions) : {};
}

describe('rule fixtures', () => {
  it('finds case folders', () => {
    expect(CASES.length).toBeGreaterThan(0);
  });

  it('has at least one case for every rule in the catalogue', () => {
    const missing = RULES.map((r) => r.id).filter((id) => !RULE_DIRS.includes(id) || subdirs(path.join(FIXTURES, id)).length === 0);
    expect(missing, 'rules without a fixture folder under fixtures/rules/').toEqual([]);
  });

  it('names only rules that exist', () => {
    const ids = new Set(RULES.map((r) => r.id));
    expect(
      RULE_DIRS.filter((d) => !ids.has(d)),
      'fixture folders that name no rule',
    ).toEqual([]);
  });

  it('has a second case for every rule whose bump depends on policy or context', () => {
    const dependent = RULES.filter((r) => Object.values(r.bumps ?? {}).some((b) => typeof b === 'function')).map((r) => r.id);
    expect(dependent.length).toBeGreaterThan(0);
    const short = dependent.filter((id) => !RULE_DIRS.includes(id) || subdirs(path.join(FIXTURES, id)).length < 2);
    expect(short, 'policy- or context-dependent rules with fewer than two cases').toEqual([]);
  });

  it('has complete case folders', () => {
    for (const c of CASES) {
      for (const f of ['old.json', 'new.json', 'expected.json']) expect(existsSync(path.join(c.dir, f)), `${c.rule}/${c.name}/${f}`).toBe(true);
      const extra = readdirSync(c.dir).filter((f) => !['old.json', 'new.json', 'expected.json', 'policy.json', 'options.json'].includes(f));
      expect(extra, `${c.rule}/${c.name}: unexpected files`).toEqual([]);
    }
  });

  describe.each(CASES.map((c) => [`${c.rule}/${c.name}`, c] as const))('%s', (_label, c) => {
    const expected = readJson(path.join(c.dir, 'expected.json')) as Expected;
    const policy = policyOf(c);
    const options = optionsOf(c);

    it('expected.json is well formed and exercises its rule', () => {
      for (const direction of DIRECTIONS) {
        const side = expected[direction];
        expect(BUMPS).toContain(side.required);
        for (const f of side.findings) {
          expect(Object.keys(f).sort()).toEqual(['bump', 'id', 'instancePath', 'pointer']);
          expect(BUMPS).toContain(f.bump);
        }
        // The stated required bump is the maximum of the stated findings.
        expect(side.required).toBe(requiredOf(side.findings.map((f) => ({ ...f, area: 'interface' as const, message: '' }))));
        expect(
          side.findings.some((f) => f.id === c.rule),
          `${direction}: no ${c.rule} finding expected`,
        ).toBe(true);
      }
    });

    it.each(DIRECTIONS)('%s direction', (direction) => {
      const oldSet = singleSchemaSet(readJson(path.join(c.dir, 'old.json')));
      const newSet = singleSchemaSet(readJson(path.join(c.dir, 'new.json')));
      const findings = diffSchemas(oldSet, newSet, direction, policy, options);
      const got = findings
        .map(({ id, bump, pointer, instancePath }) => ({ id, bump, pointer: pointer ?? '', instancePath: instancePath ?? '' }))
        .sort(compareFindings);
      expect(got).toEqual([...expected[direction].findings].sort(compareFindings));
      expect(requiredOf(findings)).toBe(expected[direction].required);
      for (const f of findings) expect(f.direction).toBe(direction);
    });
  });
});
