#!/usr/bin/env node
// llext-sim: runs the compiled CLI, (re)building the engine and the CLI first when
// they are missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { cliIsUpToDate } from './lib/cli-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!cliIsUpToDate(root)) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const { run } = await import(pathToFileURL(join(root, 'wasm-core', 'dist', 'src', 'cli', 'main.js')).href);
await run(process.argv.slice(2));
