import type { Rule } from '../rule.js';
import { dependentSchemas } from '../dependencies.js';

export const dependentSchemaAdded: Rule = {
  id: 'dependent-schema-added',
  appliesTo: 'object',
  keywords: ['dependentSchemas', 'dependencies'],
  relation: 'narrowed',
  why: {
    input: 'Requests that send the property must now also meet the dependent schema.',
    output: 'Every object emitted now already met the old schema.',
  },
  hint: 'Keep the input free of the dependent schema.',
  check: (ctx) => {
    const other = dependentSchemas(ctx.old);
    return [...dependentSchemas(ctx.new)]
      .filter(([prop]) => !other.has(prop))
      .map(([prop, path]) => ({ subPath: path, new: prop, message: `dependent schema for "${prop}" added` }));
  },
};
