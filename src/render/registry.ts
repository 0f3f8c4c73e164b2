/**
 * The registry hand-off: per model, what a model registry records of a release, in the shape of the
 * MLflow model-version tags teams use (`semantic_version`, `version_bump_type`, `breaking_changes`)
 * and the version's description (`release_note`). `release-notes --format json` prints it and the
 * Action sets it as the `registry` output; docs/registry.md shows the step that applies it.
 */
import type { Bump } from '../core/bump.js';
import type { Finding } from '../core/finding.js';
import { compareBumps } from '../core/bump.js';
import type { ModelReport, Report } from '../verdict/report.js';
import { releaseVersion } from '../verdict/release.js';
import { renderReleaseNote } from './release-notes.js';

export interface RegistryEntry {
  model: string;
  /** The contract's path in the repository. */
  path: string;
  /** Whether the gate passed for this model: tag only what passed. */
  ok: boolean;
  /** The version the release carries: the head's when it passes, else the version it should be released as (null: none can). */
  semantic_version: string | null;
  /** The bump from the base version to `semantic_version`: the declared one when it passes, else the required one; `initial` for a new model. */
  version_bump_type: Bump | 'initial';
  /** One line per breaking change (MAJOR finding), `where: what`; a waived one says so, with its reason. */
  breaking_changes: string[];
  /** The model's release note (markdown, without mentions), for the version's description. */
  release_note: string;
}

function line(f: Finding): string {
  const where = [f.interface, f.direction, f.instancePath ?? f.pointer].filter((s) => s !== undefined && s !== '').join(' ');
  return `${where ? `${where}: ` : ''}${f.message} [${f.id}]`;
}

export function registryEntry(m: ModelReport): RegistryEntry {
  const released = m.ok ? m.head : releaseVersion(m);
  const bump: Bump | 'initial' = m.base === null ? 'initial' : m.ok && compareBumps(m.declared, m.required) >= 0 ? m.declared : m.required;
  return {
    model: m.model,
    path: m.path,
    ok: m.ok,
    semantic_version: released,
    version_bump_type: bump,
    breaking_changes: [
      ...m.findings.filter((f) => f.bump === 'major').map(line),
      ...(m.waived ?? [])
        .filter((w) => w.finding.bump === 'major')
        .map((w) => `${line(w.finding)} (waived until ${w.waiver.expires}: ${w.waiver.reason})`),
    ],
    release_note: renderReleaseNote(m, { mentions: false }),
  };
}

/** Every model of the report, in its order. */
export function registryEntries(report: Report): RegistryEntry[] {
  return report.models.map(registryEntry);
}
