import type { Rule } from '../rule.js';

export const patternChanged: Rule = {
  id: 'pattern-changed',
  appliesTo: 'string',
  keywords: ['pattern'],
  relation: 'changed',
  why: {
    input: 'Strings that matched the old pattern may not match the new one.',
    output: 'Consumers may receive strings that do not match the pattern they were promised.',
  },
  hint: 'Keep the old pattern, or accept both (`anyOf` of the two patterns) during a migration.',
  check: (ctx) =>
    typeof ctx.old.pattern === 'string' && typeof ctx.new.pattern === 'string' && ctx.old.pattern !== ctx.new.pattern
      ? [{ old: ctx.old.pattern, new: ctx.new.pattern, message: `pattern changed from ${ctx.old.pattern} to ${ctx.new.pattern}` }]
      : [],
};
