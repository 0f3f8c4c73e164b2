/**
 * JSON for one JSONL line, as Python's `json` module writes it: standard JSON, plus the bare
 * tokens `NaN`, `Infinity` and `-Infinity` as numbers. `JSON.parse` handles every line that
 * does not need the extension; this parser only runs for the lines it rejects.
 */

const MAX_DEPTH = 1000;

export class JsonSyntaxError extends Error {
  /** 1-based column of the offending character. */
  readonly column: number;
  constructor(message: string, column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.column = column;
  }
}

/** Parse one line of JSONL; throws JsonSyntaxError with a column. */
export function parseJsonLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The slower parser accepts the extension tokens, and otherwise says where the line is wrong.
    return parseExtended(text);
  }
}

/** Standard JSON plus NaN, Infinity and -Infinity, with a nesting limit. */
export function parseExtended(text: string): unknown {
  let i = 0;
  const n = text.length;

  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= n ? `unexpected end of the line (${what})` : `unexpected ${JSON.stringify(text[i])} (${what})`, i + 1);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const word = (w: string, v: unknown): unknown => {
    if (text.startsWith(w, i)) {
      i += w.length;
      return v;
    }
    return fail('expected a value');
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          i = start;
          return fail('invalid escape in a string');
        }
      }
      if (c === 92) i += 2;
      else if (c < 32) fail('control character in a string');
      else i++;
    }
    return fail('unterminated string');
  };
  const num = (): number => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') return fail('expected a number');
    i += m[0].length;
    return Number(m[0]);
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    ws();
    const c = text[i];
    switch (c) {
      case '{': {
        i++;
        const obj: Record<string, unknown> = {};
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a property name');
          const key = str();
          ws();
          if (text[i] !== ':') fail('expected ":"');
          i++;
          const v = value(depth + 1);
          // As JSON.parse does: "__proto__" becomes an own property, never the prototype.
          Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            return obj;
          }
          fail('expected "," or "}"');
        }
      }
      // falls through: unreachable, the loop returns or throws
      case '[': {
        i++;
        const arr: unknown[] = [];
        ws();
        if (text[i] === ']') {
          i++;
          return arr;
        }
        for (;;) {
          arr.push(value(depth + 1));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            return arr;
          }
          fail('expected "," or "]"');
        }
      }
      // falls through: unreachable
      case '"':
        return str();
      case 't':
        return word('true', true);
      case 'f':
        return word('false', false);
      case 'n':
        return word('null', null);
      case 'N':
        return word('NaN', NaN);
      case 'I':
        return word('Infinity', Infinity);
      case '-':
        if (text.startsWith('-Infinity', i)) return word('-Infinity', -Infinity);
        return num();
      default:
        if (c !== undefined && c >= '0' && c <= '9') return num();
        return fail('expected a value');
    }
  };

  const v = value(0);
  ws();
  if (i < n) fail('expected the end of the line');
  return v;
}

/**
 * JSON text for one value, writing non-finite numbers as the tokens `NaN`, `Infinity` and
 * `-Infinity` (as Python's `json` module does) instead of `null` as JSON.stringify would.
 */
export function stringifyJsonLine(value: unknown): string {
  if (!hasNonFinite(value, 0)) return JSON.stringify(value) ?? 'null';
  return stringifyExtended(value);
}

function hasNonFinite(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (hasNonFinite(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && hasNonFinite((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function stringifyExtended(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : stringifyExtended(x))).join(',') + ']';
  const parts: string[] = [];
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    parts.push(JSON.stringify(k) + ':' + stringifyExtended(x));
  }
  return '{' + parts.join(',') + '}';
}
