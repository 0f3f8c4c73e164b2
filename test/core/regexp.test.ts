import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ajvRegExp, checkPattern, compileLinear, PatternError } from '../../src/core/regexp.js';

describe('linear-time patterns', () => {
  it('reads ECMA-262 syntax JSON Schema uses', () => {
    expect(compileLinear('\\u00e9').test('café')).toBe(true);
    expect(compileLinear('^(?<year>\\d{4})-\\d{2}$').test('2026-11')).toBe(true);
    expect(compileLinear('^[a-z]+$').test('abc1')).toBe(false);
  });

  it('refuses what RE2 cannot run in linear time, saying why', () => {
    const err = checkPattern('^(?!admin).*$');
    expect(err).toBeInstanceOf(PatternError);
    expect(err!.message).toMatch(/cannot be run in linear time.*\(\?!/);
    expect(checkPattern('(a)\\1')).toBeInstanceOf(PatternError);
  });

  it('serves ajv as its engine: a catastrophic pattern on a long string answers at once', () => {
    const ajv = new Ajv2020({ strict: false, code: { regExp: ajvRegExp } });
    const validate = ajv.compile({ type: 'object', patternProperties: { '^(a+)+$': { type: 'string' } }, properties: { s: { pattern: '^(a+)+$' } } });
    const evil = 'a'.repeat(100_000) + '!';
    expect(validate({ s: evil, [evil]: 1 })).toBe(false);
    expect(validate({ aaa: 'x' })).toBe(true);
    expect(validate({ aaa: 1 })).toBe(false);
  });
});
