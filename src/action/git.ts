/**
 * The git side of the Action: the base commit (fetched when the checkout is shallow and lacks it)
 * and the files that changed between it and the checkout.
 */
import { execFile } from 'node:child_process';
import { ConfigError } from './inputs.js';
import type { EventInfo } from './event.js';

export interface GitResult {
  stdout: string;
  stderr: string;
}

export function git(cwd: string, args: string[], timeoutMs = 120_000): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: timeoutMs,
        // Never wait for a password prompt on a runner.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** The last meaningful line of git's complaint, for a one-line message. */
function gitComplaint(err: unknown): string {
  const text = String((err as { stderr?: string }).stderr ?? (err as Error).message ?? err);
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[lines.length - 1] ?? 'git failed';
  return last.length > 300 ? last.slice(0, 299) + '…' : last;
}

async function commitOf(root: string, ref: string): Promise<string | null> {
  try {
    const { stdout } = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

export async function isShallow(root: string): Promise<boolean> {
  try {
    return (await git(root, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  } catch {
    return false;
  }
}

function checkRef(ref: string, source: string): void {
  if (ref === '' || ref.startsWith('-') || /[\s\0:?*[\\]/.test(ref) || ref.includes('..'))
    throw new ConfigError(`${source} ${JSON.stringify(ref)} is not a valid git commit or ref`);
}

export interface Base {
  /** The commit compared with; null when the head commit has no parent (every contract is new). */
  sha: string | null;
  /** Lines for the log: what was fetched, what was chosen and why. */
  notes: string[];
}

/**
 * The commit to compare with. A commit missing from the checkout is fetched from `origin` with
 * `--depth=1` (the default shallow checkout of actions/checkout lacks it). When the history holds
 * both, the merge base of that commit and HEAD is used, so that a checkout of the pull request's
 * head (rather than its merge commit) is compared with where it branched off, as GitHub's
 * "Files changed" tab does.
 */
export async function resolveBase(root: string, base: NonNullable<EventInfo['base']>): Promise<Base> {
  const notes: string[] = [];
  if ('parentOfHead' in base) {
    let parent = await commitOf(root, 'HEAD^1');
    if (parent === null && (await isShallow(root))) {
      const head = await commitOf(root, 'HEAD');
      try {
        await git(root, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=2', 'origin', head ?? 'HEAD']);
        notes.push('fetched the parent of HEAD (the checkout is shallow)');
      } catch (err) {
        throw new ConfigError(
          `the parent of the pushed commit is not in the checkout and fetching it failed (${gitComplaint(err)}); check out with fetch-depth: 2 or 0`,
        );
      }
      parent = await commitOf(root, 'HEAD^1');
    }
    if (parent === null) {
      notes.push('HEAD has no parent: every contract is new');
      return { sha: null, notes };
    }
    notes.push(`base: ${parent} (${base.source})`);
    return { sha: parent, notes };
  }

  checkRef(base.ref, base.source);
  let sha = await commitOf(root, base.ref);
  if (sha === null) {
    // Not in the checkout: fetch exactly that commit (or ref).
    try {
      await git(root, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', base.ref]);
    } catch (err) {
      throw new ConfigError(
        `the base commit ${base.ref} (${base.source}) is not in the checkout, and \`git fetch --depth=1 origin ${base.ref}\` failed: ${gitComplaint(err)}. ` +
          'Check out with `fetch-depth: 0`, and keep the default `persist-credentials: true` (or give the job `contents: read`).',
      );
    }
    sha = await commitOf(root, 'FETCH_HEAD');
    if (sha === null) throw new ConfigError(`fetching ${base.ref} (${base.source}) gave no commit`);
    notes.push(`fetched ${base.ref} (${sha}): the checkout did not have it`);
  }
  try {
    const mb = (await git(root, ['merge-base', sha, 'HEAD'])).stdout.trim();
    if (mb !== '' && mb !== sha) {
      notes.push(`base: ${mb}, where HEAD branched off ${sha} (${base.source})`);
      return { sha: mb, notes };
    }
  } catch {
    // Unrelated or shallow histories: compare with the commit itself.
  }
  notes.push(`base: ${sha} (${base.source})`);
  return { sha, notes };
}

/** Repository-relative paths that differ between the base commit and the working tree (untracked files included). */
export async function changedFiles(root: string, baseSha: string): Promise<Set<string>> {
  const diff = await git(root, ['-c', 'core.quotepath=off', 'diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', baseSha, '--']);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  return new Set([...diff.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean));
}

/** The commit checked out, for messages. */
export async function headCommit(root: string): Promise<string | null> {
  return commitOf(root, 'HEAD');
}
