/**
 * Output schemas compiled for validating predictions, with ajv set up as interface/validator.ts
 * says (synthetic URIs so nothing is fetched, the set's draft, formats, and every pattern on the
 * linear-time engine: predictions come from the pull request, and so may the schema).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError } from '../../core/errors.js';
import { isObject } from '../../core/json.js';
import { escapeToken } from '../../core/pointer.js';
import { PatternError } from '../../core/regexp.js';
import type { SchemaDoc, SchemaSet } from '../interface/schema-set.js';
import { surveyOf } from '../interface/survey.js';
import { documentUris, newAjv, validationValue, VALIDATION_BASE as BASE } from '../interface/validator.js';
import { resolveInside } from '../../core/paths.js';

export { draftOf, type Draft } from '../interface/validator.js';

/** The documents the entry reaches through `$ref`, entry first. */
export function reachableDocs(set: SchemaSet): SchemaDoc[] {
  const out: SchemaDoc[] = [];
  const seen = new Set<string>();
  const queue = [set.entry];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const doc = set.docs[id];
    if (!doc) continue;
    out.push(doc);
    for (const { ref } of surveyOf(doc.value).references) {
      if (ref === undefined) continue;
      const file = ref.split('#')[0]!;
      if (file === '') continue;
      const rel = resolveInside(doc.dir, file);
      if (typeof rel === 'string' && set.docs[rel]) queue.push(rel);
    }
  }
  return out;
}

/**
 * The schema set as plain data: the documents the entry reaches, each only its id, folder and
 * value. What the loader attaches to a document (its file name, a `locate` function) stays
 * behind, so the set can cross to a worker thread (structured clone refuses functions).
 */
export function plainSchemaSet(set: SchemaSet): SchemaSet {
  const docs: Record<string, SchemaDoc> = {};
  for (const d of reachableDocs(set)) docs[d.id] = { id: d.id, dir: d.dir, value: d.value };
  return { entry: set.entry, docs };
}

/** A string that is equal for two schema sets exactly when they validate the same way. */
export function schemaSetIdentity(set: SchemaSet): string {
  return JSON.stringify(reachableDocs(set).map((d) => [d.id, d.dir, d.value]));
}

export interface PredictionValidator {
  /** True when the value matches; otherwise `error` describes the first problem. */
  validate(value: unknown): boolean;
  error(): { instancePath: string; schemaPath: string; message: string };
}

function describe(err: ErrorObject | undefined): { instancePath: string; schemaPath: string; message: string } {
  if (!err) return { instancePath: '', schemaPath: '', message: 'does not match the schema' };
  let message = err.message ?? 'does not match the schema';
  const p = err.params as Record<string, unknown>;
  if (err.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') message += ` (found "${p.additionalProperty}")`;
  if (err.keyword === 'enum' && Array.isArray(p.allowedValues)) message += ` (${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  const schemaPath = err.schemaPath.startsWith(BASE) ? err.schemaPath.slice(BASE.length) : err.schemaPath;
  return { instancePath: err.instancePath, schemaPath, message };
}

/** Compile a schema set once; an uncompilable schema is an InputError naming its document. */
export function compileOutputSchema(set: SchemaSet): PredictionValidator {
  const ajv = newAjv(set);
  const uri = documentUris();
  const entryDoc = set.docs[set.entry];
  const place = (id: string) => {
    const hash = id.indexOf('#');
    return hash < 0 ? { file: id, pointer: undefined } : { file: id.slice(0, hash), pointer: id.slice(hash + 1) };
  };
  if (!entryDoc) throw new InputError(place(set.entry).file, 'the output schema was not read', { pointer: place(set.entry).pointer });
  for (const doc of reachableDocs(set)) {
    try {
      ajv.addSchema(validationValue(doc), uri(doc));
    } catch (err) {
      const at = place(doc.id);
      throw new InputError(at.file, `the schema cannot be used for validation: ${(err as Error).message}`, { pointer: at.pointer });
    }
  }
  let fn: ValidateFunction;
  try {
    const got = ajv.getSchema(uri(entryDoc));
    if (!got) throw new Error('no schema');
    fn = got;
  } catch (err) {
    if (err instanceof PatternError) throw patternError(set, err);
    const at = place(set.entry);
    const msg = (err as Error).message.replaceAll(BASE, '');
    throw new InputError(at.file, `the output schema cannot be compiled for validating predictions: ${msg}`, { pointer: at.pointer });
  }
  return {
    validate: (value) => fn(value) as boolean,
    error: () => describe(fn.errors?.[0]),
  };
}

/** A document as the loader hands it over: with the file it is named by in messages, and positions in it. */
interface NamedDoc extends SchemaDoc {
  file?: string;
  locate?: (pointer: string) => { line: number; column: number } | undefined;
}

/**
 * The refused pattern, named by its file and JSON Pointer: the first `pattern` or
 * `patternProperties` key with that text in the documents the entry reaches. Searched for after
 * ajv refused it (rather than checking every `pattern`-named string beforehand), so that only
 * patterns the validator really runs are refused, not those under unknown keywords or in data.
 */
function patternError(set: SchemaSet, err: PatternError): InputError {
  for (const doc of reachableDocs(set) as NamedDoc[]) {
    const inner = findPattern(doc.value, err.pattern);
    if (inner === undefined) continue;
    const hash = doc.id.indexOf('#');
    const file = doc.file ?? (hash < 0 ? doc.id : doc.id.slice(0, hash));
    const prefix = hash < 0 ? '' : doc.id.slice(hash + 1);
    return new InputError(file, err.message, { ...doc.locate?.(inner), pointer: prefix + inner });
  }
  const entry = set.docs[set.entry] as NamedDoc | undefined;
  const hash = set.entry.indexOf('#');
  return new InputError(entry?.file ?? (hash < 0 ? set.entry : set.entry.slice(0, hash)), err.message, {
    pointer: hash < 0 ? undefined : set.entry.slice(hash + 1),
  });
}

/** The pointer (in document order) of a `pattern` equal to `pattern`, or of a `patternProperties` key equal to it, outside data keywords. */
function findPattern(root: unknown, pattern: string): string | undefined {
  const stack: { v: unknown; p: string }[] = [{ v: root, p: '' }];
  while (stack.length > 0) {
    const { v, p } = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], p: `${p}/${i}` });
      continue;
    }
    if (!isObject(v)) continue;
    if (v.pattern === pattern) return `${p}/pattern`;
    const pp = v.patternProperties;
    if (isObject(pp) && Object.prototype.hasOwnProperty.call(pp, pattern)) return `${p}/patternProperties/${escapeToken(pattern)}`;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      // Values of these keywords are data, not schemas.
      if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
      stack.push({ v: v[k], p: `${p}/${escapeToken(k)}` });
    }
  }
  return undefined;
}

/**
 * Does the output schema name this top-level property (in `properties` of the entry, of a schema
 * its bare `$ref` names in the set, or of an `allOf` branch)? A conservative reading: what it
 * cannot follow counts as not declared, so a field is called "added" only where the schema says so.
 */
export function declaresProperty(set: SchemaSet, name: string): boolean {
  const seen = new Set<unknown>();
  const visit = (schema: unknown, dir: string, depth: number): boolean => {
    if (!isObject(schema) || seen.has(schema) || depth > 8) return false;
    seen.add(schema);
    const props = schema.properties;
    if (isObject(props) && Object.prototype.hasOwnProperty.call(props, name)) return true;
    if (Array.isArray(schema.allOf) && schema.allOf.some((s) => visit(s, dir, depth + 1))) return true;
    const ref = schema.$ref;
    if (typeof ref === 'string' && !ref.includes('#')) {
      const rel = resolveInside(dir, ref);
      const doc = typeof rel === 'string' ? set.docs[rel] : undefined;
      if (doc) return visit(doc.value, doc.dir, depth + 1);
    }
    return false;
  };
  const entry = set.docs[set.entry];
  return entry ? visit(entry.value, entry.dir, 0) : false;
}
