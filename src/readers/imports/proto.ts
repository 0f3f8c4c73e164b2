/**
 * Protocol Buffers messages (a gRPC service's request and response) as JSON Schema (draft
 * 2020-12), by the proto3 JSON mapping (https://protobuf.dev/programming-guides/json/): the JSON a
 * gRPC-JSON gateway or `MessageToJson`/`Parse` exchanges. Parsed with protobufjs.
 *
 * Direction matters, as in the mapping itself: an output is what a printer writes (64-bit
 * integers as strings, enums as names, lowerCamelCase names), an input what a parser accepts
 * (numbers or strings for integers, enum names or numbers, both field names, no unknown fields).
 * See docs/imports.md, "Protobuf".
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import { InputError } from '../../core/errors.js';
import { resolveInside } from '../../core/paths.js';
import { DRAFT_2020_12, quote, setOwn, type Schema } from './tensor.js';
import type { ImportedInterface } from './types.js';

export interface ProtoSelector {
  /** The request message, by name or full name (`inference.ModelInferRequest`). */
  input: string;
  /** The response message. */
  output: string;
}

/** Where the `.proto` file is, and how other files of the repository are read for its imports. */
export interface ProtoFiles {
  /** The file's repository-relative path: imports resolve against its folder, then the repository root. */
  rel: string;
  read(rel: string): Promise<Uint8Array | null>;
  display(rel: string): string;
}

/** Imported files read at most (the entry file included). */
export const MAX_PROTO_FILES = 64;
/** Nesting of braces (messages in messages, options) refused beyond this: the parser recurses. */
const MAX_NESTING = 64;
const WKT_PREFIX = 'google/protobuf/';

type Direction = 'input' | 'output';

const INT_PATTERN = '^-?[0-9]+$';
const UINT_PATTERN = '^[0-9]+$';

/** A scalar field type by the proto3 JSON mapping. */
function scalar(type: string, direction: Direction): Schema | undefined {
  const lenient = direction === 'input';
  const int32 = (format: string, min: number, max: number, pattern: string): Schema =>
    // Parsers accept a number or a decimal string; printers write a number.
    lenient ? { type: ['integer', 'string'], format, minimum: min, maximum: max, pattern } : { type: 'integer', format, minimum: min, maximum: max };
  const int64 = (format: string, pattern: string): Schema =>
    // Printers write a decimal string (a JSON number would lose precision); parsers take either.
    lenient ? { type: ['integer', 'string'], format, pattern, ...(format === 'uint64' ? { minimum: 0 } : {}) } : { type: 'string', format, pattern };
  const float = (format: string): Schema => ({
    type: ['number', 'string'],
    format,
    // NaN and ±Infinity have no JSON number: they are the strings "NaN", "Infinity", "-Infinity".
    pattern: lenient ? '^(NaN|-?Infinity|-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)$' : '^(NaN|-?Infinity)$',
  });
  switch (type) {
    case 'double':
      return float('double');
    case 'float':
      return float('float');
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return int32('int32', -2147483648, 2147483647, INT_PATTERN);
    case 'uint32':
    case 'fixed32':
      return int32('uint32', 0, 4294967295, UINT_PATTERN);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return int64('int64', INT_PATTERN);
    case 'uint64':
    case 'fixed64':
      return int64('uint64', UINT_PATTERN);
    case 'bool':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'bytes':
      return { type: 'string', contentEncoding: 'base64' };
    default:
      return undefined;
  }
}

const WRAPPERS: Record<string, string> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

/** Well-known types have their own JSON forms; undefined for any other message. */
function wellKnown(fullName: string, direction: Direction): Schema | undefined {
  const wrapped = WRAPPERS[fullName];
  if (wrapped) {
    const s = scalar(wrapped, direction)!;
    const types = Array.isArray(s.type) ? s.type : [s.type];
    return { ...s, type: [...types, 'null'] };
  }
  switch (fullName) {
    case 'google.protobuf.Timestamp':
      return { type: 'string', format: 'date-time' };
    case 'google.protobuf.Duration':
      return { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$' };
    case 'google.protobuf.Struct':
      return { type: 'object' };
    case 'google.protobuf.Value':
      return {};
    case 'google.protobuf.ListValue':
      return { type: 'array' };
    case 'google.protobuf.Empty':
      return { type: 'object', additionalProperties: false };
    case 'google.protobuf.FieldMask':
      return { type: 'string' };
    case 'google.protobuf.Any':
      return { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'] };
    default:
      return undefined;
  }
}

/** protoc's default JSON name: underscores dropped, the letter after each upper-cased. */
export function jsonName(field: protobuf.Field): string {
  const explicit = (field.options as Record<string, unknown> | undefined)?.json_name;
  if (typeof explicit === 'string') return explicit;
  return field.name.replace(/_+([a-zA-Z0-9]?)/g, (_, c: string) => c.toUpperCase());
}

class Mapper {
  readonly defs: Schema = {};
  private readonly pending: protobuf.Type[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly direction: Direction) {}

  defName(type: protobuf.Type): string {
    return type.fullName.replace(/^\./, '');
  }

  ref(type: protobuf.Type): Schema {
    const name = this.defName(type);
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.pending.push(type);
    }
    return { $ref: `#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
  }

  enumSchema(e: protobuf.Enum): Schema {
    if (e.fullName === '.google.protobuf.NullValue') return { type: 'null' };
    const names = Object.keys(e.values);
    if (this.direction === 'output') return { type: 'string', enum: names };
    return { type: ['string', 'integer'], enum: [...names, ...[...new Set(Object.values(e.values))]] };
  }

  /** The schema of one value of the field's type (not repeated, not a map). */
  value(field: protobuf.Field, typeName: string, resolved: protobuf.ReflectionObject | null): Schema {
    const s = scalar(typeName, this.direction);
    if (s) return s;
    if (resolved instanceof protobuf.Enum) return this.enumSchema(resolved);
    if (resolved instanceof protobuf.Type) return wellKnown(this.defName(resolved), this.direction) ?? this.ref(resolved);
    throw new Error(`field ${field.fullName}: unknown type ${typeName}`);
  }

  field(field: protobuf.Field): Schema {
    if (field instanceof protobuf.MapField) {
      // Map keys are JSON object keys: integers and booleans written as strings.
      const intKey = /^(u|fixed)/.test(field.keyType) ? UINT_PATTERN : /int|fixed/.test(field.keyType) ? INT_PATTERN : undefined;
      return {
        type: 'object',
        additionalProperties: this.value(field, field.type, field.resolvedType),
        ...(field.keyType === 'bool' ? { propertyNames: { enum: ['true', 'false'] } } : intKey ? { propertyNames: { pattern: intKey } } : {}),
      };
    }
    const one = this.value(field, field.type, field.resolvedType);
    return field.repeated ? { type: 'array', items: one } : one;
  }

  message(type: protobuf.Type): Schema {
    const properties: Schema = {};
    const required: string[] = [];
    const names = new Map<protobuf.Field, string[]>();
    for (const f of type.fieldsArray) {
      const json = jsonName(f);
      // Parsers accept the original field name too; printers write the JSON name only.
      const keys = this.direction === 'input' && f.name !== json ? [json, f.name] : [json];
      names.set(f, keys);
      const schema = this.field(f);
      for (const k of keys) setOwn(properties, k, schema);
      // proto2 `required`; proto3 has none. With two accepted names neither alone is required.
      if (f.required && keys.length === 1) required.push(json);
    }
    const out: Schema = { type: 'object', properties };
    if (required.length > 0) out.required = required;
    // A oneof: at most one of its fields is set (synthetic oneofs of proto3 `optional` have one).
    const dependent: Schema = {};
    for (const o of type.oneofsArray) {
      if (o.fieldsArray.length < 2) continue;
      for (const f of o.fieldsArray) {
        const others: Schema = {};
        for (const g of o.fieldsArray) if (g !== f) for (const k of names.get(g) ?? []) setOwn(others, k, false);
        for (const k of names.get(f) ?? []) setOwn(dependent, k, { properties: others });
      }
    }
    if (Object.keys(dependent).length > 0) out.dependentSchemas = dependent;
    // Parsers refuse unknown fields unless told to ignore them: a request is closed.
    if (this.direction === 'input') out.additionalProperties = false;
    return out;
  }

  document(root: protobuf.Type): Schema {
    const top = wellKnown(this.defName(root), this.direction) ?? this.message(root);
    for (let t = this.pending.shift(); t !== undefined; t = this.pending.shift()) setOwn(this.defs, this.defName(t), this.message(t));
    return { $schema: DRAFT_2020_12, ...top, ...(Object.keys(this.defs).length > 0 ? { $defs: this.defs } : {}) };
  }
}

/** Comments and string literals blanked, to count braces and find import lines. */
function blank(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

function checkNesting(text: string, file: string): void {
  let depth = 0;
  let line = 1;
  for (const ch of blank(text)) {
    if (ch === '\n') line++;
    else if (ch === '{') {
      if (++depth > MAX_NESTING)
        throw new InputError(file, `declarations are nested more than ${MAX_NESTING} levels deep; at most ${MAX_NESTING} are read`, { line });
    } else if (ch === '}') depth--;
  }
}

function lineOf(text: string, spec: string): number | undefined {
  const i = text.search(new RegExp(`import\\s+(weak\\s+|public\\s+)?["']${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`));
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

function decode(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, 'the file is not UTF-8 text; expected a .proto file');
  }
}

/** Find a message by full name (`pkg.Msg`, `.pkg.Msg`) or, when unambiguous, by its own name. */
function findMessage(root: protobuf.Root, name: string, entry: string, role: string): protobuf.Type {
  const all: protobuf.Type[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type) all.push(o);
      if (o instanceof protobuf.Namespace || o instanceof protobuf.Type) walk(o as protobuf.NamespaceBase);
    }
  };
  walk(root);
  const full = name.replace(/^\./, '');
  const exact = all.filter((t) => t.fullName.slice(1) === full);
  if (exact.length === 1) return exact[0]!;
  const byName = all.filter((t) => t.name === full || t.fullName.endsWith(`.${full}`));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    throw new InputError(
      entry,
      `the ${role} message ${quote(name)} is ambiguous: ${byName.map((t) => t.fullName.slice(1)).join(', ')}; give its full name`,
    );
  const known = all.filter((t) => !t.fullName.startsWith('.google.protobuf.')).map((t) => t.fullName.slice(1));
  throw new InputError(
    entry,
    `no message ${quote(name)} (the ${role}); the file declares ${known.length ? known.slice(0, 20).join(', ') + (known.length > 20 ? ', …' : '') : 'no messages'}`,
  );
}

export async function importProto(bytes: Uint8Array, files: ProtoFiles, selector: ProtoSelector): Promise<ImportedInterface> {
  const entry = files.display(files.rel);
  const root = new protobuf.Root();
  const loaded = new Set<string>();
  const queue: { rel: string; bytes: Uint8Array }[] = [{ rel: files.rel, bytes }];
  loaded.add(files.rel);
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const display = files.display(item.rel);
    const text = decode(item.bytes, display);
    checkNesting(text, display);
    let parsed: protobuf.IParserResult;
    try {
      parsed = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: true });
    } catch (err) {
      const message = String((err as Error)?.message ?? err);
      const line = /line (\d+)/.exec(message)?.[1];
      throw new InputError(display, `not a valid .proto file: ${message}`, line ? { line: Number(line) } : {});
    }
    for (const spec of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (spec.startsWith(WKT_PREFIX) && protobuf.common.get(spec)) {
        if (!loaded.has(spec)) {
          loaded.add(spec);
          root.addJSON(protobuf.common.get(spec)!.nested!);
        }
        continue;
      }
      const at = { line: lineOf(text, spec) };
      const dir = path.posix.dirname(item.rel) === '.' ? '' : path.posix.dirname(item.rel);
      // protoc resolves imports against its include paths; here: the importing file's folder, then the repository root.
      let found: { rel: string; bytes: Uint8Array } | undefined;
      for (const base of dir === '' ? [''] : [dir, '']) {
        const rel = resolveInside(base, spec);
        if (typeof rel !== 'string') throw new InputError(display, `import ${quote(spec)}: ${rel.error}`, at);
        if (loaded.has(rel)) {
          found = { rel, bytes: new Uint8Array() };
          break;
        }
        const content = await files.read(rel);
        if (content !== null) {
          found = { rel, bytes: content };
          break;
        }
      }
      if (!found)
        throw new InputError(
          display,
          `import ${quote(spec)}: no such file in the repository (looked beside the file and at the repository root)`,
          at,
        );
      if (loaded.has(found.rel)) continue;
      if (loaded.size >= MAX_PROTO_FILES)
        throw new InputError(entry, `the .proto file imports more than ${MAX_PROTO_FILES} files; at most ${MAX_PROTO_FILES} are read`);
      loaded.add(found.rel);
      queue.push(found);
    }
  }
  try {
    root.resolveAll();
  } catch (err) {
    throw new InputError(entry, `the .proto files do not resolve: ${String((err as Error)?.message ?? err)}`);
  }
  const input = findMessage(root, selector.input, entry, 'input');
  const output = findMessage(root, selector.output, entry, 'output');
  return { kind: 'proto', input: new Mapper('input').document(input), output: new Mapper('output').document(output), tensors: [] };
}
