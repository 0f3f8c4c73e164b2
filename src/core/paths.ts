/** Repository-relative paths (POSIX), computed without touching the file system. */
import path from 'node:path';

/**
 * Resolve `ref` (relative to the folder `fromDir`, both repository-relative) to a
 * repository-relative path, refusing URLs, absolute paths and anything that leaves the repository.
 */
export function resolveInside(fromDir: string, ref: string): string | { error: string } {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref) && !/^[a-zA-Z]:[\\/]/.test(ref))
    return { error: `"${ref}" is a URL; only paths inside the repository are read` };
  if (ref.startsWith('/') || ref.startsWith('\\') || /^[a-zA-Z]:/.test(ref))
    return { error: `"${ref}" is an absolute path; use a path relative to the file` };
  if (ref.includes('\0')) return { error: `"${ref}" is not a valid path` };
  const joined = path.posix.normalize(path.posix.join(fromDir === '' ? '.' : fromDir, ref.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return { error: `"${ref}" leaves the repository` };
  return joined === '.' ? '' : joined;
}
