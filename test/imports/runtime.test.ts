/**
 * Imported interfaces judged by what the serving runtime does, through the front door: `node
 * dist/cli.js check base head` on contracts whose `interface.from` reads a model file. Each pair
 * (fixtures/imports/pairs/<case> and the finding fixtures of the ids these rules added) changes
 * one thing, and the head declares the bump the runtime's behaviour calls for:
 * - ONNX: an initializer (IR >= 4) gives an input a default, which callers may leave out (MINOR);
 *   taking it away makes the input required again (MAJOR); in IR 3 it is a weight (no change).
 *   A batch axis added on the inputs and outputs together is MINOR (a batch of one is answered as
 *   the item was); on the input only it is a change of shape (MAJOR). COMPLEX64[N] and
 *   FLOAT[N, 2] are the same JSON but another element type to the runtime (MAJOR).
 * - MLflow: MLflow does not enforce an output signature, and its scoring server serialises what
 *   `predict` returns (an ndarray or a Series: the same JSON list), so an unnamed column restated
 *   as a [-1] tensor is no change; a changed element type still is. Duplicate column names
 *   (MLflow 1.x) are read, with a note, and the commit that removes one is checkable.
 * - KServe / MLServer: no inputs/outputs means "not described" (open, a note); declaring them
 *   later narrows "anything" (MAJOR); content_type (tensor or model level) decides how MLServer
 *   decodes the data (MAJOR when it changes); gRPC-style JSON (shape as strings) reads as REST.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDist, serveFake } from '../action/dist-run.js';
import { FakeGitHub } from '../action/fake-github.js';
import { pullRequestPayload } from '../action/helpers.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

interface ReportFinding {
  id: string;
  bump: string;
  direction?: string;
  instancePath?: string;
  message: string;
}

function check(folder: string) {
  const dir = path.join(ROOT, 'fixtures', folder);
  const r = runCliBounded(['check', path.join(dir, 'base/model-contract.yaml'), path.join(dir, 'head/model-contract.yaml'), '--format', 'json'], {
    timeoutMs: 60_000,
  });
  expectClean(r, 0);
  const model = JSON.parse(r.stdout).models[0] as { required: string; declared: string; ok: boolean; findings: ReportFinding[] };
  return model;
}

/** `id bump` of each interface finding, sorted. */
const ids = (findings: ReportFinding[]) => findings.map((f) => `${f.id} ${f.bump}`).sort();

describe('ONNX pairs through `check`', () => {
  it('an initializer gives the input "scale" a default (IR 8): MINOR, the input is no longer required', () => {
    const m = check('imports/pairs/onnx-input-gets-default');
    expect(m).toMatchObject({ required: 'minor', ok: true });
    expect(ids(m.findings)).toEqual(['required-removed minor']);
    expect(m.findings[0]!.message).toMatch(/\(tensor "scale"\)/);
  });

  it('the default taken away: MAJOR, callers that left the input out are refused', () => {
    const m = check('imports/pairs/onnx-input-loses-default');
    expect(m).toMatchObject({ required: 'major', ok: true });
    expect(ids(m.findings)).toEqual(['required-added major']);
  });

  it('the same initializer listed as an input of an IR 3 model is a weight: no change', () => {
    const m = check('imports/pairs/onnx-ir3-weight');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(m.findings.filter((f) => f.bump !== 'none')).toEqual([]);
  });

  it('a batch axis added to the input and the output together ([3] → [N, 3], [2] → [N, 2]): one MINOR finding', () => {
    const m = check('findings/batch-axis-added');
    expect(m).toMatchObject({ required: 'minor', declared: 'minor', ok: true });
    expect(ids(m.findings)).toEqual(['batch-axis-added minor']);
    expect(m.findings[0]!.message).toMatch(/the inputs `x` and the outputs `y`/);
  });

  it('a batch axis added with an output type change: the type change is still MAJOR, at the tensor element', () => {
    const m = check('imports/pairs/onnx-batch-axis-and-type');
    expect(m.required).toBe('major');
    // ONNX Runtime matches element types exactly: the output's float → double is `dtype-changed`.
    expect(ids(m.findings)).toEqual(['batch-axis-added minor', 'dtype-changed major']);
    expect(m.findings.find((f) => f.id === 'dtype-changed')).toMatchObject({ direction: 'output', instancePath: '/y/*/*' });
  });

  it('a batch axis added to the input only: a change of shape, MAJOR', () => {
    const m = check('imports/pairs/onnx-batch-axis-input-only');
    expect(m.required).toBe('major');
    expect(m.findings.map((f) => f.id)).not.toContain('batch-axis-added');
  });

  it('COMPLEX64[N] → FLOAT[N, 2]: the same JSON, another element type, MAJOR', () => {
    const m = check('imports/pairs/onnx-complex-to-float-pairs');
    expect(m).toMatchObject({ required: 'major', ok: true });
    expect(ids(m.findings)).toEqual(['complex-type-changed major']);
    expect(m.findings[0]!.message).toMatch(/a complex number became a pair of real numbers.*tensor "z"/);
  });
});

describe('MLflow pairs through `check`', () => {
  it('an unnamed long output column restated as an int64 tensor [-1]: the same REST response, no change', () => {
    const m = check('findings/column-restated-as-tensor');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(ids(m.findings)).toEqual(['column-restated-as-tensor none']);
  });

  it('an int64 tensor [-1] restated as a double column: the restatement is no change, the element type is', () => {
    const m = check('imports/pairs/mlflow-tensor-to-double-column');
    expect(m.required).toBe('major');
    expect(ids(m.findings)).toEqual(['column-restated-as-tensor none', 'format-changed major', 'type-widened major']);
    expect(m.findings.find((f) => f.id === 'type-widened')).toMatchObject({ direction: 'output', instancePath: '/*' });
  });

  it('a head logged by MLflow 1.30 with a duplicated column name: read, with a note naming it', () => {
    const m = check('findings/duplicate-column-name');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(ids(m.findings)).toEqual(['duplicate-column-name none']);
    expect(m.findings[0]!.message).toMatch(/the column name "age" appears twice in signature\.inputs/);
  });

  it('the commit that removes the duplicate is checkable: no change', () => {
    const m = check('imports/pairs/mlflow-duplicate-fixed');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(m.findings).toEqual([]);
  });
});

describe('KServe / MLServer pairs through `check`', () => {
  it('model-settings.json files without inputs or outputs are read: open interfaces, a note for each side', () => {
    const m = check('findings/tensors-not-declared');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(ids(m.findings)).toEqual(['tensors-not-declared none', 'tensors-not-declared none']);
    expect(m.findings[0]!.message).toMatch(/model-settings\.json declares no inputs \("inputs" is absent\)/);
  });

  it('inputs: [] (not described) → declared inputs: "anything" narrowed, MAJOR', () => {
    const m = check('imports/pairs/kserve-inputs-declared');
    expect(m.required).toBe('major');
    expect(m.findings.every((f) => f.direction !== 'output')).toBe(true);
    // From "anything" (an empty list read as an empty closed object would give property-added-to-closed instead).
    expect(m.findings.find((f) => f.id === 'type-narrowed')?.message).toMatch(/narrowed from any type to object/);
    expect(m.findings.map((f) => f.id)).not.toContain('property-added-to-closed');
  });

  it('a tensor content_type str → base64: MAJOR, naming the tensor', () => {
    const m = check('imports/pairs/kserve-content-type-changed');
    expect(m).toMatchObject({ required: 'major', ok: true });
    expect(ids(m.findings)).toEqual(['content-type-changed major']);
    expect(m.findings[0]!.message).toMatch(/`content_type` "str" → "base64".*\(tensor "args"\)/);
  });

  it('a model-level content_type added (requests decoded as a DataFrame): MAJOR', () => {
    const m = check('imports/pairs/kserve-model-content-type-added');
    expect(m).toMatchObject({ required: 'major', ok: true });
    expect(ids(m.findings)).toEqual(['content-type-changed major']);
    expect(m.findings[0]).toMatchObject({ direction: 'input', instancePath: '' });
  });

  it('metadata as the Triton gRPC client prints it (shape as strings), then as REST: no change', () => {
    const m = check('imports/pairs/kserve-grpc-to-rest');
    expect(m).toMatchObject({ required: 'none', ok: true });
    expect(m.findings).toEqual([]);
  });
});

describe('`import` says how the file was read', () => {
  it('a model-settings.json without tensors: open schemas on stdout, a note per side on stderr', () => {
    const file = path.join(ROOT, 'fixtures/findings/tensors-not-declared/head/model-settings.json');
    const r = runCliBounded(['import', 'kserve', file], { timeoutMs: 30_000 });
    expectClean(r, 0);
    expect(JSON.parse(r.stdout)).toEqual({ input: true, output: true });
    expect(r.stderr.trim().split('\n')).toEqual([
      `model-contract-gate: note: ${file} declares no inputs ("inputs" is absent): the runtime does not describe them, so the input is read as open (anything).`,
      `model-contract-gate: note: ${file} declares no outputs ("outputs" is absent): the runtime does not describe them, so the output is read as open (anything).`,
    ]);
  });
});

describe('the Action (dist/index.js) on a pull request that changes imported interfaces', () => {
  it('a batch axis added passes as MINOR; a content_type change declared MINOR fails, and the comment says both', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcg-runtime-action-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q', '-b', 'main');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'test');
      git('config', 'commit.gpgsign', 'false');
      const put = (side: 'base' | 'head') => {
        const models: [string, string][] = [
          ['batcher', 'findings/batch-axis-added'],
          ['text-model', 'imports/pairs/kserve-content-type-changed'],
        ];
        for (const [name, from] of models) {
          rmSync(path.join(dir, 'models', name), { recursive: true, force: true });
          cpSync(path.join(ROOT, 'fixtures', from, side), path.join(dir, 'models', name), { recursive: true });
          const contract = path.join(dir, 'models', name, 'model-contract.yaml');
          // Each model under its own name; the text model's head understates its bump.
          let text = readFileSync(contract, 'utf8').replace('model: m', `model: ${name}`);
          if (name === 'text-model' && side === 'head') text = text.replace('version: 2.0.0', 'version: 1.1.0');
          writeFileSync(contract, text);
        }
        git('add', '-A');
        git('commit', '-qm', side);
        return git('rev-parse', 'HEAD');
      };
      const base = put('base');
      const head = put('head');
      const gh = new FakeGitHub();
      const api = await serveFake(gh);
      try {
        const r = await runDist({
          cwd: dir,
          event: pullRequestPayload({ number: 7, baseSha: base, headSha: head }),
          env: { GITHUB_API_URL: api.url },
          timeoutMs: 60_000,
        });
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(gh.comments).toHaveLength(1);
        const body = gh.comments[0]!.body;
        expect(body).toMatch(/batch&#45;axis&#45;added<\/code> · MINOR/);
        expect(body).toMatch(/content&#45;type&#45;changed<\/code> · MAJOR/);
        expect(body).toMatch(/❌ <code>text&#45;model<\/code> \| MINOR \| \*\*MAJOR\*\*/);
        expect(body).toMatch(/✅ <code>batcher<\/code> \| MINOR \| MINOR/);
      } finally {
        await api.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
