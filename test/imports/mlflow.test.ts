/**
 * The MLflow importer on the project's own MLmodel fixtures (fixtures/imports/mlflow): the exact
 * schemas of each column type, tensor specs and params, the verdicts of type and `required`
 * changes in both directions, and the errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { IMPORT_KEYWORDS } from './keywords.js';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { describeTensorPath, importInterface, type ImportedInterface } from '../../src/readers/imports/index.js';
import { ROOT } from '../helpers/cli.js';
import { thrown } from './thrown.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const DIR = path.join(ROOT, 'fixtures/imports/mlflow');

function mlflow(name: string): ImportedInterface {
  return importInterface('mlflow', readFileSync(path.join(DIR, name, 'MLmodel')), `${name}/MLmodel`);
}

/** An MLmodel as MLflow writes it: the signature's parts as single-quoted JSON strings. */
function mlmodelText(sig: { inputs?: unknown; outputs?: unknown; params?: unknown }): string {
  const part = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'`;
  return [
    'flavors:',
    '  python_function:',
    '    loader_module: mlflow.sklearn',
    'signature:',
    ...(['inputs', 'outputs', 'params'] as const).filter((k) => sig[k] !== undefined).map((k) => `  ${k}: ${part(sig[k])}`),
    '',
  ].join('\n');
}

function inline(sig: { inputs?: unknown; outputs?: unknown; params?: unknown }, file = 'MLmodel'): ImportedInterface {
  return importInterface('mlflow', new TextEncoder().encode(mlmodelText(sig)), file);
}

function verdict(a: ImportedInterface, b: ImportedInterface, side: 'input' | 'output' | 'params') {
  const direction = side === 'output' ? 'output' : 'input';
  const findings = diffSchemas(singleSchemaSet(a[side]), singleSchemaSet(b[side]), direction, DEFAULT_POLICY);
  return { bump: requiredOf(findings), ids: findings.map((f) => f.id).sort(), findings };
}

describe('MLflow column types', () => {
  it('required: true, "true" and absent are required; false and "false" are not', () => {
    const m = mlflow('required');
    const double = { type: 'number', format: 'double' };
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: { a: double, b: double, c: double, d: double, e: double },
      required: ['a', 'b', 'e'],
    });
    expect(m.output).toEqual({ $schema: DRAFT, type: 'object', properties: { score: double }, required: ['score'] });
    expect(m.params).toBeUndefined();
    expect(m.tensors).toEqual([]);
  });

  it('array, object, map, any, binary, datetime, sparkml_vector; integer column names', () => {
    const m = mlflow('types');
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        // An input object is closed: MLflow rejects properties its schema does not declare.
        address: {
          type: 'object',
          properties: { street: { type: 'string' }, zip: { type: 'integer', format: 'int32' } },
          required: ['street'],
          additionalProperties: false,
        },
        features: { type: 'object', additionalProperties: { type: 'number', format: 'double' } },
        extra: {},
        photo: { type: 'string', contentEncoding: 'base64' },
        when: { type: 'string', format: 'date-time' },
        matrix: { type: 'array', items: { type: 'array', items: { type: 'number', format: 'float' } } },
        vector: { type: 'array', items: { type: 'number', format: 'double' } },
      },
      required: ['tags', 'address', 'features', 'photo', 'when', 'matrix'],
    });
    // Outputs: the row and its objects stay open (consumers read by name); names 0 and 1 become "0" and "1".
    expect(m.output).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        '0': { type: 'number', format: 'double' },
        '1': { type: 'object', properties: { label: { type: 'string' }, why: { type: 'string' } }, required: ['label'] },
      },
      required: ['0', '1'],
    });
  });

  it('several unnamed columns: one row as a fixed-length positional list; one unnamed column: the bare value', () => {
    const m = mlflow('unnamed');
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'array',
      prefixItems: [{ type: 'number', format: 'double' }, { type: 'number', format: 'double' }, { type: 'string' }],
      items: false,
      minItems: 3,
      maxItems: 3,
    });
    expect(m.output).toEqual({ $schema: DRAFT, type: 'integer', format: 'int64' });
  });

  it('a signature without outputs: the output schema is true (anything)', () => {
    expect(mlflow('inputs-only').output).toBe(true);
  });

  it('every fixture compiles under strict ajv (draft 2020-12)', () => {
    for (const name of ['required', 'types', 'unnamed', 'inputs-only', 'tensors', 'params', 'params-dtype', 'changes/base']) {
      const m = mlflow(name);
      const ajv = new Ajv2020({ strict: true, validateFormats: false, keywords: IMPORT_KEYWORDS });
      for (const s of [m.input, m.output, ...(m.params ? [m.params] : [])]) expect(() => ajv.compile(s), name).not.toThrow();
    }
  });

  it('a column called __proto__ is an own property like any other', () => {
    const m = inline({ inputs: [{ name: '__proto__', type: 'long' }], outputs: [{ type: 'double' }] });
    const props = (m.input as { properties: object }).properties;
    expect(Object.keys(props)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(m.input)).required).toEqual(['__proto__']);
  });
});

describe('MLflow tensor specs', () => {
  it('named tensors: an object of nested arrays, fixed axes as minItems = maxItems, -1 free; one unnamed tensor: the bare tensor', () => {
    const m = mlflow('tensors');
    expect(m.input).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        image: {
          type: 'array',
          items: {
            type: 'array',
            items: { type: 'array', items: { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 }, minItems: 28, maxItems: 28 },
            minItems: 28,
            maxItems: 28,
          },
        },
        scale: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 1, maxItems: 1 },
        caption: { type: 'array', items: { type: 'string' } },
      },
      required: ['image', 'scale', 'caption'],
    });
    expect(m.output).toEqual({
      $schema: DRAFT,
      type: 'array',
      items: { type: 'array', items: { type: 'number', format: 'double' }, minItems: 10, maxItems: 10 },
    });
    expect(m.tensors).toEqual([
      { direction: 'input', name: 'image', dims: [null, 28, 28] },
      { direction: 'input', name: 'scale', dims: [1] },
      { direction: 'input', name: 'caption', dims: [null] },
      { direction: 'output', name: null, dims: [null, 10] },
    ]);
  });

  it('describeTensorPath names the tensor, the axis and its length', () => {
    const m = mlflow('tensors');
    expect(describeTensorPath(m, 'input', '/image')).toBe('tensor "image"');
    expect(describeTensorPath(m, 'input', '/image', 'property-removed')).toBe('tensor "image"');
    expect(describeTensorPath(m, 'input', '/image', 'item-count-tightened')).toBe('tensor "image", axis 0 (any length)');
    expect(describeTensorPath(m, 'input', '/image/*/*')).toBe('tensor "image", axis 2 (length 28)');
    expect(describeTensorPath(m, 'input', '/image/*/*/*')).toBe('tensor "image", element type');
    expect(describeTensorPath(m, 'output', '')).toBe('the tensor');
    expect(describeTensorPath(m, 'output', '/*')).toBe('the tensor, axis 1 (length 10)');
    expect(describeTensorPath(m, 'input', '/other/*')).toBeUndefined();
    expect(describeTensorPath(m, 'params', '/image')).toBeUndefined();
    // Columns are not tensors.
    expect(describeTensorPath(mlflow('required'), 'input', '/a')).toBeUndefined();
  });

  it('a changed fixed axis is MAJOR both ways; a fixed axis made free is MINOR for inputs', () => {
    const spec = (shape: number[]) => [{ type: 'tensor', name: 'x', 'tensor-spec': { dtype: 'float32', shape } }];
    const a = inline({ inputs: spec([-1, 4]), outputs: spec([-1, 4]) });
    const b = inline({ inputs: spec([-1, 5]), outputs: spec([-1, 5]) });
    const c = inline({ inputs: spec([-1, -1]), outputs: spec([-1, -1]) });
    for (const side of ['input', 'output'] as const) {
      const v = verdict(a, b, side);
      expect(v.ids).toEqual(['fixed-length-changed']);
      expect(v.bump).toBe('major');
      expect(describeTensorPath(a, side, v.findings[0]!.instancePath!)).toBe('tensor "x", axis 1 (length 4)');
    }
    expect(verdict(a, c, 'input').bump).toBe('minor');
    expect(verdict(a, c, 'output').bump).toBe('major');
  });
});

describe('MLflow params', () => {
  it('params with type: an open object, nothing required, each with its default; shape [-1] is a list', () => {
    const m = mlflow('params');
    expect(m.params).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        temperature: { type: 'number', format: 'float', default: 0.7 },
        max_tokens: { type: 'integer', format: 'int64', default: 256 },
        stop: { type: 'array', items: { type: 'string' }, default: ['END'] },
        since: { type: 'string', format: 'date-time', default: '2024-01-01T00:00:00' },
        config: {
          type: 'object',
          properties: { mode: { type: 'string' } },
          required: ['mode'],
          additionalProperties: false,
          default: { mode: 'fast' },
        },
      },
    });
    expect(m.input).toEqual({ $schema: DRAFT, type: 'string' });
  });

  it('params with the legacy dtype key', () => {
    expect(mlflow('params-dtype').params).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: { batch_size: { type: 'integer', format: 'int64', default: 16 }, verbose: { type: 'boolean', default: false } },
    });
  });

  it('params are compared as an input: a changed default is MINOR, a new parameter MINOR, a removed one MINOR (MLflow ignores unknown params), a retyped one MAJOR', () => {
    const p = (params: unknown[]) => inline({ inputs: [{ type: 'string' }], outputs: [{ type: 'string' }], params });
    const base = p([{ name: 'k', type: 'long', default: 16, shape: null }]);
    expect(verdict(base, p([{ name: 'k', type: 'long', default: 32, shape: null }]), 'params')).toMatchObject({
      bump: 'minor',
      ids: ['default-changed'],
    });
    const added = p([
      { name: 'k', type: 'long', default: 16, shape: null },
      { name: 'j', type: 'boolean', default: false, shape: null },
    ]);
    expect(verdict(base, added, 'params').bump).toBe('minor');
    expect(verdict(added, base, 'params').bump).toBe('minor');
    expect(verdict(base, p([{ name: 'k', type: 'string', default: '16', shape: null }]), 'params').bump).toBe('major');
  });
});

describe('MLflow verdicts: direction-aware', () => {
  const base = mlflow('changes/base');
  const widened = mlflow('changes/widened');

  it('integer → long and float → double: input MINOR, output MAJOR', () => {
    const input = verdict(base, widened, 'input');
    expect(input.bump).toBe('minor');
    expect(input.ids).toEqual(['format-widened', 'format-widened']);
    const output = verdict(base, widened, 'output');
    expect(output.bump).toBe('major');
    expect(output.ids).toEqual(['format-widened', 'format-widened']);
  });

  it('long → integer and double → float: input MAJOR, output MINOR', () => {
    expect(verdict(widened, base, 'input')).toMatchObject({ bump: 'major', ids: ['format-narrowed', 'format-narrowed'] });
    expect(verdict(widened, base, 'output')).toMatchObject({ bump: 'minor', ids: ['format-narrowed', 'format-narrowed'] });
  });

  it('an input column made optional (required true → false) is MINOR; the reverse MAJOR', () => {
    const optional = mlflow('changes/optional');
    expect(verdict(base, optional, 'input')).toMatchObject({ bump: 'minor', ids: ['required-removed'] });
    expect(verdict(optional, base, 'input')).toMatchObject({ bump: 'major', ids: ['required-added'] });
    expect(verdict(base, optional, 'output').ids).toEqual([]);
  });

  it('an output column added is MINOR, removed MAJOR; an input column removed is MINOR (MLflow drops extra columns)', () => {
    const cols = (names: string[]) => names.map((name) => ({ name, type: 'double' }));
    const two = inline({ inputs: cols(['a', 'b']), outputs: cols(['x', 'y']) });
    const one = inline({ inputs: cols(['a']), outputs: cols(['x']) });
    expect(verdict(one, two, 'output').bump).toBe('minor');
    expect(verdict(two, one, 'output').bump).toBe('major');
    expect(verdict(two, one, 'input').bump).toBe('minor');
    expect(verdict(one, two, 'input').bump).toBe('major');
  });
});

describe('MLflow errors', () => {
  it('an MLmodel without a signature', () => {
    const e = thrown(() => mlflow('bad/no-signature'));
    expect(e.file).toBe('bad/no-signature/MLmodel');
    expect(e.message).toBe(
      'the MLmodel has no signature; log the model with a signature (mlflow.models.infer_signature) or write the interface by hand',
    );
  });

  it('a signature string that is not JSON: the line of its key and the JSON error', () => {
    const e = thrown(() => mlflow('bad/not-json'));
    expect(e.file).toBe('bad/not-json/MLmodel');
    expect(e.line).toBe(7);
    expect(e.pointer).toBe('/signature/inputs');
    expect(e.message).toMatch(/^signature\.inputs is not valid JSON: /);
    expect(e.format()).toMatch(/^bad\/not-json\/MLmodel:7:3: signature\.inputs is not valid JSON/);
  });

  it('an unknown MLflow type names the column and lists the types', () => {
    const e = thrown(() => mlflow('bad/unknown-type'));
    expect(e.line).toBe(8);
    expect(e.message).toBe(
      'signature.outputs[0] ("target"): unknown MLflow type "strin"; expected one of boolean, integer, long, float, double, string, binary, datetime, array, object, map, any, tensor',
    );
  });

  it('"required" that is neither a boolean nor "true"/"false"', () => {
    expect(thrown(() => mlflow('bad/bad-required')).message).toBe(
      'signature.inputs[0] ("a"): "required" must be true or false, got the string "yes"',
    );
  });

  it('named and unnamed columns mixed', () => {
    expect(thrown(() => mlflow('bad/mixed-names')).message).toBe(
      'signature.inputs mixes named and unnamed columns (signature.inputs[1] has no name); name all of them or none',
    );
  });

  it('an unknown numpy dtype in a tensor spec', () => {
    expect(thrown(() => mlflow('bad/unknown-dtype')).message).toMatch(
      /^signature\.inputs\[0\] \("x"\): unknown numpy dtype "float65"; expected one of bool, int8, /,
    );
  });

  it.each([
    [
      { inputs: [{ type: 'double' }, { type: 'double', required: false }], outputs: [{ type: 'double' }] },
      /signature\.inputs\[1\]: an unnamed column cannot be optional/,
    ],
    [
      {
        inputs: [
          { name: 'a', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } },
          { name: 'a', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } },
        ],
      },
      /signature\.inputs\[1\] \("a"\): the name "a" appears twice/,
    ],
    [
      {
        inputs: [
          { name: 'a', type: 'double' },
          { name: 'b', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } },
        ],
      },
      /mixes column specs and tensor specs/,
    ],
    [
      { inputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-2] } }] },
      /axis 0 of "shape" must be a length \(0 or more\) or -1 for any, got number -2/,
    ],
    [
      {
        inputs: [
          { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [2] } },
          { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [2] } },
        ],
      },
      /2 unnamed tensors/,
    ],
    [{ inputs: [{ name: 'a', type: 'array' }] }, /\("a"\): an array type needs "items"/],
    [
      { inputs: [{ name: 'a', type: 'array', items: { type: 'tensor' } }] },
      /signature\.inputs\[0\] \("a"\)\.items: unknown MLflow type "tensor"; expected one of boolean, .*, any$/,
    ],
    [
      { inputs: [{ name: 'a', type: 'object', properties: { b: { type: 'long', required: 1 } } }] },
      /\("a"\)\.properties\.b: "required" must be true or false, got number 1/,
    ],
    [{ inputs: [{ name: 'a', type: 'object', properties: {} }] }, /\("a"\): an object type needs at least one property/],
    [{ inputs: [{ name: true, type: 'double' }] }, /"name" must be a non-empty string or an integer, got boolean true/],
    [{ inputs: [] }, /signature\.inputs is an empty list/],
    [{ inputs: { a: 1 } }, /signature\.inputs must be a JSON list of column or tensor specs, got a mapping/],
    [
      { inputs: [{ type: 'double' }], params: [{ name: 'p', type: 'binary', default: '' }] },
      /signature\.params\[0\] \("p"\): unknown MLflow parameter type "binary"/,
    ],
    [{ inputs: [{ type: 'double' }], params: [{ name: 'p', type: 'long' }] }, /\("p"\): missing "default"/],
    [
      { inputs: [{ type: 'double' }], params: [{ name: 'p', type: 'long', default: 1, shape: [2] }] },
      /"shape" must be null \(a single value\) or \[-1\] \(a list\), got \[2\]/,
    ],
  ])('%j', (sig, message) => {
    const e = thrown(() => inline(sig, 'models/m/MLmodel'));
    expect(e.file).toBe('models/m/MLmodel');
    expect(e.message).toMatch(message);
    expect(e.line).toBeGreaterThan(0);
  });

  it('YAML that is not a mapping, and a signature that is not one', () => {
    expect(thrown(() => importInterface('mlflow', new TextEncoder().encode('- a\n- b\n'), 'MLmodel')).message).toMatch(
      /expected a mapping at the top level/,
    );
    expect(thrown(() => importInterface('mlflow', new TextEncoder().encode('signature: yes\n'), 'MLmodel')).message).toMatch(
      /"signature" must be a mapping/,
    );
    expect(thrown(() => importInterface('mlflow', new TextEncoder().encode('signature:\n  params: "[]"\n'), 'MLmodel')).message).toBe(
      'the signature declares neither inputs nor outputs',
    );
  });
});

describe('MLflow duplicate column names (MLflow 1.x logged them)', () => {
  it('the same name twice with the same type: one column, and a note naming it', () => {
    const m = inline({
      inputs: [
        { name: 'age', type: 'long' },
        { name: 'sex', type: 'string' },
        { name: 'age', type: 'long' },
      ],
    });
    expect(m.input).toMatchObject({
      type: 'object',
      properties: { age: { type: 'integer', format: 'int64' }, sex: { type: 'string' } },
      required: ['age', 'sex'],
    });
    expect(m.notes).toEqual([
      {
        id: 'duplicate-column-name',
        message:
          'signature.inputs[2] ("age"): the column name "age" appears twice in signature.inputs (MLflow 1.x could log such a signature); the columns are read as one.',
      },
    ]);
  });

  it('the same name with two types: either type', () => {
    const m = inline({
      inputs: [
        { name: 'a', type: 'double' },
        { name: 'a', type: 'long', required: false },
      ],
    });
    expect(m.input).toMatchObject({
      properties: {
        a: {
          anyOf: [
            { type: 'number', format: 'double' },
            { type: 'integer', format: 'int64' },
          ],
        },
      },
      required: ['a'],
    });
    expect(m.notes?.[0]?.message).toMatch(/the columns are read as one of either type\.$/);
  });
});
