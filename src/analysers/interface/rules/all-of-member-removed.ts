import { brief } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { allOfMatching, allOfPaths } from '../combinators.js';

export const allOfMemberRemoved: Rule = {
  id: 'all-of-member-removed',
  keywords: ['allOf'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive values that the removed member used to rule out.',
  },
  hint: 'Keep the output member.',
  check: (ctx) => {
    const paths = allOfPaths(ctx.old);
    return allOfMatching(ctx).oldOnly.map((i) => ({
      subPath: paths[i],
      old: brief(ctx.subOld(paths[i]!), 60),
      side: 'old' as const,
      message: `allOf member ${paths[i]} removed`,
    }));
  },
};
