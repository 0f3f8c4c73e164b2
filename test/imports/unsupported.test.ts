/**
 * A file of another format than the importer asked for is named as what it is, with the importer
 * that reads it or the list of supported formats, rather than reported as a parse error of the
 * wrong format: in the library, through `import` and through a contract's `interface.from`.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInterface, type ImportKind } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';
import { thrown } from './thrown.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-unsupported-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TFLITE = Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(64)]);
const TRITON =
  'name: "m"\nmax_batch_size: 8\ninput [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]\n';
const SUPPORTED = /which is not supported \(supported: an MLflow MLmodel \(mlflow\), an ONNX model \(onnx\), .*\(triton\), .*\(savedmodel\)/;

describe('formats named', () => {
  it.each([
    [
      'a TFLite flatbuffer, whatever its name',
      'onnx',
      TFLITE,
      'model.onnx',
      /is a TensorFlow Lite model \(a \.tflite flatbuffer\), which is not supported/,
    ],
    ['a .tflite file', 'kserve', Buffer.from('{}'), 'model.tflite', /TensorFlow Lite model/],
    [
      'a BentoML bentofile.yaml',
      'mlflow',
      Buffer.from('service: "service:svc"\ninclude: ["*.py"]\n'),
      'bentofile.yaml',
      /is a BentoML build file, which is not supported/,
    ],
    ['a Keras .h5 (HDF5)', 'onnx', Buffer.from('\x89HDF\r\n\x1a\n\0\0\0\0', 'latin1'), 'model.h5', /is an HDF5 file \(a Keras \.h5 model\)/],
    ['a saved_model.pbtxt', 'savedmodel', Buffer.from('saved_model_schema_version: 1'), 'saved_model.pbtxt', /SavedModel in text format/],
  ] as [string, ImportKind, Buffer, string, RegExp][])('%s', (_, kind, bytes, file, message) => {
    const e = thrown(() => importInterface(kind, bytes, file));
    expect(e.message).toMatch(message);
    if (/not supported/.test(e.message)) expect(e.message).toMatch(SUPPORTED);
    expect(e.file).toBe(file);
  });

  it.each([
    ['a config.pbtxt given as MLflow', 'mlflow', TRITON, 'config.pbtxt', 'triton'],
    ['a Triton configuration under another name, given as MLflow', 'mlflow', TRITON, 'MLmodel', 'triton'],
    ['a Triton configuration under another name, given as KServe', 'kserve', TRITON, 'metadata.json', 'triton'],
    ['a saved_model.pb given as ONNX', 'onnx', '\x08\x01', 'saved_model.pb', 'savedmodel'],
    ['an .onnx file given as KServe', 'kserve', '\x08\x07', 'model.onnx', 'onnx'],
    ['an MLmodel given as Triton', 'triton', 'flavors: {}\n', 'MLmodel', 'mlflow'],
  ] as [string, ImportKind, string, string, ImportKind][])('%s: named, with the importer to use', (_, kind, text, file, right) => {
    const e = thrown(() => importInterface(kind, Buffer.from(text, 'latin1'), file));
    expect(e.message).toMatch(
      new RegExp(`^the file is .*; use \`interface\\.from: \\{${right}: …\\}\` \\(or \`model-contract-gate import ${right} …\`\\)$`),
    );
  });

  it('a file of the right format is read as before', () => {
    expect(importInterface('triton', Buffer.from(TRITON), 'config.pbtxt').kind).toBe('triton');
    expect(importInterface('kserve', Buffer.from('{"inputs": []}'), 'metadata.json').kind).toBe('kserve');
  });
});

describe('formats named, through the front door', () => {
  it('`import mlflow config.pbtxt` and `import onnx model.tflite`: exit 2, the format named', () => {
    const dir = path.join(tmp, 'cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.pbtxt'), TRITON);
    writeFileSync(path.join(dir, 'model.tflite'), TFLITE);
    expectClean(
      runCliBounded(['import', 'mlflow', path.join(dir, 'config.pbtxt')]),
      2,
      /config\.pbtxt: the file is a Triton model configuration \(config\.pbtxt\), not an MLflow MLmodel; use `interface\.from: \{triton: …\}`/,
    );
    expectClean(
      runCliBounded(['import', 'onnx', path.join(dir, 'model.tflite')]),
      2,
      /model\.tflite: the file is a TensorFlow Lite model .*which is not supported/,
    );
  });

  it('a SavedModel folder given to another importer, by `import` and by a contract', () => {
    const dir = path.join(tmp, 'contract');
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(ROOT, 'fixtures/imports/savedmodel/classifier'), path.join(dir, 'export'), { recursive: true });
    expectClean(
      runCliBounded(['import', 'kserve', path.join(dir, 'export')]),
      2,
      /export: the folder is a TensorFlow SavedModel, not Open Inference Protocol \(V2\) metadata; use `model-contract-gate import savedmodel …`/,
    );
    writeFileSync(path.join(dir, 'model-contract.yaml'), 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { onnx: export }\n');
    const r = runCliBounded(['check', path.join(dir, 'model-contract.yaml'), path.join(dir, 'model-contract.yaml')]);
    expectClean(
      r,
      2,
      /model-contract\.yaml:5:\d+: .*export is a TensorFlow SavedModel folder, not an ONNX model; use `from: \{savedmodel: export\}`/,
    );
  });

  it('a contract reading a config.pbtxt as kserve: exit 2, the format named at the file', () => {
    const dir = path.join(tmp, 'kserve-pbtxt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.pbtxt'), TRITON);
    writeFileSync(path.join(dir, 'model-contract.yaml'), 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { kserve: config.pbtxt }\n');
    const r = runCliBounded(['check', path.join(dir, 'model-contract.yaml'), path.join(dir, 'model-contract.yaml')]);
    expectClean(r, 2, /config\.pbtxt: the file is a Triton model configuration \(config\.pbtxt\), not Open Inference Protocol \(V2\) metadata/);
  });
});
