/**
 * Fields without a declared tolerance are held to exact equality. "Field" means a top-level
 * property of the prediction object (or the whole prediction when it is not an object on both
 * sides); the parts of it that tolerances cover are left out of the comparison, so a tolerance on
 * `/meta/score` leaves the rest of `/meta` held exactly.
 */
import { escapeToken } from '../../core/pointer.js';
import { ExactCheck, type CheckState } from './checks.js';
import { sameValue, type FieldPointer } from './pointer.js';
import { exactSpec } from './tolerances.js';
import type { Key, ToleranceReport } from './types.js';

/** The parts of a prediction that tolerances cover, as a tree of pointer tokens. */
export interface MaskNode {
  covered: boolean;
  children: Map<string, MaskNode>;
  /** `*`: every element of an array. */
  any?: MaskNode;
}

export function buildMask(pointers: readonly FieldPointer[]): MaskNode {
  const root: MaskNode = { covered: false, children: new Map() };
  for (const p of pointers) {
    let node = root;
    for (const s of p.steps) {
      if (s.key === null) node = node.any ??= { covered: false, children: new Map() };
      else {
        let next = node.children.get(s.key);
        if (!next) node.children.set(s.key, (next = { covered: false, children: new Map() }));
        node = next;
      }
    }
    node.covered = true;
  }
  return root;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Equality with the covered parts left out. */
export function equalMasked(a: unknown, b: unknown, node: MaskNode | undefined): boolean {
  if (node === undefined) return a === b || sameValue(a, b);
  if (node.covered) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return node.any?.covered === true; // the tolerance reports the length change
    for (let i = 0; i < a.length; i++) {
      const child = node.children.get(String(i)) ?? node.any;
      if (!equalMasked(a[i], b[i], child)) return false;
    }
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k in a) {
      if (!hasOwn.call(a, k)) continue;
      const child = node.children.get(k);
      if (child?.covered) continue;
      if (!hasOwn.call(b, k) || !equalMasked(a[k], b[k], child)) return false;
    }
    for (const k in b) {
      if (!hasOwn.call(b, k) || hasOwn.call(a, k)) continue;
      if (node.children.get(k)?.covered) continue;
      return false;
    }
    return true;
  }
  return sameValue(a, b);
}

/** The most fields tracked one by one; further fields share one report. */
export const MAX_FIELDS = 200;
const OTHER_FIELDS = '(other fields)';

export class ImplicitExact {
  readonly fields = new Map<string, ExactCheck>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly mask: MaskNode) {}

  private check(field: string): ExactCheck {
    let c = this.fields.get(field);
    if (c === undefined) {
      const name = this.fields.size >= MAX_FIELDS ? OTHER_FIELDS : field;
      c = this.fields.get(name);
      if (c === undefined) {
        c = new ExactCheck(exactSpec(name === OTHER_FIELDS ? '' : name));
        if (name === OTHER_FIELDS) (c.spec as { field: string }).field = OTHER_FIELDS;
        this.fields.set(name, c);
      }
      if (name !== field) this.fields.set(field, c);
    }
    return c;
  }

  private pointerOf(k: string): string {
    let p = this.tokens.get(k);
    if (p === undefined) {
      p = '/' + escapeToken(k);
      if (this.tokens.size < MAX_FIELDS * 4) this.tokens.set(k, p);
    }
    return p;
  }

  /** Compare the untoleranced parts of one pair; returns whether any differs. */
  add(old: unknown, nw: unknown, baseLine: number, line: number, key: Key | undefined): boolean {
    const mask = this.mask;
    if (mask.covered) return false;
    if (!isPlainObject(old) || !isPlainObject(nw)) {
      const eq = equalMasked(old, nw, mask);
      this.check('').record(eq, old, nw, baseLine, line, key);
      return !eq;
    }
    let changed = false;
    for (const k in old) {
      if (!hasOwn.call(old, k)) continue;
      const child = mask.children.get(k);
      if (child?.covered) continue;
      const ov = old[k];
      const present = hasOwn.call(nw, k);
      const nv = present ? nw[k] : undefined;
      // Lists whose every element a tolerance covers belong to that tolerance entirely.
      if (child?.any?.covered && Array.isArray(ov) && Array.isArray(nv)) continue;
      const eq = present && (ov === nv || equalMasked(ov, nv, child));
      this.check(this.pointerOf(k)).record(eq, ov, nv, baseLine, line, key);
      if (!eq) changed = true;
    }
    for (const k in nw) {
      if (!hasOwn.call(nw, k) || hasOwn.call(old, k)) continue;
      if (mask.children.get(k)?.covered) continue;
      this.check(this.pointerOf(k)).record(false, undefined, nw[k], baseLine, line, key, true);
      changed = true;
    }
    return changed;
  }

  /** Fields whose rows are counted once each, in first-seen order. */
  private distinct(): [string, ExactCheck][] {
    const seen = new Set<ExactCheck>();
    const out: [string, ExactCheck][] = [];
    for (const [f, c] of this.fields) {
      if (seen.has(c)) continue;
      seen.add(c);
      out.push([f === c.spec.field || c.spec.field === OTHER_FIELDS ? c.spec.field : f, c]);
    }
    return out;
  }

  state(): [string, CheckState][] {
    return this.distinct().map(([f, c]) => [f, c.state()]);
  }

  merge(state: [string, CheckState][]): void {
    for (const [f, s] of state) this.check(f).merge(s);
  }

  reports(): ToleranceReport[] {
    return this.distinct()
      .map(([, c]) => c.report())
      .sort((a, b) => (a.field === OTHER_FIELDS ? 1 : b.field === OTHER_FIELDS ? -1 : a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  }
}
