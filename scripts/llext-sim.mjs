#!/usr/bin/env node
// llext-sim: runs the CLI bundle (wasm-core/dist/cli.cjs, see build-cli.mjs), building the
// engine and the bundle first when they are missing or older than their sources.
//
// Starting fast is this file's whole job. Node spends about a millisecond on every module it
// loads, so this file imports built-ins only and checks freshness itself. The bundle is run
// through V8 with a code cache (wasm-core/dist/cli.cjs.cache, written by the first run after
// a build) so that its functions are not parsed and compiled again on every run.
import { accessSync, constants, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';

const root = `${import.meta.dirname}/..`;
const core = `${root}/wasm-core`;
const bundle = `${core}/dist/cli.cjs`;
const codeCache = `${bundle}.cache`;
const engineWasm = `${core}/build/engine.wasm`;
/** The engine's TypeScript bindings, which the bundle contains. */
const engineBindings = `${core}/build/engine.js`;

/** Modification time of `path`, 0 when it does not exist. */
function mtime(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

/** Newest modification time of any file below `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const m = e.isDirectory() ? newest(`${dir}/${e.name}`) : statSync(`${dir}/${e.name}`).mtimeMs;
    if (m > t) t = m;
  }
  return t;
}

function upToDate() {
  const bindings = mtime(engineBindings);
  return (
    bindings > 0 &&
    mtime(engineWasm) >= Math.max(newest(`${core}/assembly`), newest(`${core}/schema`)) &&
    mtime(bundle) >= Math.max(bindings, newest(`${core}/src`), newest(`${core}/data`))
  );
}

/**
 * V8 compiles the engine on background threads while this file checks freshness, the bundle
 * loads and the session is prepared. A failed compile is reported by the first command that
 * needs the engine; the commands that never run it (help, boards) ignore it.
 */
function compileEngine() {
  let compiled;
  try {
    compiled = WebAssembly.compile(readFileSync(engineWasm));
  } catch (err) {
    compiled = Promise.reject(err);
  }
  compiled.catch(() => {});
  return compiled;
}

let engine = compileEngine();
if (!upToDate()) {
  const { spawnSync } = await import('node:child_process');
  const build = spawnSync(process.execPath, [`${root}/scripts/build-cli.mjs`], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
  engine = compileEngine();
}

// A cache older than the bundle belongs to an earlier build (build-cli.mjs also deletes it).
const cached = mtime(codeCache) >= mtime(bundle) ? readFileSync(codeCache) : undefined;
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`, {
  filename: bundle,
  cachedData: cached,
});
const cli = { exports: {} };
script.runInThisContext()(cli.exports, createRequire(bundle), cli, bundle, `${core}/dist`);
await cli.exports.run(process.argv.slice(2), engine);

if (cached === undefined || script.cachedDataRejected) saveCodeCache();

/** After the run, the cache holds every function the run compiled. Written by rename, so a
 * concurrent run never reads half a file; an unwritable install simply runs without one. */
function saveCodeCache() {
  try {
    accessSync(`${core}/dist`, constants.W_OK);
    const tmp = `${codeCache}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, codeCache);
  } catch {
    // No cache: the next run compiles the bundle as this one did.
  }
}
