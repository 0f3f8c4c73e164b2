/**
 * OpenAPI 3.0 / 3.1 documents: one operation (path + method) of a model service, its JSON request
 * body as the input schema and its JSON success response as the output schema (draft 2020-12).
 * See docs/imports.md, "OpenAPI".
 *
 * The document is checked against the OpenAPI specification by @apidevtools/swagger-parser with
 * external resolution off: a pull request's document never makes the gate read another file or
 * the network. Schema references are not expanded: `#/components/schemas/X` becomes `#/$defs/X`
 * in the imported document, so recursive models stay finite; any other reference is refused.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from '../../analysers/interface/keywords.js';
import { InputError } from '../../core/errors.js';
import { isObject, type JsonObject } from '../../core/json.js';
import { joinPointer, parsePointer } from '../../core/pointer.js';
import { parseDocument, type ParsedDocument } from '../document.js';
import { DRAFT_2020_12, describe, quote, setOwn, type Schema } from './tensor.js';
import type { ImportedInterface } from './types.js';

export interface OpenapiSelector {
  /** The operation's path, as written under `paths` (e.g. `/api/v2/predict`). */
  path: string;
  /** HTTP method, lower case; default `post`. */
  method?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Nested schemas deeper than this are refused (a document is data from a pull request). */
const MAX_SCHEMA_DEPTH = 64;
/** Chains of `$ref` between request bodies / responses longer than this are refused. */
const MAX_REF_CHAIN = 16;
const SCHEMAS_PREFIX = '#/components/schemas/';

/** Keywords whose value maps names to subschemas: the analyser's, but for draft-07 `dependencies` (lists of names beside schemas), which OpenAPI does not have. */
const MAP = [...SCHEMA_MAP_KEYWORDS].filter((k) => k !== 'dependencies');
/** OpenAPI-only annotations with no JSON Schema meaning; dropped so they never show as changes. */
const DROPPED = new Set(['example', 'xml', 'externalDocs', 'discriminator', 'nullable']);

class Converter {
  readonly defs: Schema = {};
  private readonly pending: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly doc: ParsedDocument,
    readonly root: JsonObject,
    readonly dialect30: boolean,
  ) {}

  fail(pointer: string, message: string): InputError {
    return new InputError(this.doc.file, message, { ...this.doc.locate(pointer), pointer });
  }

  /** Convert the schema found at `pointer` in the document to 2020-12. */
  schema(value: unknown, pointer: string, depth = 0): unknown {
    if (typeof value === 'boolean') return value;
    if (!isObject(value)) throw this.fail(pointer, `expected a schema (a mapping), got ${describe(value)}`);
    if (depth > MAX_SCHEMA_DEPTH)
      throw this.fail(pointer, `schemas are nested more than ${MAX_SCHEMA_DEPTH} levels deep; at most ${MAX_SCHEMA_DEPTH} are read`);
    // OpenAPI 3.0 ignores the siblings of $ref; 3.1 (JSON Schema 2020-12) applies them.
    if (typeof value.$ref === 'string' && this.dialect30) return { $ref: this.ref(value.$ref, `${pointer}/$ref`) };
    const out: Schema = {};
    for (const [key, v] of Object.entries(value)) {
      const at = joinPointer(pointer, key);
      if (key === '$ref') setOwn(out, key, this.ref(v as string, at));
      else if (DROPPED.has(key) && this.dialect30) continue;
      else if (SCHEMA_KEYWORDS.has(key) && (isObject(v) || typeof v === 'boolean')) setOwn(out, key, this.schema(v, at, depth + 1));
      else if (key === 'items' && Array.isArray(v)) {
        // Draft-04-style tuple `items` (not valid OpenAPI, but written): the 2020-12 spelling.
        setOwn(
          out,
          'prefixItems',
          v.map((s, i) => this.schema(s, `${at}/${i}`, depth + 1)),
        );
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(v))
        setOwn(
          out,
          key,
          v.map((s, i) => this.schema(s, `${at}/${i}`, depth + 1)),
        );
      else if (MAP.includes(key) && isObject(v)) {
        const m: Schema = {};
        for (const [name, s] of Object.entries(v)) setOwn(m, name, this.schema(s, joinPointer(at, name), depth + 1));
        setOwn(out, key === 'definitions' ? '$defs' : key, m);
      } else setOwn(out, key, v);
    }
    if (this.dialect30) this.dialect(value, out);
    return out;
  }

  /** OpenAPI 3.0's schema dialect (a draft-04/05 subset) in 2020-12 words. */
  private dialect(src: JsonObject, out: Schema): void {
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof src[flag] !== 'boolean') continue;
      delete out[flag];
      if (src[flag] === true && typeof src[bound] === 'number') {
        out[flag] = src[bound];
        delete out[bound];
      }
    }
    if (src.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      if (out.type === undefined && out.enum === undefined) {
        // No `type` to extend (a bare allOf/anyOf): null or the rest.
        const rest = { ...out };
        for (const k of Object.keys(out)) delete out[k];
        out.anyOf = [{ type: 'null' }, rest];
      }
    }
  }

  /** A schema `$ref` of the document, as a reference into the imported document's `$defs`. */
  private ref(ref: unknown, pointer: string): string {
    if (typeof ref !== 'string') throw this.fail(pointer, `"$ref" must be a string, got ${describe(ref)}`);
    if (!ref.startsWith('#')) {
      throw this.fail(
        pointer,
        `the reference ${quote(ref)} points outside the document; only references inside it (#/components/schemas/…) are read, never other files or URLs`,
      );
    }
    if (!ref.startsWith(SCHEMAS_PREFIX))
      throw this.fail(pointer, `the schema reference ${quote(ref)} does not point into #/components/schemas; only those are read`);
    let tokens: string[];
    try {
      tokens = parsePointer(ref.slice(1));
    } catch {
      throw this.fail(pointer, `the reference ${quote(ref)} is not a valid JSON Pointer`);
    }
    const name = tokens[2];
    if (name === undefined || name === '') throw this.fail(pointer, `the reference ${quote(ref)} names no schema`);
    const schemas = (this.root.components as JsonObject | undefined)?.schemas;
    if (!isObject(schemas) || !Object.prototype.hasOwnProperty.call(schemas, name))
      throw this.fail(pointer, `the reference ${quote(ref)} points to no schema: #/components/schemas has no ${quote(name)}`);
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.pending.push(name);
    }
    return joinPointer('#/$defs', name) + (tokens.length > 3 ? '/' + ref.slice(1).split('/').slice(4).join('/') : '');
  }

  /** Convert every component schema reached so far (and those they reach), into `defs`. */
  drain(): void {
    const schemas = (this.root.components as JsonObject).schemas as JsonObject;
    for (let name = this.pending.shift(); name !== undefined; name = this.pending.shift()) {
      setOwn(this.defs, name, this.schema(schemas[name], joinPointer('/components/schemas', name)));
    }
  }

  /** Follow `$ref`s between request bodies / responses (`#/components/requestBodies/x`). */
  deref(value: unknown, pointer: string): { value: unknown; pointer: string } {
    for (let i = 0; i <= MAX_REF_CHAIN; i++) {
      if (!isObject(value) || typeof value.$ref !== 'string') return { value, pointer };
      const ref = value.$ref;
      if (!ref.startsWith('#/'))
        throw this.fail(
          `${pointer}/$ref`,
          `the reference ${quote(ref)} points outside the document; only references inside it are read, never other files or URLs`,
        );
      let target: unknown = this.root;
      try {
        for (const t of parsePointer(ref.slice(1)))
          target = isObject(target) && Object.prototype.hasOwnProperty.call(target, t) ? target[t] : undefined;
      } catch {
        target = undefined;
      }
      if (target === undefined) throw this.fail(`${pointer}/$ref`, `the reference ${quote(ref)} points to nothing in the document`);
      value = target;
      pointer = ref.slice(1);
    }
    throw this.fail(pointer, `more than ${MAX_REF_CHAIN} references in a row`);
  }

  /** The application/json schema of a request body or response, or undefined when it has none. */
  json(holder: unknown, pointer: string): { schema: unknown; pointer: string } | undefined {
    const { value, pointer: at } = this.deref(holder, pointer);
    if (!isObject(value) || !isObject(value.content)) return undefined;
    const type =
      Object.keys(value.content).find((t) => /^application\/json\s*(;|$)/i.test(t)) ??
      Object.keys(value.content).find((t) => /^application\/[^;]*\+json\s*(;|$)/i.test(t));
    if (type === undefined) return undefined;
    const media = (value.content as JsonObject)[type];
    const mediaAt = joinPointer(`${at}/content`, type);
    if (!isObject(media) || !('schema' in media)) return { schema: true, pointer: mediaAt };
    return { schema: media.schema, pointer: `${mediaAt}/schema` };
  }
}

/** The success response of an operation: 200, else the lowest other 2xx code, else 2XX, else default. */
function successCode(responses: JsonObject): string | undefined {
  const codes = Object.keys(responses);
  if (codes.includes('200')) return '200';
  const twos = codes.filter((c) => /^2\d\d$/.test(c)).sort();
  if (twos.length > 0) return twos[0];
  return codes.find((c) => c.toUpperCase() === '2XX') ?? (codes.includes('default') ? 'default' : undefined);
}

async function validateSpec(doc: ParsedDocument, root: JsonObject): Promise<void> {
  try {
    // External resolution off: `$ref`s to files or URLs are left alone here, and refused below.
    await SwaggerParser.validate(structuredClone(root) as never, { resolve: { external: false, file: false, http: false } } as never);
  } catch (err) {
    const details = (err as { details?: { instancePath?: string; message?: string; params?: JsonObject }[] }).details;
    const first = Array.isArray(details) ? details[0] : undefined;
    if (first && typeof first.instancePath === 'string') {
      const pointer = first.instancePath;
      const extra = first.params && typeof first.params.additionalProperty === 'string' ? ` (${quote(first.params.additionalProperty)})` : '';
      throw new InputError(doc.file, `not a valid OpenAPI document: ${pointer || '/'} ${first.message ?? 'is invalid'}${extra}`, {
        ...doc.locate(pointer),
        pointer,
      });
    }
    const message = String((err as Error)?.message ?? err).split('\n')[0];
    throw new InputError(doc.file, `not a valid OpenAPI document: ${message}`);
  }
}

export async function importOpenapi(bytes: Uint8Array, file: string, selector: OpenapiSelector): Promise<ImportedInterface> {
  const doc = parseDocument(bytes, file);
  const root = doc.value as JsonObject;
  const version = root.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+/.test(version)) {
    if (typeof root.swagger === 'string')
      throw new InputError(
        file,
        `the file is a Swagger ${root.swagger} document; only OpenAPI 3.0 and 3.1 are read (convert it, e.g. with swagger2openapi)`,
        { ...doc.locate('/swagger'), pointer: '/swagger' },
      );
    throw new InputError(
      file,
      `expected an OpenAPI 3.0 or 3.1 document ("openapi": "3.x.y"), got ${'openapi' in root ? describe(version) : 'no "openapi" field'}`,
      {
        ...doc.locate('/openapi'),
        pointer: '/openapi',
      },
    );
  }
  await validateSpec(doc, root);
  const conv = new Converter(doc, root, version.startsWith('3.0'));
  const method = (selector.method ?? 'post').toLowerCase();
  const paths = isObject(root.paths) ? root.paths : {};
  if (!Object.prototype.hasOwnProperty.call(paths, selector.path)) {
    const known = Object.keys(paths);
    throw new InputError(
      file,
      `the document has no path ${quote(selector.path)}; ${known.length === 0 ? 'it declares no paths' : `it declares ${known.slice(0, 20).map(quote).join(', ')}${known.length > 20 ? ', …' : ''}`}`,
      { ...doc.locate('/paths'), pointer: '/paths' },
    );
  }
  const pathAt = joinPointer('/paths', selector.path);
  const { value: item, pointer: itemAt } = conv.deref(paths[selector.path], pathAt);
  const operation = isObject(item) ? item[method] : undefined;
  if (!METHODS.includes(method) || !isObject(operation)) {
    const known = isObject(item) ? METHODS.filter((m) => isObject(item[m])) : [];
    throw new InputError(
      file,
      `the path ${quote(selector.path)} has no ${method.toUpperCase()} operation; it has ${known.length ? known.map((m) => m.toUpperCase()).join(', ') : 'none'}`,
      {
        ...doc.locate(itemAt),
        pointer: itemAt,
      },
    );
  }
  const opAt = `${itemAt}/${method}`;

  // No JSON request body: nothing is declared about the input (the schema `true`).
  const body = 'requestBody' in operation ? conv.json(operation.requestBody, `${opAt}/requestBody`) : undefined;
  if ('requestBody' in operation && body === undefined) {
    throw conv.fail(
      `${opAt}/requestBody`,
      `the request body of ${method.toUpperCase()} ${selector.path} has no application/json content; only JSON bodies are read`,
    );
  }
  const responses = isObject(operation.responses) ? operation.responses : {};
  const code = successCode(responses);
  if (code === undefined)
    throw conv.fail(`${opAt}/responses`, `${method.toUpperCase()} ${selector.path} declares no success response (200, another 2xx, 2XX or default)`);
  const response = conv.json(responses[code], joinPointer(`${opAt}/responses`, code));

  // Each side gets only the component schemas it reaches, as `$defs`.
  const side = (found: { schema: unknown; pointer: string } | undefined): Schema | boolean => {
    if (found === undefined) return true;
    const c = new Converter(doc, root, conv.dialect30);
    const s = c.schema(found.schema, found.pointer);
    c.drain();
    const hasDefs = Object.keys(c.defs).length > 0;
    if (typeof s === 'boolean' && !hasDefs) return s;
    const base: Schema = typeof s === 'boolean' ? (s ? {} : { not: {} }) : (s as Schema);
    const out: Schema = { $schema: DRAFT_2020_12, ...base };
    if (hasDefs) out.$defs = { ...((base.$defs as Schema | undefined) ?? {}), ...c.defs };
    return out;
  };
  return { kind: 'openapi', input: side(body), output: side(response), tensors: [] };
}
