/**
 * Hostile input to the readers, through the front door (`node dist/cli.js`): files that are not
 * regular files or are far too large, file errors in words, numbers JSON cannot hold, YAML tags
 * beyond the core schema, versions node-semver cannot hold, base files copied out of git under
 * colliding names, and hyper-parameter names that are members of Object.prototype.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded, type FrontDoorOptions } from '../helpers/front-door.js';

let root: string;
let probe: string;
let n = 0;

/** A fresh folder under the suite's temporary folder. */
function dir(name: string): string {
  const d = path.join(root, `${n++}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
}

function write(d: string, rel: string, text: string): string {
  const file = path.join(d, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A sparse file of `bytes` bytes (no disk used, but every byte reads as NUL). */
function sparse(file: string, bytes: number): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

/** A file of the hostile-input corpus. */
function hostile(...parts: string[]): string {
  return path.join(ROOT, 'fixtures/hostile', ...parts);
}

function fifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

/** Run the CLI with a 256 MB heap, a hard time limit, and a record of the peak resident memory. */
function bounded(args: string[], opts: FrontDoorOptions & { timeoutMs?: number } = {}) {
  const rssFile = path.join(root, `rss-${n++}`);
  const r = runCliBounded(args, {
    timeoutMs: 20_000,
    ...opts,
    nodeArgs: ['--max-old-space-size=256', '--import', pathToFileURL(probe).href, ...(opts.nodeArgs ?? [])],
    env: { ...opts.env, MCG_TEST_RSS_FILE: rssFile },
  });
  let rssMb = NaN;
  try {
    rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    /* killed before exit: the time limit says it */
  }
  return { ...r, rssMb };
}

/**
 * A text report that passes: in time, exit `code`, no Node trace. (expectClean's stack-trace
 * pattern also matches the report's own "at FILE:LINE:COLUMN" lines, so it is not used here.)
 */
function expectRan(r: ReturnType<typeof bounded>, code: number): void {
  expect(r.timedOut, r.stderr).toBe(false);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(code);
  expect(r.stdout + r.stderr).not.toMatch(/node:internal|^\w*Error: .*\n\s+at /m);
}

const CONTRACT = `contract: 1
model: m
version: 1.0.0
interface:
  input:
    type: object
    properties:
      x: { type: number, minimum: 0 }
  output: { type: object }
`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mcg-readers-'));
  probe = path.join(root, 'rss-probe.mjs');
  // Peak resident memory (kB) of the CLI process, written at exit for the test to read.
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { if (process.env.MCG_TEST_RSS_FILE) writeFileSync(process.env.MCG_TEST_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n`,
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reads are bounded: non-regular files are refused before reading, large files read at most the limit', () => {
  it('--policy /dev/zero is not a regular file', () => {
    const d = dir('policy-dev-zero');
    const a = write(d, 'a/model-contract.yaml', CONTRACT);
    const r = bounded(['check', a, a, '--policy', '/dev/zero']);
    expectClean(r, 2, '/dev/zero');
    expect(r.stderr).toMatch(/is not a regular file/);
    expect(r.rssMb).toBeLessThan(200);
  });

  it('--policy naming a FIFO is refused without waiting for a writer', () => {
    const d = dir('policy-fifo');
    const a = write(d, 'a/model-contract.yaml', CONTRACT);
    const p = fifo(path.join(d, 'policy.yaml'));
    const r = bounded(['check', a, a, '--policy', p], { timeoutMs: 15_000 });
    expectClean(r, 2, 'policy.yaml');
    expect(r.stderr).toMatch(/is not a regular file/);
  });

  it('validate of a 600 MB contract reads at most the limit', () => {
    const d = dir('contract-600m');
    const file = sparse(path.join(d, 'model-contract.yaml'), 600 * 1024 * 1024);
    const r = bounded(['validate', file]);
    expectClean(r, 2, 'model-contract.yaml');
    expect(r.stderr).toMatch(/larger than 16 MiB/);
    expect(r.rssMb).toBeLessThan(200);
  });

  it('diff-schema of a 600 MB schema reads at most the limit', () => {
    const d = dir('schema-600m');
    const big = sparse(path.join(d, 'new.json'), 600 * 1024 * 1024);
    const old = write(d, 'old.json', '{"type": "object"}');
    const r = bounded(['diff-schema', '--direction', 'input', old, big]);
    expectClean(r, 2, 'new.json');
    expect(r.stderr).toMatch(/larger than 16 MiB/);
    expect(r.rssMb).toBeLessThan(200);
  });

  it('import onnx /dev/zero is not a regular file', () => {
    const r = bounded(['import', 'onnx', '/dev/zero']);
    expectClean(r, 2, '/dev/zero');
    expect(r.stderr).toMatch(/is not a regular file/);
    expect(r.rssMb).toBeLessThan(200);
  });

  it('import mlflow of a 600 MB file reads at most the limit', () => {
    const d = dir('mlflow-600m');
    const file = sparse(path.join(d, 'MLmodel'), 600 * 1024 * 1024);
    const r = bounded(['import', 'mlflow', file]);
    expectClean(r, 2, 'MLmodel');
    expect(r.stderr).toMatch(/larger than 16 MiB/);
    expect(r.rssMb).toBeLessThan(200);
  });

  it('a directory given as a contract is a directory, not a missing file', () => {
    const d = dir('contract-dir');
    mkdirSync(path.join(d, 'model-contract.yaml'));
    const r = bounded(['validate', path.join(d, 'model-contract.yaml')]);
    expectClean(r, 2, 'model-contract.yaml');
    expect(r.stderr).toMatch(/is a directory/);
  });

  it('a folder just under / given as a contract is a directory too', () => {
    const r = bounded(['validate', '/usr']);
    expectClean(r, 2, 'usr');
    expect(r.stderr).toMatch(/is a directory/);
  });

  it('a FIFO given as a contract is not a regular file', () => {
    const d = dir('contract-fifo');
    const file = fifo(path.join(d, 'model-contract.yaml'));
    const r = bounded(['validate', file], { timeoutMs: 15_000 });
    expectClean(r, 2, 'model-contract.yaml');
    expect(r.stderr).toMatch(/is not a regular file/);
  });

  it('a $ref to a FIFO and an interface `from` a FIFO are refused with the file named', () => {
    const d = dir('ref-fifo');
    mkdirSync(path.join(d, 'ref'));
    mkdirSync(path.join(d, 'from'));
    fifo(path.join(d, 'ref/input.json'));
    fifo(path.join(d, 'from/MLmodel'));
    const refContract = write(
      d,
      'ref/model-contract.yaml',
      `contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  input: { $ref: input.json }\n  output: { type: object }\n`,
    );
    const fromContract = write(d, 'from/model-contract.yaml', `contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { mlflow: MLmodel }\n`);
    for (const [file, named] of [
      [refContract, 'input.json'],
      [fromContract, 'MLmodel'],
    ] as const) {
      const r = bounded(['validate', file], { timeoutMs: 15_000 });
      expectClean(r, 2, named);
      expect(r.stderr).toMatch(/is not a regular file/);
    }
  });

  it('a 150 MB contract at the base commit is refused before git hands it over', () => {
    const repo = dir('git-blob');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    sparse(path.join(repo, 'm/model-contract.yaml'), 150 * 1024 * 1024);
    git('add', '-A');
    git('commit', '-qm', 'big');
    write(repo, 'm/model-contract.yaml', CONTRACT);
    const r = bounded(['check', '--base-ref', 'HEAD'], { cwd: repo, timeoutMs: 30_000 });
    expectClean(r, 2, 'HEAD:m/model-contract.yaml');
    expect(r.stderr).toMatch(/larger than 16 MiB/);
    expect(r.rssMb).toBeLessThan(200);
  });
});

describe('file errors are said in words', () => {
  it('a missing or directory policy file, and a missing import source', () => {
    const d = dir('words');
    const a = write(d, 'a/model-contract.yaml', CONTRACT);
    const missing = bounded(['check', a, a, '--policy', path.join(d, 'nope.yaml')]);
    expectClean(missing, 2, 'nope.yaml');
    expect(missing.stderr).toMatch(/no such file/);
    const isDir = bounded(['check', a, a, '--policy', d]);
    expectClean(isDir, 2, d);
    expect(isDir.stderr).toMatch(/is a directory/);
    const imp = bounded(['import', 'mlflow', path.join(d, 'MLmodel')]);
    expectClean(imp, 2, 'MLmodel');
    expect(imp.stderr).toMatch(/no such file/);
    for (const r of [missing, isDir, imp]) expect(r.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
  });

  it('a reference file that is a directory', () => {
    const d = dir('ref-dir');
    mkdirSync(path.join(d, 'inputs.jsonl'));
    write(d, 'predictions.jsonl', '{"id": 1}\n');
    const file = write(d, 'model-contract.yaml', CONTRACT + `reference:\n  inputs: inputs.jsonl\n  predictions: predictions.jsonl\n  key: id\n`);
    const r = bounded(['validate', file]);
    expectClean(r, 2, 'inputs.jsonl');
    expect(r.stderr).toMatch(/is a directory/);
  });
});

describe('numbers JSON cannot hold are refused', () => {
  it.each([
    ['nan-minimum', 'minimum', 'NaN'],
    ['nan-maximum', 'maximum', 'NaN'],
    ['inf-maximum', 'maximum', 'Infinity'],
    ['minus-inf-minimum', 'minimum', '-Infinity'],
    ['overflow-minimum', 'minimum', 'Infinity'],
  ])('%s in a contract', (name, key, shown) => {
    const file = hostile('non-finite', `${name}.yaml`);
    const r = bounded(['validate', file]);
    expectClean(r, 2, `${name}.yaml:8:`);
    expect(r.stderr).toContain(`(at /interface/input/properties/x/${key})`);
    expect(r.stderr).toContain(`: ${shown} `);
    expect(r.stderr).not.toMatch(/\bnull\b/);
    // check gives the same answer.
    const c = bounded(['check', hostile('non-finite', 'base.yaml'), file]);
    expectClean(c, 2, `${name}.yaml:8:`);
    expect(c.stderr).toBe(r.stderr);
  });

  it('-1e999 in a JSON schema, and NaN inside a list', () => {
    const r = bounded([
      'diff-schema',
      '--direction',
      'input',
      hostile('non-finite', 'overflow-old.json'),
      hostile('non-finite', 'overflow-new.json'),
    ]);
    expectClean(r, 2, 'overflow-new.json:3:');
    expect(r.stderr).toContain('-Infinity');
    expect(r.stderr).toContain('(at /maximum)');
    const v = bounded(['validate', hostile('non-finite', 'nan-in-enum.yaml')]);
    expectClean(v, 2, 'nan-in-enum.yaml:8:');
    expect(v.stderr).toContain('(at /interface/input/properties/x/enum/2)');
    expect(v.stderr).toContain('NaN');
  });

  it('in a policy file', () => {
    const a = hostile('non-finite', 'base.yaml');
    const r = bounded(['check', a, a, '--policy', hostile('non-finite', 'policy-inf.yaml')]);
    expectClean(r, 2, 'policy-inf.yaml:2:');
    expect(r.stderr).toContain('Infinity');
    expect(r.stderr).not.toMatch(/\bnull\b/);
  });
});

describe('YAML tags beyond the core schema are refused', () => {
  it.each([
    ['set', '!!set'],
    ['binary', '!!binary'],
    ['omap', '!!omap'],
    ['pairs', '!!pairs'],
    ['timestamp', '!!timestamp'],
    ['js-undefined', '!!js/undefined'],
    ['custom', '!custom'],
    ['verbatim', 'tag:example.com,2000:x'],
    ['float-mismatch', '!!float'],
    ['binary-key', '!!binary'],
  ])('%s', (name, tag) => {
    const r = bounded(['validate', hostile('yaml-tags', `${name}.yaml`)]);
    expectClean(r, 2, `${name}.yaml:4:`);
    expect(r.stderr).toContain(tag);
  });

  it('the core schema tags still read as before', () => {
    const r = bounded(['validate', hostile('yaml-tags', 'core.yaml')]);
    expectClean(r, 0);
    expect(r.stdout).toContain('valid:');
  });

  it('in a policy file', () => {
    const a = hostile('non-finite', 'base.yaml');
    const r = bounded(['check', a, a, '--policy', hostile('yaml-tags', 'policy-custom.yaml')]);
    expectClean(r, 2, 'policy-custom.yaml:1:');
    expect(r.stderr).toContain('!custom');
  });
});

describe('a version node-semver cannot hold', () => {
  it('is refused alike by validate and check, naming the line of `version`', () => {
    const file = hostile('version-unsafe', 'major.yaml');
    const v = bounded(['validate', file]);
    expectClean(v, 2, 'major.yaml:3:');
    expect(v.stderr).toContain('(at /version)');
    expect(v.stderr).toMatch(/9007199254740991/);
    const c = bounded(['check', hostile('version-unsafe', 'base.yaml'), file]);
    expectClean(c, 2, 'major.yaml:3:');
    expect(c.stderr).toBe(v.stderr);
    expect(c.stderr).not.toMatch(/not SemVer/);
  });

  it('the limit holds for numeric pre-release identifiers too; a version at the limit passes', () => {
    expectClean(bounded(['validate', hostile('version-unsafe', 'at-limit.yaml')]), 0);
    const r = bounded(['validate', hostile('version-unsafe', 'prerelease.yaml')]);
    expectClean(r, 2, 'prerelease.yaml:3:');
    expect(r.stderr).toMatch(/9007199254740991/);
  });
});

describe('base files copied out of git keep their own names', () => {
  it('a/b.jsonl and a__b.jsonl are two files', () => {
    const repo = dir('copies');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    const inputs = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `r${i}`, x: i })).join('\n') + '\n';
    const predictions = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `r${i}`, y: i % 2 === 0 ? 'even' : 'odd' })).join('\n') + '\n';
    write(repo, 'm/a/b.jsonl', inputs);
    write(repo, 'm/a__b.jsonl', predictions);
    const contract = `contract: 1
model: m
version: 1.0.0
interface:
  input: { type: object, properties: { id: { type: string }, x: { type: number } } }
  output: { type: object, properties: { id: { type: string }, y: { enum: [even, odd] } } }
reference:
  inputs: a/b.jsonl
  predictions: a__b.jsonl
  key: id
  tolerances:
    - field: /y
      agreement: 1
`;
    write(repo, 'm/model-contract.yaml', contract);
    git('add', '-A');
    git('commit', '-qm', 'base');
    // The head only says more in its description: the predictions are the same, so nothing moved.
    write(repo, 'm/model-contract.yaml', contract.replace('version: 1.0.0', 'version: 1.0.0\ndescription: same model'));
    const r = bounded(['check', '--base-ref', 'HEAD', '--format', 'json'], { cwd: repo, timeoutMs: 30_000 });
    expectClean(r, 0);
    const report = JSON.parse(r.stdout);
    const findings = report.models.flatMap((m: { findings: { id: string; area?: string }[] }) => m.findings);
    expect(findings.filter((f: { area?: string }) => f.area === 'behavior')).toEqual([]);
  });
});

describe('hyper-parameters named like Object.prototype members', () => {
  it('are compared as the contract states them (text and json)', () => {
    const base = hostile('lineage-keys', 'proto-base.yaml');
    const head = hostile('lineage-keys', 'proto-head.yaml');
    const text = bounded(['check', base, head]);
    expectRan(text, 0);
    expect(text.stdout).not.toMatch(/native code|function/);
    for (const k of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(text.stdout).toMatch(new RegExp(`${k}: \\(absent\\) →`));
    const json = bounded(['check', base, head, '--format', 'json']);
    expectClean(json, 0);
    const findings = JSON.parse(json.stdout).models[0].findings.filter((f: { id: string }) => f.id === 'hyperparameter-changed');
    expect(findings).toHaveLength(4);
    for (const f of findings) {
      expect(f).not.toHaveProperty('old');
      expect(f.message).not.toMatch(/native code|function/);
    }
  });

  it('values and names with newlines stay on one line', () => {
    const base = hostile('lineage-keys', 'newline-base.yaml');
    const head = hostile('lineage-keys', 'newline-head.yaml');
    const text = bounded(['check', base, head]);
    expectRan(text, 0);
    const line = text.stdout.split('\n').find((l) => l.includes('Hyper-parameter'));
    expect(line).toContain('Hyper-parameter "note\\nfake": "a\\nb" → "a\\nFAIL c"; tuning needs a patch release.');
    const json = bounded(['check', base, head, '--format', 'json']);
    expectClean(json, 0);
    const f = JSON.parse(json.stdout).models[0].findings.find((x: { id: string }) => x.id === 'hyperparameter-changed');
    expect(f.message).not.toContain('\n');
  });
});

describe('file errors in words (the ones a test cannot provoke as root)', () => {
  it('permission denied, not a directory, too many links', async () => {
    const { fsErrorWords } = await import('../../src/readers/files.js');
    expect(fsErrorWords(Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: 'EACCES' }))).toBe('permission denied');
    expect(fsErrorWords(Object.assign(new Error('x'), { code: 'ENOTDIR' }))).toBe('a part of the path is not a directory');
    expect(fsErrorWords(Object.assign(new Error('x'), { code: 'ELOOP' }))).toBe('too many levels of symbolic links');
    expect(fsErrorWords(Object.assign(new Error("ENOSPC: no space left on device, write '/tmp/x'"), { code: 'ENOSPC' }))).toBe(
      'no space left on device',
    );
  });
});
