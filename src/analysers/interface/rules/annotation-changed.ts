import { has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';

const ANNOTATIONS = ['title', 'description', 'examples', '$comment'];

export const annotationChanged: Rule = {
  id: 'annotation-changed',
  keywords: ANNOTATIONS,
  relation: 'annotation',
  why: {
    input: 'Annotations document the schema and accept or reject nothing.',
    output: 'Annotations document the schema and accept or reject nothing.',
  },
  check: (ctx) =>
    ANNOTATIONS.filter((k) => !jsonEqual(ctx.old[k], ctx.new[k])).map((k) => ({
      old: ctx.old[k],
      new: ctx.new[k],
      message: `\`${k}\` ${!has(ctx.old, k) ? 'added' : !has(ctx.new, k) ? 'removed' : 'changed'}`,
    })),
};
