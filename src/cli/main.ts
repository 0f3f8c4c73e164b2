#!/usr/bin/env node
import { runCommandLine } from './commands.js';

// A reader that stops early (`… | head`) closes the pipe: stop writing to it, quietly, and let
// the run end with its own exit code. Without a listener Node throws EPIPE with a stack trace.
const closed = { stdout: false, stderr: false };
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      closed[name] = true;
      return;
    }
    throw err;
  });
}

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const code = await runCommandLine(process.argv.slice(2), {
  stdout: (t) => {
    if (!closed.stdout) process.stdout.write(t);
  },
  stderr: (t) => {
    if (!closed.stderr) process.stderr.write(t);
  },
  color,
  timings: process.env.MODEL_CONTRACT_GATE_TIMINGS === '1',
});
process.exitCode = code;
