/**
 * Open Inference Protocol (KServe V2) model metadata, and MLServer's `model-settings.json`
 * (the same `inputs`/`outputs` tensor metadata at the top level), as JSON Schema. The instance
 * convention is ONNX's: an object keyed by tensor name. See docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { has, isObject, type JsonObject } from '../../core/json.js';
import { parseDocument, type ParsedDocument } from '../document.js';
import { DRAFT_2020_12, ELEMENTS, MAX_RANK, describe, quote, SchemaBuilder, setOwn, type Dim, type Schema } from './tensor.js';
import type { ImportedInterface, ImportNote, TensorInfo } from './types.js';

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

  /**
   * `parameters.content_type` of the model or of a tensor: how MLServer decodes the data (`np`,
   * `pd`, `str`, `base64`, …), part of the interface (the rule content-type-changed compares it).
   */
  contentType(holder: JsonObject, at: string, label: string): string | undefined {
    const params = holder.parameters;
    if (params === undefined || params === null) return undefined;
    if (!isObject(params)) throw this.fail(`${at}/parameters`, `${label}: "parameters" must be a mapping, got ${describe(params)}`);
    const ct = params.content_type;
    if (ct === undefined || ct === null) return undefined;
    if (typeof ct !== 'string' || ct === '')
      throw this.fail(`${at}/parameters/content_type`, `${label}: "parameters.content_type" must be a non-empty string, got ${describe(ct)}`);
    return ct;
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
      const dims: Dim[] = shape.map((raw, axis) => {
        // gRPC metadata printed as JSON (protobuf's JSON mapping, as Triton's client prints it)
        // writes int64 as strings: "-1", "3".
        const d = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
        if (d === -1) return null;
        if (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0) return d;
        throw this.fail(`${at}/shape/${axis}`, `${label}: axis ${axis} of "shape" must be a length (0 or more) or -1 for any, got ${describe(raw)}`);
      });
      const tensor = builder.tensor(ELEMENTS[element]!(), dims, element);
      const contentType = this.contentType(t, at, label);
      setOwn(properties, name, contentType === undefined ? tensor : { ...tensor, 'x-content-type': contentType });
      required.push(name);
      tensors.push({ direction, name, dims });
    });
    return builder.namedTensors(properties, required, direction);
  }
}

/**
 * Empty or absent `inputs`/`outputs` mean "not described", not "nothing": KServe's Python server
 * reports `inputs: []` unless the model describes them, and most `model-settings.json` files leave
 * them out (MLServer then takes any tensors). That side is open (`true`), with a note.
 */
export function importKserve(bytes: Uint8Array, file: string): ImportedInterface {
  const doc = parseDocument(bytes, file);
  const root = doc.value;
  if (!isObject(root)) {
    throw new InputError(
      file,
      `expected Open Inference Protocol (V2) model metadata or an MLServer model-settings.json (a mapping), got ${describe(root)}`,
    );
  }
  const reader = new Reader(doc, file);
  const tensors: TensorInfo[] = [];
  const notes: ImportNote[] = [];
  const declared = (key: 'inputs' | 'outputs') => has(root, key) && root[key] !== null && !(Array.isArray(root[key]) && root[key].length === 0);
  const modelContentType = reader.contentType(root, '', 'the model');
  const side = (key: 'inputs' | 'outputs'): Schema | boolean => {
    const ct = key === 'inputs' ? modelContentType : undefined;
    if (declared(key)) {
      const schema = reader.side(root[key], key, tensors);
      return ct === undefined ? schema : { ...schema, 'x-content-type': ct };
    }
    notes.push({
      id: 'tensors-not-declared',
      message: `${file} declares no ${key} ("${key}" is ${has(root, key) ? (root[key] === null ? 'null' : 'an empty list') : 'absent'}): the runtime does not describe them, so the ${key === 'inputs' ? 'input' : 'output'} is read as open (anything).`,
    });
    // The model's content type still decides how whatever is sent is decoded.
    return ct === undefined ? true : { $schema: DRAFT_2020_12, 'x-content-type': ct };
  };
  const input = side('inputs');
  const output = side('outputs');
  return { kind: 'kserve', input, output, tensors, ...(notes.length > 0 ? { notes } : {}) };
}
