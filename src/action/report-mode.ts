/**
 * The second half of the fork-safe pattern: a privileged `workflow_run` job comments with a report
 * that an unprivileged `pull_request` job computed. The report is untrusted (a fork can change
 * the workflow that made it), so it is validated against the report's JSON Schema, rendered with
 * the same escaping as always, and the pull request is looked up from the run's head commit on
 * GitHub — never taken from the report.
 */
import { promises as fs } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import type { Report } from '../verdict/report.js';
import type { PullRequestRef } from './event.js';
import type { Client } from './github.js';
import { ConfigError } from './inputs.js';

/** A report larger than this is refused: no honest report comes near it. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Read and check a JSON report file written by an earlier run (the `report` input). */
export async function loadReportFile(file: string): Promise<Report> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw new ConfigError(`cannot read the report ${file} (the "report" input): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!stat.isFile()) throw new ConfigError(`the report ${file} (the "report" input) is not a file`);
  if (stat.size > MAX_REPORT_BYTES) throw new ConfigError(`the report ${file} is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    throw new ConfigError(`the report ${file} (the "report" input) is not JSON`);
  }
  validate ??= new Ajv2020({ allErrors: false, strict: false }).compile(reportSchema);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new ConfigError(`the report ${file} is not a model-contract-gate report: ${e ? `${e.instancePath || '/'} ${e.message}` : 'invalid'}`);
  }
  return value as Report;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * The open pull request whose head is the workflow run's head commit. `workflow_run.pull_requests`
 * is empty for pull requests from forks, so the pull request is found by the run's head branch and
 * owner and then checked against the head commit.
 */
export async function findRunPullRequest(octokit: Client, repo: { owner: string; repo: string }, payload: Obj): Promise<PullRequestRef | undefined> {
  const run = obj(payload.workflow_run);
  const headSha = typeof run.head_sha === 'string' ? run.head_sha : undefined;
  if (!headSha) return undefined;
  const listed = Array.isArray(run.pull_requests) ? run.pull_requests.map(obj) : [];
  for (const p of listed) {
    if (typeof p.number === 'number' && obj(p.head).sha === headSha) return { number: p.number, headSha, fork: false };
  }
  const branch = typeof run.head_branch === 'string' ? run.head_branch : undefined;
  const owner = obj(obj(run.head_repository).owner).login;
  if (!branch || typeof owner !== 'string') return undefined;
  const { data } = await octokit.rest.pulls.list({ owner: repo.owner, repo: repo.repo, state: 'open', head: `${owner}:${branch}`, per_page: 100 });
  const pr = data.find((p) => p.head.sha === headSha);
  if (!pr) return undefined;
  return { number: pr.number, headSha, fork: pr.head.repo?.full_name !== `${repo.owner}/${repo.repo}` };
}
