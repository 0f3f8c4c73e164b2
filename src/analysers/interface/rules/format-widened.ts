import type { Rule } from '../rule.js';
import { formatMove } from '../formats.js';

export const formatWidened: Rule = {
  id: 'format-widened',
  keywords: ['format'],
  relation: 'widened',
  why: {
    input: 'Every value of the old format is a value of the new, wider one (as int32 within int64).',
    output: 'Consumers sized for the old format (int32, float) may receive values that do not fit.',
  },
  hint: 'Keep the output format, or release under a new major version.',
  check: (ctx) =>
    typeof ctx.old.format === 'string' && typeof ctx.new.format === 'string' && formatMove(ctx.old.format, ctx.new.format) === 'widened'
      ? [{ old: ctx.old.format, new: ctx.new.format, message: `format widened from ${ctx.old.format} to ${ctx.new.format}` }]
      : [],
};
