/**
 * ajv as the ground truth of "valid under a schema": the dialect is the schema's `$schema`
 * (2020-12 when absent, as the brief says; 2019-09; draft-07 and 06 with ajv's draft-07 class;
 * draft-04 with ajv-draft-04, so its boolean `exclusiveMinimum` means what it meant), `strict:
 * false`, formats checked with ajv-formats. One ajv per dialect is reused, and it forgets every
 * schema after each compile, so `$id`s of related schemas neither collide nor leak into each other.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

type AjvLike = Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => AjvLike;
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as new (opts: object) => AjvLike;

export type Dialect = '2020-12' | '2019-09' | 'draft-07' | 'draft-04';

export function dialectOf(schema: unknown): Dialect {
  const decl = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  if (typeof decl !== 'string') return '2020-12';
  if (decl.includes('2019-09')) return '2019-09';
  if (decl.includes('draft-04') || decl.includes('draft-03')) return 'draft-04';
  if (/draft-0[5-7]/.test(decl)) return 'draft-07';
  return '2020-12';
}

const OPTS = { strict: false, logger: false, allErrors: false, validateFormats: true } as const;

function make(d: Dialect): AjvLike {
  const ajv: AjvLike =
    d === '2019-09' ? new Ajv2019(OPTS) : d === 'draft-07' ? new Ajv(OPTS) : d === 'draft-04' ? new AjvDraft04(OPTS) : new Ajv2020(OPTS);
  addFormats(ajv);
  if (d === 'draft-07') {
    // draft-06 schemas are read by the draft-07 class; let it accept their `$schema`.
    try {
      ajv.addMetaSchema({
        ...(ajv.getSchema('http://json-schema.org/draft-07/schema')?.schema as object),
        $id: 'http://json-schema.org/draft-06/schema',
      });
    } catch {
      /* already there */
    }
  }
  return ajv;
}

const instances = new Map<Dialect, AjvLike>();

function ajvFor(d: Dialect, fresh = false): AjvLike {
  let a = instances.get(d);
  if (!a || fresh) {
    a = make(d);
    instances.set(d, a);
  }
  return a;
}

export type Validator = (instance: unknown) => boolean;

const SUB_ONE = [
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const SUB_LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
const SUB_MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];

/**
 * Two things ajv refuses that are still meaningful schemas: an empty `enum` (accepts nothing;
 * the meta-schemas ask for one value at least, but a fixture starts from `enum: []`) is read as
 * `allOf: [{not: {}}]`, and a draft-04 style `id` in a later draft (an unknown keyword there) is dropped.
 */
function tolerate(schema: unknown, d: Dialect): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  let empty = false;
  for (const [k, x] of Object.entries(schema)) {
    if (k === 'enum' && Array.isArray(x) && x.length === 0) empty = true;
    else if (k === 'id' && d !== 'draft-04' && typeof x === 'string') continue;
    else if (SUB_LIST.includes(k) && Array.isArray(x)) out[k] = x.map((e) => tolerate(e, d));
    else if (SUB_ONE.includes(k)) out[k] = tolerate(x, d);
    else if (SUB_MAP.includes(k) && x !== null && typeof x === 'object' && !Array.isArray(x))
      out[k] = Object.fromEntries(Object.entries(x).map(([name, e]) => [name, tolerate(e, d)]));
    else out[k] = x;
  }
  if (empty) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { not: {} }];
  // `contains` (with minContains, default 1) implies that many items. Saying so explicitly is the
  // same schema, and sidesteps ajv 2020's acceptance of [] beside `prefixItems`.
  if ('contains' in out && out.minContains !== 0) {
    const least = typeof out.minContains === 'number' ? out.minContains : 1;
    out.minItems = Math.max(typeof out.minItems === 'number' ? out.minItems : 0, least);
  }
  return out;
}

/** A validator for the schema, or an Error when ajv cannot compile it (then the pair is skipped). */
export function compile(schema: unknown): Validator | Error {
  const d = dialectOf(schema);
  const target = typeof schema === 'boolean' ? schema : tolerate(JSON.parse(JSON.stringify(schema)), d);
  for (const fresh of [false, true]) {
    const ajv = ajvFor(d, fresh);
    let fn: ValidateFunction;
    try {
      fn = ajv.compile(target as object | boolean);
    } catch (err) {
      const msg = (err as Error).message;
      // Two related schemas share an `$id`: start over with a fresh instance once.
      if (!fresh && /already exists/.test(msg)) continue;
      return err as Error;
    } finally {
      // Forget every schema the compile registered, nested `$id`s included: a later schema must
      // not resolve a reference through a document left behind by an earlier one.
      ajv.removeSchema();
    }
    return (x: unknown) => {
      try {
        return fn(x) === true;
      } catch {
        return false;
      }
    };
  }
  return new Error('could not compile');
}
