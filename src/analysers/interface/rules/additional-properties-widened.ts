import type { Rule } from '../rule.js';
import { openness, opennessMove } from '../additional.js';

export const additionalPropertiesWidened: Rule = {
  id: 'additional-properties-widened',
  appliesTo: 'object',
  keywords: ['additionalProperties'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers that validate a closed object reject the unlisted properties it may now carry.',
  },
  hint: 'Keep the output object closed.',
  check: (ctx) =>
    opennessMove(ctx.old, ctx.new) > 0
      ? [
          {
            subPath: '/additionalProperties',
            old: ctx.old.additionalProperties,
            new: ctx.new.additionalProperties,
            message: `additional properties widened: ${openness(ctx.old)} → ${openness(ctx.new)}`,
          },
        ]
      : [],
};
