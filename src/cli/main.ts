#!/usr/bin/env node
import { run } from './run.js';

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const code = await run(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  color,
});
process.exitCode = code;
