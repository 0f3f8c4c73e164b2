import type { Direction, Finding } from '../core/finding.js';
import type { Policy } from '../core/policy.js';
import { dayOf } from '../core/date.js';
import { publicFinding, type InterfaceFinding } from '../analysers/interface/diff.js';
import { diffApis, importNotes, type ApiSide } from '../analysers/interface/apis.js';
import type { Lattice } from '../analysers/interface/lattice.js';
import { deprecationWindow } from '../analysers/deprecation/window.js';
import { affectedConsumers } from '../analysers/consumers/affected.js';
import { analyseArtifact, checkArtifactHonesty } from '../analysers/artifact/analyse.js';
import { analyseLineage } from '../analysers/lineage/analyse.js';
import { analyseVersion } from '../analysers/version/analyse.js';
import type { LoadedApi, LoadedContract } from '../contract/load.js';
import { describeTensorPath, type ImportedInterface } from '../core/tensor.js';
import { isObject } from '../core/json.js';
import { decide } from './decide.js';
import { applyWaivers } from './waivers.js';
import type { ModelReport, Rollback } from './report.js';
import type { BehaviorResult } from '../analysers/behavior/analyse.js';

/** Removals and the deprecation window's verdict on them. */
const REMOVALS = new Set(['property-removed', 'property-removed-from-closed', 'enum-value-removed', 'deprecation-window']);

/** Turn where an interface finding sits in a schema, or in a contract, into a file location. */
function locateInterface(f: InterfaceFinding, base: LoadedContract, head: LoadedContract): Finding {
  const finding = publicFinding(f);
  if (f.declaredIn) return locateIn(f.declaredIn === 'base' ? base : head, finding);
  const at = f.at;
  if (!at) return finding;
  // A removal is not in the head: it is placed on the head's parent object, where the field was,
  // so that the file a reviewer sees in the pull request carries it (the base's copy is not shown).
  if (at.side === 'base' && REMOVALS.has(f.id)) {
    const tokens = at.pointer.split('/');
    tokens.pop();
    if (tokens.at(-1) === 'properties' || tokens.at(-1) === 'enum') tokens.pop();
    // The same document in the head: by id, or for a schema inline in the contract, by its place
    // in the contract (the two contracts' ids differ when they are compared as two files).
    const hash = at.doc.indexOf('#');
    const doc =
      head.docs[at.doc] ??
      (hash >= 0 ? Object.entries(head.docs).find(([id]) => id.includes('#') && id.slice(id.indexOf('#')) === at.doc.slice(hash))?.[1] : undefined);
    const pos = doc?.locate(tokens.join('/'));
    if (doc && pos) return { ...finding, location: { file: doc.file, ...pos } };
  }
  const doc = (at.side === 'base' ? base : head).docs[at.doc];
  const pos = doc?.locate(at.pointer);
  return doc && pos ? { ...finding, location: { file: doc.file, ...pos } } : finding;
}

/** Give contract-level findings the line of their field in the contract. */
function locateIn(contract: LoadedContract, f: Finding): Finding {
  if (f.location || f.pointer === undefined) return f;
  const pos = contract.locate(f.pointer);
  return pos ? { ...f, location: { file: contract.file, ...pos } } : f;
}

/**
 * The names of an imported interface's tensors, or of an MLflow column signature's columns (one
 * unnamed column is imported as a bare value, named ones as an object's properties).
 */
function columnsOf(
  api: LoadedApi,
  imported: Pick<ImportedInterface, 'kind' | 'tensors'>,
  direction: Direction,
): { names: (string | null)[]; noun: string } | undefined {
  const tensors = imported.tensors.filter((t) => t.direction === direction);
  if (tensors.length > 0) return { names: tensors.map((t) => t.name), noun: 'tensor' };
  const set = api[direction];
  const doc = set.docs[set.entry]?.value;
  if (imported.kind !== 'mlflow' || !isObject(doc)) return undefined;
  return { names: doc.type === 'object' && isObject(doc.properties) ? Object.keys(doc.properties) : [null], noun: 'column' };
}

/**
 * The serving runtime's numeric rules per import kind (docs/imports.md, "Type lattice per format").
 * Kinds not listed (OpenAPI, Protobuf: JSON on the wire) keep the JSON Schema lattice.
 */
const EXACT_DTYPE_KINDS: ReadonlySet<string> = new Set(['onnx', 'kserve', 'triton', 'savedmodel']);

export function latticeOf(imported: Pick<ImportedInterface, 'kind' | 'tensors'> | undefined, direction: Direction): Lattice {
  if (!imported) return 'json-schema';
  if (EXACT_DTYPE_KINDS.has(imported.kind)) return 'exact-dtype';
  if (imported.kind === 'mlflow') {
    // MLflow enforces input types only: a tensor's dtype exactly (`_enforce_tensor_spec`), a
    // column's with its own conversions (`_enforce_mlflow_datatype`); its outputs are JSON to their consumers.
    if (direction === 'output') return 'json-schema';
    return imported.tensors.some((t) => t.direction === 'input') ? 'exact-dtype' : 'mlflow';
  }
  return 'json-schema';
}

function sideOf(api: LoadedApi): ApiSide {
  const imported = api.imported;
  return {
    ...api,
    ...(imported
      ? {
          describe: (direction, instancePath, id) => describeTensorPath(imported, direction, instancePath, id),
          columns: (direction) => columnsOf(api, imported, direction),
          lattice: (direction) => latticeOf(imported, direction),
        }
      : {}),
  };
}

function rollbackOf(findings: Finding[], base: string, head: string): Rollback {
  const changes = findings.filter((f) => f.area === 'interface' && f.bump !== 'none');
  if (changes.length === 0) return { safe: true, reason: `The interface is the same, so ${base} can be deployed again in place of ${head}.` };
  return {
    safe: false,
    reason: `The interface changed (${changes.length} finding${changes.length === 1 ? '' : 's'}); consumers that adapt to ${head} may break if ${base} is deployed again.`,
  };
}

/** What the comparison needs besides the two contracts. */
export interface CompareOptions {
  /** The behavior analyser's result, when the head has a reference dataset. */
  behavior?: { result: BehaviorResult; compared: boolean };
  /** "Today" for the deprecation window (an ISO 8601 timestamp or a Date): the run's clock or `--now`, never a commit date; now when absent. */
  now?: Date | string;
}

/**
 * Compare one model's contract at the base and at the head: every analyser, then the verdict.
 * Either side may be null (a new or a deleted model), not both.
 */
export function compareContracts(
  base: LoadedContract | null,
  head: LoadedContract | null,
  policy: Policy,
  options: CompareOptions = {},
): ModelReport {
  const behavior = options.behavior;
  const today = dayOf(options.now ?? new Date()) ?? dayOf(new Date())!;
  const any = (head ?? base)!;
  const findings: Finding[] = [...(behavior?.result.findings ?? [])];
  if (base && head) {
    const diffs = diffApis(base.apis.map(sideOf), head.apis.map(sideOf), policy);
    for (const f of [...diffs, ...deprecationWindow(diffs, today, policy)]) findings.push(locateInterface(f, base, head));
    for (const item of analyseLineage(base.contract, head.contract, base.facts, head.facts)) findings.push(item);
    for (const item of analyseArtifact(base.contract, head.contract, base.facts, head.facts)) findings.push(item);
  } else if (head) {
    findings.push({
      id: 'contract-added',
      bump: 'none',
      area: 'contract',
      message: `New model ${head.contract.model} at ${head.contract.version}; there is no earlier contract to compare with.`,
    });
    for (const api of head.apis) for (const f of importNotes(api)) findings.push(locateInterface(f, head, head));
    for (const item of checkArtifactHonesty(head.contract, head.facts)) findings.push(item);
  } else if (base) {
    findings.push({
      id: 'contract-removed',
      bump: 'major',
      area: 'contract',
      old: base.contract.version,
      blocking: !policy.allowModelRemoval,
      message: `The contract of ${base.contract.model} (last ${base.contract.version}) was deleted; its consumers lose the model.`,
      hint: 'Keep the contract until every consumer has moved, or allow model removal in the policy.',
    });
  }
  const version = analyseVersion(base?.contract ?? null, head?.contract ?? null);
  for (const item of version.findings) findings.push(item);
  const all = findings.map((f) => (head ? locateIn(head, f) : base ? locateIn(base, f) : f));
  // Waivers come from the head (a pull request may carry its own; the report shows which it adds).
  const waivers = applyWaivers(all, head?.contract.waivers, base?.contract.waivers, policy, any.contract.model, today);
  const located = [...waivers.kept, ...waivers.notes.map((f) => (head ? locateIn(head, f) : f))];
  // Consumers come from the base contract only: a change cannot add people to mention.
  const consumers = base?.contract.consumers;
  // A waived break still reaches its consumers: they are named, and their owners told, as for any other.
  const waivedFindings = waivers.waived.map((w) => w.finding);
  const affected = consumers && consumers.length > 0 ? affectedConsumers([...located, ...waivedFindings], consumers, policy.notify) : undefined;
  if (affected) {
    const named = affected.findings.splice(located.length);
    waivers.waived = waivers.waived.map((w, i) => ({ ...w, finding: named[i]! }));
  }
  const report = decide(
    {
      model: any.contract.model,
      path: any.path,
      base: base?.contract.version ?? null,
      head: head?.contract.version ?? null,
      declared: version.declared,
      findings: affected?.findings ?? located,
    },
    policy,
  );
  const extra: Partial<ModelReport> = {};
  if (waivers.waived.length > 0) {
    const n = waivers.waived.length;
    extra.summary = `${report.summary} ${n === 1 ? 'One finding is' : `${n} findings are`} waived.`;
  }
  if (affected) {
    extra.consumers = affected.impacts;
    extra.notify = affected.mentions;
  }
  // A waived change is still a change: rolling back over it is judged on every finding.
  if (base && head) extra.rollback = rollbackOf(all, base.contract.version, head.contract.version);
  if (waivers.waivers.length > 0) {
    extra.waivers = waivers.waivers;
    extra.waived = waivers.waived;
  }
  if (!behavior) return { ...report, ...extra };
  const { result, compared } = behavior;
  return {
    ...report,
    behavior: {
      compared,
      rows: result.rows,
      changedRows: result.changedRows,
      inputs: result.inputs,
      tolerances: result.tolerances,
      schemas: result.schemas,
    },
    ...extra,
  };
}
