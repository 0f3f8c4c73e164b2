import type { Rule } from '../rule.js';
import { enumValues, showValues, without } from '../facts.js';

export const enumReplaced: Rule = {
  id: 'enum-replaced',
  keywords: ['enum', 'const'],
  relation: 'changed',
  why: {
    input: 'No value accepted before is accepted now.',
    output: 'No value emitted now was allowed before.',
  },
  hint: 'Keep the old values, or introduce the new ones in a new field.',
  check: (ctx) => {
    const o = enumValues(ctx.old);
    const n = enumValues(ctx.new);
    // An old empty list accepted nothing: giving it values adds them (enum-value-added), it replaces nothing.
    if (!o || !n || o.length === 0 || n.length === 0 || without(n, o).length !== n.length) return [];
    return [{ old: o, new: n, message: `allowed values replaced: ${showValues(o)} → ${showValues(n)}` }];
  },
};
