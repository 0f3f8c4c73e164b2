/**
 * docs/cli.md is the command-line reference, generated from the help texts (src/cli/help.ts), so
 * that it cannot drift: this test fails when they differ. To regenerate it after changing the help:
 *   UPDATE_CLI_DOCS=1 npx vitest run test/cli/cli-docs.test.ts
 * The help texts are tested against the options each command takes, both ways, and against the
 * help the CLI prints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED } from '../../src/cli/commands.js';
import { COMMANDS, HELP } from '../../src/cli/help.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const DOC = path.join(ROOT, 'docs/cli.md');

function cliReference(): string {
  const parts = [
    '# Command-line reference',
    '',
    '<!-- Generated from src/cli/help.ts by test/cli/cli-docs.test.ts: do not edit by hand. Regenerate with',
    '     UPDATE_CLI_DOCS=1 npx vitest run test/cli/cli-docs.test.ts -->',
    '',
    'Every command prints the same text with `--help`. A mistyped command or option gets the nearest',
    'one as a suggestion ("did you mean").',
    '',
    ...COMMANDS.map((c) => `- [\`${c}\`](#${c})`),
    '',
    '## Overview',
    '',
    '```text',
    HELP.main,
    '```',
  ];
  for (const c of COMMANDS) parts.push('', `## ${c}`, '', '```text', HELP[c], '```');
  return parts.join('\n') + '\n';
}

describe('docs/cli.md', () => {
  it('is the help texts, as generated', () => {
    const expected = cliReference();
    if (process.env.UPDATE_CLI_DOCS === '1') writeFileSync(DOC, expected);
    expect(readFileSync(DOC, 'utf8')).toBe(expected);
  });

  it.each(COMMANDS)('%s: the help lists every option the command takes, and no other', (c) => {
    // The option list: lines that start (after the indent) with an option.
    const named = new Set([...HELP[c].matchAll(/^ +(?:-\w, )?--([a-z][a-z-]*)/gm)].map((m) => m[1]!));
    expect([...named].sort()).toEqual([...ALLOWED[c]].sort());
  });

  it.each(COMMANDS)('%s --help prints it (dist/cli.js)', (c) => {
    const r = runCliBounded([c, '--help']);
    expectClean(r, 0);
    expect(r.stdout).toBe(HELP[c] + '\n');
  });
});
