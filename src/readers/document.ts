import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument as parseYaml, type Node } from 'yaml';
import { InputError, InputErrors } from '../core/errors.js';
import { joinPointer } from '../core/pointer.js';
import { bytesText, MAX_DOCUMENT_BYTES } from './files.js';

export { MAX_DOCUMENT_BYTES } from './files.js';

/** A parsed YAML or JSON file that remembers where each value came from. */
export interface ParsedDocument {
  file: string;
  value: unknown;
  /** Line and column (1-based) of the value at `pointer`, or of its key in a mapping. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

export const MAX_DEPTH = 200;
const MAX_ALIASES = 100;
const FORBIDDEN_KEYS = new Set(['__proto__']);
/** At most this many problems of one kind (tags, non-finite numbers) are listed per file. */
const MAX_LISTED = 20;

/**
 * The tags of YAML 1.2's core schema: the only ones a contract may use. The `yaml` library also
 * resolves YAML 1.1 tags such as !!set, !!binary, !!omap, !!pairs and !!timestamp when they are
 * written explicitly, and keeps unknown ones as strings: each would silently turn the content
 * into something JSON cannot say, so every other tag is refused.
 */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** A tag as it is written: `!!set` for the YAML namespace, the tag itself otherwise. */
function tagText(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** NaN, Infinity or -Infinity as JavaScript prints them (never JSON's `null`). */
function nonFiniteText(n: number): string {
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

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
    throw new InputError(file, `the file is ${bytesText(bytes.length)}, larger than ${bytesText(MAX_DOCUMENT_BYTES)}, the most that is read`);
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
    const written = membersIn(text, file);
    const shape = inspectParsed(value);
    if (shape.forbidden || shape.members !== written) {
      // A duplicate key (JSON.parse kept one of the two) or a forbidden one: found again, with its place.
      jsonPositions(text, file);
      throw new InputError(file, 'duplicate or forbidden key');
    }
    let positions: ReturnType<typeof jsonPositions> | undefined;
    const position = (p: string) => {
      positions ??= jsonPositions(text, file);
      const offset = positions.offsets.get(p);
      return offset === undefined ? undefined : positions.posOf(offset);
    };
    // JSON has no NaN, but a number too large to hold (1e999) parses to ±Infinity.
    const nonFinite = shape.nonFinite ? nonFiniteNumbers(value) : [];
    if (nonFinite.length > 0) {
      const listed = nonFinite.slice(0, MAX_LISTED).map(
        ({ pointer, n }) =>
          new InputError(
            file,
            `${nonFiniteText(n)} (a number too large to hold) is not allowed: numbers in contracts, schemas and policies must be finite`,
            {
              ...locator(position)(pointer),
              pointer,
            },
          ),
      );
      throw new InputErrors(listed);
    }
    return finish(file, value, position, options);
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
  // Tags beyond the core schema and numbers JSON cannot hold, in file order.
  const refused: { offset: number; error: InputError }[] = [];
  let refusedCount = 0;
  const refuse = (node: Node | null | undefined, pointer: string, message: string) => {
    refusedCount++;
    if (refused.length < 10 * MAX_LISTED)
      refused.push({ offset: node?.range?.[0] ?? 0, error: new InputError(file, message, { ...at(node), pointer }) });
  };
  const checkTag = (node: Node | null | undefined, pointer: string) => {
    const tag = node?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      refuse(
        node,
        pointer,
        `the YAML tag ${tagText(tag)} is not allowed; only the core schema's !!str, !!int, !!float, !!bool, !!null, !!map and !!seq may appear`,
      );
    }
  };
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
    checkTag(node as Node, pointer);
    if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
      const range = node.range;
      const written = range ? text.slice(range[0], range[1]).trim() : '';
      const shown = nonFiniteText(node.value);
      const source = written !== '' && written !== shown ? ` (written ${written.length > 40 ? written.slice(0, 39) + '…' : written})` : '';
      refuse(node, pointer, `${shown}${source} is not allowed: numbers in contracts, schemas and policies must be finite`);
    }
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (keyNode?.tag !== undefined && !CORE_TAGS.has(keyNode.tag)) {
          checkTag(keyNode, pointer);
          continue;
        }
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

  // A core tag that does not fit its value (`!!float 1`) is left a string by the library, with a warning.
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = /Unresolved tag: (.*)$/.exec(w.message)?.[1];
    // Tags beyond the core schema were refused above.
    if (tag === undefined || !CORE_TAGS.has(tag)) continue;
    const lp = lineCounter.linePos(w.pos[0]);
    refusedCount++;
    refused.push({
      offset: w.pos[0],
      error: new InputError(file, `the value does not fit its YAML tag ${tagText(tag)}; remove the tag or write a value of that type`, {
        line: lp.line,
        column: lp.col,
      }),
    });
  }
  if (refused.length > 0) {
    refused.sort((a, b) => a.offset - b.offset);
    const listed = refused.slice(0, MAX_LISTED).map((r) => r.error);
    if (refusedCount > MAX_LISTED) listed.push(new InputError(file, `and ${refusedCount - MAX_LISTED} more such problems`));
    throw new InputErrors(listed);
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
  return finish(file, value, (p) => positions.get(p), options);
}

/** The top level must be a mapping (or, where allowed, a boolean); positions answer for the nearest enclosing value that has one. */
function finish(
  file: string,
  value: unknown,
  position: (pointer: string) => { line: number; column: number } | undefined,
  options: ParseOptions,
): ParsedDocument {
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
    locate: locator(position),
  };
}

/**
 * One walk over a parsed JSON value that allocates nothing but its stack: how many object members
 * it has (fewer than the text has when a key is written twice, as JSON.parse keeps one), whether a
 * forbidden key is among them, whether a number is non-finite, and whether it is nested deeper
 * than is read.
 */
function inspectParsed(value: unknown): { members: number; forbidden: boolean; nonFinite: boolean } {
  let members = 0;
  let forbidden = false;
  let nonFinite = false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) nonFinite = true;
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' || typeof x === 'number') stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) {
        members++;
        if (FORBIDDEN_KEYS.has(k)) forbidden = true;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' || typeof x === 'number') stack.push(x);
      }
    }
  }
  return { members, forbidden, nonFinite };
}

/**
 * How many object members JSON text (that JSON.parse accepted) writes: a ":" outside strings
 * follows a member's key and nothing else. Throws, with its place, when the text nests deeper
 * than MAX_DEPTH.
 */
function membersIn(text: string, file: string): number {
  let members = 0;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // To the closing quote: the next one not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        let b = j - 1;
        while (text.charCodeAt(b) === 0x5c) b--;
        if ((j - 1 - b) % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x3a /* : */) members++;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_DEPTH) jsonPositions(text, file);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return members;
}

/** Pointers of the non-finite numbers in a parsed value, in document order (an iterative walk). */
function nonFiniteNumbers(value: unknown): { pointer: string; n: number }[] {
  const found: { pointer: string; n: number }[] = [];
  const stack: { v: unknown; pointer: string }[] = [{ v: value, pointer: '' }];
  while (stack.length > 0) {
    const { v, pointer } = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) found.push({ pointer, n: v });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], pointer: joinPointer(pointer, i) });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]!], pointer: joinPointer(pointer, keys[i]!) });
    }
  }
  return found;
}

/** `locate` over a position table: the value at `pointer`, or the nearest enclosing value that has a position. */
function locator(position: (pointer: string) => { line: number; column: number } | undefined): ParsedDocument['locate'] {
  return (pointer) => {
    let p = pointer;
    for (;;) {
      const pos = position(p);
      if (pos) return pos;
      if (p === '') return undefined;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
}

/**
 * Positions, duplicate keys, forbidden keys and depth of JSON text that JSON.parse has accepted.
 * Hand-written because yaml's composer, used for YAML, costs a syntax tree per value and checks
 * duplicate keys by scanning each mapping again for every key (quadratic): a 300,000-value schema
 * took seconds there and takes milliseconds here. The text is valid JSON, so this scan only tracks
 * where each value starts (the key of an object member, the value of an array item).
 */
function jsonPositions(text: string, file: string): { offsets: Map<string, number>; posOf: (offset: number) => { line: number; column: number } } {
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
  const fail = (error: () => InputError): never => {
    throw error();
  };
  const placeValue = (offset: number) => {
    const top = stack[stack.length - 1];
    if (stack.length > MAX_DEPTH) {
      fail(() => new InputError(file, `the document is nested more than ${MAX_DEPTH} levels deep`, { ...posOf(offset), pointer: top!.pointer }));
    }
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
        const pointer = joinPointer(top.pointer, key);
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
