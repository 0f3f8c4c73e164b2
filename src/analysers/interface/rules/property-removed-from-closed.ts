import type { Rule } from '../rule.js';
import { removedProperties } from '../props.js';
import { properties } from '../facts.js';
import { acceptsNoValueAt } from '../traversals/properties.js';

export const propertyRemovedFromClosed: Rule = {
  id: 'property-removed-from-closed',
  appliesTo: 'object',
  keywords: ['properties', 'additionalProperties'],
  relation: 'narrowed',
  consumerProtection: true,
  bumps: { output: 'major' },
  bumpNotes: { output: 'MAJOR (consumer protection: consumers that read the property lose it)' },
  why: {
    input: 'The object is closed, so requests that still send the property are rejected.',
    output: 'Consumers that read the property lose it.',
  },
  hint: 'Keep the property in the schema (deprecate it first), or release under a new major version.',
  // A property whose schema accepted nothing (`false`, `enum: []`) was never sent nor read: removing
  // it from a closed object changes nothing.
  check: (ctx) =>
    removedProperties(ctx, false).filter((hit) => !acceptsNoValueAt(properties(ctx.old)[hit.old as string], () => ctx.subOld(hit.subPath!))),
};
