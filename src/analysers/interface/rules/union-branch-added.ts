import { brief } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { branchPaths, unionMatching } from '../combinators.js';

export const unionBranchAdded: Rule = {
  id: 'union-branch-added',
  mode: ['normal', 'lift'],
  keywords: ['anyOf', 'oneOf'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted; the new branch accepts more.',
    output: 'Consumers may receive values of a shape they were never promised.',
  },
  hint: 'Keep the output to the old branches, or release under a new major version.',
  check: (ctx) => {
    const paths = branchPaths(ctx.new);
    return unionMatching(ctx).newOnly.map((j) => ({
      subPath: paths[j],
      new: brief(ctx.subNew(paths[j]!), 60),
      message: `union branch ${paths[j] || '(whole schema)'} added`,
    }));
  },
};
