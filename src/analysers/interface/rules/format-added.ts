import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const formatAdded: Rule = {
  id: 'format-added',
  keywords: ['format'],
  relation: 'narrowed',
  why: {
    input: 'Values that do not have the new format used to be accepted and are now rejected.',
    output: 'Every value emitted now already met the old schema.',
  },
  hint: 'Validate the format inside the model instead.',
  check: (ctx) => presence(ctx, 'format', 'added'),
};
