import type { Rule } from '../rule.js';
import { addedProperties } from '../props.js';

export const propertyAddedToClosed: Rule = {
  id: 'property-added-to-closed',
  appliesTo: 'object',
  keywords: ['properties', 'additionalProperties'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'The object was closed (`additionalProperties: false`): consumers that validate it reject the new property.',
  },
  hint: 'Release under a new major version, or open the output object before adding properties.',
  check: (ctx) => addedProperties(ctx, false),
};
