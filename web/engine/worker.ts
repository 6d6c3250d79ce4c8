/// <reference lib="webworker" />
// Runs the engine off the main thread. The UI sends files + the engine input
// document and gets back the decoded trace and the JSON document.
import wasmUrl from '../../wasm-core/build/engine.wasm?url';
import { setWasmSource } from '../../wasm-core/src/wasm';
import { simulate } from '../../wasm-core/src/engine';
import type { WorkerRequest, WorkerResponse } from './protocol';

setWasmSource(() => WebAssembly.compileStreaming(fetch(wasmUrl)));

self.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  if (req.type !== 'simulate') return;
  let reply: WorkerResponse;
  try {
    const result = await simulate({ files: req.files, config: req.config });
    reply = { type: 'result', id: req.id, events: result.events, document: result.document };
  } catch (err) {
    reply = { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);
};
