import { describe, expect, it } from 'vitest';
import { MARKER } from '../../src/render/comment.js';
import { ApiSession, createClient, explainApiError, findComment, upsertComment, whoAmI } from '../../src/action/github.js';
import { ACTIONS_BOT, FakeGitHub, fastThrottle, FORBIDDEN_INTEGRATION, MALLORY, OCTOCAT } from './fake-github.js';

const issue = { owner: 'acme', repo: 'models', number: 7 };

async function setup(opts: { me?: typeof ACTIONS_BOT | null } = {}) {
  const gh = new FakeGitHub(opts);
  const logs: string[] = [];
  const client = await createClient({
    session: new ApiSession({ requestMs: 30_000, stepMs: 120_000 }),
    token: 'ghs_test',
    baseUrl: gh.base,
    fetch: gh.fetch,
    backoffUnitMs: 1,
    throttle: fastThrottle(),
    log: (t) => logs.push(t),
  });
  return { gh, client, logs };
}

const body = (text: string) => `## ✅ Model contracts: pass — ${text}\n\n${MARKER}\n`;

describe('the sticky comment', () => {
  it('is created when missing, then found again and updated in place', async () => {
    const { gh, client, logs } = await setup();
    gh.add(OCTOCAT, 'Looks good to me');
    const first = await upsertComment(client, issue, body('first'), { createIfMissing: true, log: (t) => logs.push(t) });
    expect(first.action).toBe('created');
    const second = await upsertComment(client, issue, body('second'), { createIfMissing: true, log: (t) => logs.push(t) });
    expect(second).toMatchObject({ action: 'updated', id: (first as { id: number }).id });
    expect(gh.comments.map((c) => c.body)).toEqual(['Looks good to me', body('second')]);
    const writes = gh.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/models/issues/7/comments',
      `PATCH /repos/acme/models/issues/comments/${(first as { id: number }).id}`,
    ]);
    // Plain JSON, the token, our user agent.
    expect(gh.requests[0]!.headers.accept).toBe('application/json');
    expect(gh.requests[0]!.headers.authorization).toBe('token ghs_test');
    expect(gh.requests[0]!.headers['user-agent']).toMatch(/^model-contract-gate/);
  });

  it('does not write when the body is the same', async () => {
    const { gh, client } = await setup();
    const c = gh.add(ACTIONS_BOT, body('same'));
    const out = await upsertComment(client, issue, body('same'), { createIfMissing: true, log: () => {} });
    expect(out).toMatchObject({ action: 'unchanged', id: c.id });
    expect(gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('pages through every comment to find it, 100 at a time', async () => {
    const { gh, client, logs } = await setup();
    for (let i = 0; i < 250; i++) gh.add(i % 2 ? OCTOCAT : MALLORY, `comment ${i}`);
    const ours = gh.add(ACTIONS_BOT, body('old'));
    const out = await upsertComment(client, issue, body('new'), { createIfMissing: true, log: (t) => logs.push(t) });
    expect(out).toMatchObject({ action: 'updated', id: ours.id });
    const lists = gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
    expect(lists.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(lists.every((r) => r.query.per_page === '100')).toBe(true);
    expect(logs.join('\n')).toContain('read 3 pages');
  });

  it('stops paging once it has found the comment', async () => {
    const { gh, client } = await setup();
    gh.add(ACTIONS_BOT, body('old'));
    for (let i = 0; i < 300; i++) gh.add(OCTOCAT, `comment ${i}`);
    const found = await findComment(client, issue, ACTIONS_BOT.login);
    expect(found.pages).toBe(1);
  });

  it('never edits a comment by someone else, even with the marker in it', async () => {
    const { gh, client } = await setup();
    const fake = gh.add(MALLORY, `I am the gate now\n${MARKER}`);
    const out = await upsertComment(client, issue, body('real'), { createIfMissing: true, log: () => {} });
    expect(out.action).toBe('created');
    expect(gh.comments.find((c) => c.id === fake.id)!.body).toBe(`I am the gate now\n${MARKER}`);
    expect(gh.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('with a personal access token, matches the comments of that user', async () => {
    const { gh, client } = await setup({ me: OCTOCAT });
    gh.add(ACTIONS_BOT, body('by the bot'));
    const mine = gh.add(OCTOCAT, body('by me'));
    expect(await whoAmI(client)).toEqual({ login: 'octocat', asked: true });
    const out = await upsertComment(client, issue, body('updated'), { createIfMissing: true, log: () => {} });
    expect(out).toMatchObject({ action: 'updated', id: mine.id });
  });

  it('with an installation token, which cannot ask who it is, matches github-actions[bot]', async () => {
    const { gh, client } = await setup({ me: null });
    const bot = gh.add(ACTIONS_BOT, body('by the bot'));
    expect(await whoAmI(client)).toEqual({ login: 'github-actions[bot]', asked: false });
    const out = await upsertComment(client, issue, body('updated'), { createIfMissing: true, log: () => {} });
    expect(out).toMatchObject({ action: 'updated', id: bot.id });
  });

  it('in on-change mode with nothing checked, only updates an existing comment', async () => {
    const { gh, client } = await setup();
    const out = await upsertComment(client, issue, body('nothing'), { createIfMissing: false, log: () => {} });
    expect(out.action).toBe('skipped');
    expect(gh.comments).toEqual([]);
  });
});

describe('API failures', () => {
  it('retries a server error with back-off, then succeeds', async () => {
    const { gh, client } = await setup();
    gh.fail('POST comments', { status: 502, body: { message: 'Server Error' } }, { status: 503, body: { message: 'Service Unavailable' } });
    const out = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} });
    expect(out.action).toBe('created');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('gives up after the retries and says so in one line', async () => {
    const { gh, client } = await setup();
    const err = { status: 500, body: { message: 'Internal Server Error' } };
    gh.fail('GET comments', err, err, err, err, err);
    const failure = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} }).catch((e) => e);
    expect(failure.status).toBe(500);
    expect(gh.requests.filter((r) => r.path.endsWith('/comments'))).toHaveLength(4);
    expect(explainApiError(failure, 'comment on pull request #7', false)).toMatch(
      /^Cannot comment on pull request #7: GitHub answered 500 "Internal Server Error" \(after retries\)/,
    );
  });

  it('does not retry 403 from a read-only token, and explains the fork case', async () => {
    const { gh, client } = await setup();
    gh.fail('POST comments', FORBIDDEN_INTEGRATION);
    const failure = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} }).catch((e) => e);
    expect(failure.status).toBe(403);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const fork = explainApiError(failure, 'comment on pull request #7', true);
    expect(fork).toContain('Resource not accessible by integration');
    expect(fork).toContain('from a fork gets a read-only token');
    expect(fork).toContain('two-workflow pattern');
    expect(explainApiError(failure, 'comment on pull request #7', false)).toContain('permissions: pull-requests: write');
  });

  it('waits out a primary rate limit (403 with x-ratelimit-remaining: 0) and retries', async () => {
    const { gh, client, logs } = await setup();
    gh.fail('GET comments', {
      status: 403,
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
      },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
    });
    const out = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} });
    expect(out.action).toBe('created');
    expect(logs.join('\n')).toMatch(/rate limit reached for GET .*retrying/);
  });

  it('retries a secondary rate limit after retry-after', async () => {
    const { gh, client, logs } = await setup();
    gh.fail('POST comments', {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      headers: { 'retry-after': '1' },
    });
    const out = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} });
    expect(out.action).toBe('created');
    expect(logs.join('\n')).toMatch(/secondary rate limit/);
  });

  it('does not wait an hour for a rate limit to reset', async () => {
    const { gh, client, logs } = await setup();
    gh.fail('GET comments', {
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
    });
    const failure = await upsertComment(client, issue, body('x'), { createIfMissing: true, log: () => {} }).catch((e) => e);
    expect(failure.status).toBe(403);
    expect(logs.join('\n')).toMatch(/not waiting/);
  });
});
