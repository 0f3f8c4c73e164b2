import type { Rule } from '../rule.js';
import { movedBounds, PROPERTY_COUNT } from '../bounds.js';

export const propertyCountLoosened: Rule = {
  id: 'property-count-loosened',
  appliesTo: 'object',
  keywords: ['minProperties', 'maxProperties'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive objects with a number of properties outside the bound they were promised.',
  },
  hint: 'Keep the output bound as it was.',
  check: (ctx) => movedBounds(PROPERTY_COUNT, ctx, 'loosened'),
};
