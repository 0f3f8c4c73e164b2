/**
 * Regular expressions that come from a contract or a schema (`pattern`, `patternProperties`,
 * prediction checks) run on RE2 semantics through npm `re2js` (pure JavaScript, linear time):
 * a pattern written by a pull request's author cannot keep the gate busy (ReDoS). ECMA-262
 * syntax is translated first (`\uXXXX`, named groups); what RE2 cannot express (look-around,
 * back-references) is refused with a clear error instead of being run on a backtracking engine.
 */
import { RE2JS } from 're2js';

export interface LinearRegExp {
  test(text: string): boolean;
}

/** A pattern the linear-time engine cannot compile; `message` says why, in words. */
export class PatternError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(
      `the pattern ${JSON.stringify(pattern.length > 80 ? pattern.slice(0, 77) + '...' : pattern)} cannot be run in linear time (RE2 syntax): ${reason}`,
    );
  }
}

const MAX_CACHED = 10_000;
const cache = new Map<string, LinearRegExp | PatternError>();

function compile(source: string): LinearRegExp | PatternError {
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source));
    // `test` searches unanchored, as `matcher(text).find()`, at about half the cost.
    return { test: (text: string) => re.test(text) };
  } catch (err) {
    const reason = ((err as Error).message ?? String(err)).replace(/^error parsing regexp: /, '');
    return new PatternError(source, reason);
  }
}

/** The pattern compiled for linear-time search (unanchored, as JSON Schema's `pattern`); throws PatternError. */
export function compileLinear(source: string): LinearRegExp {
  let r = cache.get(source);
  if (r === undefined) {
    r = compile(source);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(source, r);
  }
  if (r instanceof PatternError) throw r;
  return r;
}

/** Whether the pattern compiles for the linear-time engine; the reason when it does not. */
export function checkPattern(source: string): PatternError | undefined {
  try {
    compileLinear(source);
    return undefined;
  } catch (err) {
    if (err instanceof PatternError) return err;
    throw err;
  }
}

/**
 * ajv's `code.regExp` engine (`new Ajv({ code: { regExp: ajvRegExp } })`): every `pattern` and
 * `patternProperties` key a validator runs goes through the linear-time engine. The flags ajv
 * passes ("u") are the JSON Schema default and need no translation.
 */
export const ajvRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const re = compileLinear(pattern);
    // ajv keys the patterns of one validator by `String(regExp)`: each must print as itself, or
    // every pattern after the first would run as the first (two `patternProperties` mixed up).
    return { test: (text: string) => re.test(text), toString: () => `/${pattern}/${flags}` };
  },
  { code: 'compileLinear' },
);
