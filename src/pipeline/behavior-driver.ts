/**
 * Positional pairing, split across threads. Two plain JSONL prediction files are cut into parts
 * that hold the same row positions (a byte scan, no parsing); each part is compared in a worker
 * thread with the same comparator as the single-threaded path, and the parts' fixed-size states
 * are merged. Everything that reports "the first rows" orders by line, so the result does not
 * depend on the split (means may differ in the last bits of floating point).
 *
 * This is the behavior analyser's I/O (the analyser itself, in analysers/behavior, only sees
 * rows): the byte-level comparison of plain files, and the worker threads. The worker is a
 * separate script (behavior-worker.ts bundled as `behavior-worker.mjs` beside the bundle that
 * contains this module). When it is not there (tests run from source), the analyser runs in one
 * thread.
 */
import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { RowFile, RowSource } from '../core/rows.js';
import { rowsFromRange, sameBytes, splitByRows } from '../readers/rows-split.js';
import {
  analyseBehavior,
  type BehaviorInput,
  type BehaviorIo,
  type BehaviorResult,
  type PositionalWorkers,
  type SharedTask,
} from '../analysers/behavior/analyse.js';
import { Comparator, SchemaChecks, type ComparatorState } from '../analysers/behavior/comparator.js';
import { comparePositional, type PositionalCounts } from '../analysers/behavior/positional.js';
import { compileOutputSchema } from '../analysers/behavior/schema.js';
import { compileTolerances } from '../analysers/behavior/tolerances.js';
import type { SchemaCheck } from '../analysers/behavior/types.js';

/** One part of the work, as sent to a worker (structured-cloneable). */
export interface RangeTask extends SharedTask {
  base: { file: RowFile; name: string; start: number; end: number; firstLine: number };
  head: { file: RowFile; name: string; start: number; end: number; firstLine: number };
  /** Longest line a worker reads; a longer one sends the work back to the main thread. */
  maxLineChars?: number;
}

export interface RangeResult {
  counts: PositionalCounts;
  comparator: ComparatorState;
  schemas: { head: SchemaCheck; base: SchemaCheck };
}

/**
 * A full garbage collection, where this thread may have one: a worker asks for it now and then,
 * which keeps its heap near its live size (measured: otherwise V8 lets a worker's old space and
 * its own malloc'd memory grow for a second or two before collecting, which shows as RSS growing
 * with the row count). Costs a few milliseconds per call.
 */
export function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Compare one part (what a worker runs; also callable in-process). */
export async function runRange(task: RangeTask, collect?: () => void): Promise<RangeResult> {
  const specs = compileTolerances(task.tolerances, task.contractFile);
  const headSchema = compileOutputSchema(task.headSchema);
  const baseSchema = task.baseSchema === null ? headSchema : compileOutputSchema(task.baseSchema);
  const comparator = new Comparator(specs);
  const schemas = new SchemaChecks(headSchema, baseSchema, task.baseSchema === null);
  const b = task.base;
  const h = task.head;
  const counts = await comparePositional(
    rowsFromRange(b.file, b.name, b.start, b.end, b.firstLine, task.maxLineChars),
    rowsFromRange(h.file, h.name, h.start, h.end, h.firstLine, task.maxLineChars),
    comparator,
    schemas,
    true,
    collect,
  );
  return { counts, comparator: comparator.state(), schemas: schemas.state() };
}

export interface ParallelOptions {
  /** Threads to use; default: the machine's parallelism (at most 8), or MODEL_CONTRACT_GATE_THREADS. 1 turns threads off. */
  threads?: number;
  /** The bundled worker script; default `behavior-worker.mjs` beside this module's bundle. */
  workerScript?: string | URL;
  /** Smallest base predictions file worth splitting; default PARALLEL_MIN_BYTES (tests lower it). */
  minBytes?: number;
}

/** Below this size (of the base predictions) one thread is faster than starting others. */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

function defaultWorkerScript(): string | undefined {
  const dirs: string[] = [];
  try {
    dirs.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* not an ES module bundle */
  }
  try {
    if (typeof __dirname === 'string') dirs.push(__dirname);
  } catch {
    /* not CommonJS either */
  }
  for (const dir of dirs) {
    const candidate = path.join(dir, 'behavior-worker.mjs');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function threadCount(opts: ParallelOptions): number {
  const env = Number(process.env.MODEL_CONTRACT_GATE_THREADS);
  const wanted = opts.threads ?? (Number.isInteger(env) && env > 0 ? env : Math.min(availableParallelism(), 8));
  return Math.max(1, Math.floor(wanted));
}

interface SerialisedError {
  input: boolean;
  code?: string;
  file?: string;
  message: string;
  line?: number;
  column?: number;
  pointer?: string;
  stack?: string;
}

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof InputError)
    return { input: true, file: err.file, message: err.message, line: err.line, column: err.column, pointer: err.pointer };
  const e = err as Error & { code?: string };
  return { input: false, code: e?.code, message: e?.message ?? String(err), stack: e?.stack };
}

function revive(e: SerialisedError): Error {
  if (e.input) return new InputError(e.file ?? '', e.message, { line: e.line, column: e.column, pointer: e.pointer });
  const err = new Error(e.message) as Error & { code?: string };
  if (e.stack) err.stack = e.stack;
  if (e.code !== undefined) err.code = e.code;
  return err;
}

/** Worker threads started ahead of the work, while the files are being measured. */
export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  static start(script: string | URL, n: number): WorkerPool {
    const workers = Array.from(
      { length: n },
      () =>
        new Worker(script, {
          // Measured: a small young generation and a bounded old one keep each worker's memory
          // flat over millions of rows (V8 otherwise lets promoted garbage grow for seconds).
          // Lines are limited (WORKER_MAX_LINE) so that no single row can exhaust the heap; a
          // worker that meets a longer line, or runs out all the same, hands the work back.
          resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 },
        }),
    );
    for (const w of workers) w.on('error', () => {}); // reported through run()
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  run(tasks: RangeTask[]): Promise<RangeResult[]> {
    const results = tasks.map(
      (task, i) =>
        new Promise<RangeResult>((resolve, reject) => {
          const w = this.workers[i]!;
          w.once('message', (m: { ok: true; result: RangeResult } | { ok: false; error: SerialisedError }) => {
            if (m.ok) resolve(m.result);
            else reject(revive(m.error));
          });
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`the behavior worker stopped (exit code ${code})`)));
          w.postMessage(task);
        }),
    );
    // The first failing part in file order is the error a single thread would have met first.
    return Promise.allSettled(results).then((settled) => {
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return settled.map((s) => (s as PromiseFulfilledResult<RangeResult>).value);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The parts to give workers, when the sources allow splitting. */
export interface ParallelPlan {
  pool: WorkerPool;
  base: RowFile;
  head: RowFile;
}

/** Start workers when the work can be split: plain JSONL files, large enough, a worker script, more than one thread. */
async function startParallel(base: RowSource<unknown>, head: RowSource<unknown>, opts: ParallelOptions): Promise<ParallelPlan | undefined> {
  const threads = threadCount(opts);
  const bf = base.file;
  const hf = head.file;
  if (threads < 2 || !bf || !hf || bf.format !== 'jsonl' || hf.format !== 'jsonl' || bf.gzip || hf.gzip) return undefined;
  const script = opts.workerScript ?? defaultWorkerScript();
  if (script === undefined) return undefined;
  let size: number;
  try {
    size = (await fs.stat(bf.path)).size;
    await fs.stat(hf.path);
  } catch {
    return undefined; // the single-threaded reader reports it properly
  }
  if (size < (opts.minBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  return { pool: WorkerPool.start(script, threads), base: bf, head: hf };
}

/** The longest line a worker parses (its heap is small); a longer one sends the work to the main thread. */
export const WORKER_MAX_LINE = 256 * 1024;

/** A worker gave up for want of memory: the caller redoes the work in the main thread. */
function isWorkerOutOfMemory(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ERR_WORKER_OUT_OF_MEMORY' || code === 'ROWS_LINE_TOO_LONG';
}

/** Run the planned parts and merge them into `comparator` and `schemas` (untouched when it throws). */
async function runParallel(
  plan: ParallelPlan,
  names: { base: string; head: string },
  shared: SharedTask,
  comparator: Comparator,
  schemas: SchemaChecks,
): Promise<PositionalCounts> {
  const parts = plan.pool.size;
  const cuts = await splitByRows({ path: plan.base.path, name: names.base }, { path: plan.head.path, name: names.head }, parts);
  const [sizeA, sizeB] = await Promise.all([fs.stat(plan.base.path), fs.stat(plan.head.path)]).then((s) => s.map((x) => x.size) as [number, number]);
  const starts = (c: { offset: number; line: number }[]) => [{ offset: 0, line: 1 }, ...c];
  const sa = starts(cuts.a);
  const sb = starts(cuts.b);
  const tasks: RangeTask[] = sa.map((s, i) => ({
    maxLineChars: WORKER_MAX_LINE,
    ...shared,
    base: { file: plan.base, name: names.base, start: s.offset, end: i + 1 < sa.length ? sa[i + 1]!.offset : sizeA, firstLine: s.line },
    head: { file: plan.head, name: names.head, start: sb[i]!.offset, end: i + 1 < sb.length ? sb[i + 1]!.offset : sizeB, firstLine: sb[i]!.line },
  }));
  const results = await plan.pool.run(tasks);
  const counts: PositionalCounts = { paired: 0, baseOnly: 0, headOnly: 0 };
  for (const r of results) {
    comparator.merge(r.comparator);
    schemas.merge(r.schemas);
    counts.paired += r.counts.paired;
    counts.baseOnly += r.counts.baseOnly;
    counts.headOnly += r.counts.headOnly;
    if (r.counts.firstOnlyBase !== undefined) counts.firstOnlyBase = Math.min(counts.firstOnlyBase ?? Infinity, r.counts.firstOnlyBase);
    if (r.counts.firstOnlyHead !== undefined) counts.firstOnlyHead = Math.min(counts.firstOnlyHead ?? Infinity, r.counts.firstOnlyHead);
  }
  return counts;
}

/** The analyser's I/O: the bytes of plain files compared without parsing, and worker threads. */
export function behaviorIo(opts: ParallelOptions = {}): BehaviorIo {
  return {
    async sameInputs(base, head) {
      const bf = base.file;
      const hf = head.file;
      if (!bf || !hf || bf.format !== 'jsonl' || hf.format !== 'jsonl' || bf.gzip || hf.gzip) return undefined;
      return sameBytes({ path: bf.path, name: base.name }, { path: hf.path, name: head.name });
    },
    async startPositional(base: RowSource<unknown>, head: RowSource<unknown>): Promise<PositionalWorkers | undefined> {
      const plan = await startParallel(base, head, opts);
      if (!plan) return undefined;
      return {
        async run(shared, comparator, schemas) {
          try {
            return await runParallel(plan, { base: base.name, head: head.name }, shared, comparator, schemas);
          } catch (err) {
            if (isWorkerOutOfMemory(err)) return undefined;
            throw err;
          }
        },
        stop: () => plan.pool.stop(),
      };
    },
  };
}

/** The behavior analyser on sources read from files: splits the work across threads when it pays. */
export function analyseBehaviorFiles(input: BehaviorInput, options: ParallelOptions = {}): Promise<BehaviorResult> {
  return analyseBehavior(input, behaviorIo(options));
}
