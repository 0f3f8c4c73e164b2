import type { Report } from '../verdict/report.js';
import { escapeJsonText } from './escape.js';

/**
 * The JSON report: a stable interface, described by schema/report.schema.json. Values are exact;
 * the characters a terminal would act on (DEL, C1, bidi and invisible ones, which JSON.stringify
 * writes raw) are written as `\u` escapes, so `… --format json` on a terminal draws nothing.
 */
export function renderJson(report: unknown): string {
  return escapeJsonText(JSON.stringify(report, null, 2)) + '\n';
}

export type { Report };
