/**
 * Findings grouped for a human reader: one group per rule, one entry per cause.
 *
 * A cause is one thing that changed at one place, however many findings it produced: both bounds
 * of one field (`range-tightened` on `minimum` and on `maximum`) are one cause, and a removal and
 * the deprecation-window verdict on that removal are one cause, filed under the blocking rule. A
 * group carries the rule's shared "why" and hint once, so that each cause needs only its place and
 * what changed there. Pure: the text output, the comment and the job summary all read it.
 */
import { bumpRank, type Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { findingById } from '../core/findings.js';
import { ruleById } from '../analysers/interface/catalogue.js';

/** One cause: the findings one change produced at one place. */
export interface Cause {
  /** The finding that decides the cause's rule and severity (blocking first, then the largest bump). */
  lead: Finding;
  /** Every finding of the cause, the lead first. */
  findings: Finding[];
  /** The rule ids of the other findings (e.g. `property-removed` under `deprecation-window`). */
  also: string[];
  blocking: boolean;
  bump: Bump;
  /** Where, for a reader: `output /score`, `v1 input /items/*`, or the contract pointer or area. */
  where: string;
}

/** One rule and every cause filed under it. */
export interface RuleGroup {
  id: string;
  blocking: boolean;
  bump: Bump;
  /** Why this rule needs its bump, shared by every cause (from the rule catalogue), when known. */
  why?: string;
  /** The hint, when every cause of the group has the same one. */
  hint?: string;
  causes: Cause[];
  /** How many findings the causes hold (a cause may hold two: both bounds, or a removal and its window). */
  findings: number;
}

/** Removals the deprecation window judges: the window's finding joins the removal's cause. */
const REMOVALS = new Set(['property-removed', 'property-removed-from-closed', 'enum-value-removed', 'api-version-removed']);

/** Where a finding is, as a reader names it. */
export function whereOf(f: Finding): string {
  if (f.area === 'interface') {
    return [f.interface, f.direction, f.instancePath || (f.pointer !== undefined ? f.pointer || '/' : '')].filter(Boolean).join(' ');
  }
  if (f.area === 'behavior' && f.instancePath) return `${f.direction ? `${f.direction} ` : ''}${f.instancePath}`;
  return f.pointer || f.area;
}

/** The place key of a finding: findings that share it and a rule (or a removal and its window) are one cause. */
function placeKey(f: Finding): string {
  return JSON.stringify([f.area, f.interface ?? '', f.direction ?? '', f.instancePath ?? f.pointer ?? '']);
}

function severity(f: Finding): number {
  return (f.blocking ? 10 : 0) + bumpRank(f.bump);
}

/** The rule's shared reason, from the interface rule catalogue or the findings catalogue. */
export function whyOf(id: string, direction?: Finding['direction']): string | undefined {
  const rule = ruleById(id);
  if (rule) return direction ? rule.why[direction] : undefined;
  return findingById(id)?.meaning;
}

/**
 * Group findings by cause, then by the rule of each cause's lead. Groups come worst first
 * (blocking, then by bump, then the larger group), causes within a group in the order given
 * (pass findings through `sortFindings` first for the reading order).
 */
export function groupFindings(findings: readonly Finding[]): RuleGroup[] {
  // Causes: same place and same rule; a window finding joins the removal at its place.
  const causes = new Map<string, Finding[]>();
  const order: string[] = [];
  const add = (key: string, f: Finding) => {
    const list = causes.get(key);
    if (list) list.push(f);
    else {
      causes.set(key, [f]);
      order.push(key);
    }
  };
  const family = (f: Finding) => (f.id === 'deprecation-window' || REMOVALS.has(f.id) ? 'removal' : f.id);
  // Findings that are not about a place (no pointer, no instance path) stay one cause each.
  findings.forEach((f, i) => {
    const placed = f.instancePath !== undefined || f.pointer !== undefined;
    // Findings that restate one change (an imported column that gained its name) are one cause.
    add(f.cause !== undefined ? `${placeKey(f)}|cause|${f.cause}` : placed ? `${placeKey(f)}|${family(f)}` : `#${i}`, f);
  });

  const groups = new Map<string, RuleGroup>();
  for (const key of order) {
    const list = causes.get(key)!;
    // A removal family holding two removal rules at one place (rare) stays one cause per rule.
    const parts =
      family(list[0]!) === 'removal' && new Set(list.filter((f) => f.id !== 'deprecation-window').map((f) => f.id)).size > 1
        ? splitRemovals(list)
        : [list];
    for (const part of parts) {
      const sorted = [...part].sort((a, b) => severity(b) - severity(a));
      const lead = sorted[0]!;
      const cause: Cause = {
        lead,
        findings: sorted,
        also: [...new Set(sorted.slice(1).map((f) => f.id))].filter((id) => id !== lead.id),
        blocking: sorted.some((f) => f.blocking),
        bump: sorted.reduce<Bump>((b, f) => (bumpRank(f.bump) > bumpRank(b) ? f.bump : b), 'none'),
        where: whereOf(lead),
      };
      const gkey = `${lead.id}|${cause.blocking}|${cause.bump}`;
      let g = groups.get(gkey);
      if (!g) {
        const why = whyOf(lead.id, lead.direction);
        g = { id: lead.id, blocking: cause.blocking, bump: cause.bump, ...(why ? { why } : {}), causes: [], findings: 0 };
        groups.set(gkey, g);
      }
      g.causes.push(cause);
      g.findings += part.length;
    }
  }
  for (const g of groups.values()) {
    const hints = new Set(g.causes.map((c) => c.lead.hint));
    const only = [...hints][0];
    if (hints.size === 1 && only) g.hint = only;
  }
  return [...groups.values()].sort(
    (a, b) => Number(b.blocking) - Number(a.blocking) || bumpRank(b.bump) - bumpRank(a.bump) || b.causes.length - a.causes.length,
  );
}

/** Several removal rules at one place: one cause per rule, the window joined to the first. */
function splitRemovals(list: Finding[]): Finding[][] {
  const byId = new Map<string, Finding[]>();
  const windows: Finding[] = [];
  for (const f of list) {
    if (f.id === 'deprecation-window') windows.push(f);
    else byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  }
  const parts = [...byId.values()];
  parts[0]!.push(...windows);
  return parts;
}

/** What a cause says on its own: the lead's message, less the rule's shared reason when the group shows it. */
export function causeMessage(c: Cause, why: string | undefined): string {
  if (c.lead.cause !== undefined) return `${c.lead.cause.charAt(0).toUpperCase()}${c.lead.cause.slice(1)}.`;
  let m = c.lead.message;
  if (why) {
    const tail = `; ${why.charAt(0).toLowerCase()}${why.slice(1)}`;
    if (m.endsWith(tail)) m = `${m.slice(0, -tail.length)}.`;
  }
  return m;
}

/** Counts for the closing summary line: findings by bump, and the blocking ones apart. */
export interface Tally {
  major: number;
  minor: number;
  patch: number;
  none: number;
  blocking: number;
}

/** Counts findings: a blocking finding counts as blocking only, the rest by their bump. */
export function tally(findings: readonly Finding[]): Tally {
  const t: Tally = { major: 0, minor: 0, patch: 0, none: 0, blocking: 0 };
  for (const f of findings) {
    if (f.blocking) t.blocking++;
    else t[f.bump]++;
  }
  return t;
}
