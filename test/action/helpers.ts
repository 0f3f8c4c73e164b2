/** Shared by the Action's tests: temporary repositories with a base and a head commit, event payloads, a recording runner. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnnotationPlace, Runner } from '../../src/action/runner.js';
import { example } from '../helpers/cli.js';
import githubExamples from './github-examples.json' with { type: 'json' };

/** Examples from GitHub's REST description (`@octokit/openapi`), kept in github-examples.json. */
const ex = <T>(name: string): T => structuredClone((githubExamples as Record<string, unknown>)[name]) as T;

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface Repo {
  dir: string;
  base: string;
  head: string;
  /** A bare repository the work tree has as `origin`, holding both commits. */
  origin: string;
  cleanup(): void;
}

/** Replace a folder's content with an example's. */
export function put(dir: string, rel: string, ...examplePath: string[]): void {
  rmSync(path.join(dir, rel), { recursive: true, force: true });
  cpSync(example(...examplePath), path.join(dir, rel), { recursive: true });
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * A repository whose base commit has the recommender at v1 and (unless `churn: false`) the churn
 * model at v1, and whose head commit (on the branch `feature`) changes the recommender to
 * head-1.1.0 and leaves churn alone.
 */
export function recommenderRepo(opts: { churn?: boolean } = {}): Repo {
  const top = mkdtempSync(path.join(tmpdir(), 'mcg-action-'));
  const dir = path.join(top, 'work');
  const origin = path.join(top, 'origin.git');
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  put(dir, 'models/recommender', 'recommender', 'v1');
  if (opts.churn !== false) put(dir, 'models/churn', 'churn', 'v1');
  const base = commitAll(dir, 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  put(dir, 'models/recommender', 'recommender', 'head-1.1.0');
  const head = commitAll(dir, 'head');
  execFileSync('git', ['init', '-q', '--bare', origin]);
  git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  git(dir, 'remote', 'add', 'origin', origin);
  git(dir, 'push', '-q', 'origin', 'main', 'feature');
  return { dir, base, head, origin, cleanup: () => rmSync(top, { recursive: true, force: true }) };
}

/** A shallow (depth 1) clone of `origin` at `branch`, as actions/checkout makes by default. */
export function shallowClone(repo: Repo, branch: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-shallow-'));
  execFileSync('git', ['clone', '-q', '--depth=1', '--branch', branch, `file://${repo.origin}`, dir]);
  return dir;
}

/** A `pull_request` event payload, built from GitHub's own examples (REST description) with our commits. */
export function pullRequestPayload(opts: { number: number; baseSha: string; headSha: string; fork?: boolean; action?: string }): unknown {
  const pr = ex<Record<string, any>>('pull-request');
  const repository = ex<Record<string, any>>('full-repository');
  pr.number = opts.number;
  pr.state = 'open';
  pr.base = {
    ...pr.base,
    sha: opts.baseSha,
    ref: 'main',
    repo: { ...pr.base.repo, full_name: 'acme/models', name: 'models', owner: { ...pr.base.repo.owner, login: 'acme' } },
  };
  const headOwner = opts.fork ? 'forker' : 'acme';
  pr.head = {
    ...pr.head,
    sha: opts.headSha,
    ref: 'feature',
    repo: {
      ...pr.head.repo,
      full_name: `${headOwner}/models`,
      name: 'models',
      fork: !!opts.fork,
      owner: { ...pr.head.repo.owner, login: headOwner },
    },
  };
  return {
    action: opts.action ?? 'synchronize',
    number: opts.number,
    before: opts.baseSha,
    after: opts.headSha,
    pull_request: pr,
    repository: { ...repository, full_name: 'acme/models', name: 'models', owner: { ...repository.owner, login: 'acme' } },
    sender: pr.user,
  };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

export interface Recorded {
  level: 'error' | 'warning' | 'notice';
  message: string;
  place?: AnnotationPlace;
}

/** A runner that records everything the Action says. */
export class Recorder implements Runner {
  logs: string[] = [];
  annotations: Recorded[] = [];
  outputs: Record<string, string> = {};
  summaryText = '';
  constructor(
    public inputs: Record<string, string> = {},
    private summaryFile = true,
  ) {}
  input(name: string): string {
    return this.inputs[name] ?? '';
  }
  info(text: string): void {
    this.logs.push(text);
  }
  untrusted(text: string): void {
    this.logs.push(text);
  }
  warning(message: string, place?: AnnotationPlace): void {
    this.annotations.push({ level: 'warning', message, ...(place ? { place } : {}) });
  }
  error(message: string, place?: AnnotationPlace): void {
    this.annotations.push({ level: 'error', message, ...(place ? { place } : {}) });
  }
  notice(message: string, place?: AnnotationPlace): void {
    this.annotations.push({ level: 'notice', message, ...(place ? { place } : {}) });
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  async summary(markdown: string): Promise<void> {
    this.summaryText += markdown;
  }
  hasSummary(): boolean {
    return this.summaryFile;
  }
  errors(): Recorded[] {
    return this.annotations.filter((a) => a.level === 'error');
  }
  warnings(): Recorded[] {
    return this.annotations.filter((a) => a.level === 'warning');
  }
  notices(): Recorded[] {
    return this.annotations.filter((a) => a.level === 'notice');
  }
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
