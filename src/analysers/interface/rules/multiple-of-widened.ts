import type { Rule } from '../rule.js';
import { multipleMove } from '../multiples.js';

export const multipleOfWidened: Rule = {
  id: 'multiple-of-widened',
  appliesTo: 'number',
  keywords: ['multipleOf'],
  relation: 'widened',
  why: {
    input: 'Every multiple of the old step is a multiple of the new one (10 → 5).',
    output: 'Consumers may receive numbers that are not multiples of the old step.',
  },
  hint: 'Keep the output step.',
  check: (ctx) =>
    typeof ctx.old.multipleOf === 'number' &&
    typeof ctx.new.multipleOf === 'number' &&
    multipleMove(ctx.old.multipleOf, ctx.new.multipleOf) === 'widened'
      ? [{ old: ctx.old.multipleOf, new: ctx.new.multipleOf, message: `multipleOf widened from ${ctx.old.multipleOf} to ${ctx.new.multipleOf}` }]
      : [],
};
