/**
 * The Action's inputs, read once and checked: a wrong value is a configuration error with a
 * message that names the input and the values it takes (exit code 2), never a guess.
 */
import type { Runner } from './runner.js';
import { DEFAULT_CONTRACT_GLOBS } from '../contract/patterns.js';

export type CommentMode = 'always' | 'on-change' | 'never';
export type FailOn = 'undeclared' | 'any' | 'never';

export interface ActionInputs {
  /** Glob patterns, repository-relative. */
  contracts: string[];
  /** Glob patterns of contracts (or folders above them) left out, repository-relative. */
  exclude: string[];
  /** Explicit base (a commit, branch or tag), or undefined for the event's. */
  baseRef?: string;
  token: string;
  comment: CommentMode;
  failOn: FailOn;
  /** Repository-relative path of a policy file. */
  policy?: string;
  /** The prediction command as an argument list (never run through a shell). */
  predict?: string[];
  allowModelRemoval: boolean;
  /** Only comment on and summarise this report (JSON) from an earlier run: the second half of the fork-safe pattern. */
  report?: string;
}

/** The CLI's default patterns too (contract/patterns.ts): the two edges find the same contracts. */
export const DEFAULT_CONTRACTS: string[] = [...DEFAULT_CONTRACT_GLOBS];

/** A mistake in the workflow file or the event: one clear message, exit code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function oneOf<T extends string>(runner: Runner, name: string, values: readonly T[], fallback: T): T {
  const raw = runner.input(name).trim();
  if (raw === '') return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`the input "${name}" must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(raw)}`);
}

function bool(runner: Runner, name: string): boolean {
  const raw = runner.input(name).trim();
  if (raw === '') return false;
  // YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them.
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new ConfigError(`the input "${name}" must be true or false, got ${JSON.stringify(raw)}`);
}

/**
 * Split a command line into arguments the way a POSIX shell splits words, without running a shell:
 * single and double quotes and backslash escapes group characters; nothing is expanded. A JSON
 * array of strings is taken as the argument list itself.
 */
export function splitCommand(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError('the input "predict-command" starts with "[" but is not a JSON array of strings');
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((a) => typeof a === 'string'))
      throw new ConfigError('the input "predict-command" must be a command line or a non-empty JSON array of strings');
    return parsed as string[];
  }
  const args: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < trimmed.length && '"\\$`'.includes(trimmed[i + 1]!)) cur += trimmed[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < trimmed.length) {
      cur += trimmed[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`the input "predict-command" has an unclosed ${quote} quote`);
  if (inWord) args.push(cur);
  return args;
}

/** A list of repository-relative globs, one a line (blank lines and # comments skipped). */
function globs(runner: Runner, name: string): string[] {
  const list = runner
    .input(name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const g of list) {
    if (g.startsWith('/') || g.split('/').includes('..'))
      throw new ConfigError(`the input "${name}" must hold globs relative to the repository, got ${JSON.stringify(g)}`);
    if (g.startsWith('!')) throw new ConfigError(`the input "${name}" does not take negated globs, got ${JSON.stringify(g)}`);
  }
  return list;
}

/** Read and check every input. */
export function readInputs(runner: Runner): ActionInputs {
  const contracts = globs(runner, 'contracts');
  const exclude = globs(runner, 'exclude');
  const baseRef = runner.input('base-ref').trim();
  const policy = runner.input('policy').trim();
  const predictText = runner.input('predict-command').trim();
  const report = runner.input('report').trim();
  const predict = predictText === '' ? undefined : splitCommand(predictText);
  if (predict !== undefined && predict.length === 0) throw new ConfigError('the input "predict-command" is empty');
  if (policy.startsWith('/') || policy.split('/').includes('..'))
    throw new ConfigError(`the input "policy" must be a path inside the repository, got ${JSON.stringify(policy)}`);
  return {
    contracts: contracts.length > 0 ? contracts : DEFAULT_CONTRACTS,
    exclude,
    ...(baseRef !== '' ? { baseRef } : {}),
    token: runner.input('github-token').trim(),
    comment: oneOf(runner, 'comment', ['always', 'on-change', 'never'] as const, 'on-change'),
    failOn: oneOf(runner, 'fail-on', ['undeclared', 'any', 'never'] as const, 'undeclared'),
    ...(policy !== '' ? { policy } : {}),
    ...(predict !== undefined ? { predict } : {}),
    allowModelRemoval: bool(runner, 'allow-model-removal'),
    ...(report !== '' ? { report } : {}),
  };
}
