/**
 * MLflow `MLmodel` files: the model signature (`signature.inputs`, `outputs`, `params`, each a
 * JSON string inside the YAML) as JSON Schema. See docs/imports.md for the mapping.
 */
import { InputError } from '../../core/errors.js';
import { has, isObject, type JsonObject } from '../../core/json.js';
import { parseDocument, type ParsedDocument } from '../document.js';
import {
  complex,
  DRAFT_2020_12,
  integer,
  MAX_RANK,
  MAX_TYPE_DEPTH,
  number,
  describe,
  quote,
  SchemaBuilder,
  setOwn,
  type Dim,
  type Schema,
} from './tensor.js';
import type { ImportedInterface, ImportNote, TensorInfo } from './types.js';

type Section = 'inputs' | 'outputs' | 'params';

/** Column types as the message lists them (`sparkml_vector` is read too, but rarely written by hand). */
const COLUMN_TYPES = ['boolean', 'integer', 'long', 'float', 'double', 'string', 'binary', 'datetime', 'array', 'object', 'map', 'any', 'tensor'];
const PARAM_TYPES = ['boolean', 'integer', 'long', 'float', 'double', 'string', 'datetime', 'object'];

const SCALARS: Record<string, () => Schema> = {
  boolean: () => ({ type: 'boolean' }),
  integer: () => integer('int32'),
  long: () => integer('int64'),
  float: () => number('float'),
  double: () => number('double'),
  string: () => ({ type: 'string' }),
  binary: () => ({ type: 'string', contentEncoding: 'base64' }),
  datetime: () => ({ type: 'string', format: 'date-time' }),
};

/** numpy dtype names (`dtype.name`, as MLflow writes them in `tensor-spec`). */
const NUMPY: Record<string, () => Schema> = {
  bool: () => ({ type: 'boolean' }),
  int8: () => integer('int8'),
  int16: () => integer('int16'),
  int32: () => integer('int32'),
  int64: () => integer('int64'),
  uint8: () => integer('uint8'),
  uint16: () => integer('uint16'),
  uint32: () => integer('uint32'),
  uint64: () => integer('uint64'),
  float16: () => number('float16'),
  float32: () => number('float'),
  float64: () => number('double'),
  float128: () => number(),
  complex64: () => complex('float'),
  complex128: () => complex('double'),
  str: () => ({ type: 'string' }),
  bytes: () => ({ type: 'string', contentEncoding: 'base64' }),
  object: () => ({}),
  datetime64: () => ({ type: 'string', format: 'date-time' }),
};

class Reader {
  readonly notes: ImportNote[] = [];

  constructor(
    readonly doc: ParsedDocument,
    readonly file: string,
  ) {}

  fail(section: Section | undefined, message: string): InputError {
    const pointer = section === undefined ? '/signature' : `/signature/${section}`;
    return new InputError(this.file, message, { ...this.doc.locate(pointer), pointer });
  }

  /** `signature.<section>` parsed: undefined when absent or null. */
  section(sig: JsonObject, section: Section): unknown[] | undefined {
    const raw = sig[section];
    if (raw === undefined || raw === null) return undefined;
    let value: unknown = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch (err) {
        const msg = (err as Error).message.replace(/^JSON\.parse: /, '');
        throw this.fail(section, `signature.${section} is not valid JSON: ${msg}`);
      }
    }
    if (!Array.isArray(value)) {
      throw this.fail(
        section,
        `signature.${section} must be a JSON list of ${section === 'params' ? 'parameter' : 'column or tensor'} specs, got ${describe(value)}`,
      );
    }
    if (value.length === 0 && section !== 'params') {
      throw this.fail(
        section,
        `signature.${section} is an empty list; MLflow writes at least one column or tensor (leave the key out when there is none)`,
      );
    }
    return value;
  }

  /** `required`: a boolean or the strings "true"/"false"; absent means required. */
  required(spec: JsonObject, label: string, section: Section): boolean {
    if (!has(spec, 'required')) return true;
    const r = spec.required;
    if (r === true || r === 'true') return true;
    if (r === false || r === 'false') return false;
    throw this.fail(section, `${label}: "required" must be true or false, got ${describe(r)}`);
  }

  /** A column or property type (`{"type": …}` with `items`, `properties` or `values` for the nested kinds). */
  type(spec: unknown, label: string, section: Section, closed: boolean, nested: boolean, depth = 0): Schema {
    if (depth > MAX_TYPE_DEPTH)
      throw this.fail(section, `${label.slice(0, 120)}…: types nested more than ${MAX_TYPE_DEPTH} levels deep are not read`);
    if (!isObject(spec)) throw this.fail(section, `${label}: expected a type spec (an object with "type"), got ${describe(spec)}`);
    const t = spec.type;
    if (typeof t !== 'string') throw this.fail(section, `${label}: missing "type"`);
    const scalar = SCALARS[t];
    if (scalar) return scalar();
    switch (t) {
      case 'array':
        if (!has(spec, 'items')) throw this.fail(section, `${label}: an array type needs "items"`);
        return { type: 'array', items: this.type(spec.items, `${label}.items`, section, closed, true, depth + 1) };
      case 'map':
        if (!has(spec, 'values')) throw this.fail(section, `${label}: a map type needs "values"`);
        return { type: 'object', additionalProperties: this.type(spec.values, `${label}.values`, section, closed, true, depth + 1) };
      case 'object':
        return this.object(spec, label, section, closed, depth);
      case 'any':
        return {};
      case 'sparkml_vector':
        return { type: 'array', items: number('double') };
    }
    const expected = nested ? COLUMN_TYPES.filter((x) => x !== 'tensor') : COLUMN_TYPES;
    throw this.fail(section, `${label}: unknown MLflow type ${quote(t)}; expected one of ${expected.join(', ')}`);
  }

  /** `{"type": "object", "properties": {name: {"type": …, "required": …}}}`: closed in inputs and params, open in outputs. */
  object(spec: JsonObject, label: string, section: Section, closed: boolean, depth = 0): Schema {
    const props = spec.properties;
    if (!isObject(props))
      throw this.fail(section, `${label}: an object type needs "properties" (a mapping of property name to type), got ${describe(props)}`);
    if (Object.keys(props).length === 0) {
      throw this.fail(section, `${label}: an object type needs at least one property (MLflow refuses empty objects)`);
    }
    const properties: Schema = {};
    const required: string[] = [];
    for (const [name, p] of Object.entries(props)) {
      const plabel = `${label}.properties.${name}`;
      setOwn(properties, name, this.type(p, plabel, section, closed, true, depth + 1));
      if (isObject(p) && this.required(p, plabel, section)) required.push(name);
    }
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(closed ? { additionalProperties: false } : {}),
    };
  }

  /** A column or tensor name: a string, or an integer (pandas' default column labels), as a string. */
  name(spec: JsonObject, label: string, section: Section): string | null {
    if (!has(spec, 'name') || spec.name === null) return null;
    const n = spec.name;
    if (typeof n === 'string' && n !== '') return n;
    if (typeof n === 'number' && Number.isInteger(n)) return String(n);
    throw this.fail(section, `${label}: "name" must be a non-empty string or an integer, got ${describe(n)}`);
  }

  tensorSpec(spec: JsonObject, label: string, section: Section, builder: SchemaBuilder): { schema: Schema; dims: Dim[] } {
    const ts = spec['tensor-spec'];
    if (!isObject(ts)) throw this.fail(section, `${label}: a tensor needs "tensor-spec" with "dtype" and "shape"`);
    const dtype = ts.dtype;
    if (typeof dtype !== 'string') throw this.fail(section, `${label}: "tensor-spec" needs a "dtype" (a numpy type name such as float64)`);
    const base = /^datetime64(\[\w+\])?$/.test(dtype) ? 'datetime64' : dtype;
    const element = NUMPY[base];
    if (!element) {
      throw this.fail(section, `${label}: unknown numpy dtype ${quote(dtype)}; expected one of ${Object.keys(NUMPY).join(', ')}`);
    }
    const shape = ts.shape;
    if (!Array.isArray(shape)) throw this.fail(section, `${label}: "tensor-spec" needs a "shape" (a list of axis lengths, -1 for any)`);
    if (shape.length > MAX_RANK) throw this.fail(section, `${label}: the tensor has ${shape.length} axes; at most ${MAX_RANK} are read`);
    const dims: Dim[] = shape.map((d, axis) => {
      if (d === -1) return null;
      if (typeof d === 'number' && Number.isInteger(d) && d >= 0) return d;
      throw this.fail(section, `${label}: axis ${axis} of "shape" must be a length (0 or more) or -1 for any, got ${describe(d)}`);
    });
    return { schema: builder.tensor(element(), dims, base), dims };
  }

  /** `signature.inputs` or `outputs`: the document and the tensors in it. */
  interface(specs: unknown[], section: 'inputs' | 'outputs'): { schema: Schema; tensors: TensorInfo[] } {
    const direction = section === 'inputs' ? 'input' : 'output';
    const closed = section === 'inputs';
    const builder = new SchemaBuilder();
    const entries = specs.map((spec, i) => {
      if (!isObject(spec))
        throw this.fail(section, `signature.${section}[${i}]: expected a column or tensor spec (an object), got ${describe(spec)}`);
      let label = `signature.${section}[${i}]`;
      const name = this.name(spec, label, section);
      if (name !== null) label += ` (${quote(name)})`;
      const isTensor = spec.type === 'tensor';
      if (isTensor) return { name, label, isTensor, required: true, ...this.tensorSpec(spec, label, section, builder) };
      const required = this.required(spec, label, section);
      return { name, label, isTensor, required, schema: this.type(spec, label, section, closed, false), dims: [] as Dim[] };
    });
    const first = entries[0]!;
    const odd = entries.find((e) => e.isTensor !== first.isTensor);
    if (odd) {
      throw this.fail(
        section,
        `signature.${section} mixes column specs and tensor specs (${odd.label} is ${odd.isTensor ? 'a tensor' : 'a column'}); MLflow allows one kind per schema`,
      );
    }
    const oddName = entries.find((e) => (e.name === null) !== (first.name === null));
    if (oddName) {
      throw this.fail(
        section,
        `signature.${section} mixes named and unnamed ${first.isTensor ? 'tensors' : 'columns'} (${oddName.label} has ${oddName.name === null ? 'no name' : 'a name'}); name all of them or none`,
      );
    }
    // A name listed twice: refused for tensors (two tensors cannot share a key), read as one column
    // for columns, with a note, since MLflow 1.x logged such signatures (the commit that fixes one
    // must be checkable). Same-typed duplicates are one column; differently typed, either type.
    const seen = new Map<string, (typeof entries)[number]>();
    const kept: typeof entries = [];
    for (const e of entries) {
      if (e.name === null) {
        kept.push(e);
        continue;
      }
      const earlier = seen.get(e.name);
      if (!earlier) {
        seen.set(e.name, e);
        kept.push(e);
        continue;
      }
      if (e.isTensor) throw this.fail(section, `${e.label}: the name ${quote(e.name)} appears twice in signature.${section}`);
      const same = JSON.stringify(earlier.schema) === JSON.stringify(e.schema);
      if (!same) {
        const branches = (x: Schema) => (Array.isArray(x.anyOf) && Object.keys(x).length === 1 ? (x.anyOf as Schema[]) : [x]);
        earlier.schema = { anyOf: [...branches(earlier.schema), e.schema] };
      }
      earlier.required = earlier.required || e.required;
      this.notes.push({
        id: 'duplicate-column-name',
        message: `${e.label}: the column name ${quote(e.name)} appears twice in signature.${section} (MLflow 1.x could log such a signature); the columns are read as one${same ? '' : ' of either type'}.`,
      });
    }
    entries.length = 0;
    entries.push(...kept);
    const tensors: TensorInfo[] = first.isTensor ? entries.map((e) => ({ direction, name: e.name, dims: e.dims })) : [];

    if (first.name === null) {
      if (first.isTensor && entries.length > 1) {
        throw this.fail(
          section,
          `signature.${section} has ${entries.length} unnamed tensors; MLflow needs a name for each tensor when there are several`,
        );
      }
      const optional = entries.find((e) => !e.required);
      if (optional)
        throw this.fail(
          section,
          `${optional.label}: an unnamed column cannot be optional (MLflow rejects unnamed optional columns); name the columns`,
        );
      if (entries.length === 1) return { schema: builder.document(first.schema), tensors };
      // Several unnamed columns: one row as a positional list.
      return {
        schema: builder.document({
          type: 'array',
          prefixItems: entries.map((e) => e.schema),
          items: false,
          minItems: entries.length,
          maxItems: entries.length,
        }),
        tensors,
      };
    }
    const properties: Schema = {};
    for (const e of entries) setOwn(properties, e.name!, e.schema);
    const required = entries.filter((e) => e.required).map((e) => e.name!);
    return { schema: builder.document({ type: 'object', properties, ...(required.length > 0 ? { required } : {}) }), tensors };
  }

  /** `signature.params`: an open object, nothing required, each parameter with its `default`. */
  params(specs: unknown[]): Schema {
    const section = 'params';
    const properties: Schema = {};
    specs.forEach((spec, i) => {
      let label = `signature.params[${i}]`;
      if (!isObject(spec)) throw this.fail(section, `${label}: expected a parameter spec (an object), got ${describe(spec)}`);
      const n = spec.name;
      if (!(typeof n === 'string' && n !== '') && !(typeof n === 'number' && Number.isInteger(n))) {
        throw this.fail(section, `${label}: "name" must be a non-empty string, got ${describe(n)}`);
      }
      const name = String(n);
      label += ` (${quote(name)})`;
      if (has(properties, name)) throw this.fail(section, `${label}: the parameter ${quote(name)} appears twice`);
      // MLflow wrote `dtype` before 2.6 and writes `type` since; both are read.
      const t = has(spec, 'type') ? spec.type : spec.dtype;
      if (typeof t !== 'string') throw this.fail(section, `${label}: missing "type" (or the older "dtype")`);
      if (!PARAM_TYPES.includes(t)) {
        throw this.fail(section, `${label}: unknown MLflow parameter type ${quote(t)}; expected one of ${PARAM_TYPES.join(', ')}`);
      }
      if (!has(spec, 'default')) throw this.fail(section, `${label}: missing "default" (MLflow requires a default value for every parameter)`);
      const element = t === 'object' ? this.object(spec, label, section, true) : SCALARS[t]!();
      const shape = spec.shape;
      let schema: Schema;
      if (shape === undefined || shape === null) schema = element;
      else if (Array.isArray(shape) && shape.length === 1 && shape[0] === -1) schema = { type: 'array', items: element };
      else throw this.fail(section, `${label}: "shape" must be null (a single value) or [-1] (a list), got ${JSON.stringify(shape)}`);
      setOwn(properties, name, { ...schema, default: spec.default });
    });
    return { $schema: DRAFT_2020_12, type: 'object', properties };
  }
}

export function importMlflow(bytes: Uint8Array, file: string): ImportedInterface {
  const doc = parseDocument(bytes, file);
  const root = doc.value as JsonObject;
  const reader = new Reader(doc, file);
  const sig = root.signature;
  if (sig === undefined || sig === null) {
    throw new InputError(
      file,
      'the MLmodel has no signature; log the model with a signature (mlflow.models.infer_signature) or write the interface by hand',
    );
  }
  if (!isObject(sig)) throw reader.fail(undefined, `"signature" must be a mapping with inputs, outputs and params, got ${describe(sig)}`);
  const inputs = reader.section(sig, 'inputs');
  const outputs = reader.section(sig, 'outputs');
  const params = reader.section(sig, 'params');
  if (inputs === undefined && outputs === undefined) {
    throw reader.fail(undefined, 'the signature declares neither inputs nor outputs');
  }
  const tensors: TensorInfo[] = [];
  const side = (specs: unknown[] | undefined, section: 'inputs' | 'outputs'): Schema | boolean => {
    if (specs === undefined) return true;
    const r = reader.interface(specs, section);
    for (const item of r.tensors) tensors.push(item);
    return r.schema;
  };
  const input = side(inputs, 'inputs');
  const output = side(outputs, 'outputs');
  return {
    kind: 'mlflow',
    input,
    output,
    ...(params !== undefined ? { params: reader.params(params) } : {}),
    tensors,
    ...(reader.notes.length > 0 ? { notes: reader.notes } : {}),
  };
}
