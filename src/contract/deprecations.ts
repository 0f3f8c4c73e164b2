import { InputError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { parseDay } from '../core/date.js';
import type { ListedDeprecation } from '../analysers/interface/apis.js';

export type { ListedDeprecation } from '../analysers/interface/apis.js';

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

const LISTED_POINTER = /^\/(input|output|params)((?:\/(?:[^~/]|~[01])*)*)$/;

/**
 * Check a `deprecations` list (the shape is the format's: `{pointer, since}` strings) and read
 * it: `since` must be a real calendar day, `pointer` a JSON Pointer into the input, the output or
 * the params (`/output/score`, `/input/features/*`). `prefix` is where the list is in the contract.
 */
export function readDeprecationList(
  list: unknown,
  file: string,
  prefix: string,
  locate: Locate,
): { entries: ListedDeprecation[]; errors: InputError[] } {
  const entries: ListedDeprecation[] = [];
  const errors: InputError[] = [];
  if (!Array.isArray(list)) return { entries, errors };
  list.forEach((item, i) => {
    if (!isObject(item) || typeof item.pointer !== 'string' || typeof item.since !== 'string') return;
    const at = `${prefix}/${i}`;
    const err = (key: string, message: string) => errors.push(new InputError(file, message, { ...locate(`${at}/${key}`), pointer: `${at}/${key}` }));
    const m = LISTED_POINTER.exec(item.pointer);
    if (!m || m[2] === '') {
      err(
        'pointer',
        `\`pointer\` must be a JSON Pointer to a field of the input, the output or the params (e.g. "/output/score", "/input/features/*"), got ${JSON.stringify(item.pointer)}`,
      );
    }
    const day = parseDay(item.since);
    if (day === null) err('since', `\`since\` must be a calendar date YYYY-MM-DD, got ${JSON.stringify(item.since)}`);
    if (m && m[2] !== '' && day !== null) {
      entries.push({ part: m[1] as ListedDeprecation['part'], instancePath: m[2]!, since: item.since, declaredAt: at });
    }
  });
  return { entries, errors };
}
