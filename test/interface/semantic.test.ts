/**
 * The semantic decision (src/analysers/interface/semantic/): every case under fixtures/semantic/
 * (old.json, new.json, expected.json with the required bump per direction, about.txt) on the
 * engine and through the front door (`node dist/cli.js diff-schema`). The false alarms the rules
 * raise on syntax (a branch removed that another covers, a bound tightened that an `enum`
 * implies, equal sets written differently …) are not MAJOR; the two `unevaluated*` breaks are, and
 * a vacuous inclusion (a schema that accepts nothing, or everything) is left to the rules.
 * Plus a completeness property: a new schema built to include the old one is never MAJOR for an
 * input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const FIXTURES = path.join(ROOT, 'fixtures/semantic');
const CASES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const DIRECTIONS = ['input', 'output'] as const;

function read(name: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, name, file), 'utf8'));
}

describe('semantic fixtures', () => {
  it('holds the false-alarm groups and both unevaluated* breaks', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(CASES).toContain('unevaluated-properties-property-declared');
    expect(CASES).toContain('unevaluated-items-tuple-shortened');
  });

  for (const name of CASES) {
    const expected = read(name, 'expected.json') as Record<(typeof DIRECTIONS)[number], string>;
    for (const direction of DIRECTIONS) {
      it(`${name}: ${direction} requires ${expected[direction]} (engine)`, () => {
        const findings = diffSchemas(singleSchemaSet(read(name, 'old.json')), singleSchemaSet(read(name, 'new.json')), direction, DEFAULT_POLICY);
        expect(requiredOf(findings)).toBe(expected[direction]);
      });
    }
    // The false alarms are not MAJOR as inputs; the unevaluated* breaks and the vacuous inclusions (the rules decide) are.
    const major = name.startsWith('unevaluated-') || name === 'vacuous-accepts-nothing';
    it(`${name}: the input change is ${major ? '' : 'not '}MAJOR`, () => {
      expect(expected.input === 'major').toBe(major);
    });
  }
});

describe('semantic fixtures through the front door', () => {
  for (const name of CASES) {
    it(`${name}: diff-schema --format json gives the expected bumps`, () => {
      const expected = read(name, 'expected.json') as Record<string, string>;
      for (const direction of DIRECTIONS) {
        const r = runCliBounded(
          ['diff-schema', `fixtures/semantic/${name}/old.json`, `fixtures/semantic/${name}/new.json`, '--direction', direction, '--format', 'json'],
          {
            cwd: ROOT,
            timeoutMs: 30_000,
          },
        );
        expectClean(r, 0);
        const report = JSON.parse(r.stdout) as { required: string; findings: { bump: string; basis?: string }[] };
        expect(report.required, direction).toBe(expected[direction]);
      }
    });
  }

  it('says in the text output, and in the JSON report, that a bump was decided by meaning', () => {
    const args = [
      'diff-schema',
      'fixtures/semantic/union-branch-removed-covered/old.json',
      'fixtures/semantic/union-branch-removed-covered/new.json',
    ];
    const text = runCliBounded([...args, '--direction', 'input'], { cwd: ROOT, timeoutMs: 30_000 });
    expectClean(text, 0);
    expect(text.stdout).toMatch(/union-branch-removed/);
    expect(text.stdout).toMatch(/decided by meaning/);
    const json = runCliBounded([...args, '--direction', 'input', '--format', 'json'], { cwd: ROOT, timeoutMs: 30_000 });
    expectClean(json, 0);
    const report = JSON.parse(json.stdout) as { findings: { id: string; bump: string; basis?: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'union-branch-removed', bump: 'patch', basis: 'semantic' }));
  });
});

/** Small schemas the canonical form reads: scalars with bounds, and objects of them. */
const scalar = fc.oneof(
  fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: 5, max: 20 }) }),
  fc.record({ type: fc.constant('number'), exclusiveMinimum: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 3 }), maxLength: fc.integer({ min: 3, max: 9 }) }),
  fc.record({ enum: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 4 }) }),
  fc.constant({ type: 'boolean' }),
);
const objectSchema = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), scalar, { minKeys: 1, maxKeys: 3 }).chain((properties) =>
  fc.record({
    type: fc.constant('object'),
    properties: fc.constant(properties),
    required: fc.subarray(Object.keys(properties)),
    additionalProperties: fc.boolean(),
  }),
);
const schema = fc.oneof(scalar, objectSchema);

/** A schema that accepts at least what `s` accepts, written another way. */
function including(s: Record<string, unknown>, how: number, extra: Record<string, unknown>): unknown {
  switch (how) {
    case 0:
      return { anyOf: [s, extra] };
    case 1: {
      // Loosened bounds.
      const out: Record<string, unknown> = { ...s };
      if (typeof out.minimum === 'number') out.minimum = out.minimum - 3;
      if (typeof out.maxLength === 'number') out.maxLength = out.maxLength + 2;
      if (typeof out.exclusiveMinimum === 'number') out.exclusiveMinimum = out.exclusiveMinimum - 1;
      return out;
    }
    case 2: {
      // Requirements dropped, the object opened.
      if (s.type !== 'object') return { anyOf: [extra, s] };
      return { ...s, required: [], additionalProperties: true };
    }
    default:
      return { anyOf: [extra, s, { type: 'null' }] };
  }
}

describe('completeness', () => {
  it('a new schema built to include the old one is not MAJOR for an input (nor for the reverse output)', () => {
    fc.assert(
      fc.property(schema, fc.integer({ min: 0, max: 3 }), scalar, (old, how, extra) => {
        const neu = including(old as Record<string, unknown>, how, extra as Record<string, unknown>);
        const input = requiredOf(diffSchemas(singleSchemaSet(old), singleSchemaSet(neu), 'input', DEFAULT_POLICY));
        const output = requiredOf(diffSchemas(singleSchemaSet(neu), singleSchemaSet(old), 'output', DEFAULT_POLICY));
        expect(input, JSON.stringify({ old, neu })).not.toBe('major');
        expect(output, JSON.stringify({ old, neu })).not.toBe('major');
      }),
      { numRuns: 300 },
    );
  });
});
