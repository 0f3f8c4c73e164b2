/**
 * Annotations: an error on each finding that makes the gate fail (blocking, or requiring more than
 * the declared bump), a notice on every other finding that requires a bump (the declared bump
 * covers it: a passing pull request shows no warning), each on the contract or schema file at the
 * line of the field, and no two alike (same file, line, level and message). GitHub shows at most 10
 * of each level per step; past that, the last slot says how many more there are and where to read them.
 */
import { bumpRank } from '../core/bump.js';
import type { InputError } from '../core/errors.js';
import type { Finding, SourceLocation } from '../core/finding.js';
import type { ModelReport, Report } from '../verdict/report.js';
import { isInert, neutralise } from './escape.js';

/** Where an annotation goes: a repository-relative file and a line, or only a title. */
export interface AnnotationPlace {
  title?: string;
  /** Repository-relative path. */
  file?: string;
  startLine?: number;
  startColumn?: number;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  place?: AnnotationPlace;
}

/** GitHub's per-step limits. */
export const MAX_ERRORS_PER_STEP = 10;
export const MAX_WARNINGS_PER_STEP = 10;
export const MAX_NOTICES_PER_STEP = 10;
const MAX_MESSAGE = 1000;

/** Maps a file as findings name it to a repository-relative path in the head, or undefined (a base-side file). */
export type HeadPath = (file: string) => string | undefined;

function cut(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Does this finding make its model fail? */
export function isFailing(m: ModelReport, f: Finding): boolean {
  if (m.ok) return false;
  if (f.blocking) return true;
  if (m.head === null || m.base === null) return f.bump === 'major';
  return bumpRank(f.bump) > bumpRank(m.declared);
}

function placeOf(loc: SourceLocation | undefined, fallback: string | undefined, opts: AnnotationOptions, title: string): AnnotationPlace {
  const file = loc ? opts.headPath(loc.file) : undefined;
  if (file && loc) return { title, file, startLine: loc.line, startColumn: loc.column };
  // A place in the base's version of a file: the file, but not a line of the other version.
  const baseFile = loc && opts.basePath ? opts.basePath(loc.file) : undefined;
  if (baseFile) return { title, file: baseFile };
  return fallback ? { title, file: fallback } : { title };
}

/**
 * Annotation text reaches the log and the annotation view: control, bidi and invisible characters
 * from the pull request are shown as escapes (the toolkit escapes only `%`, CR, LF, and `:`/`,` in
 * properties). A file name that holds any of them is left out rather than shown altered.
 */
function inert(a: Annotation): Annotation {
  const place = a.place
    ? {
        ...a.place,
        ...(a.place.title !== undefined ? { title: neutralise(a.place.title) } : {}),
      }
    : undefined;
  if (place?.file !== undefined && !isInert(place.file)) {
    delete place.file;
    delete place.startLine;
    delete place.startColumn;
  }
  return { ...a, message: neutralise(a.message), ...(place ? { place } : {}) };
}

/** Keep within `slots`: the first `slots - 1`, and one that counts the rest. */
function limit(list: Annotation[], slots: number, level: Annotation['level'], where: string): Annotation[] {
  if (slots <= 0) return [];
  if (list.length <= slots) return list;
  const shown = list.slice(0, slots - 1);
  const rest = list.length - shown.length;
  return [
    ...shown,
    {
      level,
      message: `${rest} more ${level === 'error' ? 'errors' : level === 'warning' ? 'warnings' : 'notices'} about model contracts are not shown as annotations (GitHub shows ${level === 'error' ? MAX_ERRORS_PER_STEP : level === 'warning' ? MAX_WARNINGS_PER_STEP : MAX_NOTICES_PER_STEP} per step): ${where} has all of them.`,
      place: { title: `model-contract-gate: ${rest} more` },
    },
  ];
}

export interface AnnotationOptions {
  headPath: HeadPath;
  /** Maps a base-side file (`SHA:path`) to its path when the file still exists at the head. */
  basePath?: (file: string) => string | undefined;
  errorSlots?: number;
  /** Slots for warnings (the plan of findings makes none; kept for callers that share the budget). */
  warningSlots?: number;
  noticeSlots?: number;
  /** Where the full list is. */
  where?: string;
}

/** The annotations for a report, within the per-step limits. */
export function planAnnotations(report: Report, opts: AnnotationOptions): Annotation[] {
  const errors: Annotation[] = [];
  const notices: Annotation[] = [];
  for (const m of report.models) {
    const contract = m.head !== null ? opts.headPath(m.path) : undefined;
    for (const f of m.findings) {
      if (f.bump === 'none' && !f.blocking) continue;
      const failing = isFailing(m, f);
      const tag = f.blocking ? 'blocking' : f.bump.toUpperCase();
      const title = `${m.model}: ${tag} ${f.id}`;
      const field =
        f.area === 'interface'
          ? `${f.direction ?? ''} ${f.instancePath || '(root)'}`.trim()
          : f.area === 'behavior' && f.instancePath
            ? f.instancePath
            : (f.pointer ?? f.area);
      const versus = failing && !f.blocking && m.base !== null && m.head !== null ? ` (declared ${m.declared.toUpperCase()})` : '';
      const message = cut(`${tag}${versus} at ${field}: ${f.message}${f.hint ? ` Fix: ${f.hint}` : ''}`);
      (failing ? errors : notices).push({
        level: failing ? 'error' : 'notice',
        message,
        place: placeOf(f.location, contract, opts, title),
      });
    }
  }
  const where = opts.where ?? 'the job summary';
  return [
    ...limit(unique(errors), opts.errorSlots ?? MAX_ERRORS_PER_STEP, 'error', where),
    ...limit(unique(notices), opts.noticeSlots ?? MAX_NOTICES_PER_STEP, 'notice', where),
  ].map(inert);
}

/** The first of each set of annotations with the same file, line, level and message. */
export function unique(list: Annotation[]): Annotation[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = JSON.stringify([a.place?.file ?? '', a.place?.startLine ?? 0, a.level, a.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Error annotations for contracts that could not be read. */
export function errorAnnotations(errors: InputError[], opts: AnnotationOptions): Annotation[] {
  const list: Annotation[] = errors.map((e) => {
    const file = opts.headPath(e.file);
    const title = 'model-contract-gate: invalid contract';
    const message = cut(`${e.message}${e.pointer ? ` (at ${e.pointer})` : ''}${file ? '' : ` [${e.file}]`}`);
    return {
      level: 'error' as const,
      message,
      place: file ? { title, file, ...(e.line !== undefined ? { startLine: e.line, startColumn: e.column ?? 1 } : {}) } : { title },
    };
  });
  return limit(unique(list), opts.errorSlots ?? MAX_ERRORS_PER_STEP, 'error', opts.where ?? 'the job log').map(inert);
}
