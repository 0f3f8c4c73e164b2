/** Matched members of unions and of `allOf`, compared pair by pair. */
import type { Child, RuleContext, Traversal } from '../rule.js';
import { allOfMatching, allOfPaths, branchPaths, unionMatching, unionParent, type Matching } from '../combinators.js';
import { merge } from '../resolve.js';

/** Matched members, each compared with its counterpart (at the new side's place). */
function matchedChildren(ctx: RuleContext, op: string[], np: string[], matching: Matching): Child[] {
  return matching.pairs.map(([i, j]) => ({
    old: ctx.subOld(op[i]!),
    new: ctx.subNew(np[j]!),
    subPath: np[j]!,
    oldSubPath: op[i]!,
    newSubPath: np[j]!,
    subInstance: '',
  }));
}

export const unionTraversal: Traversal = {
  id: 'union',
  mode: 'normal',
  keywords: ['anyOf', 'oneOf'],
  children: (ctx) => {
    const op = branchPaths(ctx.old);
    const np = branchPaths(ctx.new);
    if (op[0] === '' || np[0] === '') return [];
    return matchedChildren(ctx, op, np, unionMatching(ctx));
  },
};

/**
 * Only one side is a union: the other side is one branch, and the union's own keywords hold
 * in each of its branches.
 */
export const liftTraversal: Traversal = {
  id: 'union-lift',
  mode: 'lift',
  keywords: [],
  children: (ctx) => {
    const op = branchPaths(ctx.old);
    const np = branchPaths(ctx.new);
    const branch = (side: 'old' | 'new', path: string): unknown => {
      const whole = side === 'old' ? ctx.old : ctx.new;
      if (path === '') return whole;
      const b = side === 'old' ? ctx.locateOld(path) : ctx.locateNew(path);
      const at = side === 'old' ? ctx.oldAt : ctx.newAt;
      return merge({ schema: unionParent(whole), at }, b)?.schema ?? { allOf: [unionParent(whole), b.schema] };
    };
    const out: Child[] = unionMatching(ctx).pairs.map(([i, j]) => ({
      old: branch('old', op[i]!),
      new: branch('new', np[j]!),
      subPath: np[j] || op[i] || '',
      oldSubPath: op[i]!,
      newSubPath: np[j]!,
      subInstance: '',
    }));
    return out;
  },
};

export const allOfTraversal: Traversal = {
  id: 'all-of',
  keywords: ['allOf'],
  children: (ctx) => {
    const op = allOfPaths(ctx.old);
    const np = allOfPaths(ctx.new);
    return matchedChildren(ctx, op, np, allOfMatching(ctx));
  },
};
