/**
 * One run of the gate, whoever asks for it: for each pair of contracts (base, head), the behavior
 * analyser on the reference dataset, then every other analyser and the verdict (compareContracts);
 * then the report. The CLI and the Action produce the pairs (from two files, a git ref, or the
 * Action's discovery) and deliver the report; neither compares anything itself.
 */
import type { Policy } from '../core/policy.js';
import type { LoadedContract } from '../contract/load.js';
import { compareContracts } from '../verdict/compare.js';
import { reportOf, type InvalidContract, type ModelReport, type Report } from '../verdict/report.js';
import type { InputError } from '../core/errors.js';
import { behaviorOf } from './reference.js';

/** A model's contract at the base and at the head; either may be null (a new or a deleted model), not both. */
export type ContractPair = readonly [base: LoadedContract | null, head: LoadedContract | null];

export interface GateOptions {
  policy: Policy;
  /** "Today" for deprecation windows: a date, or an ISO timestamp. */
  now: string | Date;
  /** The head's predictions from this command (argument list, no shell) instead of its reference predictions file. */
  predict?: string[];
  /** Where the predict command runs; default the process's working directory. */
  cwd?: string;
  /** Contracts found but not compared because nothing they depend on changed (reported as a count). */
  unchanged?: number;
  /** Contracts found that cannot be read: reported beside the others, and the gate fails. */
  invalid?: { path: string; errors: InputError[] }[];
}

/** The problems of an unreadable contract, as the report carries them. */
export function invalidContract(path: string, errors: InputError[]): InvalidContract {
  return {
    path,
    problems: errors.map((e) => ({
      file: e.file,
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
      ...(e.pointer !== undefined && e.pointer !== '' ? { pointer: e.pointer } : {}),
      message: e.message,
    })),
  };
}

/** Compare every pair, one after the other (each may run worker threads of its own), and decide. */
export async function runGate(pairs: readonly ContractPair[], options: GateOptions): Promise<Report> {
  const models: ModelReport[] = [];
  for (const [base, head] of pairs) {
    const behavior = await behaviorOf(base, head, options.predict, options.cwd);
    models.push(compareContracts(base, head, options.policy, { behavior, now: options.now }));
  }
  return reportOf(
    models,
    options.unchanged,
    (options.invalid ?? []).map((i) => invalidContract(i.path, i.errors)),
  );
}
