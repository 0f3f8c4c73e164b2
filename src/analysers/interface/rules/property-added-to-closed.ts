import type { Rule } from '../rule.js';
import { addedProperties } from '../props.js';
import { properties } from '../facts.js';
import { acceptsNoValueAt } from '../traversals/properties.js';

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
  // A property added as one that accepts nothing (`false`, `enum: []`) to a closed object changes
  // nothing: the name was rejected before and still is.
  check: (ctx) =>
    addedProperties(ctx, false).filter((hit) => !acceptsNoValueAt(properties(ctx.new)[hit.new as string], () => ctx.subNew(hit.subPath!))),
};
