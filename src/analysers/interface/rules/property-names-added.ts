import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const propertyNamesAdded: Rule = {
  id: 'property-names-added',
  appliesTo: 'object',
  keywords: ['propertyNames'],
  relation: 'narrowed',
  why: {
    input: 'Objects with property names outside the new constraint used to be accepted and are now rejected.',
    output: 'Every object emitted now already met the old schema.',
  },
  hint: 'Keep the input property names free.',
  check: (ctx) => presence(ctx, 'propertyNames', 'added'),
};
