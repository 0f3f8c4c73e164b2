/**
 * Generators for the laws: pairs of related schemas (old, new) over every keyword the interface
 * catalogue reads, nested a few levels deep, plus structural mutations of one schema.
 *
 * A pair is built keyword by keyword: each keyword is absent or present on each side, equal on
 * both sides most of the time, so a pair shows every kind of change (added, removed, changed,
 * unchanged) without the two schemas being unrelated. Sub-schemas (properties, items, branches,
 * `not`, `if`/`then`/`else` …) are pairs of their own, one level down, and may be `true`/`false`.
 *
 * Every generated object is fresh: no object is shared between two places of one schema (a
 * shared object would make the walker's "each pair of places once" see one place twice).
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;
export type Node = Schema | boolean;
export type Pair = [Node, Node];
/** Keyword maps of the two sides, merged into one schema per side. */
type Parts = [Schema, Schema];

export const NAMES = ['id', 'score', 'label'] as const;
/** `^s` covers the declared property "score"; `^x_` covers no declared property. */
export const PATTERNS = ['^s', '^x_'] as const;
export const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'] as const;
export const VALUES = ['cat', 'dog', 'bird', 0, 1, null] as const;
export const TEXTS = ['Score', 'Predicted label', 'Item id', 'An embedding'] as const;
/** The numeric-format lattice (int32 ⊂ int64, float ⊂ double …) and unrelated formats. */
const FORMATS = ['int8', 'int32', 'int64', 'uint8', 'float', 'double', 'date-time', 'email'] as const;
/** Divisors and non-divisors of each other: 4 → 2 widens, 2 → 4 narrows, 4 → 6 changes. */
const MULTIPLES = [0.5, 1, 2, 3, 4, 6] as const;
const REGEXES = ['^a', '^[a-z]+$', '\\d'] as const;

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Mostly absent: a schema that sets every keyword says little. */
export function maybe<T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ withCrossShrink: true }, { weight: 30, arbitrary: fc.constant(undefined) }, { weight: Math.round(10 * weight), arbitrary: arb });
}

/** An old and a new value: equal most of the time, so pairs stay related. */
export function pair<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<[T, T]> {
  return fc.tuple(arb, arb, fc.nat(9)).map(([a, b, k]): [T, T] => (k < 6 ? [a, a] : [a, b]));
}

/** Fresh copies, so nothing is shared between places. */
function fresh<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** One keyword on each side. */
function kw(name: string, arb: fc.Arbitrary<unknown>, weight = 1): fc.Arbitrary<Parts> {
  return pair(maybe(arb, weight)).map(([a, b]): Parts => [a === undefined ? {} : { [name]: fresh(a) }, b === undefined ? {} : { [name]: fresh(b) }]);
}

/** One keyword whose value, when it changes, is often a related one (a lattice neighbour, a divisor). */
function relatedKw(name: string, arb: fc.Arbitrary<unknown>, related: [unknown, unknown][], weight = 1): fc.Arbitrary<Parts> {
  return fc
    .oneof({ weight: 3, arbitrary: pair(maybe(arb, weight)) }, { weight: 1, arbitrary: fc.constantFrom(...related) })
    .map(([a, b]): Parts => [a === undefined ? {} : { [name]: fresh(a) }, b === undefined ? {} : { [name]: fresh(b) }]);
}

const FORMAT_STEPS: [string, string][] = [
  ['int32', 'int64'],
  ['int8', 'int32'],
  ['uint8', 'int64'],
  ['float', 'double'],
];
const MULTIPLE_STEPS: [number, number][] = [
  [4, 2],
  [6, 3],
  [1, 0.5],
  [4, 6],
];
/** Each step both ways. */
const bothWays = <T>(steps: [T, T][]): [T, T][] =>
  steps.flatMap(([a, b]): [T, T][] => [
    [a, b],
    [b, a],
  ]);

function merged(parts: fc.Arbitrary<Parts>[]): fc.Arbitrary<Parts> {
  return fc.tuple(...parts).map((ps): Parts => [Object.assign({}, ...ps.map((p) => p[0])), Object.assign({}, ...ps.map((p) => p[1]))]);
}

/**
 * A sub-schema slot: absent on both sides most of the time; else present on both sides (a pair
 * of related sub-schemas) or on one. The sub-schemas are only generated when present.
 */
function slot<T>(p: number, arb: fc.Arbitrary<[T, T]>): fc.Arbitrary<[T | undefined, T | undefined]> {
  return fc.oneof(
    { weight: Math.round(100 * (1 - p)), arbitrary: fc.constant<[T | undefined, T | undefined]>([undefined, undefined]) },
    {
      weight: Math.round(100 * p),
      arbitrary: fc
        .tuple(fc.nat(9), arb)
        .map(([k, [a, b]]): [T | undefined, T | undefined] => (k < 6 ? [a, b] : k < 8 ? [a, undefined] : [undefined, b])),
    },
  );
}

/** A slot as one keyword on each side. */
function slotKw(name: string, p: number, arb: fc.Arbitrary<[unknown, unknown]>): fc.Arbitrary<Parts> {
  return slot(p, arb).map(([a, b]): Parts => [a === undefined ? {} : { [name]: fresh(a) }, b === undefined ? {} : { [name]: fresh(b) }]);
}

const smallInt = fc.integer({ min: 0, max: 4 });
const anyType = fc.oneof(fc.constantFrom(...TYPES), fc.subarray([...TYPES], { minLength: 1, maxLength: 3 }));

/** `type`: mostly one of the profile's own types, sometimes any (a change to an unrelated type). */
function typeKw(own: readonly (string | string[])[], weight = 3): fc.Arbitrary<Parts> {
  return kw('type', fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: anyType }), weight);
}

// ---------------------------------------------------------------------------------------------
// Keyword groups. `child` is the pair generator one level down.

type ChildArb = fc.Arbitrary<Pair>;

const annotations = (): fc.Arbitrary<Parts> =>
  merged([
    kw('title', fc.constantFrom(...TEXTS)),
    kw('description', fc.constantFrom(...TEXTS)),
    kw('$comment', fc.constantFrom(...TEXTS), 0.5),
    kw('examples', fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }), 0.5),
    kw('default', fc.constantFrom(...VALUES)),
    kw('deprecated', fc.boolean(), 0.5),
    kw(
      'x-deprecated-values',
      fc.subarray([...VALUES], { maxLength: 2 }).map((vs) => vs.map((value) => ({ value, since: '2026-10-01' }))),
      0.3,
    ),
    kw('readOnly', fc.boolean(), 0.3),
    kw('writeOnly', fc.boolean(), 0.3),
    kw('id', fc.constantFrom('item', 'score'), 0.2),
    // Outside the JSON Schema vocabulary: an annotation (`extension-changed`).
    kw('markdownDescription', fc.constantFrom(...TEXTS), 0.2),
  ]);

/**
 * `unevaluatedProperties`/`unevaluatedItems` holding a schema, the same on both sides when present
 * (a change to the keyword itself is `keyword-changed`, which the generator never provokes): what
 * moves is what `properties` or `prefixItems` beside it take away from it.
 */
const unevaluated = (name: string, weight: number): fc.Arbitrary<Parts> =>
  fc
    .oneof(
      { weight: Math.round((1 - weight) * 100), arbitrary: fc.constant(null) },
      { weight: Math.round(weight * 100), arbitrary: fc.constantFrom<Schema>({ type: 'string' }, { type: 'number' }) },
    )
    .map((v): Parts => (v === null ? [{}, {}] : [{ [name]: fresh(v) }, { [name]: fresh(v) }]));

/** An enum and the same enum with one value added or removed (or `const` as a one-value enum). */
const enumEdit: fc.Arbitrary<[Schema, Schema]> = fc
  .tuple(fc.subarray([...VALUES], { minLength: 1, maxLength: 4 }), fc.constantFrom(...VALUES), fc.boolean(), fc.boolean())
  .map(([list, value, add, asConst]): [Schema, Schema] => {
    const edited = add ? [...new Set([...list, value])] : list.slice(1);
    const as = (v: unknown[]): Schema => (asConst && v.length === 1 ? { const: v[0] } : { enum: v });
    return [as(list), as(edited)];
  });

/** `enum`/`const` (same slot, so `const: x` and `enum: [x]` meet) and `x-extensible-enum`. */
const values = (weight = 1, extensible = 0.3): fc.Arbitrary<Parts> =>
  merged([
    fc
      .oneof(
        {
          weight: 3,
          arbitrary: pair(
            maybe(
              fc.oneof(
                fc.subarray([...VALUES], { minLength: 0, maxLength: 4 }).map((v): Schema => ({ enum: v })),
                fc.constantFrom(...VALUES).map((v): Schema => ({ const: v })),
              ),
              weight,
            ),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(enumEdit, fc.boolean()).map(([[a, b], back]): [Schema | undefined, Schema | undefined] => (back ? [b, a] : [a, b])),
        },
      )
      .map(([a, b]): Parts => [fresh(a) ?? {}, fresh(b) ?? {}]),
    kw('x-extensible-enum', fc.constant(true), extensible),
  ]);

const numeric = (): fc.Arbitrary<Parts> =>
  merged([
    typeKw(['number', 'integer', ['number', 'null'], ['integer', 'null']]),
    values(0.3),
    kw('minimum', smallInt),
    kw('maximum', smallInt),
    // Numeric (2019-09 on) and boolean (draft 4) forms.
    kw('exclusiveMinimum', fc.oneof(smallInt, fc.boolean())),
    kw('exclusiveMaximum', fc.oneof(smallInt, fc.boolean())),
    relatedKw('multipleOf', fc.constantFrom(...MULTIPLES), bothWays(MULTIPLE_STEPS)),
    relatedKw('format', fc.constantFrom(...FORMATS), bothWays(FORMAT_STEPS), 0.7),
  ]);

const string = (): fc.Arbitrary<Parts> =>
  merged([
    typeKw(['string', ['string', 'null']]),
    values(0.3),
    kw('minLength', smallInt),
    kw('maxLength', smallInt),
    relatedKw('pattern', fc.constantFrom(...REGEXES), [
      ['^a', '^[a-z]+$'],
      ['\\d', '^a'],
    ]),
    relatedKw('format', fc.constantFrom(...FORMATS), [
      ['date-time', 'email'],
      ['email', 'int32'],
    ]),
    relatedKw('contentEncoding', fc.constantFrom('base64', 'base16'), [['base64', 'base16']], 0.5),
    relatedKw('contentMediaType', fc.constantFrom('application/json', 'image/png'), [['image/png', 'application/json']], 0.5),
    kw(
      'contentSchema',
      fc.constantFrom('object', 'array').map((t) => ({ type: t })),
      0.3,
    ),
  ]);

const enumerated = (): fc.Arbitrary<Parts> => merged([typeKw(['string', 'integer', ['string', 'null']], 1), values(3, 2)]);

/** A map keyword over `keys`: each entry present or not on each side, its value a pair. */
function mapKw(name: string, keys: readonly string[], p: number, entry: fc.Arbitrary<[unknown, unknown]>): fc.Arbitrary<Parts> {
  return fc.tuple(...keys.map(() => slot(p, entry))).map((entries): Parts => {
    const sides: Parts = [{}, {}];
    for (const s of [0, 1] as const) {
      const m: Schema = {};
      entries.forEach((value, i) => {
        if (value[s] !== undefined) m[keys[i]!] = fresh(value[s]);
      });
      if (Object.keys(m).length > 0) sides[s][name] = m;
    }
    return sides;
  });
}

const otherNames = fc.subarray([...NAMES], { minLength: 1, maxLength: 2 });

function object(child: ChildArb): fc.Arbitrary<Parts> {
  const ap = slotKw(
    'additionalProperties',
    0.35,
    fc.oneof(
      pair(fc.boolean()),
      fc.tuple(child, fc.nat(3)).map(([c, k]): [unknown, unknown] => (k === 0 ? [c[0], false] : k === 1 ? [true, c[1]] : c)),
    ),
  );
  // draft-07 `dependencies`: each entry a list of names or a schema.
  const dependencies = mapKw(
    'dependencies',
    NAMES,
    0.1,
    fc.oneof(
      pair(otherNames),
      child,
      fc.tuple(otherNames, child, fc.boolean()).map(([l, c, k]): [unknown, unknown] => (k ? [l, c[1]] : [c[0], l])),
    ),
  );
  return merged([
    typeKw(['object', ['object', 'null']]),
    mapKw('properties', NAMES, 0.6, child),
    kw('required', fc.subarray([...NAMES], { minLength: 1 }), 1.5),
    ap,
    mapKw('patternProperties', PATTERNS, 0.12, child),
    slotKw('propertyNames', 0.2, child),
    kw('minProperties', smallInt, 0.5),
    kw('maxProperties', smallInt, 0.5),
    mapKw('dependentRequired', NAMES, 0.12, pair(otherNames)),
    mapKw('dependentSchemas', NAMES, 0.08, child),
    dependencies,
    unevaluated('unevaluatedProperties', 0.15),
  ]);
}

function array(child: ChildArb): fc.Arbitrary<Parts> {
  // `items` as one schema; a 2020-12 tuple (`prefixItems` + `items`); a draft-07 tuple (`items` array + `additionalItems`).
  const tuple = fc
    .tuple(pair(fc.constantFrom(1, 2)), child, slot(0.5, child))
    .map(
      ([len, c0, c1]): [Node[], Node[]] =>
        ([0, 1] as const).map((s) => [c0[s], c1[s]].slice(0, len[s]).filter((x): x is Node => x !== undefined)) as [Node[], Node[]],
    );
  const items = fc.tuple(pair(maybe(fc.constantFrom('schema', 'prefix', 'tuple07'), 3)), slot(0.6, tuple), slot(0.4, child)).map(
    ([form, tup, rest]): Parts =>
      ([0, 1] as const).map((s): Schema => {
        const list = tup[s] ?? [];
        const tail = rest[s];
        switch (form[s]) {
          case 'schema':
            return tail === undefined ? {} : { items: fresh(tail) };
          case 'prefix':
            return { ...(list.length ? { prefixItems: fresh(list) } : {}), ...(tail !== undefined ? { items: fresh(tail) } : {}) };
          case 'tuple07':
            return { ...(list.length ? { items: fresh(list) } : {}), ...(tail !== undefined && list.length ? { additionalItems: fresh(tail) } : {}) };
          default:
            return {};
        }
      }) as Parts,
  );
  const contains = slotKw('contains', 0.45, child);
  return merged([
    typeKw(['array', ['array', 'null']]),
    items,
    contains,
    unevaluated('unevaluatedItems', 0.15),
    kw('minContains', smallInt),
    kw('maxContains', smallInt),
    kw('minItems', smallInt),
    kw('maxItems', smallInt),
    // Imported tensors: a complex pair, and MLServer's content type.
    kw('x-complex', fc.constant(true), 0.3),
    kw('x-content-type', fc.constantFrom('np', 'str'), 0.3),
    // A fixed array length (minItems = maxItems), as tensors have, sometimes changed (768 → 1024).
    fc
      .oneof(
        { weight: 3, arbitrary: pair(maybe(fc.constantFrom(2, 3))) },
        { weight: 1, arbitrary: fc.constantFrom<[number, number]>([2, 3], [3, 2]) },
      )
      .map(([a, b]): Parts => [a === undefined ? {} : { minItems: a, maxItems: a }, b === undefined ? {} : { minItems: b, maxItems: b }]),
    kw('uniqueItems', fc.boolean()),
  ]);
}

/** A list of sub-schemas with slots that come and go (union branches, allOf members). */
function listKw(name: 'anyOf' | 'oneOf' | 'allOf' | 'union', slots: number, p: number, child: ChildArb, weight: number): fc.Arbitrary<Parts> {
  const kind = name === 'union' ? fc.constantFrom('anyOf', 'oneOf') : fc.constant(name);
  const kinds = pair(fc.oneof({ weight: 9, arbitrary: kind }, { weight: 1, arbitrary: fc.constant(undefined) }));
  // A union's kind switched (anyOf ↔ oneOf) more often than independent draws would.
  const switched = name === 'union' ? fc.constantFrom<[string, string]>(['anyOf', 'oneOf'], ['oneOf', 'anyOf']) : kinds;
  const present = fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: kinds }, { weight: 1, arbitrary: switched }),
      fc.array(slot(p, child), { minLength: slots, maxLength: slots }),
    )
    .map(
      ([k, members]): Parts =>
        ([0, 1] as const).map((s): Schema => {
          const list = members.filter((m) => m[s] !== undefined).map((m) => fresh(m[s]));
          return k[s] === undefined || list.length === 0 ? {} : { [k[s]!]: list };
        }) as Parts,
    );
  return fc.oneof({ weight: 10, arbitrary: fc.constant(null).map((): Parts => [{}, {}]) }, { weight, arbitrary: present });
}

function single(name: string, p: number, child: ChildArb): fc.Arbitrary<Parts> {
  return slotKw(name, p, child);
}

function combinator(child: ChildArb): fc.Arbitrary<Parts> {
  return merged([
    kw('type', anyType, 0.5),
    listKw('union', 3, 0.6, child, 8),
    listKw('allOf', 2, 0.5, child, 3),
    single('not', 0.25, child),
    single('if', 0.3, child),
    single('then', 0.3, child),
    single('else', 0.2, child),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Pairs

const booleanPair: fc.Arbitrary<Pair> = fc.constantFrom<Pair>([true, true], [false, false], [true, false], [false, true], [false, false]);

const nodes = new Map<number, fc.Arbitrary<Pair>>();
const children = new Map<number, ChildArb>();

/** A sub-schema pair at `depth` levels of nesting left: mostly objects, sometimes `true`/`false` on one or both sides. */
export function childPair(depth: number): ChildArb {
  if (depth < 0) return booleanPair;
  const cached = children.get(depth);
  if (cached) return cached;
  const arb = fc.tuple(schemaPair(depth), fc.nat(23)).map(([[o, n], k]): Pair => {
    switch (k) {
      case 0:
        return [false, n];
      case 1:
        return [o, false];
      case 2:
        return [true, n];
      case 3:
        return [false, false];
      case 4:
        return [o, true];
      default:
        return [o, n];
    }
  });
  children.set(depth, arb);
  return arb;
}

/**
 * A pair of related schemas nested at most `depth` levels below this one. Each schema has a
 * profile (the keywords of one kind of value, or a mix of two), the same on both sides: the
 * changes come from the keywords themselves.
 */
export function schemaPair(depth: number): fc.Arbitrary<Pair> {
  const cached = nodes.get(depth);
  if (cached) return cached;
  const child = childPair(depth - 1);
  const groups: Record<string, () => fc.Arbitrary<Parts>> = {
    numeric,
    string,
    enumerated,
    object: () => object(child),
    array: () => array(child),
    combinator: () => combinator(child),
  };
  const weighted = (name: string, weight: number) => ({ weight, arbitrary: groups[name]!() });
  const profile = fc.oneof(
    weighted('numeric', 2),
    weighted('string', 2),
    weighted('enumerated', 1),
    weighted('object', depth > 0 ? 5 : 2),
    weighted('array', depth > 0 ? 4 : 2),
    weighted('combinator', depth > 0 ? 5 : 1),
    // A mix: the keywords of two kinds on one schema (an object with branches, a number or a string …).
    {
      weight: depth > 0 ? 3 : 1,
      arbitrary: fc
        .tuple(fc.oneof(groups.numeric!(), groups.string!(), groups.object!()), fc.oneof(groups.array!(), groups.combinator!(), groups.enumerated!()))
        .map(([a, b]): Parts => [
          { ...b[0], ...a[0] },
          { ...b[1], ...a[1] },
        ]),
    },
  );
  const arb = fc.tuple(profile, annotations()).map(([[o, n], [ao, an]]): Pair => [
    { ...ao, ...o },
    { ...an, ...n },
  ]);
  nodes.set(depth, arb);
  return arb;
}

// ---------------------------------------------------------------------------------------------
// Walking and mutating schemas

const SINGLE = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'contentSchema'];
const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
const MAPS = ['properties', 'patternProperties', 'dependentSchemas', 'dependencies', '$defs'];

function isSchema(v: unknown): v is Node {
  return typeof v === 'boolean' || (typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** Every place that holds a sub-schema, as a path of keys from the root (the root is `[]`). */
export function schemaPlaces(root: Node): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: { v: unknown; p: (string | number)[] }[] = [{ v: root, p: [] }];
  while (stack.length > 0) {
    const { v, p } = stack.pop()!;
    if (!isSchema(v)) continue;
    out.push(p);
    if (typeof v === 'boolean') continue;
    for (const k of SINGLE) if (isSchema(v[k])) stack.push({ v: v[k], p: [...p, k] });
    for (const k of LISTS) if (Array.isArray(v[k])) (v[k] as unknown[]).forEach((x, i) => stack.push({ v: x, p: [...p, k, i] }));
    for (const k of MAPS) {
      const m = v[k];
      if (isSchema(m) && typeof m !== 'boolean') for (const [name, x] of Object.entries(m)) if (isSchema(x)) stack.push({ v: x, p: [...p, k, name] });
    }
  }
  return out;
}

/** Every keyword used anywhere in a schema (in schema positions only: not inside `enum`, `default` …). */
export function keywordsOf(root: Node): Set<string> {
  const out = new Set<string>();
  for (const p of schemaPlaces(root)) {
    const v = getAt(root, p);
    if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) out.add(k);
  }
  return out;
}

export function getAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}

/** A copy of `root` with the value at `path` replaced. */
export function setAt(root: Node, path: (string | number)[], value: unknown): Node {
  if (path.length === 0) return value as Node;
  const copy = fresh(root);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = fresh(value);
  return copy;
}

type Mutation = (node: Node, other: Node) => Node;

/**
 * Structural changes the keyword-by-keyword pairs rarely make: a schema becoming one branch of
 * a union (lift), a branch added to or removed from a union, a member joining an `allOf`, a
 * schema negated, a schema replaced by `true`/`false`, a union's kind switched.
 */
const MUTATIONS: Record<string, Mutation> = {
  liftIntoAnyOf: (node, other) => ({ anyOf: [node, other] }),
  liftIntoOneOf: (node, other) => ({ oneOf: [other, node] }),
  wrapInAllOf: (node, other) => ({ allOf: [node, other] }),
  negate: (node) => ({ not: node }),
  toFalse: () => false,
  toTrue: () => true,
  withConditional: (node, other) => (typeof node === 'boolean' ? node : { ...node, if: { required: ['id'] }, then: other }),
  addBranch: (node, other) => {
    if (typeof node === 'boolean') return { anyOf: [node, other] };
    const kind = Array.isArray(node.oneOf) ? 'oneOf' : 'anyOf';
    return { ...node, [kind]: [...((node[kind] as unknown[]) ?? []), other] };
  },
  dropBranch: (node) => {
    if (typeof node === 'boolean') return node;
    for (const kind of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[kind];
      if (Array.isArray(list) && list.length > 0) return { ...node, [kind]: list.slice(1) };
    }
    return node;
  },
  switchUnion: (node) => {
    if (typeof node === 'boolean') return node;
    const { anyOf, oneOf, ...rest } = node;
    if (anyOf !== undefined) return { ...rest, oneOf: anyOf };
    if (oneOf !== undefined) return { ...rest, anyOf: oneOf };
    return node;
  },
  unwrap: (node) => {
    if (typeof node === 'boolean') return node;
    for (const k of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
      const list = node[k];
      if (Array.isArray(list) && list.length > 0) return list[list.length - 1] as Node;
    }
    for (const k of ['not', 'items', 'then', 'contains', 'additionalProperties'] as const) if (isSchema(node[k])) return node[k] as Node;
    return node;
  },
};

/** A schema and a structural mutant of it at a random place (applied to either side). */
export function mutatedPair(schemas: fc.Arbitrary<Node>, others: fc.Arbitrary<Node>): fc.Arbitrary<Pair> {
  return fc.tuple(schemas, others, fc.nat(), fc.constantFrom(...Object.keys(MUTATIONS)), fc.boolean()).map(([s, other, at, op, backwards]): Pair => {
    const places = schemaPlaces(s);
    const place = places[at % places.length]!;
    const mutant = setAt(s, place, MUTATIONS[op]!(fresh(getAt(s, place)) as Node, fresh(other)));
    return backwards ? [mutant, s] : [s, mutant];
  });
}

// ---------------------------------------------------------------------------------------------
// Rewrites that keep the meaning

/** Keywords that can move into an `allOf` member of their own without changing what they mean. */
const SPLITTABLE = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'required',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'minItems',
  'maxItems',
]);

type Rewrite = (root: Node, place: (string | number)[], node: Node) => Node;

/**
 * Rewrites the brief's table calls meaning-preserving: a sub-schema moved into `$defs` behind a
 * `$ref`, keywords split off into an `allOf` member, a schema made the single branch of an
 * `anyOf`/`oneOf` or the single member of an `allOf`.
 */
export const REWRITES: Record<string, Rewrite> = {
  // Not inside or beside a combinator: where schemas are merged (a singleton union into its
  // parent), a conflict is found on the text of their keywords, so a `$ref` can keep them apart.
  intoDefs: (root, place, node) => {
    if (typeof root === 'boolean' || place.length === 0) return root;
    for (let i = 0; i < place.length; i++) {
      const above = getAt(root, place.slice(0, i));
      if (typeof above === 'object' && above !== null && ['anyOf', 'oneOf', 'allOf'].some((k) => k in above)) return root;
    }
    const out = setAt(root, place, { $ref: '#/$defs/moved' }) as Schema;
    const defs = (typeof out.$defs === 'object' && out.$defs !== null ? out.$defs : {}) as Schema;
    return { ...out, $defs: { ...defs, moved: fresh(node) } };
  },
  splitIntoAllOf: (root, place, node) => {
    if (typeof node === 'boolean' || 'allOf' in node || '$ref' in node) return root;
    const moved = Object.keys(node).filter((k) => SPLITTABLE.has(k));
    if (moved.length === 0) return root;
    const keep = Object.fromEntries(Object.entries(node).filter(([k]) => !SPLITTABLE.has(k)));
    const part = Object.fromEntries(Object.entries(node).filter(([k]) => SPLITTABLE.has(k)));
    return setAt(root, place, { ...keep, allOf: [part] });
  },
  singleAnyOf: (root, place, node) => setAt(root, place, { anyOf: [node] }),
  singleOneOf: (root, place, node) => setAt(root, place, { oneOf: [node] }),
  // Not for a schema that negates, branches or combines: such an `allOf` member stays a member.
  singleAllOf: (root, place, node) =>
    typeof node === 'boolean' || Object.keys(node).some((k) => UNMERGED.has(k)) ? root : setAt(root, place, { allOf: [node] }),
};

/** Keywords whose `allOf` members the analyser keeps as members rather than merging them into their parent. */
const UNMERGED = new Set(['not', 'if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'dependentSchemas', 'dependencies', 'contains']);

/** A schema and a meaning-preserving rewrite of it at a random place. */
export function rewrittenPair(schemas: fc.Arbitrary<Node>): fc.Arbitrary<[Node, Node, string]> {
  return fc.tuple(schemas, fc.nat(), fc.constantFrom(...Object.keys(REWRITES))).map(([s, at, op]): [Node, Node, string] => {
    const places = schemaPlaces(s);
    const place = places[at % places.length]!;
    return [s, REWRITES[op]!(s, place, fresh(getAt(s, place)) as Node), `${op} at /${place.join('/')}`];
  });
}

/** A pair with one side rewritten (a `$ref` into `$defs`, a single-branch union …): changes seen through the rewrite. */
export function rewrittenSide(pairs: fc.Arbitrary<Pair>): fc.Arbitrary<Pair> {
  return fc.tuple(pairs, fc.nat(), fc.constantFrom(...Object.keys(REWRITES)), fc.boolean()).map(([[o, n], at, op, onOld]): Pair => {
    const s = onOld ? o : n;
    const places = schemaPlaces(s);
    const place = places[at % places.length]!;
    const rewritten = REWRITES[op]!(s, place, fresh(getAt(s, place)) as Node);
    return onOld ? [rewritten, n] : [o, rewritten];
  });
}
