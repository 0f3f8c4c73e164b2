/** `patternProperties`: which declared pattern, if any, governs a property name. */
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';
import type { Bump } from '../../core/bump.js';
import { openness } from './additional.js';
import { RELATION_BUMPS } from './rule.js';
import { acceptsAnything, isFalseSchema } from './schema-set.js';

const cache = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  let r = cache.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern, 'u');
    } catch {
      r = null;
    }
    cache.set(pattern, r);
  }
  return r;
}

export function patternProperties(s: JsonObject): JsonObject {
  return isObject(s.patternProperties) ? s.patternProperties : {};
}

/** The first pattern of `s` that matches `name`. */
export function patternFor(s: JsonObject, name: string): string | undefined {
  return Object.keys(patternProperties(s)).find((p) => regex(p)?.test(name));
}

/**
 * Where an undeclared property's schema comes from: a matching pattern, or an
 * `additionalProperties` schema; undefined when the object is open to anything or closed.
 */
export function coveringPath(s: JsonObject, name: string): string | undefined {
  const p = patternFor(s, name);
  if (p !== undefined) return `/patternProperties/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const ap = s.additionalProperties;
  // Only a schema that constrains (not one of annotations only, not a `false` one), as `openness` reads it.
  if (isObject(ap) && !acceptsAnything(ap) && !isFalseSchema(ap)) {
    return '/additionalProperties';
  }
  return undefined;
}

/**
 * What a pattern appearing (or disappearing) does depends on the object around it: on an open
 * object it constrains (narrows); on a closed one it admits new properties (widens), unless a
 * declared property also matches it, which it then constrains too (a change either way); beside
 * an `additionalProperties` schema it replaces that schema for the names it matches (a change).
 */
export function patternPropertyBump(old: JsonObject, neu: JsonObject, change: 'added' | 'removed', direction: 'input' | 'output'): Bump {
  const [without, withIt] = change === 'added' ? [old, neu] : [neu, old];
  const pattern = Object.keys(patternProperties(withIt)).find((p) => !Object.prototype.hasOwnProperty.call(patternProperties(without), p));
  const open = openness(without);
  const matchesDeclared =
    pattern !== undefined && Object.keys(isObject(withIt.properties) ? withIt.properties : {}).some((name) => regex(pattern)?.test(name));
  let relation: 'narrowed' | 'widened' | 'changed';
  if (open === 'any') relation = 'narrowed';
  else if (open === 'none' && !matchesDeclared) relation = 'widened';
  else relation = 'changed';
  if (change === 'removed' && relation !== 'changed') relation = relation === 'narrowed' ? 'widened' : 'narrowed';
  return RELATION_BUMPS[relation][direction];
}
