/** Keyword tables shared by the parts of the interface analyser that read schemas as text. */

/** Keywords that document a schema and accept or reject nothing. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'examples',
  '$comment',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
]);

/** Annotations, identifiers and definitions: what two schemas read in place may differ in and still accept the same values. */
export const NON_CONSTRAINING_IN_PLACE: ReadonlySet<string> = new Set([
  ...ANNOTATION_KEYWORDS,
  '$id',
  '$schema',
  '$anchor',
  '$dynamicAnchor',
  '$defs',
  'definitions',
]);

/** Keywords whose value is one sub-schema. */
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'contentSchema',
]);

/** Keywords whose value is a list of sub-schemas. */
export const SCHEMA_LIST_KEYWORDS: ReadonlySet<string> = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items']);

/** Keywords whose value maps names to sub-schemas. */
export const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  'dependencies',
  '$defs',
  'definitions',
]);
