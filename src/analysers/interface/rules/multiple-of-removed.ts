import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const multipleOfRemoved: Rule = {
  id: 'multiple-of-removed',
  appliesTo: 'number',
  keywords: ['multipleOf'],
  relation: 'widened',
  why: {
    input: 'Every number accepted before is still accepted.',
    output: 'Consumers may receive numbers that are not multiples of the old step.',
  },
  hint: 'Keep the output step.',
  check: (ctx) => presence(ctx, 'multipleOf', 'removed'),
};
