#!/usr/bin/env node
/**
 * `npm run bench`: builds dist/ from the current source, then runs both benchmarks through the
 * front door (`node dist/cli.js`), each in its own process: the behavior check on generated
 * contracts with 1,000,000-row reference sets (bench/behavior.mjs) and the interface analyser on
 * generated large schemas (bench/interface.mjs). Both always run, even when one misses a target
 * or fails; the script ends by naming every target missed, and exits 1 when there is one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './measure.mjs';

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      process.stdout.write(d.replace(/^BENCH-TARGETS .*\n?/gm, ''));
    });
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

const build = await run([path.join(ROOT, 'scripts', 'build.mjs')]);
if (build.code !== 0) {
  console.error('bench: building dist/ failed');
  process.exit(1);
}

const missed = [];
for (const [name, script] of [
  ['behavior', 'bench/behavior.mjs'],
  ['interface', 'bench/interface.mjs'],
]) {
  console.log('');
  const r = await run([path.join(ROOT, script)]);
  const line = r.out.split('\n').find((l) => l.startsWith('BENCH-TARGETS '));
  if (!line) {
    missed.push(`${name}: the benchmark did not finish (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
    continue;
  }
  const { targets } = JSON.parse(line.slice('BENCH-TARGETS '.length));
  for (const t of targets) if (!t.ok) missed.push(`${name}: ${t.what}`);
  if (r.code !== 0) missed.push(`${name}: the benchmark exited with code ${r.code}`);
}
console.log('');
if (missed.length === 0) console.log('bench: every target met');
else {
  console.log(`bench: ${missed.length} target${missed.length === 1 ? '' : 's'} missed:`);
  for (const m of missed) console.log(`  MISS ${m}`);
  process.exitCode = 1;
}
