import type { Rule } from '../rule.js';
import { showTypes, typeSet, typesWithin } from '../facts.js';

export const typeChanged: Rule = {
  id: 'type-changed',
  keywords: ['type'],
  relation: 'changed',
  why: {
    input: 'Requests of the old type are rejected.',
    output: 'Consumers that parse the old type break.',
  },
  hint: 'Keep the old type, or add the new shape as a new field and deprecate the old one.',
  check: (ctx) => {
    const o = typeSet(ctx.old);
    const n = typeSet(ctx.new);
    if (typesWithin(n, o) || typesWithin(o, n)) return [];
    return [{ old: ctx.old.type, new: ctx.new.type, message: `type changed from ${showTypes(o)} to ${showTypes(n)}` }];
  },
};
