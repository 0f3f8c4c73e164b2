/**
 * The soundness oracle of the interface analyser (issue 3, law 5), property-based.
 *
 * A non-MAJOR verdict is a claim about sets of instances: for `input`, every instance valid under
 * OLD is valid under NEW; for `output`, every instance valid under NEW is valid under OLD. Schema
 * pairs are real schemas — every old.json/new.json under fixtures/rules/**, and the
 * original/updated schemas of the peer suite ../shared/corpora/apicurio-jsonschema — as they are,
 * reversed, and mutated (test/interface/soundness/mutate.ts: properties, required, bounds, enum and
 * const, types, additionalProperties, items and tuples, pattern, format, multipleOf, unions, not,
 * if/then/else, patternProperties, propertyNames, dependencies, contains, uniqueItems, boolean
 * schemas, `$ref` refactors, annotations). For each claim, instances are generated from the side
 * that must be contained, kept when ajv accepts them there, and checked against the other side.
 * Any instance that fails there is a counterexample, i.e. a bug in the analyser: the test fails
 * and prints each cause once, with its smallest (shrunk) old / new / instance / direction.
 *
 * The oracle runs with policy `openContent: strict` and without `x-extensible-enum` (both
 * documented, deliberate relaxations; see oracle.ts and corpus.ts).
 *
 * Seeds: the default run is deterministic: one fixed seed (SOUNDNESS_SEED, default below). A
 * second, exploring pass runs only when FC_SEED is set; `npm run explore` picks a fresh seed, prints
 * it, and runs this file and the laws with it (reproduce with `FC_SEED=<seed> npm run explore`).
 * Size: SOUNDNESS_RUNS (mutated pairs per seed and corpus), SOUNDNESS_CANDIDATES (instances tried
 * per claim). Without ../shared the peer-suite part is skipped, with the reason in its title,
 * unless MODEL_CONTRACT_GATE_REQUIRE_SHARED=1, which makes it fail.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { APICURIO, apicurioPairs, type BasePair, fixturePairs, sharedAvailable } from './soundness/corpus.js';
import { type Crash, examinePair, type Judge } from './soundness/oracle.js';
import { describeCrashes, describeGroups, emptyStats, group, runMutations, runUnmutated, type RunStats, summary } from './soundness/run.js';

const FIXED_SEED = Number(process.env.SOUNDNESS_SEED ?? 20261101);
/** The exploring seed, from FC_SEED (set by `npm run explore`); absent in the default run. */
const FRESH_SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
const RUNS = Number(process.env.SOUNDNESS_RUNS ?? 3000);
/** Time to spend shrinking counterexamples for the report, per test. */
const SHRINK_MS = Number(process.env.SOUNDNESS_SHRINK_MS ?? 3000);
/** A hang guard, not a timing assertion. */
const GUARD_MS = 300_000;

const REQUIRE_SHARED = process.env.MODEL_CONTRACT_GATE_REQUIRE_SHARED === '1';
const SHARED = sharedAvailable();

const crashes: Crash[] = [];

function verdictOf(stats: RunStats, label: string, seedNote: string): string {
  crashes.push(...stats.crashes);
  const line = `${label}: ${summary(stats)}`;
  console.log(line);
  if (stats.counterexamples.length === 0) return '';
  const groups = group(stats.counterexamples, SHRINK_MS);
  return `${line}\n${seedNote}\nCounterexamples by cause (smallest of each, shrunk where time allowed):\n${describeGroups(groups)}`;
}

/** Fail with the report as the message (a diff against '' would only repeat it in red). */
function failOn(report: string): void {
  if (report !== '') expect.fail(report);
}

function suite(name: string, bases: () => BasePair[]): void {
  it(
    'holds on the pairs as they are, in both orientations',
    () => {
      const stats = emptyStats();
      runUnmutated(bases(), stats);
      expect(stats.claims, 'no non-MAJOR verdict to test').toBeGreaterThan(0);
      failOn(verdictOf(stats, `${name}, unmutated`, 'deterministic: no seed involved'));
    },
    GUARD_MS,
  );

  it(
    `holds on mutated pairs (fixed seed ${FIXED_SEED})`,
    () => {
      const stats = emptyStats();
      runMutations(bases(), FIXED_SEED, RUNS, stats);
      expect(stats.claimsTested, 'no claim got a valid instance').toBeGreaterThan(0);
      failOn(verdictOf(stats, `${name}, mutated, seed ${FIXED_SEED}`, `reproduce: SOUNDNESS_SEED=${FIXED_SEED} SOUNDNESS_RUNS=${RUNS}`));
    },
    GUARD_MS,
  );

  it.runIf(FRESH_SEED !== undefined)(
    `holds on mutated pairs (exploring seed ${FRESH_SEED})`,
    () => {
      const seed = FRESH_SEED!;
      const stats = emptyStats();
      runMutations(bases(), seed, Math.ceil(RUNS / 2), stats);
      failOn(
        verdictOf(
          stats,
          `${name}, mutated, seed ${seed}`,
          `reproduce: FC_SEED=${seed} SOUNDNESS_RUNS=${RUNS} npx vitest run test/interface/soundness.test.ts`,
        ),
      );
    },
    GUARD_MS,
  );
}

describe('the oracle itself', () => {
  // A judge that calls everything compatible: the oracle must catch it exactly where it lies.
  const yes: Judge = () => ({ bump: 'none', findings: [] });
  const D04 = 'http://json-schema.org/draft-04/schema#';
  const D07 = 'http://json-schema.org/draft-07/schema#';
  const CASES: [string, unknown, unknown, ('input' | 'output')[]][] = [
    ['maximum lowered', { type: 'integer', maximum: 100 }, { type: 'integer', maximum: 50 }, ['input']],
    [
      'pattern added',
      { type: 'object', properties: { id: { type: 'string' } } },
      { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]+$' } } },
      ['input'],
    ],
    [
      'anyOf branch added',
      { anyOf: [{ type: 'string' }] },
      { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] },
      ['output'],
    ],
    [
      'required added',
      { type: 'object', properties: { a: { type: 'string' } } },
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      ['input'],
    ],
    ['multipleOf 10 → 5', { type: 'integer', multipleOf: 10 }, { type: 'integer', multipleOf: 5 }, ['output']],
    [
      'draft-04 exclusive minimum = draft-07 exclusiveMinimum',
      { $schema: D04, type: 'number', minimum: 10, exclusiveMinimum: true },
      { $schema: D07, type: 'number', exclusiveMinimum: 10 },
      [],
    ],
    ['format added', { type: 'string' }, { type: 'string', format: 'date' }, ['input']],
    ['enum value added', { enum: ['cat', 'dog'] }, { enum: ['cat', 'dog', 'bird'] }, ['output']],
  ];
  it.each(CASES)('catches a lying verdict exactly where it lies: %s', (_name, o, n, lies) => {
    const r = examinePair(o, n, 'self-test', 7, 200, yes);
    expect(r.skipped).toBeUndefined();
    expect(r.claims).toBe(2);
    expect(r.claimsTested).toBe(2);
    expect(r.counterexamples.map((c) => c.direction).sort()).toEqual([...lies].sort());
  });
});

describe('soundness oracle: rule fixtures (fixtures/rules/**)', () => {
  const bases = fixturePairs();
  it('finds the fixture pairs', () => {
    expect(bases.length).toBeGreaterThan(10);
  });
  suite('fixtures', () => bases);
});

const sharedTitle = SHARED
  ? 'soundness oracle: peer suite (apicurio-jsonschema)'
  : REQUIRE_SHARED
    ? `soundness oracle: peer suite (apicurio-jsonschema) — MISSING: ${APICURIO} does not exist, and MODEL_CONTRACT_GATE_REQUIRE_SHARED=1`
    : `soundness oracle: peer suite (apicurio-jsonschema) — SKIPPED: ${APICURIO} does not exist (no ../shared beside the repository); ` +
      'set MODEL_CONTRACT_GATE_REQUIRE_SHARED=1 to make this a failure';

describe.skipIf(!SHARED && !REQUIRE_SHARED)(sharedTitle, () => {
  it('has the peer suite', () => {
    expect(SHARED, `${APICURIO} is missing and MODEL_CONTRACT_GATE_REQUIRE_SHARED=1`).toBe(true);
  });
  if (SHARED) suite('apicurio', () => apicurioPairs());
});

describe('soundness oracle: crashes', () => {
  it('the analyser answers every generated pair of valid schemas without throwing', () => {
    const text = crashes.length === 0 ? '' : `${crashes.length} crashes, one per message:\n${describeCrashes(crashes)}`;
    failOn(text);
  });
});

afterAll(() => {
  if (!SHARED && !REQUIRE_SHARED) console.log(`soundness oracle: peer-suite part skipped: ${APICURIO} not found`);
});
