import type { Rule } from '../rule.js';
import { unionKind } from '../combinators.js';

export const oneOfEnforced: Rule = {
  id: 'one-of-enforced',
  keywords: ['oneOf', 'anyOf'],
  relation: 'narrowed',
  why: {
    input: 'Values that match several branches used to be accepted and are now rejected.',
    output: 'Every value emitted now matched the old `anyOf`.',
  },
  hint: 'Keep `anyOf` on the input.',
  check: (ctx) =>
    unionKind(ctx.old) === 'anyOf' && unionKind(ctx.new) === 'oneOf' ? [{ old: 'anyOf', new: 'oneOf', message: '`anyOf` became `oneOf`' }] : [],
};
