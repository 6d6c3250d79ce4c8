// Loads wasm-core/build/engine-test.wasm: the engine with the entry points only tests call
// (assembly/index.test-build.ts). engine.wasm, which the site and the CLI load through
// src/wasm.ts, does not export them.
import { readFile } from 'node:fs/promises';
import { instantiate } from '../build/engine-test.js';

export type TestEngineInstance = Awaited<ReturnType<typeof instantiate>>;

let modulePromise: Promise<WebAssembly.Module> | null = null;

/** A new instance of the test build (the module is compiled once per test file). */
export async function freshTestInstance(): Promise<TestEngineInstance> {
  modulePromise ??= readFile(new URL('../build/engine-test.wasm', import.meta.url)).then((bytes) =>
    WebAssembly.compile(bytes as BufferSource),
  );
  return instantiate(await modulePromise, { env: {} });
}
