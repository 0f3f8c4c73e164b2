import { structuralHash } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { branchPaths, branchesDisjoint, unionKind } from '../combinators.js';
import { sameExceptAnnotations } from '../facts.js';

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
    const hashes = sides.map(({ s, sub }) =>
      unionKind(s) === 'oneOf'
        ? branchPaths(s)
            .map((p) => structuralHash(sub(p)))
            .sort()
        : undefined,
    );
    if (hashes[0] && hashes[1] && hashes[0].join() === hashes[1].join()) return [];
    // The same branches but for their annotations (a branch retitled) changed nothing either.
    if (hashes[0] && hashes[1] && hashes[0].length === hashes[1].length) {
      const olds = branchPaths(ctx.old).map((p) => ctx.subOld(p));
      const news = branchPaths(ctx.new).map((p) => ctx.subNew(p));
      if (olds.every((o) => news.some((n, j) => sameExceptAnnotations(o, n) && news.splice(j, 1)))) return [];
    }
    // Reading an overlapping oneOf as an anyOf overestimates it. That is harmless where the side
    // only has to contain the other (the old side of an input, the new side of an output), and
    // unsound where it must be contained: the new side of an input, the old side of an output.
    const side = sides[ctx.direction === 'input' ? 1 : 0]!;
    const overlapping = unionKind(side.s) === 'oneOf' && !branchesDisjoint(branchPaths(side.s).map((p) => side.sub(p)));
    return overlapping ? [{ message: '`oneOf` with overlapping branches changed' }] : [];
  },
};
