import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const patternRemoved: Rule = {
  id: 'pattern-removed',
  appliesTo: 'string',
  keywords: ['pattern'],
  relation: 'widened',
  why: {
    input: 'Every string accepted before is still accepted.',
    output: 'Consumers may receive strings that do not match the pattern they were promised.',
  },
  hint: 'Keep the output pattern.',
  check: (ctx) => presence(ctx, 'pattern', 'removed'),
};
