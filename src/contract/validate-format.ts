import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import formatSchema from '../../schema/model-contract.schema.json' with { type: 'json' };
import { InputError } from '../core/errors.js';
import { brief } from '../core/json.js';
import { parseDay } from '../core/date.js';
import { joinPointer } from '../core/pointer.js';
import { MAX_VERSION_LENGTH, versionProblem } from '../core/version.js';
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
      if (/^\/consumers\/\d+\/owners\//.test(at))
        return { pointer: at, message: `"${String(err.data)}" is not a GitHub handle; expected @user or @org/team` };
      if (/^\/waivers\/\d+\/expires$/.test(at)) return { pointer: at, message: `${field} must be a date YYYY-MM-DD, got ${kindOf(err.data)}` };
      if (/^\/waivers\/\d+\/finding$/.test(at))
        return { pointer: at, message: `${field} must be a finding id as the report prints it (e.g. "type-changed"), got ${kindOf(err.data)}` };
      if (/^\/waivers\/\d+\/pointer$/.test(at))
        return { pointer: at, message: `${field} must be a JSON Pointer starting with "/", got ${kindOf(err.data)}` };
      if (/\/deprecations\/\d+\/since$/.test(at)) return { pointer: at, message: `${field} must be a date YYYY-MM-DD, got ${kindOf(err.data)}` };
      if (/\/deprecations\/\d+\/pointer$/.test(at))
        return {
          pointer: at,
          message: `${field} must be a JSON Pointer to a field of the input, the output or the params (e.g. "/output/score"), got ${kindOf(err.data)}`,
        };
      if (/x-deprecated-since$/.test(at)) return { pointer: at, message: `${field} must be a date YYYY-MM-DD, got ${kindOf(err.data)}` };
      if (/^\/consumers\/\d+\/fields\//.test(at))
        return { pointer: at, message: `${field} must be a JSON Pointer starting with "/", got ${kindOf(err.data)}` };
      if (/^\/interfaces$/.test(at))
        return { pointer: at, message: `API version names must be letters, digits, ".", "_" or "-", got ${kindOf(err.data)}` };
      return { pointer: at, message: `${field} must match ${err.params.pattern}, got ${kindOf(err.data)}` };
    case 'maxProperties':
    case 'minProperties':
      if (/\/from$/.test(at)) return { pointer: at, message: `${field} names exactly one source: ${SOURCES_TEXT} (a path each)` };
      return { pointer: at, message: `${field} ${err.message}` };
    case 'dependentRequired': {
      const { property, missingProperty } = err.params as { property: string; missingProperty: string };
      return { pointer: joinPointer(at, property), message: `\`${property}\` in ${field} goes with \`${missingProperty}\`` };
    }
    case 'not':
      return { pointer: at, message: `${field} must be a path relative to the contract, got ${kindOf(err.data)}` };
    case 'anyOf':
      if (at === '/artifact') return { pointer: at, message: '`artifact` needs `path`, `sha256` or both' };
      return { pointer: at, message: `${field} ${err.message}` };
    default:
      return { pointer: at, message: `${field} ${err.message ?? 'is invalid'}` };
  }
}

const SCHEMA_KEYS = ['input', 'output', 'params'] as const;

/** `from`'s keys that select inside a source, and the source kind each belongs to. */
const SELECTORS: Record<string, string> = { signature: 'savedmodel', path: 'openapi', method: 'openapi', input: 'proto', output: 'proto' };
/** The source kinds: the other keys of `from` in the format. */
const SOURCES = Object.keys(formatSchema.$defs.importSource.properties).filter((k) => !(k in SELECTORS));
const SOURCES_TEXT = `${SOURCES.slice(0, -1).join(', ')} or ${SOURCES[SOURCES.length - 1]}`;

/** `from` names one source, with the selectors its kind needs and no other. */
function checkFrom(pointer: string, from: unknown, err: (pointer: string, message: string) => InputError): InputError[] {
  if (from === null || typeof from !== 'object' || Array.isArray(from)) return [];
  const o = from as Record<string, unknown>;
  const field = `\`${pointer.slice(1).replace(/\//g, '.')}\``;
  const kinds = SOURCES.filter((k) => k in o);
  if (kinds.length !== 1) {
    // No source at all while selectors are there; several sources. (An empty `from` is the format's minProperties.)
    if (kinds.length === 0 && Object.keys(o).length === 0) return [];
    return [err(pointer, `${field} names exactly one source: ${SOURCES_TEXT} (a path each)`)];
  }
  const kind = kinds[0]!;
  const out: InputError[] = [];
  for (const key of Object.keys(o)) {
    if (key in SELECTORS && SELECTORS[key] !== kind)
      out.push(
        err(
          `${pointer}/${key}`,
          `\`${pointer.slice(1).replace(/\//g, '.')}.${key}\` is for ${SELECTORS[key] === 'openapi' ? 'an' : 'a'} ${SELECTORS[key]} source, not ${kind}`,
        ),
      );
  }
  if (kind === 'openapi' && !('path' in o))
    out.push(err(pointer, `missing required field "path" in ${field}: the operation's path in the OpenAPI document, e.g. /api/v2/predict`));
  if (kind === 'proto') {
    for (const k of ['input', 'output'])
      if (!(k in o))
        out.push(err(pointer, `missing required field "${k}" in ${field}: the ${k === 'input' ? 'request' : 'response'} message's name`));
  }
  return out;
}

/** What the format's JSON Schema leaves to code: `interface` xor `interfaces`, and `from` xor inline schemas. */
function checkInterfaces(doc: ParsedDocument): InputError[] {
  const value = doc.value as Record<string, unknown>;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const err = (pointer: string, message: string) => new InputError(doc.file, message, { ...doc.locate(pointer), pointer });
  const hasOne = 'interface' in value;
  const hasMany = 'interfaces' in value;
  if (hasOne && hasMany) return [err('/interfaces', 'declare either `interface` (one API) or `interfaces` (API versions side by side), not both')];
  if (!hasOne && !hasMany) return [err('', 'missing required field "interface" in the contract (or `interfaces`, for API versions side by side)')];
  const out: InputError[] = [];
  const check = (pointer: string, iface: unknown) => {
    if (iface === null || typeof iface !== 'object' || Array.isArray(iface)) return;
    const o = iface as Record<string, unknown>;
    const inline = SCHEMA_KEYS.filter((k) => k in o);
    const field = `\`${pointer.slice(1).replace(/\//g, '.')}\``;
    if ('from' in o) {
      out.push(...checkFrom(`${pointer}/from`, o.from, err));
      if (inline.length > 0)
        out.push(err(`${pointer}/${inline[0]}`, `${field} takes its schemas \`from\` a file; remove \`${inline.join('`, `')}\`, or remove \`from\``));
    } else {
      for (const k of ['input', 'output'] as const) {
        if (!(k in o)) out.push(err(pointer, `missing required field "${k}" in ${field} (or \`from: {${SOURCES.join('|')}: path}\`)`));
      }
    }
    if ('x-deprecated-since' in o && o.deprecated !== true)
      out.push(err(`${pointer}/x-deprecated-since`, `${field} has \`x-deprecated-since\` but not \`deprecated: true\``));
  };
  if (hasOne) check('/interface', value.interface);
  if (hasMany && value.interfaces && typeof value.interfaces === 'object') {
    for (const [name, iface] of Object.entries(value.interfaces as Record<string, unknown>)) check(`/interfaces/${name}`, iface);
  }
  return out;
}

/** A waiver's `expires` must be a real calendar date (the format's pattern only checks its shape). */
function checkWaiverDates(doc: ParsedDocument): InputError[] {
  const waivers = (doc.value as { waivers?: unknown } | null)?.waivers;
  if (!Array.isArray(waivers)) return [];
  const out: InputError[] = [];
  waivers.forEach((w, i) => {
    const expires = (w as { expires?: unknown } | null)?.expires;
    if (typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expires) && parseDay(expires) === null) {
      const pointer = `/waivers/${i}/expires`;
      out.push(
        new InputError(doc.file, `\`waivers.${i}.expires\` is not a calendar date: ${JSON.stringify(expires)}`, { ...doc.locate(pointer), pointer }),
      );
    }
  });
  return out;
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
  for (const item of checkInterfaces(doc)) errors.push(item);
  for (const item of checkWaiverDates(doc)) errors.push(item);
  const version = (doc.value as { version?: unknown }).version;
  // Too long a version is said by the format's maxLength already.
  const problem = typeof version === 'string' && version.length <= MAX_VERSION_LENGTH ? versionProblem(version) : undefined;
  if (problem !== undefined) errors.push(new InputError(doc.file, problem, { ...doc.locate('/version'), pointer: '/version' }));
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
