import type { Rule } from '../rule.js';
import { dependentSchemas } from '../dependencies.js';

export const dependentSchemaRemoved: Rule = {
  id: 'dependent-schema-removed',
  appliesTo: 'object',
  keywords: ['dependentSchemas', 'dependencies'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may receive objects that the dependent schema used to rule out.',
  },
  hint: 'Keep the output dependent schema.',
  check: (ctx) => {
    const other = dependentSchemas(ctx.new);
    return [...dependentSchemas(ctx.old)]
      .filter(([prop]) => !other.has(prop))
      .map(([prop, path]) => ({ subPath: path, old: prop, message: `dependent schema for "${prop}" removed`, side: 'old' as const }));
  },
};
