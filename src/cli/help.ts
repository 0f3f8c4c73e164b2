export const COMMANDS = ['check', 'diff-schema', 'next-version', 'release-notes', 'import', 'validate', 'init'] as const;
export type Command = (typeof COMMANDS)[number];

const COMMON = `
Options:
  --format text|json|markdown   output format (default: text)
  -h, --help                    show this help`;

const EXCLUDE = `
  --exclude GLOB                leave out the contracts whose repository-relative path (or
                                a folder above it) matches GLOB; repeatable`;

const POLICY = `
  --policy FILE                 a policy file (YAML or JSON): bump, open-content,
                                output-enum-extension, allow-model-removal, notify,
                                deprecation-days, require-deprecation, waivers
  --exact                       fail when the declared bump is larger than required
  --allow-model-removal         a deleted contract passes
  --predict "CMD ARG…"          run CMD (an argument list, no shell) with the reference
                                inputs as JSONL on stdin; its JSONL stdout, one prediction
                                per input row, stands for the head's reference predictions
  --now YYYY-MM-DD              the day deprecation windows are counted to (default:
                                today; never a commit's date, which its author sets)`;

export const HELP: Record<Command | 'main', string> = {
  main: `model-contract-gate — gate changes to machine-learning models by their contracts

Usage:
  model-contract-gate check BASE HEAD               compare two contract files
  model-contract-gate check --base-ref REF [PATH…]  every contract in the working tree
                                                    against its version at git ref REF
  model-contract-gate diff-schema OLD NEW --direction input|output
                                                    the interface analyser on two schemas
  model-contract-gate next-version BASE HEAD        the smallest version that passes
  model-contract-gate next-version --base-ref REF [PATH]
                                                    the same, for a contract against git ref REF
  model-contract-gate release-notes BASE HEAD       a markdown release note for the change
  model-contract-gate import KIND FILE               the interface of an MLmodel, an ONNX
                                                    model, V2 metadata, a Triton config.pbtxt,
                                                    a SavedModel, an OpenAPI operation or
                                                    Protobuf messages, as JSON Schema
  model-contract-gate validate [FILE…]              validate contract files (default: every
                                                    contract in the repository)
  model-contract-gate init [MODEL] [--inputs F --predictions F]
                                                    scaffold a commented contract from a model
                                                    file or from samples

Run "model-contract-gate COMMAND --help" for a command's options.

Exit codes: 0 passed, 1 the gate failed, 2 unreadable or invalid input, or wrong usage.`,
  check: `Usage:
  model-contract-gate check BASE HEAD [options]
  model-contract-gate check --base-ref REF [PATH…] [options]

Works out the bump each change requires and checks it against the declared version.
With --base-ref, every model-contract.yaml, .yml or .json in the working tree (or under
the PATHs, less --exclude) is compared with its version at the git ref REF. Contracts are paired by their
model id first (a contract moved or renamed is still the same model), by path second; a
model with no contract at REF is new, one with none in the working tree was deleted. A
PATH under which there is no contract at REF nor in the working tree is an error.

--format markdown prints the pull-request comment the GitHub Action posts (same content,
same 65,000-character cap, same mentions; without the hidden marker), ready for
"gh pr comment --body-file -" or any other forge. These add what needs the run:
  --link-base URL               the repository's web address (https://github.com/OWNER/REPO):
                                findings link to URL/blob/SHA/FILE#LLINE (needs --head-sha;
                                run from the repository root so that paths match)
  --head-sha SHA                the head commit: the links' commit, named under the verdict
  --run-url URL                 the CI run whose summary has the full report
  --docs-base URL               the address of docs/rules.md: rule ids link to URL#RULE-ID
The text report groups findings by rule and shows five places per group:
  --all                         every place of every group
${COMMON}
  --base-ref REF                every contract in the working tree against git ref REF${EXCLUDE}${POLICY}

With --base-ref, a contract that cannot be read is listed in the report beside the other
models (text, markdown and JSON "invalid") and on stderr; the run then exits 2.

Exit codes: 0 passed, 1 the gate failed, 2 unreadable or invalid input, or wrong usage.`,
  'diff-schema': `Usage:
  model-contract-gate diff-schema OLD NEW --direction input|output [options]

The interface analyser alone, on two JSON Schema files (YAML or JSON). Inputs must keep
accepting what they accepted (new ⊇ old); outputs must stay within what consumers were
promised (new ⊆ old). Prints the findings and the bump they require.
${COMMON}
  --direction input|output      which side of the model the schemas describe (required)
  --policy FILE                 a policy file (open-content, output-enum-extension)
  --lattice json-schema|exact-dtype|mlflow
                                the serving runtime's rules for element types (default:
                                json-schema; exact-dtype: ONNX Runtime, Triton, KServe V2;
                                mlflow: MLflow's input column conversions)

Environment: MODEL_CONTRACT_GATE_TIMINGS=1 writes how long reading, analysing and rendering
took to stderr (what npm run bench reads).

Exit codes: 0 compared (whatever the bump), 2 unreadable or invalid input, or wrong usage.`,
  'next-version': `Usage:
  model-contract-gate next-version BASE HEAD [options]
  model-contract-gate next-version --base-ref REF [PATH] [options]

Prints the smallest version above BASE's that the change from BASE to HEAD would pass with:
the version to set. With --base-ref, BASE is the contract at git ref REF and HEAD the one in
the working tree; the repository (or PATH) must hold exactly one contract.
${COMMON}
  --base-ref REF                read BASE from git ref REF${EXCLUDE}${POLICY}

Exit codes: 0 printed, 1 no version passes (a finding blocks whatever the version),
2 unreadable or invalid input, or wrong usage.`,
  'release-notes': `Usage:
  model-contract-gate release-notes BASE HEAD [options]
  model-contract-gate release-notes --base-ref REF [PATH…] [options]

Prints a markdown release note for each model's change: old → new version, the bump and
why, the changes grouped by bump, the lineage diff, the behavior numbers, a migration
guide for MAJOR changes, who is affected, and whether the previous version is a safe
rollback target.

With --format json, prints the registry hand-off instead: per model, the MLflow
model-version tags semantic_version, version_bump_type and breaking_changes, and the
release note for the version's description (see docs/registry.md).
  -h, --help                    show this help
  --format markdown|json        markdown (default) or the registry hand-off as JSON
  --base-ref REF                every contract in the working tree against git ref REF${EXCLUDE}${POLICY}

Exit codes: 0 printed (whatever the verdict), 2 unreadable or invalid input, or wrong usage.`,
  import: `Usage:
  model-contract-gate import mlflow|onnx|kserve|triton|savedmodel FILE [--signature NAME]
  model-contract-gate import openapi FILE --path /api/v2/predict [--method post]
  model-contract-gate import proto FILE --input REQUEST --output RESPONSE

Reads the interface a model already ships with — an MLflow MLmodel signature, an ONNX
model's graph, KServe / Open Inference Protocol V2 metadata (or an MLServer
model-settings.json), a Triton model configuration (config.pbtxt), a TensorFlow
SavedModel's serving signature (saved_model.pb, or its directory), one operation of an
OpenAPI 3.x document (JSON request body and success response) or two Protobuf messages
(by the proto3 JSON mapping) — and prints it as JSON Schema: {"input", "output",
"params"?}, ready to freeze into a contract's interface. A contract can also read it
directly with interface: {from: {KIND: path}} (openapi with path, proto with input and
output). See docs/imports.md for the mapping.
  --signature NAME              savedmodel: the signature to read (default serving_default)
  --path PATH                   openapi: the operation's path
  --method METHOD               openapi: the operation's method (default: post)
  --input MESSAGE               proto: the request message
  --output MESSAGE              proto: the response message
  -h, --help                    show this help

Exit codes: 0 printed, 2 unreadable or invalid input, or wrong usage.`,
  validate: `Usage:
  model-contract-gate validate [FILE…] [options]

Validates contract files: the format, the version, the interface schemas and every file
they reference. Without FILE, every model-contract.yaml, .yml or .json in the repository
(or, outside git, under the current folder) is validated. Every file is reported: the valid
ones on stdout, the problems of the others on stderr.
${COMMON}${EXCLUDE}

Exit codes: 0 every file is valid, 2 a file is unreadable or invalid (or none was found),
or wrong usage.`,
  init: `Usage:
  model-contract-gate init MODEL [options]
  model-contract-gate init --inputs FILE --predictions FILE [options]
  model-contract-gate init MODEL --inputs FILE --predictions FILE [options]

Scaffolds a contract: model-contract.yaml, with comments explaining each field, and its
interface as JSON Schema files in schemas/ (input, output, and params when the model has
them). MODEL is an MLflow MLmodel (or its folder), an ONNX model (.onnx), or KServe / Open
Inference Protocol V2 metadata or an MLServer model-settings.json (.json, or a folder holding
model-settings.json); its interface is imported as "import" does and frozen into the schema
files. Without MODEL, the schemas are inferred (genson-js) from the first 10,000 rows of the
input and prediction samples (JSONL or CSV). With samples, the contract's reference section
points at them (they are copied into reference/ when they lie outside the repository).
The contract written is validated before init says it is done.
  -h, --help                    show this help
  --inputs FILE                 sample inputs, one record per row (JSONL or CSV)
  --predictions FILE            the model's predictions on them, one per row
  --out DIR                     the folder to write into (default: the current folder)
  --model ID                    the model id (default: from the folder's name)
  --model-version X.Y.Z         the version to start at (default: 0.1.0)
  --force                       overwrite files that exist (default: nothing is overwritten)

Exit codes: 0 written, 2 unreadable input, a file in the way, or wrong usage.`,
};
