/** Small helpers shared by the soundness oracle: a seeded PRNG and JSON-value utilities. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObj = { [key: string]: Json };

export function isObj(v: unknown): v is JsonObj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A small deterministic generator (mulberry32) with the helpers the generators need. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  seed(): number {
    return Math.floor(this.next() * 0x7fffffff);
  }
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export function jsonEq(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** Remove every key for which `drop` says so, at any depth (returns a copy). */
export function stripKeys(v: unknown, drop: (key: string) => boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => stripKeys(x, drop));
  if (isObj(v)) {
    const out: JsonObj = {};
    for (const [k, x] of Object.entries(v)) if (!drop(k)) out[k] = stripKeys(x, drop) as Json;
    return out;
  }
  return v;
}

export function escapeToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at a JSON Pointer, or undefined. */
export function getAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const tok = unescapeToken(raw);
    if (Array.isArray(cur)) cur = cur[Number(tok)];
    else if (isObj(cur)) cur = Object.prototype.hasOwnProperty.call(cur, tok) ? cur[tok] : undefined;
    else return undefined;
  }
  return cur;
}

/** Replace the value at a JSON Pointer (pointer '' replaces the root); returns the new root. */
export function setAt(root: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const toks = pointer.slice(1).split('/').map(unescapeToken);
  const last = toks.pop()!;
  const parent = getAt(root, toks.length ? '/' + toks.map(escapeToken).join('/') : '');
  if (Array.isArray(parent)) parent[Number(last)] = value as Json;
  else if (isObj(parent)) parent[last] = value as Json;
  return root;
}

/** Size of a JSON value as text: the measure of "smallest". */
export function sizeOf(v: unknown): number {
  return JSON.stringify(v ?? null).length;
}
