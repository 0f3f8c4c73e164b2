/**
 * Release notes: one markdown note per model, for the people who release the model and the people
 * who consume it. In order: the title (model, versions, bump) and why; the changes grouped by bump;
 * the lineage and artifact table; the behavior numbers; the migration guide (MAJOR interface
 * changes, field by field); who is affected and whom to mention; whether a rollback is safe.
 *
 * Everything that came from a contract or a pull request passes through `escapeMarkdown` (prose)
 * or `value` (values, paths, names of rules). The only raw `@` mentions are the owner handles of
 * `notify`, re-checked, each once, in the "Who is affected" section.
 */
import type { Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import type { BehaviorReport, ConsumerImpact, ModelReport, Report } from '../verdict/report.js';
import { isHandle, neutralise, shortenDigests } from './escape.js';

const GROUPS: { bump: Exclude<Bump, 'none'>; title: string }[] = [
  { bump: 'major', title: 'MAJOR — consumers must change code' },
  { bump: 'minor', title: 'MINOR — consumers should re-validate' },
  { bump: 'patch', title: 'PATCH — nothing for consumers to do' },
];

/** How many findings the "why" line names before it says "and N more". */
const WHY_MAX = 5;

/**
 * What would render as markup: a backslash before punctuation or at the end; an `&` that would
 * start an entity; `<`, `>`; code spans, emphasis, strikethrough, links, math, table cells; `_`
 * outside a word; `(` after `]`; `:` in `://` and before `name:` (emoji); `.` after `www`; `@`.
 */
const MARKUP =
  /\\(?=[!-/:-@[-`{-~]|$)|&(?=#|[A-Za-z0-9]+;)|[<>`*[\]~$|@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|(?<=\])\(|:(?=\/\/|[A-Za-z0-9_+-]+:)|(?<=www)\./gi;
const REPLACE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '@': '@\u200b' };

/**
 * Text from a contract or a pull request made inert in GitHub markdown, escaping only what would
 * otherwise render as markup, so that the note also reads as plain text in a diff or a CHANGELOG
 * (`churn-classifier 1.4.2`, not `churn&#45;classifier 1\.4\.2`). Hand-written because no
 * markdown library escapes for GitHub's extensions (mentions, bare-URL autolinks, tables):
 * - line breaks become spaces, and control, bidi and invisible characters visible escapes (`neutralise`);
 * - HTML and `<…>` autolinks: `<` and `>` as entities; `&` only where it would start an entity;
 * - code spans, emphasis, strikethrough, links and images, math, table cells: `` ` * [ ] ~ $ | ``
 *   escaped with a backslash, `_` only where it is not inside a word (intraword `_` is not emphasis);
 * - a backslash only before punctuation or at the end (where it would escape the markup after it);
 * - mentions: a zero-width space after every `@`; bare URLs: `\:` in `://`, `\.` after `www`;
 *   emoji shortcodes: `\:` before `:name:`;
 * - `lineStart`: what would start a block at the start of a line (`# `, `- `, `+ `, `---`, `1. `).
 */
export function noteText(text: string, opts: { lineStart?: boolean } = {}): string {
  // One pass over the text (a note can hold hundreds of thousands of values).
  let s = neutralise(text.replace(/\r\n?|\n/g, ' ')).replace(MARKUP, (c) => REPLACE[c] ?? `\\${c}`);
  if (opts.lineStart) {
    // Only a marker followed by a space (or the end) starts a block: `1.0.0` and `-x` stay as they are.
    s = s.replace(/^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|-(?=-))/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  }
  return s;
}

/** A value, path or name as inline code, made inert the same way (markdown is read inside `<code>`). */
export function noteValue(text: string): string {
  return `<code>${noteText(text)}</code>`;
}

const esc = noteText;
const value = noteValue;

const up = (b: Bump) => esc(String(b).toUpperCase());
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The instance path a finding concerns, as people read it: the pointer when there is no instance path. */
function pathOf(f: Finding): string | undefined {
  const p = f.instancePath ?? f.pointer;
  if (p === undefined) return undefined;
  return p === '' ? '(root)' : p;
}

/** Where a finding sits: direction, interface, path. */
function whereOf(f: Finding): string {
  return [f.direction, f.interface !== undefined ? `(${f.interface})` : undefined, pathOf(f)].filter((s) => s !== undefined && s !== '').join(' ');
}

function hasChange(f: Finding): boolean {
  return f.old !== undefined || f.new !== undefined;
}

function change(f: Finding): string {
  return `${value(brief(f.old, 60))} → ${value(brief(f.new, 60))}`;
}

/** MAJOR interface findings: what the migration guide is about. */
function migrates(f: Finding): boolean {
  return f.bump === 'major' && f.area === 'interface';
}

function versionOf(v: string | null, missing: string): string {
  return v === null ? `*${missing}*` : value(v);
}

/** The title and the "why" lines. */
function titleSection(m: ModelReport): string[] {
  let kind: string;
  if (m.base === null) kind = m.required === 'none' ? 'new model' : `new model, ${up(m.required)}`;
  else if (m.head === null) kind = `model removed, ${up(m.required)}`;
  else kind = m.required === 'none' ? 'no release needed' : up(m.required);
  const extras: string[] = [];
  if (m.base !== null && m.head !== null && m.declared !== m.required) extras.push(`declared ${up(m.declared)}`);
  if (m.head !== null && m.suggested !== null && m.suggested !== m.head) extras.push(`release as ${value(m.suggested)}`);
  if (m.head !== null && m.suggested === null) extras.push('no version passes');
  const title = `## ${esc(m.model)} ${versionOf(m.base, '(new)')} → ${versionOf(m.head, '(deleted)')} — ${kind}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;

  const lines = [title, '', esc(m.summary, { lineStart: true }), ''];
  if (m.required !== 'none') {
    const seen = new Set<string>();
    const reasons: string[] = [];
    for (const f of m.findings) {
      if (f.bump !== m.required) continue;
      const where = whereOf(f);
      const text = where ? `${value(f.id)} at ${value(where)}` : value(f.id);
      if (seen.has(text)) continue;
      seen.add(text);
      reasons.push(text);
    }
    if (reasons.length > 0) {
      const shown = reasons.slice(0, WHY_MAX).join(', ');
      const more = reasons.length > WHY_MAX ? ` and ${reasons.length - WHY_MAX} more` : '';
      lines.push(`**Why ${up(m.required)}:** ${shown}${more}.`, '');
    }
  }
  return lines;
}

function findingLine(f: Finding, withHint: boolean): string {
  const where = whereOf(f);
  const parts = [`- ${where ? `${value(where)}: ` : ''}${hasChange(f) ? `${change(f)} — ` : ''}${esc(f.message)} <sub>${value(f.id)}</sub>`];
  if (withHint && f.hint) parts.push(`  *Hint:* ${esc(f.hint)}`);
  return parts.join('<br>\n');
}

/** The findings grouped: blocking first, then MAJOR, MINOR, PATCH, then the ones that need no release, collapsed. */
function changesSection(m: ModelReport, guide: boolean): string[] {
  const lines = ['### Changes', ''];
  if (m.findings.length === 0) return [...lines, 'No differences.', ''];
  // A hint is shown where the reader acts on it: in the migration guide for what it covers, here otherwise.
  const line = (f: Finding) => findingLine(f, !(guide && migrates(f)));
  const blocking = m.findings.filter((f) => f.blocking);
  if (blocking.length > 0) {
    lines.push('#### Blocking — fails the gate whatever the version', '');
    for (const f of blocking) lines.push(line(f));
    lines.push('');
  }
  for (const g of GROUPS) {
    const fs = m.findings.filter((f) => !f.blocking && f.bump === g.bump);
    if (fs.length > 0) {
      lines.push(`#### ${g.title}`, '');
      for (const f of fs) lines.push(line(f));
      lines.push('');
    }
  }
  const none = m.findings.filter((f) => !f.blocking && f.bump === 'none');
  if (none.length > 0) {
    lines.push(`<details><summary>${plural(none.length, 'change')} that need${none.length === 1 ? 's' : ''} no release</summary>`, '');
    for (const f of none) lines.push(line(f));
    lines.push('', '</details>', '');
  }
  return lines;
}

/** Lineage and artifact findings: what the model was made from, before and after. */
function lineageSection(m: ModelReport): string[] {
  const fs = m.findings.filter((f) => f.area === 'lineage' || f.area === 'artifact');
  if (fs.length === 0) return [];
  return [
    '### Lineage',
    '',
    '| key | old | new | bump |',
    '|---|---|---|---|',
    ...fs.map((f) => `| ${value(f.pointer ?? f.id)} | ${value(brief(f.old, 60))} | ${value(brief(f.new, 60))} | ${up(f.bump)} |`),
    '',
  ];
}

function behaviorSection(b: BehaviorReport): string[] {
  const lines = ['### Behavior on the reference dataset', ''];
  lines.push(
    b.compared
      ? `${plural(b.rows?.paired ?? 0, 'row pair')} compared, ${b.changedRows ?? 0} changed.`
      : `No reference dataset at the base: ${plural(b.rows?.head ?? 0, 'head prediction')} checked against the output schema only.`,
    '',
  );
  for (const [side, check] of [
    ['head', b.schemas?.head],
    ['base', b.schemas?.base],
  ] as const) {
    if (!check || check.violations === 0) continue;
    if (side === 'base' && !b.compared) continue;
    lines.push(`- ${check.violations} of ${check.rows} head predictions do not match the ${side} output schema.`);
  }
  for (const t of b.tolerances) {
    const kind = `${value(t.kind)}${t.declared || t.kind === 'exact' ? '' : ' (exact)'}`;
    lines.push(`- ${t.pass ? '✅ pass' : '❌ **fail**'} ${value(t.field || '/')} ${kind}: ${esc(t.summary ?? '')}`);
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  return lines;
}

/** MAJOR interface findings, field by field: what readers of an output, or callers of an input, must change. */
function migrationSection(m: ModelReport): string[] {
  const fields = new Map<string, Finding[]>();
  for (const f of m.findings.filter(migrates)) {
    const key = JSON.stringify([f.direction ?? '', f.interface ?? '', pathOf(f) ?? '']);
    fields.set(key, [...(fields.get(key) ?? []), f]);
  }
  if (fields.size === 0) return [];
  const lines = ['### Migration guide', ''];
  for (const fs of fields.values()) {
    const f = fs[0]!;
    const path = pathOf(f);
    const field = path === undefined ? 'the interface' : path === '(root)' ? 'the whole value' : `field ${value(path)}`;
    const side = f.direction === 'output' ? 'Output' : f.direction === 'input' ? 'Input' : 'Interface';
    const iface = f.interface !== undefined ? ` of ${value(f.interface)}` : '';
    lines.push(`#### ${side}${iface}: ${field}`, '');
    if (f.direction === 'output') lines.push(`Code that reads ${field} from the model's output must change:`, '');
    else if (f.direction === 'input') lines.push(`Callers must change what they send in ${field}:`, '');
    else lines.push(`Consumers of ${field} must change:`, '');
    for (const g of fs) {
      lines.push(
        `- ${hasChange(g) ? `${change(g)}: ` : ''}${esc(g.message)} <sub>${value(g.id)}</sub>` + (g.hint ? `<br>\n  *Hint:* ${esc(g.hint)}` : ''),
      );
    }
    const consumers = [...new Set(fs.flatMap((g) => g.consumers ?? []))];
    if (consumers.length > 0) lines.push('', `Declared consumers reading it: ${consumers.map((c) => esc(c)).join(', ')}.`);
    lines.push('');
  }
  return lines;
}

/** A handle to mention: raw when it is a well-formed handle, inert otherwise. */
function mention(handle: string): string {
  return isHandle(handle) ? handle : esc(handle);
}

function impactOf(c: ConsumerImpact): string {
  if (c.bump === 'none') return 'not affected';
  return `${up(c.bump)} (${plural(c.findings, 'finding')})`;
}

/** Declared consumers, and the owners to mention: each handle once, here only. */
function affectedSection(m: ModelReport, mentions_: boolean): string[] {
  if (m.consumers === undefined && m.notify === undefined) {
    return m.base === null ? [] : ['### Who is affected', '', 'The base contract declares no consumers.', ''];
  }
  const lines = ['### Who is affected', ''];
  const consumers = m.consumers ?? [];
  if (consumers.length > 0) {
    lines.push('| consumer | reads | impact | owners |', '|---|---|---|---|');
    for (const c of consumers) {
      const reads = c.fields.length > 0 ? c.fields.map((p) => value(p)).join(', ') : 'everything';
      // Owners are named inert here; the mentions are the line below.
      lines.push(`| ${esc(c.name)} | ${reads} | ${impactOf(c)} | ${c.owners.map((o) => esc(o)).join(', ')} |`);
    }
    lines.push('');
  } else if (m.consumers !== undefined) {
    lines.push('The base contract declares no consumers.', '');
  }
  const handles = m.notify ?? consumers.filter((c) => c.notify).flatMap((c) => c.owners);
  const seen = new Set<string>();
  const mentions: string[] = [];
  for (const h of handles) {
    const k = h.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    mentions.push(mentions_ ? mention(h) : value(h));
  }
  if (mentions.length > 0) lines.push(`**Owners to notify:** ${mentions.join(' ')}`, '');
  else if (consumers.length > 0) lines.push('No owner to notify.', '');
  return lines;
}

function rollbackSection(m: ModelReport): string[] {
  if (!m.rollback) return [];
  const to = m.base !== null ? ` to ${value(m.base)}` : '';
  const verdict = m.rollback.safe ? `✅ Rolling back${to} is safe` : `⚠️ Rolling back${to} is **not** safe`;
  return ['### Rollback', '', `${verdict}: ${esc(m.rollback.reason)}`, ''];
}

export interface ReleaseNoteOptions {
  /** Mention the owners to notify (default). False where they are mentioned elsewhere, as in the PR comment. */
  mentions?: boolean;
  /** Include the behavior numbers (default). False where they are shown beside the note, as in the PR comment. */
  behavior?: boolean;
}

/** The release note of one model's change, in markdown. */
/** Changes a waiver accepts: they did not count toward the bump, and the note says so with the reason. */
function waivedSection(m: ModelReport): string[] {
  const waived = m.waived ?? [];
  if (waived.length === 0) return [];
  const lines = ['### Accepted by a waiver', '', 'Not counted toward the bump, each for the reason given, until the date given.', ''];
  for (const { finding: f, waiver: w } of waived) {
    const by = w.approvedBy ? `, approved by ${esc(w.approvedBy)}` : '';
    lines.push(`${findingLine(f, false)} — ${up(f.bump)}, waived until ${esc(w.expires)}${by}: ${esc(w.reason)}`);
  }
  lines.push('');
  return lines;
}

export function renderReleaseNote(m: ModelReport, opts: ReleaseNoteOptions = {}): string {
  const guide = migrationSection(m);
  const lines = [
    ...titleSection(m),
    ...changesSection(m, guide.length > 0),
    ...waivedSection(m),
    ...lineageSection(m),
    ...(m.behavior && opts.behavior !== false ? behaviorSection(m.behavior) : []),
    ...guide,
    ...affectedSection(m, opts.mentions !== false),
    ...rollbackSection(m),
    `<sub>${value(m.path)}</sub>`,
  ];
  // Digests by their first 12 characters, as everywhere a human reads them.
  return shortenDigests(lines.join('\n')) + '\n';
}

/** The release notes of every model in a report, in the report's order, separated by rules. */
export function renderReleaseNotes(r: Report): string {
  const unchanged = r.unchanged ? ` ${plural(r.unchanged, 'contract')} unchanged.` : '';
  if (r.models.length === 0) return `# Release notes\n\nNo model changed: nothing to release.${unchanged}\n`;
  const index = r.models.map((m) => `- ${esc(m.model)}: ${m.required === 'none' ? 'no release needed' : up(m.required)}`);
  const head = ['# Release notes', '', `${plural(r.models.length, 'model')} changed.${unchanged}`, '', ...index, ''].join('\n');
  return [head, ...r.models.map((m) => renderReleaseNote(m))].join('\n---\n\n');
}
