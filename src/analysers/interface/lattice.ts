import type { JsonObject } from '../../core/json.js';
import { typeSet } from './facts.js';

/**
 * Which numeric rules decide a change of an element type: the serving runtime's, chosen from the
 * import kind the contract names (never from a schema keyword). See docs/imports.md.
 *
 * - `json-schema`: the JSON value lattice (int32 ⊂ int64, integer ⊂ number): hand-written
 *   contracts, and formats that serve JSON (OpenAPI, Protobuf's JSON mapping).
 * - `exact-dtype`: the runtime refuses a tensor whose datatype differs from the model's (ONNX
 *   Runtime, Triton, KServe V2 / Open Inference Protocol, TensorFlow Serving, MLflow tensor
 *   inputs): every change of an element type breaks, in both directions.
 * - `mlflow`: MLflow's column-based input enforcement, which converts some old requests itself.
 */
export type Lattice = 'json-schema' | 'exact-dtype' | 'mlflow';

export const LATTICES: readonly Lattice[] = ['json-schema', 'exact-dtype', 'mlflow'];

/**
 * The element type a schema stands for, as the importers write it (tensor.ts): the numeric
 * `format` (`float`, `int64`…), or `integer`/`number` without one, `bool`, `string`. Undefined
 * for anything else (objects, arrays, schemas with no type): not an element.
 */
export function dtypeOf(schema: JsonObject): string | undefined {
  const types = typeSet(schema);
  if (types === undefined) return undefined;
  // A tensor of unknown rank is `{type: [<element>, array], items: …}`: its element is the other type.
  const own = [...types].filter((t) => t !== 'array');
  if (own.length !== 1) return undefined;
  const t = own[0]!;
  if (t === 'integer' || t === 'number') return typeof schema.format === 'string' ? schema.format : t;
  if (t === 'boolean') return 'bool';
  if (t === 'string') return 'string';
  return undefined;
}
