/** Is `a` an integer multiple of `b` (within floating-point noise)? */
export function isMultiple(a: number, b: number): boolean {
  if (b === 0) return false;
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}

/** 10 → 5 widens (every multiple of 10 is one of 5); 5 → 10 narrows; 5 → 7 changes. */
export function multipleMove(old: number, neu: number): 'equal' | 'widened' | 'narrowed' | 'changed' {
  if (old === neu) return 'equal';
  if (isMultiple(old, neu)) return 'widened';
  if (isMultiple(neu, old)) return 'narrowed';
  return 'changed';
}
