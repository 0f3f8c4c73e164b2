import type { Report } from '../verdict/report.js';

/** The JSON report: a stable interface, described by schema/report.schema.json. */
export function renderJson(report: unknown): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export type { Report };
