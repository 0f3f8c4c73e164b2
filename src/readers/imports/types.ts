export type ImportKind = 'mlflow' | 'onnx' | 'kserve';

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
}
