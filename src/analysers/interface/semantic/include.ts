/**
 * Inclusion of canonical forms: does every value the first accepts pass the second? Three-valued:
 * `yes` is proven, `no` comes with a value that the first accepts and the second rejects, and
 * anything the comparison cannot settle is `unknown` (the rules decide then).
 */
import { jsonEqual } from '../../../core/json.js';
import { compileLinear } from '../../../core/regexp.js';
import {
  type ArrayAtom,
  type Atom,
  type Canon,
  type NumberAtom,
  type ObjectAtom,
  type StringAtom,
  isAny,
  isEmpty,
  isMultiple,
  itemAt,
  memberOf,
  memberOfAtom,
  propertyCanon,
  sameText,
  Undecided,
} from './canon.js';

export type Tri = 'yes' | 'no' | 'unknown';

/** Integers enumerated at most to compare a range with a list of values. */
const MAX_ENUMERATED = 1000;

function all(results: Iterable<Tri>): Tri {
  let unknown = false;
  for (const r of results) {
    if (r === 'no') return 'no';
    if (r === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'yes';
}

/** Comparisons one decision may make at most (recursive schemas unfold lazily): beyond, "unknown". */
export const MAX_STEPS = 20_000;
let steps = 0;

/** Start a decision's budget. */
export function resetBudget(): void {
  steps = 0;
}

export function includes(a: Canon, b: Canon, depth = 0): Tri {
  if (a === b || sameText(a, b)) return 'yes';
  if (depth > 32 || ++steps > MAX_STEPS) throw new Undecided('comparison too large');
  if (isAny(b)) return 'yes';
  let unknown = false;
  for (const x of a.atoms) {
    const r = atomIncluded(x, b, depth);
    if (r === 'no') return 'no';
    if (r === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'yes';
}

function atomIncluded(x: Atom, b: Canon, depth: number): Tri {
  if (x.values) {
    let unknown = false;
    for (const v of x.values) {
      if (x.excluded.some((e) => jsonEqual(e, v))) continue;
      const m = memberOf(v, b);
      if (m === false) return 'no';
      if (m === undefined) unknown = true;
    }
    return unknown ? 'unknown' : 'yes';
  }
  const candidates = b.atoms.filter((y) => y.t === x.t);
  if (candidates.length === 0) {
    // Null and booleans are never empty unless every value is excluded: a value that is lost.
    if (x.t === 'null' && x.excluded.length === 0) return 'no';
    if (x.t === 'boolean' && x.excluded.length < 2) return 'no';
    return emptyAtLast(x);
  }
  for (const y of candidates) if (atomSub(x, y, depth) === 'yes') return 'yes';
  // A finite integer range against several atoms: value by value.
  if (x.t === 'number') {
    const finite = finiteIntegers(x);
    if (finite) return all(finite.map((v) => (memberOf(v, b) === true ? 'yes' : memberOf(v, b) === false ? 'no' : 'unknown')));
  }
  return emptyAtLast(x);
}

/** An atom the canonical form kept on the shallow check may still be empty (canon.ts `isEmpty`): then it is included in anything. */
function emptyAtLast(x: Atom): Tri {
  return isEmpty(x) ? 'yes' : 'unknown';
}

function finiteIntegers(x: NumberAtom): number[] | undefined {
  if (!x.integer || !Number.isFinite(x.min) || !Number.isFinite(x.max) || x.max - x.min > MAX_ENUMERATED) return undefined;
  const out: number[] = [];
  for (let v = x.min; v <= x.max; v++) if (memberOfAtom(v, x)) out.push(v);
  return out;
}

function atomSub(x: Atom, y: Atom, depth: number): Tri {
  // A value `y` excludes that `x` accepts is lost.
  for (const e of y.excluded) if (memberOfAtom(e, x) !== false) return memberOfAtom(e, x) === true ? 'no' : 'unknown';
  if (y.values) {
    if (x.t === 'number') {
      const finite = finiteIntegers(x);
      if (finite) return all(finite.map((v) => (memberOfAtom(v, y) ? 'yes' : 'no')));
    }
    if (x.t === 'boolean') return all([true, false].filter((v) => !x.excluded.includes(v)).map((v) => (memberOfAtom(v, y) ? 'yes' : 'no')));
    if (x.t === 'null') return memberOfAtom(null, y) ? 'yes' : 'no';
    return 'unknown';
  }
  switch (x.t) {
    case 'number':
      return numberSub(x, y as NumberAtom);
    case 'string':
      return stringSub(x, y as StringAtom);
    case 'array':
      return arraySub(x, y as ArrayAtom, depth);
    case 'object':
      return objectSub(x, y as ObjectAtom, depth);
    default:
      return 'yes';
  }
}

function numberSub(x: NumberAtom, y: NumberAtom): Tri {
  if (y.integer && !x.integer) return 'unknown';
  const lowOk = x.min > y.min || (x.min === y.min && (x.minExcl || !y.minExcl));
  const highOk = x.max < y.max || (x.max === y.max && (x.maxExcl || !y.maxExcl));
  if (!lowOk || !highOk) return 'unknown';
  for (const m of y.multiples) {
    if (x.integer && isMultiple(1, m)) continue;
    if (x.multiples.some((xm) => isMultiple(xm, m))) continue;
    return 'unknown';
  }
  return 'yes';
}

function stringSub(x: StringAtom, y: StringAtom): Tri {
  if (x.minLen < y.minLen || x.maxLen > maxLengthOf(y, x)) return 'unknown';
  if (!y.patterns.every((p) => x.patterns.includes(p))) return 'unknown';
  if (!y.formats.every((f) => x.formats.includes(f))) return 'unknown';
  return 'yes';
}

/**
 * `y`'s `maxLength`, or longer when every string `x` accepts is already that short because of a
 * pattern of `x` that only matches strings of bounded length (`^[a-z]{3}$`).
 */
function maxLengthOf(y: StringAtom, x: StringAtom): number {
  if (x.maxLen <= y.maxLen) return y.maxLen;
  const bound = Math.min(...x.patterns.map(patternMaxLength));
  return bound <= y.maxLen ? Infinity : y.maxLen;
}

/** The longest string an anchored pattern of fixed-width pieces can match (`^[a-z]{2,4}-\d{3}$`), else Infinity. */
export function patternMaxLength(pattern: string): number {
  const m = /^\^(.*)\$$/.exec(pattern);
  if (!m) return Infinity;
  // Pieces: a class, an escape, or a plain character, each with an optional bounded quantifier.
  const piece = /(\[(?:\\.|[^\]\\])*\]|\\[dDwWsS.\\\-^$]|[^\\[\](){}|*+?^$])(?:\{(\d+)(?:,(\d+))?\}|(\?))?/y;
  let total = 0;
  let at = 0;
  const body = m[1]!;
  while (at < body.length) {
    piece.lastIndex = at;
    const p = piece.exec(body);
    if (!p) return Infinity;
    total += p[4] ? 1 : p[2] !== undefined ? Number(p[3] ?? p[2]) : 1;
    at = piece.lastIndex;
  }
  // Sanity: the pattern must compile on the engine the gate uses.
  compileLinear(pattern);
  return total;
}

function arraySub(x: ArrayAtom, y: ArrayAtom, depth: number): Tri {
  if (x.minItems < y.minItems || x.maxItems > y.maxItems) return 'unknown';
  if (y.unique && !x.unique && x.maxItems > 1) return 'unknown';
  // A `no` below is a lost item value only where that item can be present: read as unknown, and
  // the first answer that is not `yes` settles it.
  const len = Math.max(x.prefix.length, y.prefix.length);
  for (let i = 0; i < len && i < x.maxItems; i++) if (includes(itemAt(x, i), itemAt(y, i), depth + 1) !== 'yes') return 'unknown';
  if (x.maxItems > len && includes(x.rest, y.rest, depth + 1) !== 'yes') return 'unknown';
  return 'yes';
}

function objectSub(x: ObjectAtom, y: ObjectAtom, depth: number): Tri {
  if (x.minProps < y.minProps || x.maxProps > y.maxProps) return 'unknown';
  for (const r of y.required) if (!x.required.has(r)) return 'unknown';
  // A `no` below is read as unknown (the property may be absent), so the first answer that is
  // not `yes` settles it: a change at the second of 10,000 properties stops the walk there.
  const sub = (a: Canon, b: Canon) => includes(a, b, depth + 1) === 'yes';
  for (const name of x.props.keys()) if (!sub(propertyCanon(x, name), propertyCanon(y, name))) return 'unknown';
  for (const name of y.props.keys()) if (!x.props.has(name) && !sub(propertyCanon(x, name), propertyCanon(y, name))) return 'unknown';
  // Names neither declares: governed by patterns, then by `additional`.
  const xp = x.patterns.map(([p]) => p).sort();
  const yp = y.patterns.map(([p]) => p).sort();
  if (yp.length > 0 || xp.length > 0) {
    if (xp.length === yp.length && xp.every((p, i) => p === yp[i])) {
      for (const [p, c] of x.patterns) if (!sub(c, y.patterns.find(([q]) => q === p)![1])) return 'unknown';
    } else if (!(yp.length === 0 && isAny(y.additional))) return 'unknown';
  }
  return sub(x.additional, y.additional) ? 'yes' : 'unknown';
}
