import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const conditionalAdded: Rule = {
  id: 'conditional-added',
  keywords: ['if', 'then', 'else'],
  relation: 'narrowed',
  why: {
    input: 'Requests that fail the new `then`/`else` used to be accepted and are now rejected.',
    output: 'Every value emitted now already met the old schema.',
  },
  hint: 'Keep the input free of the condition.',
  check: (ctx) => presence(ctx, 'if', 'added'),
};
