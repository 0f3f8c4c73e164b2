/**
 * `check` prints text by default: on a change with hundreds of findings it is grouped by rule and
 * cause and ends with one summary line; with a blocking finding it still names the version the
 * change requires, and `next-version` prints it with the blocking findings to fix.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${String(i).padStart(3, '0')}`);

/**
 * A contract pair: `removed` output fields marked `deprecated: true` without a date and gone (MAJOR,
 * and blocking by the deprecation window: a deprecation with no date has not run its window), `tightened` input fields whose both bounds narrow (2 MAJOR findings each),
 * `added` new output fields (MINOR), and optionally a head artifact whose digest does not match.
 */
function change(o: { removed: number; tightened: number; added: number; digestMismatch?: boolean; headVersion?: string }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-text-'));
  dirs.push(dir);
  const removed = names('gone', o.removed);
  const tightened = names('bounded', o.tightened);
  const added = names('fresh', o.added);
  const contract = (head: boolean) => ({
    contract: 1,
    model: 'wide-scorer',
    version: head ? (o.headVersion ?? '1.1.0') : '1.0.0',
    interface: {
      input: {
        type: 'object',
        properties: Object.fromEntries(
          tightened.map((f) => [f, head ? { type: 'number', minimum: 10, maximum: 90 } : { type: 'number', minimum: 0, maximum: 100 }]),
        ),
      },
      output: {
        type: 'object',
        properties: Object.fromEntries(
          [...(head ? added.map((f) => [f, { type: 'number' }]) : removed.map((f) => [f, { type: 'number', deprecated: true }]))].concat([
            ['score', { type: 'number' }],
          ]),
        ),
      },
    },
    ...(head && o.digestMismatch ? { artifact: { path: 'model.bin', sha256: 'c'.repeat(64) } } : {}),
  });
  for (const side of ['base', 'head']) mkdirSync(path.join(dir, side));
  const base = path.join(dir, 'base', 'model-contract.yaml');
  const head = path.join(dir, 'head', 'model-contract.yaml');
  writeFileSync(base, stringify(contract(false)));
  writeFileSync(head, stringify(contract(true)));
  if (o.digestMismatch) writeFileSync(path.join(dir, 'head', 'model.bin'), 'weights\n');
  return { base, head };
}

describe('check prints grouped text ending with a summary line', () => {
  it('a 300-finding change: grouped by rule, a handful of places per group, the summary line last', () => {
    const g = change({ removed: 60, tightened: 50, added: 80, digestMismatch: true });
    const json = runCliBounded(['check', g.base, g.head, '--format', 'json'], { timeoutMs: 30_000 });
    expectClean(json, 1);
    const findings = JSON.parse(json.stdout).models[0].findings as { id: string }[];
    expect(findings.length).toBeGreaterThanOrEqual(300);

    const text = runCliBounded(['check', g.base, g.head], { timeoutMs: 30_000 });
    expectClean(text, 1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(80);
    // One group per rule, with its count of causes: a removal and its window are one cause, both bounds one.
    expect(text.stdout).toMatch(/^ +BLOCK {2}deprecation-window ×60 \(120 findings\) {2}with property-removed$/m);
    expect(text.stdout).toMatch(/^ +MAJOR {2}range-tightened ×50 \(100 findings\)$/m);
    expect(text.stdout).toMatch(/^ +MINOR {2}property-added ×80$/m);
    expect(text.stdout.match(/… and 55 more/g)).toHaveLength(1);
    expect(text.stdout).toContain('… and 45 more');
    expect(text.stdout).toContain('… and 75 more');
    // A removed field is placed on the head's parent object (the file the pull request shows), not in the base.
    expect(text.stdout).toMatch(/^ +output \/gone_000 .*\(.*head\/model-contract\.yaml:\d+\)$/m);
    // Each group's reason once, not once per field.
    expect(text.stdout.match(/^ +why: Requests with numbers outside the new bound/gm)).toHaveLength(1);
    // Digests shortened to 12 characters.
    expect(text.stdout.split('\n').filter((l) => !l.includes('hint:'))).not.toContainEqual(expect.stringMatching(/[0-9a-f]{13}/));
    // --all lists every place.
    const all = runCliBounded(['check', g.base, g.head, '--all'], { timeoutMs: 30_000 });
    expectClean(all, 1);
    expect(all.stdout.match(/^ +output \/gone_\d+ /gm)).toHaveLength(60);
    expect(all.stdout).not.toContain('more (--all');
    expect(lines.at(-1)).toBe('FAIL  requires MAJOR: 160 major, 80 minor, 61 blocking → release as 2.0.0 after fixing the blocking ones');
  }, 60_000);

  it('a digest mismatch and a MAJOR change: one run names the version and the blocking finding to fix', () => {
    const g = change({ removed: 0, tightened: 1, added: 0, digestMismatch: true });
    const text = runCliBounded(['check', g.base, g.head], { timeoutMs: 30_000 });
    expectClean(text, 1);
    expect(text.stdout).toContain('declared MINOR, required MAJOR, release as 2.0.0 after fixing the blocking finding');
    expect(text.stdout).toMatch(/BLOCK {2}artifact-digest-mismatch/);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/→ release as 2\.0\.0 after fixing the blocking finding$/);

    const next = runCliBounded(['next-version', g.base, g.head], { timeoutMs: 30_000 });
    expectClean(next, 1);
    expect(next.stdout).toBe('2.0.0\n');
    expect(next.stderr).toContain('artifact-digest-mismatch');
    expect(next.stderr).toContain('release as 2.0.0 once');
    expect(next.stderr).not.toMatch(/\n\s+at /);

    const nextJson = runCliBounded(['next-version', g.base, g.head, '--format', 'json'], { timeoutMs: 30_000 });
    expectClean(nextJson, 1);
    const out = JSON.parse(nextJson.stdout);
    expect(out.version).toBeNull();
    expect(out.release).toBe('2.0.0');
    expect(out.blocking.map((f: { id: string }) => f.id)).toEqual(['artifact-digest-mismatch']);
  }, 60_000);

  it('a passing change: the summary line says it passes', () => {
    const g = change({ removed: 0, tightened: 0, added: 3 });
    const text = runCliBounded(['check', g.base, g.head], { timeoutMs: 30_000 });
    expectClean(text, 0);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('PASS  requires MINOR: 3 minor → passes as declared');
  }, 60_000);
});
