/**
 * The protobuf text format (as written by `TextFormat::Print` and read by `TextFormat::Parse`),
 * parsed into a generic tree of fields with their line and column, for the Triton importer to
 * check against `ModelConfig`. Hand-written because no maintained JavaScript protobuf library
 * reads the text format (protobufjs and @bufbuild/protobuf read the binary wire format and JSON
 * only). Strict: anything the reference parser refuses is an error here too (a bad escape, a
 * missing colon before a scalar, an unclosed message), and nesting and size are bounded.
 */

/** Where a token starts: 1-based line and column (columns count UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
}

/** A scalar as written: an identifier (enum value, `true`, `inf`…), a number, or a (concatenated, unescaped) string. */
export interface PbScalar extends Position {
  kind: 'identifier' | 'number' | 'string';
  /** Identifiers and numbers as written (a number with its sign); strings unescaped. */
  text: string;
}

export interface PbMessage extends Position {
  kind: 'message';
  fields: PbField[];
}

export type PbValue = PbScalar | PbMessage;

/** One `name: value`; a list `name: [a, b]` gives one field per element, as the reference parser does. */
export interface PbField extends Position {
  name: string;
  value: PbValue;
}

export class PbtxtError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Messages nested deeper than this are refused (a real model configuration nests five levels). */
export const MAX_PBTXT_DEPTH = 64;
/** At most this many values in one file (a real model configuration has hundreds). */
export const MAX_PBTXT_VALUES = 200_000;

type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';
interface Token extends Position {
  kind: TokenKind;
  text: string;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
// Decimal, hexadecimal and octal integers, and floats with an optional exponent and `f` suffix (as the reference tokenizer).
const NUMBER = /(?:0[xX][0-9A-Fa-f]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fF]?)(?![A-Za-z0-9_.])/y;

class Lexer {
  pos = 0;
  line = 1;
  lineStart = 0;
  private peeked: Token | undefined;

  constructor(readonly text: string) {}

  fail(message: string, at: Position = { line: this.line, column: this.pos - this.lineStart + 1 }): PbtxtError {
    return new PbtxtError(message, at.line, at.column);
  }

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') this.pos++;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private read(): Token {
    this.skipSpace();
    const s = this.text;
    const at = { line: this.line, column: this.pos - this.lineStart + 1 };
    if (this.pos >= s.length) return { kind: 'end', text: '', ...at };
    const c = s[this.pos]!;
    if (c === '"' || c === "'") return { kind: 'string', text: this.string(c, at), ...at };
    IDENT.lastIndex = this.pos;
    const id = IDENT.exec(s);
    if (id) {
      this.pos += id[0].length;
      return { kind: 'identifier', text: id[0], ...at };
    }
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(s);
    if (num) {
      this.pos += num[0].length;
      return { kind: 'number', text: num[0], ...at };
    }
    if ('{}<>[]:,;-/.'.includes(c)) {
      this.pos++;
      return { kind: 'symbol', text: c, ...at };
    }
    throw this.fail(`unexpected character ${JSON.stringify(c)}`, at);
  }

  /** A quoted string, unescaped (C escapes, as the reference parser: \n \t \" \\ \' \? \a \b \f \r \v, octal, \x, \u, \U). */
  private string(quote: string, at: Position): string {
    const s = this.text;
    let out = '';
    this.pos++;
    for (;;) {
      if (this.pos >= s.length || s[this.pos] === '\n') throw this.fail('a string is not closed before the end of its line', at);
      const c = s[this.pos]!;
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const escapeAt = { line: this.line, column: this.pos - this.lineStart + 1 };
      const e = s[this.pos + 1];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '\\': '\\',
        "'": "'",
        '"': '"',
        '?': '?',
      };
      if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
        out += simple[e];
        this.pos += 2;
        continue;
      }
      let m: RegExpExecArray | null;
      if ((m = /^[0-7]{1,3}/.exec(s.slice(this.pos + 1, this.pos + 4)))) {
        out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
        this.pos += 1 + m[0].length;
      } else if (e === 'x' && (m = /^[0-9A-Fa-f]{1,2}/.exec(s.slice(this.pos + 2, this.pos + 4)))) {
        out += String.fromCharCode(parseInt(m[0], 16));
        this.pos += 2 + m[0].length;
      } else if ((e === 'u' || e === 'U') && (m = (e === 'u' ? /^[0-9A-Fa-f]{4}/ : /^[0-9A-Fa-f]{8}/).exec(s.slice(this.pos + 2, this.pos + 10)))) {
        const code = parseInt(m[0], 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw this.fail(`the escape \\${e}${m[0]} is not a Unicode code point`, escapeAt);
        out += String.fromCodePoint(code);
        this.pos += 2 + m[0].length;
      } else {
        throw this.fail(`invalid escape ${JSON.stringify(`\\${e ?? ''}`)} in a string`, escapeAt);
      }
    }
  }
}

class Parser {
  private values = 0;
  constructor(readonly lex: Lexer) {}

  private count(at: Position): void {
    if (++this.values > MAX_PBTXT_VALUES) throw this.lex.fail(`more than ${MAX_PBTXT_VALUES} values; a model configuration has far fewer`, at);
  }

  private expect(text: string, what: string): Token {
    const t = this.lex.next();
    if (t.kind !== 'symbol' || t.text !== text) throw this.lex.fail(`expected ${what}, found ${describeToken(t)}`, t);
    return t;
  }

  /** Fields until `close` (or the end of the text for the top level). */
  message(close: string | null, depth: number, at: Position): PbMessage {
    if (depth > MAX_PBTXT_DEPTH) throw this.lex.fail(`messages nested more than ${MAX_PBTXT_DEPTH} levels deep`, at);
    const fields: PbField[] = [];
    for (;;) {
      const t = this.lex.peek();
      if (close === null ? t.kind === 'end' : t.kind === 'symbol' && t.text === close) {
        this.lex.next();
        return { kind: 'message', fields, line: at.line, column: at.column };
      }
      if (t.kind === 'end') throw this.lex.fail(`the message opened at line ${at.line}, column ${at.column} is not closed ("${close}")`, t);
      this.field(fields, depth);
      const sep = this.lex.peek();
      if (sep.kind === 'symbol' && (sep.text === ',' || sep.text === ';')) this.lex.next();
    }
  }

  private field(into: PbField[], depth: number): void {
    const nameToken = this.lex.next();
    if (nameToken.kind === 'symbol' && nameToken.text === '[')
      throw this.lex.fail('extension and Any fields ([…]) are not part of this format', nameToken);
    if (nameToken.kind !== 'identifier') throw this.lex.fail(`expected a field name, found ${describeToken(nameToken)}`, nameToken);
    const name = nameToken.text;
    let t = this.lex.peek();
    const colon = t.kind === 'symbol' && t.text === ':';
    if (colon) {
      this.lex.next();
      t = this.lex.peek();
    }
    const push = (value: PbValue) => {
      this.count(value);
      into.push({ name, value, line: nameToken.line, column: nameToken.column });
    };
    if (t.kind === 'symbol' && t.text === '[') {
      // A list: `name: [v, v]`, or `name [{…}, {…}]` (messages only need no colon).
      this.lex.next();
      const first = this.lex.peek();
      if (first.kind === 'symbol' && first.text === ']') {
        this.lex.next();
        return;
      }
      for (;;) {
        const v = this.value(depth, colon, name);
        push(v);
        const sep = this.lex.next();
        if (sep.kind === 'symbol' && sep.text === ']') return;
        if (sep.kind !== 'symbol' || sep.text !== ',')
          throw this.lex.fail(`expected "," or "]" in the list "${name}", found ${describeToken(sep)}`, sep);
      }
    }
    push(this.value(depth, colon, name));
  }

  /** One value: a message (`{…}` or `<…>`) or, after a colon, a scalar. */
  private value(depth: number, colon: boolean, name: string): PbValue {
    const t = this.lex.next();
    if (t.kind === 'symbol' && (t.text === '{' || t.text === '<')) return this.message(t.text === '{' ? '}' : '>', depth + 1, t);
    if (!colon) throw this.lex.fail(`expected ":" after the field name "${name}", found ${describeToken(t)}`, t);
    if (t.kind === 'string') {
      let text = t.text;
      // Adjacent strings are one value ("a" "b" is "ab").
      while (this.lex.peek().kind === 'string') text += this.lex.next().text;
      return { kind: 'string', text, line: t.line, column: t.column };
    }
    if (t.kind === 'symbol' && t.text === '-') {
      const n = this.lex.next();
      if (n.kind === 'number' || (n.kind === 'identifier' && /^(inf|infinity|nan)$/i.test(n.text)))
        return { kind: n.kind, text: `-${n.text}`, line: t.line, column: t.column };
      throw this.lex.fail(`expected a number after "-", found ${describeToken(n)}`, n);
    }
    if (t.kind === 'number' || t.kind === 'identifier') return { kind: t.kind, text: t.text, line: t.line, column: t.column };
    throw this.lex.fail(`expected a value for "${name}", found ${describeToken(t)}`, t);
  }
}

function describeToken(t: Token): string {
  if (t.kind === 'end') return 'the end of the file';
  if (t.kind === 'string') return `the string ${JSON.stringify(t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text)}`;
  return `"${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}"`;
}

/** Parse the text of a protobuf text-format message (the top level, with no braces). Throws PbtxtError. */
export function parsePbtxt(text: string): PbMessage {
  const lex = new Lexer(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return new Parser(lex).message(null, 0, { line: 1, column: 1 });
}
