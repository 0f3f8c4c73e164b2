/**
 * Unions (`anyOf`, `oneOf`) and intersections (`allOf`) compared member by member, matched by
 * best correspondence rather than by position. Where only one side is a union, the other side
 * is compared as a single branch, and the union's own keywords are distributed into each
 * branch (P ∧ (B1 ∨ B2) = (P ∧ B1) ∨ (P ∧ B2)).
 */
import type { JsonObject } from '../../core/json.js';
import { isObject, jsonEqual, structuralHash } from '../../core/json.js';
import { enumValues, properties, requiredSet, typeSet, typesWithin, valueSetOf } from './facts.js';
import { NON_CONSTRAINING_IN_PLACE } from './keywords.js';
import type { RuleContext } from './rule.js';

export type UnionKind = 'anyOf' | 'oneOf';

/** A union with two or more branches (a singleton was already merged into its parent). */
export function unionKind(schema: JsonObject): UnionKind | undefined {
  for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(schema[k]) && (schema[k] as unknown[]).length > 0) return k;
  return undefined;
}

export function isUnion(schema: JsonObject): boolean {
  return unionKind(schema) !== undefined;
}

/** The schema without its top-level annotations: a stripped copy is shallow (its children's fingerprints are memoised). */
function stripAnnotations(s: JsonObject): JsonObject {
  return Object.keys(s).some((k) => NON_CONSTRAINING_IN_PLACE.has(k))
    ? Object.fromEntries(Object.entries(s).filter(([k]) => !NON_CONSTRAINING_IN_PLACE.has(k)))
    : s;
}

/** The score of two members equal but for top-level annotations: above any other (see `matchMembers`). */
const EQUAL = 1000;

/** How alike two schemas are: high for equal, 0 for nothing in common. */
export function similarity(a: JsonObject, b: JsonObject): number {
  // Equal but for top-level annotations (a branch retitled is the same branch). This stays O(keys).
  if (structuralHash(stripAnnotations(a)) === structuralHash(stripAnnotations(b))) return EQUAL;
  let score = 0;
  const ta = typeSet(a);
  const tb = typeSet(b);
  if (ta && tb) {
    if (typesWithin(ta, tb) || typesWithin(tb, ta)) score += 10;
    else return 0;
  }
  const pa = Object.keys(properties(a));
  const pb = new Set(Object.keys(properties(b)));
  const shared = pa.filter((p) => pb.has(p)).length;
  if (pa.length + pb.size > 0) {
    const jaccard = shared / (pa.length + pb.size - shared);
    if (shared === 0 && pa.length > 0 && pb.size > 0) return score > 0 ? 1 : 0;
    score += Math.round(20 * jaccard);
  }
  if (a.const !== undefined && jsonEqual(a.const, b.const)) score += 20;
  if (Array.isArray(a.required) && Array.isArray(b.required) && jsonEqual([...a.required].sort(), [...b.required].sort())) score += 2;
  const ka = Object.keys(a).filter((k) => !NON_CONSTRAINING_IN_PLACE.has(k));
  score += ka.filter((k) => k in b).length;
  return score;
}

export interface Matching {
  /** Pairs of (old index, new index). */
  pairs: [number, number][];
  oldOnly: number[];
  newOnly: number[];
}

/**
 * Pairs of members scored one against the other at most; beyond, the members left after the
 * equal ones are paired by shape (see `matchMembers`). About a second of scoring.
 */
export const MAX_SCORED_PAIRS = 1_000_000;

/** Greedy best-first over every pair of the two lists: highest score first, then lowest indexes. */
function greedy(olds: JsonObject[], news: JsonObject[], oi: number[], ni: number[], pairs: [number, number][]): void {
  const scores: { i: number; j: number; s: number }[] = [];
  for (const i of oi) {
    for (const j of ni) {
      const s = similarity(olds[i]!, news[j]!);
      if (s > 0) scores.push({ i, j, s });
    }
  }
  scores.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  const usedO = new Set<number>();
  const usedN = new Set<number>();
  for (const { i, j } of scores) {
    if (usedO.has(i) || usedN.has(j)) continue;
    usedO.add(i);
    usedN.add(j);
    pairs.push([i, j]);
  }
}

/** A coarse shape of a member (its types and constraining keywords), for pairing beyond `MAX_SCORED_PAIRS`. */
function shape(s: JsonObject): string {
  const t = typeSet(s);
  const keys = Object.keys(s)
    .filter((k) => !NON_CONSTRAINING_IN_PLACE.has(k))
    .sort();
  return `${t ? [...t].sort().join(',') : '*'}|${keys.join(',')}`;
}

/**
 * Greedy best-first matching of two member lists. Members equal but for annotations score above
 * anything else, so they are paired first, in index order, through their fingerprints (linear);
 * the rest are scored pair by pair, as long as that stays under `MAX_SCORED_PAIRS`. Past it
 * (thousands of members changed at once) they are paired in order within the same shape, and
 * the others are reported as removed and added: never a pair that the scores would have refused.
 */
export function matchMembers(olds: JsonObject[], news: JsonObject[]): Matching {
  const pairs: [number, number][] = [];
  const usedO = new Set<number>();
  const usedN = new Set<number>();
  // A member with more keywords than EQUAL could outscore an equal pair: keep the scores' own order.
  const manyKeys = [...olds, ...news].some((s) => Object.keys(s).length >= EQUAL - 100);
  if (!manyKeys) {
    const equal = new Map<string, { js: number[]; next: number }>();
    news.forEach((n, j) => {
      const key = structuralHash(stripAnnotations(n));
      const entry = equal.get(key);
      if (entry) entry.js.push(j);
      else equal.set(key, { js: [j], next: 0 });
    });
    olds.forEach((o, i) => {
      const entry = equal.get(structuralHash(stripAnnotations(o)));
      if (!entry || entry.next >= entry.js.length) return;
      const j = entry.js[entry.next++]!;
      usedO.add(i);
      usedN.add(j);
      pairs.push([i, j]);
    });
  }
  const oi = olds.map((_, i) => i).filter((i) => !usedO.has(i));
  const ni = news.map((_, j) => j).filter((j) => !usedN.has(j));
  if (oi.length * ni.length <= MAX_SCORED_PAIRS) greedy(olds, news, oi, ni, pairs);
  else {
    const byShape = new Map<string, number[]>();
    for (const j of ni) {
      const key = shape(news[j]!);
      const list = byShape.get(key);
      if (list) list.push(j);
      else byShape.set(key, [j]);
    }
    const next = new Map<string, number>();
    for (const i of oi) {
      const key = shape(olds[i]!);
      const list = byShape.get(key);
      const at = next.get(key) ?? 0;
      if (!list || at >= list.length) continue;
      const j = list[at]!;
      next.set(key, at + 1);
      if (similarity(olds[i]!, news[j]!) > 0) pairs.push([i, j]);
    }
  }
  for (const [i, j] of pairs) {
    usedO.add(i);
    usedN.add(j);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    pairs,
    oldOnly: olds.map((_, i) => i).filter((i) => !usedO.has(i)),
    newOnly: news.map((_, j) => j).filter((j) => !usedN.has(j)),
  };
}

/** The branches of one side of a pair, as sub-paths: the union's branches, or the whole schema as one branch. */
export function branchPaths(schema: JsonObject): string[] {
  const kind = unionKind(schema);
  if (!kind) return [''];
  return (schema[kind] as unknown[]).map((_, i) => `/${kind}/${i}`);
}

const memo = new WeakMap<RuleContext, Matching>();

/** Branch matching for a pair of unions, or (lift mode) of a union and a plain schema. */
export function unionMatching(ctx: RuleContext): Matching {
  const cached = memo.get(ctx);
  if (cached) return cached;
  if (!isUnion(ctx.old) && !isUnion(ctx.new)) return { pairs: [], oldOnly: [], newOnly: [] };
  const olds = branchPaths(ctx.old).map((p) => (p === '' ? ctx.old : ctx.subOld(p)));
  const news = branchPaths(ctx.new).map((p) => (p === '' ? ctx.new : ctx.subNew(p)));
  const m = matchMembers(olds, news);
  memo.set(ctx, m);
  return m;
}

const allOfMemo = new WeakMap<RuleContext, Matching>();

export function allOfPaths(schema: JsonObject): string[] {
  return Array.isArray(schema.allOf) ? schema.allOf.map((_, i) => `/allOf/${i}`) : [];
}

export function allOfMatching(ctx: RuleContext): Matching {
  const cached = allOfMemo.get(ctx);
  if (cached) return cached;
  const m = matchMembers(
    allOfPaths(ctx.old).map((p) => ctx.subOld(p)),
    allOfPaths(ctx.new).map((p) => ctx.subNew(p)),
  );
  allOfMemo.set(ctx, m);
  return m;
}

/** The union side's own keywords, without the union (to distribute into its branches). */
export function unionParent(schema: JsonObject): JsonObject {
  const kind = unionKind(schema);
  if (!kind) return schema;
  const { [kind]: _u, ...rest } = schema;
  return rest;
}

export function isObjectSchema(v: unknown): v is JsonObject {
  return isObject(v);
}

function typesOverlap(a: Set<string>, b: Set<string>): boolean {
  const has = (s: Set<string>, t: string) => s.has(t) || (t === 'integer' && s.has('number'));
  return [...a].some((t) => has(b, t)) || [...b].some((t) => has(a, t));
}

/** Can no value match both schemas? Decided on types, allowed values, and a required discriminator property. */
export function provablyDisjoint(a: JsonObject, b: JsonObject, depth = 0): boolean {
  const ta = typeSet(a);
  const tb = typeSet(b);
  if (ta && tb && !typesOverlap(ta, tb)) return true;
  const ea = enumValues(a);
  const eb = enumValues(b);
  if (ea && eb && !ea.some((x) => valueSetOf(eb).has(x))) return true;
  if (depth > 0) return false;
  const rb = requiredSet(b);
  for (const p of requiredSet(a)) {
    if (!rb.has(p)) continue;
    const pa = properties(a)[p];
    const pb = properties(b)[p];
    if (isObject(pa) && isObject(pb) && provablyDisjoint(pa, pb, depth + 1)) return true;
  }
  return false;
}

/** Pairs of branches tested one against the other at most; past it a `oneOf` is not provably disjoint. */
export const MAX_DISJOINT_PAIRS = 2_000_000;

/**
 * Are a `oneOf`'s branches pairwise disjoint, so that it means the same as `anyOf`? Linear where
 * every branch lists its values (`const`/`enum`) and no value is in two branches; otherwise pair
 * by pair, up to `MAX_DISJOINT_PAIRS` (beyond, "not provably disjoint": the cautious answer).
 */
export function branchesDisjoint(branches: JsonObject[]): boolean {
  const values = branches.map(enumValues);
  if (values.every((v) => v !== undefined)) {
    const seen = new Set<string>();
    let distinct = true;
    for (const list of values) {
      // A value repeated inside one branch is harmless; the same value in two branches is not.
      const own = new Set(list!.map((v) => structuralHash(v)));
      for (const h of own) {
        if (seen.has(h)) distinct = false;
        seen.add(h);
      }
      if (!distinct) break;
    }
    if (distinct) return true;
  }
  if ((branches.length * (branches.length - 1)) / 2 > MAX_DISJOINT_PAIRS) return false;
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) if (!provablyDisjoint(branches[i]!, branches[j]!)) return false;
  }
  return true;
}
