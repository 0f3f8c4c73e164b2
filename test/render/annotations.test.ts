import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { planAnnotations } from '../../src/render/annotations.js';
import type { ModelReport, Report } from '../../src/verdict/report.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'type-changed',
  bump: 'major',
  area: 'interface',
  direction: 'output',
  pointer: '/properties/a',
  instancePath: '/a',
  message: 'Output type changed.',
  location: { file: 'out.schema.json', line: 4, column: 3 },
  ...over,
});

function report(declared: ModelReport['declared'], findings: Finding[]): Report {
  const ok = declared === 'major';
  return {
    verdict: ok ? 'pass' : 'fail',
    models: [
      {
        model: 'm',
        path: 'm/model-contract.yaml',
        base: '1.0.0',
        head: ok ? '2.0.0' : '1.1.0',
        declared,
        required: 'major',
        ok,
        suggested: '2.0.0',
        summary: '',
        findings,
      },
    ],
  };
}

const opts = { headPath: (f: string) => f };

describe('planAnnotations', () => {
  it('makes findings the declared bump covers notices, never warnings', () => {
    const plan = planAnnotations(report('major', [finding(), finding({ id: 'training-data-changed', bump: 'minor', area: 'lineage' })]), opts);
    expect(plan.map((a) => a.level)).toEqual(['notice', 'notice']);
  });

  it('makes what fails the gate an error, and what the declared bump covers a notice', () => {
    const plan = planAnnotations(
      report('minor', [finding(), finding({ id: 'training-data-changed', bump: 'minor', area: 'lineage', pointer: '/lineage' })]),
      opts,
    );
    expect(plan.map((a) => a.level)).toEqual(['error', 'notice']);
  });

  it('drops identical annotations (same file, line, level and message)', () => {
    const plan = planAnnotations(
      report('minor', [
        finding(),
        finding({ pointer: '/properties/a/type' }),
        finding({ location: { file: 'out.schema.json', line: 9, column: 3 } }),
      ]),
      opts,
    );
    expect(plan).toHaveLength(2);
    expect(plan.map((a) => a.place?.startLine)).toEqual([4, 9]);
  });
});
