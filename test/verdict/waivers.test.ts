/**
 * Waivers, the pure part (src/verdict/waivers.ts): what a waiver matches, when it expires, what the
 * pull request adds, and what the policy forbids. The front door is test/cli/waivers.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxBumpOf } from '../../src/core/bump.js';
import { parseDay } from '../../src/core/date.js';
import type { Finding } from '../../src/core/finding.js';
import { DEFAULT_POLICY, type Waiver } from '../../src/core/policy.js';
import { applyWaivers } from '../../src/verdict/waivers.js';

const day = (d: string) => parseDay(d)!;

const typeChanged: Finding = {
  id: 'type-changed',
  bump: 'major',
  area: 'interface',
  direction: 'output',
  pointer: '/properties/items/items',
  instancePath: '/items/*',
  message: 'Output type changed from integer to object.',
};
const training: Finding = {
  id: 'training-data-changed',
  bump: 'minor',
  area: 'lineage',
  pointer: '/lineage/training_data',
  message: 'The training data changed.',
};
const versionLie: Finding = { id: 'version-decreased', bump: 'none', area: 'version', pointer: '/version', blocking: true, message: 'Lower.' };

const waiver = (over: Partial<Waiver> = {}): Waiver => ({ finding: 'type-changed', reason: 'agreed with ranking', expires: '2026-12-31', ...over });

describe('applyWaivers', () => {
  it('takes a matched finding out of what counts, and keeps the rest', () => {
    const out = applyWaivers([typeChanged, training], [waiver()], undefined, DEFAULT_POLICY, 'm', day('2026-11-30'));
    expect(out.kept).toEqual([training]);
    expect(out.waived.map((w) => w.finding)).toEqual([typeChanged]);
    expect(maxBumpOf(out.kept.map((f) => f.bump))).toBe('minor');
    expect(out.notes).toEqual([]);
    expect(out.waivers[0]).toMatchObject({ added: true, expired: false, matched: 1, source: 'contract', at: '/waivers/0' });
  });

  it('matches by pointer or instance path, direction and interface', () => {
    const t = day('2026-11-30');
    const hit = (w: Waiver) => applyWaivers([typeChanged], [w], undefined, DEFAULT_POLICY, 'm', t).waived.length;
    expect(hit(waiver({ pointer: '/items/*' }))).toBe(1);
    expect(hit(waiver({ pointer: '/properties/items/items' }))).toBe(1);
    expect(hit(waiver({ pointer: '/items' }))).toBe(0);
    expect(hit(waiver({ direction: 'output' }))).toBe(1);
    expect(hit(waiver({ direction: 'input' }))).toBe(0);
    expect(hit(waiver({ interface: 'v2' }))).toBe(0);
    expect(hit(waiver({ finding: 'type-narrowed' }))).toBe(0);
  });

  it('applies through its expiry day and fails the gate the day after', () => {
    const on = applyWaivers([typeChanged], [waiver()], undefined, DEFAULT_POLICY, 'm', day('2026-12-31'));
    expect(on.waived).toHaveLength(1);
    const after = applyWaivers([typeChanged], [waiver()], undefined, DEFAULT_POLICY, 'm', day('2027-01-01'));
    expect(after.waived).toHaveLength(0);
    expect(after.kept).toEqual([typeChanged]);
    expect(after.notes.map((n) => [n.id, n.blocking, n.pointer])).toEqual([['waiver-expired', true, '/waivers/0']]);
  });

  it('notes a waiver that matches nothing, expired or not, without failing', () => {
    for (const today of ['2026-11-30', '2027-06-01']) {
      const out = applyWaivers([training], [waiver()], undefined, DEFAULT_POLICY, 'm', day(today));
      expect(out.notes.map((n) => [n.id, n.blocking ?? false])).toEqual([['waiver-unused', false]]);
      expect(out.kept).toEqual([training]);
    }
  });

  it('never waives a finding about the declared version itself', () => {
    const out = applyWaivers([versionLie], [waiver({ finding: 'version-decreased' })], undefined, DEFAULT_POLICY, 'm', day('2026-11-30'));
    expect(out.kept).toEqual([versionLie]);
    expect(out.notes.map((n) => n.id)).toEqual(['waiver-unused']);
  });

  it('under `waivers: never`, fails on a contract that lists any and applies none', () => {
    const out = applyWaivers([typeChanged], [waiver()], undefined, { ...DEFAULT_POLICY, waivers: 'never' }, 'm', day('2026-11-30'));
    expect(out.kept).toEqual([typeChanged]);
    expect(out.waived).toEqual([]);
    expect(out.notes.map((n) => [n.id, n.blocking])).toEqual([['waiver-forbidden', true]]);
  });

  it('tells the waivers the pull request adds from those the base already had (a new expiry is new)', () => {
    const w = waiver();
    const kept = applyWaivers([typeChanged], [w], [w], DEFAULT_POLICY, 'm', day('2026-11-30'));
    expect(kept.waivers[0]!.added).toBe(false);
    const renewed = applyWaivers([typeChanged], [waiver({ expires: '2027-12-31' })], [w], DEFAULT_POLICY, 'm', day('2026-11-30'));
    expect(renewed.waivers[0]!.added).toBe(true);
  });

  it("applies the policy file's waivers to the model they name, or to every model", () => {
    const policy = { ...DEFAULT_POLICY, waiverList: [{ ...waiver(), model: 'other' }, { ...waiver({ finding: 'training-data-changed' }) }] };
    const out = applyWaivers([typeChanged, training], undefined, undefined, policy, 'm', day('2026-11-30'));
    expect(out.kept).toEqual([typeChanged]);
    expect(out.waivers.map((w) => [w.finding, w.source, w.added])).toEqual([['training-data-changed', 'policy', false]]);
  });

  it('never raises what counts: the kept findings are a subset, and with no waiver nothing changes (property)', () => {
    const ids = ['type-changed', 'training-data-changed', 'enum-value-removed'];
    const finding = fc.record({
      id: fc.constantFrom(...ids),
      bump: fc.constantFrom('major', 'minor', 'patch', 'none' as const),
      area: fc.constantFrom('interface', 'lineage' as const),
      pointer: fc.constantFrom('/a', '/b'),
      message: fc.constant('m'),
    }) as fc.Arbitrary<Finding>;
    const w = fc.record({
      finding: fc.constantFrom(...ids),
      pointer: fc.option(fc.constantFrom('/a', '/b'), { nil: undefined }),
      reason: fc.constant('r'),
      expires: fc.constantFrom('2026-01-01', '2027-01-01'),
    });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), fc.array(w, { maxLength: 4 }), (findings, waivers) => {
        const clean = waivers.map((x) => (x.pointer === undefined ? { finding: x.finding, reason: x.reason, expires: x.expires } : x));
        const out = applyWaivers(findings, clean, undefined, DEFAULT_POLICY, 'm', day('2026-06-01'));
        expect(out.kept.every((f) => findings.includes(f))).toBe(true);
        expect(out.kept.length + out.waived.length).toBe(findings.length);
        expect(out.waived.every((x) => !x.waiver.expired)).toBe(true);
        expect(applyWaivers(findings, [], undefined, DEFAULT_POLICY, 'm', 0).kept).toBe(findings);
      }),
    );
  });
});
