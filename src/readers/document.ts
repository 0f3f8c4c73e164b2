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
