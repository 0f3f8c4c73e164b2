import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InputError } from '../core/errors.js';
import { isObject } from '../core/json.js';

type Draft = '2020-12' | '2019-09' | 'draft-07';

const META: Record<Draft, () => { validateSchema(s: unknown): boolean | Promise<unknown>; errors?: ErrorObject[] | null }> = (() => {
  const cache: Partial<Record<Draft, Ajv>> = {};
  const make = (d: Draft): Ajv => {
    const opts = { strict: false, validateFormats: false, allErrors: false } as const;
    return d === '2020-12' ? new Ajv2020(opts) : d === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
  };
  return {
    '2020-12': () => (cache['2020-12'] ??= make('2020-12')),
    '2019-09': () => (cache['2019-09'] ??= make('2019-09')),
    'draft-07': () => (cache['draft-07'] ??= make('draft-07')),
  };
})();

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
  const ajv = META[draft]();
  const schemaToCheck = isObject(schema) && schema.$schema !== undefined ? { ...schema, $schema: undefined } : schema;
  if (isObject(schemaToCheck)) delete schemaToCheck.$schema;
  if (ajv.validateSchema(schemaToCheck) === true) return [];
  const err = ajv.errors?.[0];
  const pointer = `${base}${err?.instancePath ?? ''}`;
  const detail = err
    ? `${err.message}${err.keyword === 'enum' ? ` (${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`
    : 'is invalid';
  return [new InputError(file, `not a valid JSON Schema (${draft}): \`${err?.instancePath || '/'}\` ${detail}`, { ...locate(pointer), pointer })];
}
