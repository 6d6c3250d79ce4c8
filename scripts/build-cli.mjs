#!/usr/bin/env node
// Compiles the engine's TypeScript bindings and the CLI to wasm-core/dist (Node ESM),
// next to a copy of the wasm build they import. Does nothing when everything is up to date.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newest } from './lib/mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'wasm-core');

const wasm = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit', cwd: root });
if (wasm.status !== 0) process.exit(wasm.status ?? 1);

const stamp = join(core, 'dist', 'src', 'cli', 'main.js');
if (mtime(stamp) < Math.max(newest(join(core, 'src')), newest(join(core, 'data')))) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(core, 'tsconfig.json')],
    { stdio: 'inherit', cwd: root });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const outBuild = join(core, 'dist', 'build');
mkdirSync(outBuild, { recursive: true });
for (const f of ['engine.js', 'engine.wasm']) {
  const src = join(core, 'build', f), dst = join(outBuild, f);
  if (mtime(dst) < mtime(src)) copyFileSync(src, dst);
}
