import type { Rule } from '../rule.js';
import { enumValues, showValues, ValueMap, without } from '../facts.js';
import { isObject } from '../../../core/json.js';
import { removalOf } from '../props.js';

export const enumValueRemoved: Rule = {
  id: 'enum-value-removed',
  keywords: ['enum', 'const'],
  relation: 'narrowed',
  why: {
    input: 'Requests that use the removed value are now rejected.',
    output: 'Every value emitted now was already allowed.',
  },
  hint: 'Keep accepting the value and map it to its replacement.',
  check: (ctx) => {
    const o = enumValues(ctx.old);
    const n = enumValues(ctx.new);
    if (!o || !n) return [];
    const removed = without(o, n);
    if (removed.length === 0 || (n.length > 0 && without(n, o).length === n.length)) return [];
    // Enum values are marked deprecated in the old schema with `x-deprecated-values: [{value, since}]`.
    const marks = Array.isArray(ctx.old['x-deprecated-values']) ? (ctx.old['x-deprecated-values'] as unknown[]).filter(isObject) : [];
    // The first mark of each value counts; looked up by value, not by a scan of every mark.
    const since = new ValueMap(marks.map((m) => [m.value, m.since] as [unknown, unknown]));
    const removal = removalOf(
      removed.map((v) => {
        const mark = since.find(v);
        return mark ? { deprecated: true, 'x-deprecated-since': mark.payload } : {};
      }),
    );
    return [{ old: o, new: n, message: `enum value${removed.length > 1 ? 's' : ''} ${showValues(removed)} removed`, removal }];
  },
};
