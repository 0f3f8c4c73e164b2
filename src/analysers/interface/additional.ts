/** `additionalProperties` as a relation: absent/true (anything), a schema (some things), false (nothing). */
import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { acceptsAnything, isFalseSchema } from './schema-set.js';

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
