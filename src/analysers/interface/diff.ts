import type { Direction, Finding } from '../../core/finding.js';
import type { JsonObject } from '../../core/json.js';
import { resetSameTreeBudget, unchanged } from '../../core/same-tree.js';
import { brief, isObject, objectId } from '../../core/json.js';
import type { Policy } from '../../core/policy.js';
import { bumpRank, maxBumpOf, type Bump } from '../../core/bump.js';
import { escapeToken } from '../../core/pointer.js';
import { RULES, TRAVERSALS } from './catalogue.js';
import { bothMayBe } from './facts.js';
import { Side, childAt } from './resolve.js';
import { RELATION_BUMPS, bumpOf, type PairMode, type Removal, type RuleContext } from './rule.js';
import { decide, disjointBranches } from './semantic/decide.js';
import { Canoniser } from './semantic/canon.js';
import { isUnion } from './combinators.js';
import { withBooleanSubschemas } from './additional.js';
import { sameMeaning } from './same.js';
import { normaliseSet } from './drafts.js';
import type { Lattice } from './lattice.js';
import { acceptsNoValue, isFalseSchema, type SchemaAt, type SchemaSet } from './schema-set.js';
import { attachWitnesses } from './witness/index.js';

/** Interface findings carry where they are, for the edge to turn into a file location. */
export interface InterfaceFinding extends Finding {
  at?: { side: 'base' | 'head'; doc: string; pointer: string };
  /** For a removal: what the old schema said about its deprecation (read by the deprecation window). */
  removal?: Removal;
  /** A finding about a whole API version: its `pointer` is into this side's contract (a removed one is only in the base). */
  declaredIn?: 'base' | 'head';
  /**
   * The bump is above what set semantics gives (consumer protection, a strict policy): a documented
   * departure, which the semantic decision leaves, unless the two schemas accept exactly the same
   * values and the departure is about values (a property consumers read cannot be lost if it was
   * never there); one about an annotation (`default-changed`) stays, and so does one about the
   * serving runtime (`runtime`: a datatype, a decoding, which no set of values shows). A policy
   * that lowers a bump is capped like any other finding.
   */
  departure?: 'values' | 'annotation' | 'runtime';
}

/** The finding as reports show it: without what only the analysers and the edge that locates it read. */
export function publicFinding(f: InterfaceFinding): Finding {
  const { at: _at, removal: _removal, declaredIn: _declaredIn, departure: _departure, ...finding } = f;
  return finding;
}

/** Pairs compared at most; a schema that would need more is refused rather than left to hang. */
const MAX_PAIRS = 2_000_000;

const OPPOSITE: Record<Direction, Direction> = { input: 'output', output: 'input' };

function hasAny(schema: JsonObject, keywords: string[]): boolean {
  return keywords.some((k) => Object.prototype.hasOwnProperty.call(schema, k));
}

function inMode(declared: PairMode | PairMode[] | undefined, mode: PairMode): boolean {
  if (declared === undefined) return mode === 'normal';
  return Array.isArray(declared) ? declared.includes(mode) : declared === mode;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function uncapitalize(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

interface Pending {
  old: unknown;
  new: unknown;
  oldAt: SchemaAt;
  newAt: SchemaAt;
  path: string;
  instancePath: string;
  flipped: boolean;
  depth: number;
}

/** Sub-schemas nested deeper than this are refused with an error, not compared (files are read to 200 levels). */
export const MAX_NESTING = 6000;

/** How the two schemas are read besides the policy. */
export interface DiffOptions {
  /** The serving runtime's numeric rules (lattice.ts); `json-schema` when absent. */
  lattice?: Lattice;
  /** `false` leaves out the search for witnesses (property-based tests that only read verdicts). */
  witnesses?: boolean;
  /** Steps of direct sub-tree comparison before the fingerprints answer (core/same-tree.ts; tests set it low). */
  sameTreeSteps?: number;
}

/**
 * The interface analyser: every rule of the catalogue on every pair of corresponding
 * sub-schemas, in the given direction. Pure and iterative (any depth); each pair of places is
 * compared once, so recursive schemas terminate.
 */
export function diffSchemas(
  oldSet: SchemaSet,
  newSet: SchemaSet,
  direction: Direction,
  policy: Policy,
  options: DiffOptions = {},
): InterfaceFinding[] {
  const lattice = options.lattice ?? 'json-schema';
  resetSameTreeBudget(options.sameTreeSteps);
  // Older drafts' spellings (draft-04 `id`, boolean exclusive bounds) and `enum: []` read as 2020-12.
  const oldSide = new Side(normaliseSet(oldSet));
  const newSide = new Side(normaliseSet(newSet));
  const findings: InterfaceFinding[] = [];
  const seen = new Set<string>();
  /** Answers of `ctx.same`, by pair of resolved schemas (see same.ts). */
  const sameMemo = new Map<string, boolean>();
  /** Canonical forms of each side, for `oneOf` branches proven disjoint by meaning. */
  const canons = { old: new Canoniser(oldSide), new: new Canoniser(newSide) };
  const o0 = oldSide.entry();
  const n0 = newSide.entry();
  const stack: Pending[] = [{ old: o0.value, new: n0.value, oldAt: o0.at, newAt: n0.at, path: '', instancePath: '', flipped: false, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.depth > MAX_NESTING) {
      throw new Error(
        `the schemas are nested more than ${MAX_NESTING} levels deep (at ${item.path.slice(0, 120)}…); deeper schemas are not compared`,
      );
    }
    const o = oldSide.resolve(item.old, item.oldAt);
    const n = newSide.resolve(item.new, item.newAt);
    if (unchanged(o.schema, n.schema)) continue;
    const key = `${objectId(o.schema)}|${objectId(n.schema)}|${item.flipped}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_PAIRS) throw new Error(`the schemas are too large to compare: more than ${MAX_PAIRS} pairs of sub-schemas`);
    const ctx: RuleContext = {
      // `additionalProperties: {$ref: …}` to `false` is closed, `not: {anyOf: [{}]}` is `false` …
      old: withBooleanSubschemas(o, (loc, p) => oldSide.sub(loc, p)),
      new: withBooleanSubschemas(n, (loc, p) => newSide.sub(loc, p)),
      path: item.path,
      instancePath: item.instancePath,
      direction: item.flipped ? OPPOSITE[direction] : direction,
      flipped: item.flipped,
      policy,
      lattice,
      oldAt: o.at,
      newAt: n.at,
      subOld: (p) => oldSide.sub(o, p).schema,
      subNew: (p) => newSide.sub(n, p).schema,
      locateOld: (p) => oldSide.sub(o, p),
      locateNew: (p) => newSide.sub(n, p),
      same: (po, pn = po) => sameMeaning(oldSide, oldSide.sub(o, po), newSide, newSide.sub(n, pn), sameMemo),
      provenDisjoint: (which, paths) =>
        which === 'old'
          ? disjointBranches(
              canons.old,
              paths.map((p) => oldSide.sub(o, p)),
            )
          : disjointBranches(
              canons.new,
              paths.map((p) => newSide.sub(n, p)),
            ),
    };
    const oFalse = isFalseSchema(ctx.old);
    const nFalse = isFalseSchema(ctx.new);
    // Two schemas that accept nothing (`false`, an empty `enum`) cannot differ in what they accept.
    if (acceptsNoValue(ctx.old) && acceptsNoValue(ctx.new)) continue;
    const mode: PairMode = oFalse || nFalse ? 'boolean' : isUnion(o.schema) !== isUnion(n.schema) ? 'lift' : 'normal';
    const present = new Set([...Object.keys(o.schema), ...Object.keys(n.schema)]);
    const firstOfPair = findings.length;
    let superseded: Set<string> | undefined;
    for (const rule of RULES) {
      if (!inMode(rule.mode, mode)) continue;
      if (rule.lattices && !rule.lattices.includes(lattice)) continue;
      // A rule can only fire where one of its keywords is (rules with no keywords look at everything).
      if (rule.keywords.length > 0 && !rule.keywords.some((k) => present.has(k))) continue;
      if (rule.appliesTo && !bothMayBe(ctx, rule.appliesTo)) continue;
      for (const hit of rule.check(ctx)) {
        if (rule.supersedes) superseded = new Set([...(superseded ?? []), ...rule.supersedes]);
        const side = hit.side ?? (hasAny(n.schema, rule.keywords) || !hasAny(o.schema, rule.keywords) ? 'new' : 'old');
        const sideLoc = side === 'new' ? n : o;
        const keyword = hit.keyword ?? rule.keywords.find((k) => Object.prototype.hasOwnProperty.call(sideLoc.schema, k));
        const bump = bumpOf(rule, ctx);
        const why = rule.why[ctx.direction] + (item.flipped ? ' (inside `not`, so the effect on the value is reversed)' : '');
        findings.push({
          id: rule.id,
          bump,
          area: 'interface',
          direction,
          pointer: item.path + (hit.subPath ?? ''),
          instancePath: item.instancePath + (hit.subInstance ?? ''),
          ...(hit.old !== undefined ? { old: hit.old } : {}),
          ...(hit.new !== undefined ? { new: hit.new } : {}),
          message: `${capitalize(direction)} ${hit.message}; ${uncapitalize(why)}`,
          ...(bump === 'major' && rule.hint ? { hint: rule.hint } : {}),
          ...(hit.removal ? { removal: hit.removal } : {}),
          ...(rule.runtime
            ? { departure: 'runtime' as const }
            : bumpRank(bump) > bumpRank(RELATION_BUMPS[rule.relation][ctx.direction])
              ? { departure: rule.relation === 'annotation' ? ('annotation' as const) : ('values' as const) }
              : {}),
          at: {
            side: side === 'new' ? 'head' : 'base',
            ...childAt(sideLoc.schema, sideLoc.at, hit.subPath ?? (keyword ? `/${escapeToken(keyword)}` : '')),
          },
        });
      }
    }
    if (superseded) {
      const drop = superseded;
      const kept = findings.splice(firstOfPair).filter((f) => !drop.has(f.id));
      for (const f of kept) findings.push(f);
    }
    const children = TRAVERSALS.flatMap((t) => (!inMode(t.mode, mode) || (t.appliesTo && !bothMayBe(ctx, t.appliesTo)) ? [] : t.children(ctx)));
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      // Equal raw sub-trees with no `$ref` resolve to equal schemas: skipped here, before their
      // locations are worked out (200,000 unchanged properties cost one fingerprint each).
      if (unchanged(c.old, c.new)) continue;
      stack.push({
        old: c.old,
        new: c.new,
        oldAt: childAt(o.schema, o.at, c.oldSubPath ?? c.subPath),
        newAt: childAt(n.schema, n.at, c.newSubPath ?? c.subPath),
        path: item.path + c.subPath,
        instancePath: item.instancePath + c.subInstance,
        flipped: c.flip ? !item.flipped : item.flipped,
        depth: item.depth + 1,
      });
    }
  }
  // The bump by meaning first; then a witness for each finding still breaking.
  const found = bySemantics(dedupe(findings), oldSide, newSide, direction);
  return options.witnesses === false ? found : attachWitnesses(found, { oldSide, newSide, oldSet, newSet, direction });
}

/** Findings above the cap beyond which the semantic decision is not asked (the rules decide). */
export const MAX_SEMANTIC_FINDINGS = 32;

/**
 * The bump by meaning where the canonical forms decide it (semantic/): when every value the
 * direction protects is still accepted, no finding is breaking on set grounds, so the rules'
 * bumps are capped at MINOR (at PATCH when both schemas accept the same values) and those
 * findings stay as the explanation, marked `basis: semantic`. Documented departures (consumer
 * protection, policies) keep their bump. Where the canonical forms cannot decide, the rules do.
 */
function bySemantics(findings: InterfaceFinding[], oldSide: Side, newSide: Side, direction: Direction): InterfaceFinding[] {
  const movable = findings.filter((f) => f.departure !== 'annotation' && bumpRank(f.bump) > bumpRank('patch'));
  // Nothing to lower, or so many findings that they are hardly all false alarms: the canonical
  // forms (whose cost grows with the schema, not with the change) are not asked.
  if (movable.length === 0 || movable.length > MAX_SEMANTIC_FINDINGS) return findings;
  const decision = decide(oldSide, newSide, direction);
  if (decision.kept !== 'yes') return findings;
  const cap: Bump = decision.equal ? 'patch' : 'minor';
  const capped = (f: InterfaceFinding) =>
    (f.departure === undefined || (decision.equal && f.departure === 'values')) && bumpRank(f.bump) > bumpRank(cap);
  return findings.map((f) => (capped(f) ? { ...f, bump: cap, basis: 'semantic' as const } : f));
}

/**
 * The same change reached along two paths (a `then` compared together with the rest of its
 * schema, a union's keywords distributed into its branches) is reported once, where it is shallowest.
 */
function dedupe(findings: InterfaceFinding[]): InterfaceFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // The message names what changed (`readOnly` or `deprecated` removed, both true → absent): two changes, not one.
    const key = `${f.id}|${f.instancePath}|${f.bump}|${brief(f.old, 200)}|${brief(f.new, 200)}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function requiredOf(findings: Finding[]): Bump {
  return maxBumpOf(findings.map((f) => f.bump));
}

/** A schema value on its own as a one-document set (tests, `diff-schema` on plain objects). */
export function singleSchemaSet(value: unknown, id = 'schema.json', dir = ''): SchemaSet {
  return { entry: id, docs: { [id]: { id, dir, value: isObject(value) || typeof value === 'boolean' ? value : {} } } };
}
