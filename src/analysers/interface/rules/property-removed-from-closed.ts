import type { Rule } from '../rule.js';
import { removedProperties } from '../props.js';

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
  check: (ctx) => removedProperties(ctx, false),
};
