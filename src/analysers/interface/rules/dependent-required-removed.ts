import type { Rule, RuleHit } from '../rule.js';
import { dependentRequired } from '../dependencies.js';

export const dependentRequiredRemoved: Rule = {
  id: 'dependent-required-removed',
  appliesTo: 'object',
  keywords: ['dependentRequired', 'dependencies'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive the property without the ones they were promised along with it.',
  },
  hint: 'Keep the output dependency.',
  check: (ctx) => {
    const n = dependentRequired(ctx.new);
    const hits: RuleHit[] = [];
    for (const [prop, { path, requires }] of dependentRequired(ctx.old)) {
      const after = n.get(prop)?.requires ?? new Set<string>();
      const removed = [...requires].filter((r) => !after.has(r));
      if (removed.length)
        hits.push({ subPath: path, old: removed, side: 'old', message: `"${prop}" no longer requires ${removed.map((a) => `"${a}"`).join(', ')}` });
    }
    return hits;
  },
};
