/**
 * Importers: machine-written model interfaces (an MLflow `MLmodel`, an ONNX model, Open Inference
 * Protocol / MLServer metadata) turned into JSON Schema documents (draft 2020-12) for the
 * interface analyser. Bytes in, schemas out (an ONNX model can also be read from a path on disk, by
 * parts); every problem is an InputError.
 * The mapping is documented in docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { importKserve } from './kserve.js';
import { importMlflow } from './mlflow.js';
import { importOnnx, importOnnxFile as onnxFile } from './onnx.js';
import { openFailure, readHead } from './protobuf-scan.js';
import type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';

export type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';
export { describeTensorPath } from '../../core/tensor.js';

export const IMPORT_KINDS: readonly ImportKind[] = ['mlflow', 'onnx', 'kserve'];

const IMPORTERS: Record<ImportKind, (bytes: Uint8Array, file: string) => ImportedInterface> = {
  mlflow: importMlflow,
  onnx: importOnnx,
  kserve: importKserve,
};

/** Read `bytes` (the content of `file`, a display name used verbatim in errors) as an interface of the given kind. */
export function importInterface(kind: ImportKind, bytes: Uint8Array, file: string): ImportedInterface {
  const importer = Object.prototype.hasOwnProperty.call(IMPORTERS, kind) ? IMPORTERS[kind] : undefined;
  if (!importer) throw new InputError(file, `unknown import kind ${JSON.stringify(kind)}; expected one of ${IMPORT_KINDS.join(', ')}`);
  try {
    return importer(bytes, file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Nothing else should escape; if something does, it is still one line about this file.
    throw new InputError(file, `cannot read the file as ${kind}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/**
 * The interface of the ONNX model at `localPath` on disk (`file` names it in errors), read by parts:
 * the weights, which can be gigabytes, are stepped over and never loaded.
 */
export function importOnnxFile(localPath: string, file: string): ImportedInterface {
  try {
    return onnxFile(localPath, file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, `cannot read the file as onnx: ${(err as Error)?.message ?? String(err)}`);
  }
}

/**
 * The first `n` bytes of the file at `localPath` (all of it when shorter), `file` naming it in
 * errors: to recognise a Git LFS pointer without reading a large model whole.
 */
export function fileHead(localPath: string, n: number, file: string): Buffer {
  try {
    return readHead(localPath, n);
  } catch (err) {
    throw new InputError(file, `cannot read the file: ${openFailure(err)}`);
  }
}
