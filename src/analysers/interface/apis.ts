import type { Direction } from '../../core/finding.js';
import { isObject, type JsonObject } from '../../core/json.js';
import type { Policy } from '../../core/policy.js';
import type { ImportedInterface, ImportNote, TensorInfo } from '../../core/tensor.js';
import { diffSchemas, type InterfaceFinding } from './diff.js';
import type { SchemaSet } from './schema-set.js';
import type { Lattice } from './lattice.js';

/** One field a contract lists as deprecated (`deprecations`), for formats that cannot mark it themselves. */
export interface ListedDeprecation {
  /** Which of the interface's schemas the field is in. */
  part: 'input' | 'output' | 'params';
  /** The field's place in an instance, as findings spell it (`*` for every array element). */
  instancePath: string;
  since: string;
  /** Where the entry is in the contract: `/deprecations/0`, `/interfaces/v1/deprecations/2`. */
  declaredAt: string;
}

/** Removals of whole fields: the ones a `deprecations` entry can stand for (an enum value is marked in its schema). */
const FIELD_REMOVALS = new Set(['property-removed', 'property-removed-from-closed']);

/**
 * A removed field the old contract lists in `deprecations` was deprecated, since the listed day
 * (the later one, when its schema also dates it): the promise the deprecation window holds.
 */
function withListed(f: InterfaceFinding, listed: ListedDeprecation[] | undefined, part: ListedDeprecation['part']): InterfaceFinding {
  if (!f.removal || !listed || !FIELD_REMOVALS.has(f.id)) return f;
  const entry = listed
    .filter((d) => d.part === part && d.instancePath === (f.instancePath ?? ''))
    .sort((a, b) => a.since.localeCompare(b.since))
    .at(-1);
  if (!entry) return f;
  const marked = f.removal.deprecated ? f.removal.since : undefined;
  const since = marked !== undefined && marked > entry.since ? marked : entry.since;
  return { ...f, removal: { deprecated: true, since } };
}

/** One interface of a contract as the analyser sees it: an API version, or the contract's only one (named ""). */
export interface ApiSide {
  name: string;
  /** Where it is declared in the contract, for findings about the whole API version. */
  pointer: string;
  input: SchemaSet;
  output: SchemaSet;
  params?: SchemaSet;
  deprecated?: { since?: string };
  /** Fields the contract lists as deprecated (read on the base side). */
  deprecations?: ListedDeprecation[];
  /** Names the place of a finding inside an imported tensor ("tensor "x", axis 1"). */
  describe?: (direction: Direction | 'params', instancePath: string, findingId: string) => string | undefined;
  /** An imported interface's columns or tensors on one side: their names (null: unnamed) and what the format calls them. */
  columns?: (direction: Direction) => { names: (string | null)[]; noun: string } | undefined;
  /** The serving runtime's numeric rules for this side's input or output; `json-schema` when absent. */
  lattice?: (direction: Direction) => Lattice;
  /** Present when the interface was imported from a model file: its format, tensors and notes. */
  imported?: Pick<ImportedInterface, 'kind' | 'tensors'> & { notes?: ImportNote[] };
}

/** The same schema set with its entry document replaced by `value`. */
function withEntry(set: SchemaSet, value: unknown): SchemaSet {
  const doc = set.docs[set.entry]!;
  return { ...set, docs: { ...set.docs, [set.entry]: { ...doc, value } } };
}

/**
 * Wrap the tensors `names` (null: the whole document) of an imported interface's entry document
 * in one more array level: the document as it reads with a leading axis added. `$schema` and
 * `$defs` stay at the root, where the references into them point.
 */
function withLeadingAxis(set: SchemaSet, names: (string | null)[]): SchemaSet {
  const root = set.docs[set.entry]?.value;
  if (!isObject(root)) return set;
  if (names.includes(null)) {
    const { $schema, $defs, ...body } = root;
    return withEntry(set, { ...($schema !== undefined ? { $schema } : {}), type: 'array', items: body, ...($defs !== undefined ? { $defs } : {}) });
  }
  const props = isObject(root.properties) ? root.properties : {};
  const properties: JsonObject = { ...props };
  for (const n of names) {
    if (n !== null && Object.prototype.hasOwnProperty.call(props, n)) properties[n] = { type: 'array', items: props[n] };
  }
  return withEntry(set, { ...root, properties });
}

/** A plain tensor (no sequence or map around it) of known rank. */
const plain = (t: TensorInfo): t is TensorInfo & { dims: (number | string | null)[] } => t.dims !== null && !(t.wrappers && t.wrappers.length > 0);

/**
 * The tensors of `head` that are the base's tensor of the same name with one free axis added in
 * front ([3] → [N, 3]), per direction; undefined unless both the inputs and the outputs gained one.
 * A model that takes and returns batches where it took and returned single items answers a batch
 * of one as it answered the single item, one array level deeper: adding the batch axis on both
 * sides is how a model is made batchable, not a change of what it computes (MINOR). Added on one
 * side only, it is a change of shape like any other.
 */
function batchAxisAdded(base: ApiSide, head: ApiSide): Record<Direction, (string | null)[]> | undefined {
  const b = base.imported?.tensors;
  const h = head.imported?.tensors;
  if (!b || !h) return undefined;
  const found: Record<Direction, (string | null)[]> = { input: [], output: [] };
  for (const direction of ['input', 'output'] as const) {
    for (const t of h) {
      if (t.direction !== direction || !plain(t)) continue;
      const old = b.find((o) => o.direction === direction && o.name === t.name);
      if (!old || !plain(old)) continue;
      if (t.dims.length === old.dims.length + 1 && typeof t.dims[0] !== 'number') found[direction].push(t.name);
    }
  }
  return found.input.length > 0 && found.output.length > 0 ? found : undefined;
}

/**
 * An MLflow output declared as one unnamed column, restated as one unnamed tensor of shape [-1]
 * (or back). The schemas describe different instances (a row's value; the whole tensor), but
 * MLflow does not enforce an output signature: the scoring server serialises whatever `predict`
 * returns (`predictions_to_json` → `_get_jsonable_obj`, mlflow/utils/proto_json_utils.py: an
 * ndarray or a Series becomes the same JSON list), so the response is the same list either way.
 * Returns the side whose column is to be read as a list, or undefined.
 */
function columnAsTensor(base: ApiSide, head: ApiSide): 'base' | 'head' | undefined {
  if (base.imported?.kind !== 'mlflow' || head.imported?.kind !== 'mlflow') return undefined;
  const unnamedColumn = (s: ApiSide) => {
    const c = s.columns?.('output');
    return c !== undefined && c.noun === 'column' && c.names.length === 1 && c.names[0] === null;
  };
  const vector = (s: ApiSide) => {
    const ts = s.imported!.tensors.filter((t) => t.direction === 'output');
    return ts.length === 1 && ts[0]!.name === null && ts[0]!.dims !== null && ts[0]!.dims.length === 1 && typeof ts[0]!.dims[0] !== 'number';
  };
  if (unnamedColumn(base) && vector(head)) return 'base';
  if (vector(base) && unnamedColumn(head)) return 'head';
  return undefined;
}

/**
 * What an imported interface's change of names is, said once: an unnamed column or tensor that
 * became named ones, or named ones that became one unnamed. The schema rules see a scalar turned
 * into an object (several findings at the root); the user changed one thing.
 */
function restatement(base: ApiSide, head: ApiSide, direction: Direction): string | undefined {
  const b = base.columns?.(direction);
  const h = head.columns?.(direction);
  if (!b || !h) return undefined;
  const unnamed = (c: { names: (string | null)[] }) => c.names.length === 1 && c.names[0] === null;
  const named = (c: { names: (string | null)[] }) => c.names.length > 0 && c.names.every((n) => n !== null);
  const list = (names: (string | null)[]) => names.map((n) => `\`${n}\``).join(', ');
  if (unnamed(b) && named(h)) {
    return h.names.length === 1
      ? `the ${direction} became a named ${h.noun} ${list(h.names)}`
      : `the ${direction} became named ${h.noun}s ${list(h.names)}`;
  }
  if (named(b) && unnamed(h)) {
    return b.names.length === 1
      ? `the ${direction} ${b.noun} ${list(b.names)} lost its name`
      : `the ${direction} ${b.noun}s ${list(b.names)} became one unnamed ${h.noun}`;
  }
  return undefined;
}

/**
 * What the importer noticed in the head's model file (duplicate column names, tensors not
 * declared): findings of bump none, so that the report says how the file was read. The base's
 * notes are history and are not repeated.
 */
export function importNotes(head: Pick<ApiSide, 'name' | 'pointer' | 'imported'>): InterfaceFinding[] {
  return (head.imported?.notes ?? []).map((n) => ({
    id: n.id === 'duplicate-column-name' ? 'duplicate-column-name' : 'tensors-not-declared',
    bump: 'none' as const,
    area: 'interface' as const,
    ...(head.name ? { interface: head.name } : {}),
    pointer: `${head.pointer}/from`,
    declaredIn: 'head' as const,
    message: n.message,
  }));
}

/** Params that are not declared: an object of any parameters, none required (what MLflow does without a params schema). */
const NO_PARAMS: SchemaSet = { entry: 'params:none', docs: { 'params:none': { id: 'params:none', dir: '', value: { type: 'object' } } } };

/**
 * Pair the API versions of base and head by name (a contract's single `interface` stands for the
 * first API version listed on the other side), diff each pair's input, output and params, and
 * report API versions added (MINOR) and removed (MAJOR, subject to the deprecation window).
 */
export function diffApis(base: ApiSide[], head: ApiSide[], policy: Policy): InterfaceFinding[] {
  const findings: InterfaceFinding[] = [];
  const single = (sides: ApiSide[]) => sides.length === 1 && sides[0]!.name === '';
  const partner = (a: ApiSide, others: ApiSide[], unnamedOthers: boolean): ApiSide | undefined =>
    unnamedOthers || a.name === '' ? others[0] : others.find((o) => o.name === a.name);
  const paired = new Set<ApiSide>();
  for (const b of base) {
    const h = partner(b, head, single(head));
    if (!h) {
      findings.push({
        id: 'api-version-removed',
        bump: 'major',
        area: 'interface',
        interface: b.name,
        pointer: b.pointer,
        declaredIn: 'base',
        old: b.name,
        message: `API version ${b.name} removed; its callers and consumers lose it.`,
        hint: 'Keep serving the API version (deprecate it first), or release under a new major version.',
        removal: b.deprecated ? { deprecated: true, ...(b.deprecated.since ? { since: b.deprecated.since } : {}) } : { deprecated: false },
      });
      continue;
    }
    paired.add(h);
    const label = h.name || b.name;
    const tag = (f: InterfaceFinding, kind: Direction | 'params'): InterfaceFinding => {
      const where = (h.describe ?? b.describe)?.(kind, f.instancePath ?? '', f.id);
      const iface = kind === 'params' ? (label ? `${label} params` : 'params') : label;
      return {
        ...f,
        ...(iface ? { interface: iface } : {}),
        ...(where ? { message: `${f.message.replace(/\.$/, '')} (${where}).` } : {}),
      };
    };
    // Changes that the schemas state as several findings but the runtime serves as one (or none):
    // the other side is compared with the change undone, and the change is one finding.
    const batch = batchAxisAdded(b, h);
    const baseSets: Record<Direction, SchemaSet> = { input: b.input, output: b.output };
    const headSets: Record<Direction, SchemaSet> = { input: h.input, output: h.output };
    if (batch) {
      for (const direction of ['input', 'output'] as const) baseSets[direction] = withLeadingAxis(b[direction], batch[direction]);
      const list = (names: (string | null)[]) => names.map((n) => (n === null ? 'the tensor' : `\`${n}\``)).join(', ');
      findings.push({
        id: 'batch-axis-added',
        bump: 'minor',
        area: 'interface',
        ...(label ? { interface: label } : {}),
        pointer: h.pointer,
        declaredIn: 'head',
        message: `A free batch axis was added in front of the inputs ${list(batch.input)} and the outputs ${list(batch.output)}; a caller that sends its item as a batch of one gets the answer it got before, as a batch of one.`,
      });
    }
    const restated = columnAsTensor(b, h);
    if (restated) {
      const sets = restated === 'base' ? baseSets : headSets;
      sets.output = withLeadingAxis(sets.output, [null]);
      findings.push({
        id: 'column-restated-as-tensor',
        bump: 'none',
        area: 'interface',
        ...(label ? { interface: label } : {}),
        pointer: h.pointer,
        declaredIn: 'head',
        message:
          restated === 'base'
            ? 'The output, one unnamed column, is now declared as one unnamed tensor of shape [-1]; MLflow serves the same response (a list of predictions).'
            : 'The output, one unnamed tensor of shape [-1], is now declared as one unnamed column; MLflow serves the same response (a list of predictions).',
      });
    }
    for (const direction of ['input', 'output'] as const) {
      const cause = restatement(b, h, direction);
      // The head's runtime is the one that will serve old requests and answer old consumers.
      const lattice = h.lattice?.(direction);
      for (const f of diffSchemas(baseSets[direction], headSets[direction], direction, policy, lattice ? { lattice } : {})) {
        const tagged = tag(withListed(f, b.deprecations, direction), direction);
        // The findings at the interface's root are that one change, restated by the schema rules.
        findings.push(cause && (f.instancePath ?? '') === '' ? { ...tagged, cause } : tagged);
      }
    }
    if (b.params || h.params) {
      for (const f of diffSchemas(b.params ?? NO_PARAMS, h.params ?? NO_PARAMS, 'input', policy))
        findings.push(tag(withListed(f, b.deprecations, 'params'), 'params'));
    }
  }
  for (const h of head) findings.push(...importNotes(h));
  for (const h of head) {
    if (paired.has(h)) continue;
    findings.push({
      id: 'api-version-added',
      bump: 'minor',
      area: 'interface',
      interface: h.name,
      pointer: h.pointer,
      declaredIn: 'head',
      new: h.name,
      message: `API version ${h.name} added; existing callers are unaffected, and can move to it.`,
    });
  }
  return findings;
}
