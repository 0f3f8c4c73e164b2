import type { Child, Traversal } from '../rule.js';

/** `items` as one schema for every element, or (draft 07) as a tuple of per-position schemas. */
export const itemsTraversal: Traversal = {
  id: 'items',
  appliesTo: 'array',
  keywords: ['items', 'additionalItems'],
  children: (ctx) => {
    const o = ctx.old.items;
    const n = ctx.new.items;
    if (o === undefined && n === undefined) return [];
    if (Array.isArray(o) || Array.isArray(n)) {
      const oa = Array.isArray(o) ? o : [];
      const na = Array.isArray(n) ? n : [];
      const out: Child[] = [];
      for (let i = 0; i < Math.max(oa.length, na.length); i++) {
        // A missing position is governed by additionalItems (absent: anything).
        const ov = i < oa.length ? oa[i] : Array.isArray(o) ? (ctx.old.additionalItems ?? true) : (o ?? true);
        const nv = i < na.length ? na[i] : Array.isArray(n) ? (ctx.new.additionalItems ?? true) : (n ?? true);
        out.push({
          old: ov,
          new: nv,
          subPath: `/items/${i}`,
          oldSubPath: i < oa.length ? `/items/${i}` : Array.isArray(o) ? '/additionalItems' : '/items',
          newSubPath: i < na.length ? `/items/${i}` : Array.isArray(n) ? '/additionalItems' : '/items',
          subInstance: `/${i}`,
        });
      }
      return out;
    }
    return [{ old: o ?? true, new: n ?? true, subPath: '/items', subInstance: '/*' }];
  },
};
