/**
 * The soundness oracle. For a pair (old, new) and a direction in which the analyser says
 * "not MAJOR", the verdict is a claim about sets of instances:
 *   input:  every instance valid under OLD is valid under NEW;
 *   output: every instance valid under NEW is valid under OLD.
 * We generate instances from the side that must be contained, keep those ajv accepts there, and
 * check each against the other side. One that fails is a counterexample: a bug in the analyser.
 */
import { diffSchemas, requiredOf, singleSchemaSet } from '../../../src/analysers/interface/diff.js';
import type { Bump } from '../../../src/core/bump.js';
import type { Direction } from '../../../src/core/finding.js';
import { DEFAULT_POLICY, type Policy } from '../../../src/core/policy.js';
import { harvest } from './mutate.js';
import { InstanceGen } from './instances.js';
import { compile, dialectOf, type Validator } from './validators.js';
import { clone, isObj, type Json, Rng, sizeOf, stableStringify } from './util.js';

/**
 * The policy the oracle holds the analyser to. The default `openContent: lenient` makes "an
 * optional input property added to an open object" MINOR on purpose, although an old caller may
 * have sent that property with another type (the brief's table accepts that risk), so the oracle
 * uses `strict`, where the verdict is a real containment claim. Every other switch is the default.
 */
export const ORACLE_POLICY: Policy = { ...DEFAULT_POLICY, openContent: 'strict' };

export const DIRECTIONS: Direction[] = ['input', 'output'];

export interface Counterexample {
  direction: Direction;
  old: unknown;
  new: unknown;
  instance: Json;
  /** What the analyser said in this direction: `rule-id:bump`, sorted. */
  findings: string[];
  /** Where the pair came from: the base pair and the mutations, enough to rebuild it. */
  origin: string;
}

export interface Crash {
  direction: Direction;
  old: unknown;
  new: unknown;
  error: string;
  origin: string;
}

export interface PairResult {
  skipped?: string;
  counterexamples: Counterexample[];
  crashes: Crash[];
  /** Directions judged non-MAJOR (the claims put to the test). */
  claims: number;
  /** Of those, how many got at least one instance valid under the source side. */
  claimsTested: number;
  instances: number;
}

const compiled = new Map<string, Validator | Error>();

/** ajv validators, memoised by schema text (the minimiser asks for the same schemas often). */
export function validatorFor(schema: unknown): Validator | Error {
  const key = stableStringify(schema);
  let v = compiled.get(key);
  if (v === undefined) {
    v = compile(schema);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(key, v);
  }
  return v;
}

export function analyse(o: unknown, n: unknown, direction: Direction, policy = ORACLE_POLICY): { bump: Bump; findings: string[] } {
  // Verdicts only: the witnesses are tested in witness.test.ts.
  const findings = diffSchemas(singleSchemaSet(o), singleSchemaSet(n), direction, policy, { witnesses: false });
  return { bump: requiredOf(findings), findings: [...new Set(findings.map((f) => `${f.id}:${f.bump}`))].sort() };
}

/** Source (must be contained) and target (must contain) for a direction. */
export function sides(o: unknown, n: unknown, direction: Direction): [unknown, unknown] {
  return direction === 'input' ? [o, n] : [n, o];
}

export type Judge = (o: unknown, n: unknown, direction: Direction) => { bump: Bump; findings: string[] };

/** Put the judge's non-MAJOR verdicts on (o, n) to the test; `judge` is the analyser unless a self-test swaps it. */
export function examinePair(o: unknown, n: unknown, origin: string, seed: number, candidates: number, judge: Judge = analyse): PairResult {
  const result: PairResult = { counterexamples: [], crashes: [], claims: 0, claimsTested: 0, instances: 0 };
  const vo = validatorFor(o);
  const vn = validatorFor(n);
  if (vo instanceof Error || vn instanceof Error) {
    result.skipped = `ajv cannot compile: ${(vo instanceof Error ? vo : (vn as Error)).message}`;
    return result;
  }
  const hints = harvest(o, n);
  for (const direction of DIRECTIONS) {
    let verdict: { bump: Bump; findings: string[] };
    try {
      verdict = judge(o, n, direction);
    } catch (err) {
      result.crashes.push({ direction, old: o, new: n, error: (err as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(err), origin });
      continue;
    }
    if (verdict.bump === 'major') continue;
    result.claims++;
    const [src, tgt] = sides(o, n, direction);
    const [vs, vt] = direction === 'input' ? [vo, vn] : [vn, vo];
    const gen = new InstanceGen({ rng: new Rng(seed ^ (direction === 'input' ? 0x1234 : 0x4321)), root: src, dialect: dialectOf(src), hints });
    let valid = 0;
    for (let k = 0; k < candidates; k++) {
      let instance: Json;
      try {
        instance = gen.generate(src);
      } catch {
        continue;
      }
      if (!vs(instance)) continue;
      valid++;
      if (!vt(instance)) {
        result.counterexamples.push({ direction, old: o, new: n, instance, findings: verdict.findings, origin });
        break;
      }
    }
    result.instances += valid;
    if (valid > 0) result.claimsTested++;
  }
  return result;
}

/** Is this still a counterexample? (both compile, non-MAJOR, valid at the source, invalid at the target) */
export function stillFails(o: unknown, n: unknown, instance: unknown, direction: Direction): boolean {
  const vo = validatorFor(o);
  const vn = validatorFor(n);
  if (vo instanceof Error || vn instanceof Error) return false;
  const [vs, vt] = direction === 'input' ? [vo, vn] : [vn, vo];
  if (!vs(instance) || vt(instance)) return false;
  try {
    return analyse(o, n, direction).bump !== 'major';
  } catch {
    return false;
  }
}

/** Every pointer to a member of an object or an element of an array, shallow first. */
function memberPointers(v: unknown): string[] {
  const out: string[] = [];
  const queue: { v: unknown; p: string }[] = [{ v, p: '' }];
  while (queue.length > 0) {
    const { v: x, p } = queue.shift()!;
    if (Array.isArray(x)) x.forEach((e, i) => (out.push(`${p}/${i}`), queue.push({ v: e, p: `${p}/${i}` })));
    else if (isObj(x))
      for (const [k, e] of Object.entries(x))
        (out.push(`${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
          queue.push({ v: e, p: `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` }));
  }
  return out;
}

/** A copy without the member at `pointer` (array elements are spliced out); undefined if absent. */
function without(v: unknown, pointer: string): unknown {
  const toks = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out = clone(v);
  let cur: unknown = out;
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i]!;
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else return undefined;
  }
  const last = toks[toks.length - 1]!;
  if (Array.isArray(cur)) {
    const i = Number(last);
    if (!(i < cur.length)) return undefined;
    cur.splice(i, 1);
  } else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, last)) delete cur[last];
  else return undefined;
  return out;
}

function replaced(v: unknown, pointer: string, value: unknown): unknown {
  const toks = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out = clone(v);
  let cur: unknown = out;
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i]!;
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else return undefined;
  }
  const last = toks[toks.length - 1]!;
  if (Array.isArray(cur)) cur[Number(last)] = value as Json;
  else if (isObj(cur)) cur[last] = value as Json;
  else return undefined;
  return out;
}

/**
 * Greedy shrinking of a counterexample: drop members of the two schemas (in both at once, then
 * in one), then of the instance, and simplify instance values, while it stays a counterexample.
 */
export function minimise(cx: Counterexample, deadline: number): Counterexample {
  let { old: o, new: n, instance } = cx;
  const d = cx.direction;
  let progress = true;
  while (progress && Date.now() < deadline) {
    progress = false;
    const ptrs = [...new Set([...memberPointers(o), ...memberPointers(n)])].filter((p) => p !== '/$schema');
    for (const p of ptrs) {
      if (Date.now() >= deadline) break;
      const o2 = without(o, p);
      const n2 = without(n, p);
      const tries: [unknown, unknown][] = [];
      if (o2 !== undefined && n2 !== undefined) tries.push([o2, n2]);
      if (o2 !== undefined) tries.push([o2, n]);
      if (n2 !== undefined) tries.push([o, n2]);
      for (const [a, b] of tries) {
        if (stillFails(a, b, instance, d)) {
          o = a;
          n = b;
          progress = true;
          break;
        }
      }
    }
    for (const p of memberPointers(instance)) {
      if (Date.now() >= deadline) break;
      const i2 = without(instance, p);
      if (i2 !== undefined && stillFails(o, n, i2, d)) {
        instance = i2 as Json;
        progress = true;
        continue;
      }
      for (const simple of [null, 0, '', true, [], {}]) {
        const i3 = replaced(instance, p, simple);
        if (i3 !== undefined && sizeOf(i3) < sizeOf(instance) && stillFails(o, n, i3, d)) {
          instance = i3 as Json;
          progress = true;
          break;
        }
      }
    }
  }
  let findings = cx.findings;
  try {
    findings = analyse(o, n, d).findings;
  } catch {
    /* kept */
  }
  return { ...cx, old: o, new: n, instance, findings };
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentRequired', 'dependencies', 'dependentSchemas']);

/** The keywords at which two schemas differ: the cause of a counterexample, for grouping. */
export function differingKeywords(a: unknown, b: unknown): string[] {
  const out = new Set<string>();
  const walk = (x: unknown, y: unknown, parent: string) => {
    const record = (k: string) => out.add(MAP_KEYWORDS.has(parent) ? `${parent}/*` : k);
    if (isObj(x) && isObj(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!(k in x) || !(k in y)) {
          if (MAP_KEYWORDS.has(parent)) out.add(`${parent}/*`);
          else out.add(k);
        } else if (stableStringify(x[k]) !== stableStringify(y[k])) {
          if (MAP_KEYWORDS.has(parent)) walk(x[k], y[k], `${parent}/*`);
          else if (k === 'enum' || k === 'const' || k === 'required' || k === 'type') out.add(k);
          else walk(x[k], y[k], k);
        }
      }
    } else if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) x.forEach((e, i) => walk(e, y[i], parent));
    else record(parent || '(root)');
  };
  walk(a, b, '');
  return [...out].sort();
}

/** A cause: the direction, what the analyser said (the rules that made the wrong claim), and where the schemas differ. */
export function causeOf(cx: Counterexample): string {
  const said = cx.findings.length > 0 ? cx.findings.join(', ') : 'no findings';
  return `${cx.direction} · said ${said} · differs at ${differingKeywords(cx.old, cx.new).join(' + ') || '(nothing)'}`;
}

export function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 600 ? s.slice(0, 597) + '...' : s;
}
