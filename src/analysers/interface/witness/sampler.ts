/**
 * A small, bounded, seeded sampler of JSON instances for one side of a diff. Written here rather
 * than taken from `json-schema-faker` or `@stoplight/json-schema-sampler`: a witness needs an
 * instance with one value forced at a given instance path (and the rest of the document as small
 * as the schema allows), both libraries would be a new dependency, and neither is bounded the way
 * a gate must be (a schema of 10,000 properties, recursion). It does not have to be exact: every
 * instance it makes is checked with ajv before it is used.
 */
import type { JsonObject } from '../../../core/json.js';
import { isObject } from '../../../core/json.js';
import { escapeToken } from '../../../core/pointer.js';
import { compileLinear } from '../../../core/regexp.js';
import { merge, type Located, type Side } from '../resolve.js';
import { sampleMatching } from './regex-sample.js';

/** A value left out: the property is absent, the array ends before the position. */
export const OMIT: unique symbol = Symbol('omit');
export type Forced = { tokens: string[]; value: unknown; name?: string };

/** mulberry32: small, fast, and the same sequence on every platform. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const FORMAT_SAMPLES: Record<string, string> = {
  date: '2024-01-02',
  'date-time': '2024-01-02T03:04:05Z',
  time: '03:04:05Z',
  email: 'a@example.com',
  'idn-email': 'a@example.com',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  ipv4: '10.0.0.1',
  ipv6: '::1',
  uri: 'https://example.com/x',
  'uri-reference': '/a/b',
  iri: 'https://example.com/x',
  'iri-reference': '/a/b',
  'uri-template': '/a/{b}',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  regex: '^a+$',
  duration: 'P1D',
  'json-pointer': '/a',
  'relative-json-pointer': '0/a',
  byte: 'aGVsbG8=',
};

const TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const;
/** How deep a sample goes, and how long its arrays and strings get: witnesses are shown to people. */
const MAX_DEPTH = 10;
const MAX_ITEMS = 8;
const MAX_STRING = 200;
/** Unions and `allOf`s folded per sampler at most (each sampler makes one document). */
const MAX_AIMS = 400;
/** Values made per sampler at most. */
const MAX_VALUES = 5_000;

function typesOf(s: JsonObject): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function num(s: JsonObject, k: string): number | undefined {
  return typeof s[k] === 'number' && Number.isFinite(s[k]) ? (s[k] as number) : undefined;
}

function inferType(s: JsonObject): string | undefined {
  const has = (...ks: string[]) => ks.some((k) => k in s);
  if (
    has('properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'propertyNames', 'dependentRequired')
  )
    return 'object';
  if (has('items', 'prefixItems', 'minItems', 'maxItems', 'contains', 'uniqueItems')) return 'array';
  if (has('pattern', 'minLength', 'maxLength', 'format')) return 'string';
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) return 'number';
  return undefined;
}

function matches(pattern: string, text: string): boolean {
  try {
    return compileLinear(pattern).test(text);
  } catch {
    return false;
  }
}

export class Sampler {
  constructor(
    private readonly side: Side,
    private readonly rng: Rng,
    /** 0: as small as the schema allows; higher: more optional content and variety. */
    private readonly richness: number,
  ) {}

  /** The root of this side: a whole document, with `forced` placed at its path. */
  document(forced?: Forced): unknown {
    const e = this.side.entry();
    return this.value(this.side.resolve(e.value, e.at), 0, forced);
  }

  /** Unions folded so far: nested `allOf`s of several members would otherwise multiply the work at each level. */
  private aims = 0;
  /** Values made so far: required properties and minimum item counts nested deep multiply. */
  private made = 0;

  /** A schema with one branch of each union (and the members of an `allOf` that could not be merged) folded in. */
  private aim(loc: Located, depth: number): Located {
    if (++this.aims > MAX_AIMS) return loc;
    let acc = loc;
    for (let round = 0; round < 4; round++) {
      const s = acc.schema;
      const union = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.allOf) ? 'allOf' : undefined;
      if (!union) break;
      const members = s[union] as unknown[];
      const { [union]: _u, ...rest } = s;
      let out: Located = { schema: rest, at: acc.at };
      const picks =
        union === 'allOf' ? members.map((_, i) => i) : members.length === 0 ? [] : [this.richness === 0 ? 0 : this.rng.int(0, members.length - 1)];
      for (const i of picks) {
        const m = this.side.sub(acc, `/${union}/${i}`);
        const folded = depth < MAX_DEPTH ? this.aim(m, depth + 1) : m;
        out = merge(out, folded) ?? (Object.keys(out.schema).length === 0 ? folded : out);
      }
      acc = out;
    }
    if (acc.schema.if !== undefined && this.rng.chance(0.5)) {
      const merged = merge(merge(acc, this.side.sub(acc, '/if')) ?? acc, this.side.sub(acc, '/then'));
      if (merged) acc = merged;
    }
    return acc;
  }

  private chooseType(s: JsonObject, forced?: Forced): string {
    const declared = typesOf(s);
    if (forced && forced.tokens.length > 0) {
      const t = forced.tokens[0]!;
      const arrayish = /^\d+$/.test(t) || (t === '*' && (inferType(s) === 'array' || declared?.includes('array')));
      const want = arrayish && (!declared || declared.includes('array')) ? 'array' : 'object';
      return want;
    }
    if (declared && declared.length > 0) return this.richness === 0 ? declared[0]! : this.rng.pick(declared);
    const inferred = inferType(s);
    if (inferred && (this.richness === 0 || this.rng.chance(0.8))) return inferred;
    return this.richness === 0 ? 'string' : this.rng.pick(TYPES);
  }

  value(loc: Located, depth: number, forced?: Forced): unknown {
    if (forced && forced.tokens.length === 0) return forced.value;
    // Past the budget, what is left is cut short (ajv decides whether the document still holds).
    if (++this.made > MAX_VALUES && !forced) return null;
    const aimed = depth < MAX_DEPTH ? this.aim(loc, depth) : loc;
    const s = aimed.schema;
    if (!forced) {
      if ('const' in s) return s.const;
      if (Array.isArray(s.enum) && s.enum.length > 0) return this.richness === 0 ? s.enum[0] : this.rng.pick(s.enum);
      if (Array.isArray(s.examples) && s.examples.length > 0 && this.richness > 0 && this.rng.chance(0.3)) return this.rng.pick(s.examples);
    }
    if (depth >= MAX_DEPTH && !forced) return null;
    switch (this.chooseType(s, forced)) {
      case 'null':
        return null;
      case 'boolean':
        return this.richness === 0 ? true : this.rng.chance(0.5);
      case 'integer':
        return this.number(s, true);
      case 'number':
        return this.number(s, false);
      case 'string':
        return this.string(s);
      case 'array':
        return this.array(aimed, depth, forced);
      default:
        return this.object(aimed, depth, forced);
    }
  }

  number(s: JsonObject, integral: boolean): number {
    let lo = num(s, 'minimum');
    let hi = num(s, 'maximum');
    const exLo = num(s, 'exclusiveMinimum');
    const exHi = num(s, 'exclusiveMaximum');
    const step = integral ? 1 : 0.5;
    if (exLo !== undefined) lo = Math.max(lo ?? -Infinity, integral ? Math.floor(exLo) + 1 : exLo + step);
    if (exHi !== undefined) hi = Math.min(hi ?? Infinity, integral ? Math.ceil(exHi) - 1 : exHi - step);
    let v: number;
    if (this.richness === 0) v = lo !== undefined ? lo : hi !== undefined ? Math.min(hi, 0) : 0;
    else {
      const a = lo ?? (hi !== undefined ? hi - 100 : -50);
      const b = hi ?? a + 100;
      v = this.rng.chance(0.3) ? this.rng.pick([a, b]) : a + this.rng.next() * (b - a);
      if (this.rng.chance(0.6)) v = Math.round(v);
    }
    const m = num(s, 'multipleOf');
    if (m !== undefined && m > 0) {
      v = Math.ceil(v / m) * m;
      v = Number(v.toFixed(10));
    }
    if (integral) v = lo !== undefined ? Math.ceil(v) : Math.round(v);
    return Number.isFinite(v) ? v : 0;
  }

  string(s: JsonObject): string {
    const min = Math.min(num(s, 'minLength') ?? 0, MAX_STRING);
    const max = Math.min(num(s, 'maxLength') ?? Math.max(min, 8), MAX_STRING);
    if (typeof s.format === 'string' && FORMAT_SAMPLES[s.format] !== undefined) return FORMAT_SAMPLES[s.format]!;
    if (typeof s.pattern === 'string') {
      for (let i = 0; i < 4; i++) {
        const m = sampleMatching(s.pattern, this.rng, this.richness === 0 && i === 0);
        if (m !== undefined && [...m].length >= min && [...m].length <= max) return m;
      }
    }
    const len = this.richness === 0 ? Math.max(min, Math.min(1, max)) : this.rng.int(min, Math.max(min, max));
    let out = '';
    for (let i = 0; i < len; i++) out += this.richness === 0 ? 'a' : this.rng.pick([...'abcxyz019']);
    return out;
  }

  private array(loc: Located, depth: number, forced?: Forced): unknown {
    const s = loc.schema;
    const tuple = Array.isArray(s.items);
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.length : tuple ? (s.items as unknown[]).length : 0;
    const min = Math.min(num(s, 'minItems') ?? 0, MAX_ITEMS);
    const maxDeclared = num(s, 'maxItems');
    let len = this.richness === 0 ? min : this.rng.int(min, Math.min(maxDeclared ?? min + 3, MAX_ITEMS));
    let at = -1;
    let omit = false;
    if (forced) {
      const t = forced.tokens[0]!;
      at = t === '*' ? prefix : Number(t);
      omit = forced.tokens.length === 1 && forced.value === OMIT;
      len = omit ? Math.min(len, at) : Math.max(len, at + 1);
    }
    if (s.items === false) len = Math.min(len, Math.max(prefix, at + 1));
    const out: unknown[] = [];
    for (let i = 0; i < len; i++) {
      const child = this.side.sub(loc, i < prefix ? (tuple ? `/items/${i}` : `/prefixItems/${i}`) : tuple ? '/additionalItems' : '/items');
      out.push(i === at ? this.value(child, depth + 1, { ...forced!, tokens: forced!.tokens.slice(1) }) : this.value(child, depth + 1));
    }
    if (s.contains !== undefined && at < 0 && out.length === 0) out.push(this.value(this.side.sub(loc, '/contains'), depth + 1));
    return out;
  }

  /**
   * Values near the edges of what a place allows: its smallest sample with each optional property
   * added, each required one left out, an undeclared one added; arrays with a repeated item,
   * one item more or fewer than the bounds. Bounded (a few dozen values).
   */
  variants(loc: Located, depth: number, names: string[]): unknown[] {
    const out: unknown[] = [];
    const aimed = this.aim(loc, depth);
    const s = aimed.schema;
    const base = this.value(aimed, depth);
    out.push(base);
    if (isObject(base)) {
      const props = isObject(s.properties) ? Object.keys(s.properties).slice(0, 12) : [];
      for (const name of props)
        if (!(name in base)) out.push(this.complete(aimed, { ...base, [name]: this.value(this.governing(aimed, name), depth + 1) }, depth));
      for (const name of Object.keys(base).slice(0, 12)) {
        const { [name]: _gone, ...rest } = base;
        out.push(rest);
      }
      for (const name of ['extra', ...names].slice(0, 6))
        if (!(name in base)) out.push({ ...base, [name]: this.value(this.governing(aimed, name), depth + 1) });
      for (const k of ['minProperties', 'maxProperties']) {
        const n = num(s, k);
        if (n === undefined || n > 200) continue;
        for (const m of [n - 1, n, n + 1]) {
          if (m < 0) continue;
          const obj: JsonObject = { ...base };
          for (let i = 0; Object.keys(obj).length < m && i < m + props.length; i++) {
            const name = props[i] ?? `p${i}`;
            if (!(name in obj)) obj[name] = this.value(this.governing(aimed, name), depth + 1);
          }
          out.push(obj);
        }
      }
      if (props.length > 0) {
        const all: JsonObject = { ...base };
        for (const name of props) if (!(name in all)) all[name] = this.value(this.governing(aimed, name), depth + 1);
        out.push(this.complete(aimed, all, depth));
      }
    }
    const tail = Array.isArray(s.items) ? undefined : s.items;
    if (Array.isArray(base) || tail !== undefined || Array.isArray(s.prefixItems)) {
      const arr = Array.isArray(base) ? base : [];
      const item = (i: number) =>
        this.value(this.side.sub(aimed, Array.isArray(s.prefixItems) && i < s.prefixItems.length ? `/prefixItems/${i}` : '/items'), depth + 1);
      const one = arr.length > 0 ? arr[0] : item(0);
      out.push([one, one], [...arr, one]);
      if (arr.length > 0) out.push(arr.slice(0, -1));
      for (const k of ['minItems', 'maxItems', 'minContains', 'maxContains']) {
        const n = num(s, k);
        if (n === undefined || n > 2000) continue;
        for (const m of [n - 1, n, n + 1])
          if (m >= 0)
            out.push(
              Array.from({ length: m }, (_, i) =>
                i < arr.length
                  ? arr[i]
                  : k.endsWith('Contains') && s.contains !== undefined
                    ? this.value(this.side.sub(aimed, '/contains'), depth + 1)
                    : item(i),
              ),
            );
      }
      if (s.contains !== undefined) {
        const c = this.value(this.side.sub(aimed, '/contains'), depth + 1);
        out.push([c], [c, c], [...arr, c]);
      }
    }
    return out;
  }

  /** The properties that those present require (`dependentRequired`, or `dependencies` lists). */
  private complete(loc: Located, out: JsonObject, depth: number, put?: (name: string) => void): JsonObject {
    const s = loc.schema;
    const add =
      put ??
      ((name: string) => {
        if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = this.value(this.governing(loc, name), depth + 1);
      });
    for (const k of ['dependentRequired', 'dependencies']) {
      const deps = isObject(s[k]) ? (s[k] as JsonObject) : {};
      for (const name of Object.keys(out)) {
        const d = deps[name];
        if (Array.isArray(d)) for (const x of d) if (typeof x === 'string') add(x);
      }
    }
    return out;
  }

  /** Where property `name` is governed: its own schema, a matching pattern's, or `additionalProperties`. */
  private governing(loc: Located, name: string): Located {
    const s = loc.schema;
    if (isObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, name))
      return this.side.sub(loc, `/properties/${escapeToken(name)}`);
    if (isObject(s.patternProperties)) {
      const p = Object.keys(s.patternProperties).find((k) => matches(k, name));
      if (p !== undefined) return this.side.sub(loc, `/patternProperties/${escapeToken(p)}`);
    }
    if (s.additionalProperties !== undefined) return this.side.sub(loc, '/additionalProperties');
    return this.side.sub(loc, '/unevaluatedProperties');
  }

  private object(loc: Located, depth: number, forced?: Forced): unknown {
    const s = loc.schema;
    const out: JsonObject = {};
    const props = isObject(s.properties) ? Object.keys(s.properties) : [];
    const required = Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : [];
    let forcedName: string | undefined;
    if (forced) {
      const t = forced.tokens[0]!;
      forcedName = t === '*' ? (forced.name ?? 'extra') : t;
    }
    const put = (name: string) => {
      if (name === forcedName || Object.prototype.hasOwnProperty.call(out, name)) return;
      out[name] = this.value(this.governing(loc, name), depth + 1);
    };
    for (const name of required) put(name);
    if (this.richness > 0) for (const name of props) if (this.rng.chance(0.5)) put(name);
    if (this.richness > 0 && this.rng.chance(0.3)) put(this.rng.pick(['extra', 'x', 'a_b', 'aB', '1']));
    this.complete(loc, out, depth, put);
    const minP = num(s, 'minProperties') ?? 0;
    for (let i = 0; Object.keys(out).length + (forcedName !== undefined ? 1 : 0) < minP && i < 20; i++) put(props[i] ?? `p${i}`);
    if (forcedName !== undefined) {
      const rest = forced!.tokens.slice(1);
      const value = rest.length === 0 ? forced!.value : this.value(this.governing(loc, forcedName), depth + 1, { ...forced!, tokens: rest });
      if (value !== OMIT) out[forcedName] = value;
    }
    return out;
  }
}
