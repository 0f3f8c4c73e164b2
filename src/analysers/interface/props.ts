/** Shared by the property rules: which declared properties appeared or disappeared. */
import type { Removal, RuleContext, RuleHit } from './rule.js';
import type { JsonObject } from '../../core/json.js';
import { instanceToken, isOpen, properties, propPath } from './facts.js';
import { coveringPath } from './patterns.js';

export function addedProperties(ctx: RuleContext, oldOpen: boolean): RuleHit[] {
  if (isOpen(ctx.old) !== oldOpen) return [];
  const o = properties(ctx.old);
  return Object.keys(properties(ctx.new))
    .filter((name) => !Object.prototype.hasOwnProperty.call(o, name) && coveringPath(ctx.old, name) === undefined)
    .map((name) => ({ subPath: propPath(name), subInstance: instanceToken(name), new: name, message: `property "${name}" added` }));
}

export function removedProperties(ctx: RuleContext, newOpen: boolean): RuleHit[] {
  if (isOpen(ctx.new) !== newOpen) return [];
  const n = properties(ctx.new);
  return Object.keys(properties(ctx.old))
    .filter((name) => !Object.prototype.hasOwnProperty.call(n, name) && coveringPath(ctx.new, name) === undefined)
    .map((name) => ({
      subPath: propPath(name),
      subInstance: instanceToken(name),
      old: name,
      message: `property "${name}" removed`,
      side: 'old' as const,
      removal: removalOf([ctx.subOld(propPath(name))]),
    }));
}

/** What the old schemas of removed things said about their deprecation. */
export function removalOf(marks: JsonObject[]): Removal {
  const deprecated = marks.every((m) => m.deprecated === true);
  const dates = marks.map((m) => m['x-deprecated-since']);
  const since = dates.every((d): d is string => typeof d === 'string') ? dates.sort().at(-1) : undefined;
  return deprecated && since !== undefined ? { deprecated, since } : { deprecated };
}
