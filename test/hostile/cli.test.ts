/**
 * Hostile input at the CLI's front door (`node dist/cli.js`): names that would draw on the
 * terminal, paths that match nothing, contracts that moved, a closed pipe.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorAnnotations, planAnnotations } from '../../src/render/annotations.js';
import { InputError } from '../../src/core/errors.js';
import { escapeJsonText, neutralise } from '../../src/render/escape.js';
import { renderJson } from '../../src/render/json.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { STACK_TRACE, expectClean, runCliBounded } from '../helpers/front-door.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-hostile-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (...p: string[]) => path.join(ROOT, 'fixtures/hostile', ...p);
const EVIL = '\u001b[32mPASS\u001b[0m\u202e';
/** What no report, log line or message may carry raw: C0 but tab and newline, DEL, C1, bidi controls, zero-width characters. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;

/**
 * A report run: in time, with `code`, nothing on stderr. (`expectClean` would read the report's own
 * `at file:line:column` lines as a stack trace.)
 */
function expectReport(r: ReturnType<typeof runCliBounded>, code: number): void {
  expect(r.timedOut).toBe(false);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toBe('');
}

const RULE = /property(-|&#45;)removed/;

describe('the one escaping function', () => {
  const unsafe = [
    ...Array.from({ length: 0x20 }, (_, i) => i),
    0x7f,
    ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
    0xad,
    0x61c,
    0x180e,
    0x200b,
    0x200c,
    0x200d,
    0x200e,
    0x200f,
    0x2028,
    0x2029,
    0x202a,
    0x202b,
    0x202c,
    0x202d,
    0x202e,
    0x2060,
    0x2066,
    0x2067,
    0x2068,
    0x2069,
    0xfeff,
    0xe0041,
  ].map((cp) => String.fromCodePoint(cp));

  it('shows every control, bidi and invisible character as an escape, and nothing else', () => {
    for (const c of unsafe) {
      const out = neutralise(`a${c}b`);
      expect(out, JSON.stringify(c)).not.toMatch(RAW);
      expect(out.length, JSON.stringify(c)).toBeGreaterThan(3);
      expect(out).toMatch(/^a\\(u[0-9A-F]{4}|u\{[0-9A-F]+\}|n|t|r)b$/);
    }
    expect(neutralise('héllo 日本 → ✅ "quoted" \\ back')).toBe('héllo 日本 → ✅ "quoted" \\ back');
  });

  it('JSON keeps the exact value and writes the same characters as \\u escapes', () => {
    const value = { name: unsafe.join('') + 'é' };
    const text = renderJson(value);
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
    expect(escapeJsonText('"\u2028"')).toBe('"\\u2028"');
  });
});

describe('terminal and log escapes from names in a contract', () => {
  const base = fixture('escape-names', 'base.json');
  const head = fixture('escape-names', 'head.json');

  for (const format of ['text', 'markdown'] as const) {
    it(`check --format ${format} shows the name's control and bidi characters as escapes`, () => {
      const r = runCliBounded(['check', base, head, '--format', format]);
      expectReport(r, 1);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toMatch(RULE);
      // Visible, not dropped: a reviewer sees that the name holds an escape and an override.
      expect(r.stdout).toMatch(/(\\|&#92;)u001B/);
      expect(r.stdout).toMatch(/(\\|&#92;)u202E/);
    });
  }

  it('check --format json keeps the name exactly, written with \\u escapes', () => {
    const r = runCliBounded(['check', base, head, '--format', 'json']);
    expectReport(r, 1);
    expect(r.stdout).not.toMatch(RAW);
    const report = JSON.parse(r.stdout);
    const f = report.models[0].findings.find((x: { id: string }) => x.id === 'property-removed');
    expect(f.instancePath).toBe(`/${EVIL}`);
  });

  for (const format of ['text', 'markdown', 'json'] as const) {
    it(`diff-schema --format ${format} neutralises the name`, () => {
      const r = runCliBounded([
        'diff-schema',
        '--direction',
        'output',
        fixture('escape-names', 'old-schema.json'),
        fixture('escape-names', 'new-schema.json'),
        '--format',
        format,
      ]);
      expectReport(r, 0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toMatch(RULE);
    });
  }

  it('release-notes neutralises the name', () => {
    const r = runCliBounded(['release-notes', base, head]);
    expectReport(r, 0);
    expect(r.stdout).not.toMatch(RAW);
  });

  it('an error about a file whose name holds ESC and a bidi override prints the name inert', () => {
    const name = path.join(tmp, `bad${EVIL}.yaml`);
    const r = runCliBounded(['check', name, head]);
    expectClean(r, 2, /bad\\u001B\[32mPASS\\u001B\[0m\\u202E\.yaml/);
    expect(r.stderr).not.toMatch(RAW);
  });

  it('annotations (log lines and the annotation view) show the name inert, and leave out a file name they would alter', () => {
    const r = runCliBounded(['check', base, head, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    const notes = planAnnotations(report, { headPath: (f) => f });
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      expect(n.message).not.toMatch(RAW);
      expect(n.place?.title ?? '').not.toMatch(RAW);
    }
    expect(notes.map((n) => n.message).join(' ')).toContain('\\u202E');
    const [e] = errorAnnotations([new InputError(`models/x${EVIL}.yaml`, `bad\nvalue ${EVIL}`, { line: 3 })], { headPath: (f) => f });
    expect(e!.message).toBe('bad\\nvalue \\u001B[32mPASS\\u001B[0m\\u202E');
    expect(e!.place?.file).toBeUndefined();
    expect(e!.place?.startLine).toBeUndefined();
  });

  it('a newline inside a name keeps one problem on one line', () => {
    const name = path.join(tmp, 'two\nlines.yaml');
    const r = runCliBounded(['validate', name]);
    expectClean(r, 2, 'two\\nlines.yaml');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

/** A throwaway git repository with one commit of `files`, then `change` applied to the working tree. */
function repoWith(name: string, files: Record<string, string>): { dir: string; git: (...a: string[]) => string } {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  git('config', 'commit.gpgsign', 'false');
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  git('add', '-A');
  git('commit', '-qm', 'base');
  return { dir, git };
}

const contract = (model: string, version: string, outputType = 'number') =>
  `contract: 1\nmodel: ${model}\nversion: ${version}\ninterface:\n  input: { type: object, properties: { x: { type: number } } }\n  output: { type: object, properties: { score: { type: ${outputType} } } }\n`;

describe('check --base-ref on paths that hold no contract', () => {
  const { dir } = repoWith('no-match', { 'models/churn/model-contract.yaml': contract('churn', '1.0.0') });

  it('a path under which there is no contract at the ref nor in the working tree is an error naming it', () => {
    const r = runCliBounded(['check', '--base-ref', 'HEAD', 'models/chrun'], { cwd: dir });
    expectClean(r, 2, 'models/chrun');
  });

  it('one such path among good ones is still an error, naming only it', () => {
    const r = runCliBounded(['check', '--base-ref', 'HEAD', 'models/churn', 'modles'], { cwd: dir });
    expectClean(r, 2, 'modles');
    expect(r.stderr).not.toContain('models/churn');
  });

  it('release-notes --base-ref says the same', () => {
    const r = runCliBounded(['release-notes', '--base-ref', 'HEAD', 'models/chrun'], { cwd: dir });
    expectClean(r, 2, 'models/chrun');
  });

  it('a repository with no contract at all is an error too', () => {
    const empty = repoWith('empty', { 'README.md': 'nothing here\n' });
    const r = runCliBounded(['check', '--base-ref', 'HEAD'], { cwd: empty.dir });
    expectClean(r, 2, /no model contract/);
  });

  it('a contract that exists and did not change still passes', () => {
    const r = runCliBounded(['check', '--base-ref', 'HEAD', 'models/churn'], { cwd: dir });
    expectClean(r, 0);
    expect(r.stdout.split('\n')[0]).toBe('model-contract-gate: PASS — 1 model checked');
  });
});

describe('contracts are paired by model id first, by path second', () => {
  const findings = (stdout: string) =>
    JSON.parse(stdout).models.map((m: { path: string; base: string | null; head: string | null; findings: { id: string }[] }) => ({
      path: m.path,
      base: m.base,
      head: m.head,
      ids: m.findings.map((f) => f.id),
    }));

  it('a contract moved to another folder with a breaking change at the same version fails on the interface, also under --allow-model-removal', () => {
    const { dir } = repoWith('moved', { 'models/churn/model-contract.yaml': contract('churn', '1.0.0') });
    mkdirSync(path.join(dir, 'ml/churn'), { recursive: true });
    rmSync(path.join(dir, 'models'), { recursive: true });
    writeFileSync(path.join(dir, 'ml/churn/model-contract.yaml'), contract('churn', '1.0.0', 'string'));
    for (const extra of [[], ['--allow-model-removal']]) {
      const r = runCliBounded(['check', '--base-ref', 'HEAD', '--format', 'json', ...extra], { cwd: dir });
      expectClean(r, 1);
      const models = findings(r.stdout);
      expect(models).toHaveLength(1);
      expect(models[0]).toMatchObject({ path: 'ml/churn/model-contract.yaml', base: '1.0.0', head: '1.0.0' });
      expect(models[0].ids).toContain('type-changed');
      expect(models[0].ids).not.toContain('model-removed');
    }
  });

  it('a contract renamed from .yaml to .json with a breaking change fails on the interface', () => {
    const { dir } = repoWith('renamed', { 'models/churn/model-contract.yaml': contract('churn', '1.0.0') });
    rmSync(path.join(dir, 'models/churn/model-contract.yaml'));
    writeFileSync(
      path.join(dir, 'models/churn/model-contract.json'),
      JSON.stringify({
        contract: 1,
        model: 'churn',
        version: '1.0.0',
        interface: {
          input: { type: 'object', properties: { x: { type: 'number' } } },
          output: { type: 'object', properties: { score: { type: 'string' } } },
        },
      }),
    );
    const r = runCliBounded(['check', '--base-ref', 'HEAD', '--format', 'json', '--allow-model-removal'], { cwd: dir });
    expectClean(r, 1);
    const models = findings(r.stdout);
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ path: 'models/churn/model-contract.json', base: '1.0.0', head: '1.0.0' });
    expect(models[0].ids).toContain('type-changed');
  });

  it('a contract moved without a change passes', () => {
    const { dir } = repoWith('moved-same', { 'models/churn/model-contract.yaml': contract('churn', '1.0.0') });
    mkdirSync(path.join(dir, 'ml'), { recursive: true });
    renameSync(path.join(dir, 'models/churn'), path.join(dir, 'ml/churn'));
    const r = runCliBounded(['check', '--base-ref', 'HEAD'], { cwd: dir });
    expectClean(r, 0);
    expect(r.stdout.split('\n')[0]).toBe('model-contract-gate: PASS — 1 model checked');
  });

  it('two contracts for one model that the base already had at the same paths pair by path', () => {
    const { dir } = repoWith('twice-before', {
      'models/churn/model-contract.yaml': contract('churn', '1.0.0'),
      'models/churn-copy/model-contract.yaml': contract('churn', '1.0.0'),
    });
    writeFileSync(path.join(dir, 'models/churn-copy/model-contract.yaml'), contract('churn', '1.1.0'));
    const r = runCliBounded(['check', '--base-ref', 'HEAD', '--format', 'json'], { cwd: dir });
    expectReport(r, 0);
    expect(findings(r.stdout).map((m: { path: string; base: string; head: string }) => [m.path, m.base, m.head])).toEqual([
      ['models/churn-copy/model-contract.yaml', '1.0.0', '1.1.0'],
      ['models/churn/model-contract.yaml', '1.0.0', '1.0.0'],
    ]);
  });

  it('two contracts for one model in the working tree are an error naming both files', () => {
    const { dir } = repoWith('twice', { 'models/churn/model-contract.yaml': contract('churn', '1.0.0') });
    cpSync(path.join(dir, 'models/churn'), path.join(dir, 'models/churn-copy'), { recursive: true });
    const r = runCliBounded(['check', '--base-ref', 'HEAD', '--format', 'json'], { cwd: dir });
    // The copy cannot be compared; the model it duplicates is still reported beside it (exit 2).
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('models/churn-copy/model-contract.yaml');
    expect(r.stderr).toContain('models/churn/model-contract.yaml');
    expect(r.stderr).toMatch(/"churn"/);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('fail');
    // One of the two is the invalid one; the other is reported as the model, and not both ways.
    expect(report.invalid).toHaveLength(1);
    const invalidPath = report.invalid[0].path;
    expect(['models/churn/model-contract.yaml', 'models/churn-copy/model-contract.yaml']).toContain(invalidPath);
    expect(report.models.map((m: { path: string }) => m.path)).not.toContain(invalidPath);
  });
});

describe('a closed pipe', () => {
  it('check … | head -1 exits quietly, without a stack trace', () => {
    // A report far larger than a pipe's buffer, so that writes continue after the reader has gone.
    const props = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i}`, { type: 'number' }]));
    const c = (n: number, version: string) =>
      JSON.stringify({
        contract: 1,
        model: 'wide',
        version,
        interface: { input: { type: 'object' }, output: { type: 'object', properties: props(n) } },
      });
    const dir = path.join(tmp, 'pipe');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'base.json'), c(4000, '1.0.0'));
    writeFileSync(path.join(dir, 'head.json'), c(0, '2.0.0'));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check base.json head.json | head -1`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^model-contract-gate: /);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.stderr).toBe('');
  });
});
