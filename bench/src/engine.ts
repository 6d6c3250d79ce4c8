// Running the engine the way the benchmarks measure it: as the product runs it
// (wasm-core/src/engine.ts): the compiled module and a warm instance are reused, each
// run writes its input files into the instance's memory and the collector runs after it.
import { withEngine } from '../../wasm-core/src/wasm.js';
import { runEngine, runQuiet } from '../../wasm-core/src/engine.js';
import { prepareSession, type SessionRequest } from '../../wasm-core/src/session.js';

export interface Prepared {
  files: Uint8Array[];
  config: string;
}

export async function prepare(req: SessionRequest): Promise<Prepared> {
  const s = await prepareSession(req);
  const errors = s.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`configuration: ${errors.map((d) => d.message).join('; ')}`);
  return { files: s.files, config: s.config };
}

export interface EngineRun {
  /** Wall time of the whole run: input written in, the run, the collection after it. */
  ms: number;
  /** The trace of a recorded run (empty for a quiet one). */
  trace: Uint8Array;
  /** The quiet run's result (0: every action succeeded). */
  ret: number;
  /** The instance's linear memory after the run (wasm memory never shrinks). */
  memoryBytes: number;
}

/** One run through the product's entry points: `traced` records the full trace
 * (runEngine()), `quiet` records nothing (runQuiet(): the loader alone, load and link). */
export async function engineRun(p: Prepared, mode: 'traced' | 'quiet'): Promise<EngineRun> {
  let trace: Uint8Array = new Uint8Array(0),
    ret = 0;
  const input = { files: p.files, config: p.config };
  const t0 = performance.now();
  if (mode === 'traced') trace = await runEngine(input);
  else ret = await runQuiet(input);
  const ms = performance.now() - t0;
  // The same warm instance, after the run.
  const memoryBytes = await withEngine((wasm) => wasm.memory.buffer.byteLength);
  return { ms, trace, ret, memoryBytes };
}

/** Bytes of the ELF sections a loader places in memory (SHF_ALLOC), from the section headers. */
export function allocBytes(elf: Uint8Array): number {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = v.getUint32(32, true),
    shnum = v.getUint16(48, true);
  let total = 0;
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * 40;
    if (v.getUint32(h + 8, true) & 2) total += v.getUint32(h + 20, true) + v.getUint32(h + 32, true);
  }
  return total;
}

/** Bytes of the sym_tab llext_load() allocates: one struct llext_symbol (a name pointer
 * and an address, 8 bytes on a 32-bit target) per global function or object symbol. */
export function symTabBytes(elf: Uint8Array): number {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = v.getUint32(32, true),
    shnum = v.getUint16(48, true);
  let n = 0;
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * 40;
    if (v.getUint32(h + 4, true) !== 2) continue; // SHT_SYMTAB
    const off = v.getUint32(h + 16, true),
      size = v.getUint32(h + 20, true);
    for (let p = off + 16; p + 16 <= off + size; p += 16) {
      const info = elf[p + 12]!;
      // STB_GLOBAL with STT_OBJECT or STT_FUNC
      if (info >> 4 === 1 && ((info & 0xf) === 1 || (info & 0xf) === 2)) n++;
    }
  }
  return n * 8;
}

/** A CONFIG_LLEXT_HEAP_SIZE (KiB) comfortably larger than what the extension allocates:
 * its sections and its symbol table. */
export function heapKiBFor(elf: Uint8Array): number {
  return Math.ceil(((allocBytes(elf) + symTabBytes(elf)) * 1.05) / 1024) + 64;
}
