/**
 * The JSON Schema vocabulary: every keyword some draft from 04 to 2020-12 gives a meaning (as
 * validation, applicator, core or a standard annotation). A keyword outside it
 * (`markdownDescription`, `x-order` …) accepts or rejects nothing in any validator: a change to
 * it is an annotation, not a change the safety net must treat as breaking. One list for every
 * draft: the analyser reads every draft as 2020-12 (drafts.ts), and a keyword one draft defines
 * is read with that meaning in all of them rather than dismissed.
 */
export const SCHEMA_VOCABULARY: ReadonlySet<string> = new Set([
  // core
  '$schema',
  '$id',
  'id',
  '$ref',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
  '$recursiveAnchor',
  '$vocabulary',
  '$comment',
  '$defs',
  'definitions',
  // applicators
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependencies',
  'prefixItems',
  'items',
  'additionalItems',
  'contains',
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  // validation
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxContains',
  'minContains',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'format',
  // content and meta-data
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
]);

/** Extension keywords the gate itself reads, which keep the meaning their rules give them. */
export const READ_EXTENSIONS: ReadonlySet<string> = new Set(['x-extensible-enum', 'x-deprecated-since', 'x-deprecated-values']);

/** Keywords outside the vocabulary that a rule of the catalogue reads (filled in by the catalogue). */
export const CLAIMED_EXTENSIONS = new Set<string>();

/** A keyword no validator reads and the gate does not read either: pure documentation. */
export function isForeignKeyword(keyword: string): boolean {
  return !SCHEMA_VOCABULARY.has(keyword) && !READ_EXTENSIONS.has(keyword) && !CLAIMED_EXTENSIONS.has(keyword);
}
