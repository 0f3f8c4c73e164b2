/** `patternProperties`: which declared pattern, if any, governs a property name. */
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';

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
  if (isObject(ap) && Object.keys(ap).length > 0 && !(Object.keys(ap).length === 1 && isObject(ap.not) && Object.keys(ap.not).length === 0)) {
    return '/additionalProperties';
  }
  return undefined;
}
