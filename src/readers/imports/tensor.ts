/**
 * What the three importers share: element schemas for the numeric types of ONNX, numpy and the
 * Open Inference Protocol, and tensors as nested arrays (one array level per axis).
 */
import type { JsonObject } from '../../core/json.js';
import { escapeToken } from '../../core/pointer.js';

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export type Schema = JsonObject;

/** Tensors with more axes, and types nested deeper, are refused with an error (real models stay far below). */
export const MAX_RANK = 64;
export const MAX_TYPE_DEPTH = 64;
/** One axis: a fixed length, a symbolic name (free length) or null (free length, no name). */
export type Dim = number | string | null;

/** Inclusive value ranges of the integer types; none for int32/int64, whose `format` already bounds them. */
const INTEGER_RANGES: Record<string, [number, number | undefined]> = {
  int2: [-2, 1],
  int4: [-8, 7],
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint2: [0, 3],
  uint4: [0, 15],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  // 2^64 - 1 is not a JavaScript number: only the lower bound.
  uint64: [0, undefined],
};

/** `{type: integer, format}` plus `minimum`/`maximum` for the types narrower than int32 and the unsigned ones. */
export function integer(format: string): Schema {
  const range = INTEGER_RANGES[format];
  const s: Schema = { type: 'integer', format };
  if (range) {
    s.minimum = range[0];
    if (range[1] !== undefined) s.maximum = range[1];
  }
  return s;
}

export function number(format?: string): Schema {
  return format === undefined ? { type: 'number' } : { type: 'number', format };
}

/**
 * A complex number: the pair [real, imaginary], each of the given float format. `x-complex`
 * tells it from a real tensor's last axis of length 2, which JSON carries the same way but a
 * runtime types differently (the rule complex-type-changed compares it).
 */
export function complex(format: 'float' | 'double'): Schema {
  return { type: 'array', items: number(format), minItems: 2, maxItems: 2, 'x-complex': true };
}

/** Element types common to ONNX and the V2 protocol, by a lower-case name. */
export const ELEMENTS: Record<string, () => Schema> = {
  bool: () => ({ type: 'boolean' }),
  int2: () => integer('int2'),
  int4: () => integer('int4'),
  int8: () => integer('int8'),
  int16: () => integer('int16'),
  int32: () => integer('int32'),
  int64: () => integer('int64'),
  uint2: () => integer('uint2'),
  uint4: () => integer('uint4'),
  uint8: () => integer('uint8'),
  uint16: () => integer('uint16'),
  uint32: () => integer('uint32'),
  uint64: () => integer('uint64'),
  float16: () => number('float16'),
  bfloat16: () => number('bfloat16'),
  float: () => number('float'),
  double: () => number('double'),
  string: () => ({ type: 'string' }),
  complex64: () => complex('float'),
  complex128: () => complex('double'),
};

/**
 * Builds one interface document: keeps the `$defs` that tensors of unknown rank need (a
 * recursive "element, or an array of these"), shared by element type.
 */
export class SchemaBuilder {
  readonly defs: Record<string, Schema> = {};

  /** A tensor as nested arrays: axis 0 outermost; a fixed length is `minItems == maxItems`. `dims` null: rank unknown. */
  tensor(element: Schema, dims: Dim[] | null, elementName: string): Schema {
    if (dims === null) return this.anyRank(element, elementName);
    let s = element;
    for (let i = dims.length - 1; i >= 0; i--) {
      const d = dims[i];
      s = typeof d === 'number' ? { type: 'array', items: s, minItems: d, maxItems: d } : { type: 'array', items: s };
    }
    return s;
  }

  /** A tensor of unknown rank: a scalar of the element type, or an array of such tensors, to any depth. */
  anyRank(element: Schema, elementName: string): Schema {
    if (Object.keys(element).length === 0) return {};
    const name = `any-rank-${elementName}`;
    const ref = { $ref: `#/$defs/${escapeToken(name)}` };
    if (!(name in this.defs)) {
      const t = element.type;
      this.defs[name] =
        typeof t === 'string' && t !== 'array' ? { ...element, type: [t, 'array'], items: ref } : { anyOf: [element, { type: 'array', items: ref }] };
    }
    return ref;
  }

  /** The finished document: `$schema` first, `$defs` last when any were needed. */
  document(body: Schema): Schema {
    const doc: Schema = { $schema: DRAFT_2020_12, ...body };
    if (Object.keys(this.defs).length > 0) doc.$defs = { ...this.defs };
    return doc;
  }

  /**
   * One side of a tensor runtime's interface (ONNX, KServe V2, Triton, SavedModel): an object of
   * the named tensors, each required. Inputs are closed, since the runtimes refuse a request with a
   * tensor they do not declare; consumers read outputs by name, so outputs stay open.
   */
  namedTensors(properties: Schema, required: string[], direction: 'input' | 'output'): Schema {
    return this.document({
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(direction === 'input' ? { additionalProperties: false } : {}),
    });
  }
}

/** An int64 field from protobufjs: a number, or a Long when the `long` package is loaded. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return NaN;
}

/** `"name"` for messages, JSON-quoted so odd characters show. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/** A value found where another was expected, for messages: `the string "x"`, `a list`, `number -2`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${quote(v)}`;
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

/** `obj[key] = value` as an own property, also for keys such as `__proto__` (a column may be called anything). */
export function setOwn(obj: Schema, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
