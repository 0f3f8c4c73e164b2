import type { Rule } from '../rule.js';
import { openness, opennessMove } from '../additional.js';

export const additionalPropertiesNarrowed: Rule = {
  id: 'additional-properties-narrowed',
  appliesTo: 'object',
  keywords: ['additionalProperties'],
  relation: 'narrowed',
  why: {
    input: 'Requests with properties the schema does not list used to be accepted and are now rejected.',
    output: 'Outputs now carry fewer unlisted properties than consumers were prepared for.',
  },
  hint: 'Keep the input object open.',
  check: (ctx) =>
    opennessMove(ctx.old, ctx.new) < 0
      ? [
          {
            subPath: '/additionalProperties',
            old: ctx.old.additionalProperties,
            new: ctx.new.additionalProperties,
            message: `additional properties narrowed: ${openness(ctx.old)} → ${openness(ctx.new)}`,
          },
        ]
      : [],
};
