import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/** `../shared` beside the project: the peer suites and real-model fixtures. */
export const SHARED = path.resolve(ROOT, '../shared');

/**
 * Whether tests that read ../shared run: always in CI (MODEL_CONTRACT_GATE_REQUIRE_SHARED=1,
 * where a missing folder is an error), and on a laptop when the folder is there.
 */
export function sharedAvailable(what: string): boolean {
  if (existsSync(SHARED)) return true;
  if (process.env.MODEL_CONTRACT_GATE_REQUIRE_SHARED === '1') {
    throw new Error(`${SHARED} is missing, and ${what} must run here`);
  }
  console.warn(`skipping ${what}: ${SHARED} is not beside the project`);
  return false;
}
