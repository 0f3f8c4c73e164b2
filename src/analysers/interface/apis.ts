import type { Direction } from '../../core/finding.js';
import type { Policy } from '../../core/policy.js';
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
    for (const direction of ['input', 'output'] as const) {
      const cause = restatement(b, h, direction);
      // The head's runtime is the one that will serve old requests and answer old consumers.
      const lattice = h.lattice?.(direction);
      for (const f of diffSchemas(b[direction], h[direction], direction, policy, lattice ? { lattice } : {})) {
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
