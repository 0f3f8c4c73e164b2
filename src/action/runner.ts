/**
 * What the Action says to the runner: log lines, annotations, outputs, the job summary and the
 * exit code. One interface, so that the orchestration in `step.ts` is tested with a recording
 * fake and the production implementation is a thin layer over `@actions/core`.
 */
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import type { AnnotationPlace } from '../render/annotations.js';

/** Where an annotation goes: defined with the annotation plan, in `render/annotations.ts`. */
export type { AnnotationPlace };

export interface Runner {
  /** The raw value of an input (`INPUT_<NAME>`), untrimmed; '' when unset. */
  input(name: string): string;
  /** A log line written by the Action itself (trusted text). */
  info(text: string): void;
  /**
   * Text that may contain anything from the pull request: written so that the runner cannot read
   * a workflow command (`::set-output`, `::add-mask`, …) in it.
   */
  untrusted(text: string): void;
  warning(message: string, place?: AnnotationPlace): void;
  error(message: string, place?: AnnotationPlace): void;
  notice(message: string, place?: AnnotationPlace): void;
  setOutput(name: string, value: string): void;
  /** Append markdown to the job summary; throws when the runner gives no summary file. */
  summary(markdown: string): Promise<void>;
  /** Whether the runner gives a job summary file. */
  hasSummary(): boolean;
}

/** The runner as `@actions/core` speaks to it (workflow commands and the GITHUB_* files). */
export function actionsRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  // Inputs come through core.getInput (INPUT_<NAME>), so that tools that stand in for the runner
  // (@github/local-action) can fill in action.yml's defaults.
  const props = (p?: AnnotationPlace): core.AnnotationProperties | undefined =>
    p
      ? {
          ...(p.title !== undefined ? { title: p.title } : {}),
          ...(p.file !== undefined ? { file: p.file } : {}),
          ...(p.startLine !== undefined ? { startLine: p.startLine } : {}),
          ...(p.startColumn !== undefined && p.startLine !== undefined ? { startColumn: p.startColumn } : {}),
        }
      : undefined;
  return {
    input: (name) => core.getInput(name, { trimWhitespace: false }),
    info: (text) => core.info(text),
    untrusted: (text) => {
      // GitHub's documented way to print text that must not be read as commands.
      const token = randomUUID();
      core.info(`::stop-commands::${token}`);
      core.info(text);
      core.info(`::${token}::`);
    },
    warning: (m, p) => core.warning(m, props(p)),
    error: (m, p) => core.error(m, props(p)),
    notice: (m, p) => core.notice(m, props(p)),
    setOutput: (n, v) => core.setOutput(n, v),
    summary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    hasSummary: () => !!env.GITHUB_STEP_SUMMARY,
  };
}
