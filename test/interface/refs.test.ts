/**
 * `$ref` and `$defs` in the interface analyser: refactors, changes behind a reference, recursive
 * schemas, references across documents, and nesting deep enough to overflow a recursive walk.
 */
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet, type InterfaceFinding } from '../../src/analysers/interface/diff.js';
import type { SchemaSet } from '../../src/analysers/interface/schema-set.js';
import type { Direction } from '../../src/core/finding.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';

const DIRECTIONS: Direction[] = ['input', 'output'];

function diff(o: unknown, n: unknown, direction: Direction): InterfaceFinding[] {
  return diffSchemas(singleSchemaSet(o), singleSchemaSet(n), direction, DEFAULT_POLICY);
}

/** A deep copy that does not recurse (structuredClone does, and overflows at these depths). */
function deepCopy<T>(value: T): T {
  const root: { v: unknown } = { v: undefined };
  const stack: [unknown, Record<string | number, unknown>, string | number][] = [[value, root as Record<string, unknown>, 'v']];
  while (stack.length > 0) {
    const [v, parent, key] = stack.pop()!;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      parent[key] = out;
      v.forEach((x, i) => stack.push([x, out as unknown as Record<number, unknown>, i]));
    } else if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      parent[key] = out;
      for (const [k, x] of Object.entries(v)) stack.push([x, out, k]);
    } else parent[key] = v;
  }
  return root.v as T;
}

const short = (fs: InterfaceFinding[]) => fs.map((f) => ({ id: f.id, bump: f.bump, pointer: f.pointer, instancePath: f.instancePath }));

/** Recommender output, with the item schema inline. */
const inlineOutput = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['id', 'score'],
        properties: { id: { type: 'integer' }, score: { type: 'number', minimum: 0, maximum: 1 } },
      },
    },
  },
};

/** The same output, with the item schema moved to `$defs`. */
function refOutput(score: Record<string, unknown> = { type: 'number', minimum: 0, maximum: 1 }) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/item' } } },
    $defs: {
      item: { type: 'object', required: ['id', 'score'], properties: { id: { type: 'integer' }, score: { $ref: '#/$defs/probability' } } },
      probability: score,
    },
  };
}

describe('$ref / $defs refactors', () => {
  it.each(DIRECTIONS)('moving a definition into $defs changes nothing (%s, both ways)', (direction) => {
    expect(short(diff(inlineOutput, refOutput(), direction))).toEqual([]);
    expect(short(diff(refOutput(), inlineOutput, direction))).toEqual([]);
  });

  it.each(DIRECTIONS)('draft-07 `definitions` and a root that is itself a reference change nothing (%s)', (direction) => {
    const viaRoot = {
      $ref: '#/definitions/output',
      definitions: {
        output: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', maxItems: 100, items: { $ref: '#/definitions/item' } } },
        },
        item: inlineOutput.properties.items.items,
      },
    };
    expect(short(diff(inlineOutput, viaRoot, direction))).toEqual([]);
    expect(short(diff(viaRoot, refOutput(), direction))).toEqual([]);
  });

  it('renaming a definition changes nothing', () => {
    const renamed = JSON.parse(JSON.stringify(refOutput()).replace(/probability/g, 'unit_interval')) as unknown;
    for (const direction of DIRECTIONS) expect(short(diff(refOutput(), renamed, direction))).toEqual([]);
  });

  it('an unused definition changing changes nothing', () => {
    const withUnused = { ...refOutput(), $defs: { ...refOutput().$defs, unused: { type: 'string' } } };
    const unusedChanged = { ...refOutput(), $defs: { ...refOutput().$defs, unused: { type: 'integer' } } };
    for (const direction of DIRECTIONS) expect(short(diff(withUnused, unusedChanged, direction))).toEqual([]);
  });

  it('siblings of $ref are read along with the target', () => {
    const o = { type: 'object', properties: { score: { $ref: '#/$defs/p', maximum: 1 } }, $defs: { p: { type: 'number', minimum: 0 } } };
    const n = { type: 'object', properties: { score: { type: 'number', minimum: 0, maximum: 1 } } };
    expect(short(diff(o, n, 'output'))).toEqual([]);
    const loosened = { type: 'object', properties: { score: { $ref: '#/$defs/p' } }, $defs: { p: { type: 'number', minimum: 0 } } };
    expect(short(diff(o, loosened, 'output'))).toEqual([
      { id: 'range-loosened', bump: 'major', pointer: '/properties/score', instancePath: '/score' },
    ]);
  });
});

describe('changes behind a reference', () => {
  it('a change inside a referenced definition is found at the logical pointer, and located in the definition', () => {
    const loosened = refOutput({ type: 'number', minimum: 0 });
    const findings = diff(refOutput(), loosened, 'output');
    expect(short(findings)).toEqual([
      { id: 'range-loosened', bump: 'major', pointer: '/properties/items/items/properties/score', instancePath: '/items/*/score' },
    ]);
    // The maximum was removed: the place to show is in the base document, inside $defs.
    expect(findings[0]!.at).toEqual({ side: 'base', doc: 'schema.json', pointer: '/$defs/probability/maximum' });
    expect(requiredOf(diff(refOutput(), loosened, 'input'))).toBe('minor');
  });

  it('a change on the referencing side only (inline → $ref to something else) is found', () => {
    const o = refOutput();
    const n = {
      ...refOutput(),
      properties: { items: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/item_id' } } },
      $defs: { ...refOutput().$defs, item_id: { type: 'integer' } },
    };
    expect(short(diff(o, n, 'output'))).toEqual([
      { id: 'type-changed', bump: 'major', pointer: '/properties/items/items', instancePath: '/items/*' },
    ]);
  });

  it('a definition used in two places that changes is reported, at a place that uses it', () => {
    const text = (maxLength: number) => ({
      type: 'object',
      properties: { query: { $ref: '#/$defs/text' }, context: { $ref: '#/$defs/text' } },
      $defs: { text: { type: 'string', maxLength } },
    });
    const findings = diff(text(512), text(256), 'input');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.id).toBe('length-tightened');
      expect(['/properties/query', '/properties/context']).toContain(f.pointer);
    }
    expect(requiredOf(findings)).toBe('major');
  });

  it('references into another document of the set are followed, and located there', () => {
    const set = (maxItems: number): SchemaSet => ({
      entry: 'models/rec/output.schema.json',
      docs: {
        'models/rec/output.schema.json': {
          id: 'models/rec/output.schema.json',
          dir: 'models/rec',
          value: { type: 'object', properties: { items: { $ref: 'common/items.json#/$defs/items' } } },
        },
        'models/rec/common/items.json': {
          id: 'models/rec/common/items.json',
          dir: 'models/rec/common',
          value: { $defs: { items: { type: 'array', items: { type: 'integer' }, maxItems } } },
        },
      },
    });
    const findings = diffSchemas(set(100), set(10), 'input', DEFAULT_POLICY);
    expect(short(findings)).toEqual([{ id: 'item-count-tightened', bump: 'major', pointer: '/properties/items', instancePath: '/items' }]);
    expect(findings[0]!.at).toEqual({ side: 'head', doc: 'models/rec/common/items.json', pointer: '/$defs/items/maxItems' });
  });
});

describe('recursive schemas', () => {
  /** A node of a tree (a parse tree, a hierarchy of categories) whose children are `child`. */
  function node(kinds: string[], child: string) {
    return {
      type: 'object',
      required: ['label'],
      properties: {
        label: { type: 'string' },
        meta: { type: 'object', properties: { source: { type: 'object', properties: { kind: { enum: kinds } } } } },
        children: { type: 'array', items: { $ref: child } },
      },
    };
  }

  /** The tree, recursive through `$defs` (or, with `#`, through the root itself). */
  function tree(kinds: string[], via: '#' | '#/$defs/node' = '#/$defs/node'): Record<string, unknown> {
    return via === '#' ? node(kinds, '#') : { $ref: '#/$defs/node', $defs: { node: node(kinds, via) } };
  }

  it.each(DIRECTIONS)('a recursive schema diffed with itself terminates with no findings (%s)', (direction) => {
    expect(short(diff(tree(['human', 'model']), tree(['human', 'model']), direction))).toEqual([]);
    expect(short(diff(tree(['human', 'model'], '#'), tree(['human', 'model']), direction))).toEqual([]);
  });

  it('a change deep inside a recursive definition is found at its pointer', () => {
    const findings = diff(tree(['human', 'model']), tree(['human', 'model', 'synthetic'], '#'), 'output');
    expect(short(findings)).toEqual([
      { id: 'enum-value-added', bump: 'major', pointer: '/properties/meta/properties/source/properties/kind', instancePath: '/meta/source/kind' },
    ]);
  });

  it('a change that only appears one level down the recursion is found there', () => {
    // New: the root node is unchanged, but its children are leaves whose label became an integer id.
    const n = {
      $ref: '#/$defs/root',
      $defs: {
        root: node(['human'], '#/$defs/leaf'),
        leaf: { type: 'object', required: ['label'], properties: { label: { type: 'integer' } } },
      },
    };
    const findings = diff(tree(['human']), n, 'output');
    expect(short(findings).filter((f) => f.id === 'type-changed')).toEqual([
      { id: 'type-changed', bump: 'major', pointer: '/properties/children/items/properties/label', instancePath: '/children/*/label' },
    ]);
    expect(requiredOf(findings)).toBe('major');
  });

  it('mutually recursive definitions of different cycle lengths terminate', () => {
    const one = { $ref: '#/$defs/a', $defs: { a: { type: 'object', properties: { next: { $ref: '#/$defs/a' }, v: { type: 'number' } } } } };
    const two = {
      $ref: '#/$defs/a',
      $defs: {
        a: { type: 'object', properties: { next: { $ref: '#/$defs/b' }, v: { type: 'number' } } },
        b: { type: 'object', properties: { next: { $ref: '#/$defs/a' }, v: { type: 'number', maximum: 10 } } },
      },
    };
    const findings = diff(one, two, 'input');
    expect(short(findings)).toEqual([{ id: 'range-tightened', bump: 'major', pointer: '/properties/next/properties/v', instancePath: '/next/v' }]);
  });

  it.each(DIRECTIONS)('a reference cycle with no schema in it does not hang (%s)', (direction) => {
    const loop = { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } };
    expect(() => diff(loop, loop, direction)).not.toThrow();
    expect(() => diff(loop, { type: 'string' }, direction)).not.toThrow();
    expect(short(diff(loop, loop, direction))).toEqual([]);
  });
});

describe('deep nesting (no stack overflow)', () => {
  const DEPTH = 5000;

  function nest(leaf: unknown, wrap: (inner: unknown, i: number) => unknown): unknown {
    let s = leaf;
    for (let i = 0; i < DEPTH; i++) s = wrap(s, i);
    return s;
  }

  it('5000 levels of properties: the change at the bottom is found at its full pointer', () => {
    const wrap = (inner: unknown) => ({ type: 'object', properties: { child: inner } });
    const o = nest({ type: 'string' }, wrap);
    const n = nest({ type: 'integer' }, wrap);
    for (const direction of DIRECTIONS) {
      const findings = diff(o, n, direction);
      expect(findings.map((f) => f.id)).toEqual(['type-changed']);
      expect(findings[0]!.pointer).toBe('/properties/child'.repeat(DEPTH));
      expect(findings[0]!.instancePath).toBe('/child'.repeat(DEPTH));
      expect(short(diff(o, deepCopy(o), direction))).toEqual([]);
    }
  });

  it('5000 levels of items: a tensor dimension at the bottom', () => {
    const wrap = (inner: unknown) => ({ type: 'array', items: inner });
    const o = nest({ type: 'array', items: { type: 'number' }, minItems: 768, maxItems: 768 }, wrap);
    const n = nest({ type: 'array', items: { type: 'number' }, minItems: 1024, maxItems: 1024 }, wrap);
    const findings = diff(o, n, 'output');
    expect(findings.map((f) => f.id)).toEqual(['fixed-length-changed']);
    expect(findings[0]!.pointer).toBe('/items'.repeat(DEPTH));
  });

  it('5000 levels of additionalProperties schemas', () => {
    const wrap = (inner: unknown) => ({ type: 'object', additionalProperties: inner });
    const o = nest({ type: 'number', maximum: 1 }, wrap);
    const n = nest({ type: 'number' }, wrap);
    const findings = diff(o, n, 'output');
    expect(short(findings)).toEqual([
      { id: 'range-loosened', bump: 'major', pointer: '/additionalProperties'.repeat(DEPTH), instancePath: '/*'.repeat(DEPTH) },
    ]);
  });

  it('a chain of 5000 $defs, each referencing the next', () => {
    const chain = (leaf: unknown) => {
      const defs: Record<string, unknown> = {};
      for (let i = 0; i < DEPTH; i++) defs[`d${i}`] = { type: 'object', properties: { next: i + 1 < DEPTH ? { $ref: `#/$defs/d${i + 1}` } : leaf } };
      return { $ref: '#/$defs/d0', $defs: defs };
    };
    const findings = diff(chain({ type: 'string', maxLength: 10 }), chain({ type: 'string', maxLength: 5 }), 'input');
    expect(findings.map((f) => [f.id, f.bump])).toEqual([['length-tightened', 'major']]);
    expect(findings[0]!.pointer).toBe('/properties/next'.repeat(DEPTH));
    expect(findings[0]!.at?.pointer).toBe(`/$defs/d${DEPTH - 1}/properties/next/maxLength`);
  });

  it('5000 levels of `not`: the change at the bottom is found, with the negations counted', () => {
    const wrap = (inner: unknown) => ({ not: inner });
    const o = { type: 'object', properties: { x: nest({ type: 'integer' }, wrap) } };
    const n = { type: 'object', properties: { x: nest({ type: 'number' }, wrap) } };
    // 5000 negations cancel out: integer → number widens the bottom, and so the whole.
    expect(short(diff(o, n, 'input')).map((f) => [f.id, f.bump])).toEqual([['type-widened', 'minor']]);
    expect(short(diff(o, n, 'output')).map((f) => [f.id, f.bump])).toEqual([['type-widened', 'major']]);
    // One more negation reverses it.
    const o1 = { type: 'object', properties: { x: { not: o.properties.x } } };
    const n1 = { type: 'object', properties: { x: { not: n.properties.x } } };
    expect(short(diff(o1, n1, 'input')).map((f) => f.bump)).toEqual(['major']);
    expect(short(diff(o1, n1, 'output')).map((f) => f.bump)).toEqual(['minor']);
    for (const direction of DIRECTIONS) expect(short(diff(o, deepCopy(o), direction))).toEqual([]);
  });

  it('5000 levels of data in default, enum and examples', () => {
    const deep = (leaf: unknown) => nest(leaf, (inner) => [inner]);
    const o = { type: 'object', properties: { x: { default: deep(1), examples: [deep(1)], enum: [deep(1), 'a'] } } };
    const n = { type: 'object', properties: { x: { default: deep(2), examples: [deep(2)], enum: [deep(1), deep(2), 'a'] } } };
    const findings = diff(o, n, 'input');
    expect(
      short(findings)
        .map((f) => f.id)
        .sort(),
    ).toEqual(['annotation-changed', 'default-changed', 'enum-value-added']);
    expect(short(diff(o, deepCopy(o), 'input'))).toEqual([]);
  });
});
