// No source file of the project imports itself through other files: the engine, the UI,
// the scripts, the benchmarks and the end-to-end tests each form layers that import
// downwards only. A cycle fails this test with its files named and one loop through them.
import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  describeCycle,
  type Edge,
  findCycles,
  importSpecifiers,
  projectGraph,
  repoRoot,
  resolveImport,
  withoutEdges,
} from './import-graph.js';

const SCANNED = ['wasm-core', 'web', 'scripts', 'bench', 'e2e'];

/**
 * Edges left out of the check, each with the reason. Keep it empty: an entry is for a
 * known edge that a change under way removes, and this test fails once the edge is gone,
 * so that the entry goes with it.
 */
const ALLOWED: (Edge & { why: string })[] = [];

describe('import cycles of the project', () => {
  const graph = projectGraph(repoRoot(), SCANNED);

  it('scans the sources of every part', () => {
    for (const dir of SCANNED)
      expect(
        [...graph.keys()].some((f) => f.startsWith(dir + '/')),
        dir,
      ).toBe(true);
    expect(graph.get('wasm-core/assembly/loader/link.ts')).toContain('wasm-core/assembly/loader/loadctx.ts');
  });

  it('has no import cycle', () => {
    const cycles = findCycles(withoutEdges(graph, ALLOWED));
    expect(cycles.map((c) => describeCycle(graph, c)).join('\n')).toBe('');
  });

  it('allows only edges that still exist', () => {
    const stale = ALLOWED.filter((e) => !graph.get(e.from)?.has(e.to)).map((e) => `${e.from} -> ${e.to} (${e.why})`);
    expect(stale, 'remove these entries from ALLOWED in import-cycles.test.ts').toEqual([]);
  });
});

describe('import graph', () => {
  const graphOf = (files: Record<string, string>) => buildGraph(new Map(Object.entries(files)));

  it('finds a cycle and names its files', () => {
    const g = graphOf({
      'src/a.ts': "import { b } from './b';",
      'src/b.ts': "export { c } from './c.js';",
      'src/c.ts': "import type { A } from './a';",
      'src/d.ts': "import { a } from './a';",
    });
    const cycles = findCycles(g);
    expect(cycles).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
    const text = describeCycle(g, cycles[0]);
    expect(text).toContain('import cycle of 3 files');
    expect(text).toContain('src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts');
    expect(text).not.toContain('src/d.ts');
  });

  it('finds nothing in a graph without cycles', () => {
    const g = graphOf({
      'top.ts': "import { l } from './left';\nimport { r } from './right';",
      'left.ts': "import { base } from './base';",
      'right.ts': "import { base } from './base';\nimport 'react';",
      'base.ts': '// import { top } from "./top";\nconst s = "import { top } from \'./top\'";\nexport const base = s;',
    });
    expect(findCycles(g)).toEqual([]);
    expect([...g.get('base.ts')!]).toEqual([]);
  });

  it('finds a file importing itself, and two separate cycles', () => {
    const g = graphOf({
      'x.ts': "import { x } from './x';",
      'p/one.ts': "import('../q/two').then(() => 0);",
      'q/two.ts': "import { one } from '../p/one';",
    });
    expect(findCycles(g)).toEqual([['p/one.ts', 'q/two.ts'], ['x.ts']]);
  });

  it('reads every form of import', () => {
    const text = [
      "import a from './a';",
      "import * as b from './b';",
      "import type { C } from './c';",
      "import './d';",
      "export * from './e';",
      "export { f } from './f';",
      'const g = await import("./g");',
      'import {\n  h,\n  i,\n} from "./h";',
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a', './b', './c', './d', './e', './f', './g', './h']);
  });

  it('resolves relative paths, extensions, index files and the @core alias', () => {
    const files = new Set([
      'wasm-core/src/engine.ts',
      'wasm-core/src/trace/index.ts',
      'web/App.tsx',
      'web/util.ts',
      'scripts/lib/mtime.mjs',
      'web/types.d.ts',
    ]);
    expect(resolveImport('web/App.tsx', './util', files)).toBe('web/util.ts');
    expect(resolveImport('web/App.tsx', './util.js', files)).toBe('web/util.ts');
    expect(resolveImport('web/App.tsx', './types', files)).toBe('web/types.d.ts');
    expect(resolveImport('web/util.ts', './App', files)).toBe('web/App.tsx');
    expect(resolveImport('web/util.ts', '../wasm-core/src/engine.js', files)).toBe('wasm-core/src/engine.ts');
    expect(resolveImport('web/util.ts', '../wasm-core/src/trace', files)).toBe('wasm-core/src/trace/index.ts');
    expect(resolveImport('web/util.ts', '@core/engine', files)).toBe('wasm-core/src/engine.ts');
    expect(resolveImport('web/util.ts', '@core/trace/index.js', files)).toBe('wasm-core/src/trace/index.ts');
    expect(resolveImport('scripts/x.mjs', './lib/mtime.mjs', files)).toBe('scripts/lib/mtime.mjs');
    expect(resolveImport('web/util.ts', 'react', files)).toBeNull();
    expect(resolveImport('web/util.ts', './missing', files)).toBeNull();
  });
});
