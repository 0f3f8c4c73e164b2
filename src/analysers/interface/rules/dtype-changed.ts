import type { Rule } from '../rule.js';
import { dtypeOf } from '../lattice.js';

/**
 * Runtimes that match tensor datatypes exactly (ONNX Runtime, Triton, KServe V2) refuse a request
 * whose datatype differs from the model's, and hand back the model's own datatype: there is no
 * widening to rely on, so any change of an element type is one breaking change, reported here in
 * place of the JSON lattice's findings about the same schema (type, format and the range a
 * narrow integer type implies).
 */
export const dtypeChanged: Rule = {
  id: 'dtype-changed',
  keywords: ['type', 'format'],
  lattices: ['exact-dtype'],
  runtime: true,
  relation: 'changed',
  supersedes: [
    'type-widened',
    'type-narrowed',
    'type-changed',
    'format-added',
    'format-removed',
    'format-widened',
    'format-narrowed',
    'format-changed',
    'range-loosened',
    'range-tightened',
  ],
  why: {
    input: 'The serving runtime matches tensor datatypes exactly: requests that keep sending the old datatype are refused.',
    output: 'The serving runtime returns the new datatype: clients decode other bytes, and get another dtype back.',
  },
  hint: 'Keep the datatype (cast inside the model), or release under a new major version.',
  check: (ctx) => {
    const o = dtypeOf(ctx.old);
    const n = dtypeOf(ctx.new);
    return o !== undefined && n !== undefined && o !== n ? [{ old: o, new: n, message: `element datatype changed from ${o} to ${n}` }] : [];
  },
};
