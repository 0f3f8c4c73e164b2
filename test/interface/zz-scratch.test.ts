import { it } from 'vitest';
import { diffSchemas, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
const d = (o: unknown, n: unknown, dir: 'input'|'output' = 'input') => diffSchemas(singleSchemaSet(o), singleSchemaSet(n), dir, DEFAULT_POLICY).map(f => [f.id, f.bump, f.pointer, f.instancePath]);
it('probe', () => {
  console.log(d({enum: []}, {enum: ['a']}), d({enum: ['a']}, {enum: []}, 'output'));
  for (const depth of [5000]) {
    let o: any = { type: 'string' }, n: any = { type: 'integer' };
    for (let i = 0; i < depth; i++) { o = { type: 'object', properties: { a: o } }; n = { type: 'object', properties: { a: n } }; }
    let t = Date.now(); const r = d(o, n); console.log('props', r.length, r[0]?.[0], Date.now() - t, process.memoryUsage().heapUsed/1e6);
    o = { type: 'string' }; n = { type: 'integer' };
    for (let i = 0; i < depth; i++) { o = { not: o }; n = { not: n }; }
    t = Date.now();
    try { const r2 = d(o, n); console.log('not', r2.length, Date.now() - t); } catch (e) { console.log('not err', String(e)); }
  }
});
