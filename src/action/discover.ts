/**
 * Which contracts the Action checks: every file matching the `contracts` globs at the base or in
 * the checkout, paired by path; a pair is checked when the contract file or any file it depends on
 * (schemas, reference files, artifact, preprocessing files, at either side) changed, and counted as
 * unchanged otherwise.
 */
import { InputError, InputErrors } from '../core/errors.js';
import { loadContract, type LoadedContract } from '../contract/load.js';
import { GitTree, WorkingTree } from '../readers/tree.js';
import { changedFiles } from './git.js';

export type Pair = [LoadedContract | null, LoadedContract | null];

export interface Discovery {
  /** Pairs to compare, by contract path. */
  pairs: Pair[];
  /** Contracts found whose files did not change. */
  unchanged: string[];
  /** Every problem reading the contracts that are compared. */
  errors: InputError[];
}

async function attempt(load: () => Promise<LoadedContract | null>, errors: InputError[]): Promise<LoadedContract | null | undefined> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof InputErrors) errors.push(...err.errors);
    else if (err instanceof InputError) errors.push(err);
    else throw err;
    return undefined;
  }
}

/**
 * Find and load the contracts. `baseSha` null means there is no base (a root commit): every
 * contract is new.
 */
export async function discover(root: string, baseSha: string | null, globs: string[]): Promise<Discovery> {
  const work = new WorkingTree(root);
  const base = baseSha === null ? null : await GitTree.open(root, baseSha);
  const headPaths = await work.glob(globs, '');
  const basePaths = base ? await base.glob(globs, '') : [];
  const changed = baseSha === null ? null : await changedFiles(root, baseSha);
  const all = [...new Set([...headPaths, ...basePaths])].sort();

  const pairs: Pair[] = [];
  const unchanged: string[] = [];
  const errors: InputError[] = [];
  for (const p of all) {
    const own: InputError[] = [];
    const b = base ? await attempt(() => loadContract(base, p), own) : null;
    const h = await attempt(() => loadContract(work, p), own);
    if (b === undefined || h === undefined) {
      // Its files are unknown, so whether they changed is too: an unreadable contract is reported.
      errors.push(...own);
      continue;
    }
    if (b === null && h === null) continue;
    const files = new Set([p, ...(b?.files ?? []), ...(h?.files ?? [])]);
    if (changed !== null && ![...files].some((f) => changed.has(f))) {
      unchanged.push(p);
      continue;
    }
    pairs.push([b, h]);
  }
  return { pairs, unchanged, errors };
}
