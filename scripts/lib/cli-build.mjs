// Whether the compiled CLI (wasm-core/dist) is current: the same checks build-cli.mjs and
// build-wasm.mjs make, done in process so that running llext-sim costs no extra Node start.
import { join } from 'node:path';
import { mtime, newest } from './mtime.mjs';

export function cliIsUpToDate(root) {
  const core = join(root, 'wasm-core');
  const wasm = join(core, 'build', 'engine.wasm');
  if (mtime(join(core, 'build', 'engine.js')) === 0 || mtime(wasm) < newest(join(core, 'assembly'))) return false;
  if (mtime(join(core, 'dist', 'src', 'cli', 'main.js')) < Math.max(newest(join(core, 'src')), newest(join(core, 'data')))) return false;
  return mtime(join(core, 'dist', 'build', 'engine.wasm')) >= mtime(wasm) && mtime(join(core, 'dist', 'build', 'engine.js')) >= mtime(join(core, 'build', 'engine.js'));
}
