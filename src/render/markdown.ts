import type { Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import type { BehaviorReport, ModelReport, Report } from '../verdict/report.js';
import { code, escapeMarkdown as esc } from './escape.js';

const GROUPS: { bump: Bump; title: string }[] = [
  { bump: 'major', title: 'MAJOR — consumers must change code' },
  { bump: 'minor', title: 'MINOR — consumers should re-validate' },
  { bump: 'patch', title: 'PATCH — nothing for consumers to do' },
  { bump: 'none', title: 'No bump' },
];

function findingRow(f: Finding): string {
  const where = [f.interface, f.direction, f.instancePath ? f.instancePath : f.pointer].filter(Boolean).join(' ');
  const change = f.old !== undefined || f.new !== undefined ? `${code(brief(f.old, 60))} → ${code(brief(f.new, 60))}` : '';
  const msg =
    esc(f.message) +
    (f.hint ? `<br>*Hint:* ${esc(f.hint)}` : '') +
    (f.consumers ? `<br>*Affects:* ${f.consumers.map((c) => code(c)).join(', ')}` : '');
  return `| ${f.blocking ? '**blocking** ' : ''}${code(f.id)} | ${where ? code(where) : ''} | ${change} | ${msg} |`;
}

function findingTable(findings: Finding[]): string[] {
  return ['| rule | where | old → new | why |', '|---|---|---|---|', ...findings.map(findingRow)];
}

function modelSection(m: ModelReport): string[] {
  const icon = m.ok ? '✅' : '❌';
  const lines = [
    `### ${icon} ${esc(m.model)} ${code(`${m.base ?? '(new)'} → ${m.head ?? '(deleted)'}`)}`,
    '',
    esc(m.summary),
    '',
    `| declared | required | suggested version |`,
    `|---|---|---|`,
    `| ${m.declared.toUpperCase()} | ${m.required.toUpperCase()} | ${m.suggested ? code(m.suggested) : '—'} |`,
    '',
  ];
  const blocking = m.findings.filter((f) => f.blocking);
  if (blocking.length > 0) {
    lines.push('#### Blocking — fails whatever the version', '');
    for (const l of findingTable(blocking)) lines.push(l);
    lines.push('');
  }
  for (const g of GROUPS) {
    const fs = m.findings.filter((f) => !f.blocking && f.bump === g.bump);
    if (fs.length === 0) continue;
    // Loops, not spreads: a table of 100,000 rows would overflow the call's argument list.
    if (g.bump === 'none') lines.push(`<details><summary>${g.title} (${fs.length})</summary>`, '');
    else lines.push(`#### ${g.title}`, '');
    for (const l of findingTable(fs)) lines.push(l);
    lines.push('');
    if (g.bump === 'none') lines.push('</details>', '');
  }
  if (m.behavior) for (const item of behaviorSection(m.behavior)) lines.push(item);
  lines.push(`<sub>${code(m.path)}</sub>`, '');
  return lines;
}

function behaviorSection(b: BehaviorReport): string[] {
  const head = b.compared
    ? `#### Behavior — ${b.rows.paired} row pairs compared, ${b.changedRows} changed`
    : `#### Behavior — ${b.rows.head} predictions checked against the output schema`;
  if (b.tolerances.length === 0) return [head, ''];
  return [
    head,
    '',
    '| field | check | result | numbers |',
    '|---|---|---|---|',
    ...b.tolerances.map(
      (t) => `| ${code(t.field || '/')} | ${t.kind}${t.declared ? '' : ' (exact)'} | ${t.pass ? 'pass' : '**fail**'} | ${esc(t.summary)} |`,
    ),
    '',
  ];
}

/** The markdown report: the verdict in the first line, then one section per model. */
export function renderMarkdown(report: Report): string {
  const failed = report.models.filter((m) => !m.ok);
  const first =
    report.verdict === 'pass'
      ? `## ✅ model-contract-gate: pass — ${report.models.length} model${report.models.length === 1 ? '' : 's'} checked`
      : `## ❌ model-contract-gate: fail — ${failed.length} of ${report.models.length} model${report.models.length === 1 ? '' : 's'} fail${failed.length === 1 ? 's' : ''}`;
  const lines = [first + (report.unchanged ? `, ${report.unchanged} unchanged` : ''), ''];
  for (const m of report.models) for (const item of modelSection(m)) lines.push(item);
  return lines.join('\n');
}

/** `diff-schema` as markdown: the required bump, then the findings. */
export function renderDiffMarkdown(direction: string, required: Bump, findings: Finding[]): string {
  const lines = [`## ${direction === 'input' ? 'Input' : 'Output'} schema: ${required.toUpperCase()} required`, ''];
  if (findings.length === 0) lines.push('No differences.');
  else for (const item of findingTable(findings)) lines.push(item);
  return lines.join('\n') + '\n';
}
