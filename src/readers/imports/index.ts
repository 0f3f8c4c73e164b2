/**
 * Importers: machine-written model interfaces (an MLflow `MLmodel`, an ONNX model, Open Inference
 * Protocol / MLServer metadata) turned into JSON Schema documents (draft 2020-12) for the
 * interface analyser. Bytes in, schemas out (an ONNX model can also be read from a path on disk, by
 * parts); every problem is an InputError.
 * The mapping is documented in docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { parsePointer } from '../../core/pointer.js';
import { importKserve } from './kserve.js';
import { importMlflow } from './mlflow.js';
import { importOnnx, importOnnxFile as onnxFile } from './onnx.js';
import { openFailure, readHead } from './protobuf-scan.js';
import type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';

export type { ImportedInterface, ImportKind, TensorDirection, TensorInfo } from './types.js';

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

/** Findings about the presence of a property: at a tensor's own path they concern the whole tensor. */
const PRESENCE_RULES = new Set([
  'property-added',
  'property-removed',
  'property-added-to-closed',
  'property-removed-from-closed',
  'required-added',
  'required-removed',
  'schema-allowed',
  'schema-forbidden',
  'default-changed',
  'annotation-changed',
  'deprecated-marked',
]);

function dimText(d: number | string | null): string {
  if (typeof d === 'number') return `length ${d}`;
  if (typeof d === 'string') return `symbolic ${JSON.stringify(d)}`;
  return 'any length';
}

/**
 * For a finding at `instancePath` (e.g. "/output/*\/*") in `direction`, name the tensor and axis,
 * e.g. 'tensor "output", axis 1 (symbolic "n")' or 'tensor "output", element type'; undefined
 * when the path is not inside a tensor.
 *
 * A tensor's own path holds both the tensor and its axis 0 (the outermost array). Without
 * `findingId`, or with the id of a rule about a property's presence (property-removed,
 * required-added, …), it is described as the whole tensor; with any other rule's id (a length or
 * type rule) as axis 0, or as the element type of a rank-0 tensor.
 */
export function describeTensorPath(
  imported: Pick<ImportedInterface, 'tensors'>,
  direction: TensorDirection,
  instancePath: string,
  findingId?: string,
): string | undefined {
  let tokens: string[];
  try {
    tokens = parsePointer(instancePath);
  } catch {
    return undefined;
  }
  const candidates = imported.tensors.filter((t) => t.direction === direction);
  let tensor: TensorInfo | undefined = candidates.find((t) => t.name === null);
  let rest = tokens;
  if (!tensor) {
    if (tokens.length === 0) return undefined;
    tensor = candidates.find((t) => t.name === tokens[0]);
    if (!tensor) return undefined;
    rest = tokens.slice(1);
  }
  const head = tensor.name === null ? 'the tensor' : `tensor ${JSON.stringify(tensor.name)}`;
  const parts = [head];
  const wrappers = tensor.wrappers ?? [];
  const k = rest.length;
  for (let i = 0; i < Math.min(k, wrappers.length); i++) parts.push(wrappers[i] === 'sequence' ? 'sequence element' : 'map value');
  const j = k - wrappers.length;
  if (j < 0) return parts.join(', ');
  if (j === 0 && (findingId === undefined || PRESENCE_RULES.has(findingId))) return parts.join(', ');
  const dims = tensor.dims;
  if (dims === null) {
    parts.push(j === 0 ? 'axis 0 (rank unknown)' : `axis ${j} or element type (rank unknown)`);
  } else if (j < dims.length) {
    parts.push(`axis ${j} (${dimText(dims[j]!)})`);
  } else {
    parts.push('element type');
  }
  return parts.join(', ');
}
