import type { Bump } from '../../core/bump.js';
import type { Direction } from '../../core/finding.js';
import type { JsonObject } from '../../core/json.js';
import type { Policy } from '../../core/policy.js';
import type { SchemaAt } from './schema-set.js';
import type { InstanceKind } from './facts.js';
import type { Lattice } from './lattice.js';

/**
 * How the set of accepted values moved from the old schema to the new one.
 * The direction turns a relation into a bump: inputs must not narrow (old requests
 * must stay accepted), outputs must not widen (old consumers must still parse them).
 */
export type Relation = 'widened' | 'narrowed' | 'changed' | 'annotation';

export const RELATION_BUMPS: Record<Relation, Record<Direction, Bump>> = {
  widened: { input: 'minor', output: 'major' },
  narrowed: { input: 'major', output: 'minor' },
  changed: { input: 'major', output: 'major' },
  annotation: { input: 'none', output: 'none' },
};

/** One pair of schemas being compared, both already dereferenced. */
export interface RuleContext {
  old: JsonObject;
  new: JsonObject;
  /** Logical JSON Pointer from the interface schema's root. */
  path: string;
  /** The instance path the schema constrains, `*` for array elements and free properties. */
  instancePath: string;
  /** The direction that decides bumps: the reported one, or its opposite inside a `not`. */
  direction: Direction;
  /** True inside an odd number of `not`s. */
  flipped: boolean;
  policy: Policy;
  /** The serving runtime's numeric rules for element types (lattice.ts): an analyser option, never a schema keyword. */
  lattice: Lattice;
  oldAt: SchemaAt;
  newAt: SchemaAt;
  /** A sub-schema of either side (a JSON Pointer below it), dereferenced and flattened. */
  subOld: (subPath: string) => JsonObject;
  subNew: (subPath: string) => JsonObject;
  /** The same, with where it is. */
  locateOld: (subPath: string) => { schema: JsonObject; at: SchemaAt };
  locateNew: (subPath: string) => { schema: JsonObject; at: SchemaAt };
  /**
   * Do the sub-schemas at these places (below old and below new) mean the same? Annotations
   * aside, references followed at every level: for rules that compare a sub-schema whole.
   */
  same: (oldSubPath: string, newSubPath?: string) => boolean;
  /**
   * Can no value match two of these sub-schemas of one side (a `oneOf`'s branches)? Decided by
   * their canonical forms (semantic/); false when it cannot be proven.
   */
  provenDisjoint?: (side: 'old' | 'new', subPaths: string[]) => boolean;
}

/** One change a rule saw. */
export interface RuleHit {
  /** Appended to the context's path, e.g. `/properties/score`. */
  subPath?: string;
  /** Appended to the context's instance path, e.g. `/score`. */
  subInstance?: string;
  old?: unknown;
  new?: unknown;
  /** What changed, one sentence without the consequence (the rule's `why` supplies that). */
  message: string;
  /** The keyword to point at in the file, when not the rule's first. */
  keyword?: string;
  /** The side the place is on, for locating it in a file: `new` unless the thing was removed. */
  side?: 'old' | 'new';
  /** For a removal: whether the old schema marked what was removed deprecated, and since when. */
  removal?: Removal;
}

/** What the old schema said about something that was removed, for the deprecation window. */
export interface Removal {
  /** Every removed thing was marked deprecated. */
  deprecated: boolean;
  /** The latest `x-deprecated-since` among them; absent when one has no date. */
  since?: string;
}

export type BumpFor = Bump | ((policy: Policy, ctx: RuleContext) => Bump);

/** A compatibility rule: one stable id, one relation, one sentence of why. */
export interface Rule {
  id: string;
  /** The keywords this rule reads; keywords no rule reads are caught by `keyword-changed`. */
  keywords: string[];
  /**
   * The comparison this rule belongs to: `normal` (default); `boolean` when one side is the
   * `false` schema; `lift` when only one side is a union (`anyOf`/`oneOf`), which is then
   * compared branch by branch with the other side as a single branch.
   */
  mode?: PairMode | PairMode[];
  /** Applies only where both sides may hold this kind of value (so a type change is one finding, not many). */
  appliesTo?: InstanceKind;
  /** The relation it reports, which decides the bump in each direction unless `bumps` overrides it. */
  relation: Relation;
  /** Overrides for the documented exceptions (consumer protection, policies). */
  bumps?: Partial<Record<Direction, BumpFor>>;
  /**
   * The overrides protect whoever sends or reads the value itself (consumer protection,
   * docs/compatibility.md): inside `not`, where nobody sends or reads the negated value, the
   * plain relation decides.
   */
  consumerProtection?: boolean;
  /** Fires only under these type lattices (lattice.ts); under every lattice when absent. */
  /**
   * The rule reads what the serving runtime does with a value (its datatype on the wire, how it is
   * decoded), which the sets of values the two schemas accept do not show: the semantic decision
   * never lowers its bump.
   */
  runtime?: true;
  lattices?: Lattice[];
  /**
   * Rules whose findings on the same pair of schemas this rule's finding replaces: one change
   * said once, under the rule of the runtime that decides it (a datatype change, not also a
   * widened format).
   */
  supersedes?: string[];
  /** How the overrides read in the rules reference. */
  bumpNotes?: Partial<Record<Direction, string>>;
  /** One sentence: why this needs its bump, per direction. */
  why: Record<Direction, string>;
  /** For MAJOR findings: what would keep compatibility. */
  hint?: string;
  check(ctx: RuleContext): RuleHit[];
}

/** A pair of sub-schemas to compare next. */
export interface Child {
  old: unknown;
  new: unknown;
  /** Appended to the logical path and to each side's document pointer. */
  subPath: string;
  oldSubPath?: string;
  newSubPath?: string;
  subInstance: string;
  /** The sub-schema is negated (`not`): its widening narrows the parent. */
  flip?: boolean;
}

/** Where the walk goes deeper: `properties`, `items`, … */
export type PairMode = 'normal' | 'boolean' | 'lift';

export interface Traversal {
  id: string;
  mode?: PairMode;
  keywords: string[];
  appliesTo?: InstanceKind;
  children(ctx: RuleContext): Child[];
}

export function bumpOf(rule: Rule, ctx: RuleContext): Bump {
  const override = rule.bumps?.[ctx.direction];
  if (override === undefined || (ctx.flipped && rule.consumerProtection)) return RELATION_BUMPS[rule.relation][ctx.direction];
  return typeof override === 'function' ? override(ctx.policy, ctx) : override;
}
