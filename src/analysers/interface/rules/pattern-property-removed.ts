import type { Rule } from '../rule.js';
import { patternProperties, patternPropertyBump } from '../patterns.js';

export const patternPropertyRemoved: Rule = {
  id: 'pattern-property-removed',
  appliesTo: 'object',
  keywords: ['patternProperties'],
  relation: 'widened',
  bumps: {
    input: (_p, ctx) => patternPropertyBump(ctx.old, ctx.new, 'removed', 'input'),
    output: (_p, ctx) => patternPropertyBump(ctx.old, ctx.new, 'removed', 'output'),
  },
  bumpNotes: {
    input: 'MINOR when the new object is open; MAJOR otherwise',
    output: 'MAJOR; MINOR when the new object is closed and no declared property matches',
  },
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive properties the pattern used to constrain.',
  },
  hint: 'Keep the output pattern constraint.',
  check: (ctx) => {
    const other = patternProperties(ctx.new);
    return Object.keys(patternProperties(ctx.old))
      .filter((p) => !Object.prototype.hasOwnProperty.call(other, p))
      .map((p) => ({
        subPath: `/patternProperties/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        subInstance: '/*',
        old: p,
        message: `pattern property /${p}/ removed`,
        side: 'old' as const,
      }));
  },
};
