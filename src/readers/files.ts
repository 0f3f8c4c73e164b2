/**
 * Bounded file reading: every file the tool reads whole (contracts, schemas, policy files, import
 * sources) goes through here. A path that is not a regular file (a directory, a named pipe, a
 * device such as /dev/zero) is refused before it is opened for reading, and a regular file is read
 * with a cap, so a file that grows, or lies about its size, still costs at most the limit.
 * Every failure is an InputError that says what happened in words, never an errno code.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import { InputError } from '../core/errors.js';

const MiB = 1024 * 1024;

/** The most a contract, schema, policy or metadata file (YAML or JSON) may hold. */
export const MAX_DOCUMENT_BYTES = 16 * MiB;

/**
 * The most an ONNX model may hold: protobuf cannot encode a message over 2 GiB, so a larger
 * `.onnx` file keeps its weights in external data files and is not one model file.
 */
export const MAX_ONNX_BYTES = 2 * 1024 * MiB;

/** The size limit of a file imported as an interface of `kind`. */
export function importLimit(kind: string): number {
  // A SavedModel is a protobuf too (so at most 2 GiB), read by parts like an ONNX model.
  return kind === 'onnx' || kind === 'savedmodel' ? MAX_ONNX_BYTES : MAX_DOCUMENT_BYTES;
}

/** A byte count for people: "16 MiB", "600.0 MiB", "512 bytes". */
export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'an input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'the file is not ready to be read',
  EWOULDBLOCK: 'the file is not ready to be read',
  EBUSY: 'the file is busy',
  ETIMEDOUT: 'the read timed out',
  ESTALE: 'a stale network file handle',
  EOVERFLOW: 'the file is too large',
  ERR_FS_FILE_TOO_LARGE: 'the file is too large',
};

/** What a failed file operation means, in words ("no such file", "permission denied", …). */
export function fsErrorWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && ERRNO_WORDS[code]) return ERRNO_WORDS[code]!;
  // Node's own text without the code and the syscall: "ENOSPC: no space left on device, write" → "no space left on device".
  const message = (err as Error | undefined)?.message ?? String(err);
  return message
    .replace(/^[A-Z][A-Z0-9_]+: /, '')
    .replace(/, \w+ '.*'$/s, '')
    .replace(/, \w+$/, '');
}

/** Why `stat` is not a regular file, in words, or undefined when it is one. */
export function notRegularWords(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'it is a directory';
  if (stat.isFIFO()) return 'it is not a regular file (a named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is not a regular file (a device)';
  if (stat.isSocket()) return 'it is not a regular file (a socket)';
  return 'it is not a regular file';
}

export interface ReadOptions {
  /** The most bytes read; a larger file is refused. */
  maxBytes: number;
  /** How the file is named in messages (default: the path). */
  display?: string;
  /** What the file is, for messages: "the policy file" (default: "the file"). */
  what?: string;
  /** Why the limit is what it is, appended to the too-large message. */
  limitNote?: string;
}

function tooLarge(display: string, what: string, size: number | undefined, o: ReadOptions): InputError {
  const is = size !== undefined ? `is ${bytesText(size)}, ` : 'is ';
  return new InputError(display, `${what} ${is}larger than ${bytesText(o.maxBytes)}, the most that is read${o.limitNote ? ` (${o.limitNote})` : ''}`);
}

/**
 * The stats of `file` (symbolic links followed) when it is a regular file; otherwise an InputError
 * in words. Nothing is opened, so a named pipe or a device cannot block or stream.
 */
export async function statRegularFile(file: string, opts: { display?: string; what?: string } = {}): Promise<Stats> {
  const display = opts.display ?? file;
  const what = opts.what ?? 'the file';
  let stat: Stats;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw new InputError(display, `cannot read ${what}: ${fsErrorWords(err)}`);
  }
  const why = notRegularWords(stat);
  if (why) throw new InputError(display, `cannot read ${what}: ${why}`);
  return stat;
}

/**
 * Open a regular file for reading, refusing anything else before and after opening (the
 * check after `open` closes the gap in which the path could be swapped for a pipe). Opened
 * non-blocking, so even a pipe swapped in cannot stall the open. The caller closes the handle.
 */
export async function openRegularFile(file: string, opts: { display?: string; what?: string } = {}): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  const display = opts.display ?? file;
  const what = opts.what ?? 'the file';
  await statRegularFile(file, opts);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputError(display, `cannot read ${what}: ${fsErrorWords(err)}`);
  }
  try {
    const stat = await handle.stat();
    const why = notRegularWords(stat);
    if (why) throw new InputError(display, `cannot read ${what}: ${why}`);
    return { handle, stat };
  } catch (err) {
    await handle.close().catch(() => undefined);
    if (err instanceof InputError) throw err;
    throw new InputError(display, `cannot read ${what}: ${fsErrorWords(err)}`);
  }
}

/**
 * Read a whole regular file of at most `maxBytes` bytes. The size is checked before reading
 * and the read itself stops one byte past the limit, so no more than the limit is ever held.
 */
export async function readRegularFile(file: string, opts: ReadOptions): Promise<Buffer> {
  const display = opts.display ?? file;
  const what = opts.what ?? 'the file';
  const { handle, stat } = await openRegularFile(file, opts);
  try {
    if (stat.size > opts.maxBytes) throw tooLarge(display, what, stat.size, opts);
    // Read until the end or one byte past the limit (a file may have grown since `stat`).
    const cap = opts.maxBytes + 1;
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1, 64 * 1024), cap));
    for (;;) {
      const room = Math.min(chunk.length, cap - total);
      const { bytesRead } = await handle.read(chunk, 0, room, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > opts.maxBytes) throw tooLarge(display, what, undefined, opts);
      chunk = Buffer.allocUnsafe(Math.min(64 * 1024 * 16, cap - total));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(display, `cannot read ${what}: ${fsErrorWords(err)}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
