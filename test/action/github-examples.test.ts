/**
 * test/action/github-examples.json holds the few examples of GitHub's REST description that the
 * fake GitHub and the event payloads are built from, so that the Action's tests need not install
 * the 400 MB description. They must be the description's own (checked where it is installed:
 * always in CI); regenerate with UPDATE_GITHUB_EXAMPLES=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { e2eAvailable, e2eTool, GITHUB_SPEC } from '../helpers/e2e-tools.js';

const FILE = path.join(ROOT, 'test/action/github-examples.json');

describe.skipIf(!e2eAvailable('the check of test/action/github-examples.json', GITHUB_SPEC))('github-examples.json', () => {
  it("is the examples of GitHub's REST description", () => {
    const spec = JSON.parse(readFileSync(e2eTool(GITHUB_SPEC)!, 'utf8')) as { components: { examples: Record<string, { value: unknown }> } };
    const kept = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
    const fresh = Object.fromEntries(Object.keys(kept).map((k) => [k, spec.components.examples[k]?.value]));
    if (process.env.UPDATE_GITHUB_EXAMPLES === '1') writeFileSync(FILE, JSON.stringify(fresh, null, 2) + '\n');
    expect(Object.keys(kept).sort()).toEqual(['full-repository', 'issue-comment', 'private-user', 'pull-request', 'pull-request-simple-items']);
    expect(kept).toEqual(fresh);
  });
});
