import type { Rule } from '../rule.js';
import { removedProperties } from '../props.js';

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
  check: (ctx) => removedProperties(ctx, true),
};
