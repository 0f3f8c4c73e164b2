/**
 * Splitting two JSONL files into parts that hold the same rows (by position), so that parts can
 * be read in parallel: a byte-level scan finds where each part starts in each file, counting rows
 * exactly as the reader does (a row is a line with a byte other than ASCII white space; a byte
 * order mark at the start is not content).
 */
import { promises as fs } from 'node:fs';
import { jsonlBatches, type Row, type RowFile, type RowSource } from './rows.js';
import { ioError, readFileChunks } from './rows-io.js';

/** Where a part starts in a file: its byte offset and the line number of that byte. */
export interface Cut {
  offset: number;
  line: number;
}

const WS = new Uint8Array(256);
WS[32] = WS[9] = WS[13] = WS[11] = WS[12] = 1;

/**
 * Scan a file's line ends; `onRow(rowsSoFar, offsetAfterNewline, linesSoFar)` is called after
 * every line end that completes a row, and stops the scan by returning true. Returns the rows
 * seen, counting a last row without a line end when the scan reached the end.
 */
async function scanRows(path: string, name: string, onRow: (rows: number, offset: number, lines: number) => boolean): Promise<number> {
  let rows = 0;
  let lines = 0;
  let content = false;
  let base = 0;
  try {
    for await (const chunk of readFileChunks(path, 0, Infinity, 1 << 20)) {
      let pos = 0;
      if (base === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) pos = 3;
      const n = chunk.length;
      while (pos < n) {
        if (!content) {
          const b = chunk[pos]!;
          if (b === 10) {
            lines++;
            pos++;
            continue;
          }
          if (WS[b] === 1) {
            pos++;
            continue;
          }
          content = true;
        }
        const nl = chunk.indexOf(10, pos);
        if (nl < 0) break;
        lines++;
        rows++;
        content = false;
        pos = nl + 1;
        if (onRow(rows, base + pos, lines)) return rows;
      }
      base += n;
    }
  } catch (err) {
    throw ioError(name, err);
  }
  return content ? rows + 1 : rows;
}

/**
 * Cut two JSONL files into `parts` parts holding the same row positions: by bytes in `a`, then
 * at the same row counts in `b`. Returns the starts of parts 2…n in each file (part 1 starts at 0,
 * line 1); when `b` has fewer rows, its later parts start at its end.
 */
export async function splitByRows(
  a: { path: string; name: string },
  b: { path: string; name: string },
  parts: number,
): Promise<{ a: Cut[]; b: Cut[] }> {
  const size = (await fs.stat(a.path)).size;
  const targets = Array.from({ length: parts - 1 }, (_, j) => Math.floor((size * (j + 1)) / parts));
  const cutsA: Cut[] = [];
  const rowsAt: number[] = [];
  if (targets.length > 0) {
    await scanRows(a.path, a.name, (rows, offset, lines) => {
      while (cutsA.length < targets.length && offset > targets[cutsA.length]!) {
        cutsA.push({ offset, line: lines + 1 });
        rowsAt.push(rows);
      }
      return cutsA.length === targets.length;
    });
  }
  // A file shorter than its targets (few long rows): the remaining parts start at its end.
  while (cutsA.length < targets.length) {
    cutsA.push({ offset: size, line: Number.MAX_SAFE_INTEGER });
    rowsAt.push(Number.MAX_SAFE_INTEGER);
  }
  const cutsB: Cut[] = [];
  const sizeB = (await fs.stat(b.path)).size;
  if (rowsAt.length > 0) {
    await scanRows(b.path, b.name, (rows, offset, lines) => {
      while (cutsB.length < rowsAt.length && rows === rowsAt[cutsB.length]) cutsB.push({ offset, line: lines + 1 });
      return cutsB.length === rowsAt.length;
    });
  }
  while (cutsB.length < rowsAt.length) cutsB.push({ offset: sizeB, line: Number.MAX_SAFE_INTEGER });
  return { a: cutsA, b: cutsB };
}

/**
 * The rows of a byte range [start, end) of a plain JSONL file whose first byte is on `firstLine`.
 * With `maxLineChars`, a longer line throws LineTooLongError (a worker with a small heap gives up).
 */
export function rowsFromRange(file: RowFile, name: string, start: number, end: number, firstLine: number, maxLineChars?: number): RowSource<unknown> {
  async function* batches(): AsyncGenerator<Row<unknown>[]> {
    if (end <= start) return;
    yield* jsonlBatches(name, readFileChunks(file.path, start, end, 1 << 16), file.values, firstLine, maxLineChars);
  }
  return {
    name,
    batches,
    async *rows() {
      for await (const b of batches()) yield* b;
    },
  };
}

/**
 * Do two plain files hold the same bytes? Compared chunk by chunk (no hashing), stopping at the
 * first difference; when they are the same, also how many rows (non-blank lines) they hold.
 */
export async function sameBytes(a: { path: string; name: string }, b: { path: string; name: string }): Promise<{ same: boolean; rows: number }> {
  let sizeA: number;
  let sizeB: number;
  try {
    [sizeA, sizeB] = await Promise.all([fs.stat(a.path), fs.stat(b.path)]).then((s) => s.map((x) => x.size) as [number, number]);
  } catch {
    return { same: false, rows: 0 }; // the readers report it properly
  }
  if (sizeA !== sizeB) return { same: false, rows: 0 };
  const chunk = 1 << 20;
  const ib = readFileChunks(b.path, 0, Infinity, chunk);
  try {
    for await (const ca of readFileChunks(a.path, 0, Infinity, chunk)) {
      const nb = await ib.next();
      if (nb.done || !ca.equals(nb.value)) return { same: false, rows: 0 };
    }
  } catch (err) {
    throw ioError(a.name, err);
  } finally {
    await ib.return(undefined);
  }
  return { same: true, rows: await scanRows(a.path, a.name, () => false) };
}
