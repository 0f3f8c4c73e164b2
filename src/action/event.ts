/**
 * What the triggering event says: the commit to compare with, and the pull request to comment on.
 * Read from the runner's environment (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY),
 * never from anything in the checkout.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './inputs.js';
import { fsErrorWords } from '../readers/files.js';

export interface PullRequestRef {
  number: number;
  /** The head commit the event is about. */
  headSha?: string;
  /** The pull request comes from another repository (a fork): its token is read-only. */
  fork: boolean;
}

export interface EventInfo {
  name: string;
  repo?: { owner: string; repo: string };
  /**
   * What to compare with: a commit or ref, `{ parentOfHead: true }` for a push that created a
   * branch (the previous commit), or undefined with `why` when the event has none.
   */
  base?: { ref: string; source: string } | { parentOfHead: true; source: string };
  pr?: PullRequestRef;
  /** The raw payload, for the `workflow_run` half of the fork-safe pattern. */
  payload: Record<string, unknown>;
}

const ZERO_SHA = /^0+$/;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readPayload(env: NodeJS.ProcessEnv): Obj {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the event payload GITHUB_EVENT_PATH=${file}: ${fsErrorWords(err)}`);
  }
  try {
    return obj(JSON.parse(text));
  } catch (err) {
    // The parser's words give the place: "… at position 43 (line 1 column 44)".
    const where = (err as Error).message.split('\n')[0]!.slice(0, 200);
    throw new ConfigError(`the event payload GITHUB_EVENT_PATH=${file} is not JSON: ${where}`);
  }
}

export const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];

/** The event, the base to compare with, and the pull request, if any. */
export function readEvent(env: NodeJS.ProcessEnv, baseRefInput: string | undefined): EventInfo {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const payload = readPayload(env);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const info: EventInfo = { name, payload, ...(owner && repo ? { repo: { owner, repo } } : {}) };

  const pull = obj(payload.pull_request);
  if (PR_EVENTS.includes(name) && typeof pull.number === 'number') {
    const head = obj(pull.head);
    const baseRepo = str(obj(obj(pull.base).repo).full_name);
    const headRepo = str(obj(head.repo).full_name);
    info.pr = {
      number: pull.number,
      ...(str(head.sha) ? { headSha: str(head.sha)! } : {}),
      fork: headRepo === undefined || (baseRepo !== undefined && headRepo !== baseRepo),
    };
  }

  if (baseRefInput !== undefined) {
    info.base = { ref: baseRefInput, source: 'the base-ref input' };
    return info;
  }
  if (info.pr) {
    const sha = str(obj(pull.base).sha);
    if (!sha) throw new ConfigError(`the ${name} payload has no pull_request.base.sha; set the input "base-ref"`);
    info.base = { ref: sha, source: "the pull request's base commit" };
  } else if (name === 'push') {
    const before = str(payload.before);
    if (before && !ZERO_SHA.test(before)) info.base = { ref: before, source: 'the commit before the push' };
    else info.base = { parentOfHead: true, source: 'the parent of the pushed commit (the push created the branch)' };
  } else if (name === 'merge_group') {
    const sha = str(obj(payload.merge_group).base_sha);
    if (!sha) throw new ConfigError('the merge_group payload has no merge_group.base_sha; set the input "base-ref"');
    info.base = { ref: sha, source: "the merge group's base commit" };
  } else if (name === 'workflow_dispatch') {
    throw new ConfigError('a workflow_dispatch run has no base commit: set the input "base-ref" (for example `base-ref: main`)');
  } else if (name === '') {
    throw new ConfigError(
      'GITHUB_EVENT_NAME is not set: this is not a GitHub Actions run; set the input "base-ref" or use the CLI (`model-contract-gate check --base-ref REF`)',
    );
  } else {
    throw new ConfigError(
      `the "${name}" event has no base commit to compare with: run on pull_request, push or merge_group, or set the input "base-ref"`,
    );
  }
  return info;
}
