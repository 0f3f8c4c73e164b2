import type { Rule } from '../rule.js';
import { movedBounds, ITEM_COUNT } from '../bounds.js';

export const itemCountTightened: Rule = {
  id: 'item-count-tightened',
  appliesTo: 'array',
  keywords: ['minItems', 'maxItems'],
  relation: 'narrowed',
  why: {
    input: 'Requests with arrays outside the new bound used to be accepted and are now rejected.',
    output: 'Every value emitted now was already within the old bound.',
  },
  hint: 'Keep the input bound as it was and clamp or reject inside the model.',
  check: (ctx) => movedBounds(ITEM_COUNT, ctx, 'tightened'),
};
