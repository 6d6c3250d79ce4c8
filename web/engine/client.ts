// Talks to one engine worker. Keeps the UI alive whatever the engine does:
// a newer request supersedes an older one, a run that takes too long or a
// crashed worker gets the worker replaced, and the caller can cancel.
import { resultOfTrace, type FileIdentity, type MinHeapAnswer } from '@core/engine.js';
import type { Verdict } from '@core/verdict/verdict.js';
import type { ProgressPhase, RunSpec, SimulationReply, WorkerRequest, WorkerResponse } from './protocol.js';

/** The worker's binary trace as the result the callers get (events and document). */
function decoded(msg: Extract<WorkerResponse, { type: 'trace' }>): WorkerResponse {
  try {
    const r = resultOfTrace(msg.trace, msg.engineInput);
    return {
      type: 'result',
      id: msg.id,
      result: {
        events: r.events,
        document: r.document,
        engineInput: msg.engineInput,
        traceBytes: r.traceBytes,
        pointerBytes: msg.pointerBytes,
      },
    };
  } catch (err) {
    return { type: 'error', id: msg.id, message: `engine trace: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export class EngineStopped extends Error {
  constructor(
    readonly reason: 'cancelled' | 'superseded' | 'timeout' | 'crashed',
    message: string,
  ) {
    super(message);
    this.name = 'EngineStopped';
  }
}

export type ProgressListener = (phase: ProgressPhase, fraction: number) => void;

interface Pending {
  req: WorkerRequest;
  resolve: (msg: WorkerResponse) => void;
  reject: (err: Error) => void;
  onProgress?: ProgressListener;
}

export interface EngineClientOptions {
  /** Creates a fresh worker (the client replaces it after a crash, a timeout or a cancel). */
  createWorker: () => Worker;
  /** A run taking longer than this is stopped and the worker replaced. */
  timeoutMs: number;
  /** A running request older than this is abandoned (worker replaced) when a newer one arrives. */
  supersedeAfterMs: number;
}

export class EngineClient {
  private worker: Worker | null = null;
  private current: Pending | null = null;
  private startedAt = 0;
  private queued: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;

  constructor(private readonly opts: EngineClientOptions) {}

  simulate(spec: RunSpec, onProgress?: ProgressListener): Promise<SimulationReply> {
    return this.request({ type: 'simulate', id: this.nextId++, spec }, onProgress).then((msg) => {
      if (msg.type !== 'result') throw new Error(`engine: unexpected reply ${msg.type}`);
      return msg.result;
    });
  }

  minHeap(spec: RunSpec): Promise<MinHeapAnswer> {
    return this.request({ type: 'minHeap', id: this.nextId++, spec }).then((msg) => {
      if (msg.type !== 'minHeap') throw new Error(`engine: unexpected reply ${msg.type}`);
      return msg.answer;
    });
  }

  verdict(spec: RunSpec): Promise<Verdict> {
    return this.request({ type: 'verdict', id: this.nextId++, spec }).then((msg) => {
      if (msg.type !== 'verdict') throw new Error(`engine: unexpected reply ${msg.type}`);
      return msg.verdict;
    });
  }

  identify(bytes: Uint8Array): Promise<FileIdentity> {
    return this.request({ type: 'identify', id: this.nextId++, bytes }).then((msg) => {
      if (msg.type !== 'identity') throw new Error(`engine: unexpected reply ${msg.type}`);
      return msg.identity;
    });
  }

  /** Stops whatever is running or waiting; the worker is replaced. */
  cancel(): void {
    this.queued?.reject(new EngineStopped('cancelled', 'Cancelled.'));
    this.queued = null;
    if (this.current) this.restart(new EngineStopped('cancelled', 'Cancelled.'));
  }

  get busy(): boolean {
    return this.current !== null;
  }

  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  private request(req: WorkerRequest, onProgress?: ProgressListener): Promise<WorkerResponse> {
    return new Promise<WorkerResponse>((resolve, reject) => {
      const p: Pending = { req, resolve, reject, onProgress };
      if (this.current === null) {
        this.start(p);
        return;
      }
      this.queued?.reject(new EngineStopped('superseded', 'Superseded by a newer run.'));
      this.queued = p;
      if (performance.now() - this.startedAt > this.opts.supersedeAfterMs) {
        this.restart(new EngineStopped('superseded', 'Superseded by a newer run.'));
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.opts.createWorker();
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => this.onMessage(ev.data);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.restart(new EngineStopped('crashed', `The engine worker crashed (${ev.message || 'no message'}); it was restarted.`));
    };
    w.onmessageerror = () => this.restart(new EngineStopped('crashed', 'The engine worker sent an unreadable reply; it was restarted.'));
    this.worker = w;
    return w;
  }

  private start(p: Pending): void {
    this.current = p;
    this.startedAt = performance.now();
    this.timer = setTimeout(() => {
      const secs = Math.round(this.opts.timeoutMs / 1000);
      this.restart(new EngineStopped('timeout', `The engine did not answer within ${secs} s; it was stopped and restarted.`));
    }, this.opts.timeoutMs);
    this.ensureWorker().postMessage(p.req);
  }

  private finishCurrent(): Pending | null {
    const p = this.current;
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return p;
  }

  private startQueued(): void {
    const next = this.queued;
    this.queued = null;
    if (next) this.start(next);
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.current;
    if (!p || msg.id !== p.req.id) return; // a reply for an abandoned request
    if (msg.type === 'progress') {
      p.onProgress?.(msg.phase, msg.fraction);
      return;
    }
    this.finishCurrent();
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else if (msg.type === 'trace') p.resolve(decoded(msg));
    else p.resolve(msg);
    this.startQueued();
  }

  /** Ends the running request with `reason`, replaces the worker and goes on with the queue. */
  private restart(reason: EngineStopped): void {
    const p = this.finishCurrent();
    this.worker?.terminate();
    this.worker = null;
    p?.reject(reason);
    this.startQueued();
  }
}
