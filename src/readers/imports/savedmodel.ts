/**
 * TensorFlow SavedModels (`saved_model.pb`: a `SavedModel` protobuf): the inputs and outputs of
 * one serving signature (a `SignatureDef`) as JSON Schema, in the convention of TensorFlow
 * Serving's REST API and of the Open Inference Protocol: an object keyed by the signature's input
 * / output keys. The file is walked on the wire (protobuf-scan.ts) so that the graph and its
 * function library (which can be most of the file) are stepped over, never loaded; the signatures
 * are decoded with protobufjs from the subset of TensorFlow's protos below. See docs/imports.md.
 */
import protobuf from 'protobufjs/light.js';
import { InputError } from '../../core/errors.js';
import { bufferSource, FileSource, metadataBudget, openFailure, WireError, WireScanner, type ByteSource } from './protobuf-scan.js';
import { ELEMENTS, MAX_RANK, quote, SchemaBuilder, setOwn, toNumber, type Dim, type Schema } from './tensor.js';
import type { ImportedInterface, TensorInfo } from './types.js';

/**
 * The messages read, with the field numbers of TensorFlow's protos (tensorflow/core/protobuf/
 * meta_graph.proto: SignatureDef, TensorInfo; tensorflow/core/framework/tensor_shape.proto,
 * types.proto). Bundled so that nothing is fetched at run time; the rest of a SavedModel is walked
 * over by field number in `scanSavedModel`.
 */
const DESCRIPTOR = {
  nested: {
    tensorflow: {
      nested: {
        SignatureDefEntry: {
          // An entry of MetaGraphDef's `map<string, SignatureDef> signature_def = 5` on the wire.
          fields: { key: { type: 'string', id: 1 }, value: { type: 'SignatureDef', id: 2 } },
        },
        SignatureDef: {
          // The maps `inputs` (1) and `outputs` (2) read as their wire form, repeated entries, so that
          // any key (even "__proto__") is kept as a key.
          fields: {
            inputs: { rule: 'repeated', type: 'TensorInfoEntry', id: 1 },
            outputs: { rule: 'repeated', type: 'TensorInfoEntry', id: 2 },
            method_name: { type: 'string', id: 3 },
          },
        },
        TensorInfoEntry: { fields: { key: { type: 'string', id: 1 }, value: { type: 'TensorInfo', id: 2 } } },
        TensorInfo: {
          oneofs: { encoding: { oneof: ['name', 'coo_sparse', 'composite_tensor'] } },
          fields: {
            name: { type: 'string', id: 1 },
            coo_sparse: { type: 'CooSparse', id: 4 },
            composite_tensor: { type: 'CompositeTensor', id: 5 },
            dtype: { type: 'int32', id: 2 },
            tensor_shape: { type: 'TensorShapeProto', id: 3 },
          },
          nested: {
            CooSparse: { fields: { values_tensor_name: { type: 'string', id: 1 } } },
            CompositeTensor: { fields: { components: { rule: 'repeated', type: 'TensorInfo', id: 2 } } },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 }, unknown_rank: { type: 'bool', id: 3 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } } } },
        },
      },
    },
  },
};

const SignatureDefEntry = protobuf.Root.fromJSON(DESCRIPTOR).lookupType('tensorflow.SignatureDefEntry');

/** types.proto DataType numbers → (TensorFlow name, element name); the quantized, resource and variant types are not tensors of values. */
export const TF_DATA_TYPES: Record<number, { name: string; element: string }> = {
  1: { name: 'DT_FLOAT', element: 'float' },
  2: { name: 'DT_DOUBLE', element: 'double' },
  3: { name: 'DT_INT32', element: 'int32' },
  4: { name: 'DT_UINT8', element: 'uint8' },
  5: { name: 'DT_INT16', element: 'int16' },
  6: { name: 'DT_INT8', element: 'int8' },
  7: { name: 'DT_STRING', element: 'string' },
  8: { name: 'DT_COMPLEX64', element: 'complex64' },
  9: { name: 'DT_INT64', element: 'int64' },
  10: { name: 'DT_BOOL', element: 'bool' },
  14: { name: 'DT_BFLOAT16', element: 'bfloat16' },
  17: { name: 'DT_UINT16', element: 'uint16' },
  18: { name: 'DT_COMPLEX128', element: 'complex128' },
  19: { name: 'DT_HALF', element: 'float16' },
  22: { name: 'DT_UINT32', element: 'uint32' },
  23: { name: 'DT_UINT64', element: 'uint64' },
  24: { name: 'DT_FLOAT8_E5M2', element: 'float8e5m2' },
  25: { name: 'DT_FLOAT8_E4M3FN', element: 'float8e4m3fn' },
  29: { name: 'DT_INT4', element: 'int4' },
  30: { name: 'DT_UINT4', element: 'uint4' },
};
const UNREAD_TYPES: Record<number, string> = {
  11: 'DT_QINT8',
  12: 'DT_QUINT8',
  13: 'DT_QINT32',
  15: 'DT_QINT16',
  16: 'DT_QUINT16',
  20: 'DT_RESOURCE',
  21: 'DT_VARIANT',
};

/** The signature TensorFlow Serving calls when a request names none. */
export const DEFAULT_SIGNATURE = 'serving_default';
/** The tag of the meta graph TensorFlow Serving loads. */
const SERVE_TAG = 'serve';
/** Not a signature callers use: TensorFlow 2 writes it to run the model's initialisers. */
const INIT_OP_SIGNATURE = '__saved_model_init_op';

/** Bounds on what the scan keeps: signatures are kilobytes; these stop a crafted file from filling memory. */
export const MAX_SAVEDMODEL_METADATA_BYTES = 64 * 1024 * 1024;
export const MAX_SAVEDMODEL_ENTRIES = 100_000;

interface DimView {
  size?: unknown;
}
interface TensorInfoView {
  name?: string;
  coo_sparse?: object | null;
  composite_tensor?: object | null;
  dtype?: number;
  tensor_shape?: { dim?: DimView[]; unknown_rank?: boolean } | null;
}
interface SignatureView {
  inputs?: { key?: string; value?: TensorInfoView }[];
  outputs?: { key?: string; value?: TensorInfoView }[];
  method_name?: string;
}
interface MetaGraphView {
  tags: string[];
  signatures: Map<string, SignatureView>;
}

export interface SavedModelOptions {
  /** The signature_def key; `serving_default` when absent. */
  signature?: string;
}

function notSavedModel(file: string, why: string): InputError {
  return new InputError(file, `the file is not a TensorFlow SavedModel (saved_model.pb) (${why})`);
}

/**
 * Walk SavedModel → meta_graphs (2) on the wire; in each MetaGraphDef read only the tags of
 * meta_info_def (1 → 4) and decode each signature_def (5) entry with protobufjs. graph_def (2),
 * saver_def, collections, assets and object_graph_def (7) are stepped over by length.
 */
function scanSavedModel(s: WireScanner, file: string): { version: bigint | undefined; graphs: MetaGraphView[] } {
  let version: bigint | undefined;
  const graphs: MetaGraphView[] = [];
  const keep = metadataBudget(
    file,
    MAX_SAVEDMODEL_ENTRIES,
    MAX_SAVEDMODEL_METADATA_BYTES,
    'the SavedModel declares more signatures and tags than are read',
  );
  const metaInfo = (end: number, tags: string[]) => {
    s.fields(end, (field, wire) => {
      if (field !== 4 || wire !== 2) return false;
      const n = s.lengthDelimitedEnd(end) - s.pos;
      keep(n);
      tags.push(s.bytes(n, end).toString('utf8'));
      return true;
    });
  };
  const metaGraph = (end: number): MetaGraphView => {
    const g: MetaGraphView = { tags: [], signatures: new Map() };
    s.fields(end, (field, wire) => {
      if (wire !== 2 || (field !== 1 && field !== 5)) return false;
      const fieldEnd = s.lengthDelimitedEnd(end);
      if (field === 1) metaInfo(fieldEnd, g.tags);
      else {
        const n = fieldEnd - s.pos;
        keep(n);
        const bytes = s.bytes(n, fieldEnd);
        let entry: { key?: string; value?: SignatureView };
        try {
          entry = SignatureDefEntry.toObject(SignatureDefEntry.decode(bytes), { defaults: false, arrays: true, objects: true }) as typeof entry;
        } catch (err) {
          throw new WireError((err as Error).message);
        }
        // As protobuf's map semantics: a later entry with the same key replaces the earlier one.
        g.signatures.set(entry.key ?? '', entry.value ?? {});
      }
      return true;
    });
    return g;
  };
  const size = s.source.size;
  s.fields(size, (field, wire) => {
    if (field === 1 && wire === 0) version = s.int64();
    else if (field === 2 && wire === 2) {
      keep(0);
      graphs.push(metaGraph(s.lengthDelimitedEnd(size)));
    } else return false;
    return true;
  });
  return { version, graphs };
}

function scan(source: ByteSource, file: string): { version: bigint | undefined; graphs: MetaGraphView[] } {
  try {
    return scanSavedModel(new WireScanner(source), file);
  } catch (err) {
    if (err instanceof WireError || err instanceof RangeError) throw notSavedModel(file, `the protobuf does not decode: ${err.message}`);
    throw err;
  }
}

/** The meta graph TensorFlow Serving would load: tagged exactly "serve", else the first tagged "serve" among others, else the only one. */
function servingGraph(graphs: MetaGraphView[], file: string): MetaGraphView {
  if (graphs.length === 0) throw notSavedModel(file, 'no meta graphs');
  const exact = graphs.find((g) => g.tags.length === 1 && g.tags[0] === SERVE_TAG);
  const tagged = exact ?? graphs.find((g) => g.tags.includes(SERVE_TAG));
  if (tagged) return tagged;
  if (graphs.length === 1) return graphs[0]!;
  throw new InputError(
    file,
    `none of the ${graphs.length} meta graphs is tagged "${SERVE_TAG}" (their tags: ${graphs.map((g) => `[${g.tags.map(quote).join(', ')}]`).join(', ')})`,
  );
}

function tensorSchema(t: TensorInfoView, label: string, file: string, builder: SchemaBuilder): { schema: Schema; dims: Dim[] | null } {
  if (t.coo_sparse) throw new InputError(file, `${label} is a sparse tensor (coo_sparse), which is not read; only dense tensors are`);
  if (t.composite_tensor)
    throw new InputError(file, `${label} is a composite tensor (a ragged or extension type), which is not read; only dense tensors are`);
  const dtype = t.dtype ?? 0;
  const known = TF_DATA_TYPES[dtype];
  if (!known) {
    const what = UNREAD_TYPES[dtype]
      ? `${UNREAD_TYPES[dtype]}, which is not a tensor of values callers send`
      : dtype === 0
        ? 'DT_INVALID (0)'
        : `unknown (${dtype})`;
    throw new InputError(
      file,
      `${label} has the dtype ${what}; expected one of ${Object.values(TF_DATA_TYPES)
        .map((e) => e.name)
        .join(', ')}`,
    );
  }
  const shape = t.tensor_shape;
  let dims: Dim[] | null = null;
  if (shape && !shape.unknown_rank) {
    const list = shape.dim ?? [];
    if (list.length > MAX_RANK) throw new InputError(file, `${label}: the tensor has ${list.length} axes; at most ${MAX_RANK} are read`);
    dims = list.map((d) => {
      const n = d.size === undefined ? 0 : toNumber(d.size);
      return Number.isSafeInteger(n) && n >= 0 ? n : null;
    });
  }
  const element = ELEMENTS[known.element]?.() ?? { type: 'number', format: known.element };
  return { schema: builder.tensor(element, dims, known.element), dims };
}

/** The interface from a scanned SavedModel. */
function interfaceOf(model: { version: bigint | undefined; graphs: MetaGraphView[] }, file: string, options: SavedModelOptions): ImportedInterface {
  const graph = servingGraph(model.graphs, file);
  const key = options.signature ?? DEFAULT_SIGNATURE;
  const signature = graph.signatures.get(key);
  if (!signature) {
    const names = [...graph.signatures.keys()].filter((k) => k !== INIT_OP_SIGNATURE);
    throw new InputError(
      file,
      `the SavedModel has no signature ${quote(key)}${names.length > 0 ? `; its signatures: ${names.map(quote).join(', ')} (choose one with \`signature\`)` : ' (it has no serving signatures)'}`,
    );
  }
  const tensors: TensorInfo[] = [];
  const side = (entries: SignatureView['inputs'], direction: 'input' | 'output'): Schema => {
    const builder = new SchemaBuilder();
    const properties: Schema = {};
    const required: string[] = [];
    // As protobuf's map semantics: a later entry with the same key replaces the earlier one.
    const map = new Map((entries ?? []).map((e) => [e.key ?? '', e.value ?? {}]));
    for (const name of [...map.keys()].sort()) {
      const { schema, dims } = tensorSchema(map.get(name)!, `${direction} ${quote(name)} of the signature ${quote(key)}`, file, builder);
      setOwn(properties, name, schema);
      required.push(name);
      tensors.push({ direction, name, dims });
    }
    return builder.namedTensors(properties, required, direction);
  };
  if ((signature.outputs ?? []).length === 0) throw new InputError(file, `the signature ${quote(key)} has no outputs`);
  const input = side(signature.inputs, 'input');
  const output = side(signature.outputs, 'output');
  return { kind: 'savedmodel', input, output, tensors };
}

/** The interface of the SavedModel `bytes` (the content of `file`, which names it in errors). */
export function importSavedModel(bytes: Uint8Array, file: string, options: SavedModelOptions = {}): ImportedInterface {
  return interfaceOf(scan(bufferSource(bytes), file), file, options);
}

/** The interface of the SavedModel at `localPath` on disk, read by parts: the graph is stepped over, never loaded. */
export function importSavedModelFile(localPath: string, file: string, options: SavedModelOptions = {}): ImportedInterface {
  let source: FileSource;
  try {
    source = FileSource.open(localPath);
  } catch (err) {
    throw new InputError(file, `cannot read the file: ${openFailure(err)}`);
  }
  try {
    return interfaceOf(scan(source, file), file, options);
  } finally {
    source.close();
  }
}
