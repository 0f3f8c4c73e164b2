import { describe, expect, it } from 'vitest';
import { planAnnotations } from '../../src/render/annotations.js';
import { ConfigError, readInputs, splitCommand } from '../../src/action/inputs.js';
import { leadingModel, outputsOf, shouldFail } from '../../src/action/outputs.js';
import type { ModelReport, Report } from '../../src/verdict/report.js';
import { Recorder } from './helpers.js';

describe('predict-command', () => {
  it('is split into words like a shell would, without running one', () => {
    expect(splitCommand(`python  predict.py --model "models/my model.onnx" 'a b' c\\ d`)).toEqual([
      'python',
      'predict.py',
      '--model',
      'models/my model.onnx',
      'a b',
      'c d',
    ]);
    // Shell syntax stays literal: no expansion, no pipes, no substitution.
    expect(splitCommand('echo $HOME | cat; $(rm -rf /)')).toEqual(['echo', '$HOME', '|', 'cat;', '$(rm', '-rf', '/)']);
    expect(splitCommand('["node", "predict.mjs", "--x=1 2"]')).toEqual(['node', 'predict.mjs', '--x=1 2']);
    expect(() => splitCommand('python "unclosed')).toThrow(ConfigError);
    expect(() => splitCommand('[1, 2]')).toThrow(/JSON array of strings/);
  });
});

describe('inputs', () => {
  it('take the documented defaults', () => {
    expect(readInputs(new Recorder({}))).toEqual({
      contracts: ['**/model-contract.yaml', '**/model-contract.yml', '**/model-contract.json'],
      exclude: [],
      token: '',
      comment: 'on-change',
      failOn: 'undeclared',
      allowModelRemoval: false,
    });
  });

  it('refuse globs and paths that leave the repository', () => {
    expect(() => readInputs(new Recorder({ contracts: '../other/**/model-contract.yaml' }))).toThrow(/relative to the repository/);
    expect(() => readInputs(new Recorder({ policy: '/etc/policy.yaml' }))).toThrow(/inside the repository/);
    expect(() => readInputs(new Recorder({ 'allow-model-removal': 'yes' }))).toThrow(
      'the input "allow-model-removal" must be true or false, got "yes"',
    );
  });
});

const m = (over: Partial<ModelReport>): ModelReport => ({
  model: 'm',
  path: 'models/m/model-contract.yaml',
  base: '1.0.0',
  head: '1.1.0',
  declared: 'minor',
  required: 'minor',
  ok: true,
  suggested: '1.1.0',
  summary: '',
  findings: [],
  ...over,
});

describe('outputs and fail-on', () => {
  it('describe the most demanding model, failing ones first on a tie', () => {
    const r: Report = {
      verdict: 'fail',
      models: [
        m({ model: 'a', required: 'major', declared: 'major', suggested: '2.0.0' }),
        m({ model: 'b', required: 'major', declared: 'minor', ok: false, suggested: '2.0.0' }),
        m({ model: 'c' }),
      ],
    };
    expect(leadingModel(r)!.model).toBe('b');
    expect(outputsOf(r)).toEqual({
      verdict: 'fail',
      'required-bump': 'major',
      'declared-bump': 'minor',
      'suggested-version': '2.0.0',
      models: expect.stringMatching(/^\[\{"model":"a",/),
    });
    expect(JSON.parse(outputsOf(r).models!).map((x: { model: string }) => x.model)).toEqual(['a', 'b', 'c']);
    expect(outputsOf({ verdict: 'pass', models: [] })).toEqual({
      verdict: 'pass',
      'required-bump': 'none',
      'declared-bump': 'none',
      'suggested-version': '',
      models: '[]',
    });
  });

  it('fail per the input', () => {
    const passing: Report = { verdict: 'pass', models: [m({ findings: [{ id: 'x', bump: 'minor', area: 'lineage', message: '' }] })] };
    expect(shouldFail(passing, 'undeclared')).toBe(false);
    expect(shouldFail(passing, 'any')).toBe(true);
    expect(shouldFail({ verdict: 'fail', models: [] }, 'never')).toBe(false);
  });
});

describe('annotations', () => {
  it('put a finding located in the base version of a file on that file, without a line of the other version', () => {
    const r: Report = {
      verdict: 'fail',
      models: [
        m({
          ok: false,
          required: 'major',
          findings: [
            {
              id: 'property-removed',
              bump: 'major',
              area: 'interface',
              direction: 'output',
              instancePath: '/score',
              message: 'gone',
              location: { file: 'abc123:models/m/schema.json', line: 9, column: 3 },
            },
            { id: 'contract-level', bump: 'major', area: 'contract', message: 'no place' },
          ],
        }),
      ],
    };
    const a = planAnnotations(r, {
      headPath: (f) => (f.includes(':') ? undefined : f),
      basePath: (f) => (f.startsWith('abc123:') ? f.slice(7) : undefined),
    });
    expect(a.map((x) => x.place)).toEqual([
      { title: 'm: MAJOR property-removed', file: 'models/m/schema.json' },
      { title: 'm: MAJOR contract-level', file: 'models/m/model-contract.yaml' },
    ]);
    expect(a.every((x) => x.level === 'error')).toBe(true);
  });
});

describe('GitHub API time limits and client-side failures', async () => {
  const { ApiSession, boundedFetch, explainApiError, timeLimits } = await import('../../src/action/github.js');

  it('limits come from the environment only to be shortened', () => {
    expect(timeLimits({})).toEqual({ requestMs: 30_000, stepMs: 120_000 });
    expect(timeLimits({ MODEL_CONTRACT_GATE_API_TIMEOUT_MS: '500', MODEL_CONTRACT_GATE_COMMENT_TIMEOUT_MS: '2000' })).toEqual({
      requestMs: 500,
      stepMs: 2000,
    });
    expect(timeLimits({ MODEL_CONTRACT_GATE_API_TIMEOUT_MS: '999999999', MODEL_CONTRACT_GATE_COMMENT_TIMEOUT_MS: 'x' })).toEqual({
      requestMs: 30_000,
      stepMs: 120_000,
    });
  });

  it('says what failed on this side of the wire', async () => {
    const session = new ApiSession({ requestMs: 1000, stepMs: 5000 });
    try {
      const failing = (code: string) =>
        boundedFetch(
          async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) })),
          session,
        );
      const said = async (code: string) => {
        const err = await failing(code)('https://api.github.com/user').catch((e: unknown) => e);
        return explainApiError(err, 'comment on pull request #7', false);
      };
      expect(await said('ENOTFOUND')).toBe(
        'Cannot comment on pull request #7: could not connect to the GitHub API (api.github.com): the host name does not resolve. The job summary has the report and the gate still decides.',
      );
      expect(await said('ECONNRESET')).toMatch(/: the connection to the GitHub API \(api\.github\.com\) was closed before an answer\./);
      expect(await said('ECONNREFUSED')).toMatch(/: could not connect to the GitHub API \(api\.github\.com\): connection refused\./);
      expect(await said('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toMatch(
        /could not connect securely to the GitHub API \(api\.github\.com\): UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
      );
    } finally {
      session.close();
    }
  });
});
