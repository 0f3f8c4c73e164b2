import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const notRemoved: Rule = {
  id: 'not-removed',
  keywords: ['not'],
  relation: 'widened',
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers may receive values that `not` used to exclude.',
  },
  hint: 'Keep the output exclusion.',
  check: (ctx) => presence(ctx, 'not', 'removed'),
};
