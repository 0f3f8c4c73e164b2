import type { Rule } from '../rule.js';
import { showTypes, typeSet, typesWithin } from '../facts.js';

export const typeNarrowed: Rule = {
  id: 'type-narrowed',
  keywords: ['type'],
  relation: 'narrowed',
  why: {
    input: 'Requests of a type that used to be accepted are now rejected (number → integer, a type or null removed).',
    output: 'Every value emitted now was already allowed.',
  },
  hint: 'Keep accepting the old types in the input schema.',
  check: (ctx) => {
    const o = typeSet(ctx.old);
    const n = typeSet(ctx.new);
    if (!typesWithin(n, o) || typesWithin(o, n)) return [];
    return [{ old: ctx.old.type, new: ctx.new.type, message: `type narrowed from ${showTypes(o)} to ${showTypes(n)}` }];
  },
};
