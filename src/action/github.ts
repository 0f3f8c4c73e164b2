/**
 * The GitHub REST side: an Octokit client with retries and throttling, and the one sticky comment
 * on the pull request (found by its hidden marker among all the comments, edited only when the
 * same account wrote it, created when missing).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { MARKER } from './comment.js';

export type Client = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL. */
  baseUrl: string;
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

/** An Octokit that retries server errors with back-off and waits out rate limits (briefly). */
export function createClient(opts: ClientOptions): Client {
  const unit = opts.backoffUnitMs ?? 1000;
  const maxWait = opts.maxRateLimitWaitSeconds ?? 60;
  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      userAgent: opts.userAgent ?? 'model-contract-gate',
      ...(opts.fetch ? { request: { fetch: opts.fetch } } : {}),
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
