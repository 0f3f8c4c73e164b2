import { has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';
import { newlyDeprecatedValues } from './deprecated-marked.js';

// Annotations: documentation, read/write hints, identifiers.
// `deprecated: true` being added (or an enum value listed in `x-deprecated-values`) is reported by
// deprecated-marked; any other change to them is an annotation.
const ANNOTATIONS = ['title', 'description', 'examples', '$comment', 'readOnly', 'writeOnly', 'id', 'deprecated', 'x-deprecated-values'];

export const annotationChanged: Rule = {
  id: 'annotation-changed',
  keywords: ANNOTATIONS,
  relation: 'annotation',
  why: {
    input: 'Annotations document the schema and accept or reject nothing.',
    output: 'Annotations document the schema and accept or reject nothing.',
  },
  check: (ctx) =>
    ANNOTATIONS.filter(
      (k) =>
        !jsonEqual(ctx.old[k], ctx.new[k]) &&
        !(k === 'deprecated' && ctx.new.deprecated === true) &&
        !(k === 'x-deprecated-values' && newlyDeprecatedValues(ctx.old, ctx.new).length > 0),
    ).map((k) => ({
      old: ctx.old[k],
      new: ctx.new[k],
      message: `\`${k}\` ${!has(ctx.old, k) ? 'added' : !has(ctx.new, k) ? 'removed' : 'changed'}`,
    })),
};
