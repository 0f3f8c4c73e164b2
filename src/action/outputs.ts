/**
 * The step's outputs and whether it fails, per `fail-on`.
 *
 * - `verdict`: `pass` or `fail` (the gate's verdict, whatever `fail-on` does with it); `error` when
 *   the Action could not decide (a contract cannot be read, even when the others are reported).
 * - `required-bump`: the largest bump any checked model requires (`none` when nothing was checked).
 * - `declared-bump`, `suggested-version`: those of the same model (when several require that
 *   bump: the first failing one in path order, else the first).
 * - `models`: every checked model, for monorepos where one model's bumps say too little.
 */
import { bumpRank } from '../core/bump.js';
import type { ModelReport, Report } from '../verdict/report.js';
import type { FailOn } from './inputs.js';

export const EMPTY_OUTPUTS = {
  verdict: 'error',
  'required-bump': '',
  'declared-bump': '',
  'suggested-version': '',
  'report-path': '',
  'release-notes-path': '',
  'registry-path': '',
  models: '[]',
};

/** One entry of the `models` output: what a later step needs to act on each model. */
export interface ModelOutput {
  model: string;
  path: string;
  declared: ModelReport['declared'];
  required: ModelReport['required'];
  /** The smallest version that would pass; null when no version can. */
  suggested: string | null;
  ok: boolean;
  /** A finding fails the model whatever its version (a digest that lies, a version that went down…). */
  blocking: boolean;
}

export function modelsOutput(report: Report): ModelOutput[] {
  return report.models.map((m) => ({
    model: m.model,
    path: m.path,
    declared: m.declared,
    required: m.required,
    suggested: m.suggested,
    ok: m.ok,
    blocking: m.findings.some((f) => f.blocking === true),
  }));
}

/** The model whose bumps the outputs show. */
export function leadingModel(report: Report): ModelReport | undefined {
  let best: ModelReport | undefined;
  for (const m of report.models) {
    if (
      best === undefined ||
      bumpRank(m.required) > bumpRank(best.required) ||
      (bumpRank(m.required) === bumpRank(best.required) && !m.ok && best.ok)
    )
      best = m;
  }
  return best;
}

export function outputsOf(report: Report): Record<string, string> {
  const lead = leadingModel(report);
  const required = report.models.reduce((b, m) => (bumpRank(m.required) > bumpRank(b) ? m.required : b), 'none' as ModelReport['required']);
  return {
    // A contract that cannot be read: the gate could not decide everything.
    verdict: report.invalid ? 'error' : report.verdict,
    'required-bump': required,
    'declared-bump': lead?.declared ?? 'none',
    'suggested-version': lead?.suggested ?? '',
    models: JSON.stringify(modelsOutput(report)),
  };
}

/** `undeclared`: fail when the gate fails. `any`: also when any checked model changed in a way that requires a bump. `never`: report only. */
export function shouldFail(report: Report, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (report.verdict === 'fail') return true;
  if (failOn === 'any') return report.models.some((m) => m.findings.some((f) => f.bump !== 'none' || f.blocking));
  return false;
}
