import path from 'node:path';
import { InputError, InputErrors } from '../core/errors.js';
import { loadContract, loadSchemaSet, type LoadedContract } from '../contract/load.js';
import { loadPairs } from '../contract/pairs.js';
import type { SchemaSet } from '../analysers/interface/schema-set.js';
import { GitTree, gitTopLevel, WorkingTree, type Tree } from '../readers/tree.js';
import { CONTRACT_NAMES, DEFAULT_CONTRACT_GLOBS, excludedBy } from '../contract/patterns.js';

/** The repository a file belongs to: its git work tree, or its own folder outside git. */
export async function treeOf(file: string): Promise<{ tree: WorkingTree; rel: string }> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const root = (await gitTopLevel(dir)) ?? dir;
  const rel = path.relative(root, abs).split(path.sep).join('/');
  return { tree: new WorkingTree(root), rel };
}

/** Load one contract file given on the command line; it must exist. */
export async function loadContractFile(file: string): Promise<LoadedContract> {
  const { tree, rel } = await treeOf(file);
  const loaded = await loadContract(tree, rel);
  if (loaded === null) throw new InputError(file, 'no such file');
  return loaded;
}

/** Load a standalone JSON Schema file, with every file its `$ref`s reach. */
export async function loadSchemaFile(file: string): Promise<SchemaSet> {
  const { tree, rel } = await treeOf(file);
  const set = await loadSchemaSet(tree, rel);
  if (set === null) throw new InputError(file, 'no such file');
  return set;
}

/** Is the repository-relative file `f` at or under the repository-relative path `w`? */
const within = (f: string, w: string) => w === '' || f === w || f.startsWith(w.endsWith('/') ? w : w + '/');

/** Every contract path (repository-relative) in a tree, limited to the given repository-relative paths, less the excluded. */
export async function contractsIn(tree: Tree, paths: string[], exclude: readonly string[] = []): Promise<string[]> {
  const out = excludedBy(exclude);
  const all = (await tree.glob([...DEFAULT_CONTRACT_GLOBS], '')).filter((f) => !out(f));
  if (paths.length === 0) return all;
  return all.filter((f) => paths.some((w) => within(f, w)));
}

/**
 * The contract files `validate` with no FILE reads: every one in the repository of the working
 * folder (or under the working folder outside git), less the excluded; as paths relative to the
 * working folder. None at all is an error: a typo in --exclude must not pass as "nothing to validate".
 */
export async function discoverContractFiles(exclude: readonly string[]): Promise<string[]> {
  const cwd = process.cwd();
  const top = await gitTopLevel(cwd);
  const root = top ?? cwd;
  const found = await contractsIn(new WorkingTree(root), [], exclude);
  if (found.length === 0)
    throw new InputError(
      root,
      `no model contract (${CONTRACT_NAMES}) in this ${top === null ? 'folder' : 'repository'}${exclude.length > 0 ? ' outside --exclude' : ''}`,
    );
  return found.map((rel) => path.relative(cwd, path.join(root, rel)).split(path.sep).join('/'));
}

/**
 * Pairs of (base, head) contracts for `check --base-ref`, and the contracts that cannot be read
 * (with their errors). Reads everything before any verdict.
 * A path given that holds no contract at the ref nor in the working tree is an error (a typo must
 * not pass as "0 models checked"); so is a repository with none at all.
 */
export async function contractPairs(
  ref: string,
  paths: string[],
  exclude: readonly string[] = [],
): Promise<{ pairs: [LoadedContract | null, LoadedContract | null][]; invalid: { path: string; errors: InputError[] }[] }> {
  const root = await gitTopLevel(process.cwd());
  if (root === null) throw new InputError(process.cwd(), '--base-ref needs a git repository; this folder is not in one');
  const work = new WorkingTree(root);
  const base = await GitTree.open(root, ref);
  const rels = paths.map((p) => {
    const rel = path.relative(root, path.resolve(p)).split(path.sep).join('/');
    if (rel.startsWith('..')) throw new InputError(p, 'the path is outside the repository');
    return rel;
  });
  const found = [...(await contractsIn(work, rels, exclude)), ...(await contractsIn(base, rels, exclude))];
  const kinds = CONTRACT_NAMES;
  if (paths.length === 0 && found.length === 0)
    throw new InputError(
      root,
      `no model contract (${kinds}) in this repository${exclude.length > 0 ? ' outside --exclude' : ''}, at ${ref} nor in the working tree`,
    );
  const empty = paths.filter((_, i) => !found.some((f) => within(f, rels[i]!)));
  if (empty.length > 0)
    throw new InputErrors(empty.map((p) => new InputError(p, `no model contract (${kinds}) under this path, at ${ref} nor in the working tree`)));
  const { pairs, failed } = await loadPairs(base, work, found);
  // A contract that cannot be read is the caller's to report, beside the models that can.
  return { pairs: pairs.map((p) => [p.base, p.head]), invalid: failed };
}
