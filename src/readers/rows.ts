/**
 * Streaming readers for reference datasets: JSONL (also `.ndjson`) and CSV, each optionally
 * gzip-compressed. Rows come out in batches of one read chunk; nothing holds more than the
 * current chunk, so memory does not grow with the number of rows.
 *
 * JSONL: one JSON value per line; blank lines are skipped; a UTF-8 byte order mark is ignored;
 * CRLF line ends are accepted. Besides standard JSON, the bare tokens `NaN`, `Infinity` and
 * `-Infinity` are read as numbers, because Python's `json` module writes them by default.
 * CSV: see rows-csv.ts.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isAscii } from 'node:buffer';
import { InputError } from '../core/errors.js';
import { JsonSyntaxError, parseJsonLine } from './rows-json.js';
import { csvBatches } from './rows-csv.js';
import { MAX_LINE_CHARS, badUtf8Line, ioError, openStream, readFileChunks, toBuffer } from './rows-io.js';
import type { Row, RowFormat, RowSource, RowValues } from '../core/rows.js';

// The row types are the analysers' too; they live in the core.
export type { Row, RowFile, RowFormat, RowSource, RowValues } from '../core/rows.js';
export { batchesOf } from '../core/rows.js';

export interface RowOptions {
  /** Default: from the name (`.jsonl`, `.ndjson`, `.csv`, each optionally `.gz`). */
  format?: RowFormat;
  /** Default `objects`: a row that is not a JSON object is an error. */
  values?: RowValues;
  /** Default: from the name (`.gz`). */
  gzip?: boolean;
}

export { MAX_LINE_CHARS } from './rows-io.js';

const CHUNK = 1 << 16;

/** Format and compression from a file name. */
export function formatOf(name: string): { format: RowFormat; gzip: boolean } {
  const lower = name.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) return { format: 'jsonl', gzip };
  if (base.endsWith('.csv')) return { format: 'csv', gzip };
  throw new InputError(name, 'cannot tell the format from the name: use .jsonl, .ndjson or .csv (optionally .gz)');
}

function normalise(name: string, options: RowFormat | RowOptions | undefined): { format: RowFormat; gzip: boolean; values: RowValues } {
  const o: RowOptions = typeof options === 'string' ? { format: options } : (options ?? {});
  let format = o.format;
  let gzip = o.gzip;
  if (format === undefined || gzip === undefined) {
    if (format !== undefined) gzip ??= name.toLowerCase().endsWith('.gz');
    else {
      const f = formatOf(name);
      format = f.format;
      gzip ??= f.gzip;
    }
  }
  return { format, gzip: gzip ?? false, values: o.values ?? 'objects' };
}

/** Rows from a stream that `open` creates anew for every read. */
export function rowsFromStream(name: string, open: () => NodeJS.ReadableStream, options?: RowFormat | RowOptions): RowSource<Record<string, unknown>>;
export function rowsFromStream(name: string, open: () => NodeJS.ReadableStream, options: RowOptions & { values: 'any' }): RowSource<unknown>;
export function rowsFromStream(name: string, open: () => NodeJS.ReadableStream, options?: RowFormat | RowOptions): RowSource<unknown> {
  const o = normalise(name, options);
  return makeSource(name, open, o);
}

/** Rows from a file on disk, named `name` (default: the path) in messages. */
export function rowsFromFile(path: string, options?: RowOptions & { name?: string }): RowSource<Record<string, unknown>>;
export function rowsFromFile(path: string, options: RowOptions & { name?: string; values: 'any' }): RowSource<unknown>;
export function rowsFromFile(path: string, options: RowOptions & { name?: string } = {}): RowSource<unknown> {
  const name = options.name ?? path;
  const o = normalise(path, options);
  // Plain files are read into one reused buffer (flat memory); compressed ones stream through gunzip.
  const chunks = o.gzip ? undefined : () => readFileChunks(path, 0, Infinity, CHUNK);
  const src = makeSource(name, () => createReadStream(path, { highWaterMark: CHUNK }), o, chunks);
  return { ...src, file: { path, format: o.format, gzip: o.gzip, values: o.values } };
}

/** Rows held in memory (tests, small generated sets); lines are 1, 2, 3, … */
export function rowsFromValues<V>(name: string, values: readonly V[]): RowSource<V> {
  const batch = (): Row<V>[] => values.map((value, i) => ({ line: i + 1, value }));
  return {
    name,
    async *rows() {
      yield* batch();
    },
    async *batches() {
      if (values.length > 0) yield batch();
    },
  };
}

function makeSource(
  name: string,
  open: () => NodeJS.ReadableStream,
  o: { format: RowFormat; gzip: boolean; values: RowValues },
  /** The (decompressed) bytes, when there is a faster way to them than the stream. */
  chunks?: () => AsyncIterable<unknown>,
): RowSource<unknown> {
  const stream = () => openStream(name, open, o.gzip);
  const bytes = chunks ?? stream;
  async function* batches(): AsyncGenerator<Row<unknown>[]> {
    if (o.format === 'csv') yield* csvBatches(name, stream);
    else yield* jsonlBatches(name, bytes(), o.values, 1);
  }
  return {
    name,
    batches,
    async *rows() {
      for await (const b of batches()) yield* b;
    },
    fingerprint: () => fingerprint(name, bytes, o.format, batches),
  };
}

/**
 * JSONL rows, one batch per read chunk. `firstLine` is the line number of the stream's first
 * byte (a byte range of a file starts mid-file).
 */
export async function* jsonlBatches(
  name: string,
  stream: AsyncIterable<unknown>,
  values: RowValues,
  firstLine: number,
  /** A longer line is an error: an InputError at the default limit, else a LineTooLongError (the caller picks another way). */
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<Row<unknown>[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const objects = values === 'objects';
  let carry = '';
  let line = firstLine - 1; // lines completed so far
  let atStart = firstLine === 1; // a byte order mark here is dropped
  let clean = true; // the decoder holds no partial character
  const parse = (s: string, at: number): unknown => {
    let v: unknown;
    try {
      v = parseJsonLine(s);
    } catch (err) {
      const column = err instanceof JsonSyntaxError ? err.column : 1;
      throw new InputError(name, `not valid JSON: ${(err as Error).message}`, { line: at, column });
    }
    if (objects && (v === null || typeof v !== 'object' || Array.isArray(v))) {
      throw new InputError(
        name,
        `not a JSON object (each line must hold one object, found ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v})`,
        { line: at },
      );
    }
    return v;
  };
  /** Add the line text[pos, end) (its LF excluded) to the batch unless it is blank. */
  const tooLong = (at: number): Error =>
    maxLineChars === MAX_LINE_CHARS
      ? new InputError(name, `line is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB`, { line: at })
      : new LineTooLongError(name, at, maxLineChars);
  const take = (text: string, pos: number, end: number, batch: Row<unknown>[]) => {
    line++;
    if (end - pos > maxLineChars) throw tooLong(line);
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (end > pos && !isBlank(text, pos, end)) batch.push({ line, value: parse(text.slice(pos, end), line) });
  };
  try {
    for await (const raw of stream) {
      const chunk = toBuffer(raw);
      let text: string;
      if (clean && isAscii(chunk)) {
        // Pure ASCII (the common case): no decoder needed, one byte per character.
        text = chunk.toString('latin1');
      } else {
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new InputError(name, 'is not valid UTF-8', { line: badUtf8Line(chunk, line) });
        }
      }
      clean = chunk.length === 0 || chunk[chunk.length - 1]! < 0x80;
      if (atStart && text.length > 0) {
        atStart = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const batch: Row<unknown>[] = [];
      let pos = 0;
      if (carry.length > 0) {
        // Finish the line the previous chunk left open, without copying the whole chunk.
        const nl = text.indexOf('\n');
        if (nl < 0) {
          carry += text;
          if (carry.length > maxLineChars) throw tooLong(line + 1);
          continue;
        }
        const first = carry + text.slice(0, nl);
        carry = '';
        take(first, 0, first.length, batch);
        pos = nl + 1;
      }
      for (;;) {
        const nl = text.indexOf('\n', pos);
        if (nl < 0) break;
        take(text, pos, nl, batch);
        pos = nl + 1;
      }
      carry = pos >= text.length ? '' : text.slice(pos);
      if (carry.length > maxLineChars) throw tooLong(line + 1);
      if (batch.length > 0) yield batch;
    }
    let rest: string;
    try {
      rest = carry + decoder.decode();
    } catch {
      throw new InputError(name, 'is not valid UTF-8 (it ends inside a character)', { line: line + 1 });
    }
    if (rest.length > 0) {
      const batch: Row<unknown>[] = [];
      take(rest, 0, rest.length, batch);
      if (batch.length > 0) yield batch;
    }
  } catch (err) {
    throw err instanceof LineTooLongError ? err : ioError(name, err, line + 1);
  }
}

/** A line longer than a reader was asked to accept (not bad input: the caller reads the file another way). */
export class LineTooLongError extends Error {
  readonly code = 'ROWS_LINE_TOO_LONG';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly limit: number,
  ) {
    super(`${file}:${line}: a line is longer than ${limit} characters`);
    this.name = 'LineTooLongError';
  }
}

/** A line of only ASCII white space (space, tab, CR, VT, FF): skipped, as the byte-level row count skips it. */
function isBlank(text: string, pos: number, end: number): boolean {
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 13 || c === 11 || c === 12)) return false;
  }
  return true;
}

const WS = new Uint8Array(256);
WS[32] = WS[9] = WS[13] = WS[11] = WS[12] = 1;

async function fingerprint(
  name: string,
  open: () => AsyncIterable<unknown>,
  format: RowFormat,
  batches: () => AsyncIterable<Row<unknown>[]>,
): Promise<{ sha256: string; rows: number }> {
  const hash = createHash('sha256');
  let rows = 0;
  let content = false; // the current line has a non-blank byte
  let first = true;
  // CSV rows are counted by parsing, first: a bad file (a line too long) fails before all of it is hashed.
  if (format === 'csv') {
    for await (const b of batches()) rows += b.length;
  }
  try {
    for await (const raw of open()) {
      const chunk = toBuffer(raw);
      hash.update(chunk);
      if (format !== 'jsonl') continue;
      let pos = 0;
      if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) pos = 3;
      first = false;
      const n = chunk.length;
      while (pos < n) {
        if (!content) {
          const b = chunk[pos]!;
          if (b === 10 || WS[b] === 1) {
            pos++;
            continue;
          }
          content = true;
        }
        const nl = chunk.indexOf(10, pos);
        if (nl < 0) break;
        rows++;
        content = false;
        pos = nl + 1;
      }
    }
  } catch (err) {
    throw ioError(name, err);
  }
  if (content) rows++;
  return { sha256: hash.digest('hex'), rows };
}
