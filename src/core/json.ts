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

function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * A structural fingerprint of a JSON value (64 bits, key order ignored), memoised per object so
 * that every sub-tree of a document is hashed once: comparing two sub-trees for equality then
 * costs O(1) however deep they are. Iterative: any depth.
 */
export function structuralHash(value: unknown): string {
  if (value === null || typeof value !== 'object') return `${typeof value}:${String(value)}`;
  const cached = hashes.get(value);
  if (cached !== undefined) return cached;
  // Post-order over the objects not hashed yet.
  const stack: { node: object; expanded: boolean }[] = [{ node: value, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (hashes.has(top.node)) {
      stack.pop();
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(top.node)
      ? top.node.map((v, i) => [String(i), v] as [string, unknown])
      : Object.keys(top.node)
          .sort()
          .map((k) => [k, (top.node as Record<string, unknown>)[k]] as [string, unknown]);
    if (!top.expanded) {
      top.expanded = true;
      for (const [, v] of entries) if (v !== null && typeof v === 'object' && !hashes.has(v)) stack.push({ node: v, expanded: false });
      continue;
    }
    let a = Array.isArray(top.node) ? 0x811c9dc5 : 0x01000193;
    let b = Array.isArray(top.node) ? 0x2545f491 : 0x9e3779b9;
    for (const [k, v] of entries) {
      const part = `${k}=${v !== null && typeof v === 'object' ? hashes.get(v)! : `${typeof v}:${String(v)}`};`;
      a = mix(a, part);
      b = mix(b ^ 0x5bd1e995, part);
    }
    hashes.set(top.node, `${a.toString(36)}.${b.toString(36)}.${entries.length}`);
    if (
      entries.some(
        ([k, v]) => ((k === '$ref' || k === '$dynamicRef') && typeof v === 'string') || (v !== null && typeof v === 'object' && withRefs.has(v)),
      )
    ) {
      withRefs.add(top.node);
    }
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
