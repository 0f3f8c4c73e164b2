import type { Rule } from '../rule.js';
import { isFalseSchema } from '../schema-set.js';

export const schemaForbidden: Rule = {
  id: 'schema-forbidden',
  mode: 'boolean',
  keywords: [],
  relation: 'narrowed',
  why: {
    input: 'The schema is now `false`: nothing is accepted here any more.',
    output: 'Nothing is emitted here any more; what was emitted before stays valid for consumers.',
  },
  hint: 'Keep accepting the values, and ignore them inside the model.',
  check: (ctx) => (isFalseSchema(ctx.new) && !isFalseSchema(ctx.old) ? [{ new: false, message: 'schema became `false` (accepts nothing)' }] : []),
};
