/**
 * Runs the bundled CLI (`node dist/cli.js …`) as a user would and measures it from outside: wall
 * time, and the peak resident memory of the process (worker threads included), from
 * `/usr/bin/time` when the machine has it, else by polling the high-water mark VmHWM in
 * /proc/<pid>/status.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

/**
 * @param {string[]} args arguments of the CLI
 * @param {{ cwd?: string, env?: Record<string, string>, timeoutMs?: number }} [opts]
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, ms: number, peakRssKb: number | undefined, timedOut: boolean }>}
 */
export function runCli(args, opts = {}) {
  const useTime = existsSync(TIME) && process.platform === 'linux';
  const tmp = useTime ? mkdtempSync(path.join(os.tmpdir(), 'mcg-bench-')) : undefined;
  const rssFile = tmp && path.join(tmp, 'rss');
  const argv = useTime ? [TIME, '-f', '%M', '-o', rssFile, process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let polled = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polled = Math.max(polled, Number(m[1]));
          } catch {
            /* gone, or not Linux */
          }
        }, 20);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Its own process group (detached): the CLI dies with the /usr/bin/time that started it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs ?? 600_000);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let peakRssKb = polled || undefined;
      if (rssFile) {
        // GNU time exits with the command's status, and writes a line about it before the figure when it is not 0.
        const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
        const n = Number(lines[lines.length - 1]);
        peakRssKb = Number.isFinite(n) && n > 0 ? n : undefined;
        rmSync(tmp, { recursive: true, force: true });
      }
      resolve({ code, signal, stdout, stderr, ms, peakRssKb, timedOut });
    });
  });
}

export const mb = (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** The line each bench prints last, read by run.mjs: which targets it met. */
export function reportTargets(name, targets) {
  for (const [what, ok] of targets) console.log(`  ${ok ? 'ok  ' : 'MISS'} ${what}`);
  console.log(`BENCH-TARGETS ${JSON.stringify({ bench: name, targets: targets.map(([what, ok]) => ({ what, ok })) })}`);
}
