import type { Rule } from '../rule.js';
import { formatMove } from '../formats.js';

export const formatChanged: Rule = {
  id: 'format-changed',
  keywords: ['format'],
  relation: 'changed',
  why: {
    input: 'Values of the old format are rejected.',
    output: 'Consumers that parse the old format break.',
  },
  hint: 'Keep the old format, or add the new one as a new field.',
  check: (ctx) =>
    typeof ctx.old.format === 'string' && typeof ctx.new.format === 'string' && formatMove(ctx.old.format, ctx.new.format) === 'changed'
      ? [{ old: ctx.old.format, new: ctx.new.format, message: `format changed from ${ctx.old.format} to ${ctx.new.format}` }]
      : [],
};
