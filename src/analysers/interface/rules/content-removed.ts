import type { Rule } from '../rule.js';

const KEYWORDS = ['contentEncoding', 'contentMediaType', 'contentSchema'];

export const contentRemoved: Rule = {
  id: 'content-removed',
  appliesTo: 'string',
  keywords: KEYWORDS,
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive strings that are not in the encoding or media type they were promised.',
  },
  hint: 'Keep the output content constraint.',
  check: (ctx) =>
    KEYWORDS.flatMap((k) => {
      const o = ctx.old[k] === undefined ? undefined : JSON.stringify(ctx.old[k]);
      const n = ctx.new[k] === undefined ? undefined : JSON.stringify(ctx.new[k]);
      return o !== undefined && n === undefined
        ? [{ keyword: k, old: ctx.old[k], new: ctx.new[k], message: `\`${k}\` removed`, side: 'old' as const }]
        : [];
    }),
};
