/**
 * Positional pairing: two prediction sources read in lockstep, each pair handed to the comparator
 * and the schema checks. Pure: the sources are whatever the caller opened.
 */
import { batchesOf, type Row, type RowSource } from '../../core/rows.js';
import type { Comparator, SchemaChecks } from './comparator.js';

/** What a positional pass over two prediction sources counted. */
export interface PositionalCounts {
  paired: number;
  baseOnly: number;
  headOnly: number;
  firstOnlyBase?: number;
  firstOnlyHead?: number;
}

/** Pair two sources row by row; leftovers on either side go to `onlyA`/`onlyB`. */
export async function lockstep<A, B>(
  a: RowSource<A>,
  b: RowSource<B>,
  pair: (x: Row<A>, y: Row<B>) => void,
  onlyA: (x: Row<A>) => void,
  onlyB: (y: Row<B>) => void,
): Promise<void> {
  const ia = batchesOf(a)[Symbol.asyncIterator]();
  const ib = batchesOf(b)[Symbol.asyncIterator]();
  let ba: Row<A>[] = [];
  let bb: Row<B>[] = [];
  let pa = 0;
  let pb = 0;
  let doneA = false;
  let doneB = false;
  try {
    for (;;) {
      const needA = pa >= ba.length && !doneA;
      const needB = pb >= bb.length && !doneB;
      if (needA || needB) {
        const [ra, rb] = await Promise.all([needA ? ia.next() : undefined, needB ? ib.next() : undefined]);
        if (ra) {
          if (ra.done) doneA = true;
          else [ba, pa] = [ra.value, 0];
        }
        if (rb) {
          if (rb.done) doneB = true;
          else [bb, pb] = [rb.value, 0];
        }
        continue;
      }
      if (pa < ba.length && pb < bb.length) {
        const n = Math.min(ba.length - pa, bb.length - pb);
        for (let i = 0; i < n; i++) pair(ba[pa + i]!, bb[pb + i]!);
        pa += n;
        pb += n;
        continue;
      }
      if (pa < ba.length) {
        for (; pa < ba.length; pa++) onlyA(ba[pa]!);
        continue;
      }
      if (pb < bb.length) {
        for (; pb < bb.length; pb++) onlyB(bb[pb]!);
        continue;
      }
      return;
    }
  } finally {
    if (!doneA) await ia.return?.(undefined);
    if (!doneB) await ib.return?.(undefined);
  }
}

/** Rows between two full garbage collections in a worker (see `collector`). */
export const GC_EVERY_ROWS = 1 << 17;

/**
 * Compare two prediction sources by position; `compare` false only validates the head and counts.
 * `collect`, when given, runs every GC_EVERY_ROWS row pairs.
 */
export async function comparePositional(
  base: RowSource<unknown>,
  head: RowSource<unknown>,
  comparator: Comparator,
  schemas: SchemaChecks,
  compare: boolean,
  collect?: () => void,
): Promise<PositionalCounts> {
  const c: PositionalCounts = { paired: 0, baseOnly: 0, headOnly: 0 };
  await lockstep(
    base,
    head,
    compare
      ? (x, y) => {
          if (++c.paired % GC_EVERY_ROWS === 0 && collect) collect();
          comparator.add(x.value, y.value, x.line, y.line, undefined);
          schemas.check(y.value, y.line, undefined);
        }
      : (_x, y) => {
          c.paired++;
          schemas.check(y.value, y.line, undefined);
        },
    (x) => {
      c.baseOnly++;
      c.firstOnlyBase ??= x.line;
    },
    (y) => {
      c.headOnly++;
      c.firstOnlyHead ??= y.line;
      schemas.check(y.value, y.line, undefined);
    },
  );
  return c;
}
