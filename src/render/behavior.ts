/**
 * The behavior part of a report: one table row per tolerance with its numbers; for each exceeded
 * tolerance the evidence (its worst rows; for labels, the transitions old → new); and one Mermaid
 * `xychart-beta` per numeric field of the base and head distributions over the base's quantile
 * bins (GitHub renders it). `behaviorSection` puts them together for the comment, the text output
 * and the release note.
 *
 * The behavior analyser adds `behavior` to a model's report; this reads it defensively (every
 * field optional, unknown fields ignored), so the comment renders whatever the report holds.
 */
import { brief } from '../core/json.js';
import { code, escapeMarkdown as esc } from './escape.js';

export interface HistogramView {
  field?: string;
  /** Bin edges, ascending: one more than the counts. (`edges` in the analyser's own type.) */
  bins: number[];
  old: number[];
  new: number[];
  nonFinite?: { old: number; new: number };
  /** Bins cut at the base's quantiles (then the first and last may hold head values outside the base's range). */
  quantiles?: boolean;
}

/** One of the rows that moved most. */
export interface WorstRowView {
  line?: number;
  key?: unknown;
  old?: unknown;
  new?: unknown;
  measure?: number | null;
}

/** A label transition: how many rows went from `old` to `new`. */
export interface TransitionView {
  old: unknown;
  new: unknown;
  rows: number;
}

export interface ToleranceView {
  field: string;
  kind?: string;
  declared?: boolean;
  limits?: Record<string, number>;
  pass?: boolean;
  rows?: number;
  changed?: number;
  numbers?: Record<string, unknown>;
  summary?: string;
  histogram?: HistogramView;
  worst?: WorstRowView[];
  transitions?: TransitionView[];
  /** A field no base row has: an addition, not a change of behavior (when the head schema declares it). */
  added?: { rows?: number; inHeadSchema?: boolean };
}

export interface BehaviorView {
  tolerances: ToleranceView[];
  rows?: { base?: number; head?: number; paired?: number };
  changedRows?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const numArray = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function histogramOf(v: unknown, field: string): HistogramView | undefined {
  if (!isObj(v)) return undefined;
  const bins = numArray(v.bins) ?? numArray(v.edges);
  const old = numArray(v.old);
  const neu = numArray(v.new);
  if (!bins || !old || !neu || old.length === 0 || old.length !== neu.length || bins.length !== old.length + 1) return undefined;
  if (![...bins, ...old, ...neu].every(Number.isFinite)) return undefined;
  const nf = isObj(v.nonFinite) ? { old: num(v.nonFinite.old) ?? 0, new: num(v.nonFinite.new) ?? 0 } : undefined;
  const q = v.binning === 'base-quantiles';
  return {
    field: typeof v.field === 'string' ? v.field : field,
    bins,
    old,
    new: neu,
    ...(nf ? { nonFinite: nf } : {}),
    ...(q ? { quantiles: true } : {}),
  };
}

function worstOf(v: unknown): WorstRowView[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rows = v.filter(isObj).map((w) => ({
    ...(num(w.line) !== undefined ? { line: num(w.line)! } : {}),
    ...('key' in w ? { key: w.key } : {}),
    ...('old' in w ? { old: w.old } : {}),
    ...('new' in w ? { new: w.new } : {}),
    ...(num(w.measure) !== undefined || w.measure === null ? { measure: (w.measure as number | null) ?? null } : {}),
  }));
  return rows.length > 0 ? rows : undefined;
}

function transitionsOf(numbers: unknown): TransitionView[] | undefined {
  if (!isObj(numbers) || !Array.isArray(numbers.changes)) return undefined;
  const out = numbers.changes
    .filter((c): c is Obj => isObj(c) && typeof c.rows === 'number')
    .map((c) => ({ old: c.old, new: c.new, rows: c.rows as number }));
  return out.length > 0 ? out : undefined;
}

/** The model report's behavior section, if it has one. */
export function behaviorViewOf(model: unknown): BehaviorView | undefined {
  if (!isObj(model) || !isObj(model.behavior)) return undefined;
  const b = model.behavior;
  if (!Array.isArray(b.tolerances)) return undefined;
  const tolerances: ToleranceView[] = [];
  for (const t of b.tolerances) {
    if (!isObj(t) || typeof t.field !== 'string') continue;
    // The quantile bins when the report has them: equal-width bins hide drift on a skewed score.
    const h = histogramOf(t.quantiles, t.field) ?? histogramOf(t.histogram, t.field);
    const worst = worstOf(t.worst);
    const transitions = transitionsOf(t.numbers);
    tolerances.push({
      field: t.field,
      ...(typeof t.kind === 'string' ? { kind: t.kind } : {}),
      ...(typeof t.declared === 'boolean' ? { declared: t.declared } : {}),
      ...(isObj(t.limits)
        ? { limits: Object.fromEntries(Object.entries(t.limits).filter(([, x]) => typeof x === 'number')) as Record<string, number> }
        : {}),
      ...(typeof t.pass === 'boolean' ? { pass: t.pass } : {}),
      ...(num(t.rows) !== undefined ? { rows: num(t.rows)! } : {}),
      ...(num(t.changed) !== undefined ? { changed: num(t.changed)! } : {}),
      ...(isObj(t.numbers) ? { numbers: t.numbers } : {}),
      ...(typeof t.summary === 'string' ? { summary: t.summary } : {}),
      ...(h ? { histogram: h } : {}),
      ...(worst ? { worst } : {}),
      ...(transitions ? { transitions } : {}),
      ...(isObj(t.added) ? { added: { rows: num(t.added.rows), inHeadSchema: t.added.inHeadSchema === true } } : {}),
    });
  }
  const rows = isObj(b.rows) ? { base: num(b.rows.base), head: num(b.rows.head), paired: num(b.rows.paired) } : undefined;
  return { tolerances, ...(rows ? { rows } : {}), ...(num(b.changedRows) !== undefined ? { changedRows: num(b.changedRows)! } : {}) };
}

/** A number for people: up to 4 significant digits, no exponent for ordinary sizes. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

const NUMBER_LABELS: Record<string, string> = {
  maxAbsDiff: 'max |Δ|',
  meanAbsDiff: 'mean |Δ|',
  p99AbsDiff: 'p99 |Δ|',
  violations: 'rows outside',
  violationRate: 'violation rate',
  agreement: 'agreement',
  meanOverlap: 'mean overlap',
  minOverlap: 'min overlap',
  meanCosine: 'mean cosine',
  minCosine: 'min cosine',
  psi: 'PSI',
  shapeChanged: 'shape changed',
};

function numbersText(numbers: Record<string, unknown> | undefined): string {
  if (!numbers) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(numbers)) {
    if (typeof v !== 'number' || k === 'values' || k === 'psiBins') continue;
    if (k === 'shapeChanged' && v === 0) continue;
    parts.push(`${esc(NUMBER_LABELS[k] ?? k)} ${fmt(v)}`);
  }
  return parts.join(', ');
}

function limitsText(limits: Record<string, number> | undefined, declared: boolean | undefined): string {
  if (declared === false) return 'exact (no tolerance declared)';
  if (!limits) return '';
  return Object.entries(limits)
    .map(([k, v]) => `${esc(k)} ${fmt(v)}`)
    .join(', ');
}

/** The behavior table (markdown), or '' when there is nothing to show. */
export function behaviorTable(b: BehaviorView, opts: { compact?: boolean } = {}): string {
  if (b.tolerances.length === 0) return '';
  const lines = ['| field | check | limits | measured | rows changed | result |', '|---|---|---|---|---|---|'];
  for (const t of b.tolerances) {
    const result = isAdded(t) ? '➕ added' : t.pass === undefined ? '' : t.pass ? '✅ within' : '❌ exceeded';
    const changed = t.changed !== undefined ? `${fmt(t.changed)}${t.rows !== undefined ? ` of ${fmt(t.rows)}` : ''}` : '';
    lines.push(
      `| ${code(t.field)} | ${t.kind ? code(t.kind) : ''} | ${limitsText(t.limits, t.declared)} | ${opts.compact ? '' : numbersText(t.numbers)} | ${changed} | ${result} |`,
    );
  }
  const rows = b.rows;
  const head =
    rows && rows.paired !== undefined
      ? `${fmt(rows.paired)} reference rows compared${b.changedRows !== undefined ? `, ${fmt(b.changedRows)} changed` : ''}.`
      : '';
  return [head, head ? '' : undefined, ...lines].filter((l) => l !== undefined).join('\n');
}

/** A field new in the head that its schema declares: shown as added, not as a tolerance. */
const isAdded = (t: ToleranceView): boolean => t.added?.inHeadSchema === true;

/** Text that is safe inside a Mermaid string: no quotes, no line breaks, no markup characters. */
function mermaidText(s: string, max = 40): string {
  const clean = s.replace(/[^A-Za-z0-9_./*+\- ]/g, '_');
  return clean.length > max ? clean.slice(0, max - 1) + '…' : clean;
}

/** Longest x-axis tick label: longer ones overlap on a 10-bin axis at GitHub's width. */
export const TICK_MAX = 6;

/** A number in at most `max` characters (fewer significant digits, then an exponent). */
export function shortNumber(n: number, max = TICK_MAX): string {
  if (n === 0 || !Number.isFinite(n)) return String(n === 0 ? 0 : n);
  for (const p of [3, 2, 1]) {
    const s = String(Number(n.toPrecision(p)));
    if (s.length <= max && !s.includes('e')) return s;
  }
  for (const p of [1, 0]) {
    const s = n.toExponential(p).replace('e+', 'e');
    if (s.length <= max) return s;
  }
  return n.toExponential(0).replace('e+', 'e');
}

/**
 * Tick labels, at most TICK_MAX characters and all different (Mermaid puts equal categories on
 * one band): each bin by its upper edge; for quantile bins, the bins of head values outside the
 * base's range as `below` and `above`. Plain ASCII digits and words, the characters the diagram
 * source is limited to. When rounding makes two alike, the bins are numbered `b1`… and the edges
 * are given in the text instead.
 */
export function tickLabels(h: HistogramView): { labels: string[]; numbered: boolean } {
  const n = h.old.length;
  const labels = h.old.map((_, i) => {
    const hi = h.bins[i + 1]!;
    if (h.quantiles && i === 0 && n > 1 && h.old[0] === 0 && h.new[0]! > 0) return 'below';
    if (h.quantiles && i === n - 1 && n > 1 && h.old[i] === 0 && h.new[i]! > 0) return 'above';
    return shortNumber(hi);
  });
  if (new Set(labels).size === labels.length && labels.every((l) => l.length <= TICK_MAX)) return { labels, numbered: false };
  return { labels: labels.map((_, i) => `b${i + 1}`), numbered: true };
}

/**
 * A Mermaid `xychart-beta`: bars for the base's distribution, a line for the head's, over the
 * same bins. Every value is a number or a sanitised label: nothing from the pull request reaches
 * the diagram source unfiltered.
 */
export function xychart(h: HistogramView, field: string): string {
  const name = mermaidText(h.field ?? field);
  const { labels } = tickLabels(h);
  const max = Math.max(1, ...h.old, ...h.new);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${name}: base (bars) vs head (line)"`,
    `    x-axis "${name}${h.quantiles ? ', bins of the base deciles' : ''}" [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `    y-axis "rows" 0 --> ${Math.ceil(max * 1.1)}`,
    `    bar [${h.old.map((v) => String(Math.round(v))).join(', ')}]`,
    `    line [${h.new.map((v) => String(Math.round(v))).join(', ')}]`,
    '```',
  ].join('\n');
}

/**
 * The legend, in the text right above the chart: GitHub's Mermaid draws no legend for an
 * `xychart-beta` (series names and `showLegend` came in a later Mermaid release).
 */
function legend(t: ToleranceView, h: HistogramView): string {
  const nf = h.nonFinite;
  const extra = nf && nf.old + nf.new > 0 ? ` Not drawn: ${fmt(nf.old)} base and ${fmt(nf.new)} head values NaN or ±Infinity.` : '';
  const { numbered } = tickLabels(h);
  const bins = h.quantiles
    ? 'Bins are cut at the deciles of the base, so the base is about flat and the head moves where the model changed; each is labelled by its upper edge.'
    : 'Each bin is labelled by its upper edge.';
  const outside = tickLabels(h).labels.some((l) => l === 'below' || l === 'above')
    ? " Head values outside the base's range are counted in `below` and `above`."
    : '';
  const edges = numbered ? ` Bin edges: ${h.bins.map((b) => fmt(b)).join(', ')}.` : '';
  return `Distribution of ${code(t.field)}: **base** = bars, **head** = line, in rows per bin. ${bins}${outside}${edges}${extra}`;
}

/** One chart per field (a field with two tolerances is drawn once), each with its legend. */
export function behaviorCharts(b: BehaviorView): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of b.tolerances) {
    if (!t.histogram || isAdded(t) || seen.has(t.field)) continue;
    seen.add(t.field);
    out.push(legend(t, t.histogram), '', xychart(t.histogram, t.field), '');
  }
  return out.join('\n').trimEnd();
}

/** The signed difference of a worst row, or what else ranks it. */
function difference(w: WorstRowView, kind: string | undefined): string {
  if (typeof w.old === 'number' && typeof w.new === 'number') {
    const d = w.new - w.old;
    return Number.isFinite(d) ? `${d > 0 ? '+' : ''}${fmt(d)}` : 'not comparable';
  }
  if (w.measure === null) return 'not comparable';
  if (typeof w.measure === 'number') {
    if (kind === 'topk_overlap') return `overlap ${fmt(w.measure)}`;
    if (kind === 'cosine') return `cosine ${fmt(w.measure)}`;
    return `|Δ| ${fmt(w.measure)}`;
  }
  return 'changed';
}

function rowOf(w: WorstRowView): string {
  const line = w.line !== undefined ? `line ${fmt(w.line)}` : '';
  if (w.key === undefined) return line;
  return `${code(brief(w.key, 30))}${line ? ` (${line})` : ''}`;
}

/** Most rows a worst-rows table shows (the analyser keeps five). */
const WORST_SHOWN = 5;

/** The evidence of one exceeded tolerance: its transitions, or its worst rows. */
export function toleranceEvidence(t: ToleranceView): string[] {
  if (t.pass !== false || isAdded(t)) return [];
  // The summary starts with the field, which the line already names.
  const summary = (t.summary ?? 'exceeded').replace(`${t.field}: `, '');
  const out: string[] = [`**${code(t.field)}** ${t.kind ? code(t.kind) : ''}: ${esc(summary)}`, ''];
  if (t.transitions && t.transitions.length > 0) {
    out.push('| old → new | rows |', '|---|---|');
    for (const c of t.transitions) out.push(`| ${code(brief(c.old, 40))} → ${code(brief(c.new, 40))} | ${fmt(c.rows)} |`);
    out.push('');
  } else if (t.worst && t.worst.length > 0) {
    const ranked = t.kind === 'abs_rel' || t.kind === 'psi' || t.kind === 'topk_overlap' || t.kind === 'cosine';
    out.push(`${ranked ? 'Rows that moved most' : 'First rows that changed'}:`, '');
    out.push('| row | old | new | difference |', '|---|---|---|---|');
    for (const w of t.worst.slice(0, WORST_SHOWN)) {
      out.push(`| ${rowOf(w)} | ${code(brief(w.old, 40))} | ${code(brief(w.new, 40))} | ${difference(w, t.kind)} |`);
    }
    out.push('');
  }
  return out;
}

export interface BehaviorSectionOptions {
  /** The worst rows, label transitions and charts inside one collapsed block (a large change). */
  collapseEvidence?: boolean;
  /** Leave out the numbers column of the table and the worst rows (a shorter page). */
  compact?: boolean;
  /** Draw the charts (default true). */
  charts?: boolean;
  /** The heading line; default `#### Behavior on the reference data`. '' for none. */
  heading?: string;
}

/**
 * A model's behavior section, as markdown lines: the table of tolerances, the evidence of each
 * exceeded one (worst rows; label transitions), the fields added in the head, and one chart per
 * numeric field. Empty when the model's report has no behavior.
 */
export function behaviorSection(model: unknown, opts: BehaviorSectionOptions = {}): string[] {
  const b = behaviorViewOf(model);
  if (!b || b.tolerances.length === 0) return [];
  const heading = opts.heading ?? '#### Behavior on the reference data';
  const out: string[] = heading ? [heading, ''] : [];
  out.push(behaviorTable(b, { compact: opts.compact }), '');
  const added = b.tolerances.filter(isAdded);
  if (added.length > 0) {
    out.push(
      `➕ Added in the head (no base row has ${added.length === 1 ? 'it' : 'them'}; the head output schema declares ${added.length === 1 ? 'it' : 'them'} and every head prediction is checked against it): ${added.map((t) => code(t.field)).join(', ')}.`,
      '',
    );
  }
  const evidence = opts.compact ? [] : b.tolerances.flatMap((t) => toleranceEvidence(t));
  while (evidence.length > 0 && evidence[evidence.length - 1] === '') evidence.pop();
  const charts = opts.charts !== false ? behaviorCharts(b) : '';
  if (opts.collapseEvidence && (evidence.length > 0 || charts)) {
    // On a large change the evidence is one click away, so the page a reviewer decides on stays short.
    const what = [evidence.length > 0 ? 'the rows that moved most and the label transitions' : '', charts ? 'the distribution charts' : '']
      .filter(Boolean)
      .join(', ');
    out.push(`<details><summary>Evidence: ${what}</summary>`, '', ...evidence, ...(charts ? ['', charts] : []), '', '</details>', '');
  } else {
    out.push(...evidence, ...(evidence.length > 0 ? [''] : []));
    if (charts) out.push(charts, '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
