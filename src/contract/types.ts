/** The contract file as read, after validation against schema/model-contract.schema.json. */

export interface Tolerance {
  /** JSON Pointer into one prediction record; `*` stands for every array element. */
  field: string;
  abs?: number;
  rel?: number;
  max_violation_rate?: number;
  agreement?: number;
  topk_overlap?: { k: number; min: number };
  cosine?: { min_mean?: number; min?: number };
  psi?: { max: number; bins?: number };
}

export interface Contract {
  contract: 1;
  model: string;
  version: string;
  description?: string;
  interface: { input: unknown; output: unknown };
  lineage?: {
    training_data?: string;
    architecture?: string;
    hyperparameters?: Record<string, unknown>;
    preprocessing?: string[];
  };
  artifact?: { path?: string; sha256?: string };
  reference?: {
    inputs: string;
    predictions: string;
    key?: string;
    tolerances?: Tolerance[];
  };
}
