import type { JsonObject } from '../../../core/json.js';
import { escapeToken } from '../../../core/pointer.js';
import { has, isObject, jsonEqual } from '../../../core/json.js';
import type { Rule, RuleHit } from '../rule.js';
import { acceptsAnything, acceptsNoValue } from '../schema-set.js';

/**
 * `unevaluatedProperties`/`unevaluatedItems` holding a schema constrain exactly the properties
 * and positions nothing else evaluates. Declaring a property (or a tuple position) takes it from
 * that schema to its own; dropping one hands it back. Either moves values between two schemas,
 * so the rule reports a change both ways; the semantic decision lowers the bump where it proves
 * that every protected value is still accepted (a new property whose schema is the
 * `unevaluatedProperties` one). `false` (a closed object or tuple) is read by the closed-object
 * and item rules too.
 */
function constraining(v: unknown): boolean {
  return v !== undefined && !acceptsAnything(v) && !acceptsNoValue(v);
}

/** The property names and name patterns that take properties away from `unevaluatedProperties`. */
function propertyNames(s: JsonObject): Set<string> {
  const patterns = isObject(s.patternProperties) ? Object.keys(s.patternProperties).map((p) => `pattern:${p}`) : [];
  return new Set([...(isObject(s.properties) ? Object.keys(s.properties) : []), ...patterns]);
}

function placeOf(key: string): { subPath: string; subInstance: string; label: string } {
  if (key.startsWith('pattern:')) {
    const p = key.slice('pattern:'.length);
    return { subPath: `/patternProperties/${escapeToken(p)}`, subInstance: '/*', label: `properties matching \`${p}\`` };
  }
  return { subPath: `/properties/${escapeToken(key)}`, subInstance: `/${escapeToken(key)}`, label: `property \`${key}\`` };
}

function tupleLength(s: JsonObject): number {
  return Array.isArray(s.prefixItems) ? s.prefixItems.length : Array.isArray(s.items) ? s.items.length : 0;
}

export const unevaluatedCoverageChanged: Rule = {
  id: 'unevaluated-coverage-changed',
  // Also reads `properties`, `patternProperties` and `prefixItems` beside them, without claiming
  // those: their own changes are reported by their own rules.
  keywords: ['unevaluatedProperties', 'unevaluatedItems'],
  relation: 'changed',
  why: {
    input: 'Those values are now checked by another schema, so requests that were accepted may be rejected.',
    output: 'Those values are now checked by another schema, so responses may carry values old consumers reject.',
  },
  hint: 'Give the property (or position) the same schema as the `unevaluated*` keyword, or declare a major version.',
  check: (ctx) => {
    const hits: RuleHit[] = [];
    const o = ctx.old;
    const n = ctx.new;
    // The keyword itself added, removed or changed: values move between it and what it replaces.
    for (const k of ['unevaluatedItems', 'unevaluatedProperties'])
      if (!jsonEqual(o[k], n[k]))
        hits.push({
          old: o[k],
          new: n[k],
          keyword: k,
          side: has(n, k) ? 'new' : 'old',
          message: `\`${k}\` ${!has(o, k) ? 'added' : !has(n, k) ? 'removed' : 'changed'}`,
        });
    const propsGoverned = (s: JsonObject) => !has(s, 'additionalProperties') && constraining(s.unevaluatedProperties);
    if (propsGoverned(o) || propsGoverned(n)) {
      const before = propertyNames(o);
      const after = propertyNames(n);
      for (const name of after)
        if (!before.has(name) && propsGoverned(o))
          hits.push({
            subPath: placeOf(name).subPath,
            subInstance: placeOf(name).subInstance,
            new: name.replace(/^pattern:/, ''),
            message: `${placeOf(name).label} declared, so \`unevaluatedProperties\` no longer checks ${name.startsWith('pattern:') ? 'them' : 'it'}`,
          });
      for (const name of before)
        if (!after.has(name) && propsGoverned(n))
          hits.push({
            subPath: placeOf(name).subPath,
            subInstance: placeOf(name).subInstance,
            old: name.replace(/^pattern:/, ''),
            side: 'old',
            message: `${placeOf(name).label} no longer declared, so \`unevaluatedProperties\` checks ${name.startsWith('pattern:') ? 'them' : 'it'}`,
          });
    }
    const itemsGoverned = (s: JsonObject) => !(has(s, 'items') && !Array.isArray(s.items)) && constraining(s.unevaluatedItems);
    if (itemsGoverned(o) || itemsGoverned(n)) {
      const before = tupleLength(o);
      const after = tupleLength(n);
      if (before !== after && (after > before ? itemsGoverned(o) : itemsGoverned(n)))
        hits.push({
          old: before,
          new: after,
          keyword: has(n, 'prefixItems') || !has(o, 'prefixItems') ? 'prefixItems' : undefined,
          message: `tuple of ${before} positions now ${after}, so \`unevaluatedItems\` checks ${after > before ? 'fewer' : 'more'} positions`,
        });
    }
    return hits;
  },
};
