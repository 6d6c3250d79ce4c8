// The committed tree itself: no file keeps the markers of a merge that was not finished
// (bench/README.md once did, unnoticed, because nothing reads it mechanically), and no file
// outside docs/ cites design notes that a clone of the repository does not contain.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0').filter(Boolean);

/** Every tracked text file present in the work tree, as lines. */
function trackedTextFiles(): { path: string; lines: string[] }[] {
  const out: { path: string; lines: string[] }[] = [];
  for (const f of files) {
    let text: string;
    try { text = readFileSync(join(root, f), 'utf8'); } catch { continue; } // deleted in the work tree
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
        const cited = /shared\/spec/.test(line) ||
          [...line.matchAll(note)].some(([name]) => !tracked.has(name) && !trackedNames.has(name));
        if (cited) found.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
