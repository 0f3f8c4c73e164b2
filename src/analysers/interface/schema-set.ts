import type { JsonObject } from '../../core/json.js';
import { has, isObject } from '../../core/json.js';
import { getAtPointer } from '../../core/pointer.js';
import { resolveInside } from '../../readers/tree.js';

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

export type RefTarget = { at: SchemaAt; value: unknown } | { error: string };

/** Where `$ref` (written in document `from`) points; pure lookup in the already-read documents. */
export function resolveRef(set: SchemaSet, from: SchemaDoc, ref: string): RefTarget {
  const hash = ref.indexOf('#');
  const filePart = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : decodeURIComponent(ref.slice(hash + 1));
  let doc = from;
  if (filePart !== '') {
    const rel = resolveInside(from.dir, filePart);
    if (typeof rel !== 'string') return { error: rel.error };
    const target = set.docs[rel];
    if (!target) return { error: `"${filePart}" was not read` };
    doc = target;
  }
  if (fragment === '' || fragment.startsWith('/')) {
    const found = getAtPointer(doc.value, fragment);
    if (!found.found) return { error: `"${ref}" points at nothing: ${fragment || '/'} does not exist in ${doc.id}` };
    return { at: { doc: doc.id, pointer: fragment }, value: found.value };
  }
  const anchor = findAnchor(doc.value, fragment);
  if (anchor === undefined) return { error: `"${ref}": no $anchor "${fragment}" in ${doc.id}` };
  return { at: { doc: doc.id, pointer: anchor.pointer }, value: anchor.value };
}

function findAnchor(root: unknown, name: string): { pointer: string; value: unknown } | undefined {
  const stack: { v: unknown; p: string }[] = [{ v: root, p: '' }];
  while (stack.length) {
    const { v, p } = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, p: `${p}/${i}` }));
    else if (isObject(v)) {
      if (v.$anchor === name) return { pointer: p, value: v };
      for (const k of Object.keys(v)) stack.push({ v: v[k], p: `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  }
  return undefined;
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

/** A schema that accepts nothing. */
export function isFalseSchema(schema: JsonObject): boolean {
  return has(schema, 'not') && isObject(schema.not) && Object.keys(schema.not).length === 0;
}
