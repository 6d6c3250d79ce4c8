// Item 1: load+link time of generated extensions of 1k to 1M relocations (ARM Thumb and
// RISC-V), in process and warm, and the engine's peak memory on the largest (item 6).
import { getBoard } from '../../wasm-core/src/config/boards.js';
import { decodeTrace } from '../../wasm-core/src/trace.js';
import { generateThumb, type Generated } from '../gen/thumb.js';
import { generateRiscv } from '../gen/riscv.js';
import { engineRun, heapKiBFor, prepare, type Prepared } from './engine.js';
import { median, type Plan } from './stats.js';

export interface ScalingRow {
  arch: 'arm' | 'riscv';
  relocations: number;
  inputBytes: number;
  /** Median engine run (simulate(): load, link, full trace; input written in, collection after), ms. */
  engineMs: number;
  nsPerRelocation: number;
  /** Median decodeTrace() of that run's trace, ms. */
  decodeMs: number;
  traceBytes: number;
  /** The engine's linear memory after the run (wasm memory never shrinks: its peak). */
  wasmMemoryBytes: number;
}

const BOARDS = { arm: 'qemu_cortex_a9', riscv: 'qemu_riscv32' } as const;

/** The board's LLEXT heap sized for the extension, its ELF buffer right after it. */
export async function prepareGenerated(arch: 'arm' | 'riscv', g: Generated): Promise<Prepared> {
  const board = getBoard(BOARDS[arch]);
  const kib = heapKiBFor(g.bytes);
  const heapBase = board.heaps.llext_heap!;
  const elfBufferBase = (heapBase + BigInt(kib) * 1024n + 0x10000n + 0xfffn) & ~0xfffn;
  return prepare({
    board: board.id,
    files: [{ name: 'generated.llext', bytes: g.bytes }],
    defines: [`CONFIG_LLEXT_HEAP_SIZE=${kib}`],
    options: { elfBufferBase },
  });
}

/** A full collection when Node runs with --expose-gc (npm run bench does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function planFor(relocations: number, quick: boolean): Plan {
  if (relocations >= 1_000_000) return quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 };
  if (relocations >= 100_000) return quick ? { warmup: 1, runs: 2 } : { warmup: 2, runs: 5 };
  return quick ? { warmup: 2, runs: 3 } : { warmup: 5, runs: 11 };
}

export async function measureScaling(sizes: number[], quick: boolean, log: (s: string) => void): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  const inputs: Prepared[] = [];
  // The engine runs first, all of them, keeping no trace: decoding a million-relocation trace
  // leaves the process with gigabytes of objects, and even the traces alone (tens of MB
  // each) make the collector busier; engine runs after either are slower for reasons that
  // are not the engine's (see bench/README.md).
  for (const arch of ['arm', 'riscv'] as const) {
    for (const n of sizes) {
      const g = arch === 'arm' ? generateThumb(n) : generateRiscv(n);
      const p = await prepareGenerated(arch, g);
      const plan = planFor(n, quick);
      const engine: number[] = [];
      let traceBytes = 0,
        memory = 0;
      for (let i = 0; i < plan.warmup + plan.runs; i++) {
        collectGarbage();
        const run = await engineRun(p, 'traced');
        traceBytes = run.trace.length;
        if (i >= plan.warmup) engine.push(run.ms);
        memory = Math.max(memory, run.memoryBytes);
      }
      const engineMs = median(engine);
      rows.push({
        arch,
        relocations: g.relocations,
        inputBytes: g.bytes.length,
        engineMs,
        nsPerRelocation: (engineMs * 1e6) / g.relocations,
        decodeMs: 0,
        traceBytes,
        wasmMemoryBytes: memory,
      });
      inputs.push(p);
      log(
        `  ${arch.padEnd(5)} ${String(g.relocations).padStart(8)} relocations: ${engineMs.toFixed(1)} ms (${((engineMs * 1e6) / g.relocations).toFixed(0)} ns each), trace ${traceBytes} bytes`,
      );
    }
  }
  // Then, smallest first, one more run each whose trace decodeTrace() reads.
  for (const [i, row] of rows.entries()) {
    collectGarbage();
    const trace = (await engineRun(inputs[i]!, 'traced')).trace;
    const d0 = performance.now();
    const events = decodeTrace(trace);
    row.decodeMs = performance.now() - d0;
    const result = events.find((e) => e.kind === 'result');
    if (!result || result.kind !== 'result' || result.ret !== 0)
      throw new Error(`${row.arch} ${row.relocations}: the generated extension did not load`);
    log(`  decodeTrace, ${row.arch} ${row.relocations} relocations: ${row.decodeMs.toFixed(1)} ms`);
  }
  return rows;
}
