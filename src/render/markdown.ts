/**
 * `diff-schema` as markdown. The report of `check --format markdown` is the pull-request comment
 * (`comment.ts`): one renderer for both, so they cannot drift apart.
 */
import type { Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import { code, escapeMarkdown as esc } from './escape.js';
import { witnessMarkdown } from './witness.js';

function findingRow(f: Finding): string {
  const witness = witnessMarkdown(f);
  const where = [f.interface, f.direction, f.instancePath ? f.instancePath : f.pointer].filter(Boolean).join(' ');
  const change = f.old !== undefined || f.new !== undefined ? `${code(brief(f.old, 60))} → ${code(brief(f.new, 60))}` : '';
  const msg =
    esc(f.message) +
    (f.hint ? `<br>*Hint:* ${esc(f.hint)}` : '') +
    (witness ? `<br>${witness}` : '') +
    (f.consumers ? `<br>*Affects:* ${f.consumers.map((c) => code(c)).join(', ')}` : '');
  return `| ${f.blocking ? '**blocking** ' : ''}${code(f.id)} | ${where ? code(where) : ''} | ${change} | ${msg} |`;
}

function findingTable(findings: Finding[]): string[] {
  return ['| rule | where | old → new | why |', '|---|---|---|---|', ...findings.map(findingRow)];
}

/** `diff-schema` as markdown: the required bump, then the findings. */
export function renderDiffMarkdown(direction: string, required: Bump, findings: Finding[]): string {
  const lines = [`## ${direction === 'input' ? 'Input' : 'Output'} schema: ${required.toUpperCase()} required`, ''];
  if (findings.length === 0) lines.push('No differences.');
  else for (const item of findingTable(findings)) lines.push(item);
  return lines.join('\n') + '\n';
}
