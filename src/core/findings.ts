/**
 * The catalogue of every finding id the gate emits outside the interface rules (those are
 * catalogued in src/analysers/interface/catalogue.ts). One declarative list, next to the Finding
 * type, so that docs/rules.md is generated from it and tests can check that every id the
 * analysers emit is here and that each entry's fixture produces it. It lives in core, which every
 * layer may import, so an analyser can take its ids from here without a folder cycle.
 */
import type { Bump } from './bump.js';
import type { Area } from './finding.js';

export interface FindingEntry {
  /** The stable id, as in the JSON report's `findings[].id`. */
  id: string;
  area: Area;
  /** The bump the finding requires on its own. */
  bump: Bump;
  /** Set when the bump is not fixed, or has an exception: how it is decided. */
  bumpNote?: string;
  /** The gate fails on it whatever the declared version: `always`, or a sentence saying when. */
  blocking?: string;
  /** One sentence: what it means and why it needs its bump. */
  meaning: string;
  /** The folder under fixtures/findings/ whose base and head produce it. */
  fixture: string;
}

export const FINDINGS: readonly FindingEntry[] = [
  // Whole contracts and versions.
  {
    id: 'contract-added',
    area: 'contract',
    bump: 'none',
    meaning: 'A model has a contract at the head and none at the base: there is nothing to compare, so a valid contract passes.',
    fixture: 'contract-added',
  },
  {
    id: 'contract-removed',
    area: 'contract',
    bump: 'major',
    blocking: 'unless the policy sets `allow-model-removal` (or `--allow-model-removal` is given)',
    meaning: "A model's contract was deleted: every consumer loses the model, which no version number can declare.",
    fixture: 'contract-removed',
  },
  {
    id: 'model-renamed',
    area: 'contract',
    bump: 'major',
    meaning: 'The `model` name changed: consumers that look the model up by name lose it.',
    fixture: 'model-renamed',
  },
  {
    id: 'version-decreased',
    area: 'version',
    bump: 'none',
    blocking: 'always',
    meaning: 'The head `version` is lower than the base one: a release must be greater than the one before it.',
    fixture: 'version-decreased',
  },
  // Whole interfaces.
  {
    id: 'api-version-added',
    area: 'interface',
    bump: 'minor',
    meaning: 'An API version appears under `interfaces`; existing callers are unaffected.',
    fixture: 'api-version-added',
  },
  {
    id: 'api-version-removed',
    area: 'interface',
    bump: 'major',
    meaning: 'An API version is gone from `interfaces`: its callers and consumers lose it (and the deprecation window applies).',
    fixture: 'api-version-removed',
  },
  {
    id: 'deprecation-window',
    area: 'interface',
    bump: 'major',
    blocking: 'always (the policy `deprecation-days: 0` turns the window off)',
    meaning:
      "A field, an enum value whose removal is MAJOR, or an API version that was marked deprecated (in its schema, or in the contract's `deprecations`) was removed before the policy's `deprecation-days` had passed since its date, or without a date to count from; the message names the first day it may be removed. Under the policy `require-deprecation: true`, also a removal of one that was never deprecated.",
    fixture: 'deprecation-window',
  },
  // Imported interfaces: what the serving runtime does that the schemas alone do not say (docs/imports.md).
  {
    id: 'batch-axis-added',
    area: 'interface',
    bump: 'minor',
    meaning:
      'A free leading (batch) axis was added to tensors of an imported interface on the inputs and on the outputs together ([3] → [N, 3] and [2] → [N, 2]): the model now takes and returns batches, and a batch of one gets the answer the single item got. The rest of each tensor is compared as usual.',
    fixture: 'batch-axis-added',
  },
  {
    id: 'column-restated-as-tensor',
    area: 'interface',
    bump: 'none',
    meaning:
      "An MLflow output declared as one unnamed column is now one unnamed tensor of shape [-1] (or back): MLflow's scoring server returns the same list of predictions, so only the element types are compared.",
    fixture: 'column-restated-as-tensor',
  },
  {
    id: 'duplicate-column-name',
    area: 'interface',
    bump: 'none',
    meaning:
      'An MLflow signature lists a column name twice (MLflow 1.x could log such a signature): the columns are read as one, and the report says so; columns of the same name with different types are read as either type.',
    fixture: 'duplicate-column-name',
  },
  {
    id: 'tensors-not-declared',
    area: 'interface',
    bump: 'none',
    meaning:
      'KServe / MLServer / Triton metadata with no (or an empty) `inputs` or `outputs`: the runtime does not describe them, so that side of the interface is open (anything) rather than "nothing".',
    fixture: 'tensors-not-declared',
  },
  // Lineage.
  {
    id: 'training-data-changed',
    area: 'lineage',
    bump: 'minor',
    meaning: '`lineage.training_data` changed: predictions move with the data, so consumers should re-validate.',
    fixture: 'training-data-changed',
  },
  {
    id: 'architecture-changed',
    area: 'lineage',
    bump: 'minor',
    meaning: '`lineage.architecture` changed: a new architecture behaves differently, so consumers should re-validate.',
    fixture: 'architecture-changed',
  },
  {
    id: 'hyperparameter-changed',
    area: 'lineage',
    bump: 'patch',
    meaning: 'One leaf of `lineage.hyperparameters` was added, removed or changed (one finding per leaf): tuning needs a patch release.',
    fixture: 'hyperparameter-changed',
  },
  {
    id: 'preprocessing-changed',
    area: 'lineage',
    bump: 'patch',
    meaning: 'A file matched by `lineage.preprocessing` was added, removed or changed (by its hash): preprocessing code needs a patch release.',
    fixture: 'preprocessing-changed',
  },
  // Artifact.
  {
    id: 'artifact-changed',
    area: 'artifact',
    bump: 'patch',
    bumpNote: 'PATCH; under an unchanged version it fails, as any required bump does (a released version is immutable)',
    meaning: "The artifact digest (declared, else the file's) differs between base and head: a new artifact needs at least a patch release.",
    fixture: 'artifact-changed',
  },
  {
    id: 'artifact-digest-mismatch',
    area: 'artifact',
    bump: 'none',
    blocking: 'always',
    meaning:
      "The head's `artifact.sha256` does not match the sha256 of the file at `artifact.path`: the contract must describe the artifact it ships with.",
    fixture: 'artifact-digest-mismatch',
  },
  {
    id: 'artifact-file-absent',
    area: 'artifact',
    bump: 'none',
    meaning: 'The file at `artifact.path` is not in the repository (large files often are not), so only the declared digest is compared.',
    fixture: 'artifact-file-absent',
  },
  // Behavior: the reference predictions of base and head.
  {
    id: 'tolerance-exceeded',
    area: 'behavior',
    bump: 'minor',
    meaning:
      'A field with a declared tolerance moved beyond it (more rows than `max_violation_rate` allows, or agreement or top-k overlap below its minimum): the model behaves differently.',
    fixture: 'tolerance-exceeded',
  },
  {
    id: 'field-changed-without-tolerance',
    area: 'behavior',
    bump: 'minor',
    meaning: 'A prediction field with no declared tolerance changed in some row: it is held to exact equality, so the model behaves differently.',
    fixture: 'field-changed-without-tolerance',
  },
  {
    id: 'predictions-changed-within-tolerance',
    area: 'behavior',
    bump: 'patch',
    meaning: 'Predictions changed, all within the declared tolerances: a new model that behaves the same needs a patch release.',
    fixture: 'predictions-changed-within-tolerance',
  },
  {
    id: 'prediction-field-shape-changed',
    area: 'behavior',
    bump: 'minor',
    meaning:
      "A head prediction's field can no longer be compared as its tolerance needs (a number became a string, a list lost its items): the behavior change cannot be measured.",
    fixture: 'prediction-field-shape-changed',
  },
  {
    id: 'prediction-violates-head-schema',
    area: 'behavior',
    bump: 'none',
    blocking: 'always',
    meaning: 'A head reference prediction does not match the head output schema: the contract does not describe what the model emits.',
    fixture: 'prediction-violates-head-schema',
  },
  {
    id: 'prediction-violates-base-schema',
    area: 'behavior',
    bump: 'major',
    meaning:
      'A head reference prediction does not match the base output schema, which consumers of the previous version parse: they break, whatever the new schema says.',
    fixture: 'prediction-violates-base-schema',
  },
  {
    id: 'predictions-count-mismatch',
    area: 'behavior',
    bump: 'minor',
    meaning:
      'One side has a different number of predictions than of reference inputs, so some rows cannot be compared and the behavior change is unverified.',
    fixture: 'predictions-count-mismatch',
  },
  {
    id: 'rows-unpaired',
    area: 'behavior',
    bump: 'minor',
    meaning: 'Paired by position, base and head have different numbers of predictions: the extra rows have nothing to be compared with.',
    fixture: 'rows-unpaired',
  },
  {
    id: 'reference-inputs-changed',
    area: 'behavior',
    bump: 'minor',
    meaning:
      'The reference inputs differ between base and head (the whole file by position, a row by `key`): those predictions answer different requests and are not compared.',
    fixture: 'reference-inputs-changed',
  },
  {
    id: 'key-unusable',
    area: 'behavior',
    bump: 'minor',
    meaning: 'Rows have no usable `reference.key` value (a string or a number), so they cannot be paired and their behavior is unverified.',
    fixture: 'key-unusable',
  },
  {
    id: 'key-duplicate',
    area: 'behavior',
    bump: 'minor',
    meaning: 'Rows repeat a `reference.key` value already seen on their side, so they are not compared.',
    fixture: 'key-duplicate',
  },
  {
    id: 'key-missing-at-head',
    area: 'behavior',
    bump: 'minor',
    meaning: 'Base rows have no head row with the same `reference.key`, so their behavior is unverified.',
    fixture: 'key-missing-at-head',
  },
  {
    id: 'key-added-at-head',
    area: 'behavior',
    bump: 'none',
    meaning:
      'Head rows have a `reference.key` the base does not have: there is nothing to compare them with, so they are only checked against the output schemas.',
    fixture: 'key-added-at-head',
  },
  // Waivers.
  {
    id: 'waiver-expired',
    area: 'contract',
    bump: 'none',
    blocking: 'always',
    meaning:
      'A waiver whose `expires` day has passed still matches a finding: the acceptance was given until that day, so the finding counts again and the gate fails until the waiver is renewed or the change fixed.',
    fixture: 'waiver-expired',
  },
  {
    id: 'waiver-unused',
    area: 'contract',
    bump: 'none',
    meaning:
      'A waiver matches no finding of the change (the finding went away, or its `pointer` is wrong): a note to remove it, so that it cannot silently cover a later change.',
    fixture: 'waiver-unused',
  },
  {
    id: 'waiver-forbidden',
    area: 'contract',
    bump: 'none',
    blocking: 'always',
    meaning: 'The contract lists waivers and the policy sets `waivers: never`: no waiver applies and the gate fails until they are removed.',
    fixture: 'waiver-forbidden',
  },
];

export function findingById(id: string): FindingEntry | undefined {
  return FINDINGS.find((f) => f.id === id);
}
