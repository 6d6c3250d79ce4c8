// The engine as a function: (files, engine input document) -> trace + JSON document.
// Used unchanged by the CLI, the web worker and the tests.
import { freshInstance } from './wasm.js';
import { decodeTrace, type TraceEvent } from './trace.js';
import { buildDocument, type SimulationDocument } from './document.js';

export interface SimulationInput {
  /** Input files, addressed by index from `load NAME INDEX` actions. */
  files: Uint8Array[];
  /** The engine input document (wasm-core/assembly/config/FORMAT.md). */
  config: string;
}

export interface SimulationResult {
  events: TraceEvent[];
  document: SimulationDocument;
  /** Size of the binary trace, for progress and benchmarks. */
  traceBytes: number;
}

export function pointerBytesOf(config: string): number {
  return /^class 64\s*$/m.test(config) ? 8 : 4;
}

/** Stages of one run, reported to hosts that show progress (the web worker). */
export type SimulationPhase = 'engine' | 'trace' | 'document';

export async function simulate(input: SimulationInput, onPhase?: (phase: SimulationPhase) => void): Promise<SimulationResult> {
  const wasm = await freshInstance();
  for (const f of input.files) wasm.addInputFile(f);
  onPhase?.('engine');
  const raw = wasm.simulate(input.config);
  onPhase?.('trace');
  const events = decodeTrace(raw);
  onPhase?.('document');
  return { events, document: buildDocument(events, pointerBytesOf(input.config)), traceBytes: raw.length };
}

/** Answer of the engine's minimum-heap solver, in KiB. */
export type MinHeapAnswer =
  | { kind: 'single'; kib: number }
  | { kind: 'harvard'; instrKiB: number; dataKiB: number }
  | { kind: 'error'; error: string };

/** Parses the solver's JSON ({kib} | {instrKiB,dataKiB} | {error}). */
export function parseMinHeap(json: string): MinHeapAnswer {
  const v: unknown = JSON.parse(json);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o.kib === 'number') return { kind: 'single', kib: o.kib };
    if (typeof o.instrKiB === 'number' && typeof o.dataKiB === 'number') return { kind: 'harvard', instrKiB: o.instrKiB, dataKiB: o.dataKiB };
    if (typeof o.error === 'string') return { kind: 'error', error: o.error };
  }
  return { kind: 'error', error: `unexpected solver answer: ${json}` };
}

/** The smallest CONFIG_LLEXT_HEAP_SIZE (or instruction/data pair) that makes every action succeed. */
export async function minHeap(input: SimulationInput): Promise<MinHeapAnswer> {
  const wasm = await freshInstance();
  for (const f of input.files) wasm.addInputFile(f);
  return parseMinHeap(wasm.minHeap(input.config));
}
