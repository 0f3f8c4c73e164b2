/**
 * Where every `$ref` of a schema set points, resolved once: relative file references,
 * JSON Pointer and `$anchor` fragments, and `$id`-relative references to embedded resources.
 * Pure: it reads only the documents in the set, and says which files are missing, so the
 * edge can read them and ask again. URLs that no embedded `$id` declares are errors: nothing
 * is ever fetched.
 */
import { getAtPointer } from '../../core/pointer.js';
import { resolveInside } from '../../core/paths.js';
import type { SchemaAt, SchemaDoc, SchemaSet } from './schema-set.js';
import { surveyOf } from './survey.js';

export interface RefIndex {
  /** `doc#pointer` of a schema that holds `$ref` → where the reference points. */
  targets: Map<string, SchemaAt>;
  /** `keyword` is where the bad reference is written: `$ref` unless said otherwise. */
  errors: { at: SchemaAt; ref: string; message: string; keyword?: '$id' }[];
  /** Repository-relative files that are referenced but not in the set yet. */
  missing: { path: string; at: SchemaAt; ref: string }[];
}

/** The internal scheme of repository files; never accepted from a schema, in any spelling. */
const REPO = 'mcg:/';

export function siteKey(at: SchemaAt): string {
  return `${at.doc}#${at.pointer}`;
}

function docPath(doc: SchemaDoc): string {
  const hash = doc.id.indexOf('#');
  return hash < 0 ? doc.id : doc.id.slice(0, hash);
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
/** The base under a refused `$id`: its references are not resolved (the `$id` is the one error). */
const REFUSED_BASE = 'refused:';

/** One answer for every reference that is not a path inside the repository nor a schema of the set. */
function refused(ref: string): { error: string } {
  return { error: `"${ref}" is a URL; only paths inside the repository are read` };
}

/**
 * Resolve `ref` against `base`; inside the repository, paths may not leave it. A reference or
 * `$id` with a scheme is only ever a URL naming a schema of the set by its `$id`: it may never
 * land in the internal repository space (`mcg:`, `MCG:`, or a URL that normalises to it), which
 * only scheme-less paths reach, after the inside-the-repository check.
 */
function resolveUri(ref: string, base: string): string | { error: string } {
  const hash = ref.indexOf('#');
  const pathPart = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  const hasScheme = SCHEME.test(ref);
  if (base.startsWith(REPO) && !hasScheme) {
    if (pathPart === '') return `${stripFragment(base)}#${fragment}`;
    const rel = resolveInside(dirOf(stripFragment(base).slice(REPO.length)), pathPart);
    if (typeof rel !== 'string') return rel;
    return `${REPO}${rel}#${fragment}`;
  }
  let href: string;
  try {
    href = new URL(ref, base).href;
  } catch {
    return { error: `"${ref}" is not a valid reference` };
  }
  if (href.toLowerCase().startsWith(REPO)) return refused(ref);
  return href;
}

/** Indexes by document record and entry, with the documents they were built from (the loader and the diff ask for the same). */
const built = new WeakMap<object, Map<string, { docs: [string, unknown][]; index: RefIndex }>>();

/** Build the index for every document reachable from the set's entry (once for the same documents). */
export function buildRefIndex(set: SchemaSet): RefIndex {
  const byEntry = built.get(set.docs) ?? new Map<string, { docs: [string, unknown][]; index: RefIndex }>();
  built.set(set.docs, byEntry);
  const docs = Object.entries(set.docs).map(([id, d]) => [id, d.value] as [string, unknown]);
  const cached = byEntry.get(set.entry);
  if (cached && cached.docs.length === docs.length && cached.docs.every(([id, v], i) => docs[i]![0] === id && docs[i]![1] === v)) {
    return cached.index;
  }
  const index = indexOf(set);
  byEntry.set(set.entry, { docs, index });
  return index;
}

function indexOf(set: SchemaSet): RefIndex {
  const resources = new Map<string, SchemaAt>();
  const anchors = new Map<string, SchemaAt>();
  const sites: { at: SchemaAt; ref: string; base: string }[] = [];
  const scanned = new Set<string>();
  const index: RefIndex = { targets: new Map(), errors: [], missing: [] };

  const scan = (doc: SchemaDoc) => {
    scanned.add(doc.id);
    const docBase = REPO + docPath(doc);
    if (!resources.has(docBase)) resources.set(docBase, { doc: doc.id, pointer: '' });
    // The places that declare `$id`, `$anchor` or `$ref`, each with the base it resolves against (its scope's).
    const heres: string[] = [];
    for (const node of surveyOf(doc.value).references) {
      const base = node.scope < 0 ? docBase : heres[node.scope]!;
      let here = base;
      const at = { doc: doc.id, pointer: node.pointer };
      if (node.id !== undefined) {
        if (node.id.startsWith('#')) anchors.set(`${stripFragment(base)}#${node.id.slice(1)}`, at);
        else {
          const uri = resolveUri(node.id, base);
          if (typeof uri === 'string') {
            here = stripFragment(uri);
            if (!resources.has(here)) resources.set(here, at);
          } else if (SCHEME.test(node.id)) {
            // An `$id` in the internal scheme would make its relative references repository paths of its choosing.
            index.errors.push({ at, ref: node.id, message: uri.error, keyword: '$id' });
            here = REFUSED_BASE;
          }
        }
      }
      if (node.anchor !== undefined) anchors.set(`${here}#${node.anchor}`, at);
      if (node.ref !== undefined) sites.push({ at, ref: node.ref, base: here });
      heres.push(here);
    }
  };

  const entry = set.docs[set.entry];
  if (!entry) throw new Error(`schema set has no entry document ${set.entry}`);
  scan(entry);
  let done = 0;
  const missing = new Set<string>();
  // Resolve sites; a site that reaches an unscanned document scans it, which may add sites.
  while (done < sites.length) {
    const site = sites[done++]!;
    if (site.base === REFUSED_BASE) continue;
    const uri = resolveUri(site.ref, site.base);
    if (typeof uri !== 'string') {
      index.errors.push({ at: site.at, ref: site.ref, message: uri.error });
      continue;
    }
    const resourceUri = stripFragment(uri);
    const fragment = decodeURIComponent(uri.slice(resourceUri.length + 1));
    let resource = resources.get(resourceUri);
    if (!resource && resourceUri.startsWith(REPO)) {
      const path = resourceUri.slice(REPO.length);
      const doc = set.docs[path];
      if (doc && !scanned.has(doc.id)) {
        scan(doc);
        resource = resources.get(resourceUri);
      } else if (!doc) {
        if (!missing.has(path)) index.missing.push({ path, at: site.at, ref: site.ref });
        missing.add(path);
        continue;
      }
    }
    if (!resource) {
      index.errors.push({ at: site.at, ref: site.ref, message: refused(site.ref).error });
      continue;
    }
    let target: SchemaAt | undefined;
    if (fragment === '' || fragment.startsWith('/')) {
      target = { doc: resource.doc, pointer: resource.pointer + fragment };
      if (!getAtPointer(set.docs[resource.doc]!.value, target.pointer).found) {
        index.errors.push({ at: site.at, ref: site.ref, message: `"${site.ref}" points at nothing: ${fragment || '/'} does not exist` });
        continue;
      }
    } else {
      target = anchors.get(`${resourceUri}#${fragment}`);
      if (!target) {
        index.errors.push({ at: site.at, ref: site.ref, message: `"${site.ref}": no $anchor "${fragment}"` });
        continue;
      }
    }
    index.targets.set(siteKey(site.at), target);
  }
  return index;
}
