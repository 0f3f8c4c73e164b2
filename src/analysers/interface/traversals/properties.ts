import type { Child, Traversal } from '../rule.js';
import { instanceToken, properties, propPath } from '../facts.js';
import { addedProperties, removedProperties } from '../props.js';
import { isObject, type JsonObject } from '../../../core/json.js';
import { acceptsNoValue } from '../schema-set.js';
import { unchanged } from '../../../core/same-tree.js';

/**
 * Properties declared on both sides are compared schema to schema. So is a property of an open
 * object that accepts nothing (`false`, `enum: []`) and is declared on one side only: it is no
 * optional field added or removed, but a name forbidden or allowed again, compared against what the
 * other side accepts for it (its `additionalProperties`, or anything).
 */
export const propertiesTraversal: Traversal = {
  id: 'properties',
  appliesTo: 'object',
  keywords: ['properties'],
  children: (ctx) => {
    const o = properties(ctx.old);
    const n = properties(ctx.new);
    const out: Child[] = [];
    const addedOnly: string[] = [];
    for (const name of Object.keys(n)) {
      if (!Object.prototype.hasOwnProperty.call(o, name)) addedOnly.push(name);
      // An unchanged property is skipped here, before its paths are built (9,999 of 10,000, often).
      else if (!unchanged(o[name], n[name])) out.push({ old: o[name], new: n[name], subPath: propPath(name), subInstance: instanceToken(name) });
    }
    const removedOnly = Object.keys(o).filter((name) => !Object.prototype.hasOwnProperty.call(n, name));
    // Only where some property declared on one side accepts nothing (rare) are the added and removed ones listed.
    const forbids = (names: string[], side: JsonObject, sub: (p: string) => JsonObject) =>
      names.some((name) => acceptsNoValueAt(side[name], () => sub(propPath(name))));
    if (!forbids(addedOnly, n, ctx.subNew) && !forbids(removedOnly, o, ctx.subOld)) return out;
    const rest = (s: JsonObject) =>
      s.additionalProperties === undefined ? { value: true as unknown } : { value: s.additionalProperties, at: '/additionalProperties' };
    for (const hit of addedProperties(ctx, true)) {
      if (!acceptsNoValueAt(n[hit.new as string], () => ctx.subNew(hit.subPath!))) continue;
      const other = rest(ctx.old);
      out.push({
        old: other.value,
        new: n[hit.new as string],
        subPath: hit.subPath!,
        ...(other.at ? { oldSubPath: other.at } : {}),
        subInstance: hit.subInstance!,
      });
    }
    for (const hit of removedProperties(ctx, true)) {
      if (!acceptsNoValueAt(o[hit.old as string], () => ctx.subOld(hit.subPath!))) continue;
      const other = rest(ctx.new);
      out.push({
        old: o[hit.old as string],
        new: other.value,
        subPath: hit.subPath!,
        ...(other.at ? { newSubPath: other.at } : {}),
        subInstance: hit.subInstance!,
      });
    }
    return out;
  },
};

/** Whether a sub-schema accepts nothing; it is resolved (`resolved`) only when it refers or combines. */
export function acceptsNoValueAt(raw: unknown, resolved: () => JsonObject): boolean {
  if (acceptsNoValue(raw)) return true;
  return isObject(raw) && ['$ref', 'allOf', 'anyOf', 'oneOf'].some((k) => raw[k] !== undefined) && acceptsNoValue(resolved());
}
