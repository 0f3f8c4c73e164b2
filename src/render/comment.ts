/**
 * The pull-request comment, which is also what `check --format markdown` prints and (with a larger
 * budget) the job summary: the verdict in the first line, then per model the declared and required
 * bumps with the suggested version, what to do to pass, who is affected (with the owners to
 * mention), the findings grouped MAJOR / MINOR / PATCH with field path and old → new, the behavior
 * table and charts, the lineage parameter diff and the release note.
 *
 * Pure: the report and a small context (links, the run, the marker) in, markdown out. Whoever
 * calls it decides what the context holds: the Action from the run, the CLI from its options.
 *
 * It is built from parts, each with a full and a compact form and a rank. When the whole does not
 * fit the budget (GitHub refuses comments over 65,536 characters), parts are compacted (collapsed
 * into `<details>`, long text cut), lowest rank first, then dropped whole, with a line that names
 * what was dropped and where the full report is. The verdict line and the marker are never
 * dropped. Everything that came from the pull request passes through `escapeMarkdown` or `code`.
 */
import { bumpRank, compareBumps, type Bump } from '../core/bump.js';
import type { InputError } from '../core/errors.js';
import type { Finding, SourceLocation } from '../core/finding.js';
import { brief } from '../core/json.js';
import { code, escapeMarkdown as esc, isHandle, prose, shortenDigests } from './escape.js';
import type { ModelReport, Report } from '../verdict/report.js';
import { behaviorCharts, behaviorSection, behaviorViewOf, behaviorTable } from './behavior.js';
import { renderReleaseNote } from './release-notes.js';
import { addedWaiversMarkdown, waivedMarkdown } from './waivers.js';
import { witnessMarkdown } from './witness.js';

/** The hidden marker that finds the comment again. Nothing from a pull request can produce it: `<` is always escaped. */
export const MARKER = '<!-- model-contract-gate:comment -->';

/** GitHub's limit for a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** What the renderer aims for: the limit with room to spare. */
export const COMMENT_BUDGET = 65_000;
/** GitHub's limit for one step's job summary is 1 MiB (in bytes). */
export const SUMMARY_BUDGET = 1_000_000;

export interface RenderOptions {
  /** Maximum size of the result. */
  budget: number;
  /** How size is measured: characters (comments) or UTF-8 bytes (the job summary). */
  measure?: 'chars' | 'bytes';
  /** Include the hidden marker (comments). */
  marker?: boolean;
  /** A link to a file at a line in the head commit, or undefined. */
  link?: (loc: SourceLocation) => string | undefined;
  /** One line of context under the verdict (trusted text, e.g. the base and head commits). */
  context?: string;
  /** What is said about where the full report is, when parts are dropped. */
  fullReportAt?: string;
  /** The limit named when parts are dropped. */
  limitName?: string;
  /** The address of `docs/rules.md` at the Action's own ref: rule ids link to their entries. */
  docsBase?: string;
}

/**
 * Text built only when it may be shown. A section of thousands of findings is longer than any
 * budget, so it is always collapsed or dropped: building it (escaping every value) would be most
 * of the work on a large change, for nothing. `atLeast` is a lower bound of its length.
 */
class Deferred {
  private built: string | undefined;
  constructor(
    readonly atLeast: number,
    private readonly make: () => string,
  ) {}
  get text(): string {
    return (this.built ??= this.make());
  }
}

const textOf = (t: string | Deferred): string => (typeof t === 'string' ? t : t.text);

interface Part {
  label: string;
  /** What kind of section, for the notice: `MAJOR findings`, `distribution charts`, …; `model` for a model's header. */
  kind?: string;
  full: string | Deferred;
  /** The same object as `full` when the part has no shorter form. */
  compact: string | Deferred;
  /** Lower ranks are compacted and dropped first. */
  rank: number;
  /** Never dropped (never compacted either). */
  keep?: boolean;
  /** A decoration: dropped as soon as its turn comes in the collapsing pass. */
  early?: boolean;
}

const up = (b: Bump) => b.toUpperCase();
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * A model with more findings than this is a large change: its behavior evidence and charts are
 * one collapsed block under the tolerance table, so the findings and the tolerance verdicts fit
 * two screens.
 */
const LARGE_MODEL = 20;
function listNames(names: string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Why one model fails, in a few words (for the verdict line). */
function failureWords(m: ModelReport): string {
  const name = code(m.model);
  const blocking = m.findings.filter((f) => f.blocking);
  if (m.head === null) return `${name} was removed`;
  if (blocking.length > 0) return `${name} has ${plural(blocking.length, 'blocking finding')}`;
  if (compareBumps(m.declared, m.required) < 0)
    return `${name} requires ${up(m.required)}${m.suggested ? ` (release ${code(m.suggested)})` : ''} but declares ${up(m.declared)}`;
  return `${name} declares ${up(m.declared)} where ${up(m.required)} is required exactly`;
}

/** The first line: the verdict. */
export function verdictLine(report: Report): string {
  const failed = report.models.filter((m) => !m.ok);
  const unchanged = report.unchanged ? `, ${plural(report.unchanged, 'unchanged contract')}` : '';
  if (report.verdict === 'pass') {
    if (report.models.length === 0) return `## ✅ Model contracts: pass — no model contract changed${unchanged}`;
    return `## ✅ Model contracts: pass — ${plural(report.models.length, 'model')} checked${unchanged}`;
  }
  const invalid = report.invalid?.length ?? 0;
  const unreadable = invalid > 0 ? `${plural(invalid, 'contract')} cannot be read` : '';
  if (failed.length === 0)
    return `## ❌ Model contracts: error — ${unreadable}${report.models.length > 0 ? ` (${plural(report.models.length, 'other model')} pass${report.models.length === 1 ? 'es' : ''})` : ''}${unchanged}`;
  // The most demanding first.
  const worst = [...failed].sort(
    (a, b) => Number(b.findings.some((f) => f.blocking)) - Number(a.findings.some((f) => f.blocking)) || bumpRank(b.required) - bumpRank(a.required),
  );
  const why = listNames(worst.map(failureWords), failed.length === 1 ? 1 : 2);
  const of = report.models.length > 1 ? ` (${failed.length} of ${report.models.length} models)` : '';
  return `## ❌ Model contracts: fail — ${why}${of}${unreadable ? `; ${unreadable}` : ''}`;
}

/** Contracts that cannot be read, beside the models that could: every problem, with file, line and field. */
function invalidParts(report: Report): Part[] {
  const invalid = report.invalid ?? [];
  if (invalid.length === 0) return [];
  const head = `### ❌ ${invalid.length === 1 ? 'A contract cannot be read' : `${invalid.length} contracts cannot be read`}\n\nThe gate fails until every contract it finds can be read. Fix these, then push again:`;
  const parts: Part[] = [{ label: 'invalid', full: head, compact: head, rank: Infinity, keep: true }];
  invalid.forEach((c, i) =>
    c.problems.forEach((p, j) => {
      const where = `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}`;
      const line = `- ${code(where)}: ${prose(p.message)}${p.pointer ? ` (at ${code(p.pointer)})` : ''}`;
      parts.push({ label: `invalid ${i + 1}.${j + 1}`, full: line, compact: line, rank: 1000 - i - j / 1e6 });
    }),
  );
  return parts;
}

/** One cause: the findings one change of one field produced (both bounds; a removal and its deprecation window). */
interface Cause {
  /** The finding the row is filed under (the most severe). */
  lead: Finding;
  all: Finding[];
}

const severity = (f: Finding) => (f.blocking ? 10 : 0) + bumpRank(f.bump);

/** Removals that the deprecation window judges: one cause with their `deprecation-window` finding. */
const WINDOWED = new Set(['property-removed', 'property-removed-from-closed', 'enum-value-removed', 'api-version-removed']);

/** The findings as causes: one per rule and field, with a removal and its deprecation-window verdict together. */
export function causesOf(findings: Finding[]): Cause[] {
  const place = (f: Finding) => `${f.area}|${f.interface ?? ''}|${f.direction ?? ''}|${f.instancePath ?? f.pointer ?? ''}`;
  const byKey = new Map<string, Cause>();
  const out: Cause[] = [];
  for (const f of findings) {
    // Field-less findings (a whole schema, the lineage) stay one row each unless rule and pointer agree.
    const fieldLess = f.instancePath === undefined || f.instancePath === '';
    // Findings that restate one change (an imported column that gained its name) are one row.
    const key =
      f.cause !== undefined
        ? `cause|${f.cause}|${place(f)}`
        : `${f.id === 'deprecation-window' || WINDOWED.has(f.id) ? 'removal' : f.id}|${fieldLess ? `${f.pointer ?? ''}` : ''}|${place(f)}`;
    const c = byKey.get(key);
    if (c) {
      c.all.push(f);
      if (severity(f) > severity(c.lead)) c.lead = f;
    } else {
      const n = { lead: f, all: [f] };
      byKey.set(key, n);
      out.push(n);
    }
  }
  return out;
}

/** A cause as a sentence. */
function causeSentence(cause: string): string {
  return `${cause.charAt(0).toUpperCase()}${cause.slice(1)}.`;
}

/** The field a finding is about, as people read it. */
function fieldOf(f: Finding): string {
  if (f.area === 'interface') {
    const where =
      f.instancePath !== undefined && f.instancePath !== ''
        ? f.instancePath
        : f.id === 'api-version-removed' || f.id === 'api-version-added'
          ? ''
          : '(root)';
    return `${f.interface ?? ''} ${f.direction ?? ''} ${where}`.replace(/\s+/g, ' ').trim();
  }
  if (f.area === 'behavior' && f.instancePath) return f.instancePath;
  return f.pointer !== undefined && f.pointer !== '' ? f.pointer : f.area;
}

/** A value as a reader sees it: cut, with digests shortened. */
function shown(v: unknown, max: number): string {
  return code(brief(typeof v === 'string' ? shortenDigests(v) : v, max));
}

function changeText(c: Cause, max: number): string {
  const parts: string[] = [];
  const withValues = c.all.filter((f) => f.old !== undefined || f.new !== undefined);
  // Both bounds of a field on one line: the values say which bound (`>= 0`, `<= 100`).
  for (const f of withValues) parts.push(`${shown(f.old, max)} → ${shown(f.new, max)}`);
  return parts.join(', ');
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** A finding's sentence, digests shortened before it is cut (a digest cut in half is not shortened). */
function sentence(text: string, max: number): string {
  return prose(cut(shortenDigests(text), max));
}

/** A rule id, linked to its entry in the catalogue of rules when there is one to link to. */
function ruleRef(id: string, opts: RenderOptions): string {
  return opts.docsBase && /^[a-z0-9-]+$/.test(id) ? `[${code(id)}](${opts.docsBase}#${id})` : code(id);
}

/** The text of a message or hint with the field it names taken out, so that one sentence serves a whole group. */
function generic(text: string, f: Finding): string {
  const field = f.instancePath;
  if (!field || field.length <= 1) return text;
  const name = field.split('/').pop() ?? '';
  // The field by its path (`/a/b`) and by its quoted name (`"b"`).
  return text.split(field).join('…').split(`"${name}"`).join('…');
}

/** The one sentence a group shares: the same for every place, or the first one, as an example. */
function shared(texts: string[]): { text: string; same: boolean } | undefined {
  if (texts.length === 0) return undefined;
  return { text: texts[0]!, same: texts.every((t) => t === texts[0]) };
}

/** The other rules a cause's row stands for (a removal under its deprecation-window verdict). */
const alsoOf = (c: Cause): string[] => [...new Set(c.all.filter((f) => f.id !== c.lead.id).map((f) => f.id))];

function causeRow(c: Cause, opts: RenderOptions, showMessage: boolean, sharedAlso: boolean): string {
  const link = c.lead.location && opts.link?.(c.lead.location);
  const field = code(fieldOf(c.lead)) + (link ? ` [↗](${link})` : '');
  const also = sharedAlso ? [] : alsoOf(c);
  const notes = [
    ...(also.length > 0 ? [`with ${also.map((id) => ruleRef(id, opts)).join(', ')}`] : []),
    ...(showMessage ? [sentence(c.lead.cause !== undefined ? causeSentence(c.lead.cause) : c.lead.message, 300)] : []),
  ];
  // The place's witness: the first of its findings that has one, else "not proven".
  const witness = witnessMarkdown(c.all.find((f) => f.witness) ?? c.lead);
  if (witness) notes.push(witness);
  const consumers = [...new Set(c.all.flatMap((f) => f.consumers ?? []))];
  if (consumers.length > 0)
    notes.push(
      `affects ${consumers
        .slice(0, 3)
        .map((n) => code(n))
        .join(', ')}${consumers.length > 3 ? ' …' : ''}`,
    );
  return `| ${field} | ${changeText(c, 40)} | ${notes.join('<br>')} |`;
}

/** Places open per group; the rest are in a collapsed block. */
const OPEN_ROWS = 5;
/** Places listed in the compact form of a group; the rest are counted. */
const COMPACT_ROWS = 50;
/** Every row is at least this long: `| <code>…</code> | … |  |`. */
const MIN_ROW = 30;

/**
 * One rule's findings in one model: the rule (linked), its bump, how many places, the why and the
 * fix once, then where it fired, at most five places open and the rest collapsed.
 */
function ruleGroup(causes: Cause[], opts: RenderOptions, openRows = OPEN_ROWS): { full: Deferred; compact: Deferred } {
  const lead = causes[0]!.lead;
  const blocking = causes.some((c) => c.lead.blocking);
  const level = blocking ? '**blocking**' : lead.bump === 'none' ? 'no bump' : up(lead.bump);
  // The rules every row also stands for are said once, in the group's line.
  const firstAlso = alsoOf(causes[0]!);
  const sharedAlso = firstAlso.length > 0 && causes.every((c) => alsoOf(c).join() === firstAlso.join());
  const each = sharedAlso ? ` (each with ${firstAlso.map((id) => ruleRef(id, opts)).join(', ')})` : '';
  const head = `${ruleRef(lead.id, opts)}${each} · ${level} · ${plural(causes.length, 'place')}`;
  const open = causes.slice(0, openRows);
  const rest = causes.slice(openRows);
  const listed = rest.slice(0, COMPACT_ROWS);
  const more = rest.length - listed.length;
  // `shown` are the places the text lists: the shared sentences are checked against those only,
  // so that a group too large to list is not read whole.
  const build = (shownRest: Cause[], tail: string[]) => {
    const shownAll = [...open, ...shownRest];
    const why = shared(shownAll.map((c) => generic(c.lead.cause !== undefined ? causeSentence(c.lead.cause) : c.lead.message, c.lead)));
    const fix = shared(shownAll.filter((c) => c.lead.hint).map((c) => generic(c.lead.hint!, c.lead)));
    // When the sentences differ per place, each row says its own; the group shows the first as an example.
    const perRow = why !== undefined && !why.same;
    // Rows that say their own sentence need no example above them, unless they are all collapsed.
    const showWhy = why !== undefined && (!perRow || open.length === 0);
    const intro = `${head}${showWhy ? `<br>${perRow ? '*e.g.* ' : ''}${sentence(why.text, 400)}` : ''}${fix ? `<br>*Fix:* ${fix.same ? '' : '*e.g.* '}${sentence(fix.text, 300)}` : ''}`;
    const table = (cs: Cause[]) => ['| where | old → new | notes |', '|---|---|---|', ...cs.map((c) => causeRow(c, opts, perRow, sharedAlso))];
    const label = open.length > 0 ? plural(rest.length, 'more place') : `where: ${plural(rest.length, 'place')}`;
    return [
      intro,
      ...(open.length > 0 ? ['', ...table(open)] : []),
      ...(rest.length > 0 ? ['', `<details><summary>${label}</summary>`, '', ...table(shownRest), ...tail, '', '</details>'] : []),
    ].join('\n');
  };
  const full = new Deferred(causes.length * MIN_ROW, () => build(rest, []));
  const compact =
    more > 0
      ? new Deferred(listed.length * MIN_ROW, () =>
          build(listed, ['', `… and ${plural(more, 'more place')}: see ${opts.fullReportAt ?? 'the job summary'}.`]),
        )
      : full;
  return { full, compact };
}

/** The findings of one model by rule, most severe rule first (blocking, then by bump, then by count). */
function ruleGroups(findings: Finding[]): Cause[][] {
  const groups = new Map<string, Cause[]>();
  for (const c of causesOf(findings)) {
    const key = `${c.lead.id}|${c.lead.blocking ? 'b' : c.lead.bump}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const sev = (g: Cause[]) => Math.max(...g.map((c) => severity(c.lead)));
  return [...groups.values()].sort((a, b) => sev(b) - sev(a) || b.length - a.length);
}

/** What the author has to do for this model to pass. */
function toPass(m: ModelReport): string {
  if (m.ok) return '';
  const blocking = m.findings.filter((f) => f.blocking);
  const file = code(m.path);
  if (m.head === null) {
    return `**To pass:** keep ${file} until every consumer has moved, or set the input ${code('allow-model-removal: true')} (or ${code('allow-model-removal: true')} in the policy file).`;
  }
  if (blocking.length > 0) {
    return `**To pass:** fix the blocking ${blocking.length === 1 ? 'finding' : 'findings'} below; no version passes until then.`;
  }
  const lines = [];
  if (m.suggested) lines.push(`**To pass:** set ${code(`version: ${m.suggested}`)} in ${file}.`);
  const hints = [...new Set(m.findings.filter((f) => f.hint && bumpRank(f.bump) > bumpRank(m.declared)).map((f) => f.hint!))];
  if (hints.length > 0 && m.required === 'major') {
    lines.push(
      `Or keep the change compatible: ${sentence(hints[0]!, 300)}${hints.length > 1 ? ` (and ${plural(hints.length - 1, 'more hint')} below)` : ''}`,
    );
  }
  return lines.join(' ');
}

/**
 * Who is affected: the base contract's consumers that the change touches, and the owners to
 * mention under the policy's `notify`, each handle once in the whole comment (`mentioned`
 * remembers the handles earlier models already mentioned).
 */
function affectedPart(m: ModelReport, mentioned: Set<string>): string | undefined {
  const touched = (m.consumers ?? []).filter((c) => c.findings > 0);
  if (touched.length === 0) return undefined;
  const fresh = (m.notify ?? []).filter((h) => isHandle(h) && !mentioned.has(h.toLowerCase()));
  for (const h of fresh) mentioned.add(h.toLowerCase());
  const rows = touched.map((c) => {
    const fields =
      c.fields.length === 0
        ? 'everything'
        : c.fields
            .slice(0, 5)
            .map((f) => code(f))
            .join(', ') + (c.fields.length > 5 ? ` and ${plural(c.fields.length - 5, 'more field')}` : '');
    return `- ${code(c.name)} (reads ${fields}): ${up(c.bump)}, ${plural(c.findings, 'finding')}`;
  });
  const cc = fresh.length > 0 ? ['', `cc ${fresh.join(' ')}`] : [];
  return ['#### Who is affected', '', ...rows, ...cc].join('\n');
}

function modelParts(m: ModelReport, index: number, opts: RenderOptions, mentioned: Set<string> = new Set()): Part[] {
  const parts: Part[] = [];
  const name = esc(m.model);
  const versions = code(`${m.base ?? '(new)'} → ${m.head ?? '(deleted)'}`);
  // Failing models outrank passing ones; earlier models outrank later ones.
  const bonus = (m.ok ? 0 : 1000) - index / 1000;
  const declared = m.base === null ? '— (new model)' : m.head === null ? '— (removed)' : up(m.declared);
  const title = `### ${m.ok ? '✅' : '❌'} ${name} ${versions}`;
  const facts = `Declared ${declared}, required ${m.ok ? up(m.required) : `**${up(m.required)}**`}${m.suggested ? `, suggested version ${code(m.suggested)}` : ''}.`;
  const pass = toPass(m);
  parts.push({
    label: `${m.model}`,
    kind: 'model',
    // The findings below say why; the summary is for a model without any.
    full: [title, '', [m.findings.length > 0 ? facts : `${facts} ${prose(m.summary)}`, ...(pass ? [pass] : [])].join(' ')].join('\n'),
    compact: [title, '', facts, ...(pass ? ['', pass] : [])].join('\n'),
    rank: 50 + bonus,
  });

  const waived = waivedMarkdown(m);
  // Below what fails the gate (45) and the MAJOR findings (40): shortened or dropped before them.
  if (waived)
    parts.push({
      label: `${m.model}: waived findings`,
      kind: 'waived findings',
      full: waived,
      compact: waivedMarkdown(m, { compact: true })!,
      rank: 38 + bonus,
    });

  const affected = affectedPart(m, mentioned);
  if (affected) parts.push({ label: `${m.model}: who is affected`, kind: 'who is affected', full: affected, compact: affected, rank: 47 + bonus });

  // Findings by rule, most severe first; the documentation-only ones come last, after the lineage.
  const groups = ruleGroups(m.findings);
  const rankOf = (c: Cause): number => (c.lead.blocking ? 45 : c.lead.bump === 'major' ? 40 : c.lead.bump === 'minor' ? 30 : 15);
  // What fails the gate is open; what the declared bump already covers is one collapsed block.
  const isCovered = (g: Cause[]) => {
    const lead = g[0]!.lead;
    return !m.ok && !lead.blocking && lead.bump !== 'none' && m.head !== null && m.base !== null && bumpRank(lead.bump) <= bumpRank(m.declared);
  };
  groups.forEach((g, i) => {
    const lead = g[0]!.lead;
    if ((!lead.blocking && lead.bump === 'none') || isCovered(g)) return;
    parts.push({
      label: `${m.model}: ${lead.id} (${g.length})`,
      kind: `${lead.blocking ? 'blocking' : up(lead.bump)} findings`,
      ...ruleGroup(g, opts),
      rank: rankOf(g[0]!) - i / 1e4 + bonus,
    });
  });
  const covered = groups.filter(isCovered);
  if (covered.length > 0) {
    const count = covered.reduce((n, g) => n + g.length, 0);
    const built = covered.map((g) => ruleGroup(g, opts));
    const names = covered.map((g) => `${code(g[0]!.lead.id)} ×${g.length.toLocaleString('en-US')}`).join(', ');
    const wrap = (body: string[]) =>
      [
        `<details><summary>Covered by the declared ${up(m.declared)}: ${plural(count, 'place')} (${names})</summary>`,
        '',
        ...body,
        '',
        '</details>',
      ].join('\n');
    parts.push({
      label: `${m.model}: findings the declared bump covers (${count})`,
      kind: 'covered findings',
      full: new Deferred(count * MIN_ROW, () => wrap(built.map((g) => g.full.text))),
      compact: new Deferred(0, () => wrap(built.map((g) => g.compact.text))),
      rank: 20 + bonus,
    });
  }

  const behavior = behaviorViewOf(m);
  const large = m.findings.length > LARGE_MODEL;
  if (behavior && behavior.tolerances.length > 0) {
    parts.push({
      label: `${m.model}: behavior table`,
      kind: 'behavior tables',
      // A large change: the evidence and the charts in one collapsed block under the table.
      full: behaviorSection(m, large ? { collapseEvidence: true } : { charts: false }).join('\n'),
      compact: ['<details><summary>Behavior on the reference data</summary>', '', behaviorTable(behavior, { compact: true }), '', '</details>'].join(
        '\n',
      ),
      rank: 35 + bonus,
    });
    const charts = large ? '' : behaviorCharts(behavior);
    if (charts)
      parts.push({
        label: `${m.model}: distribution charts`,
        kind: 'distribution charts',
        full: charts,
        compact: charts,
        rank: 5 + bonus,
        early: true,
      });
  }

  const lineage = m.findings.filter((f) => f.area === 'lineage');
  if (lineage.length > 0) {
    // Each row is at least `| <code>…</code> | — | — | PATCH |`.
    const full = new Deferred(lineage.length * 25, () => {
      const rows = ['| parameter | base | head | bump |', '|---|---|---|---|'];
      for (const f of lineage) {
        const param = f.pointer?.startsWith('/lineage/') ? f.pointer.slice('/lineage/'.length).replace(/\//g, '.') : (f.pointer ?? '');
        const isFile = f.id === 'preprocessing-changed';
        const show = (v: unknown) => (v === undefined ? '—' : isFile && typeof v === 'string' ? code(v.slice(0, 12)) : code(brief(v, 60)));
        const label = isFile ? `${code(param)}: ${sentence(f.message, 200)}` : code(param);
        rows.push(`| ${label} | ${show(f.old)} | ${show(f.new)} | ${up(f.bump)} |`);
      }
      return [
        '<details><summary>Lineage: what changed in training data, architecture, parameters and preprocessing</summary>',
        '',
        ...rows,
        '',
        '</details>',
      ].join('\n');
    });
    parts.push({ label: `${m.model}: lineage diff`, kind: 'lineage diffs', full, compact: full, rank: 10 + bonus });
  }

  const none = groups.filter((g) => !g[0]!.lead.blocking && g[0]!.lead.bump === 'none');
  if (none.length > 0) {
    const count = none.reduce((n, g) => n + g.length, 0);
    const built = none.map((g) => ruleGroup(g, opts));
    const wrap = (body: string[]) =>
      [`<details><summary>No bump — documentation only (${count})</summary>`, '', ...body, '', '</details>'].join('\n');
    const full = new Deferred(count * MIN_ROW, () => wrap(built.map((g) => g.full.text)));
    parts.push({
      label: `${m.model}: findings with no bump (${count})`,
      kind: 'documentation-only findings',
      full,
      compact: new Deferred(0, () => wrap(built.map((g) => g.compact.text))),
      rank: 1 + bonus,
      early: true,
    });
  }
  if (m.base !== null && m.head !== null) {
    // The note lists every finding, each on a line of at least `- … <sub><code>…</code></sub>`.
    const note = new Deferred(m.findings.length * 20, () =>
      [
        `<details><summary>Release note</summary>`,
        '',
        shortenDigests(renderReleaseNote(m, { mentions: false, behavior: false })).trimEnd(),
        '',
        '</details>',
      ].join('\n'),
    );
    parts.push({ label: `${m.model}: release note`, kind: 'release notes', full: note, compact: note, rank: 3 + bonus, early: true });
  }
  parts.push({
    label: `${m.model}: contract path`,
    kind: 'contract paths',
    full: `<sub>${code(m.path)}</sub>`,
    compact: `<sub>${code(m.path)}</sub>`,
    rank: 2 + bonus,
    early: true,
  });
  return parts;
}

function sizeOf(text: string, measure: 'chars' | 'bytes'): number {
  return measure === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** The parts in order, joined, compacted and dropped to fit the budget. */
function fit(parts: Part[], opts: RenderOptions, tail: string[]): string {
  const measure = opts.measure ?? 'chars';
  const sep = '\n\n';
  // A part whose full text is surely over the budget stays unbuilt (`text` undefined, counted in
  // `over`): until it is collapsed or dropped nothing fits, whatever its exact size.
  const state = parts.map((p) => {
    const over = typeof p.full !== 'string' && p.full.atLeast > opts.budget;
    return { p, text: over ? undefined : textOf(p.full), dropped: false };
  });
  let over = state.filter((s) => s.text === undefined).length;
  const where = opts.fullReportAt ?? 'the job summary';
  const notice = (dropped: Part[]): string => {
    if (dropped.length === 0) return '';
    const kinds = new Map<string, Part[]>();
    for (const d of dropped) kinds.set(d.kind ?? d.label, [...(kinds.get(d.kind ?? d.label) ?? []), d]);
    const said: string[] = [];
    for (const [kind, list] of kinds) {
      if (kind === 'model')
        said.push(
          `${plural(list.length, 'whole model')} (${listNames(
            list.map((d) => esc(cut(d.label, 60))),
            5,
          )})`,
        );
      else if (list.length === 1 && list[0]!.kind) said.push(esc(cut(list[0]!.label, 100)));
      else said.push(list[0]!.kind ? `${esc(kind)} of ${plural(list.length, 'model')}` : esc(cut(kind, 100)));
    }
    return `> [!NOTE]\n> This report is shortened to fit ${opts.limitName ?? `GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters for a comment`}: left out are ${listNames(said, 8)}. ${where.charAt(0).toUpperCase()}${where.slice(1)} has the full report.`;
  };
  const size = (t: string) => sizeOf(t, measure) + sep.length;
  let sum = state.reduce((n, s) => n + (s.text === undefined ? 0 : size(s.text)), 0) + tail.reduce((n, t) => n + size(t), 0);
  // Room kept for the notice once anything is dropped (it names at most a few short labels).
  const NOTICE_ROOM = 3000;
  const total = (dropped: Part[]) =>
    over > 0 ? Infinity : sum + (dropped.length === 0 ? 0 : dropped.length < 50 ? size(notice(dropped)) : NOTICE_ROOM);

  const order = state.filter((s) => !s.p.keep).sort((a, b) => a.p.rank - b.p.rank);
  // First collapse (lowest rank first), dropping the decorations (charts, documentation-only
  // findings) as they come; then drop whole sections, lowest rank first.
  type Step = { s: (typeof state)[number]; drop: boolean };
  const steps: Step[] = [];
  for (const s of order) {
    if (s.p.compact !== s.p.full) steps.push({ s, drop: false });
    if (s.p.early) steps.push({ s, drop: true });
  }
  for (const s of order) if (!s.p.early) steps.push({ s, drop: true });
  const dropped: Part[] = [];
  for (const { s, drop } of steps) {
    if (total(dropped) <= opts.budget) break;
    if (s.dropped) continue;
    if (s.text === undefined) over--;
    else sum -= size(s.text);
    if (drop) {
      s.dropped = true;
      dropped.push(s.p);
    } else {
      s.text = textOf(s.p.compact);
      sum += size(s.text);
    }
  }
  const noticeText = notice(dropped);
  // Every unbuilt part was collapsed or dropped on the way (each has a drop step); built here all the same, should one remain.
  const out = state.filter((s) => !s.dropped).map((s) => s.text ?? textOf(s.p.full));
  // The notice goes right under the verdict and context, where a reader sees it.
  const keepCount = state.findIndex((s) => !s.p.keep);
  const at = keepCount === -1 ? out.length : Math.min(keepCount, out.length);
  if (noticeText) out.splice(at, 0, noticeText);
  let text = [...out, ...tail].join(sep) + '\n';
  if (sizeOf(text, measure) > opts.budget) {
    // Only kept parts are left and they are too long: cut the context, never the verdict or marker.
    const first = out[0] ?? '';
    text = [first, `(${where} has the report)`, ...tail].join(sep) + '\n';
  }
  return text;
}

/**
 * What the comment says about the run it came from. Every field is optional: without one, the
 * comment leaves out what needs it (links to lines, the base and head, the run).
 */
export interface CommentContext {
  /** The repository's web address (`https://github.com/OWNER/REPO`): findings link to `LINK_BASE/blob/HEAD_SHA/FILE#LLINE`. */
  linkBase?: string;
  /** The head commit: the links' commit, and the head named under the verdict. */
  headSha?: string;
  /** The base commit (or ref) compared against, named under the verdict. */
  base?: string;
  /** The workflow run (or pipeline) whose job summary has the full report. */
  runUrl?: string;
  /** Add the hidden marker that finds the comment again (the Action's comments only). */
  marker?: boolean;
  /** The address of `docs/rules.md` (at the Action's ref): rule ids link to `DOCS_BASE#RULE-ID`. */
  docsBase?: string;
  /** Which files of the report may be linked; default: relative paths that are not `REF:path` and have no `..`. */
  linkable?: (file: string) => boolean;
}

/** A web address that is safe inside a markdown link: http(s), no spaces, parentheses or angle brackets. */
export const SAFE_URL = /^https?:\/\/[^\s()<>"'`\\]+$/;
/** A commit id (abbreviated or full SHA-1/SHA-256). */
export const COMMIT_ID = /^[0-9a-f]{7,64}$/i;

/** A head-side file as findings name it, relative to the repository root. */
function defaultLinkable(file: string): boolean {
  return file !== '' && !file.startsWith('/') && !/^[^/]*:/.test(file) && !file.split(/[\\/]/).includes('..');
}

function linkOf(ctx: CommentContext): ((loc: SourceLocation) => string | undefined) | undefined {
  const base = ctx.linkBase?.replace(/\/+$/, '');
  if (!base || !SAFE_URL.test(base) || !ctx.headSha || !COMMIT_ID.test(ctx.headSha)) return undefined;
  const linkable = ctx.linkable ?? defaultLinkable;
  return (loc) => {
    if (!linkable(loc.file)) return undefined;
    const enc = loc.file
      .split('/')
      .map((seg) => encodeURIComponent(seg).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
      .join('/');
    return `${base}/blob/${ctx.headSha}/${enc}#L${loc.line}`;
  };
}

/** A commit id cut to 7 characters, as GitHub shows it; any other ref as it is. */
function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/i.test(ref) ? ref.slice(0, 7) : ref;
}

/** The line under the verdict: what was checked, against what, in which run. */
function contextLine(report: Report, ctx: CommentContext): string {
  const counts = `${report.models.length} checked${report.unchanged ? `, ${report.unchanged} unchanged` : ''}`;
  const head = ctx.headSha ? code(shortRef(ctx.headSha)) : 'the working tree';
  const versus = ctx.base ? ` · base ${code(shortRef(ctx.base))} → head ${head}` : '';
  const run = ctx.runUrl && SAFE_URL.test(ctx.runUrl) ? ` · [run](${ctx.runUrl})` : '';
  return `<sub>model-contract-gate · ${counts}${versus}${run}</sub>`;
}

function optionsOf(report: Report | undefined, ctx: CommentContext, where: 'comment' | 'summary'): RenderOptions {
  const link = linkOf(ctx);
  const run = ctx.runUrl && SAFE_URL.test(ctx.runUrl) ? ctx.runUrl : undefined;
  const common = {
    ...(report ? { context: contextLine(report, ctx) } : {}),
    ...(link ? { link } : {}),
    ...(ctx.docsBase && SAFE_URL.test(ctx.docsBase) ? { docsBase: ctx.docsBase } : {}),
  };
  if (where === 'summary')
    return {
      ...common,
      budget: SUMMARY_BUDGET,
      measure: 'bytes',
      fullReportAt: report ? 'the JSON report (output `report-path`)' : 'the job log',
      limitName: "the job summary's limit of 1 MiB",
    };
  return {
    ...common,
    budget: COMMENT_BUDGET,
    ...(ctx.marker ? { marker: true } : {}),
    fullReportAt: !report ? 'the job log' : run ? `the [job summary](${run})` : ctx.marker ? 'the job summary' : 'the JSON report (`--format json`)',
  };
}

/**
 * The pull-request comment: what the Action posts (with the marker) and what `check --format
 * markdown` prints (without it). At most 65,000 characters, under GitHub's limit of 65,536.
 */
export function renderPrComment(report: Report, ctx: CommentContext = {}): string {
  return renderComment(report, optionsOf(report, ctx, 'comment'));
}

/**
 * The job summary: the same renderer as the comment, with GitHub's 1 MiB budget for a step's
 * summary (so it is shortened only on very large changes), and never a marker.
 */
export function renderJobSummary(report: Report, ctx: CommentContext = {}): string {
  return renderComment(report, optionsOf(report, ctx, 'summary'));
}

/** The comment when the contracts could not be read. */
export function renderPrErrorComment(errors: InputError[], ctx: CommentContext = {}): string {
  return renderErrors(errors, optionsOf(undefined, ctx, 'comment'));
}

/** The job summary when the contracts could not be read. */
export function renderErrorSummary(errors: InputError[], ctx: CommentContext = {}): string {
  return renderErrors(errors, optionsOf(undefined, ctx, 'summary'));
}

/** How bad a model's outcome is: failing before passing, then by the bump required, then by blocking findings. */
function modelSeverity(m: ModelReport): number[] {
  const blocking = m.findings.filter((f) => f.blocking).length;
  return [m.ok ? 0 : 1, bumpRank(m.required), blocking, m.findings.length];
}

/** The models worst first; equally bad ones in the report's order (by path). */
export function worstFirst(models: ModelReport[]): ModelReport[] {
  const keyed = models.map((m, i) => ({ m, i, k: modelSeverity(m) }));
  keyed.sort((a, b) => {
    for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return b.k[j]! - a.k[j]!;
    return a.i - b.i;
  });
  return keyed.map((x) => x.m);
}

/** A model's main reason in one line: its most severe finding, or its summary. */
function mainReason(m: ModelReport): string {
  if (m.head === null) return 'the model was removed';
  let worst: Finding | undefined;
  for (const f of m.findings) if (!worst || severity(f) > severity(worst)) worst = f;
  // A passing model's reason is its summary (and a large passing change is not read finding by finding).
  if (!worst || m.ok) return sentence(m.summary, 120);
  const others = m.findings.length - 1;
  return `${code(worst.id)}: ${sentence(worst.message, 80)}${others > 0 ? ` (+${others.toLocaleString('en-US')} more)` : ''}`;
}

/** The overview: one row per model, worst first. */
function overview(models: ModelReport[], max: number): string {
  const rows = ['| model | declared | required | suggested version | blocking | main reason |', '|---|---|---|---|---|---|'];
  for (const m of models.slice(0, max)) {
    const declared = m.base === null ? 'new' : m.head === null ? 'removed' : up(m.declared);
    const blocking = m.findings.filter((f) => f.blocking).length;
    rows.push(
      `| ${m.ok ? '✅' : '❌'} ${code(m.model)} | ${declared} | ${m.ok ? up(m.required) : `**${up(m.required)}**`} | ${m.suggested ? code(m.suggested) : '—'} | ${blocking > 0 ? `**${blocking}**` : '0'} | ${mainReason(m)} |`,
    );
  }
  if (models.length > max) rows.push('', `… and ${plural(models.length - max, 'more model')} below.`);
  return rows.join('\n');
}

/** Rows of the overview kept when the comment must be shortened. */
const OVERVIEW_COMPACT = 20;

/** The comment (or summary) for a report, with explicit options (budget, measure, marker, links). */
export function renderComment(report: Report, opts: RenderOptions): string {
  const parts: Part[] = [{ label: 'verdict', full: verdictLine(report), compact: verdictLine(report), rank: Infinity, keep: true }];
  if (opts.context) parts.push({ label: 'context', full: opts.context, compact: opts.context, rank: Infinity, keep: true });
  parts.push(...invalidParts(report));
  const added = addedWaiversMarkdown(report);
  if (added) parts.push({ label: 'waivers added', full: added, compact: added, rank: Infinity, keep: true });
  const models = worstFirst(report.models);
  if (models.length > 0)
    parts.push({
      label: 'overview',
      kind: 'overview',
      full: overview(models, models.length),
      compact: overview(models, OVERVIEW_COMPACT),
      rank: 2000,
    });
  const mentioned = new Set<string>();
  models.forEach((m, i) => {
    for (const part of modelParts(m, i, opts, mentioned)) parts.push(part);
  });
  if (report.models.length === 0 && !report.invalid) {
    parts.push({
      label: 'explanation',
      full: 'No contract, and no file a contract depends on, changed between the base and the head.',
      compact: '',
      rank: 0,
    });
  }
  const tail = opts.marker ? [MARKER] : [];
  return fit(parts, opts, tail);
}

/** The comment when the contracts could not be read: every problem, with file, line and field. */
export function renderErrors(errors: InputError[], opts: RenderOptions): string {
  const first = `## ❌ Model contracts: error — ${plural(errors.length, 'problem')} reading the contracts`;
  const parts: Part[] = [{ label: 'verdict', full: first, compact: first, rank: Infinity, keep: true }];
  if (opts.context) parts.push({ label: 'context', full: opts.context, compact: opts.context, rank: Infinity, keep: true });
  parts.push({
    label: 'explanation',
    full: 'The gate cannot decide until every contract it checks can be read. Fix these, then push again:',
    compact: 'Fix these, then push again:',
    rank: 100,
  });
  errors.forEach((e, i) => {
    const line = `- ${code(e.format())}`;
    parts.push({ label: `problem ${i + 1}`, full: line, compact: line, rank: 50 - i / 1e6 });
  });
  return fit(parts, opts, opts.marker ? [MARKER] : []);
}
