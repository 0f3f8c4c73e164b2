/**
 * The real schemas the oracle mutates: every old.json/new.json pair under fixtures/rules/**, and
 * the `original`/`updated` pairs of the peer suite in ../shared/corpora/apicurio-jsonschema.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripKeys } from './util.js';

export interface BasePair {
  /** `fixtures/rules/<rule>/<case>` or `apicurio:<case id>`. */
  id: string;
  old: unknown;
  new: unknown;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');
export const FIXTURES = path.join(REPO, 'fixtures/rules');
export const SHARED = path.resolve(REPO, '../shared');
export const APICURIO = path.join(SHARED, 'corpora/apicurio-jsonschema/compatibility-test-data.json');

/**
 * `x-extensible-enum` makes an output enum extension MINOR on purpose (a documented policy, not
 * a claim that old consumers accept the new value), so the oracle removes it from every schema.
 */
export function neutralise(schema: unknown): unknown {
  return stripKeys(schema, (k) => k === 'x-extensible-enum');
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function fixturePairs(): BasePair[] {
  const out: BasePair[] = [];
  const dirs = (d: string) =>
    readdirSync(d)
      .filter((n) => statSync(path.join(d, n)).isDirectory())
      .sort();
  for (const rule of dirs(FIXTURES)) {
    for (const c of dirs(path.join(FIXTURES, rule))) {
      const dir = path.join(FIXTURES, rule, c);
      if (!existsSync(path.join(dir, 'old.json')) || !existsSync(path.join(dir, 'new.json'))) continue;
      out.push({
        id: `fixtures/rules/${rule}/${c}`,
        old: neutralise(readJson(path.join(dir, 'old.json'))),
        new: neutralise(readJson(path.join(dir, 'new.json'))),
      });
    }
  }
  return out;
}

export function sharedAvailable(): boolean {
  return existsSync(APICURIO);
}

export function apicurioPairs(): BasePair[] {
  if (!sharedAvailable()) return [];
  const data = readJson(APICURIO) as { tests: { id: string; enabled?: boolean; original: unknown; updated: unknown }[] };
  return data.tests
    .filter((t) => t.enabled !== false)
    .map((t) => ({ id: `apicurio:${t.id}`, old: neutralise(t.original), new: neutralise(t.updated) }));
}
