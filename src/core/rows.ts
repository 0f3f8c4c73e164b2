/** Rows of a reference dataset as the analysers see them: a re-readable source, whatever reads it. */

export type RowFormat = 'jsonl' | 'csv';

/** What a row may be: `objects` (a request, a CSV row) or `any` JSON value (a model's output may be a list). */
export type RowValues = 'objects' | 'any';

/** One row of a reference file. */
export interface Row<V = Record<string, unknown>> {
  /** 1-based line of the file the row starts on (for CSV, the data row's own line). */
  line: number;
  value: V;
}

/** Where a source's rows come from, when it is a plain file (lets the work be split by byte range). */
export interface RowFile {
  path: string;
  format: RowFormat;
  gzip: boolean;
  values: RowValues;
}

/** A re-readable sequence of rows, named as messages should name it. */
export interface RowSource<V = Record<string, unknown>> {
  /** How the file is named in messages. */
  readonly name: string;
  /** Every row, in file order. Each call reads the source anew. */
  rows(): AsyncIterable<Row<V>>;
  /** The same rows, a chunk at a time: the fast path for hot loops. */
  batches?(): AsyncIterable<Row<V>[]>;
  /**
   * sha256 of the (decompressed) bytes and the number of rows. For JSONL the rows are counted
   * as non-blank lines without parsing them.
   */
  fingerprint?(): Promise<{ sha256: string; rows: number }>;
  /** Present when the rows come from a plain file. */
  readonly file?: RowFile;
}

/** A source's rows in batches: its own batches when it has them, else its rows grouped. */
export async function* batchesOf<V>(source: RowSource<V>, size = 1024): AsyncGenerator<Row<V>[]> {
  if (source.batches) {
    yield* source.batches();
    return;
  }
  let batch: Row<V>[] = [];
  for await (const row of source.rows()) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
