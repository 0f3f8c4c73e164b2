import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const uniqueItemsAdded: Rule = {
  id: 'unique-items-added',
  appliesTo: 'array',
  keywords: ['uniqueItems'],
  relation: 'narrowed',
  why: {
    input: 'Arrays with repeated items used to be accepted and are now rejected.',
    output: 'Every array emitted now already met the old schema.',
  },
  hint: 'Deduplicate inside the model instead of rejecting.',
  check: (ctx) => presence(ctx, 'uniqueItems', 'added', (s) => (s.uniqueItems === true ? true : undefined)),
};
