/**
 * A breaking interface finding's witness (or its absence) in words, for every renderer: what the
 * instance shows, and the instance as short JSON. The instance comes from schemas the pull request
 * wrote: each renderer still makes it inert its own way (`plain` for a terminal, `code` for
 * markdown); here it is only cut to a length a reader takes in.
 */
import type { Finding } from '../core/finding.js';
import { brief } from '../core/json.js';
import { code, escapeMarkdown as esc } from './escape.js';

/** A witness longer than this (as JSON) is cut, with an ellipsis; the JSON report has it whole. */
export const WITNESS_CHARS = 120;

export interface WitnessText {
  /** What the instance shows, or why there is none ("not proven …"). */
  lead: string;
  /** The instance as JSON, cut to `max`; absent when not proven. */
  instance?: string;
}

/** The witness of a finding as a reader sees it; undefined when the finding needs none (not MAJOR). */
export function witnessText(f: Finding, max = WITNESS_CHARS): WitnessText | undefined {
  const noun = f.direction === 'output' ? 'response' : 'request';
  if (f.witness) {
    const lead =
      f.direction === 'output'
        ? f.witness.valid === 'head'
          ? 'this response is now possible and old consumers reject it:'
          : 'this response was possible and no longer is:'
        : f.witness.valid === 'base'
          ? 'this request was accepted and is now rejected:'
          : 'this request is now accepted and was rejected:';
    return { lead, instance: brief(f.witness.instance, max) };
  }
  if (f.proven === false) {
    const shows = f.direction === 'output' ? 'that is now possible and old consumers reject' : 'that was accepted and is now rejected';
    return { lead: `not proven: no ${noun} was found ${shows} (the rule may be cautious here)` };
  }
  return undefined;
}

/** The witness on one line of plain text (the caller neutralises it). */
export function witnessLine(f: Finding, max = WITNESS_CHARS): string | undefined {
  const w = witnessText(f, max);
  return w ? (w.instance !== undefined ? `${w.lead} ${w.instance}` : w.lead) : undefined;
}

/** The witness as markdown: what it shows, then the instance as inert code. */
export function witnessMarkdown(f: Finding): string | undefined {
  const w = witnessText(f);
  if (!w) return undefined;
  return w.instance !== undefined ? `*${esc(w.lead.replace(/:$/, ''))}:* ${code(w.instance)}` : `*${esc(w.lead)}*`;
}
