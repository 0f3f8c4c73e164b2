/** `dependentRequired`, `dependentSchemas` and draft-07 `dependencies` (which holds either). */
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';

/** Pairs "if `property` is present, `required` must be too". */
export function dependentRequired(s: JsonObject): Map<string, { path: string; requires: Set<string> }> {
  const out = new Map<string, { path: string; requires: Set<string> }>();
  for (const kw of ['dependentRequired', 'dependencies'] as const) {
    const map = s[kw];
    if (!isObject(map)) continue;
    for (const [prop, deps] of Object.entries(map)) {
      if (!Array.isArray(deps)) continue;
      const entry = out.get(prop) ?? { path: `/${kw}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`, requires: new Set<string>() };
      for (const d of deps) if (typeof d === 'string') entry.requires.add(d);
      out.set(prop, entry);
    }
  }
  return out;
}

/** Schemas that apply when a property is present, by property, with their sub-path. */
export function dependentSchemas(s: JsonObject): Map<string, string> {
  const out = new Map<string, string>();
  for (const kw of ['dependentSchemas', 'dependencies'] as const) {
    const map = s[kw];
    if (!isObject(map)) continue;
    for (const [prop, schema] of Object.entries(map)) {
      if (Array.isArray(schema)) continue;
      out.set(prop, `/${kw}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
  return out;
}
