import type { Rule } from '../rule.js';
import { enumValues, showValues, without } from '../facts.js';

export const enumValueAdded: Rule = {
  id: 'enum-value-added',
  keywords: ['enum', 'const', 'x-extensible-enum'],
  relation: 'widened',
  consumerProtection: true,
  bumps: {
    output: (policy, ctx) =>
      ctx.old['x-extensible-enum'] === true || ctx.new['x-extensible-enum'] === true || policy.outputEnumExtension === 'minor' ? 'minor' : 'major',
  },
  bumpNotes: { output: 'MAJOR (consumer protection); MINOR with `x-extensible-enum: true` or policy `output-enum-extension: minor`' },
  why: {
    input: 'Every value accepted before is still accepted.',
    output: 'Consumers that switch over the known values meet one they cannot handle.',
  },
  hint: 'Mark the enum `x-extensible-enum: true` once consumers handle unknown values, or release under a new major version.',
  check: (ctx) => {
    const o = enumValues(ctx.old);
    const n = enumValues(ctx.new);
    if (!o || !n) return [];
    const added = without(n, o);
    // All values new is a replacement (enum-replaced), unless the old list was empty and accepted nothing.
    if (added.length === 0 || (added.length === n.length && o.length > 0)) return [];
    return [{ old: o, new: n, message: `enum value${added.length > 1 ? 's' : ''} ${showValues(added)} added` }];
  },
};
