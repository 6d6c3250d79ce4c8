#!/usr/bin/env node
// Compiles the engine's TypeScript bindings and the CLI to wasm-core/dist (Node ESM),
// next to a copy of the wasm build they import.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit', cwd: root });
if (wasm.status !== 0) process.exit(wasm.status ?? 1);
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'wasm-core', 'tsconfig.json')],
  { stdio: 'inherit', cwd: root });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const outBuild = join(root, 'wasm-core', 'dist', 'build');
mkdirSync(outBuild, { recursive: true });
for (const f of ['engine.js', 'engine.wasm']) copyFileSync(join(root, 'wasm-core', 'build', f), join(outBuild, f));
