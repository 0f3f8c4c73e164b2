import { closest } from 'fastest-levenshtein';
import { InputError } from '../core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import { parseDocument, type ParsedDocument } from '../readers/document.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatSchema from '../../schema/model-contract.schema.json' with { type: 'json' };
import { parseDay } from '../core/date.js';
import type { PolicyWaiver } from '../core/policy.js';

/** The policy file's keys, their values, and the Policy field each sets. */
interface KeySpec {
  /** The values allowed, or a description of them with a test. */
  values: readonly (string | boolean)[] | { expected: string; test: (v: unknown) => boolean };
  set: (p: Policy, v: never) => void;
}

const KEYS: Record<string, KeySpec> = {
  bump: { values: ['at-least', 'exact'], set: (p, v: Policy['bump']) => (p.bump = v) },
  'open-content': { values: ['lenient', 'strict'], set: (p, v: Policy['openContent']) => (p.openContent = v) },
  'output-enum-extension': { values: ['major', 'minor'], set: (p, v: Policy['outputEnumExtension']) => (p.outputEnumExtension = v) },
  'allow-model-removal': { values: [true, false], set: (p, v: boolean) => (p.allowModelRemoval = v) },
  notify: { values: ['major', 'minor', 'never'], set: (p, v: Policy['notify']) => (p.notify = v) },
  waivers: {
    values: {
      expected:
        '"allow", "never", or a list of waivers ({finding, reason, expires, and optionally model, pointer, direction, interface, approved-by})',
      test: (v) => v === 'allow' || v === 'never' || Array.isArray(v),
    },
    set: (p, v: 'allow' | 'never' | PolicyWaiver[]) => {
      if (Array.isArray(v)) {
        p.waivers = 'allow';
        p.waiverList = v;
      } else p.waivers = v;
    },
  },
  'deprecation-days': {
    values: { expected: 'a whole number of days, 0 or more', test: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 36500 },
    set: (p, v: number) => (p.deprecationDays = v),
  },
  'require-deprecation': { values: [true, false], set: (p, v: boolean) => (p.requireDeprecation = v) },
};

/** Read a policy file (YAML or JSON); every key is optional and defaults to the safe choice. */
export function parsePolicy(bytes: Uint8Array, file: string): Policy {
  const doc = parseDocument(bytes, file);
  const policy: Policy = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(doc.value as Record<string, unknown>)) {
    const spec = KEYS[key];
    const place = { ...doc.locate(`/${key}`), pointer: `/${key}` };
    if (!spec) {
      throw new InputError(
        file,
        `unknown policy key "${key}" (did you mean "${closest(key, Object.keys(KEYS))}"?); expected one of: ${Object.keys(KEYS).join(', ')}`,
        place,
      );
    }
    const values = spec.values;
    if (Array.isArray(values) ? !values.includes(value as string | boolean) : !(values as { test: (v: unknown) => boolean }).test(value)) {
      const expected = Array.isArray(values)
        ? `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
        : (values as { expected: string }).expected;
      throw new InputError(file, `"${key}" must be ${expected}, got ${JSON.stringify(value)}`, place);
    }
    if (key === 'waivers' && Array.isArray(value)) checkWaiverList(doc, file);
    spec.set(policy, value as never);
  }
  return policy;
}

export const POLICY_KEYS = Object.keys(KEYS);

let waiverValidator: ReturnType<Ajv2020['compile']> | undefined;

/** The policy file's waivers: the contract format's waiver, plus the `model` it applies to. */
function checkWaiverList(doc: ParsedDocument, file: string): void {
  if (!waiverValidator) {
    const waiver = formatSchema.$defs.waiver;
    const item = {
      ...waiver,
      properties: { ...waiver.properties, model: { description: 'The model it applies to; absent: every model.', type: 'string', minLength: 1 } },
    };
    waiverValidator = new Ajv2020({ strict: false, allErrors: false }).compile({
      type: 'array',
      maxItems: 200,
      items: item,
      $defs: formatSchema.$defs,
    });
  }
  const list = (doc.value as { waivers: unknown[] }).waivers;
  const fail = (pointer: string, message: string) => {
    throw new InputError(file, message, { ...doc.locate(pointer), pointer });
  };
  if (!waiverValidator(list)) {
    const e = waiverValidator.errors![0]!;
    const pointer = `/waivers${e.instancePath}`;
    const what = `\`${pointer.slice(1).replace(/\//g, '.')}\``;
    if (e.keyword === 'required') fail(pointer, `missing required field "${(e.params as { missingProperty: string }).missingProperty}" in ${what}`);
    if (e.keyword === 'additionalProperties')
      fail(
        `${pointer}/${(e.params as { additionalProperty: string }).additionalProperty}`,
        `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}" in ${what}; expected finding, reason, expires, model, pointer, direction, interface, approved-by`,
      );
    fail(pointer, `${what} ${e.message ?? 'is invalid'}`);
  }
  list.forEach((w, i) => {
    const expires = (w as { expires: string }).expires;
    if (parseDay(expires) === null) fail(`/waivers/${i}/expires`, `\`waivers.${i}.expires\` is not a calendar date: ${JSON.stringify(expires)}`);
  });
}
