import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const propertyNamesRemoved: Rule = {
  id: 'property-names-removed',
  appliesTo: 'object',
  keywords: ['propertyNames'],
  relation: 'widened',
  why: {
    input: 'Every object accepted before is still accepted.',
    output: 'Consumers may receive property names outside the constraint they were promised.',
  },
  hint: 'Keep the output `propertyNames`.',
  check: (ctx) => presence(ctx, 'propertyNames', 'removed'),
};
