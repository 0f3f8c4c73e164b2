/**
 * Laws of the interface analyser, checked with fast-check over random pairs of schemas built
 * from every keyword the rule catalogue reads (laws/generate.ts), nested up to depth 3.
 *
 * Each property runs from a fixed seed; FC_SEED=<n> runs them all from another one, and
 * LAWS_RUNS=<n> scales the number of runs (LAWS_RUNS=5000 for a long search).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES, TRAVERSALS } from '../../src/analysers/interface/catalogue.js';
import { diffSchemas, requiredOf, singleSchemaSet, type InterfaceFinding } from '../../src/analysers/interface/diff.js';
import type { Direction } from '../../src/core/finding.js';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.js';
import {
  childPair,
  getAt,
  keywordsOf,
  mutatedPair,
  rewrittenPair,
  rewrittenSide,
  schemaPair,
  schemaPlaces,
  setAt,
  TEXTS,
  VALUES,
  type Node,
  type Pair,
  type Schema,
} from './laws/generate.js';
import { allowedBumps, ASYMMETRIES, EXCEPTED, isDocumentedAsymmetry, matchMirrors, MIRROR, withoutExcepted } from './laws/mirror.js';

const NUM_RUNS = Number(process.env.LAWS_RUNS ?? 1500);
const FC_SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/** fast-check parameters: a fixed seed per property, unless FC_SEED overrides it. */
function params(seed: number, numRuns = NUM_RUNS): fc.Parameters<unknown> {
  return { seed: FC_SEED ?? seed, numRuns };
}

// ---------------------------------------------------------------------------------------------
// Generators

/**
 * Keyword-by-keyword pairs; structural mutations (lift into a union, negate, `false` …); and
 * pairs with one side rewritten without changing its meaning (a `$ref` into `$defs` …).
 */
const pairArb: fc.Arbitrary<Pair> = fc.oneof(
  { weight: 4, arbitrary: schemaPair(3) },
  { weight: 1, arbitrary: rewrittenSide(schemaPair(3)) },
  {
    weight: 1,
    arbitrary: mutatedPair(
      schemaPair(2).map(([o]) => o),
      childPair(1).map(([, n]) => n),
    ),
  },
);
const schemaArb: fc.Arbitrary<Node> = schemaPair(3).map(([o]) => o);

// ---------------------------------------------------------------------------------------------
// Helpers

function diff(o: unknown, n: unknown, direction: Direction, policy: Policy = DEFAULT_POLICY): InterfaceFinding[] {
  // Verdicts only: the witnesses are tested in witness.test.ts.
  return diffSchemas(singleSchemaSet(o), singleSchemaSet(n), direction, policy, { witnesses: false });
}

const brief = (fs: InterfaceFinding[]) => fs.map((f) => `${f.id} ${f.bump} ${f.pointer} ${f.instancePath}`);

/** Keywords the catalogue reads (rules and traversals), which the generator must produce. */
const READ_KEYWORDS = [...new Set([...RULES.flatMap((r) => r.keywords), ...TRAVERSALS.flatMap((t) => t.keywords)])].sort();

/**
 * Symmetry, finding by finding: each change is seen from both sides, at the same place, with the
 * same bump, except for exactly the documented asymmetries.
 */
function checkSymmetry(o: Node, n: Node, policy: Policy): void {
  const forward = diff(o, n, 'input', policy);
  const backward = diff(n, o, 'output', policy);

  // The verdicts agree once the documented asymmetric findings (and their mirrors) are set aside.
  expect(requiredOf(withoutExcepted(forward))).toBe(requiredOf(withoutExcepted(backward)));

  const m = matchMirrors(forward, backward);
  expect({ forward: brief(m.forward), backward: brief(m.backward) }).toEqual({ forward: [], backward: [] });
  for (const { finding, pairs } of m.mirrored) {
    const seen = pairs.map(([f, b]) => `${f.id} (${f.bump}) ↔ ${b.id} (${b.bump})`);
    const ok = pairs.some(([f, b]) => allowedBumps(f, b, { old: o, new: n, policy }).some(([x, y]) => x === f.bump && y === b.bump));
    expect(ok, `${finding.id} at ${finding.pointer}: ${seen.join('; ')}`).toBe(true);
  }

  // So whenever the full verdicts disagree, a documented asymmetry is the cause.
  if (requiredOf(forward) !== requiredOf(backward)) {
    expect(m.mirrored.some(({ pairs }) => pairs.some(([f, b]) => f.bump !== b.bump && isDocumentedAsymmetry(f, b)))).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------

describe('generator', () => {
  const samples = fc.sample(pairArb, { numRuns: 1500, seed: FC_SEED ?? 1 });

  it('produces every keyword the catalogue reads, boolean sub-schemas and nested combinators', () => {
    const seen = new Set<string>();
    let booleans = 0;
    let nestedCombinators = 0;
    for (const [o, n] of samples) {
      for (const s of [o, n]) {
        for (const k of keywordsOf(s)) seen.add(k);
        for (const p of schemaPlaces(s)) {
          const v = getAt(s, p);
          if (typeof v === 'boolean' && p.length > 0) booleans++;
          const inCombinator = p.some((k) => k === 'anyOf' || k === 'oneOf' || k === 'allOf' || k === 'not' || k === 'if');
          if (inCombinator && typeof v === 'object' && v !== null && ['anyOf', 'oneOf', 'allOf', 'not', 'if'].some((k) => k in v))
            nestedCombinators++;
        }
      }
    }
    expect(READ_KEYWORDS.filter((k) => !seen.has(k))).toEqual([]);
    // The draft-07 forms and the annotations the catalogue does not list as keywords of its own.
    for (const k of ['additionalItems', 'dependencies', 'default', 'examples', '$comment']) expect(seen, k).toContain(k);
    expect(booleans).toBeGreaterThan(100);
    expect(nestedCombinators).toBeGreaterThan(20);
  });

  it('fires every rule but keyword-changed (no generated keyword is unclaimed), in both directions', () => {
    const ids = { input: new Set<string>(), output: new Set<string>() };
    for (const [o, n] of samples) for (const d of ['input', 'output'] as const) for (const f of diff(o, n, d)) ids[d].add(f.id);
    for (const d of ['input', 'output'] as const) {
      expect(
        // Rules bound to a serving runtime's type lattice never fire under the JSON lattice the laws hold in (their fixtures cover them).
        RULES.filter((r) => !r.lattices)
          .map((r) => r.id)
          .filter((id) => id !== 'keyword-changed' && !ids[d].has(id)),
        d,
      ).toEqual([]);
    }
    expect([...ids.input, ...ids.output]).not.toContain('keyword-changed');
  });

  it('meets every documented asymmetry (so none is listed without need)', () => {
    const met = new Set<string>();
    for (const [o, n] of samples) {
      const m = matchMirrors(diff(o, n, 'input'), diff(n, o, 'output'));
      for (const { pairs } of m.mirrored)
        for (const [f, b] of pairs) if (f.bump !== b.bump && isDocumentedAsymmetry(f, b)) met.add(`${f.id} ↔ ${b.id}`);
    }
    expect(ASYMMETRIES.map((a) => `${a.forward} ↔ ${a.backward}`).filter((a) => !met.has(a))).toEqual([]);
  });

  it('MIRROR names every rule and is an involution', () => {
    expect(Object.keys(MIRROR).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const [a, b] of Object.entries(MIRROR)) expect(MIRROR[b]).toBe(a);
  });

  it('the asymmetries are exactly the consumer-protection rows of docs/compatibility.md, and deprecated-marked', () => {
    const docs = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/compatibility.md'), 'utf8');
    // The first table: the rules that depart from pure set semantics (later tables list peer-suite cases).
    const departures = docs.slice(0, docs.indexOf('\n## ') >>> 0);
    const rows = [...departures.matchAll(/^\| `([a-z-]+)`[^|]*\|/gm)].map((m) => m[1]!);
    // The runtime rules (dtype-changed, dtype-converted) depart under an imported interface's lattice only.
    expect(rows.sort()).toEqual([
      'default-changed',
      'dtype-changed',
      'dtype-converted',
      'enum-value-added',
      'property-added',
      'property-removed-from-closed',
    ]);
    for (const a of ASYMMETRIES) {
      const ids = [a.forward, a.backward];
      expect(
        ids.some((id) => rows.includes(id) || id === 'deprecated-marked'),
        ids.join(' ↔ '),
      ).toBe(true);
      // Each asymmetry reads a rule and its mirror (deprecated-marked's reverse is an annotation).
      expect(MIRROR[a.forward] === a.backward || ids.includes('deprecated-marked'), ids.join(' ↔ ')).toBe(true);
    }
    expect([...EXCEPTED].sort()).toEqual(
      [
        'annotation-changed',
        'default-changed',
        'deprecated-marked',
        'enum-value-added',
        'enum-value-removed',
        'property-added',
        'property-added-to-closed',
        'property-removed',
        'property-removed-from-closed',
      ].sort(),
    );
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
      params(101),
    );
  });

  it('(1b) a meaning-preserving rewrite ($ref into $defs, keywords split into allOf, a single-branch union) yields no bump', () => {
    fc.assert(
      fc.property(rewrittenPair(schemaArb), ([s, rewritten, how]) => {
        for (const direction of ['input', 'output'] as const) {
          for (const [a, b] of [
            [s, rewritten],
            [rewritten, s],
          ]) {
            // default-changed aside: where merged schemas give conflicting defaults the first wins,
            // and a reference can change which one is first.
            const bumped = diff(a, b, direction).filter((f) => f.bump !== 'none' && f.id !== 'default-changed');
            expect(brief(bumped), `${how}: ${JSON.stringify([a, b])}`).toEqual([]);
          }
        }
      }),
      params(150),
    );
  });

  it('(2) symmetry: input verdict of old → new equals output verdict of new → old, but for the documented asymmetries', () => {
    fc.assert(
      fc.property(pairArb, ([o, n]) => checkSymmetry(o, n, DEFAULT_POLICY)),
      params(202, NUM_RUNS * 2),
    );
  });

  it('(2b) symmetry holds under every policy', () => {
    const policyArb = fc.record({
      bump: fc.constantFrom('at-least' as const, 'exact' as const),
      openContent: fc.constantFrom('lenient' as const, 'strict' as const),
      outputEnumExtension: fc.constantFrom('major' as const, 'minor' as const),
      allowModelRemoval: fc.boolean(),
      notify: fc.constantFrom('major' as const, 'minor' as const, 'never' as const),
      deprecationDays: fc.nat(400),
      requireDeprecation: fc.boolean(),
    });
    fc.assert(
      fc.property(pairArb, policyArb, ([o, n], policy) => checkSymmetry(o, n, policy)),
      params(303),
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
      params(404),
    );
  });

  it('(4) changing nothing but annotations never yields a bump', () => {
    const ANNOTATIONS = ['title', 'description', 'examples', '$comment', 'readOnly', 'writeOnly'] as const;
    fc.assert(
      fc.property(schemaArb, fc.gen(), (s, gen) => {
        // Annotations added, reworded or removed at random sub-schemas (`true` stays `true`, as `{}` plus annotations).
        let renamed: Node = s;
        for (const place of schemaPlaces(s)) {
          const v = getAt(renamed, place);
          if (typeof v === 'boolean' && v === false) continue;
          const out: Schema = typeof v === 'boolean' ? {} : { ...(v as Schema) };
          let touched = false;
          for (const k of ANNOTATIONS) {
            const op = gen(fc.constantFrom, 'keep', 'keep', 'drop', 'set');
            if (op === 'drop' && k in out) (delete out[k], (touched = true));
            else if (op === 'set') {
              out[k] =
                k === 'examples'
                  ? gen(fc.array, fc.constantFrom(...VALUES), { maxLength: 2 })
                  : k === 'readOnly' || k === 'writeOnly'
                    ? gen(fc.boolean)
                    : gen(fc.constantFrom, ...TEXTS, 'Renamed');
              touched = true;
            }
          }
          if (touched) renamed = setAt(renamed, place, out);
        }
        for (const direction of ['input', 'output'] as const) {
          const pairText = JSON.stringify([s, renamed]);
          expect(brief(diff(s, renamed, direction).filter((f) => f.id !== 'annotation-changed' || f.bump !== 'none')), pairText).toEqual([]);
          expect(requiredOf(diff(renamed, s, direction)), pairText).toBe('none');
        }
      }),
      params(505),
    );
  });
});
