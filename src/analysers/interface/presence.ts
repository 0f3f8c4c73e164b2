/** Shared by rules about a keyword appearing or disappearing. */
import type { JsonObject } from '../../core/json.js';
import { brief, has } from '../../core/json.js';
import type { RuleContext, RuleHit } from './rule.js';

/** `added` when only the new side has a value for the keyword, `removed` when only the old side has. */
export function presence(
  ctx: RuleContext,
  keyword: string,
  change: 'added' | 'removed',
  read: (s: JsonObject) => unknown = (s) => (has(s, keyword) ? s[keyword] : undefined),
): RuleHit[] {
  const o = read(ctx.old);
  const n = read(ctx.new);
  if (change === 'added' && o === undefined && n !== undefined) return [{ new: n, message: `\`${keyword}\` ${brief(n, 60)} added`, keyword }];
  if (change === 'removed' && o !== undefined && n === undefined)
    return [{ old: o, message: `\`${keyword}\` ${brief(o, 60)} removed`, keyword, side: 'old' }];
  return [];
}
