/**
 * Importers: machine-written model interfaces (an MLflow `MLmodel`, an ONNX model, Open Inference
 * Protocol / MLServer metadata, an OpenAPI operation, Protobuf messages) turned into JSON Schema documents (draft 2020-12) for the
 * interface analyser. Bytes in, schemas out (an ONNX model can also be read from a path on disk, by
 * parts); every problem is an InputError.
 * The mapping is documented in docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { importKserve } from './kserve.js';
import { importMlflow } from './mlflow.js';
import { importOpenapi } from './openapi.js';
import { importProto, type ProtoFiles } from './proto.js';
import { importOnnx, importOnnxFile as onnxFile } from './onnx.js';
import { openFailure, readHead } from './protobuf-scan.js';
import type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';

export type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';
export { describeTensorPath } from '../../core/tensor.js';

export const IMPORT_KINDS: readonly ImportKind[] = ['mlflow', 'onnx', 'kserve', 'openapi', 'proto'];

/** Kinds that read one part of a file, named by selectors (an OpenAPI operation, two proto messages): see importWith. */
type SelectedKind = 'openapi' | 'proto';
const SELECTED: readonly ImportKind[] = ['openapi', 'proto'];

const IMPORTERS: Record<Exclude<ImportKind, SelectedKind>, (bytes: Uint8Array, file: string) => ImportedInterface> = {
  mlflow: importMlflow,
  onnx: importOnnx,
  kserve: importKserve,
};

/** Read `bytes` (the content of `file`, a display name used verbatim in errors) as an interface of the given kind. */
export function importInterface(kind: ImportKind, bytes: Uint8Array, file: string): ImportedInterface {
  if (SELECTED.includes(kind))
    throw new InputError(file, `a ${kind} import needs selectors (${kind === 'openapi' ? 'path' : 'input and output messages'})`);
  const importer = Object.prototype.hasOwnProperty.call(IMPORTERS, kind) ? IMPORTERS[kind as Exclude<ImportKind, SelectedKind>] : undefined;
  if (!importer) throw new InputError(file, `unknown import kind ${JSON.stringify(kind)}; expected one of ${IMPORT_KINDS.join(', ')}`);
  try {
    return importer(bytes, file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Nothing else should escape; if something does, it is still one line about this file.
    throw new InputError(file, `cannot read the file as ${kind}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** What selects the interface inside a file that describes more than one model call. */
export interface ImportOptions {
  /** openapi: the operation's path (`/api/v2/predict`) and method (default `post`). */
  path?: string;
  method?: string;
  /** proto: the request and response message names. */
  input?: string;
  output?: string;
  /** proto: the file's repository-relative path and how its imports are read (inside the repository only). */
  files?: ProtoFiles;
}

/**
 * Any kind, with the selectors openapi and proto need (the others ignore them). Asynchronous:
 * the OpenAPI document is checked by swagger-parser, and a .proto file's imports are read.
 */
export async function importWith(kind: ImportKind, bytes: Uint8Array, file: string, options: ImportOptions = {}): Promise<ImportedInterface> {
  try {
    if (kind === 'openapi') {
      if (typeof options.path !== 'string') throw new InputError(file, 'an openapi import needs the path of the operation (e.g. /api/v2/predict)');
      return await importOpenapi(bytes, file, { path: options.path, ...(options.method ? { method: options.method } : {}) });
    }
    if (kind === 'proto') {
      if (typeof options.input !== 'string' || typeof options.output !== 'string')
        throw new InputError(file, 'a proto import needs the input and output message names');
      const files: ProtoFiles = options.files ?? { rel: file, read: async () => null, display: (r) => r };
      return await importProto(bytes, files, { input: options.input, output: options.output });
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, `cannot read the file as ${kind}: ${(err as Error)?.message ?? String(err)}`);
  }
  return importInterface(kind, bytes, file);
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
