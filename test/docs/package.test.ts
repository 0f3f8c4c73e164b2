/**
 * What `npx model-contract-gate` installs once published: `npm pack` of this checkout, installed
 * into an empty project with the registry out of reach (--offline). dist/ bundles every library,
 * so the package has no dependencies: it installs alone, has no install script, and the installed
 * CLI runs the gate.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, ROOT } from '../helpers/cli.js';

describe('the published package', () => {
  it('installs with no dependencies and its CLI runs the gate', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);

    const top = mkdtempSync(path.join(tmpdir(), 'mcg-pack-'));
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, npm_config_update_notifier: 'false' },
      });
    npm(['pack', '--pack-destination', top, '--silent'], ROOT);
    const tarball = readdirSync(top).find((f) => f.endsWith('.tgz'))!;
    const app = path.join(top, 'app');
    cpSync(example('recommender'), path.join(app, 'models'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}\n');
    npm(['install', '--offline', path.join(top, tarball)], app);
    expect(readdirSync(path.join(app, 'node_modules')).filter((f) => !f.startsWith('.'))).toEqual(['model-contract-gate']);

    const bin = path.join(app, 'node_modules/.bin/model-contract-gate');
    const help = spawnSync(bin, ['--help'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^model-contract-gate — /);
    const check = spawnSync(bin, ['check', 'models/v1/model-contract.yaml', 'models/head-1.1.0/model-contract.yaml'], {
      cwd: app,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(check.status, check.stderr).toBe(1);
    expect(check.stdout).toMatch(/^model-contract-gate: FAIL/);
    expect(check.stdout).toContain('release as 2.0.0');
  }, 180_000);
});
