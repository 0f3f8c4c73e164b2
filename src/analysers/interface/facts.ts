/** Facts read off one schema object, shared by the rules. */
import type { JsonObject } from '../../core/json.js';
import { brief, has, isObject, jsonEqual, structuralHash } from '../../core/json.js';
import { escapeToken } from '../../core/pointer.js';
import { isFalseSchema } from './schema-set.js';
import { ANNOTATION_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './keywords.js';

export const ALL_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;

/** The JSON types a schema allows, from `type` alone; undefined when it allows all. */
export function typeSet(schema: JsonObject): Set<string> | undefined {
  if (isFalseSchema(schema)) return new Set();
  const t = schema.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return undefined;
}

function covers(set: Set<string> | undefined, type: string): boolean {
  return set === undefined || set.has(type) || (type === 'integer' && set.has('number'));
}

/** Does every value of `a` fit `b`, as far as `type` says? */
export function typesWithin(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (b === undefined) return true;
  if (a === undefined) return ALL_TYPES.every((t) => covers(b, t));
  return [...a].every((t) => covers(b, t));
}

export function showTypes(set: Set<string> | undefined): string {
  if (set === undefined) return 'any type';
  if (set.size === 0) return 'nothing';
  return set.size === 1 ? [...set][0]! : `[${[...set].sort().join(', ')}]`;
}

/** The allowed values (`const: x` is `enum: [x]`), or undefined when the schema names none. */
export function enumValues(schema: JsonObject): unknown[] | undefined {
  if (has(schema, 'const')) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

/**
 * JSON values as keys: primitives in a native Map (SameValueZero is `jsonEqual` on them: -0 is 0,
 * NaN is NaN), objects and arrays bucketed by structural fingerprint and compared by `jsonEqual`
 * within a bucket (equal values are one key), so that comparing two enums of 300,000 values is linear, not a scan of one per
 * value of the other.
 */
export class ValueMap<T> {
  private readonly primitives = new Map<unknown, T>();
  private readonly buckets = new Map<string, [unknown, T][]>();

  /** Keeps the first payload given for a value. */
  constructor(entries: Iterable<[unknown, T]> = []) {
    for (const [v, payload] of entries) this.add(v, payload);
  }

  add(v: unknown, payload: T): void {
    if (v === null || typeof v !== 'object') {
      if (!this.primitives.has(v)) this.primitives.set(v, payload);
      return;
    }
    const key = structuralHash(v);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, [[v, payload]]);
    else if (!bucket.some(([r]) => jsonEqual(r, v))) bucket.push([v, payload]);
  }

  /** The entry for a value equal to `value`, if any. */
  find(value: unknown): { payload: T } | undefined {
    if (value === null || typeof value !== 'object') return this.primitives.has(value) ? { payload: this.primitives.get(value)! } : undefined;
    const hit = this.buckets.get(structuralHash(value))?.find(([r]) => jsonEqual(r, value));
    return hit ? { payload: hit[1] } : undefined;
  }

  has(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return this.primitives.has(value);
    return this.buckets.get(structuralHash(value))?.some(([r]) => jsonEqual(r, value)) ?? false;
  }
}

export class ValueSet extends ValueMap<true> {
  constructor(values: Iterable<unknown>) {
    super();
    for (const v of values) this.add(v, true);
  }
}

const valueSets = new WeakMap<unknown[], ValueSet>();

/** The set of an enum's values, made once per list (several rules ask about the same enum). */
export function valueSetOf(values: unknown[]): ValueSet {
  let set = valueSets.get(values);
  if (set === undefined) valueSets.set(values, (set = new ValueSet(values)));
  return set;
}

const withouts = new WeakMap<unknown[], WeakMap<unknown[], unknown[]>>();

/** The values not in `remove`; the same question about the same lists (several enum rules ask it) is answered once. */
export function without(values: unknown[], remove: unknown[]): unknown[] {
  let byRemove = withouts.get(values);
  if (byRemove === undefined) withouts.set(values, (byRemove = new WeakMap()));
  let result = byRemove.get(remove);
  if (result === undefined) {
    const set = valueSetOf(remove);
    byRemove.set(remove, (result = values.filter((v) => !set.has(v))));
  }
  return result;
}

/** Values listed in a message at most; the finding's `old` and `new` keep every one. */
const MAX_SHOWN_VALUES = 50;

export function showValues(values: unknown[]): string {
  const shown = values.slice(0, MAX_SHOWN_VALUES).map((v) => brief(v, 40));
  if (values.length > MAX_SHOWN_VALUES) shown.push(`… ${values.length - MAX_SHOWN_VALUES} more`);
  return shown.join(', ');
}

/** Is an object schema open to properties it does not list? */
export function isOpen(schema: JsonObject): boolean {
  const closed = (v: unknown) => v === false || (isObject(v) && isFalseSchema(v));
  return !(closed(schema.additionalProperties) || (schema.additionalProperties === undefined && closed(schema.unevaluatedProperties)));
}

export function properties(schema: JsonObject): JsonObject {
  return isObject(schema.properties) ? schema.properties : {};
}

const requiredSets = new WeakMap<unknown[], ReadonlySet<string>>();

/** The names a schema requires; made once per `required` list (several rules ask). */
export function requiredSet(schema: JsonObject): ReadonlySet<string> {
  if (!Array.isArray(schema.required)) return new Set();
  let set = requiredSets.get(schema.required);
  if (set === undefined) {
    set = new Set(schema.required.filter((x): x is string => typeof x === 'string'));
    requiredSets.set(schema.required, set);
  }
  return set;
}

export function propPath(name: string): string {
  return `/properties/${escapeToken(name)}`;
}

export function instanceToken(name: string): string {
  return `/${escapeToken(name)}`;
}

/** A bound: a number and whether it is exclusive. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** The effective lower (`min`) or upper (`max`) numeric bound, with draft-4 boolean exclusives. */
export function numericBound(schema: JsonObject, side: 'min' | 'max'): Bound | undefined {
  const incl = side === 'min' ? schema.minimum : schema.maximum;
  const excl = side === 'min' ? schema.exclusiveMinimum : schema.exclusiveMaximum;
  const candidates: Bound[] = [];
  if (typeof incl === 'number') candidates.push({ value: incl, exclusive: excl === true });
  if (typeof excl === 'number') candidates.push({ value: excl, exclusive: true });
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (tighter(b, a, side) ? b : a));
}

export function countBound(schema: JsonObject, keyword: string): Bound | undefined {
  const v = schema[keyword];
  return typeof v === 'number' ? { value: v, exclusive: false } : undefined;
}

/** Is bound `a` strictly tighter than `b` (undefined = no bound)? */
export function tighter(a: Bound | undefined, b: Bound | undefined, side: 'min' | 'max'): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  if (a.value !== b.value) return side === 'min' ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

export function showBound(b: Bound | undefined, side: 'min' | 'max'): string {
  if (b === undefined) return 'none';
  return `${side === 'min' ? (b.exclusive ? '>' : '>=') : b.exclusive ? '<' : '<='} ${b.value}`;
}

/** A fixed array length (minItems = maxItems), as tensors have. */
export function fixedLength(schema: JsonObject): number | undefined {
  return typeof schema.minItems === 'number' && schema.minItems === schema.maxItems ? schema.minItems : undefined;
}

export type InstanceKind = 'object' | 'array' | 'string' | 'number';

/** Can both sides hold values of this JSON type? Object and array rules apply only then. */
export function bothMayBe(ctx: { old: JsonObject; new: JsonObject }, type: InstanceKind): boolean {
  const may = (s: JsonObject) => {
    const t = typeSet(s);
    return t === undefined || t.has(type) || (type === 'number' && t.has('integer'));
  };
  return may(ctx.old) && may(ctx.new);
}

/**
 * Do two schemas say the same, annotations (title, description …) aside, at any depth?
 * For sub-schemas compared whole, such as an `if` condition. Iterative: any depth. Only for
 * schema positions: a boolean is read as a schema.
 */
export function sameExceptAnnotations(a: unknown, b: unknown): boolean {
  // Boolean schemas as the equivalent objects: `true` is `{}`, `false` is `{not: {}}`.
  const asObject = (v: unknown) => (v === true ? {} : v === false ? { not: {} } : v);
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const popped = stack.pop()!;
    const x = asObject(popped[0]);
    const y = asObject(popped[1]);
    if (!isObject(x) || !isObject(y)) {
      if (!jsonEqual(x, y)) return false;
      continue;
    }
    const kx = Object.keys(x).filter((k) => !ANNOTATION_KEYWORDS.has(k));
    const ky = Object.keys(y).filter((k) => !ANNOTATION_KEYWORDS.has(k));
    if (kx.length !== ky.length || !kx.every((k) => has(y, k))) return false;
    for (const k of kx) {
      const vx = x[k];
      const vy = y[k];
      if (SCHEMA_LIST_KEYWORDS.has(k) && Array.isArray(vx) && Array.isArray(vy)) {
        if (vx.length !== vy.length) return false;
        vx.forEach((v, i) => stack.push([v, vy[i]]));
      } else if (SCHEMA_MAP_KEYWORDS.has(k) && isObject(vx) && isObject(vy)) {
        const names = Object.keys(vx);
        if (names.length !== Object.keys(vy).length || !names.every((n) => has(vy, n))) return false;
        for (const n of names) stack.push([vx[n], vy[n]]);
      } else if (SCHEMA_KEYWORDS.has(k)) stack.push([vx, vy]);
      else if (!jsonEqual(vx, vy)) return false;
    }
  }
  return true;
}
