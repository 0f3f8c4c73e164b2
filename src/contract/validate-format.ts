import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import formatSchema from '../../schema/model-contract.schema.json' with { type: 'json' };
import { InputError } from '../core/errors.js';
import { brief } from '../core/json.js';
import { joinPointer } from '../core/pointer.js';
import { isValidVersion } from '../core/version.js';
import type { ParsedDocument } from '../readers/document.js';

let validator: ReturnType<Ajv2020['compile']> | undefined;

function compiled() {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    validator = ajv.compile(formatSchema);
  }
  return validator;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${brief(value, 40)}`;
}

function describe(err: ErrorObject): { pointer: string; message: string } {
  const at = err.instancePath;
  const field = at === '' ? 'the contract' : `\`${at.slice(1).replace(/\//g, '.')}\``;
  switch (err.keyword) {
    case 'additionalProperties': {
      const name = (err.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = allowed.length ? closest(name, allowed) : undefined;
      const suggestion = near && distance(name, near) <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${near}"?)` : '';
      return {
        pointer: joinPointer(at, name),
        message: `unknown field "${name}"${suggestion}; expected one of: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const name = (err.params as { missingProperty: string }).missingProperty;
      return { pointer: at, message: `missing required field "${name}" in ${field}` };
    }
    case 'type':
      return { pointer: at, message: `${field} must be ${String(err.params.type).replace(',', ' or ')}, got ${kindOf(err.data)}` };
    case 'const':
      return { pointer: at, message: `${field} must be ${JSON.stringify(err.params.allowedValue)}, got ${kindOf(err.data)}` };
    case 'pattern':
      if (at === '/model')
        return {
          pointer: at,
          message: `"${String(err.data)}" is not a valid model name; expected lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
        };
      if (/sha256$/.test(at)) return { pointer: at, message: `${field} must be 64 lower-case hex digits` };
      return { pointer: at, message: `${field} must match ${err.params.pattern}, got ${kindOf(err.data)}` };
    case 'not':
      return { pointer: at, message: `${field} must be a path relative to the contract, got ${kindOf(err.data)}` };
    case 'anyOf':
      if (at === '/artifact') return { pointer: at, message: '`artifact` needs `path`, `sha256` or both' };
      return { pointer: at, message: `${field} ${err.message}` };
    default:
      return { pointer: at, message: `${field} ${err.message ?? 'is invalid'}` };
  }
}

/** Validate a parsed contract against the format; every error names file, line, column and field. */
export function validateFormat(doc: ParsedDocument): InputError[] {
  const validate = compiled();
  const errors: InputError[] = [];
  if (!validate(doc.value)) {
    const seen = new Set<string>();
    // anyOf/not parents repeat what their branches said; keep the most specific per place.
    const raw = (validate.errors ?? []).filter((e) => !(e.keyword === 'anyOf' && e.instancePath !== '/artifact'));
    // A missing required field that a misspelt field stands for is said once, by the misspelling.
    const suggested = new Set(
      raw
        .filter((e) => e.keyword === 'additionalProperties')
        .map((e) => describe(e).message.match(/did you mean "([^"]+)"/)?.[1] + '@' + e.instancePath),
    );
    for (const err of raw) {
      if (err.keyword === 'required' && suggested.has(`${(err.params as { missingProperty: string }).missingProperty}@${err.instancePath}`)) continue;
      const { pointer, message } = describe(err);
      const k = `${pointer}|${message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      errors.push(new InputError(doc.file, message, { ...doc.locate(pointer), pointer }));
    }
  }
  const version = (doc.value as { version?: unknown }).version;
  if (typeof version === 'string' && !isValidVersion(version)) {
    errors.push(
      new InputError(doc.file, `"${version}" is not a valid SemVer 2.0 version; expected MAJOR.MINOR.PATCH such as 1.4.0 or 2.0.0-rc.1`, {
        ...doc.locate('/version'),
        pointer: '/version',
      }),
    );
  }
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
