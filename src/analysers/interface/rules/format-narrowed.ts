import type { Rule } from '../rule.js';
import { formatMove } from '../formats.js';

export const formatNarrowed: Rule = {
  id: 'format-narrowed',
  keywords: ['format'],
  relation: 'narrowed',
  why: {
    input: 'Requests with values of the old, wider format no longer fit.',
    output: 'Every value emitted now fits the old, wider format.',
  },
  hint: 'Keep accepting the wider format.',
  check: (ctx) =>
    typeof ctx.old.format === 'string' && typeof ctx.new.format === 'string' && formatMove(ctx.old.format, ctx.new.format) === 'narrowed'
      ? [{ old: ctx.old.format, new: ctx.new.format, message: `format narrowed from ${ctx.old.format} to ${ctx.new.format}` }]
      : [],
};
