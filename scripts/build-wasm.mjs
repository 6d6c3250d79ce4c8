#!/usr/bin/env node
// Compiles the AssemblyScript engine to wasm-core/build/engine.{wasm,js,d.ts}, and the
// same engine plus the entry points only tests call (assembly/index.test-build.ts) to
// wasm-core/build/engine-test.{wasm,js,d.ts}; the site and the CLI ship engine.wasm only.
// The minimal runtime (two-colour mark & sweep) collects only when the host calls
// __collect() between runs: no write barriers or shadow stack in the engine's loops,
// which made the incremental collector three times slower here.
// Regenerates the trace schema's constants first; skips a compile when its build is newer
// than every source file (the schema counts as one); the two compile in parallel when both
// are out of date.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newest } from './lib/mtime.mjs';
import { writeTraceSchema } from './gen-trace-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'wasm-core', 'assembly');
const build = join(root, 'wasm-core', 'build');
const schema = join(root, 'wasm-core', 'schema');
const targets = [
  { entry: join(src, 'index.ts'), out: join(build, 'engine.wasm') },
  { entry: join(src, 'index.test-build.ts'), out: join(build, 'engine-test.wasm') },
];

// The trace's constants come from its schema: regenerated first, so that an edited schema
// takes effect (an unchanged output is not rewritten).
writeTraceSchema();

const force = process.argv.includes('--force');
// The schema counts as a source (llext-sim.mjs checks it too, and would otherwise rebuild forever).
const sources = Math.max(newest(src), newest(schema));
const stale = targets.filter(({ out }) => force || mtime(out.replace(/\.wasm$/, '.js')) === 0 || mtime(out) < sources);

const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const compile = ({ entry, out }) =>
  new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        asc,
        entry,
        '--outFile',
        out,
        '--bindings',
        'raw',
        '--optimize',
        '--exportRuntime',
        '--runtime',
        'minimal',
        '--maximumMemory',
        '32768',
      ],
      { stdio: 'inherit', cwd: root },
    );
    p.on('close', (code) => resolve(code ?? 1));
  });
const codes = await Promise.all(stale.map(compile));
process.exit(codes.find((c) => c !== 0) ?? 0);
