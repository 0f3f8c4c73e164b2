import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const uniqueItemsRemoved: Rule = {
  id: 'unique-items-removed',
  appliesTo: 'array',
  keywords: ['uniqueItems'],
  relation: 'widened',
  why: {
    input: 'Every array accepted before is still accepted.',
    output: 'Consumers may receive repeated items they were promised would not occur.',
  },
  hint: 'Keep the output items unique.',
  check: (ctx) => presence(ctx, 'uniqueItems', 'removed', (s) => (s.uniqueItems === true ? true : undefined)),
};
