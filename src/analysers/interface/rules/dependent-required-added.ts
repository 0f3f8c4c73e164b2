import type { Rule, RuleHit } from '../rule.js';
import { dependentRequired } from '../dependencies.js';

export const dependentRequiredAdded: Rule = {
  id: 'dependent-required-added',
  appliesTo: 'object',
  keywords: ['dependentRequired', 'dependencies'],
  relation: 'narrowed',
  why: {
    input: 'Requests that send the property without the newly dependent ones are now rejected.',
    output: 'Every object emitted now already met the old schema.',
  },
  hint: 'Keep the input dependency as it was.',
  check: (ctx) => {
    const o = dependentRequired(ctx.old);
    const hits: RuleHit[] = [];
    for (const [prop, { path, requires }] of dependentRequired(ctx.new)) {
      const before = o.get(prop)?.requires ?? new Set<string>();
      const added = [...requires].filter((r) => !before.has(r));
      if (added.length) hits.push({ subPath: path, new: added, message: `"${prop}" now requires ${added.map((a) => `"${a}"`).join(', ')}` });
    }
    return hits;
  },
};
