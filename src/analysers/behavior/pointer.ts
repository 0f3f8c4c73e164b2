/**
 * Field pointers of tolerances, compiled once: RFC 6901 JSON Pointers in which the token `*`
 * stands for every element of an array (`/probabilities/*`, `/items/*\/id`). A literal `*`
 * property cannot be addressed.
 */
import { parsePointer } from '../../core/pointer.js';

/** What a pointer yields where the value does not exist. */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

interface Step {
  /** Property name, or null for `*`. */
  key: string | null;
  /** The token as an array index, or -1 when it is not one. */
  index: number;
  /** The name is also a property of Object.prototype: look it up as an own property only. */
  guarded: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

export class FieldPointer {
  readonly text: string;
  readonly steps: readonly Step[];
  readonly wildcard: boolean;

  constructor(text: string) {
    this.text = text;
    this.steps = parsePointer(text).map((t) => ({
      key: t === '*' ? null : t,
      index: /^(0|[1-9][0-9]*)$/.test(t) && t.length < 16 ? Number(t) : -1,
      guarded: t in Object.prototype,
    }));
    this.wildcard = this.steps.some((s) => s.key === null);
  }

  /** The value at a pointer without `*`, or MISSING. */
  get(root: unknown): unknown {
    let cur = root;
    const steps = this.steps;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (cur === null || typeof cur !== 'object') return MISSING;
      if (Array.isArray(cur)) {
        if (s.index < 0 || s.index >= cur.length) return MISSING;
        cur = cur[s.index];
      } else {
        const obj = cur as Record<string, unknown>;
        const v = obj[s.key!];
        if (v === undefined || (s.guarded && !hasOwn.call(obj, s.key!))) return MISSING;
        cur = v;
      }
    }
    return cur;
  }

  /**
   * Every value a pointer with `*` reaches, in document order, appended to `out` (cleared first);
   * a branch that does not reach its leaf contributes MISSING. Returns the count, or -1 when a
   * `*` meets something that is not an array (or the path to it does not exist).
   */
  expand(root: unknown, out: unknown[]): number {
    out.length = 0;
    return this.walk(root, 0, out) ? out.length : -1;
  }

  private walk(cur: unknown, from: number, out: unknown[]): boolean {
    const steps = this.steps;
    for (let i = from; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.key === null) {
        if (!Array.isArray(cur)) return false;
        if (i === steps.length - 1) {
          for (let j = 0; j < cur.length; j++) out.push(cur[j]);
          return true;
        }
        for (let j = 0; j < cur.length; j++) {
          if (!this.walk(cur[j], i + 1, out)) out.push(MISSING);
        }
        return true;
      }
      if (cur === null || typeof cur !== 'object') return false;
      if (Array.isArray(cur)) {
        if (s.index < 0 || s.index >= cur.length) return false;
        cur = cur[s.index];
      } else {
        const obj = cur as Record<string, unknown>;
        const v = obj[s.key];
        if (v === undefined || (s.guarded && !hasOwn.call(obj, s.key))) return false;
        cur = v;
      }
    }
    out.push(cur);
    return true;
  }
}

/** Equality of JSON values for behavior checks: NaN equals NaN, ±Infinity only itself, key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // eslint-disable-next-line no-self-compare
    return a !== a && b !== b && typeof a === 'number' && typeof b === 'number';
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  let na = 0;
  for (const k in oa) {
    if (!hasOwn.call(oa, k)) continue;
    na++;
    if (!hasOwn.call(ob, k) || !sameValue(oa[k], ob[k])) return false;
  }
  let nb = 0;
  for (const k in ob) if (hasOwn.call(ob, k)) nb++;
  return na === nb;
}

/** A value as a report may hold it: MISSING becomes undefined (rendered "absent"). */
export function reportable(v: unknown): unknown {
  if (v === MISSING) return undefined;
  if (Array.isArray(v)) return v.map((x) => (x === MISSING ? undefined : x));
  return v;
}
