import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rowsFromFile, rowsFromStream, rowsFromValues, formatOf } from '../../src/readers/rows.js';
import { parseJsonLine, stringifyJsonLine } from '../../src/readers/rows-json.js';
import { rowsFromRange, sameBytes, splitByRows } from '../../src/readers/rows-split.js';
import { collect, fixture, inputError } from './helpers.js';

describe('JSONL reader', () => {
  it('skips blank lines, accepts CRLF and a byte order mark, numbers lines from 1', async () => {
    const rows = await collect(rowsFromFile(fixture('readers/rows.jsonl')));
    expect(rows).toEqual([
      { line: 1, value: { a: 1, b: 'x' } },
      { line: 4, value: { a: 2, b: 'y' } },
      { line: 5, value: { a: 3, b: 'z' } },
    ]);
  });

  it('reads gzip-compressed files transparently', async () => {
    const rows = await collect(rowsFromFile(fixture('readers/rows.jsonl.gz')));
    expect(rows.map((r) => r.value)).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: 'z' },
    ]);
  });

  it("reads Python's NaN, Infinity and -Infinity tokens as numbers, and leaves strings alone", async () => {
    const rows = await collect(rowsFromFile(fixture('readers/python.jsonl')));
    expect(rows[0]!.value.x).toBeNaN();
    expect(rows[0]!.value.y).toEqual([Infinity, -Infinity]);
    expect(rows[0]!.value.s).toBe('NaN inside a string');
    expect(rows[1]!.value).toEqual({ x: 1.5, y: [], s: 'Infinity' });
  });

  it('keeps "__proto__" as an own property, never a prototype', async () => {
    const [row] = await collect(rowsFromFile(fixture('readers/proto.jsonl')));
    expect(Object.getPrototypeOf(row!.value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(row!.value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a line that is not a JSON object, naming file and line', async () => {
    const err = await inputError(collect(rowsFromFile(fixture('readers/not-object.jsonl'), { name: 'refs/in.jsonl' })));
    expect(err.file).toBe('refs/in.jsonl');
    expect(err.line).toBe(2);
    expect(err.format()).toMatch(/^refs\/in\.jsonl:2:1: not a JSON object/);
  });

  it('accepts any JSON value per line when asked (predictions may be lists)', async () => {
    const rows = await collect(rowsFromFile(fixture('readers/array-rows.jsonl'), { values: 'any' }));
    expect(rows.map((r) => r.value)).toEqual([[1234, 5678], [42]]);
  });

  it('rejects a line that is not JSON with its line and column', async () => {
    const err = await inputError(collect(rowsFromFile(fixture('readers/bad-json.jsonl'), { name: 'bad.jsonl' })));
    expect(err.line).toBe(3);
    expect(err.column).toBe(7);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('rejects bytes that are not UTF-8, naming the line', async () => {
    const err = await inputError(collect(rowsFromFile(fixture('readers/bad-utf8.jsonl'))));
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/UTF-8/);
  });

  it('reports a missing file, a file that is not gzip, and a name of unknown format', async () => {
    expect((await inputError(collect(rowsFromFile(fixture('readers/nope.jsonl'), { name: 'nope.jsonl' })))).format()).toBe(
      'nope.jsonl: the file does not exist',
    );
    expect((await inputError(collect(rowsFromFile(fixture('readers/not-gzip.jsonl.gz'))))).message).toMatch(/not valid gzip/);
    expect(() => rowsFromFile(fixture('readers/unknown.txt'))).toThrow(/cannot tell the format/);
    expect(formatOf('a/b.NDJSON.GZ')).toEqual({ format: 'jsonl', gzip: true });
  });

  it('reads from any stream, the format given or taken from the name', async () => {
    const open = () => Readable.from([Buffer.from('{"a": 1}\n{"a"'), Buffer.from(': 2}\n')]);
    expect((await collect(rowsFromStream('x.jsonl', open))).map((r) => r.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect((await collect(rowsFromStream('stdin', open, 'jsonl'))).length).toBe(2);
  });

  it('splits multi-byte characters across chunks correctly', async () => {
    const bytes = Buffer.from('{"name": "Zoë 🙂"}\n{"name": "naïve"}\n');
    const pieces = Array.from(bytes, (b) => Buffer.from([b])); // one byte per chunk
    const rows = await collect(rowsFromStream('x.jsonl', () => Readable.from(pieces)));
    expect(rows.map((r) => r.value.name)).toEqual(['Zoë 🙂', 'naïve']);
  });

  it('gives equal fingerprints to equal bytes, and counts rows without parsing', async () => {
    const a = await rowsFromFile(fixture('pairing/inputs.jsonl')).fingerprint!();
    const b = await rowsFromFile(fixture('pairing/inputs.jsonl')).fingerprint!();
    const c = await rowsFromFile(fixture('pairing/inputs-short.jsonl')).fingerprint!();
    expect(a).toEqual(b);
    expect(a.rows).toBe(6);
    expect(c.rows).toBe(4);
    expect((await rowsFromFile(fixture('readers/rows.jsonl')).fingerprint!()).rows).toBe(3);
    expect((await rowsFromFile(fixture('readers/quirks.csv')).fingerprint!()).rows).toBe(4);
  });
});

describe('CSV reader', () => {
  it('reads a header row, quoted fields, CRLF, numbers as numbers, empty as null', async () => {
    const rows = await collect(rowsFromFile(fixture('readers/quirks.csv')));
    expect(rows.map((r) => r.line)).toEqual([2, 4, 6, 7]);
    expect(rows[0]!.value).toEqual({ id: 'a1', score: 0.5, label: 'cat', note: 'plain, with comma', count: 3 });
    expect(rows[1]!.value).toEqual({ id: 'a2', score: -2500, label: 'dog', note: 'line one\r\nline two', count: null });
    expect(rows[2]!.value.score).toBeNaN();
    expect(rows[2]!.value.label).toBe('say "hi"');
    expect(rows[2]!.value.note).toBeNull();
    expect(rows[2]!.value.count).toBe(-Infinity);
    // `007` is not a JSON number and "1" was quoted: both stay strings; numpy's inf/nan are numbers.
    expect(rows[3]!.value.id).toBe('007');
    expect(rows[3]!.value.score).toBe(Infinity);
    expect(rows[3]!.value.label).toBe('1');
    expect(rows[3]!.value.note).toBe(Infinity);
    expect(rows[3]!.value.count).toBeNaN();
  });

  it('reads gzip-compressed CSV', async () => {
    const rows = await collect(rowsFromFile(fixture('readers/quirks.csv.gz')));
    expect(rows.map((r) => r.value)).toEqual([
      { id: 1, score: 0.5 },
      { id: 2, score: '0.7' },
    ]);
  });

  it('rejects a ragged row, naming file and row', async () => {
    const err = await inputError(collect(rowsFromFile(fixture('readers/ragged.csv'), { name: 'ragged.csv' })));
    expect(err.format()).toBe('ragged.csv:3:1: the row has 3 fields but the header has 2');
  });

  it('rejects a repeated column name and an unclosed quote', async () => {
    expect((await inputError(collect(rowsFromFile(fixture('readers/dup-header.csv'))))).message).toMatch(/names the column "id" twice/);
    const err = await inputError(collect(rowsFromFile(fixture('readers/unclosed.csv'))));
    expect(err.message).toMatch(/not valid CSV/);
    expect(err.line).toBeGreaterThanOrEqual(2);
  });
});

describe('JSON lines with non-finite numbers', () => {
  it('parses what Python writes and writes it back', () => {
    const v = parseJsonLine('{"a": [NaN, -Infinity, Infinity, -0.5e-3], "b": "x"}') as { a: number[] };
    expect(v.a[0]).toBeNaN();
    expect(v.a.slice(1)).toEqual([-Infinity, Infinity, -0.0005]);
    expect(stringifyJsonLine({ a: [NaN, Infinity, -Infinity, 1], b: 'NaN' })).toBe('{"a":[NaN,Infinity,-Infinity,1],"b":"NaN"}');
    expect(stringifyJsonLine({ a: 1 })).toBe('{"a":1}');
  });

  it('still rejects what JSON rejects', () => {
    for (const bad of ['{"a": nan}', '{"a": NaNa}', '{"a": 01}', "{'a': 1}", '{"a": 1,}', '[1] 2', '{"a": "\\x"}', '{"a": Infinity']) {
      expect(() => parseJsonLine(bad), bad).toThrow();
    }
  });

  it('refuses nesting deeper than 1000 levels instead of overflowing the stack', () => {
    const deep = '['.repeat(5000) + 'NaN' + ']'.repeat(5000);
    expect(() => parseJsonLine(deep)).toThrow(/nested deeper/);
  });
});

describe('splitting two files into parts with the same rows', () => {
  it('reads every row exactly once, in order, with its own line number', async () => {
    const file = { path: fixture('readers/rows.jsonl'), format: 'jsonl' as const, gzip: false, values: 'objects' as const };
    const whole = await collect(rowsFromFile(file.path));
    for (const parts of [2, 3, 5]) {
      const cuts = await splitByRows({ path: file.path, name: 'a' }, { path: fixture('classifier/base.jsonl'), name: 'b' }, parts);
      const starts = [{ offset: 0, line: 1 }, ...cuts.a];
      const size = (await import('node:fs')).statSync(file.path).size;
      const got = [];
      for (let i = 0; i < starts.length; i++) {
        got.push(
          ...(await collect(rowsFromRange(file, 'a', starts[i]!.offset, i + 1 < starts.length ? starts[i + 1]!.offset : size, starts[i]!.line))),
        );
      }
      expect(got).toEqual(whole);
    }
  });

  it('cuts the second file at the same row counts', async () => {
    const a = fixture('classifier/base.jsonl');
    const b = fixture('classifier/head-within.jsonl');
    const cuts = await splitByRows({ path: a, name: 'a' }, { path: b, name: 'b' }, 4);
    expect(cuts.a.map((c) => c.line)).toEqual(cuts.b.map((c) => c.line));
  });

  it('compares files byte by byte and counts their rows', async () => {
    const f = (p: string) => ({ path: fixture(p), name: p });
    expect(await sameBytes(f('pairing/inputs.jsonl'), f('pairing/inputs.jsonl'))).toEqual({ same: true, rows: 6 });
    expect(await sameBytes(f('classifier/base.jsonl'), f('classifier/head-identical.jsonl'))).toEqual({ same: true, rows: 20 });
    expect((await sameBytes(f('classifier/base.jsonl'), f('classifier/head-within.jsonl'))).same).toBe(false);
    // blank lines do not count; a last line without a line end does
    expect(await sameBytes(f('readers/rows.jsonl'), f('readers/rows.jsonl'))).toEqual({ same: true, rows: 3 });
    expect((await sameBytes(f('pairing/inputs.jsonl'), f('pairing/missing.jsonl'))).same).toBe(false);
  });

  it('rowsFromValues numbers rows from 1', async () => {
    expect(await collect(rowsFromValues('mem', [{ a: 1 }, { a: 2 }]))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
    ]);
  });
});
