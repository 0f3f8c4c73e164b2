/**
 * Real SavedModels, exported by TensorFlow (TensorFlow Serving's test data, fixtures/imports/
 * savedmodel/real/SOURCE.md), through the front door: `import savedmodel` reads their serving
 * signature, and `check` on a contract pair that moves from one to the other gives the documented
 * bump (an output whose rank became unknown: MAJOR; the same change on the input: MINOR).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const REAL = path.join(ROOT, 'fixtures/imports/savedmodel/real');

describe('real SavedModels exported by TensorFlow', () => {
  it('import savedmodel reads the serving signature of each: x in, y out, float', () => {
    const two = runCliBounded(['import', 'savedmodel', path.join(REAL, 'half_plus_two/00000123')]);
    expectClean(two, 0);
    const s = JSON.parse(two.stdout);
    expect(s.input.required).toEqual(['x']);
    // [-1, 1]: a free batch axis of one-element rows of float.
    expect(s.input.properties.x).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'number', format: 'float' }, minItems: 1, maxItems: 1 },
    });
    expect(Object.keys(s.output.properties)).toEqual(['y']);
    const three = runCliBounded(['import', 'savedmodel', path.join(REAL, 'half_plus_three/00000123', 'saved_model.pb')]);
    expectClean(three, 0);
    // Exported without shapes: any rank.
    expect(JSON.parse(three.stdout).input.properties.x).toEqual({ $ref: '#/$defs/any-rank-float' });
  });

  it('check: half_plus_two → half_plus_three under 1.1.0 fails (the output lost its shape), 2.0.0 is suggested', () => {
    const r = runCliBounded(['check', path.join(REAL, 'base.model-contract.yaml'), path.join(REAL, 'head.model-contract.yaml'), '--format', 'json']);
    expectClean(r, 1);
    const m = JSON.parse(r.stdout).models[0];
    expect([m.required, m.suggested]).toEqual(['major', '2.0.0']);
    expect(
      m.findings.some(
        (f: { id: string; direction: string; bump: string }) => f.id === 'type-widened' && f.direction === 'output' && f.bump === 'major',
      ),
    ).toBe(true);
    expect(
      m.findings.some(
        (f: { id: string; direction: string; bump: string }) => f.id === 'type-widened' && f.direction === 'input' && f.bump === 'minor',
      ),
    ).toBe(true);
  });
});
