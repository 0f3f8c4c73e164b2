import type { Rule } from '../rule.js';
import { movedBounds, NUMERIC } from '../bounds.js';

export const rangeTightened: Rule = {
  id: 'range-tightened',
  appliesTo: 'number',
  keywords: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
  relation: 'narrowed',
  why: {
    input: 'Requests with numbers outside the new bound used to be accepted and are now rejected.',
    output: 'Every value emitted now was already within the old bound.',
  },
  hint: 'Keep the input bound as it was and clamp or reject inside the model.',
  check: (ctx) => movedBounds(NUMERIC, ctx, 'tightened'),
};
