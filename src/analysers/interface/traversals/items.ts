import type { JsonObject } from '../../../core/json.js';
import type { Child, Traversal } from '../rule.js';

interface ArrayShape {
  /** Sub-paths of the per-position schemas (`prefixItems`, or draft-07 `items` as an array). */
  prefix: string[];
  /** Sub-path of the schema for the rest of the elements, or undefined when anything goes. */
  rest: string | undefined;
}

function shape(s: JsonObject): ArrayShape {
  if (Array.isArray(s.prefixItems)) {
    return { prefix: s.prefixItems.map((_, i) => `/prefixItems/${i}`), rest: s.items !== undefined ? '/items' : undefined };
  }
  if (Array.isArray(s.items)) {
    return { prefix: s.items.map((_, i) => `/items/${i}`), rest: s.additionalItems !== undefined ? '/additionalItems' : undefined };
  }
  return { prefix: [], rest: s.items !== undefined ? '/items' : undefined };
}

/** The value at a sub-path of a schema (one or two tokens deep), or `true` when absent. */
function at(s: JsonObject, path: string | undefined): unknown {
  if (path === undefined) return true;
  const [, kw, i] = path.split('/');
  const v = s[kw!];
  return i === undefined ? v : (v as unknown[])[Number(i)];
}

/**
 * Array elements: position by position for tuples (`prefixItems`, or draft-07 `items` as an
 * array with `additionalItems`), then the rest of the elements (`items`).
 */
export const itemsTraversal: Traversal = {
  id: 'items',
  appliesTo: 'array',
  keywords: ['items', 'prefixItems', 'additionalItems'],
  children: (ctx) => {
    const o = shape(ctx.old);
    const n = shape(ctx.new);
    const out: Child[] = [];
    for (let i = 0; i < Math.max(o.prefix.length, n.prefix.length); i++) {
      const op = o.prefix[i] ?? o.rest;
      const np = n.prefix[i] ?? n.rest;
      out.push({
        old: at(ctx.old, op),
        new: at(ctx.new, np),
        subPath: np ?? op ?? '/items',
        oldSubPath: op ?? '/items',
        newSubPath: np ?? '/items',
        subInstance: `/${i}`,
      });
    }
    if (o.rest !== undefined || n.rest !== undefined) {
      out.push({
        old: at(ctx.old, o.rest),
        new: at(ctx.new, n.rest),
        subPath: n.rest ?? o.rest!,
        oldSubPath: o.rest ?? '/items',
        newSubPath: n.rest ?? '/items',
        subInstance: '/*',
      });
    }
    return out;
  },
};
