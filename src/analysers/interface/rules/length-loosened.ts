import type { Rule } from '../rule.js';
import { movedBounds, LENGTH } from '../bounds.js';

export const lengthLoosened: Rule = {
  id: 'length-loosened',
  appliesTo: 'string',
  keywords: ['minLength', 'maxLength'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive strings outside the bound they were promised.',
  },
  hint: 'Keep the output bound as it was.',
  check: (ctx) => movedBounds(LENGTH, ctx, 'loosened'),
};
