/**
 * The registry hand-off through the front door: `node dist/cli.js release-notes --format json`
 * gives, per model, the MLflow model-version tags (semantic_version, version_bump_type,
 * breaking_changes) and the release note, for a passing MAJOR, a failing undeclared break (the
 * version it must be released as), a PATCH, and a new model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, example } from '../helpers/cli.js';
import { expectClean, runCliBounded } from '../helpers/front-door.js';

const entry = (model: string, base: string, head: string) => {
  const r = runCliBounded([
    'release-notes',
    example(model, base, 'model-contract.yaml'),
    example(model, head, 'model-contract.yaml'),
    '--format',
    'json',
  ]);
  expectClean(r, 0);
  const out = JSON.parse(r.stdout) as { models: Record<string, unknown>[] };
  expect(out.models).toHaveLength(1);
  return out.models[0]!;
};

describe('release-notes --format json', () => {
  it('a declared MAJOR: the head version, major, its breaking changes, its note', () => {
    const e = entry('recommender', 'v1', 'head-2.0.0');
    expect(Object.keys(e).sort()).toEqual(['breaking_changes', 'model', 'ok', 'path', 'release_note', 'semantic_version', 'version_bump_type']);
    expect(e).toMatchObject({ model: 'recommender', ok: true, semantic_version: '2.0.0', version_bump_type: 'major' });
    expect(e.breaking_changes).toEqual([
      expect.stringMatching(/^output \/items\/\*: Output type changed from integer to object.* \[type-changed\]$/),
    ]);
    expect(e.release_note).toMatch(/^## recommender <code>1\.0\.0<\/code> → <code>2\.0\.0<\/code> — MAJOR/);
    // The note for a registry carries no mentions.
    expect(e.release_note).not.toMatch(/(^|[^\u200b])@acme/m);
  });

  it('an undeclared break: not ok, with the version it must be released as', () => {
    expect(entry('recommender', 'v1', 'head-1.1.0')).toMatchObject({ ok: false, semantic_version: '2.0.0', version_bump_type: 'major' });
  });

  it('a PATCH: no breaking changes', () => {
    const e = entry('churn', 'v1', 'tuned-patch');
    expect(e).toMatchObject({ ok: true, version_bump_type: 'patch', breaking_changes: [] });
  });

  it('refuses a format it does not print', () => {
    const r = runCliBounded([
      'release-notes',
      example('churn', 'v1', 'model-contract.yaml'),
      example('churn', 'tuned-patch', 'model-contract.yaml'),
      '--format',
      'text',
    ]);
    expectClean(r, 2);
    expect(r.stderr).toContain('release-notes prints markdown or json');
  });

  it('docs/registry.md shows the real output (the release note cut where the page says …)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/registry.md'), 'utf8');
    const shown = JSON.parse(doc.split('```json\n')[1]!.split('```')[0]!) as { models: Record<string, unknown>[] };
    const real = entry('recommender', 'v1', 'head-2.0.0');
    const { release_note: note, ...rest } = shown.models[0]!;
    const { release_note: realNote, ...realRest } = real;
    expect(rest).toEqual(realRest);
    expect(String(note).endsWith('…')).toBe(true);
    expect(String(realNote).startsWith(String(note).slice(0, -1))).toBe(true);
  });
});
