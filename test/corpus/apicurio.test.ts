/**
 * The peer suite: Apicurio Registry's JSON Schema compatibility cases, 145 cases and two
 * verdicts each (an input change must keep accepting old data; an output change must stay
 * within what old consumers accept). See ../shared/corpora/apicurio-jsonschema/SOURCE.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSchemas, requiredOf, singleSchemaSet } from '../../src/analysers/interface/diff.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { ROOT } from '../helpers/cli.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';

interface PeerCase {
  id: string;
  enabled: boolean;
  compatibility: 'backward' | 'both' | 'none' | 'forward';
  original: unknown;
  updated: unknown;
}

/** Case ids (with direction) that docs/compatibility.md lists as deliberate departures. */
function documentedDepartures(): Set<string> {
  const doc = readFileSync(path.join(ROOT, 'docs/compatibility.md'), 'utf8');
  const out = new Set<string>();
  for (const m of doc.matchAll(/^\| `([^`]+)` \| (input|output) \|/gm)) out.add(`${m[1]} (${m[2]})`);
  return out;
}

const available = sharedAvailable('the Apicurio peer suite');

describe.skipIf(!available)('peer suite: apicurio-jsonschema', () => {
  const file = path.join(SHARED, 'corpora/apicurio-jsonschema/compatibility-test-data.json');
  const cases = available ? (JSON.parse(readFileSync(file, 'utf8')) as { tests: PeerCase[] }).tests : [];

  const verdicts = cases.flatMap((c) => {
    // compatibility says which way data flows: backward = old data valid under the new schema.
    const oldDataOk = c.compatibility === 'backward' || c.compatibility === 'both';
    const newDataOk = c.compatibility === 'forward' || c.compatibility === 'both';
    return (['input', 'output'] as const).map((direction) => {
      const peerSaysCompatible = direction === 'input' ? oldDataOk : newDataOk;
      const required = requiredOf(diffSchemas(singleSchemaSet(c.original), singleSchemaSet(c.updated), direction, DEFAULT_POLICY));
      return { key: `${c.id} (${direction})`, peerSaysCompatible, required, agrees: peerSaysCompatible === (required !== 'major') };
    });
  });

  it('holds 290 verdicts', () => {
    expect(cases).toHaveLength(145);
    expect(verdicts).toHaveLength(290);
  });

  it('agrees on at least 97 % of the verdicts', () => {
    const agree = verdicts.filter((v) => v.agrees).length;
    console.log(`apicurio-jsonschema: ${agree}/${verdicts.length} verdicts agree (${((100 * agree) / verdicts.length).toFixed(1)} %)`);
    expect(agree / verdicts.length).toBeGreaterThanOrEqual(0.97);
  });

  it('every disagreement is a documented departure in docs/compatibility.md', () => {
    const documented = documentedDepartures();
    const undocumented = verdicts
      .filter((v) => !v.agrees && !documented.has(v.key))
      .map((v) => `${v.key}: peer ${v.peerSaysCompatible ? 'compatible' : 'breaking'}, gate ${v.required}`);
    expect(undocumented).toEqual([]);
  });

  it('lists no departure that has become an agreement', () => {
    const disagreeing = new Set(verdicts.filter((v) => !v.agrees).map((v) => v.key));
    expect([...documentedDepartures()].filter((k) => !disagreeing.has(k))).toEqual([]);
  });
});
