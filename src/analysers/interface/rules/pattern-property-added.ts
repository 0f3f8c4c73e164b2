import type { Rule } from '../rule.js';
import { patternProperties, patternPropertyBump } from '../patterns.js';

export const patternPropertyAdded: Rule = {
  id: 'pattern-property-added',
  appliesTo: 'object',
  keywords: ['patternProperties'],
  relation: 'narrowed',
  bumps: {
    input: (_p, ctx) => patternPropertyBump(ctx.old, ctx.new, 'added', 'input'),
    output: (_p, ctx) => patternPropertyBump(ctx.old, ctx.new, 'added', 'output'),
  },
  bumpNotes: {
    input: 'MAJOR; MINOR when the old object was closed and no declared property matches (the pattern admits new properties)',
    output: 'MINOR when the old object was open; MAJOR otherwise',
  },
  why: {
    input: 'Properties matching the new pattern must now meet its schema.',
    output: 'Every object emitted now already met the old schema.',
  },
  hint: 'Keep the input free of the pattern constraint.',
  check: (ctx) => {
    const other = patternProperties(ctx.old);
    return Object.keys(patternProperties(ctx.new))
      .filter((p) => !Object.prototype.hasOwnProperty.call(other, p))
      .map((p) => ({
        subPath: `/patternProperties/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        subInstance: '/*',
        new: p,
        message: `pattern property /${p}/ added`,
      }));
  },
};
