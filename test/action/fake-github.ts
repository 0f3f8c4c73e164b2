/**
 * An in-memory GitHub for the comment endpoints, as an injected `fetch`: stateful (comments are
 * created and edited), paginated with real `Link` headers, and answering with bodies built from
 * the examples in GitHub's own OpenAPI description (`@octokit/openapi`), so that the client code
 * reads the shapes GitHub sends. Failures can be scripted per route (a 502, a 403 from a fork's
 * read-only token, a rate limit).
 */
import { createRequire } from 'node:module';
import githubExamples from './github-examples.json' with { type: 'json' };

const require = createRequire(import.meta.url);
/** Examples from GitHub's REST description, kept in github-examples.json (github-examples.test.ts checks them). */
const spec = { components: { examples: Object.fromEntries(Object.entries(githubExamples).map(([k, value]) => [k, { value }])) } } as {
  components: { examples: Record<string, { value: unknown }> };
};
/**
 * Throttling groups without the spacing the plugin puts between writes (1 s) and notifying writes
 * (3 s): the same Bottleneck the plugin uses, so rate-limit handling is still the real one.
 */
export function fastThrottle(): Record<string, unknown> {
  const Bottleneck = createRequire(require.resolve('@octokit/plugin-throttling'))('bottleneck') as new (o: object) => unknown;
  const Group = (Bottleneck as unknown as { Group: new (o: object) => unknown }).Group;
  return {
    write: new Group({ maxConcurrent: 1, minTime: 0 }),
    notifications: new Group({ maxConcurrent: 1, minTime: 0 }),
    search: new Group({ maxConcurrent: 1, minTime: 0 }),
  };
}

const example = <T>(name: string): T => structuredClone(spec.components.examples[name]!.value) as T;

export type User = Record<string, unknown> & { login: string; id: number; type: string };

/** The account GITHUB_TOKEN comments as (its real id and avatar). */
export const ACTIONS_BOT: User = {
  ...example<{ user: User }>('issue-comment').user,
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
  html_url: 'https://github.com/apps/github-actions',
  url: 'https://api.github.com/users/github-actions%5Bbot%5D',
  type: 'Bot',
};

/** A human account, from the description's examples (`octocat`). */
export const OCTOCAT: User = example<{ user: User }>('issue-comment').user;

export const MALLORY: User = { ...OCTOCAT, login: 'mallory', id: 666, type: 'User' };

export interface StoredComment {
  id: number;
  body: string;
  user: User;
}

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

/** GitHub's answer to a write with a read-only token (a pull request from a fork). */
export const FORBIDDEN_INTEGRATION: Scripted = {
  status: 403,
  body: {
    message: 'Resource not accessible by integration',
    documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    status: '403',
  },
  headers: { 'x-ratelimit-remaining': '4990', 'x-github-request-id': 'F00D:1234:ABCD:EF01:65A0B1C2' },
};

export class FakeGitHub {
  comments: StoredComment[] = [];
  requests: RecordedRequest[] = [];
  /** Who the token belongs to; null: an installation token, which GET /user refuses (403). */
  me: User | null = ACTIONS_BOT;
  pageSize = 100;
  pulls: unknown[] = [];
  private nextId = 1_000_000;
  private script = new Map<string, Scripted[]>();
  readonly base = 'https://api.github.test';

  constructor(opts: { me?: User | null } = {}) {
    if (opts.me !== undefined) this.me = opts.me;
  }

  add(user: User, body: string): StoredComment {
    const c = { id: this.nextId++, body, user };
    this.comments.push(c);
    return c;
  }

  /** The next requests to `METHOD /path-pattern` get these answers, in order. Patterns: `POST comments`, `GET comments`, `PATCH comment`, `GET user`, `GET pulls`. */
  fail(route: string, ...answers: Scripted[]): void {
    this.script.set(route, [...(this.script.get(route) ?? []), ...answers]);
  }

  private commentJson(c: StoredComment, owner: string, repo: string, issue: number | string): unknown {
    const base = example<Record<string, unknown>>('issue-comment');
    return {
      ...base,
      id: c.id,
      node_id: Buffer.from(`IssueComment${c.id}`).toString('base64'),
      url: `${this.base}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.base}/repos/${owner}/${repo}/issues/${issue}`,
      body: c.body,
      user: c.user,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    };
  }

  private json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...headers,
      },
    });
  }

  /** The injected fetch. */
  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const body = text ? JSON.parse(text) : undefined;
    const query = Object.fromEntries(url.searchParams.entries());
    this.requests.push({ method, path: url.pathname, query, headers, ...(body !== undefined ? { body } : {}) });

    const p = url.pathname;
    let m: RegExpMatchArray | null;
    let route: string | undefined;
    if (p === '/user') route = 'GET user';
    else if ((m = p.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) route = `${method} comments`;
    else if ((m = p.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))) route = `${method} comment`;
    else if ((m = p.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls$/))) route = `${method} pulls`;
    const scripted = route ? this.script.get(route)?.shift() : undefined;
    if (scripted) return this.json(scripted.status, scripted.body, scripted.headers);

    if (route === 'GET user') {
      if (this.me === null) return this.json(403, FORBIDDEN_INTEGRATION.body);
      return this.json(200, { ...example<Record<string, unknown>>('private-user'), ...this.me });
    }
    m = p.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/);
    if (m && method === 'GET') {
      const [, owner, repo, issue] = m as unknown as [string, string, string, string];
      const per = Math.min(Number(query.per_page ?? 30), 100, this.pageSize);
      const page = Number(query.page ?? 1);
      const last = Math.max(1, Math.ceil(this.comments.length / per));
      const items = this.comments.slice((page - 1) * per, page * per).map((c) => this.commentJson(c, owner, repo, issue));
      const link = (n: number, rel: string) => `<${this.base}${p}?per_page=${per}&page=${n}>; rel="${rel}"`;
      const links = [
        ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
        ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
      ];
      return this.json(200, items, links.length ? { link: links.join(', ') } : {});
    }
    if (m && method === 'POST') {
      const [, owner, repo, issue] = m as unknown as [string, string, string, string];
      if (!this.me) return this.json(403, FORBIDDEN_INTEGRATION.body);
      const c = this.add(this.me, String(body.body));
      return this.json(201, this.commentJson(c, owner, repo, issue), { location: `${this.base}/repos/${owner}/${repo}/issues/comments/${c.id}` });
    }
    m = p.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/);
    if (m && method === 'PATCH') {
      const [, owner, repo, id] = m as unknown as [string, string, string, string];
      const c = this.comments.find((x) => x.id === Number(id));
      if (!c)
        return this.json(404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/issues/comments#update-an-issue-comment',
          status: '404',
        });
      c.body = String(body.body);
      return this.json(200, this.commentJson(c, owner, repo, 1));
    }
    if (route === 'GET pulls') {
      const head = query.head;
      return this.json(
        200,
        this.pulls.filter(
          (pr) =>
            !head ||
            `${(pr as { head: { repo: { owner: { login: string } }; ref: string } }).head.repo.owner.login}:${(pr as { head: { ref: string } }).head.ref}` ===
              head,
        ),
      );
    }
    return this.json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  };

  /** A pull request as GitHub lists it, from the description's example. */
  pull(number: number, headSha: string, headOwner: string, headRef: string, baseFullName: string): unknown {
    const [pr] = example<Record<string, unknown>[]>('pull-request-simple-items');
    const head = structuredClone((pr as { head: Record<string, unknown> }).head) as Record<string, unknown> & { repo: Record<string, unknown> };
    head.sha = headSha;
    head.ref = headRef;
    head.repo = {
      ...head.repo,
      full_name: `${headOwner}/${baseFullName.split('/')[1]}`,
      owner: { ...(head.repo.owner as object), login: headOwner },
    };
    return { ...pr, number, head };
  }
}
