/** `patternProperties`: which declared pattern, if any, governs a property name. */
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';
import type { Bump } from '../../core/bump.js';
import { getAtPointer, parsePointer } from '../../core/pointer.js';
import { compileLinear, type PatternError } from '../../core/regexp.js';
import { openness } from './additional.js';
import { RELATION_BUMPS } from './rule.js';
import { acceptsAnything, isFalseSchema } from './schema-set.js';
import { Position, positionBelow, surveyOf } from './survey.js';

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
 * `const`, `default`, `examples` or unknown keywords), from the root (the document's survey) and
 * from `starts` (the places `$ref`s point at, which may lie under keywords the survey does not
 * read as schemas).
 */
export function patternProblems(doc: unknown, starts: string[] = []): { pointer: string; error: PatternError }[] {
  const found = [...surveyOf(doc).patternProblems];
  const reported = new Set(found.map((f) => f.pointer));
  for (const start of starts) {
    if (isSchemaPosition(doc, start)) continue;
    const at = getAtPointer(doc, start);
    if (!at.found) continue;
    for (const problem of surveyOf(at.value).patternProblems) {
      const pointer = start + problem.pointer;
      if (reported.has(pointer)) continue;
      reported.add(pointer);
      found.push({ pointer, error: problem.error });
    }
  }
  return found.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

/** Whether the value at `pointer` is a schema reached from the root through schema keywords (the survey has read it). */
function isSchemaPosition(doc: unknown, pointer: string): boolean {
  let position: Position | undefined = Position.Schema;
  let cur: unknown = doc;
  for (const token of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return false;
    const child = (cur as Record<string, unknown>)[token];
    position = positionBelow(position, Array.isArray(cur) ? Number(token) : token, child);
    if (position === undefined) return false;
    cur = child;
  }
  return position === Position.Schema;
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
