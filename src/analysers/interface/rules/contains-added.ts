import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const containsAdded: Rule = {
  id: 'contains-added',
  appliesTo: 'array',
  keywords: ['contains'],
  relation: 'narrowed',
  why: {
    input: 'Arrays without a matching item used to be accepted and are now rejected.',
    output: 'Every array emitted now already met the old schema.',
  },
  hint: 'Keep the input free of a `contains` constraint.',
  check: (ctx) => presence(ctx, 'contains', 'added'),
};
