/**
 * The harness of the hostile-input corpus holds: a run that exceeds its limit is killed and
 * reported as such, and the checks catch a stack trace and a half-written report.
 */
import { describe, expect, it } from 'vitest';
import { STACK_TRACE, runCliBounded } from '../helpers/front-door.js';

describe('front-door harness', () => {
  it('kills a run at its hard limit and says so', () => {
    const r = runCliBounded(['--version'], { nodeArgs: ['-e', 'setInterval(() => {}, 1000)'], timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('recognises a Node stack trace', () => {
    const err = new Error('boom');
    expect(String(err.stack)).toMatch(STACK_TRACE);
    expect('model-contract-gate: fixtures/x.yaml:3:1: expected a string').not.toMatch(STACK_TRACE);
    // The text report's own locations are not stack frames.
    expect('      MAJOR  type-changed\n             at fixtures/a/schemas/output.schema.json:10:9\n').not.toMatch(STACK_TRACE);
    expect('             at /tmp/repo/model-contract.yaml:3:5').not.toMatch(STACK_TRACE);
    expect('    at run (file:///work/dist/cli.js:120:7)').toMatch(STACK_TRACE);
    expect('    at /work/dist/cli.js:120:7').toMatch(STACK_TRACE);
    expect('    at node:internal/process/task_queues:95:5').toMatch(STACK_TRACE);
  });

  it('runs the bundle built from the current source', () => {
    const r = runCliBounded(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
