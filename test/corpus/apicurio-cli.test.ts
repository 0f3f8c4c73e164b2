/**
 * The peer suite through the front door: every Apicurio case written to two schema files and
 * compared by `node dist/cli.js diff-schema OLD NEW --direction … --format json`, as a user
 * would. It must agree as the engine does (test/corpus/apicurio.test.ts): the same verdicts,
 * every disagreement a documented departure, no case refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { runCliPool } from '../helpers/cli-pool.js';
import { STACK_TRACE, type FrontDoorResult } from '../helpers/front-door.js';
import { SHARED, sharedAvailable } from '../helpers/shared.js';

interface PeerCase {
  id: string;
  compatibility: 'backward' | 'both' | 'none' | 'forward';
  original: unknown;
  updated: unknown;
}

interface Verdict {
  key: string;
  peerSaysCompatible: boolean;
  result: FrontDoorResult;
  required?: string;
  agrees: boolean;
}

function documentedDepartures(): Set<string> {
  const doc = readFileSync(path.join(ROOT, 'docs/compatibility.md'), 'utf8');
  const out = new Set<string>();
  for (const m of doc.matchAll(/^\| `([^`]+)` \| (input|output) \|/gm)) out.add(`${m[1]} (${m[2]})`);
  return out;
}

const available = sharedAvailable('the Apicurio peer suite through the CLI');

describe.skipIf(!available)('peer suite through `node dist/cli.js diff-schema`', () => {
  let dir = '';
  let verdicts: Verdict[] = [];

  beforeAll(async () => {
    const file = path.join(SHARED, 'corpora/apicurio-jsonschema/compatibility-test-data.json');
    const cases = (JSON.parse(readFileSync(file, 'utf8')) as { tests: PeerCase[] }).tests;
    dir = mkdtempSync(path.join(tmpdir(), 'mcg-apicurio-'));
    const runs: string[][] = [];
    const meta: Omit<Verdict, 'result' | 'agrees'>[] = [];
    cases.forEach((c, i) => {
      const oldFile = path.join(dir, `${i}-original.json`);
      const newFile = path.join(dir, `${i}-updated.json`);
      writeFileSync(oldFile, JSON.stringify(c.original));
      writeFileSync(newFile, JSON.stringify(c.updated));
      for (const direction of ['input', 'output'] as const) {
        // backward: data valid under the original is valid under the update (see SOURCE.md).
        const oldDataOk = c.compatibility === 'backward' || c.compatibility === 'both';
        const newDataOk = c.compatibility === 'forward' || c.compatibility === 'both';
        runs.push(['diff-schema', oldFile, newFile, '--direction', direction, '--format', 'json']);
        meta.push({ key: `${c.id} (${direction})`, peerSaysCompatible: direction === 'input' ? oldDataOk : newDataOk });
      }
    });
    const started = Date.now();
    const results = await runCliPool(runs);
    console.log(`apicurio-jsonschema through the CLI: ${runs.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    verdicts = meta.map((m, i) => {
      const result = results[i]!;
      const required = result.code === 0 ? (JSON.parse(result.stdout) as { required: string }).required : undefined;
      return { ...m, result, required, agrees: required !== undefined && m.peerSaysCompatible === (required !== 'major') };
    });
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs all 290 verdicts, none refused, none crashed or killed', () => {
    expect(verdicts).toHaveLength(290);
    const bad = verdicts
      .filter((v) => v.result.code !== 0 || v.result.timedOut || STACK_TRACE.test(v.result.stderr))
      .map((v) => `${v.key}: exit ${v.result.code}${v.result.timedOut ? ' (killed)' : ''}: ${v.result.stderr.trim().slice(0, 300)}`);
    expect(bad).toEqual([]);
  });

  it('agrees on at least 97 % of the verdicts', () => {
    const agree = verdicts.filter((v) => v.agrees).length;
    console.log(
      `apicurio-jsonschema through the CLI: ${agree}/${verdicts.length} verdicts agree (${((100 * agree) / verdicts.length).toFixed(1)} %)`,
    );
    expect(agree / verdicts.length).toBeGreaterThanOrEqual(0.97);
  });

  it('disagrees only where docs/compatibility.md lists a departure, and on every one listed', () => {
    const documented = documentedDepartures();
    const disagreeing = verdicts.filter((v) => !v.agrees);
    expect(
      disagreeing
        .filter((v) => !documented.has(v.key))
        .map((v) => `${v.key}: peer ${v.peerSaysCompatible ? 'compatible' : 'breaking'}, gate ${v.required}`),
    ).toEqual([]);
    const keys = new Set(disagreeing.map((v) => v.key));
    expect([...documented].filter((k) => !keys.has(k))).toEqual([]);
  });
});
