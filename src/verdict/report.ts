import type { Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import type { ConsumerImpact } from '../analysers/consumers/affected.js';

export type { ConsumerImpact };
import type { BehaviorResult } from '../analysers/behavior/analyse.js';

/** The numbers behind the behavior findings: rows compared, and one report per tolerance. */
export interface BehaviorReport {
  /** False when there was no base reference dataset: the head was only checked against its own schema. */
  compared: boolean;
  rows: BehaviorResult['rows'];
  changedRows: number;
  inputs: BehaviorResult['inputs'];
  tolerances: BehaviorResult['tolerances'];
  schemas: BehaviorResult['schemas'];
}

/** Whether the base version can be deployed again in place of the head without consumers noticing the interface. */
export interface Rollback {
  safe: boolean;
  /** One sentence: why. */
  reason: string;
}

/** A waiver in force for a model, as the report lists it. */
export interface AppliedWaiver {
  finding: string;
  pointer?: string;
  direction?: 'input' | 'output';
  interface?: string;
  reason: string;
  /** The last day it applies, YYYY-MM-DD. */
  expires: string;
  approvedBy?: string;
  /** For a waiver of the policy file: the model it names, if any. */
  model?: string;
  /** Declared in the head contract or in the policy file. */
  source: 'contract' | 'policy';
  /** Its JSON Pointer in that file (`/waivers/0`). */
  at: string;
  /** In the head contract and not in the base one: the pull request adds it. */
  added: boolean;
  /** Its `expires` day has passed: it waives nothing any more. */
  expired: boolean;
  /** How many findings it matched. */
  matched: number;
}

/** A finding that a waiver accepts: it does not count toward the required bump. */
export interface WaivedFinding {
  finding: Finding;
  waiver: AppliedWaiver;
}

/** One model's outcome, described by schema/report.schema.json. */
export interface ModelReport {
  model: string;
  /** Repository-relative path of the contract. */
  path: string;
  /** The version at the base, or null for a new model. */
  base: string | null;
  /** The version at the head, or null for a deleted model. */
  head: string | null;
  declared: Bump;
  required: Bump;
  ok: boolean;
  /** The smallest version that would pass, or null when no version can (the contract must be fixed). */
  suggested: string | null;
  /** One sentence: the verdict for this model and why. */
  summary: string;
  findings: Finding[];
  /** Present when the head contract has a reference dataset. */
  behavior?: BehaviorReport;
  /** Present when the base contract declares consumers. */
  consumers?: ConsumerImpact[];
  /** Owner handles to mention, each once, in the order the base contract lists them. */
  notify?: string[];
  /** Present when both a base and a head contract exist. */
  rollback?: Rollback;
  /** Present when waivers apply to the model: every one in force (with whether the pull request adds it). */
  waivers?: AppliedWaiver[];
  /** Findings accepted by a waiver: they do not count toward `required` or fail the gate. */
  waived?: WaivedFinding[];
}

/** One problem that keeps a contract from being read: where, and what was expected. */
export interface ContractProblem {
  file: string;
  line?: number;
  column?: number;
  /** JSON Pointer into the file. */
  pointer?: string;
  message: string;
}

/** A contract found but not compared because it (or a file it references) cannot be read. */
export interface InvalidContract {
  /** Repository-relative path of the contract. */
  path: string;
  problems: ContractProblem[];
}

export interface Report {
  verdict: 'pass' | 'fail';
  models: ModelReport[];
  /** Contracts found but not compared because nothing they depend on changed. */
  unchanged?: number;
  /** Contracts that cannot be read, reported beside the models that could: the gate fails. */
  invalid?: InvalidContract[];
}

export function reportOf(models: ModelReport[], unchanged?: number, invalid: InvalidContract[] = []): Report {
  return {
    verdict: models.every((m) => m.ok) && invalid.length === 0 ? 'pass' : 'fail',
    models,
    ...(unchanged !== undefined ? { unchanged } : {}),
    ...(invalid.length > 0 ? { invalid } : {}),
  };
}
