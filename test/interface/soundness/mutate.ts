/**
 * Schema mutations: one change of the kinds the brief's compatibility table lists, at a random
 * sub-schema of a real schema. Mutations are written for the schema's own dialect (`prefixItems`
 * and `dependentRequired` from 2019-09 on, tuple `items` and `dependencies` before), so every
 * mutant is a schema ajv accepts; the oracle skips the few it does not.
 */
import type { Dialect } from './validators.js';
import { clone, escapeToken, getAt, isObj, type Json, type JsonObj, Rng, setAt } from './util.js';

/** A place in the schema that holds a schema. */
export function schemaLocations(root: unknown): string[] {
  const out: string[] = [];
  const stack: { v: unknown; p: string }[] = [{ v: root, p: '' }];
  const SINGLE = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
  const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
  const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];
  while (stack.length > 0) {
    const { v, p } = stack.pop()!;
    if (typeof v !== 'boolean' && !isObj(v)) continue;
    out.push(p);
    if (!isObj(v)) continue;
    for (const k of SINGLE) if (isObj(v[k]) || typeof v[k] === 'boolean') stack.push({ v: v[k], p: `${p}/${k}` });
    for (const k of LISTS) {
      const xs = v[k];
      if (Array.isArray(xs)) xs.forEach((x, i) => stack.push({ v: x, p: `${p}/${k}/${i}` }));
    }
    for (const k of MAPS) {
      const m = v[k];
      if (isObj(m))
        for (const [name, x] of Object.entries(m)) if (isObj(x) || typeof x === 'boolean') stack.push({ v: x, p: `${p}/${k}/${escapeToken(name)}` });
    }
  }
  return out.sort();
}

export const NAMES = ['a', 'b', 'id', 'name', 'score', 'extra', 'S_1', 'I_2', 'label', 'tags'];
export const PATTERNS = ['^[a-z]+$', '^\\d{3}$', '^a', 'b$', '^[A-Z][a-z]*$', '^S_', '^I_'];
export const FORMATS = ['date', 'date-time', 'email', 'uuid', 'ipv4', 'uri', 'hostname', 'int32', 'int64', 'float', 'double', 'time'];
const MULTIPLES = [1, 2, 3, 5, 10, 0.5, 0.25];

/** Small schemas to add as properties, branches, items. */
export const PALETTE: Json[] = [
  { type: 'string' },
  { type: 'integer', minimum: 0 },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'null' },
  { type: 'string', maxLength: 3 },
  { type: 'array', items: { type: 'integer' } },
  { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  { enum: ['a', 'b', 1] },
  { const: 'x' },
  {},
  { type: ['string', 'null'] },
  { type: 'string', pattern: '^[a-z]+$' },
  { type: 'string', format: 'date' },
  { type: 'integer', multipleOf: 3 },
  { type: 'object', additionalProperties: false },
];

const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'];

export interface MutateCtx {
  rng: Rng;
  dialect: Dialect;
  /** Property names seen in the schemas, to add and toggle. */
  names: string[];
  /** Scalar values seen in the schemas, for enums. */
  values: Json[];
}

type Op = (s: JsonObj, c: MutateCtx) => JsonObj | boolean | undefined;

function typesOf(s: JsonObj): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function may(s: JsonObj, t: string): boolean {
  const ts = typesOf(s);
  return ts === undefined || ts.includes(t) || (t === 'integer' && ts.includes('number'));
}

function palette(c: MutateCtx): Json {
  return clone(c.rng.pick(PALETTE));
}

function props(s: JsonObj): JsonObj {
  return isObj(s.properties) ? s.properties : {};
}

function req(s: JsonObj): string[] {
  return Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : [];
}

function setReq(s: JsonObj, names: string[]): void {
  if (names.length === 0 && s.required !== undefined) delete s.required;
  else if (names.length > 0) s.required = names;
}

function nudge(v: number, c: MutateCtx, integral: boolean): number {
  const deltas = integral ? [1, -1, 2, -2, 5, -5, 10, -10] : [1, -1, 0.5, -0.5, 5, -5, 0.1];
  let out = v + c.rng.pick(deltas);
  if (c.rng.chance(0.2)) out = v * 2;
  return integral ? Math.max(0, Math.round(out)) : out;
}

const NUMERIC: Record<string, { integral: boolean; kind: string }> = {
  minimum: { integral: false, kind: 'number' },
  maximum: { integral: false, kind: 'number' },
  exclusiveMinimum: { integral: false, kind: 'number' },
  exclusiveMaximum: { integral: false, kind: 'number' },
  minLength: { integral: true, kind: 'string' },
  maxLength: { integral: true, kind: 'string' },
  minItems: { integral: true, kind: 'array' },
  maxItems: { integral: true, kind: 'array' },
  minProperties: { integral: true, kind: 'object' },
  maxProperties: { integral: true, kind: 'object' },
};

const OPS: Record<string, Op> = {
  'property-added': (s, c) => {
    const p = props(s);
    const name = c.rng.pick([...c.names, ...NAMES].filter((n) => !(n in p)));
    const out = { ...s, properties: { ...p, [name]: palette(c) } };
    if (c.rng.chance(0.3)) setReq(out, [...req(s), name]);
    return out;
  },
  'property-removed': (s, c) => {
    const names = Object.keys(props(s));
    if (names.length === 0) return undefined;
    const name = c.rng.pick(names);
    const p = { ...props(s) };
    delete p[name];
    const out: JsonObj = { ...s, properties: p };
    if (c.rng.chance(0.5))
      setReq(
        out,
        req(s).filter((r) => r !== name),
      );
    return out;
  },
  'required-toggled': (s, c) => {
    const candidates = [
      ...new Set([...Object.keys(props(s)), ...req(s), ...(c.rng.chance(0.2) ? [c.rng.pick(c.names.length ? c.names : NAMES)] : [])]),
    ];
    if (candidates.length === 0) return undefined;
    const name = c.rng.pick(candidates);
    const r = req(s);
    const out = { ...s };
    setReq(out, r.includes(name) ? r.filter((x) => x !== name) : [...r, name]);
    return out;
  },
  'bound-changed': (s, c) => {
    const applicable = Object.keys(NUMERIC).filter((k) => k in s || may(s, NUMERIC[k]!.kind));
    if (applicable.length === 0) return undefined;
    const k = c.rng.pick(applicable);
    const { integral } = NUMERIC[k]!;
    const out = { ...s };
    const v = s[k];
    if (typeof v === 'boolean')
      out[k] = !v; // draft-04 exclusive bounds
    else if (typeof v === 'number') {
      if (c.rng.chance(0.3)) delete out[k];
      else out[k] = nudge(v, c, integral);
    } else {
      const seen = c.values.filter((x): x is number => typeof x === 'number');
      const base = seen.length && c.rng.chance(0.6) ? c.rng.pick(seen) : c.rng.int(0, 10);
      out[k] = integral ? Math.max(0, Math.round(Math.abs(base))) : base;
      if (c.dialect === 'draft-04' && (k === 'exclusiveMinimum' || k === 'exclusiveMaximum')) {
        out[k] = true;
        const bound = k === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (typeof out[bound] !== 'number') out[bound] = base;
      }
    }
    return out;
  },
  'enum-changed': (s, c) => {
    const out = { ...s };
    const pool = [...c.values, 'a', 'b', 'x', 0, 1, 2.5, true, null];
    const values = s.enum;
    if (Array.isArray(values)) {
      const r = c.rng.next();
      const fresh = pool.filter((v) => !values.some((x) => JSON.stringify(x) === JSON.stringify(v)));
      if (r < 0.4 && fresh.length > 0) out.enum = [...values, c.rng.pick(fresh)];
      else if (r < 0.8 && values.length > 1) {
        const drop = c.rng.int(0, values.length - 1);
        out.enum = values.filter((_, i) => i !== drop);
      } else if (r < 0.9) delete out.enum;
      else out.enum = [c.rng.pick(pool)];
      return out;
    }
    if ('const' in s) {
      const r = c.rng.next();
      if (r < 0.4) delete out.const;
      else if (r < 0.7) out.const = c.rng.pick(pool);
      else {
        delete out.const;
        const other = pool.filter((v) => JSON.stringify(v) !== JSON.stringify(s.const));
        out.enum = [s.const as Json, c.rng.pick(other)];
      }
      return out;
    }
    const picked = [...new Map(Array.from({ length: c.rng.int(1, 3) }, () => c.rng.pick(pool)).map((v) => [JSON.stringify(v), v])).values()];
    if (c.rng.chance(0.3)) out.const = picked[0]!;
    else out.enum = picked;
    return out;
  },
  'type-changed': (s, c) => {
    const out = { ...s };
    const ts = typesOf(s);
    const r = c.rng.next();
    if (ts === undefined) {
      out.type = c.rng.pick(TYPES);
      return out;
    }
    if (r < 0.25 && (ts.includes('integer') || ts.includes('number'))) {
      out.type = ts.map((t) => (t === 'integer' ? 'number' : t === 'number' ? 'integer' : t));
      if (out.type.length === 1) out.type = out.type[0]!;
    } else if (r < 0.45 && !ts.includes('null')) out.type = [...ts, 'null'];
    else if (r < 0.6 && ts.length > 1) {
      const drop = c.rng.pick(ts);
      const rest = ts.filter((t) => t !== drop);
      out.type = rest.length === 1 ? rest[0]! : rest;
    } else if (r < 0.7) delete out.type;
    else if (r < 0.8) out.type = [...new Set([...ts, c.rng.pick(TYPES)])];
    else out.type = c.rng.pick(TYPES.filter((t) => !ts.includes(t)));
    return out;
  },
  'additional-properties-changed': (s, c) => {
    const out = { ...s };
    const ap = s.additionalProperties;
    const choices: (Json | undefined)[] = [false, true, undefined, { type: 'string' }, { type: 'integer' }, {}];
    const next = c.rng.pick(choices.filter((x) => JSON.stringify(x) !== JSON.stringify(ap)));
    if (next === undefined) delete out.additionalProperties;
    else out.additionalProperties = next;
    return out;
  },
  'items-changed': (s, c) => {
    const out = { ...s };
    const modern = c.dialect === '2020-12';
    const tupleKey = modern ? 'prefixItems' : 'items';
    const tuple = modern ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    const r = c.rng.next();
    if (Array.isArray(tuple) && r < 0.5) {
      if (c.rng.chance(0.5) && tuple.length > 0) out[tupleKey] = tuple.slice(0, -1);
      else out[tupleKey] = [...tuple, palette(c)];
      if ((out[tupleKey] as Json[]).length === 0) delete out[tupleKey];
      return out;
    }
    if (r < 0.65) {
      // The tail: `items` after prefixItems (2020-12), `additionalItems` after a tuple (earlier drafts).
      const tailKey = modern ? 'items' : Array.isArray(s.items) ? 'additionalItems' : 'items';
      const next = c.rng.pick([false, true, undefined, palette(c)]);
      if (next === undefined) delete out[tailKey];
      else out[tailKey] = next;
      return out;
    }
    if (r < 0.8) {
      out[tupleKey] = [palette(c), palette(c)].slice(0, c.rng.int(1, 2));
      return out;
    }
    if (!Array.isArray(s.items) && s.items !== undefined && c.rng.chance(0.5)) delete out.items;
    else if (!Array.isArray(s.items)) out.items = palette(c);
    else return undefined;
    return out;
  },
  'pattern-changed': (s, c) => {
    const out = { ...s };
    if (typeof s.pattern === 'string' && c.rng.chance(0.5)) delete out.pattern;
    else out.pattern = c.rng.pick(PATTERNS.filter((p) => p !== s.pattern));
    return out;
  },
  'format-changed': (s, c) => {
    const out = { ...s };
    if (typeof s.format === 'string' && c.rng.chance(0.5)) delete out.format;
    else out.format = c.rng.pick(FORMATS.filter((f) => f !== s.format));
    return out;
  },
  'multiple-of-changed': (s, c) => {
    const out = { ...s };
    if (typeof s.multipleOf === 'number' && c.rng.chance(0.4)) delete out.multipleOf;
    else out.multipleOf = c.rng.pick(MULTIPLES.filter((m) => m !== s.multipleOf));
    return out;
  },
  'union-changed': (s, c) => {
    const out = { ...s };
    const key = c.rng.pick(['anyOf', 'oneOf', 'allOf'] as const);
    const present = (['anyOf', 'oneOf', 'allOf'] as const).filter((k) => Array.isArray(s[k]));
    const r = c.rng.next();
    if (present.length > 0 && r < 0.75) {
      const k = c.rng.pick(present);
      const xs = s[k] as Json[];
      const r2 = c.rng.next();
      if (r2 < 0.35) out[k] = [...xs, palette(c)];
      else if (r2 < 0.7 && xs.length > 1) out[k] = xs.filter((_, i) => i !== c.rng.int(0, xs.length - 1));
      else if (r2 < 0.85) {
        // anyOf <-> oneOf
        const other = k === 'anyOf' ? 'oneOf' : 'anyOf';
        if (other in s) return undefined;
        delete out[k];
        out[other] = xs;
      } else if (xs.length === 1 && isObj(xs[0])) {
        // a singleton combinator unwrapped
        delete out[k];
        return { ...out, ...(xs[0] as JsonObj) };
      } else delete out[k];
      return out;
    }
    if (key in s) return undefined;
    if (r < 0.9) out[key] = [palette(c), palette(c)];
    else {
      // wrap the whole schema as one branch of a union
      return { [key]: [clone(s), palette(c)] };
    }
    return out;
  },
  'not-changed': (s, c) => {
    const out = { ...s };
    if ('not' in s && c.rng.chance(0.5)) delete out.not;
    else out.not = palette(c);
    return out;
  },
  'conditional-changed': (s, c) => {
    const out = { ...s };
    if ('if' in s && c.rng.chance(0.5)) {
      delete out.if;
      delete out.then;
      delete out.else;
      return out;
    }
    if ('if' in s) {
      const k = c.rng.pick(['then', 'else'] as const);
      out[k] = palette(c);
      return out;
    }
    const name = c.rng.pick(c.names.length ? c.names : NAMES);
    out.if = { properties: { [name]: { const: c.rng.pick([...c.values, 'a', 1]) } }, required: [name] };
    out.then = c.rng.chance(0.5) ? { required: [c.rng.pick(NAMES)] } : palette(c);
    if (c.rng.chance(0.5)) out.else = palette(c);
    return out;
  },
  'pattern-properties-changed': (s, c) => {
    const out = { ...s };
    const pp = isObj(s.patternProperties) ? s.patternProperties : {};
    const keys = Object.keys(pp);
    if (keys.length > 0 && c.rng.chance(0.5)) {
      const next = { ...pp };
      delete next[c.rng.pick(keys)];
      if (Object.keys(next).length === 0) delete out.patternProperties;
      else out.patternProperties = next;
    } else out.patternProperties = { ...pp, [c.rng.pick(PATTERNS)]: palette(c) };
    return out;
  },
  'property-names-changed': (s, c) => {
    const out = { ...s };
    if ('propertyNames' in s && c.rng.chance(0.5)) delete out.propertyNames;
    else out.propertyNames = c.rng.pick<Json>([{ pattern: '^[a-z_]+$' }, { maxLength: 3 }, { enum: [...NAMES] }]);
    return out;
  },
  'dependencies-changed': (s, c) => {
    const out = { ...s };
    const key = c.dialect === '2020-12' || c.dialect === '2019-09' ? 'dependentRequired' : 'dependencies';
    const names = [...new Set([...Object.keys(props(s)), ...c.names, ...NAMES])];
    if (key in s && c.rng.chance(0.5)) delete out[key];
    else {
      const a = c.rng.pick(names);
      const b = c.rng.pick(names.filter((n) => n !== a));
      const value: Json = key === 'dependencies' && c.rng.chance(0.3) ? { required: [b] } : [b];
      out[key] = { ...(isObj(s[key]) ? (s[key] as JsonObj) : {}), [a]: value };
    }
    return out;
  },
  'array-keyword-changed': (s, c) => {
    const out = { ...s };
    const r = c.rng.next();
    if (r < 0.5) {
      if ('contains' in s && c.rng.chance(0.5)) delete out.contains;
      else out.contains = palette(c);
    } else if ('uniqueItems' in s) delete out.uniqueItems;
    else out.uniqueItems = true;
    return out;
  },
  'boolean-schema': (s, c) => {
    const r = c.rng.next();
    if (r < 0.4) return true;
    if (r < 0.6) return false;
    if (Object.keys(s).length === 0) return false;
    return {};
  },
  'annotation-changed': (s, c) => {
    const out = { ...s };
    const k = c.rng.pick(['title', 'description', 'default', 'examples', '$comment']);
    if (k in s) delete out[k];
    else
      out[k] = k === 'examples' ? [c.rng.pick(c.values.length ? c.values : ['a'])] : k === 'default' ? c.rng.pick([...c.values, 'a', 1]) : 'changed';
    return out;
  },
};

export const MUTATION_KINDS = Object.keys(OPS);

/**
 * A `$ref`/`$defs` refactor: move the sub-schema into the root's definitions and refer to it.
 * The meaning stays the same; the analyser must say so or at worst be conservative.
 */
function refactor(root: JsonObj, loc: string, c: MutateCtx): JsonObj | undefined {
  if (loc === '' || loc.startsWith('/$defs') || loc.startsWith('/definitions')) return undefined;
  const sub = getAt(root, loc);
  if (!isObj(sub) || '$ref' in sub || '$id' in sub) return undefined;
  const defsKey = c.dialect === '2020-12' || c.dialect === '2019-09' ? '$defs' : 'definitions';
  const defs = isObj(root[defsKey]) ? (root[defsKey] as JsonObj) : {};
  let name = 'Moved';
  for (let i = 1; name in defs; i++) name = `Moved${i}`;
  const out = clone(root);
  out[defsKey] = { ...defs, [name]: clone(sub) };
  setAt(out, loc, { $ref: `#/${defsKey}/${name}` });
  return out;
}

export interface Mutation {
  kind: string;
  at: string;
}

/** Apply `count` random mutations to a copy of the schema; returns the mutant and what was done. */
export function mutate(schema: unknown, count: number, c: MutateCtx): { schema: unknown; applied: Mutation[] } {
  let cur: unknown = clone(schema);
  const applied: Mutation[] = [];
  for (let i = 0, tries = 0; i < count && tries < count * 8; tries++) {
    const locs = schemaLocations(cur);
    if (locs.length === 0) {
      cur = {};
      continue;
    }
    const loc = c.rng.pick(locs);
    if (isObj(cur) && c.rng.chance(0.06)) {
      const moved = refactor(cur, loc, c);
      if (moved) {
        cur = moved;
        applied.push({ kind: 'ref-refactor', at: loc });
        i++;
      }
      continue;
    }
    const at = getAt(cur, loc);
    const sub: JsonObj = at === true ? {} : at === false ? { not: {} } : isObj(at) ? at : {};
    // The root keeps its `$schema`: a boolean root would lose the dialect.
    const kinds = loc === '' ? MUTATION_KINDS.filter((k) => k !== 'boolean-schema') : MUTATION_KINDS;
    const kind = c.rng.pick(kinds);
    let next = OPS[kind]!(sub, c);
    if (next === undefined) continue;
    // A root rewritten as a whole (wrapped in a union) keeps its dialect at the top.
    if (loc === '' && isObj(next) && typeof sub.$schema === 'string' && next.$schema === undefined) {
      next = { $schema: sub.$schema, ...next };
      for (const k of ['anyOf', 'oneOf', 'allOf']) {
        const xs = next[k];
        if (Array.isArray(xs))
          next[k] = xs.map((x) =>
            isObj(x) && x.$schema !== undefined ? Object.fromEntries(Object.entries(x).filter(([key]) => key !== '$schema')) : x,
          ) as Json[];
      }
    }
    cur = setAt(cur, loc, next);
    applied.push({ kind, at: loc });
    i++;
  }
  return { schema: cur, applied };
}

/** Property names and scalar values used in a schema: material for mutations and instances. */
export function harvest(...schemas: unknown[]): { names: string[]; values: Json[]; numbers: number[]; strings: string[]; patterns: string[] } {
  const names = new Set<string>();
  const values: Json[] = [];
  const numbers = new Set<number>();
  const strings = new Set<string>();
  const patterns = new Set<string>();
  const seenValue = new Set<string>();
  const addValue = (v: Json) => {
    const key = JSON.stringify(v);
    if (!seenValue.has(key)) {
      seenValue.add(key);
      values.push(v);
    }
  };
  const stack: { v: unknown; data: boolean; parent: string }[] = schemas.map((v) => ({ v, data: false, parent: '' }));
  while (stack.length > 0) {
    const { v, data, parent } = stack.pop()!;
    if (typeof v === 'number') numbers.add(v);
    if (typeof v === 'string' && (data || parent === 'required' || parent === 'dependentRequired')) strings.add(v);
    if (data && (v === null || typeof v !== 'object')) addValue(v as Json);
    if (Array.isArray(v)) {
      for (const x of v) {
        if (parent === 'required' && typeof x === 'string') names.add(x);
        stack.push({ v: x, data, parent });
      }
    } else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (!data && (parent === 'properties' || parent === 'dependentRequired' || parent === 'dependencies')) names.add(k);
        if (!data && parent === 'patternProperties') patterns.add(k);
        if (!data && k === 'pattern' && typeof x === 'string') patterns.add(x);
        const isData = data || k === 'enum' || k === 'const' || k === 'default' || k === 'examples';
        stack.push({ v: x, data: isData, parent: data ? parent : k });
      }
    }
  }
  for (const n of names) strings.add(n);
  return {
    names: [...names].sort(),
    values,
    numbers: [...numbers].sort((a, b) => a - b),
    strings: [...strings].sort(),
    patterns: [...patterns].sort(),
  };
}
