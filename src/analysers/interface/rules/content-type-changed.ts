import { brief, has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';

/**
 * MLServer decodes a request by the `content_type` of the model and of each tensor (`np`, `pd`,
 * `str`, `base64`, `datetime`, …); the KServe importer carries it as `x-content-type` on the
 * interface (model level) and on the tensor. The same bytes decoded another way are another
 * request, and the same response encoded another way reads differently: MAJOR both ways, an
 * absent `content_type` (the runtime's default codec) included.
 */
export const contentTypeChanged: Rule = {
  id: 'content-type-changed',
  keywords: ['x-content-type'],
  runtime: true,
  relation: 'changed',
  why: {
    input: 'The runtime decodes the same request another way, so callers get other results or errors.',
    output: 'Consumers decode the response with the old content type and read other values.',
  },
  hint: 'Keep the content type, or declare a major version.',
  check: (ctx) =>
    jsonEqual(ctx.old['x-content-type'], ctx.new['x-content-type'])
      ? []
      : [
          {
            old: ctx.old['x-content-type'],
            new: ctx.new['x-content-type'],
            side: has(ctx.new, 'x-content-type') ? 'new' : 'old',
            message: `\`content_type\` ${has(ctx.old, 'x-content-type') ? brief(ctx.old['x-content-type']) : '(none)'} → ${has(ctx.new, 'x-content-type') ? brief(ctx.new['x-content-type']) : '(none)'}`,
          },
        ],
};
