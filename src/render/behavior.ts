/**
 * The behavior part of the comment: one table row per tolerance with its numbers, and a Mermaid
 * `xychart-beta` of the old and new value distributions for numeric fields (GitHub renders it).
 *
 * The behavior analyser adds `behavior` to a model's report; this reads it defensively (every
 * field optional, unknown fields ignored), so the comment renders whatever the report holds.
 */
import { code, escapeMarkdown as esc } from './escape.js';

export interface HistogramView {
  field?: string;
  /** Bin edges, ascending: one more than the counts. (`edges` in the analyser's own type.) */
  bins: number[];
  old: number[];
  new: number[];
  nonFinite?: { old: number; new: number };
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
  return { field: typeof v.field === 'string' ? v.field : field, bins, old, new: neu, ...(nf ? { nonFinite: nf } : {}) };
}

/** The model report's behavior section, if it has one. */
export function behaviorViewOf(model: unknown): BehaviorView | undefined {
  if (!isObj(model) || !isObj(model.behavior)) return undefined;
  const b = model.behavior;
  if (!Array.isArray(b.tolerances)) return undefined;
  const tolerances: ToleranceView[] = [];
  for (const t of b.tolerances) {
    if (!isObj(t) || typeof t.field !== 'string') continue;
    const h = histogramOf(t.histogram, t.field);
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
    const result = t.pass === undefined ? '' : t.pass ? '✅ within' : '❌ exceeded';
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

/** Text that is safe inside a Mermaid string: no quotes, no line breaks, no markup characters. */
function mermaidText(s: string, max = 40): string {
  const clean = s.replace(/[^A-Za-z0-9_./*+\- ]/g, '_');
  return clean.length > max ? clean.slice(0, max - 1) + '…' : clean;
}

function binLabel(lo: number, hi: number): string {
  return `${fmt(lo)}–${fmt(hi)}`.replace(/,/g, '');
}

/**
 * A Mermaid `xychart-beta`: bars for the base's distribution, a line for the head's, over the
 * same bins. Every value is a number or a sanitised label: nothing from the pull request reaches
 * the diagram source unfiltered.
 */
export function xychart(h: HistogramView, field: string): string {
  const name = mermaidText(h.field ?? field);
  const labels = h.old.map((_, i) => `"${binLabel(h.bins[i]!, h.bins[i + 1]!)}"`);
  const max = Math.max(1, ...h.old, ...h.new);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${name}: base (bars) vs head (line)"`,
    `    x-axis "${name}" [${labels.join(', ')}]`,
    `    y-axis "rows" 0 --> ${Math.ceil(max * 1.1)}`,
    `    bar [${h.old.map((v) => String(Math.round(v))).join(', ')}]`,
    `    line [${h.new.map((v) => String(Math.round(v))).join(', ')}]`,
    '```',
  ].join('\n');
}

/** Every chart of a model's behavior, each in its own `<details>`. */
export function behaviorCharts(b: BehaviorView): string {
  const out: string[] = [];
  for (const t of b.tolerances) {
    if (!t.histogram) continue;
    const nf = t.histogram.nonFinite;
    const extra = nf && nf.old + nf.new > 0 ? ` (not drawn: ${fmt(nf.old)} base and ${fmt(nf.new)} head values NaN or ±Infinity)` : '';
    out.push(
      `<details><summary>Distribution of ${code(t.field)}: base (bars) vs head (line)${extra}</summary>`,
      '',
      xychart(t.histogram, t.field),
      '',
      '</details>',
      '',
    );
  }
  return out.join('\n').trimEnd();
}
