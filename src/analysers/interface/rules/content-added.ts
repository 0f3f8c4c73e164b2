import type { Rule } from '../rule.js';

const KEYWORDS = ['contentEncoding', 'contentMediaType', 'contentSchema'];

export const contentAdded: Rule = {
  id: 'content-added',
  appliesTo: 'string',
  keywords: KEYWORDS,
  relation: 'narrowed',
  why: {
    input: 'Strings that are not in the new encoding or media type used to be accepted and are now rejected by validators that check it.',
    output: 'Every string emitted now already met the old schema.',
  },
  hint: 'Keep the input free of the content constraint.',
  check: (ctx) =>
    KEYWORDS.flatMap((k) => {
      const o = ctx.old[k] === undefined ? undefined : JSON.stringify(ctx.old[k]);
      const n = ctx.new[k] === undefined ? undefined : JSON.stringify(ctx.new[k]);
      return o === undefined && n !== undefined ? [{ keyword: k, old: ctx.old[k], new: ctx.new[k], message: `\`${k}\` added` }] : [];
    }),
};
