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

export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  const wasm = await freshInstance();
  for (const f of input.files) wasm.addInputFile(f);
  const raw = wasm.simulate(input.config);
  const events = decodeTrace(raw);
  return { events, document: buildDocument(events, pointerBytesOf(input.config)), traceBytes: raw.length };
}
