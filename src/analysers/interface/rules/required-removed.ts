import type { Rule } from '../rule.js';
import { instanceToken, propPath, requiredSet } from '../facts.js';

export const requiredRemoved: Rule = {
  id: 'required-removed',
  appliesTo: 'object',
  keywords: ['required'],
  relation: 'widened',
  why: {
    input: 'Every request accepted before is still accepted.',
    output: 'Consumers may now receive objects without a property they were promised.',
  },
  hint: 'Keep the output property required.',
  check: (ctx) => {
    const n = requiredSet(ctx.new);
    return [...requiredSet(ctx.old)]
      .filter((name) => !n.has(name))
      .map((name) => ({ subPath: propPath(name), subInstance: instanceToken(name), old: name, message: `property "${name}" is no longer required` }));
  },
};
