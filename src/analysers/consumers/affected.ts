import { bumpRank, maxBumpOf, type Bump } from '../../core/bump.js';
import type { Finding } from '../../core/finding.js';
import type { Policy } from '../../core/policy.js';
import type { Consumer } from '../../contract/types.js';

/** A consumer declared in the base contract, and what the change does to it. */
export interface ConsumerImpact {
  name: string;
  /** `@user` or `@org/team` handles, from the base contract only. */
  owners: string[];
  /** JSON Pointers into the instance it reads; empty when it declared none (it reads everything). */
  fields: string[];
  /** The largest bump among the findings that touch it; `none` when nothing touches it. */
  bump: Bump;
  /** How many findings touch it. */
  findings: number;
  /** Whether its owners are mentioned, under the policy's `notify`. */
  notify: boolean;
}

const segments = (p: string) => (p === '' || p === '/' ? [] : p.slice(1).split('/'));

/** Two instance places overlap when one lies under the other; `*` (or an index) matches any element. */
export function overlaps(a: string, b: string): boolean {
  const x = segments(a);
  const y = segments(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (s === t || s === '*' || t === '*') continue;
    return false;
  }
  return true;
}

/** The place in the instance a finding concerns, if it has one. */
function placeOf(f: Finding): string | undefined {
  if (f.instancePath !== undefined) return f.instancePath;
  if (f.area === 'behavior' && f.pointer !== undefined) return f.pointer;
  return undefined;
}

function touches(c: Consumer, f: Finding): boolean {
  if (f.bump === 'none') return false;
  if (c.interfaces && f.interface !== undefined) {
    const api = f.interface.replace(/ ?params$/, '');
    if (api !== '' && !c.interfaces.includes(api)) return false;
  }
  if (!c.fields || c.fields.length === 0) return true;
  const place = placeOf(f);
  return place !== undefined && c.fields.some((field) => overlaps(field, place));
}

/**
 * Name, on every finding, the consumers (from the base contract) whose fields it touches, or
 * every consumer that lists no fields; sum up each consumer's impact, and pick the owners to
 * mention under the policy's `notify` (each handle once, in the contract's order).
 */
export function affectedConsumers(
  findings: Finding[],
  consumers: Consumer[],
  notify: Policy['notify'],
): { findings: Finding[]; impacts: ConsumerImpact[]; mentions: string[] } {
  const threshold: Bump | null = notify === 'major' ? 'major' : notify === 'minor' ? 'minor' : null;
  const bumps = consumers.map(() => [] as Bump[]);
  const named = findings.map((f) => {
    const names: string[] = [];
    consumers.forEach((c, i) => {
      if (!touches(c, f)) return;
      names.push(c.name);
      bumps[i]!.push(f.bump);
    });
    return names.length > 0 ? { ...f, consumers: names } : f;
  });
  const impacts: ConsumerImpact[] = consumers.map((c, i) => {
    const bump = maxBumpOf(bumps[i]!);
    return {
      name: c.name,
      owners: [...c.owners],
      fields: [...(c.fields ?? [])],
      bump,
      findings: bumps[i]!.length,
      notify: threshold !== null && bumps[i]!.length > 0 && bumpRank(bump) >= bumpRank(threshold),
    };
  });
  const mentions: string[] = [];
  for (const impact of impacts) {
    if (!impact.notify) continue;
    for (const o of impact.owners) if (!mentions.some((m) => m.toLowerCase() === o.toLowerCase())) mentions.push(o);
  }
  return { findings: named, impacts, mentions };
}
