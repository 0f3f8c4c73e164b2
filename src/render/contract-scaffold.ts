/**
 * The contract `init` writes: a model-contract.yaml whose comments explain each field, so that a
 * first contract can be read and completed without the documentation open. Pure: text in, text out.
 */
import type { ImportKind } from '../core/tensor.js';

export interface ScaffoldSpec {
  model: string;
  version: string;
  /** Where the interface came from, one line (e.g. "the MLflow signature in model/MLmodel"). */
  source: string;
  /** Contract-relative paths of the schema files written beside the contract. */
  schemas: { input: string; output: string; params?: string };
  /** When the interface was imported: how to read it from the model file instead of the frozen copy. */
  from?: { kind: ImportKind; path: string };
  /** Contract-relative paths of the reference samples. */
  reference?: { inputs: string; predictions: string };
}

/** A YAML scalar for any string: JSON's quoting is valid YAML and leaves nothing to interpretation. */
const q = (s: string) => JSON.stringify(s);

export function renderContractScaffold(spec: ScaffoldSpec): string {
  const lines: string[] = [
    '# Model contract: what this model promises its consumers. The gate compares this file at the',
    '# base of a pull request with the head, works out the SemVer bump the change requires (MAJOR for',
    '# a break, MINOR for an addition, PATCH for a retrain within tolerance) and fails when `version`',
    '# understates it. Check this file with: model-contract-gate validate',
    '',
    '# The format of this file.',
    'contract: 1',
    '# Stable identity of the model (a-z, 0-9, ".", "_", "-"). Keep it when the file moves: contracts',
    '# are paired by this id first.',
    `model: ${q(spec.model)}`,
    '# The SemVer version this change releases. Raise it in each pull request that changes the model;',
    '# "model-contract-gate next-version --base-ref main" prints the version to set.',
    `version: ${q(spec.version)}`,
    '# One sentence for the report and the release notes.',
    `description: ${q(`TODO: what ${spec.model} predicts, for whom.`)}`,
    '',
    `# The interface, as JSON Schema (draft 2020-12), from ${spec.source}.`,
    '# Inputs must keep accepting what they accepted; outputs must stay within what they promised.',
    '# Tighten the schemas (required fields, enums, bounds) to what consumers rely on.',
  ];
  if (spec.from) {
    lines.push(
      '# This is a frozen copy: edit it freely. To read the interface from the model file on every run',
      '# instead, replace input/output/params with:',
      `#   from: { ${spec.from.kind}: ${q(spec.from.path)} }`,
    );
  }
  lines.push('interface:', `  input: { $ref: ${q(spec.schemas.input)} }`, `  output: { $ref: ${q(spec.schemas.output)} }`);
  if (spec.schemas.params) lines.push(`  params: { $ref: ${q(spec.schemas.params)} }`);
  lines.push(
    '',
    '# Who calls the model: their owners are mentioned when a change breaks the fields they read.',
    '# consumers:',
    '#   - name: ranking-service',
    '#     owners: ["@acme/ranking"]',
    '#     fields: [/score]',
    '',
    '# What the model was made from: a change here (a retrain) needs at least a PATCH bump.',
    '# lineage:',
    '#   training_data: dataset-name@revision',
    '#   architecture: gradient-boosted-trees',
    '#   hyperparameters: { learning_rate: 0.05 }',
    '',
    '# The model file itself: a different digest with the same version fails the gate.',
    '# artifact:',
    '#   path: model/model.pkl',
    '#   sha256: <sha256 of the file>',
    '',
  );
  if (spec.reference) {
    lines.push(
      '# The reference dataset: inputs, and the predictions this version makes on them. A change of',
      '# predictions beyond the tolerances needs a MINOR (or MAJOR) bump. Add tolerances per field, e.g.',
      '#   tolerances:',
      '#     - { field: /score, abs: 0.02, max_violation_rate: 0.05 }',
      '# and `key: id` to join rows by a field instead of by position.',
      'reference:',
      `  inputs: ${q(spec.reference.inputs)}`,
      `  predictions: ${q(spec.reference.predictions)}`,
    );
  } else {
    lines.push(
      '# The reference dataset: inputs (JSONL or CSV) and the predictions this version makes on them,',
      '# for the behavior checks ("init --inputs FILE --predictions FILE" fills it in).',
      '# reference:',
      '#   inputs: reference/inputs.jsonl',
      '#   predictions: reference/predictions.jsonl',
      '#   tolerances:',
      '#     - { field: /score, abs: 0.02, max_violation_rate: 0.05 }',
    );
  }
  return lines.join('\n') + '\n';
}
