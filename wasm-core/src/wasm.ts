// Loads the compiled engine. The module is compiled once; runs reuse a warm instance
// (withEngine) and a trap drops it, so a runaway input can never poison later runs.
import { instantiate } from '../build/engine.js';

export type EngineInstance = Awaited<ReturnType<typeof instantiate>>;

let modulePromise: Promise<WebAssembly.Module> | null = null;
let customSource: (() => Promise<WebAssembly.Module>) | null = null;

/** Lets a host (the web worker) say where the wasm bytes come from. */
export function setWasmSource(source: () => Promise<WebAssembly.Module>): void {
  customSource = source;
  modulePromise = null;
}

async function compileDefault(): Promise<WebAssembly.Module> {
  const url = new URL('../build/engine.wasm', import.meta.url);
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(url);
    return WebAssembly.compile(bytes as BufferSource);
  }
  return WebAssembly.compileStreaming(fetch(url));
}

export function engineModule(): Promise<WebAssembly.Module> {
  if (!modulePromise) modulePromise = (customSource ?? compileDefault)();
  return modulePromise;
}

export async function freshInstance(): Promise<EngineInstance> {
  return instantiate(await engineModule(), { env: {} });
}

/**
 * A warm instance is kept while its memory stays below this. Wasm memory never shrinks, so
 * an instance that grew for a huge extension holds that memory until it is dropped; below
 * the limit, keeping it spares the next large run from faulting in fresh pages.
 */
const REUSE_MEMORY_LIMIT = 512 * 1024 * 1024;
let spare: EngineInstance | null = null;

/**
 * Runs `use` on a warm instance (a fresh one the first time). After a run that returned,
 * the engine's collector frees everything the run allocated and the instance is kept for
 * the next run; its module state starts each run from zero. An instance that threw (a
 * trap, running out of memory) is dropped, so a bad input can never poison later runs.
 */
export async function withEngine<T>(use: (wasm: EngineInstance) => T): Promise<T> {
  const wasm = spare ?? (await freshInstance());
  spare = null;
  wasm.clearInputFiles();
  const result = use(wasm);
  wasm.clearInputFiles();
  wasm.__collect();
  if (wasm.memory.buffer.byteLength <= REUSE_MEMORY_LIMIT) spare = wasm;
  return result;
}
