import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const multipleOfAdded: Rule = {
  id: 'multiple-of-added',
  appliesTo: 'number',
  keywords: ['multipleOf'],
  relation: 'narrowed',
  why: {
    input: 'Numbers that are not multiples used to be accepted and are now rejected.',
    output: 'Every number emitted now already met the old schema.',
  },
  hint: 'Round inside the model instead of rejecting.',
  check: (ctx) => presence(ctx, 'multipleOf', 'added'),
};
