import { describe, expect, it } from 'vitest';
import { analyseArtifact } from '../../src/analysers/artifact/analyse.js';
import { analyseLineage } from '../../src/analysers/lineage/analyse.js';
import { analyseVersion } from '../../src/analysers/version/analyse.js';
import type { Contract } from '../../src/contract/types.js';
import type { ContractFacts } from '../../src/contract/load.js';
import { decide } from '../../src/verdict/decide.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';

const base: Contract = {
  contract: 1,
  model: 'm',
  version: '1.0.0',
  interface: { input: {}, output: {} },
  lineage: { training_data: 'd1', architecture: 'a1', hyperparameters: { lr: 0.001, opt: { name: 'adam', beta: 0.9 } } },
  artifact: { path: 'model.onnx', sha256: 'a'.repeat(64) },
};
const facts = (over: Partial<ContractFacts> = {}): ContractFacts => ({ preprocessing: {}, artifactFileSha256: 'a'.repeat(64), ...over });
const withLineage = (l: Contract['lineage']): Contract => ({ ...base, lineage: { ...base.lineage, ...l } });

describe('lineage analyser', () => {
  it('nothing changed: no findings', () => {
    expect(analyseLineage(base, base, facts(), facts())).toEqual([]);
  });
  it('training data and architecture require MINOR', () => {
    const f = analyseLineage(base, withLineage({ training_data: 'd2', architecture: 'a2' }), facts(), facts());
    expect(f.map((x) => [x.id, x.bump, x.old, x.new])).toEqual([
      ['training-data-changed', 'minor', 'd1', 'd2'],
      ['architecture-changed', 'minor', 'a1', 'a2'],
    ]);
  });
  it('hyper-parameters require PATCH, reported leaf by leaf with dotted names', () => {
    const f = analyseLineage(base, withLineage({ hyperparameters: { lr: 0.01, opt: { name: 'adam', beta: 0.95 }, dropout: 0.1 } }), facts(), facts());
    expect(f.map((x) => [x.id, x.bump, x.pointer, x.old, x.new])).toEqual([
      ['hyperparameter-changed', 'patch', '/lineage/hyperparameters/dropout', undefined, 0.1],
      ['hyperparameter-changed', 'patch', '/lineage/hyperparameters/lr', 0.001, 0.01],
      ['hyperparameter-changed', 'patch', '/lineage/hyperparameters/opt/beta', 0.9, 0.95],
    ]);
    expect(f[1]!.message).toContain('lr: 0.001 → 0.01');
    expect(f[2]!.message).toContain('opt.beta: 0.9 → 0.95');
  });
  it('preprocessing files changed, added or removed require PATCH', () => {
    const f = analyseLineage(
      base,
      base,
      facts({ preprocessing: { 'f/a.py': '1', 'f/b.py': '2' } }),
      facts({ preprocessing: { 'f/a.py': '9', 'f/c.py': '3' } }),
    );
    expect(f.map((x) => [x.id, x.bump, x.message.match(/file (\S+) (\w+)/)?.slice(1)])).toEqual([
      ['preprocessing-changed', 'patch', ['f/a.py', 'changed']],
      ['preprocessing-changed', 'patch', ['f/b.py', 'removed']],
      ['preprocessing-changed', 'patch', ['f/c.py', 'added']],
    ]);
  });
});

describe('artifact analyser', () => {
  const b = 'b'.repeat(64);
  it('same artifact: nothing', () => {
    expect(analyseArtifact(base, base, facts(), facts())).toEqual([]);
  });
  it('a declared digest that does not match the file blocks, whatever the version', () => {
    const f = analyseArtifact(base, base, facts(), facts({ artifactFileSha256: b }));
    expect(f[0]).toMatchObject({ id: 'artifact-digest-mismatch', blocking: true });
  });
  it('a new artifact requires PATCH', () => {
    const head = { ...base, version: '1.0.1', artifact: { path: 'model.onnx', sha256: b } };
    expect(analyseArtifact(base, head, facts(), facts({ artifactFileSha256: b }))).toEqual([
      expect.objectContaining({ id: 'artifact-changed', bump: 'patch' }),
    ]);
  });
  it('a changed artifact under an unchanged version fails the gate', () => {
    const head = { ...base, artifact: { path: 'model.onnx', sha256: b } };
    const findings = analyseArtifact(base, head, facts(), facts({ artifactFileSha256: b }));
    expect(findings[0]!.message).toMatch(/unchanged version 1\.0\.0/);
    const report = decide(
      { model: 'm', path: 'p', base: '1.0.0', head: '1.0.0', declared: analyseVersion(base, head).declared, findings },
      DEFAULT_POLICY,
    );
    expect(report.ok).toBe(false);
    expect(report.required).toBe('patch');
  });
  it('compares the file digests when no digest is declared', () => {
    const noDigest = { ...base, artifact: { path: 'model.onnx' } };
    const f = analyseArtifact(noDigest, noDigest, facts({ artifactFileSha256: 'a'.repeat(64) }), facts({ artifactFileSha256: b }));
    expect(f.map((x) => x.id)).toEqual(['artifact-changed']);
  });
  it('says when the artifact file is not in the repository', () => {
    const f = analyseArtifact(base, base, facts(), facts({ artifactFileSha256: null }));
    expect(f.map((x) => [x.id, x.bump])).toEqual([['artifact-file-absent', 'none']]);
  });
});

describe('version analyser and verdict', () => {
  const v = (version: string): Contract => ({ ...base, version });
  it('a decreased version blocks', () => {
    const a = analyseVersion(v('1.2.0'), v('1.1.9'));
    expect(a.findings).toEqual([expect.objectContaining({ id: 'version-decreased', blocking: true })]);
    expect(decide({ model: 'm', path: 'p', base: '1.2.0', head: '1.1.9', declared: a.declared, findings: a.findings }, DEFAULT_POLICY).ok).toBe(
      false,
    );
  });
  it('a renamed model is a MAJOR change', () => {
    expect(analyseVersion(base, { ...base, model: 'other' }).findings[0]).toMatchObject({ id: 'model-renamed', bump: 'major' });
  });
  const minorFinding = { id: 'training-data-changed', bump: 'minor' as const, area: 'lineage' as const, message: 'x' };
  it('declared above required passes with a note, and fails under the exact policy', () => {
    const d = { model: 'm', path: 'p', base: '1.0.0', head: '2.0.0', declared: 'major' as const, findings: [minorFinding] };
    const lenient = decide(d, DEFAULT_POLICY);
    expect(lenient.ok).toBe(true);
    expect(lenient.summary).toMatch(/requires only MINOR/);
    const exact = decide(d, { ...DEFAULT_POLICY, bump: 'exact' });
    expect(exact.ok).toBe(false);
    expect(exact.suggested).toBe('1.1.0');
  });
  it('a new model passes; a deleted one fails unless removal is allowed', () => {
    expect(decide({ model: 'm', path: 'p', base: null, head: '1.0.0', declared: 'none', findings: [] }, DEFAULT_POLICY).ok).toBe(true);
    const del = { model: 'm', path: 'p', base: '1.0.0', head: null, declared: 'none' as const, findings: [] };
    expect(decide(del, DEFAULT_POLICY).ok).toBe(false);
    expect(decide(del, { ...DEFAULT_POLICY, allowModelRemoval: true }).ok).toBe(true);
  });
});
