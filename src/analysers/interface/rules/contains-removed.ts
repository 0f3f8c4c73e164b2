import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const containsRemoved: Rule = {
  id: 'contains-removed',
  appliesTo: 'array',
  keywords: ['contains'],
  relation: 'widened',
  why: {
    input: 'Every array accepted before is still accepted.',
    output: 'Consumers may receive arrays without the item they were promised.',
  },
  hint: 'Keep the output `contains` constraint.',
  check: (ctx) => presence(ctx, 'contains', 'removed'),
};
