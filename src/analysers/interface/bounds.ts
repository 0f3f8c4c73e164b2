/** Shared shape of the bound rules: lower and upper bounds, each tightened or loosened. */
import type { JsonObject } from '../../core/json.js';
import type { RuleContext, RuleHit } from './rule.js';
import { countBound, fixedLength, numericBound, showBound, tighter, type Bound } from './facts.js';

export interface BoundKind {
  noun: string;
  keywords: { min: string[]; max: string[] };
  lower: (s: JsonObject) => Bound | undefined;
  upper: (s: JsonObject) => Bound | undefined;
  /** Skip when another rule reports the pair (a fixed length changing). */
  skip?: (ctx: RuleContext) => boolean;
}

export const NUMERIC: BoundKind = {
  noun: 'range',
  keywords: { min: ['minimum', 'exclusiveMinimum'], max: ['maximum', 'exclusiveMaximum'] },
  lower: (s) => numericBound(s, 'min'),
  upper: (s) => numericBound(s, 'max'),
};

export const LENGTH: BoundKind = {
  noun: 'length',
  keywords: { min: ['minLength'], max: ['maxLength'] },
  lower: (s) => countBound(s, 'minLength'),
  upper: (s) => countBound(s, 'maxLength'),
};

export const ITEM_COUNT: BoundKind = {
  noun: 'item count',
  keywords: { min: ['minItems'], max: ['maxItems'] },
  lower: (s) => countBound(s, 'minItems'),
  upper: (s) => countBound(s, 'maxItems'),
  skip: (ctx) => {
    const o = fixedLength(ctx.old);
    const n = fixedLength(ctx.new);
    return o !== undefined && n !== undefined && o !== n;
  },
};

export const PROPERTY_COUNT: BoundKind = {
  noun: 'property count',
  keywords: { min: ['minProperties'], max: ['maxProperties'] },
  lower: (s) => countBound(s, 'minProperties'),
  upper: (s) => countBound(s, 'maxProperties'),
};

/** `minContains` defaults to 1 where `contains` is present; the bound only means something then. */
export const CONTAINS_COUNT: BoundKind = {
  noun: 'matching item count',
  keywords: { min: ['minContains'], max: ['maxContains'] },
  lower: (s) => (s.contains === undefined ? undefined : (countBound(s, 'minContains') ?? { value: 1, exclusive: false })),
  upper: (s) => (s.contains === undefined ? undefined : countBound(s, 'maxContains')),
  skip: (ctx) => ctx.old.contains === undefined || ctx.new.contains === undefined,
};

/** Bounds that moved in the given sense (`tightened`: fewer values accepted). */
export function movedBounds(kind: BoundKind, ctx: RuleContext, sense: 'tightened' | 'loosened'): RuleHit[] {
  if (kind.skip?.(ctx)) return [];
  const hits: RuleHit[] = [];
  for (const side of ['min', 'max'] as const) {
    const read = side === 'min' ? kind.lower : kind.upper;
    const o = read(ctx.old);
    const n = read(ctx.new);
    const moved = sense === 'tightened' ? tighter(n, o, side) : tighter(o, n, side);
    if (!moved) continue;
    const what = side === 'min' ? 'lower' : 'upper';
    const verb = sense === 'tightened' ? (o === undefined ? 'added' : 'tightened') : n === undefined ? 'removed' : 'loosened';
    const onSide = n === undefined ? ctx.old : ctx.new;
    hits.push({
      keyword: kind.keywords[side].find((k) => Object.prototype.hasOwnProperty.call(onSide, k)),
      old: o && showBound(o, side),
      new: n && showBound(n, side),
      message: `${kind.noun} ${what} bound ${verb}: ${showBound(o, side)} → ${showBound(n, side)}`,
      side: n === undefined ? 'old' : 'new',
    });
  }
  return hits;
}
