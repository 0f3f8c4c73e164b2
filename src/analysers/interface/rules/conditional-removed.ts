import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const conditionalRemoved: Rule = {
  id: 'conditional-removed',
  keywords: ['if', 'then', 'else'],
  relation: 'widened',
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers may receive values that the condition used to rule out.',
  },
  hint: 'Keep the output condition.',
  check: (ctx) => presence(ctx, 'if', 'removed'),
};
