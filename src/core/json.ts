/** Structural helpers for plain JSON values. */

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

/** Two FNV-style lanes over one string in a single pass (64 bits of fingerprint). */
function mix2(lanes: [number, number], s: string): void {
  let a = lanes[0];
  let b = (lanes[1] ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619) >>> 0;
    b = Math.imul(b ^ c, 16777619) >>> 0;
  }
  lanes[0] = a;
  lanes[1] = b;
}

function leaf(v: unknown): string {
  return `${typeof v}:${String(v)}`;
}

/**
 * A structural fingerprint of a JSON value (64 bits, key order ignored), memoised per object so
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
    const lanes: [number, number] = isArray ? [0x811c9dc5, 0x2545f491] : [0x01000193, 0x9e3779b9];
    let refs = false;
    const length = isArray ? (node as unknown as unknown[]).length : top.keys.length;
    for (let i = 0; i < length; i++) {
      const k = isArray ? String(i) : top.keys[i]!;
      const v = node[k];
      const isNode = v !== null && typeof v === 'object';
      mix2(lanes, `${k}=${isNode ? hashes.get(v)! : leaf(v)};`);
      if (((k === '$ref' || k === '$dynamicRef') && typeof v === 'string' && !isArray) || (isNode && withRefs.has(v))) refs = true;
    }
    hashes.set(top.node, `${lanes[0].toString(36)}.${lanes[1].toString(36)}.${length}`);
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
