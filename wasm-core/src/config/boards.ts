// Typed view of data/boards.json: board profiles (architecture, memory map,
// heap and buffer addresses, export-table placement, Kconfig facts).
import boardsData from '../../data/boards.json' with { type: 'json' };
import { DataFileError, asArray, asObject, reqAddress, reqBool, reqNumber, reqOneOf, reqString, optString } from './jsonRead.js';

/** Relocator ids understood by the engine's `arch` directive. */
export const ARCH_IDS = ['arm', 'arm64', 'riscv', 'x86', 'x86_64', 'xtensa', 'arc', 'openrisc'] as const;
export type ArchId = (typeof ARCH_IDS)[number];

/**
 * Heap buffer names of the engine's `heap` directive. With CONFIG_LLEXT_HEAP_MEMBLK:
 * llext_metadata_heap (k_heap for metadata), llext_ext_heap (block pool for regions),
 * and on Harvard boards llext_instr_heap_buf / llext_data_heap_buf (the two block pools).
 */
export const HEAP_NAMES = [
  'llext_heap',
  'llext_instr_heap',
  'llext_data_heap',
  'dynamic',
  'dynamic_instr',
  'dynamic_data',
  'llext_metadata_heap',
  'llext_ext_heap',
  'llext_instr_heap_buf',
  'llext_data_heap_buf',
] as const;
export type HeapName = (typeof HEAP_NAMES)[number];

export interface MemoryRegion {
  name: string;
  base: bigint;
  size: bigint;
  executable: boolean;
  writable: boolean;
}

export interface AddressRange {
  base: bigint;
  size: bigint;
}

export interface ExportPlacement {
  /** Where exported functions are laid out. */
  text: AddressRange;
  /** Where exported objects are laid out. */
  rodata: AddressRange;
  funcAlign: number;
  /** Function addresses carry the Thumb bit (Thumb-only cores). */
  thumb: boolean;
}

export interface Board {
  id: string;
  name: string;
  zephyrBoard: string;
  arch: ArchId;
  group: string;
  cpu: string;
  elfClass: 32 | 64;
  endian: 'little' | 'big';
  memory: MemoryRegion[];
  heaps: Partial<Record<HeapName, bigint>>;
  elfBuffer: { rom: bigint; ram: bigint; align: number };
  /** Instruction-fetchable ranges [lo, hi) on Harvard boards; empty = everything is fetchable. */
  instrMem: { lo: bigint; hi: bigint }[];
  exportPlacement: ExportPlacement;
  /** The core the emulator runs extension code on (wasm-core/assembly/cpu/registry.ts). */
  core: string;
  /** The stack of the thread that calls into extensions (the shell's `llext call_fn`). */
  callStack: AddressRange;
  /** Kconfig facts selected by the board/SoC, keyed by full CONFIG_ name. */
  kconfig: Record<string, boolean | number | string>;
  defaultSample: string;
  notes?: string;
}

export class UnknownBoardError extends Error {
  constructor(
    readonly id: string,
    readonly validIds: string[],
  ) {
    super(`Unknown board "${id}". Valid boards: ${validIds.join(', ')}`);
    this.name = 'UnknownBoardError';
  }
}

/** Pointer size in bytes. */
export function ptrSize(board: Board): 4 | 8 {
  return board.elfClass === 64 ? 8 : 4;
}

/** The memory region containing [addr, addr + size), if any. */
export function regionContaining(board: Board, addr: bigint, size: bigint = 1n): MemoryRegion | undefined {
  return board.memory.find((r) => addr >= r.base && addr + size <= r.base + r.size);
}

function readRange(v: unknown, where: string): AddressRange {
  const o = asObject(v, where);
  return { base: reqAddress(o, 'base', where), size: reqAddress(o, 'size', where) };
}

function readKconfigFacts(v: unknown, where: string): Record<string, boolean | number | string> {
  const o = asObject(v, where);
  const facts: Record<string, boolean | number | string> = {};
  for (const [name, value] of Object.entries(o)) {
    if (value === 'y' || value === 'n') facts[name] = value === 'y';
    else if (typeof value === 'number' || typeof value === 'string') facts[name] = value;
    else throw new DataFileError(`${where}.${name}: expected "y", "n", a number or a string`);
  }
  return facts;
}

function readBoard(raw: unknown, index: number): Board {
  const o = asObject(raw, `boards[${index}]`);
  const id = reqString(o, 'id', `boards[${index}]`);
  const where = `board ${id}`;
  const heapsObj = asObject(o.heaps, `${where}.heaps`);
  const heaps: Partial<Record<HeapName, bigint>> = {};
  for (const key of Object.keys(heapsObj)) {
    const name = HEAP_NAMES.find((h) => h === key);
    if (!name) throw new DataFileError(`${where}.heaps: unknown heap ${key}`);
    heaps[name] = reqAddress(heapsObj, key, `${where}.heaps`);
  }
  const elfBufferObj = asObject(o.elfBuffer, `${where}.elfBuffer`);
  const placementObj = asObject(o.exportPlacement, `${where}.exportPlacement`);
  const elfClass = reqNumber(o, 'elfClass', where);
  if (elfClass !== 32 && elfClass !== 64) throw new DataFileError(`${where}.elfClass: expected 32 or 64`);
  return {
    id,
    name: reqString(o, 'name', where),
    zephyrBoard: reqString(o, 'zephyrBoard', where),
    arch: reqOneOf(o, 'arch', ARCH_IDS, where),
    group: reqString(o, 'group', where),
    cpu: reqString(o, 'cpu', where),
    core: reqString(o, 'core', where),
    callStack: readRange(o.callStack, `${where}.callStack`),
    elfClass,
    endian: reqOneOf(o, 'endian', ['little', 'big'] as const, where),
    memory: asArray(o.memory, `${where}.memory`).map((m, i): MemoryRegion => {
      const mw = `${where}.memory[${i}]`;
      const mo = asObject(m, mw);
      return {
        name: reqString(mo, 'name', mw),
        base: reqAddress(mo, 'base', mw),
        size: reqAddress(mo, 'size', mw),
        executable: reqBool(mo, 'executable', mw),
        writable: reqBool(mo, 'writable', mw),
      };
    }),
    heaps,
    elfBuffer: {
      rom: reqAddress(elfBufferObj, 'rom', `${where}.elfBuffer`),
      ram: reqAddress(elfBufferObj, 'ram', `${where}.elfBuffer`),
      align: reqNumber(elfBufferObj, 'align', `${where}.elfBuffer`),
    },
    instrMem: asArray(o.instrMem, `${where}.instrMem`).map((r, i) => {
      const rw = `${where}.instrMem[${i}]`;
      const ro = asObject(r, rw);
      return { lo: reqAddress(ro, 'lo', rw), hi: reqAddress(ro, 'hi', rw) };
    }),
    exportPlacement: {
      text: readRange(placementObj.text, `${where}.exportPlacement.text`),
      rodata: readRange(placementObj.rodata, `${where}.exportPlacement.rodata`),
      funcAlign: reqNumber(placementObj, 'funcAlign', `${where}.exportPlacement`),
      thumb: reqBool(placementObj, 'thumb', `${where}.exportPlacement`),
    },
    kconfig: readKconfigFacts(o.kconfig, `${where}.kconfig`),
    defaultSample: reqString(o, 'defaultSample', where),
    notes: optString(o, 'notes', where),
  };
}

/**
 * Consistency rules every profile must follow (checked at load): heaps are
 * 8-aligned like K_HEAP_DEFINE (block pools are aligned further to the block
 * size when the engine input is built) and sit in writable RAM, buffers and export
 * ranges lie inside the memory map, Harvard boards have instruction ranges.
 */
function checkBoard(board: Board): void {
  const where = `board ${board.id}`;
  const harvard = board.kconfig.CONFIG_HARVARD === true;
  const needed: HeapName[] = harvard
    ? [
        'llext_instr_heap',
        'llext_data_heap',
        'dynamic_instr',
        'dynamic_data',
        'llext_metadata_heap',
        'llext_instr_heap_buf',
        'llext_data_heap_buf',
      ]
    : ['llext_heap', 'dynamic', 'llext_metadata_heap', 'llext_ext_heap'];
  for (const name of needed) {
    if (board.heaps[name] === undefined) throw new DataFileError(`${where}: missing heap ${name}`);
  }
  for (const [name, addr] of Object.entries(board.heaps)) {
    if (addr % 8n !== 0n) throw new DataFileError(`${where}: heap ${name} is not 8-byte aligned`);
    const region = regionContaining(board, addr);
    if (!region || !region.writable) throw new DataFileError(`${where}: heap ${name} is not in writable memory`);
    const wantExec = name === 'llext_instr_heap' || name === 'dynamic_instr' || name === 'llext_instr_heap_buf';
    if (harvard && wantExec !== inInstrMem(board, addr)) {
      throw new DataFileError(`${where}: heap ${name} is on the wrong bus for a Harvard board`);
    }
  }
  const { rom, ram, align } = board.elfBuffer;
  if (!regionContaining(board, rom) || !regionContaining(board, ram)?.writable) {
    throw new DataFileError(`${where}: ELF buffer addresses must be in memory (ram in writable memory)`);
  }
  if (align <= 0 || (align & (align - 1)) !== 0 || rom % BigInt(align) !== 0n || ram % BigInt(align) !== 0n) {
    throw new DataFileError(`${where}: ELF buffers must be aligned to a power of two`);
  }
  for (const key of ['text', 'rodata'] as const) {
    const r = board.exportPlacement[key];
    if (!regionContaining(board, r.base, r.size)) throw new DataFileError(`${where}: export ${key} range is outside memory`);
  }
  if (!regionContaining(board, board.exportPlacement.text.base, board.exportPlacement.text.size)?.executable) {
    throw new DataFileError(`${where}: export text range is not executable memory`);
  }
  const stackRegion = regionContaining(board, board.callStack.base - 64n, board.callStack.size + 64n);
  if (!stackRegion?.writable) throw new DataFileError(`${where}: callStack (and its 64-byte guard below) must be in writable memory`);
  if (harvard && board.instrMem.length === 0) throw new DataFileError(`${where}: Harvard boards need instrMem ranges`);
  const elfClassFact = board.kconfig.CONFIG_64BIT === true ? 64 : 32;
  if (elfClassFact !== board.elfClass) throw new DataFileError(`${where}: elfClass disagrees with CONFIG_64BIT`);
}

/** True if addr is instruction-fetchable (always true on non-Harvard boards). */
export function inInstrMem(board: Board, addr: bigint): boolean {
  if (board.instrMem.length === 0) return true;
  return board.instrMem.some((r) => addr >= r.lo && addr < r.hi);
}

export interface BoardCatalog {
  defaultBoard: string;
  boards: Board[];
}

/** Builds the catalog from parsed JSON (exported for tests). */
export function buildBoardCatalog(data: unknown): BoardCatalog {
  const root = asObject(data, 'boards.json');
  const boards = asArray(root.boards, 'boards').map(readBoard);
  const ids = new Set<string>();
  for (const b of boards) {
    if (ids.has(b.id)) throw new DataFileError(`board ${b.id} is defined twice`);
    ids.add(b.id);
    checkBoard(b);
  }
  const defaultBoard = reqString(root, 'defaultBoard', 'boards.json');
  if (!ids.has(defaultBoard)) throw new DataFileError(`defaultBoard ${defaultBoard} is not a board`);
  return { defaultBoard, boards };
}

let cached: BoardCatalog | undefined;

export function boardCatalog(): BoardCatalog {
  cached ??= buildBoardCatalog(boardsData);
  return cached;
}

export function allBoards(): Board[] {
  return boardCatalog().boards;
}

export function defaultBoard(): Board {
  return getBoard(boardCatalog().defaultBoard);
}

/** Looks a board up by id; the error lists every valid id. */
export function getBoard(id: string): Board {
  const board = allBoards().find((b) => b.id === id);
  if (!board)
    throw new UnknownBoardError(
      id,
      allBoards().map((b) => b.id),
    );
  return board;
}
