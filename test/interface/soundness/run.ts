/** Driving the oracle over base pairs: the unmutated pairs, and fast-check-chosen mutations of them. */
import fc from 'fast-check';
import type { BasePair } from './corpus.js';
import { harvest, mutate } from './mutate.js';
import { causeOf, type Counterexample, type Crash, examinePair, minimise, show } from './oracle.js';
import { dialectOf } from './validators.js';
import { Rng, sizeOf } from './util.js';

export interface RunStats {
  pairs: number;
  skipped: number;
  skipReasons: Map<string, number>;
  /** Non-MAJOR verdicts put to the test, and how many of them got at least one valid instance. */
  claims: number;
  claimsTested: number;
  instances: number;
  counterexamples: Counterexample[];
  crashes: Crash[];
}

export function emptyStats(): RunStats {
  return { pairs: 0, skipped: 0, skipReasons: new Map(), claims: 0, claimsTested: 0, instances: 0, counterexamples: [], crashes: [] };
}

/** Instances tried per claim. */
export const CANDIDATES = Number(process.env.SOUNDNESS_CANDIDATES ?? 30);
const MAX_KEPT = 400;

function record(stats: RunStats, o: unknown, n: unknown, origin: string, seed: number): void {
  const r = examinePair(o, n, origin, seed, CANDIDATES);
  stats.pairs++;
  if (r.skipped) {
    stats.skipped++;
    const reason = r.skipped.slice(0, 80);
    stats.skipReasons.set(reason, (stats.skipReasons.get(reason) ?? 0) + 1);
    return;
  }
  stats.claims += r.claims;
  stats.claimsTested += r.claimsTested;
  stats.instances += r.instances;
  if (stats.counterexamples.length < MAX_KEPT) stats.counterexamples.push(...r.counterexamples);
  if (stats.crashes.length < MAX_KEPT) stats.crashes.push(...r.crashes);
}

/** Each base pair as it is, in both orientations (old → new and new → old). */
export function runUnmutated(bases: BasePair[], stats: RunStats): void {
  bases.forEach((b, i) => {
    record(stats, b.old, b.new, `${b.id} (as is)`, 1000 + i);
    record(stats, b.new, b.old, `${b.id} (reversed)`, 2000 + i);
  });
}

const MODES = ['old→mutant', 'mutant→old', 'new→mutant', 'mutant→new', 'old→mutated new'] as const;

/** numRuns fast-check runs: a base pair, a mode, 1–3 mutations and an instance seed per run. */
export function runMutations(bases: BasePair[], seed: number, numRuns: number, stats: RunStats): void {
  const prop = fc.property(
    fc.nat({ max: bases.length - 1 }),
    fc.constantFrom(...MODES),
    fc.integer({ min: 1, max: 3 }),
    fc.nat(),
    (bi, mode, count, mutSeed) => {
      const b = bases[bi]!;
      const from = mode.startsWith('new') || mode === 'mutant→new' ? b.new : b.old;
      const h = harvest(b.old, b.new);
      const { schema: mutant, applied } = mutate(from, count, {
        rng: new Rng(mutSeed),
        dialect: dialectOf(from),
        names: h.names,
        values: h.values,
      });
      const [o, n] = mode === 'old→mutant' || mode === 'new→mutant' ? [from, mutant] : mode === 'old→mutated new' ? [b.old, mutant] : [mutant, from];
      const what = applied.map((m) => `${m.kind}@${m.at || '/'}`).join(', ');
      record(stats, o, n, `${b.id} ${mode} [${what}] (mutation seed ${mutSeed})`, mutSeed ^ 0x5eed);
      return true;
    },
  );
  fc.check(prop, { seed, numRuns });
}

export interface Group {
  cause: string;
  count: number;
  smallest: Counterexample;
  shrunk: boolean;
}

/**
 * Shrink counterexamples (smallest first, at least 300 ms each, within a total time budget) and
 * group them by cause: the direction and the keywords where the two minimised schemas differ.
 * Those left unshrunk when the budget runs out are grouped the same way, marked as such.
 */
export function group(cxs: Counterexample[], budgetMs: number): Group[] {
  const byRaw = new Map<string, Counterexample>();
  for (const cx of cxs) {
    const kinds = (cx.origin.match(/\[(.*)\]/)?.[1] ?? cx.origin).replace(/@[^,\]]*/g, '');
    const key = `${cx.direction} ${cx.findings.join(',')} ${kinds}`;
    const prev = byRaw.get(key);
    if (!prev || weight(cx) < weight(prev)) byRaw.set(key, cx);
  }
  const queue = [...byRaw.values()].sort((a, b) => weight(a) - weight(b));
  const start = Date.now();
  const groups = new Map<string, Group>();
  const add = (cx: Counterexample, shrunk: boolean) => {
    const cause = causeOf(cx) + (shrunk ? '' : '  [not shrunk: out of time]');
    const g = groups.get(cause);
    if (!g) groups.set(cause, { cause, count: 1, smallest: cx, shrunk });
    else {
      g.count++;
      if (weight(cx) < weight(g.smallest)) g.smallest = cx;
    }
  };
  for (const cx of queue) {
    const left = budgetMs - (Date.now() - start);
    if (left <= 0) add(cx, false);
    else add(minimise(cx, Date.now() + Math.max(300, Math.min(left, budgetMs / 4))), true);
  }
  return [...groups.values()].sort((a, b) => Number(b.shrunk) - Number(a.shrunk) || b.count - a.count || a.cause.localeCompare(b.cause));
}

function weight(cx: Counterexample): number {
  return sizeOf(cx.old) + sizeOf(cx.new) + sizeOf(cx.instance);
}

export function describeGroups(groups: Group[]): string {
  return groups
    .map(
      (g, i) =>
        `#${i + 1} ${g.cause}  (${g.count} distinct)\n` +
        `    old:      ${show(g.smallest.old)}\n` +
        `    new:      ${show(g.smallest.new)}\n` +
        `    instance: ${show(g.smallest.instance)}  (valid under ${g.smallest.direction === 'input' ? 'old' : 'new'}, invalid under ${g.smallest.direction === 'input' ? 'new' : 'old'})\n` +
        `    verdict:  ${g.smallest.findings.join(', ') || 'no findings'} (${g.smallest.direction})\n` +
        `    from:     ${g.smallest.origin}`,
    )
    .join('\n');
}

export function describeCrashes(crashes: Crash[]): string {
  const byError = new Map<string, Crash>();
  for (const c of crashes) {
    const key = c.error.split(' | ')[0]!;
    const prev = byError.get(key);
    if (!prev || sizeOf(c.old) + sizeOf(c.new) < sizeOf(prev.old) + sizeOf(prev.new)) byError.set(key, c);
  }
  return [...byError.values()]
    .map((c) => `${c.error}\n    ${c.direction}: old ${show(c.old)}\n    new ${show(c.new)}\n    from ${c.origin}`)
    .join('\n');
}

export function summary(stats: RunStats): string {
  const reasons = [...stats.skipReasons.entries()].map(([r, n]) => `${n}× ${r}`).join('; ');
  return (
    `${stats.pairs} pairs (${stats.skipped} skipped${reasons ? `: ${reasons}` : ''}), ${stats.claims} non-MAJOR verdicts, ` +
    `${stats.claimsTested} of them tested with ${stats.instances} valid instances, ${stats.counterexamples.length} counterexamples, ${stats.crashes.length} crashes`
  );
}
