/**
 * The canonical form of a schema, for deciding inclusion by meaning: a disjunction of per-type
 * conjunctions ("atoms"), one type each, as the subschema literature does (Habib, Shinnar, Hirzel,
 * Pradel, "Finding data compatibility bugs with JSON subschema checking", ISSTA 2021). References
 * are followed (through the analyser's `Side`), `allOf` is intersected, `anyOf` distributed, a
 * `oneOf` of disjoint branches read as `anyOf`, bounds normalised per type (integer bounds to
 * closed integers, `exclusive*` folded, `multipleOf: 1` on a number is an integer), `enum`/`const`
 * filtered by the other keywords, empty atoms dropped.
 *
 * Hand-written: no maintained JavaScript library decides JSON Schema inclusion (the reference
 * implementation, jsonsubschema, is Python). Whatever it does not model (`if`, `contains`,
 * `dependentSchemas`, `propertyNames`, recursion, overlapping `oneOf`, a `not` of anything but
 * types or values …) makes the whole answer "unknown", and the rules decide as before.
 */
import type { JsonObject } from '../../../core/json.js';
import { isObject, jsonEqual, objectId, structuralHash } from '../../../core/json.js';
import { sameTree } from '../../../core/same-tree.js';
import { compileLinear } from '../../../core/regexp.js';
import type { Located, Side } from '../resolve.js';
import { acceptsNoValue } from '../schema-set.js';
import { escapeToken } from '../../../core/pointer.js';
import { CLAIMED_EXTENSIONS, SCHEMA_VOCABULARY } from '../vocabulary.js';
import { ValueSet } from '../facts.js';

/** The canonical form cannot express this schema: the decision is left to the rules. */
export class Undecided extends Error {}

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
export const TYPE_NAMES: readonly TypeName[] = ['null', 'boolean', 'number', 'string', 'array', 'object'];

interface AtomBase {
  /** When set, the atom is this finite set of values (already filtered by its other keywords). */
  values?: unknown[];
  /** Values a `not` excluded. */
  excluded: unknown[];
}
export interface NullAtom extends AtomBase {
  t: 'null';
}
export interface BooleanAtom extends AtomBase {
  t: 'boolean';
}
export interface NumberAtom extends AtomBase {
  t: 'number';
  integer: boolean;
  min: number;
  minExcl: boolean;
  max: number;
  maxExcl: boolean;
  multiples: number[];
}
export interface StringAtom extends AtomBase {
  t: 'string';
  minLen: number;
  maxLen: number;
  patterns: string[];
  formats: string[];
}
export interface ArrayAtom extends AtomBase {
  t: 'array';
  minItems: number;
  maxItems: number;
  unique: boolean;
  prefix: Canon[];
  rest: Canon;
}
export interface ObjectAtom extends AtomBase {
  t: 'object';
  props: Map<string, Canon>;
  required: Set<string>;
  patterns: [string, Canon][];
  additional: Canon;
  minProps: number;
  maxProps: number;
}
export type Atom = NullAtom | BooleanAtom | NumberAtom | StringAtom | ArrayAtom | ObjectAtom;

/** A disjunction of atoms; `text` set when it is the meaning of one reference-free schema text. */
export interface Canon {
  atoms: Atom[];
  text?: unknown;
  /** The raw sub-schema it was read from, when lazy (compared directly before its text). */
  source?: unknown;
}

/** A canonical form built on first use; its fingerprint is the raw sub-schema's (none when it holds a `$ref`). */
class LazyCanon implements Canon {
  private built?: Canon;
  constructor(
    private readonly make: () => Canon,
    private readonly raw: unknown,
  ) {}
  get source(): unknown {
    return this.raw;
  }
  get atoms(): Atom[] {
    return (this.built ??= this.make()).atoms;
  }
  get text(): unknown {
    return this.raw !== undefined && !mayHoldReference(this.raw) ? this.raw : undefined;
  }
}

const referenceFree = new WeakMap<object, boolean>();

/** Does a schema text hold a reference anywhere (so that equal text may still mean different things)? Memoised per object. */
export function mayHoldReference(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const known = referenceFree.get(value);
  if (known !== undefined) return !known;
  let found = false;
  if (Array.isArray(value)) found = value.some(mayHoldReference);
  else
    for (const [k, v] of Object.entries(value)) if (k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef' || mayHoldReference(v)) found = true;
  referenceFree.set(value, !found);
  return found;
}

/** Two canonical forms of the same reference-free text (compared as text: cheaper than building either). */
export function sameText(a: Canon, b: Canon): boolean {
  // Compared directly while the analysis's budget lasts (core/same-tree.ts), else by text below.
  if (a.source !== undefined && b.source !== undefined) {
    const known = sameTree(a.source, b.source);
    if (known !== undefined) return known;
  }
  const x = a.text;
  if (x === undefined) return false;
  const y = b.text;
  return y !== undefined && (x === y || jsonEqual(x, y));
}

/** Atoms one disjunction may hold, and schema nodes one canonical form may visit, at most: beyond, "unknown". */
export const MAX_ATOMS = 64;
export const MAX_NODES = 50_000;
/** Nesting followed at most (the canonical form recurses). */
export const MAX_DEPTH = 400;

function anyAtom(t: TypeName): Atom {
  switch (t) {
    case 'null':
      return { t, excluded: [] };
    case 'boolean':
      return { t, excluded: [] };
    case 'number':
      return { t, integer: false, min: -Infinity, minExcl: false, max: Infinity, maxExcl: false, multiples: [], excluded: [] };
    case 'string':
      return { t, minLen: 0, maxLen: Infinity, patterns: [], formats: [], excluded: [] };
    case 'array':
      return { t, minItems: 0, maxItems: Infinity, unique: false, prefix: [], rest: ANY, excluded: [] };
    case 'object':
      return { t, props: new Map(), required: new Set(), patterns: [], additional: ANY, minProps: 0, maxProps: Infinity, excluded: [] };
  }
}

export const ANY: Canon = { atoms: [] };
ANY.atoms = TYPE_NAMES.map(anyAtom);
export const NONE: Canon = { atoms: [] };

export function typeOfValue(v: unknown): TypeName {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'object';
}

/** Keywords the canonical form reads (annotations and keywords outside the vocabulary are ignored). */
const HANDLED = new Set([
  'type', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
  'pattern', 'format', 'properties', 'required', 'additionalProperties', 'patternProperties', 'unevaluatedProperties',
  'minProperties', 'maxProperties', 'items', 'prefixItems', 'additionalItems', 'unevaluatedItems', 'minItems', 'maxItems',
  'uniqueItems', 'allOf', 'anyOf', 'oneOf', 'not',
  // annotations, identifiers and definitions: no effect on the values accepted
  'title', 'description', 'examples', '$comment', 'default', 'readOnly', 'writeOnly', 'deprecated', '$id', 'id', '$schema',
  '$anchor', '$dynamicAnchor', '$defs', 'definitions', '$vocabulary',
]); // prettier-ignore

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Canonical forms of one side's schemas, with the budget and the references in progress. */
export class Canoniser {
  private nodes = 0;
  private readonly active = new Set<number>();
  private readonly memo = new Map<number, Canon>();

  constructor(readonly side: Side) {}

  of(loc: Located): Canon {
    const id = objectId(loc.schema);
    const known = this.memo.get(id);
    if (known) return known;
    // A schema met again inside itself (a recursive `$ref`): left undecided rather than unfolded.
    if (this.active.has(id)) throw new Undecided('recursive schema');
    if (++this.nodes > MAX_NODES || this.active.size > MAX_DEPTH) throw new Undecided('schema too large');
    this.active.add(id);
    try {
      const c = this.build(loc);
      this.memo.set(id, c);
      return c;
    } finally {
      this.active.delete(id);
    }
  }

  private sub(loc: Located, path: string): Canon {
    return this.of(this.side.sub(loc, path));
  }

  /**
   * A sub-schema's canonical form, built only when something asks for its atoms: two sub-schemas
   * of the same reference-free text compare by fingerprint without being built, so the 9,900
   * unchanged properties of a 10,000-property object cost one fingerprint each.
   */
  private lazy(loc: Located, path: string | (() => string), raw: unknown): Canon {
    return new LazyCanon(() => this.sub(loc, typeof path === 'string' ? path : path()), raw);
  }

  private build(loc: Located): Canon {
    const s = loc.schema;
    if (acceptsNoValue(s)) return { atoms: [] };
    for (const k of Object.keys(s))
      if ((SCHEMA_VOCABULARY.has(k) || CLAIMED_EXTENSIONS.has(k)) && !HANDLED.has(k)) throw new Undecided(`keyword ${k}`);
    let atoms = this.typed(s);
    // `format` on numbers (`int32`, `float`) is read by the format rules as a constraint this form does not model.
    if (s.format !== undefined && atoms.some((a) => a.t !== 'string' && a.t !== 'null' && a.t !== 'boolean'))
      throw new Undecided('format beside numbers');
    atoms = atoms.map((a) => this.own(a, s, loc));
    let c: Canon = { atoms: atoms.filter((a) => !isEmpty(a, false)) };
    if (Array.isArray(s.allOf)) s.allOf.forEach((_, i) => (c = intersect(c, this.sub(loc, `/allOf/${i}`))));
    if (Array.isArray(s.anyOf)) c = intersect(c, union(s.anyOf.map((_, i) => this.sub(loc, `/anyOf/${i}`))));
    if (Array.isArray(s.oneOf)) {
      const branches = s.oneOf.map((_, i) => this.sub(loc, `/oneOf/${i}`));
      if (!pairwiseDisjoint(branches)) throw new Undecided('overlapping oneOf');
      c = intersect(c, union(branches));
    }
    if (s.not !== undefined) c = complementWithin(c, this.sub(loc, '/not'));
    // Values listed by `enum`/`const` are kept only where every other keyword accepts them.
    c = {
      atoms: c.atoms.map((a) => {
        if (!a.values) return a;
        const open = { ...a, values: undefined };
        return {
          ...a,
          values: a.values.filter((v) => {
            const m = memberOfAtom(v, open);
            // A listed value under a `format` the form cannot check: left undecided, not dropped.
            if (m === undefined) throw new Undecided('a value under a format');
            return m;
          }),
        };
      }),
    };
    return { atoms: c.atoms.filter((a) => !isEmpty(a, false)) };
  }

  /** One atom per type the schema's `type` (and `enum`/`const`) allows. */
  private typed(s: JsonObject): Atom[] {
    let types: TypeName[] = [...TYPE_NAMES];
    let integerOnly = false;
    if (s.type !== undefined) {
      const listed = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
      integerOnly = listed.includes('integer') && !listed.includes('number');
      types = TYPE_NAMES.filter((t) => listed.includes(t) || (t === 'number' && listed.includes('integer')));
    }
    let values: unknown[] | undefined;
    if (Array.isArray(s.enum)) values = s.enum;
    if (s.const !== undefined) values = values ? values.filter((v) => jsonEqual(v, s.const)) : [s.const];
    return types.flatMap((t) => {
      const a = anyAtom(t);
      if (t === 'number' && integerOnly) (a as NumberAtom).integer = true;
      if (values) {
        const mine = values.filter((v) => typeOfValue(v) === t);
        if (mine.length === 0) return [];
        a.values = mine;
      }
      return [a];
    });
  }

  /** The schema's own keywords for the atom's type. */
  private own(a: Atom, s: JsonObject, loc: Located): Atom {
    switch (a.t) {
      case 'number': {
        const n = { ...a };
        const lo = num(s.minimum);
        const hi = num(s.maximum);
        const xlo = num(s.exclusiveMinimum);
        const xhi = num(s.exclusiveMaximum);
        if (lo !== undefined) tightenMin(n, lo, false);
        if (xlo !== undefined) tightenMin(n, xlo, true);
        if (hi !== undefined) tightenMax(n, hi, false);
        if (xhi !== undefined) tightenMax(n, xhi, true);
        const m = num(s.multipleOf);
        if (m !== undefined && m > 0) {
          if (m === 1) n.integer = true;
          else n.multiples = [...n.multiples, m];
        }
        return normaliseNumber(n);
      }
      case 'string': {
        const n = { ...a };
        const lo = num(s.minLength);
        const hi = num(s.maxLength);
        if (lo !== undefined) n.minLen = Math.max(n.minLen, lo);
        if (hi !== undefined) n.maxLen = Math.min(n.maxLen, hi);
        if (typeof s.pattern === 'string') n.patterns = [...n.patterns, s.pattern];
        if (typeof s.format === 'string') n.formats = [...n.formats, s.format];
        return n;
      }
      case 'array': {
        const n = { ...a };
        const lo = num(s.minItems);
        const hi = num(s.maxItems);
        if (lo !== undefined) n.minItems = Math.max(n.minItems, lo);
        if (hi !== undefined) n.maxItems = Math.min(n.maxItems, hi);
        if (s.uniqueItems === true) n.unique = true;
        let prefix: Canon[] = [];
        let rest: Canon | undefined;
        if (Array.isArray(s.prefixItems)) prefix = s.prefixItems.map((x, i) => this.lazy(loc, `/prefixItems/${i}`, x));
        if (Array.isArray(s.items)) {
          // Before 2020-12: `items` as a list is the tuple, `additionalItems` the rest.
          prefix = s.items.map((x, i) => this.lazy(loc, `/items/${i}`, x));
          if (s.additionalItems !== undefined) rest = this.sub(loc, '/additionalItems');
        } else if (s.items !== undefined) rest = this.lazy(loc, '/items', s.items);
        // Positions no `items` evaluates are left to `unevaluatedItems`, when the schema says nothing
        // elsewhere that could evaluate them (an `allOf`, a union, a reference merged in).
        if (rest === undefined && s.unevaluatedItems !== undefined) {
          if (s.allOf !== undefined || s.anyOf !== undefined || s.oneOf !== undefined || s.not !== undefined)
            throw new Undecided('unevaluatedItems beside an applicator');
          rest = this.sub(loc, '/unevaluatedItems');
        }
        if (prefix.length > 0 || rest) {
          const len = Math.max(prefix.length, n.prefix.length);
          const merged: Canon[] = [];
          for (let i = 0; i < len; i++) merged.push(intersect(itemAt(n, i), prefix[i] ?? rest ?? ANY));
          n.prefix = merged;
          n.rest = rest ? intersect(n.rest, rest) : n.rest;
        }
        return n;
      }
      case 'object': {
        const n = { ...a, props: new Map(a.props), required: new Set(a.required) };
        const lo = num(s.minProperties);
        const hi = num(s.maxProperties);
        if (lo !== undefined) n.minProps = Math.max(n.minProps, lo);
        if (hi !== undefined) n.maxProps = Math.min(n.maxProps, hi);
        if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') n.required.add(r);
        const own: ObjectAtom = { ...anyAtom('object'), props: new Map() } as ObjectAtom;
        if (isObject(s.properties))
          for (const name of Object.keys(s.properties))
            own.props.set(
              name,
              this.lazy(loc, () => `/properties/${escapeToken(name)}`, (s.properties as JsonObject)[name]),
            );
        if (isObject(s.patternProperties))
          for (const p of Object.keys(s.patternProperties)) own.patterns.push([p, this.sub(loc, `/patternProperties/${escapeToken(p)}`)]);
        if (s.additionalProperties !== undefined) own.additional = this.lazy(loc, '/additionalProperties', s.additionalProperties);
        else if (s.unevaluatedProperties !== undefined) {
          // Names no `properties`/`patternProperties` evaluates are left to `unevaluatedProperties`
          // (as `additionalProperties` would be), when nothing else in the schema could evaluate them.
          if (s.allOf !== undefined || s.anyOf !== undefined || s.oneOf !== undefined || s.not !== undefined)
            throw new Undecided('unevaluatedProperties beside an applicator');
          own.additional = this.sub(loc, '/unevaluatedProperties');
        }
        // A fresh atom constrains no property yet: the schema's own are taken as they are (no copy).
        if (n.props.size === 0 && n.patterns.length === 0 && n.additional === ANY)
          return { ...n, props: own.props, patterns: own.patterns, additional: own.additional };
        return intersectObject(n, own);
      }
      default:
        return a;
    }
  }
}

function tightenMin(n: NumberAtom, v: number, excl: boolean): void {
  if (v > n.min || (v === n.min && excl && !n.minExcl)) {
    n.min = v;
    n.minExcl = excl;
  }
}
function tightenMax(n: NumberAtom, v: number, excl: boolean): void {
  if (v < n.max || (v === n.max && excl && !n.maxExcl)) {
    n.max = v;
    n.maxExcl = excl;
  }
}

/** Integers: bounds as closed integers (`exclusiveMinimum: 5` is `minimum: 6`), `multipleOf` of a fraction of 1 dropped. */
function normaliseNumber(n: NumberAtom): NumberAtom {
  if (!n.integer) return n;
  const out = { ...n };
  if (Number.isFinite(out.min)) {
    out.min = out.minExcl ? Math.floor(out.min) + 1 : Math.ceil(out.min);
    out.minExcl = false;
  }
  if (Number.isFinite(out.max)) {
    out.max = out.maxExcl ? Math.ceil(out.max) - 1 : Math.floor(out.max);
    out.maxExcl = false;
  }
  // Every integer is a multiple of 1/k.
  out.multiples = out.multiples.filter((m) => !Number.isInteger(1 / m) || 1 / m < 1);
  return out;
}

export function itemAt(a: ArrayAtom, i: number): Canon {
  return a.prefix[i] ?? a.rest;
}

/** The schema a property name meets in an object atom: its own, else matching patterns, else `additional`. */
export function propertyCanon(a: ObjectAtom, name: string): Canon {
  const own = a.props.get(name);
  if (a.patterns.length === 0) return own ?? a.additional;
  const matching = a.patterns.filter(([p]) => compileLinear(p).test(name)).map(([, c]) => c);
  if (own) return matching.reduce(intersect, own);
  if (matching.length > 0) return matching.reduce(intersect);
  return a.additional;
}

/**
 * Does the atom accept no value at all (as far as can be told)? `deep` follows the required
 * properties and the required tuple items into their own canonical forms (built on demand), a few
 * levels down; the shallow check reads the atom alone. Building a schema's form drops the atoms
 * the shallow check finds empty: following every required property there would build the form of
 * every required sub-schema of a 10,000-property document. An atom kept that way but empty is
 * still the empty set, so no answer is wrong; inclusion asks the deep check before it says
 * "unknown" (include.ts). An atom not shown empty is only ever answered "unknown", never wrongly.
 */
export function isEmpty(a: Atom, deep = true, depth = 0): boolean {
  if (a.values) return a.values.filter((v) => !a.excluded.some((x) => jsonEqual(x, v))).length === 0;
  const emptyCanon = (c: Canon) => c.atoms.every((x) => isEmpty(x, true, depth + 1));
  switch (a.t) {
    case 'number':
      return (
        a.min > a.max ||
        (a.min === a.max && (a.minExcl || a.maxExcl)) ||
        (a.integer && Number.isFinite(a.min) && Number.isFinite(a.max) && a.min > a.max)
      );
    case 'string':
      return a.minLen > a.maxLen;
    case 'array':
      return (
        a.minItems > a.maxItems ||
        (deep &&
          depth < MAX_EMPTY_DEPTH &&
          Math.min(a.minItems, a.prefix.length) <= MAX_EMPTY_REQUIRED &&
          a.prefix.slice(0, a.minItems).some(emptyCanon))
      );
    case 'object':
      return (
        a.minProps > a.maxProps ||
        (deep && depth < MAX_EMPTY_DEPTH && a.required.size <= MAX_EMPTY_REQUIRED && [...a.required].some((r) => emptyCanon(propertyCanon(a, r))))
      );
    default:
      return false;
  }
}

/**
 * Levels of required properties and items the deep emptiness check follows (recursive schemas
 * meet themselves), and required ones per atom it reads (beyond, "not shown empty").
 */
const MAX_EMPTY_DEPTH = 8;
const MAX_EMPTY_REQUIRED = 32;

/** Is the value accepted by the canonical form? `undefined` when it cannot be told (a format). */
export function memberOf(v: unknown, c: Canon): boolean | undefined {
  let unsure = false;
  for (const a of c.atoms) {
    const m = memberOfAtom(v, a);
    if (m === true) return true;
    if (m === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}

export function memberOfAtom(v: unknown, a: Atom): boolean | undefined {
  const t = typeOfValue(v);
  if (t !== a.t) return false;
  if (a.excluded.some((x) => jsonEqual(x, v))) return false;
  if (a.values) return valueSet(a.values).has(v);
  switch (a.t) {
    case 'number': {
      const x = v as number;
      if (a.integer && !Number.isInteger(x)) return false;
      if (x < a.min || (x === a.min && a.minExcl) || x > a.max || (x === a.max && a.maxExcl)) return false;
      return a.multiples.every((m) => isMultiple(x, m));
    }
    case 'string': {
      const x = v as string;
      const len = [...x].length;
      if (len < a.minLen || len > a.maxLen) return false;
      if (!a.patterns.every((p) => compileLinear(p).test(x))) return false;
      return a.formats.length > 0 ? undefined : true;
    }
    case 'array': {
      const x = v as unknown[];
      if (x.length < a.minItems || x.length > a.maxItems) return false;
      if (a.unique && new Set(x.map((e) => structuralHash(e))).size !== x.length) return false;
      let unsure = false;
      for (let i = 0; i < x.length; i++) {
        const m = memberOf(x[i], itemAt(a, i));
        if (m === false) return false;
        if (m === undefined) unsure = true;
      }
      return unsure ? undefined : true;
    }
    case 'object': {
      const x = v as JsonObject;
      const names = Object.keys(x);
      if (names.length < a.minProps || names.length > a.maxProps) return false;
      if ([...a.required].some((r) => !(r in x))) return false;
      let unsure = false;
      for (const name of names) {
        const m = memberOf(x[name], propertyCanon(a, name));
        if (m === false) return false;
        if (m === undefined) unsure = true;
      }
      return unsure ? undefined : true;
    }
    default:
      return true;
  }
}

/** Listed values as a set (primitives as they are, others by fingerprint), so a 10,000-value `enum` is looked up, not scanned. */
const valueSets = new WeakMap<unknown[], ValueSet>();
function valueSet(values: unknown[]): ValueSet {
  let set = valueSets.get(values);
  if (!set) valueSets.set(values, (set = new ValueSet(values)));
  return set;
}

export function isMultiple(x: number, m: number): boolean {
  const q = x / m;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

export function union(cs: Canon[]): Canon {
  const atoms = cs.flatMap((c) => c.atoms);
  if (atoms.length > MAX_ATOMS) throw new Undecided('too many branches');
  return { atoms };
}

export function intersect(a: Canon, b: Canon): Canon {
  if (a === ANY || sameText(a, b)) return b;
  if (b === ANY) return a;
  const atoms: Atom[] = [];
  for (const x of a.atoms)
    for (const y of b.atoms) {
      // An atom that constrains nothing of its type leaves the other as it is (no copy, nothing built).
      const both = x.t !== y.t ? undefined : isFresh(x) ? y : isFresh(y) ? x : intersectAtom(x, y);
      // The shallow check, as when a schema's form is built (see isEmpty): the deep one would
      // build every required property's form, through every level of a nested `oneOf`.
      if (both && !isEmpty(both, false)) atoms.push(both);
      if (atoms.length > MAX_ATOMS) throw new Undecided('too many branches');
    }
  return { atoms };
}

/** An atom with no constraint at all, told without building any sub-schema's form (isUnconstrained builds them). */
function isFresh(a: Atom): boolean {
  if (a.values || a.excluded.length > 0) return false;
  switch (a.t) {
    case 'array':
      return a.minItems === 0 && a.maxItems === Infinity && !a.unique && a.prefix.length === 0 && a.rest === ANY;
    case 'object':
      return (
        a.minProps === 0 && a.maxProps === Infinity && a.required.size === 0 && a.props.size === 0 && a.patterns.length === 0 && a.additional === ANY
      );
    default:
      return isUnconstrained(a);
  }
}

function intersectAtom(x: Atom, y: Atom): Atom | undefined {
  if (x.t !== y.t) return undefined;
  const excluded = [...x.excluded, ...y.excluded];
  if (x.values || y.values) {
    // A finite set met with anything: the values the other side accepts.
    const [fin, other] = x.values ? [x, y] : [y, x];
    const kept = fin.values!.filter((v) => {
      const m = memberOfAtom(v, other);
      if (m === undefined) throw new Undecided('a value under a format');
      return m;
    });
    return { ...fin, values: kept, excluded } as Atom;
  }
  switch (x.t) {
    case 'number': {
      const o = y as NumberAtom;
      const n: NumberAtom = { ...x, excluded, integer: x.integer || o.integer, multiples: [...x.multiples, ...o.multiples] };
      tightenMin(n, o.min, o.minExcl);
      tightenMax(n, o.max, o.maxExcl);
      return normaliseNumber(n);
    }
    case 'string': {
      const o = y as StringAtom;
      return {
        ...x,
        excluded,
        minLen: Math.max(x.minLen, o.minLen),
        maxLen: Math.min(x.maxLen, o.maxLen),
        patterns: [...new Set([...x.patterns, ...o.patterns])],
        formats: [...new Set([...x.formats, ...o.formats])],
      };
    }
    case 'array': {
      const o = y as ArrayAtom;
      const len = Math.max(x.prefix.length, o.prefix.length);
      const prefix: Canon[] = [];
      for (let i = 0; i < len; i++) prefix.push(intersect(itemAt(x, i), itemAt(o, i)));
      return {
        ...x,
        excluded,
        minItems: Math.max(x.minItems, o.minItems),
        maxItems: Math.min(x.maxItems, o.maxItems),
        unique: x.unique || o.unique,
        prefix,
        rest: intersect(x.rest, o.rest),
      };
    }
    case 'object':
      return { ...intersectObject(x, y as ObjectAtom), excluded };
    default:
      return { ...x, excluded };
  }
}

function intersectObject(x: ObjectAtom, y: ObjectAtom): ObjectAtom {
  // Patterns on both sides beside a constrained `additional`: which names each side's
  // `additional` governs no longer follows from one list of patterns.
  if (x.patterns.length > 0 && y.patterns.length > 0 && (x.additional !== ANY || y.additional !== ANY)) throw new Undecided('patterns on both sides');
  const props = new Map<string, Canon>();
  for (const name of new Set([...x.props.keys(), ...y.props.keys()])) props.set(name, intersect(propertyCanon(x, name), propertyCanon(y, name)));
  return {
    ...x,
    props,
    required: new Set([...x.required, ...y.required]),
    patterns: x.patterns.length > 0 ? (y.patterns.length > 0 ? [...x.patterns, ...y.patterns] : x.patterns) : y.patterns,
    additional: intersect(x.additional, y.additional),
    minProps: Math.max(x.minProps, y.minProps),
    maxProps: Math.min(x.maxProps, y.maxProps),
  };
}

/** `c` without what `not` names: only types with nothing else said, or listed values. */
function complementWithin(c: Canon, not: Canon): Canon {
  if (not.atoms.length === 0) return c;
  const removedTypes = new Set<TypeName>();
  let removedIntegers = false;
  const removedValues: unknown[] = [];
  for (const a of not.atoms) {
    if (a.values && a.excluded.length === 0) removedValues.push(...a.values);
    else if (isUnconstrained(a)) removedTypes.add(a.t);
    else if (a.t === 'number' && a.integer && isUnconstrained({ ...a, integer: false })) removedIntegers = true;
    else throw new Undecided('not');
  }
  const atoms: Atom[] = [];
  for (const a of c.atoms) {
    if (removedTypes.has(a.t)) continue;
    if (removedIntegers && a.t === 'number') {
      if ((a as NumberAtom).integer) continue;
      throw new Undecided('not integer');
    }
    const mine = removedValues.filter((v) => typeOfValue(v) === a.t);
    atoms.push(mine.length > 0 ? { ...a, excluded: [...a.excluded, ...mine] } : a);
  }
  return { atoms: atoms.filter((a) => !isEmpty(a)) };
}

/** The atom accepts every value of its type. */
export function isUnconstrained(a: Atom, depth = 0): boolean {
  // Deep (or recursive) structure: not proven to accept everything.
  if (depth > 8) return false;
  if (a.values || a.excluded.length > 0) return false;
  switch (a.t) {
    case 'number':
      return !a.integer && a.min === -Infinity && a.max === Infinity && a.multiples.length === 0;
    case 'string':
      return a.minLen === 0 && a.maxLen === Infinity && a.patterns.length === 0 && a.formats.length === 0;
    case 'array':
      return a.minItems === 0 && a.maxItems === Infinity && !a.unique && a.prefix.every((c) => isAny(c, depth + 1)) && isAny(a.rest, depth + 1);
    case 'object':
      return (
        a.minProps === 0 &&
        a.maxProps === Infinity &&
        a.required.size === 0 &&
        [...a.props.values()].every((c) => isAny(c, depth + 1)) &&
        a.patterns.every(([, c]) => isAny(c, depth + 1)) &&
        isAny(a.additional, depth + 1)
      );
    default:
      return true;
  }
}

/** The canonical form accepts every value. */
export function isAny(c: Canon, depth = 0): boolean {
  if (c === ANY) return true;
  return TYPE_NAMES.every((t) => c.atoms.some((a) => a.t === t && isUnconstrained(a, depth)));
}

/**
 * Can no value be in both? Decided on types, listed values, bounds, and properties both require
 * (or that one requires and the other forbids). `false` means "not proven", not "overlapping".
 */
export function disjoint(a: Canon, b: Canon, depth = 0): boolean {
  for (const x of a.atoms) for (const y of b.atoms) if (!atomsDisjoint(x, y, depth)) return false;
  return true;
}

function atomsDisjoint(x: Atom, y: Atom, depth: number): boolean {
  if (x.t !== y.t) return true;
  if (x.values || y.values) {
    const [fin, other] = x.values ? [x, y] : [y, x];
    return fin.values!.every((v) => fin.excluded.some((e) => jsonEqual(e, v)) || memberOfAtom(v, other) === false);
  }
  if (depth > 8) return false;
  switch (x.t) {
    case 'number': {
      const o = y as NumberAtom;
      const n: NumberAtom = { ...x, integer: x.integer || o.integer };
      tightenMin(n, o.min, o.minExcl);
      tightenMax(n, o.max, o.maxExcl);
      return isEmpty(normaliseNumber(n));
    }
    case 'string': {
      const o = y as StringAtom;
      return Math.max(x.minLen, o.minLen) > Math.min(x.maxLen, o.maxLen);
    }
    case 'array': {
      const o = y as ArrayAtom;
      const min = Math.max(x.minItems, o.minItems);
      if (min > Math.min(x.maxItems, o.maxItems)) return true;
      for (let i = 0; i < min; i++) if (disjoint(itemAt(x, i), itemAt(o, i), depth + 1)) return true;
      return false;
    }
    case 'object': {
      const o = y as ObjectAtom;
      for (const name of new Set([...x.required, ...o.required])) {
        if (disjoint(propertyCanon(x, name), propertyCanon(o, name), depth + 1)) return true;
      }
      return Math.max(x.minProps, o.minProps) > Math.min(x.maxProps, o.maxProps);
    }
    default:
      return false;
  }
}

/** Pairs of `oneOf` branches tested for disjointness at most; beyond, "not proven". */
const MAX_PAIRS = 10_000;

export function pairwiseDisjoint(branches: Canon[]): boolean {
  if ((branches.length * (branches.length - 1)) / 2 > MAX_PAIRS) return false;
  for (let i = 0; i < branches.length; i++) for (let j = i + 1; j < branches.length; j++) if (!disjoint(branches[i]!, branches[j]!)) return false;
  return true;
}
