import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { renderJobSummary } from '../../src/render/comment.js';
import { renderFullSummary, SUMMARY_LIMIT } from '../../src/render/summary.js';
import type { Report } from '../../src/verdict/report.js';

const removed = (i: number): Finding => ({
  id: 'type-changed',
  bump: 'major',
  area: 'interface',
  direction: 'output',
  pointer: `/properties/field_${i}`,
  instancePath: `/field_${i}`,
  old: 'integer',
  new: 'string',
  message: `Output type of /field_${i} changed from integer to string.`,
});

function report(n: number): Report {
  const findings = Array.from({ length: n }, (_, i) => removed(i));
  return {
    verdict: 'fail',
    models: [
      {
        model: 'wide',
        path: 'm/model-contract.yaml',
        base: '1.0.0',
        head: '1.1.0',
        declared: 'minor',
        required: 'major',
        ok: false,
        suggested: '2.0.0',
        summary: 'breaking',
        findings,
      },
    ],
  };
}

describe('the job summary', () => {
  it('opens with the overview and lists every finding, grouped, uncut', () => {
    const r = report(300);
    const s = renderFullSummary(r);
    expect(s.startsWith(renderJobSummary(r))).toBe(true);
    expect(s).toMatch(/### <code>type&#45;changed<\/code> — MAJOR, ×300/);
    for (let i = 0; i < 300; i++) expect(s).toContain(`/field&#95;${i}</code>`);
    expect(s).not.toContain('1 MiB limit');
  });

  it('stays within the limit and says so when it is reached', () => {
    const r = report(3000);
    const limit = Buffer.byteLength(renderJobSummary(r)) + 20_000;
    const s = renderFullSummary(r, {}, limit);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(limit);
    expect(s).toContain("GitHub's 1 MiB limit for a job summary was reached");
    expect(Buffer.byteLength(renderFullSummary(report(20_000)))).toBeLessThanOrEqual(SUMMARY_LIMIT);
  });
});
