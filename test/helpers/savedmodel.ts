/**
 * Hand-built TensorFlow SavedModels (saved_model.pb) for the tests and the fixtures: TensorFlow
 * itself cannot be installed here, so the files are encoded with protobufjs from the messages
 * below, written from TensorFlow's own protos (tensorflow/core/protobuf/saved_model.proto,
 * meta_graph.proto; tensorflow/core/framework/tensor_shape.proto, types.proto) independently of
 * the importer's descriptor. graph_def and object_graph_def are opaque bytes here (the importer
 * steps over them; their wire type is the same as a message's).
 */
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package tensorflow;
message SavedModel { int64 saved_model_schema_version = 1; repeated MetaGraphDef meta_graphs = 2; }
message MetaGraphDef {
  message MetaInfoDef { string meta_graph_version = 1; repeated string tags = 4; string tensorflow_version = 5; string tensorflow_git_version = 6; }
  MetaInfoDef meta_info_def = 1;
  bytes graph_def = 2;
  bytes saver_def = 3;
  repeated SignatureDefEntry signature_def = 5;
  bytes object_graph_def = 7;
}
message TensorShapeProto { message Dim { int64 size = 1; string name = 2; } repeated Dim dim = 2; bool unknown_rank = 3; }
message TensorInfo {
  message CooSparse { string values_tensor_name = 1; string indices_tensor_name = 2; string dense_shape_tensor_name = 3; }
  oneof encoding { string name = 1; CooSparse coo_sparse = 4; }
  DataType dtype = 2;
  TensorShapeProto tensor_shape = 3;
}
// The maps as their wire form (repeated key/value entries), so that any key, even "__proto__", can be written.
message SignatureDefEntry { string key = 1; SignatureDef value = 2; }
message TensorInfoEntry { string key = 1; TensorInfo value = 2; }
message SignatureDef { repeated TensorInfoEntry inputs = 1; repeated TensorInfoEntry outputs = 2; string method_name = 3; }
enum DataType {
  DT_INVALID = 0; DT_FLOAT = 1; DT_DOUBLE = 2; DT_INT32 = 3; DT_UINT8 = 4; DT_INT16 = 5; DT_INT8 = 6; DT_STRING = 7;
  DT_COMPLEX64 = 8; DT_INT64 = 9; DT_BOOL = 10; DT_QINT8 = 11; DT_QUINT8 = 12; DT_QINT32 = 13; DT_BFLOAT16 = 14;
  DT_QINT16 = 15; DT_QUINT16 = 16; DT_UINT16 = 17; DT_COMPLEX128 = 18; DT_HALF = 19; DT_RESOURCE = 20; DT_VARIANT = 21;
  DT_UINT32 = 22; DT_UINT64 = 23;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const SavedModel = root.lookupType('tensorflow.SavedModel');

export type DType =
  | 'DT_FLOAT'
  | 'DT_DOUBLE'
  | 'DT_INT32'
  | 'DT_UINT8'
  | 'DT_INT16'
  | 'DT_INT8'
  | 'DT_STRING'
  | 'DT_COMPLEX64'
  | 'DT_INT64'
  | 'DT_BOOL'
  | 'DT_QINT8'
  | 'DT_BFLOAT16'
  | 'DT_UINT16'
  | 'DT_HALF'
  | 'DT_RESOURCE'
  | 'DT_UINT32'
  | 'DT_UINT64';

/** A tensor: dtype and shape (-1 for a free axis; null: rank unknown; undefined: no shape recorded). */
export interface TensorSpec {
  dtype: DType;
  shape?: number[] | null;
  name?: string;
  sparse?: boolean;
}
export interface SignatureSpec {
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
  method?: string;
}
export interface MetaGraphSpec {
  tags: string[];
  signatures: Record<string, SignatureSpec>;
  /** Bytes of a stand-in graph_def (stepped over by the importer). */
  graphBytes?: number;
}

function tensorInfo(key: string, t: TensorSpec): object {
  const shape =
    t.shape === undefined
      ? {}
      : t.shape === null
        ? { tensor_shape: { unknown_rank: true } }
        : { tensor_shape: { dim: t.shape.map((size) => ({ size })) } };
  const encoding = t.sparse
    ? { coo_sparse: { values_tensor_name: `${key}/values:0`, indices_tensor_name: `${key}/indices:0`, dense_shape_tensor_name: `${key}/shape:0` } }
    : { name: t.name ?? `serving_default_${key}:0` };
  return { ...encoding, dtype: root.lookupEnum('tensorflow.DataType').values[t.dtype], ...shape };
}

/** The bytes of a saved_model.pb with these meta graphs. */
export function savedModel(graphs: MetaGraphSpec[]): Uint8Array {
  const message = {
    saved_model_schema_version: 1,
    meta_graphs: graphs.map((g) => ({
      meta_info_def: { meta_graph_version: '', tags: g.tags, tensorflow_version: '2.15.0', tensorflow_git_version: 'v2.15.0-0-g6887368d6d4' },
      // A stand-in graph: deterministic filler bytes.
      graph_def: Uint8Array.from({ length: g.graphBytes ?? 64 }, (_, i) => (i * 31 + 7) & 0xff),
      signature_def: Object.entries(g.signatures).map(([name, s]) => ({
        key: name,
        value: {
          inputs: Object.entries(s.inputs).map(([k, t]) => ({ key: k, value: tensorInfo(k, t) })),
          outputs: Object.entries(s.outputs).map(([k, t]) => ({ key: k, value: tensorInfo(k, t) })),
          method_name: s.method ?? 'tensorflow/serving/predict',
        },
      })),
      object_graph_def: Uint8Array.from({ length: 32 }, (_, i) => i),
    })),
  };
  return SavedModel.encode(SavedModel.fromObject(message)).finish();
}

/** TensorFlow 2's initialiser signature, present in every SavedModel it writes. */
export const INIT_OP: SignatureSpec = { inputs: {}, outputs: { __saved_model_init_op: { dtype: 'DT_INVALID' as DType, name: 'NoOp' } }, method: '' };

/** A Keras classifier as TensorFlow 2 exports it: the fixture `classifier/saved_model.pb`. */
export const CLASSIFIER: MetaGraphSpec[] = [
  {
    tags: ['serve'],
    graphBytes: 1 << 18,
    signatures: {
      serving_default: {
        inputs: {
          tokens: { dtype: 'DT_INT64', shape: [-1, -1] },
          mask: { dtype: 'DT_INT32', shape: [-1, -1] },
          image: { dtype: 'DT_UINT8', shape: [-1, 32, 32, 3] },
        },
        outputs: {
          probabilities: { dtype: 'DT_FLOAT', shape: [-1, 10] },
          label: { dtype: 'DT_STRING', shape: [-1] },
        },
      },
      embed: {
        inputs: { tokens: { dtype: 'DT_INT64', shape: [-1, -1] } },
        outputs: { embedding: { dtype: 'DT_HALF', shape: [-1, 128] } },
      },
      __saved_model_init_op: INIT_OP,
    },
  },
];

/** TensorFlow Serving's half_plus_two example, as TensorFlow 1 exported it (serve and train meta graphs): `half_plus_two/saved_model.pb`. */
export const HALF_PLUS_TWO: MetaGraphSpec[] = [
  {
    tags: ['train'],
    signatures: { serving_default: { inputs: { x: { dtype: 'DT_DOUBLE', shape: [-1] } }, outputs: { y: { dtype: 'DT_DOUBLE', shape: [-1] } } } },
  },
  {
    tags: ['serve'],
    graphBytes: 4096,
    signatures: {
      serving_default: { inputs: { x: { dtype: 'DT_FLOAT', shape: [-1, 1] } }, outputs: { y: { dtype: 'DT_FLOAT', shape: [-1, 1] } } },
      regress_x_to_y: {
        inputs: { inputs: { dtype: 'DT_STRING', shape: null } },
        outputs: { outputs: { dtype: 'DT_FLOAT', shape: [-1, 1] } },
        method: 'tensorflow/serving/regress',
      },
    },
  },
];
