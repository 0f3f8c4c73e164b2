import type { Rule } from '../rule.js';
import { patternProperties } from '../patterns.js';
import { isOpen } from '../facts.js';

export const patternPropertyAdded: Rule = {
  id: 'pattern-property-added',
  appliesTo: 'object',
  keywords: ['patternProperties'],
  relation: 'narrowed',
  bumps: {
    input: (_p, ctx) => (isOpen(ctx.old) ? 'major' : 'minor'),
    output: (_p, ctx) => (isOpen(ctx.old) ? 'minor' : 'major'),
  },
  bumpNotes: {
    input: 'MAJOR (MINOR when the old object was closed: the pattern admits new properties)',
    output: 'MINOR (MAJOR when the old object was closed)',
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
