import type { Rule } from '../rule.js';
import { multipleMove } from '../multiples.js';

export const multipleOfChanged: Rule = {
  id: 'multiple-of-changed',
  appliesTo: 'number',
  keywords: ['multipleOf'],
  relation: 'changed',
  why: {
    input: 'Requests that were multiples of the old step may not be multiples of the new one.',
    output: 'Consumers may receive numbers that are not multiples of the old step.',
  },
  hint: 'Keep the old step, or use a divisor of it.',
  check: (ctx) =>
    typeof ctx.old.multipleOf === 'number' &&
    typeof ctx.new.multipleOf === 'number' &&
    multipleMove(ctx.old.multipleOf, ctx.new.multipleOf) === 'changed'
      ? [{ old: ctx.old.multipleOf, new: ctx.new.multipleOf, message: `multipleOf changed from ${ctx.old.multipleOf} to ${ctx.new.multipleOf}` }]
      : [],
};
