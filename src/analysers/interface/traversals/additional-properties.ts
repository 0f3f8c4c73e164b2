import { isObject } from '../../../core/json.js';
import type { Traversal } from '../rule.js';
import { openness } from '../additional.js';

/**
 * Two `additionalProperties` schemas are compared schema to schema: both constraining, or both
 * accepting anything while written as objects (so their annotations are still compared).
 */
export const additionalPropertiesTraversal: Traversal = {
  id: 'additional-properties',
  appliesTo: 'object',
  keywords: ['additionalProperties'],
  children: (ctx) => {
    const o = openness(ctx.old);
    return o !== 'none' && o === openness(ctx.new) && isObject(ctx.old.additionalProperties) && isObject(ctx.new.additionalProperties)
      ? [{ old: ctx.old.additionalProperties, new: ctx.new.additionalProperties, subPath: '/additionalProperties', subInstance: '/*' }]
      : [];
  },
};
