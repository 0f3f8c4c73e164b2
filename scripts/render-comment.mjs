#!/usr/bin/env node
/**
 * Renders the pull-request comment the way a reviewer sees it and measures its height: the
 * generated 300-finding change (scripts/large-change.mjs) through `node dist/cli.js check --format
 * markdown` (or a markdown file given as the first argument), GitHub-flavoured markdown to HTML
 * with markdown-it and GitHub's stylesheet (github-markdown-css), `<details>` collapsed, 1,000 px
 * wide, in headless Chromium. Writes .tmp/comment.html and .tmp/comment.png and prints the height;
 * exits 1 when it is over two screens (2 × 1,000 px).
 *
 * Needs `chromium` (Debian: apt-get install chromium) and the npm packages markdown-it and
 * github-markdown-css, from node_modules or from the folder named by MCG_RENDER_DEPS (an
 * `npm install --prefix DIR markdown-it github-markdown-css`): they are for this measurement only.
 * Mermaid blocks are shown as code (collapsed on the page anyway).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeChange } from './large-change.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.tmp');
const WIDTH = 1000;
const SCREENS = 2;
const SCREEN = 1000;

function load(name) {
  for (const from of [path.join(ROOT, 'package.json'), process.env.MCG_RENDER_DEPS && path.join(process.env.MCG_RENDER_DEPS, 'package.json')]) {
    if (!from) continue;
    try {
      return createRequire(from)(name);
    } catch {
      /* try the next place */
    }
  }
  console.error(`render-comment: cannot find the npm package ${name}; install it, or set MCG_RENDER_DEPS to a folder holding it`);
  process.exit(2);
}

function cssPath(name) {
  for (const from of [path.join(ROOT, 'package.json'), process.env.MCG_RENDER_DEPS && path.join(process.env.MCG_RENDER_DEPS, 'package.json')]) {
    if (!from) continue;
    try {
      return createRequire(from).resolve(name);
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}

function commentMarkdown() {
  if (process.argv[2]) return readFileSync(process.argv[2], 'utf8');
  const dir = mkdtempSync(path.join(tmpdir(), 'mcg-render-comment-'));
  try {
    const { base, head } = writeLargeChange(dir);
    try {
      return execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', base, head, '--format', 'markdown'], { encoding: 'utf8' });
    } catch (e) {
      // Exit code 1 is the gate failing, which this change does: the comment is on stdout.
      if (e.status === 1) return e.stdout;
      throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MarkdownIt = load('markdown-it');
const md = new MarkdownIt({ html: true, linkify: false, breaks: false });
const markdown = commentMarkdown();
const css = cssPath('github-markdown-css/github-markdown-light.css');
const html = `<!doctype html><html><head><meta charset="utf-8">
<style>${css ? readFileSync(css, 'utf8') : ''}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${WIDTH}px; padding: 16px; }
</style></head><body><article class="markdown-body" id="page">${md.render(markdown)}</article>
<script>document.body.setAttribute('data-height', String(document.getElementById('page').getBoundingClientRect().height));</script>
</body></html>`;
mkdirSync(OUT, { recursive: true });
const htmlFile = path.join(OUT, 'comment.html');
writeFileSync(htmlFile, html);

const chromium = process.env.CHROMIUM ?? 'chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${WIDTH},${SCREEN}`];
const dom = execFileSync(chromium, [...flags, '--dump-dom', `file://${htmlFile}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const height = Math.ceil(Number(/data-height="([\d.]+)"/.exec(dom)?.[1] ?? NaN));
const png = path.join(OUT, 'comment.png');
execFileSync(chromium, [...flags.slice(0, -1), `--window-size=${WIDTH},${Math.max(height, 100)}`, `--screenshot=${png}`, `file://${htmlFile}`], {
  stdio: 'ignore',
});
const limit = SCREENS * SCREEN;
console.log(
  `comment: ${markdown.length.toLocaleString('en-US')} characters, rendered ${height} px tall at ${WIDTH} px wide (limit ${limit} px, ${SCREENS} screens): ${height <= limit ? 'ok' : 'TOO TALL'}`,
);
console.log(`wrote ${path.relative(ROOT, htmlFile)} and ${path.relative(ROOT, png)}`);
process.exit(height <= limit ? 0 : 1);
