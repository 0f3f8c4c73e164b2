/**
 * Which contracts the Action checks: every file matching the `contracts` globs at the base or in
 * the checkout, paired by path; a pair is checked when the contract file or any file it depends on
 * (schemas, reference files, artifact, preprocessing files, at either side) changed, and counted as
 * unchanged otherwise.
 */
import type { InputError } from '../core/errors.js';
import type { LoadedContract } from '../contract/load.js';
import { loadPairs } from '../contract/pairs.js';
import { excludedBy } from '../contract/patterns.js';
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
  /** The contracts that cannot be read, each with its problems (`errors`, by contract). */
  invalid: { path: string; errors: InputError[] }[];
  /** How many contract files the patterns matched, at the base and in the checkout together. */
  matched: number;
}

/**
 * Find and load the contracts. `baseSha` null means there is no base (a root commit): every
 * contract is new.
 */
export async function discover(root: string, baseSha: string | null, globs: string[], exclude: readonly string[] = []): Promise<Discovery> {
  const work = new WorkingTree(root);
  const base = baseSha === null ? null : await GitTree.open(root, baseSha);
  const out = excludedBy(exclude);
  const headPaths = (await work.glob(globs, '')).filter((p) => !out(p));
  const basePaths = (base ? await base.glob(globs, '') : []).filter((p) => !out(p));
  const changed = baseSha === null ? null : await changedFiles(root, baseSha);
  const loaded = await loadPairs(base, work, [...headPaths, ...basePaths]);
  const pairs: Pair[] = [];
  const unchanged: string[] = [];
  // A contract that cannot be read is reported: its files are unknown, so whether they changed is too.
  const errors: InputError[] = loaded.failed.flatMap((f) => f.errors);
  for (const { path: p, base: b, head: h } of loaded.pairs) {
    const files = new Set([p, ...(b?.files ?? []), ...(h?.files ?? [])]);
    if (changed !== null && ![...files].some((f) => changed.has(f))) {
      unchanged.push(p);
      continue;
    }
    pairs.push([b, h]);
  }
  return { pairs, unchanged, errors, invalid: loaded.failed, matched: new Set([...headPaths, ...basePaths]).size };
}
