// Loads the compiled engine. The module is compiled once; every simulation gets a
// fresh instance, so a trap or a runaway input can never poison later runs.
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
