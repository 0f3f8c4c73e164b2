/** `additionalProperties` as a relation: absent/true (anything), a schema (some things), false (nothing). */
import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { acceptsAnything, acceptsNoValue, isFalseSchema } from './schema-set.js';

export type Openness = 'any' | 'schema' | 'none';

export function openness(schema: JsonObject): Openness {
  if (!has(schema, 'additionalProperties')) {
    // Without additionalProperties, `unevaluatedProperties: false` closes the object.
    const u = schema.unevaluatedProperties;
    return u === false || (isObject(u) && isFalseSchema(u)) ? 'none' : 'any';
  }
  const ap = schema.additionalProperties;
  if (ap === true || (isObject(ap) && acceptsAnything(ap))) return 'any';
  if (ap === false || (isObject(ap) && isFalseSchema(ap))) return 'none';
  return 'schema';
}

const RANK: Record<Openness, number> = { none: 0, schema: 1, any: 2 };

/** -1 narrowed, 1 widened, 0 same kind (schemas are compared by recursion). */
export function opennessMove(old: JsonObject, neu: JsonObject): number {
  return Math.sign(RANK[openness(neu)] - RANK[openness(old)]);
}

/** A place, and how to reach the resolved sub-schemas below it. */
interface Resolved {
  schema: JsonObject;
}
type SubOf<L extends Resolved> = (parent: L, subPath: string) => L;

/** Accepts nothing: `false`, an empty `enum`, or `not` of a schema that (references followed) accepts everything. */
function acceptsNothing<L extends Resolved>(loc: L, subOf: SubOf<L>): boolean {
  return acceptsNoValue(loc.schema) || (isObject(loc.schema.not) && acceptsAnything(subOf(loc, '/not').schema));
}

/**
 * The schema as the facts about it read it: an `additionalProperties` or `not` that only refers to
 * (`$ref`), or is a single-branch union or `allOf` of, a schema accepting everything or nothing
 * reads as `true`/`false`, so openness and the `false` schema do not depend on how it is written.
 */
export function withBooleanSubschemas<L extends Resolved>(loc: L, subOf: SubOf<L>): JsonObject {
  const schema = loc.schema;
  let out = schema;
  for (const k of ['additionalProperties', 'not'] as const) {
    const v = schema[k];
    if (!isObject(v) || acceptsAnything(v) || isFalseSchema(v)) continue;
    const resolved = subOf(loc, `/${k}`);
    const nothing = acceptsNothing(resolved, subOf);
    if (!nothing && !acceptsAnything(resolved.schema)) continue;
    if (k === 'additionalProperties') out = { ...out, additionalProperties: !nothing };
    else out = { ...out, not: nothing ? { not: {} } : {} };
  }
  return out;
}
