/**
 * One walk over a schema document that finds what the loader and the analyser look for anywhere
 * in it: the places that declare `$id`, `$anchor` or `$ref` (for the reference index), the
 * `pattern`s and `patternProperties` keys the linear-time engine refuses, the `$schema`s named and
 * whether an `enum: []` is written (for the draft rewrite). Done once per document and kept: a
 * schema of 200,000 properties is walked once, not once per question.
 *
 * Each value is read by its position, decided by the keyword that holds it:
 * - a schema (the root, and the values of schema keywords, of schema lists and of schema maps);
 * - a schema map (`properties`, `$defs` …): its values are schemas whatever their names, so a
 *   property named `default` or `enum` is a schema like any other;
 * - data (`enum`, `const`, `default`, `examples` of a schema): not walked;
 * - anything else (unknown keywords, `x-…` extensions): walked for references only, as the
 *   reference index has always done, with data keywords skipped at every level.
 * Iterative with one frame per level: any depth, no allocation per value.
 */
import { isObject, type JsonObject } from '../../core/json.js';
import { escapeToken } from '../../core/pointer.js';
import { checkPattern, type PatternError } from '../../core/regexp.js';
import { SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './keywords.js';

/** A place that declares `$id`, `$anchor` or `$ref` (string values only). */
export interface ReferenceNode {
  pointer: string;
  id?: string;
  anchor?: string;
  ref?: string;
  /** The nearest enclosing reference node (an index into the same list), or -1: whose base this one starts from. */
  scope: number;
}

export interface Survey {
  /** In document order, parents before children. */
  references: ReferenceNode[];
  /** At schema positions reachable from the root; in document order. */
  patternProblems: { pointer: string; error: PatternError }[];
  /** Every distinct `$schema` string written outside data. */
  schemaUris: Set<string>;
  /** Whether an `enum: []` is written outside data. */
  emptyEnum: boolean;
}

const DATA_KEYWORDS: ReadonlySet<string> = new Set(['enum', 'const', 'default', 'examples']);

/** Where a value is: a schema, a schema map, a schema list, or anything else (see above). */
export const Position = { Schema: 0, Map: 1, List: 2, Other: 3 } as const;
export type Position = (typeof Position)[keyof typeof Position];

/** The position of the value under `key` of a value at `parent`; undefined for data (not walked). */
export function positionBelow(parent: Position, key: string | number, value: unknown): Position | undefined {
  if (parent === Position.Map || parent === Position.List) return Position.Schema;
  if (typeof key === 'number') return Position.Other;
  if (DATA_KEYWORDS.has(key)) return undefined;
  if (parent === Position.Other) return Position.Other;
  if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) return Position.List;
  if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) return Position.Map;
  if (SCHEMA_KEYWORDS.has(key)) return Position.Schema;
  return Position.Other;
}

const surveys = new WeakMap<object, Survey>();

const NOTHING: Survey = Object.freeze({ references: [], patternProblems: [], schemaUris: new Set<string>(), emptyEnum: false });

/** The survey of a schema document (kept per document value: documents are not changed once read). */
export function surveyOf(doc: unknown): Survey {
  if (doc === null || typeof doc !== 'object') return NOTHING;
  let survey = surveys.get(doc);
  if (!survey) surveys.set(doc, (survey = walk(doc)));
  return survey;
}

function walk(doc: object): Survey {
  const survey: Survey = { references: [], patternProblems: [], schemaUris: new Set(), emptyEnum: false };
  // Frame per level: the container, its keys (null for an array), the next index, its position, its scope.
  const values: object[] = [];
  const keys: (string[] | null)[] = [];
  const next: number[] = [];
  const positions: Position[] = [];
  const scopes: number[] = [];
  /** tokens[d] is the token that leads from level d-1 to level d. */
  const tokens: (string | number)[] = [''];
  const pointer = (depth: number, ...more: string[]): string => {
    let p = '';
    for (let d = 1; d <= depth; d++) p += `/${typeof tokens[d] === 'number' ? tokens[d] : escapeToken(tokens[d] as string)}`;
    for (const m of more) p += `/${escapeToken(m)}`;
    return p;
  };

  /** Look at one value and, when it is a container, open a frame for it at `depth`. */
  const enter = (v: object, position: Position, depth: number, scope: number) => {
    let own = scope;
    if (!Array.isArray(v) && position !== Position.Map && position !== Position.List) {
      const o = v as JsonObject;
      const id = typeof o.$id === 'string' ? o.$id : undefined;
      const anchor = typeof o.$anchor === 'string' ? o.$anchor : undefined;
      const ref = typeof o.$ref === 'string' ? o.$ref : undefined;
      if (id !== undefined || anchor !== undefined || ref !== undefined) {
        own = survey.references.length;
        survey.references.push({
          pointer: pointer(depth),
          ...(id !== undefined ? { id } : {}),
          ...(anchor !== undefined ? { anchor } : {}),
          ...(ref !== undefined ? { ref } : {}),
          scope,
        });
      }
      if (typeof o.$schema === 'string') survey.schemaUris.add(o.$schema);
      if (Array.isArray(o.enum) && o.enum.length === 0) survey.emptyEnum = true;
      if (position === Position.Schema) {
        if (typeof o.pattern === 'string') {
          const error = checkPattern(o.pattern);
          if (error) survey.patternProblems.push({ pointer: pointer(depth, 'pattern'), error });
        }
        if (isObject(o.patternProperties)) {
          for (const key of Object.keys(o.patternProperties)) {
            const error = checkPattern(key);
            if (error) survey.patternProblems.push({ pointer: pointer(depth, 'patternProperties', key), error });
          }
        }
      }
    }
    values[depth] = v;
    keys[depth] = Array.isArray(v) ? null : Object.keys(v);
    next[depth] = 0;
    positions[depth] = position;
    scopes[depth] = own;
  };

  enter(doc, Position.Schema, 0, -1);
  let depth = 0;
  while (depth >= 0) {
    const container = values[depth] as Record<string, unknown> & unknown[];
    const names = keys[depth]!;
    const i = next[depth]!;
    if (i >= (names === null ? container.length : names.length)) {
      depth--;
      continue;
    }
    next[depth] = i + 1;
    const key = names === null ? i : names[i]!;
    const child = container[key as string];
    if (child === null || typeof child !== 'object') continue;
    const position = positionBelow(positions[depth]!, key, child);
    if (position === undefined) continue;
    tokens[depth + 1] = key;
    enter(child, position, depth + 1, scopes[depth]!);
    depth++;
  }
  return survey;
}
