/**
 * The GitHub Action's entry point (first cut): compares every contract in the checkout with
 * its version at the pull request's base commit (or the `base-ref` input), prints the report,
 * writes it to the job summary and fails the step when the gate fails.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { run } from '../cli/run.js';

function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function baseRef(): string | undefined {
  const explicit = input('base-ref');
  if (explicit) return explicit;
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { base?: { sha?: string } }; before?: string };
  return event.pull_request?.base?.sha ?? event.before;
}

const ref = baseRef();
if (!ref) {
  process.stdout.write('::error::model-contract-gate: no base commit: set the base-ref input or run on pull_request or push\n');
  process.exitCode = 2;
} else {
  let markdown = '';
  const args = ['check', '--base-ref', ref];
  if (input('allow-model-removal') === 'true') args.push('--allow-model-removal');
  if (input('policy')) args.push('--policy', input('policy'));
  const code = await run([...args, '--format', 'markdown'], { stdout: (t) => (markdown += t), stderr: (t) => process.stderr.write(t), color: false });
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary && markdown) appendFileSync(summary, markdown);
  process.stdout.write(markdown);
  if (code !== 0) process.stdout.write(`::error::model-contract-gate: ${code === 1 ? 'the gate failed' : 'the contracts could not be read'}\n`);
  process.exitCode = code;
}
