/**
 * ajv validators for checking witnesses, set up as predictions are validated (behavior/schema.ts:
 * same drafts, same documents under synthetic URIs so relative `$ref`s resolve as the analyser
 * resolves them and nothing is fetched, formats checked, every pattern on the linear-time engine).
 * Kept apart from that module because the behavior analyser depends on this folder, not the reverse.
 */
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ajvRegExp } from '../../../core/regexp.js';
import { forValidation } from '../drafts.js';
import type { SchemaDoc, SchemaSet } from '../schema-set.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const BASE = 'https://model-contract-gate.invalid/repo/';

export type Check = (value: unknown) => boolean;

function draftOf(value: unknown): '2020-12' | '2019-09' | 'draft-07' {
  const decl = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).$schema : undefined;
  if (typeof decl !== 'string') return '2020-12';
  if (decl.includes('2019-09')) return '2019-09';
  if (/draft-0[4-7]/.test(decl)) return 'draft-07';
  return '2020-12';
}

function uriOf(doc: SchemaDoc, inline: Map<string, string>): string {
  const hash = doc.id.indexOf('#');
  if (hash < 0) return BASE + doc.id.split('/').map(encodeURIComponent).join('/');
  let uri = inline.get(doc.id);
  if (uri === undefined) {
    const dir = doc.dir === '' ? '' : doc.dir.split('/').map(encodeURIComponent).join('/') + '/';
    uri = `${BASE}${dir}__inline_${inline.size}__.json`;
    inline.set(doc.id, uri);
  }
  return uri;
}

/** A validator of the set's entry, or null when ajv cannot compile it (then nothing is proven). */
export function compileCheck(set: SchemaSet): Check | null {
  const entry = set.docs[set.entry];
  if (!entry) return null;
  try {
    const opts = {
      strict: false,
      validateSchema: false,
      allErrors: false,
      logger: false,
      validateFormats: true,
      code: { regExp: ajvRegExp },
    } as const;
    const draft = draftOf(entry.value);
    const ajv: Ajv = draft === '2019-09' ? new Ajv2019(opts) : draft === 'draft-07' ? new Ajv(opts) : new Ajv2020(opts);
    addFormats(ajv);
    const inline = new Map<string, string>();
    for (const doc of Object.values(set.docs)) {
      let value = forValidation(doc.value);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$id' in value) {
        const { $id: _ignored, ...rest } = value as Record<string, unknown>;
        value = rest;
      }
      ajv.addSchema(value as object | boolean, uriOf(doc, inline));
    }
    const fn = ajv.getSchema(uriOf(entry, inline));
    if (!fn) return null;
    return (value) => {
      try {
        return fn(value) as boolean;
      } catch {
        return false;
      }
    };
  } catch {
    return null;
  }
}
