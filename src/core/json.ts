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
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep (or cyclic) to render.
    text = Array.isArray(value) ? '[…]' : isObject(value) ? '{…}' : String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

const hashes = new WeakMap<object, string>();
const withRefs = new WeakSet<object>();

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

/** A primitive as self-delimiting text: strings JSON-quoted, so no value can pose as a separator. */
function leaf(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : `${typeof v}:${String(v)}`;
}

/**
 * A structural fingerprint of a JSON value (128 bits of SHA-256, key order ignored), memoised per object so
 * that every sub-tree of a document is hashed once: comparing two sub-trees for equality then
 * costs O(1) however deep they are. Iterative: any depth.
 */
export function structuralHash(value: unknown): string {
  if (value === null || typeof value !== 'object') return leaf(value);
  const cached = hashes.get(value);
  if (cached !== undefined) return cached;
  // Post-order over the objects not hashed yet.
  const stack: { node: object; keys: string[] | undefined }[] = [{ node: value, keys: undefined }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (hashes.has(top.node)) {
      stack.pop();
      continue;
    }
    const isArray = Array.isArray(top.node);
    const node = top.node as Record<string, unknown>;
    if (top.keys === undefined) {
      top.keys = isArray ? [] : Object.keys(node).sort();
      const children: unknown[] = isArray ? (node as unknown as unknown[]) : top.keys.map((k) => node[k]);
      for (const v of children) if (v !== null && typeof v === 'object' && !hashes.has(v)) stack.push({ node: v, keys: undefined });
      continue;
    }
    let refs = false;
    const length = isArray ? (node as unknown as unknown[]).length : top.keys.length;
    // Canonical text: kind and size, then each key JSON-quoted with its child's fingerprint or its
    // leaf. Every piece is self-delimiting (a leaf is JSON-quoted or holds no ";", a fingerprint is
    // a canonical text itself or "#" and a fixed-length digest), so two different trees never share
    // a text.
    const parts: string[] = [isArray ? `A${length};` : `O${length};`];
    for (let i = 0; i < length; i++) {
      const k = isArray ? String(i) : top.keys[i]!;
      const v = node[k];
      const isNode = v !== null && typeof v === 'object';
      parts.push(`${isArray ? '' : JSON.stringify(k)}=${isNode ? 'H' + hashes.get(v)! : leaf(v)};`);
      if (((k === '$ref' || k === '$dynamicRef') && typeof v === 'string' && !isArray) || (isNode && withRefs.has(v))) refs = true;
    }
    // A short text is its own fingerprint (exact, and no digest to pay for); a long one is digested.
    const text = parts.join('');
    hashes.set(top.node, text.length <= SHORT_TEXT ? text : `#${digest(text)}`);
    if (refs) withRefs.add(top.node);
    stack.pop();
  }
  return hashes.get(value)!;
}

/** Does the value hold a `$ref` anywhere (so that equal text may still mean different things)? */
export function holdsReference(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  structuralHash(value);
  return withRefs.has(value);
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A number per object, for cheap keys (resolved schemas are shared per place, so a recursive schema meets itself again). */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}
