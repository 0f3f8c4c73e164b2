/**
 * `init` through the front door (node dist/cli.js): a contract scaffolded from each real MLflow
 * model, an ONNX model, KServe metadata, or samples, that `validate` accepts; nothing overwritten
 * without --force.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MLFLOW = path.join(SHARED, 'fixtures/mlflow');
const mlflowModels = existsSync(MLFLOW) ? readdirSync(MLFLOW).filter((d) => existsSync(path.join(MLFLOW, d, 'MLmodel'))) : [];

/** init, then validate what it wrote, both through dist/cli.js. */
function initAndValidate(args: string[], out: string) {
  const r = runCliBounded(['init', ...args, '--out', out], { cwd: tmp });
  expectClean(r, 0);
  expect(r.stdout).toContain(`wrote ${out}/model-contract.yaml`);
  const v = runCliBounded(['validate', `${out}/model-contract.yaml`], { cwd: tmp });
  expectClean(v, 0);
  expect(v.stdout).toMatch(/^valid: /);
  return { text: readFileSync(path.join(tmp, out, 'model-contract.yaml'), 'utf8'), r };
}

describe.runIf(sharedAvailable('init on the MLflow fixtures'))('init on every MLflow fixture in ../shared', () => {
  it('finds the fixtures', () => expect(mlflowModels.length).toBeGreaterThanOrEqual(8));

  it.each(mlflowModels)('%s: writes a contract that validate accepts (from the folder)', (name) => {
    const { text } = initAndValidate([path.join(MLFLOW, name)], `mlflow-${name}`);
    const contract = parse(text);
    expect(contract).toMatchObject({ contract: 1, model: `mlflow-${name}`.toLowerCase(), version: '0.1.0' });
    expect(contract.interface.input).toEqual({ $ref: 'schemas/input.schema.json' });
    // The schemas are the importer's: the same as `import mlflow` prints.
    const imported = JSON.parse(runCliBounded(['import', 'mlflow', path.join(MLFLOW, name, 'MLmodel')]).stdout);
    expect(JSON.parse(readFileSync(path.join(tmp, `mlflow-${name}`, 'schemas/input.schema.json'), 'utf8'))).toEqual(imported.input);
    expect(existsSync(path.join(tmp, `mlflow-${name}`, 'schemas/params.schema.json'))).toBe(imported.params !== undefined);
  });

  it('also from the MLmodel file itself, with a model id and version of the user', () => {
    const { text } = initAndValidate([path.join(MLFLOW, 'sklearn-diabetes/MLmodel'), '--model', 'diabetes', '--model-version', '2.3.0'], 'by-file');
    expect(parse(text)).toMatchObject({ model: 'diabetes', version: '2.3.0' });
  });
});

describe('init from other sources', () => {
  it('an ONNX model', () => {
    const { text } = initAndValidate([path.join(ROOT, 'fixtures/imports/onnx/tensors.onnx')], 'onnx');
    expect(text).toContain('the ONNX graph of');
  });

  it('KServe / MLServer metadata', () => {
    initAndValidate([path.join(ROOT, 'fixtures/imports/kserve/tensors-v2.json')], 'kserve');
  });

  it('samples: schemas inferred, the reference section pointing at them, and check runs the behavior analyser on them', () => {
    writeFileSync(path.join(tmp, 'inputs.jsonl'), '{"id": "a", "age": 30, "plan": "pro"}\n{"id": "b", "age": 41.5}\n');
    writeFileSync(path.join(tmp, 'predictions.jsonl'), '{"id": "a", "score": 0.2, "label": "stay"}\n{"id": "b", "score": 0.9, "label": "churn"}\n');
    const { text } = initAndValidate(['--inputs', 'inputs.jsonl', '--predictions', 'predictions.jsonl'], 'samples');
    const contract = parse(text);
    // tmp is not a git repository: the contract's folder is its root, so the samples are copied in.
    expect(contract.reference).toEqual({ inputs: 'reference/inputs.jsonl', predictions: 'reference/predictions.jsonl' });
    const input = JSON.parse(readFileSync(path.join(tmp, 'samples/schemas/input.schema.json'), 'utf8'));
    expect(input).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' }, age: { type: 'number' }, plan: { type: 'string' } },
      required: ['id', 'age'],
    });
    const c = runCliBounded(['check', 'samples/model-contract.yaml', 'samples/model-contract.yaml', '--format', 'json'], { cwd: tmp });
    expectClean(c, 0);
    expect(JSON.parse(c.stdout).models[0].behavior.rows).toBeDefined();
  });

  it('every YAML comment line explains; the fields are those of a contract', () => {
    const text = readFileSync(path.join(tmp, 'samples/model-contract.yaml'), 'utf8');
    for (const key of ['contract', 'model', 'version', 'description', 'interface', 'reference'])
      expect(text).toMatch(new RegExp(`#[^\\n]*\\n${key}:`));
  });
});

describe('init refuses', () => {
  it('to overwrite without --force, naming every file in the way, and writes nothing', () => {
    const model = path.join(ROOT, 'fixtures/imports/kserve/tensors-v2.json');
    expectClean(runCliBounded(['init', model, '--out', 'twice'], { cwd: tmp }), 0);
    writeFileSync(path.join(tmp, 'twice/model-contract.yaml'), 'mine\n');
    const r = runCliBounded(['init', model, '--out', 'twice'], { cwd: tmp });
    expectClean(r, 2, 'twice/model-contract.yaml: already exists; init overwrites nothing without --force');
    expect(r.stderr).toContain('twice/schemas/input.schema.json: already exists');
    expect(readFileSync(path.join(tmp, 'twice/model-contract.yaml'), 'utf8')).toBe('mine\n');
    expectClean(runCliBounded(['init', model, '--out', 'twice', '--force'], { cwd: tmp }), 0);
    expect(readFileSync(path.join(tmp, 'twice/model-contract.yaml'), 'utf8')).toContain('contract: 1');
  });

  it.each([
    [['init'], /init needs a model/],
    [['init', '--inputs', 'inputs.jsonl'], /--inputs and --predictions together/],
    [['init', 'nowhere/MLmodel'], /nowhere\/MLmodel: cannot read the model: no such file/],
    [['init', 'inputs.jsonl'], /inputs\.jsonl: cannot tell the kind of model file/],
    [['init', '.'], /this folder holds no MLmodel nor model-settings\.json/],
    [['init', '--inputs', 'nope.jsonl', '--predictions', 'predictions.jsonl'], /nope\.jsonl: .*no such file/],
    [['init', '--inputs', 'inputs.jsonl', '--predictions', 'predictions.jsonl', '--model', 'Bad Name'], /--model must be a model id/],
    [
      ['init', '--inputs', 'inputs.jsonl', '--predictions', 'predictions.jsonl', '--model-version', 'v1'],
      /--model-version: "v1" is not a valid SemVer/,
    ],
  ])('%j', (args, message) => {
    const r = runCliBounded(args as string[], { cwd: tmp });
    expectClean(r, 2, message as RegExp);
  });

  it('a sample that is not JSONL records', () => {
    writeFileSync(path.join(tmp, 'broken.jsonl'), '{"id": 1}\n{oops\n');
    const r = runCliBounded(['init', '--inputs', 'broken.jsonl', '--predictions', 'predictions.jsonl', '--out', 'broken'], { cwd: tmp });
    expectClean(r, 2, /broken\.jsonl:2/);
    expect(existsSync(path.join(tmp, 'broken'))).toBe(false);
  });
});
