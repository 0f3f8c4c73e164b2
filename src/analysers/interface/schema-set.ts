import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { ANNOTATION_KEYWORDS } from './keywords.js';
import { isForeignKeyword } from './vocabulary.js';

/** One JSON document holding schemas: an interface inline in a contract, or a schema file. */
export interface SchemaDoc {
  /** Unique id: the repository-relative file path, with `#/pointer` for a schema inside a contract. */
  id: string;
  /** Repository-relative folder that relative `$ref`s resolve against. */
  dir: string;
  value: unknown;
}

/** An interface schema with every document its `$ref`s reach, already read by the edge. */
export interface SchemaSet {
  entry: string;
  docs: Record<string, SchemaDoc>;
}

/** A place in a schema set. */
export interface SchemaAt {
  doc: string;
  pointer: string;
}

const FALSE_SCHEMA: JsonObject = Object.freeze({ not: {} }) as JsonObject;

/** A boolean schema as the equivalent object (true: `{}`, false: `{not: {}}`). */
export function asObjectSchema(schema: unknown): JsonObject {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return FALSE_SCHEMA;
  return isObject(schema) ? schema : {};
}

/** A schema that accepts everything: `true`, `{}`, or nothing but annotations (and `x-` extensions). */
export function acceptsAnything(schema: unknown): boolean {
  return (
    schema === true || (isObject(schema) && Object.keys(schema).every((k) => ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-') || isForeignKeyword(k)))
  );
}

/** A schema that accepts nothing: `{not: {}}` (as `false` reads), `{not: true}`, or `not` of annotations only. */
export function isFalseSchema(schema: JsonObject): boolean {
  return has(schema, 'not') && acceptsAnything(schema.not);
}

/**
 * A schema that accepts nothing, however written: `false`, `{not: {}}`, or an empty `enum`
 * (valid in every draft: no value is one of none). Empty enums are not rewritten to `false`, so
 * that `enum: []` → `enum: ["cat"]` still reads as a value added.
 */
export function acceptsNoValue(schema: unknown): boolean {
  if (schema === false) return true;
  return isObject(schema) && (isFalseSchema(schema) || (Array.isArray(schema.enum) && schema.enum.length === 0));
}
