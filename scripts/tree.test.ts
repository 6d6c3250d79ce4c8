// The committed tree itself: no file keeps the markers of a merge that was not finished
// (bench/README.md once did, unnoticed, because nothing reads it mechanically), no file
// outside docs/ cites design notes that a clone of the repository does not contain, and the
// architecture documents quote only files that exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  .split('\0')
  .filter(Boolean);

/** Every tracked text file present in the work tree, as lines. */
function trackedTextFiles(): { path: string; lines: string[] }[] {
  const out: { path: string; lines: string[] }[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(join(root, f), 'utf8');
    } catch {
      continue;
    } // deleted in the work tree
    if (text.includes('\0')) continue; // binary
    out.push({ path: f, lines: text.split('\n') });
  }
  return out;
}

describe('the committed tree', () => {
  it('has no unresolved merge conflict markers', () => {
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const { path, lines } of trackedTextFiles()) {
      lines.forEach((line, i) => {
        if (/^(<{7} |>{7} |={7}$)/.test(line)) found.push(`${path}:${i + 1}: ${line}`);
      });
    }
    expect(found).toEqual([]);
  });

  // The loader, relocation, heap and toolchain notes the engine was first written from live
  // outside the repository. Code and comments state the fact and cite the upstream Zephyr
  // path instead; longer explanations are ours, in docs/ (docs/zephyr-*.md).
  it('cites no design note outside the repository (only docs/ and upstream paths)', () => {
    const tracked = new Set(files);
    const trackedNames = new Set(files.map((f) => basename(f)));
    const note = /[\w./-]*(?:loader|relocations|sys-heap|toolchain)\.md/g;
    const found: string[] = [];
    for (const { path, lines } of trackedTextFiles()) {
      if (path.startsWith('docs/')) continue;
      lines.forEach((line, i) => {
        const cited = /shared\/spec/.test(line) || [...line.matchAll(note)].some(([name]) => !tracked.has(name) && !trackedNames.has(name));
        if (cited) found.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  // ARCHITECTURE.md and docs/ are how a newcomer finds the code: every repository path they
  // quote in backquotes must exist (placeholders such as NAME, ID or * excepted). Zephyr's own
  // paths (subsys/..., arch/..., scripts/build/...) are not checked.
  it('quotes only repository paths that exist in ARCHITECTURE.md and docs/', () => {
    const docs = files.filter((f) => f === 'ARCHITECTURE.md' || (f.startsWith('docs/') && f.endsWith('.md')));
    expect(docs.length).toBeGreaterThan(1);
    const missing: string[] = [];
    for (const doc of docs) {
      readFileSync(join(root, doc), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [, quoted] of line.matchAll(/`([^`\s]+)`/g)) {
            const path = quoted
              .replace(/[,.;:]+$/, '')
              .replace(/\(\)$/, '')
              .split(':')[0];
            if (!/^(wasm-core|web|public|e2e|docs|bench|scripts)\//.test(path) || path.startsWith('scripts/build/')) continue;
            if (/\*|NAME|\bID\b/.test(path)) continue;
            if (!existsSync(join(root, path))) missing.push(`${doc}:${i + 1}: ${path}`);
          }
        });
    }
    expect(missing).toEqual([]);
  });
  it('names every engine and core source file in ARCHITECTURE.md', () => {
    // The guide a newcomer reads must know every file of the engine (wasm-core/assembly) and
    // of the core TypeScript around it (wasm-core/src): a new file gets its line there.
    const guide = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const sources = files.filter((f) => /^wasm-core\/(assembly|src)\/.+\.ts$/.test(f) && existsSync(join(root, f)));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => !guide.includes(basename(f)))).toEqual([]);
  });
});
