import type { Rule } from '../rule.js';
import { enumValues, showValues } from '../facts.js';

export const enumIntroduced: Rule = {
  id: 'enum-introduced',
  keywords: ['enum', 'const'],
  relation: 'narrowed',
  why: {
    input: 'Only the listed values are accepted now; others used to be.',
    output: 'Outputs are now limited to values that were already allowed.',
  },
  hint: 'Keep the input free, and validate the values in the model instead.',
  check: (ctx) => {
    const o = enumValues(ctx.old);
    const n = enumValues(ctx.new);
    if (o || !n) return [];
    return [{ new: n, message: `values restricted to ${showValues(n)}` }];
  },
};
