import type { Rule } from '../rule.js';
import { patternProperties } from '../patterns.js';
import { isOpen } from '../facts.js';

export const patternPropertyRemoved: Rule = {
  id: 'pattern-property-removed',
  appliesTo: 'object',
  keywords: ['patternProperties'],
  relation: 'widened',
  bumps: {
    input: (_p, ctx) => (isOpen(ctx.new) ? 'minor' : 'major'),
    output: (_p, ctx) => (isOpen(ctx.new) ? 'major' : 'minor'),
  },
  bumpNotes: {
    input: 'MINOR (MAJOR when the new object is closed: the properties are now rejected)',
    output: 'MAJOR (MINOR when the new object is closed)',
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
