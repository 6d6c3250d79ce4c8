#!/usr/bin/env node
// Compiles the AssemblyScript engine to wasm-core/build/engine.{wasm,js,d.ts}.
// The minimal runtime (two-colour mark & sweep) collects only when the host calls
// __collect() between runs: no write barriers or shadow stack in the engine's loops,
// which made the incremental collector three times slower here.
// Regenerates the trace schema's constants, then skips the compile when the build is newer
// than every source file.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newest } from './lib/mtime.mjs';
import { writeTraceSchema } from './gen-trace-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'wasm-core', 'assembly');
const out = join(root, 'wasm-core', 'build', 'engine.wasm');
const schema = join(root, 'wasm-core', 'schema');

// The trace's constants come from its schema: regenerated first, so that an edited schema
// takes effect (an unchanged output is not rewritten).
writeTraceSchema();

const force = process.argv.includes('--force');
// The schema counts as a source (llext-sim.mjs checks it too, and would otherwise rebuild forever).
if (!force && mtime(out.replace(/\.wasm$/, '.js')) > 0 && mtime(out) >= Math.max(newest(src), newest(schema))) {
  process.exit(0);
}
const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const r = spawnSync(process.execPath, [asc, join(src, 'index.ts'), '--outFile', out, '--bindings', 'raw',
  '--optimize', '--exportRuntime', '--runtime', 'minimal', '--maximumMemory', '32768'],
  { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
