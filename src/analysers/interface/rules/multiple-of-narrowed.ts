import type { Rule } from '../rule.js';
import { multipleMove } from '../multiples.js';

export const multipleOfNarrowed: Rule = {
  id: 'multiple-of-narrowed',
  appliesTo: 'number',
  keywords: ['multipleOf'],
  relation: 'narrowed',
  why: {
    input: 'Requests that were multiples of the old step may not be multiples of the new one (5 → 10).',
    output: 'Every number emitted now is a multiple of the old step.',
  },
  hint: 'Keep accepting the old step.',
  check: (ctx) =>
    typeof ctx.old.multipleOf === 'number' &&
    typeof ctx.new.multipleOf === 'number' &&
    multipleMove(ctx.old.multipleOf, ctx.new.multipleOf) === 'narrowed'
      ? [{ old: ctx.old.multipleOf, new: ctx.new.multipleOf, message: `multipleOf narrowed from ${ctx.old.multipleOf} to ${ctx.new.multipleOf}` }]
      : [],
};
