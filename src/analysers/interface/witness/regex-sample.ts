/**
 * A string that a `pattern` matches, for witnesses. Hand-written because no maintained runtime
 * library generates strings from a regular expression within a bound (fast-check's generator is
 * a test dependency, and backtracking-free RE2 has no generator): it reads the common subset
 * (literals, escapes, classes, groups, alternation, quantifiers, anchors), and every string it
 * makes is checked with the linear-time engine, so what it cannot read only costs a candidate.
 */
import { compileLinear } from '../../../core/regexp.js';
import type { Rng } from './sampler.js';

type Node =
  | { t: 'chars'; pick: string[]; negated?: boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

const DIGITS = [...'0123456789'];
const WORD = [...'abcxyzABZ0129_'];
const SPACE = [' '];
/** Characters tried for a negated class or `.`: the first that is not excluded is taken. */
const ANY = [...'aZ0 _-.x9@/:'];
/** How many times an unbounded quantifier repeats at most. */
const OPEN_REPEAT = 3;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alt();
    if (this.i < this.src.length) throw new Error('unread');
    return n;
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, OPEN_REPEAT];
    else if (c === '+') [min, max] = [1, OPEN_REPEAT];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? min + OPEN_REPEAT : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === '?' || this.src[this.i] === '+') this.i++;
    return { t: 'rep', node: atom, min: Math.min(min, 100), max: Math.min(max, 100) };
  }

  private atom(): Node | undefined {
    const c = this.src[this.i++]!;
    if (c === '^' || c === '$') return undefined;
    if (c === '(') {
      if (this.src[this.i] === '?') {
        const named = /^\?(?::|<[A-Za-z_][A-Za-z0-9_]*>|P<[A-Za-z_][A-Za-z0-9_]*>)/.exec(this.src.slice(this.i));
        if (!named) throw new Error('look-around');
        this.i += named[0].length;
      }
      const inner = this.alt();
      if (this.src[this.i++] !== ')') throw new Error('unclosed');
      return inner;
    }
    if (c === '[') return this.cls();
    if (c === '.') return { t: 'chars', pick: ['\n'], negated: true };
    if (c === '\\') return this.escape(false);
    return { t: 'chars', pick: [c] };
  }

  private escape(inClass: boolean): Node {
    const c = this.src[this.i++];
    if (c === undefined) throw new Error('dangling escape');
    if (c === 'd') return { t: 'chars', pick: DIGITS };
    if (c === 'w') return { t: 'chars', pick: WORD };
    if (c === 's') return { t: 'chars', pick: SPACE };
    if (c === 'D' || c === 'W' || c === 'S') return { t: 'chars', pick: c === 'D' ? DIGITS : c === 'W' ? WORD : SPACE, negated: true };
    if (c === 'b' || c === 'B') {
      if (inClass) return { t: 'chars', pick: ['\b'] };
      return { t: 'seq', items: [] };
    }
    const code = /^u([0-9a-fA-F]{4})|^x([0-9a-fA-F]{2})/.exec(this.src.slice(this.i - 1));
    if (code) {
      this.i += code[0].length - 1;
      return { t: 'chars', pick: [String.fromCharCode(parseInt(code[1] ?? code[2]!, 16))] };
    }
    const controls: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
    return { t: 'chars', pick: [controls[c] ?? c] };
  }

  private cls(): Node {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const pick: string[] = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let lo: string;
      if (this.src[this.i] === '\\') {
        this.i++;
        const e = this.escape(true) as { t: 'chars'; pick: string[]; negated?: boolean };
        if (e.negated || e.pick.length !== 1) {
          if (!e.negated) pick.push(...e.pick);
          continue;
        }
        lo = e.pick[0]!;
      } else lo = this.src[this.i++]!;
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.src[this.i] === '\\' ? (this.i++, (this.escape(true) as { pick: string[] }).pick[0]!) : this.src[this.i++]!;
        const a = lo.codePointAt(0)!;
        const b = hi.codePointAt(0)!;
        for (let k = a; k <= b && k - a < 64; k++) pick.push(String.fromCodePoint(k));
      } else pick.push(lo);
    }
    if (this.src[this.i++] !== ']') throw new Error('unclosed class');
    return { t: 'chars', pick, negated };
  }
}

function emit(n: Node, rng: Rng, simplest: boolean, out: string[]): void {
  switch (n.t) {
    case 'chars':
      if (n.negated) {
        const c = ANY.find((x) => !n.pick.includes(x));
        if (c !== undefined) out.push(c);
      } else if (n.pick.length > 0) out.push(simplest ? n.pick[0]! : rng.pick(n.pick));
      return;
    case 'seq':
      for (const item of n.items) emit(item, rng, simplest, out);
      return;
    case 'alt':
      emit(simplest ? n.options[0]! : rng.pick(n.options), rng, simplest, out);
      return;
    case 'rep': {
      const times = simplest ? n.min : rng.int(n.min, n.max);
      for (let k = 0; k < times; k++) emit(n.node, rng, simplest, out);
    }
  }
}

const parsed = new Map<string, Node | null>();

/** A string the pattern matches (checked), or undefined when none was found. */
export function sampleMatching(pattern: string, rng: Rng, simplest = false): string | undefined {
  let node = parsed.get(pattern);
  if (node === undefined) {
    try {
      node = new Parser(pattern).parse();
    } catch {
      node = null;
    }
    if (parsed.size > 1000) parsed.clear();
    parsed.set(pattern, node);
  }
  if (node === null) return undefined;
  const out: string[] = [];
  emit(node, rng, simplest, out);
  const text = out.join('');
  try {
    return compileLinear(pattern).test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
