/**
 * Hostile input to the interface analyser, through the front door (`node dist/cli.js`):
 * regular expressions that would backtrack for days, references in schemes no user means (an
 * oracle for paths outside the repository), and schemas large enough to expose quadratic diffing.
 * Every run is bounded by a hard timeout in the harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const H = 'fixtures/hostile';

function diffSchema(dir: string, oldFile: string, newFile: string, extra: string[] = [], timeoutMs = 30_000) {
  return runCliBounded(['diff-schema', path.join(dir, oldFile), path.join(dir, newFile), '--direction', 'output', ...extra], { timeoutMs });
}

function check(dir: string, base: string, head: string, timeoutMs = 30_000) {
  return runCliBounded(['check', path.join(dir, base, 'model-contract.yaml'), path.join(dir, head, 'model-contract.yaml'), '--format', 'json'], {
    timeoutMs,
  });
}

interface JsonReport {
  required: string;
  findings: { id: string; bump: string; pointer: string; instancePath: string; message: string }[];
}

describe('a property may have any name', () => {
  it('properties named `default`, `enum`, `examples` and `const` are schemas: a $ref changed under them is a break', () => {
    // They were read as data (the values of those keywords), so their references were never
    // followed and a retyped field passed as NONE.
    const r = diffSchema(`${H}/data-named-properties`, 'old.json', 'new.json', ['--format', 'json']);
    expectClean(r, 0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.required).toBe('major');
    expect(report.findings.map((f) => `${f.id} ${f.instancePath}`).sort()).toEqual([
      'type-changed /default',
      'type-changed /enum',
      'type-changed /examples/*',
    ]);
  });
});

describe('regular expressions from schemas run in linear time', () => {
  const dir = `${H}/redos-pattern-properties`;

  it('a catastrophic-backtracking patternProperties key beside a long property name is decided at once (diff-schema)', () => {
    const r = diffSchema(dir, 'old.json', 'new.json', ['--format', 'json']);
    expectClean(r, 0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => f.id)).toEqual(['pattern-property-added']);
  });

  it('… and through check on contracts', () => {
    const r = check(dir, 'base', 'head');
    expect(r.timedOut).toBe(false);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toContain('pattern-property-added');
  });

  it('a look-ahead is refused with the file and the pointer, even where it did not change (diff-schema)', () => {
    const r = diffSchema(`${H}/pattern-lookahead`, 'old.json', 'new.json');
    expectClean(r, 2, 'pattern-lookahead/old.json');
    expect(r.stderr).toContain('(at /properties/code/pattern)');
    expect(r.stderr).toMatch(/cannot be run in linear time/);
  });

  it('a look-ahead in a contract is refused by check, naming the contract and the pointer', () => {
    const r = check(`${H}/pattern-lookahead`, 'base', 'head');
    expectClean(r, 2, 'pattern-lookahead/head/model-contract.yaml');
    expect(r.stderr).toContain('(at /interface/output/properties/code/pattern)');
  });

  it('a look-ahead is refused by validate too', () => {
    const r = runCliBounded(['validate', `${H}/pattern-lookahead/head/model-contract.yaml`], { timeoutMs: 30_000 });
    expectClean(r, 2, 'pattern-lookahead/head/model-contract.yaml');
  });

  it('a back-reference in a patternProperties key of a referenced file is refused, naming that file and the key', () => {
    const r = diffSchema(`${H}/pattern-backreference`, 'old.json', 'new.json');
    expectClean(r, 2, 'pattern-backreference/defs.json');
    expect(r.stderr).toContain('(at /$defs/tags/patternProperties/^(a)\\1$)');
  });
});

describe('references only in schemes a user can mean', () => {
  const dir = `${H}/ref-schemes`;
  const REFUSED = /is a URL; only paths inside the repository are read/;
  // Nothing may tell whether a file outside the repository exists.
  const ORACLE = /does not exist|symbolic link|etc\/passwd:|no such file|ENOENT|EACCES/i;

  for (const [name, pointer] of [
    ['internal-existing', '/properties/a/$ref'],
    ['internal-missing', '/properties/a/$ref'],
    ['internal-upper', '/properties/a/$ref'],
    ['internal-inside', '/properties/a/$ref'],
    ['file-url', '/properties/a/$ref'],
    ['http-unknown', '/properties/a/$ref'],
    ['internal-id', '/properties/a/$id'],
  ] as const) {
    it(`${name}: refused with one message naming the file and the pointer (diff-schema)`, () => {
      const r = diffSchema(dir, 'base.json', `${name}.json`);
      expectClean(r, 2, `ref-schemes/${name}.json`);
      expect(r.stderr).toMatch(REFUSED);
      expect(r.stderr).toContain(`(at ${pointer})`);
      expect(r.stderr).not.toMatch(ORACLE);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('an existing and a missing file outside the repository give the same answer (check on contracts)', () => {
    const existing = check(dir, 'contract-base', 'contract-existing');
    const missing = check(dir, 'contract-base', 'contract-missing');
    expectClean(existing, 2, 'contract-existing/model-contract.yaml');
    expectClean(missing, 2, 'contract-missing/model-contract.yaml');
    for (const r of [existing, missing]) {
      expect(r.stderr).toMatch(REFUSED);
      expect(r.stderr).toContain('(at /interface/output/properties/a/$ref)');
      expect(r.stderr).not.toMatch(ORACLE);
    }
    const shape = (s: string) =>
      s
        .replace(/contract-\w+/g, 'X')
        .replace(/etc\/[\w-]+/g, 'F')
        .replace(/:\d+:\d+:/, ':L:C:');
    expect(shape(existing.stderr)).toBe(shape(missing.stderr));
  });

  it('pointers, anchors, relative files and $id-named schemas of the set still resolve', () => {
    const r = diffSchema(dir, 'base.json', 'allowed.json', ['--format', 'json']);
    expectClean(r, 0);
    expect((JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.instancePath)).toEqual(['/a', '/b', '/c', '/d', '/e', '/f']);
  });
});

describe('large schemas are diffed in near-linear time', () => {
  // Half the sizes of the bench targets: the fixed version takes a few seconds for each (more on a
  // busy machine, hence the bound); the quadratic one took half an hour or more for any of them.
  const BOUND_MS = 60_000;
  /** Writing the files and reading the report come on top of the run. */
  const TEST_MS = BOUND_MS + 60_000;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcg-hostile-interface-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, value: unknown) => fs.writeFileSync(path.join(tmp, name), JSON.stringify(value));
  const run = (name: string): JsonReport => {
    const r = diffSchema(tmp, `${name}-old.json`, `${name}-new.json`, ['--format', 'json'], BOUND_MS);
    expectClean(r, 0);
    return JSON.parse(r.stdout) as JsonReport;
  };
  const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

  it(
    'a 150,000-value enum replaced by another',
    () => {
      write('enum-old.json', { type: 'string', enum: range(150_000, (i) => `a${i}`) });
      write('enum-new.json', { type: 'string', enum: range(150_000, (i) => `b${i}`) });
      const report = run('enum');
      expect(report.required).toBe('major');
      expect(report.findings.map((f) => f.id)).toEqual(['enum-replaced']);
    },
    TEST_MS,
  );

  it(
    'a 100,000-value enum with one value removed',
    () => {
      const values = range(100_000, (i) => `v${i}`);
      write('enum1-old.json', { type: 'string', enum: values });
      write('enum1-new.json', { type: 'string', enum: values.filter((v) => v !== 'v1000') });
      const report = run('enum1');
      expect(report.required).toBe('minor');
      expect(report.findings.map((f) => [f.id, f.message.split(';')[0]])).toEqual([['enum-value-removed', 'Output enum value "v1000" removed']]);
    },
    TEST_MS,
  );

  it(
    '100,000 properties, some removed, added and changed',
    () => {
      const props = (names: string[], type = (_n: string) => 'string') => Object.fromEntries(names.map((n) => [n, { type: type(n) }]));
      const names = range(100_000, (i) => `p${i}`);
      write('props-old.json', { type: 'object', properties: props(names) });
      const changed = new Set(['p100', 'p101', 'p102']);
      write('props-new.json', {
        type: 'object',
        properties: props([...names.slice(10), 'q0', 'q1'], (n) => (changed.has(n) ? 'integer' : 'string')),
      });
      const report = run('props');
      expect(report.required).toBe('major');
      const count = (id: string) => report.findings.filter((f) => f.id === id).length;
      expect([count('property-removed'), count('property-added'), count('type-changed')]).toEqual([10, 2, 3]);
      expect(report.findings).toHaveLength(15);
    },
    TEST_MS,
  );

  it(
    '100,000 required properties, some no longer required and one newly required',
    () => {
      const names = range(100_000, (i) => `p${i}`);
      const properties = Object.fromEntries(names.map((n) => [n, { type: 'string' }]));
      write('req-old.json', { type: 'object', properties, required: names });
      write('req-new.json', { type: 'object', properties, required: [...names.slice(5), 'p0x'] });
      const report = run('req');
      expect(report.findings.map((f) => `${f.id} ${f.instancePath}`).sort()).toEqual([
        'required-added /p0x',
        ...range(5, (i) => `required-removed /p${i}`),
      ]);
    },
    TEST_MS,
  );

  it(
    'a chain of 95 levels, each beside a 2,000-property sibling that did not change, the change at the bottom',
    () => {
      // The worst case of comparing unchanged sub-trees directly (core/same-tree.ts): each level
      // compares every sibling below it again, 27 million steps in all, unless its budget stops it
      // and the fingerprints answer instead.
      const sibling = { type: 'object', properties: Object.fromEntries(range(2_000, (i) => [`f${i}`, { type: 'string', maxLength: 8 }])) };
      const chain = (maximum: number) => {
        let s: unknown = { type: 'integer', maximum };
        for (let d = 0; d < 95; d++) s = { type: 'object', properties: { a: sibling, z: s } };
        return s;
      };
      write('chain-old.json', chain(10));
      write('chain-new.json', chain(5));
      const report = run('chain');
      expect(report.findings.map((f) => [f.id, f.instancePath])).toEqual([['range-tightened', '/z'.repeat(95)]]);
    },
    TEST_MS,
  );

  it(
    '50,000 anyOf branches of consts, one replaced',
    () => {
      write('any-old.json', { anyOf: range(50_000, (i) => ({ const: `c${i}` })) });
      write('any-new.json', { anyOf: [...range(49_999, (i) => ({ const: `c${i + 1}` })), { const: 'zz' }] });
      const report = run('any');
      expect(report.findings.map((f) => [f.id, f.pointer])).toEqual([['enum-replaced', '/anyOf/49999']]);
    },
    TEST_MS,
  );

  it(
    '50,000 oneOf branches of consts, one added',
    () => {
      write('one-old.json', { oneOf: range(50_000, (i) => ({ const: `c${i}` })) });
      write('one-new.json', { oneOf: [...range(50_000, (i) => ({ const: `c${i}` })), { const: 'zz' }] });
      const report = run('one');
      expect(report.findings.map((f) => [f.id, f.pointer])).toEqual([['union-branch-added', '/oneOf/50000']]);
    },
    TEST_MS,
  );

  it(
    'a 50,000-item prefixItems with its last item changed',
    () => {
      write('pre-old.json', { type: 'array', prefixItems: range(50_000, () => ({ type: 'string' })) });
      write('pre-new.json', { type: 'array', prefixItems: [...range(49_999, () => ({ type: 'string' })), { type: 'integer' }] });
      const report = run('pre');
      expect(report.findings.map((f) => [f.id, f.pointer])).toEqual([['type-changed', '/prefixItems/49999']]);
    },
    TEST_MS,
  );
});
