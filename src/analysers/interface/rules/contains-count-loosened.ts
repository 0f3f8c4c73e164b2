import type { Rule } from '../rule.js';
import { movedBounds, CONTAINS_COUNT } from '../bounds.js';

export const containsCountLoosened: Rule = {
  id: 'contains-count-loosened',
  appliesTo: 'array',
  keywords: ['minContains', 'maxContains'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive arrays with a number of matching items outside the bound they were promised.',
  },
  hint: 'Keep the output bound as it was.',
  check: (ctx) => movedBounds(CONTAINS_COUNT, ctx, 'loosened'),
};
