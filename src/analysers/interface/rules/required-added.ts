import type { Rule } from '../rule.js';
import { instanceToken, propPath, requiredSet } from '../facts.js';

export const requiredAdded: Rule = {
  id: 'required-added',
  appliesTo: 'object',
  keywords: ['required'],
  relation: 'narrowed',
  why: {
    input: 'Requests without the property used to be accepted and are now rejected.',
    output: 'Consumers now always receive a property they could already handle.',
  },
  hint: 'Make the input property optional with a default applied inside the model.',
  check: (ctx) => {
    const o = requiredSet(ctx.old);
    return [...requiredSet(ctx.new)]
      .filter((name) => !o.has(name))
      .map((name) => ({ subPath: propPath(name), subInstance: instanceToken(name), new: name, message: `property "${name}" is now required` }));
  },
};
