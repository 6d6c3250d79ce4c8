// The emulator benchmark's web worker: the product's engine module (wasm-core/src/engine.ts and
// engine.wasm, as web/engine/worker.ts runs them) timing one workload's runs inside a browser
// worker. bench/src/browser.ts bundles it with rolldown and serves it with the wasm.
import { runEngine, resultOfTrace } from '../../wasm-core/src/engine.js';
import { setWasmSource } from '../../wasm-core/src/wasm.js';

interface EmuJob {
  files: Uint8Array[];
  config: string;
  runs: number;
  warmup: number;
}

setWasmSource(() => WebAssembly.compileStreaming(fetch(new URL('./engine.wasm', import.meta.url))));

self.onmessage = async (ev: MessageEvent<EmuJob>) => {
  const job = ev.data;
  const times: number[] = [];
  let instructions = 0;
  try {
    for (let i = 0; i < job.warmup + job.runs; i++) {
      const t0 = performance.now();
      const raw = await runEngine({ files: job.files, config: job.config });
      const ms = performance.now() - t0;
      const call = resultOfTrace(raw, job.config).document.calls[0];
      if (!call || call.fault !== null) throw new Error(`the call did not return (${call?.fault?.kind ?? 'no call'})`);
      instructions = call.instructions;
      if (i >= job.warmup) times.push(ms);
    }
    self.postMessage({ times, instructions });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
