/**
 * What a file given to an importer actually is, from its name and first bytes (cheap: nothing is
 * parsed), so that a file of another format is named as such ("… is a TensorFlow Lite model, which
 * is not supported") rather than reported as a parse error of the format that was asked for.
 */
import type { ImportKind } from './types.js';

export interface Sniffed {
  /** The format in words: "a Triton model configuration". */
  format: string;
  /** The importer that reads it, when one does. */
  kind?: ImportKind;
}

/** What each importer reads, in words, for messages. */
export const KIND_WORDS: Record<ImportKind, string> = {
  mlflow: 'an MLflow MLmodel',
  onnx: 'an ONNX model',
  kserve: 'Open Inference Protocol (V2) metadata',
  triton: 'a Triton model configuration (config.pbtxt)',
  savedmodel: 'a TensorFlow SavedModel (saved_model.pb)',
  openapi: 'an OpenAPI document',
  proto: 'a Protobuf definition (.proto)',
};

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);

/** The format of `bytes` (the content of `file`), when its name or magic bytes tell; undefined when they do not. */
export function sniffFormat(bytes: Uint8Array, file: string): Sniffed | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const lower = base.toLowerCase();
  // Magic numbers first: they do not depend on how the file was named.
  if (bytes.length >= 8 && ascii(bytes, 4, 8) === 'TFL3') return { format: 'a TensorFlow Lite model (a .tflite flatbuffer)' };
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89HDF\r\n\x1a\n') return { format: 'an HDF5 file (a Keras .h5 model)' };
  if (bytes.length >= 4 && ascii(bytes, 0, 4) === 'GGUF') return { format: 'a GGUF model (llama.cpp)' };
  if (bytes.length >= 4 && ascii(bytes, 0, 4) === 'PK\x03\x04')
    return { format: 'a zip archive (a .keras, TorchScript, PyTorch .pt or .mar model archive)' };
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5 && /\.(pkl|pickle|joblib|pt|pth|bin)$/.test(lower))
    return { format: 'a Python pickle (a scikit-learn, joblib or PyTorch model)' };
  if (lower === 'bentofile.yaml' || lower === 'bentofile.yml' || lower === 'bento.yaml') return { format: 'a BentoML build file' };
  if (lower.endsWith('.tflite')) return { format: 'a TensorFlow Lite model (a .tflite flatbuffer)' };
  if (lower.endsWith('.safetensors')) return { format: 'a safetensors weights file (no interface)' };
  if (lower === 'saved_model.pbtxt')
    return { format: 'a TensorFlow SavedModel in text format (saved_model.pbtxt; only the binary saved_model.pb is read)' };
  if (lower === 'saved_model.pb') return { format: KIND_WORDS.savedmodel, kind: 'savedmodel' };
  if (lower === 'config.pbtxt' || lower.endsWith('.pbtxt')) return { format: KIND_WORDS.triton, kind: 'triton' };
  if (lower.endsWith('.onnx')) return { format: KIND_WORDS.onnx, kind: 'onnx' };
  if (base === 'MLmodel') return { format: KIND_WORDS.mlflow, kind: 'mlflow' };
  return undefined;
}

/**
 * Whether text reads as a Triton model configuration: a top-level `input [` or `output [` list and
 * one of the fields every configuration has. Used only once another reader has refused the file.
 */
export function looksLikeTritonConfig(bytes: Uint8Array): boolean {
  const head = ascii(bytes, 0, Math.min(bytes.length, 64 * 1024));
  return /^\s*(input|output)\s*:?\s*\[/m.test(head) && /^\s*(max_batch_size|platform|backend|name)\s*:/m.test(head);
}
