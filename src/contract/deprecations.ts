import { InputError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { parseDay } from '../core/date.js';

type Locate = (pointer: string) => { line: number; column: number } | undefined;

const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Check the deprecation marks in one schema document: `x-deprecated-since` must be a real
 * calendar date `YYYY-MM-DD` beside `deprecated: true`; `x-deprecated-values` must list
 * `{value, since}` pairs. Iterative, so deep schemas cannot overflow the stack.
 */
export function checkDeprecationMarks(root: unknown, file: string, prefix: string, locate: Locate): InputError[] {
  const errors: InputError[] = [];
  const err = (p: string, message: string) => errors.push(new InputError(file, message, { ...locate(p), pointer: prefix + p }));
  const date = (p: string, v: unknown, what: string) => {
    if (typeof v !== 'string' || parseDay(v) === null) err(p, `${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  };
  const stack: { v: unknown; p: string }[] = [{ v: root, p: '' }];
  while (stack.length) {
    const { v, p } = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, p: `${p}/${i}` }));
      continue;
    }
    if (!isObject(v)) continue;
    if ('x-deprecated-since' in v) {
      date(`${p}/x-deprecated-since`, v['x-deprecated-since'], '`x-deprecated-since`');
      if (v.deprecated !== true) err(`${p}/x-deprecated-since`, '`x-deprecated-since` needs `deprecated: true` beside it');
    }
    if ('x-deprecated-values' in v) {
      const list = v['x-deprecated-values'];
      if (!Array.isArray(list)) err(`${p}/x-deprecated-values`, '`x-deprecated-values` must be a list of {value, since}');
      else
        list.forEach((item, i) => {
          if (!isObject(item) || !('value' in item))
            err(`${p}/x-deprecated-values/${i}`, 'each `x-deprecated-values` entry needs `value` and `since`');
          else date(`${p}/x-deprecated-values/${i}/since`, item.since, '`since`');
        });
    }
    for (const k of Object.keys(v)) {
      if (DATA_KEYWORDS.has(k) || k.startsWith('x-')) continue;
      stack.push({ v: v[k], p: `${p}/${escape(k)}` });
    }
  }
  return errors;
}
