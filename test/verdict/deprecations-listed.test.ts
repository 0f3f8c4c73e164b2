/**
 * Deprecation for every interface, through `node dist/cli.js check`: an imported interface cannot
 * mark a field deprecated, so the contract lists it (`deprecations: [{pointer, since}]`, top level
 * or per API version). The window holds a field that was deprecated; a field never deprecated is
 * MAJOR to remove and passes when MAJOR is declared, unless the policy says
 * `require-deprecation: true`. Bad entries stop the gate with a message naming the file and field.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-deprecations-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ONNX = path.join(ROOT, 'fixtures/imports/lattice/onnx');

let folders = 0;
/** A contract folder holding `model` (copied in as model.onnx) and a contract whose body follows `model: scorer`. */
function contract(model: string, body: string): string {
  const at = path.join(tmp, `c${folders++}`);
  mkdirSync(at, { recursive: true });
  cpSync(path.join(ONNX, model), path.join(at, 'model.onnx'));
  const file = path.join(at, 'model-contract.yaml');
  writeFileSync(file, `contract: 1\nmodel: scorer\n${body}`);
  return file;
}

const single = (version: string, extra = '') => `version: ${version}\ninterface:\n  from: { onnx: model.onnx }\n${extra}`;

function policy(text: string): string {
  const file = path.join(tmp, `policy-${folders++}.yaml`);
  writeFileSync(file, text);
  return file;
}

interface Finding {
  id: string;
  bump: string;
  direction?: string;
  instancePath?: string;
  message: string;
  blocking?: boolean;
  consumers?: string[];
}

function check(base: string, head: string, code: number, ...extra: string[]) {
  const r = runCliBounded(['check', base, head, '--format', 'json', ...extra], { timeoutMs: 30_000 });
  expectClean(r, code);
  return JSON.parse(r.stdout).models[0] as { ok: boolean; required: string; findings: Finding[]; consumers?: { name: string; bump: string }[] };
}

describe('a renamed ONNX output (score → probability)', () => {
  const consumers = 'consumers:\n  - name: fraud-review\n    owners: ["@acme/fraud"]\n    fields: [/score]\n';

  it('passes as 2.0.0 under the default policy: MAJOR, with the consumers of the old output named', () => {
    const m = check(contract('base.onnx', single('1.0.0', consumers)), contract('score-renamed.onnx', single('2.0.0')), 0, '--now', '2026-11-30');
    expect(m.required).toBe('major');
    expect(m.findings.filter((f) => f.id === 'deprecation-window')).toEqual([]);
    const gone = m.findings.find((f) => f.id === 'property-removed' && f.direction === 'output');
    expect(gone).toMatchObject({ bump: 'major', instancePath: '/score', consumers: ['fraud-review'] });
    expect(m.consumers).toEqual([expect.objectContaining({ name: 'fraud-review', bump: 'major' })]);
  });

  it('still fails as 1.1.0: the MAJOR change must be declared', () => {
    const m = check(contract('base.onnx', single('1.0.0')), contract('score-renamed.onnx', single('1.1.0')), 1, '--now', '2026-11-30');
    expect(m).toMatchObject({ ok: false, required: 'major' });
  });

  it('fails as 2.0.0 under require-deprecation: true, saying how to deprecate it in the contract', () => {
    const m = check(
      contract('base.onnx', single('1.0.0')),
      contract('score-renamed.onnx', single('2.0.0')),
      1,
      '--now',
      '2026-11-30',
      '--policy',
      policy('require-deprecation: true\n'),
    );
    const w = m.findings.find((f) => f.id === 'deprecation-window');
    expect(w).toMatchObject({ blocking: true, direction: 'output', instancePath: '/score' });
    expect(w!.message).toMatch(/removed without being deprecated first.*require-deprecation: true/);
    expect((w as unknown as { hint: string }).hint).toContain('`deprecations`');
  });
});

describe('deprecations listed in the contract', () => {
  const listed = (since: string) => single('1.0.0', `deprecations:\n  - { pointer: /output/score, since: ${since} }\n`);

  it('a field deprecated 10 days ago cannot be removed under a 30-day window, even as 2.0.0; it can once the window has passed', () => {
    const base = contract('base.onnx', listed('2026-11-01'));
    const head = contract('score-renamed.onnx', single('2.0.0'));
    const early = check(base, head, 1, '--now', '2026-11-11');
    const w = early.findings.find((f) => f.id === 'deprecation-window');
    expect(w).toMatchObject({ blocking: true, direction: 'output', instancePath: '/score' });
    expect(w!.message).toMatch(/deprecated on 2026-11-01, 10 days ago; it may be removed from 2026-12-01 \(30-day deprecation window\)/);
    // The same under require-deprecation: the promise is the same.
    check(base, head, 1, '--now', '2026-11-11', '--policy', policy('require-deprecation: true\n'));
    // Once the window has passed, the removal is an ordinary MAJOR change, under either policy.
    check(base, head, 0, '--now', '2026-12-01');
    check(base, head, 0, '--now', '2026-12-01', '--policy', policy('require-deprecation: true\n'));
    // "Now" is the run's: a longer window set by the policy holds it longer.
    check(base, head, 1, '--now', '2026-12-01', '--policy', policy('deprecation-days: 60\n'));
  });

  it('per API version: the listing in one API version protects that version only', () => {
    const versions = (version: string, v1Extra: string) => `version: ${version}\ninterfaces:\n  v1:\n    from: { onnx: model.onnx }\n${v1Extra}`;
    const base = contract('base.onnx', versions('1.0.0', '    deprecations: [{ pointer: /output/score, since: 2026-11-01 }]\n'));
    const head = contract('score-renamed.onnx', versions('2.0.0', ''));
    const m = check(base, head, 1, '--now', '2026-11-11');
    expect(m.findings.find((f) => f.id === 'deprecation-window')).toMatchObject({ direction: 'output', instancePath: '/score' });
    // A listing under another pointer does not protect /score.
    const other = contract('base.onnx', versions('1.0.0', '    deprecations: [{ pointer: /input/features, since: 2026-11-01 }]\n'));
    check(other, head, 0, '--now', '2026-11-11');
  });

  it('is read from the base: a listing added by the change itself, backdated, does not satisfy require-deprecation', () => {
    const base = contract('base.onnx', single('1.0.0'));
    const head = contract('score-renamed.onnx', single('2.0.0', 'deprecations:\n  - { pointer: /output/score, since: 2020-01-01 }\n'));
    const m = check(base, head, 1, '--now', '2026-11-30', '--policy', policy('require-deprecation: true\n'));
    expect(m.findings.find((f) => f.id === 'deprecation-window')!.message).toMatch(/without being deprecated first/);
  });

  it('gives a `deprecated: true` field without a date its date', () => {
    const inline = (version: string, output: string, extra = '') =>
      `version: ${version}\ninterface:\n  input: { type: object }\n  output: ${output}\n${extra}`;
    const base = contract(
      'base.onnx',
      inline(
        '1.0.0',
        '{ type: object, properties: { y: { type: number, deprecated: true }, z: { type: number } } }',
        'deprecations: [{ pointer: /output/y, since: 2026-10-01 }]\n',
      ),
    );
    const head = contract('base.onnx', inline('2.0.0', '{ type: object, properties: { z: { type: number } } }'));
    check(base, head, 0, '--now', '2026-11-30');
    const undated = contract(
      'base.onnx',
      inline('1.0.0', '{ type: object, properties: { y: { type: number, deprecated: true }, z: { type: number } } }'),
    );
    const m = check(undated, head, 1, '--now', '2026-11-30');
    expect(m.findings.find((f) => f.id === 'deprecation-window')!.message).toMatch(/without `x-deprecated-since`/);
  });

  describe('bad entries stop the gate, naming the file, line and field', () => {
    const cases: [string, string, RegExp][] = [
      [
        'an impossible date',
        '  - { pointer: /output/score, since: 2026-02-30 }',
        /model-contract\.yaml:7:\d+: .*`since` must be a calendar date YYYY-MM-DD, got "2026-02-30"/,
      ],
      [
        'a date in another form',
        '  - { pointer: /output/score, since: 30/11/2026 }',
        /model-contract\.yaml:7:\d+: .*`deprecations\.0\.since` must be a date YYYY-MM-DD/,
      ],
      [
        'a pointer outside input, output and params',
        '  - { pointer: /outputs/score, since: 2026-11-01 }',
        /model-contract\.yaml:7:\d+: .*`deprecations\.0\.pointer` must be a JSON Pointer to a field of the input, the output or the params/,
      ],
      [
        'a pointer with a bad escape',
        '  - { pointer: /output/a~2b, since: 2026-11-01 }',
        /model-contract\.yaml:7:\d+: .*`pointer` must be a JSON Pointer to a field .* got "\/output\/a~2b"/,
      ],
      ['an entry without a date', '  - { pointer: /output/score }', /model-contract\.yaml:7:\d+: .*missing required field "since"/],
    ];
    it.each(cases)('%s', (_name, entry, message) => {
      const bad = contract('base.onnx', single('1.0.0', `deprecations:\n${entry}\n`));
      const r = runCliBounded(['check', bad, bad], { timeoutMs: 30_000 });
      expectClean(r, 2, /model-contract\.yaml/);
      expect(r.stderr).toMatch(message);
      const v = runCliBounded(['validate', bad], { timeoutMs: 30_000 });
      expectClean(v, 2, /model-contract\.yaml/);
    });
  });
});
