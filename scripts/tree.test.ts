// The committed tree itself: no file keeps the markers of a merge that was not finished
// (bench/README.md once did, unnoticed, because nothing reads it mechanically).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('the committed tree', () => {
  it('has no unresolved merge conflict markers', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const f of files) {
      let text: string;
      try { text = readFileSync(join(root, f), 'latin1'); } catch { continue; } // deleted in the work tree
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, i) => {
        if (/^(<{7} |>{7} |={7}$)/.test(line)) found.push(`${f}:${i + 1}: ${line}`);
      });
    }
    expect(found).toEqual([]);
  });
});
