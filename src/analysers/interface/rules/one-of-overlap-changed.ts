import type { Rule } from '../rule.js';
import { branchPaths, branchesDisjoint, unionKind } from '../combinators.js';

export const oneOfOverlapChanged: Rule = {
  id: 'one-of-overlap-changed',
  mode: ['normal', 'lift'],
  keywords: ['oneOf'],
  relation: 'changed',
  why: {
    input:
      'The `oneOf` branches overlap, so a value that matches two of them is rejected: adding or widening a branch can reject requests that were accepted.',
    output: 'The `oneOf` branches overlap, so a changed branch can make emitted values match two branches, which old consumers reject.',
  },
  hint: 'Make the branches disjoint (a `type`, `const` or required discriminator property that tells them apart), or use `anyOf`.',
  check: (ctx) => {
    const sides = [
      { s: ctx.old, sub: ctx.subOld },
      { s: ctx.new, sub: ctx.subNew },
    ];
    // The same branches in any order (annotations aside, references followed): nothing changed.
    if (unionKind(ctx.old) === 'oneOf' && unionKind(ctx.new) === 'oneOf') {
      const olds = branchPaths(ctx.old);
      const news = branchPaths(ctx.new);
      const used = news.map(() => false);
      const partner = (p: string, i: number) =>
        i < news.length && !used[i] && ctx.same(p, news[i]) ? i : news.findIndex((q, j) => !used[j] && ctx.same(p, q));
      const unchanged =
        olds.length === news.length &&
        olds.every((p, i) => {
          const j = partner(p, i);
          return j >= 0 && (used[j] = true);
        });
      if (unchanged) return [];
    }
    // Reading an overlapping oneOf as an anyOf overestimates it. That is harmless where the side
    // only has to contain the other (the old side of an input, the new side of an output), and
    // unsound where it must be contained: the new side of an input, the old side of an output.
    const side = sides[ctx.direction === 'input' ? 1 : 0]!;
    const overlapping = unionKind(side.s) === 'oneOf' && !branchesDisjoint(branchPaths(side.s).map((p) => side.sub(p)));
    return overlapping ? [{ message: '`oneOf` with overlapping branches changed' }] : [];
  },
};
