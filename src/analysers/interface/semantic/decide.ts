/**
 * The semantic decision: does the change keep every value the direction protects? For an input,
 * every old request must still be accepted (old ⊆ new); for an output, every new response must
 * still be one old consumers accept (new ⊆ old). Pure; bounded (see canon.ts), never throws.
 */
import type { Direction } from '../../../core/finding.js';
import type { Side } from '../resolve.js';
import type { Located } from '../resolve.js';
import { Canoniser, Undecided, isAny, isEmpty, pairwiseDisjoint } from './canon.js';
import { includes, resetBudget, type Tri } from './include.js';
import { PatternError } from '../../../core/regexp.js';

export interface SemanticDecision {
  /** The protected inclusion holds (`yes`), is broken by some value (`no`), or cannot be told. */
  kept: Tri;
  /** Both schemas accept exactly the same values (only asked when `kept` is `yes`). */
  equal: boolean;
}

export function decide(oldSide: Side, newSide: Side, direction: Direction): SemanticDecision {
  try {
    const o0 = oldSide.entry();
    const n0 = newSide.entry();
    const oldC = new Canoniser(oldSide).of(oldSide.resolve(o0.value, o0.at));
    const newC = new Canoniser(newSide).of(newSide.resolve(n0.value, n0.at));
    resetBudget();
    const [from, to] = direction === 'input' ? [oldC, newC] : [newC, oldC];
    // Inclusion that holds vacuously (the values kept are none at all, or the other side accepts
    // every value) says nothing about the change: such a schema is an authoring slip (a `const` of
    // the wrong type, an `anyOf` branch that swallows the others), and the rules decide.
    if (from.atoms.every((a) => isEmpty(a)) || isAny(to)) return { kept: 'unknown', equal: false };
    const kept = includes(from, to);
    return { kept, equal: kept === 'yes' && includes(to, from) === 'yes' };
  } catch (e) {
    // Anything the canonical form cannot express (and a pattern the engine refuses) is "unknown".
    if (e instanceof Undecided || e instanceof PatternError || e instanceof RangeError) return { kept: 'unknown', equal: false };
    throw e;
  }
}

/** Are these schemas (a `oneOf`'s branches) pairwise disjoint by their canonical forms? False when it cannot be told. */
export function disjointBranches(canoniser: Canoniser, branches: Located[]): boolean {
  try {
    resetBudget();
    return pairwiseDisjoint(branches.map((b) => canoniser.of(b)));
  } catch (e) {
    if (e instanceof Undecided || e instanceof PatternError || e instanceof RangeError) return false;
    throw e;
  }
}
