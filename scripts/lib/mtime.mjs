// File modification times for the build scripts' up-to-date checks.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file below `dir` (0 when empty). */
export function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Modification time of `path`, 0 when it does not exist. */
export function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}
