import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { ANNOTATION_KEYWORDS } from './keywords.js';

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

/** Every `$ref` string in a document, with its pointer; iterative, so deep documents cannot overflow the stack. */
export function collectRefs(root: unknown): { pointer: string; ref: string }[] {
  const out: { pointer: string; ref: string }[] = [];
  const stack: { v: unknown; p: string; underData: boolean }[] = [{ v: root, p: '', underData: false }];
  while (stack.length) {
    const { v, p, underData } = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, p: `${p}/${i}`, underData }));
    else if (isObject(v)) {
      if (!underData && typeof v.$ref === 'string') out.push({ pointer: `${p}/$ref`, ref: v.$ref });
      for (const k of Object.keys(v)) {
        // Values of enum, const, default and examples are data, not schemas.
        const data = underData || k === 'enum' || k === 'const' || k === 'default' || k === 'examples';
        stack.push({ v: v[k], p: `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, underData: data });
      }
    }
  }
  return out.reverse();
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
  return schema === true || (isObject(schema) && Object.keys(schema).every((k) => ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-')));
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
