import { closest } from 'fastest-levenshtein';
import { InputError } from '../core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import { parseDocument } from '../readers/document.js';

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
    spec.set(policy, value as never);
  }
  return policy;
}

export const POLICY_KEYS = Object.keys(KEYS);
