import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { declaredBump, isValidVersion, nextVersion } from '../src/core/version.js';
import { BUMPS, compareBumps } from '../src/core/bump.js';

describe('declaredBump', () => {
  it.each([
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.3.5', 'minor'],
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '3.1.0', 'major'],
    ['0.3.1', '0.3.2', 'minor'],
    ['0.3.1', '0.4.0', 'major'],
    ['0.3.1', '1.0.0', 'major'],
    ['0.0.3', '0.0.4', 'major'],
    ['0.0.3', '0.1.0', 'major'],
    ['1.2.3', '2.0.0-rc.1', 'major'],
    ['1.2.3', '1.3.0-beta', 'minor'],
    ['1.2.3', '1.2.4-alpha.1', 'patch'],
    ['2.0.0-rc.1', '2.0.0-rc.2', 'major'],
    ['2.0.0-rc.1', '2.0.0', 'major'],
    ['1.0.0+build.1', '1.0.0+build.2', 'none'],
  ])('%s → %s is %s', (base, head, bump) => {
    expect(declaredBump(base, head)).toBe(bump);
  });

  it.each([
    ['1.2.3', '1.2.2'],
    ['2.0.0', '1.9.9'],
    ['2.0.0', '2.0.0-rc.1'],
  ])('%s → %s went down', (base, head) => {
    expect(declaredBump(base, head)).toBeNull();
  });
});

describe('isValidVersion', () => {
  it.each(['1.0.0', '0.0.0', '10.20.30', '1.0.0-alpha.1', '1.0.0+meta', '1.0.0-rc.1+build.5'])('%s is valid', (v) =>
    expect(isValidVersion(v)).toBe(true),
  );
  it.each(['1.0', 'v1.0.0', '01.0.0', '1.0.0.0', '', ' 1.0.0', 'latest', '1.0.0-'])('%j is not valid', (v) => expect(isValidVersion(v)).toBe(false));
});

const version = fc
  .tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.option(fc.constantFrom('alpha', 'rc.1', 'rc.2'), { nil: undefined }))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? '-' + pre : ''}`);

describe('nextVersion', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'none', '1.2.3'],
    ['0.3.1', 'major', '0.4.0'],
    ['0.3.1', 'minor', '0.3.2'],
    ['0.0.3', 'patch', '0.0.4'],
    ['2.0.0-rc.1', 'major', '2.0.0-rc.2'],
  ] as const)('%s with %s required is %s', (base, req, next) => {
    expect(nextVersion(base, req)).toBe(next);
  });

  it('always declares at least the required bump', () => {
    fc.assert(
      fc.property(version, fc.constantFrom(...BUMPS), (base, req) => {
        const next = nextVersion(base, req);
        const declared = declaredBump(base, next);
        expect(declared).not.toBeNull();
        expect(compareBumps(declared!, req)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  const release = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)).map(([a, b, c]) => `${a}.${b}.${c}`);

  it('is the smallest passing release (pre-releases below it may pass too)', () => {
    fc.assert(
      fc.property(version, fc.constantFrom(...BUMPS), release, (base, req, other) => {
        const next = nextVersion(base, req);
        const d = declaredBump(base, other);
        if (d !== null && compareBumps(d, req) >= 0) {
          // any passing release is at or above the suggestion
          expect(declaredBump(next, other)).not.toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
