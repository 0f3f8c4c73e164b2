import { describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli.js';

/** Each bad input: exit code 2, one message naming the file and the place, never a stack trace. */
const CASES: { name: string; file?: string; line: number; message: RegExp }[] = [
  { name: 'malformed-yaml', line: 6, message: /malformed YAML/ },
  { name: 'malformed-json', file: 'model-contract.json', line: 5, message: /malformed JSON/ },
  { name: 'empty', line: 1, message: /the file is empty/ },
  { name: 'unknown-field', line: 3, message: /unknown field "verison" \(did you mean "version"\?\)/ },
  { name: 'invalid-semver', line: 3, message: /"1\.0" is not a valid SemVer 2\.0 version/ },
  { name: 'missing-schema', line: 7, message: /schemas\/missing\.schema\.json does not exist/ },
  { name: 'missing-ref-target', line: 8, message: /\$ref "#\/\$defs\/user" points at nothing/ },
  { name: 'ref-url', line: 7, message: /is a URL; only paths inside the repository are read/ },
  { name: 'ref-outside', line: 7, message: /leaves the repository/ },
  { name: 'alias-bomb', line: 12, message: /too many YAML alias expansions/ },
  { name: 'proto-key', line: 7, message: /the key "__proto__" is not allowed/ },
  { name: 'constructor-key', line: 4, message: /unknown field "constructor"/ },
  { name: 'duplicate-key', line: 7, message: /duplicate key/ },
  { name: 'non-utf8', line: 4, message: /not valid UTF-8/ },
  { name: 'invalid-schema', line: 8, message: /not a valid JSON Schema \(2020-12\).*\/properties\/n\/type/ },
  { name: 'not-a-mapping', line: 1, message: /expected a mapping at the top level/ },
  { name: 'bad-owner', line: 9, message: /"acme\/ranking" is not a GitHub handle; expected @user or @org\/team/ },
  { name: 'bad-deprecated-since', line: 12, message: /`x-deprecated-since` must be a calendar date YYYY-MM-DD, got "2026-02-30"/ },
  { name: 'interface-and-interfaces', line: 7, message: /declare either `interface` \(one API\) or `interfaces`/ },
  { name: 'from-and-inline', line: 6, message: /takes its schemas `from` a file; remove `output`, or remove `from`/ },
  { name: 'from-missing-file', line: 5, message: /the onnx file .*model\.onnx does not exist/ },
  { name: 'from-two-sources', line: 5, message: /`interface\.from` names exactly one source: mlflow, onnx, kserve, openapi or proto/ },
  { name: 'from-lfs-pointer', line: 5, message: /model\.onnx is a Git LFS pointer \(oid 4d7a214614ab…\), not the file itself/ },
  { name: 'no-interface', line: 1, message: /missing required field "interface" in the contract/ },
];

describe('bad input: exit code 2 with file and place', () => {
  for (const c of CASES) {
    const file = `fixtures/bad/${c.name}/${c.file ?? 'model-contract.yaml'}`;
    it(c.name, async () => {
      const r = await runCli(['validate', file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${c.line}:\\d+: `));
      expect(lines[0]).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

    it(`${c.name} also stops check before any report`, async () => {
      const r = await runCli(['check', 'fixtures/examples/recommender/v1/model-contract.yaml', file, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(file);
    });
  }

  it('does not pollute prototypes', async () => {
    await runCliInProcess(['validate', 'fixtures/bad/proto-key/model-contract.yaml', 'fixtures/bad/constructor-key/model-contract.yaml']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts properties and hyper-parameters named constructor and prototype as plain data', async () => {
    const r = await runCliInProcess(['validate', 'fixtures/edge/constructor-property/model-contract.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(({} as Record<string, unknown>).prototype).toBeUndefined();
  });

  it('accepts CRLF line endings', async () => {
    const r = await runCli(['validate', 'fixtures/edge/crlf/model-contract.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid: .*crlf/);
  });

  it('reports every error of every file at once, sorted by line', async () => {
    const r = await runCli(['validate', 'fixtures/bad/unknown-field/model-contract.yaml', 'fixtures/bad/ref-url/model-contract.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('names a file that does not exist', async () => {
    const r = await runCli(['validate', 'fixtures/nowhere/model-contract.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fixtures\/nowhere\/model-contract\.yaml: no such file/);
  });

  it('bounds nesting depth instead of overflowing the stack', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-deep-'));
    const deep = 'x: ' + '['.repeat(5000) + ']'.repeat(5000);
    writeFileSync(
      path.join(dir, 'model-contract.yaml'),
      `contract: 1\nmodel: deep\nversion: 1.0.0\ninterface:\n  input: { type: object }\n  output: { type: array }\n${deep}\n`,
    );
    const r = await runCli(['validate', path.join(dir, 'model-contract.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nested/);
  });
});

describe('usage errors: exit code 2', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['check'], /check needs two contract files/],
    [['check', 'a', 'b', '--fromat', 'json'], /Unknown option '--fromat'/],
    [['check', 'a', 'b', '--format', 'yaml'], /--format must be text, json or markdown/],
    [['diff-schema', 'a', 'b'], /--direction input or --direction output/],
    [['validate'], /validate needs at least one contract file/],
    [['validate', 'x', '--base-ref', 'main'], /validate does not take --base-ref/],
  ])('%j', async (args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});
