/**
 * Importers: machine-written model interfaces (an MLflow `MLmodel`, an ONNX model, Open Inference
 * Protocol / MLServer metadata, a Triton `config.pbtxt`, a TensorFlow SavedModel's signature, an
 * OpenAPI operation, Protobuf messages) turned into JSON Schema documents (draft 2020-12) for the
 * interface analyser. Bytes in, schemas out (an ONNX model or a SavedModel can also be read from a
 * path on disk, by parts); every problem is an InputError, and a file of another format is named
 * as such (sniff.ts).
 * The mapping is documented in docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { importKserve } from './kserve.js';
import { importMlflow } from './mlflow.js';
import { importOpenapi } from './openapi.js';
import { importProto, type ProtoFiles } from './proto.js';
import { importOnnx, importOnnxFile as onnxFile } from './onnx.js';
import { openFailure, readHead } from './protobuf-scan.js';
import { importSavedModel, importSavedModelFile as readSavedModel, type SavedModelOptions } from './savedmodel.js';
import { KIND_WORDS, looksLikeTritonConfig, sniffFormat } from './sniff.js';
import { importTriton } from './triton.js';
import type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';

export type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';
export { describeTensorPath } from '../../core/tensor.js';
export { KIND_WORDS } from './sniff.js';

export const IMPORT_KINDS: readonly ImportKind[] = ['mlflow', 'onnx', 'kserve', 'triton', 'savedmodel', 'openapi', 'proto'];

/** Kinds that read one part of a file, named by selectors (an OpenAPI operation, two proto messages): see importWith. */
type SelectedKind = 'openapi' | 'proto';
const SELECTED: readonly ImportKind[] = ['openapi', 'proto'];

const IMPORTERS: Record<Exclude<ImportKind, SelectedKind>, (bytes: Uint8Array, file: string, options: ImportOptions) => ImportedInterface> = {
  mlflow: importMlflow,
  onnx: importOnnx,
  kserve: importKserve,
  triton: importTriton,
  savedmodel: importSavedModel,
};

/**
 * A file of another format than `kind` asked for: named as such, with the importer that reads it
 * or the list of those there are, instead of a parse error of the wrong format.
 */
export function wrongFormat(kind: ImportKind, bytes: Uint8Array, file: string): InputError | undefined {
  const sniffed = sniffFormat(bytes, file);
  if (!sniffed || sniffed.kind === kind) return undefined;
  return formatError(kind, sniffed, file);
}

function formatError(kind: ImportKind, sniffed: { format: string; kind?: ImportKind }, file: string): InputError {
  if (sniffed.kind)
    return new InputError(
      file,
      `the file is ${sniffed.format}, not ${KIND_WORDS[kind]}; use \`interface.from: {${sniffed.kind}: …}\` (or \`model-contract-gate import ${sniffed.kind} …\`)`,
    );
  return new InputError(
    file,
    `the file is ${sniffed.format}, which is not supported (supported: ${IMPORT_KINDS.map((k) => `${KIND_WORDS[k]} (${k})`).join(', ')})`,
  );
}

/** Read `bytes` (the content of `file`, a display name used verbatim in errors) as an interface of the given kind. */
export function importInterface(kind: ImportKind, bytes: Uint8Array, file: string, options: ImportOptions = {}): ImportedInterface {
  if (SELECTED.includes(kind))
    throw new InputError(file, `a ${kind} import needs selectors (${kind === 'openapi' ? 'path' : 'input and output messages'})`);
  const importer = Object.prototype.hasOwnProperty.call(IMPORTERS, kind) ? IMPORTERS[kind as Exclude<ImportKind, SelectedKind>] : undefined;
  if (!importer) throw new InputError(file, `unknown import kind ${JSON.stringify(kind)}; expected one of ${IMPORT_KINDS.join(', ')}`);
  const wrong = wrongFormat(kind, bytes, file);
  if (wrong) throw wrong;
  try {
    return importer(bytes, file, options);
  } catch (err) {
    // A Triton configuration under another name, read as YAML or JSON: named as what it is.
    if (err instanceof InputError && kind !== 'triton' && looksLikeTritonConfig(bytes))
      throw formatError(kind, { format: KIND_WORDS.triton, kind: 'triton' }, file);
    if (err instanceof InputError) throw err;
    // Nothing else should escape; if something does, it is still one line about this file.
    throw new InputError(file, `cannot read the file as ${kind}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** What selects the interface inside a file that describes more than one model call. */
export interface ImportOptions extends SavedModelOptions {
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
  return importInterface(kind, bytes, file, options);
}

/**
 * The interface of the ONNX model at `localPath` on disk (`file` names it in errors), read by parts:
 * the weights, which can be gigabytes, are stepped over and never loaded.
 */
export function importOnnxFile(localPath: string, file: string): ImportedInterface {
  sniffFile('onnx', localPath, file);
  try {
    return onnxFile(localPath, file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, `cannot read the file as onnx: ${(err as Error)?.message ?? String(err)}`);
  }
}

/**
 * The saved_model.pb that `savedmodel: path` names: the path itself when its last part has an
 * extension (`export/saved_model.pb`), else the file in that SavedModel directory (`model/1`).
 */
export function savedModelFile(rel: string): string {
  const last = rel.split('/').pop() ?? rel;
  return last.includes('.') && last !== '.' && last !== '..' ? rel : `${rel === '' ? '' : `${rel.replace(/\/$/, '')}/`}saved_model.pb`;
}

/** Refuse a file on disk of another format than `kind` (by its name and first bytes). */
function sniffFile(kind: ImportKind, localPath: string, file: string): void {
  let head: Buffer;
  try {
    head = readHead(localPath, 8);
  } catch {
    return; // The importer says why the file cannot be read.
  }
  const wrong = wrongFormat(kind, head, file);
  if (wrong) throw wrong;
}

/** The interface of the SavedModel at `localPath` on disk, read by parts (the graph is never loaded). */
export function importSavedModelFile(localPath: string, file: string, options: ImportOptions = {}): ImportedInterface {
  sniffFile('savedmodel', localPath, file);
  try {
    return readSavedModel(localPath, file, options);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, `cannot read the file as savedmodel: ${(err as Error)?.message ?? String(err)}`);
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
