import { has } from '../../../core/json.js';
import type { Rule } from '../rule.js';

/**
 * An imported complex tensor (ONNX COMPLEX64/128, numpy complex64/128) is carried in JSON as
 * `[real, imaginary]` pairs, the same instances as a real tensor with a last axis of length 2;
 * the importers mark the pair `x-complex: true`. Runtimes match the element type exactly, so a
 * tensor that becomes complex, or stops being complex, breaks callers and consumers both ways.
 */
export const complexTypeChanged: Rule = {
  id: 'complex-type-changed',
  keywords: ['x-complex'],
  runtime: true,
  relation: 'changed',
  why: {
    input: 'The runtime checks the element type: requests that send the old type are rejected.',
    output: 'Consumers decode the tensor by its element type and read other numbers than before.',
  },
  hint: 'Keep the element type, or declare a major version.',
  check: (ctx) => {
    const was = ctx.old['x-complex'] === true;
    const is = ctx.new['x-complex'] === true;
    if (was === is) return [];
    return [
      {
        old: was ? 'complex' : 'real',
        new: is ? 'complex' : 'real',
        side: has(ctx.new, 'x-complex') ? 'new' : 'old',
        message: was ? 'a complex number became a pair of real numbers' : 'a pair of real numbers became a complex number',
      },
    ];
  },
};
