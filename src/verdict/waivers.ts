/**
 * Waivers: findings a team accepts, each with a reason and an expiry (`waivers` in the head
 * contract or in the policy file). A waived finding no longer counts toward the required bump or
 * fails the gate; it is reported in its own block. An expired waiver that still matches fails the
 * gate, so that an acceptance never outlives the date it was given for. Pure.
 */
import { parseDay } from '../core/date.js';
import type { Finding } from '../core/finding.js';
import type { Policy, PolicyWaiver, Waiver } from '../core/policy.js';
import type { AppliedWaiver, WaivedFinding } from './report.js';

/** A waiver as read from the head contract (with its place there) or from the policy file. */
export interface WaiverSource {
  waiver: Waiver | PolicyWaiver;
  source: 'contract' | 'policy';
  /** Its JSON Pointer in the contract (`/waivers/0`) or in the policy file. */
  at: string;
}

export interface WaiverOutcome {
  /** The findings that still count. */
  kept: Finding[];
  waived: WaivedFinding[];
  /** Every waiver in force for the model, as the report lists them. */
  waivers: AppliedWaiver[];
  /** `waiver-expired`, `waiver-unused`, `waiver-forbidden`: findings about the waivers themselves. */
  notes: Finding[];
}

/** Findings about the declaration itself are fixed by editing the version, never waived; nor are the waivers' own. */
function waivable(f: Finding): boolean {
  return f.area !== 'version' && !f.id.startsWith('waiver-');
}

function matches(w: Waiver, f: Finding): boolean {
  return (
    f.id === w.finding &&
    (w.pointer === undefined || w.pointer === f.pointer || w.pointer === f.instancePath) &&
    (w.direction === undefined || w.direction === f.direction) &&
    (w.interface === undefined || w.interface === f.interface)
  );
}

/** Two waivers say the same thing: the base's copy of a waiver is not "added" by the pull request. */
function same(a: Waiver, b: Waiver): boolean {
  return (
    a.finding === b.finding &&
    a.pointer === b.pointer &&
    a.direction === b.direction &&
    a.interface === b.interface &&
    a.reason === b.reason &&
    a.expires === b.expires &&
    a['approved-by'] === b['approved-by']
  );
}

/** What a waiver names, for messages: "`type-changed` at `/items`". */
function named(w: Waiver): string {
  const where = [w.pointer !== undefined ? `at \`${w.pointer}\`` : '', w.direction ? `(${w.direction})` : '', w.interface ? `in ${w.interface}` : '']
    .filter(Boolean)
    .join(' ');
  return `\`${w.finding}\`${where ? ` ${where}` : ''}`;
}

/**
 * Apply the waivers of one model: the head contract's own (`head`, compared with the base's
 * `base` to tell which ones the pull request adds) and the policy file's for this model.
 * `today` is the run's day (days since the epoch).
 */
export function applyWaivers(
  findings: Finding[],
  head: readonly Waiver[] | undefined,
  base: readonly Waiver[] | undefined,
  policy: Policy,
  model: string,
  today: number,
): WaiverOutcome {
  const sources: WaiverSource[] = [
    ...(head ?? []).map((waiver, i) => ({ waiver, source: 'contract' as const, at: `/waivers/${i}` })),
    ...(policy.waiverList ?? [])
      .map((waiver, i) => ({ waiver, source: 'policy' as const, at: `/waivers/${i}` }))
      .filter((s) => (s.waiver as PolicyWaiver).model === undefined || (s.waiver as PolicyWaiver).model === model),
  ];
  if (sources.length === 0) return { kept: findings, waived: [], waivers: [], notes: [] };
  if (policy.waivers === 'never') {
    const notes: Finding[] = (head ?? []).length
      ? [
          {
            id: 'waiver-forbidden',
            bump: 'none',
            area: 'contract',
            pointer: '/waivers',
            blocking: true,
            message: `The contract lists ${head!.length} waiver${head!.length === 1 ? '' : 's'}, and the policy forbids waivers (\`waivers: never\`); none applies.`,
            hint: 'Remove `waivers` from the contract, or fix what the findings report.',
          },
        ]
      : [];
    return { kept: findings, waived: [], waivers: [], notes };
  }

  let kept = findings;
  const waived: WaivedFinding[] = [];
  const waivers: AppliedWaiver[] = [];
  const notes: Finding[] = [];
  for (const { waiver: w, source, at } of sources) {
    const expired = today > parseDay(w.expires)!;
    const hit = kept.filter((f) => waivable(f) && matches(w, f));
    const applied: AppliedWaiver = {
      finding: w.finding,
      ...(w.pointer !== undefined ? { pointer: w.pointer } : {}),
      ...(w.direction ? { direction: w.direction } : {}),
      ...(w.interface ? { interface: w.interface } : {}),
      reason: w.reason,
      expires: w.expires,
      ...(w['approved-by'] ? { approvedBy: w['approved-by'] } : {}),
      ...((w as PolicyWaiver).model ? { model: (w as PolicyWaiver).model } : {}),
      source,
      at,
      added: source === 'contract' && !(base ?? []).some((b) => same(b, w)),
      expired,
      matched: hit.length,
    };
    waivers.push(applied);
    const where = source === 'contract' ? { pointer: at } : {};
    const whose = source === 'policy' ? `The policy file's waiver of ${named(w)}` : `The waiver of ${named(w)}`;
    if (expired && hit.length > 0) {
      notes.push({
        id: 'waiver-expired',
        bump: 'none',
        area: 'contract',
        ...where,
        blocking: true,
        message: `${whose} expired on ${w.expires} (reason: ${w.reason.replace(/[.\s]+$/, '')}); the ${hit.length === 1 ? 'finding it covered counts' : `${hit.length} findings it covered count`} again.`,
        hint: 'Fix what the finding reports, or renew the waiver with a new `expires` that the reviewers agree to.',
      });
      continue;
    }
    if (hit.length === 0) {
      notes.push({
        id: 'waiver-unused',
        bump: 'none',
        area: 'contract',
        ...where,
        message: `${whose} ${expired ? `expired on ${w.expires} and ` : ''}matches no finding of this change; remove it${w.pointer !== undefined && !expired ? ' (or check its `pointer`)' : ''}.`,
      });
      continue;
    }
    for (const f of hit) waived.push({ finding: f, waiver: applied });
    kept = kept.filter((f) => !hit.includes(f));
  }
  return { kept, waived, waivers, notes };
}
