import type { Bump } from './bump.js';

export type Area = 'interface' | 'behavior' | 'lineage' | 'artifact' | 'version' | 'contract';
export type Direction = 'input' | 'output';

/** Where a finding sits in a file, filled in by the edge that read the file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A concrete instance one side of an interface accepts and the other rejects, checked with ajv:
 * `valid: 'base'` was accepted and is now rejected (a request that breaks, or a response no longer
 * sent); `valid: 'head'` is now possible and was rejected (a response old consumers reject).
 */
export interface Witness {
  instance: unknown;
  valid: 'base' | 'head';
}

/** One observation of one analyser: the single shape every analyser reports in. */
export interface Finding {
  /** Stable rule id, e.g. `type-changed` or `training-data-changed`. */
  id: string;
  /** The bump this finding requires on its own. */
  bump: Bump;
  area: Area;
  direction?: Direction;
  /**
   * The interface the finding belongs to, when it is not the contract's single input/output pair:
   * an API version (`v1`), the MLflow `params`, or both (`v1 params`).
   */
  interface?: string;
  /** JSON Pointer: into the interface schema for interface findings, into the contract otherwise. */
  pointer?: string;
  /** The instance path the finding concerns (`/items/*`), for interface findings. */
  instancePath?: string;
  old?: unknown;
  new?: unknown;
  /** One sentence: what changed and why it needs this bump. */
  message: string;
  /** For MAJOR findings: what would have kept compatibility. */
  hint?: string;
  /** The gate fails on this finding whatever the declared version (a lie, an invalid version). */
  blocking?: boolean;
  location?: SourceLocation;
  /** Names of the consumers (declared in the base contract) whose fields this finding touches. */
  consumers?: string[];
  /**
   * The one change behind this finding, in the user's words, when several findings restate it
   * (an imported output that gained a column name: "the output became a named column `target`").
   * Findings with the same cause at the same place are read as one row.
   */
  cause?: string;
  /** For a MAJOR interface finding: an instance that shows the break (see Witness). */
  witness?: Witness;
  /** For a MAJOR interface finding: whether a witness was found ("not proven" when false). */
  proven?: boolean;
  /**
   * Interface findings: `semantic` when the bump was set by comparing what the two schemas accept
   * (every protected value is still accepted), below what the rule alone says; absent when the
   * rules decided.
   */
  basis?: 'semantic';
}
