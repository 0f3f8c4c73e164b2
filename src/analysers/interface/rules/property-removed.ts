import type { Rule } from '../rule.js';
import { removedProperties } from '../props.js';
import { properties } from '../facts.js';
import { acceptsNoValueAt } from '../traversals/properties.js';

export const propertyRemoved: Rule = {
  id: 'property-removed',
  appliesTo: 'object',
  keywords: ['properties'],
  relation: 'widened',
  consumerProtection: true,
  bumps: { output: 'major' },
  bumpNotes: { output: 'MAJOR (consumer protection: consumers that read the property lose it)' },
  why: {
    input: 'The object stays open, so requests that still send the property are accepted.',
    output: 'Consumers that read the property lose it.',
  },
  hint: 'Keep emitting the property (deprecate it first), or release under a new major version.',
  // One that accepted nothing (`false`, `enum: []`) is compared by the properties traversal instead.
  check: (ctx) =>
    removedProperties(ctx, true).filter((hit) => !acceptsNoValueAt(properties(ctx.old)[hit.old as string], () => ctx.subOld(hit.subPath!))),
};
