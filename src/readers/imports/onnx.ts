/**
 * ONNX models (`ModelProto`, protobuf): the graph's inputs (less the weights that old files list
 * as inputs too) and outputs as JSON Schema. The model is walked on the wire (protobuf-scan.ts), so
 * that its weights are stepped over, never loaded; the graph's inputs and outputs are decoded with
 * onnx-proto (protobufjs, no native code).
 * See docs/imports.md for the mapping.
 */
import onnxProto from 'onnx-proto';
import protobuf from 'protobufjs/minimal.js';
import { InputError } from '../../core/errors.js';
import { bufferSource, FileSource, metadataBudget, openFailure, WireError, WireScanner, type ByteSource } from './protobuf-scan.js';
import { ELEMENTS, MAX_RANK, MAX_TYPE_DEPTH, quote, SchemaBuilder, setOwn, toNumber, type Dim, type Schema } from './tensor.js';
import type { ImportedInterface, TensorInfo } from './types.js';

const { onnx } = onnxProto;

/** TensorProto.DataType numbers (onnx.proto, up to ONNX 1.20) → element name and schema. */
export const ONNX_ELEMENT_TYPES: Record<number, { name: string; element: string }> = {
  1: { name: 'FLOAT', element: 'float' },
  2: { name: 'UINT8', element: 'uint8' },
  3: { name: 'INT8', element: 'int8' },
  4: { name: 'UINT16', element: 'uint16' },
  5: { name: 'INT16', element: 'int16' },
  6: { name: 'INT32', element: 'int32' },
  7: { name: 'INT64', element: 'int64' },
  8: { name: 'STRING', element: 'string' },
  9: { name: 'BOOL', element: 'bool' },
  10: { name: 'FLOAT16', element: 'float16' },
  11: { name: 'DOUBLE', element: 'double' },
  12: { name: 'UINT32', element: 'uint32' },
  13: { name: 'UINT64', element: 'uint64' },
  14: { name: 'COMPLEX64', element: 'complex64' },
  15: { name: 'COMPLEX128', element: 'complex128' },
  16: { name: 'BFLOAT16', element: 'bfloat16' },
  17: { name: 'FLOAT8E4M3FN', element: 'float8e4m3fn' },
  18: { name: 'FLOAT8E4M3FNUZ', element: 'float8e4m3fnuz' },
  19: { name: 'FLOAT8E5M2', element: 'float8e5m2' },
  20: { name: 'FLOAT8E5M2FNUZ', element: 'float8e5m2fnuz' },
  21: { name: 'UINT4', element: 'uint4' },
  22: { name: 'INT4', element: 'int4' },
  23: { name: 'FLOAT4E2M1', element: 'float4e2m1' },
  24: { name: 'FLOAT8E8M0', element: 'float8e8m0' },
  25: { name: 'UINT2', element: 'uint2' },
  26: { name: 'INT2', element: 'int2' },
};

/** Map key types: the integer ones and STRING. */
const MAP_KEYS: Record<number, 'signed' | 'unsigned' | 'string'> = {
  2: 'unsigned',
  3: 'signed',
  4: 'unsigned',
  5: 'signed',
  6: 'signed',
  7: 'signed',
  8: 'string',
  12: 'unsigned',
  13: 'unsigned',
};

function elementSchema(name: string): Schema {
  const known = ELEMENTS[name];
  if (known) return known();
  // The 8- and 4-bit float types: numbers, with the ONNX type as the format.
  return { type: 'number', format: name };
}

// Structural views of the decoded messages (onnx-proto's own types name protobufjs' Long).
interface Dimension {
  dimValue?: unknown;
  dimParam?: string | null;
}
interface TensorType {
  elemType?: number | null;
  shape?: { dim?: Dimension[] | null } | null;
}
interface TypeProto {
  tensorType?: TensorType | null;
  sparseTensorType?: TensorType | null;
  sequenceType?: { elemType?: TypeProto | null } | null;
  mapType?: { keyType?: number | null; valueType?: TypeProto | null } | null;
  optionalType?: { elemType?: TypeProto | null } | null;
}
interface ValueInfo {
  name?: string | null;
  type?: TypeProto | null;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

class Converter {
  constructor(
    readonly file: string,
    readonly builder: SchemaBuilder,
  ) {}

  fail(message: string): InputError {
    return new InputError(this.file, message);
  }

  /** The schema of a value type, plus what describes it as a tensor (axes, containers around it). */
  type(
    t: TypeProto | null | undefined,
    label: string,
    depth = 0,
  ): { schema: Schema; optional: boolean; dims: Dim[] | null; wrappers: ('sequence' | 'map')[] } {
    if (!t) throw this.fail(`${label} has no type`);
    if (depth > MAX_TYPE_DEPTH) throw this.fail(`${label.slice(0, 120)}…: types nested more than ${MAX_TYPE_DEPTH} levels deep are not read`);
    if (t.tensorType || t.sparseTensorType) {
      const tt = (t.tensorType ?? t.sparseTensorType)!;
      const elemType = tt.elemType ?? 0;
      const known = ONNX_ELEMENT_TYPES[elemType];
      if (!known) {
        const what = elemType === 0 ? 'UNDEFINED (0)' : `${elemType}`;
        throw this.fail(
          `${label}: unknown ONNX element type ${what}; expected one of ${Object.values(ONNX_ELEMENT_TYPES)
            .map((e) => e.name)
            .join(', ')}`,
        );
      }
      let dims: Dim[] | null = null;
      if (tt.shape) {
        const n = tt.shape.dim?.length ?? 0;
        if (n > MAX_RANK) throw this.fail(`${label}: the tensor has ${n} axes; at most ${MAX_RANK} are read`);
        dims = (tt.shape.dim ?? []).map((d) => {
          if (own(d, 'dimValue') && d.dimValue !== null && d.dimValue !== undefined) {
            const n = toNumber(d.dimValue);
            return Number.isSafeInteger(n) && n >= 0 ? n : null;
          }
          if (typeof d.dimParam === 'string' && d.dimParam !== '') return d.dimParam;
          return null;
        });
      }
      return { schema: this.builder.tensor(elementSchema(known.element), dims, known.element), optional: false, dims, wrappers: [] };
    }
    if (t.sequenceType) {
      const inner = this.type(t.sequenceType.elemType, `${label} (sequence element)`, depth + 1);
      return { schema: { type: 'array', items: inner.schema }, optional: false, dims: inner.dims, wrappers: ['sequence', ...inner.wrappers] };
    }
    if (t.mapType) {
      const keyType = t.mapType.keyType ?? 0;
      const key = MAP_KEYS[keyType];
      if (!key) {
        const known = ONNX_ELEMENT_TYPES[keyType];
        throw this.fail(`${label}: map key type ${known ? known.name : keyType} is not an integer type or STRING`);
      }
      const inner = this.type(t.mapType.valueType, `${label} (map value)`, depth + 1);
      const schema: Schema = { type: 'object', additionalProperties: inner.schema };
      if (key !== 'string') schema.propertyNames = { pattern: key === 'signed' ? '^-?(0|[1-9][0-9]*)$' : '^(0|[1-9][0-9]*)$' };
      return { schema, optional: false, dims: inner.dims, wrappers: ['map', ...inner.wrappers] };
    }
    if (t.optionalType) {
      const inner = this.type(t.optionalType.elemType, `${label} (optional element)`, depth + 1);
      return { schema: { anyOf: [{ type: 'null' }, inner.schema] }, optional: true, dims: inner.dims, wrappers: inner.wrappers };
    }
    throw this.fail(`${label} has a type this reader does not know (not a tensor, sequence, map or optional)`);
  }
}

/**
 * protobufjs's reader for Node Buffers cuts a string that runs past the end of its buffer short
 * instead of failing; since a value info is decoded from its own slice of the file, that would
 * accept a name that overruns its message. This one fails, as protobufjs's other reads do.
 */
class StrictReader extends protobuf.BufferReader {
  override string(): string {
    const length = this.uint32();
    if (length > this.len - this.pos) throw new WireError(`a string of ${length} bytes at byte ${this.pos} runs past the end of its message`);
    const text = (this.buf as Buffer).toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
}

function notOnnx(file: string, why: string): InputError {
  return new InputError(file, `the file is not an ONNX model (${why})`);
}

/** What the importer reads of a model: its IR version and its graph's inputs, outputs and weight names. */
export interface OnnxGraphView {
  irVersion?: unknown;
  graph?: { input?: ValueInfo[] | null; output?: ValueInfo[] | null; initializer?: { name?: string | null }[] | null } | null;
}

/**
 * Bounds on what the scan keeps: a real model's interface is kilobytes; these stop a crafted file
 * from filling memory with inputs or weight names.
 */
export const MAX_ONNX_METADATA_BYTES = 64 * 1024 * 1024;
export const MAX_ONNX_ENTRIES = 1_000_000;

/**
 * Walk ModelProto → GraphProto on the wire and decode only what the importer reads: ir_version
 * (field 1), the graph (7); in the graph the inputs (11) and outputs (12), decoded by protobufjs,
 * and each initializer (5) TensorProto walked only for its name (8), its data (float_data,
 * raw_data, …) stepped over by length. Nodes, value_info and everything else are stepped over.
 * Like protobufjs, a later graph replaces an earlier one and the last ir_version or name wins; a
 * field with an unexpected wire type is an unknown field (as protobuf's own parsers treat it).
 */
function scanModel(s: WireScanner, file: string): OnnxGraphView {
  let irVersion: bigint | undefined;
  let graph: OnnxGraphView['graph'];
  const keep = metadataBudget(file, MAX_ONNX_ENTRIES, MAX_ONNX_METADATA_BYTES, 'the graph lists more inputs, outputs and weights than are read');
  const valueInfo = (end: number): ValueInfo => {
    const n = end - s.pos;
    keep(n);
    const bytes = s.bytes(n, end);
    try {
      return onnx.ValueInfoProto.decode(new StrictReader(bytes)) as unknown as ValueInfo;
    } catch (err) {
      throw new WireError((err as Error).message);
    }
  };
  const tensorName = (end: number): string => {
    let name = '';
    s.fields(end, (field, wire) => {
      if (field !== 8 || wire !== 2) return false;
      const n = s.lengthDelimitedEnd(end) - s.pos;
      keep(n);
      name = s.bytes(n, end).toString('utf8');
      return true;
    });
    return name;
  };
  const scanGraph = (end: number) => {
    const g = { input: [] as ValueInfo[], output: [] as ValueInfo[], initializer: [] as { name: string }[] };
    s.fields(end, (field, wire) => {
      if (wire !== 2 || (field !== 5 && field !== 11 && field !== 12)) return false;
      const fieldEnd = s.lengthDelimitedEnd(end);
      if (field === 5) {
        keep(0);
        g.initializer.push({ name: tensorName(fieldEnd) });
      } else (field === 11 ? g.input : g.output).push(valueInfo(fieldEnd));
      return true;
    });
    return g;
  };
  const size = s.source.size;
  s.fields(size, (field, wire) => {
    if (field === 1 && wire === 0) irVersion = s.int64();
    else if (field === 7 && wire === 2) graph = scanGraph(s.lengthDelimitedEnd(size));
    else return false;
    return true;
  });
  return { irVersion, graph };
}

function scan(source: ByteSource, file: string, chunk?: number): OnnxGraphView {
  try {
    return scanModel(new WireScanner(source, chunk), file);
  } catch (err) {
    if (err instanceof WireError || err instanceof RangeError) throw notOnnx(file, `the protobuf does not decode: ${err.message}`);
    throw err;
  }
}

/** The interface of the model `bytes` (the content of `file`, which names it in errors). */
export function importOnnx(bytes: Uint8Array, file: string): ImportedInterface {
  return interfaceOf(scan(bufferSource(bytes), file), file);
}

/**
 * The interface of the model at `localPath` on disk (`file` names it in errors), read by parts
 * at offsets: memory holds the graph's metadata, never the weights. `chunk` (bytes per read) is
 * for tests.
 */
export function importOnnxFile(localPath: string, file: string, chunk?: number): ImportedInterface {
  let source: FileSource;
  try {
    source = FileSource.open(localPath);
  } catch (err) {
    throw new InputError(file, `cannot read the file: ${openFailure(err)}`);
  }
  try {
    return interfaceOf(scan(source, file, chunk), file);
  } finally {
    source.close();
  }
}

/** The interface from a decoded (or scanned) model. */
export function interfaceOf(model: OnnxGraphView, file: string): ImportedInterface {
  const ir = toNumber(model.irVersion ?? 0);
  if (!(ir > 0 && ir < 1000)) throw notOnnx(file, ir === 0 ? 'no ir_version' : `ir_version ${ir} is not plausible`);
  const graph = model.graph;
  if (!graph) throw notOnnx(file, 'no graph');
  const weights = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const tensors: TensorInfo[] = [];

  const side = (values: ValueInfo[], direction: 'input' | 'output', defaults: ReadonlySet<string> = new Set()): Schema => {
    const builder = new SchemaBuilder();
    const conv = new Converter(file, builder);
    const properties: Schema = {};
    const required: string[] = [];
    values.forEach((v, i) => {
      const where = `graph.${direction}[${i}]`;
      if (typeof v.name !== 'string' || v.name === '') throw notOnnx(file, `${where} has no name`);
      const label = `${direction} ${quote(v.name)}`;
      if (!v.type) throw notOnnx(file, `${where} (${quote(v.name)}) has no type`);
      if (own(properties, v.name)) throw new InputError(file, `${label} is listed twice in graph.${direction}`);
      const t = conv.type(v.type, label);
      setOwn(properties, v.name, t.schema);
      const hasDefault = defaults.has(v.name);
      if (!t.optional && !hasDefault) required.push(v.name);
      tensors.push({
        direction,
        name: v.name,
        dims: t.dims,
        ...(t.wrappers.length > 0 ? { wrappers: t.wrappers } : {}),
        ...(hasDefault ? { hasDefault: true } : {}),
      });
    });
    return builder.namedTensors(properties, required, direction);
  };
  // IR 3 and older list every weight (initializer) as a graph input too: not fed by callers, left
  // out. From IR 4 on, initializers need not be inputs, so one that is listed as an input is an
  // input with a default value (the initializer), which callers may leave out or override: the
  // usual way to make an input optional. Its value is not needed (and not decoded), only its
  // existence.
  const withDefaults = ir >= 4;
  const inputs = withDefaults ? (graph.input ?? []) : (graph.input ?? []).filter((v) => !weights.has(v.name ?? ''));
  if ((graph.output ?? []).length === 0) throw notOnnx(file, 'the graph has no outputs');
  const input = side(inputs, 'input', withDefaults ? weights : undefined);
  const output = side(graph.output ?? [], 'output');
  return { kind: 'onnx', input, output, tensors };
}
