/** Traversals into single sub-schemas that apply to the same instance or its parts. */
import type { Child, Traversal } from '../rule.js';
import { dependentSchemas } from '../dependencies.js';
import { patternProperties, coveringPath } from '../patterns.js';
import { instanceToken, properties, propPath } from '../facts.js';
import { merge } from '../resolve.js';

/** Both sides have the keyword: compare its schemas. */
function both(id: string, keyword: string, subInstance: string, flip = false, appliesTo?: 'object' | 'array'): Traversal {
  return {
    id,
    keywords: [keyword],
    ...(appliesTo ? { appliesTo } : {}),
    children: (ctx) =>
      ctx.old[keyword] !== undefined && ctx.new[keyword] !== undefined
        ? [{ old: ctx.old[keyword], new: ctx.new[keyword], subPath: `/${keyword}`, subInstance, ...(flip ? { flip } : {}) }]
        : [],
  };
}

const containsBoth = both('contains', 'contains', '/*', false, 'array');
/** `contains` is compared schema to schema only without `maxContains` (then contains-changed reports it). */
export const containsTraversal: Traversal = {
  ...containsBoth,
  children: (ctx) => (ctx.old.maxContains !== undefined || ctx.new.maxContains !== undefined ? [] : containsBoth.children(ctx)),
};
export const propertyNamesTraversal = both('property-names', 'propertyNames', '', false, 'object');
/** `not` negates: a widening inside it narrows the schema. */
export const notTraversal = both('not', 'not', '', true);

/** `then` and `else` are compared when the `if` condition is the same (annotations aside). */
export const conditionalTraversal: Traversal = {
  id: 'conditional',
  keywords: ['if', 'then', 'else'],
  children: (ctx) => {
    if (ctx.old.if === undefined || ctx.new.if === undefined || !ctx.same('/if')) return [];
    // Each branch holds together with the rest of the schema: compare (rest ∧ then), (rest ∧ else).
    const withRest = (side: 'old' | 'new', k: 'then' | 'else'): unknown => {
      const whole = side === 'old' ? ctx.old : ctx.new;
      const { if: _i, then: _t, else: _e, ...rest } = whole;
      if (whole[k] === undefined) return rest;
      const branch = side === 'old' ? ctx.locateOld(`/${k}`) : ctx.locateNew(`/${k}`);
      const at = side === 'old' ? ctx.oldAt : ctx.newAt;
      return merge({ schema: rest, at }, branch)?.schema ?? whole[k];
    };
    return (['then', 'else'] as const).map((k) => ({ old: withRest('old', k), new: withRest('new', k), subPath: `/${k}`, subInstance: '' }));
  },
};

export const dependentSchemasTraversal: Traversal = {
  id: 'dependent-schemas',
  appliesTo: 'object',
  keywords: ['dependentSchemas', 'dependencies'],
  children: (ctx) => {
    const o = dependentSchemas(ctx.old);
    return [...dependentSchemas(ctx.new)]
      .filter(([prop]) => o.has(prop))
      .map(([prop, path]) => {
        const op = o.get(prop)!;
        const [, okw, oname] = op.split('/');
        const [, nkw, nname] = path.split('/');
        const ov = (ctx.old[okw!] as Record<string, unknown>)[oname!.replace(/~1/g, '/').replace(/~0/g, '~')];
        const nv = (ctx.new[nkw!] as Record<string, unknown>)[nname!.replace(/~1/g, '/').replace(/~0/g, '~')];
        return { old: ov, new: nv, subPath: path, oldSubPath: op, newSubPath: path, subInstance: '' };
      });
  },
};

/** The same pattern on both sides; and a property declared on one side but covered by a pattern or an `additionalProperties` schema on the other. */
export const patternPropertiesTraversal: Traversal = {
  id: 'pattern-properties',
  appliesTo: 'object',
  keywords: ['patternProperties'],
  children: (ctx) => {
    const op = patternProperties(ctx.old);
    const np = patternProperties(ctx.new);
    const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const out: Child[] = Object.keys(np)
      .filter((p) => Object.prototype.hasOwnProperty.call(op, p))
      .map((p) => ({ old: op[p], new: np[p], subPath: `/patternProperties/${esc(p)}`, subInstance: '/*' }));
    const oprops = properties(ctx.old);
    const nprops = properties(ctx.new);
    for (const name of Object.keys(nprops)) {
      if (Object.prototype.hasOwnProperty.call(oprops, name)) continue;
      const cover = coveringPath(ctx.old, name);
      if (cover)
        out.push({
          old: ctx.subOld(cover),
          new: nprops[name],
          subPath: propPath(name),
          oldSubPath: cover,
          newSubPath: propPath(name),
          subInstance: instanceToken(name),
        });
    }
    for (const name of Object.keys(oprops)) {
      if (Object.prototype.hasOwnProperty.call(nprops, name)) continue;
      const cover = coveringPath(ctx.new, name);
      if (cover)
        out.push({
          old: oprops[name],
          new: ctx.subNew(cover),
          subPath: propPath(name),
          oldSubPath: propPath(name),
          newSubPath: cover,
          subInstance: instanceToken(name),
        });
    }
    return out;
  },
};
