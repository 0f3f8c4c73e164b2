import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument as parseYaml, type Node } from 'yaml';
import { InputError } from '../core/errors.js';
import { joinPointer } from '../core/pointer.js';

/** A parsed YAML or JSON file that remembers where each value came from. */
export interface ParsedDocument {
  file: string;
  value: unknown;
  /** Line and column (1-based) of the value at `pointer`, or of its key in a mapping. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
export const MAX_DEPTH = 200;
const MAX_ALIASES = 100;
const FORBIDDEN_KEYS = new Set(['__proto__']);

function lineColumnOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: index - last };
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    const { line, column } = lineColumnOf(lossy, Math.max(at, 0));
    throw new InputError(file, 'the file is not valid UTF-8 text; save it as UTF-8', { line, column });
  }
}

/** What a file may hold at its top level besides a mapping: a JSON Schema file may be `true` or `false`. */
export interface ParseOptions {
  booleanTopLevel?: boolean;
}

/** Parse YAML or JSON text (chosen by the file name), keeping source positions. */
export function parseDocument(bytes: Uint8Array, file: string, options: ParseOptions = {}): ParsedDocument {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new InputError(file, `the file is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are read`);
  }
  const text = decodeUtf8(bytes, file);
  if (text.trim() === '') throw new InputError(file, 'the file is empty; expected a mapping (YAML or JSON object)', { line: 1, column: 1 });
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    try {
      JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const place = pos ? lineColumnOf(text, Number(pos[1])) : {};
      throw new InputError(file, `malformed JSON: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, place);
    }
  }
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseYaml(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      version: '1.2',
      schema: isJson ? 'json' : 'core',
      merge: false,
    });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(file, `the file is nested too deeply; at most ${MAX_DEPTH} levels are read`);
    throw err;
  }
  const kind = isJson ? 'JSON' : 'YAML';
  const firstError = doc.errors[0];
  if (firstError) {
    const lp = lineCounter.linePos(firstError.pos[0]);
    if (/call stack/i.test(firstError.message)) {
      throw new InputError(file, `the file is nested too deeply; at most ${MAX_DEPTH} levels are read`, { line: lp.line, column: lp.col });
    }
    const what = firstError.code === 'DUPLICATE_KEY' ? 'duplicate key' : `malformed ${kind}`;
    const detail = firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, `${what}: ${detail}`, { line: lp.line, column: lp.col });
  }

  const positions = new Map<string, { line: number; column: number }>();
  const at = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };
  let firstAlias: { line: number; column: number } | undefined;
  // Iterative walk: no recursion on untrusted nesting.
  const stack: { node: unknown; pointer: string; depth: number }[] = [{ node: doc.contents, pointer: '', depth: 0 }];
  const rootPos = at(doc.contents as Node);
  if (rootPos) positions.set('', rootPos);
  while (stack.length > 0) {
    const { node, pointer, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      throw new InputError(file, `the document is nested more than ${MAX_DEPTH} levels deep`, { ...at(node as Node), pointer });
    }
    if (isAlias(node)) {
      firstAlias ??= at(node);
      continue;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          throw new InputError(file, `mapping keys must be plain strings`, { ...at(keyNode), pointer });
        }
        const child = joinPointer(pointer, key);
        if (FORBIDDEN_KEYS.has(key)) {
          throw new InputError(file, `the key "${key}" is not allowed`, { ...at(keyNode), pointer: child });
        }
        const pos = at(keyNode) ?? at(pair.value as Node);
        if (pos) positions.set(child, pos);
        stack.push({ node: pair.value, pointer: child, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = joinPointer(pointer, i);
        const pos = at(item as Node);
        if (pos) positions.set(child, pos);
        stack.push({ node: item, pointer: child, depth: depth + 1 });
      });
    }
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof ReferenceError || /alias/i.test((err as Error).message)) {
      throw new InputError(file, `too many YAML alias expansions (an alias bomb?); at most ${MAX_ALIASES} are allowed`, firstAlias ?? {});
    }
    if (err instanceof RangeError) throw new InputError(file, `the file is nested too deeply; at most ${MAX_DEPTH} levels are read`);
    throw err;
  }
  const booleanAllowed = options.booleanTopLevel === true && typeof value === 'boolean';
  if (!booleanAllowed && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new InputError(
      file,
      `expected a mapping${options.booleanTopLevel ? ' (or true or false)' : ''} at the top level, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
      {
        line: 1,
        column: 1,
      },
    );
  }

  return {
    file,
    value,
    locate(pointer: string) {
      let p = pointer;
      for (;;) {
        const pos = positions.get(p);
        if (pos) return pos;
        if (p === '') return undefined;
        p = p.slice(0, p.lastIndexOf('/'));
      }
    },
  };
}
