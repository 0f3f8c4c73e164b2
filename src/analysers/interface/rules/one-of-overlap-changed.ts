import type { Rule } from '../rule.js';
import { branchPaths, branchesDisjoint, unionKind } from '../combinators.js';
import { holdsReference, structuralHash, type JsonObject } from '../../../core/json.js';

/** Branch comparisons spent at most looking for moved branches that are not textually identical. */
const MAX_SCANNED = 1_000_000;

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
      // Identical text without references is the same: found by fingerprint, not by a scan of every
      // branch for every branch. The scan is for the rest (annotations differ …), within a budget;
      // past it the branches count as changed, and the overlap is checked (the cautious answer).
      const fingerprint = (s: JsonObject) => (holdsReference(s) ? undefined : structuralHash(s));
      const byPrint = new Map<string, { js: number[]; next: number }>();
      news.forEach((q, j) => {
        const key = fingerprint(ctx.subNew(q));
        if (key === undefined) return;
        const entry = byPrint.get(key);
        if (entry) entry.js.push(j);
        else byPrint.set(key, { js: [j], next: 0 });
      });
      // The first unused branch with this fingerprint (a branch once used stays used: the cursor only moves on).
      const twinOf = (key: string): number | undefined => {
        const entry = byPrint.get(key);
        if (!entry) return undefined;
        while (entry.next < entry.js.length && used[entry.js[entry.next]!]) entry.next++;
        return entry.js[entry.next];
      };
      let budget = MAX_SCANNED;
      const partner = (p: string, i: number): number => {
        if (i < news.length && !used[i] && ctx.same(p, news[i])) return i;
        const key = fingerprint(ctx.subOld(p));
        const twin = key === undefined ? undefined : twinOf(key);
        if (twin !== undefined) return twin;
        if (budget <= 0) return -1;
        return news.findIndex((q, j) => !used[j] && --budget > 0 && ctx.same(p, q));
      };
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
    const which = ctx.direction === 'input' ? 'new' : 'old';
    // Disjoint by `type`, values or a discriminator first (cheap); then by meaning (canonical forms).
    const overlapping =
      unionKind(side.s) === 'oneOf' &&
      !branchesDisjoint(branchPaths(side.s).map((p) => side.sub(p))) &&
      !(ctx.provenDisjoint?.(which, branchPaths(side.s)) ?? false);
    return overlapping ? [{ message: '`oneOf` with overlapping branches changed' }] : [];
  },
};
