/** Byte-level helpers shared by the row readers. */
import { isUtf8 } from 'node:buffer';
import { promises as fs, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { fsErrorWords } from './files.js';

/** The longest line (JSONL) or row (CSV) accepted: a longer one is an error rather than unbounded memory. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** The (decompressed) byte stream, with every failure turned into an InputError naming the file. */
export function openStream(name: string, open: () => NodeJS.ReadableStream, gzip: boolean): NodeJS.ReadableStream {
  let src: NodeJS.ReadableStream;
  try {
    src = open();
  } catch (err) {
    throw ioError(name, err);
  }
  if (!gzip) return src;
  const gunzip = createGunzip();
  src.on('error', (err: unknown) => gunzip.destroy(err as Error));
  // A reader that stops early destroys the gunzip stream; the file must close with it.
  gunzip.on('close', () => (src as unknown as { destroy?: () => void }).destroy?.());
  src.pipe(gunzip);
  return gunzip;
}

/** An I/O or decompression failure as an InputError naming the file. */
export function ioError(name: string, err: unknown, line?: number): InputError {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  const place = line === undefined ? {} : { line };
  if (code === 'ENOENT') return new InputError(name, 'the file does not exist');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(name, 'cannot read the file: permission denied');
  if (code === 'EISDIR') return new InputError(name, 'is a folder, not a file');
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'Z_NEED_DICT') {
    return new InputError(name, `is not valid gzip data (${e.message})`, place);
  }
  return new InputError(name, `cannot read the file: ${fsErrorWords(err)}`, place);
}

/** The 1-based line in `chunk` (after `linesBefore` complete lines) that is not valid UTF-8. */
export function badUtf8Line(chunk: Buffer, linesBefore: number): number {
  let start = 0;
  let line = linesBefore + 1;
  for (;;) {
    const nl = chunk.indexOf(10, start);
    const end = nl < 0 ? chunk.length : nl;
    // A line cut by the chunk edge is judged by what it has here: good enough to point at it.
    if (!isUtf8(chunk.subarray(start, end)) && !(start === 0 && isUtf8(chunk.subarray(Math.min(3, end), end)))) return line;
    if (nl < 0) return line;
    start = nl + 1;
    line++;
  }
}

export function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
}

/**
 * The bytes [start, end) of a file, in chunks read into one reused buffer: no allocation per
 * chunk, so memory stays flat however large the file. A chunk is only valid until the next one
 * is asked for; consumers copy what they keep (decoding to a string does). Reads are synchronous:
 * for local files a 64 KiB read costs microseconds, where each asynchronous read costs a thread-pool
 * round trip (about ten times the whole read, measured).
 */
export async function* readFileChunks(path: string, start = 0, end = Infinity, chunkSize = 1 << 16): AsyncGenerator<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    let position = start;
    let chunks = 0;
    while (position < end) {
      const bytesRead = readSync(handle.fd, buffer, 0, Math.min(chunkSize, end - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
      // Let timers and I/O of the rest of the program run now and then.
      if (++chunks % 32 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await handle.close();
  }
}
