/** Tensors as model formats declare them, and how a finding's path is named in their terms (pure). */
import { parsePointer } from './pointer.js';

export type ImportKind = 'mlflow' | 'onnx' | 'kserve' | 'triton' | 'savedmodel' | 'openapi' | 'proto';

export type TensorDirection = 'input' | 'output' | 'params';

export interface TensorInfo {
  direction: TensorDirection;
  /** The property that holds the tensor, or null when the tensor is the whole document (a single unnamed MLflow tensor). */
  name: string | null;
  /** Per axis: fixed length, symbolic name, or null = free (-1 / unknown). Null: the rank is unknown. */
  dims: (number | string | null)[] | null;
  /**
   * ONNX values that are not plain tensors: the containers around the tensor, outermost first
   * (`seq(map(int64, tensor(float)))` → `['sequence', 'map']`); each is one level of the instance.
   */
  wrappers?: ('sequence' | 'map')[];
  /** An input with a default value (an ONNX initializer listed as an input, IR 4 and later): callers may leave it out. */
  hasDefault?: true;
}

/** Something the importer read in a way the report should say (a finding of bump none, by id). */
export interface ImportNote {
  id: 'duplicate-column-name' | 'tensors-not-declared';
  message: string;
}

export interface ImportedInterface {
  kind: ImportKind;
  /** A JSON Schema document (draft 2020-12), or `true` when the source declares no inputs. */
  input: Record<string, unknown> | boolean;
  /** A JSON Schema document (draft 2020-12), or `true` when the source declares no outputs. */
  output: Record<string, unknown> | boolean;
  /** MLflow signature params only, when present: compared like an input. */
  params?: Record<string, unknown>;
  tensors: TensorInfo[];
  /** What the report should say about how the file was read. */
  notes?: ImportNote[];
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
  // A tensor's content_type (MLServer) is a property of the whole tensor.
  'content-type-changed',
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
