#!/usr/bin/env node
// Builds what llext-sim runs: the engine (build-wasm.mjs, skipped when up to date), then the
// CLI with the engine's TypeScript bindings and the board and Kconfig data bundled into one
// CommonJS file, wasm-core/dist/cli.cjs, which the launcher (llext-sim.mjs) runs with a V8
// code cache. One file loads much faster than the thirty modules it is made of.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'wasm-core', 'dist', 'cli.cjs');

const wasm = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit', cwd: root });
if (wasm.status !== 0) process.exit(wasm.status ?? 1);

// The code cache describes the bundle it was made from: it goes first.
rmSync(`${bundle}.cache`, { force: true });
// Rolldown is the bundler Vite builds the site with. It strips types without checking
// them: `npm run typecheck` (and `npm test`) check them.
const { build } = await import('rolldown');
await build({
  input: join(root, 'wasm-core', 'src', 'cli', 'main.ts'),
  platform: 'node',
  logLevel: 'warn',
  // The launcher runs the bundle as a plain script (vm.Script), where import() is unavailable;
  // strict, as the ES modules it is made of.
  output: { file: bundle, format: 'cjs', strict: true, codeSplitting: false, dynamicImportInCjs: false },
});

// One quiet load writes the code cache (the launcher does after a run without one), so that
// it holds the functions a load compiles.
const sample = join(root, 'public', 'samples', 'hello_world', 'hello_world.llext');
const warm = spawnSync(process.execPath, [join(root, 'scripts', 'llext-sim.mjs'), 'load', sample, '--board', 'nrf52840dk', '--quiet'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  cwd: root,
});
if (warm.status !== 0) process.exit(warm.status ?? 1);
