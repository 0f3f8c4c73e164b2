/**
 * The contract's tolerances, checked and turned into one check per (field, kind). A tolerance
 * entry may combine kinds (`abs` and `psi` on one field give two checks); an entry with only a
 * `field` holds that field to exact equality explicitly.
 */
import { InputError } from '../../core/errors.js';
import type { Tolerance } from '../../contract/types.js';
import { FieldPointer } from './pointer.js';
import type { CheckKind } from './types.js';

export interface CheckSpec {
  kind: CheckKind;
  field: string;
  pointer: FieldPointer;
  /** Position in `reference.tolerances`; undefined for a field held to exact equality by default. */
  index?: number;
  declared: boolean;
  /** The limits as reported, defaults filled in. */
  limits: Record<string, number>;
  abs: number;
  rel: number;
  maxViolationRate: number;
  agreement: number;
  k: number;
  min?: number;
  minMean?: number;
  max: number;
  bins: number;
}

export const DEFAULT_PSI_BINS = 10;

const KNOWN = new Set(['field', 'abs', 'rel', 'max_violation_rate', 'agreement', 'topk_overlap', 'cosine', 'psi']);

function base(field: string, pointer: FieldPointer, index: number | undefined, kind: CheckKind, declared: boolean): CheckSpec {
  return {
    kind,
    field,
    pointer,
    index,
    declared,
    limits: {},
    abs: 0,
    rel: 0,
    maxViolationRate: 0,
    agreement: 1,
    k: 0,
    max: 0,
    bins: DEFAULT_PSI_BINS,
  };
}

/** A check for a field without a declared tolerance. */
export function exactSpec(field: string): CheckSpec {
  return base(field, new FieldPointer(field), undefined, 'exact', false);
}

/**
 * Check the tolerances and compile them. A tolerance that makes no sense (a negative `abs`,
 * `k: 0`, `min: 2`, a pointer that is not one, the same kind twice on one field) is an
 * InputError naming `contractFile` and the tolerance's pointer.
 */
export function compileTolerances(tolerances: readonly Tolerance[] | undefined, contractFile: string): CheckSpec[] {
  const specs: CheckSpec[] = [];
  const seen = new Set<string>();
  (tolerances ?? []).forEach((t, i) => {
    const at = `/reference/tolerances/${i}`;
    const bad = (rel: string, message: string): never => {
      throw new InputError(contractFile, message, { pointer: at + rel });
    };
    if (t === null || typeof t !== 'object' || Array.isArray(t)) bad('', 'a tolerance must be an object with a `field`');
    for (const k of Object.keys(t)) if (!KNOWN.has(k)) bad(`/${k}`, `unknown tolerance setting "${k}"`);
    const field = t.field as unknown;
    if (typeof field !== 'string' || (field !== '' && !field.startsWith('/')))
      bad('/field', '`field` must be a JSON Pointer such as "/score" or "/probabilities/*"');
    const pointer = new FieldPointer(field as string);

    const number = (rel: string, v: unknown, lo: number, hi: number, what: string): number => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
        bad(rel, `${what} must be a number from ${lo} to ${hi === Infinity ? 'any size' : hi}, not ${JSON.stringify(v)}`);
      return v as number;
    };
    const add = (kind: CheckKind, fill: (s: CheckSpec) => void) => {
      const id = `${field as string}\u0000${kind}`;
      if (seen.has(id)) bad('', `the field ${JSON.stringify(field)} has two ${kind} tolerances`);
      seen.add(id);
      const s = base(field as string, pointer, i, kind, true);
      fill(s);
      specs.push(s);
    };

    let kinds = 0;
    if (t.abs !== undefined || t.rel !== undefined || t.max_violation_rate !== undefined) {
      kinds++;
      add('abs_rel', (s) => {
        s.abs = t.abs === undefined ? 0 : number('/abs', t.abs, 0, Infinity, '`abs`');
        s.rel = t.rel === undefined ? 0 : number('/rel', t.rel, 0, Infinity, '`rel`');
        s.maxViolationRate =
          t.max_violation_rate === undefined ? 0 : number('/max_violation_rate', t.max_violation_rate, 0, 1, '`max_violation_rate`');
        s.limits = { abs: s.abs, rel: s.rel, max_violation_rate: s.maxViolationRate };
      });
    }
    if (t.agreement !== undefined) {
      kinds++;
      add('agreement', (s) => {
        s.agreement = number('/agreement', t.agreement, 0, 1, '`agreement`');
        s.limits = { agreement: s.agreement };
      });
    }
    if (t.topk_overlap !== undefined) {
      kinds++;
      const o = t.topk_overlap as unknown as Record<string, unknown>;
      if (o === null || typeof o !== 'object') bad('/topk_overlap', '`topk_overlap` must be {k, min}');
      add('topk_overlap', (s) => {
        if (typeof o.k !== 'number' || !Number.isInteger(o.k) || o.k < 1 || o.k > 100_000)
          bad('/topk_overlap/k', `\`k\` must be a whole number from 1 to 100000, not ${JSON.stringify(o.k)}`);
        s.k = o.k as number;
        s.min = number('/topk_overlap/min', o.min, 0, 1, '`min`');
        s.limits = { k: s.k, min: s.min };
      });
    }
    if (t.cosine !== undefined) {
      kinds++;
      const o = t.cosine as unknown as Record<string, unknown>;
      if (o === null || typeof o !== 'object' || (o.min === undefined && o.min_mean === undefined))
        bad('/cosine', '`cosine` must set `min_mean`, `min` or both');
      add('cosine', (s) => {
        s.limits = {};
        if (o.min_mean !== undefined) s.limits.min_mean = s.minMean = number('/cosine/min_mean', o.min_mean, -1, 1, '`min_mean`');
        if (o.min !== undefined) s.limits.min = s.min = number('/cosine/min', o.min, -1, 1, '`min`');
      });
    }
    if (t.psi !== undefined) {
      kinds++;
      const o = t.psi as unknown as Record<string, unknown>;
      if (o === null || typeof o !== 'object') bad('/psi', '`psi` must be {max, bins}');
      add('psi', (s) => {
        s.max = number('/psi/max', o.max, 0, Infinity, '`max`');
        if (o.bins !== undefined && (typeof o.bins !== 'number' || !Number.isInteger(o.bins) || o.bins < 2 || o.bins > 1000)) {
          bad('/psi/bins', `\`bins\` must be a whole number from 2 to 1000, not ${JSON.stringify(o.bins)}`);
        }
        s.bins = (o.bins as number | undefined) ?? DEFAULT_PSI_BINS;
        s.limits = { max: s.max, bins: s.bins };
      });
    }
    if (kinds === 0) add('exact', () => {});
  });
  return specs;
}
