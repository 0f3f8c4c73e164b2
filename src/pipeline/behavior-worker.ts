/**
 * The behavior analyser's worker thread: compares one part of two prediction files (see
 * behavior-driver.ts). Bundled on its own as `behavior-worker.mjs`, beside the bundle that runs the
 * analyser.
 */
import { parentPort } from 'node:worker_threads';
import { collector, runRange, serialiseError, type RangeTask } from './behavior-driver.js';

parentPort?.once('message', (task: RangeTask) => {
  runRange(task, collector()).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: unknown) => parentPort!.postMessage({ ok: false, error: serialiseError(err) }),
  );
});
