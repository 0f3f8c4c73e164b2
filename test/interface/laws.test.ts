/**
 * Laws of the interface analyser, checked with fast-check over random schemas built from the
 * keywords the rule catalogue covers, nested up to depth 3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/analysers/interface/catalogue.js';
import { diffSchemas, requiredOf, singleSchemaSet, type InterfaceFinding } from '../../src/analysers/interface/diff.js';
import type { Bump } from '../../src/core/bump.js';
import type { Direction } from '../../src/core/finding.js';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.js';

type Schema = Record<string, unknown>;

/** More runs: LAWS_RUNS=5000 npx vitest run test/interface/laws.test.ts */
const NUM_RUNS = Number(process.env.LAWS_RUNS ?? 300);

// ---------------------------------------------------------------------------------------------
// Generators

const NAMES = ['id', 'score', 'label'] as const;
const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'] as const;
const VALUES = ['cat', 'dog', 'bird', 0, 1, null] as const;
const TEXTS = ['Score', 'Predicted label', 'Item id', 'An embedding'] as const;

/** Mostly absent: a schema that sets every keyword says little. */
function maybe<T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
}

/** An old and a new value for one keyword: equal most of the time, so pairs stay related. */
function pair<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<[T, T]> {
  return fc.tuple(arb, arb, fc.nat(9)).map(([a, b, k]): [T, T] => (k < 6 ? [a, a] : [a, b]));
}

const typeArb = fc.oneof(fc.constantFrom(...TYPES), fc.subarray([...TYPES], { minLength: 1, maxLength: 3 }));
const valuesArb = fc.oneof(
  fc.subarray([...VALUES], { minLength: 0, maxLength: 4 }).map((v) => ({ enum: v })),
  fc.constantFrom(...VALUES).map((v) => ({ const: v })),
);
const smallInt = fc.integer({ min: 0, max: 4 });
const BOUND_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

type Pair = [Schema, Schema];

function assemble(parts: Record<string, unknown>): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(parts)) if (v !== undefined) out[k] = v;
  return out;
}

const pairsByDepth = new Map<number, fc.Arbitrary<Pair>>();

/** A pair of related schemas (old, new) nested at most `depth` levels below this one. */
function schemaPair(depth: number): fc.Arbitrary<Pair> {
  const cached = pairsByDepth.get(depth);
  if (cached) return cached;
  const leaf = fc.record({
    type: pair(maybe(typeArb, 3)),
    values: pair(maybe(valuesArb)),
    bounds: fc.tuple(...BOUND_KEYWORDS.map(() => pair(maybe(smallInt)))),
    // A fixed array length (minItems = maxItems), as tensors have.
    fixed: pair(maybe(fc.constantFrom(2, 3))),
    title: pair(maybe(fc.constantFrom(...TEXTS))),
    description: pair(maybe(fc.constantFrom(...TEXTS))),
    default: pair(maybe(fc.constantFrom(...VALUES))),
  });
  const child = depth > 0 ? schemaPair(depth - 1) : undefined;
  const nested = child
    ? fc.record({
        items: fc.tuple(pair(maybe(fc.constant(true))), child),
        properties: fc.tuple(...NAMES.map(() => fc.tuple(pair(fc.nat(2).map((n) => n === 2)), child))),
        required: pair(maybe(fc.subarray([...NAMES], { minLength: 1 }))),
        additionalProperties: fc.tuple(pair(maybe(fc.constantFrom('true', 'false', 'schema') as fc.Arbitrary<'true' | 'false' | 'schema'>)), child),
      })
    : fc.constant(undefined);
  const arb = fc.tuple(leaf, nested).map(([l, n]): Pair => {
    const sides: Pair = [{}, {}];
    for (const s of [0, 1] as const) {
      const parts: Record<string, unknown> = {
        title: l.title[s],
        description: l.description[s],
        type: l.type[s],
        ...(l.values[s] ?? {}),
        default: l.default[s],
      };
      BOUND_KEYWORDS.forEach((k, i) => (parts[k] = l.bounds[i]![s]));
      if (l.fixed[s] !== undefined) parts.minItems = parts.maxItems = l.fixed[s];
      if (n) {
        if (n.items[0][s]) parts.items = n.items[1][s];
        const props: Schema = {};
        NAMES.forEach((name, i) => {
          const [presence, childPair] = n.properties[i]!;
          if (presence[s]) props[name] = childPair[s];
        });
        if (Object.keys(props).length > 0) parts.properties = props;
        parts.required = n.required[s];
        const ap = n.additionalProperties[0][s];
        parts.additionalProperties = ap === 'true' ? true : ap === 'false' ? false : ap === 'schema' ? n.additionalProperties[1][s] : undefined;
      }
      sides[s] = assemble(parts);
    }
    return sides;
  });
  pairsByDepth.set(depth, arb);
  return arb;
}

const pairArb = schemaPair(3);
const schemaArb = pairArb.map(([o]) => o);

// ---------------------------------------------------------------------------------------------
// Helpers

function diff(o: unknown, n: unknown, direction: Direction, policy: Policy = DEFAULT_POLICY): InterfaceFinding[] {
  return diffSchemas(singleSchemaSet(o), singleSchemaSet(n), direction, policy);
}

/**
 * Every rule and the rule that reports the same change seen backwards (old and new swapped):
 * a widening read backwards is the matching narrowing.
 */
const MIRROR: Record<string, string> = {
  'annotation-changed': 'annotation-changed',
  'default-changed': 'default-changed',
  'type-widened': 'type-narrowed',
  'type-narrowed': 'type-widened',
  'type-changed': 'type-changed',
  'enum-value-added': 'enum-value-removed',
  'enum-value-removed': 'enum-value-added',
  'enum-replaced': 'enum-replaced',
  'enum-introduced': 'enum-lifted',
  'enum-lifted': 'enum-introduced',
  'range-tightened': 'range-loosened',
  'range-loosened': 'range-tightened',
  'length-tightened': 'length-loosened',
  'length-loosened': 'length-tightened',
  'item-count-tightened': 'item-count-loosened',
  'item-count-loosened': 'item-count-tightened',
  'fixed-length-changed': 'fixed-length-changed',
  'property-added': 'property-removed',
  'property-removed': 'property-added',
  'property-added-to-closed': 'property-removed-from-closed',
  'property-removed-from-closed': 'property-added-to-closed',
  'required-added': 'required-removed',
  'required-removed': 'required-added',
  'additional-properties-narrowed': 'additional-properties-widened',
  'additional-properties-widened': 'additional-properties-narrowed',
  'keyword-changed': 'keyword-changed',
};

/** The documented consumer-protection rules (brief, "Interface compatibility"). */
const CONSUMER_PROTECTION = ['property-removed', 'property-removed-from-closed', 'property-added', 'enum-value-added', 'default-changed'];

/**
 * Ignoring a finding in one diff means ignoring its mirror in the other, or the comparison would
 * see half a change: the excepted set is closed under MIRROR.
 */
const EXCEPTED = new Set(CONSUMER_PROTECTION.flatMap((id) => [id, MIRROR[id]!]));

/**
 * The only pairs (input bump of old → new, output bump of new → old) allowed to differ, under the
 * default policy: the consumer-protection rows of the brief's table.
 */
const DOCUMENTED_ASYMMETRY: Record<string, [Bump, Bump]> = {
  // default changed: MINOR on input, none on output.
  'default-changed': ['minor', 'none'],
  // optional property added to an open input: MINOR; read backwards it is a property removed
  // from an output: MAJOR (consumers that read it lose it).
  'property-added': ['minor', 'major'],
  // optional property added to a closed input: MINOR; backwards, removed from a closed output: MAJOR.
  'property-added-to-closed': ['minor', 'major'],
  // Not listed, because the two sides agree: property-removed (MINOR) ↔ property-added (MINOR),
  // property-removed-from-closed (MAJOR) ↔ property-added-to-closed (MAJOR), enum-value-added
  // (MINOR) ↔ enum-value-removed (MINOR), enum-value-removed (MAJOR) ↔ enum-value-added (MAJOR).
};

function withoutExcepted(findings: InterfaceFinding[]): InterfaceFinding[] {
  return findings.filter((f) => !EXCEPTED.has(f.id));
}

function locus(f: InterfaceFinding): string {
  return `${f.pointer}|${f.instancePath}`;
}

interface Unmatched {
  forward: InterfaceFinding[];
  backward: InterfaceFinding[];
  pairs: [InterfaceFinding, InterfaceFinding][];
}

/** Match each finding of the input diff (old → new) with its mirror in the output diff (new → old). */
function matchMirrors(forward: InterfaceFinding[], backward: InterfaceFinding[]): Unmatched {
  const left = [...backward];
  const pairs: [InterfaceFinding, InterfaceFinding][] = [];
  const unmatched: InterfaceFinding[] = [];
  for (const f of forward) {
    const i = left.findIndex((b) => b.id === MIRROR[f.id] && locus(b) === locus(f));
    if (i < 0) unmatched.push(f);
    else pairs.push([f, left.splice(i, 1)[0]!]);
  }
  return { forward: unmatched, backward: left, pairs };
}

const brief = (fs: InterfaceFinding[]) => fs.map((f) => `${f.id} ${f.bump} ${f.pointer} ${f.instancePath}`);

// ---------------------------------------------------------------------------------------------

describe('generator', () => {
  it('covers every keyword the laws are about, and changes often enough to matter', () => {
    const samples = fc.sample(pairArb, { numRuns: 400, seed: 1 });
    const seen = new Set<string>();
    const walk = (s: unknown) => {
      if (typeof s !== 'object' || s === null) return;
      for (const [k, v] of Object.entries(s)) {
        seen.add(k);
        if (k === 'properties') Object.values(v as Schema).forEach(walk);
        else if (k === 'items' || k === 'additionalProperties') walk(v);
      }
    };
    samples.forEach(([o, n]) => (walk(o), walk(n)));
    for (const k of [
      'type',
      'enum',
      'const',
      ...BOUND_KEYWORDS,
      'items',
      'properties',
      'required',
      'additionalProperties',
      'title',
      'description',
      'default',
    ]) {
      expect(seen, k).toContain(k);
    }
    const ids = new Set(samples.flatMap(([o, n]) => [...diff(o, n, 'input'), ...diff(o, n, 'output')].map((f) => f.id)));
    // Every rule but keyword-changed (no generated keyword is unclaimed) fires somewhere.
    expect(RULES.map((r) => r.id).filter((id) => id !== 'keyword-changed' && !ids.has(id))).toEqual([]);
  });

  it('MIRROR names every rule and is an involution', () => {
    expect(Object.keys(MIRROR).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const [a, b] of Object.entries(MIRROR)) expect(MIRROR[b]).toBe(a);
  });
});

describe('laws of the interface diff', () => {
  it('(1) a schema diffed with itself, or with a deep copy of itself, has no findings in either direction', () => {
    fc.assert(
      fc.property(schemaArb, (s) => {
        for (const direction of ['input', 'output'] as const) {
          expect(brief(diff(s, s, direction))).toEqual([]);
          expect(brief(diff(s, structuredClone(s), direction))).toEqual([]);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('(2) symmetry: input verdict of old → new equals output verdict of new → old, but for the consumer-protection rules', () => {
    fc.assert(
      fc.property(pairArb, ([o, n]) => {
        const forward = diff(o, n, 'input');
        const backward = diff(n, o, 'output');

        // The verdicts agree once the consumer-protection findings (and their mirrors) are set aside.
        expect(requiredOf(withoutExcepted(forward))).toBe(requiredOf(withoutExcepted(backward)));

        // Finding by finding: each change is seen from both sides, at the same place...
        const m = matchMirrors(forward, backward);
        expect({ forward: brief(m.forward), backward: brief(m.backward) }).toEqual({ forward: [], backward: [] });
        // ... with the same bump, except for exactly the documented asymmetries.
        for (const [f, b] of m.pairs) {
          const documented = DOCUMENTED_ASYMMETRY[f.id];
          expect([f.id, f.bump, b.bump], `${f.id} at ${f.pointer}`).toEqual([f.id, ...(documented ?? [f.bump, f.bump])]);
        }

        // So whenever the full verdicts disagree, a consumer-protection finding is the cause.
        if (requiredOf(forward) !== requiredOf(backward)) {
          expect(m.pairs.some(([f, b]) => f.bump !== b.bump && (CONSUMER_PROTECTION.includes(f.id) || CONSUMER_PROTECTION.includes(b.id)))).toBe(
            true,
          );
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('(2b) symmetry of the non-excepted verdict holds under every policy', () => {
    const policyArb = fc.record({
      bump: fc.constantFrom('at-least' as const, 'exact' as const),
      openContent: fc.constantFrom('lenient' as const, 'strict' as const),
      outputEnumExtension: fc.constantFrom('major' as const, 'minor' as const),
      allowModelRemoval: fc.boolean(),
    });
    fc.assert(
      fc.property(pairArb, policyArb, ([o, n], policy) => {
        const forward = diff(o, n, 'input', policy);
        const backward = diff(n, o, 'output', policy);
        expect(requiredOf(withoutExcepted(forward))).toBe(requiredOf(withoutExcepted(backward)));
      }),
      { numRuns: NUM_RUNS / 2 },
    );
  });

  it('(3) a JSON round trip of both schemas gives the same findings', () => {
    fc.assert(
      fc.property(pairArb, ([o, n]) => {
        const rt = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
        for (const direction of ['input', 'output'] as const) {
          expect(diff(rt(o), rt(n), direction)).toEqual(diff(o, n, direction));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('(4) changing nothing but annotations never yields a bump', () => {
    const ANNOTATIONS = ['title', 'description', 'examples', '$comment'] as const;
    fc.assert(
      fc.property(schemaArb, fc.gen(), (s, gen) => {
        /** A copy of the schema with annotations added, reworded or removed at random places. */
        const reannotate = (schema: unknown): unknown => {
          if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
          const out: Schema = { ...(schema as Schema) };
          for (const k of ANNOTATIONS) {
            const op = gen(fc.constantFrom, 'keep', 'drop', 'set');
            if (op === 'drop') delete out[k];
            else if (op === 'set')
              out[k] = k === 'examples' ? gen(fc.array, fc.constantFrom(...VALUES), { maxLength: 2 }) : gen(fc.constantFrom, ...TEXTS, 'Renamed');
          }
          if (typeof out.properties === 'object' && out.properties !== null) {
            out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, reannotate(v)]));
          }
          if (out.items !== undefined) out.items = reannotate(out.items);
          if (typeof out.additionalProperties === 'object') out.additionalProperties = reannotate(out.additionalProperties);
          return out;
        };
        const renamed = reannotate(s);
        for (const direction of ['input', 'output'] as const) {
          const findings = diff(s, renamed, direction);
          expect(requiredOf(findings)).toBe('none');
          expect(findings.filter((f) => f.id !== 'annotation-changed' || f.bump !== 'none')).toEqual([]);
          const back = diff(renamed, s, direction);
          expect(requiredOf(back)).toBe('none');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
