// Running the engine the way the benchmarks measure it: the compiled module is reused
// (warm), every run gets a fresh instance as in the product (wasm-core/src/engine.ts).
import { engineModule, freshInstance, type EngineInstance } from '../../wasm-core/src/wasm.js';
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

/** A fresh instance with the input files copied in (what simulate() does before the run). */
export async function instanceWith(p: Prepared): Promise<EngineInstance> {
  await engineModule();
  const wasm = await freshInstance();
  for (const f of p.files) wasm.addInputFile(f);
  return wasm;
}

/** Bytes of the ELF sections a loader places in memory (SHF_ALLOC), from the section headers. */
export function allocBytes(elf: Uint8Array): number {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = v.getUint32(32, true), shnum = v.getUint16(48, true);
  let total = 0;
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * 40;
    if (v.getUint32(h + 8, true) & 2) total += v.getUint32(h + 20, true) + v.getUint32(h + 32, true);
  }
  return total;
}

/** A CONFIG_LLEXT_HEAP_SIZE (KiB) comfortably larger than what the extension allocates. */
export function heapKiBFor(elf: Uint8Array): number {
  return Math.ceil((allocBytes(elf) * 1.05) / 1024) + 64;
}
