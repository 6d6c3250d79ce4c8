#!/usr/bin/env node
// npm run bench: builds the engine, the CLI and the benchmark code (bench/, TypeScript,
// compiled to bench/out/js), then runs bench/src/main.ts with the given arguments.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

function step(label, args) {
  const r = spawnSync(node, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`bench: ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

// The CLI is measured as a process, so it must be built from the current sources.
step('building the engine and the CLI', ['scripts/build-cli.mjs']);
step('compiling the benchmarks', ['node_modules/typescript/bin/tsc', '-p', 'bench/tsconfig.json']);
const outBuild = join(root, 'bench', 'out', 'js', 'wasm-core', 'build');
mkdirSync(outBuild, { recursive: true });
for (const f of ['engine.js', 'engine.wasm']) copyFileSync(join(root, 'wasm-core', 'build', f), join(outBuild, f));
const r = spawnSync(node, ['--expose-gc', join(root, 'bench', 'out', 'js', 'bench', 'src', 'main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
