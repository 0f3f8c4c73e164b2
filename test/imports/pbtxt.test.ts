/** The protobuf text-format parser behind the Triton importer: syntax, escapes, places, bounds. */
import { describe, expect, it } from 'vitest';
import { MAX_PBTXT_DEPTH, MAX_PBTXT_VALUES, parsePbtxt, PbtxtError, type PbMessage, type PbValue } from '../../src/readers/imports/pbtxt.js';

/** The tree without positions: `{name: value | [values]}` with messages as nested objects. */
function plain(m: PbMessage): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const f of m.fields) (out[f.name] ??= []).push(value(f.value));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}
function value(v: PbValue): unknown {
  return v.kind === 'message' ? plain(v) : `${v.kind}:${v.text}`;
}
function error(text: string): PbtxtError {
  try {
    parsePbtxt(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PbtxtError);
    return err as PbtxtError;
  }
  throw new Error('expected a PbtxtError');
}

describe('protobuf text format', () => {
  it('fields, messages in braces or angle brackets, lists, comments and separators', () => {
    const m = parsePbtxt(`# a comment
name: "m" # another
max_batch_size : 8;
input [ { name: "a", dims: [ 1, -1 ] }, { name: "b" } ]
optimization { graph < level: 1 > },
flag: true
`);
    expect(plain(m)).toEqual({
      name: 'string:m',
      max_batch_size: 'number:8',
      input: [{ name: 'string:a', dims: ['number:1', 'number:-1'] }, { name: 'string:b' }],
      optimization: { graph: { level: 'number:1' } },
      flag: 'identifier:true',
    });
  });

  it('a repeated field written several times, an empty list, a colon before a message', () => {
    expect(plain(parsePbtxt('dims: 1 dims: 2 tags: [] input: { name: "x" }'))).toEqual({
      dims: ['number:1', 'number:2'],
      input: { name: 'string:x' },
    });
  });

  it('numbers: hexadecimal, octal, floats with exponents and suffix, inf and nan with a sign', () => {
    expect(plain(parsePbtxt('a: 0x1F b: 017 c: 1.5e-3 d: .5f e: -inf f: nan g: -2'))).toEqual({
      a: 'number:0x1F',
      b: 'number:017',
      c: 'number:1.5e-3',
      d: 'number:.5f',
      e: 'identifier:-inf',
      f: 'identifier:nan',
      g: 'number:-2',
    });
  });

  it('string escapes (C escapes, octal, hex, \\u and \\U), single quotes, adjacent strings joined', () => {
    const m = parsePbtxt(String.raw`s: "a\n\t\"\\\'\?" t: 'it''s' u: "\101\x42\u00e9\U0001F600" v: "x" 'y' "z"`);
    expect(plain(m)).toEqual({ s: 'string:a\n\t"\\\'?', t: 'string:its', u: 'string:ABé😀', v: 'string:xyz' });
  });

  it('positions are 1-based lines and columns of each field and value', () => {
    const m = parsePbtxt('a: 1\n  b {\n    c: "x"\n  }\n');
    expect(m.fields[1]).toMatchObject({ name: 'b', line: 2, column: 3 });
    const inner = m.fields[1]!.value as PbMessage;
    expect(inner.fields[0]).toMatchObject({ name: 'c', line: 3, column: 5, value: { line: 3, column: 8 } });
  });

  it.each([
    ['an invalid escape', 'a: "x\\qy"', 1, 6, /invalid escape "\\\\q"/],
    ['a string cut by a line end', 'a: "x\nb: 1', 1, 4, /not closed before the end of its line/],
    ['a \\U escape beyond Unicode', 'a: "\\U00110000"', 1, 5, /not a Unicode code point/],
    ['a scalar without a colon', 'a 1', 1, 3, /expected ":" after the field name "a"/],
    ['an unclosed message', 'a {\n b: 1\n', 3, 1, /the message opened at line 1, column 3 is not closed \("}"\)/],
    ['a mismatched closing bracket', 'a { b: 1 >', 1, 10, /expected a field name, found ">"/],
    ['a stray closing brace', 'a: 1 }', 1, 6, /expected a field name, found "}"/],
    ['a list without its closing bracket', 'a: [1, 2', 1, 9, /expected "," or "\]" in the list "a", found the end of the file/],
    ['an extension field', '[foo.bar]: 1', 1, 1, /extension and Any fields/],
    ['an unexpected character', 'a: 1 @', 1, 6, /unexpected character "@"/],
    ['a sign without a number', 'a: -x', 1, 5, /expected a number after "-"/],
    ['a value missing', 'a: }', 1, 4, /expected a value for "a", found "}"/],
  ])('%s is an error with its line and column', (_, text, line, column, message) => {
    const e = error(text);
    expect(e.message).toMatch(message);
    expect({ line: e.line, column: e.column }).toEqual({ line, column });
  });

  it(`messages nested more than ${MAX_PBTXT_DEPTH} deep are refused, however deep (no stack overflow)`, () => {
    const deep = 'a { '.repeat(100_000) + '}'.repeat(100_000);
    const e = error(deep);
    expect(e.message).toMatch(`nested more than ${MAX_PBTXT_DEPTH} levels deep`);
    expect(e.line).toBe(1);
    // Within the bound, it reads.
    expect(() => parsePbtxt('a { '.repeat(MAX_PBTXT_DEPTH) + '}'.repeat(MAX_PBTXT_DEPTH))).not.toThrow();
  });

  it(`more than ${MAX_PBTXT_VALUES} values are refused`, () => {
    const huge = `dims: [${Array.from({ length: MAX_PBTXT_VALUES + 1 }, () => '1').join(',')}]`;
    expect(error(huge).message).toMatch(`more than ${MAX_PBTXT_VALUES} values`);
    expect(() => parsePbtxt(`dims: [${Array.from({ length: 1000 }, () => '1').join(',')}]`)).not.toThrow();
  });
});
