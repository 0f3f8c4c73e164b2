import { has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { isForeignKeyword } from '../vocabulary.js';

/**
 * The safety net: a keyword of the JSON Schema vocabulary that no other rule reads changed. It is reported as breaking
 * rather than passed in silence; its `keywords` are filled in by the catalogue. Keywords outside the
 * vocabulary accept or reject nothing and are `extension-changed`.
 */
export const keywordChanged: Rule & { unclaimed?: (keyword: string) => boolean } = {
  id: 'keyword-changed',
  keywords: [],
  relation: 'changed',
  why: {
    input: 'No finer rule covers this keyword, so the change is treated as breaking.',
    output: 'No finer rule covers this keyword, so the change is treated as breaking.',
  },
  hint: 'Revert the keyword, or declare a major version.',
  check: (ctx) => {
    const unclaimed = keywordChanged.unclaimed ?? (() => false);
    const keys = new Set([...Object.keys(ctx.old), ...Object.keys(ctx.new)]);
    return [...keys]
      .filter((k) => unclaimed(k) && !isForeignKeyword(k) && !k.startsWith('x-') && !jsonEqual(ctx.old[k], ctx.new[k]))
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
