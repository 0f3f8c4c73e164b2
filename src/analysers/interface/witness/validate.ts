/**
 * ajv validators for checking witnesses, set up as predictions are validated (../validator.ts:
 * the set's draft, its documents under synthetic URIs so nothing is fetched, formats checked,
 * every pattern on the linear-time engine).
 */
import type { SchemaSet } from '../schema-set.js';
import { documentUris, newAjv, validationValue } from '../validator.js';

export type Check = (value: unknown) => boolean;

/** A validator of the set's entry, or null when ajv cannot compile it (then nothing is proven). */
export function compileCheck(set: SchemaSet): Check | null {
  const entry = set.docs[set.entry];
  if (!entry) return null;
  try {
    const ajv = newAjv(set);
    const uri = documentUris();
    for (const doc of Object.values(set.docs)) ajv.addSchema(validationValue(doc), uri(doc));
    const fn = ajv.getSchema(uri(entry));
    if (!fn) return null;
    return (value) => {
      try {
        return fn(value) as boolean;
      } catch {
        return false;
      }
    };
  } catch {
    return null;
  }
}
