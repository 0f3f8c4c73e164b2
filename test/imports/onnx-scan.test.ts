/**
 * The ONNX importer walks the model on the wire and decodes only the graph's inputs, outputs and
 * weight names. Law: on every fixture and on generated models it reads what a full decode of the
 * model with onnx-proto (protobufjs) reads — the same interface, or the same error — from bytes
 * in memory and from a file read by parts of any size.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { importOnnx, importOnnxFile, interfaceOf, MAX_ONNX_ENTRIES, type OnnxGraphView } from '../../src/readers/imports/onnx.js';
import { ROOT } from '../helpers/cli.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';
import { thrown } from './thrown.js';

const { onnx } = onnxProto;
const tmp = mkdtempSync(path.join(tmpdir(), 'mcg-onnx-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The importer as it was: the whole model decoded by protobufjs, then read. */
function fullDecode(bytes: Uint8Array, file: string, strict = false) {
  let model: OnnxGraphView;
  try {
    // A plain Uint8Array gets protobufjs's strict reader; a Buffer (what the CLI read) its lax one.
    model = onnx.ModelProto.decode(strict ? new Uint8Array(bytes) : bytes) as unknown as OnnxGraphView;
  } catch (err) {
    throw new InputError(file, `the file is not an ONNX model (the protobuf does not decode: ${(err as Error).message})`);
  }
  return interfaceOf(model, file);
}

/** The interface, or the error (the wording of a protobuf that does not decode is each decoder's own). */
function outcome(read: () => unknown): object {
  try {
    return { ok: read() };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const message = err.message.replace(/\(the protobuf does not decode: .*\)$/s, '(the protobuf does not decode)');
    // Not enumerable: compared by the callers that want it.
    return Object.defineProperty({ file: err.file, error: message }, 'raw', { value: err.message, enumerable: false });
  }
}

let n = 0;
/**
 * The three readings agree: full decode, scan of the bytes, scan of the file by `chunk`-byte reads.
 * With `cut` (a prefix of a model), where protobufjs reads past the end of its buffer without
 * failing (an int64 varint cut short at the very end reads as if it ended there), the scan may
 * instead refuse a file that ends inside a field.
 */
function expectAgree(bytes: Uint8Array, chunk: number, label = 'model.onnx', cut = false): void {
  const file = path.join(tmp, `m${n++}.onnx`);
  writeFileSync(file, bytes);
  try {
    const expected = outcome(() => fullDecode(bytes, label, cut));
    for (const [how, read] of [
      ['bytes', () => importOnnx(bytes, label)],
      [`file read by ${chunk} bytes`, () => importOnnxFile(file, label, chunk)],
    ] as const) {
      const got = outcome(read);
      const laxEnd = cut && !/does not decode/.test(String((expected as { error?: string }).error));
      if (laxEnd && /the file ends inside/.test(String((got as { raw?: string }).raw))) continue;
      expect(got, `${label}, ${how}`).toEqual(expected);
    }
  } finally {
    rmSync(file, { force: true });
  }
}

function onnxFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.onnx')).map((f) => path.join(dir, f));
}

describe('the wire scan reads what a full decode reads', () => {
  const fixtures = [
    ...onnxFiles(path.join(ROOT, 'fixtures/imports/onnx')),
    ...onnxFiles(path.join(ROOT, 'fixtures/hostile')),
    ...(sharedAvailable('the ONNX scan law on real models') ? onnxFiles(path.join(SHARED, 'fixtures/onnx')) : []),
  ];

  it('on every fixture (with reads of 1, 3, 64 KiB bytes)', () => {
    expect(fixtures.length).toBeGreaterThan(10);
    for (const f of fixtures) {
      const bytes = readFileSync(f);
      for (const chunk of [1, 3, 64 * 1024]) expectAgree(bytes, chunk, path.relative(ROOT, f));
    }
  });

  it('on every prefix of the fixtures that are models (against protobufjs reading strictly)', () => {
    for (const f of fixtures.filter((f) => /tensors|values|external|light_squeezenet|test_add/.test(f))) {
      const bytes = readFileSync(f);
      const step = Math.max(1, Math.floor(bytes.length / 300));
      for (let i = 0; i < bytes.length; i += step) expectAgree(bytes.subarray(0, i), 5, `${path.basename(f)}[0:${i}]`, true);
    }
  });
});

// Generated models: value types of every kind, names that collide (weights listed as inputs,
// inputs listed twice), weights whose data is packed, unpacked, raw or external, nodes whose
// attributes hold tensors, and the graph's fields written in any order, in one or several parts.
const name = fc.constantFrom('x', 'y', 'w', 'b', 'input', 'ü', '');
const dim = fc.oneof(
  fc.record({ dimValue: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ dimParam: fc.constantFrom('n', 'batch') }),
  fc.constant({}),
);
const shape = fc.option(fc.record({ dim: fc.array(dim, { maxLength: 3 }) }), { nil: undefined });

/** Value types; `sound` ones are all readable. */
function typeOf(sound: boolean): fc.Arbitrary<object> {
  const elem = sound ? fc.constantFrom(1, 2, 6, 7, 8, 9, 10, 11, 14) : fc.constantFrom(0, 1, 2, 6, 7, 8, 9, 10, 11, 14, 99);
  const key = sound ? fc.constantFrom(7, 8) : fc.constantFrom(1, 7, 8);
  const tensorType = fc.record({ elemType: elem, shape }, { requiredKeys: ['elemType'] });
  return fc.letrec<{ type: object }>((tie) => ({
    type: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ tensorType }),
      fc.record({ sequenceType: fc.record({ elemType: tie('type') }) }),
      fc.record({ mapType: fc.record({ keyType: key, valueType: tie('type') }) }),
      fc.record({ optionalType: fc.record({ elemType: tie('type') }) }),
      ...(sound ? [] : [fc.constant({})]),
    ),
  })).type;
}
const wildValue = fc.record(
  { name, type: fc.option(typeOf(false), { nil: undefined }), docString: fc.option(fc.string(), { nil: undefined }) },
  { requiredKeys: ['name'] },
);

const floats = fc.array(fc.float({ noNaN: true }), { maxLength: 40 });
/** A TensorProto's bytes: its parts encoded apart and joined in any order (a valid encoding too). */
const tensor = fc
  .record({
    name: fc.option(name, { nil: undefined }),
    floatData: floats,
    unpacked: floats,
    rawData: fc.uint8Array({ maxLength: 64 }),
    external: fc.boolean(),
    order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
  })
  .map((t) => {
    const parts: Uint8Array[] = [
      onnx.TensorProto.encode({ dims: [t.floatData.length], dataType: 1, floatData: t.floatData }).finish(),
      // float_data unpacked: one field (wire type 5) per value, which readers must accept too.
      new Uint8Array(
        t.unpacked.flatMap((v) => {
          const b = Buffer.alloc(5);
          b[0] = (4 << 3) | 5;
          b.writeFloatLE(v, 1);
          return [...b];
        }),
      ),
      onnx.TensorProto.encode({ rawData: t.rawData }).finish(),
      t.external ? onnx.TensorProto.encode({ dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] }).finish() : new Uint8Array(),
      t.name === undefined ? new Uint8Array() : onnx.TensorProto.encode({ name: t.name }).finish(),
    ];
    return Buffer.concat(shuffle(parts, t.order));
  });

function shuffle<T>(items: T[], keys: number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % keys.length]! }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

/** A length-delimited field `no` holding `body`. */
function field(no: number, body: Uint8Array): Buffer {
  const header: number[] = [];
  for (let v = no * 8 + 2, i = 0; i < 2; i++, v = body.length) {
    while (v >= 0x80) {
      header.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    header.push(v);
  }
  return Buffer.concat([Buffer.from(header), body]);
}

const input = (v: object) => onnx.GraphProto.encode({ input: [v as never] }).finish();
const output = (v: object) => onnx.GraphProto.encode({ output: [v as never] }).finish();
/** What else a graph holds: value_info, a Constant node whose attribute holds a tensor (NodeProto.attribute 5 → AttributeProto.t 5), a name. */
const otherPart = fc.oneof(
  wildValue.map((v) => onnx.GraphProto.encode({ valueInfo: [v as never] }).finish()),
  fc
    .record({ name, t: tensor })
    .map(({ name, t }) =>
      field(
        1,
        Buffer.concat([
          onnx.NodeProto.encode({ opType: 'Constant', output: [name] }).finish(),
          field(5, Buffer.concat([onnx.AttributeProto.encode({ name: 'value', type: 4 }).finish(), field(5, t)])),
        ]),
      ),
    ),
  fc.string().map((s) => onnx.GraphProto.encode({ name: s, docString: s }).finish()),
);
const wildPart = fc.oneof(
  wildValue.map(input),
  wildValue.map(output),
  tensor.map((t) => field(5, t)),
  otherPart,
);

function modelOf(irVersion: number, graphs: Uint8Array[][], headFirst: boolean): Buffer {
  const top = onnx.ModelProto.encode({ irVersion, producerName: 'p', opsetImport: [{ domain: '', version: 17 }] }).finish();
  const body = graphs.map((parts) => field(7, Buffer.concat(parts)));
  return headFirst ? Buffer.concat([top, ...body]) : Buffer.concat([...body, top]);
}

/** Anything: most of these are refused, for one reason or another. */
const wildModel = fc
  .record({
    irVersion: fc.constantFrom(0, 3, 8, 10, -1, 5000),
    graphs: fc.array(fc.array(wildPart, { maxLength: 10 }), { maxLength: 2 }),
    head: fc.boolean(),
  })
  .map(({ irVersion, graphs, head }) => modelOf(irVersion, graphs, head));

/** Readable models: distinct input names (some of them weights too), at least one output, fields in any order. */
const soundModel = fc
  .record({
    irVersion: fc.constantFrom(3, 8, 10),
    inputs: fc
      .uniqueArray(fc.record({ name, type: typeOf(true) }), { selector: (v) => v.name, maxLength: 5 })
      .map((vs) => vs.filter((v) => v.name !== '')),
    outputs: fc.uniqueArray(fc.record({ name: fc.constantFrom('y', 'z', 'scores'), type: typeOf(true) }), {
      selector: (v) => v.name,
      minLength: 1,
      maxLength: 3,
    }),
    weights: fc.array(tensor, { maxLength: 4 }),
    others: fc.array(otherPart, { maxLength: 4 }),
    order: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
    head: fc.boolean(),
  })
  .map((m) => {
    const parts = [...m.inputs.map(input), ...m.outputs.map(output), ...m.weights.map((t) => field(5, t)), ...m.others];
    return modelOf(m.irVersion, [shuffle(parts, m.order)], m.head);
  });

describe('on generated models', () => {
  it('the same interface or the same error, from bytes and from a file read by parts', () => {
    fc.assert(
      fc.property(fc.oneof(wildModel, soundModel), fc.integer({ min: 1, max: 40 }), (bytes, chunk) => expectAgree(bytes, chunk)),
      { numRuns: 400 },
    );
  });

  it('and on their prefixes (against protobufjs reading strictly)', () => {
    fc.assert(
      fc.property(fc.oneof(wildModel, soundModel), fc.nat(), (bytes, cut) =>
        expectAgree(bytes.subarray(0, cut % (bytes.length + 1)), 7, 'model.onnx', true),
      ),
      { numRuns: 400 },
    );
  });

  it('the readable models are read (the law is not only about errors)', () => {
    const read = fc.sample(soundModel, 200).filter((bytes) => (outcome(() => importOnnx(bytes, 'm.onnx')) as { ok?: unknown }).ok !== undefined);
    expect(read.length).toBe(200);
  });
});

describe('bounds on what the scan keeps', () => {
  it('a graph with more than a million weights is refused, naming the file (the weights are not listed whole)', () => {
    const graph = Buffer.alloc(2 * (MAX_ONNX_ENTRIES + 1));
    for (let i = 0; i < graph.length; i += 2) graph[i] = (5 << 3) | 2; // an empty initializer
    const bytes = Buffer.concat([onnx.ModelProto.encode({ irVersion: 8 }).finish(), field(7, graph)]);
    const e = thrown(() => importOnnx(bytes, 'many.onnx'));
    expect(e.file).toBe('many.onnx');
    expect(e.message).toMatch(/^the graph lists more inputs, outputs and weights than are read \(at most 1000000 entries/);
  });
});
