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

/** Parse YAML or JSON text (chosen by the file name), keeping source positions. */
export function parseDocument(bytes: Uint8Array, file: string): ParsedDocument {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new InputError(file, `the file is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are read`);
  }
  const text = decodeUtf8(bytes, file);
  if (text.trim() === '') throw new InputError(file, 'the file is empty; expected a mapping (YAML or JSON object)', { line: 1, column: 1 });
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const place = pos ? lineColumnOf(text, Number(pos[1])) : {};
      throw new InputError(file, `malformed JSON: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, place);
    }
    // Keys and depth are checked now; positions are spelled out when first asked for (most files never are).
    jsonPositions(text, file, false);
    let positions: ReturnType<typeof jsonPositions> | undefined;
    return finish(file, value, (p) => {
      positions ??= jsonPositions(text, file, true);
      const offset = positions.offsets.get(p);
      return offset === undefined ? undefined : positions.posOf(offset);
    });
  }
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseYaml(text, {
      lineCounter,
      // Duplicate keys are found in the walk below with a set: yaml's own check scans every earlier
      // key of the mapping for each key, quadratic on a schema with 200,000 properties.
      uniqueKeys: false,
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
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          throw new InputError(file, `mapping keys must be plain strings`, { ...at(keyNode), pointer });
        }
        const child = joinPointer(pointer, key);
        if (keys.has(key)) throw new InputError(file, 'duplicate key: Map keys must be unique', { ...at(keyNode), pointer: child });
        keys.add(key);
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
  return finish(file, value, (p) => positions.get(p));
}

/** The top level must be a mapping; positions answer for the nearest enclosing value that has one. */
function finish(file: string, value: unknown, position: (pointer: string) => { line: number; column: number } | undefined): ParsedDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      file,
      `expected a mapping at the top level, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`,
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
        const pos = position(p);
        if (pos) return pos;
        if (p === '') return undefined;
        p = p.slice(0, p.lastIndexOf('/'));
      }
    },
  };
}

/**
 * Positions, duplicate keys, forbidden keys and depth of JSON text that JSON.parse has accepted.
 * Hand-written because yaml's composer, used for YAML, costs a syntax tree per value and checks
 * duplicate keys by scanning each mapping again for every key (quadratic): a 300,000-value schema
 * took seconds there and takes milliseconds here. The text is valid JSON, so this scan only tracks
 * where each value starts (the key of an object member, the value of an array item), when `record`.
 */
function jsonPositions(
  text: string,
  file: string,
  record: boolean,
): { offsets: Map<string, number>; posOf: (offset: number) => { line: number; column: number } } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const posOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const offsets = new Map<string, number>();
  type Frame = { pointer: string; array: boolean; index: number; keys: Set<string>; key: string | undefined };
  const stack: Frame[] = [];
  // Where the next value goes: its pointer, and the offset of its key (members) or of itself (items).
  let nextPointer = '';
  let nextAt = -1;
  // A problem found without recording is found again with it, to name its pointer.
  const fail = (error: () => InputError): never => {
    if (!record) jsonPositions(text, file, true);
    throw error();
  };
  const placeValue = (offset: number) => {
    const top = stack[stack.length - 1];
    if (stack.length > MAX_DEPTH) {
      fail(() => new InputError(file, `the document is nested more than ${MAX_DEPTH} levels deep`, { ...posOf(offset), pointer: top!.pointer }));
    }
    if (!record) return '';
    if (top?.array) {
      nextPointer = joinPointer(top.pointer, top.index++);
      nextAt = offset;
    } else if (!top) {
      nextPointer = '';
      nextAt = offset;
    }
    offsets.set(nextPointer, nextAt);
    return nextPointer;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c /* , */ || c === 0x3a /* : */) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      if (top && !top.array && top.key === undefined) {
        // A member's key.
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        const pointer = record ? joinPointer(top.pointer, key) : '';
        const at = i;
        if (top.keys.has(key)) fail(() => new InputError(file, 'duplicate key: Map keys must be unique', { ...posOf(at), pointer }));
        if (FORBIDDEN_KEYS.has(key)) fail(() => new InputError(file, `the key "${key}" is not allowed`, { ...posOf(at), pointer }));
        top.keys.add(key);
        top.key = key;
        nextPointer = pointer;
        nextAt = i;
      } else {
        placeValue(i);
        if (top && !top.array) top.key = undefined;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const pointer = placeValue(i);
      if (top && !top.array) top.key = undefined;
      stack.push({ pointer, array: c === 0x5b, index: 0, keys: new Set(), key: undefined });
      i++;
      continue;
    }
    // A number, true, false or null.
    placeValue(i);
    if (top && !top.array) top.key = undefined;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      i++;
    }
  }
  return { offsets, posOf };
}
