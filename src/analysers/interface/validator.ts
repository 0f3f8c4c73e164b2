/**
 * ajv set up for a schema set, shared by the two places that validate instances against the
 * analysed schemas: predictions (behavior/schema.ts) and witnesses (witness/validate.ts). Every
 * document is registered under a synthetic URI that mirrors its repository path, so relative
 * `$ref`s resolve exactly as the analyser resolves them and nothing is ever fetched; a document's
 * own top-level `$id` is set aside for the same reason. The draft comes from the entry's `$schema`
 * (or from the file a bare `{$ref}` entry points to): 2020-12 by default, 2019-09 and draft-07
 * (also 04 and 06, read as 07). Formats are checked (ajv-formats), and every pattern runs on the
 * linear-time engine (core/regexp.ts): the schemas and the instances may come from a pull request.
 */
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { resolveInside } from '../../core/paths.js';
import { ajvRegExp } from '../../core/regexp.js';
import { forValidation } from './drafts.js';
import type { SchemaDoc, SchemaSet } from './schema-set.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Where the documents are registered; cut from ajv's messages before they are shown. */
export const VALIDATION_BASE = 'https://model-contract-gate.invalid/repo/';

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

/** An ajv instance of the set's draft, with formats and the linear-time pattern engine. */
export function newAjv(set: SchemaSet): Ajv {
  const opts = { strict: false, validateSchema: false, allErrors: false, logger: false, validateFormats: true, code: { regExp: ajvRegExp } } as const;
  const draft = draftOf(set);
  const ajv: Ajv = draft === '2019-09' ? new Ajv2019(opts) : draft === 'draft-07' ? new Ajv(opts) : new Ajv2020(opts);
  addFormats(ajv);
  return ajv;
}

/**
 * The synthetic URI of each document, one naming per compilation: a file's mirrors its path; a
 * schema inside a contract gets a made-up file beside the contract, so its relative `$ref`s
 * resolve against the contract's folder.
 */
export function documentUris(): (doc: SchemaDoc) => string {
  const inline = new Map<string, string>();
  return (doc) => {
    const hash = doc.id.indexOf('#');
    if (hash < 0) return VALIDATION_BASE + doc.id.split('/').map(encodeURIComponent).join('/');
    let uri = inline.get(doc.id);
    if (uri === undefined) {
      const dir = doc.dir === '' ? '' : doc.dir.split('/').map(encodeURIComponent).join('/') + '/';
      uri = `${VALIDATION_BASE}${dir}__inline_${inline.size}__.json`;
      inline.set(doc.id, uri);
    }
    return uri;
  };
}

/** A document's value as ajv is given it: in its draft's 2020-12 reading, its own top-level `$id` set aside. */
export function validationValue(doc: SchemaDoc): object | boolean {
  const value = forValidation(doc.value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$id' in value) {
    const { $id: _ignored, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value as object | boolean;
}
