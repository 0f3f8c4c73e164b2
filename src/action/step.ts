/**
 * The Action, start to end: read the inputs once, find the base and the contract pairs, run the
 * gate (pipeline/gate.ts, the same run as the CLI's), then hand the report to the sinks (log, job
 * summary, comment, annotations, outputs) and decide the step's outcome per `fail-on`.
 *
 * Exit codes: 0 the gate passed (or `fail-on` let it pass); 1 the gate failed; 2 the Action could
 * not decide: a configuration mistake, a missing base commit, an unreadable or invalid contract.
 * Every one of them is a one-line message, never a stack trace.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, InputErrors } from '../core/errors.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import { parsePolicy } from '../contract/policy.js';
import { runGate } from '../pipeline/gate.js';
import { renderReleaseNotes } from '../render/release-notes.js';
import { registryEntries } from '../render/registry.js';
import { renderJson } from '../render/json.js';
import { GitTree, gitTopLevel, WorkingTree } from '../readers/tree.js';
import { renderFullSummary } from '../render/summary.js';
import { plain, renderText } from '../render/text.js';
import type { Report } from '../verdict/report.js';
import { errorAnnotations, MAX_ERRORS_PER_STEP, MAX_WARNINGS_PER_STEP, planAnnotations, type Annotation } from '../render/annotations.js';
import { renderErrorSummary, renderPrComment, renderPrErrorComment, type CommentContext } from '../render/comment.js';
import { discover } from './discover.js';
import { readEvent, type EventInfo, type PullRequestRef } from './event.js';
import { resolveBase, headCommit } from './git.js';
import { ApiSession, createClient, explainApiError, timeLimits, upsertComment, type Client } from './github.js';
import { ConfigError, readInputs, type ActionInputs } from './inputs.js';
import { outputsOf, shouldFail, EMPTY_OUTPUTS } from './outputs.js';
import { loadReportFile, findRunPullRequest, readTrustedRepository, trustMentions, errorsOfReport, type ErrorReport } from './report-mode.js';
import type { Runner } from './runner.js';

export interface Deps {
  runner: Runner;
  env: NodeJS.ProcessEnv;
  /** The workspace; default process.cwd(). */
  cwd?: string;
  /** A fetch for the GitHub API (tests). */
  fetch?: typeof globalThis.fetch;
  /** Back-off unit for API retries, in ms (tests make it small). */
  backoffUnitMs?: number;
  /** Extra throttling options for the API client (tests). */
  throttle?: Record<string, unknown>;
}

/** What an error report names as the file of a configuration mistake (an input, a missing base). */
const CONFIGURATION = 'the workflow step (model-contract-gate inputs)';

interface Sinks {
  warnings: number;
  /** The GitHub API's time limits for this run, from the first request on. */
  api?: ApiSession;
}

/**
 * Repository-relative POSIX path of a head-side file as findings name it (relative to the process's
 * working directory, as the readers display it); undefined for a base-side file (`SHA:path`) or one outside.
 */
function headPathFn(root: string, baseSha: string | null): (file: string) => string | undefined {
  return (file) => {
    if (baseSha && file.startsWith(`${baseSha}:`)) return undefined;
    const rel = path.relative(root, path.resolve(process.cwd(), file)).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return undefined;
    return rel;
  };
}

/** The repository's web address, for links to files at the head commit. */
function linkBaseOf(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return undefined;
  return `${server}/${repo}`;
}

/** `docs/rules.md` at the Action's own ref, for links from rule ids; none when the runner does not say. */
function docsBaseOf(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_ACTION_REPOSITORY;
  const ref = env.GITHUB_ACTION_REF;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !ref || !/^[\w./-]+$/.test(ref) || ref.split('/').includes('..')) return undefined;
  return `${server}/${repo}/blob/${ref}/docs/rules.md`;
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID || !/^\d+$/.test(env.GITHUB_RUN_ID)) return undefined;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

function short(sha: string | null): string {
  return sha ? sha.slice(0, 7) : '(none)';
}

/** The policy: the file as it is at the base commit, so that a change cannot loosen its own gate. */
async function loadPolicy(root: string, baseSha: string | null, inputs: ActionInputs, runner: Runner, sinks: Sinks): Promise<Policy> {
  let policy: Policy = { ...DEFAULT_POLICY };
  if (inputs.policy) {
    const rel = path.posix.normalize(inputs.policy.replace(/\\/g, '/'));
    const head = await new WorkingTree(root).read(rel);
    const base = baseSha ? await (await GitTree.open(root, baseSha)).read(rel) : null;
    if (base === null && head === null) throw new ConfigError(`the policy file ${inputs.policy} (the "policy" input) does not exist`);
    if (base === null && baseSha !== null) {
      runner.warning(
        `The policy file ${rel} is new in this change: the default policy applies until it is merged (a change cannot set the policy that judges it).`,
        { title: 'model-contract-gate: policy', file: rel },
      );
      sinks.warnings++;
    } else {
      if (base !== null && head !== null && !base.equals(head))
        runner.info(`This change edits the policy file ${rel}; the version at the base commit applies (a change cannot loosen its own gate).`);
      const bytes = base ?? head!;
      policy = parsePolicy(bytes, base !== null ? `${short(baseSha)}:${rel}` : rel);
    }
  }
  if (inputs.allowModelRemoval) policy.allowModelRemoval = true;
  return policy;
}

async function writeReport(env: NodeJS.ProcessEnv, report: Report): Promise<{ report: string; releaseNotes: string; registry: string }> {
  // A folder of its own: two steps of one job (say, two globs) must not overwrite each other's report.
  const parent = env.RUNNER_TEMP || os.tmpdir();
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, 'model-contract-gate-'));
  const file = path.join(dir, 'report.json');
  await fs.writeFile(file, JSON.stringify(report, null, 2) + '\n');
  const notes = path.join(dir, 'release-notes.md');
  await fs.writeFile(notes, renderReleaseNotes(report));
  // The registry hand-off (`release-notes --format json`): a file, as a release note per model can outgrow an output.
  const registry = path.join(dir, 'registry.json');
  await fs.writeFile(registry, renderJson({ models: registryEntries(report) }));
  return { report: file, releaseNotes: notes, registry };
}

/**
 * The report of a run that could not decide: `verdict: error` and one entry per problem, at the
 * same kind of path as a verdict's report, so that the fork-safe pattern's upload and comment
 * steps explain the error instead of finding nothing.
 */
async function writeErrorReport(env: NodeJS.ProcessEnv, errors: InputError[]): Promise<string> {
  const parent = env.RUNNER_TEMP || os.tmpdir();
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, 'model-contract-gate-'));
  const file = path.join(dir, 'report.json');
  const report: ErrorReport = {
    verdict: 'error',
    models: [],
    errors: errors.map((e) => ({
      file: e.file,
      message: e.message,
      ...(e.line !== undefined ? { line: e.line, column: e.column ?? 1 } : {}),
      ...(e.pointer !== undefined && e.pointer !== '' ? { pointer: e.pointer } : {}),
    })),
  };
  await fs.writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

async function writeSummary(runner: Runner, markdown: string, sinks: Sinks): Promise<void> {
  if (!runner.hasSummary()) {
    runner.info('No job summary (GITHUB_STEP_SUMMARY is not set); the report is in the log above.');
    return;
  }
  try {
    await runner.summary(markdown);
  } catch (err) {
    runner.warning(`Cannot write the job summary: ${plain((err as Error).message)}`);
    sinks.warnings++;
  }
}

interface CommentPlan {
  pr?: PullRequestRef;
  body: string;
  createIfMissing: boolean;
}

async function postComment(deps: Deps, inputs: ActionInputs, event: EventInfo, plan: CommentPlan, sinks: Sinks): Promise<string> {
  const { runner, env } = deps;
  if (inputs.comment === 'never') return 'off';
  if (!plan.pr || !event.repo) {
    runner.info(`No pull request in this ${event.name || 'run'} event: no comment; the report is in the job summary.`);
    return 'no-pr';
  }
  if (!inputs.token) {
    runner.warning('No comment: the github-token input is empty. Leave it at its default (`${{ github.token }}`), or set `comment: never`.', {
      title: 'model-contract-gate: no token',
    });
    sinks.warnings++;
    return 'no-token';
  }
  try {
    const client = await makeClient(deps, inputs.token, sinks);
    const outcome = await sinks.api!.run(
      upsertComment(client, { ...event.repo, number: plan.pr.number }, plan.body, {
        createIfMissing: plan.createIfMissing,
        log: (t) => runner.info(t),
      }),
    );
    if (outcome.action === 'skipped') runner.info(`No comment: ${outcome.reason}.`);
    else runner.info(`Comment ${outcome.action}: ${outcome.url ?? outcome.id}`);
    return outcome.action;
  } catch (err) {
    runner.warning(explainApiError(err, `comment on pull request #${plan.pr.number}`, plan.pr.fork), { title: 'model-contract-gate: no comment' });
    sinks.warnings++;
    if (env.RUNNER_DEBUG === '1') runner.info(String((err as Error).stack ?? err));
    return 'failed';
  }
}

function makeClient(deps: Deps, token: string, sinks: Sinks): Promise<Client> {
  // One clock for every API call of the run: the comment step as a whole is bounded.
  sinks.api ??= new ApiSession(timeLimits(deps.env));
  return createClient({
    token,
    baseUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
    session: sinks.api,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.backoffUnitMs !== undefined ? { backoffUnitMs: deps.backoffUnitMs } : {}),
    ...(deps.throttle ? { throttle: deps.throttle } : {}),
    log: (t) => deps.runner.info(t),
  });
}

function emit(runner: Runner, annotations: Annotation[]): void {
  for (const a of annotations) {
    if (a.level === 'error') runner.error(a.message, a.place);
    else if (a.level === 'notice') runner.notice(a.message, a.place);
    else runner.warning(a.message, a.place);
  }
}

function setOutputs(runner: Runner, outputs: Record<string, string>): void {
  for (const [k, v] of Object.entries(outputs)) runner.setOutput(k, v);
}

/** Make every location in the report name the head file repository-relative (base-side files keep `SHA:path`). */
function relativise(report: Report, headPath: (f: string) => string | undefined): Report {
  return {
    ...report,
    ...(report.invalid
      ? {
          invalid: report.invalid.map((c) => ({ ...c, problems: c.problems.map((p) => ({ ...p, file: headPath(p.file) ?? p.file })) })),
        }
      : {}),
    models: report.models.map((m) => ({
      ...m,
      findings: m.findings.map((f) => {
        if (!f.location) return f;
        const rel = headPath(f.location.file);
        return rel ? { ...f, location: { ...f.location, file: rel } } : f;
      }),
    })),
  };
}

/** The report to the sinks: log, summary, comment, annotations, outputs; returns the exit code. */
async function deliver(
  deps: Deps,
  inputs: ActionInputs,
  event: EventInfo,
  report: Report,
  ctx: {
    baseSha: string | null;
    headSha: string | null;
    /** Repository-relative path of a head-side file as the (relativised) report names it. */
    headPath: (f: string) => string | undefined;
    /** The same for annotations, when they are placed more strictly (comment-only mode). */
    annotatePath?: (f: string) => string | undefined;
    basePath?: (f: string) => string | undefined;
    decides: boolean;
    pr?: PullRequestRef;
  },
  sinks: Sinks,
): Promise<number> {
  const { runner, env } = deps;
  runner.untrusted(renderText(report, { color: false }).trimEnd());
  const run = runUrl(env);
  const linkBase = linkBaseOf(env);
  const docsBase = docsBaseOf(env);
  const comment: CommentContext = {
    ...(linkBase ? { linkBase } : {}),
    ...(docsBase ? { docsBase } : {}),
    ...(ctx.headSha ? { headSha: ctx.headSha } : {}),
    ...(ctx.baseSha ? { base: ctx.baseSha } : {}),
    ...(run ? { runUrl: run } : {}),
    linkable: (f) => ctx.headPath(f) !== undefined,
  };
  const written = await writeReport(env, report);
  const reportPath = written.report;
  runner.info(`Report: ${reportPath}; release notes: ${written.releaseNotes}`);
  await writeSummary(runner, renderFullSummary(report, comment), sinks);
  const body = renderPrComment(report, { ...comment, marker: true });
  await postComment(
    deps,
    inputs,
    event,
    { ...(ctx.pr ? { pr: ctx.pr } : {}), body, createIfMissing: inputs.comment === 'always' || report.models.length > 0 || !!report.invalid },
    sinks,
  );

  const fail = ctx.decides && shouldFail(report, inputs.failOn);
  emit(
    runner,
    planAnnotations(report, {
      headPath: ctx.annotatePath ?? ctx.headPath,
      ...(ctx.basePath ? { basePath: ctx.basePath } : {}),
      errorSlots: MAX_ERRORS_PER_STEP - (fail ? 1 : 0),
      warningSlots: Math.max(0, MAX_WARNINGS_PER_STEP - sinks.warnings),
    }),
  );
  setOutputs(runner, {
    ...outputsOf(report),
    'report-path': reportPath,
    'release-notes-path': written.releaseNotes,
    'registry-path': written.registry,
  });
  if (fail) {
    const failed = report.models.filter((m) => !m.ok);
    const why =
      report.verdict === 'fail'
        ? [
            ...failed.map((m) => `${m.model}: ${m.summary}`),
            ...(report.invalid ? [`${report.invalid.length} contract(s) cannot be read.`] : []),
          ].join(' ')
        : `fail-on: any, and ${report.models.filter((m) => m.findings.some((f) => f.bump !== 'none')).length} model(s) changed.`;
    runner.error(plain(`model-contract-gate: ${why}`.slice(0, 2000)), { title: 'model-contract-gate failed' });
    return 1;
  }
  if (report.verdict === 'fail' && !report.invalid) runner.info(`The gate failed, but fail-on: ${inputs.failOn} lets the step pass.`);
  return 0;
}

async function gateMode(deps: Deps, inputs: ActionInputs, sinks: Sinks): Promise<number> {
  const { runner, env } = deps;
  const cwd = deps.cwd ?? process.cwd();
  const event = readEvent(env, inputs.baseRef);
  const root = await gitTopLevel(cwd);
  if (root === null) throw new ConfigError(`${cwd} is not a git repository: check out the repository first (actions/checkout with fetch-depth: 0)`);
  const base = await resolveBase(root, event.base!);
  for (const n of base.notes) runner.info(n);
  const headSha = await headCommit(root);
  const headPath = headPathFn(root, base.sha);
  const policy = await loadPolicy(root, base.sha, inputs, runner, sinks);
  if (inputs.predict) runner.info(`Predictions of the head model come from the predict-command input: ${plain(inputs.predict.join(' '))}`);
  // Deprecation windows count to the run's clock: the head commit's date is whatever its author set
  // (a commit dated 2099 would end every window at once).
  const now = new Date();
  const found = await discover(root, base.sha, inputs.contracts, inputs.exclude);
  // A gate that finds nothing to guard is a mistake in its configuration (a typo in a pattern), not a pass.
  if (found.matched === 0)
    throw new ConfigError(
      `the "contracts" patterns match no contract file ${base.sha ? `at the base (${short(base.sha)}) nor ` : ''}in the checkout${inputs.exclude.length > 0 ? ' outside "exclude"' : ''}: ${inputs.contracts.join(', ')}`,
    );
  runner.info(`Contracts: ${found.pairs.length} to check, ${found.unchanged.length} unchanged (${inputs.contracts.join(', ')})`);

  // Contracts that cannot be read are reported beside the others; with no other model to show,
  // the problems are the whole answer (the error comment).
  if (found.errors.length > 0 && found.pairs.length === 0) throw new InputErrors(found.errors);
  // The same run as the CLI's `check` (head predictions from predict-command when given).
  const gated = await runGate(found.pairs, {
    policy,
    now,
    unchanged: found.unchanged.length,
    invalid: found.invalid,
    ...(inputs.predict ? { predict: inputs.predict } : {}),
  });
  const report = relativise(gated, headPath);
  // From here on, head-side files are repository-relative and base-side ones `SHA:path`.
  const inReport = (f: string) => ((base.sha && f.startsWith(`${base.sha}:`)) || f.startsWith('/') || f.split('/').includes('..') ? undefined : f);
  const headFiles = new Set(await new WorkingTree(root).glob(['**'], '').catch(() => [] as string[]));
  const basePath = (f: string) => {
    const prefix = base.sha ? `${base.sha}:` : undefined;
    if (!prefix || !f.startsWith(prefix)) return undefined;
    const rel = f.slice(prefix.length);
    return headFiles.has(rel) ? rel : undefined;
  };
  const code = await deliver(
    deps,
    inputs,
    event,
    report,
    { baseSha: base.sha, headSha, headPath: inReport, basePath, decides: true, ...(event.pr ? { pr: event.pr } : {}) },
    sinks,
  );
  if (found.errors.length === 0) return code;
  // The report is out (log, summary, comment, outputs); the unreadable contracts fail the step as
  // invalid input, whatever fail-on says: an error is never let through as a verdict.
  emit(runner, errorAnnotations(found.errors, { headPath, errorSlots: Math.max(1, MAX_ERRORS_PER_STEP - 2) }));
  runner.error(
    `model-contract-gate: ${found.invalid.length} contract${found.invalid.length === 1 ? '' : 's'} cannot be read (${found.errors.length} problem${found.errors.length === 1 ? '' : 's'}); the other models are reported, and the gate fails (see the annotations and the report).`,
    { title: 'model-contract-gate: invalid contracts' },
  );
  return 2;
}

/** The second half of the fork-safe pattern: comment on (and summarise) a report computed by an earlier, unprivileged run. */
async function commentOnlyMode(deps: Deps, inputs: ActionInputs, sinks: Sinks): Promise<number> {
  const { runner, env } = deps;
  const cwd = deps.cwd ?? process.cwd();
  const loaded = await loadReportFile(path.resolve(cwd, inputs.report!));
  const event = readEvent(env, 'HEAD');
  if (loaded.verdict === 'error') return commentOnError(deps, inputs, event, loaded, sinks);
  const untrusted = loaded;
  // Whom to mention and which files to annotate: what the default branch says, never the report.
  const trusted = await readTrustedRepository(cwd, env, inputs.contracts);
  const repo = 'repo' in trusted ? trusted.repo : undefined;
  const { report, dropped } = trustMentions(untrusted, repo);
  const mentioned = new Set(report.models.flatMap((m) => m.notify ?? [])).size;
  runner.info(
    repo
      ? `Mentions: ${mentioned} owner handle${mentioned === 1 ? '' : 's'} that the default branch's contracts list${dropped > 0 ? `; ${dropped} other handle${dropped === 1 ? '' : 's'} in the report not mentioned` : ''}.`
      : `No mentions and no annotations on files: ${'why' in trusted ? trusted.why : ''}.`,
  );
  const pr = await runPullRequest(deps, inputs, event, sinks);
  const headSha =
    typeof (event.payload.workflow_run as { head_sha?: unknown } | undefined)?.head_sha === 'string'
      ? (event.payload.workflow_run as { head_sha: string }).head_sha
      : null;
  const headPath = (f: string) => (f.includes(':') || f.startsWith('/') || f.split('/').includes('..') ? undefined : f);
  // Annotations only on files the repository has: the report's paths are the fork's to choose.
  const annotatePath = (f: string) => (headPath(f) !== undefined && repo?.files.has(f) ? f : undefined);
  return deliver(deps, inputs, event, report, { baseSha: null, headSha, headPath, annotatePath, decides: false, ...(pr ? { pr } : {}) }, sinks);
}

/**
 * The pull request a comment-only run comments on: the event's, or on `workflow_run` the open
 * pull request whose head is the run's commit, looked up on GitHub (never taken from the report).
 */
async function runPullRequest(deps: Deps, inputs: ActionInputs, event: EventInfo, sinks: Sinks): Promise<PullRequestRef | undefined> {
  const { runner } = deps;
  let pr = event.pr;
  if (!pr && event.name === 'workflow_run' && event.repo && inputs.token && inputs.comment !== 'never') {
    try {
      const client = await makeClient(deps, inputs.token, sinks);
      pr = await sinks.api!.run(findRunPullRequest(client, event.repo, event.payload));
    } catch (err) {
      runner.warning(explainApiError(err, 'find the pull request of the workflow run', false));
      sinks.warnings++;
    }
    if (!pr) runner.info('The workflow run belongs to no open pull request whose head is the run’s commit: no comment.');
  }
  return pr;
}

/**
 * Comment-only mode on the report of a run that could not decide: the comment and the summary say
 * why (the same words as the run's own log). It does not fail: the first workflow's check already did.
 */
async function commentOnError(deps: Deps, inputs: ActionInputs, event: EventInfo, loaded: ErrorReport, sinks: Sinks): Promise<number> {
  const { runner } = deps;
  const errors = errorsOfReport(loaded);
  runner.untrusted(errors.map((e) => plain(e.format())).join('\n'));
  await writeSummary(runner, renderErrorSummary(errors), sinks);
  const pr = await runPullRequest(deps, inputs, event, sinks);
  await postComment(
    deps,
    inputs,
    event,
    { ...(pr ? { pr } : {}), body: renderPrErrorComment(errors, { marker: true }), createIfMissing: true },
    sinks,
  );
  setOutputs(runner, { ...EMPTY_OUTPUTS, 'report-path': path.resolve(deps.cwd ?? process.cwd(), inputs.report!) });
  runner.info(`The run that made the report could not decide (${errors.length} problem${errors.length === 1 ? '' : 's'}): the comment says why.`);
  return 0;
}

/** Run the Action; returns the exit code. Never throws. */
export async function runAction(deps: Deps): Promise<number> {
  const sinks: Sinks = { warnings: 0 };
  try {
    return await decide(deps, sinks);
  } finally {
    sinks.api?.close();
  }
}

async function decide(deps: Deps, sinks: Sinks): Promise<number> {
  const { runner, env } = deps;
  let inputs: ActionInputs | undefined;
  try {
    inputs = readInputs(runner);
    return inputs.report ? await commentOnlyMode(deps, inputs, sinks) : await gateMode(deps, inputs, sinks);
  } catch (err) {
    // A gate run that cannot decide still leaves a report saying why at `report-path`, for the
    // fork-safe pattern's comment workflow (comment-only mode never writes one: it only reads).
    const gateRun = inputs ? !inputs.report : runner.input('report').trim() === '';
    const reportOf = async (errors: InputError[]) => {
      if (!gateRun) return '';
      try {
        return await writeErrorReport(env, errors);
      } catch (e) {
        runner.warning(`Cannot write the error report: ${plain((e as Error).message)}`);
        return '';
      }
    };
    if (err instanceof ConfigError) {
      setOutputs(runner, { ...EMPTY_OUTPUTS, 'report-path': await reportOf([new InputError(CONFIGURATION, err.message)]) });
      runner.error(`model-contract-gate: ${plain(err.message)}`, { title: 'model-contract-gate: configuration' });
      return 2;
    }
    if (err instanceof InputErrors || err instanceof InputError) {
      const errors = err instanceof InputErrors ? err.errors : [err];
      setOutputs(runner, { ...EMPTY_OUTPUTS, 'report-path': await reportOf(errors) });
      runner.untrusted(errors.map((e) => plain(e.format())).join('\n'));
      const cwd = deps.cwd ?? process.cwd();
      const root = (await gitTopLevel(cwd)) ?? cwd;
      const headPath = (f: string) => {
        if (/^[0-9a-f]{7,64}:/.test(f)) return undefined;
        const rel = path.relative(root, path.resolve(process.cwd(), f)).split(path.sep).join('/');
        return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
      };
      emit(runner, errorAnnotations(errors, { headPath, errorSlots: MAX_ERRORS_PER_STEP - 1 }));
      await writeSummary(runner, renderErrorSummary(errors), sinks);
      if (inputs && inputs.comment !== 'never' && !inputs.report) {
        try {
          const event = readEvent(env, inputs.baseRef);
          if (event.pr)
            await postComment(
              deps,
              inputs,
              event,
              { pr: event.pr, body: renderPrErrorComment(errors, { marker: true }), createIfMissing: true },
              sinks,
            );
        } catch {
          // The error below says what matters.
        }
      }
      runner.error(
        `model-contract-gate: ${errors.length} problem${errors.length === 1 ? '' : 's'} reading the contracts; the gate cannot decide (see the annotations and the log).`,
        {
          title: 'model-contract-gate: invalid contracts',
        },
      );
      return 2;
    }
    setOutputs(runner, EMPTY_OUTPUTS);
    runner.error(`model-contract-gate: internal error: ${plain((err as Error)?.message ?? String(err))}`, {
      title: 'model-contract-gate: internal error',
    });
    if (env.RUNNER_DEBUG === '1' || env.MODEL_CONTRACT_GATE_DEBUG) runner.info(String((err as Error)?.stack ?? err));
    return 2;
  }
}
