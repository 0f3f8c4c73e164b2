/** `additionalProperties` as a relation: absent/true (anything), a schema (some things), false (nothing). */
import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { isFalseSchema } from './schema-set.js';

export type Openness = 'any' | 'schema' | 'none';

/** Keywords that document a schema and accept or reject nothing. */
const NON_CONSTRAINING = new Set(['title', 'description', 'examples', '$comment', 'default']);

/** A schema object that accepts everything: `{}`, or nothing but annotations. */
function acceptsAnything(schema: JsonObject): boolean {
  return Object.keys(schema).every((k) => NON_CONSTRAINING.has(k) || k.startsWith('x-'));
}

export function openness(schema: JsonObject): Openness {
  if (!has(schema, 'additionalProperties')) return 'any';
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
