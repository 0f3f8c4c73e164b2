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

export type ImportKind = 'mlflow' | 'onnx' | 'kserve' | 'triton' | 'savedmodel' | 'openapi' | 'proto';

/** One interface: inline schemas, or `from` a file the model ships with. */
export interface InterfaceDecl {
  input?: unknown;
  output?: unknown;
  params?: unknown;
  /** One source, and its options. */
  from?: Partial<Record<ImportKind, string>> & {
    /** savedmodel: the signature (default serving_default). */
    signature?: string;
    /** openapi: the operation's path and method (default post). */
    path?: string;
    method?: string;
    /** proto: the request and response messages. */
    input?: string;
    output?: string;
  };
  /** Fields of this interface marked for removal, for formats that cannot mark them. */
  deprecations?: DeprecationEntry[];
  /** API versions only: marked for removal, since a date. */
  deprecated?: boolean;
  'x-deprecated-since'?: string;
}

/** A field marked for removal in the contract: `pointer` is `/input/…`, `/output/…` or `/params/…`. */
export interface DeprecationEntry {
  pointer: string;
  since: string;
}

export interface Consumer {
  name: string;
  owners: string[];
  fields?: string[];
  /** The contract file's key: names of the API versions (keys of `Contract.interfaces`) it calls; absent: all. */
  interfaces?: string[];
}

import type { Waiver } from '../core/policy.js';

export type { Waiver };

export interface Contract {
  contract: 1;
  model: string;
  version: string;
  description?: string;
  /** Exactly one of `interface` and `interfaces` (API versions side by side, by name) is present. */
  interface?: InterfaceDecl;
  interfaces?: Record<string, InterfaceDecl>;
  consumers?: Consumer[];
  waivers?: Waiver[];
  /** Fields marked for removal in every API version. */
  deprecations?: DeprecationEntry[];
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
