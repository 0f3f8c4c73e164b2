// Writes the ONNX fixtures of test/imports (fixtures/imports/onnx/*.onnx) with onnx-proto's
// encoder: graphs with only the inputs and outputs the importer reads (no nodes). Deterministic;
// run `node scripts/make-onnx-fixtures.mjs` after changing it and commit the files.
import { mkdirSync, writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const OUT = new URL('../fixtures/imports/onnx/', import.meta.url);

const T = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT16: 4, COMPLEX64: 14 };

/** A dimension: a number is a fixed length, a string a symbolic one, null neither. */
const dim = (d) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d });
/** tensor(elemType) with a shape, or no shape at all (rank unknown) when dims is undefined. */
const tensor = (elemType, dims) => ({ tensorType: { elemType, ...(dims === undefined ? {} : { shape: { dim: dims.map(dim) } }) } });
const value = (name, type) => ({ name, type });

function model(name, inputs, outputs, initializer = [], irVersion = 8) {
  return onnx.ModelProto.encode({
    irVersion,
    producerName: 'model-contract-gate fixtures',
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name, input: inputs, output: outputs, initializer },
  }).finish();
}

function write(file, bytes) {
  writeFileSync(new URL(file, OUT), bytes);
  console.log(`${file}: ${bytes.length} bytes`);
}

mkdirSync(OUT, { recursive: true });

// Plain tensors of many element types, with symbolic, fixed and scalar shapes: tensors-v2.json describes the same.
const tensors = model(
  'tensors',
  [
    value('tokens', tensor(T.INT64, ['batch', 'seq'])),
    value('mask', tensor(T.BOOL, ['batch', 'seq'])),
    value('pixels', tensor(T.UINT8, ['batch', 3, 2, 2])),
    value('text', tensor(T.STRING, ['batch'])),
    value('scale', tensor(T.FLOAT16, [])),
    // A weight that is also listed as an input, as IR 3 files do: not an input callers feed.
    // (From IR 4 on, such an input is an input with a default: see default-input below.)
    value('weights', tensor(T.FLOAT, [4])),
  ],
  [value('probs', tensor(T.FLOAT, ['batch', 10])), value('ids', tensor(T.INT32, ['batch'])), value('codes', tensor(T.UINT16, [null, 2]))],
  [{ name: 'weights', dataType: T.FLOAT, dims: [4], floatData: [0.5, 0.25, 0.125, 0.0625] }],
  3,
);
write('tensors.onnx', tensors);

// The value types that are not plain tensors: unknown rank, optional, sequence, map, complex.
write(
  'values.onnx',
  model(
    'values',
    [
      value('anything', tensor(T.FLOAT)),
      value('maybe', { optionalType: { elemType: tensor(T.FLOAT, [2]) } }),
      value('items', { sequenceType: { elemType: tensor(T.INT32, ['n']) } }),
      value('wave', tensor(T.COMPLEX64, [2])),
    ],
    [
      // What skl2onnx's ZipMap writes: seq(map(int64, tensor(float))) with no shape on the value.
      value('scores', { sequenceType: { elemType: { mapType: { keyType: T.INT64, valueType: tensor(T.FLOAT) } } } }),
      value('names', { mapType: { keyType: T.STRING, valueType: tensor(T.STRING, []) } }),
      value('total', tensor(T.DOUBLE, [])),
    ],
  ),
);

// Bad models.
write('elem-type-99.onnx', model('bad', [value('x', tensor(99, [3]))], [value('y', tensor(T.FLOAT, [3]))]));
write('elem-type-undefined.onnx', model('bad', [value('x', tensor(T.FLOAT, [3]))], [value('y', tensor(0, [3]))]));
write('no-graph.onnx', onnx.ModelProto.encode({ irVersion: 8, producerName: 'model-contract-gate fixtures' }).finish());
write('truncated.onnx', tensors.subarray(0, 60));

// Hostile models (fixtures/hostile/onnx-*/model.onnx, test/hostile/onnx.test.ts). The large ones
// are written at test time.
const HOSTILE = new URL('../fixtures/hostile/', import.meta.url);
function writeHostile(name, bytes, contract = false) {
  const dir = new URL(`${name}/`, HOSTILE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('model.onnx', dir), bytes);
  if (contract)
    writeFileSync(new URL('model-contract.yaml', dir), 'contract: 1\nmodel: m\nversion: 1.0.0\ninterface:\n  from: { onnx: model.onnx }\n');
  console.log(`hostile/${name}/model.onnx: ${bytes.length} bytes`);
}

// IR 3: the weight is listed as an input too, and is not an input callers feed.
const weightsModel = (initializer) =>
  model(
    'weights',
    [value('weights', tensor(T.FLOAT, [256])), value('x', tensor(T.FLOAT, ['batch', 4]))],
    [value('y', tensor(T.FLOAT, ['batch']))],
    [initializer],
    3,
  );

// Cut inside the packed float_data of its weight.
const withWeights = weightsModel({ name: 'weights', dataType: T.FLOAT, dims: [256], floatData: Array.from({ length: 256 }, (_, i) => i / 256) });
writeHostile('onnx-truncated', withWeights.subarray(0, 600), true);

// Bytes that are no protobuf (a fixed pseudo-random sequence).
let seed = 20261129;
const garbage = new Uint8Array(4096).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
writeHostile('onnx-garbage', garbage);

// A valid model with a field of wire type 7 (none exists) between the graph's input and output.
{
  const head = onnx.ModelProto.encode({ irVersion: 8 }).finish();
  const input = onnx.GraphProto.encode({ input: [value('x', tensor(T.FLOAT, [4]))] }).finish();
  const output = onnx.GraphProto.encode({ output: [value('y', tensor(T.FLOAT, [4]))] }).finish();
  const graph = new Uint8Array([...input, (3 << 3) | 7, 0, ...output]);
  writeHostile('onnx-bad-wire-type', new Uint8Array([...head, (7 << 3) | 2, graph.length, ...graph]));
}

// The weight's data in another file (not there): the interface does not need it.
writeHostile(
  'onnx-external-data',
  weightsModel({
    name: 'weights',
    dataType: T.FLOAT,
    dims: [256],
    dataLocation: 1,
    externalData: [
      { key: 'location', value: 'weights.bin' },
      { key: 'offset', value: '0' },
      { key: 'length', value: '1024' },
    ],
  }),
);

// Pairs of models checked through contracts (fixtures/imports/pairs/<case>/{base,head}, and the
// finding fixtures): each changes one thing the serving runtime has a rule for; the head's version
// is the bump it calls for (test/imports/runtime.test.ts).
const PAIRS = new URL('../fixtures/', import.meta.url);
function writePair(folder, side, version, bytes) {
  const dir = new URL(`${folder}/${side}/`, PAIRS);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('model.onnx', dir), bytes);
  writeFileSync(new URL('model-contract.yaml', dir), `contract: 1\nmodel: m\nversion: ${version}\ninterface:\n  from: { onnx: model.onnx }\n`);
  console.log(`${folder}/${side}/model.onnx: ${bytes.length} bytes`);
}
const x3 = value('x', tensor(T.FLOAT, ['batch', 3]));
const y2 = value('y', tensor(T.FLOAT, ['batch', 2]));
// An input "scale" that callers must send; then (IR 8) an initializer gives it a default.
const scaleInput = value('scale', tensor(T.FLOAT, [1]));
const scaleWeight = { name: 'scale', dataType: T.FLOAT, dims: [1], floatData: [1] };
writePair('imports/pairs/onnx-input-gets-default', 'base', '1.0.0', model('m', [x3, scaleInput], [y2]));
writePair('imports/pairs/onnx-input-gets-default', 'head', '1.1.0', model('m', [x3, scaleInput], [y2], [scaleWeight]));
writePair('imports/pairs/onnx-input-loses-default', 'base', '1.0.0', model('m', [x3, scaleInput], [y2], [scaleWeight]));
writePair('imports/pairs/onnx-input-loses-default', 'head', '2.0.0', model('m', [x3, scaleInput], [y2]));
// The same initializer in an IR 3 model is a weight, not an input.
writePair('imports/pairs/onnx-ir3-weight', 'base', '1.0.0', model('m', [x3], [y2]));
writePair('imports/pairs/onnx-ir3-weight', 'head', '1.0.0', model('m', [x3, scaleInput], [y2], [scaleWeight], 3));
// A batch axis added in front of the input and the output together: MINOR.
const single = model('m', [value('x', tensor(T.FLOAT, [3]))], [value('y', tensor(T.FLOAT, [2]))]);
writePair('findings/batch-axis-added', 'base', '1.0.0', single);
writePair('findings/batch-axis-added', 'head', '1.1.0', model('m', [x3], [y2]));
// On the input only: the output does not come in batches, a change of shape (MAJOR).
writePair('imports/pairs/onnx-batch-axis-input-only', 'base', '1.0.0', single);
writePair('imports/pairs/onnx-batch-axis-input-only', 'head', '2.0.0', model('m', [x3], [value('y', tensor(T.FLOAT, [2]))]));
// A batch axis added, and the output's element type changed: MINOR for the axis, MAJOR for the type.
writePair('imports/pairs/onnx-batch-axis-and-type', 'base', '1.0.0', single);
writePair('imports/pairs/onnx-batch-axis-and-type', 'head', '2.0.0', model('m', [x3], [value('y', tensor(T.DOUBLE, ['batch', 2]))]));
// COMPLEX64[N] → FLOAT[N, 2]: the same JSON, another element type (MAJOR).
writePair('imports/pairs/onnx-complex-to-float-pairs', 'base', '1.0.0', model('m', [value('z', tensor(T.COMPLEX64, ['n']))], [y2]));
writePair('imports/pairs/onnx-complex-to-float-pairs', 'head', '2.0.0', model('m', [value('z', tensor(T.FLOAT, ['n', 2]))], [y2]));
