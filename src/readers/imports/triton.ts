/**
 * Triton Inference Server model configurations (`config.pbtxt`: the protobuf text format of
 * `ModelConfig`, model_config.proto in triton-inference-server/common) as JSON Schema. The
 * instance convention is the Open Inference Protocol's, as for KServe metadata: an object keyed by
 * tensor name. The text is parsed by pbtxt.ts and checked here against the fields of ModelConfig,
 * ModelInput and ModelOutput; the rest of the configuration (scheduling, instance groups…) is
 * checked for its syntax and field names only. See docs/imports.md.
 */
import { InputError } from '../../core/errors.js';
import { parsePbtxt, PbtxtError, type PbField, type PbMessage, type PbValue, type Position } from './pbtxt.js';
import { ELEMENTS, MAX_RANK, quote, SchemaBuilder, setOwn, type Dim, type Schema } from './tensor.js';
import type { ImportedInterface, TensorInfo } from './types.js';

/** model_config.proto's DataType → element names of tensor.ts (TYPE_STRING is BYTES on the wire: strings in JSON). */
export const TRITON_DATA_TYPES: Record<string, string> = {
  TYPE_BOOL: 'bool',
  TYPE_UINT8: 'uint8',
  TYPE_UINT16: 'uint16',
  TYPE_UINT32: 'uint32',
  TYPE_UINT64: 'uint64',
  TYPE_INT8: 'int8',
  TYPE_INT16: 'int16',
  TYPE_INT32: 'int32',
  TYPE_INT64: 'int64',
  TYPE_FP16: 'float16',
  TYPE_FP32: 'float',
  TYPE_FP64: 'double',
  TYPE_STRING: 'string',
  TYPE_BF16: 'bfloat16',
};
/** The enum's numbers, which the text format also accepts in place of names. */
const DATA_TYPE_NUMBERS = ['TYPE_INVALID', ...Object.keys(TRITON_DATA_TYPES)];
const FORMATS = ['FORMAT_NONE', 'FORMAT_NHWC', 'FORMAT_NCHW'];

type FieldType = 'string' | 'int' | 'bool' | 'format' | 'data_type' | 'message' | 'reshape' | 'tensor';
interface FieldSpec {
  type: FieldType;
  repeated?: boolean;
}

/** ModelConfig's fields: the interface's own are read; the others ("message") must be messages, their content is Triton's to check. */
const MODEL_CONFIG: Record<string, FieldSpec> = {
  name: { type: 'string' },
  platform: { type: 'string' },
  backend: { type: 'string' },
  runtime: { type: 'string' },
  version_policy: { type: 'message' },
  max_batch_size: { type: 'int' },
  input: { type: 'tensor', repeated: true },
  output: { type: 'tensor', repeated: true },
  batch_input: { type: 'message', repeated: true },
  batch_output: { type: 'message', repeated: true },
  optimization: { type: 'message' },
  dynamic_batching: { type: 'message' },
  sequence_batching: { type: 'message' },
  ensemble_scheduling: { type: 'message' },
  instance_group: { type: 'message', repeated: true },
  default_model_filename: { type: 'string' },
  cc_model_filenames: { type: 'message', repeated: true },
  metric_tags: { type: 'message', repeated: true },
  parameters: { type: 'message', repeated: true },
  model_warmup: { type: 'message', repeated: true },
  model_operations: { type: 'message' },
  model_transaction_policy: { type: 'message' },
  model_repository_agents: { type: 'message' },
  response_cache: { type: 'message' },
  model_metrics: { type: 'message' },
};
const MODEL_INPUT: Record<string, FieldSpec> = {
  name: { type: 'string' },
  data_type: { type: 'data_type' },
  format: { type: 'format' },
  dims: { type: 'int', repeated: true },
  reshape: { type: 'reshape' },
  is_shape_tensor: { type: 'bool' },
  allow_ragged_batch: { type: 'bool' },
  optional: { type: 'bool' },
  is_non_linear_format_io: { type: 'bool' },
};
const MODEL_OUTPUT: Record<string, FieldSpec> = {
  name: { type: 'string' },
  data_type: { type: 'data_type' },
  dims: { type: 'int', repeated: true },
  reshape: { type: 'reshape' },
  label_filename: { type: 'string' },
  is_shape_tensor: { type: 'bool' },
  is_non_linear_format_io: { type: 'bool' },
};
const RESHAPE: Record<string, FieldSpec> = { shape: { type: 'int', repeated: true } };
const SCHEDULING = ['dynamic_batching', 'sequence_batching', 'ensemble_scheduling'];

type Read = string | number | boolean | PbMessage;

class Reader {
  constructor(readonly file: string) {}

  fail(at: Position, message: string): InputError {
    return new InputError(this.file, message, { line: at.line, column: at.column });
  }

  /** The fields of `msg` by name, each checked against `spec`; unknown, repeated-once and mistyped fields are errors. */
  fields(msg: PbMessage, spec: Record<string, FieldSpec>, what: string): Map<string, { field: PbField; value: Read }[]> {
    const out = new Map<string, { field: PbField; value: Read }[]>();
    for (const f of msg.fields) {
      const s = Object.prototype.hasOwnProperty.call(spec, f.name) ? spec[f.name] : undefined;
      if (!s) throw this.fail(f, `${what} has no field "${f.name}"; expected one of ${Object.keys(spec).join(', ')}`);
      const seen = out.get(f.name) ?? [];
      if (seen.length > 0 && !s.repeated) throw this.fail(f, `the field "${f.name}" of ${what} is given twice; it takes one value`);
      seen.push({ field: f, value: this.scalar(f, s.type, what) });
      out.set(f.name, seen);
    }
    return out;
  }

  private scalar(f: PbField, type: FieldType, what: string): Read {
    const v: PbValue = f.value;
    const isMessage = type === 'message' || type === 'reshape' || type === 'tensor';
    if (isMessage) {
      if (v.kind !== 'message') throw this.fail(v, `the field "${f.name}" of ${what} must be a message ({…}), found ${valueText(v)}`);
      return v;
    }
    if (v.kind === 'message') throw this.fail(v, `the field "${f.name}" of ${what} takes a ${typeWords(type)}, not a message`);
    switch (type) {
      case 'string':
        if (v.kind !== 'string') throw this.fail(v, `the field "${f.name}" of ${what} must be a quoted string, found ${valueText(v)}`);
        return v.text;
      case 'int': {
        const n = v.kind === 'number' ? integerValue(v.text) : undefined;
        if (n === undefined) throw this.fail(v, `the field "${f.name}" of ${what} must be an integer, found ${valueText(v)}`);
        return n;
      }
      case 'bool':
        if (/^(true|t|True|1)$/.test(v.text) && v.kind !== 'string') return true;
        if (/^(false|f|False|0)$/.test(v.text) && v.kind !== 'string') return false;
        throw this.fail(v, `the field "${f.name}" of ${what} must be true or false, found ${valueText(v)}`);
      case 'data_type':
      case 'format': {
        const names = type === 'data_type' ? DATA_TYPE_NUMBERS : FORMATS;
        if (v.kind === 'identifier' && names.includes(v.text)) return v.text;
        const n = v.kind === 'number' ? integerValue(v.text) : undefined;
        if (n !== undefined && n >= 0 && n < names.length) return names[n]!;
        throw this.fail(
          v,
          `the field "${f.name}" of ${what} must be one of ${names.filter((x) => x !== 'TYPE_INVALID').join(', ')}, found ${valueText(v)}`,
        );
      }
    }
  }

  /** One `input` or `output` entry as a schema (with the batch axis when the model batches). */
  tensor(
    msg: PbMessage,
    direction: 'input' | 'output',
    index: number,
    maxBatch: number,
    builder: SchemaBuilder,
  ): { name: string; schema: Schema; optional: boolean; dims: Dim[] } {
    const what = `${direction}[${index}]`;
    const fields = this.fields(msg, direction === 'input' ? MODEL_INPUT : MODEL_OUTPUT, `a model ${direction} (${what})`);
    const one = <T extends Read>(key: string) => fields.get(key)?.[0] as { field: PbField; value: T } | undefined;
    const name = one<string>('name');
    if (!name || name.value === '') throw this.fail(name?.field ?? msg, `${what} has no name`);
    const label = `${direction} ${quote(name.value)}`;
    const dataType = one<string>('data_type');
    if (!dataType || dataType.value === 'TYPE_INVALID')
      throw this.fail(dataType?.field ?? msg, `${label} has no data_type; expected one of ${Object.keys(TRITON_DATA_TYPES).join(', ')}`);
    const dims = fields.get('dims') ?? [];
    // Triton refuses an input or output without dims (a scalar is `dims: [1]` with `reshape: {shape: []}`).
    if (dims.length === 0) throw this.fail(msg, `${label} has no dims (Triton requires them: one length per axis, -1 for any)`);
    if (dims.length > MAX_RANK) throw this.fail(dims[0]!.field, `${label} has ${dims.length} dims; at most ${MAX_RANK} are read`);
    const axes: Dim[] = dims.map(({ field, value }, axis) => {
      const d = value as number;
      if (d === -1) return null;
      // As Triton's own validation: a length of at least 1, or -1 for a variable one.
      if (d >= 1 && Number.isSafeInteger(d)) return d;
      throw this.fail(field.value, `axis ${axis} of ${label}: a dimension must be 1 or more, or -1 for any length, found ${d}`);
    });
    const reshape = one<PbMessage>('reshape');
    if (reshape) {
      for (const { field, value } of this.fields(reshape.value, RESHAPE, `the reshape of ${label}`).get('shape') ?? []) {
        if ((value as number) < -1) throw this.fail(field.value, `the reshape of ${label}: a dimension must be 0 or more, or -1, found ${value}`);
      }
    }
    const element = TRITON_DATA_TYPES[dataType.value]!;
    let schema = builder.tensor(ELEMENTS[element]!(), axes, element);
    // With max_batch_size > 0 every tensor has a leading batch axis that `dims` does not list; a request
    // may batch at most max_batch_size (Triton refuses more), a response has the request's batch.
    if (maxBatch > 0) schema = direction === 'input' ? { type: 'array', items: schema, maxItems: maxBatch } : { type: 'array', items: schema };
    return {
      name: name.value,
      schema,
      optional: direction === 'input' && one<boolean>('optional')?.value === true,
      dims: maxBatch > 0 ? [null, ...axes] : axes,
    };
  }
}

function valueText(v: PbValue): string {
  if (v.kind === 'message') return 'a message';
  if (v.kind === 'string') return `the string ${quote(v.text.length > 40 ? `${v.text.slice(0, 40)}…` : v.text)}`;
  return v.text.length > 40 ? `${v.text.slice(0, 40)}…` : v.text;
}

function typeWords(type: FieldType): string {
  return type === 'int' ? 'number' : type === 'bool' ? 'true or false' : type === 'string' ? 'quoted string' : 'name';
}

/** An integer as the text format writes it (decimal, 0x hex, 0 octal, with a sign), or undefined; beyond ±2^53 is refused. */
function integerValue(text: string): number | undefined {
  const m = /^(-?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  const n = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : Number(body);
  const v = m[1] ? -n : n;
  return Number.isSafeInteger(v) ? v : undefined;
}

/** The interface of the Triton model configuration `bytes` (the content of `file`, which names it in errors). */
export function importTriton(bytes: Uint8Array, file: string): ImportedInterface {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(file, 'the file is not UTF-8 text; expected a Triton model configuration (config.pbtxt)');
  }
  let root: PbMessage;
  try {
    root = parsePbtxt(text);
  } catch (err) {
    if (err instanceof PbtxtError)
      throw new InputError(file, `not a valid protobuf text-format model configuration: ${err.message}`, { line: err.line, column: err.column });
    throw err;
  }
  const reader = new Reader(file);
  const fields = reader.fields(root, MODEL_CONFIG, 'a Triton model configuration (ModelConfig)');
  const scheduling = SCHEDULING.filter((k) => fields.has(k));
  if (scheduling.length > 1)
    throw reader.fail(fields.get(scheduling[1]!)![0]!.field, `${scheduling.join(' and ')} are alternatives (one scheduling choice); give one`);
  const maxBatchField = fields.get('max_batch_size')?.[0];
  const maxBatch = (maxBatchField?.value as number | undefined) ?? 0;
  if (maxBatch < 0 || maxBatch > 2147483647)
    throw reader.fail(maxBatchField!.field.value, `max_batch_size must be 0 (no batching) or more, found ${maxBatch}`);
  const ins = fields.get('input') ?? [];
  const outs = fields.get('output') ?? [];
  if (ins.length === 0 && outs.length === 0) {
    throw new InputError(
      file,
      'the configuration declares no input and no output (Triton completes such a configuration from the model when it loads it); declare them, or read the interface from the model itself',
    );
  }
  const tensors: TensorInfo[] = [];
  const side = (list: { value: Read }[], direction: 'input' | 'output'): Schema | true => {
    // An absent list is "not declared" (Triton fills it from the model), not "nothing".
    if (list.length === 0) return true;
    const builder = new SchemaBuilder();
    const properties: Schema = {};
    const required: string[] = [];
    list.forEach(({ value }, i) => {
      const t = reader.tensor(value as PbMessage, direction, i, maxBatch, builder);
      if (Object.prototype.hasOwnProperty.call(properties, t.name))
        throw reader.fail(value as PbMessage, `the ${direction} name ${quote(t.name)} appears twice`);
      setOwn(properties, t.name, t.schema);
      if (!t.optional) required.push(t.name);
      tensors.push({ direction, name: t.name, dims: t.dims });
    });
    return builder.namedTensors(properties, required, direction);
  };
  const input = side(ins, 'input');
  const output = side(outs, 'output');
  return { kind: 'triton', input, output, tensors };
}
