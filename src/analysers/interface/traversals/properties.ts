import type { Traversal } from '../rule.js';
import { instanceToken, properties, propPath } from '../facts.js';

/** Properties declared on both sides are compared schema to schema. */
export const propertiesTraversal: Traversal = {
  id: 'properties',
  appliesTo: 'object',
  keywords: ['properties'],
  children: (ctx) => {
    const o = properties(ctx.old);
    const n = properties(ctx.new);
    return Object.keys(n)
      .filter((name) => Object.prototype.hasOwnProperty.call(o, name))
      .map((name) => ({ old: o[name], new: n[name], subPath: propPath(name), subInstance: instanceToken(name) }));
  },
};
