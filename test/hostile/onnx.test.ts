/**
 * ONNX models at real sizes and broken ones, through the front door (`node dist/cli.js import
 * onnx FILE` and a contract with `interface.from: {onnx: …}`): a model whose weights are hundreds
 * of megabytes of packed `float_data` is read in bounded memory under a small heap; truncated or
 * garbage protobuf, and what is not a regular file, stop with one line naming the file. A model
 * committed at the base ref is copied out of git by streaming.
 * The large models are written at test time, by streaming, into a temporary folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded, type FrontDoorResult } from '../helpers/front-door.js';

const { onnx } = onnxProto;
const HOSTILE = path.join(ROOT, 'fixtures/hostile');
const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SMALL_HEAP = ['--max-old-space-size=256'];
const MB = 1024 * 1024;

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}
const tag = (field: number, wire: number) => varint(field * 8 + wire);

const float = (dims: (number | string)[]) => ({
  tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
});

/**
 * Write, by streaming, a model whose one weight ("weights") holds `floats` float32 values in
 * packed `float_data`, listed as a graph input too (as IR 3 files do), before an input "x" and an
 * output "y". With `written` < `floats` the file stops inside the weight's data (truncated).
 */
function writeBigModel(file: string, floats: number, written = floats): void {
  const tensorHead = Buffer.from(onnx.TensorProto.encode({ dims: [floats], dataType: 1 }).finish());
  const dataHead = Buffer.concat([tag(4, 2), varint(floats * 4)]);
  const tensorTail = Buffer.from(onnx.TensorProto.encode({ name: 'weights' }).finish());
  const tensorLength = tensorHead.length + dataHead.length + floats * 4 + tensorTail.length;
  const initializerHead = Buffer.concat([tag(5, 2), varint(tensorLength)]);
  const rest = Buffer.from(
    onnx.GraphProto.encode({
      name: 'big',
      input: [
        { name: 'weights', type: float([floats]) },
        { name: 'x', type: float(['batch', 4]) },
      ],
      output: [{ name: 'y', type: float(['batch', 2]) }],
    }).finish(),
  );
  const graphLength = initializerHead.length + tensorLength + rest.length;
  const modelHead = Buffer.concat([
    Buffer.from(onnx.ModelProto.encode({ irVersion: 3, producerName: 'big', opsetImport: [{ domain: '', version: 17 }] }).finish()),
    tag(7, 2),
    varint(graphLength),
  ]);
  const fd = openSync(file, 'w');
  try {
    for (const b of [modelHead, initializerHead, tensorHead, dataHead]) writeSync(fd, b);
    const block = Buffer.from(new Float32Array(4 * MB).fill(0.5).buffer);
    for (let left = written * 4; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
    if (written === floats) for (const b of [tensorTail, rest]) writeSync(fd, b);
  } finally {
    closeSync(fd);
  }
}

const EXPECTED_INPUT = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { x: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 4, maxItems: 4 } } },
  required: ['x'],
  additionalProperties: false,
};

/** Preloaded into the CLI: writes the process's own peak resident set (kB) when it exits. */
const PEAK = path.join(tmp, 'peak.cjs');
writeFileSync(PEAK, "process.on('exit', () => require('fs').writeFileSync(process.env.MCG_PEAK_FILE, String(process.resourceUsage().maxRSS)));\n");

/**
 * Run the CLI like runCliBounded, also measuring the peak resident set of the Node process itself
 * (not of the git it runs): getrusage at exit, else VmHWM as last polled from /proc.
 */
function runMeasured(
  args: string[],
  opts: { nodeArgs?: string[]; timeoutMs?: number; cwd?: string } = {},
): Promise<FrontDoorResult & { peakKb: number }> {
  const peakFile = path.join(tmp, `peak-${Math.random().toString(36).slice(2)}.txt`);
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', PEAK, ...(opts.nodeArgs ?? []), CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', MCG_PEAK_FILE: peakFile },
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) polledKb = Math.max(polledKb, Number(m[1]));
      } catch {
        // The process has ended.
      }
    }, 20);
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const peakKb = existsSync(peakFile) ? Math.max(polledKb, Number(readFileSync(peakFile, 'utf8'))) : polledKb;
      rmSync(peakFile, { force: true });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, stdout, stderr, ms, timedOut, peakKb });
    });
  });
}

describe('an ONNX model with 1.5 GB of weights in float_data', () => {
  const dir = path.join(tmp, 'big');
  const model = path.join(dir, 'model.onnx');
  const floats = 384 * MB; // 1.5 GiB of float32 (about 5 s to write)

  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeBigModel(model, floats);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('import onnx reads its interface under a 256 MB heap, in less than 150 MB of resident memory', async () => {
    const r = await runMeasured(['import', 'onnx', model], { nodeArgs: SMALL_HEAP });
    expectClean(r, 0);
    const out = JSON.parse(r.stdout);
    expect(out.input).toEqual(EXPECTED_INPUT);
    expect(Object.keys(out.output.properties)).toEqual(['y']);
    expect(r.peakKb, `peak RSS ${r.peakKb} kB`).toBeGreaterThan(0);
    expect(r.peakKb, `peak RSS ${r.peakKb} kB`).toBeLessThan(150 * 1024);
  });

  it('a contract with interface.from: {onnx: model.onnx} is checked under a 256 MB heap', async () => {
    writeFileSync(path.join(dir, 'base.yaml'), 'contract: 1\nmodel: big\nversion: 1.0.0\ninterface:\n  from: { onnx: model.onnx }\n');
    writeFileSync(path.join(dir, 'head.yaml'), 'contract: 1\nmodel: big\nversion: 1.0.0\ninterface:\n  from: { onnx: model.onnx }\n');
    const r = await runMeasured(['check', path.join(dir, 'base.yaml'), path.join(dir, 'head.yaml'), '--format', 'json'], { nodeArgs: SMALL_HEAP });
    expectClean(r, 0);
    const report = JSON.parse(r.stdout);
    expect(report.models[0]).toMatchObject({ required: 'none' });
    expect(r.peakKb, `peak RSS ${r.peakKb} kB`).toBeLessThan(150 * 1024);
  });
});

describe('an ONNX model of 200 MB committed at the base ref', () => {
  it('check --base-ref copies it out of git by streaming and reads it in bounded memory', async () => {
    const repo = path.join(tmp, 'repo');
    mkdirSync(repo, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.looseCompression=0', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    try {
      git('init', '-q', '.');
      writeBigModel(path.join(repo, 'model.onnx'), 50 * MB);
      writeFileSync(path.join(repo, 'model-contract.yaml'), 'contract: 1\nmodel: big\nversion: 1.0.0\ninterface:\n  from: { onnx: model.onnx }\n');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      writeFileSync(path.join(repo, 'model-contract.yaml'), 'contract: 1\nmodel: big\nversion: 1.0.1\ninterface:\n  from: { onnx: model.onnx }\n');
      const r = await runMeasured(['check', '--base-ref', 'HEAD', '--format', 'json'], { nodeArgs: SMALL_HEAP, cwd: repo, timeoutMs: 60_000 });
      expectClean(r, 0);
      expect(JSON.parse(r.stdout).models[0]).toMatchObject({ required: 'none', declared: 'patch' });
      expect(r.peakKb, `peak RSS ${r.peakKb} kB`).toBeLessThan(150 * 1024);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('broken ONNX models stop with one line naming the file', () => {
  it('a 500 MB model cut short inside its weights (200 MB written)', async () => {
    const file = path.join(tmp, 'truncated-big.onnx');
    writeBigModel(file, 125 * MB, 50 * MB);
    try {
      const r = await runMeasured(['import', 'onnx', file], { nodeArgs: SMALL_HEAP });
      expectClean(r, 2, file);
      expect(r.stderr).toMatch(/is not an ONNX model \(the protobuf does not decode: the file ends inside/);
      expect(r.peakKb).toBeLessThan(150 * 1024);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it.each([
    ['onnx-truncated', /not an ONNX model \(the protobuf does not decode/],
    ['onnx-garbage', /not an ONNX model/],
    ['onnx-bad-wire-type', /not an ONNX model \(the protobuf does not decode: invalid wire type 7/],
  ])('%s', (name, message) => {
    const file = path.join('fixtures/hostile', name, 'model.onnx');
    const r = runCliBounded(['import', 'onnx', file], { nodeArgs: SMALL_HEAP });
    expectClean(r, 2, file);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the same through a contract names the model file', () => {
    const r = runCliBounded(['validate', path.join(HOSTILE, 'onnx-truncated/model-contract.yaml')], { nodeArgs: SMALL_HEAP });
    expectClean(r, 2, /onnx-truncated\/model\.onnx/);
  });

  it('/dev/zero is not a regular file: refused before any read', () => {
    const r = runCliBounded(['import', 'onnx', '/dev/zero'], { nodeArgs: SMALL_HEAP, timeoutMs: 15_000 });
    expectClean(r, 2, '/dev/zero');
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('a folder is not a regular file', () => {
    const r = runCliBounded(['import', 'onnx', 'fixtures/hostile'], { nodeArgs: SMALL_HEAP });
    expectClean(r, 2, 'fixtures/hostile');
    expect(r.stderr).toMatch(/it is a directory/);
  });
});

describe('weights kept outside the model (external data)', () => {
  it('the interface is read without the data file', () => {
    const r = runCliBounded(['import', 'onnx', 'fixtures/hostile/onnx-external-data/model.onnx'], { nodeArgs: SMALL_HEAP });
    expectClean(r, 0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.input.properties)).toEqual(['x']);
    expect(Object.keys(out.output.properties)).toEqual(['y']);
  });
});
