/// <reference lib="webworker" />
// Runs the engine off the main thread. The UI sends a session description; the
// worker builds the engine input document, runs the engine and returns the
// decoded trace and the JSON document. A stuck run is ended by the client
// terminating this worker, so nothing here needs to be interruptible.
import wasmUrl from '../../wasm-core/build/engine.wasm?url';
import { setWasmSource } from '@core/wasm.js';
import { identifyFile, minHeap, pointerBytesOf, runEngine, simulate } from '@core/engine.js';
import { prepareSession } from '@core/session.js';
import { computeVerdict } from '@core/verdict/verdict.js';
import { buildEngineInput, requestOf } from './engineInput.js';
import type { ProgressPhase, WorkerRequest, WorkerResponse } from './protocol.js';

setWasmSource(() => WebAssembly.compileStreaming(fetch(wasmUrl)));

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: WorkerResponse): void => scope.postMessage(msg);

// Rough share of the total time each phase takes, for the progress bar.
const PHASE_START: Record<ProgressPhase, number> = { input: 0, engine: 0.1, trace: 0.7, document: 0.85 };

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  if (req.type === 'identify') return { type: 'identity', id: req.id, identity: await identifyFile(req.bytes) };
  if (req.type === 'verdict') {
    const request = await requestOf(req.spec);
    const s = await prepareSession(request);
    // The verdict needs neither the images nor every relocation (only those where Zephyr
    // differs from the psABI): on a large extension this run costs a fraction of the recorded one.
    const r = await simulate({ files: s.files, config: s.config }, undefined, {
      relocations: 'quirks',
      images: false,
      lookups: 'imports',
      onLog: () => {},
    });
    return {
      type: 'verdict',
      id: req.id,
      verdict: await computeVerdict(request, { document: r.document, events: r.events, relocsComplete: false }),
    };
  }
  const progress = (phase: ProgressPhase): void => post({ type: 'progress', id: req.id, phase, fraction: PHASE_START[phase] });
  progress('input');
  const built = await buildEngineInput(req.spec);
  if (req.type === 'minHeap') {
    return { type: 'minHeap', id: req.id, answer: await minHeap({ files: built.files, config: built.config }) };
  }
  progress('engine');
  // The compact binary trace crosses to the UI thread (transferred, not copied), which
  // decodes it: cloning the decoded events and the document cost more than decoding.
  const trace = await runEngine({ files: built.files, config: built.config });
  return {
    type: 'trace',
    id: req.id,
    trace,
    engineInput: built.config,
    pointerBytes: pointerBytesOf(built.config),
  };
}

scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  let reply: WorkerResponse;
  try {
    reply = await handle(req);
  } catch (err) {
    reply = { type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) };
  }
  if (reply.type === 'trace') scope.postMessage(reply, [reply.trace.buffer]);
  else post(reply);
};
