/**
 * Open Inference Protocol (KServe V2) model metadata, and MLServer's `model-settings.json`
 * (the same `inputs`/`outputs` tensor metadata at the top level), as JSON Schema. The instance
 * convention is ONNX's: an object keyed by tensor name. See docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { has, isObject, type JsonObject } from '../../core/json.js';
import { parseDocument, type ParsedDocument } from '../document.js';
import { ELEMENTS, MAX_RANK, describe, quote, SchemaBuilder, setOwn, type Dim, type Schema } from './tensor.js';
import type { ImportedInterface, TensorInfo } from './types.js';

/** V2 datatypes → element names of tensor.ts (BF16 is Triton's extension). */
export const V2_DATATYPES: Record<string, string> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  BF16: 'bfloat16',
  FP32: 'float',
  FP64: 'double',
  BYTES: 'string',
};

class Reader {
  constructor(
    readonly doc: ParsedDocument,
    readonly file: string,
  ) {}

  fail(pointer: string, message: string): InputError {
    return new InputError(this.file, message, { ...this.doc.locate(pointer), pointer });
  }

  side(list: unknown, key: 'inputs' | 'outputs', tensors: TensorInfo[]): Schema {
    const direction = key === 'inputs' ? 'input' : 'output';
    if (!Array.isArray(list))
      throw this.fail(`/${key}`, `"${key}" must be a list of tensor metadata ({name, datatype, shape}), got ${describe(list)}`);
    const builder = new SchemaBuilder();
    const properties: Schema = {};
    const required: string[] = [];
    list.forEach((t, i) => {
      const at = `/${key}/${i}`;
      let label = `${key}[${i}]`;
      if (!isObject(t)) throw this.fail(at, `${label}: expected tensor metadata ({name, datatype, shape}), got ${describe(t)}`);
      const name = t.name;
      if (typeof name !== 'string' || name === '') {
        throw this.fail(
          has(t, 'name') ? `${at}/name` : at,
          `${label}: ${has(t, 'name') ? `"name" must be a non-empty string, got ${describe(name)}` : 'missing "name"'}`,
        );
      }
      label += ` (${quote(name)})`;
      if (has(properties, name)) throw this.fail(`${at}/name`, `${label}: the tensor name ${quote(name)} appears twice in "${key}"`);
      const datatype = t.datatype;
      if (typeof datatype !== 'string') throw this.fail(has(t, 'datatype') ? `${at}/datatype` : at, `${label}: missing "datatype"`);
      const element = V2_DATATYPES[datatype];
      if (!element) {
        throw this.fail(
          `${at}/datatype`,
          `${label}: unknown V2 datatype ${quote(datatype)}; expected one of ${Object.keys(V2_DATATYPES).join(', ')}`,
        );
      }
      const shape = t.shape;
      if (!Array.isArray(shape))
        throw this.fail(has(t, 'shape') ? `${at}/shape` : at, `${label}: missing "shape" (a list of axis lengths, -1 for any)`);
      if (shape.length > MAX_RANK) throw this.fail(`${at}/shape`, `${label}: the tensor has ${shape.length} axes; at most ${MAX_RANK} are read`);
      const dims: Dim[] = shape.map((d, axis) => {
        if (d === -1) return null;
        if (typeof d === 'number' && Number.isInteger(d) && d >= 0) return d;
        throw this.fail(`${at}/shape/${axis}`, `${label}: axis ${axis} of "shape" must be a length (0 or more) or -1 for any, got ${describe(d)}`);
      });
      setOwn(properties, name, builder.tensor(ELEMENTS[element]!(), dims, element));
      required.push(name);
      tensors.push({ direction, name, dims });
    });
    return builder.document({
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(direction === 'input' ? { additionalProperties: false } : {}),
    });
  }
}

export function importKserve(bytes: Uint8Array, file: string): ImportedInterface {
  const doc = parseDocument(bytes, file);
  const root = doc.value as JsonObject;
  const reader = new Reader(doc, file);
  if (!has(root, 'inputs') && !has(root, 'outputs')) {
    throw new InputError(
      file,
      'the file declares neither "inputs" nor "outputs"; expected Open Inference Protocol (V2) model metadata or an MLServer model-settings.json',
    );
  }
  const tensors: TensorInfo[] = [];
  const input = has(root, 'inputs') ? reader.side(root.inputs, 'inputs', tensors) : true;
  const output = has(root, 'outputs') ? reader.side(root.outputs, 'outputs', tensors) : true;
  return { kind: 'kserve', input, output, tensors };
}
