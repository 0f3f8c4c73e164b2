import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InputError } from '../core/errors.js';
import { isObject } from '../core/json.js';

type Draft = '2020-12' | '2019-09' | 'draft-07';

const validators = new Map<Draft, Ajv>();

/** One ajv per draft, made when first needed, to check schemas against that draft's meta-schema. */
function metaValidator(draft: Draft): Ajv {
  let ajv = validators.get(draft);
  if (!ajv) {
    const opts = { strict: false, validateFormats: false, allErrors: false } as const;
    ajv = draft === '2020-12' ? new Ajv2020(opts) : draft === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
    validators.set(draft, ajv);
  }
  return ajv;
}

/** The draft a schema declares with `$schema`; 2020-12 when it declares none. */
export function draftOf(schema: unknown): Draft | { error: string } {
  const decl = isObject(schema) ? schema.$schema : undefined;
  if (decl === undefined) return '2020-12';
  if (typeof decl !== 'string') return { error: '`$schema` must be a string' };
  if (decl.includes('2020-12')) return '2020-12';
  if (decl.includes('2019-09')) return '2019-09';
  if (/draft-0[67]/.test(decl)) return 'draft-07';
  return { error: `unsupported \`$schema\` "${decl}"; expected draft 2020-12, 2019-09 or 07` };
}

/**
 * Check a schema against its draft's meta-schema. `locate` maps a pointer inside the
 * schema to the file position; `base` is the schema's pointer in its file.
 */
export function validateSchemaDocument(
  schema: unknown,
  file: string,
  base: string,
  locate: (pointer: string) => { line: number; column: number } | undefined,
  defaultDraft?: Draft,
): InputError[] {
  if (typeof schema === 'boolean') return [];
  const draft = isObject(schema) && schema.$schema !== undefined ? draftOf(schema) : (defaultDraft ?? '2020-12');
  if (typeof draft !== 'string') return [new InputError(file, draft.error, { ...locate(`${base}/$schema`), pointer: `${base}/$schema` })];
  const ajv = metaValidator(draft);
  // The draft is chosen above; `$schema` itself is not checked against another meta-schema.
  const schemaToCheck = isObject(schema) && schema.$schema !== undefined ? withoutKey(schema, '$schema') : schema;
  if (ajv.validateSchema(schemaToCheck as object) === true) return [];
  const err = ajv.errors?.[0];
  const pointer = `${base}${err?.instancePath ?? ''}`;
  const detail = err
    ? `${err.message}${err.keyword === 'enum' ? ` (${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`
    : 'is invalid';
  return [new InputError(file, `not a valid JSON Schema (${draft}): \`${err?.instancePath || '/'}\` ${detail}`, { ...locate(pointer), pointer })];
}

function withoutKey(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = obj;
  return rest;
}
