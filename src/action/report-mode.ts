/**
 * The second half of the fork-safe pattern: a privileged `workflow_run` job comments with a report
 * that an unprivileged `pull_request` job computed. The report is untrusted (a fork can change
 * the workflow that made it), so it is validated against the report's JSON Schema, rendered with
 * the same escaping as always, and the pull request is looked up from the run's head commit on
 * GitHub — never taken from the report. Whom to mention and which files to annotate come from the
 * default branch's commit checked out in the workspace, never from the report.
 */
import { promises as fs } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import { isHandle } from '../render/escape.js';
import { parseDocument } from '../readers/document.js';
import { GitTree, gitTopLevel } from '../readers/tree.js';
import type { ModelReport, Report } from '../verdict/report.js';
import type { PullRequestRef } from './event.js';
import { headCommit } from './git.js';
import type { Client } from './github.js';
import { ConfigError } from './inputs.js';
import { fsErrorWords } from '../readers/files.js';
import { InputError } from '../core/errors.js';

/** A report larger than this is refused: no honest report comes near it. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

let validate: ReturnType<Ajv2020['compile']> | undefined;
let validateLimits: ReturnType<Ajv2020['compile']> | undefined;

/**
 * What a report this Action wrote always satisfies beyond its published schema: identifiers within
 * the limits the contract format sets (a model id of at most 128 characters, versions of at most
 * 256), paths and rule ids of sane length. The renderers never cut these (the verdict line names
 * the model and is never dropped), so an untrusted report is held to them before use.
 */
const LIMITS = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        properties: {
          file: { type: 'string', maxLength: 4096 },
          message: { type: 'string', maxLength: 4096 },
          pointer: { type: 'string', maxLength: 4096 },
        },
      },
    },
    models: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          model: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 128 },
          path: { type: 'string', maxLength: 4096 },
          base: { type: ['string', 'null'], maxLength: 256 },
          head: { type: ['string', 'null'], maxLength: 256 },
          suggested: { type: ['string', 'null'], maxLength: 256 },
          notify: { type: 'array', items: { type: 'string', maxLength: 140 } },
          consumers: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string', maxLength: 256 }, owners: { type: 'array', items: { type: 'string', maxLength: 140 } } },
            },
          },
          findings: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string', maxLength: 100 },
                location: { type: 'object', properties: { file: { type: 'string', maxLength: 4096 } } },
              },
            },
          },
        },
      },
    },
    invalid: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', maxLength: 4096 },
          problems: {
            type: 'array',
            maxItems: 10_000,
            items: {
              type: 'object',
              properties: {
                file: { type: 'string', maxLength: 4096 },
                pointer: { type: 'string', maxLength: 4096 },
                message: { type: 'string', maxLength: 10_000 },
              },
            },
          },
        },
      },
    },
  },
};

/** The report of a gate run that could not decide (`verdict: error`): the problems, no models. */
export interface ErrorReport {
  verdict: 'error';
  models: [];
  errors: { file: string; message: string; line?: number; column?: number; pointer?: string }[];
}

/** The problems of an error report as the renderers take them. */
export function errorsOfReport(report: ErrorReport): InputError[] {
  return report.errors.map(
    (e) =>
      new InputError(e.file, e.message, {
        ...(e.line !== undefined ? { line: e.line, column: e.column ?? 1 } : {}),
        ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
      }),
  );
}

/** Read and check a JSON report file written by an earlier run (the `report` input). */
export async function loadReportFile(file: string): Promise<Report | ErrorReport> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    throw new ConfigError(`cannot read the report ${file} (the "report" input): ${fsErrorWords(err)}`);
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
  validateLimits ??= new Ajv2020({ allErrors: false, strict: false }).compile(LIMITS);
  if (!validateLimits(value)) {
    const e = validateLimits.errors?.[0];
    throw new ConfigError(`the report ${file} is not a model-contract-gate report: ${e ? `${e.instancePath || '/'} ${e.message}` : 'invalid'}`);
  }
  if ((value as { verdict: string }).verdict === 'error') {
    const r = value as ErrorReport;
    if (r.models.length > 0 || !Array.isArray(r.errors) || r.errors.length === 0)
      throw new ConfigError(
        `the report ${file} is not a model-contract-gate report: /verdict is "error" but it ${r.models.length > 0 ? 'has models' : 'names no problem'}`,
      );
    return r;
  }
  const report = value as Report;
  // The verdict line is the comment's first words: it must be the one the models make.
  const failing = report.models.findIndex((m) => !m.ok);
  const verdict = failing === -1 && !report.invalid ? 'pass' : 'fail';
  if (report.verdict !== verdict)
    throw new ConfigError(
      `the report ${file} is not a model-contract-gate report: /verdict is "${report.verdict}" but ${
        failing !== -1 ? `/models/${failing} fails` : report.invalid ? 'a contract in /invalid cannot be read' : 'every model passes'
      }`,
    );
  return report;
}

/**
 * What the repository itself says, read from the commit checked out in the workspace when it is
 * the default branch's commit the `workflow_run` event names (GITHUB_SHA): the owners each
 * contract's consumers list, and the files it tracks. Read with git from that commit, so files the
 * downloaded artifact put in the workspace count for nothing.
 */
export interface TrustedRepository {
  /** Owner handles (lower case) by `model:<id>` and by `path:<contract path>`. */
  owners: Map<string, Set<string>>;
  /** Every file the commit tracks. */
  files: Set<string>;
}

export async function readTrustedRepository(
  cwd: string,
  env: NodeJS.ProcessEnv,
  globs: string[],
): Promise<{ repo: TrustedRepository } | { why: string }> {
  if (env.GITHUB_EVENT_NAME !== 'workflow_run')
    return {
      why: `this is a ${env.GITHUB_EVENT_NAME || 'run without an event'}, not a workflow_run: only a workflow_run runs on the default branch`,
    };
  const root = await gitTopLevel(cwd);
  if (root === null) return { why: 'the workspace is not a checkout of the repository (add actions/checkout before this step)' };
  const head = await headCommit(root);
  if (!head || !env.GITHUB_SHA || head !== env.GITHUB_SHA)
    return {
      why: `the checkout (${head?.slice(0, 7) ?? 'no commit'}) is not the default branch's commit of this run (GITHUB_SHA ${env.GITHUB_SHA?.slice(0, 7) ?? 'unset'})`,
    };
  const tree = await GitTree.open(root, head);
  const owners = new Map<string, Set<string>>();
  const add = (key: string, handles: string[]) => {
    const set = owners.get(key) ?? new Set<string>();
    for (const h of handles) set.add(h.toLowerCase());
    owners.set(key, set);
  };
  for (const rel of await tree.glob(globs, '')) {
    const bytes = await tree.read(rel);
    if (bytes === null) continue;
    let value: unknown;
    try {
      value = parseDocument(bytes, rel).value;
    } catch {
      // A contract the default branch cannot parse names nobody.
      continue;
    }
    const c = obj(value);
    const consumers = Array.isArray(c.consumers) ? c.consumers.map(obj) : [];
    const handles = consumers
      .flatMap((k) => (Array.isArray(k.owners) ? k.owners : []))
      .filter((h): h is string => typeof h === 'string' && isHandle(h));
    add(`path:${rel}`, handles);
    if (typeof c.model === 'string') add(`model:${c.model}`, handles);
  }
  return { repo: { owners, files: new Set(await tree.glob(['**'], '')) } };
}

/**
 * The report with each model's handles to mention cut down to those its contract on the default
 * branch lists (by model id or by path); none at all without a trusted checkout.
 */
export function trustMentions(report: Report, repo: TrustedRepository | undefined): { report: Report; dropped: number } {
  let dropped = 0;
  const models = report.models.map((m): ModelReport => {
    const wanted = m.notify ?? (m.consumers ?? []).filter((c) => c.notify).flatMap((c) => c.owners);
    const allowed = new Set([...(repo?.owners.get(`model:${m.model}`) ?? []), ...(repo?.owners.get(`path:${m.path}`) ?? [])]);
    const notify = [...new Set(wanted.filter((h) => isHandle(h) && allowed.has(h.toLowerCase())))];
    dropped += new Set(wanted).size - notify.length;
    return { ...m, notify };
  });
  return { report: { ...report, models }, dropped };
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
