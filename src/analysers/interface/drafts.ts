/**
 * Older drafts read as the interface analyser reads 2020-12. The rules are written for one
 * vocabulary; the few places where drafts 04 to 2019-09 spell the same meaning differently are
 * rewritten here, once, before any comparison:
 *
 * - draft-04 `id` is `$id` (so references resolve against it, and `id: "#name"` is an anchor);
 * - draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` modify `minimum`/`maximum`:
 *   `{minimum: 5, exclusiveMinimum: true}` is `{exclusiveMinimum: 5}`, and `false` is no bound.
 *
 * `enum: []` (no value is valid) is kept as written for the rules, which read it as the empty set
 * (see `acceptsNoValue`); `forValidation` rewrites it for ajv, which refuses to compile it.
 *
 * Everything else the drafts spell differently the rules read in both spellings already
 * (`definitions`, `dependencies`, `items` as an array with `additionalItems`).
 *
 * Pure and copy-on-write: a document with nothing to rewrite is returned as it is (same
 * objects), and a rewritten one shares every untouched sub-tree. Iterative, so depth is no risk.
 * Only schema positions are visited (the values of `enum`, `const`, `default`, `examples` and of
 * unknown keywords are data), so a property named `id` is left alone.
 */
import { isObject, type JsonObject } from '../../core/json.js';
import type { SchemaSet } from './schema-set.js';
import { surveyOf } from './survey.js';

export type DraftName = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/** The draft a `$schema` value names, or undefined when it names none this tool knows. */
export function draftNamed(uri: string): DraftName | undefined {
  if (/\/draft-04\/schema#?$/.test(uri)) return 'draft-04';
  if (/\/draft-06\/schema#?$/.test(uri)) return 'draft-06';
  if (/\/draft-07\/schema#?$/.test(uri)) return 'draft-07';
  if (/\/draft\/2019-09\/schema#?$/.test(uri)) return '2019-09';
  if (/\/draft\/2020-12\/schema#?$/.test(uri)) return '2020-12';
  return undefined;
}

/** Keywords whose value is one schema. */
const ONE = new Set([
  'not',
  'if',
  'then',
  'else',
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);
/** Keywords whose value is a list of schemas (`items` as a list too, before 2020-12). */
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Keywords whose value maps names to schemas (`dependencies` also to lists of names, left alone). */
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

interface Frame {
  value: JsonObject;
  /** A schema, or a map of names to schemas (`properties`, `$defs` …). */
  kind: 'schema' | 'map';
  draft: DraftName;
  /** Where the rewritten value goes. */
  slot: number;
  /** Set once the children are queued: on the second visit, rebuild this node from them. */
  children?: { key: string; index?: number; slot: number }[];
}

/** One schema node rewritten on its own (its children are done already). */
function rewriteNode(schema: JsonObject, draft: DraftName, emptyEnumsAsFalse: boolean): unknown {
  if (emptyEnumsAsFalse && Array.isArray(schema.enum) && schema.enum.length === 0) {
    // `false` appended to `allOf`, so every place a reference may point into stays where it is.
    const { enum: _empty, ...rest } = schema;
    return rewriteNode({ ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), false] }, draft, false);
  }
  if (draft !== 'draft-04') return schema;
  let out: JsonObject | undefined;
  const edit = (): JsonObject => (out ??= { ...schema });
  if (typeof schema.id === 'string' && schema.$id === undefined) {
    const e = edit();
    e.$id = schema.id;
    delete e.id;
  }
  for (const [excl, incl] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const flag = schema[excl];
    if (typeof flag !== 'boolean') continue;
    const e = edit();
    if (flag && typeof schema[incl] === 'number') {
      e[excl] = schema[incl];
      delete e[incl];
    } else delete e[excl];
  }
  return out ?? schema;
}

/**
 * Whether anything in the document is rewritten: a draft-04 sub-tree, or an empty enum when those
 * become `false`. Read off the document's survey: most documents (2020-12) need no copy at all.
 */
function needsRewrite(doc: JsonObject, draft: DraftName, emptyEnumsAsFalse: boolean): boolean {
  if (draft === 'draft-04') return true;
  const survey = surveyOf(doc);
  if (emptyEnumsAsFalse && survey.emptyEnum) return true;
  for (const uri of survey.schemaUris) if (draftNamed(uri) === 'draft-04') return true;
  return false;
}

/**
 * A schema document as 2020-12 reads it. `draft` is the draft the document is in when it does
 * not say (a `$schema` anywhere in it switches the draft for that sub-tree).
 */
export function normaliseSchema(doc: unknown, draft: DraftName = '2020-12', emptyEnumsAsFalse = false): unknown {
  if (!isObject(doc)) return doc;
  const plain = draft === '2020-12' && !emptyEnumsAsFalse;
  // The loader normalises each document and the analyser asks again: a result is its own normal form.
  if (plain && normalised.has(doc)) return doc;
  const result = needsRewrite(doc, draft, emptyEnumsAsFalse) ? rewrite(doc, draft, emptyEnumsAsFalse) : doc;
  if (plain && isObject(result)) normalised.add(result);
  return result;
}

/** Documents that are their own normal form (results of `normaliseSchema` with the 2020-12 default). */
const normalised = new WeakSet<object>();

function rewrite(doc: JsonObject, draft: DraftName, emptyEnumsAsFalse: boolean): unknown {
  const results: unknown[] = [undefined];
  const stack: Frame[] = [{ value: doc, kind: 'schema', draft, slot: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    const own = frame.kind === 'schema' && typeof v.$schema === 'string' ? (draftNamed(v.$schema) ?? frame.draft) : frame.draft;
    if (frame.children) {
      let copy: JsonObject | undefined;
      for (const c of frame.children) {
        const r = results[c.slot];
        const list = c.index === undefined ? undefined : (v[c.key] as unknown[]);
        if (r === (list ? list[c.index!] : v[c.key])) continue;
        copy ??= { ...v };
        if (!list) copy[c.key] = r;
        else {
          if (copy[c.key] === list) copy[c.key] = [...list];
          (copy[c.key] as unknown[])[c.index!] = r;
        }
      }
      const node = copy ?? v;
      results[frame.slot] = frame.kind === 'schema' ? rewriteNode(node, own, emptyEnumsAsFalse) : node;
      continue;
    }
    const queued: Frame[] = [];
    frame.children = [];
    const add = (key: string, value: unknown, kind: Frame['kind'], index?: number) => {
      if (!isObject(value)) return;
      const slot = results.length;
      results.push(undefined);
      frame.children!.push({ key, index, slot });
      queued.push({ value, kind, draft: own, slot });
    };
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (frame.kind === 'map') add(k, x, 'schema');
      else if (ONE.has(k)) add(k, x, 'schema');
      else if (LIST.has(k) && Array.isArray(x)) x.forEach((s, i) => add(k, s, 'schema', i));
      else if (MAP.has(k)) add(k, x, 'map');
    }
    // A loop, not a spread: an object of 200,000 properties queues 200,000 frames.
    stack.push(frame);
    for (const q of queued) stack.push(q);
  }
  return results[0];
}

/** Every document of a schema set normalised (see normaliseSchema); the set itself when none changes. */
export function normaliseSet(set: SchemaSet): SchemaSet {
  let docs: SchemaSet['docs'] | undefined;
  for (const [id, doc] of Object.entries(set.docs)) {
    const value = normaliseSchema(doc.value);
    if (value === doc.value) continue;
    docs ??= { ...set.docs };
    docs[id] = { ...doc, value };
  }
  return docs ? { ...set, docs } : set;
}

/**
 * A schema document for ajv to validate values with: as normaliseSchema reads it, and with every
 * `enum: []` as `false` (ajv refuses to compile an empty enum; it accepts nothing either way).
 */
export function forValidation(doc: unknown): unknown {
  return normaliseSchema(doc, '2020-12', true);
}
