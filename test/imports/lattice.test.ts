/**
 * Types follow the serving runtime: pairs of real model files (fixtures/imports/lattice/) that
 * change the element type of an input or an output, checked through `node dist/cli.js check`,
 * each with the bump the runtime's behaviour requires and the rule of the runtime it follows
 * (docs/imports.md, "Type lattice per format"). Every head declares a MINOR bump (1.1.0), so a
 * MAJOR verdict fails the check and a MINOR one passes.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-lattice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FIX = path.join(ROOT, 'fixtures/imports/lattice');

let folders = 0;
/** A folder with a contract at `version` that reads its interface from `file` (copied in). */
function contractFrom(kind: string, file: string, version: string): string {
  const at = path.join(tmp, `c${folders++}`);
  mkdirSync(at, { recursive: true });
  const name = path.basename(file);
  cpSync(path.join(FIX, file), path.join(at, name));
  const contract = path.join(at, 'model-contract.yaml');
  writeFileSync(contract, `contract: 1\nmodel: scorer\nversion: ${version}\ninterface:\n  from: { ${kind}: ${name} }\n`);
  return contract;
}

interface Finding {
  id: string;
  bump: string;
  direction?: string;
  old?: unknown;
  new?: unknown;
}

function check(base: string, head: string, expectedCode: number) {
  const r = runCliBounded(['check', base, head, '--format', 'json'], { timeoutMs: 30_000 });
  expectClean(r, expectedCode);
  const model = JSON.parse(r.stdout).models[0] as { required: string; findings: Finding[] };
  return { model, interface: model.findings.filter((f) => (f as { area?: string }).area === 'interface') };
}

interface Pair {
  /** The runtime behaviour the verdict mirrors. */
  rule: string;
  kind: 'onnx' | 'kserve' | 'mlflow';
  base: string;
  head: string;
  required: 'major' | 'minor';
  /** The finding that carries it: id, direction, old → new element type. */
  finding: [string, 'input' | 'output', string, string];
}

const PAIRS: Pair[] = [
  // ONNX Runtime: "Unexpected input data type" for any tensor whose type is not the graph input's.
  {
    rule: 'ONNX Runtime refuses FP64 sent where FP32 was',
    kind: 'onnx',
    base: 'onnx/base.onnx',
    head: 'onnx/features-fp64.onnx',
    required: 'major',
    finding: ['dtype-changed', 'input', 'float', 'double'],
  },
  {
    rule: 'ONNX Runtime refuses the old FP64 requests after FP32',
    kind: 'onnx',
    base: 'onnx/features-fp64.onnx',
    head: 'onnx/base.onnx',
    required: 'major',
    finding: ['dtype-changed', 'input', 'double', 'float'],
  },
  {
    rule: 'ONNX Runtime refuses INT32 requests for an INT64 input',
    kind: 'onnx',
    base: 'onnx/base.onnx',
    head: 'onnx/tokens-int64.onnx',
    required: 'major',
    finding: ['dtype-changed', 'input', 'int32', 'int64'],
  },
  {
    rule: 'ONNX Runtime returns the model dtype: FP16 bytes where FP32 were',
    kind: 'onnx',
    base: 'onnx/base.onnx',
    head: 'onnx/score-fp16.onnx',
    required: 'major',
    finding: ['dtype-changed', 'output', 'float', 'float16'],
  },
  // KServe V2 / Open Inference Protocol: `datatype` must match the model metadata; the response carries the model's.
  {
    rule: 'a V2 server refuses datatype FP32 for an FP64 input',
    kind: 'kserve',
    base: 'kserve/base.json',
    head: 'kserve/features-fp64.json',
    required: 'major',
    finding: ['dtype-changed', 'input', 'float', 'double'],
  },
  {
    rule: 'a V2 server refuses datatype INT32 for an INT64 input',
    kind: 'kserve',
    base: 'kserve/base.json',
    head: 'kserve/tokens-int64.json',
    required: 'major',
    finding: ['dtype-changed', 'input', 'int32', 'int64'],
  },
  {
    rule: 'a V2 response in FP16 changes what binary clients decode',
    kind: 'kserve',
    base: 'kserve/base.json',
    head: 'kserve/score-fp16.json',
    required: 'major',
    finding: ['dtype-changed', 'output', 'float', 'float16'],
  },
  // MLflow `_enforce_mlflow_datatype`: int -> long, float -> double, int -> double; nothing else.
  {
    rule: 'MLflow converts the old long values to double',
    kind: 'mlflow',
    base: 'mlflow/age-long/MLmodel',
    head: 'mlflow/age-double/MLmodel',
    required: 'minor',
    finding: ['dtype-converted', 'input', 'int64', 'double'],
  },
  {
    rule: 'MLflow converts the old integer values to double',
    kind: 'mlflow',
    base: 'mlflow/age-integer/MLmodel',
    head: 'mlflow/age-double/MLmodel',
    required: 'minor',
    finding: ['dtype-converted', 'input', 'int32', 'double'],
  },
  {
    rule: 'MLflow upcasts integer to long',
    kind: 'mlflow',
    base: 'mlflow/age-integer/MLmodel',
    head: 'mlflow/age-long/MLmodel',
    required: 'minor',
    finding: ['format-widened', 'input', 'int32', 'int64'],
  },
  {
    rule: 'MLflow refuses integer values for a float (float32) column',
    kind: 'mlflow',
    base: 'mlflow/age-integer/MLmodel',
    head: 'mlflow/age-float/MLmodel',
    required: 'major',
    finding: ['format-changed', 'input', 'int32', 'float'],
  },
  {
    rule: 'MLflow refuses double values for a long column',
    kind: 'mlflow',
    base: 'mlflow/age-double/MLmodel',
    head: 'mlflow/age-long/MLmodel',
    required: 'major',
    finding: ['type-narrowed', 'input', 'number', 'integer'],
  },
  {
    rule: 'MLflow matches a tensor input dtype exactly (_enforce_tensor_spec)',
    kind: 'mlflow',
    base: 'mlflow/tensor-float32/MLmodel',
    head: 'mlflow/tensor-float64/MLmodel',
    required: 'major',
    finding: ['dtype-changed', 'input', 'float', 'double'],
  },
  {
    rule: 'MLflow does not enforce outputs: consumers of a long column get floats',
    kind: 'mlflow',
    base: 'mlflow/output-long/MLmodel',
    head: 'mlflow/age-long/MLmodel',
    required: 'major',
    finding: ['type-widened', 'output', 'integer', 'number'],
  },
];

describe('the type lattice follows the serving runtime', () => {
  it.each(PAIRS.map((p) => [`${p.kind}: ${p.rule}`, p] as const))('%s', (_name, p) => {
    const { model, interface: found } = check(
      contractFrom(p.kind, p.base, '1.0.0'),
      contractFrom(p.kind, p.head, '1.1.0'),
      p.required === 'major' ? 1 : 0,
    );
    expect(model.required).toBe(p.required);
    const [id, direction, from, to] = p.finding;
    const hit = found.find((f) => f.id === id && f.direction === direction);
    expect(hit, JSON.stringify(found)).toBeDefined();
    if (id.startsWith('dtype-') || id.startsWith('format-')) expect([hit!.old, hit!.new]).toEqual([from, to]);
    // One change, said once: no JSON-lattice finding restates a datatype change.
    if (id.startsWith('dtype-')) expect(found.filter((f) => f.id !== id).map((f) => f.id)).toEqual([]);
  });

  it('a hand-written JSON Schema keeps the JSON lattice: float → double on an input is MINOR', () => {
    const write = (version: string, format: string) => {
      const at = path.join(tmp, `inline-${version}`);
      mkdirSync(at, { recursive: true });
      const file = path.join(at, 'model-contract.yaml');
      writeFileSync(
        file,
        `contract: 1\nmodel: scorer\nversion: ${version}\ninterface:\n  input: { type: object, properties: { x: { type: number, format: ${format} } } }\n  output: { type: number }\n`,
      );
      return file;
    };
    const { model, interface: found } = check(write('1.0.0', 'float'), write('1.1.0', 'double'), 0);
    expect(model.required).toBe('minor');
    expect(found.map((f) => `${f.id} ${f.bump}`)).toEqual(['format-widened minor']);
  });
});
