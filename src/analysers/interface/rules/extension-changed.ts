import { has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { isForeignKeyword } from '../vocabulary.js';

/**
 * A keyword outside the JSON Schema vocabulary (`markdownDescription`, `x-order` …) changed. No
 * validator reads it, so it accepts or rejects nothing: an annotation, listed so the change is
 * seen. Extension keywords the gate reads (`x-extensible-enum`, `x-deprecated-*`) are not these.
 */
export const extensionChanged: Rule = {
  id: 'extension-changed',
  keywords: [],
  relation: 'annotation',
  why: {
    input: 'The keyword is outside the JSON Schema vocabulary: it documents the schema and accepts or rejects nothing.',
    output: 'The keyword is outside the JSON Schema vocabulary: it documents the schema and accepts or rejects nothing.',
  },
  check: (ctx) => {
    const keys = new Set([...Object.keys(ctx.old), ...Object.keys(ctx.new)]);
    return [...keys]
      .filter((k) => isForeignKeyword(k) && !jsonEqual(ctx.old[k], ctx.new[k]))
      .sort()
      .map((k) => ({
        old: ctx.old[k],
        new: ctx.new[k],
        keyword: k,
        side: has(ctx.new, k) ? ('new' as const) : ('old' as const),
        message: `\`${k}\` ${!has(ctx.old, k) ? 'added' : !has(ctx.new, k) ? 'removed' : 'changed'}`,
      }));
  },
};
