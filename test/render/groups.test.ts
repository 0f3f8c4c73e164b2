import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { shortenDigests as shortDigest } from '../../src/render/escape.js';
import { causeMessage, groupFindings, tally, whyOf } from '../../src/render/groups.js';

const removed = (name: string): Finding => ({
  id: 'property-removed',
  bump: 'major',
  area: 'interface',
  direction: 'output',
  pointer: `/properties/${name}`,
  instancePath: `/${name}`,
  message: `Output field /${name} was removed.`,
});
const window = (name: string): Finding => ({ ...removed(name), id: 'deprecation-window', blocking: true, message: `/${name} was not deprecated.` });
const bound = (name: string, kw: 'minimum' | 'maximum'): Finding => ({
  id: 'range-tightened',
  bump: 'major',
  area: 'interface',
  direction: 'input',
  pointer: `/properties/${name}/${kw}`,
  instancePath: `/${name}`,
  message: `Input ${kw} of /${name} moved; ${whyOf('range-tightened', 'input')!.replace(/^./, (c) => c.toLowerCase())}`,
  hint: 'Keep the input bound as it was and clamp or reject inside the model.',
});
const added = (name: string): Finding => ({
  id: 'property-added',
  bump: 'minor',
  area: 'interface',
  direction: 'output',
  pointer: `/properties/${name}`,
  instancePath: `/${name}`,
  message: `Output field /${name} was added.`,
});

describe('groupFindings', () => {
  it('makes a removal and its deprecation-window verdict one cause, under the blocking rule', () => {
    const groups = groupFindings([window('a'), removed('a'), window('b'), removed('b')]);
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g).toMatchObject({ id: 'deprecation-window', blocking: true, bump: 'major', findings: 4 });
    expect(g.causes.map((c) => c.where)).toEqual(['output /a', 'output /b']);
    expect(g.causes[0]!.also).toEqual(['property-removed']);
  });

  it('makes both bounds of one field one cause, with the shared why and hint once', () => {
    const groups = groupFindings([bound('x', 'minimum'), bound('x', 'maximum'), bound('y', 'minimum')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.causes).toHaveLength(2);
    expect(groups[0]!.findings).toBe(3);
    expect(groups[0]!.why).toBe(whyOf('range-tightened', 'input'));
    expect(groups[0]!.hint).toMatch(/clamp/);
    expect(causeMessage(groups[0]!.causes[0]!, groups[0]!.why)).toBe('Input minimum of /x moved.');
  });

  it('orders groups worst first: blocking, then bump, then size', () => {
    const groups = groupFindings([added('n1'), added('n2'), bound('x', 'minimum'), window('a'), removed('a')]);
    expect(groups.map((g) => g.id)).toEqual(['deprecation-window', 'range-tightened', 'property-added']);
  });

  it('keeps findings without a place as one cause each', () => {
    const lineage: Finding = { id: 'training-data-changed', bump: 'minor', area: 'lineage', message: 'retrained' };
    const groups = groupFindings([lineage, { ...lineage }]);
    expect(groups[0]!.causes).toHaveLength(2);
    expect(groups[0]!.why).toBeTruthy();
  });
});

describe('tally and shortDigest', () => {
  it('counts blocking findings apart from their bump', () => {
    expect(tally([window('a'), removed('a'), added('b')])).toEqual({ major: 1, minor: 1, patch: 0, none: 0, blocking: 1 });
  });
  it('shortens digests to 12 characters', () => {
    const d = 'sha256:' + 'ab'.repeat(32);
    expect(shortDigest(`expected ${d} got x`)).toBe('expected sha256:abababababab… got x');
    expect(shortDigest('version 1.2.3')).toBe('version 1.2.3');
  });
});
