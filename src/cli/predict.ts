import { parse as parseShellWords } from 'shell-quote';
import { UsageError } from '../core/errors.js';

/** `--predict "cmd arg…"` as an argument list: quotes are honoured; no shell, no operators, no expansion. */
export function parsePredictCommand(text: string): string[] {
  const words = parseShellWords(text, (name) => `$${name}`);
  const argv: string[] = [];
  for (const w of words) {
    if (typeof w !== 'string') throw new UsageError(`--predict takes a command and its arguments, not shell syntax (${JSON.stringify(w)})`);
    argv.push(w);
  }
  if (argv.length === 0) throw new UsageError('--predict needs a command');
  return argv;
}
