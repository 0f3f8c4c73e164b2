import type { Rule } from '../rule.js';
import { movedBounds, PROPERTY_COUNT } from '../bounds.js';

export const propertyCountTightened: Rule = {
  id: 'property-count-tightened',
  appliesTo: 'object',
  keywords: ['minProperties', 'maxProperties'],
  relation: 'narrowed',
  why: {
    input: 'Requests with objects with a number of properties outside the new bound used to be accepted and are now rejected.',
    output: 'Every value emitted now was already within the old bound.',
  },
  hint: 'Keep the input bound as it was.',
  check: (ctx) => movedBounds(PROPERTY_COUNT, ctx, 'tightened'),
};
