import type { Rule } from '../rule.js';
import { movedBounds, ITEM_COUNT } from '../bounds.js';

export const itemCountLoosened: Rule = {
  id: 'item-count-loosened',
  appliesTo: 'array',
  keywords: ['minItems', 'maxItems'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive arrays outside the bound they were promised.',
  },
  hint: 'Keep the output bound as it was.',
  check: (ctx) => movedBounds(ITEM_COUNT, ctx, 'loosened'),
};
