import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A model folder (outside git: the folder is the repository) with an artifact and preprocessing code. */
function modelDir(version: string, files: Record<string, string>, artifactSha?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-model-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  writeFileSync(
    path.join(dir, 'model-contract.yaml'),
    [
      'contract: 1',
      'model: scorer',
      `version: ${version}`,
      'interface: { input: { type: object }, output: { type: number } }',
      'lineage:',
      '  preprocessing: ["features/**/*.py"]',
      'artifact:',
      '  path: model.bin',
      ...(artifactSha ? [`  sha256: ${artifactSha}`] : []),
    ].join('\n') + '\n',
  );
  return path.join(dir, 'model-contract.yaml');
}

describe('files a contract names: artifact digests and preprocessing hashes', () => {
  it('a preprocessing change alone requires PATCH', async () => {
    const a = modelDir('1.0.0', { 'model.bin': 'weights', 'features/a.py': 'x = 1\n', 'features/sub/b.py': 'y = 2\n', 'notes.txt': '' });
    const b = modelDir('1.0.1', { 'model.bin': 'weights', 'features/a.py': 'x = 1\n', 'features/sub/b.py': 'y = 3\n' });
    const r = await runCli(['check', a, b, '--format', 'json']);
    const [m] = JSON.parse(r.stdout).models;
    expect(m.required).toBe('patch');
    expect(m.findings.map((f: { id: string; message: string }) => [f.id, f.message.includes('features/sub/b.py')])).toEqual([
      ['preprocessing-changed', true],
    ]);
    expect(r.code).toBe(0);
  });

  it('a new artifact under an unchanged version fails', async () => {
    const a = modelDir('1.0.0', { 'model.bin': 'weights v1' });
    const b = modelDir('1.0.0', { 'model.bin': 'weights v2' });
    const r = await runCli(['check', a, b, '--format', 'json']);
    expect(r.code).toBe(1);
    const [m] = JSON.parse(r.stdout).models;
    expect(m.findings[0]).toMatchObject({ id: 'artifact-changed', bump: 'patch' });
    expect(m.suggested).toBe('1.0.1');
  });

  it('a declared digest that lies fails whatever the version, and names the line', async () => {
    const a = modelDir('1.0.0', { 'model.bin': 'weights' }, sha('weights'));
    const b = modelDir('2.0.0', { 'model.bin': 'other weights' }, sha('weights'));
    const r = await runCli(['check', a, b, '--format', 'json']);
    expect(r.code).toBe(1);
    const [m] = JSON.parse(r.stdout).models;
    expect(m.findings[0]).toMatchObject({ id: 'artifact-digest-mismatch', blocking: true, location: { line: 9 } });
    expect(m.suggested).toBeNull();
    expect((await runCli(['next-version', a, b])).code).toBe(1);
  });

  it('reads the digest a Git LFS pointer stands for', async () => {
    const oid = sha('the real weights');
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 16\n`;
    const a = modelDir('1.0.0', { 'model.bin': pointer }, oid);
    const r = await runCli(['check', a, a, '--format', 'json']);
    expect(JSON.parse(r.stdout).models[0].findings).toEqual([]);
  });

  it('refuses preprocessing globs that leave the contract folder', async () => {
    const a = modelDir('1.0.0', { 'model.bin': 'w' });
    const { readFileSync } = await import('node:fs');
    writeFileSync(a, readFileSync(a, 'utf8').replace('features/**/*.py', '../**/*.py'));
    const r = await runCli(['validate', a]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:6:\d+: the glob "\.\.\/\*\*\/\*\.py" must stay inside/);
  });
});

describe('policy file', () => {
  const contract = (version: string, extra = '') => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-policy-'));
    writeFileSync(
      path.join(dir, 'model-contract.yaml'),
      `contract: 1\nmodel: m\nversion: ${version}\ninterface:\n  input: { type: object${extra} }\n  output: { type: object }\n`,
    );
    return path.join(dir, 'model-contract.yaml');
  };
  const policy = (text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-policy-'));
    writeFileSync(path.join(dir, 'policy.yaml'), text);
    return path.join(dir, 'policy.yaml');
  };

  it('open-content: strict makes an optional input property MAJOR', async () => {
    const a = contract('1.0.0');
    const b = contract('1.1.0', ', properties: { tag: { type: string } }');
    expect((await runCli(['check', a, b])).code).toBe(0);
    const r = await runCli(['check', a, b, '--policy', policy('open-content: strict\n'), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).models[0].required).toBe('major');
  });

  it('bump: exact fails an over-declared bump', async () => {
    const a = contract('1.0.0');
    const b = contract('2.0.0');
    expect((await runCli(['check', a, b])).code).toBe(0);
    expect((await runCli(['check', a, b, '--policy', policy('bump: exact\n')])).code).toBe(1);
    expect((await runCli(['check', a, b, '--exact'])).code).toBe(1);
  });

  it('an unknown or misspelt key is an error with the line', async () => {
    const r = await runCli(['check', contract('1.0.0'), contract('1.0.0'), '--policy', policy('bump: exact\nopen-contnet: strict\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\.yaml:2:1: unknown policy key "open-contnet" \(did you mean "open-content"\?\)/);
  });
});
