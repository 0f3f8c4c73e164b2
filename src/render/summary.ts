/**
 * The job summary: the comment's overview, then every finding of every model, grouped by rule and
 * cause, uncut (the comment shows a handful per group; the summary is where the rest is read).
 * GitHub refuses a step summary over 1 MiB, so the listing stops before that limit and says so.
 */
import type { Report } from '../verdict/report.js';
import { renderJobSummary, type CommentContext } from './comment.js';
import { code, escapeMarkdown, shortenDigests } from './escape.js';
import { causeMessage, groupFindings } from './groups.js';

/** GitHub's limit for one step's summary, in bytes. */
export const SUMMARY_LIMIT = 1024 * 1024;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const text = (s: string) => escapeMarkdown(shortenDigests(s));

/** Every finding, grouped, as markdown blocks (one per model, then one per group). */
function listing(report: Report): string[] {
  const blocks: string[] = [];
  for (const m of report.models) {
    const groups = groupFindings(m.findings);
    if (groups.length === 0) continue;
    blocks.push(`## Every finding: ${code(m.model)} (${m.findings.length})\n`);
    for (const g of groups) {
      const tag = g.blocking ? 'blocking' : g.bump.toUpperCase();
      const head = [
        `### ${code(g.id)} — ${tag}, ×${g.causes.length}${g.findings !== g.causes.length ? ` (${g.findings} findings)` : ''}\n`,
        ...(g.why ? [`${text(g.why)}\n`] : []),
        ...(g.hint ? [`Fix: ${escapeMarkdown(g.hint)}\n`] : []),
        '| where | what changed |',
        '| --- | --- |',
      ].join('\n');
      blocks.push(head);
      for (const c of g.causes) {
        const at = c.lead.location ? ` (${code(`${c.lead.location.file}:${c.lead.location.line}`)})` : '';
        const also = c.also.length ? ` Also: ${c.also.map(code).join(', ')}.` : '';
        blocks.push(`| ${code(shortenDigests(c.where))}${at} | ${text(causeMessage(c, g.why))}${also} |`);
      }
      blocks.push('');
    }
  }
  return blocks;
}

/** The job summary for a report, at most `limit` bytes. */
export function renderFullSummary(report: Report, ctx: CommentContext = {}, limit = SUMMARY_LIMIT): string {
  const overview = renderJobSummary(report, ctx);
  const blocks = listing(report);
  const note = (shown: number) =>
    `\n> GitHub's 1 MiB limit for a job summary was reached: the listing stops here (${blocks.length - shown} of its ${blocks.length} rows and headings are not shown). The JSON report (\`report-path\`, or \`check --format json\`) has every finding.\n`;
  let out = `${overview}\n`;
  let used = bytes(out);
  const room = limit - bytes(note(0)) - 16;
  for (let i = 0; i < blocks.length; i++) {
    const block = `${blocks[i]}\n`;
    const size = bytes(block);
    if (used + size > room) return out + note(i);
    out += block;
    used += size;
  }
  return out;
}
