import type { Rule } from '../rule.js';

export const deprecatedMarked: Rule = {
  id: 'deprecated-marked',
  keywords: ['deprecated'],
  relation: 'annotation',
  bumps: { input: 'minor', output: 'minor' },
  why: {
    input: 'Callers should plan to stop sending the field before it is removed.',
    output: 'Consumers should plan to stop reading the field before it is removed.',
  },
  check: (ctx) => (ctx.old.deprecated !== true && ctx.new.deprecated === true ? [{ new: true, message: 'marked deprecated' }] : []),
};
