// QEMU as an oracle for running an extension's code (Node only, used by tests).
//
// The engine places a sample's sections (the loader's work, which the GNU ld oracle checks
// byte for byte); from there on, what the code does when called is defined by a real CPU:
// GNU ld links the extension at exactly the engine's section addresses together with a small
// harness (scripts/oracle/: vector table or _start, printk over semihosting at the address
// of the image's export table entry, a runner that calls the plan's functions), and QEMU
// runs it. The console text, return register and fault of every call are what the emulated
// CPU must reproduce. Nothing here runs the engine's CPU: only its load document (where each
// section, export, veneer and init array landed) is read.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationDocument } from '../../src/document.js';
import type { EngineAction } from '../../src/config/engineInput.js';
import { simulate } from '../../src/engine.js';
import { loadOrderOf, SAMPLES_DIR, sessionFor, type CatalogueEntry } from '../catalogue.js';
import { readElf, SHF_ALLOC, SHT_NOBITS, type ElfFile } from './elf.js';
import { allocSections } from './ld.js';
import harnessTargets from '../../../scripts/oracle/harness-targets.json';

const ORACLE_DIR = fileURLToPath(new URL('../../../scripts/oracle', import.meta.url));

/** Zephyr keeps the first LLEXT_MAX_NAME_LEN (15) characters of an extension's name. */
const EXT_NAME_MAX = 15;

/** Image functions the harness implements, by export name (scripts/oracle/harness/runtime.c). */
const HARNESS_FUNCTIONS: Record<string, string> = { printk: 'oracle_printk' };

/**
 * Integer arguments for exported functions that take some (from the samples' sources); a
 * function not listed is called without arguments, as `llext call_fn` does.
 */
const CALL_ARGS: Record<string, bigint[]> = {
  // provider_consumer/provider.c: int shared_counter_inc(int by)
  shared_counter_inc: [5n],
};

/** Exported functions whose C type returns void: their return register is not a result. */
export const VOID_FUNCTIONS: Record<string, string[]> = {
  // hello_world/hello_world.c: void test_entry(void)
  'hello_world/hello_world.c': ['test_entry'],
};

/** One step of a sample's run: what the engine's input says, and what the harness calls. */
export interface OracleStep {
  action: EngineAction;
  /** Labels of the calls the step makes, as the engine names them (fn, or "init[0]" ...). */
  calls: { label: string; target: { symbol: string } | { slot: bigint } }[];
  ext: string;
}

export interface OracleFault {
  /** Cortex-M: the CFSR bit that is set (e.g. "usagefault-divbyzero"), RISC-V: the mcause name. */
  cause: string;
  pc: string;
  addr: string;
}

/** One call as QEMU ran it, in the --json document's CallDoc terms. */
export interface OracleCall {
  ext: string;
  fn: string;
  args: string;
  console: string;
  /** r0 / a0 as the engine prints addresses (pointer-width hex); null when the function returns void. */
  ret: string | null;
  fault: OracleFault | null;
}

export interface OracleSample {
  /** The sample's catalogue id, or for a fault case "SAMPLE/what". */
  id: string;
  /** The catalogue entry that is loaded. */
  sample: string;
  board: string;
  /** The QEMU machine and CPU it ran on. */
  qemu: string;
  /** Engine actions after the loads, as `action` lines would give them. */
  actions: string[];
  calls: OracleCall[];
}

export interface QemuCallsFile {
  $comment: string;
  samples: OracleSample[];
}

export const QEMU_CALLS_JSON = fileURLToPath(new URL('../golden/qemu-calls.json', import.meta.url));

/**
 * Runs whose expected result is a fault. A fault halts the system, so each is a QEMU boot and
 * an engine run of its own: the sample's extensions are loaded and one export is called.
 */
export interface FaultCase {
  id: string;
  sample: string;
  /** Index of the extension in the sample's load order. */
  ext: number;
  fn: string;
  why: string;
}

export const FAULT_CASES: FaultCase[] = [
  {
    id: 'provider_consumer/call-data-object',
    sample: 'provider_consumer',
    ext: 0,
    fn: 'shared_counter',
    why:
      'llext_call_fn() calls whatever address the export table holds: for the data object shared_counter ' +
      'that is an even address, and a Cortex-M branching to it (BLX with bit 0 clear) takes a UsageFault ' +
      '(INVSTATE) at that address before running anything there',
  },
];

// ---------------------------------------------------------------------------------------
// Which samples, on which QEMU machine

interface Machine {
  qemu: string;
  args: string[];
  harness: (typeof harnessTargets.targets)[number];
  /** Where the harness's own code and data go: memory the board profile does not use. */
  harnessBase: bigint;
  elfClass: 32 | 64;
  /** Xtensa: addresses from here on are virtual, mapped by the harness's start code to
   * physical 0; the ELF's load addresses are the physical ones. */
  physBase?: bigint;
  /** The harness's console is QEMU's standard output (the machine's first serial port) rather
   * than its standard error. */
  stdoutConsole?: boolean;
}

function target(id: string): (typeof harnessTargets.targets)[number] {
  const t = harnessTargets.targets.find((x) => x.id === id);
  if (!t) throw new Error(`no harness target ${id}`);
  return t;
}

/** Cortex-M boards run on QEMU's MPS2 (flash-like SSRAM1 at 0, SRAM at 0x20000000, 4 MiB each). */
const ARM_BOARDS = new Set(['nrf52840dk', 'mps2_an385']);
const RISCV_BOARDS = new Set(['qemu_riscv32', 'qemu_riscv64']);
/** qemu_xtensa: RAM at 0x60000000 in the board profile, at physical 0 on QEMU's sim machine. */
const XTENSA_RAM = 0x60000000n;
/** AArch64 boards run on QEMU's virt machine (RAM at 0x40000000, 128 MiB by default). */
const ARM64_BOARDS = new Set(['qemu_cortex_a53']);

/**
 * The QEMU machine for a sample. Code compiled for the Cortex-M4 (every nrf52840dk sample:
 * -mcpu=cortex-m4) runs on mps2-an386 (Cortex-M4), the rest on mps2-an385 (Cortex-M3). The
 * nrf52840dk's memory map (flash 0..1 MiB, SRAM 0x20000000..+256 KiB) lies inside MPS2's.
 */
export function machineFor(entry: CatalogueEntry): Machine | null {
  if (entry.expect !== 'loads') return null;
  if (entry.arch === 'arm' && ARM_BOARDS.has(entry.board)) {
    const m4 = /-mcpu=cortex-m4/.test(entry.flags);
    const [machine, cpu] = m4 ? ['mps2-an386', 'cortex-m4'] : ['mps2-an385', 'cortex-m3'];
    return {
      qemu: 'qemu-system-arm',
      args: ['-M', machine, '-cpu', cpu],
      harness: target('thumbv7m'),
      harnessBase: 0x00380000n,
      elfClass: 32,
    };
  }
  if (entry.arch === 'arm64' && ARM64_BOARDS.has(entry.board)) {
    return {
      qemu: 'qemu-system-aarch64',
      // No network card: virt's default virtio NIC wants an option ROM QEMU may not have.
      args: ['-M', 'virt', '-cpu', 'cortex-a53', '-nic', 'none'],
      harness: target('aarch64'),
      // Past the board profile's export placement, heaps, ELF buffers and calling-thread stack.
      harnessBase: 0x40400000n,
      elfClass: 64,
    };
  }
  if (entry.arch === 'riscv' && RISCV_BOARDS.has(entry.board)) {
    const rv64 = entry.board === 'qemu_riscv64';
    return {
      qemu: rv64 ? 'qemu-system-riscv64' : 'qemu-system-riscv32',
      args: ['-M', 'virt', '-bios', 'none'],
      harness: target(rv64 ? 'rv64gc' : 'rv32imac'),
      harnessBase: 0x80400000n,
      elfClass: rv64 ? 64 : 32,
    };
  }
  if (entry.arch === 'xtensa' && entry.board === 'qemu_xtensa') {
    // The samples are lx106 (call0) code, which the windowed dc233c runs as it is. The sim
    // machine's semihosting console is its first serial port, here QEMU's standard output.
    return {
      qemu: 'qemu-system-xtensa',
      args: ['-M', 'sim', '-cpu', 'dc233c', '-serial', 'stdio'],
      stdoutConsole: true,
      harness: target('xtensa-lx106'),
      harnessBase: 0x60400000n,
      elfClass: 32,
      physBase: XTENSA_RAM,
    };
  }
  return null;
}

/** Why a sample the oracle would run is left out, or null. */
export function exclusionOf(entry: CatalogueEntry): string | null {
  // GNU ld relinks relocatable objects only; a shared object's layout was fixed by its own link.
  if (entry.elfType !== 'ET_REL') return 'a shared object (ET_DYN) cannot be linked again at the engine addresses';
  // Without -mlongcalls a call to the image is a CALL0 reaching ±512 KiB; Zephyr writes it
  // truncated (the engine's quirk), GNU ld refuses it ("dangerous relocation").
  if (entry.arch === 'xtensa' && !/-mlongcalls/.test(entry.flags))
    return 'its CALL0 to the image is out of range: GNU ld refuses to link it (the engine runs it to the fault)';
  return null;
}

// ---------------------------------------------------------------------------------------
// Tools

function findInPath(bin: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function toolsFor(m: Machine): { ld: string; as: string; objcopy: string; prefix: string } {
  const prefix =
    m.harness.arch === 'arm'
      ? 'arm-none-eabi-'
      : m.harness.arch === 'xtensa'
        ? 'xtensa-lx106-elf-'
        : m.harness.arch === 'arm64'
          ? 'aarch64-linux-gnu-'
          : 'riscv64-unknown-elf-';
  return { ld: `${prefix}ld`, as: `${prefix}as`, objcopy: `${prefix}objcopy`, prefix };
}

/** True when binutils and QEMU for this machine are installed. */
export function haveQemuTools(m: Machine): boolean {
  const t = toolsFor(m);
  return [t.ld, t.as, t.objcopy, m.qemu].every((b) => findInPath(b) !== null);
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * The runtime object: compiled now when the cross gcc is installed, else the committed one
 * (QEMU_ORACLE_PREBUILT=1 takes the committed one anyway).
 */
function runtimeObject(m: Machine, dir: string): string {
  const t = m.harness;
  if (process.env.QEMU_ORACLE_PREBUILT !== '1' && findInPath(t.gcc)) {
    const out = join(dir, t.object);
    run(t.gcc, [...t.cflags, '-c', join(ORACLE_DIR, 'harness', 'runtime.c'), '-o', out], dir);
    return out;
  }
  return join(ORACLE_DIR, 'prebuilt', t.object);
}

// ---------------------------------------------------------------------------------------
// The plan: what is called, in which order

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function extNames(names: string[]): string[] {
  return names.map((n) => n.slice(0, EXT_NAME_MAX));
}

/** Functions (STT_FUNC) among an extension's exports, in export table order. */
function exportedFunctions(doc: SimulationDocument, ext: string, elf: ElfFile): string[] {
  const funcs = new Set(elf.symbols.filter((s) => s.type === 2 /* STT_FUNC */ && s.shndx !== 0).map((s) => s.name));
  return doc.exports.filter((x) => x.ext === ext && funcs.has(x.name)).map((x) => x.name);
}

const TABLE_REGIONS = { bringup: ['PREINIT', 'INIT'], teardown: ['FINI'] } as const;

function tableCalls(doc: SimulationDocument, ext: string, what: 'bringup' | 'teardown', ptrBytes: number): OracleStep['calls'] {
  const calls: OracleStep['calls'] = [];
  for (const region of TABLE_REGIONS[what]) {
    const r = doc.regions.find((x) => x.ext === ext && x.name === region);
    if (!r) continue;
    const label = region.toLowerCase();
    for (let k = 0; k < Math.floor(r.size / ptrBytes); k++) {
      calls.push({ label: `${label}[${k}]`, target: { slot: BigInt(r.addr) + BigInt(k * ptrBytes) } });
    }
  }
  return calls;
}

/**
 * The steps for a loaded sample. Each exported function is called twice (the second call
 * sees what the first left in memory). An extension with init or fini arrays is called
 * once before llext_bringup(), once after it, then torn down.
 */
export function planFor(doc: SimulationDocument, names: string[], elfs: ElfFile[], ptrBytes: number): OracleStep[] {
  const steps: OracleStep[] = [];
  const exts = extNames(names);
  for (const [i, ext] of exts.entries()) {
    const fns = exportedFunctions(doc, ext, elfs[i]!);
    const call = (fn: string): OracleStep => {
      const args = CALL_ARGS[fn] ?? [];
      const action: EngineAction = { kind: 'call', name: names[i]!, fn, ...(args.length > 0 ? { args } : {}) };
      return { action, ext, calls: [{ label: fn, target: { symbol: fn } }] };
    };
    const hasTables = ['PREINIT', 'INIT', 'FINI'].some((n) => doc.regions.some((r) => r.ext === ext && r.name === n && r.size > 0));
    if (hasTables) {
      steps.push(...fns.map(call));
      steps.push({ action: { kind: 'bringup', name: names[i]! }, ext, calls: tableCalls(doc, ext, 'bringup', ptrBytes) });
      steps.push(...fns.map(call));
      steps.push({ action: { kind: 'teardown', name: names[i]! }, ext, calls: tableCalls(doc, ext, 'teardown', ptrBytes) });
    } else {
      for (const fn of fns) steps.push(call(fn), call(fn));
    }
  }
  return steps;
}

function faultStep(c: FaultCase, names: string[]): OracleStep {
  const name = names[c.ext];
  if (name === undefined) throw new Error(`${c.id}: no extension ${c.ext}`);
  return { action: { kind: 'call', name, fn: c.fn }, ext: name.slice(0, EXT_NAME_MAX), calls: [{ label: c.fn, target: { symbol: c.fn } }] };
}

/** An action as an engine input line would spell it (`call NAME FN ARGS`). */
export function actionText(a: EngineAction): string {
  switch (a.kind) {
    case 'call':
      return `call ${a.name} ${a.fn}${(a.args ?? []).map((v) => ` ${v}`).join('')}`;
    case 'bringup':
    case 'teardown':
      return `${a.kind} ${a.name}`;
    default:
      throw new Error(`not a run action: ${a.kind}`);
  }
}

// ---------------------------------------------------------------------------------------
// Linking

const SAFE_NAME = /^[A-Za-z0-9_.$-]+$/;

interface Trampoline {
  addr: bigint;
  target: string;
}

function trampolineSource(arch: string, list: Trampoline[]): string {
  const out: string[] = [];
  if (arch === 'arm') {
    out.push('\t.syntax unified', '\t.thumb');
    list.forEach((t, i) => {
      // Four-byte aligned: ldr.w pc reads the word right after it and jumps (bit 0: Thumb).
      out.push(`\t.section .oracle.tramp${i}, "ax", %progbits`, '\t.p2align 2', `\tldr.w pc, 1f`, `1:\t.word ${t.target}`);
    });
  } else if (arch === 'xtensa') {
    list.forEach((t, i) => {
      // Placed 4 bytes below the function's address: the literal, then L32R (which reads
      // below itself) and JX through a8, a scratch register of the call0 ABI.
      out.push(`\t.section .oracle.tramp${i}, "ax"`, `1:\t.word ${t.target}`, `\tl32r a8, 1b`, `\tjx a8`);
    });
  } else if (arch === 'arm64') {
    list.forEach((t, i) => {
      // x16 (IP0) is the register AAPCS64 gives veneers; an export's 16-byte slot holds it.
      out.push(`\t.section .oracle.tramp${i}, "ax", %progbits`, `\tadrp x16, ${t.target}`, `\tadd x16, x16, :lo12:${t.target}`, '\tbr x16');
    });
  } else {
    out.push('\t.option norelax', '\t.option norvc');
    list.forEach((t, i) => {
      out.push(`\t.section .oracle.tramp${i}, "ax", @progbits`, `1:\tauipc t1, %pcrel_hi(${t.target})`, `\tjalr zero, %pcrel_lo(1b)(t1)`);
    });
  }
  return out.join('\n') + '\n';
}

function planSource(plan: OracleStep[], elfClass: 32 | 64): string {
  const word = elfClass === 64 ? '.dword' : '.word';
  const rows: string[] = [];
  for (const step of plan) {
    const args = step.action.kind === 'call' ? (step.action.args ?? []) : [];
    if (args.length > 4) throw new Error('the harness passes at most 4 arguments');
    const a = [0, 1, 2, 3].map((k) => (args[k] !== undefined ? BigInt.asUintN(elfClass, args[k]!).toString() : '0'));
    for (const c of step.calls) {
      const [kind, t] = 'symbol' in c.target ? ['1', c.target.symbol] : ['2', hex(c.target.slot)];
      rows.push(`\t${word} ${kind}, ${t}, ${a.join(', ')}`);
    }
  }
  rows.push(`\t${word} 0, 0, 0, 0, 0, 0`);
  return (
    ['\t.section .oracle.plan, "a"', `\t.p2align ${elfClass === 64 ? 3 : 2}`, '\t.global oracle_plan', 'oracle_plan:', ...rows].join('\n') +
    '\n'
  );
}

const DISCARDED = ['.ARM.exidx*', '.ARM.extab*', '.eh_frame*', '.comment', '.note*', '.riscv.attributes', '.ARM.attributes'];

interface Placed {
  ext: string;
  file: string;
  input: string;
  output: string;
  addr: bigint;
  size: number;
}

export interface LinkedRun {
  /** The linked ELF, for a QEMU run. */
  elf: string;
  dir: string;
  plan: OracleStep[];
}

/**
 * Links a loaded sample with the harness at the engine's addresses, in a fresh temporary
 * directory (the caller removes `dir`). Throws when the link cannot reproduce the load.
 */
export function linkSample(entry: CatalogueEntry, doc: SimulationDocument, names: string[], m: Machine, fault?: FaultCase): LinkedRun {
  const tools = toolsFor(m);
  const paths = loadOrderOf(entry).map((p) => join(SAMPLES_DIR, p));
  const elfs = paths.map((p) => readElf(new Uint8Array(readFileSync(p))));
  const exts = extNames(names);
  const ptrBytes = m.elfClass / 8;
  const plan = fault ? [faultStep(fault, names)] : planFor(doc, names, elfs, ptrBytes);
  const dir = mkdtempSync(join(tmpdir(), 'llext-qemu-'));
  try {
    const placed: Placed[] = [];
    const defsyms = new Map<string, bigint>();
    const trampolines: Trampoline[] = [];
    const addTrampoline = (addr: bigint, target: string) => {
      const at = m.harness.arch === 'arm' ? addr & ~1n : addr;
      if (at % 4n !== 0n) throw new Error(`a trampoline at ${hex(at)} is not 4-byte aligned`);
      const same = trampolines.find((t) => t.addr === at);
      if (same && same.target !== target) throw new Error(`two functions at ${hex(at)}`);
      if (!same) trampolines.push({ addr: at, target });
    };

    for (const [i, ext] of exts.entries()) {
      const file = `e${i}.o`;
      copyFileSync(paths[i]!, join(dir, file));
      // CONFIG_LLEXT_VENEERS: an out-of-range call goes through the veneer the loader wrote in
      // the extension's memory. The extension's own symbol is pinned at that veneer and a
      // trampoline there jumps to the harness, so ld's branch reaches the same address.
      const relocs = doc.relocations.filter((r) => r.ext === ext);
      const viaVeneer = relocs.filter((r) => r.quirk?.includes('LLEXT_MEM_VENEER'));
      const veneers = new Map(viaVeneer.map((r) => [r.symbol, BigInt(r.S)]));
      if (relocs.some((r) => veneers.has(r.symbol) && !r.quirk?.includes('LLEXT_MEM_VENEER'))) {
        throw new Error(`${ext}: a symbol is reached both through a veneer and directly`);
      }
      for (const [sym, at] of veneers) {
        const impl = HARNESS_FUNCTIONS[sym];
        if (!impl) throw new Error(`${ext}: ${sym} goes through a veneer to something the harness does not implement`);
        const alias = `oracle_veneer_e${i}_${sym}`;
        run(tools.objcopy, [`--redefine-sym=${sym}=${alias}`, file], dir);
        defsyms.set(alias, at);
        addTrampoline(at, impl);
      }
      for (const im of doc.imports.filter((x) => x.ext === ext)) {
        if (im.addr === null) throw new Error(`${ext}: import ${im.name} is unresolved`);
        if (im.resolvedFrom !== 'zephyr' || veneers.has(im.name)) continue; // another extension: ld resolves it
        const impl = HARNESS_FUNCTIONS[im.name];
        if (!impl) throw new Error(`${ext}: the harness does not implement the image function ${im.name}`);
        const prev = defsyms.get(im.name);
        if (prev !== undefined && prev !== BigInt(im.addr)) throw new Error(`${im.name} resolved at two addresses`);
        defsyms.set(im.name, BigInt(im.addr));
        addTrampoline(BigInt(im.addr), impl);
      }
      const mapped = new Map<string, bigint>();
      for (const s of doc.sections.filter((x) => x.ext === ext)) mapped.set(s.name, BigInt(s.addr));
      allocSections(elfs[i]!).forEach((s, k) => {
        const addr = mapped.get(s.name);
        if (addr === undefined) {
          if (s.size === 0) return; // Zephyr places nothing; ld drops the empty section
          throw new Error(`${ext}: section ${s.name} has ${s.size} bytes but the engine did not place it`);
        }
        if (!SAFE_NAME.test(s.name)) throw new Error(`section name ${s.name} cannot be written into a linker script`);
        placed.push({ ext, file, input: s.name, output: `.e${i}.s${k}`, addr, size: s.size });
      });
    }
    const stackTop = BigInt(stackOf(doc, entry));
    defsyms.set('oracle_stack_top', stackTop);

    writeFileSync(join(dir, 'tramp.s'), trampolineSource(m.harness.arch, trampolines));
    writeFileSync(join(dir, 'plan.s'), planSource(plan, m.elfClass));
    const arch = m.harness.arch;
    const start =
      arch === 'arm' ? 'start-cortex-m.s' : arch === 'xtensa' ? 'start-xtensa.s' : arch === 'arm64' ? 'start-aarch64.s' : 'start-riscv.s';
    const asArgs =
      arch === 'arm'
        ? ['-mthumb', '-mcpu=cortex-m3']
        : arch === 'xtensa'
          ? ['--no-transform']
          : arch === 'arm64'
            ? []
            : [`-march=${m.harness.id === 'rv64gc' ? 'rv64gc' : 'rv32imac_zicsr'}`, `-mabi=${m.elfClass === 64 ? 'lp64d' : 'ilp32'}`];
    for (const [src, obj] of [
      [join(ORACLE_DIR, 'harness', start), 'start.o'],
      ['tramp.s', 'tramp.o'],
      ['plan.s', 'plan.o'],
    ] as const) {
      run(tools.as, [...asArgs, src, '-o', obj], dir);
    }
    const runtime = runtimeObject(m, dir);

    // A section's address, and on Xtensa its physical load address.
    const place = (addr: bigint): string =>
      m.physBase !== undefined && addr >= m.physBase ? `${hex(addr)} : AT(${hex(addr - m.physBase)})` : `${hex(addr)} :`;
    const lines: string[] = [];
    let textBase = m.harnessBase;
    if (arch === 'arm') lines.push(`  .oracle.vectors 0x0 : { KEEP(*(.oracle.vectors)) }`);
    else if (arch === 'xtensa') {
      // The reset vector in the sim machine's ROM; VECBASE (4 KiB aligned) below the harness.
      lines.push(
        `  .oracle.start 0xfe000000 : { KEEP(*(.oracle.start)) }`,
        `  .oracle.vectors ${place(m.harnessBase)} { KEEP(*(.oracle.vectors)) }`,
      );
      textBase = m.harnessBase + 0x1000n;
    } else if (arch === 'riscv') lines.push(`  .oracle.start 0x80000000 : { KEEP(*(.oracle.start)) }`);
    trampolines.forEach((t, k) =>
      lines.push(`  .oracle.tramp${k} ${place(arch === 'xtensa' ? t.addr - 4n : t.addr)} { KEEP(*(.oracle.tramp${k})) }`),
    );
    for (const p of placed) lines.push(`  ${p.output} ${place(p.addr)} { KEEP(${p.file}(${p.input})) }`);
    lines.push(
      // AArch64: the start code leads the harness, and VBAR_EL1 needs a 2 KiB aligned table.
      `  .oracle.text ${place(textBase)} { ${arch === 'arm64' ? 'KEEP(*(.oracle.start)) ' : ''}*(.literal .literal.* .text .text.*) *(.rodata .rodata.* .srodata .srodata.*) KEEP(*(.oracle.plan)) }`,
      ...(arch === 'arm64' ? ['  .oracle.vectors ALIGN(0x800) : { KEEP(*(.oracle.vectors)) }'] : []),
      `  .oracle.data : { *(.data .data.* .sdata .sdata.*) }`,
      `  .oracle.bss : { *(.bss .bss.* .sbss .sbss.* COMMON) }`,
      // The runner's own stack; the called functions get the board's (oracle_stack_top).
      `  .oracle.stack (NOLOAD) : { . = ALIGN(16); . += 0x1000; oracle_harness_stack_top = .; }`,
      `  /DISCARD/ : { ${DISCARDED.map((p) => `*(${p})`).join(' ')} }`,
    );
    const entryName = arch === 'arm' ? 'oracle_reset' : '_start';
    writeFileSync(join(dir, 'oracle.ld'), `ENTRY(${entryName})\nSECTIONS {\n${lines.join('\n')}\n}\n`);
    const ldArgs = [
      ...(arch === 'riscv' ? ['-m', m.elfClass === 32 ? 'elf32lriscv' : 'elf64lriscv'] : []),
      '-T',
      'oracle.ld',
      '--no-relax',
      '--no-warn-rwx-segments',
      '-static',
      ...[...defsyms].map(([n, v]) => `--defsym=${n}=${hex(v)}`),
      '-o',
      'linked.elf',
      'start.o',
      'tramp.o',
      'plan.o',
      runtime,
      ...exts.map((_, i) => `e${i}.o`),
    ];
    run(tools.ld, ldArgs, dir);
    checkLink(readElf(new Uint8Array(readFileSync(join(dir, 'linked.elf')))), placed, doc, exts);
    return { elf: join(dir, 'linked.elf'), dir, plan };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The top of the calling thread's stack (the board profile's callStack). */
function stackOf(doc: SimulationDocument, entry: CatalogueEntry): bigint {
  const boards = JSON.parse(readFileSync(fileURLToPath(new URL('../../data/boards.json', import.meta.url)), 'utf8')) as {
    boards: { id: string; callStack: { base: string; size: string } }[];
  };
  const b = boards.boards.find((x) => x.id === (doc.board || entry.board)) ?? boards.boards.find((x) => x.id === entry.board);
  if (!b) throw new Error(`board ${entry.board} not found`);
  return BigInt(b.callStack.base) + BigInt(b.callStack.size);
}

/** ld must have kept every section's size and address, and agree with the engine's exports. */
function checkLink(linked: ElfFile, placed: Placed[], doc: SimulationDocument, exts: string[]): void {
  for (const p of placed) {
    const out = linked.section(p.output);
    if (!out) {
      if (p.size === 0) continue;
      throw new Error(`${p.ext} ${p.input} is missing from the linked file`);
    }
    if (out.size !== p.size) throw new Error(`${p.ext} ${p.input} changed size ${p.size} -> ${out.size}: ld added a stub`);
    if (out.addr !== p.addr) throw new Error(`${p.ext} ${p.input} was placed at ${hex(out.addr)}, not ${hex(p.addr)}`);
  }
  for (const s of linked.sections) {
    if (
      (s.flags & SHF_ALLOC) !== 0n &&
      s.type !== SHT_NOBITS &&
      s.size > 0 &&
      !s.name.startsWith('.oracle.') &&
      !/^\.e\d+\.s\d+$/.test(s.name)
    ) {
      throw new Error(`ld added the allocated section ${s.name}`);
    }
  }
  const stubs = linked.symbols.filter((sym) => /veneer|thunk/i.test(sym.name) && !sym.name.startsWith('oracle_veneer_')).map((s) => s.name);
  if (stubs.length > 0) throw new Error(`ld created branch stubs: ${stubs.join(', ')}`);
  // Where ld put each exported symbol must be where the engine's export table says.
  for (const x of doc.exports.filter((e) => exts.includes(e.ext))) {
    const sym = linked.symbols.find((s) => s.name === x.name && s.shndx !== 0 && s.bind !== 0);
    if (!sym) throw new Error(`${x.ext}: exported ${x.name} not found in the linked file`);
    if (sym.value !== BigInt(x.addr)) throw new Error(`${x.ext}: ld has ${x.name} at ${hex(sym.value)}, the engine ${x.addr}`);
  }
}

// ---------------------------------------------------------------------------------------
// Running

export interface QemuOutput {
  calls: { console: string; ret: bigint | null; fault: OracleFault | null }[];
  /** Every step ran (no fault). */
  ended: boolean;
  raw: string;
}

/** Splits the harness's console stream (protocol in scripts/oracle/harness/runtime.c). */
export function parseHarnessOutput(raw: string, ptrBytes: number): QemuOutput {
  const calls: QemuOutput['calls'] = [];
  let ended = false;
  const parts = raw.split('\x01');
  if (parts[0]!.trim() !== '') throw new Error(`unexpected output before the first call: ${JSON.stringify(parts[0])}`);
  let current: QemuOutput['calls'][number] | null = null;
  for (const part of parts.slice(1)) {
    const nl = part.indexOf('\n');
    const head = nl < 0 ? part : part.slice(0, nl);
    const rest = nl < 0 ? '' : part.slice(nl + 1);
    const [tag, ...fields] = head.split(' ');
    if (tag === 'run') {
      if (Number(fields[0]) !== calls.length) throw new Error(`call ${fields[0]} out of order`);
      current = { console: rest, ret: null, fault: null };
      calls.push(current);
      continue;
    }
    if (rest !== '') throw new Error(`output after '${head}': ${JSON.stringify(rest)}`);
    if (tag === 'end' && !current) {
      ended = true;
      continue;
    }
    if (!current) throw new Error(`'${head}' outside a call`);
    if (tag === 'ret') {
      current.ret = BigInt(`0x${fields[0]}`);
      current = null;
    } else if (tag === 'fault') {
      const kv = Object.fromEntries(fields.slice(1).map((f) => f.split('=') as [string, string]));
      const pad = (h: string) => `0x${h.padStart(ptrBytes * 2, '0')}`;
      current.fault = { cause: fields[0]!, pc: pad(kv.pc ?? ''), addr: pad(kv.addr ?? '') };
      current = null;
    } else {
      throw new Error(`unknown marker '${head}'`);
    }
  }
  return { calls, ended, raw };
}

/** Boots QEMU on a linked sample and returns what the harness printed. */
export function runQemu(m: Machine, elf: string, timeoutMs = 20000): string {
  const args = [
    ...m.args,
    '-nographic',
    '-monitor',
    'none',
    '-serial',
    'null',
    '-semihosting-config',
    'enable=on,target=native',
    '-kernel',
    elf,
  ];
  const r = spawnSync(m.qemu, args, { encoding: 'latin1', timeout: timeoutMs });
  if (r.error) throw new Error(`${m.qemu} could not be run: ${r.error.message}`);
  if (r.signal) throw new Error(`${m.qemu} did not finish in ${timeoutMs} ms (the harness never exited): ${r.stdout}`);
  // Semihosting console output (target=native) goes to QEMU's stderr; the serial port is off.
  // The Xtensa sim machine's goes to its first serial port, on stdout.
  const [console, other, otherName] = m.stdoutConsole ? [r.stdout, r.stderr, 'stderr'] : [r.stderr, r.stdout, 'stdout'];
  if (other.trim() !== '') throw new Error(`${m.qemu} printed on ${otherName}: ${other.trim()}`);
  return console;
}

function hexPtr(v: bigint, ptrBytes: number): string {
  return `0x${BigInt.asUintN(ptrBytes * 8, v)
    .toString(16)
    .padStart(ptrBytes * 2, '0')}`;
}

/**
 * The Kconfig the oracle's image has beyond the sample's prj.conf. The harness runs with the
 * Cortex-M MPU off (it never programs one), as Zephyr's own LLEXT shell_loader sample builds its
 * image (CONFIG_ARM_MPU=n): with Zephyr's MPU map the heap in SRAM is execute-never and every
 * call would fault (the no-execute case has tests of its own).
 */
export function oracleDefines(entry: CatalogueEntry): string[] {
  return entry.arch === 'arm' ? ['CONFIG_ARM_MPU=n'] : [];
}

/** Loads a sample with the engine, links it with the harness, runs QEMU: the expected calls. */
export async function oracleRun(entry: CatalogueEntry, fault?: FaultCase): Promise<OracleSample> {
  const m = machineFor(entry);
  if (!m) throw new Error(`${entry.id} does not run on a QEMU machine`);
  const session = await sessionFor(entry, oracleDefines(entry));
  const { document: doc } = await simulate({ files: session.files, config: session.config });
  if (!doc.ok) throw new Error(`${entry.id} failed to load: ${doc.message}`);
  const linked = linkSample(entry, doc, session.names, m, fault);
  try {
    const ptrBytes = m.elfClass / 8;
    const out = parseHarnessOutput(runQemu(m, linked.elf), ptrBytes);
    const voids = new Set(entry.sources.flatMap((s) => VOID_FUNCTIONS[s] ?? []));
    const calls: OracleCall[] = [];
    let k = 0;
    for (const step of linked.plan) {
      const args = step.action.kind === 'call' ? (step.action.args ?? []).map(String).join(', ') : '';
      for (const c of step.calls) {
        const got = out.calls[k++];
        if (!got) break;
        // llext_bringup()/llext_teardown() call `void (*)(void)` entries; some exports return void.
        const isVoid = step.action.kind !== 'call' || voids.has(c.label);
        calls.push({
          ext: step.ext,
          fn: c.label,
          args,
          console: got.console,
          ret: got.fault || isVoid || got.ret === null ? null : hexPtr(got.ret, ptrBytes),
          fault: got.fault,
        });
      }
    }
    if (!out.ended && !calls.some((c) => c.fault)) throw new Error(`${entry.id}: QEMU stopped early:\n${out.raw}`);
    if (fault && !calls.some((c) => c.fault)) throw new Error(`${fault.id}: QEMU ran the call without a fault`);
    return {
      id: fault?.id ?? entry.id,
      sample: entry.id,
      board: entry.board,
      qemu: `${m.qemu} ${m.args.join(' ')}`,
      actions: linked.plan.map((s) => actionText(s.action)),
      calls,
    };
  } finally {
    rmSync(linked.dir, { recursive: true, force: true });
  }
}
