import type { TraceEvent } from '../../wasm-core/src/trace';
import type { SimulationDocument } from '../../wasm-core/src/document';

export interface SimulateRequest {
  type: 'simulate';
  id: number;
  files: Uint8Array[];
  config: string;
}

export type WorkerRequest = SimulateRequest;

export type WorkerResponse =
  | { type: 'result'; id: number; events: TraceEvent[]; document: SimulationDocument }
  | { type: 'error'; id: number; message: string };
