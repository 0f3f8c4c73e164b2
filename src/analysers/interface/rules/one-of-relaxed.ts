import type { Rule } from '../rule.js';
import { unionKind } from '../combinators.js';

export const oneOfRelaxed: Rule = {
  id: 'one-of-relaxed',
  keywords: ['oneOf', 'anyOf'],
  relation: 'widened',
  why: {
    input: 'Values that match several branches, rejected by `oneOf`, are now accepted by `anyOf`.',
    output: 'Consumers may receive values matching several branches, which `oneOf` ruled out.',
  },
  hint: 'Keep `oneOf` on the output.',
  check: (ctx) =>
    unionKind(ctx.old) === 'oneOf' && unionKind(ctx.new) === 'anyOf' ? [{ old: 'oneOf', new: 'anyOf', message: '`oneOf` became `anyOf`' }] : [],
};
