/**
 * The GitHub Action's entry point (`dist/index.js`, run by the runner on Node 24). Thin: it runs
 * `runAction` with the real runner and sets the exit code. `run` is exported for
 * `@github/local-action`, which imports this file and calls it.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requestsAbandoned } from './github.js';
import { runAction } from './step.js';
import { actionsRunner } from './runner.js';

export async function run(): Promise<void> {
  // The runner starts steps in the workspace; tools that stand in for it may not.
  const workspace = process.env.GITHUB_WORKSPACE;
  if (workspace && workspace !== process.cwd()) {
    try {
      process.chdir(workspace);
    } catch {
      // runAction says that the folder is not a git repository.
    }
  }
  const code = await runAction({ runner: actionsRunner(process.env), env: process.env });
  if (code !== 0) process.exitCode = code;
}

/** True when this module is the program the runner started (not imported by a test or local-action). */
function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  await run();
  // A request given up at the comment step's time limit may still hold a retry's back-off timer:
  // everything is written, so do not wait for it.
  // (The empty write's callback runs once what was written before it is flushed.)
  if (requestsAbandoned()) process.stdout.write('', () => process.exit());
}
