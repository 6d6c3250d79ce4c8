// The engine as a function: (files, engine input document) -> trace + JSON document.
// Used unchanged by the CLI, the web worker and the tests.
import { withEngine, type EngineInstance } from './wasm.js';
import { decodeTrace, type TraceEvent } from './trace.js';
import { buildDocument, type DocumentOptions, type SimulationDocument } from './document.js';

/**
 * A file the host reads straight into engine memory (the CLI reads it from disk there),
 * saving the copy a Uint8Array of its bytes would need.
 */
export interface InputFileReader {
  /** Size in bytes. */
  readonly length: number;
  /** Fills `dest` (exactly `length` bytes) with the file's contents. */
  readInto(dest: Uint8Array): void;
}

/** An input file: its bytes, or a reader that writes them into the engine. */
export type InputFile = Uint8Array | InputFileReader;

export interface SimulationInput {
  /** Input files, addressed by index from `load NAME INDEX` actions. */
  files: InputFile[];
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

/** Largest input file (wasm-core/assembly/loader/limits.ts, MAX_FILE_BYTES). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Refuses an input the engine would refuse anyway, before copying it into the engine. */
function checkInputSizes(input: SimulationInput): void {
  input.files.forEach((f, i) => {
    if (f.length > MAX_INPUT_BYTES) {
      throw new Error(`input file ${i} is ${f.length} bytes; the playground loads files of at most ${MAX_INPUT_BYTES >> 20} MiB`);
    }
  });
}

/** The engine alone: the binary trace of one run (decode it with decodeTrace). */
export async function runEngine(input: SimulationInput): Promise<Uint8Array> {
  checkInputSizes(input);
  return withEngine((wasm) => {
    addFiles(wasm, input.files);
    const at = Number(wasm.simulateInPlace(input.config));
    // One copy out of the instance's memory, which the next run reuses.
    const trace = new Uint8Array(wasm.memory.buffer.slice(at, at + wasm.heldTraceLength()));
    wasm.releaseTrace();
    return trace;
  });
}

/** Puts the input files into the engine (the only copy the engine makes of them). The
 * engine does not clear the bytes first: every one is written here (a reader must fill
 * its view completely). */
function addFiles(wasm: EngineInstance, files: InputFile[]): void {
  for (const f of files) {
    const at = Number(wasm.newInputFile(f.length));
    // A view taken after newInputFile: allocating may have grown (and replaced) the memory buffer.
    const dest = new Uint8Array(wasm.memory.buffer, at, f.length);
    if ('readInto' in f) f.readInto(dest);
    else dest.set(f);
  }
}

/**
 * The loader alone, recording nothing (no trace to decode, no document): 0 when every
 * action succeeded, otherwise the first failing action's result (a negative errno).
 */
export async function runQuiet(input: SimulationInput): Promise<number> {
  checkInputSizes(input);
  return withEngine((wasm) => {
    addFiles(wasm, input.files);
    return wasm.simulateQuiet(input.config);
  });
}

/** The events and the document of a run from its binary trace. */
export function resultOfTrace(raw: Uint8Array, config: string, documentOptions?: DocumentOptions): SimulationResult {
  const events = decodeTrace(raw, documentOptions);
  return { events, document: buildDocument(events, pointerBytesOf(config), documentOptions), traceBytes: raw.length };
}

export async function simulate(
  input: SimulationInput,
  onPhase?: (phase: SimulationPhase) => void,
  documentOptions?: DocumentOptions,
): Promise<SimulationResult> {
  checkInputSizes(input);
  onPhase?.('engine');
  const raw = await runEngine(input);
  onPhase?.('trace');
  const events = decodeTrace(raw, documentOptions);
  onPhase?.('document');
  return { events, document: buildDocument(events, pointerBytesOf(input.config), documentOptions), traceBytes: raw.length };
}

/** `sizes`: CONFIG_LLEXT_HEAP_MEMBLK, one entry per Kconfig option (metadata heap, then block pools). */
export type MinHeapAnswer =
  { kib: number } | { instrKiB: number; dataKiB: number } | { sizes: { name: string; kib: number }[] } | { error: string };

/** The smallest static LLEXT heap (KiB) for which every action of the input succeeds. */
export async function minHeap(input: SimulationInput): Promise<MinHeapAnswer> {
  checkInputSizes(input);
  return JSON.parse(
    await withEngine((wasm) => {
      addFiles(wasm, input.files);
      return wasm.minHeap(input.config);
    }),
  ) as MinHeapAnswer;
}

export interface ImageExportEntry {
  name: string;
  slid: string | null;
  addr: string;
}
export type ImageExportTable = { bySlid: boolean; ptrSize: number; entries: ImageExportEntry[] } | { error: string };

/** The built-in export table of a linked zephyr.elf (section llext_const_symbol_area). */
export async function exportTableFromImage(image: Uint8Array): Promise<ImageExportTable> {
  return JSON.parse(await withEngine((wasm) => wasm.exportTableFromImage(image))) as ImageExportTable;
}

/** What a file is, as far as input recognition needs: not ELF, or its e_type, whether it
 * has the section a Zephyr image keeps its export table in (llext_const_symbol_area), and
 * the architecture (a board `arch`, '' for an e_machine no board has), class and byte order
 * it was built for. */
export type FileIdentity =
  | { elf: false }
  | {
      elf: true;
      type: number;
      typeName: 'ET_REL' | 'ET_EXEC' | 'ET_DYN' | 'ET_CORE' | 'ET_NONE' | '';
      exportArea: boolean;
      machine: number;
      arch: string;
      elfClass: 32 | 64;
      endian: 'little' | 'big';
    };

export async function identifyFile(bytes: Uint8Array): Promise<FileIdentity> {
  return JSON.parse(await withEngine((wasm) => wasm.identifyFile(bytes))) as FileIdentity;
}

/** The sys_heap model alone (llext-sim heap). Returns the engine's JSON answer. */
export async function heapRun(size: bigint, base: bigint, bits: 32 | 64, ops: string[]): Promise<unknown> {
  return JSON.parse(await withEngine((wasm) => wasm.heapRun(size, base, bits, ops.join(' ')))) as unknown;
}

/** SLID of a symbol name for a pointer size (first bytes of SHA-256, big-endian). */
export async function slidOf(name: string, ptrSize: 4 | 8): Promise<bigint> {
  return BigInt.asUintN(ptrSize * 8, await withEngine((wasm) => wasm.slid(name, ptrSize)));
}
