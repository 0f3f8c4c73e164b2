/**
 * The import graph's shape: no cycle between folders, no edge (cli, action) importing the other,
 * and no file-system, process or thread access from the pure folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiersOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** `src/<top>`, and `src/<top>/<sub>` under analysers/ and readers/. */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if ((parts[0] === 'analysers' || parts[0] === 'readers') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : '.';
}

interface Edge {
  from: string;
  to: string;
  file: string;
  /** The imported module, relative to src/ (without extension). */
  target?: string;
}

function graph(): { edges: Edge[]; external: { file: string; spec: string }[] } {
  const edges: Edge[] = [];
  const external: { file: string; spec: string }[] = [];
  for (const file of filesUnder(SRC)) {
    for (const spec of specifiersOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        external.push({ file, spec });
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ from, to, file: path.relative(SRC, file), target: path.relative(SRC, target).replace(/\.js$/, '') });
    }
  }
  return { edges, external };
}

/** Strongly connected components of more than one folder (Tarjan), each as a printable cycle. */
export function folderCycles(edges: Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)!.add(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v)!) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!idx.has(v)) visit(v);
  return found.map((scc) => {
    const why = edges.filter((e) => scc.includes(e.from) && scc.includes(e.to)).map((e) => `  ${e.from} → ${e.to} (${e.file})`);
    return `{${scc.join(', ')}}:\n${[...new Set(why)].join('\n')}`;
  });
}

const PURE = ['core', 'analysers', 'verdict', 'render'];
/** Folders that do I/O: files, processes, threads, the network. */
const IMPURE_FOLDERS = ['readers', 'pipeline', 'cli', 'action'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|worker_threads)$/;

describe('architecture', () => {
  const { edges, external } = graph();

  it('reads the imports of the tree (the parser sees the known edges)', () => {
    expect(edges.some((e) => e.from === 'cli' && e.to === 'pipeline')).toBe(true);
    expect(external.some((x) => x.spec === 'node:path')).toBe(true);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    expect(folderCycles([...edges, { from: 'core', to: 'cli', file: 'core/x.ts' }]).length).toBeGreaterThan(0);
  });

  it('has no import between the two edges, cli and action', () => {
    const crossing = edges.filter((e) => (e.from === 'cli' && e.to === 'action') || (e.from === 'action' && e.to === 'cli'));
    expect(crossing).toEqual([]);
  });

  it('runs the gate in one place: only the pipeline compares contracts and runs the behavior analyser', () => {
    const runners = edges
      .filter((e) => e.target === 'verdict/compare' || e.target === 'pipeline/reference' || e.target === 'pipeline/behavior-driver')
      .filter((e) => e.from !== 'pipeline')
      .map((e) => `${e.file} imports ${e.target}`);
    expect(runners).toEqual([]);
  });

  it('keeps the pure folders away from the readers, the pipeline and the edges', () => {
    const reaching = edges
      .filter((e) => PURE.includes(e.from.split('/')[0]!) && IMPURE_FOLDERS.includes(e.to.split('/')[0]!))
      .map((e) => `${e.file} imports from ${e.to}`);
    expect(reaching).toEqual([]);
  });

  it('keeps the pure folders off the file system, processes and threads', () => {
    const impure = external
      .filter((x) => PURE.includes(path.relative(SRC, x.file).split(path.sep)[0]!) && IO_MODULES.test(x.spec))
      .map((x) => `${path.relative(SRC, x.file)} imports ${x.spec}`);
    expect(impure).toEqual([]);
  });
});
