/**
 * Predictions from a command, for teams that do not commit them: the command runs with the
 * reference inputs as JSONL on its standard input and prints one JSON prediction per line on its
 * standard output, in input order. It is started from an argument list, never through a shell.
 * Only the workflow author or the person at the terminal can name the command; a contract cannot.
 */
import { spawn } from 'node:child_process';
import { InputError } from '../core/errors.js';
import { batchesOf, jsonlBatches, type Row, type RowSource } from './rows.js';
import { stringifyJsonLine } from './rows-json.js';
import { fsErrorWords } from './files.js';

export interface PredictOptions {
  /** Folder the command runs in. */
  cwd: string;
  /** Wall-clock limit for the whole run; default 300,000 ms. */
  timeoutMs?: number;
  /** Limit on what the command may print; default 1 GiB. */
  maxOutputBytes?: number;
  /** Environment of the command; default this process's. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_PREDICT_TIMEOUT_MS = 300_000;
export const DEFAULT_PREDICT_MAX_OUTPUT = 1024 * 1024 * 1024;

/** How a command is named in messages: `predictions of "python predict.py"`. */
export function commandName(command: readonly string[]): string {
  const text = command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) === 0) return `${bytes / 1024 / 1024 / 1024} GiB`;
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  return `${bytes} bytes`;
}

/** Lines of the command's standard error shown with a failure. */
export const STDERR_TAIL_LINES = 20;
const STDERR_LINE_CHARS = 300;

/**
 * The last lines the command printed on its standard error, quoted ("  | ") so that they read as
 * the command's output, not ours. Node's own stack frames (node:internal) say nothing about the
 * command and are left out; control characters are shown as escapes, never sent to the terminal.
 */
export function stderrTail(text: string, n = STDERR_TAIL_LINES): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => !l.includes('node:internal'));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines
    .slice(-n)
    .map((l) => {
      // C0 and C1 controls (ESC sequences included) and bidirectional overrides.
      const safe = l.replace(
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      if (safe === '') return '  |';
      return '  | ' + (safe.length > STDERR_LINE_CHARS ? safe.slice(0, STDERR_LINE_CHARS - 1) + '…' : safe);
    })
    .join('\n');
}

const SIGNAL_HINTS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'often the system stopping it for want of memory',
  SIGSEGV: 'a crash in native code',
  SIGABRT: 'it aborted',
  SIGTERM: 'it was asked to stop',
};

/** What happened to the command, where it ran, and the end of its standard error, in words. */
function explained(what: string, cwd: string, stderr: string): string {
  const tail = stderrTail(stderr);
  return tail === ''
    ? `${what} (it ran in ${cwd}) and printed nothing on its standard error`
    : `${what} (it ran in ${cwd}); the last lines of its standard error:\n${tail}`;
}

/**
 * The command's predictions for `inputs`, as a row source. Each read runs the command anew.
 * Errors (all InputError, exit code 2): the command cannot start, exits non-zero or by a signal,
 * runs out of time, prints too much, prints a line that is not JSON, or prints a different
 * number of predictions than there are input rows.
 */
export function predictRows(command: readonly string[], inputs: RowSource<unknown>, opts: PredictOptions): RowSource<unknown> {
  const name = `predictions of "${commandName(command)}"`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PREDICT_TIMEOUT_MS;
  const maxOutput = opts.maxOutputBytes ?? DEFAULT_PREDICT_MAX_OUTPUT;

  async function* batches(): AsyncGenerator<Row<unknown>[]> {
    const program = command[0];
    if (program === undefined || program === '') throw new InputError(name, 'the prediction command is empty');
    const child = spawn(program, command.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    let spawnError: NodeJS.ErrnoException | undefined;
    let killedFor: 'timeout' | 'output' | 'stopped' | undefined;
    const kill = (why: typeof killedFor) => {
      killedFor ??= why;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('error', (err) => {
        spawnError = err;
        resolve({ code: null, signal: null });
      });
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-32768);
    });
    child.stdin.on('error', () => {
      /* EPIPE when the command stops reading: its exit status tells the story */
    });

    // Feed the inputs while the predictions are read, so that neither pipe can fill up and stall.
    let inputRows = 0;
    let feedError: unknown;
    const feeding = (async () => {
      try {
        for await (const batch of batchesOf(inputs)) {
          let text = '';
          for (const row of batch) text += stringifyJsonLine(row.value) + '\n';
          inputRows += batch.length;
          if (child.stdin.destroyed || child.stdin.writableEnded) return;
          if (!child.stdin.write(text)) {
            await new Promise<void>((resolve) => {
              const done = () => {
                child.stdin.off('drain', done);
                child.stdin.off('close', done);
                resolve();
              };
              child.stdin.on('drain', done);
              child.stdin.on('close', done);
            });
          }
        }
        if (!child.stdin.destroyed) child.stdin.end();
      } catch (err) {
        feedError = err;
        kill('stopped');
      }
    })();

    let outBytes = 0;
    async function* stdout(): AsyncGenerator<Buffer> {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        outBytes += chunk.length;
        if (outBytes > maxOutput) {
          kill('output');
          return;
        }
        yield chunk;
      }
    }

    const failure = (status: { code: number | null; signal: NodeJS.Signals | null }): InputError | undefined => {
      if (feedError !== undefined)
        return feedError instanceof InputError ? feedError : new InputError(inputs.name, `cannot read the inputs: ${(feedError as Error).message}`);
      if (spawnError) {
        const why =
          spawnError.code === 'ENOENT' ? 'the program was not found' : spawnError.code === 'EACCES' ? 'permission denied' : fsErrorWords(spawnError);
        return new InputError(name, `cannot run the command: ${why}`);
      }
      const tell = (what: string) => new InputError(name, explained(what, opts.cwd, stderr));
      if (killedFor === 'timeout') return tell(`the command did not finish within ${timeoutMs / 1000} s and was stopped`);
      if (killedFor === 'output') return tell(`the command printed more than ${sizeText(maxOutput)} and was stopped`);
      if (status.signal) {
        const hint = SIGNAL_HINTS[status.signal];
        return tell(`the command was killed by signal ${status.signal}${hint ? ` (${hint})` : ''}`);
      }
      if (status.code !== 0 && status.code !== null) return tell(`the command exited with code ${status.code}`);
      return undefined;
    };

    let predictions = 0;
    let finished = false;
    try {
      try {
        for await (const batch of jsonlBatches(name, stdout(), 'any', 1)) {
          predictions += batch.length;
          yield batch;
        }
      } catch (err) {
        // A crash that left half a line behind is better told by its exit status.
        const status = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 1000).unref())]);
        const f = status && failure(status);
        if (f) throw f;
        throw err;
      }
      const status = await exited;
      await feeding;
      const f = failure(status);
      if (f) throw f;
      if (predictions !== inputRows) {
        throw new InputError(
          name,
          `the command printed ${predictions} prediction${predictions === 1 ? '' : 's'} for ${inputRows} input row${inputRows === 1 ? '' : 's'}; one line per input row is expected`,
        );
      }
      finished = true;
    } finally {
      clearTimeout(timer);
      if (!finished) kill('stopped');
    }
  }

  return {
    name,
    batches,
    async *rows() {
      for await (const b of batches()) yield* b;
    },
  };
}
