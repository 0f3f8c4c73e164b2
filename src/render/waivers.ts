/**
 * How waivers read in every report: the "Waived" block of a model (the findings a waiver accepts,
 * each with its reason and expiry) and the line that names the waivers a pull request adds, which
 * reviewers must approve knowingly. Reasons and names come from the pull request: escaped.
 */
import type { AppliedWaiver, ModelReport, Report, WaivedFinding } from '../verdict/report.js';
import { code, escapeMarkdown as esc, neutralise } from './escape.js';

/** Reasons, approvers and places come from the pull request: each is cut before it is shown. */
const MAX_TEXT = 300;
const cut = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Where a waived finding is, in the report's words: `output /items/*`. */
export function waivedWhere(f: WaivedFinding['finding']): string {
  return [f.interface, f.direction, f.instancePath ?? f.pointer].filter(Boolean).join(' ');
}

/** What a waiver names: `type-changed at /items/*`. */
export function waiverTarget(w: AppliedWaiver): string {
  return [w.finding, w.pointer !== undefined ? `at ${w.pointer}` : '', w.direction ?? '', w.interface ? `in ${w.interface}` : '']
    .filter(Boolean)
    .join(' ');
}

/** The waivers the pull request adds, model by model. */
export function addedWaivers(report: Report): { model: string; waiver: AppliedWaiver }[] {
  return report.models.flatMap((m) => (m.waivers ?? []).filter((w) => w.added).map((waiver) => ({ model: m.model, waiver })));
}

/** Text lines for the terminal: the waived findings of one model, each with its reason. */
export function waivedTextLines(m: ModelReport, indent: string): string[] {
  const waived = m.waived ?? [];
  if (waived.length === 0) return [];
  const lines = [`${indent}waived (${waived.length}, not counted toward the required bump):`];
  for (const { finding: f, waiver: w } of waived) {
    const where = waivedWhere(f);
    lines.push(`${indent}  ${neutralise(f.id)} ${f.bump.toUpperCase()}${where ? `  ${neutralise(where)}` : ''}  ${neutralise(f.message)}`);
    const by = w.approvedBy ? `, approved by ${neutralise(w.approvedBy)}` : '';
    const from = w.source === 'policy' ? ', from the policy file' : w.added ? ', added by this change' : '';
    lines.push(`${indent}    reason: ${neutralise(w.reason)} (until ${w.expires}${by}${from})`);
  }
  return lines;
}

/**
 * The markdown "Waived" block of one model: a table, one row per waived finding; `compact`, the
 * count per finding id only (when the comment must be shortened, the findings that fail the gate
 * come first: a pull request cannot push them out with long waivers).
 */
export function waivedMarkdown(m: ModelReport, opts: { compact?: boolean } = {}): string | undefined {
  const waived = m.waived ?? [];
  if (waived.length === 0) return undefined;
  if (opts.compact) {
    const counts = new Map<string, number>();
    for (const { finding: f } of waived) counts.set(f.id, (counts.get(f.id) ?? 0) + 1);
    const ids = [...counts].map(([id, n]) => `${code(id)} ×${n}`).join(', ');
    return [`#### Waived (${waived.length})`, '', `Accepted by a waiver, so not counted toward the required bump: ${ids}.`].join('\n');
  }
  const rows = ['| finding | where | reason | until | approved by |', '|---|---|---|---|---|'];
  for (const { finding: f, waiver: w } of waived) {
    const mark = w.added ? ' 🆕' : w.source === 'policy' ? ' <sub>(policy)</sub>' : '';
    const where = waivedWhere(f);
    rows.push(
      `| ${code(f.id)} ${f.bump.toUpperCase()}${mark} | ${where ? code(cut(where)) : '—'} | ${esc(cut(w.reason))} | ${w.expires} | ${w.approvedBy ? esc(cut(w.approvedBy)) : '—'} |`,
    );
  }
  const added = waived.some((x) => x.waiver.added);
  return [
    `#### Waived (${waived.length})`,
    '',
    `Accepted by a waiver, so not counted toward the required bump${added ? '; 🆕 marks a waiver this pull request adds' : ''}.`,
    '',
    ...rows,
  ].join('\n');
}

/** The line under the verdict when the pull request adds waivers: reviewers approve them knowingly. */
export function addedWaiversMarkdown(report: Report): string | undefined {
  const added = addedWaivers(report);
  if (added.length === 0) return undefined;
  const many = new Set(added.map((a) => a.model)).size > 1;
  const items = added
    .slice(0, 10)
    .map(
      ({ model, waiver: w }) =>
        `${code(cut(waiverTarget(w)))}${many ? ` in ${esc(model)}` : ''} until ${w.expires}${w.matched === 0 ? ' (matches nothing)' : ''}`,
    );
  const more = added.length > 10 ? `, and ${added.length - 10} more` : '';
  return `> [!WARNING]\n> **This pull request adds ${added.length === 1 ? 'a waiver' : `${added.length} waivers`}**: ${items.join('; ')}${more}. A waived finding does not count toward the required bump; approve only what the consumers agreed to.`;
}
