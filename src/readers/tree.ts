import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, rmSync, type Stats } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { InputError } from '../core/errors.js';
import { resolveInside } from '../core/paths.js';
import { bytesText, fsErrorWords, MAX_DOCUMENT_BYTES, notRegularWords, readRegularFile } from './files.js';

/**
 * A read-only view of one version of a repository: the working tree, or a git commit.
 * Paths are repository-relative, POSIX-style, and can never leave the repository.
 */
export interface Tree {
  /** How files of this tree are named in messages: `path` or `REF:path`. */
  display(relPath: string): string;
  /**
   * The file's bytes, or null when it does not exist. Refuses (InputError, in words) what is not a
   * regular file and a file larger than `maxBytes` (default MAX_DOCUMENT_BYTES) before reading it.
   */
  read(relPath: string, opts?: TreeReadOptions): Promise<Buffer | null>;
  /** sha256 (hex) of the file's bytes (for a Git LFS pointer, of the content it stands for), or null when it does not exist. */
  sha256(relPath: string): Promise<string | null>;
  /** Files matching the globs, which are relative to `baseDir`; returned repository-relative and sorted. */
  glob(patterns: string[], baseDir: string): Promise<string[]>;
  /** Whether the file exists (cheap: no read); something there that is not a regular file is an InputError. */
  exists(relPath: string): Promise<boolean>;
  /**
   * A path on disk holding the file's bytes (a temporary copy for a git commit, written as a
   * stream), or null when it does not exist; something that is not a regular file is an InputError.
   */
  localPath(relPath: string): Promise<string | null>;
}

export interface TreeReadOptions {
  /** The most bytes read; a larger file is refused before it is read. Default MAX_DOCUMENT_BYTES. */
  maxBytes?: number;
  /** What the file is, for messages ("the policy file"); default "the file". */
  what?: string;
}

/** The sha256 a Git LFS pointer file stands for, or undefined when the bytes are not a pointer. */
export function lfsPointerOid(bytes: Buffer): string | undefined {
  if (bytes.length > 1024) return undefined;
  const text = bytes.toString('utf8');
  if (!text.startsWith('version https://git-lfs.github.com/spec/v1')) return undefined;
  return /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
}

const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**'];

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

  /**
   * The absolute path, after checking that symbolic links do not lead out of the repository;
   * null when nothing is there.
   */
  private async safeAbsolute(relPath: string): Promise<string | null> {
    const abs = path.join(this.root, relPath);
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new InputError(this.display(relPath), `cannot read the file: ${fsErrorWords(err)}`);
    }
    this.realRoot ??= await fs.realpath(this.root);
    const inside = path.relative(this.realRoot, real);
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
      throw new InputError(this.display(relPath), 'the path leads outside the repository through a symbolic link');
    }
    return real;
  }

  /** The stats of a path inside the repository, or null when nothing is there. */
  private async statOf(relPath: string): Promise<{ abs: string; stat: Stats } | null> {
    const abs = await this.safeAbsolute(relPath);
    if (abs === null) return null;
    try {
      return { abs, stat: await fs.stat(abs) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new InputError(this.display(relPath), `cannot read the file: ${fsErrorWords(err)}`);
    }
  }

  /** The absolute path of a regular file, null when nothing is there; anything else is refused in words. */
  private async regularFile(relPath: string, what = 'the file'): Promise<string | null> {
    const found = await this.statOf(relPath);
    if (found === null) return null;
    const why = notRegularWords(found.stat);
    if (why) throw new InputError(this.display(relPath), `cannot read ${what}: ${why}`);
    return found.abs;
  }

  async read(relPath: string, opts: TreeReadOptions = {}): Promise<Buffer | null> {
    const abs = await this.regularFile(relPath, opts.what);
    if (abs === null) return null;
    return readRegularFile(abs, { maxBytes: opts.maxBytes ?? MAX_DOCUMENT_BYTES, display: this.display(relPath), what: opts.what });
  }

  async exists(relPath: string): Promise<boolean> {
    return (await this.regularFile(relPath)) !== null;
  }

  localPath(relPath: string): Promise<string | null> {
    return this.regularFile(relPath);
  }

  async sha256(relPath: string): Promise<string | null> {
    const found = await this.statOf(relPath);
    // Only a regular file has a digest: a pipe or a device is never opened.
    if (found === null || !found.stat.isFile()) return null;
    const { abs, stat } = found;
    try {
      if (stat.size <= 1024) {
        const bytes = await readRegularFile(abs, { maxBytes: 1024 * 1024, display: this.display(relPath) });
        return lfsPointerOid(bytes) ?? createHash('sha256').update(bytes).digest('hex');
      }
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(this.display(relPath), `cannot read the file: ${fsErrorWords(err)}`);
    }
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

/** Stream a blob's bytes into `sink` without holding them in memory. */
async function gitBlobTo(cwd: string, oid: string, sink: NodeJS.WritableStream): Promise<void> {
  const child = spawn('git', ['cat-file', 'blob', oid], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  await pipeline(child.stdout, sink);
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file failed (exit ${code}): ${stderr.trim()}`);
}

interface GitEntry {
  mode: string;
  type: string;
  oid: string;
}

/** The repository at a git commit, read with `git` (never checked out). */
export class GitTree implements Tree {
  readonly root: string;
  readonly ref: string;
  private files: Promise<Map<string, GitEntry>> | undefined;

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

  /** Every entry of the commit's tree, by path: mode, type and object id. */
  private list(): Promise<Map<string, GitEntry>> {
    this.files ??= git(this.root, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', this.ref]).then((out) => {
      const entries = new Map<string, GitEntry>();
      for (const record of out.toString('utf8').split('\0')) {
        const tab = record.indexOf('\t');
        if (tab < 0) continue;
        const [mode, type, oid] = record.slice(0, tab).split(' ') as [string, string, string];
        entries.set(record.slice(tab + 1), { mode, type, oid });
      }
      return entries;
    });
    return this.files;
  }

  /** The blob of a regular file, null when nothing is there; a link or a submodule is refused in words. */
  private async blob(relPath: string, what = 'the file'): Promise<GitEntry | null> {
    const entry = (await this.list()).get(relPath);
    if (entry === undefined) return null;
    if (entry.type === 'commit') throw new InputError(this.display(relPath), `cannot read ${what}: it is a git submodule, not a file`);
    // A link's blob is the path it points to, not the file: reading it would read the wrong bytes.
    if (entry.mode === '120000')
      throw new InputError(this.display(relPath), `cannot read ${what}: it is a symbolic link (links in the git history are not followed)`);
    if (entry.type !== 'blob') throw new InputError(this.display(relPath), `cannot read ${what}: it is not a regular file`);
    return entry;
  }

  private async size(entry: GitEntry): Promise<number> {
    return Number((await git(this.root, ['cat-file', '-s', entry.oid])).toString('utf8').trim());
  }

  async read(relPath: string, opts: TreeReadOptions = {}): Promise<Buffer | null> {
    const entry = await this.blob(relPath, opts.what);
    if (entry === null) return null;
    const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
    // The size first: a large blob is refused before git hands any of it over.
    const size = await this.size(entry);
    if (size > maxBytes) {
      throw new InputError(
        this.display(relPath),
        `${opts.what ?? 'the file'} is ${bytesText(size)}, larger than ${bytesText(maxBytes)}, the most that is read`,
      );
    }
    return git(this.root, ['cat-file', 'blob', entry.oid], maxBytes + 1);
  }

  private tempDir: Promise<string> | undefined;
  private readonly copies = new Map<string, Promise<string | null>>();

  async exists(relPath: string): Promise<boolean> {
    return (await this.blob(relPath)) !== null;
  }

  localPath(relPath: string): Promise<string | null> {
    let copy = this.copies.get(relPath);
    if (!copy) this.copies.set(relPath, (copy = this.copyOut(relPath)));
    return copy;
  }

  /**
   * Copy a file out of the commit into a temporary folder, at its own repository-relative path
   * there (so `a/b.jsonl` and `a__b.jsonl` stay two files); streamed, so size costs no memory.
   */
  private async copyOut(relPath: string): Promise<string | null> {
    const entry = await this.blob(relPath);
    if (entry === null) return null;
    this.tempDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'model-contract-gate-')).then((dir) => {
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return dir;
    });
    const dir = await this.tempDir;
    // Paths in a git tree never hold "..", "." or empty segments; checked anyway, as the copy is written.
    const rel = resolveInside('', relPath);
    if (typeof rel !== 'string' || rel === '') throw new InputError(this.display(relPath), 'not a valid path inside the repository');
    const file = path.join(dir, ...rel.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await gitBlobTo(this.root, entry.oid, createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      throw new InputError(this.display(relPath), `cannot copy the file out of git: ${fsErrorWords(err)}`);
    }
    return file;
  }

  async sha256(relPath: string): Promise<string | null> {
    const entry = (await this.list()).get(relPath);
    if (entry === undefined || entry.type !== 'blob' || entry.mode === '120000') return null;
    if ((await this.size(entry)) <= 1024) {
      const bytes = await git(this.root, ['cat-file', 'blob', entry.oid], 1025);
      return lfsPointerOid(bytes) ?? createHash('sha256').update(bytes).digest('hex');
    }
    const hash = createHash('sha256');
    await gitBlobTo(
      this.root,
      entry.oid,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done();
        },
      }),
    );
    return hash.digest('hex');
  }

  async glob(patterns: string[], baseDir: string): Promise<string[]> {
    globPatternsSafe(patterns);
    const isMatch = picomatch(patterns, { dot: false });
    const prefix = baseDir === '' ? '' : baseDir + '/';
    const out: string[] = [];
    for (const f of (await this.list()).keys()) {
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
