import type { Rule } from '../rule.js';
import { fixedLength } from '../facts.js';

export const fixedLengthChanged: Rule = {
  id: 'fixed-length-changed',
  appliesTo: 'array',
  keywords: ['minItems', 'maxItems'],
  relation: 'changed',
  why: {
    input: 'Arrays of the old fixed length (a tensor dimension) are rejected.',
    output: 'Consumers sized for the old fixed length (a tensor dimension) break.',
  },
  hint: 'Keep the old dimension, or add the new one as a separate field.',
  check: (ctx) => {
    const o = fixedLength(ctx.old);
    const n = fixedLength(ctx.new);
    if (o === undefined || n === undefined || o === n) return [];
    return [{ old: o, new: n, message: `fixed array length changed from ${o} to ${n}` }];
  },
};
