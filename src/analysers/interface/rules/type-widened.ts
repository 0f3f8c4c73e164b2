import type { Rule } from '../rule.js';
import { showTypes, typeSet, typesWithin } from '../facts.js';

export const typeWidened: Rule = {
  id: 'type-widened',
  keywords: ['type'],
  relation: 'widened',
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers may now receive a type they were never promised (integer → number, a type or null added).',
  },
  hint: 'Keep the output type as it was, or publish the wider type under a new major version.',
  check: (ctx) => {
    const o = typeSet(ctx.old);
    const n = typeSet(ctx.new);
    if (!typesWithin(o, n) || typesWithin(n, o)) return [];
    return [{ old: ctx.old.type, new: ctx.new.type, message: `type widened from ${showTypes(o)} to ${showTypes(n)}` }];
  },
};
