// The project's own import graph: which source file imports which, and the cycles in it.
// import-cycles.test.ts keeps the graph acyclic; the functions here take plain data
// (paths and texts) so that they can be tested on a graph built in memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** An import graph: repository-relative path (POSIX separators) -> the files it imports. */
export type ImportGraph = Map<string, Set<string>>;

/** Path aliases: a specifier prefix -> the repository-relative folder it stands for. */
export type Aliases = Readonly<Record<string, string>>;

/** `@core/x` for `wasm-core/src/x`, whether or not tsconfig.json declares it yet. */
export const DEFAULT_ALIASES: Aliases = { '@core/': 'wasm-core/src/' };

/** Source files are these; declaration files are included (they can import too). */
const SOURCE = /\.(ts|tsx|mjs)$/;

/** Generated or installed trees, never sources of ours. */
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', 'out']);

/** Every .ts/.tsx/.mjs file under `dirs` (relative to `root`), as sorted repository-relative paths. */
export function listSourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (name.startsWith('.')) continue;
      const rel = posix.join(dir, name);
      if (statSync(join(root, rel)).isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(rel);
      } else if (SOURCE.test(name)) {
        out.push(rel);
      }
    }
  };
  for (const d of dirs) walk(d);
  return out.sort();
}

/**
 * The module specifiers a file imports: static imports and re-exports (type-only ones
 * too: they tie the files together just the same), side-effect imports and import().
 * The TypeScript scanner reads them, so comments and strings that look like imports are
 * not mistaken for them.
 */
export function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Aliases declared in tsconfig.json's compilerOptions.paths (`"@x/*": ["dir/*"]`), plus the defaults. */
export function projectAliases(root: string): Aliases {
  const aliases: Record<string, string> = { ...DEFAULT_ALIASES };
  const read = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const options = (read.config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined)
    ?.compilerOptions;
  const base = options?.baseUrl ?? '.';
  for (const [pattern, targets] of Object.entries(options?.paths ?? {})) {
    if (!pattern.endsWith('/*') || targets.length === 0 || !targets[0].endsWith('/*')) continue;
    aliases[pattern.slice(0, -1)] = posix.join(base, targets[0].slice(0, -1)) + '/';
  }
  return aliases;
}

/**
 * The file a specifier in `from` names, among `files`; null for packages and for anything
 * that is not one of our source files. Resolves as TypeScript's bundler resolution does
 * for our files: with or without an extension, `.js` standing for `.ts`/`.tsx`, and a
 * folder standing for its index file.
 */
export function resolveImport(from: string, spec: string, files: ReadonlySet<string>, aliases: Aliases = DEFAULT_ALIASES): string | null {
  let base: string | null = null;
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
    base = posix.join(posix.dirname(from), spec);
  } else {
    for (const [prefix, dir] of Object.entries(aliases)) {
      if (spec.startsWith(prefix)) {
        base = posix.join(dir, spec.slice(prefix.length));
        break;
      }
    }
  }
  if (base === null) return null;
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [
    base,
    stem + '.ts',
    stem + '.tsx',
    stem + '.mjs',
    stem + '.d.ts',
    posix.join(base, 'index.ts'),
    posix.join(base, 'index.tsx'),
    posix.join(base, 'index.mjs'),
  ];
  for (const c of candidates) if (files.has(c)) return c;
  return null;
}

/** The import graph of `sources` (path -> text); imports of files outside it are left out. */
export function buildGraph(sources: ReadonlyMap<string, string>, aliases: Aliases = DEFAULT_ALIASES): ImportGraph {
  const files = new Set(sources.keys());
  const graph: ImportGraph = new Map();
  for (const [path, text] of sources) {
    const to = new Set<string>();
    for (const spec of importSpecifiers(text)) {
      const target = resolveImport(path, spec, files, aliases);
      if (target !== null) to.add(target);
    }
    graph.set(path, to);
  }
  return graph;
}

/** The import graph of the source files under `dirs` of the repository at `root`. */
export function projectGraph(root: string, dirs: readonly string[]): ImportGraph {
  const sources = new Map<string, string>();
  for (const f of listSourceFiles(root, dirs)) sources.set(f, readFileSync(join(root, f), 'utf8'));
  return buildGraph(sources, projectAliases(root));
}

/** An edge `from` -> `to`. */
export interface Edge {
  from: string;
  to: string;
}

/** The graph without the given edges. */
export function withoutEdges(graph: ImportGraph, edges: readonly Edge[]): ImportGraph {
  const out: ImportGraph = new Map();
  for (const [f, to] of graph) out.set(f, new Set(to));
  for (const e of edges) out.get(e.from)?.delete(e.to);
  return out;
}

/**
 * The import cycles: every strongly connected component of two or more files, and every
 * file importing itself, each as its sorted file list (Tarjan's algorithm, iterative).
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { v: string; it: Iterator<string> }[] = [];
    const visit = (v: string): void => {
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      work.push({ v, it: [...(graph.get(v) ?? [])].sort()[Symbol.iterator]() });
    };
    visit(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const step = top.it.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1 || graph.get(top.v)?.has(top.v)) cycles.push(comp.sort());
      }
    }
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** One shortest loop through the first file of a cycle, staying inside it: a -> b -> ... -> a. */
export function exampleLoop(graph: ImportGraph, cycle: readonly string[]): string[] {
  const inside = new Set(cycle);
  const start = cycle[0];
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = prev.get(u)!) path.unshift(u);
        return [start, ...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** A cycle as a test failure names it: its files, and one loop through them. */
export function describeCycle(graph: ImportGraph, cycle: readonly string[]): string {
  return (
    `import cycle of ${cycle.length} file${cycle.length === 1 ? '' : 's'}:\n` +
    cycle.map((f) => `  ${f}\n`).join('') +
    `  for example: ${exampleLoop(graph, cycle).join(' -> ')}`
  );
}

/** The repository root, from this file's place in it. */
export function repoRoot(): string {
  return fileURLToPath(new URL('../..', import.meta.url));
}
