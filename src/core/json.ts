/** Structural helpers for plain JSON values. */
import { createHash, hash as cryptoHash } from 'node:crypto';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function has(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Deep equality of JSON values; object key order does not matter, NaN equals NaN. Iterative: any depth. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    if (isObject(x)) {
      if (!isObject(y)) return false;
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      for (const k of kx) {
        if (!has(y, k)) return false;
        stack.push([x[k], y[k]]);
      }
      continue;
    }
    return false;
  }
  return true;
}

/** A short, single-line rendering of a value for messages. */
export function brief(value: unknown, max = 80): string {
  if (value === undefined) return '(absent)';
  let text: string;
  // Only the beginning is shown: a list or an object of more than `max` entries renders to more
  // than `max` characters from its first `max` entries alone (a 300,000-value enum is not written out).
  const shown = Array.isArray(value) && value.length > max ? value.slice(0, max) : isObject(value) ? firstEntries(value, max) : value;
  try {
    text = JSON.stringify(shown) ?? String(value);
  } catch {
    // Too deep (or cyclic) to render.
    text = Array.isArray(value) ? '[…]' : isObject(value) ? '{…}' : String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** The object itself, or a copy of its first `max` entries when it has more. */
function firstEntries(value: JsonObject, max: number): JsonObject {
  let n = 0;
  for (const _ in value) if (++n > max) break;
  if (n <= max) return value;
  const out: JsonObject = {};
  n = 0;
  for (const k of Object.keys(value)) {
    if (n++ === max) break;
    out[k] = value[k];
  }
  return out;
}

const hashes = new WeakMap<object, string>();

/**
 * SHA-256 of a node's canonical text, 128 bits kept. A fingerprint decides that two sub-trees are
 * equal without comparing them, and a pull request's author writes one of the two: a fast
 * non-cryptographic hash could be made to collide on purpose and hide a breaking change.
 */
const digest: (text: string) => string =
  typeof cryptoHash === 'function'
    ? (text) => cryptoHash('sha256', text, 'base64url').slice(0, 22)
    : (text) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** Canonical texts up to this length are kept as they are: the digest would be as long. */
const SHORT_TEXT = 64;

/** Sub-trees deeper than this below the value asked about are hashed by the iterative walk (no stack overflow). */
const RECURSION = 400;

/**
 * A primitive as self-delimiting text: a string is its length and itself, so no value can pose
 * as a separator, and nothing needs escaping.
 */
function leaf(v: unknown): string {
  return typeof v === 'string' ? `s${v.length}:${v}` : `${typeof v}:${String(v)}`;
}

/** A key of an object as self-delimiting text. */
function keyText(k: string): string {
  return `${k.length}:${k}`;
}

/*
 * A fingerprint is a canonical text of at most SHORT_TEXT characters, or "#" and a fixed-length
 * digest of a longer one. One that holds a `$ref` (or `$dynamicRef`) anywhere is prefixed "r":
 * whether a tree holds one is a function of the tree, so equal trees still get equal
 * fingerprints, and `holdsReference` reads it off the fingerprint without a second table.
 */
function seal(text: string, refs: boolean): string {
  const fingerprint = text.length <= SHORT_TEXT ? text : `#${digest(text)}`;
  return refs ? `r${fingerprint}` : fingerprint;
}

function sortedKeys(node: object): string[] {
  const keys = Object.keys(node);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

/**
 * The canonical text of one node from its children's fingerprints: kind and size, then each
 * key with its child's fingerprint or its leaf, each piece self-delimiting (a leaf and a key
 * carry their length, a fingerprint is a canonical text itself or "#" and a fixed-length
 * digest), so two different trees never share a text. `child` gives a child object's fingerprint.
 */
function hashOf(node: object, child: (v: object) => string): string {
  let refs = false;
  let text: string;
  if (Array.isArray(node)) {
    text = `A${node.length};`;
    for (const v of node as unknown[]) {
      if (v !== null && typeof v === 'object') {
        const h = child(v);
        if (h.charCodeAt(0) === 0x72 /* r */) refs = true;
        text += `=H${h};`;
      } else text += `=${leaf(v)};`;
    }
  } else {
    const keys = sortedKeys(node);
    const record = node as Record<string, unknown>;
    text = `O${keys.length};`;
    for (const k of keys) {
      const v = record[k];
      if (v !== null && typeof v === 'object') {
        const h = child(v);
        if (h.charCodeAt(0) === 0x72 /* r */) refs = true;
        text += `${keyText(k)}=H${h};`;
      } else {
        if ((k === '$ref' || k === '$dynamicRef') && typeof v === 'string') refs = true;
        text += `${keyText(k)}=${leaf(v)};`;
      }
    }
  }
  const fingerprint = seal(text, refs);
  // A short fingerprint is not kept: its sub-tree is a handful of values, so working it out again
  // costs no more than looking it up, and a table of 400,000 small objects costs the collector.
  if (text.length > SHORT_TEXT) hashes.set(node, fingerprint);
  return fingerprint;
}

/** Recursion for the usual shallow trees (no frame objects to allocate); the iterative walk below a depth. */
function hashRecursive(node: object, depth: number): string {
  const cached = hashes.get(node);
  if (cached !== undefined) return cached;
  if (depth > RECURSION) return hashIterative(node);
  return hashOf(node, (v) => hashRecursive(v, depth + 1));
}

/** Post-order over the objects not hashed yet, with an explicit stack: any depth. */
function hashIterative(value: object): string {
  // This walk's answers, short ones included (the table keeps only long ones).
  const local = new Map<object, string>();
  const known = (v: object) => local.get(v) ?? hashes.get(v);
  const stack: { node: object; expanded: boolean }[] = [{ node: value, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (known(top.node) !== undefined) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      const children: unknown[] = Array.isArray(top.node) ? top.node : Object.values(top.node);
      for (const v of children) if (v !== null && typeof v === 'object' && known(v) === undefined) stack.push({ node: v, expanded: false });
      continue;
    }
    local.set(
      top.node,
      hashOf(top.node, (v) => known(v)!),
    );
    stack.pop();
  }
  return known(value)!;
}

/**
 * A structural fingerprint of a JSON value (exact text when short, else 128 bits of SHA-256; key
 * order ignored), memoised per object so that every sub-tree of a document is hashed once:
 * comparing two sub-trees for equality then costs O(1) however deep they are.
 */
export function structuralHash(value: unknown): string {
  if (value === null || typeof value !== 'object') return leaf(value);
  return hashRecursive(value, 0);
}

/** Does the value hold a `$ref` anywhere (so that equal text may still mean different things)? */
export function holdsReference(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return structuralHash(value).charCodeAt(0) === 0x72; /* r */
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A number per object, for cheap keys (resolved schemas are shared per place, so a recursive schema meets itself again). */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}
