import type { Rule } from '../rule.js';
import { movedBounds, CONTAINS_COUNT } from '../bounds.js';

export const containsCountTightened: Rule = {
  id: 'contains-count-tightened',
  appliesTo: 'array',
  keywords: ['minContains', 'maxContains'],
  relation: 'narrowed',
  why: {
    input: 'Requests with arrays with a number of matching items outside the new bound used to be accepted and are now rejected.',
    output: 'Every value emitted now was already within the old bound.',
  },
  hint: 'Keep the input bound as it was.',
  check: (ctx) => movedBounds(CONTAINS_COUNT, ctx, 'tightened'),
};
