// Messages between the UI and the engine worker. The UI describes a session
// (board, prj.conf, files); the worker turns it into the engine input document,
// runs the engine and returns the decoded trace and the JSON document.
import type { TraceEvent } from '@core/trace.js';
import type { SimulationDocument } from '@core/document.js';
import type { LoadParams } from '@core/config/index.js';
import type { FileIdentity, MinHeapAnswer } from '@core/engine.js';
import type { Verdict } from '@core/verdict/verdict.js';

/** One input file the user gave, already recognised by its contents. */
export interface RunFile {
  name: string;
  role: 'extension' | 'zephyr-elf';
  bytes: Uint8Array;
}

/** What the application does around the loads (the actions of the engine input). */
export interface AppCalls {
  /** llext_heap_init() (or _harvard) before the first load; sizes in KiB. Only meaningful with CONFIG_LLEXT_HEAP_DYNAMIC. */
  heapInit: { kib: number } | { instrKiB: number; dataKiB: number } | null;
  /** After the loads: llext_unload() of every extension, newest first, then llext_heap_uninit() if the heap was initialised. */
  unloadAll: boolean;
  /** Calls of exported functions after the loads, before any unloading (`action call`). */
  calls: { ext: string; fn: string; args: bigint[] }[];
  /** struct llext_load_param of every load (absent: LLEXT_LOAD_PARAM_DEFAULT). */
  loadParams?: LoadParams;
}

/** Everything the engine needs for one run. */
export interface RunSpec {
  boardId: string;
  prjConf: string;
  files: RunFile[];
  app: AppCalls;
  /** Changes to the built-in export table; a Zephyr image among the files takes precedence. */
  exports?: { mode: 'merge' | 'replace'; text: string } | null;
  /** Stop every call after this many instructions (`option cpu-stop N`, stepping); absent: run to the end. */
  cpuStop?: number;
  /** Instructions each call may run (`option cpu-budget N`); absent: the engine's default. */
  cpuBudget?: number;
}

export interface SimulateRequest {
  type: 'simulate';
  id: number;
  spec: RunSpec;
}
export interface MinHeapRequest {
  type: 'minHeap';
  id: number;
  spec: RunSpec;
}
/** What a file is (ELF or not, e_type, export table section), for input recognition. */
export interface IdentifyRequest {
  type: 'identify';
  id: number;
  bytes: Uint8Array;
}
/** The verdict of a session's run, with its fixes verified by re-running (wasm-core/src/verdict/). */
export interface VerdictRequest {
  type: 'verdict';
  id: number;
  spec: RunSpec;
}
export type WorkerRequest = SimulateRequest | MinHeapRequest | IdentifyRequest | VerdictRequest;

export type ProgressPhase = 'input' | 'engine' | 'trace' | 'document';

export interface SimulationReply {
  events: TraceEvent[];
  document: SimulationDocument;
  /** The engine input document that was run (for the CLI and bug reports). */
  engineInput: string;
  traceBytes: number;
  /** Pointer size of the target, 4 or 8 bytes. */
  pointerBytes: number;
}

export type WorkerResponse =
  | { type: 'progress'; id: number; phase: ProgressPhase; fraction: number }
  | { type: 'result'; id: number; result: SimulationReply }
  /** From the worker: the run's binary trace, decoded into a 'result' by the client. */
  | { type: 'trace'; id: number; trace: Uint8Array; engineInput: string; pointerBytes: number }
  | { type: 'minHeap'; id: number; answer: MinHeapAnswer }
  | { type: 'identity'; id: number; identity: FileIdentity }
  | { type: 'verdict'; id: number; verdict: Verdict }
  | { type: 'error'; id: number; message: string };
