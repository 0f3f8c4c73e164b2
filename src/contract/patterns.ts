/**
 * Where contracts are found: the file names the CLI and the Action look for by default, and the
 * --exclude / `exclude` globs both apply. Shared here so that the two edges cannot disagree.
 */
import picomatch from 'picomatch';

/** model-contract.yaml, .yml or .json anywhere in the repository. */
export const DEFAULT_CONTRACT_GLOBS: readonly string[] = ['**/model-contract.yaml', '**/model-contract.yml', '**/model-contract.json'];

/** The default patterns, in words (for messages). */
export const CONTRACT_NAMES = 'model-contract.yaml, .yml or .json';

/**
 * A test for repository-relative paths that the exclude globs leave out. A glob matches the
 * contract's path or a folder above it, so `--exclude legacy` and `--exclude 'legacy/**'` both
 * leave out legacy/churn/model-contract.yaml.
 */
export function excludedBy(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const tests = globs.map((g) => picomatch(g.replace(/\/+$/, ''), { dot: true }));
  return (p) => {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (tests.some((t) => t(prefix))) return true;
    }
    return false;
  };
}
