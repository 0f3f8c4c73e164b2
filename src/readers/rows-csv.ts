/**
 * CSV rows with csv-parse's streaming parser: RFC 4180 quoting (quoted fields may hold commas,
 * quotes and line breaks), LF or CRLF line ends, a UTF-8 byte order mark ignored, blank lines
 * skipped. The first row is the header; every other row must have as many fields.
 *
 * Values: an unquoted field that reads as a JSON number (`1`, `-2.5e3`) or is one of `NaN`,
 * `Infinity`, `-Infinity` (also `nan`, `inf`, `-inf`, as numpy and pandas write them) becomes a
 * number; an unquoted empty field becomes null; everything else, and every quoted field, stays a
 * string: `"1"` (quoted) and `007` (not a JSON number) are both strings.
 *
 * Limits, as for JSONL: no line, and no row (a quoted field may span lines), longer than
 * MAX_LINE_CHARS; a longer one is an error naming the line, found before it is held in memory.
 */
import { Transform, pipeline } from 'node:stream';
import { parse, type CastingContext } from 'csv-parse';
import { InputError } from '../core/errors.js';
import type { Row } from './rows.js';
import { MAX_LINE_CHARS, badUtf8Line, ioError } from './rows-io.js';

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL: Record<string, number> = {
  NaN: NaN,
  nan: NaN,
  Infinity: Infinity,
  inf: Infinity,
  '-Infinity': -Infinity,
  '-inf': -Infinity,
};

/** The value of one CSV field. */
export function csvValue(text: string, quoted: boolean): string | number | null {
  if (quoted) return text;
  if (text === '') return null;
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45) {
    if (NUMBER.test(text)) return Number(text);
  }
  const special = Object.prototype.hasOwnProperty.call(SPECIAL, text) ? SPECIAL[text] : undefined;
  return special ?? text;
}

interface CsvRecord {
  record: (string | number | null)[];
  raw: string;
}

const BATCH = 2048;

export async function* csvBatches(name: string, open: () => NodeJS.ReadableStream): AsyncGenerator<Row<unknown>[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let newlines = 0;
  let lineBytes = 0; // bytes of the line not yet ended
  const tooLong = (line: number) => new InputError(name, `line is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB`, { line });
  const validate = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        cb(new InputError(name, 'is not valid UTF-8', { line: badUtf8Line(chunk, newlines) }));
        return;
      }
      // The length of the current line, checked as the bytes arrive: csv-parse's own record limit
      // does not count delimiters, so a line of a hundred million empty fields would pass it.
      let start = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
        if (lineBytes + (i - start) > MAX_LINE_CHARS) {
          cb(tooLong(newlines + 1));
          return;
        }
        lineBytes = 0;
        start = i + 1;
        newlines++;
      }
      lineBytes += chunk.length - start;
      if (lineBytes > MAX_LINE_CHARS) {
        cb(tooLong(newlines + 1));
        return;
      }
      cb(null, chunk);
    },
    flush(cb) {
      try {
        decoder.decode();
        cb();
      } catch {
        cb(new InputError(name, 'is not valid UTF-8 (it ends inside a character)', { line: newlines + 1 }));
      }
    },
  });
  const parser = parse({
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // A row whose quoted fields span many short lines: csv-parse stops it as it grows.
    max_record_size: MAX_LINE_CHARS,
    cast: (value: string, ctx: CastingContext) => csvValue(value, ctx.quoting),
  });

  let source: NodeJS.ReadableStream;
  try {
    source = open();
  } catch (err) {
    throw ioError(name, err);
  }
  let failure: unknown;
  pipeline(source as unknown as NodeJS.ReadableStream, validate, parser, (err) => {
    if (err) failure ??= err;
  });

  let header: string[] | undefined;
  let nextLine = 1; // the line the next record starts on
  let batch: Row<unknown>[] = [];
  try {
    for await (const item of parser as AsyncIterable<CsvRecord>) {
      const { record, raw } = item;
      const line = nextLine;
      // Lines the record spans: its line breaks, counting a CRLF once (csv-parse leaves the LF out of `raw`).
      let breaks = 0;
      for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) breaks++;
      if (raw.endsWith('\r')) breaks++;
      nextLine += breaks;
      if (record.length === 1 && record[0] === null) continue; // a blank line
      if (header === undefined) {
        header = record.map((h) => (h === null ? '' : String(h)));
        const seen = new Set<string>();
        for (const h of header) {
          if (seen.has(h)) throw new InputError(name, `the header names the column "${h}" twice`, { line });
          seen.add(h);
        }
        continue;
      }
      if (record.length !== header.length) {
        throw new InputError(name, `the row has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${header.length}`, {
          line,
        });
      }
      const value: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) {
        const h = header[i]!;
        if (h === '__proto__') Object.defineProperty(value, h, { value: record[i], enumerable: true, writable: true, configurable: true });
        else value[h] = record[i];
      }
      batch.push({ line, value });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    throw csvError(name, failure ?? err, nextLine);
  }
  if (failure) throw csvError(name, failure, nextLine);
  if (batch.length > 0) yield batch;
}

function csvError(name: string, err: unknown, line: number): InputError {
  if (err instanceof InputError) return err;
  const e = err as { code?: string; message?: string; lines?: number };
  if (e?.code === 'CSV_MAX_RECORD_SIZE')
    return new InputError(name, `the row (its quoted fields span lines) is longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB`, { line });
  if (typeof e?.code === 'string' && (e.code.startsWith('CSV_') || e.code.startsWith('INVALID_'))) {
    const msg = (e.message ?? '').replace(/\s+/g, ' ').replace(/, value is .*$/, '');
    return new InputError(name, `not valid CSV: ${msg}`, { line: typeof e.lines === 'number' && e.lines > 0 ? e.lines : line });
  }
  return ioError(name, err, line);
}
