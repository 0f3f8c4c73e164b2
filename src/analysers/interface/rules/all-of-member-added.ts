import { brief } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { allOfMatching, allOfPaths } from '../combinators.js';

export const allOfMemberAdded: Rule = {
  id: 'all-of-member-added',
  keywords: ['allOf'],
  relation: 'narrowed',
  why: {
    input: 'Requests must now also meet the new member.',
    output: 'Every value emitted now already met the old members.',
  },
  hint: 'Keep the input free of the new member.',
  check: (ctx) => {
    const paths = allOfPaths(ctx.new);
    return allOfMatching(ctx).newOnly.map((j) => ({
      subPath: paths[j],
      new: brief(ctx.subNew(paths[j]!), 60),
      message: `allOf member ${paths[j]} added`,
    }));
  },
};
