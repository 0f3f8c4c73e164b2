import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { InputError } from '../core/errors.js';

/**
 * A read-only view of one version of a repository: the working tree, or a git commit.
 * Paths are repository-relative, POSIX-style, and can never leave the repository.
 */
export interface Tree {
  /** How files of this tree are named in messages: `path` or `REF:path`. */
  display(relPath: string): string;
  /** The file's bytes, or null when it does not exist. */
  read(relPath: string): Promise<Buffer | null>;
  /** sha256 (hex) of the file's bytes (for a Git LFS pointer, of the content it stands for), or null when it does not exist. */
  sha256(relPath: string): Promise<string | null>;
  /** Files matching the globs, which are relative to `baseDir`; returned repository-relative and sorted. */
  glob(patterns: string[], baseDir: string): Promise<string[]>;
  /** Whether the file exists (cheap: no read). */
  exists(relPath: string): Promise<boolean>;
  /** A path on disk holding the file's bytes (a temporary copy for a git commit), or null when it does not exist. */
  localPath(relPath: string): Promise<string | null>;
}

/** The sha256 a Git LFS pointer file stands for, or undefined when the bytes are not a pointer. */
export function lfsPointerOid(bytes: Buffer): string | undefined {
  if (bytes.length > 1024) return undefined;
  const text = bytes.toString('utf8');
  if (!text.startsWith('version https://git-lfs.github.com/spec/v1')) return undefined;
  return /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
}

const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**'];

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

function globPatternsSafe(patterns: string[]): void {
  for (const p of patterns) {
    if (p.startsWith('/') || p.split('/').includes('..')) throw new Error(`glob "${p}" leaves the folder of the contract`);
  }
}

export class WorkingTree implements Tree {
  readonly root: string;
  private realRoot: string | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  display(relPath: string): string {
    return path.relative(process.cwd(), path.join(this.root, relPath)) || relPath;
  }

  /** The absolute path, after checking that symbolic links do not lead out of the repository. */
  private async safeAbsolute(relPath: string): Promise<string | null> {
    const abs = path.join(this.root, relPath);
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return null;
    }
    this.realRoot ??= await fs.realpath(this.root);
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      throw new InputError(this.display(relPath), 'the path leads outside the repository through a symbolic link');
    }
    return real;
  }

  async read(relPath: string): Promise<Buffer | null> {
    const abs = await this.safeAbsolute(relPath);
    if (abs === null) return null;
    try {
      const stat = await fs.stat(abs);
      if (!stat.isFile()) return null;
      return await fs.readFile(abs);
    } catch (err) {
      throw new InputError(this.display(relPath), `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  async exists(relPath: string): Promise<boolean> {
    return (await this.localPath(relPath)) !== null;
  }

  async localPath(relPath: string): Promise<string | null> {
    const abs = await this.safeAbsolute(relPath);
    if (abs === null) return null;
    return (await fs.stat(abs)).isFile() ? abs : null;
  }

  async sha256(relPath: string): Promise<string | null> {
    const abs = await this.safeAbsolute(relPath);
    if (abs === null) return null;
    const stat = await fs.stat(abs);
    if (!stat.isFile()) return null;
    if (stat.size <= 1024) {
      const bytes = await fs.readFile(abs);
      return lfsPointerOid(bytes) ?? createHash('sha256').update(bytes).digest('hex');
    }
    const hash = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      createReadStream(abs)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', () => resolve())
        .on('error', reject);
    });
    return hash.digest('hex');
  }

  async glob(patterns: string[], baseDir: string): Promise<string[]> {
    globPatternsSafe(patterns);
    const cwd = path.join(this.root, baseDir);
    const found = await glob(patterns, { cwd, ignore: IGNORED_DIRS, onlyFiles: true, dot: false, followSymbolicLinks: false });
    return found.map((f) => path.posix.join(baseDir, f)).sort();
  }
}

function git(cwd: string, args: string[], maxBuffer = 1024 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: stderr.toString() }));
      else resolve(stdout);
    });
  });
}

/** The repository at a git commit, read with `git` (never checked out). */
export class GitTree implements Tree {
  readonly root: string;
  readonly ref: string;
  private files: Promise<Set<string>> | undefined;

  private constructor(root: string, ref: string) {
    this.root = root;
    this.ref = ref;
  }

  /** Open `ref` in the repository at `root`; refuses option-like refs and unknown commits. */
  static async open(root: string, ref: string): Promise<GitTree> {
    if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) throw new InputError(ref, 'not a valid git ref');
    try {
      await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    } catch {
      throw new InputError(ref, `the git ref "${ref}" is not a commit in ${root} (is the history fetched?)`);
    }
    return new GitTree(root, ref);
  }

  display(relPath: string): string {
    return `${this.ref}:${relPath}`;
  }

  private list(): Promise<Set<string>> {
    this.files ??= git(this.root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', '--end-of-options', this.ref]).then(
      (out) => new Set(out.toString('utf8').split('\0').filter(Boolean)),
    );
    return this.files;
  }

  async read(relPath: string): Promise<Buffer | null> {
    if (!(await this.list()).has(relPath)) return null;
    return git(this.root, ['cat-file', 'blob', `${this.ref}:${relPath}`]);
  }

  private tempDir: Promise<string> | undefined;
  private readonly copies = new Map<string, Promise<string | null>>();

  async exists(relPath: string): Promise<boolean> {
    return (await this.list()).has(relPath);
  }

  localPath(relPath: string): Promise<string | null> {
    let copy = this.copies.get(relPath);
    if (!copy) this.copies.set(relPath, (copy = this.copyOut(relPath)));
    return copy;
  }

  private async copyOut(relPath: string): Promise<string | null> {
    if (!(await this.list()).has(relPath)) return null;
    this.tempDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'model-contract-gate-')).then((dir) => {
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return dir;
    });
    const dir = await this.tempDir;
    const file = path.join(dir, relPath.split('/').join('__'));
    // Streamed from git to disk: a file of gigabytes (an ONNX model) is never held in memory.
    const child = spawn('git', ['cat-file', 'blob', `${this.ref}:${relPath}`], { cwd: this.root, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    await pipeline(child.stdout, createWriteStream(file));
    if ((await exited) !== 0) throw new InputError(this.display(relPath), 'git could not read the file');
    return file;
  }

  async sha256(relPath: string): Promise<string | null> {
    const bytes = await this.read(relPath);
    if (bytes === null) return null;
    return lfsPointerOid(bytes) ?? createHash('sha256').update(bytes).digest('hex');
  }

  async glob(patterns: string[], baseDir: string): Promise<string[]> {
    globPatternsSafe(patterns);
    const isMatch = picomatch(patterns, { dot: false });
    const prefix = baseDir === '' ? '' : baseDir + '/';
    const out: string[] = [];
    for (const f of await this.list()) {
      if (!f.startsWith(prefix) || /(^|\/)(node_modules|\.git)\//.test(f)) continue;
      if (isMatch(f.slice(prefix.length))) out.push(f);
    }
    return out.sort();
  }
}

/** The top of the git work tree holding `dir`, or null outside git. */
export async function gitTopLevel(dir: string): Promise<string | null> {
  try {
    const out = await git(dir, ['rev-parse', '--show-toplevel']);
    return out.toString('utf8').trim();
  } catch {
    return null;
  }
}

/** The committer date of `ref` (ISO 8601 with its offset) in the repository holding `dir`, or null. */
export async function commitDate(dir: string, ref = 'HEAD'): Promise<string | null> {
  try {
    const out = (await git(dir, ['show', '-s', '--format=%cI', ref, '--'])).toString('utf8').trim();
    return out === '' ? null : out;
  } catch {
    return null;
  }
}
