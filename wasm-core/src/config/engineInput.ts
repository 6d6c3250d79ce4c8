// Builds the engine's input document (wasm-core/assembly/config/FORMAT.md)
// from a board, a resolved configuration, an export table, the input files
// and the application's actions.
import { type Board, type HeapName, ptrSize as boardPtrSize, regionContaining } from './boards.js';
import { type ExportTable, type SlidFunction, exportDirectives } from './exportTable.js';
import { alignUp, formatAddress } from './numbers.js';
import type { ResolvedConfig } from './resolve.js';

/** struct llext_load_param (include/zephyr/llext/llext.h); absent fields take
 * LLEXT_LOAD_PARAM_DEFAULT ({ .relocate_local = true }). */
export interface LoadParams {
  relocateLocal?: boolean;
  /** Sections already at their ELF addresses: nothing is allocated or copied. */
  preLocated?: boolean;
  keepSectionInfo?: boolean;
  /** The section names the application's section_detached() callback returns true for. */
  sectionDetached?: string[];
}

export const LOAD_PARAM_KEYS = ['relocate_local', 'pre_located', 'keep_section_info', 'section_detached'] as const;

/** The load action's `key=value` words (config/FORMAT.md), only for what differs from the default. */
export function loadParamWords(p: LoadParams | undefined): string[] {
  if (!p) return [];
  const out: string[] = [];
  if (p.relocateLocal === false) out.push('relocate_local=0');
  if (p.preLocated) out.push('pre_located=1');
  if (p.keepSectionInfo) out.push('keep_section_info=1');
  if (p.sectionDetached && p.sectionDetached.length > 0) {
    for (const n of p.sectionDetached) checkToken('detached section name', n);
    if (p.sectionDetached.some((n) => n.includes(','))) throw new EngineInputError('a detached section name cannot contain a comma');
    out.push(`section_detached=${p.sectionDetached.join(',')}`);
  }
  return out;
}

/** Reads `key=value` (the CLI's --load-param) into `p`; returns an error text or ''. */
export function applyLoadParam(p: LoadParams, word: string): string {
  const eq = word.indexOf('=');
  const key = eq > 0 ? word.slice(0, eq) : word;
  const value = eq > 0 ? word.slice(eq + 1) : '';
  if (!(LOAD_PARAM_KEYS as readonly string[]).includes(key))
    return `unknown load parameter '${key}' (one of ${LOAD_PARAM_KEYS.join(', ')})`;
  if (key === 'section_detached') {
    p.sectionDetached = value === '' ? [] : value.split(',');
    return '';
  }
  const on = value === '1' || value === 'true' || value === 'y';
  if (!on && value !== '0' && value !== 'false' && value !== 'n') return `${key} takes 1 or 0, not '${value}'`;
  if (key === 'relocate_local') p.relocateLocal = on;
  else if (key === 'pre_located') p.preLocated = on;
  else p.keepSectionInfo = on;
  return '';
}

export type EngineAction =
  | { kind: 'load'; name: string; file: number; params?: LoadParams }
  | { kind: 'free_inspection_data'; name: string }
  | { kind: 'unload'; name: string }
  | { kind: 'heap_init'; bytes: number }
  | { kind: 'heap_init_harvard'; instrBytes: number; dataBytes: number }
  | { kind: 'heap_uninit' }
  | { kind: 'bringup'; name: string }
  | { kind: 'teardown'; name: string }
  | { kind: 'call'; name: string; fn: string; /** integer arguments (a teaching call; llext_call_fn takes none) */ args?: bigint[] };

export interface EngineInputFile {
  /** Shown in a comment only. */
  name: string;
  size: number;
}

/** Instructions one call of an extension's code may run when the input sets no budget: the
 * engine's default (wasm-core/assembly/cpu/run.ts, DEFAULT_CPU_BUDGET; a test runs a call past
 * it to hold the two equal). */
export const DEFAULT_CPU_BUDGET = 1_000_000;
/** The largest budget the playground and the CLI accept: about ten seconds of emulation. */
export const CPU_BUDGET_MAX = 1_000_000_000;

/** The budget to offer after a call ran out of `budget`: ten times as many instructions, at
 * most CPU_BUDGET_MAX (null: already there). The Run view's button and the verdict's fix. */
export function largerCpuBudget(budget: number): number | null {
  return budget >= CPU_BUDGET_MAX ? null : Math.min(CPU_BUDGET_MAX, budget * 10);
}

/** Why `value` is not a budget the playground accepts, as "must be …" (null: it is one). */
export function cpuBudgetProblem(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= CPU_BUDGET_MAX) return null;
  return `must be a whole number of instructions from 1 to ${CPU_BUDGET_MAX.toLocaleString('en-US')}`;
}

export interface EngineOptions {
  /** Write the psABI value where Zephyr differs (default false). */
  abiStrict?: boolean;
  /** Buffer loader (default) or filesystem loader. */
  loader?: 'buf' | 'fs';
  /** Overrides the buffer loader's storage type (LLEXT_*_BUF_LOADER). */
  storage?: 'persistent' | 'writable' | 'temporary';
  /** Abort after this many engine steps; 0 = engine default. */
  stepBudget?: number;
  /** Instructions one call of the extension's code may run (`option cpu-budget`); unset =
   * the engine default (wasm-core/assembly/cpu/run.ts: DEFAULT_CPU_BUDGET). */
  cpuBudget?: number;
  /** Stop every emulated call after this many instructions (`option cpu-stop N`: stepping); 0 or absent: never. */
  cpuStop?: number;
  /** Where the buffer loader's first ELF buffer starts (default: the board's ROM or RAM slot,
   * which is sized for ordinary extensions; a multi-megabyte one needs a place of its own). */
  elfBufferBase?: bigint;
}

export interface EngineInputRequest {
  board: Board;
  config: ResolvedConfig;
  exports: ExportTable;
  files: EngineInputFile[];
  actions: EngineAction[];
  options?: EngineOptions;
  /** Needed when CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y (the engine's `slid` export fits). */
  slidOf?: SlidFunction;
}

export class EngineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}

const KIB = 1024n;

/** Names travel as single space-separated fields, so they must be plain tokens. */
function checkToken(what: string, value: string): void {
  if (value === '' || /[\s#]/.test(value)) {
    throw new EngineInputError(`${what} "${value}" cannot be empty or contain spaces or '#'`);
  }
}

function checkCount(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new EngineInputError(`${what} must be a non-negative integer, got ${value}`);
}

/** `kconfig` lines for every option the engine reads, in schema order. */
export function engineKconfigLines(config: ResolvedConfig): string[] {
  const lines: string[] = [];
  for (const r of config.options) {
    const opt = r.option;
    if (!opt.affectsEngine) continue;
    if (typeof r.value === 'boolean') lines.push(`kconfig ${opt.name} ${r.value ? 'y' : 'n'}`);
    else if (r.value !== undefined) lines.push(`kconfig ${opt.name} ${String(r.value)}`);
    else if (opt.inactiveEngineValue !== undefined) lines.push(`kconfig ${opt.name} ${opt.inactiveEngineValue}`);
    else lines.push(`# ${opt.name} not set: ${r.inactiveReason ?? 'no value'}`);
  }
  return lines;
}

interface Block {
  what: string;
  base: bigint;
  size: bigint;
}

/** Heap buffers the configuration uses, with their sizes (dynamic ones sized by the actions). */
function heapBlocks(req: EngineInputRequest): { name: HeapName; base: bigint; size: bigint }[] {
  const { board, config, actions } = req;
  const harvard = config.isEnabled('CONFIG_HARVARD');
  const names: { name: HeapName; size: bigint }[] = [];
  if (config.isEnabled('CONFIG_LLEXT_HEAP_DYNAMIC')) {
    const max = (pick: (a: EngineAction) => number): bigint => BigInt(Math.max(0, ...actions.map(pick)));
    if (harvard) {
      names.push({ name: 'dynamic_instr', size: max((a) => (a.kind === 'heap_init_harvard' ? a.instrBytes : 0)) });
      names.push({ name: 'dynamic_data', size: max((a) => (a.kind === 'heap_init_harvard' ? a.dataBytes : 0)) });
    } else {
      names.push({ name: 'dynamic', size: max((a) => (a.kind === 'heap_init' ? a.bytes : 0)) });
    }
  } else if (config.isEnabled('CONFIG_LLEXT_HEAP_MEMBLK')) {
    return memblkBlocks(req);
  } else if (harvard) {
    names.push({ name: 'llext_instr_heap', size: BigInt(config.int('CONFIG_LLEXT_INSTR_HEAP_SIZE') ?? 0) * KIB });
    names.push({ name: 'llext_data_heap', size: BigInt(config.int('CONFIG_LLEXT_DATA_HEAP_SIZE') ?? 0) * KIB });
  } else {
    names.push({ name: 'llext_heap', size: BigInt(config.int('CONFIG_LLEXT_HEAP_SIZE') ?? 0) * KIB });
  }
  return names.map(({ name, size }) => {
    const base = board.heaps[name];
    if (base === undefined) throw new EngineInputError(`board ${board.id} has no ${name} buffer`);
    return { name, base, size };
  });
}

/**
 * CONFIG_LLEXT_HEAP_MEMBLK (llext_memblk.c): the metadata k_heap plus the region pools,
 * llext_ext_heap or, on Harvard boards, the instruction and data pools. Pool buffers
 * are aligned to the block size, so their board addresses are rounded up to it here.
 */
function memblkBlocks(req: EngineInputRequest): { name: HeapName; base: bigint; size: bigint }[] {
  const { board, config } = req;
  const kib = (name: string): bigint => BigInt(config.int(name) ?? 0) * KIB;
  const blockSize = BigInt(config.int('CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE') ?? 0);
  const names: { name: HeapName; size: bigint; pool: boolean }[] = [
    { name: 'llext_metadata_heap', size: kib('CONFIG_LLEXT_METADATA_HEAP_SIZE'), pool: false },
  ];
  if (config.isEnabled('CONFIG_HARVARD')) {
    names.push({ name: 'llext_instr_heap_buf', size: kib('CONFIG_LLEXT_INSTR_HEAP_SIZE'), pool: true });
    names.push({ name: 'llext_data_heap_buf', size: kib('CONFIG_LLEXT_DATA_HEAP_SIZE'), pool: true });
  } else {
    names.push({ name: 'llext_ext_heap', size: kib('CONFIG_LLEXT_EXT_HEAP_SIZE'), pool: true });
  }
  return names.map(({ name, size, pool }) => {
    const base = board.heaps[name];
    if (base === undefined) throw new EngineInputError(`board ${board.id} has no ${name} buffer`);
    return { name, base: pool && blockSize > 0n ? alignUp(base, blockSize) : base, size };
  });
}

/** Where each input file sits for the buffer loader: consecutive, aligned like Zephyr's tests. */
function elfBufferBlocks(req: EngineInputRequest, writable: boolean): Block[] {
  const { board, files } = req;
  const align = BigInt(board.elfBuffer.align);
  let cursor = req.options?.elfBufferBase ?? (writable ? board.elfBuffer.ram : board.elfBuffer.rom);
  return files.map((f, i) => {
    checkCount(`size of file ${i}`, f.size);
    const block = { what: `ELF buffer ${i} (${f.name})`, base: cursor, size: BigInt(f.size) };
    cursor = alignUp(cursor + block.size, align);
    return block;
  });
}

/** Every block must lie in the memory map, and no two may overlap. */
function checkPlacement(board: Board, blocks: Block[]): void {
  for (const b of blocks) {
    if (!regionContaining(board, b.base, b.size)) {
      throw new EngineInputError(`${b.what} (${b.size} bytes at 0x${b.base.toString(16)}) does not fit in the memory of board ${board.id}`);
    }
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i];
      const b = blocks[j];
      if (a.size > 0n && b.size > 0n && a.base < b.base + b.size && b.base < a.base + a.size) {
        throw new EngineInputError(`${a.what} overlaps ${b.what} on board ${board.id}`);
      }
    }
  }
}

function actionLine(a: EngineAction, fileCount: number): string {
  switch (a.kind) {
    case 'load':
      checkToken('extension name', a.name);
      if (!Number.isInteger(a.file) || a.file < 0 || a.file >= fileCount) {
        throw new EngineInputError(`load of "${a.name}" refers to file ${a.file}, but there are ${fileCount} input files`);
      }
      return ['action load', a.name, String(a.file), ...loadParamWords(a.params)].join(' ');
    case 'free_inspection_data':
    case 'unload':
    case 'bringup':
    case 'teardown':
      checkToken('extension name', a.name);
      return `action ${a.kind} ${a.name}`;
    case 'heap_init':
      checkCount('heap_init size', a.bytes);
      return `action heap_init ${a.bytes}`;
    case 'heap_init_harvard':
      checkCount('heap_init_harvard instruction size', a.instrBytes);
      checkCount('heap_init_harvard data size', a.dataBytes);
      return `action heap_init_harvard ${a.instrBytes} ${a.dataBytes}`;
    case 'heap_uninit':
      return 'action heap_uninit';
    case 'call':
      checkToken('extension name', a.name);
      checkToken('function name', a.fn);
      return `action call ${a.name} ${a.fn}${(a.args ?? []).map((v) => ` ${callArgument(v)}`).join('')}`;
  }
}

/** A call argument as the engine reads it: decimal, negative allowed, within 64 bits. */
function callArgument(v: bigint): string {
  if (v < -(1n << 63n) || v >= 1n << 64n) throw new EngineInputError(`call argument ${v} does not fit in 64 bits`);
  return v.toString();
}

function commentText(text: string): string {
  return text.replace(/[\r\n\t]/g, ' ');
}

/** The engine input document (one directive per line, trailing newline). */
export function buildEngineInput(req: EngineInputRequest): string {
  const { board, config, options = {} } = req;
  if (config.board.id !== board.id) throw new EngineInputError(`configuration was resolved for ${config.board.id}, not ${board.id}`);
  if (!config.isEnabled('CONFIG_LLEXT')) {
    throw new EngineInputError('CONFIG_LLEXT is not enabled: the image has no LLEXT subsystem to simulate');
  }
  const ptr = boardPtrSize(board);
  const loader = options.loader ?? 'buf';
  const writableBuffer = options.storage ? options.storage === 'writable' : config.isEnabled('CONFIG_LLEXT_STORAGE_WRITABLE');

  const heaps = heapBlocks(req);
  const buffers = loader === 'buf' ? elfBufferBlocks(req, writableBuffer) : [];
  // The caller's stack matters only when code runs.
  const runsCode = req.actions.some((a) => a.kind === 'call' || a.kind === 'bringup' || a.kind === 'teardown');
  const stack = runsCode
    ? [{ what: "the calling thread's stack", base: board.callStack.base - 64n, size: board.callStack.size + 64n }]
    : [];
  checkPlacement(board, [...heaps.map((h) => ({ what: `heap ${h.name}`, base: h.base, size: h.size })), ...buffers, ...stack]);

  for (const e of req.exports.entries) checkToken('exported symbol', e.name);
  const bySlid = config.isEnabled('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID');
  if (bySlid && !req.slidOf) throw new EngineInputError('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y needs a SLID function');

  const lines: string[] = [
    '# LLEXT Playground engine input',
    `# board: ${commentText(board.name)} (${commentText(board.zephyrBoard)})`,
    `arch ${board.arch}`,
    `class ${board.elfClass}`,
    `endian ${board.endian}`,
    `board ${board.id}`,
    ...engineKconfigLines(config),
    ...heaps.map((h) => `heap ${h.name} ${formatAddress(h.base, ptr)}`),
    `cpu ${board.core}`,
    ...board.memory.map(
      (r) =>
        `memory ${r.name} ${formatAddress(r.base, ptr)} ${formatAddress(r.size, ptr)} r${r.writable ? 'w' : '-'}${r.executable ? 'x' : '-'}`,
    ),
    `imagetext ${formatAddress(board.exportPlacement.text.base, ptr)} ${formatAddress(board.exportPlacement.text.size, ptr)}`,
    `imagedata ${formatAddress(board.exportPlacement.rodata.base, ptr)} ${formatAddress(board.exportPlacement.rodata.size, ptr)}`,
    `stack ${formatAddress(board.callStack.base, ptr)} ${formatAddress(board.callStack.size, ptr)}`,
    ...(config.isEnabled('CONFIG_HARVARD')
      ? board.instrMem.map((r) => `instrmem ${formatAddress(r.lo, ptr)} ${formatAddress(r.hi, ptr)}`)
      : []),
  ];
  req.files.forEach((f, i) => {
    lines.push(`# file ${i}: ${commentText(f.name)}, ${f.size} bytes`);
    const buffer = buffers[i];
    if (buffer) lines.push(`elfbuf ${i} ${formatAddress(buffer.base, ptr)}`);
  });
  // A loop, not a spread: a user's export table can have more entries than a call has room for arguments.
  for (const line of exportDirectives(req.exports, ptr, bySlid ? req.slidOf : undefined)) lines.push(line);
  lines.push(`option abi-strict ${options.abiStrict ? 1 : 0}`);
  lines.push(`option loader ${loader}`);
  if (options.storage) lines.push(`option storage ${options.storage}`);
  if (options.stepBudget !== undefined) {
    checkCount('step budget', options.stepBudget);
    lines.push(`option step-budget ${options.stepBudget}`);
  }
  if (options.cpuBudget !== undefined) {
    checkCount('CPU budget', options.cpuBudget);
    lines.push(`option cpu-budget ${options.cpuBudget}`);
  }
  if (options.cpuStop !== undefined && options.cpuStop > 0) {
    checkCount('cpu stop', options.cpuStop);
    lines.push(`option cpu-stop ${options.cpuStop}`);
  }
  lines.push(...req.actions.map((a) => actionLine(a, req.files.length)));
  return `${lines.join('\n')}\n`;
}
