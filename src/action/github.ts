/**
 * The GitHub REST side: an Octokit client with retries, throttling and time limits, and the one
 * sticky comment on the pull request (found by its hidden marker among all the comments, edited
 * only when the same account wrote it, created when missing).
 *
 * `@actions/github` is imported only when a client is made: on import it parses the event payload
 * itself, and a malformed payload would crash the Action there instead of being refused in one line
 * by `readEvent` (which runs first).
 */
import type { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { MARKER } from '../render/comment.js';

export type Client = ReturnType<typeof getOctokit>;

/** The longest one request to the API may take, answer body included. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The longest all the API calls of one run (finding and writing the comment, retries and waits included) may take. */
export const COMMENT_STEP_TIMEOUT_MS = 120_000;

/** The time limits, from MODEL_CONTRACT_GATE_API_TIMEOUT_MS and MODEL_CONTRACT_GATE_COMMENT_TIMEOUT_MS (tests shorten them; they never lengthen them). */
export function timeLimits(env: NodeJS.ProcessEnv): { requestMs: number; stepMs: number } {
  const read = (name: string, max: number) => {
    const v = Number(env[name]);
    return Number.isInteger(v) && v > 0 && v <= max ? v : max;
  };
  return {
    requestMs: read('MODEL_CONTRACT_GATE_API_TIMEOUT_MS', REQUEST_TIMEOUT_MS),
    stepMs: read('MODEL_CONTRACT_GATE_COMMENT_TIMEOUT_MS', COMMENT_STEP_TIMEOUT_MS),
  };
}

const seconds = (ms: number) => `${Number((ms / 1000).toPrecision(3))} s`;

/**
 * A failure on this side of the wire: no answer in time, no connection, no name resolution. Said as
 * what it is; the request library would otherwise report it as an HTTP 500 from GitHub.
 */
export class ApiUnreachable extends Error {
  override name = 'ApiUnreachable';
}

/** The comment step's time limit ran out: every request still in flight is abandoned. */
export class ApiGaveUp extends Error {
  // Named like an abort, so that the retry plugin does not retry it (the request library rethrows aborts as they are).
  override name = 'AbortError';
}

let abandoned = false;

/** Whether a run gave up on requests still waiting (a retry's back-off, a rate limit): the process need not wait for them. */
export function requestsAbandoned(): boolean {
  return abandoned;
}

/** Shared by every client of one run: the step's deadline and the last client-side failure, for the message. */
export class ApiSession {
  readonly requestMs: number;
  readonly stepMs: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** Settles (rejects) when the step's time runs out. */
  readonly expired: Promise<never>;
  lastFailure: string | undefined;
  attempts = 0;

  constructor(limits: { requestMs: number; stepMs: number }) {
    this.requestMs = limits.requestMs;
    this.stepMs = limits.stepMs;
    let fire!: (err: Error) => void;
    this.expired = new Promise<never>((_, reject) => (fire = reject));
    this.expired.catch(() => {});
    this.timer = setTimeout(() => {
      abandoned = true;
      this.controller.abort();
      fire(new ApiGaveUp(this.gaveUpMessage()));
    }, this.stepMs);
    // Nothing to bound when nothing else is pending.
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.controller.signal.aborted;
  }

  private gaveUpMessage(): string {
    const attempts = `${this.attempts} request${this.attempts === 1 ? '' : 's'}`;
    return `${this.lastFailure ?? 'the GitHub API did not finish'} (gave up after ${seconds(this.stepMs)}, the limit for the comment step; ${attempts})`;
  }

  /** Run `work` within the step's time limit. */
  run<T>(work: Promise<T>): Promise<T> {
    work.catch(() => {});
    return Promise.race([work, this.expired]);
  }

  /** Stop the step's clock (the Action is done with the API). */
  close(): void {
    clearTimeout(this.timer);
  }
}

function describeNetworkError(err: unknown, where: string): string {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string');
  switch (code) {
    case 'ECONNREFUSED':
      return `could not connect to the GitHub API (${where}): connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not connect to the GitHub API (${where}): the host name does not resolve`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `the connection to the GitHub API (${where}) was closed before an answer`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `could not connect to the GitHub API (${where}): the connection timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `could not connect to the GitHub API (${where}): the network is unreachable`;
  }
  if (code && /CERT|SSL|TLS|VERIFY|SIGNATURE|ISSUER/i.test(code)) return `could not connect securely to the GitHub API (${where}): ${code}`;
  const last = chain.at(-1) as { message?: unknown } | undefined;
  const msg = typeof last?.message === 'string' ? last.message.split('\n')[0]!.slice(0, 200) : String(last);
  return `could not reach the GitHub API (${where}): ${code ?? msg}`;
}

/**
 * A fetch with a time limit per request (answer body included) under the session's deadline, whose
 * failures say what happened on this side of the wire.
 */
export function boundedFetch(inner: typeof globalThis.fetch, session: ApiSession): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const where = url.host;
    if (session.timedOut) throw new ApiGaveUp(`the comment step's limit of ${seconds(session.stepMs)} ran out`);
    session.attempts++;
    const timeout = AbortSignal.timeout(session.requestMs);
    const signals = [timeout, session.signal, ...(init?.signal ? [init.signal] : [])];
    const signal = AbortSignal.any(signals);
    try {
      const res = await inner(input, { ...init, signal });
      // Read the body here, under the same limit: a server may send headers and then stall.
      const body = await res.arrayBuffer();
      const copy = new Response(res.status === 204 || res.status === 304 ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
      Object.defineProperty(copy, 'url', { value: res.url || url.href });
      return copy;
    } catch (err) {
      if (session.timedOut) throw new ApiGaveUp(`the comment step's limit of ${seconds(session.stepMs)} ran out`);
      const message = timeout.aborted
        ? `no answer from the GitHub API (${where}) within ${seconds(session.requestMs)}`
        : describeNetworkError(err, where);
      session.lastFailure = message;
      throw new ApiUnreachable(message, { cause: err });
    }
  };
}

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL. */
  baseUrl: string;
  /** Time limits and the deadline shared by every client of the run. */
  session: ApiSession;
  /** A fetch to use instead of the runner's (tests). */
  fetch?: typeof globalThis.fetch;
  /** Retries of 5xx and network errors; default 3. */
  retries?: number;
  /** Milliseconds per unit of back-off (retry: n² units; rate limits: seconds); default 1000. Tests make it small. */
  backoffUnitMs?: number;
  /** The longest wait for a rate limit to reset before giving up; default 60 s. */
  maxRateLimitWaitSeconds?: number;
  log: (text: string) => void;
  userAgent?: string;
  /** Extra throttling options (tests pass request groups without the 1 s and 3 s spacing of writes). */
  throttle?: Record<string, unknown>;
}

/** An Octokit that retries server errors with back-off, waits out rate limits (briefly), and bounds every request. */
export async function createClient(opts: ClientOptions): Promise<Client> {
  const unit = opts.backoffUnitMs ?? 1000;
  const maxWait = opts.maxRateLimitWaitSeconds ?? 60;
  const { getOctokit } = await import('@actions/github');
  // The runner's fetch honours its proxy settings (https_proxy, no_proxy).
  const runnerFetch =
    opts.fetch ?? ((await import('@actions/github/lib/utils')).defaults.request?.fetch as typeof globalThis.fetch | undefined) ?? globalThis.fetch;
  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      userAgent: opts.userAgent ?? 'model-contract-gate',
      request: { fetch: boundedFetch(runnerFetch, opts.session) },
      retry: { retries: opts.retries ?? 3, retryAfterBaseValue: unit },
      throttle: {
        retryAfterBaseValue: unit,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          if (retryCount < 2 && retryAfter <= maxWait) {
            opts.log(`GitHub API rate limit reached for ${options.method} ${options.url}; retrying in ${retryAfter} s`);
            return true;
          }
          opts.log(`GitHub API rate limit reached for ${options.method} ${options.url}; not waiting ${retryAfter} s for it to reset`);
          return false;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          if (retryCount < 2 && retryAfter <= maxWait) {
            opts.log(`GitHub API secondary rate limit for ${options.method} ${options.url}; retrying in ${retryAfter} s`);
            return true;
          }
          return false;
        },
        ...opts.throttle,
      },
    },
    retry,
    throttling,
  );
  // Plain JSON: what GitHub serves by default, and what a validating mock of its description can answer.
  octokit.hook.before('request', (options) => {
    options.headers.accept = 'application/json';
  });
  return octokit;
}

export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
}

/** The login of the token's account; for an installation token (GITHUB_TOKEN), which cannot ask, `github-actions[bot]`. */
export async function whoAmI(octokit: Client): Promise<{ login: string; asked: boolean }> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    if (typeof data.login === 'string' && data.login !== '') return { login: data.login, asked: true };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== 401 && status !== 403 && status !== 404) throw err;
  }
  return { login: 'github-actions[bot]', asked: false };
}

export interface FoundComment {
  id: number;
  body: string;
  url?: string;
}

/**
 * The comment this Action wrote earlier: the first comment holding the marker whose author is
 * `login`. Pages through every comment (100 a page) until it is found; comments by anyone else
 * are never picked, whatever their text.
 */
export async function findComment(octokit: Client, issue: IssueRef, login: string): Promise<{ found?: FoundComment; pages: number }> {
  let pages = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: issue.owner,
    repo: issue.repo,
    issue_number: issue.number,
    per_page: 100,
  })) {
    pages++;
    for (const c of page.data) {
      if (c.user?.login !== login) continue;
      if (typeof c.body !== 'string' || !c.body.includes(MARKER)) continue;
      return { found: { id: c.id, body: c.body, url: c.html_url }, pages };
    }
  }
  return { pages };
}

export type CommentOutcome = { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string } | { action: 'skipped'; reason: string };

/**
 * Create or update the sticky comment. `createIfMissing` false (the `on-change` mode with nothing
 * checked) only updates a comment that is already there.
 */
export async function upsertComment(
  octokit: Client,
  issue: IssueRef,
  body: string,
  opts: { createIfMissing: boolean; log: (text: string) => void },
): Promise<CommentOutcome> {
  const me = await whoAmI(octokit);
  const { found, pages } = await findComment(octokit, issue, me.login);
  opts.log(
    `comments: read ${pages} page${pages === 1 ? '' : 's'} of pull request #${issue.number}; ` +
      (found ? `found comment ${found.id} by ${me.login}` : `no comment by ${me.login} with the marker`),
  );
  if (found) {
    if (found.body === body) return { action: 'unchanged', id: found.id, ...(found.url ? { url: found.url } : {}) };
    const { data } = await octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: found.id, body });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  if (!opts.createIfMissing) return { action: 'skipped', reason: 'no contract changed and there is no earlier comment to update' };
  const { data } = await octokit.rest.issues.createComment({ owner: issue.owner, repo: issue.repo, issue_number: issue.number, body });
  return { action: 'created', id: data.id, url: data.html_url };
}

/** A failed API call, said in one line with what to do about it. */
export function explainApiError(err: unknown, what: string, fork: boolean): string {
  // A failure on this side of the wire (the request library reports those as status 500): say what it was.
  for (let c: unknown = err, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    if (c instanceof ApiUnreachable || c instanceof ApiGaveUp)
      return `Cannot ${what}: ${(c as Error).message}. The job summary has the report and the gate still decides.`;
  }
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const status = e.status;
  const msg = (e.response?.data?.message ?? e.message ?? String(err)).split('\n')[0]!.slice(0, 300);
  if (status === 403 || (status === 404 && fork)) {
    return (
      `Cannot ${what}: GitHub answered ${status} "${msg}". ` +
      (fork
        ? 'A pull request from a fork gets a read-only token, so there is no comment; the job summary has the report and the gate still decides. To comment on fork pull requests, use the two-workflow pattern in docs/action.md.'
        : 'Give the job `permissions: pull-requests: write` (and `contents: read`). The job summary has the report and the gate still decides.')
    );
  }
  if (status === 401)
    return `Cannot ${what}: GitHub answered 401 "${msg}": the github-token input is not a valid token. The job summary has the report.`;
  if (status === 404)
    return `Cannot ${what}: GitHub answered 404 "${msg}": the pull request is not visible to the token. The job summary has the report.`;
  if (status !== undefined)
    return `Cannot ${what}: GitHub answered ${status} "${msg}" (after retries). The job summary has the report and the gate still decides.`;
  return `Cannot ${what}: ${msg}. The job summary has the report and the gate still decides.`;
}
