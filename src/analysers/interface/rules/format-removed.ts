import type { Rule } from '../rule.js';
import { presence } from '../presence.js';

export const formatRemoved: Rule = {
  id: 'format-removed',
  keywords: ['format'],
  relation: 'widened',
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers may receive values without the format they were promised.',
  },
  hint: 'Keep the output format.',
  check: (ctx) => presence(ctx, 'format', 'removed'),
};
