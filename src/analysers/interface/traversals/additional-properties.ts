import { isObject } from '../../../core/json.js';
import type { Traversal } from '../rule.js';
import { openness } from '../additional.js';

/** Two `additionalProperties` schemas are compared schema to schema. */
export const additionalPropertiesTraversal: Traversal = {
  id: 'additional-properties',
  appliesTo: 'object',
  keywords: ['additionalProperties'],
  children: (ctx) =>
    openness(ctx.old) === 'schema' && openness(ctx.new) === 'schema' && isObject(ctx.old.additionalProperties)
      ? [{ old: ctx.old.additionalProperties, new: ctx.new.additionalProperties, subPath: '/additionalProperties', subInstance: '/*' }]
      : [],
};
