import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import type { ModelReport, Report } from '../verdict/report.js';
import { neutralise } from './escape.js';

export interface TextOptions {
  color: boolean;
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
  if (f.hint) lines.push(`${indent}       hint: ${plain(f.hint)}`);
  if (f.consumers) lines.push(`${indent}       affects: ${plain(f.consumers.join(', '))}`);
  return lines;
}

function modelLines(m: ModelReport, paint: ReturnType<typeof painter>): string[] {
  const mark = m.ok ? paint('green', 'PASS') : paint('red', 'FAIL');
  const lines = [`${mark}  ${paint('bold', plain(m.model))}  ${plain(m.path)}`, `      ${plain(m.summary)}`];
  lines.push(
    `      declared ${m.declared.toUpperCase()}, required ${m.required.toUpperCase()}${m.suggested ? `, suggested version ${plain(m.suggested)}` : ''}`,
  );
  for (const f of m.findings) for (const item of findingLines(f, paint, '      ')) lines.push(item);
  const touched = (m.consumers ?? []).filter((c) => c.findings > 0);
  if (touched.length > 0) {
    lines.push(`      affected consumers: ${plain(touched.map((c) => `${c.name} (${c.bump.toUpperCase()})`).join(', '))}`);
    if (m.notify && m.notify.length > 0) lines.push(`      owners to notify: ${plain(m.notify.join(' '))}`);
  }
  if (m.rollback && !m.rollback.safe) lines.push(`      rollback: ${plain(m.rollback.reason)}`);
  if (m.behavior) {
    const b = m.behavior;
    lines.push(
      `      behavior: ${b.compared ? `${b.rows.paired} row pairs compared, ${b.changedRows} changed` : `${b.rows.head} predictions checked against the output schema (no base reference to compare with)`}`,
    );
    for (const t of b.tolerances) {
      lines.push(
        `        ${t.pass ? paint('green', 'pass') : paint('red', 'FAIL')}  ${plain(t.field || '/')}  ${t.kind}${t.declared ? '' : ' (no tolerance: exact)'}  ${plain(t.summary)}`,
      );
    }
  }
  return lines;
}

/** The terminal report: the verdict on the first line, then each model and its findings. */
export function renderText(report: Report, opts: TextOptions = { color: false }): string {
  const paint = painter(opts.color);
  const failed = report.models.filter((m) => !m.ok).length;
  const head =
    report.verdict === 'pass'
      ? paint('green', `model-contract-gate: PASS`) + ` — ${report.models.length} model${report.models.length === 1 ? '' : 's'} checked`
      : paint('red', `model-contract-gate: FAIL`) +
        ` — ${failed} of ${report.models.length} model${report.models.length === 1 ? '' : 's'} fail${failed === 1 ? 's' : ''}`;
  const lines = [head + (report.unchanged ? `, ${report.unchanged} unchanged` : '')];
  for (const m of report.models) {
    lines.push('');
    for (const l of modelLines(m, paint)) lines.push(l);
  }
  return lines.join('\n') + '\n';
}

/** `diff-schema` as text: the required bump, then the findings. */
export function renderDiffText(direction: string, required: string, findings: Finding[], opts: TextOptions = { color: false }): string {
  const paint = painter(opts.color);
  const lines = [`${direction} schema: ${required.toUpperCase()} required (${findings.length} finding${findings.length === 1 ? '' : 's'})`];
  for (const f of findings) for (const item of findingLines(f, paint)) lines.push(item);
  return lines.join('\n') + '\n';
}
