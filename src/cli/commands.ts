import { parseArgs } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, InputErrors, UsageError } from '../core/errors.js';
import { maxBumpOf } from '../core/bump.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import { diffSchemas, publicFinding } from '../analysers/interface/diff.js';
import { LATTICES, type Lattice } from '../analysers/interface/lattice.js';
import { sortFindings } from '../verdict/decide.js';
import type { ContractProblem, Report } from '../verdict/report.js';
import { renderJson } from '../render/json.js';
import { renderDiffMarkdown } from '../render/markdown.js';
import { COMMIT_ID, renderPrComment, SAFE_URL, type CommentContext } from '../render/comment.js';
import { plain, renderDiffText, renderText } from '../render/text.js';
import { blockingFindings, releaseVersion } from '../verdict/release.js';
import { COMMANDS, HELP, type Command } from './help.js';
import { parsePolicy } from '../contract/policy.js';
import { inputErrorsOf } from '../contract/pairs.js';
import { contractPairs, discoverContractFiles, loadContractFile, loadSchemaFile } from './sources.js';
import { parsePredictCommand } from './predict.js';
import { initContract } from './init.js';
import { invalidContract, runGate, type ContractPair, type GateOptions } from '../pipeline/gate.js';
import { parseDay } from '../core/date.js';
import { IMPORT_KINDS, importOnnxFile, importSavedModelFile, importWith, KIND_WORDS, type ImportKind } from '../readers/imports/index.js';
import { resolveInside } from '../core/paths.js';
import { existsSync } from 'node:fs';
import { renderReleaseNotes } from '../render/release-notes.js';
import { registryEntries } from '../render/registry.js';
import { importLimit, MAX_DOCUMENT_BYTES, readRegularFile, statRegularFile } from '../readers/files.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the text report (a terminal without NO_COLOR). */
  color: boolean;
  /** Write how long reading, analysing and rendering took to stderr (MODEL_CONTRACT_GATE_TIMINGS=1). */
  timings?: boolean;
}

type Format = 'text' | 'json' | 'markdown';
type Values = ReturnType<typeof parse>['values'];

const OPTIONS = {
  format: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  'base-ref': { type: 'string' },
  direction: { type: 'string' },
  lattice: { type: 'string' },
  policy: { type: 'string' },
  exact: { type: 'boolean' },
  'allow-model-removal': { type: 'boolean' },
  predict: { type: 'string' },
  now: { type: 'string' },
  'link-base': { type: 'string' },
  'docs-base': { type: 'string' },
  'head-sha': { type: 'string' },
  'run-url': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  inputs: { type: 'string' },
  predictions: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  model: { type: 'string' },
  'model-version': { type: 'string' },
  signature: { type: 'string' },
  path: { type: 'string' },
  method: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
} as const;

/** The options each command takes (docs/cli.md and the help are tested against it). */
export const ALLOWED: Record<Command, (keyof typeof OPTIONS)[]> = {
  check: [
    'format',
    'all',
    'help',
    'base-ref',
    'policy',
    'exact',
    'allow-model-removal',
    'predict',
    'now',
    'link-base',
    'head-sha',
    'run-url',
    'docs-base',
    'exclude',
  ],
  'diff-schema': ['format', 'help', 'direction', 'policy', 'lattice'],
  'next-version': ['format', 'help', 'base-ref', 'exclude', 'policy', 'exact', 'allow-model-removal', 'predict', 'now'],
  'release-notes': ['format', 'help', 'base-ref', 'exclude', 'policy', 'exact', 'allow-model-removal', 'predict', 'now'],
  import: ['help', 'signature', 'path', 'method', 'input', 'output'],
  validate: ['format', 'help', 'exclude'],
  init: ['help', 'inputs', 'predictions', 'out', 'force', 'model', 'model-version'],
};

/**
 * The nearest of `names` to a mistyped `name`, as ' (did you mean "x"?)', or '' when nothing is
 * near: within a third of the word's length (at least 2 edits), so `chek` → `check` but `xyz`
 * suggests nothing.
 */
export function didYouMean(name: string, names: readonly string[], prefix = ''): string {
  if (names.length === 0) return '';
  const near = closest(name, [...names]);
  return distance(name, near) <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${prefix}${near}"?)` : '';
}

function parse(argv: string[], cmd: Command) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    // node:util names the unknown option as '--name' (or '-x'); suggest the nearest this command takes.
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message);
    const hint = unknown ? didYouMean(unknown[1]!, ALLOWED[cmd], '--') : '';
    throw new UsageError(message + hint);
  }
}

async function readPolicy(values: Values): Promise<Policy> {
  let policy = { ...DEFAULT_POLICY };
  if (values.policy !== undefined) {
    const bytes = await readRegularFile(values.policy, { maxBytes: MAX_DOCUMENT_BYTES, what: 'the policy file' });
    policy = parsePolicy(bytes, values.policy);
  }
  if (values.exact) policy.bump = 'exact';
  if (values['allow-model-removal']) policy.allowModelRemoval = true;
  return policy;
}

function render(report: Report, format: Format, io: Io, comment: CommentContext, all = false): string {
  if (format === 'json') return renderJson(report);
  // The very body the Action posts, without the marker it finds its own comment by.
  if (format === 'markdown') return renderPrComment(report, comment);
  return renderText(report, { color: io.color, all });
}

/** What the comment says about the run (--link-base, --head-sha, --run-url, --base-ref), checked before any work. */
function commentContext(values: Values, format: Format): CommentContext {
  const given = (['link-base', 'head-sha', 'run-url', 'docs-base'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 0 && format !== 'markdown') throw new UsageError(`--${given[0]} is for --format markdown`);
  const url = (name: 'link-base' | 'run-url' | 'docs-base') => {
    const v = values[name];
    if (v !== undefined && !SAFE_URL.test(v))
      throw new UsageError(`--${name} must be an http(s) address without spaces, quotes or brackets, got ${JSON.stringify(v)}`);
    return v?.replace(/\/+$/, '');
  };
  const linkBase = url('link-base');
  const runUrl = url('run-url');
  const docsBase = url('docs-base');
  const headSha = values['head-sha'];
  if (headSha !== undefined && !COMMIT_ID.test(headSha))
    throw new UsageError(`--head-sha must be a commit id (7 to 64 hex digits), got ${JSON.stringify(headSha)}`);
  if (linkBase !== undefined && headSha === undefined) throw new UsageError('--link-base needs --head-sha (the commit the links point into)');
  return {
    ...(linkBase ? { linkBase } : {}),
    ...(headSha ? { headSha } : {}),
    ...(runUrl ? { runUrl } : {}),
    ...(docsBase ? { docsBase } : {}),
    ...(values['base-ref'] !== undefined ? { base: values['base-ref'] } : {}),
  };
}

/**
 * "Today" for deprecation windows: --now, else the clock. Never a commit's date: its author sets
 * it, and a commit dated years ahead would open every window.
 */
function nowOf(values: Values): string | Date {
  if (values.now !== undefined) {
    if (parseDay(values.now) === null) throw new UsageError(`--now must be a date YYYY-MM-DD, got ${JSON.stringify(values.now)}`);
    return `${values.now}T00:00:00Z`;
  }
  return new Date();
}

/** The gate's options from the command line: policy file and switches, --predict, --now. */
async function gateOptions(values: Values): Promise<GateOptions> {
  const policy = await readPolicy(values);
  const predict = values.predict !== undefined ? parsePredictCommand(values.predict) : undefined;
  return { policy, now: nowOf(values), ...(predict ? { predict } : {}) };
}

/** The pairs to compare: two contract files, or every contract against a git ref (with those that cannot be read). */
async function pairsOf(
  positionals: string[],
  values: Values,
  command: string,
): Promise<{ pairs: ContractPair[]; invalid: { path: string; errors: InputError[] }[] }> {
  if (values['base-ref'] !== undefined) return contractPairs(values['base-ref'], positionals, values.exclude ?? []);
  if (values.exclude !== undefined) throw new UsageError('--exclude is for --base-ref (two contract files are compared as given)');
  if (positionals.length !== 2) throw new UsageError(`${command} needs two contract files (BASE HEAD), or --base-ref REF`);
  return { pairs: [await loadBoth(positionals[0]!, positionals[1]!)], invalid: [] };
}

/**
 * Every model's report. The options are read first: a bad --now or policy is reported before any
 * contract is read. Contracts that cannot be read are in the report (`invalid`) when `keepInvalid`
 * and there are other models to report beside them; otherwise they are the run's error (nothing
 * else to show, or a command whose output is about one change).
 */
async function compareAll(positionals: string[], values: Values, command: string, keepInvalid = false): Promise<Report> {
  const options = await gateOptions(values);
  const { pairs, invalid } = await pairsOf(positionals, values, command);
  if (invalid.length > 0 && (!keepInvalid || pairs.length === 0)) throw new InputErrors(invalid.flatMap((i) => i.errors));
  return runGate(pairs, { ...options, invalid });
}

async function checkCommand(positionals: string[], values: Values, format: Format, io: Io): Promise<number> {
  const comment = commentContext(values, format);
  const report = await compareAll(positionals, values, 'check', true);
  io.stdout(render(report, format, io, comment, values.all === true));
  // The report is whole; the contracts it could not read are also said on stderr, and the exit
  // code is the one for invalid input: no fail-on setting or `|| true` on 1 lets them through.
  if (report.invalid) {
    io.stderr(report.invalid.flatMap((i) => i.problems.map((p) => plain(problemText(p)) + '\n')).join(''));
    return 2;
  }
  return report.verdict === 'pass' ? 0 : 1;
}

async function releaseNotes(positionals: string[], values: Values, io: Io): Promise<number> {
  // Markdown by default (the note itself); JSON is the registry hand-off, one entry per model.
  const format = values.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`release-notes prints markdown or json, got --format ${format}`);
  const report = await compareAll(positionals, values, 'release-notes');
  io.stdout(format === 'json' ? renderJson({ models: registryEntries(report) }) : renderReleaseNotes(report));
  return 0;
}

/** The selectors of `import openapi|proto`, checked before anything is read. */
function importSelectors(kind: string, values: ReturnType<typeof parse>['values']) {
  const given = (['path', 'method', 'input', 'output'] as const).filter((k) => values[k] !== undefined);
  const own = kind === 'openapi' ? ['path', 'method'] : kind === 'proto' ? ['input', 'output'] : [];
  const stray = given.find((k) => !own.includes(k));
  if (stray) throw new UsageError(`--${stray} is for import ${stray === 'path' || stray === 'method' ? 'openapi' : 'proto'}`);
  if (kind === 'openapi' && values.path === undefined)
    throw new UsageError("import openapi needs --path, the operation's path (e.g. --path /api/v2/predict)");
  if (kind === 'openapi' && values.path !== undefined && !values.path.startsWith('/'))
    throw new UsageError(`--path must start with "/", got ${JSON.stringify(values.path)}`);
  const method = values.method?.toLowerCase();
  if (method !== undefined && !['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method))
    throw new UsageError(
      `--method must be an HTTP method (get, put, post, delete, options, head, patch, trace), got ${JSON.stringify(values.method)}`,
    );
  if (kind === 'proto' && (values.input === undefined || values.output === undefined))
    throw new UsageError('import proto needs --input and --output, the request and response message names');
  return {
    ...(values.path !== undefined ? { path: values.path } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(values.input !== undefined ? { input: values.input } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
}

async function importCommand(positionals: string[], values: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
  const [kind, given] = positionals;
  if (positionals.length !== 2 || !IMPORT_KINDS.includes(kind as ImportKind))
    throw new UsageError(`import needs a kind (${IMPORT_KINDS.join(', ')}) and a file, e.g. "import mlflow model/MLmodel"`);
  if (values.signature !== undefined && kind !== 'savedmodel') throw new UsageError('--signature goes with "import savedmodel"');
  const selectors = importSelectors(kind!, values);
  let file = given!;
  const directory = (await stat(file).catch(() => null))?.isDirectory() === true;
  if (directory && kind !== 'savedmodel' && (await stat(path.join(file, 'saved_model.pb')).catch(() => null))?.isFile())
    throw new InputError(
      file,
      `the folder is a TensorFlow SavedModel, not ${KIND_WORDS[kind as ImportKind]}; use \`model-contract-gate import savedmodel …\``,
    );
  let imported;
  if (kind === 'savedmodel') {
    // A SavedModel directory stands for the saved_model.pb in it; the file is read by parts like an ONNX model.
    if (directory) file = path.join(file, 'saved_model.pb');
    await statRegularFile(file, { what: 'the savedmodel file' });
    imported = importSavedModelFile(file, file, values.signature !== undefined ? { signature: values.signature } : {});
  } else if (kind === 'onnx') {
    // An ONNX model is read from disk by parts: its weights (up to gigabytes) are never loaded.
    // A directory, a pipe or a device is refused before it is opened.
    await statRegularFile(file!, { what: 'the onnx file' });
    imported = importOnnxFile(file!, file!);
  } else {
    const bytes = await readRegularFile(file!, { maxBytes: importLimit(kind!), what: `the ${kind} file` });
    // A .proto file's imports are read from the current folder down (the repository, as for a contract), never above it.
    const rel = resolveInside('', path.relative('.', file!).split(path.sep).join('/'));
    const entry = typeof rel === 'string' ? rel : path.posix.basename(file!);
    imported = await importWith(kind as ImportKind, bytes, file!, {
      ...selectors,
      files: {
        rel: entry,
        read: async (r) => {
          if (typeof rel !== 'string')
            throw new InputError(
              file!,
              'the .proto file is outside the current folder, so its imports are not read; run the command from the repository root',
            );
          if (!existsSync(r)) return null;
          return await readRegularFile(r, { maxBytes: importLimit('proto'), what: 'the imported .proto file' });
        },
        display: (r) => (r === entry ? file! : r),
      },
    });
  }
  io.stdout(renderJson({ input: imported.input, output: imported.output, ...(imported.params ? { params: imported.params } : {}) }));
  // How the file was read (tensors not declared, duplicate column names): said, not printed as schema.
  for (const note of imported.notes ?? []) io.stderr(`model-contract-gate: note: ${plain(note.message)}\n`);
  return 0;
}

/** Wait for every read; report the input errors of all of them together, before any output. */
async function settle<T>(reads: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(reads);
  const errors: InputError[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') continue;
    const found = inputErrorsOf(r.reason);
    if (!found) throw r.reason;
    for (const item of found) errors.push(item);
  }
  // The same file read twice (BASE and HEAD alike) says each problem once.
  const unique = errors.filter((e, i) => errors.findIndex((x) => x.format() === e.format()) === i);
  if (unique.length > 0) throw new InputErrors(unique);
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Read both contract files before anything is reported. */
async function loadBoth(a: string, b: string) {
  const [base, head] = await settle([loadContractFile(a), loadContractFile(b)]);
  return [base!, head!] as const;
}

/** `file:line:column: message (at /pointer)`, as InputError.format says it. */
function problemText(p: ContractProblem): string {
  return new InputError(p.file, p.message, {
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    ...(p.pointer !== undefined ? { pointer: p.pointer } : {}),
  }).format();
}

async function diffSchema(positionals: string[], values: Values, format: Format, io: Io): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('diff-schema needs two schema files (OLD NEW)');
  const direction = values.direction;
  if (direction !== 'input' && direction !== 'output') throw new UsageError('diff-schema needs --direction input or --direction output');
  const lattice = values.lattice ?? 'json-schema';
  if (!(LATTICES as readonly string[]).includes(lattice)) throw new UsageError(`diff-schema --lattice must be one of ${LATTICES.join(', ')}`);
  const started = performance.now();
  const policy = await readPolicy(values);
  const [oldSet, newSet] = await settle([loadSchemaFile(positionals[0]!), loadSchemaFile(positionals[1]!)]);
  const read = performance.now();
  const findings = sortFindings(diffSchemas(oldSet!, newSet!, direction, policy, { lattice: lattice as Lattice }).map(publicFinding));
  const analysed = performance.now();
  const required = maxBumpOf(findings.map((f) => f.bump));
  let text: string;
  if (format === 'json') text = renderJson({ required, findings });
  else if (format === 'markdown') text = renderDiffMarkdown(direction, required, findings);
  else text = renderDiffText(direction, required, findings, { color: io.color });
  const rendered = performance.now();
  io.stdout(text);
  if (io.timings) {
    const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
    io.stderr(`timings: read ${ms(started, read)}, analyse ${ms(read, analysed)}, render ${ms(analysed, rendered)}\n`);
  }
  return 0;
}

async function nextVersionCommand(positionals: string[], values: Values, format: Format, io: Io): Promise<number> {
  const options = await gateOptions(values);
  let pair: ContractPair;
  if (values['base-ref'] !== undefined) {
    if (positionals.length > 1) throw new UsageError('next-version --base-ref takes at most one PATH (one contract)');
    const { pairs, invalid } = await contractPairs(values['base-ref'], positionals, values.exclude ?? []);
    if (invalid.length > 0) throw new InputErrors(invalid.flatMap((i) => i.errors));
    if (pairs.length !== 1)
      throw new UsageError(
        `next-version prints one model's version, and ${positionals[0] ?? 'the repository'} holds ${pairs.length} contracts: ${pairs
          .map(([b, h]) => (h ?? b)!.path)
          .join(', ')}; name one (next-version --base-ref REF PATH)`,
      );
    pair = pairs[0]!;
  } else {
    if (values.exclude !== undefined) throw new UsageError('--exclude is for --base-ref');
    if (positionals.length !== 2) throw new UsageError('next-version needs two contract files (BASE HEAD), or --base-ref REF [PATH]');
    pair = await loadBoth(positionals[0]!, positionals[1]!);
  }
  const m = (await runGate([pair], options)).models[0]!;
  // `version` keeps its meaning (the version that passes, null when a finding blocks); `release` is
  // the version the change requires all the same, so one run tells both what to release and what to fix.
  const release = releaseVersion(m);
  const blocking = blockingFindings(m);
  if (format === 'json')
    io.stdout(
      renderJson({
        model: m.model,
        base: m.base,
        required: m.required,
        version: m.suggested,
        release,
        blocking: blocking.map((f) => ({ id: f.id, message: f.message, ...(f.pointer !== undefined ? { pointer: f.pointer } : {}) })),
      }),
    );
  else if (release !== null) io.stdout(`${release}\n`);
  if (m.suggested === null) {
    const then = release !== null ? `; release as ${plain(release)} once ${blocking.length === 1 ? 'it is' : 'they are'} fixed` : '';
    const list = blocking.map((f) => `  ${plain(f.id)}: ${plain(f.message)}${f.hint ? ` Fix: ${plain(f.hint)}` : ''}\n`).join('');
    io.stderr(
      blocking.length > 0
        ? `${plain(m.path)}: no version passes until ${blocking.length === 1 ? 'this blocking finding is' : `these ${blocking.length} blocking findings are`} fixed${then}:\n${list}`
        : `${plain(m.path)}: no version passes: ${plain(m.summary)}\n`,
    );
    return 1;
  }
  return 0;
}

async function validate(positionals: string[], values: Values, format: Format, io: Io): Promise<number> {
  if (positionals.length > 0 && values.exclude !== undefined)
    throw new UsageError('--exclude is for validate without FILE (the files given are validated as given)');
  const files = positionals.length > 0 ? positionals : await discoverContractFiles(values.exclude ?? []);
  const errors: InputError[] = [];
  const invalid: { file: string; problems: ContractProblem[] }[] = [];
  const valid: { file: string; model: string; version: string }[] = [];
  for (const file of files) {
    try {
      const c = await loadContractFile(file);
      valid.push({ file: c.file, model: c.contract.model, version: c.contract.version });
    } catch (err) {
      const found = inputErrorsOf(err);
      if (!found) throw err;
      for (const item of found) errors.push(item);
      invalid.push({ file, problems: invalidContract(file, found).problems });
    }
  }
  // Nothing valid to show beside the problems: they are the whole answer, on stderr.
  if (errors.length > 0 && valid.length === 0) throw new InputErrors(errors);
  if (format === 'json') io.stdout(renderJson({ valid: errors.length === 0, files: valid, ...(invalid.length > 0 ? { invalid } : {}) }));
  else
    io.stdout(
      [
        ...valid.map((v) => `valid: ${plain(v.file)} (${plain(v.model)} ${plain(v.version)})`),
        ...invalid.map((i) => `invalid: ${plain(i.file)} (${i.problems.length} problem${i.problems.length === 1 ? '' : 's'}, on stderr)`),
      ].join('\n') + '\n',
    );
  if (errors.length > 0) {
    io.stderr(errors.map((e) => plain(e.format())).join('\n') + '\n');
    return 2;
  }
  return 0;
}

async function initCommand(positionals: string[], values: Values, io: Io): Promise<number> {
  if (positionals.length > 1) throw new UsageError('init takes one model file or folder (or none, with --inputs and --predictions)');
  const written = await initContract({
    ...(positionals[0] !== undefined ? { source: positionals[0] } : {}),
    ...(values.inputs !== undefined ? { inputs: values.inputs } : {}),
    ...(values.predictions !== undefined ? { predictions: values.predictions } : {}),
    out: values.out ?? '.',
    force: values.force === true,
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['model-version'] !== undefined ? { version: values['model-version'] } : {}),
  });
  io.stdout(
    written.map((f) => `wrote ${plain(f)}\n`).join('') +
      `Next: fill in the TODOs and the commented fields, then run "model-contract-gate validate ${plain(written[0]!)}".\n`,
  );
  return 0;
}

/** Run the CLI; returns the exit code. Never throws: every error becomes a message and code 2. */
export async function runCommandLine(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP.main + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (!(COMMANDS as readonly string[]).includes(command))
      throw new UsageError(`unknown command "${command}"${didYouMean(command, COMMANDS)}; expected one of: ${COMMANDS.join(', ')}`);
    const cmd = command as Command;
    const { values, positionals } = parse(rest, cmd);
    if (values.help) {
      io.stdout(HELP[cmd] + '\n');
      return 0;
    }
    const used = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined) as (keyof typeof OPTIONS)[];
    const wrong = used.find((k) => !ALLOWED[cmd].includes(k));
    if (wrong) throw new UsageError(`${cmd} does not take --${wrong}; it takes ${ALLOWED[cmd].map((o) => `--${o}`).join(', ')}`);
    const format = (values.format ?? 'text') as Format;
    if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json or markdown, got "${values.format}"`);
    switch (cmd) {
      case 'check':
        return await checkCommand(positionals, values, format, io);
      case 'diff-schema':
        return await diffSchema(positionals, values, format, io);
      case 'next-version':
        return await nextVersionCommand(positionals, values, format, io);
      case 'release-notes':
        return await releaseNotes(positionals, values, io);
      case 'import':
        return await importCommand(positionals, values, io);
      case 'validate':
        return await validate(positionals, values, format, io);
      case 'init':
        return await initCommand(positionals, values, io);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`model-contract-gate: ${plain(err.message)}\nRun "model-contract-gate --help" for usage.\n`);
      return 2;
    }
    if (err instanceof InputErrors) {
      io.stderr(err.errors.map((e) => plain(e.format())).join('\n') + '\n');
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr(plain(err.format()) + '\n');
      return 2;
    }
    io.stderr(`model-contract-gate: error: ${plain((err as Error)?.message ?? String(err))}\n`);
    if (process.env.MODEL_CONTRACT_GATE_DEBUG) io.stderr(String((err as Error)?.stack) + '\n');
    return 2;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
