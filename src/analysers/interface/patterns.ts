/** `patternProperties`: which declared pattern, if any, governs a property name. */
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';
import type { Bump } from '../../core/bump.js';
import { escapeToken, getAtPointer } from '../../core/pointer.js';
import { checkPattern, compileLinear, type PatternError } from '../../core/regexp.js';
import { openness } from './additional.js';
import { RELATION_BUMPS } from './rule.js';
import { acceptsAnything, isFalseSchema } from './schema-set.js';
import { SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './keywords.js';

/**
 * Does `pattern` match `name`? On the linear-time engine: a pattern written by a pull request's
 * author cannot stall the gate. The loader refuses every pattern the engine cannot compile
 * (`patternProblems`), so a PatternError here means a schema that skipped the loader.
 */
function matches(pattern: string, name: string): boolean {
  return compileLinear(pattern).test(name);
}

/**
 * Every `pattern` and `patternProperties` key of a schema document that the linear-time engine
 * cannot compile, with its pointer in the document. Schema positions only (not inside `enum`,
 * `const`, `default`, `examples` or unknown keywords), from the root and from `starts` (the
 * places `$ref`s point at, which may lie under keywords the walk does not enter).
 */
export function patternProblems(doc: unknown, starts: string[] = []): { pointer: string; error: PatternError }[] {
  const found: { pointer: string; error: PatternError }[] = [];
  const visited = new Set<object>();
  // Pointers are spelled out only for what is reported: a place is its parent's place and a token.
  type Place = { parent: Place | string; token: string | number };
  const spell = (place: Place | string): string => {
    const tokens: string[] = [];
    let cur = place;
    while (typeof cur !== 'string') {
      tokens.push(`/${escapeToken(String(cur.token))}`);
      cur = cur.parent;
    }
    return cur + tokens.reverse().join('');
  };
  const stack: { v: unknown; p: Place | string }[] = [{ v: doc, p: '' }];
  for (const s of starts) {
    const at = getAtPointer(doc, s);
    if (at.found) stack.push({ v: at.value, p: s });
  }
  while (stack.length > 0) {
    const { v, p } = stack.pop()!;
    if (!isObject(v) || visited.has(v)) continue;
    visited.add(v);
    if (typeof v.pattern === 'string') {
      const error = checkPattern(v.pattern);
      if (error) found.push({ pointer: `${spell(p)}/pattern`, error });
    }
    if (isObject(v.patternProperties)) {
      for (const key of Object.keys(v.patternProperties)) {
        const error = checkPattern(key);
        if (error) found.push({ pointer: `${spell(p)}/patternProperties/${escapeToken(key)}`, error });
      }
    }
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (SCHEMA_LIST_KEYWORDS.has(k) && Array.isArray(child)) {
        const at: Place = { parent: p, token: k };
        child.forEach((c, i) => stack.push({ v: c, p: { parent: at, token: i } }));
      } else if (SCHEMA_MAP_KEYWORDS.has(k) && isObject(child)) {
        const at: Place = { parent: p, token: k };
        for (const name of Object.keys(child)) stack.push({ v: child[name], p: { parent: at, token: name } });
      } else if (SCHEMA_KEYWORDS.has(k)) stack.push({ v: child, p: { parent: p, token: k } });
    }
  }
  return found.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

export function patternProperties(s: JsonObject): JsonObject {
  return isObject(s.patternProperties) ? s.patternProperties : {};
}

/** The first pattern of `s` that matches `name`. */
export function patternFor(s: JsonObject, name: string): string | undefined {
  return Object.keys(patternProperties(s)).find((p) => matches(p, name));
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
    pattern !== undefined && Object.keys(isObject(withIt.properties) ? withIt.properties : {}).some((name) => matches(pattern, name));
  let relation: 'narrowed' | 'widened' | 'changed';
  if (open === 'any') relation = 'narrowed';
  else if (open === 'none' && !matchesDeclared) relation = 'widened';
  else relation = 'changed';
  if (change === 'removed' && relation !== 'changed') relation = relation === 'narrowed' ? 'widened' : 'narrowed';
  return RELATION_BUMPS[relation][direction];
}
