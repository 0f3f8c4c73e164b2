/**
 * The behavior analyser on a contract's reference dataset: opens the files the contract names
 * (or runs the predict command for the head's predictions) and hands the rows to the analyser.
 */
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { BehaviorResult, BehaviorSide } from '../analysers/behavior/analyse.js';
import { analyseBehaviorFiles } from './behavior-driver.js';
import type { LoadedContract } from '../contract/load.js';
import { resolveInside } from '../core/paths.js';
import { predictRows } from '../readers/predict.js';
import { rowsFromFile, type RowSource } from '../readers/rows.js';

async function openRows(contract: LoadedContract, ref: string, what: string): Promise<RowSource<unknown>> {
  const dir = path.posix.dirname(contract.path) === '.' ? '' : path.posix.dirname(contract.path);
  const rel = resolveInside(dir, ref);
  if (typeof rel !== 'string')
    throw new InputError(contract.file, rel.error, { ...contract.locate(`/reference/${what}`), pointer: `/reference/${what}` });
  const local = await contract.tree.localPath(rel);
  if (local === null) {
    throw new InputError(contract.file, `the reference ${what} file ${contract.tree.display(rel)} does not exist`, {
      ...contract.locate(`/reference/${what}`),
      pointer: `/reference/${what}`,
    });
  }
  return rowsFromFile(local, { values: 'any', name: contract.tree.display(rel) });
}

async function sideOf(contract: LoadedContract, predict?: { command: string[]; cwd: string }): Promise<BehaviorSide> {
  const ref = contract.contract.reference!;
  const inputs = await openRows(contract, ref.inputs, 'inputs');
  const predictions = predict ? predictRows(predict.command, inputs, { cwd: predict.cwd }) : await openRows(contract, ref.predictions, 'predictions');
  return { inputs, predictions, outputSchema: contract.referenceSchemas.output };
}

/**
 * The behavior analyser on a model's reference dataset (the edge: it opens the files). With a
 * base that has reference predictions, the head's predictions are compared with the base's under
 * the head's tolerances; without one (a new model, or a base without a reference dataset), the
 * head's predictions are still checked against the head's own output schema.
 * `predict` runs a command (from the command line or the workflow file, never from a contract)
 * for the head's predictions instead of reading the file.
 */
export async function behaviorOf(
  base: LoadedContract | null,
  head: LoadedContract | null,
  predict?: string[],
  cwd: string = process.cwd(),
): Promise<{ result: BehaviorResult; compared: boolean } | undefined> {
  if (!head?.contract.reference) return undefined;
  const command = predict ? { command: predict, cwd } : undefined;
  const headSide = await sideOf(head, command);
  const compared = !!base?.contract.reference;
  const baseSide = compared ? await sideOf(base!) : await sideOf(head, command);
  const result = await analyseBehaviorFiles({
    base: baseSide,
    head: headSide,
    ...(head.contract.reference.key !== undefined ? { key: head.contract.reference.key } : {}),
    tolerances: head.contract.reference.tolerances ?? [],
    contractFile: head.file,
  });
  if (!compared) {
    // Compared with itself: only what the head says about itself is news.
    result.findings = result.findings.filter((f) => f.id === 'prediction-violates-head-schema');
  }
  return { result, compared };
}
