/**
 * `init`: scaffold a contract from what a model already ships with (an MLflow MLmodel, an ONNX
 * model, KServe / MLServer metadata) or from samples of its inputs and predictions (JSONL or CSV).
 * The interface is frozen into schema files beside the contract (a copy the author can tighten,
 * and that works wherever the model file lives); the contract's comments say how to read it from
 * the model file instead. Nothing is overwritten without --force.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { createCompoundSchema, type Schema } from 'genson-js';
import { InputError, InputErrors, UsageError } from '../core/errors.js';
import { versionProblem } from '../core/version.js';
import { importInterface, importOnnxFile, type ImportKind } from '../readers/imports/index.js';
import { fsErrorWords, importLimit, readRegularFile, statRegularFile } from '../readers/files.js';
import { rowsFromFile } from '../readers/rows.js';
import { gitTopLevel } from '../readers/tree.js';
import { renderContractScaffold, type ScaffoldSpec } from '../render/contract-scaffold.js';
import { loadContractFile } from './sources.js';

export interface InitOptions {
  source?: string;
  inputs?: string;
  predictions?: string;
  out: string;
  force: boolean;
  model?: string;
  version?: string;
}

/** Schemas are inferred from at most this many rows of each sample: enough to see every field, bounded in time. */
export const MAX_SAMPLE_ROWS = 10_000;

const MODEL_ID = /^[a-z0-9][a-z0-9._-]*$/;
const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** What kind of interface file `source` is (a folder holding an MLmodel or a model-settings.json counts). */
async function sourceOf(source: string): Promise<{ kind: ImportKind; file: string }> {
  let stat;
  try {
    stat = await fs.stat(source);
  } catch (err) {
    throw new InputError(source, `cannot read the model: ${fsErrorWords(err)}`);
  }
  if (stat.isDirectory()) {
    for (const [name, kind] of [
      ['MLmodel', 'mlflow'],
      ['model-settings.json', 'kserve'],
    ] as const) {
      const file = path.join(source, name);
      if (
        await fs.stat(file).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return { kind, file };
    }
    throw new InputError(
      source,
      'this folder holds no MLmodel nor model-settings.json; give the model file itself (MLmodel, .onnx, or V2 metadata .json)',
    );
  }
  const base = path.basename(source);
  if (base === 'MLmodel') return { kind: 'mlflow', file: source };
  if (/\.onnx$/i.test(base)) return { kind: 'onnx', file: source };
  if (/\.json$/i.test(base)) return { kind: 'kserve', file: source };
  throw new InputError(
    source,
    'cannot tell the kind of model file from its name: expected an MLmodel (or its folder), a .onnx model, or KServe / MLServer metadata (.json)',
  );
}

/** The JSON Schema of the rows of a sample file, inferred from its first MAX_SAMPLE_ROWS rows by genson-js. */
async function inferSchema(file: string): Promise<Schema> {
  await statRegularFile(file, { what: 'the sample' });
  const values: Record<string, unknown>[] = [];
  for await (const row of rowsFromFile(file).rows()) {
    values.push(row.value);
    if (values.length >= MAX_SAMPLE_ROWS) break;
  }
  if (values.length === 0) throw new InputError(file, 'the sample has no rows to infer a schema from');
  return { $schema: DRAFT, ...createCompoundSchema(values) } as Schema;
}

/** A model id from a folder or file name: lower case, other characters as "-". */
function modelIdFrom(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
  return id === '' ? 'model' : id;
}

const posix = (p: string) => p.split(path.sep).join('/');

/** Write `text` to `file`; without --force, fail if it appeared since the check (`wx`). */
async function writeNew(file: string, text: string, force: boolean): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, { flag: force ? 'w' : 'wx' });
}

/** Scaffold a contract; returns the paths written, as given relative to the working directory. */
export async function initContract(o: InitOptions): Promise<string[]> {
  if (o.source === undefined && o.inputs === undefined && o.predictions === undefined)
    throw new UsageError('init needs a model (MLmodel or its folder, .onnx, KServe/MLServer .json), or --inputs FILE and --predictions FILE');
  if ((o.inputs === undefined) !== (o.predictions === undefined))
    throw new UsageError('init needs --inputs and --predictions together (the reference dataset is both)');
  if (o.model !== undefined && !MODEL_ID.test(o.model))
    throw new UsageError(`--model must be a model id (a-z, 0-9, ".", "_", "-", starting with a letter or digit), got ${JSON.stringify(o.model)}`);
  if (o.version !== undefined) {
    const problem = versionProblem(o.version);
    if (problem) throw new UsageError(`--model-version: ${problem}`);
  }
  const out = path.resolve(o.out);
  const contractFile = path.join(out, 'model-contract.yaml');
  const show = (abs: string) => posix(path.relative(process.cwd(), abs)) || '.';
  const fromOut = (abs: string) => posix(path.relative(out, abs));

  // Read everything first: a model or sample that cannot be read leaves nothing behind.
  let imported: { input: unknown; output: unknown; params?: unknown } | undefined;
  let source: { kind: ImportKind; file: string } | undefined;
  if (o.source !== undefined) {
    source = await sourceOf(o.source);
    if (source.kind === 'onnx') {
      await statRegularFile(source.file, { what: 'the onnx file' });
      imported = importOnnxFile(source.file, source.file);
    } else {
      const bytes = await readRegularFile(source.file, { maxBytes: importLimit(source.kind), what: `the ${source.kind} file` });
      imported = importInterface(source.kind, bytes, source.file);
    }
  }
  let samples: { inputs: Schema; predictions: Schema } | undefined;
  if (o.inputs !== undefined && o.predictions !== undefined) {
    const results = await Promise.allSettled([inferSchema(o.inputs), inferSchema(o.predictions)]);
    const errors: InputError[] = [];
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      if (!(r.reason instanceof InputError)) throw r.reason;
      errors.push(r.reason);
    }
    if (errors.length > 0) throw new InputErrors(errors);
    samples = {
      inputs: (results[0] as PromiseFulfilledResult<Schema>).value,
      predictions: (results[1] as PromiseFulfilledResult<Schema>).value,
    };
  }

  // The reference samples: pointed at where they are when the contract can reach them (inside its
  // repository, or its folder outside git), else copied beside the contract.
  const root = (await gitTopLevel(await nearestExisting(out))) ?? out;
  const reachable = (abs: string) => !path.relative(root, abs).startsWith('..') && !path.isAbsolute(path.relative(root, abs));
  const copies: { from: string; to: string }[] = [];
  let reference: ScaffoldSpec['reference'];
  if (samples) {
    const place = (file: string) => {
      const abs = path.resolve(file);
      if (reachable(abs)) return fromOut(abs);
      const to = path.join(out, 'reference', path.basename(abs));
      copies.push({ from: abs, to });
      return fromOut(to);
    };
    reference = { inputs: place(o.inputs!), predictions: place(o.predictions!) };
    if (reference.inputs === reference.predictions)
      throw new UsageError('--inputs and --predictions name the same file; the reference dataset needs the inputs and the predictions apart');
  }

  const schemaFiles: Record<string, unknown> = imported
    ? { input: imported.input, output: imported.output, ...(imported.params !== undefined ? { params: imported.params } : {}) }
    : { input: samples!.inputs, output: samples!.predictions };
  const written = [contractFile, ...Object.keys(schemaFiles).map((k) => path.join(out, 'schemas', `${k}.schema.json`)), ...copies.map((c) => c.to)];
  if (!o.force) {
    const existing = [];
    for (const f of written)
      if (
        await fs.lstat(f).then(
          () => true,
          () => false,
        )
      )
        existing.push(f);
    if (existing.length > 0)
      throw new InputErrors(existing.map((f) => new InputError(show(f), 'already exists; init overwrites nothing without --force')));
  }

  const spec: ScaffoldSpec = {
    model: o.model ?? modelIdFrom(path.basename(out)),
    version: o.version ?? '0.1.0',
    source: source
      ? `${{ mlflow: 'the MLflow signature in', onnx: 'the ONNX graph of', kserve: 'the KServe / MLServer metadata in', triton: 'the Triton configuration', savedmodel: 'the SavedModel signature in' }[source.kind as 'mlflow' | 'onnx' | 'kserve' | 'triton' | 'savedmodel']} ${show(path.resolve(source.file))}`
      : `samples of the inputs and predictions (inferred by genson-js from at most ${MAX_SAMPLE_ROWS} rows each: tighten them)`,
    schemas: {
      input: 'schemas/input.schema.json',
      output: 'schemas/output.schema.json',
      ...('params' in schemaFiles ? { params: 'schemas/params.schema.json' } : {}),
    },
    // `from` reads the model file on every run: only offered when the contract can reach it.
    ...(source && reachable(path.resolve(source.file)) ? { from: { kind: source.kind, path: fromOut(path.resolve(source.file)) } } : {}),
    ...(reference ? { reference } : {}),
  };
  try {
    for (const [k, schema] of Object.entries(schemaFiles))
      await writeNew(path.join(out, 'schemas', `${k}.schema.json`), JSON.stringify(schema, null, 2) + '\n', o.force);
    for (const c of copies) {
      await fs.mkdir(path.dirname(c.to), { recursive: true });
      await fs.copyFile(c.from, c.to, o.force ? 0 : constants.COPYFILE_EXCL);
    }
    await writeNew(contractFile, renderContractScaffold(spec), o.force);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const file = (err as NodeJS.ErrnoException).path ?? contractFile;
    throw new InputError(show(file), `cannot write: ${fsErrorWords(err)}`);
  }
  // What init writes, validate accepts: check it the same way before saying it is done.
  await loadContractFile(contractFile);
  return written.map(show);
}

/** The deepest existing folder on the way to `dir` (which init may be about to create). */
async function nearestExisting(dir: string): Promise<string> {
  let d = dir;
  while (
    !(await fs.stat(d).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    const up = path.dirname(d);
    if (up === d) return d;
    d = up;
  }
  return d;
}
