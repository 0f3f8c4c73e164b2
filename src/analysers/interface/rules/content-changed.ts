import type { Rule } from '../rule.js';
import { jsonEqual } from '../../../core/json.js';

const KEYWORDS = ['contentEncoding', 'contentMediaType', 'contentSchema'];

export const contentChanged: Rule = {
  id: 'content-changed',
  appliesTo: 'string',
  keywords: KEYWORDS,
  relation: 'changed',
  why: {
    input: 'Strings in the old encoding or media type are now rejected by validators that check it.',
    output: 'Consumers that decode the old encoding or media type break.',
  },
  hint: 'Keep the old encoding or media type, or add the new one as a new field.',
  check: (ctx) =>
    KEYWORDS.flatMap((k) => {
      // A `contentSchema` is compared as a schema: key order, annotations and references aside.
      const o = ctx.old[k];
      const n = ctx.new[k];
      return o !== undefined && n !== undefined && (k === 'contentSchema' ? !ctx.same(`/${k}`) : !jsonEqual(o, n))
        ? [{ keyword: k, old: ctx.old[k], new: ctx.new[k], message: `\`${k}\` changed` }]
        : [];
    }),
};
