/**
 * `interface.from` end to end: contracts that read their interface from a real MLmodel, ONNX
 * model or V2 metadata file, compared by `check` like any other; `import` prints what they read;
 * bad files stop the gate with a message naming the file.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, ROOT, runCli, runDist } from '../helpers/cli.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-from-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder with a contract that reads its interface from `file` (copied in as `name`). */
function contractFrom(dir: string, version: string, kind: string, file: string, name = path.basename(file)): string {
  const at = path.join(tmp, dir);
  mkdirSync(at, { recursive: true });
  cpSync(file, path.join(at, name));
  const contract = path.join(at, 'model-contract.yaml');
  writeFileSync(contract, `contract: 1\nmodel: m\nversion: ${version}\ninterface:\n  from: { ${kind}: ${name} }\n`);
  return contract;
}

async function checkJson(base: string, head: string) {
  const r = await runCli(['check', base, head, '--format', 'json']);
  expect(r.stderr).toBe('');
  return { code: r.code, model: JSON.parse(r.stdout).models[0] };
}

const run = sharedAvailable('the interface.from tests on real MLflow and ONNX files');

describe.runIf(run)('interface.from on real files', () => {
  const mlflow = (name: string) => path.join(SHARED, 'fixtures/mlflow', name, 'MLmodel');

  it('heart-classifier-batch → heart-classifier-sdk: the output column gains a name, a breaking output change', async () => {
    const { code, model } = await checkJson(
      contractFrom('heart-batch', '1.0.0', 'mlflow', mlflow('heart-classifier-batch')),
      contractFrom('heart-sdk', '1.1.0', 'mlflow', mlflow('heart-classifier-sdk')),
    );
    expect(code).toBe(1);
    expect(model).toMatchObject({ required: 'major', declared: 'minor', ok: false, suggested: '2.0.0' });
    const major = model.findings.filter((f: { bump: string }) => f.bump === 'major');
    expect(major.map((f: { id: string; direction: string }) => `${f.direction} ${f.id}`)).toContain('output type-changed');
    expect(major.every((f: { direction: string }) => f.direction === 'output')).toBe(true);
    // Located at the contract's `from`.
    expect(major[0].location).toMatchObject({ file: expect.stringMatching(/model-contract\.yaml$/), line: 5 });
  });

  it('nyc-taxi-pipeline → nyc-taxi-registry: same signature, other MLflow versions: no interface finding', async () => {
    const { code, model } = await checkJson(
      contractFrom('nyc-a', '1.0.0', 'mlflow', mlflow('nyc-taxi-pipeline')),
      contractFrom('nyc-b', '1.0.0', 'mlflow', mlflow('nyc-taxi-registry')),
    );
    expect(code).toBe(0);
    expect(model.findings.filter((f: { area: string }) => f.area === 'interface')).toEqual([]);
    expect(model.required).toBe('none');
  });

  it('test_cast_FLOAT_to_DOUBLE against the same tensor declared float: an output datatype change (exact-dtype runtime), MAJOR, naming the tensor', async () => {
    const { code, model } = await checkJson(
      contractFrom('cast-float', '1.0.0', 'kserve', path.join(ROOT, 'fixtures/imports/kserve/cast-float.json'), 'metadata.json'),
      contractFrom('cast-double', '1.1.0', 'onnx', path.join(SHARED, 'fixtures/onnx/test_cast_FLOAT_to_DOUBLE/model.onnx')),
    );
    expect(code).toBe(1);
    // ONNX Runtime returns the model's own datatype: one dtype-changed finding, not a JSON widening.
    expect(model.findings.filter((f: { id: string }) => f.id === 'format-widened')).toEqual([]);
    const changed = model.findings.find((f: { id: string }) => f.id === 'dtype-changed');
    expect(changed).toMatchObject({ bump: 'major', direction: 'output', instancePath: '/output/*/*', old: 'float', new: 'double' });
    expect(changed.message).toMatch(/tensor "output", element type/);
    expect(model.required).toBe('major');
  });

  it('every real MLmodel and ONNX model is read through a contract, and compared with itself gives no finding', async () => {
    const { readdirSync } = await import('node:fs');
    const files: [string, string][] = [
      ...readdirSync(path.join(SHARED, 'fixtures/mlflow'))
        .filter((d) => !d.includes('.'))
        .map((d) => ['mlflow', mlflow(d)] as [string, string]),
      ...(readdirSync(path.join(SHARED, 'fixtures/onnx'), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.onnx') && !f.startsWith('LICENSE'))
        .map((f) => ['onnx', path.join(SHARED, 'fixtures/onnx', f)] as [string, string]),
    ];
    expect(files.length).toBe(16);
    for (const [kind, file] of files) {
      const contract = contractFrom(`self-${kind}-${file.replace(/[^a-z0-9]+/gi, '-')}`, '1.0.0', kind, file);
      const { code, model } = await checkJson(contract, contract);
      expect(code, file).toBe(0);
      expect(
        model.findings.filter((f: { area: string }) => f.area === 'interface'),
        file,
      ).toEqual([]);
    }
  });

  it('base and head may use different sources: what `import` prints, frozen inline, equals the MLmodel', async () => {
    // Freeze what `import` prints into an inline contract: the same interface, so no finding.
    const file = mlflow('sklearn-diabetes');
    const printed = await runCli(['import', 'mlflow', file]);
    expect(printed.code).toBe(0);
    const { input, output } = JSON.parse(printed.stdout);
    const inline = path.join(tmp, 'frozen', 'model-contract.yaml');
    mkdirSync(path.dirname(inline), { recursive: true });
    writeFileSync(inline, JSON.stringify({ contract: 1, model: 'm', version: '1.0.0', interface: { input, output } }));
    const { model } = await checkJson(inline, contractFrom('diabetes', '1.0.0', 'mlflow', file));
    expect(model.findings.filter((f: { area: string }) => f.area === 'interface')).toEqual([]);
  });

  it('the bundled CLI imports an ONNX model (onnx-proto is bundled, no native code)', () => {
    const r = runDist(['import', 'onnx', path.join(SHARED, 'fixtures/onnx/light/light_squeezenet.onnx')]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    // The old IR lists its 52 weights as graph inputs too: only the real input is left.
    expect(Object.keys(schema.input.properties)).toEqual(['data_0']);
  });
});

describe('interface.from in the examples', () => {
  it('heart-classifier: the MLflow output gains a name under 1.1.0: FAIL, 2.0.0 passes; params are a third interface', async () => {
    const base = example('heart-classifier', 'v1', 'model-contract.yaml');
    const fail = await checkJson(base, example('heart-classifier', 'head-1.1.0', 'model-contract.yaml'));
    expect(fail.code).toBe(1);
    expect(fail.model.suggested).toBe('2.0.0');
    const pass = await checkJson(base, example('heart-classifier', 'head-2.0.0', 'model-contract.yaml'));
    expect(pass.code).toBe(0);
  });

  it('params changes are reported on the params interface, as an input', async () => {
    const dir = path.join(tmp, 'params');
    cpSync(example('heart-classifier', 'v1'), dir, { recursive: true });
    const mlmodel = path.join(dir, 'model', 'MLmodel');
    const { readFileSync } = await import('node:fs');
    writeFileSync(
      mlmodel,
      readFileSync(mlmodel, 'utf8').replace('"default": 0.5', '"default": 0.7').replace('"type": "double", "default"', '"type": "float", "default"'),
    );
    writeFileSync(
      path.join(dir, 'model-contract.yaml'),
      readFileSync(path.join(dir, 'model-contract.yaml'), 'utf8').replace('version: 1.0.0', 'version: 1.1.0'),
    );
    const { model } = await checkJson(example('heart-classifier', 'v1', 'model-contract.yaml'), path.join(dir, 'model-contract.yaml'));
    const params = model.findings.filter((f: { interface?: string }) => f.interface === 'params');
    expect(params.map((f: { id: string; direction: string; bump: string }) => `${f.id} ${f.direction} ${f.bump}`).sort()).toEqual([
      'default-changed input minor',
      'format-narrowed input major',
    ]);
  });

  it('a bad model file stops the gate with exit code 2, naming the file and the spec', async () => {
    for (const [kind, file, message] of [
      ['mlflow', 'fixtures/imports/mlflow/bad/no-signature/MLmodel', /no signature/],
      ['mlflow', 'fixtures/imports/mlflow/bad/not-json/MLmodel', /is not valid JSON/],
      ['onnx', 'fixtures/imports/onnx/truncated.onnx', /not an ONNX model/],
      ['onnx', 'fixtures/imports/onnx/elem-type-99.onnx', /99/],
      ['kserve', 'fixtures/imports/kserve/bad/unknown-datatype.json', /datatype/],
    ] as const) {
      const contract = contractFrom(`bad-${kind}-${path.basename(path.dirname(file))}-${path.basename(file)}`, '1.0.0', kind, path.join(ROOT, file));
      const r = await runCli(['check', contract, contract]);
      expect(r.code, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(path.basename(file));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('import: usage errors and unreadable files are exit code 2', async () => {
    expect((await runCli(['import', 'tflite', 'x'])).code).toBe(2);
    const missing = await runCli(['import', 'onnx', path.join(tmp, 'nope.onnx')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.onnx: cannot read the onnx file: no such file/);
  });
});
