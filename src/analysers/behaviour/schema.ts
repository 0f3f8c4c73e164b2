/**
 * Output schemas compiled for validating predictions. Every document of a schema set is
 * registered with ajv under a synthetic URI that mirrors its repository path, so relative `$ref`s
 * resolve exactly as the interface analyser resolves them, and nothing is ever fetched. A
 * document's own top-level `$id` is set aside for the same reason. The draft comes from the
 * entry's `$schema` (or from the file a bare `{$ref}` entry points to): 2020-12 by default,
 * 2019-09 and draft-07 (also 04 and 06, read as 07) accepted. Formats are checked (ajv-formats).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { InputError } from '../../core/errors.js';
import { collectRefs, type SchemaDoc, type SchemaSet } from '../interface/schema-set.js';
import { forValidation } from '../interface/drafts.js';
import { resolveInside } from '../../readers/tree.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const BASE = 'https://model-contract-gate.invalid/repo/';

export type Draft = '2020-12' | '2019-09' | 'draft-07';

function draftOfValue(v: unknown): Draft | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const decl = (v as Record<string, unknown>).$schema;
  if (typeof decl !== 'string') return undefined;
  if (decl.includes('2019-09')) return '2019-09';
  if (/draft-0[4-7]/.test(decl)) return 'draft-07';
  return '2020-12';
}

/** The draft of a schema set: the entry's `$schema`, else that of the file a bare `{$ref}` entry names. */
export function draftOf(set: SchemaSet): Draft {
  const entry = set.docs[set.entry];
  const own = draftOfValue(entry?.value);
  if (own) return own;
  const ref = entry && entry.value !== null && typeof entry.value === 'object' ? (entry.value as Record<string, unknown>).$ref : undefined;
  if (entry && typeof ref === 'string') {
    const file = ref.split('#')[0]!;
    const rel = file === '' ? undefined : resolveInside(entry.dir, file);
    if (typeof rel === 'string') {
      const d = draftOfValue(set.docs[rel]?.value);
      if (d) return d;
    }
  }
  return '2020-12';
}

function uriOf(doc: SchemaDoc, inline: Map<string, string>): string {
  const hash = doc.id.indexOf('#');
  if (hash < 0) return BASE + doc.id.split('/').map(encodeURIComponent).join('/');
  // A schema inside a contract: a made-up file beside the contract, so its relative $refs resolve against the contract's folder.
  let uri = inline.get(doc.id);
  if (uri === undefined) {
    const dir = doc.dir === '' ? '' : doc.dir.split('/').map(encodeURIComponent).join('/') + '/';
    uri = `${BASE}${dir}__inline_${inline.size}__.json`;
    inline.set(doc.id, uri);
  }
  return uri;
}

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
    for (const { ref } of collectRefs(doc.value)) {
      const file = ref.split('#')[0]!;
      if (file === '') continue;
      const rel = resolveInside(doc.dir, file);
      if (typeof rel === 'string' && set.docs[rel]) queue.push(rel);
    }
  }
  return out;
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
  const draft = draftOf(set);
  const opts = { strict: false, validateSchema: false, allErrors: false, logger: false, validateFormats: true } as const;
  const ajv: Ajv = draft === '2019-09' ? new Ajv2019(opts) : draft === 'draft-07' ? new Ajv(opts) : new Ajv2020(opts);
  addFormats(ajv);
  const inline = new Map<string, string>();
  const entryDoc = set.docs[set.entry];
  const place = (id: string) => {
    const hash = id.indexOf('#');
    return hash < 0 ? { file: id, pointer: undefined } : { file: id.slice(0, hash), pointer: id.slice(hash + 1) };
  };
  if (!entryDoc) throw new InputError(place(set.entry).file, 'the output schema was not read', { pointer: place(set.entry).pointer });
  for (const doc of reachableDocs(set)) {
    let value = forValidation(doc.value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$id' in value) {
      const { $id: _ignored, ...rest } = value as Record<string, unknown>;
      value = rest;
    }
    try {
      ajv.addSchema(value as object | boolean, uriOf(doc, inline));
    } catch (err) {
      const at = place(doc.id);
      throw new InputError(at.file, `the schema cannot be used for validation: ${(err as Error).message}`, { pointer: at.pointer });
    }
  }
  let fn: ValidateFunction;
  try {
    const got = ajv.getSchema(uriOf(entryDoc, inline));
    if (!got) throw new Error('no schema');
    fn = got;
  } catch (err) {
    const at = place(set.entry);
    const msg = (err as Error).message.replaceAll(BASE, '');
    throw new InputError(at.file, `the output schema cannot be compiled for validating predictions: ${msg}`, { pointer: at.pointer });
  }
  return {
    validate: (value) => fn(value) as boolean,
    error: () => describe(fn.errors?.[0]),
  };
}
