/**
 * The release note's markdown source reads as plain text: only what would render as markup is
 * escaped (no `&#45;`, `\.`, `\(` everywhere), and text from a contract still cannot inject
 * markup, HTML, links or mentions.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/load.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import { runGate } from '../../src/pipeline/gate.js';
import { WorkingTree } from '../../src/readers/tree.js';
import { noteText, noteValue, renderReleaseNote } from '../../src/render/release-notes.js';
import { ROOT } from '../helpers/cli.js';

async function note(example: string, base: string, head: string): Promise<string> {
  const tree = new WorkingTree(path.join(ROOT, 'fixtures/examples'));
  const [b, h] = await Promise.all([
    loadContract(tree, `${example}/${base}/model-contract.yaml`),
    loadContract(tree, `${example}/${head}/model-contract.yaml`),
  ]);
  return renderReleaseNote((await runGate([[b, h]], { policy: DEFAULT_POLICY, now: '2026-10-05T09:00:00Z' })).models[0]!);
}

describe('the release note as raw markdown', () => {
  it('has no entities for ordinary characters and no needless backslashes, on the examples', async () => {
    for (const [example, base, head] of [
      ['recommender', 'v1', 'head-1.1.0'],
      ['churn', 'v1', 'retrained-patch'],
      ['churn-behavior', 'v1', 'exceeded-patch'],
    ] as const) {
      const text = await note(example, base, head);
      expect(text, example).not.toMatch(/&#\d+;/);
      expect(text, example).not.toMatch(/\\[-.()!#+{}=]/);
      expect(text, example).not.toMatch(/\\:(?!\/\/)/);
    }
    const rec = await note('recommender', 'v1', 'head-1.1.0');
    expect(rec).toContain('consumers should re-validate. <sub><code>training-data-changed</code></sub>');
    expect(rec).toContain('<code>/lineage/training_data</code>');
    expect(rec).toContain('Declared consumers reading it: ranking-service.');
  });

  it('leaves plain text as it is', () => {
    for (const t of ['churn-classifier 1.4.2 (v2): ok.', 'snake_case_name', 'R&D', 'a+b=c #1 !', '{"a": 1}']) expect(noteText(t)).toBe(t);
    expect(noteText('3 > 2')).toBe('3 &gt; 2');
  });

  it('escapes what would render as markup', () => {
    expect(noteText('*b* _i_ `c` ~s~ $x$')).toBe('\\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\$x\\$');
    expect(noteText('[x](http://evil) ![i](y)')).toBe('\\[x\\]\\(http\\://evil) !\\[i\\]\\(y)');
    expect(noteText('<img src=x onerror=alert(1)> <!-- c -->')).toBe('&lt;img src=x onerror=alert(1)&gt; &lt;!-- c --&gt;');
    expect(noteText('@everyone and a@b.co')).toBe('@\u200beveryone and a@\u200bb.co');
    expect(noteText('www.evil.com WWW.x')).toBe('www\\.evil.com WWW\\.x');
    expect(noteText('&copy; &#64; a | b :smile:')).toBe('&amp;copy; &amp;#64; a \\| b \\:smile:');
    // A trailing backslash would escape the markup after it.
    expect(noteText('a\\')).toBe('a\\\\');
    expect(noteValue('a\\')).toBe('<code>a\\\\</code>');
    expect(noteText('C:\\path\\*')).toBe('C:\\path\\\\\\*');
    // Line breaks and hidden characters.
    expect(noteText('a\nb\u202ec')).toBe('a b\\u202Ec');
  });

  it('escapes a block marker only at the start of a line, and only where it starts a block', () => {
    expect(noteText('# x', { lineStart: true })).toBe('\\# x');
    expect(noteText('- x', { lineStart: true })).toBe('\\- x');
    expect(noteText('--- x', { lineStart: true })).toBe('\\--- x');
    expect(noteText('1. x', { lineStart: true })).toBe('1\\. x');
    expect(noteText('1.0.0 → 2.0.0', { lineStart: true })).toBe('1.0.0 → 2.0.0');
    expect(noteText('#1 -x', { lineStart: true })).toBe('#1 -x');
    expect(noteText('# x')).toBe('# x');
  });
});
