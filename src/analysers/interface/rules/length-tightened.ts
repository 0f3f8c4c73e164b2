import type { Rule } from '../rule.js';
import { movedBounds, LENGTH } from '../bounds.js';

export const lengthTightened: Rule = {
  id: 'length-tightened',
  appliesTo: 'string',
  keywords: ['minLength', 'maxLength'],
  relation: 'narrowed',
  why: {
    input: 'Requests with strings outside the new bound used to be accepted and are now rejected.',
    output: 'Every value emitted now was already within the old bound.',
  },
  hint: 'Keep the input bound as it was and clamp or reject inside the model.',
  check: (ctx) => movedBounds(LENGTH, ctx, 'tightened'),
};
