import type { Rule } from '../rule.js';
import { isFalseSchema } from '../schema-set.js';

export const schemaAllowed: Rule = {
  id: 'schema-allowed',
  mode: 'boolean',
  keywords: [],
  relation: 'widened',
  why: {
    input: 'The schema was `false`; every request accepted before is still accepted.',
    output: 'Consumers were promised nothing would appear here, and now values may.',
  },
  hint: 'Keep the output free of the new values, or release under a new major version.',
  check: (ctx) =>
    isFalseSchema(ctx.old) && !isFalseSchema(ctx.new)
      ? [{ old: false, message: 'schema was `false` (accepted nothing) and now accepts values' }]
      : [],
};
