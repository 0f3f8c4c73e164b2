import { without } from '../facts.js';
import type { Rule } from '../rule.js';

/** Enum values listed in `x-deprecated-values: [{value, since}]`. */
function deprecatedValues(schema: Record<string, unknown>): unknown[] {
  const list = schema['x-deprecated-values'];
  return Array.isArray(list)
    ? list.filter((m) => typeof m === 'object' && m !== null && 'value' in m).map((m) => (m as { value: unknown }).value)
    : [];
}

/** Enum values the new schema lists as deprecated that the old one did not. */
export function newlyDeprecatedValues(old: Record<string, unknown>, now: Record<string, unknown>): unknown[] {
  return without(deprecatedValues(now), deprecatedValues(old));
}

export const deprecatedMarked: Rule = {
  id: 'deprecated-marked',
  keywords: ['deprecated', 'x-deprecated-values'],
  relation: 'annotation',
  bumps: { input: 'minor', output: 'minor' },
  why: {
    input: 'Callers should plan to stop sending the field or value before it is removed.',
    output: 'Consumers should plan to stop reading the field or value before it is removed.',
  },
  check: (ctx) => {
    const hits = [];
    if (ctx.old.deprecated !== true && ctx.new.deprecated === true) hits.push({ new: true, keyword: 'deprecated', message: 'marked deprecated' });
    const added = newlyDeprecatedValues(ctx.old, ctx.new);
    if (added.length > 0)
      hits.push({
        new: added,
        keyword: 'x-deprecated-values',
        message: `enum value${added.length > 1 ? 's' : ''} ${added.map((v) => JSON.stringify(v)).join(', ')} marked deprecated`,
      });
    return hits;
  },
};
