import type { Rule } from '../rule.js';
import { enumValues, showValues } from '../facts.js';

export const enumLifted: Rule = {
  id: 'enum-lifted',
  keywords: ['enum', 'const'],
  relation: 'widened',
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers may receive values outside the list they were promised.',
  },
  hint: 'Keep the list of values on the output.',
  check: (ctx) => {
    const o = enumValues(ctx.old);
    const n = enumValues(ctx.new);
    if (!o || n) return [];
    return [{ old: o, message: `the list of allowed values (${showValues(o)}) was removed` }];
  },
};
