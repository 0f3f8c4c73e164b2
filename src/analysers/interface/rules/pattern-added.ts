import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const patternAdded: Rule = {
  id: 'pattern-added',
  appliesTo: 'string',
  keywords: ['pattern'],
  relation: 'narrowed',
  why: {
    input: 'Strings that do not match the new pattern used to be accepted and are now rejected.',
    output: 'Every string emitted now already met the old schema.',
  },
  hint: 'Validate the pattern inside the model instead, or keep accepting free strings.',
  check: (ctx) => presence(ctx, 'pattern', 'added'),
};
