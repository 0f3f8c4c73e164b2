/**
 * Each side of a diff, as schemas the rules can compare: `$ref`s followed, `allOf` members
 * and singleton `anyOf`/`oneOf` branches merged into their parent where no keyword conflicts
 * (so a refactor into `$defs` or `allOf` means nothing), with the file location of every keyword
 * kept, merged or not.
 */
import type { JsonObject } from '../../core/json.js';
import { isObject, jsonEqual } from '../../core/json.js';
import { escapeToken, getAtPointer, parsePointer } from '../../core/pointer.js';
import { buildRefIndex, siteKey, type RefIndex } from './refs.js';
import { asObjectSchema, type SchemaAt, type SchemaSet } from './schema-set.js';
import { sameExceptAnnotations } from './facts.js';
import { NON_CONSTRAINING_IN_PLACE } from './keywords.js';

export interface Located {
  schema: JsonObject;
  at: SchemaAt;
}

const MAX_REF_HOPS = 8;
/** A `$ref` chain longer than this is refused (a cycle of references with no schema in it means anything). */
const MAX_REF_CHAIN = 100_000;

const UNMERGED = new Set(['not', 'if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'dependentSchemas', 'dependencies', 'contains']);

/**
 * `acc` with `member` merged into it, when the member's only branching keyword is one union
 * (`anyOf` or `oneOf`): its other keywords merged as a member's are, the union taken as is.
 * Undefined when the member holds anything else that branches, or its keywords conflict.
 */
function hoistUnion(acc: Located, member: Located): Located | undefined {
  const branching = Object.keys(member.schema).filter((k) => UNMERGED.has(k));
  const union = branching.length === 1 && (branching[0] === 'anyOf' || branching[0] === 'oneOf') ? branching[0] : undefined;
  if (!union || !Array.isArray(member.schema[union])) return undefined;
  const { [union]: branches, ...others } = member.schema;
  let merged: Located | undefined = acc;
  if (Object.keys(others).length > 0) {
    const prov = new Map<string, SchemaAt>();
    for (const k of Object.keys(others)) prov.set(k, keyAt(member.schema, member.at, k));
    merged = merge(acc, { schema: withProvenance(others, prov), at: member.at });
  }
  if (!merged) return undefined;
  const prov = new Map<string, SchemaAt>();
  for (const k of Object.keys(merged.schema)) prov.set(k, keyAt(merged.schema, merged.at, k));
  prov.set(union, keyAt(member.schema, member.at, union));
  return { schema: withProvenance({ ...merged.schema, [union]: branches }, prov), at: merged.at };
}

/** Where the keywords of merged objects really are. */
const provenance = new WeakMap<object, Map<string, SchemaAt>>();

export function keyAt(obj: unknown, at: SchemaAt, key: string): SchemaAt {
  const known = typeof obj === 'object' && obj !== null ? provenance.get(obj)?.get(key) : undefined;
  return known ?? { doc: at.doc, pointer: `${at.pointer}/${escapeToken(key)}` };
}

/** The location of the value at `subPath` (a JSON Pointer) below `obj`, which is at `at`. */
export function childAt(obj: unknown, at: SchemaAt, subPath: string): SchemaAt {
  let cur: unknown = obj;
  let where = at;
  for (const token of parsePointer(subPath)) {
    where = keyAt(cur, where, token);
    cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[token] : undefined;
  }
  return where;
}

function withProvenance<T extends object>(value: T, map: Map<string, SchemaAt>): T {
  provenance.set(value, map);
  return value;
}

/** Merge two schemas that must both hold (allOf), or undefined when a keyword conflicts. */
const PROPERTY_SET = ['properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties'];
const CLOSING = ['additionalProperties', 'patternProperties', 'unevaluatedProperties'];
const ITEM_SET = ['items', 'prefixItems', 'additionalItems', 'unevaluatedItems'];

/**
 * `additionalProperties` (and its kin) is relative to the `properties` beside it: merging a schema
 * that closes its object with one that declares properties would change what either means.
 */
function relativeConflict(a: JsonObject, b: JsonObject): boolean {
  const closesA = CLOSING.some((k) => k in a);
  const closesB = CLOSING.some((k) => k in b);
  if ((closesA && PROPERTY_SET.some((k) => k in b)) || (closesB && PROPERTY_SET.some((k) => k in a))) return true;
  const itemsA = ITEM_SET.filter((k) => k in a);
  const itemsB = ITEM_SET.filter((k) => k in b);
  return itemsA.length > 0 && itemsB.length > 0 && (itemsA.length > 1 || itemsB.length > 1 || itemsA[0] !== itemsB[0]);
}

export function merge(a: Located, b: Located): Located | undefined {
  if (relativeConflict(a.schema, b.schema)) return undefined;
  const out: JsonObject = { ...a.schema };
  const prov = new Map<string, SchemaAt>();
  for (const k of Object.keys(a.schema)) prov.set(k, keyAt(a.schema, a.at, k));
  for (const [k, v] of Object.entries(b.schema)) {
    if (!(k in out)) {
      out[k] = v;
      prov.set(k, keyAt(b.schema, b.at, k));
      continue;
    }
    // Equal but for annotations inside (`then: true` and `then: {title: …}`) is no conflict either.
    if (jsonEqual(out[k], v) || NON_CONSTRAINING_IN_PLACE.has(k) || sameExceptAnnotations({ [k]: out[k] }, { [k]: v })) continue;
    if (k === 'properties' && isObject(out[k]) && isObject(v)) {
      const ap = out[k] as JsonObject;
      const props: JsonObject = { ...ap };
      const pprov = new Map<string, SchemaAt>();
      const aAt = keyAt(a.schema, a.at, k);
      const bAt = keyAt(b.schema, b.at, k);
      for (const name of Object.keys(ap)) pprov.set(name, keyAt(ap, aAt, name));
      for (const [name, schema] of Object.entries(v)) {
        if (name in props && !jsonEqual(props[name], schema)) {
          // `true` adds nothing to the other side; `false` makes the property forbidden.
          if (props[name] === true || schema === false) {
            props[name] = schema;
            pprov.set(name, keyAt(v, bAt, name));
            continue;
          }
          if (schema === true || props[name] === false) continue;
          // Both constrain the property: it must meet both.
          if (!isObject(props[name]) || !isObject(schema)) return undefined;
          const both = merge({ schema: props[name] as JsonObject, at: keyAt(ap, aAt, name) }, { schema, at: keyAt(v, bAt, name) });
          if (!both) return undefined;
          props[name] = both.schema;
          continue;
        }
        props[name] = schema;
        pprov.set(name, keyAt(v, bAt, name));
      }
      out[k] = withProvenance(props, pprov);
      continue;
    }
    if (k === 'required' && Array.isArray(out[k]) && Array.isArray(v)) {
      out[k] = [...new Set([...(out[k] as unknown[]), ...v])];
      continue;
    }
    return undefined;
  }
  return { schema: withProvenance(out, prov), at: a.at };
}

/** One side of a diff: its documents, its references, and resolved schemas by location. */
export class Side {
  private readonly index: RefIndex;
  /** Resolved schemas by their raw value: a JSON tree holds each object at exactly one place. */
  private readonly memo = new WeakMap<object, Located>();

  constructor(readonly set: SchemaSet) {
    this.index = buildRefIndex(set);
  }

  /** The sub-schema at `subPath` below a resolved schema. */
  sub(parent: Located, subPath: string): Located {
    const value = getAtPointer(parent.schema, subPath).value;
    return this.resolve(value, childAt(parent.schema, parent.at, subPath));
  }

  entry(): { value: unknown; at: SchemaAt } {
    const doc = this.set.docs[this.set.entry]!;
    return { value: doc.value, at: { doc: doc.id, pointer: '' } };
  }

  /** The schema at `at` (whose raw value is `value`), dereferenced and flattened. */
  resolve(value: unknown, at: SchemaAt, hops = 0): Located {
    const memoable = typeof value === 'object' && value !== null;
    const cached = memoable ? this.memo.get(value) : undefined;
    if (cached) return cached;
    const result = this.flatten(this.deref(value, at), hops);
    if (memoable) this.memo.set(value, result);
    return result;
  }

  /** Follow a `$ref` chain; siblings of each `$ref` hold together with its target (2019-09 and later). */
  private deref(value: unknown, at: SchemaAt): Located {
    let schema = asObjectSchema(value);
    let where = at;
    const siblingsOnTheWay: Located[] = [];
    const visited = new Set<string>();
    for (let hop = 0; typeof schema.$ref === 'string'; hop++) {
      if (hop >= MAX_REF_CHAIN)
        throw new Error(`a chain of more than ${MAX_REF_CHAIN} $refs at ${at.doc}#${at.pointer}; the schema cannot be compared`);
      const target = this.index.targets.get(siteKey(where));
      if (!target) break; // every reference was checked when the contract was read
      if (visited.has(siteKey(target))) {
        // A cycle of references with no schema in it constrains nothing.
        schema = {};
        break;
      }
      visited.add(siteKey(where));
      const { $ref: _ref, ...siblings } = schema;
      if (Object.keys(siblings).length > 0) {
        const prov = new Map<string, SchemaAt>();
        for (const k of Object.keys(siblings)) prov.set(k, keyAt(schema, where, k));
        siblingsOnTheWay.push({ schema: withProvenance(siblings, prov), at: where });
      }
      schema = asObjectSchema(getAtPointer(this.set.docs[target.doc]?.value, target.pointer).value);
      where = target;
    }
    let result: Located = { schema, at: where };
    for (const siblings of siblingsOnTheWay.reverse()) {
      const merged = merge(siblings, result);
      if (merged) result = merged;
      else {
        // Conflicting siblings: both must hold, as an allOf.
        const prov = provenance.get(siblings.schema) ?? new Map<string, SchemaAt>();
        const allOf = withProvenance([result.schema], new Map([['0', result.at]]));
        result = { schema: withProvenance({ ...siblings.schema, allOf }, new Map([...prov, ['allOf', siblings.at]])), at: siblings.at };
      }
    }
    return result;
  }

  private flatten(loc: Located, hops: number): Located {
    if (hops >= MAX_REF_HOPS) return loc;
    let acc = loc;
    const s = loc.schema;
    if (Array.isArray(s.allOf) && s.allOf.length > 0) {
      const { allOf: _all, ...rest } = s;
      const restProv = new Map<string, SchemaAt>();
      for (const k of Object.keys(rest)) restProv.set(k, keyAt(s, loc.at, k));
      acc = { schema: withProvenance(rest, restProv), at: loc.at };
      const kept: unknown[] = [];
      const keptProv = new Map<string, SchemaAt>();
      let lone: Located | undefined;
      s.allOf.forEach((member, i) => {
        const memberAt = childAt(s, loc.at, `/allOf/${i}`);
        const m = this.resolve(member, memberAt, hops + 1);
        // Members that negate, branch or combine stay members: merging them would depend on their order.
        const merged = Object.keys(m.schema).some((k) => UNMERGED.has(k)) ? undefined : merge(acc, m);
        if (merged) acc = merged;
        else {
          keptProv.set(String(kept.length), m.at);
          kept.push(m.schema);
          lone = m;
        }
      });
      // One member left whose only branching is a union, beside no union of the parent's own
      // (`allOf: [{$ref: "#/definitions/eventObject"}]` with siblings, where the definition is a
      // `oneOf` and plain keywords): its plain keywords merge as any member's do, and the union
      // is the parent's, as a `$ref` with the same siblings reads. Nothing else is left to
      // order it against.
      const hoisted =
        kept.length === 1 && lone && acc.schema.anyOf === undefined && acc.schema.oneOf === undefined ? hoistUnion(acc, lone) : undefined;
      if (hoisted) acc = hoisted;
      else if (kept.length > 0) {
        const prov = provenance.get(acc.schema) ?? new Map();
        acc = { schema: withProvenance({ ...acc.schema, allOf: withProvenance(kept, keptProv) }, new Map([...prov, ['allOf', loc.at]])), at: loc.at };
      }
    }
    if (Array.isArray(acc.schema.anyOf) && Array.isArray(acc.schema.oneOf)) {
      // Both unions hold: compare the oneOf as an allOf member, so each is seen.
      const { oneOf, ...rest } = acc.schema;
      const prov = new Map<string, SchemaAt>();
      for (const k of Object.keys(rest)) prov.set(k, keyAt(acc.schema, acc.at, k));
      const members = Array.isArray(rest.allOf) ? [...rest.allOf] : [];
      const memberProv = new Map<string, SchemaAt>();
      members.forEach((_, i) => memberProv.set(String(i), keyAt(rest.allOf, keyAt(acc.schema, acc.at, 'allOf'), String(i))));
      memberProv.set(String(members.length), acc.at);
      members.push(withProvenance({ oneOf }, new Map([['oneOf', keyAt(acc.schema, acc.at, 'oneOf')]])));
      prov.set('allOf', acc.at);
      acc = { schema: withProvenance({ ...rest, allOf: withProvenance(members, memberProv) }, prov), at: acc.at };
    }
    for (const kw of ['anyOf', 'oneOf'] as const) {
      const branches = acc.schema[kw];
      if (!Array.isArray(branches) || branches.length !== 1) continue;
      const branch = this.resolve(branches[0], childAt(acc.schema, acc.at, `/${kw}/0`), hops + 1);
      const { [kw]: _b, ...rest } = acc.schema;
      const prov = new Map<string, SchemaAt>();
      for (const k of Object.keys(rest)) prov.set(k, keyAt(acc.schema, acc.at, k));
      const merged = merge({ schema: withProvenance(rest, prov), at: acc.at }, branch);
      if (merged) acc = merged;
    }
    return acc;
  }
}
