import { InputError, InputErrors } from '../core/errors.js';
import type { Tree } from '../readers/tree.js';
import { loadContract, type LoadedContract } from './load.js';

/** The input errors an error stands for, or undefined when it is not about the input (a bug: rethrow it). */
export function inputErrorsOf(err: unknown): InputError[] | undefined {
  if (err instanceof InputErrors) return err.errors;
  if (err instanceof InputError) return [err];
  return undefined;
}

export interface ContractPair {
  path: string;
  /** null when the contract is new. */
  base: LoadedContract | null;
  /** null when the contract was deleted. */
  head: LoadedContract | null;
}

/**
 * Every contract at `paths` (repository-relative), read at the base (when there is one) and at
 * the head. A path whose contract cannot be read at either side gives its errors instead of a pair.
 */
export async function loadPairs(
  base: Tree | null,
  head: Tree,
  paths: string[],
): Promise<{ pairs: ContractPair[]; failed: { path: string; errors: InputError[] }[] }> {
  const pairs: ContractPair[] = [];
  const failed: { path: string; errors: InputError[] }[] = [];
  for (const path of [...new Set(paths)].sort()) {
    const errors: InputError[] = [];
    const read = async (tree: Tree) => {
      try {
        return await loadContract(tree, path);
      } catch (err) {
        const found = inputErrorsOf(err);
        if (!found) throw err;
        errors.push(...found);
        return undefined;
      }
    };
    const b = base ? await read(base) : null;
    const h = await read(head);
    if (b === undefined || h === undefined) failed.push({ path, errors });
    else if (b !== null || h !== null) pairs.push({ path, base: b, head: h });
  }
  return { pairs, failed };
}
