/**
 * Instances generated from a schema: a seeded, schema-directed generator that aims at the
 * schema's accepted values and at its edges. It does not have to be exact: the oracle keeps
 * only what ajv accepts under the source schema. Constants from BOTH schemas of a pair (bounds,
 * enum values, property names, patterns) are fed in as hints, so instances probe exactly the
 * places where the two schemas differ.
 */
import fc from 'fast-check';
import { NAMES } from './mutate.js';
import type { Dialect } from './validators.js';
import { getAt, isObj, type Json, type JsonObj, Rng } from './util.js';

export interface Hints {
  names: string[];
  values: Json[];
  numbers: number[];
  strings: string[];
  patterns: string[];
}

export interface GenCtx {
  rng: Rng;
  root: unknown;
  dialect: Dialect;
  hints: Hints;
}

const FORMAT_SAMPLES: Record<string, Json[]> = {
  date: ['2024-01-02', '2024-02-30'],
  'date-time': ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.5+01:00'],
  time: ['03:04:05Z', '23:59:59+02:00'],
  email: ['a@b.co', 'first.last@example.com'],
  uuid: ['123e4567-e89b-12d3-a456-426614174000'],
  ipv4: ['10.0.0.1', '192.168.1.255'],
  ipv6: ['::1', '2001:db8::ff00:42:8329'],
  uri: ['https://example.com/x', 'urn:isbn:0451450523'],
  'uri-reference': ['/a/b', 'https://example.com'],
  hostname: ['example.com', 'a-b.c'],
  regex: ['^a+$'],
  duration: ['P1D', 'PT1H'],
  byte: ['aGVsbG8='],
  int32: [0, 2147483647, -2147483648, 2147483648, 7],
  int64: [0, 9007199254740991, 2147483648, -5],
  float: [0.5, 1e30, 3],
  double: [0.5, 1e300, -2],
};

const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'] as const;
const ALPHABET = 'abcxyzABZ019_-. é';

const patternArbs = new Map<string, fc.Arbitrary<string> | null>();

/** A string matching the pattern (fast-check's regex-driven generator), or undefined when it cannot. */
function matching(pattern: string, rng: Rng): string | undefined {
  let arb = patternArbs.get(pattern);
  if (arb === undefined) {
    try {
      arb = fc.stringMatching(new RegExp(pattern, 'u'));
      fc.sample(arb, { seed: 1, numRuns: 1 });
    } catch {
      arb = null;
    }
    patternArbs.set(pattern, arb);
  }
  if (arb === null) return undefined;
  try {
    return fc.sample(arb, { seed: rng.seed(), numRuns: 1 })[0];
  } catch {
    return undefined;
  }
}

function resolve(ctx: GenCtx, ref: string): unknown {
  if (ref.startsWith('#/')) {
    try {
      return getAt(ctx.root, decodeURIComponent(ref.slice(1)));
    } catch {
      return undefined;
    }
  }
  if (ref === '#') return ctx.root;
  if (ref.startsWith('#')) {
    // An anchor: `$anchor: name` (2019-09 on) or `$id: "#name"` (draft-07).
    const name = ref.slice(1);
    const stack: unknown[] = [ctx.root];
    while (stack.length) {
      const v = stack.pop();
      if (Array.isArray(v)) stack.push(...v);
      else if (isObj(v)) {
        if (v.$anchor === name || v.$id === ref) return v;
        stack.push(...Object.values(v));
      }
    }
  }
  return undefined;
}

function asObj(s: unknown): JsonObj {
  if (s === false) return { not: {} };
  return isObj(s) ? s : {};
}

const MIN_KEYS = ['minimum', 'minLength', 'minItems', 'minProperties'];
const MAX_KEYS = ['maximum', 'maxLength', 'maxItems', 'maxProperties'];

/** A rough intersection of two schemas, enough to aim the generator at `allOf` and branches. */
function merge(a: JsonObj, b: JsonObj): JsonObj {
  const out: JsonObj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    if (cur === undefined) out[k] = v;
    else if (k === 'properties' && isObj(cur) && isObj(v)) {
      const p: JsonObj = { ...cur };
      for (const [name, s] of Object.entries(v)) p[name] = p[name] === undefined ? s : { allOf: [p[name]!, s] };
      out[k] = p;
    } else if (k === 'required' && Array.isArray(cur) && Array.isArray(v)) out[k] = [...new Set([...cur, ...v])];
    else if (k === 'type') {
      const ta = typeof cur === 'string' ? [cur] : Array.isArray(cur) ? cur : [];
      const tb = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
      const both = ta.filter((t) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
      const both2 = tb.filter((t) => t === 'integer' && ta.includes('number'));
      const meet = [...new Set([...both, ...both2])] as Json[];
      out[k] = meet.length > 0 ? meet : v;
    } else if (k === 'enum' && Array.isArray(cur) && Array.isArray(v)) {
      const meet = cur.filter((x) => v.some((y) => JSON.stringify(x) === JSON.stringify(y)));
      out[k] = meet.length > 0 ? meet : v;
    } else if (MIN_KEYS.includes(k) && typeof cur === 'number' && typeof v === 'number') out[k] = Math.max(cur, v);
    else if (MAX_KEYS.includes(k) && typeof cur === 'number' && typeof v === 'number') out[k] = Math.min(cur, v);
    else if (k === 'additionalProperties' && (cur === false || v === false)) out[k] = false;
    else if (
      ['items', 'additionalProperties', 'contains', 'propertyNames', 'additionalItems'].includes(k) &&
      !Array.isArray(cur) &&
      !Array.isArray(v)
    )
      out[k] = { allOf: [cur, v] };
    else out[k] = v;
  }
  return out;
}

export class InstanceGen {
  constructor(private readonly ctx: GenCtx) {}

  private get rng(): Rng {
    return this.ctx.rng;
  }

  /** Flatten references and combinators into one schema to aim at (one branch of each union). */
  private normalise(s: unknown, refDepth = 0): JsonObj {
    let sch = asObj(s);
    for (let i = 0; typeof sch.$ref === 'string' && i < 8; i++) {
      const target = resolve(this.ctx, sch.$ref);
      const { $ref: _r, ...rest } = sch;
      const modern = this.ctx.dialect === '2020-12' || this.ctx.dialect === '2019-09';
      sch = modern ? merge(asObj(target), rest) : asObj(target);
    }
    if (refDepth > 6) return sch;
    if (Array.isArray(sch.allOf)) {
      const { allOf, ...rest } = sch;
      sch = (allOf as unknown[]).reduce<JsonObj>((acc, m) => merge(acc, this.normalise(m, refDepth + 1)), rest);
    }
    for (const k of ['anyOf', 'oneOf'] as const) {
      const xs = sch[k];
      if (Array.isArray(xs) && xs.length > 0) {
        const rest = { ...sch };
        delete rest[k];
        sch = merge(rest, this.normalise(this.rng.pick(xs), refDepth + 1));
      }
    }
    if (sch.if !== undefined) {
      const { if: cond, then, else: otherwise, ...rest } = sch;
      sch = this.rng.chance(0.5)
        ? merge(merge(rest, this.normalise(cond, refDepth + 1)), this.normalise(then, refDepth + 1))
        : merge(rest, this.normalise(otherwise, refDepth + 1));
    }
    if (typeof sch.$ref === 'string') return this.normalise(sch, refDepth + 1);
    return sch;
  }

  generate(schema: unknown, depth = 0): Json {
    if (schema === true || schema === undefined || depth > 8) return this.any(depth);
    const s = this.normalise(schema);
    if ('const' in s && this.rng.chance(0.9)) return s.const as Json;
    if (Array.isArray(s.enum) && s.enum.length > 0 && this.rng.chance(0.85)) return this.rng.pick(s.enum as Json[]);
    const declared = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : undefined;
    let type: string;
    if (declared && declared.length > 0 && !this.rng.chance(0.08)) type = this.rng.pick(declared);
    else if (!declared && !this.rng.chance(0.25)) type = this.inferType(s);
    else type = this.rng.pick(TYPES);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return this.rng.chance(0.5);
      case 'integer':
      case 'number':
        return this.number(s, type === 'integer');
      case 'string':
        return this.string(s);
      case 'array':
        return this.array(s, depth);
      case 'object':
        return this.object(s, depth);
      default:
        return this.any(depth);
    }
  }

  private inferType(s: JsonObj): string {
    const has = (...ks: string[]) => ks.some((k) => k in s);
    if (
      has(
        'properties',
        'required',
        'additionalProperties',
        'patternProperties',
        'minProperties',
        'maxProperties',
        'propertyNames',
        'dependentRequired',
        'dependencies',
      )
    )
      return 'object';
    if (has('items', 'prefixItems', 'minItems', 'maxItems', 'contains', 'uniqueItems', 'additionalItems')) return 'array';
    if (has('pattern', 'minLength', 'maxLength')) return 'string';
    if (has('format')) return typeof FORMAT_SAMPLES[s.format as string]?.[0] === 'number' ? 'number' : 'string';
    if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) return 'number';
    return this.rng.pick(TYPES);
  }

  private number(s: JsonObj, integral: boolean): number {
    const r = this.rng;
    const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
    let lo = num('minimum');
    let hi = num('maximum');
    const exLo = num('exclusiveMinimum');
    const exHi = num('exclusiveMaximum');
    if (exLo !== undefined) lo = Math.max(lo ?? -Infinity, exLo + (integral ? 1 : 0.5));
    if (exHi !== undefined) hi = Math.min(hi ?? Infinity, exHi - (integral ? 1 : 0.5));
    if (s.exclusiveMinimum === true && lo !== undefined) lo += integral ? 1 : 0.5;
    if (s.exclusiveMaximum === true && hi !== undefined) hi -= integral ? 1 : 0.5;
    if (typeof s.format === 'string' && FORMAT_SAMPLES[s.format] && r.chance(0.3)) {
      const v = r.pick(FORMAT_SAMPLES[s.format]!);
      if (typeof v === 'number') return v;
    }
    let v: number;
    const c = r.next();
    if (c < 0.35 && this.ctx.hints.numbers.length > 0) {
      const h = r.pick(this.ctx.hints.numbers);
      v = h + r.pick([0, 0, 1, -1, 0.5, -0.5, 2, -2]);
    } else if (c < 0.5 && lo !== undefined) v = lo + r.pick([0, 0.5, 1, 2]);
    else if (c < 0.65 && hi !== undefined) v = hi - r.pick([0, 0.5, 1, 2]);
    else {
      const a = lo !== undefined && Number.isFinite(lo) ? lo : hi !== undefined && Number.isFinite(hi) ? hi - 100 : -50;
      const b = hi !== undefined && Number.isFinite(hi) ? hi : a + 100;
      v = a + r.next() * (b - a);
      if (r.chance(0.6)) v = Math.round(v);
    }
    const m = num('multipleOf');
    if (m !== undefined && m > 0 && r.chance(0.85)) {
      v = Math.round(v / m) * m;
      v = Number(v.toFixed(10));
    }
    if (integral) v = Math.round(v);
    return Number.isFinite(v) ? v : 0;
  }

  private string(s: JsonObj): string {
    const r = this.rng;
    if (typeof s.format === 'string' && r.chance(0.7)) {
      const samples = (FORMAT_SAMPLES[s.format] ?? []).filter((x): x is string => typeof x === 'string');
      if (samples.length > 0) return r.pick(samples);
    }
    if (typeof s.pattern === 'string' && r.chance(0.75)) {
      const m = matching(s.pattern, r);
      if (m !== undefined) {
        const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
        if ([...m].length <= max || r.chance(0.3)) return m;
      }
    }
    const c = r.next();
    if (c < 0.25 && this.ctx.hints.strings.length > 0) return r.pick(this.ctx.hints.strings);
    if (c < 0.35 && this.ctx.hints.patterns.length > 0) {
      const m = matching(r.pick(this.ctx.hints.patterns), r);
      if (m !== undefined) return m;
    }
    if (c < 0.42) {
      const f = r.pick(
        Object.values(FORMAT_SAMPLES)
          .flat()
          .filter((x): x is string => typeof x === 'string'),
      );
      return f;
    }
    const min = typeof s.minLength === 'number' ? s.minLength : 0;
    const max = typeof s.maxLength === 'number' ? s.maxLength : min + 8;
    const len = r.chance(0.3) ? r.pick([min, max, min + 1, Math.max(0, max - 1)]) : r.int(min, Math.max(min, Math.min(max, min + 8)));
    let out = '';
    for (let i = 0; i < Math.min(len, 64); i++) out += ALPHABET[r.int(0, ALPHABET.length - 1)];
    return out;
  }

  private array(s: JsonObj, depth: number): Json[] {
    const r = this.rng;
    const modern = this.ctx.dialect === '2020-12';
    const prefix: unknown[] = modern ? (Array.isArray(s.prefixItems) ? s.prefixItems : []) : Array.isArray(s.items) ? s.items : [];
    const tail: unknown = modern ? s.items : Array.isArray(s.items) ? s.additionalItems : s.items;
    const min = typeof s.minItems === 'number' ? s.minItems : 0;
    const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, prefix.length) + 3;
    let len = r.chance(0.3) ? r.pick([min, max, prefix.length, prefix.length + 1]) : r.int(min, Math.max(min, max));
    len = Math.max(0, Math.min(len, 12));
    if (tail === false && r.chance(0.8)) len = Math.min(len, prefix.length);
    const out: Json[] = [];
    for (let i = 0; i < len; i++) out.push(this.generate(i < prefix.length ? prefix[i] : tail, depth + 1));
    if (s.contains !== undefined && r.chance(0.8)) {
      const v = this.generate(s.contains, depth + 1);
      if (out.length > 0 && r.chance(0.5)) out[r.int(0, out.length - 1)] = v;
      else out.push(v);
    }
    if (s.uniqueItems === true) {
      const seen = new Set<string>();
      return out.filter((x) => {
        const k = JSON.stringify(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }
    return out;
  }

  /** The schema that governs property `name`: its own, a matching pattern's, or additionalProperties. */
  private governing(s: JsonObj, name: string): unknown {
    const props = isObj(s.properties) ? s.properties : {};
    if (Object.prototype.hasOwnProperty.call(props, name)) return props[name];
    const pp = isObj(s.patternProperties) ? s.patternProperties : {};
    const matches = Object.entries(pp).filter(([p]) => {
      try {
        return new RegExp(p, 'u').test(name);
      } catch {
        return false;
      }
    });
    if (matches.length > 0) return matches.length === 1 ? matches[0]![1] : { allOf: matches.map(([, x]) => x) };
    return s.additionalProperties;
  }

  private object(s: JsonObj, depth: number): JsonObj {
    const r = this.rng;
    const props = isObj(s.properties) ? s.properties : {};
    const required = Array.isArray(s.required) ? (s.required.filter((x) => typeof x === 'string') as string[]) : [];
    const out: JsonObj = {};
    const put = (name: string) => {
      if (!(name in out)) out[name] = this.generate(this.governing(s, name), depth + 1);
    };
    for (const name of required) put(name);
    for (const name of Object.keys(props)) if (r.chance(0.55)) put(name);
    const closed = s.additionalProperties === false;
    if (r.chance(closed ? 0.1 : 0.4)) {
      const pool = [...this.ctx.hints.names, ...NAMES];
      for (let i = r.int(1, 2); i > 0; i--) {
        const pats = isObj(s.patternProperties) ? Object.keys(s.patternProperties) : [];
        const name = pats.length > 0 && r.chance(0.4) ? (matching(r.pick(pats), r) ?? r.pick(pool)) : r.pick(pool);
        put(name);
      }
    }
    // dependentRequired / array-valued dependencies: bring the named properties along.
    for (const key of ['dependentRequired', 'dependencies']) {
      const deps = s[key];
      if (!isObj(deps)) continue;
      for (const [name, d] of Object.entries(deps)) {
        if (!(name in out)) continue;
        if (Array.isArray(d)) for (const x of d) if (typeof x === 'string') put(x);
      }
    }
    const minP = typeof s.minProperties === 'number' ? s.minProperties : 0;
    for (let i = 0; Object.keys(out).length < minP && i < 20; i++) put(r.pick([...Object.keys(props), ...this.ctx.hints.names, ...NAMES, `p${i}`]));
    return out;
  }

  /** Any JSON value, aimed at the hints. */
  any(depth: number): Json {
    const r = this.rng;
    const c = r.next();
    if (c < 0.12) return null;
    if (c < 0.22) return r.chance(0.5);
    if (c < 0.42) return this.ctx.hints.numbers.length && r.chance(0.6) ? r.pick(this.ctx.hints.numbers) : r.int(-3, 20);
    if (c < 0.64) return this.ctx.hints.strings.length && r.chance(0.6) ? r.pick(this.ctx.hints.strings) : r.pick(['', 'a', 'xyz', '2024-01-02']);
    if (c < 0.7 && this.ctx.hints.values.length) return r.pick(this.ctx.hints.values);
    if (depth > 3) return r.int(0, 3);
    if (c < 0.85) return Array.from({ length: r.int(0, 3) }, () => this.any(depth + 1));
    const out: JsonObj = {};
    for (let i = r.int(0, 2); i > 0; i--) out[r.pick([...this.ctx.hints.names, ...NAMES])] = this.any(depth + 1);
    return out;
  }
}
