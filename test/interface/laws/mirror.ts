/**
 * Every rule and the rule that reports the same change seen backwards (old and new swapped), and
 * the only places where the two are allowed to disagree on the bump: the consumer-protection rows
 * of the brief's table, as docs/compatibility.md lists them, and `deprecated-marked`.
 */
import { jsonEqual } from '../../../src/core/json.js';
import type { Bump } from '../../../src/core/bump.js';
import type { InterfaceFinding } from '../../../src/analysers/interface/diff.js';
import type { Policy } from '../../../src/core/policy.js';

/** A widening read backwards is the matching narrowing; a change is a change both ways. */
export const MIRROR: Record<string, string> = {
  'annotation-changed': 'annotation-changed',
  // Marking deprecated read backwards is an annotation (`annotation-changed`): see ASYMMETRIES.
  'deprecated-marked': 'deprecated-marked',
  'default-changed': 'default-changed',
  'schema-forbidden': 'schema-allowed',
  'schema-allowed': 'schema-forbidden',
  // Bound to a runtime's type lattice (never produced under the JSON lattice the laws are checked in):
  // a datatype change is a change both ways; MLflow's conversion is its own reverse's departure (docs/compatibility.md).
  'dtype-changed': 'dtype-changed',
  'dtype-converted': 'dtype-converted',
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
  'multiple-of-added': 'multiple-of-removed',
  'multiple-of-removed': 'multiple-of-added',
  'multiple-of-widened': 'multiple-of-narrowed',
  'multiple-of-narrowed': 'multiple-of-widened',
  'multiple-of-changed': 'multiple-of-changed',
  'length-tightened': 'length-loosened',
  'length-loosened': 'length-tightened',
  'pattern-added': 'pattern-removed',
  'pattern-removed': 'pattern-added',
  'pattern-changed': 'pattern-changed',
  'format-added': 'format-removed',
  'format-removed': 'format-added',
  'format-widened': 'format-narrowed',
  'format-narrowed': 'format-widened',
  'format-changed': 'format-changed',
  'content-added': 'content-removed',
  'content-removed': 'content-added',
  'content-changed': 'content-changed',
  'item-count-tightened': 'item-count-loosened',
  'item-count-loosened': 'item-count-tightened',
  'fixed-length-changed': 'fixed-length-changed',
  'unique-items-added': 'unique-items-removed',
  'unique-items-removed': 'unique-items-added',
  'contains-added': 'contains-removed',
  'contains-removed': 'contains-added',
  'contains-changed': 'contains-changed',
  'contains-count-tightened': 'contains-count-loosened',
  'contains-count-loosened': 'contains-count-tightened',
  'property-added': 'property-removed',
  'property-removed': 'property-added',
  'property-added-to-closed': 'property-removed-from-closed',
  'property-removed-from-closed': 'property-added-to-closed',
  'required-added': 'required-removed',
  'required-removed': 'required-added',
  'additional-properties-narrowed': 'additional-properties-widened',
  'additional-properties-widened': 'additional-properties-narrowed',
  'pattern-property-added': 'pattern-property-removed',
  'pattern-property-removed': 'pattern-property-added',
  'property-names-added': 'property-names-removed',
  'property-names-removed': 'property-names-added',
  'property-count-tightened': 'property-count-loosened',
  'property-count-loosened': 'property-count-tightened',
  'dependent-required-added': 'dependent-required-removed',
  'dependent-required-removed': 'dependent-required-added',
  'dependent-schema-added': 'dependent-schema-removed',
  'dependent-schema-removed': 'dependent-schema-added',
  'union-branch-added': 'union-branch-removed',
  'union-branch-removed': 'union-branch-added',
  'one-of-relaxed': 'one-of-enforced',
  'one-of-enforced': 'one-of-relaxed',
  'one-of-overlap-changed': 'one-of-overlap-changed',
  'all-of-member-added': 'all-of-member-removed',
  'all-of-member-removed': 'all-of-member-added',
  'not-added': 'not-removed',
  'not-removed': 'not-added',
  'conditional-added': 'conditional-removed',
  'conditional-removed': 'conditional-added',
  'condition-changed': 'condition-changed',
  'keyword-changed': 'keyword-changed',
  'complex-type-changed': 'complex-type-changed',
  'content-type-changed': 'content-type-changed',
  'extension-changed': 'extension-changed',
  'unevaluated-coverage-changed': 'unevaluated-coverage-changed',
};

export interface Asymmetry {
  /** The rule of the input diff (old → new) and the rule of the output diff (new → old). */
  forward: string;
  backward: string;
  /** Their bumps, which differ. */
  bumps: [Bump, Bump];
  /** Only where this holds (default: always). */
  when?: (c: { old: unknown; new: unknown; policy: Policy }) => boolean;
  why: string;
}

const extensible = (c: { old: unknown; new: unknown; policy: Policy }) =>
  c.policy.outputEnumExtension === 'minor' || JSON.stringify([c.old, c.new]).includes('"x-extensible-enum":true');

/**
 * The only findings whose bump may differ from their mirror's: the consumer-protection rows of
 * docs/compatibility.md, and `deprecated-marked`, whose reverse is an annotation.
 */
export const ASYMMETRIES: Asymmetry[] = [
  { forward: 'default-changed', backward: 'default-changed', bumps: ['minor', 'none'], why: 'callers who omit the field get other behavior' },
  {
    forward: 'property-added',
    backward: 'property-removed',
    bumps: ['minor', 'major'],
    when: (c) => c.policy.openContent === 'lenient',
    why: 'an optional property on an open input is additive; consumers of an output that read it lose it',
  },
  {
    forward: 'property-added-to-closed',
    backward: 'property-removed-from-closed',
    bumps: ['minor', 'major'],
    why: 'consumers of an output that read the property lose it',
  },
  {
    forward: 'enum-value-removed',
    backward: 'enum-value-added',
    bumps: ['major', 'minor'],
    when: extensible,
    why: 'an output enum declared extensible (or by policy) may grow',
  },
  {
    forward: 'deprecated-marked',
    backward: 'annotation-changed',
    bumps: ['minor', 'none'],
    why: 'marking deprecated asks for a plan; unmarking documents',
  },
  { forward: 'annotation-changed', backward: 'deprecated-marked', bumps: ['none', 'minor'], why: 'the same, read the other way' },
];

/** Rules whose verdict may differ between the two diffs: set aside when comparing verdicts. */
export const EXCEPTED = new Set(ASYMMETRIES.flatMap((a) => [a.forward, a.backward, MIRROR[a.forward]!, MIRROR[a.backward]!]));

export function withoutExcepted(findings: InterfaceFinding[]): InterfaceFinding[] {
  return findings.filter((f) => !EXCEPTED.has(f.id));
}

/**
 * Where a finding is, comparable across the two diffs. A finding's pointer is its place in the
 * new schema (in the old one for a removal), so the reverse diff reports a change inside a matched
 * union branch or `allOf` member under the other side's index, a tuple position under `items` on
 * one side and `prefixItems` on the other, a dependency under the other side's keyword: those
 * tokens are normalised, and the instance path says which element is meant.
 */
export function locus(f: InterfaceFinding): string {
  const pointer = (f.pointer ?? '')
    .replace(/\/(anyOf|oneOf)\/\d+/g, '/union/*')
    .replace(/\/allOf\/\d+/g, '/allOf/*')
    .replace(/\/(prefixItems|items)\/\d+|\/items|\/additionalItems/g, '/items/*')
    .replace(/\/(dependentSchemas|dependentRequired|dependencies)\//g, '/dependent/');
  return `${pointer}|${f.instancePath}`;
}

/** Can `b` (output, new → old) be the same change as `f` (input, old → new), seen backwards? */
function mirrors(f: InterfaceFinding, b: InterfaceFinding): boolean {
  if (b.instancePath !== f.instancePath) return false;
  if (b.id === MIRROR[f.id]) return true;
  return ASYMMETRIES.some((a) => a.forward === f.id && a.backward === b.id);
}

/** How good a mirror `b` is for `f`: at the same place (or the same up to indices), with old and new swapped. */
function fit(f: InterfaceFinding, b: InterfaceFinding): number {
  return (f.pointer === b.pointer ? 4 : 0) + (locus(f) === locus(b) ? 2 : 0) + (jsonEqual(f.old, b.new) && jsonEqual(f.new, b.old) ? 1 : 0);
}

/** The best-fitting mirrors of `f` among `candidates` (several when they fit equally well). */
function best(f: InterfaceFinding, candidates: InterfaceFinding[], isMirror: (c: InterfaceFinding) => boolean): InterfaceFinding[] {
  let found: InterfaceFinding[] = [];
  let score = -1;
  for (const c of candidates) {
    if (!isMirror(c)) continue;
    const s = fit(f, c);
    if (s > score) [found, score] = [[c], s];
    else if (s === score) found.push(c);
  }
  return found;
}

/** A finding of one diff with its best mirrors in the other: [input finding, output finding] pairs. */
export interface Mirrored {
  finding: InterfaceFinding;
  pairs: [InterfaceFinding, InterfaceFinding][];
}

export interface Matched {
  /** Findings of either diff with no mirror in the other. */
  forward: InterfaceFinding[];
  backward: InterfaceFinding[];
  /** Every finding of either diff with its best mirrors. */
  mirrored: Mirrored[];
}

/**
 * Match each finding of the input diff (old → new) with its mirror in the output diff
 * (new → old), and each finding of the output diff with its mirror in the input diff: the mirror
 * rule, for the same instance path, preferably at the same place with old and new swapped.
 * A mirror may serve more than one finding: the analyser reports a change reached along two
 * paths once (a parent's `deprecated` and a branch's, both newly true, are one finding), and
 * which one it keeps depends on the direction. Where mirrors fit equally well (the same change in
 * two union branches, whose indices differ between the diffs), any of them will do.
 */
export function matchMirrors(forward: InterfaceFinding[], backward: InterfaceFinding[]): Matched {
  const mirrored: Mirrored[] = [];
  const lonelyForward: InterfaceFinding[] = [];
  const lonelyBackward: InterfaceFinding[] = [];
  for (const f of forward) {
    const bs = best(f, backward, (b) => mirrors(f, b));
    if (bs.length > 0) mirrored.push({ finding: f, pairs: bs.map((b): [InterfaceFinding, InterfaceFinding] => [f, b]) });
    else lonelyForward.push(f);
  }
  for (const b of backward) {
    const fs = best(b, forward, (f) => mirrors(f, b));
    if (fs.length > 0) mirrored.push({ finding: b, pairs: fs.map((f): [InterfaceFinding, InterfaceFinding] => [f, b]) });
    else lonelyBackward.push(b);
  }
  return { forward: lonelyForward, backward: lonelyBackward, mirrored };
}

/** The bumps a matched pair may have: equal, or a documented asymmetry. */
export function allowedBumps(f: InterfaceFinding, b: InterfaceFinding, c: { old: unknown; new: unknown; policy: Policy }): [Bump, Bump][] {
  const allowed: [Bump, Bump][] = [[f.bump, f.bump]];
  for (const a of ASYMMETRIES) if (a.forward === f.id && a.backward === b.id && (a.when?.(c) ?? true)) allowed.push(a.bumps);
  return allowed;
}

export function isDocumentedAsymmetry(f: InterfaceFinding, b: InterfaceFinding): boolean {
  return ASYMMETRIES.some((a) => a.forward === f.id && a.backward === b.id && a.bumps[0] === f.bump && a.bumps[1] === b.bump);
}
