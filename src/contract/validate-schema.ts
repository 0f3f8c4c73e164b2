import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { InputError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { draftNamed, type DraftName } from '../analysers/interface/drafts.js';

export type Draft = DraftName;

const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as typeof Ajv;

const validators = new Map<Draft, Ajv>();

/** One ajv per draft, made when first needed, to check schemas against that draft's own meta-schema. */
function metaValidator(draft: Draft): Ajv {
  let ajv = validators.get(draft);
  if (!ajv) {
    const opts = { strict: false, validateFormats: false, allErrors: false } as const;
    if (draft === '2020-12') ajv = new Ajv2020(opts);
    else if (draft === '2019-09') ajv = new Ajv2019(opts);
    else if (draft === 'draft-04') ajv = new AjvDraft04(opts);
    else {
      ajv = new Ajv(opts);
      if (draft === 'draft-06') {
        ajv.addMetaSchema(draft06MetaSchema);
        ajv.opts.defaultMeta = draft06MetaSchema.$id;
      }
    }
    validators.set(draft, ajv);
  }
  return ajv;
}

const SUPPORTED = 'draft 2020-12, 2019-09, 07, 06 or 04';

/** The draft a schema declares with `$schema`; 2020-12 when it declares none. */
export function draftOf(schema: unknown): Draft | { error: string } {
  const decl = isObject(schema) ? schema.$schema : undefined;
  if (decl === undefined) return '2020-12';
  if (typeof decl !== 'string') return { error: `\`$schema\` must be a string naming the JSON Schema draft (${SUPPORTED})` };
  return draftNamed(decl) ?? { error: `unsupported \`$schema\` "${decl}"; expected the URI of JSON Schema ${SUPPORTED}` };
}

/**
 * A copy of the schema with every `enum: []` as `enum: [""]`, or the schema itself when it
 * holds none. The meta-schemas of drafts 04 to 07 say `minItems: 1`, where the specification
 * only recommends a non-empty list; an empty one is accepted in every draft and means "no value
 * is valid", like `false`. `[""]` passes wherever `[]` failed for that reason alone (and where a
 * list of property names belongs: `dependencies: {enum: []}`), and fails wherever `[]` fails for
 * another reason (a list where a schema belongs), so the error and its pointer stay.
 */
function emptyEnumsFilled(schema: unknown): unknown {
  let found = false;
  const stack: unknown[] = [schema];
  while (stack.length > 0 && !found) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (isObject(v)) {
      if (Array.isArray(v.enum) && v.enum.length === 0) found = true;
      else for (const k of Object.keys(v)) stack.push(v[k]);
    }
  }
  if (!found) return schema;
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === 'enum' && Array.isArray(value) && value.length === 0 ? [''] : value));
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
  const schemaToCheck = emptyEnumsFilled(isObject(schema) && schema.$schema !== undefined ? withoutKey(schema, '$schema') : schema);
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
