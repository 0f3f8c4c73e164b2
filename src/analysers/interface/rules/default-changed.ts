import { brief, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';

export const defaultChanged: Rule = {
  id: 'default-changed',
  keywords: ['default'],
  relation: 'annotation',
  consumerProtection: true,
  bumps: { input: 'minor' },
  why: {
    input: 'Callers who omit the field now get other behavior.',
    output: 'A default on an output documents it and changes nothing a consumer parses.',
  },
  check: (ctx) =>
    jsonEqual(ctx.old.default, ctx.new.default)
      ? []
      : [{ old: ctx.old.default, new: ctx.new.default, message: `default ${brief(ctx.old.default)} → ${brief(ctx.new.default)}` }],
};
