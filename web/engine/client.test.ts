import { describe, expect, it, vi } from 'vitest';
import { EngineClient, EngineStopped } from './client.js';
import type { RunSpec, WorkerRequest, WorkerResponse } from './protocol.js';

/** A stand-in worker: records requests and lets the test answer, crash or stay silent. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: WorkerRequest[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(req: WorkerRequest): void {
    this.posted.push(req);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: WorkerResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerResponse>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

const spec: RunSpec = { boardId: 'nrf52840dk', prjConf: '', files: [], app: { heapInit: null, unloadAll: false, calls: [] } };

function client(timeoutMs = 1000, supersedeAfterMs = 1000): EngineClient {
  FakeWorker.made = [];
  return new EngineClient({ createWorker: () => new FakeWorker() as unknown as Worker, timeoutMs, supersedeAfterMs });
}

const answer = (id: number): WorkerResponse => ({ type: 'minHeap', id, answer: { kib: 3 } });

describe('EngineClient', () => {
  it('answers a request and reports progress', async () => {
    const c = client();
    const seen: string[] = [];
    const p = c.simulate(spec, (phase) => seen.push(phase));
    const w = FakeWorker.made[0];
    expect(w.posted).toHaveLength(1);
    w.reply({ type: 'progress', id: w.posted[0].id, phase: 'engine', fraction: 0.1 });
    w.reply({ type: 'error', id: w.posted[0].id, message: 'board nope' });
    await expect(p).rejects.toThrow('board nope');
    expect(seen).toEqual(['engine']);
  });

  it('runs only the newest of several waiting requests', async () => {
    const c = client();
    const first = c.minHeap(spec);
    const second = c.minHeap(spec);
    const third = c.minHeap(spec);
    const w = FakeWorker.made[0];
    await expect(second).rejects.toMatchObject({ reason: 'superseded' });
    w.reply(answer(w.posted[0].id));
    await expect(first).resolves.toEqual({ kib: 3 });
    expect(w.posted.map((r) => r.id)).toEqual([w.posted[0].id, w.posted[0].id + 2]);
    w.reply(answer(w.posted[1].id));
    await expect(third).resolves.toEqual({ kib: 3 });
  });

  it('replaces a crashed worker, fails the running request and keeps serving', async () => {
    const c = client();
    const p = c.minHeap(spec);
    FakeWorker.made[0].crash('RuntimeError: unreachable');
    await expect(p).rejects.toThrow(/crashed \(RuntimeError: unreachable\); it was restarted/);
    expect(FakeWorker.made[0].terminated).toBe(true);
    const q = c.minHeap(spec);
    const w2 = FakeWorker.made[1];
    w2.reply(answer(w2.posted[0].id));
    await expect(q).resolves.toEqual({ kib: 3 });
  });

  it('stops a run that takes too long', async () => {
    vi.useFakeTimers();
    try {
      const c = client(500);
      const p = c.minHeap(spec);
      vi.advanceTimersByTime(501);
      await expect(p).rejects.toBeInstanceOf(EngineStopped);
      await expect(p).rejects.toMatchObject({ reason: 'timeout' });
      expect(FakeWorker.made[0].terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels: the worker is replaced and late replies are ignored', async () => {
    const c = client();
    const p = c.minHeap(spec);
    const w = FakeWorker.made[0];
    c.cancel();
    await expect(p).rejects.toMatchObject({ reason: 'cancelled' });
    expect(c.busy).toBe(false);
    w.reply(answer(w.posted[0].id)); // nothing listens any more
    expect(FakeWorker.made).toHaveLength(1);
  });
});
