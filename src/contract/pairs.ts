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
  /** The contract's path at the head, or at the base when it was deleted. */
  path: string;
  /** null when the contract is new. */
  base: LoadedContract | null;
  /** null when the contract was deleted. */
  head: LoadedContract | null;
}

/**
 * Every contract at `paths` (repository-relative), read at the base (when there is one) and at
 * the head. A path whose contract cannot be read at either side gives its errors instead of a pair.
 *
 * Contracts are paired by `model` id first, so a contract moved to another folder or renamed
 * (`.yaml` → `.json`) is compared with its former self, and by path second (a model renamed in
 * place is compared, and reported as renamed). Two contracts for one model at the head are an
 * error naming both files when the change adds or moves one of them: which one is the model is
 * unknowable. Duplicates the base already had at the same paths, or that only the base has (the
 * change cannot be blamed for them), are paired by path.
 */
export async function loadPairs(
  base: Tree | null,
  head: Tree,
  paths: string[],
): Promise<{ pairs: ContractPair[]; failed: { path: string; errors: InputError[] }[] }> {
  const failed: { path: string; errors: InputError[] }[] = [];
  const bases: LoadedContract[] = [];
  const heads: LoadedContract[] = [];
  for (const path of [...new Set(paths)].sort()) {
    const errors: InputError[] = [];
    const read = async (tree: Tree) => {
      try {
        return await loadContract(tree, path);
      } catch (err) {
        const found = inputErrorsOf(err);
        if (!found) throw err;
        for (const item of found) errors.push(item);
        return undefined;
      }
    };
    const b = base ? await read(base) : null;
    const h = await read(head);
    if (b === undefined || h === undefined) {
      failed.push({ path, errors });
      continue;
    }
    if (b) bases.push(b);
    if (h) heads.push(h);
  }

  const byModel = (list: LoadedContract[]) => {
    const map = new Map<string, LoadedContract[]>();
    for (const c of list) map.set(c.contract.model, [...(map.get(c.contract.model) ?? []), c]);
    return map;
  };
  const headModels = byModel(heads);
  const baseModels = byModel(bases);
  for (const [model, list] of headModels) {
    if (list.length < 2) continue;
    const before = (baseModels.get(model) ?? []).map((c) => c.path);
    if (before.length === list.length && list.every((c) => before.includes(c.path))) continue;
    const [first, ...rest] = list;
    for (const c of rest)
      failed.push({
        path: c.path,
        errors: [
          new InputError(c.file, `model ${JSON.stringify(model)} also has a contract in ${first!.file}: each model has one contract file`, {
            pointer: '/model',
          }),
        ],
      });
  }

  const pairs: ContractPair[] = [];
  const pairedBase = new Set<LoadedContract>();
  const pairedHead = new Set<LoadedContract>();
  const pair = (b: LoadedContract | null, h: LoadedContract | null) => {
    if (b) pairedBase.add(b);
    if (h) pairedHead.add(h);
    pairs.push({ path: (h ?? b)!.path, base: b, head: h });
  };
  for (const [model, hs] of headModels) {
    const bs = baseModels.get(model);
    if (hs.length === 1 && bs?.length === 1) pair(bs[0]!, hs[0]!);
  }
  const headAt = new Map(heads.filter((h) => !pairedHead.has(h)).map((h) => [h.path, h]));
  for (const b of bases) {
    if (pairedBase.has(b)) continue;
    const h = headAt.get(b.path);
    pair(b, h ?? null);
  }
  for (const h of heads) if (!pairedHead.has(h)) pair(null, h);
  pairs.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  // A contract reported as failed (a second contract for a model) is not also compared.
  const failedPaths = new Set(failed.map((f) => f.path));
  return { pairs: pairs.filter((p) => !failedPaths.has(p.path)), failed };
}
