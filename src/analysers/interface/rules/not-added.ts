import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const notAdded: Rule = {
  id: 'not-added',
  keywords: ['not'],
  relation: 'narrowed',
  why: {
    input: 'Values the new `not` excludes used to be accepted and are now rejected.',
    output: 'Every value emitted now already met the old schema.',
  },
  hint: 'Keep the input free of the exclusion.',
  check: (ctx) => presence(ctx, 'not', 'added'),
};
