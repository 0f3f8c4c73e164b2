/**
 * Waivers through the front door, `node dist/cli.js`: the recommender example that fails as 1.1.0
 * (an output type change) passes with a waiver that has a reason and a future expiry, shows it in a
 * "Waived" block and names it as added by the change; the same waiver expired fails; a policy with
 * `waivers: never` fails it; a bad waiver or policy is one clear error.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
// @ts-expect-error: a plain ES module shared with scripts/render-comment.mjs, without types.
import { writeLargeChange } from '../../scripts/large-change.mjs';

const EXAMPLE = path.join(ROOT, 'fixtures/examples/recommender');
const BASE = path.join(EXAMPLE, 'v1/model-contract.yaml');
const WAIVED = path.join(EXAMPLE, 'head-1.1.0-waived/model-contract.yaml');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the waived head with its contract text edited. */
function edited(edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-waiver-'));
  scratch.push(dir);
  cpSync(path.dirname(WAIVED), dir, { recursive: true });
  const file = path.join(dir, 'model-contract.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return file;
}

describe('a waiver through `node dist/cli.js check`', () => {
  it('turns the failing 1.1.0 into a pass, with a Waived block and the waiver named as added', () => {
    const text = runCliBounded(['check', BASE, WAIVED]);
    expectClean(text, 0);
    expect(text.stdout).toMatch(/^model-contract-gate: PASS/);
    expect(text.stdout).toContain('this change adds a waiver: type-changed at /items/* output');
    expect(text.stdout).toMatch(/waived \(1, not counted toward the required bump\):\n\s+type-changed MAJOR {2}output \/items\/\*/);
    expect(text.stdout).toContain('reason: ranking-service reads both shapes since its release 4.2 (ranking#812). (until 2099-12-31');

    const md = runCliBounded(['check', BASE, WAIVED, '--format', 'markdown']);
    expectClean(md, 0);
    expect(md.stdout).toContain('#### Waived (1)');
    expect(md.stdout).toMatch(/> \[!WARNING\]\n> \*\*This pull request adds a waiver\*\*/);
    // The approver's handle is shown, never a mention.
    expect(md.stdout).not.toMatch(/(^|[^\u200b])@acme\/ranking \|/m);

    const json = runCliBounded(['check', BASE, WAIVED, '--format', 'json']);
    const m = JSON.parse(json.stdout).models[0];
    expect([m.ok, m.required]).toEqual([true, 'minor']);
    expect(m.findings.map((f: { id: string }) => f.id)).not.toContain('type-changed');
    expect(m.waived.map((w: { finding: { id: string } }) => w.finding.id)).toEqual(['type-changed']);
    expect(m.waivers[0]).toMatchObject({ added: true, expired: false, matched: 1, approvedBy: '@acme/ranking' });
  });

  it('without the waiver, the same change fails (the fixture is a real failure)', () => {
    const r = runCliBounded(['check', BASE, path.join(EXAMPLE, 'head-1.1.0/model-contract.yaml')]);
    expectClean(r, 1);
  });

  it('fails once the waiver has expired, and the finding counts again', () => {
    const expired = edited((t) => t.replace('expires: 2099-12-31', 'expires: 2026-11-29'));
    const r = runCliBounded(['check', BASE, expired, '--now', '2026-11-30', '--format', 'json']);
    expectClean(r, 1);
    const m = JSON.parse(r.stdout).models[0];
    expect(m.findings.filter((f: { blocking?: boolean }) => f.blocking).map((f: { id: string }) => f.id)).toEqual(['waiver-expired']);
    expect(m.findings.map((f: { id: string }) => f.id)).toContain('type-changed');
    expect(m.required).toBe('major');
    // On its last day it still applies.
    expectClean(runCliBounded(['check', BASE, expired, '--now', '2026-11-29']), 0);
  });

  it('fails under a policy with `waivers: never`', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-policy-'));
    scratch.push(dir);
    const policy = path.join(dir, 'policy.yaml');
    writeFileSync(policy, 'waivers: never\n');
    const r = runCliBounded(['check', BASE, WAIVED, '--policy', policy]);
    expectClean(r, 1);
    expect(r.stdout).toContain('waiver-forbidden');
  });

  it("applies the policy file's waivers to the model they name", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-policy-'));
    scratch.push(dir);
    const policy = path.join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      'waivers:\n  - model: recommender\n    finding: type-changed\n    reason: agreed in the ranking sync\n    expires: 2099-01-01\n',
    );
    const r = runCliBounded(['check', BASE, path.join(EXAMPLE, 'head-1.1.0/model-contract.yaml'), '--policy', policy, '--format', 'json']);
    expectClean(r, 0);
    expect(JSON.parse(r.stdout).models[0].waivers[0]).toMatchObject({ source: 'policy', added: false, model: 'recommender' });
  });

  it.each([
    ['no reason', (t: string) => t.replace(/ {4}reason: .*\n/, ''), /missing required field "reason"/],
    ['not a date', (t: string) => t.replace('expires: 2099-12-31', 'expires: 2099-02-30'), /waivers\.0\.expires.*not a calendar date/],
    ['a misspelt field', (t: string) => t.replace('expires:', 'expiry:'), /unknown field "expiry" \(did you mean "expires"\?\)/],
  ])('refuses a waiver with %s: one clear error, exit 2', (_what, edit, message) => {
    const file = edited(edit);
    const r = runCliBounded(['check', BASE, file]);
    expectClean(r, 2, 'model-contract.yaml');
    expect(r.stderr).toMatch(message);
  });

  it('refuses a policy waiver without an expiry: one clear error naming the policy file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-policy-'));
    scratch.push(dir);
    const policy = path.join(dir, 'policy.yaml');
    writeFileSync(policy, 'waivers:\n  - finding: type-changed\n    reason: x\n');
    const r = runCliBounded(['check', BASE, WAIVED, '--policy', policy]);
    expectClean(r, 2, 'policy.yaml');
    expect(r.stderr).toMatch(/missing required field "expires" in `waivers.0`/);
  });

  it('a pull request cannot push the blocking findings out of the comment with 200 long waivers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-waivers-flood-'));
    scratch.push(dir);
    writeLargeChange(dir);
    const head = path.join(dir, 'head/model-contract.yaml');
    const contract = JSON.parse(readFileSync(head, 'utf8'));
    contract.waivers = Array.from({ length: 200 }, (_, i) => ({
      finding: i % 2 ? 'range-tightened' : 'property-added',
      reason: `@everyone <img src=x> ${'r'.repeat(900)}`,
      expires: '2099-01-01',
    }));
    writeFileSync(head, JSON.stringify(contract));
    const r = runCliBounded(['check', path.join(dir, 'base/model-contract.yaml'), head, '--format', 'markdown'], { timeoutMs: 60_000 });
    expectClean(r, 1);
    expect(r.stdout.length).toBeLessThan(65_536);
    // The 60 blocking deprecation-window findings are still shown; the waived block is there too.
    expect(r.stdout).toMatch(/^<code>deprecation&#45;window<\/code> .* · \*\*blocking\*\* · 60 places/m);
    expect(r.stdout).toContain('#### Waived (');
    expect(r.stdout).not.toMatch(/(^|[^\u200b])@everyone|<img/m);
  });
});
