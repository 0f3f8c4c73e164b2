import path from 'node:path';
import { InputError, InputErrors } from '../core/errors.js';
import type { SchemaAt, SchemaDoc, SchemaSet } from '../analysers/interface/schema-set.js';
import { buildRefIndex, type RefIndex } from '../analysers/interface/refs.js';
import { patternProblems } from '../analysers/interface/patterns.js';
import { parseDocument, type ParsedDocument, type ParseOptions } from '../readers/document.js';
import { normaliseSchema } from '../analysers/interface/drafts.js';
import { lfsPointerOid, type Tree } from '../readers/tree.js';
import { resolveInside } from '../core/paths.js';
import { importLimit } from '../readers/files.js';
import {
  fileHead,
  IMPORT_KINDS,
  KIND_WORDS,
  importInterface,
  importWith,
  importOnnxFile,
  importSavedModelFile,
  savedModelFile,
  type ImportedInterface,
  type TensorInfo,
} from '../readers/imports/index.js';
import type { ImportNote } from '../core/tensor.js';
import { checkDeprecationMarks, readDeprecationList, type ListedDeprecation } from './deprecations.js';
import type { Contract, ImportKind, InterfaceDecl } from './types.js';
import { validateFormat } from './validate-format.js';
import { draftOf, validateSchemaDocument } from './validate-schema.js';

type Locate = (pointer: string) => { line: number; column: number } | undefined;

/** A schema document together with the file it came from, to locate findings in it. */
export interface LocatedDoc extends SchemaDoc {
  file: string;
  locate: Locate;
  /** Converted from a model file: located at the contract's `from`, never checked as hand-written. */
  imported?: boolean;
}

/** What the edge measured of the files a contract names: the analysers' view of "files". */
export interface ContractFacts {
  /** sha256 of the artifact file (the oid of a Git LFS pointer), or null when the file is absent. */
  artifactFileSha256?: string | null;
  /** sha256 of every file the preprocessing globs match, by repository-relative path. */
  preprocessing: Record<string, string>;
}

/** One interface of a contract, read and resolved. */
export interface LoadedApi {
  /** The API version's name, or "" for the contract's single `interface`. */
  name: string;
  /** Where it is declared in the contract: `/interface` or `/interfaces/<name>`. */
  pointer: string;
  input: SchemaSet;
  output: SchemaSet;
  params?: SchemaSet;
  /** Present when the schemas were imported from a model file. */
  imported?: { kind: ImportKind; path: string; tensors: TensorInfo[]; notes?: ImportNote[] };
  /** Present when the API version is marked deprecated. */
  deprecated?: { since?: string };
  /** Fields the contract lists as deprecated for this API version (its own list and the top-level one). */
  deprecations?: ListedDeprecation[];
}

export interface LoadedContract {
  /** Repository-relative path of the contract file. */
  path: string;
  /** How the file is named in messages. */
  file: string;
  contract: Contract;
  locate: Locate;
  /** Every API version in the order the contract lists them; one, named "", for a plain `interface`. */
  apis: LoadedApi[];
  /** The first API version's schemas: what the reference predictions are checked against. */
  referenceSchemas: { input: SchemaSet; output: SchemaSet };
  /** Every schema document, by id, with its file and positions. */
  docs: Record<string, LocatedDoc>;
  facts: ContractFacts;
  /** Every repository-relative file the contract depends on (itself included). */
  files: string[];
  /** The tree the contract was read from, for the reference files the behavior analyser streams. */
  tree: Tree;
}

const MAX_SCHEMA_FILES = 500;
/** Patterns refused are listed up to this many: one is enough to act on, thousands flood the log. */
const MAX_PATTERN_ERRORS = 20;

async function readDocument(tree: Tree, rel: string, options?: ParseOptions): Promise<ParsedDocument | null> {
  const bytes = await tree.read(rel);
  if (bytes === null) return null;
  return parseDocument(bytes, tree.display(rel), options);
}

/**
 * Read one contract from a tree: parse with positions, validate the format, read every schema
 * file its interfaces reference, check them against their meta-schema, and measure the files
 * lineage and artifact name. Returns null when the contract file does not exist in the tree.
 * Throws InputErrors with every problem found, each naming file, line, column and field.
 */
export async function loadContract(tree: Tree, relPath: string): Promise<LoadedContract | null> {
  const doc = await readDocument(tree, relPath);
  if (doc === null) return null;
  const file = doc.file;
  const formatErrors = validateFormat(doc);
  if (formatErrors.length > 0) throw new InputErrors(formatErrors);
  const contract = doc.value as Contract;
  const dir = path.posix.dirname(relPath) === '.' ? '' : path.posix.dirname(relPath);
  const errors: InputError[] = [];
  const files = new Set<string>([relPath]);
  const at = (pointer: string) => ({ ...doc.locate(pointer), pointer });

  /** A path field of the contract, resolved inside the repository. */
  const inside = (pointer: string, ref: string): string | undefined => {
    const rel = resolveInside(dir, ref);
    if (typeof rel === 'string') return rel;
    errors.push(new InputError(file, rel.error, at(pointer)));
    return undefined;
  };

  // Interfaces: inline schemas, and every file their $refs reach; or imported from a model file.
  const docs: Record<string, LocatedDoc> = {};
  const pending: string[] = [];
  const apis: LoadedApi[] = [];
  const declared: [string, string, InterfaceDecl][] = contract.interfaces
    ? Object.entries(contract.interfaces).map(([name, decl]) => [name, `/interfaces/${name}`, decl])
    : [['', '/interface', contract.interface!]];
  const everywhere = readDeprecationList(contract.deprecations, file, '/deprecations', doc.locate);
  for (const item of everywhere.errors) errors.push(item);
  for (const [name, pointer, decl] of declared) {
    const api: LoadedApi = { name, pointer } as LoadedApi;
    if (decl.deprecated === true) api.deprecated = { since: decl['x-deprecated-since'] };
    const own = readDeprecationList(decl.deprecations, file, `${pointer}/deprecations`, doc.locate);
    for (const item of own.errors) errors.push(item);
    const listed = [...everywhere.entries, ...own.entries];
    if (listed.length > 0) api.deprecations = listed;
    const add = (key: 'input' | 'output' | 'params', value: unknown, from?: string): SchemaSet => {
      const base = from ? `${pointer}/from` : `${pointer}/${key}`;
      const id = from ? `${relPath}#${base}/${key}` : `${relPath}#${base}`;
      // Read as 2020-12 from here on (draft-04 `id` and exclusive bounds, `enum: []`): by the interface and behavior analysers alike.
      docs[id] = {
        id,
        dir,
        value: from ? value : normaliseSchema(value),
        file,
        locate: from ? () => doc.locate(base) : (p) => doc.locate(base + p),
        ...(from ? { imported: true } : {}),
      };
      if (!from) {
        pending.push(id);
        const draft = draftOf(value);
        for (const item of validateSchemaDocument(value, file, base, doc.locate, typeof draft === 'string' ? draft : undefined)) errors.push(item);
      }
      return { entry: id, docs };
    };
    if (decl.from) {
      // The source's kind is its one key among the kinds; the other keys select inside it (SavedModel signature, openapi path, proto messages).
      const kind = IMPORT_KINDS.find((k) => typeof decl.from![k] === 'string')!;
      const ref = decl.from[kind]!;
      const rel0 = inside(`${pointer}/from/${kind}`, ref);
      if (rel0 === undefined) continue;
      const rel = kind === 'savedmodel' ? savedModelFile(rel0) : rel0;
      files.add(rel);
      // An ONNX model or a SavedModel is read from disk by parts (its weights or graph are never loaded); only its head here.
      let local: string | null | undefined;
      let bytes: Buffer | null;
      try {
        local = kind === 'onnx' || kind === 'savedmodel' ? await tree.localPath(rel) : undefined;
        bytes =
          local === undefined
            ? await tree.read(rel, { maxBytes: importLimit(kind), what: `the ${kind} file` })
            : local === null
              ? null
              : fileHead(local, 1025, tree.display(rel));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        // A SavedModel directory given to another importer: named as what it is.
        const savedModel = kind !== 'savedmodel' && (await tree.exists(`${rel}/saved_model.pb`).catch(() => false));
        errors.push(
          savedModel
            ? new InputError(
                file,
                `${tree.display(rel)} is a TensorFlow SavedModel folder, not ${KIND_WORDS[kind]}; use \`from: {savedmodel: ${rel}}\``,
                at(`${pointer}/from/${kind}`),
              )
            : err,
        );
        continue;
      }
      if (bytes === null) {
        errors.push(new InputError(file, `the ${kind} file ${tree.display(rel)} does not exist`, at(`${pointer}/from/${kind}`)));
        continue;
      }
      const lfs = lfsPointerOid(Buffer.from(bytes));
      if (lfs !== undefined) {
        errors.push(
          new InputError(
            file,
            `the ${kind} file ${tree.display(rel)} is a Git LFS pointer (oid ${lfs.slice(0, 12)}…), not the file itself; the interface cannot be read from it: import from a file kept in git (an MLmodel or V2 metadata), or freeze the interface with \`model-contract-gate import\``,
            at(`${pointer}/from/${kind}`),
          ),
        );
        continue;
      }
      let imported: ImportedInterface;
      try {
        const { path: opPath, method, input, output, signature } = decl.from;
        imported = local
          ? kind === 'onnx'
            ? importOnnxFile(local, tree.display(rel))
            : importSavedModelFile(local, tree.display(rel), signature !== undefined ? { signature } : {})
          : await importWith(kind, bytes, tree.display(rel), {
              ...(signature !== undefined ? { signature } : {}),
              ...(opPath !== undefined ? { path: opPath } : {}),
              ...(method !== undefined ? { method } : {}),
              ...(input !== undefined ? { input } : {}),
              ...(output !== undefined ? { output } : {}),
              // A .proto file's imports: files of the same tree, each read as the contract's files are.
              files: {
                rel,
                read: async (r) => {
                  const b = await tree.read(r, { what: 'the imported .proto file' });
                  if (b !== null) files.add(r);
                  return b;
                },
                display: (r) => tree.display(r),
              },
            });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
        continue;
      }
      api.input = add('input', imported.input, rel);
      api.output = add('output', imported.output, rel);
      if (imported.params) api.params = add('params', imported.params, rel);
      api.imported = { kind, path: rel, tensors: imported.tensors, ...(imported.notes?.length ? { notes: imported.notes } : {}) };
    } else {
      api.input = add('input', decl.input);
      api.output = add('output', decl.output);
      if (decl.params !== undefined) api.params = add('params', decl.params);
    }
    apis.push(api);
  }
  await readReferencedSchemas(tree, docs, pending, errors, files);
  for (const d of Object.values(docs)) {
    if (d.imported) continue;
    const hash = d.id.indexOf('#');
    for (const item of checkDeprecationMarks(d.value, d.file, hash >= 0 ? d.id.slice(hash + 1) : '', d.locate)) errors.push(item);
  }

  // Lineage: preprocessing files, hashed.
  const facts: ContractFacts = { preprocessing: {} };
  const globs = contract.lineage?.preprocessing ?? [];
  const validGlobs: string[] = [];
  globs.forEach((g, i) => {
    if (g.startsWith('/') || g.split('/').includes('..')) {
      errors.push(
        new InputError(
          file,
          `the glob "${g}" must stay inside the contract's folder (no "/" at the start, no "..")`,
          at(`/lineage/preprocessing/${i}`),
        ),
      );
    } else validGlobs.push(g);
  });
  if (validGlobs.length > 0) {
    for (const f of await tree.glob(validGlobs, dir)) {
      const digest = await tree.sha256(f);
      if (digest !== null) {
        facts.preprocessing[f] = digest;
        files.add(f);
      }
    }
  }

  // Artifact: the digest of the file, when it is there.
  if (contract.artifact?.path !== undefined) {
    const rel = inside('/artifact/path', contract.artifact.path);
    if (rel !== undefined) {
      facts.artifactFileSha256 = await tree.sha256(rel);
      files.add(rel);
    }
  }

  // Reference files must exist; their comparison belongs to the behavior analyser.
  if (contract.reference) {
    for (const key of ['inputs', 'predictions'] as const) {
      const rel = inside(`/reference/${key}`, contract.reference[key]);
      if (rel === undefined) continue;
      files.add(rel);
      let exists: boolean;
      try {
        exists = await tree.exists(rel);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
        continue;
      }
      if (!exists) {
        errors.push(new InputError(file, `the reference ${key} file ${tree.display(rel)} does not exist`, at(`/reference/${key}`)));
      }
    }
  }

  if (errors.length > 0) throw new InputErrors(errors);
  const first = apis[0]!;
  return {
    path: relPath,
    file,
    contract,
    locate: doc.locate,
    apis,
    referenceSchemas: { input: first.input, output: first.output },
    docs,
    facts,
    files: [...files].sort(),
    tree,
  };
}

/**
 * Load a standalone JSON Schema file (repository-relative), with every file its `$ref`s reach,
 * checked as a contract's schemas are; null when the file does not exist.
 */
export async function loadSchemaSet(tree: Tree, rel: string): Promise<SchemaSet | null> {
  const bytes = await tree.read(rel);
  if (bytes === null) return null;
  const parsed = parseDocument(bytes, tree.display(rel), { booleanTopLevel: true });
  const errors = validateSchemaDocument(parsed.value, parsed.file, '', parsed.locate);
  const entry: LocatedDoc = {
    id: rel,
    dir: path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel),
    value: normaliseSchema(parsed.value),
    file: parsed.file,
    locate: parsed.locate,
  };
  const docs: Record<string, LocatedDoc> = { [rel]: entry };
  await readReferencedSchemas(tree, docs, [rel], errors, new Set());
  if (errors.length > 0) throw new InputErrors(errors);
  return { entry: rel, docs };
}

/**
 * Read every schema file that the entry documents' `$ref`s reach (transitively), check each
 * against its meta-schema, and check that every reference resolves. URLs (that no embedded
 * `$id` declares) and paths that leave the repository are refused; nothing is fetched.
 */
async function readReferencedSchemas(
  tree: Tree,
  docs: Record<string, LocatedDoc>,
  entries: string[],
  errors: InputError[],
  files: Set<string>,
): Promise<void> {
  const failed = new Set<string>();
  const place = (at: SchemaAt, keyword = '$ref') => {
    const doc = docs[at.doc]!;
    const inner = `${at.pointer}/${keyword}`;
    const prefix = doc.id.includes('#') ? doc.id.slice(doc.id.indexOf('#') + 1) : '';
    return { file: doc.file, place: { ...doc.locate(inner), pointer: prefix + inner } };
  };
  for (;;) {
    const indexes = entries.map((entry) => buildRefIndex({ entry, docs }));
    const missing = indexes.flatMap((i) => i.missing).filter((m) => !failed.has(m.path));
    if (missing.length === 0) {
      const seen = new Set<string>();
      for (const e of indexes.flatMap((i) => i.errors)) {
        const keyword = e.keyword ?? '$ref';
        const { file, place: where } = place(e.at, keyword);
        const key = `${file}|${where.pointer}`;
        if (seen.has(key)) continue;
        seen.add(key);
        errors.push(new InputError(file, `${keyword} ${e.message.startsWith('"') ? e.message : `"${e.ref}": ${e.message}`}`, where));
      }
      for (const item of patternErrors(docs, indexes)) errors.push(item);
      return;
    }
    for (const m of missing) {
      if (failed.has(m.path) || docs[m.path]) continue;
      const { file, place: where } = place(m.at);
      // Only a normalised path inside the repository is ever read (the index gives no other; this holds it).
      if (resolveInside('', m.path) !== m.path) {
        errors.push(new InputError(file, `$ref "${m.ref}" is a URL; only paths inside the repository are read`, where));
        failed.add(m.path);
        continue;
      }
      if (Object.keys(docs).length >= MAX_SCHEMA_FILES) {
        errors.push(new InputError(file, `more than ${MAX_SCHEMA_FILES} schema files are referenced`, where));
        failed.add(m.path);
        continue;
      }
      let parsed: ParsedDocument | null;
      try {
        parsed = await readDocument(tree, m.path, { booleanTopLevel: true });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
        failed.add(m.path);
        continue;
      }
      if (parsed === null) {
        errors.push(new InputError(file, `$ref "${m.ref}": the schema file ${tree.display(m.path)} does not exist`, where));
        failed.add(m.path);
        continue;
      }
      docs[m.path] = {
        id: m.path,
        dir: path.posix.dirname(m.path) === '.' ? '' : path.posix.dirname(m.path),
        value: normaliseSchema(parsed.value),
        file: parsed.file,
        locate: parsed.locate,
      };
      files.add(m.path);
      for (const item of validateSchemaDocument(parsed.value, parsed.file, '', parsed.locate)) errors.push(item);
    }
  }
}

/**
 * Every regular expression of the schemas (`pattern`, `patternProperties` keys) must compile for
 * the linear-time engine, changed or not: the gate runs them on property names and on
 * predictions, and refusing them where they are written (also by `validate`) keeps the answer
 * from depending on whether a given change happened to need one.
 */
function patternErrors(docs: Record<string, LocatedDoc>, indexes: RefIndex[]): InputError[] {
  const starts = new Map<string, string[]>();
  for (const index of indexes) {
    for (const target of index.targets.values()) {
      const list = starts.get(target.doc) ?? [];
      list.push(target.pointer);
      starts.set(target.doc, list);
    }
  }
  const errors: InputError[] = [];
  for (const doc of Object.values(docs)) {
    if (doc.imported) continue;
    const prefix = doc.id.includes('#') ? doc.id.slice(doc.id.indexOf('#') + 1) : '';
    for (const { pointer, error } of patternProblems(doc.value, starts.get(doc.id))) {
      if (errors.length >= MAX_PATTERN_ERRORS) return errors;
      errors.push(new InputError(doc.file, error.message, { ...doc.locate(pointer), pointer: prefix + pointer }));
    }
  }
  return errors;
}
