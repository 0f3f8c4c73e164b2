import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { InputError } from '../core/errors.js';
import { isObject, jsonEqual, structuralHash } from '../core/json.js';
import { joinPointer } from '../core/pointer.js';
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

/** Drafts whose meta-schema requires the values of `enum` to be unique and non-empty (`minItems: 1`). */
const UNIQUE_ENUM = new Set<Draft>(['draft-04', 'draft-06', 'draft-07']);

const SUPPORTED = 'draft 2020-12, 2019-09, 07, 06 or 04';

/** The draft a schema declares with `$schema`; 2020-12 when it declares none. */
export function draftOf(schema: unknown): Draft | { error: string } {
  const decl = isObject(schema) ? schema.$schema : undefined;
  if (decl === undefined) return '2020-12';
  if (typeof decl !== 'string') return { error: `\`$schema\` must be a string naming the JSON Schema draft (${SUPPORTED})` };
  return draftNamed(decl) ?? { error: `unsupported \`$schema\` "${decl}"; expected the URI of JSON Schema ${SUPPORTED}` };
}

/** Lists longer than this are checked for duplicates here, by hash, not by ajv's pairwise loop. */
const LONG_ENUM = 32;

/**
 * The schema as the meta-schema check sees it, and the first duplicate of a long `enum`.
 *
 * - `enum: []` becomes `enum: [""]`. The meta-schemas of drafts 04 to 07 say `minItems: 1`, where
 *   the specification only recommends a non-empty list; an empty one is accepted in every draft and
 *   means "no value is valid", like `false`. `[""]` passes wherever `[]` failed for that reason
 *   alone (and where a list of property names belongs: `dependencies: {enum: []}`), and fails
 *   wherever `[]` fails for another reason (a list where a schema belongs), so the error and its
 *   pointer stay.
 * - A long `enum` becomes its first value: drafts 04 to 07 require unique values, and ajv checks
 *   that pair by pair (150,000 values: hours). Uniqueness is checked here instead, by hash, and
 *   reported with ajv's own words.
 *
 * Returns the schema itself when nothing needs changing. The copy is thrown away after the check.
 */
function forMetaCheck(schema: unknown): { schema: unknown; duplicate?: { pointer: string; i: number; j: number } } {
  let change = false;
  let duplicate: { pointer: string; i: number; j: number } | undefined;
  // Pointers are spelled out only for the list that holds a duplicate (most schemas have none).
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (k === 'enum' && Array.isArray(x) && (x.length === 0 || x.length > LONG_ENUM)) {
          change = true;
          if (x.length > LONG_ENUM && duplicate === undefined) {
            const pair = firstDuplicate(x);
            if (pair) duplicate = { pointer: pointerOf(schema, x) ?? '', ...pair };
          }
          continue;
        }
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  if (!change) return { schema };
  const copy = JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === 'enum' && Array.isArray(value) && (value.length === 0 || value.length > LONG_ENUM) ? [value.length === 0 ? '' : value[0]] : value,
  );
  return duplicate ? { schema: copy, duplicate } : { schema: copy };
}

/** The JSON Pointer of `target` (by identity) inside `root`. */
function pointerOf(root: unknown, target: unknown): string | undefined {
  const stack: { v: unknown; pointer: string }[] = [{ v: root, pointer: '' }];
  while (stack.length > 0) {
    const { v, pointer } = stack.pop()!;
    if (v === target) return pointer;
    if (Array.isArray(v)) v.forEach((x, i) => x !== null && typeof x === 'object' && stack.push({ v: x, pointer: joinPointer(pointer, i) }));
    else if (isObject(v))
      for (const k of Object.keys(v)) if (v[k] !== null && typeof v[k] === 'object') stack.push({ v: v[k], pointer: joinPointer(pointer, k) });
  }
  return undefined;
}

/** The first pair of equal values in a list (found by hash, confirmed by comparison). */
function firstDuplicate(list: unknown[]): { i: number; j: number } | undefined {
  const seen = new Map<string, number[]>();
  for (let j = 0; j < list.length; j++) {
    const key = structuralHash(list[j]);
    const earlier = seen.get(key);
    const i = earlier?.find((e) => jsonEqual(list[e], list[j]));
    if (i !== undefined) return { i, j };
    if (earlier) earlier.push(j);
    else seen.set(key, [j]);
  }
  return undefined;
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
  const bare = isObject(schema) && schema.$schema !== undefined ? withoutKey(schema, '$schema') : schema;
  // Only the meta-schemas of drafts 04 to 07 ask for a non-empty, unique `enum`: 2019-09 and
  // 2020-12 are checked as written, with no copy and no walk.
  const checked: ReturnType<typeof forMetaCheck> = UNIQUE_ENUM.has(draft) ? forMetaCheck(bare) : { schema: bare };
  if (checked.duplicate) {
    const { pointer: at, i, j } = checked.duplicate;
    const pointer = `${base}${at}`;
    return [
      new InputError(file, `not a valid JSON Schema (${draft}): \`${at}\` must NOT have duplicate items (items ## ${i} and ${j} are identical)`, {
        ...locate(pointer),
        pointer,
      }),
    ];
  }
  if (ajv.validateSchema(checked.schema as object) === true) return [];
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
