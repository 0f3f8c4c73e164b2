import type { Rule } from '../rule.js';

export const containsChanged: Rule = {
  id: 'contains-changed',
  appliesTo: 'array',
  keywords: ['contains'],
  relation: 'changed',
  why: {
    input:
      'With `maxContains`, a wider `contains` counts more items as matching, so arrays can exceed the maximum: the change can reject requests either way.',
    output: 'With `maxContains`, any change to `contains` can make emitted arrays fail the count consumers were promised.',
  },
  hint: 'Keep `contains` as it was while `maxContains` bounds it.',
  check: (ctx) =>
    ctx.old.contains !== undefined &&
    ctx.new.contains !== undefined &&
    (ctx.old.maxContains !== undefined || ctx.new.maxContains !== undefined) &&
    // Annotations (a title on `contains`) and references (`$ref` into `$defs`) change nothing.
    !ctx.same('/contains')
      ? [{ subPath: '/contains', message: '`contains` changed under `maxContains`' }]
      : [],
};
