#!/usr/bin/env node
// llext-sim: runs the compiled CLI, building the engine first when it is missing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'wasm-core', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry) || !existsSync(join(root, 'wasm-core', 'dist', 'build', 'engine.wasm'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { run } = await import(pathToFileURL(entry).href);
await run(process.argv.slice(2));
