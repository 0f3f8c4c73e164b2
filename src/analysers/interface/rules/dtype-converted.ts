import type { Rule } from '../rule.js';
import { dtypeOf } from '../lattice.js';

/** MLflow column types an old request may carry that MLflow converts to `double` itself. */
const TO_DOUBLE = new Set(['int32', 'int64', 'integer']);

/**
 * MLflow's input enforcement (mlflow/models/utils.py, `_enforce_mlflow_datatype`: "int -> double
 * (safe conversion)"; the REST scoring server first casts the JSON columns to the signature's
 * types, mlflow/utils/proto_json_utils.py `cast_df_types_according_to_schema`) accepts integer
 * values for a `double` column: an `integer`/`long` input column that became `double` keeps every
 * old request working. Reported here in place of the JSON lattice's findings about the same
 * schema (`integer` → `number` and the format int32/int64 → double, which JSON Schema reads as a
 * changed format).
 */
export const dtypeConverted: Rule = {
  id: 'dtype-converted',
  keywords: ['type', 'format'],
  lattices: ['mlflow'],
  runtime: true,
  relation: 'widened',
  supersedes: ['type-widened', 'format-added', 'format-removed', 'format-changed'],
  why: {
    input: 'MLflow converts the integer values of old requests to double itself, so they are still accepted.',
    output: 'Consumers that read integers now receive floating-point numbers.',
  },
  hint: 'Keep the output column an integer type, or release under a new major version.',
  check: (ctx) => {
    const o = dtypeOf(ctx.old);
    const n = dtypeOf(ctx.new);
    return o !== undefined && TO_DOUBLE.has(o) && n === 'double'
      ? [{ old: o, new: n, message: `column type changed from ${o === 'int64' ? 'long' : 'integer'} to double` }]
      : [];
  },
};
