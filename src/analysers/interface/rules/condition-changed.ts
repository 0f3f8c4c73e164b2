import type { Rule } from '../rule.js';

export const conditionChanged: Rule = {
  id: 'condition-changed',
  keywords: ['if'],
  relation: 'changed',
  why: {
    input: 'Requests now meet a different `then`/`else` branch than before.',
    output: 'Consumers may receive values that meet a different branch than promised.',
  },
  hint: 'Keep the `if` condition, and change only `then` or `else`.',
  check: (ctx) =>
    ctx.old.if !== undefined && ctx.new.if !== undefined && !ctx.same('/if') ? [{ subPath: '/if', message: 'the `if` condition changed' }] : [],
};
