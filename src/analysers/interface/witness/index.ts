/**
 * A witness for every breaking interface finding: a concrete instance that one side accepts and
 * the other rejects, checked with ajv (the validator predictions are checked with, on the same
 * documents, drafts and regular-expression engine) before it is attached. For an input the
 * witness is a request the old schema accepts and the new one rejects; for an output, a response
 * the new schema allows and the old one rejects. A MAJOR finding for which none is found within
 * the budget is marked `proven: false` ("not proven").
 *
 * The search: a small document of the accepting side, with a value forced at the finding's
 * instance path. The values tried there come from the finding itself (the removed enum value, the
 * old bound), from the constants of both sides at that path (bounds and one past them, lengths,
 * enum and const values, patterns' strings, one value of every type), from leaving the value out,
 * and from samples of the accepting side. Bounded per finding and per run, so a change with
 * hundreds of breaking findings stays fast; deterministic (seeded), so a report does not change
 * from one run to the next.
 */
import type { Direction, Witness } from '../../../core/finding.js';
import { isObject, jsonEqual, type JsonObject } from '../../../core/json.js';
import { escapeToken, getAtPointer, parsePointer } from '../../../core/pointer.js';
import { ruleById } from '../catalogue.js';
import type { InterfaceFinding } from '../diff.js';
import { keyAt, type Located, type Side } from '../resolve.js';
import type { SchemaSet } from '../schema-set.js';
import { OMIT, Rng, Sampler } from './sampler.js';
import { sampleMatching } from './regex-sample.js';
import { compileCheck, type Check } from './validate.js';

/** Documents checked per finding at most. */
const PER_FINDING = 400;
/**
 * Documents checked per finding in each round (the last is PER_FINDING). The rule fixtures, the
 * examples, the peer suite and the 300-finding change find all but about 25 of their ~680
 * witnesses within 30 documents, and every one within 150.
 */
const ROUNDS = [32, 128, PER_FINDING];
/**
 * Documents checked per comparison at most: 40,000, and fewer for larger schemas, since each
 * check samples a whole document and validates it, which costs in proportion to the schema.
 * WORK_PER_RUN is the product of checks and schema nodes (both sides, as `nodesIn` counts them)
 * one comparison may spend: a real 110 KB workflow schema (2,400 nodes a pair) gets about 5,000
 * checks, one to two seconds, however many of its findings no instance shows (before, 40,000
 * checks and up to the 4 s guard, for the same witnesses). Counted, not timed, so the report does
 * not depend on the machine.
 */
const PER_RUN = 40_000;
const WORK_PER_RUN = 12_000_000;
/** A hang guard only (the counts above bound a search first): past it the remaining findings are "not proven". */
const RUN_MS = 4_000;
/** Sub-schemas followed per instance path, and `oneOf` branches checked per witness. */
const MAX_PLACES = 16;
const MAX_BRANCHES = 12;
/**
 * Schema objects (both sides together) above which no witness is searched: ajv's compilation
 * grows with the schema (a 10,000-property schema takes seconds), and a gate must stay fast on
 * any change. Past it every MAJOR finding is "not proven".
 */
const MAX_SCHEMA_NODES = 4_000;
/** A witness longer than this (as JSON) is not kept: it is meant to be read. */
const MAX_WITNESS_CHARS = 4_000;

export interface WitnessContext {
  oldSide: Side;
  newSide: Side;
  oldSet: SchemaSet;
  newSet: SchemaSet;
  direction: Direction;
}

type Validator = Check | null;

const validator = compileCheck;

/** The sub-schemas of a side that govern the value at an instance path (every branch of a union followed). */
export function placesAt(side: Side, tokens: string[]): Located[] {
  const e = side.entry();
  let current: Located[] = [side.resolve(e.value, e.at)];
  const expand = (locs: Located[]): Located[] => {
    const out: Located[] = [];
    const queue = [...locs];
    const seen = new Set<unknown>();
    while (queue.length > 0 && out.length < MAX_PLACES) {
      const l = queue.shift()!;
      if (seen.has(l.schema)) continue;
      seen.add(l.schema);
      out.push(l);
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
        const xs = l.schema[k];
        if (Array.isArray(xs)) xs.forEach((_, i) => queue.push(side.sub(l, `/${k}/${i}`)));
      }
      for (const k of ['then', 'else']) if (l.schema[k] !== undefined) queue.push(side.sub(l, `/${k}`));
    }
    return out;
  };
  for (const t of tokens) {
    const next: Located[] = [];
    for (const l of expand(current)) {
      const s = l.schema;
      const add = (p: string) => {
        if (getAtPointer(s, p).found) next.push(side.sub(l, p));
      };
      if (t === '*') {
        add('/additionalProperties');
        add('/items');
        add('/unevaluatedProperties');
        if (isObject(s.patternProperties)) for (const p of Object.keys(s.patternProperties)) add(`/patternProperties/${escapeToken(p)}`);
      } else {
        add(`/properties/${escapeToken(t)}`);
        if (/^\d+$/.test(t)) {
          add(`/prefixItems/${t}`);
          if (Array.isArray(s.items)) add(`/items/${t}`);
          else add('/items');
        }
      }
    }
    current = next.slice(0, MAX_PLACES);
    if (current.length === 0) return [];
  }
  return expand(current);
}

/** Values worth trying at a place: the finding's own, and every constant of both sides there. */
function candidateValues(f: InterfaceFinding, places: Located[], rng: Rng): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const add = (v: unknown) => {
    if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return;
    const key = v === OMIT ? '\u0000omit' : JSON.stringify(v);
    if (key === undefined || seen.has(key)) return;
    seen.add(key);
    out.push(v);
  };
  const addNumber = (n: number) => {
    for (const d of [0, -1, 1, -0.5, 0.5, -0.001, 0.001]) add(Number((n + d).toPrecision(15)));
  };
  const name = parsePointer(f.instancePath ?? '').pop();
  for (const v of [f.old, f.new]) {
    // A property's name (what `property-removed` reports) is not a value worth trying.
    if (v === name) continue;
    if (typeof v === 'number') addNumber(v);
    else if (v !== undefined && !isObject(v)) add(v);
  }
  add(OMIT);
  for (const { schema: s } of places) {
    if ('const' in s) add(s.const);
    if (Array.isArray(s.enum)) s.enum.slice(0, 50).forEach(add);
    for (const k of ['examples', 'default']) {
      const v = s[k];
      if (k === 'examples' && Array.isArray(v)) v.slice(0, 5).forEach(add);
      else if (k === 'default') add(v);
    }
    for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) if (typeof s[k] === 'number') addNumber(s[k] as number);
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) [s.multipleOf / 2, s.multipleOf * 1.5, 1, 0.5].forEach((v) => add(v));
    for (const k of ['minProperties', 'maxProperties']) {
      const n = s[k];
      if (typeof n === 'number' && n <= 200)
        for (const m of [n - 1, n, n + 1]) if (m >= 0) add(Object.fromEntries(Array.from({ length: m }, (_, i) => [`p${i}`, 0])));
    }
    for (const k of ['minLength', 'maxLength']) {
      const n = s[k];
      if (typeof n === 'number' && n <= 1000) for (const m of [n - 1, n, n + 1]) if (m >= 0) add('a'.repeat(m));
    }
    for (const k of ['minItems', 'maxItems']) {
      const n = s[k];
      if (typeof n === 'number' && n <= 2000) for (const m of [n - 1, n, n + 1]) if (m >= 0) add(Array.from({ length: m }, () => 0));
    }
    if (typeof s.pattern === 'string') for (let i = 0; i < 3; i++) add(sampleMatching(s.pattern, rng, i === 0));
    if (typeof s.format === 'string') add('not a ' + s.format);
  }
  // Arrays of the values `contains` names on either side: counts of matches move with them.
  const containsValues = places.flatMap(({ schema: s }) => {
    const c = isObject(s.contains) ? s.contains : {};
    return 'const' in c ? [c.const] : Array.isArray(c.enum) ? c.enum.slice(0, 5) : [];
  });
  for (const x of containsValues) for (const y of containsValues) add([x, y]);
  for (const v of [null, true, false, 0, 1, -1, 0.5, 1e21, '', 'a', 'abc', [], [null], {}, { a: 1 }]) add(v);
  return out;
}

/** Names to try for a `*` in the path: ones that match a pattern property, and one that nothing declares. */
function starNames(places: Located[][], rng: Rng): (string | undefined)[] {
  const names = new Set<string | undefined>();
  for (const list of places)
    for (const { schema: s } of list)
      if (isObject(s.patternProperties))
        for (const p of Object.keys(s.patternProperties).slice(0, 8)) {
          const m = sampleMatching(p, rng, true);
          if (m !== undefined) names.add(m);
        }
  return [...names].slice(0, 6);
}

/**
 * Property names the schemas at a place mention: declared, required, or named in a condition,
 * a `not` or a dependency (a witness often needs exactly that name). Only `properties` and
 * `required` when `declaredOnly`.
 */
function namesIn(places: Located[], declaredOnly = false): string[] {
  const names = new Set<string>();
  const stack: { v: unknown; depth: number }[] = places.map((p) => ({ v: p.schema, depth: 0 }));
  while (stack.length > 0 && names.size < 24) {
    const { v, depth } = stack.pop()!;
    if (!isObject(v)) continue;
    if (isObject(v.properties)) for (const k of Object.keys(v.properties).slice(0, 12)) names.add(k);
    if (Array.isArray(v.required)) for (const k of v.required.slice(0, 12)) if (typeof k === 'string') names.add(k);
    if (declaredOnly || depth >= 3) continue;
    for (const k of ['dependentRequired', 'dependentSchemas'])
      if (isObject(v[k])) for (const n of Object.keys(v[k] as JsonObject).slice(0, 12)) names.add(n);
    for (const k of ['not', 'if', 'then', 'else']) if (v[k] !== undefined) stack.push({ v: v[k], depth: depth + 1 });
    for (const k of ['dependentSchemas', 'dependencies'])
      if (isObject(v[k])) for (const d of Object.values(v[k] as JsonObject).slice(0, 12)) stack.push({ v: d, depth: depth + 1 });
    for (const k of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(v[k])) for (const m of (v[k] as unknown[]).slice(0, 12)) stack.push({ v: m, depth: depth + 1 });
  }
  return [...names].slice(0, 12);
}

/** The `oneOf` places on a side at a path, each as the variants that keep one branch: "matches branch i". */
function oneOfBranchCheckers(side: Side, tokens: string[]): Validator[][] {
  const out: Validator[][] = [];
  for (const l of placesAt(side, tokens)) {
    if (!Array.isArray(l.schema.oneOf) || l.schema.oneOf.length < 2) continue;
    const at = keyAt(l.schema, l.at, 'oneOf');
    const doc = side.set.docs[at.doc];
    if (!doc || !Array.isArray(getAtPointer(doc.value, at.pointer).value)) continue;
    const branches = getAtPointer(doc.value, at.pointer).value as unknown[];
    out.push(
      branches.slice(0, MAX_BRANCHES).map((b) => {
        const value = replaceAt(doc.value, parsePointer(at.pointer), [b]);
        return validator({ ...side.set, docs: { ...side.set.docs, [at.doc]: { ...doc, value } } });
      }),
    );
    if (out.length >= 2) break;
  }
  return out;
}

/** A copy of `root` with the value at the path replaced (only the objects on the path are copied). */
function replaceAt(root: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const [t, ...rest] = tokens;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(t)] = replaceAt(copy[Number(t)], rest, value);
    return copy;
  }
  const obj = root as JsonObject;
  return { ...obj, [t!]: replaceAt(obj[t!], rest, value) };
}

interface Budget {
  checks: number;
  deadline: number;
}

/** Attach a witness to every MAJOR interface finding of one comparison, or mark it not proven. */
export function attachWitnesses(findings: InterfaceFinding[], ctx: WitnessContext): InterfaceFinding[] {
  if (!findings.some((f) => f.bump === 'major')) return findings;
  const oldNodes = nodesIn(ctx.oldSet, MAX_SCHEMA_NODES);
  const nodes = oldNodes > MAX_SCHEMA_NODES ? oldNodes : oldNodes + nodesIn(ctx.newSet, MAX_SCHEMA_NODES);
  const small = nodes <= MAX_SCHEMA_NODES;
  const oldV = small ? validator(ctx.oldSet) : null;
  const newV = small ? validator(ctx.newSet) : null;
  const budget: Budget = { checks: Math.min(PER_RUN, Math.floor(WORK_PER_RUN / Math.max(1, nodes))), deadline: Date.now() + RUN_MS };
  const searched = (f: InterfaceFinding) => f.bump === 'major' && f.instancePath !== undefined && oldV !== null && newV !== null;
  // Rounds: every finding gets a few documents first (nearly every witness is found there), then
  // the ones still unproven get more, round by round, so hopeless findings early in the list (a
  // false alarm has no witness) cannot spend the budget of the findable ones after them. A later
  // round starts each search over (same seed, so the same documents first): at most a third more.
  const found: (Witness | undefined)[] = findings.map(() => undefined);
  for (const limit of ROUNDS)
    for (let i = 0; i < findings.length; i++)
      if (found[i] === undefined && searched(findings[i]!)) found[i] = findWitness(findings[i]!, ctx, oldV!, newV!, budget, limit);
  return findings.map((f, i) => {
    if (f.bump !== 'major' || f.instancePath === undefined) return f;
    const w = found[i];
    return w ? { ...f, witness: w, proven: true } : { ...f, proven: false };
  });
}

function findWitness(f: InterfaceFinding, ctx: WitnessContext, oldV: Check, newV: Check, budget: Budget, limit: number): Witness | undefined {
  // Inputs: accepted before, rejected now. Outputs: possible now, rejected by old consumers.
  const primary: 'base' | 'head' = ctx.direction === 'input' ? 'base' : 'head';
  const found = search(f, ctx, primary, oldV, newV, budget, limit);
  if (found) return found;
  // A rule that protects consumers beyond set semantics (an output property removed from a closed
  // object) breaks them by what is no longer sent: the witness is a response that was possible.
  if (ctx.direction === 'output' && ruleById(f.id)?.consumerProtection) return search(f, ctx, 'base', oldV, newV, budget, limit);
  return undefined;
}

function search(
  f: InterfaceFinding,
  ctx: WitnessContext,
  valid: 'base' | 'head',
  oldV: Check,
  newV: Check,
  budget: Budget,
  limit: number,
): Witness | undefined {
  const [acceptSide, rejectSide] = valid === 'base' ? [ctx.oldSide, ctx.newSide] : [ctx.newSide, ctx.oldSide];
  const [accepts, rejects] = valid === 'base' ? [oldV, newV] : [newV, oldV];
  const tokens = parsePointer(f.instancePath ?? '');
  const rng = new Rng(hashOf(`${f.id}|${f.instancePath}`));
  const acceptPlaces = placesAt(acceptSide, tokens);
  const rejectPlaces = placesAt(rejectSide, tokens);
  // The cautious `oneOf` rule: the witness must match two branches of the rejecting side's `oneOf`.
  // Its checkers compile the whole document once per branch (a third of a second each on a 110 KB
  // schema): only when some document gets that far, which no document does when nothing breaks.
  const oneOf = f.id.startsWith('one-of-');
  let checkers: Validator[][] | undefined;
  const twoBranches = (doc: unknown): boolean =>
    (checkers ??= oneOfBranchCheckers(rejectSide, tokens)).some((variants) => variants.filter((v) => v !== null && v(doc)).length >= 2);
  let spent = 0;
  const attempt = (doc: unknown): Witness | undefined => {
    spent++;
    budget.checks--;
    if (!accepts(doc) || rejects(doc)) return undefined;
    if (oneOf && !twoBranches(doc)) return undefined;
    const text = JSON.stringify(doc);
    if (text === undefined || text.length > MAX_WITNESS_CHARS) return undefined;
    return { instance: doc, valid };
  };
  const exhausted = () => spent >= limit || budget.checks <= 0 || Date.now() > budget.deadline;
  const lastStar = tokens.lastIndexOf('*');
  const parent = lastStar >= 0 ? tokens.slice(0, lastStar) : tokens;
  const patternNames = [
    ...new Set([
      ...starNames([placesAt(acceptSide, parent), placesAt(rejectSide, parent)], rng).filter((n): n is string => n !== undefined),
      ...namesIn([...acceptPlaces, ...rejectPlaces]),
    ]),
  ].slice(0, 8);
  const names = tokens.includes('*') ? [undefined, ...patternNames] : [undefined];
  const values = candidateValues(f, [...acceptPlaces, ...rejectPlaces], rng);
  // Samples of what the accepting side allows at the place, for the changes no constant reaches.
  for (const place of acceptPlaces.slice(0, 4)) {
    for (const v of new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), 0).variants(place, tokens.length, patternNames))
      if (!values.some((x) => jsonEqual(x, v))) values.push(v);
  }
  for (let i = 0; i < 12 && acceptPlaces.length > 0; i++) {
    const place = acceptPlaces[i % acceptPlaces.length]!;
    const v = new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), i === 0 ? 0 : 1).value(place, tokens.length);
    if (!values.some((x) => jsonEqual(x, v))) values.push(v);
  }
  for (const richness of [0, 1]) {
    for (const value of values) {
      for (const name of names) {
        if (exhausted()) return undefined;
        const sampler = new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), richness);
        const w = attempt(sampler.document({ tokens, value, ...(name !== undefined ? { name } : {}) }));
        if (w) return w;
      }
    }
  }
  // A change below the finding's place that its own values miss (a condition on a property, an
  // `allOf` member's constraint): the same search one level down, at each property either side names.
  if (!tokens.includes('*') || tokens.length > 0) {
    for (const [name, richness] of namesIn([...acceptPlaces, ...rejectPlaces]).flatMap(
      (n) =>
        [
          [n, 0],
          [n, 1],
          [n, 1],
          [n, 1],
          [n, 1],
        ] as const,
    )) {
      const below = [...tokens, name];
      const places = [...placesAt(acceptSide, below), ...placesAt(rejectSide, below)];
      const sub = placesAt(acceptSide, below);
      const vals = candidateValues(f, places, rng);
      for (const place of sub.slice(0, 2))
        for (const v of new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), 0).variants(place, below.length, patternNames))
          if (!vals.some((x) => jsonEqual(x, v))) vals.push(v);
      for (const value of vals) {
        if (exhausted()) return undefined;
        const w = attempt(new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), richness).document({ tokens: below, value }));
        if (w) return w;
      }
    }
  }
  // Whole documents of the accepting side, for findings whose path the forced value misses.
  while (!exhausted()) {
    const w = attempt(new Sampler(acceptSide, new Rng(rng.int(0, 2 ** 31)), 1).document());
    if (w) return w;
  }
  return undefined;
}

/**
 * The objects, arrays and array items in a set's documents, counted up to `limit` (then it stops):
 * items count because ajv checks a listed value against every value of its `enum`, so a
 * 300,000-value enum makes each candidate document cost as much as a large schema.
 */
function nodesIn(set: SchemaSet, limit: number): number {
  let n = 0;
  const stack: unknown[] = Object.values(set.docs).map((d) => d.value);
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (++n > limit) return n;
    // Containers waiting count too: a 10,000-property object stops the count at once.
    if (Array.isArray(v)) {
      n += v.length;
      if (n > limit) return n;
      for (const x of v) if (x !== null && typeof x === 'object' && stack.push(x) + n > limit) return limit + 1;
    } else
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object' && stack.push(x) + n > limit) return limit + 1;
      }
  }
  return n;
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
