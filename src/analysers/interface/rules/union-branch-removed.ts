import { brief } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { branchPaths, unionMatching } from '../combinators.js';

export const unionBranchRemoved: Rule = {
  id: 'union-branch-removed',
  mode: ['normal', 'lift'],
  keywords: ['anyOf', 'oneOf'],
  relation: 'narrowed',
  why: {
    input: 'Requests that only the removed branch accepted are now rejected.',
    output: 'Every value emitted now already matched one of the old branches.',
  },
  hint: 'Keep accepting the removed branch.',
  check: (ctx) => {
    const paths = branchPaths(ctx.old);
    return unionMatching(ctx).oldOnly.map((i) => ({
      subPath: paths[i],
      old: brief(ctx.subOld(paths[i]!), 60),
      side: 'old' as const,
      message: `union branch ${paths[i] || '(whole schema)'} removed`,
    }));
  },
};
