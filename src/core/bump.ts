/** A semantic-version bump, from nothing to do to "change your code". */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

export const BUMPS: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

export function bumpRank(bump: Bump): number {
  return BUMPS.indexOf(bump);
}

export function maxBump(...bumps: Bump[]): Bump {
  return maxBumpOf(bumps);
}

/** The largest bump of a list of any length (a spread into `maxBump` overflows past ~100,000). */
export function maxBumpOf(bumps: Iterable<Bump>): Bump {
  let best: Bump = 'none';
  for (const b of bumps) if (bumpRank(b) > bumpRank(best)) best = b;
  return best;
}

export function compareBumps(a: Bump, b: Bump): number {
  return bumpRank(a) - bumpRank(b);
}
