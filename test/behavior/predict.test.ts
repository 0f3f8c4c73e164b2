import { describe, expect, it } from 'vitest';
import { predictRows } from '../../src/readers/predict.js';
import { rowsFromValues } from '../../src/readers/rows.js';
import { collect, fixture, inputError, inputs } from './helpers.js';

const node = (script: string) => [process.execPath, '-e', script];
const cwd = process.cwd();

// A model: reads requests as JSONL, prints one prediction per request.
const ECHO_MODEL = `
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (l) => { const q = JSON.parse(l); process.stdout.write(JSON.stringify({ id: q.request_id, len: q.text.length }) + '\\n'); });
`;

describe('predictions from a command', () => {
  it('feeds the inputs as JSONL and reads one prediction per row', async () => {
    const src = predictRows(node(ECHO_MODEL), inputs('classifier/inputs.jsonl'), { cwd });
    expect(src.name).toMatch(/^predictions of ".*node.* -e/);
    const rows = await collect(src);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ line: 1, value: { id: 'q0', len: 9 } });
    expect(rows[19]!.value).toEqual({ id: 'q19', len: 10 });
  });

  it('runs an argument list, never a shell', async () => {
    const script = `process.stdin.resume(); process.stdin.on('end', () => console.log(JSON.stringify(process.argv.slice(1))));`;
    const rows = await collect(
      predictRows([process.execPath, '-e', script, '$(touch /tmp/pwned)', '; echo hi', '*'], rowsFromValues('one', [{ a: 1 }]), { cwd }),
    );
    expect(rows[0]!.value).toEqual(['$(touch /tmp/pwned)', '; echo hi', '*']);
  });

  it('writes NaN and Infinity inputs as Python reads them', async () => {
    const script = `let s=''; process.stdin.on('data', d => s += d); process.stdin.on('end', () => { for (const l of s.trim().split('\\n')) console.log(JSON.stringify({ line: l })); });`;
    const rows = await collect(predictRows(node(script), rowsFromValues('nums', [{ x: NaN, y: Infinity }]), { cwd }));
    expect(rows[0]!.value).toEqual({ line: '{"x":NaN,"y":Infinity}' });
  });

  it('reports a crashing command with its exit code and last error line', async () => {
    const script = `process.stdin.resume(); console.log('{"a": 1}'); console.error('Traceback: model.pkl not found'); process.exit(3);`;
    const err = await inputError(collect(predictRows(node(script), inputs('classifier/inputs.jsonl'), { cwd })));
    expect(err.message).toBe(
      `the command exited with code 3 (it ran in ${cwd}); the last lines of its standard error:\n  | Traceback: model.pkl not found`,
    );
    expect(err.file).toMatch(/^predictions of "/);
  });

  it('reports a command killed by a signal', async () => {
    const err = await inputError(collect(predictRows(node(`process.kill(process.pid, 'SIGSEGV')`), inputs('classifier/inputs.jsonl'), { cwd })));
    expect(err.message).toMatch(/killed by signal SIGSEGV \(a crash in native code\) \(it ran in .*\) and printed nothing on its standard error/);
  });

  it('stops a slow command at the time limit', async () => {
    const started = Date.now();
    const err = await inputError(
      collect(predictRows(node('setTimeout(() => {}, 60000)'), inputs('classifier/inputs.jsonl'), { cwd, timeoutMs: 300 })),
    );
    expect(err.message).toBe(`the command did not finish within 0.3 s and was stopped (it ran in ${cwd}) and printed nothing on its standard error`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a command that prints too much', async () => {
    const script = `const line = JSON.stringify({ pad: 'x'.repeat(1000) }) + '\\n'; const spam = () => { while (process.stdout.write(line)); process.stdout.once('drain', spam); }; spam();`;
    const err = await inputError(collect(predictRows(node(script), inputs('classifier/inputs.jsonl'), { cwd, maxOutputBytes: 64 * 1024 })));
    expect(err.message).toBe(
      `the command printed more than 65536 bytes and was stopped (it ran in ${cwd}) and printed nothing on its standard error`,
    );
  });

  it('reports malformed output with its line', async () => {
    const script = `process.stdin.resume(); process.stdin.on('end', () => { console.log('{"a": 1}'); console.log('Loading model...'); });`;
    const err = await inputError(collect(predictRows(node(script), inputs('classifier/inputs.jsonl'), { cwd })));
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('reports a count that does not match the inputs', async () => {
    const script = `process.stdin.resume(); process.stdin.on('end', () => console.log('{"a": 1}'));`;
    const err = await inputError(collect(predictRows(node(script), inputs('classifier/inputs.jsonl'), { cwd })));
    expect(err.message).toBe('the command printed 1 prediction for 20 input rows; one line per input row is expected');
  });

  it('reports a program that does not exist, and an empty command', async () => {
    expect((await inputError(collect(predictRows(['/nonexistent/predict'], inputs('classifier/inputs.jsonl'), { cwd })))).message).toBe(
      'cannot run the command: the program was not found',
    );
    expect((await inputError(collect(predictRows([], inputs('classifier/inputs.jsonl'), { cwd })))).message).toMatch(/empty/);
  });

  it('passes on an error reading the inputs', async () => {
    const err = await inputError(collect(predictRows(node('process.stdin.resume()'), inputs('readers/bad-json.jsonl'), { cwd })));
    expect(err.line).toBe(3);
    expect(err.file).toBe('readers/bad-json.jsonl');
    void fixture;
  });
});
