import type { Rule } from '../rule.js';
import { addedProperties } from '../props.js';
import { properties } from '../facts.js';
import { acceptsNoValueAt } from '../traversals/properties.js';

export const propertyAdded: Rule = {
  id: 'property-added',
  appliesTo: 'object',
  keywords: ['properties'],
  relation: 'narrowed',
  consumerProtection: true,
  bumps: { input: (policy) => (policy.openContent === 'strict' ? 'major' : 'minor'), output: 'minor' },
  bumpNotes: { input: 'MINOR (policy `open-content: strict`: MAJOR)' },
  why: {
    input: 'The object was open, so callers may already send the property with another meaning; a new optional field is otherwise additive.',
    output: 'Consumers of an open object ignore a field they do not know.',
  },
  hint: 'Use policy `open-content: lenient`, or give the property a name no caller can already be sending.',
  // A property added as one that accepts nothing (`false`, `enum: []`) is no new optional field:
  // it forbids what was accepted, and the properties traversal compares it as such.
  check: (ctx) =>
    addedProperties(ctx, true).filter((hit) => !acceptsNoValueAt(properties(ctx.new)[hit.new as string], () => ctx.subNew(hit.subPath!))),
};
