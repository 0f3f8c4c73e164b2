import { bumpRank, type Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import type { ModelReport, Report } from '../verdict/report.js';
import { blockingFindings, releaseVersion } from '../verdict/release.js';
import { neutralise, shortenDigests } from './escape.js';
import { causeMessage, groupFindings, tally, type RuleGroup } from './groups.js';
import { addedWaivers, waivedTextLines, waiverTarget } from './waivers.js';
import { witnessLine } from './witness.js';

export interface TextOptions {
  color: boolean;
  /** Every place of every group, not only the first few. */
  all?: boolean;
}

const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
  return (style: keyof typeof codes, s: string) => (color ? `\u001b[${codes[style]}m${s}\u001b[0m` : s);
}

/**
 * Make untrusted text safe for a terminal or a log, on one line: control characters, escape
 * sequences, bidi and invisible characters and newlines are shown as escapes (`\u001B`, `\n`).
 */
export function plain(s: string): string {
  return neutralise(s);
}

export function findingLines(f: Finding, paint: ReturnType<typeof painter>, indent = '  '): string[] {
  const tag = f.blocking
    ? paint('red', 'BLOCK')
    : f.bump === 'major'
      ? paint('red', 'MAJOR')
      : f.bump === 'minor'
        ? paint('yellow', 'MINOR')
        : f.bump === 'patch'
          ? 'PATCH'
          : paint('dim', 'NONE ');
  const where = [f.interface, f.direction, f.instancePath ? f.instancePath : f.pointer].filter(Boolean).join(' ');
  const change = f.old !== undefined || f.new !== undefined ? `  ${brief(f.old, 50)} → ${brief(f.new, 50)}` : '';
  const lines = [
    `${indent}${tag}  ${plain(f.id)}${where ? `  ${plain(where)}` : ''}${paint('dim', plain(change))}`,
    `${indent}       ${plain(f.message)}`,
  ];
  if (f.location) lines.push(`${indent}       ${paint('dim', `at ${plain(f.location.file)}:${f.location.line}:${f.location.column}`)}`);
  if (f.basis === 'semantic')
    lines.push(`${indent}       decided by meaning: every value the change must keep is still accepted, so the rule's bump is lowered`);
  if (f.hint) lines.push(`${indent}       hint: ${plain(f.hint)}`);
  const witness = witnessLine(f);
  if (witness) lines.push(`${indent}       ${plain(witness)}`);
  if (f.consumers) lines.push(`${indent}       affects: ${plain(f.consumers.join(', '))}`);
  return lines;
}

/** At most this many causes are shown per group; the rest are counted ("… and N more"). */
export const PLACES_SHOWN = 5;

type Paint = ReturnType<typeof painter>;

function tagOf(blocking: boolean, bump: Bump, paint: Paint): string {
  return blocking
    ? paint('red', 'BLOCK')
    : bump === 'major'
      ? paint('red', 'MAJOR')
      : bump === 'minor'
        ? paint('yellow', 'MINOR')
        : bump === 'patch'
          ? 'PATCH'
          : paint('dim', 'NONE ');
}

/** Text a reader sees: one line, terminal-safe, digests shortened. */
const show = (s: string) => plain(shortenDigests(s));

/** One group: the rule with its count, the shared why and hint, then one line per cause. */
function groupLines(g: RuleGroup, paint: Paint, indent: string, shown: number): string[] {
  const n = g.causes.length;
  const also = [...new Set(g.causes.flatMap((c) => c.also))];
  const count = `×${n}${g.findings !== n ? ` (${g.findings} findings)` : ''}`;
  const lines = [
    `${indent}${tagOf(g.blocking, g.bump, paint)}  ${plain(g.id)} ${count}${also.length ? paint('dim', `  with ${plain(also.join(', '))}`) : ''}`,
  ];
  const pad = `${indent}       `;
  if (g.why) lines.push(`${pad}why: ${show(g.why)}`);
  // A hint is something to copy (a digest to paste), so it is not shortened.
  if (g.hint) lines.push(`${pad}hint: ${plain(g.hint)}`);
  const consumers = [...new Set(g.causes.flatMap((c) => c.findings.flatMap((f) => f.consumers ?? [])))];
  if (consumers.length) lines.push(`${pad}affects: ${plain(consumers.join(', '))}`);
  for (const c of g.causes.slice(0, shown)) {
    const f = c.lead;
    const val = (v: unknown) => brief(typeof v === 'string' ? shortenDigests(v) : v, 50);
    const change = f.old !== undefined || f.new !== undefined ? `  ${val(f.old)} → ${val(f.new)}` : '';
    const at = f.location ? `  (${f.location.file}:${f.location.line})` : '';
    const hint = !g.hint && f.hint ? ` Fix: ${f.hint}` : '';
    lines.push(
      `${pad}${paint('bold', show(c.where))}${paint('dim', plain(change))}  ${show(causeMessage(c, g.why))}${plain(hint)}${paint('dim', plain(at))}`,
    );
    // The place's witness: the first of its findings that has one, else "not proven".
    const witness = witnessLine(c.findings.find((x) => x.witness) ?? f);
    if (witness) lines.push(`${pad}  ${plain(witness)}`);
  }
  if (n > shown) lines.push(`${pad}… and ${n - shown} more${paint('dim', ' (--all lists every one)')}`);
  return lines;
}

function modelLines(m: ModelReport, paint: Paint, shown: number): string[] {
  const mark = m.ok ? paint('green', 'PASS') : paint('red', 'FAIL');
  const lines = [`${mark}  ${paint('bold', plain(m.model))}  ${plain(m.path)}`, `      ${show(m.summary)}`];
  const release = releaseVersion(m);
  const blocking = blockingFindings(m).length;
  const version = m.suggested
    ? `, suggested version ${plain(m.suggested)}`
    : release && blocking > 0
      ? `, release as ${plain(release)} after fixing ${blocking === 1 ? 'the blocking finding' : `the ${blocking} blocking findings`}`
      : '';
  lines.push(`      declared ${m.declared.toUpperCase()}, required ${m.required.toUpperCase()}${version}`);
  for (const g of groupFindings(m.findings)) for (const item of groupLines(g, paint, '      ', shown)) lines.push(item);
  for (const l of waivedTextLines(m, '      ')) lines.push(l);
  const touched = (m.consumers ?? []).filter((c) => c.findings > 0);
  if (touched.length > 0) {
    lines.push(`      affected consumers: ${plain(touched.map((c) => `${c.name} (${c.bump.toUpperCase()})`).join(', '))}`);
    if (m.notify && m.notify.length > 0) lines.push(`      owners to notify: ${plain(m.notify.join(' '))}`);
  }
  if (m.rollback && !m.rollback.safe) lines.push(`      rollback: ${show(m.rollback.reason)}`);
  if (m.behavior) {
    const b = m.behavior;
    lines.push(
      `      behavior: ${b.compared ? `${b.rows.paired} row pairs compared, ${b.changedRows} changed` : `${b.rows.head} predictions checked against the output schema (no base reference to compare with)`}`,
    );
    for (const t of b.tolerances) {
      lines.push(
        `        ${t.pass ? paint('green', 'pass') : paint('red', 'FAIL')}  ${plain(t.field || '/')}  ${t.kind}${t.declared ? '' : ' (no tolerance: exact)'}  ${show(t.summary)}`,
      );
    }
  }
  return lines;
}

/** Worst first: failing before passing, then blocking, then by required bump; path order otherwise. */
function worstFirst(models: readonly ModelReport[]): ModelReport[] {
  const rank = (m: ModelReport) => (m.ok ? 0 : 100) + (m.findings.some((f) => f.blocking) ? 10 : 0) + bumpRank(m.required);
  return [...models].sort((a, b) => rank(b) - rank(a));
}

/**
 * The closing line: what the change requires, the findings by bump, and what to do, e.g.
 * `requires MAJOR: 160 major, 85 minor, 60 blocking → release as 2.0.0 after fixing the blocking ones`.
 */
export function summaryLine(report: Report): string {
  const all = report.models.flatMap((m) => m.findings);
  const required = report.models.reduce<Bump>((b, m) => (bumpRank(m.required) > bumpRank(b) ? m.required : b), 'none');
  const t = tally(all);
  const counts = (['major', 'minor', 'patch'] as const).filter((k) => t[k] > 0).map((k) => `${t[k]} ${k}`);
  if (t.blocking > 0) counts.push(`${t.blocking} blocking`);
  const head = `requires ${required.toUpperCase()}${counts.length ? `: ${counts.join(', ')}` : ''}`;
  if (report.models.length === 0) return 'nothing to check: no contract changed';
  const failing = report.models.filter((m) => !m.ok);
  if (failing.length === 0) return `${head} → passes as declared`;
  const one = failing.length === 1 && report.models.length === 1;
  const versions = failing
    .map((m) => ({ m, v: m.head !== null ? releaseVersion(m) : null }))
    .filter((x) => x.v !== null && x.v !== x.m.head)
    .map((x) => (one ? plain(x.v!) : `${plain(x.m.model)} ${plain(x.v!)}`));
  const blocking = failing.some((m) => m.findings.some((f) => f.blocking));
  const fix = blocking ? (t.blocking === 1 ? 'the blocking finding' : 'the blocking ones') : '';
  if (versions.length > 0) return `${head} → release as ${versions.join(', ')}${fix ? ` after fixing ${fix}` : ''}`;
  return `${head} → ${fix ? `fix ${fix}` : 'fix the failing models'}`;
}

/** The terminal report: the verdict first, then each model worst first with its findings grouped, then the summary line. */
export function renderText(report: Report, opts: TextOptions = { color: false }): string {
  const paint = painter(opts.color);
  const failed = report.models.filter((m) => !m.ok).length;
  const head =
    report.verdict === 'pass'
      ? paint('green', `model-contract-gate: PASS`) + ` — ${report.models.length} model${report.models.length === 1 ? '' : 's'} checked`
      : paint('red', `model-contract-gate: FAIL`) +
        ` — ${failed} of ${report.models.length} model${report.models.length === 1 ? '' : 's'} fail${failed === 1 ? 's' : ''}`;
  const invalid = report.invalid ?? [];
  const unreadable = `${invalid.length} contract${invalid.length === 1 ? '' : 's'} cannot be read`;
  const n = report.models.length;
  const top =
    invalid.length === 0
      ? head
      : failed === 0
        ? paint('red', 'model-contract-gate: ERROR') + ` — ${unreadable}${n > 0 ? ` (${n} other model${n === 1 ? ' passes' : 's pass'})` : ''}`
        : `${head}, ${unreadable}`;
  const lines = [top + (report.unchanged ? `, ${report.unchanged} unchanged` : '')];
  for (const c of invalid) {
    lines.push('', paint('red', `${plain(c.path)}: cannot be read`));
    for (const p of c.problems)
      lines.push(
        `  ${plain(p.file)}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${plain(p.message)}${p.pointer ? ` (at ${plain(p.pointer)})` : ''}`,
      );
  }
  const added = addedWaivers(report);
  if (added.length > 0)
    lines.push(
      paint('yellow', `this change adds ${added.length === 1 ? 'a waiver' : `${added.length} waivers`}:`) +
        ` ${plain(added.map((a) => `${waiverTarget(a.waiver)} (${a.model}, until ${a.waiver.expires})`).join('; '))}`,
    );
  for (const m of worstFirst(report.models)) {
    lines.push('');
    for (const l of modelLines(m, paint, opts.all ? Infinity : PLACES_SHOWN)) lines.push(l);
  }
  const verdict = report.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
  lines.push('', `${verdict}  ${invalid.length > 0 ? `${unreadable}; the other models: ` : ''}${summaryLine(report)}`);
  return lines.join('\n') + '\n';
}

/** `diff-schema` as text: the required bump, then the findings. */
export function renderDiffText(direction: string, required: string, findings: Finding[], opts: TextOptions = { color: false }): string {
  const paint = painter(opts.color);
  const lines = [`${direction} schema: ${required.toUpperCase()} required (${findings.length} finding${findings.length === 1 ? '' : 's'})`];
  for (const f of findings) for (const item of findingLines(f, paint)) lines.push(item);
  return lines.join('\n') + '\n';
}
