// Item 4: the sys_heap model's allocations and frees per second on a random workload, and
// the minimum-heap solver's time on the largest sample.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freshInstance } from '../../wasm-core/src/wasm.js';
import { minHeap } from '../../wasm-core/src/engine.js';
import { prepare } from './engine.js';
import { time, timeAsync, type Plan, type Timing } from './stats.js';

/** A deterministic random workload of `n` operations: allocations of 1 B to 2 KiB (a quarter
 * aligned to 8..256) and frees of a random live block, about as many of each. */
export function heapWorkload(n: number, seed = 1): string[] {
  let x = seed >>> 0;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  const ops: string[] = [];
  const live: number[] = [];
  for (let i = 0; i < n; i++) {
    if (live.length > 0 && rnd() < 0.48) {
      const k = Math.floor(rnd() * live.length);
      ops.push(`f${live[k]}`);
      live[k] = live[live.length - 1]!;
      live.pop();
    } else {
      const bytes = 1 + Math.floor(rnd() * rnd() * 2048);
      ops.push(rnd() < 0.25 ? `a${bytes}@${8 << Math.floor(rnd() * 6)}` : `a${bytes}`);
      live.push(i);
    }
  }
  return ops;
}

export interface HeapResult {
  ops: number;
  /** heapRunCount(): parse the op list, run it on a fresh heap (the model alone). */
  run: Timing;
  opsPerSecond: number;
  /** heapRun(): the same with its JSON answer (what `llext-sim heap` prints). */
  runWithJson: Timing;
  minHeap: Timing;
  minHeapSample: string;
  minHeapKiB: number;
}

interface CatalogueEntry {
  id: string;
  board: string;
  files: { path: string }[];
  expect: string;
  loadOrder?: string[];
}

export async function measureHeap(samples: string, plan: Plan): Promise<HeapResult> {
  const ops = heapWorkload(50_000);
  const text = ops.join(' ');
  const wasm = await freshInstance();
  const run = time(plan, () => {
    if (wasm.heapRunCount(1n << 20n, 0x20000000n, 32, text) <= 0) throw new Error('heap workload failed');
  });
  const runWithJson = time(plan, () => {
    JSON.parse(wasm.heapRun(1n << 20n, 0x20000000n, 32, text));
  });

  const catalogue = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8')) as CatalogueEntry[];
  const loading = catalogue.filter((e) => e.expect === 'loads');
  const size = (e: CatalogueEntry) => e.files.reduce((a, f) => a + statSync(join(samples, f.path)).size, 0);
  const largest = loading.reduce((a, b) => (size(b) > size(a) ? b : a));
  const order = largest.loadOrder ?? largest.files.map((f) => f.path);
  const p = await prepare({
    board: largest.board,
    files: order.map((f) => ({ name: f.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(samples, f))) })),
  });
  let kib = 0;
  const solve = await timeAsync(plan, async () => {
    const a = await minHeap({ files: p.files, config: p.config });
    if ('kib' in a) kib = a.kib;
  });
  return {
    ops: ops.length,
    run,
    runWithJson,
    opsPerSecond: ops.length / (run.ms / 1000),
    minHeap: solve,
    minHeapSample: largest.id,
    minHeapKiB: kib,
  };
}
