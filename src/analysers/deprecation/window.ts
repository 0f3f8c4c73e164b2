import { formatDay, parseDay } from '../../core/date.js';
import type { Policy } from '../../core/policy.js';
import type { InterfaceFinding } from '../interface/diff.js';

/** The removals the deprecation window guards: what callers or consumers lose (each MAJOR on its own). */
const GUARDED = new Set(['property-removed', 'property-removed-from-closed', 'enum-value-removed', 'api-version-removed']);

function what(f: InterfaceFinding): string {
  if (f.id === 'api-version-removed') return `API version ${String(f.old)}`;
  const api = f.interface ? `${f.interface} ` : '';
  if (f.id === 'enum-value-removed') return `The removed enum value at ${api}${f.direction} ${f.instancePath || '/'}`;
  return `The ${api}${f.direction} field ${f.instancePath}`;
}

/**
 * The deprecation window protects a promise: a field, an enum value or an API version that was
 * marked deprecated (`deprecated: true` with `x-deprecated-since`, `x-deprecated-values` for enum
 * values, or listed in the contract's `deprecations`) may be removed only once `days` days have
 * passed since that date, counted to `today` (the run's day, never a commit's). A removal inside
 * the window gets a blocking finding that names the first day it may go. A removal of something
 * never deprecated is its own MAJOR finding, which passes when MAJOR is declared; the policy's
 * `require-deprecation: true` blocks it too (a deprecation first, then the window).
 */
export function deprecationWindow(
  findings: InterfaceFinding[],
  today: number,
  policy: Pick<Policy, 'deprecationDays' | 'requireDeprecation'>,
): InterfaceFinding[] {
  const out: InterfaceFinding[] = [];
  const days = policy.deprecationDays;
  if (days <= 0) return out;
  for (const f of findings) {
    if (!f.removal || !GUARDED.has(f.id) || f.bump !== 'major') continue;
    const subject = what(f);
    const base: Omit<InterfaceFinding, 'message'> = {
      id: 'deprecation-window',
      bump: 'major',
      area: 'interface',
      ...(f.direction ? { direction: f.direction } : {}),
      ...(f.interface ? { interface: f.interface } : {}),
      ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
      ...(f.instancePath !== undefined ? { instancePath: f.instancePath } : {}),
      ...(f.at ? { at: f.at } : {}),
      ...(f.declaredIn ? { declaredIn: f.declaredIn } : {}),
      blocking: true,
    };
    const since = f.removal.since !== undefined ? parseDay(f.removal.since) : null;
    if (!f.removal.deprecated) {
      if (!policy.requireDeprecation) continue;
      const from = formatDay(today + days);
      out.push({
        ...base,
        message: `${subject} was removed without being deprecated first; the policy requires a deprecation (require-deprecation: true) and ${days} days' notice, so it may be removed from ${from} if it is marked deprecated today.`,
        hint: `Keep it, mark it \`deprecated: true\` with \`x-deprecated-since: ${formatDay(today)}\` (or list it in the contract's \`deprecations\` with \`since: ${formatDay(today)}\`), and remove it from ${from} (policy deprecation-days: ${days}).`,
      });
    } else if (since === null) {
      out.push({
        ...base,
        message: `${subject} is marked deprecated without \`x-deprecated-since\`, so its ${days}-day deprecation window cannot be measured.`,
        hint: `Add \`x-deprecated-since: ${formatDay(today)}\` beside \`deprecated: true\` (or list it in the contract's \`deprecations\` with its date) and remove it from ${formatDay(today + days)}.`,
      });
    } else if (today < since + days) {
      const from = formatDay(since + days);
      out.push({
        ...base,
        old: f.removal.since,
        new: from,
        message: `${subject} was deprecated on ${f.removal.since}, ${today - since} day${today - since === 1 ? '' : 's'} ago; it may be removed from ${from} (${days}-day deprecation window).`,
        hint: `Keep it until ${from}.`,
      });
    }
  }
  return out;
}
