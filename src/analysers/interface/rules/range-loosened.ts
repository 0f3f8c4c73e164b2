import type { Rule } from '../rule.js';
import { movedBounds, NUMERIC } from '../bounds.js';

export const rangeLoosened: Rule = {
  id: 'range-loosened',
  appliesTo: 'number',
  keywords: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive numbers outside the bound they were promised.',
  },
  hint: 'Keep the output bound as it was.',
  check: (ctx) => movedBounds(NUMERIC, ctx, 'loosened'),
};
