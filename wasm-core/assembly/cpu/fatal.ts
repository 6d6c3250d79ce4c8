// What Zephyr prints when an extension's code faults: the architecture's fault banner and
// register dump, then z_fatal_error()'s ">>> ZEPHYR FATAL ERROR" lines (kernel/fatal.c) and
// the default k_sys_fatal_error_handler()'s "Halting system". All of it is LOG_ERR of the
// "os" log module, so every line reads "<err> os: ..." as the engine's other log lines do.
//
// Cortex-M (ARMv7-M mainline): arch/arm/core/cortex_m/fault.c reports the fault as the
// exception that takes it (mem_manage_fault(), bus_fault(), usage_fault(); MemManage, BusFault
// and UsageFault are enabled, so nothing escalates to HardFault), then z_arm_fatal_error() in
// arch/arm/core/fatal.c dumps the exception stack frame (esf_dump()).
// RISC-V: arch/riscv/core/fatal.c's _Fault() prints mcause with cause_str() and mtval, then
// z_riscv_fatal_error_csf() the register dump (CONFIG_EXCEPTION_DEBUG, default y).
// Xtensa: arch/xtensa/core/vector_handlers.c's xtensa_excint1_c() prints the exception with
// print_fatal_exception(), then xtensa_fatal_error() (fatal.c) the registers with
// xtensa_dump_stack().
// AArch64: arch/arm64/core/fatal.c's z_arm64_fatal_error() prints ELR, dump_esr()'s ESR
// decoding, FAR for aborts, TPIDRRO, then esf_dump()'s registers (at the end of this file).
import { Cpu } from "./cpu";
import { XtensaCpu } from "./xtensa";
import { hex, hexPad, ptr } from "../util/fmt";
import {
  FAULT_BUDGET,
  FAULT_DIV_ZERO,
  FAULT_FETCH_UNMAPPED,
  FAULT_HOST_ERROR,
  FAULT_NOEXEC,
  FAULT_NOT_EMULATED,
  FAULT_READ_UNMAPPED,
  FAULT_STACK_OVERFLOW,
  FAULT_UNALIGNED,
  FAULT_UNDEF,
  FAULT_WRITE_READONLY,
  FAULT_WRITE_UNMAPPED,
} from "../trace/events";

/** K_ERR_CPU_EXCEPTION and K_ERR_STACK_CHK_FAIL (include/zephyr/fatal_types.h). */
const K_ERR_CPU_EXCEPTION: i32 = 0;
const K_ERR_STACK_CHK_FAIL: i32 = 2;

/** reason_to_str() of kernel/fatal.c, by reason number. */
const REASONS: string[] = ["CPU exception", "Unhandled interrupt", "Stack overflow", "Kernel oops", "Kernel panic"];

const PREFIX = "<err> os: ";

/** Where the calling thread's struct k_thread is when the board gives no stack. */
export const DEFAULT_THREAD_ADDR: u64 = 0x20000100;

/** The calling thread's struct k_thread and the board's core (host.ts: configure() sets
 * them): the core decides whether a store to nothing is a precise bus fault. */
let faultThread: u64 = DEFAULT_THREAD_ADDR;
let faultCore: string = "";

export function configureFatal(thread: u64, core: string): void {
  faultThread = thread;
  faultCore = core;
}

// ---- Cortex-M ----

/** One way the Cortex-M fault handler reports a fault: its lines ("{addr}" is replaced by
 * the MMFAR/BFAR value) and the reason it passes to z_fatal_error(). */
class ArmReport {
  constructor(
    public lines: string[],
    public reason: i32,
  ) {}
}

const MPU = "***** MPU FAULT *****";
const BUS = "***** BUS FAULT *****";
const USAGE = "***** USAGE FAULT *****";

const ARM_IBUS = new ArmReport([BUS, "  Instruction bus error"], K_ERR_CPU_EXCEPTION);
const ARM_IACCVIOL = new ArmReport([MPU, "  Instruction Access Violation"], K_ERR_CPU_EXCEPTION);
const ARM_UNDEF = new ArmReport([USAGE, "  Attempt to execute undefined instruction"], K_ERR_CPU_EXCEPTION);
const ARM_UNALIGNED = new ArmReport([USAGE, "  Unaligned memory access"], K_ERR_CPU_EXCEPTION);
const ARM_DIVZERO = new ArmReport([USAGE, "  Division by zero"], K_ERR_CPU_EXCEPTION);
const ARM_PRECISE = new ArmReport([BUS, "  Precise data bus error", "  BFAR Address: 0x{addr}"], K_ERR_CPU_EXCEPTION);
const ARM_IMPRECISE = new ArmReport([BUS, "  Imprecise data bus error"], K_ERR_CPU_EXCEPTION);
const ARM_DACCVIOL = new ArmReport([MPU, "  Data Access Violation", "  MMFAR Address: 0x{addr}"], K_ERR_CPU_EXCEPTION);
// The MPU stack guard: a data access violation z_check_thread_stack_fail() recognises.
const ARM_GUARD = new ArmReport([MPU, "  Data Access Violation", "  MMFAR Address: 0x{addr}"], K_ERR_STACK_CHK_FAIL);

/**
 * The report for fault `kind`. Data accesses split on whether memory is there at all: an
 * address nothing answers at is a bus fault; memory the MPU refuses (flash and read-only
 * regions included, which Zephyr's MPU maps read-only) is a MemManage data access violation.
 * A store to nothing is imprecise on the nRF52840 (the Cortex-M4's write buffer) and precise
 * under QEMU (MPS2 AN385), which does not model the buffer.
 */
function armReport(cpu: Cpu, kind: i32, addr: u64): ArmReport | null {
  if (kind == FAULT_FETCH_UNMAPPED) return ARM_IBUS;
  if (kind == FAULT_NOEXEC) return ARM_IACCVIOL;
  if (kind == FAULT_UNDEF) return ARM_UNDEF;
  if (kind == FAULT_UNALIGNED) return ARM_UNALIGNED;
  if (kind == FAULT_DIV_ZERO) return ARM_DIVZERO;
  if (kind == FAULT_STACK_OVERFLOW) return ARM_GUARD;
  if (kind == FAULT_WRITE_READONLY) return ARM_DACCVIOL;
  if (kind == FAULT_READ_UNMAPPED || kind == FAULT_WRITE_UNMAPPED) {
    if (cpu.bus.mem.find(addr, 1) != null) return ARM_DACCVIOL;
    if (kind == FAULT_WRITE_UNMAPPED && faultCore == "cortex-m4f") return ARM_IMPRECISE;
    return ARM_PRECISE;
  }
  return null;
}

function reg(cpu: Cpu, name: string): u64 {
  const i = cpu.regIndex(name);
  return i < 0 ? 0 : cpu.reg(i);
}

function h8(v: u64): string {
  return "0x" + hexPad(v & 0xffffffff, 8);
}

/** The architecture's lines and the reason it passes to z_fatal_error(). */
class FaultLines {
  lines: string[] = [];
  reason: i32 = K_ERR_CPU_EXCEPTION;
}

function armText(cpu: Cpu, kind: i32, pc: u64, addr: u64): FaultLines | null {
  const rep = armReport(cpu, kind, addr);
  if (rep == null) return null;
  const r = new FaultLines();
  r.reason = rep.reason;
  const out = r.lines;
  for (let i = 0; i < rep.lines.length; i++) {
    let l = rep.lines[i];
    // The core's own words for a usage fault ("Illegal use of the EPSR") replace the table's.
    if (i == 1 && rep.lines[0] == USAGE && cpu.faultNote.length > 0) l = "  " + cpu.faultNote;
    out.push(l.replace("{addr}", hex(addr & 0xffffffff)));
  }
  // esf_dump()
  out.push("r0/a1:  " + h8(reg(cpu, "r0")) + "  r1/a2:  " + h8(reg(cpu, "r1")) + "  r2/a3:  " + h8(reg(cpu, "r2")));
  out.push("r3/a4:  " + h8(reg(cpu, "r3")) + " r12/ip:  " + h8(reg(cpu, "r12")) + " r14/lr:  " + h8(reg(cpu, "lr")));
  out.push(" xpsr:  " + h8(reg(cpu, "xpsr")));
  out.push("Faulting instruction address (r15/pc): " + h8(pc));
  return r;
}

// ---- RISC-V ----

/** cause_str() of arch/riscv/core/fatal.c, by mcause. */
// prettier-ignore
const CAUSES: string[] = [
  "Instruction address misaligned", "Instruction Access fault", "Illegal instruction", "Breakpoint",
  "Load address misaligned", "Load access fault", "Store/AMO address misaligned", "Store/AMO access fault",
  "Environment call from U-mode", "Environment call from S-mode", "unknown", "Environment call from M-mode",
  "Instruction page fault", "Load page fault", "unknown", "Store/AMO page fault",
];

/** mcause for fault `kind`; loads and stores differ (bus.faultWrite, or the core's note). */
function riscvCause(cpu: Cpu, kind: i32, pc: u64, addr: u64): i32 {
  const note = cpu.faultNote.toLowerCase();
  const write = cpu.bus.faultWrite || note.includes("store") || note.includes("amo");
  if (kind == FAULT_FETCH_UNMAPPED || kind == FAULT_NOEXEC) return 1;
  if (kind == FAULT_UNDEF) return 2;
  if (kind == FAULT_UNALIGNED) return note.includes("instruction") || addr == pc ? 0 : write ? 6 : 4;
  if (kind == FAULT_READ_UNMAPPED) return 5;
  if (kind == FAULT_WRITE_UNMAPPED || kind == FAULT_WRITE_READONLY) return 7;
  if (kind == FAULT_STACK_OVERFLOW) return write ? 7 : 5;
  return -1;
}

/** z_riscv_fatal_error_csf()'s register dump (RV32I/RV64I, not RV32E), two to a line. */
// prettier-ignore
const RV_DUMP: string[] = [
  "a0", "t0", "a1", "t1", "a2", "t2", "a3", "t3", "a4", "t4", "a5", "t5", "a6", "t6",
  "a7", "", "sp", "", "ra", "",
];

/** A register as PR_REG prints it: %08lx or %016lx. */
function rv(cpu: Cpu, name: string): string {
  return hexPad(reg(cpu, name), cpu.xlen() * 2);
}

function riscvText(cpu: Cpu, kind: i32, pc: u64, addr: u64): FaultLines | null {
  const cause = riscvCause(cpu, kind, pc, addr);
  if (cause < 0) return null;
  const w = cpu.xlen() * 2;
  // mtval: the faulting address, or for an illegal instruction its encoding.
  const mtval: u64 = cause == 2 ? <u64>cpu.faultInsn : addr;
  const res = new FaultLines();
  res.reason = kind == FAULT_STACK_OVERFLOW ? K_ERR_STACK_CHK_FAIL : K_ERR_CPU_EXCEPTION;
  const out = res.lines;
  out.push("");
  out.push(" mcause: " + cause.toString() + ", " + CAUSES[cause]);
  out.push("  mtval: " + hex(mtval));
  for (let i = 0; i < RV_DUMP.length; i += 2) {
    const second = RV_DUMP[i + 1];
    out.push("     " + RV_DUMP[i] + ": " + rv(cpu, RV_DUMP[i]) + (second.length > 0 ? "    " + second + ": " + rv(cpu, second) : ""));
  }
  out.push("   xepc: " + hexPad(pc, w));
  // mstatus after the trap from M-mode: MPP = M, MPIE set (interrupts were on); RV64 also
  // reads UXL = SXL = 2.
  out.push("xstatus: " + hexPad(cpu.xlen() == 8 ? 0xa00001880 : 0x1880, w));
  out.push("");
  return res;
}

// ---- Xtensa ----

/** xtensa_exccause() of arch/xtensa/core/fatal.c, by EXCCAUSE (0-39). */
// prettier-ignore
const XT_CAUSES: string[] = [
  "illegal instruction", "syscall", "instr fetch error", "load/store error",
  "level-1 interrupt", "alloca", "divide by zero", "", "privileged", "load/store alignment", "", "",
  "instr PIF data error", "load/store PIF data error", "instr PIF addr error", "load/store PIF addr error",
  "instr TLB miss", "instr TLB multi hit", "instr fetch privilege", "", "inst fetch prohibited", "", "", "",
  "load/store TLB miss", "load/store TLB multi hit", "load/store privilege", "", "load prohibited", "store prohibited", "", "",
  "coprocessor disabled", "coprocessor disabled", "coprocessor disabled", "coprocessor disabled",
  "coprocessor disabled", "coprocessor disabled", "coprocessor disabled", "coprocessor disabled",
];

/** The EXCCAUSE a core raises for a fetch from, a load from and a store to memory it cannot
 * use, and for a store to read-only memory. */
class XtensaCauses {
  constructor(
    public core: string,
    public fetch: i32,
    public load: i32,
    public store: i32,
    public readOnly: i32,
  ) {}
}

// prettier-ignore
const XT_CORE_CAUSES: XtensaCauses[] = [
  // qemu_xtensa: no memory answers there, and QEMU (target/xtensa/helper.c:
  // xtensa_cpu_do_transaction_failed()) raises the PIF address errors.
  new XtensaCauses("xtensa-dc233c", 14, 15, 15, 29),
  // ESP32-S3: the region protection Zephyr's SoC start-up sets (esp_cpu_configure_region_protection())
  // leaves unused regions without access: InstFetchProhibited, LoadProhibited, StoreProhibited.
  new XtensaCauses("xtensa-lx7", 20, 28, 29, 29),
];

/** EXCCAUSE for fault `kind`, or -1. */
function xtensaCause(cpu: Cpu, kind: i32): i32 {
  let c = XT_CORE_CAUSES[0];
  for (let i = 0; i < XT_CORE_CAUSES.length; i++) if (XT_CORE_CAUSES[i].core == faultCore) c = XT_CORE_CAUSES[i];
  if (kind == FAULT_UNDEF) return 0;
  if (kind == FAULT_DIV_ZERO) return 6;
  if (kind == FAULT_UNALIGNED) return 9;
  if (kind == FAULT_FETCH_UNMAPPED || kind == FAULT_NOEXEC) return c.fetch;
  if (kind == FAULT_READ_UNMAPPED) return c.load;
  if (kind == FAULT_WRITE_UNMAPPED) return c.store;
  if (kind == FAULT_WRITE_READONLY) return c.readOnly;
  if (kind == FAULT_STACK_OVERFLOW) return cpu.bus.faultWrite ? c.store : c.load;
  return -1;
}

/** The 4-register lines of xtensa_dump_stack(): label and register per column. */
// prettier-ignore
const XT_DUMP: string[] = [
  " **  A0 ", "a0", "  SP ", "a1", "  A2 ", "a2", "  A3 ", "a3",
  " **  A4 ", "a4", "  A5 ", "a5", "  A6 ", "a6", "  A7 ", "a7",
  " **  A8 ", "a8", "  A9 ", "a9", " A10 ", "a10", " A11 ", "a11",
  " ** A12 ", "a12", " A13 ", "a13", " A14 ", "a14", " A15 ", "a15",
];

/** xtensa_dump_stack(): the registers, the dc233c and LX7 having the loop option and THREADPTR. */
function xtensaDumpStack(cpu: Cpu, out: string[]): void {
  for (let i = 0; i < XT_DUMP.length; i += 8) {
    let l = "";
    for (let j = 0; j < 8; j += 2) l += XT_DUMP[i + j] + ptr(reg(cpu, XT_DUMP[i + j + 1]));
    out.push(l);
  }
  out.push(" ** LBEG " + ptr(reg(cpu, "lbeg")) + " LEND " + ptr(reg(cpu, "lend")) + " LCOUNT " + ptr(reg(cpu, "lcount")));
  out.push(" ** SAR " + ptr(reg(cpu, "sar")));
  out.push(" **  THREADPTR " + ptr(cpu instanceof XtensaCpu ? <u64>(<XtensaCpu>cpu).threadptr : 0));
}

/** What xtensa_excint1_c() prints for a SYSCALL at `pc` without CONFIG_USERSPACE, before it
 * steps over it: EXCEPTION_DUMP(" ** SYSCALL PS %p PC %p") and xtensa_dump_stack(). */
export function xtensaSyscallText(cpu: Cpu, pc: u64): string {
  const out: string[] = [" ** SYSCALL PS " + ptr(reg(cpu, "ps")) + " PC " + ptr(pc)];
  xtensaDumpStack(cpu, out);
  let s = "";
  for (let i = 0; i < out.length; i++) s += PREFIX + out[i] + "\n";
  return s;
}

function xtensaText(cpu: Cpu, kind: i32, pc: u64, addr: u64): FaultLines | null {
  const cause = xtensaCause(cpu, kind);
  if (cause < 0) return null;
  let vaddr: u64 = 0;
  if (kind == FAULT_UNALIGNED && cpu instanceof XtensaCpu) vaddr = <u64>(<XtensaCpu>cpu).excvaddr;
  else if (kind != FAULT_UNDEF && kind != FAULT_DIV_ZERO) vaddr = addr;
  const ps = reg(cpu, "ps");
  const res = new FaultLines();
  res.reason = kind == FAULT_STACK_OVERFLOW ? K_ERR_STACK_CHK_FAIL : K_ERR_CPU_EXCEPTION;
  const out = res.lines;
  // print_fatal_exception()
  out.push(" ** FATAL EXCEPTION");
  out.push(" ** CPU 0 EXCCAUSE " + cause.toString() + " (" + (XT_CAUSES[cause].length > 0 ? XT_CAUSES[cause] : "unknown/reserved") + ")");
  out.push(" **  PC " + ptr(pc) + " VADDR " + ptr(vaddr));
  out.push(" **  PS " + ptr(ps));
  out.push(
    " **    (INTLEVEL:" +
      (ps & 15).toString() +
      " EXCM: " +
      ((ps >> 4) & 1).toString() +
      " UM:" +
      ((ps >> 5) & 1).toString() +
      " RING:" +
      ((ps >> 6) & 3).toString() +
      " WOE:" +
      ((ps >> 18) & 1).toString() +
      " OWB:" +
      ((ps >> 8) & 15).toString() +
      " CALLINC:" +
      ((ps >> 16) & 3).toString() +
      ")",
  );
  xtensaDumpStack(cpu, out);
  return res;
}

/** The playground's own words for stops Zephyr prints nothing for. */
function playgroundText(cpu: Cpu, kind: i32, pc: u64): string {
  if (kind == FAULT_BUDGET)
    return (
      "(no Zephyr output: the playground stopped the call after " +
      cpu.instructions.toString() +
      " instructions at pc " +
      ptr(pc) +
      "; on the device it would still be running)\n"
    );
  if (kind == FAULT_NOT_EMULATED)
    return "(no Zephyr output: the playground does not emulate the function called at " + ptr(pc) + ", so the call stops there)\n";
  if (kind == FAULT_HOST_ERROR)
    return "(no Zephyr output: an image function was called with arguments it cannot use; what the device does next is undefined)\n";
  return "";
}

/** Zephyr's console text for fault `kind` at `pc` (data or fetch address `addr`). */
export function fatalText(arch: string, cpu: Cpu, kind: i32, pc: u64, addr: u64): string {
  if (kind == FAULT_BUDGET || kind == FAULT_NOT_EMULATED || kind == FAULT_HOST_ERROR) return playgroundText(cpu, kind, pc);
  let fl: FaultLines | null = null;
  if (arch == "arm" && cpu.regIndex("xpsr") >= 0) fl = armText(cpu, kind, pc, addr);
  else if (arch == "riscv") fl = riscvText(cpu, kind, pc, addr);
  else if (arch == "xtensa") fl = xtensaText(cpu, kind, pc, addr);
  else if (arch == "arm64") fl = arm64Text(cpu, kind, pc, addr);
  let reason = kind == FAULT_STACK_OVERFLOW ? K_ERR_STACK_CHK_FAIL : K_ERR_CPU_EXCEPTION;
  let s = "";
  if (fl != null) {
    reason = fl.reason;
    for (let i = 0; i < fl.lines.length; i++) s += PREFIX + fl.lines[i] + "\n";
  }
  // z_fatal_error() and the default k_sys_fatal_error_handler()
  s += PREFIX + ">>> ZEPHYR FATAL ERROR " + reason.toString() + ": " + REASONS[reason] + " on CPU 0\n";
  s += PREFIX + "Current thread: " + ptr(faultThread) + " (unknown)\n";
  s += PREFIX + "Halting system\n";
  return s;
}

// ---- AArch64 ----

/** One exception class as dump_esr() (arch/arm64/core/fatal.c) names it, and whether
 * z_arm64_fatal_error() prints FAR_ELn for it. */
class EsrClass {
  constructor(
    public ec: i32,
    public text: string,
    public far: bool,
  ) {}
}

// prettier-ignore
const ESR_CLASSES: EsrClass[] = [
  new EsrClass(0x00, "Unknown reason", false),
  new EsrClass(0x01, "Trapped WFI or WFE instruction execution", false),
  new EsrClass(0x03, "Trapped MCR or MRC access with (coproc==0b1111) that is not reported using EC 0b000000", false),
  new EsrClass(0x04, "Trapped MCRR or MRRC access with (coproc==0b1111) that is not reported using EC 0b000000", false),
  new EsrClass(0x05, "Trapped MCR or MRC access with (coproc==0b1110)", false),
  new EsrClass(0x06, "Trapped LDC or STC access", false),
  new EsrClass(0x07, "Trapped access to SVE, Advanced SIMD, or floating-point functionality", false),
  new EsrClass(0x0c, "Trapped MRRC access with (coproc==0b1110)", false),
  new EsrClass(0x0d, "Branch Target Exception", false),
  new EsrClass(0x0e, "Illegal Execution state", false),
  new EsrClass(0x11, "SVC instruction execution in AArch32 state", false),
  new EsrClass(0x18, "Trapped MSR, MRS or System instruction execution in AArch64 state, that is not reported using EC 0b000000, 0b000001 or 0b000111", false),
  new EsrClass(0x19, "Trapped access to SVE functionality", false),
  new EsrClass(0x20, "Instruction Abort from a lower Exception level, that might be using AArch32 or AArch64", true),
  new EsrClass(0x21, "Instruction Abort taken without a change in Exception level.", true),
  new EsrClass(0x22, "PC alignment fault exception.", true),
  new EsrClass(0x24, "Data Abort from a lower Exception level, that might be using AArch32 or AArch64", true),
  new EsrClass(0x25, "Data Abort taken without a change in Exception level", true),
  new EsrClass(0x26, "SP alignment fault exception", false),
  new EsrClass(0x28, "Trapped floating-point exception taken from AArch32 state", false),
  new EsrClass(0x2c, "Trapped floating-point exception taken from AArch64 state.", false),
  new EsrClass(0x2f, "SError interrupt", false),
  new EsrClass(0x30, "Breakpoint exception from a lower Exception level, that might be using AArch32 or AArch64", false),
  new EsrClass(0x31, "Breakpoint exception taken without a change in Exception level", false),
  new EsrClass(0x32, "Software Step exception from a lower Exception level, that might be using AArch32 or AArch64", false),
  new EsrClass(0x33, "Software Step exception taken without a change in Exception level", false),
  new EsrClass(0x34, "Watchpoint exception from a lower Exception level, that might be using AArch32 or AArch64", true),
  new EsrClass(0x35, "Watchpoint exception taken without a change in Exception level.", true),
  new EsrClass(0x38, "BKPT instruction execution in AArch32 state", false),
  new EsrClass(0x3c, "BRK instruction execution in AArch64 state.", false),
  new EsrClass(0x1c, "FPAC - Pointer Authentication failure", false),
];

function esrClass(ec: i32): EsrClass {
  for (let i = 0; i < ESR_CLASSES.length; i++) if (ESR_CLASSES[i].ec == ec) return ESR_CLASSES[i];
  return new EsrClass(ec, "Unknown", false);
}

/** The core's notes (arm64.ts) and the exception class each one is taken as. */
// prettier-ignore
const A64_NOTE_CLASSES: string[] = ["BRK", "SVC", "PC alignment fault", "SP alignment fault", "Alignment fault"];
const A64_NOTE_EC: i32[] = [0x3c, 0x15, 0x22, 0x26, 0x25];

// Fault status codes (ESR_ELx.ISS.DFSC/IFSC, 4 KiB granule)
const FSC_TRANSLATION_L0: u64 = 0x04;
const FSC_PERMISSION_L3: u64 = 0x0f;
const FSC_ALIGNMENT: u64 = 0x21;

/**
 * The translation table level where a walk for `addr` finds no entry, as Zephyr's
 * arch/arm64/core/mmu.c builds the tables for qemu_cortex_a53 (CONFIG_ARM64_VA_BITS=32, 4 KiB
 * pages, lookups from level 1): beyond 4 GiB the address is outside TTBR0's range (level 0);
 * a gigabyte with no mapping at all misses at level 1; a 2 MiB block with no page tables at
 * level 2; next to the mapped memory, at level 3.
 */
function arm64Level(cpu: Cpu, addr: u64): u64 {
  if (addr >= 0x100000000) return 0;
  const areas = cpu.bus.mem.areas;
  let level: u64 = addr >> 30 == 0 ? 2 : 1;
  for (let i = 0; i < areas.length; i++) {
    const a = areas[i];
    const lo = a.base,
      hi = a.base + <u64>a.size;
    if (lo >> 21 <= addr >> 21 && addr >> 21 <= (hi - 1) >> 21) return 3;
    if (lo >> 30 <= addr >> 30 && addr >> 30 <= (hi - 1) >> 30) level = 2;
  }
  return level;
}

/** The x0-x18 and lr lines of esf_dump(), two registers to a line. */
function a64(cpu: Cpu, name: string): string {
  return "0x" + hexPad(reg(cpu, name), 16);
}

function arm64Text(cpu: Cpu, kind: i32, pc: u64, addr: u64): FaultLines | null {
  let ec: i32 = -1;
  let iss: u64 = 0;
  let far: u64 = addr;
  let elr: u64 = pc;
  const insn = cpu.faultInsn;
  if (kind == FAULT_UNDEF || kind == FAULT_UNALIGNED) {
    const k = A64_NOTE_CLASSES.indexOf(cpu.faultNote);
    ec = k >= 0 ? A64_NOTE_EC[k] : 0x00;
    if (ec == 0x3c || ec == 0x15) iss = <u64>((insn >> 5) & 0xffff);
    if (ec == 0x15) elr = pc + 4; // an SVC returns past itself
    if (ec == 0x22) far = pc;
    if (ec == 0x25) {
      if (far == 0) far = cpu.bus.faultAddr; // run.ts passes no address for the core's own faults
      iss = FSC_ALIGNMENT | (((insn >> 22) & 1) == 0 ? 0x40 : 0);
    }
  } else if (kind == FAULT_FETCH_UNMAPPED || kind == FAULT_NOEXEC) {
    ec = 0x21;
    far = pc;
    iss = kind == FAULT_NOEXEC || cpu.bus.mem.find(pc, 4) != null ? FSC_PERMISSION_L3 : FSC_TRANSLATION_L0 + arm64Level(cpu, pc);
  } else if (kind == FAULT_READ_UNMAPPED || kind == FAULT_WRITE_UNMAPPED || kind == FAULT_WRITE_READONLY || kind == FAULT_STACK_OVERFLOW) {
    // A stage 1 abort: no instruction syndrome (ISV 0), only WnR and the fault status.
    ec = 0x25;
    const mapped = kind == FAULT_WRITE_READONLY || cpu.bus.mem.find(addr, 1) != null;
    iss = (mapped ? FSC_PERMISSION_L3 : FSC_TRANSLATION_L0 + arm64Level(cpu, addr)) | (cpu.bus.faultWrite ? 0x40 : 0);
  }
  if (ec < 0) return null;
  const cls = esrClass(ec);
  const esr = ((<u64>ec) << 26) | ((<u64>1) << 25) | iss;
  const res = new FaultLines();
  // ARCH_EXCEPT() (include/zephyr/arch/arm64/error.h: k_oops(), k_panic(), a failed __ASSERT)
  // is SVC #_SVC_CALL_RUNTIME_EXCEPT (2) with the reason in x8, which z_arm64_do_kernel_oops()
  // hands to z_arm64_fatal_error().
  if (ec == 0x15 && iss == 2) {
    const why = reg(cpu, "x8");
    if (why <= 4) res.reason = <i32>why;
  }
  const out = res.lines;
  out.push("ELR_ELn: 0x" + hexPad(elr, 16));
  // dump_esr()
  out.push("ESR_ELn: 0x" + hexPad(esr, 16));
  out.push("  EC:  0x" + hex(<u64>ec) + " (" + cls.text + ")");
  out.push("  IL:  0x1");
  out.push("  ISS: 0x" + hex(iss));
  if (cls.far) out.push("FAR_ELn: 0x" + hexPad(far, 16));
  // TPIDRRO_EL0 (include/zephyr/arch/arm64/tpidrro_el0.h): the exception depth, 1, in bits
  // 63-56 over &_kernel.cpus[0], an address inside the image the playground does not know
  // (printed as 0).
  out.push("TPIDRRO: 0x" + hexPad((<u64>1) << 56, 16));
  // esf_dump()
  for (let i = 0; i < 18; i += 2) {
    const a = "x" + i.toString(),
      b = "x" + (i + 1).toString();
    out.push(a + ":" + (i < 10 ? "  " : " ") + a64(cpu, a) + "  " + b + ":" + (i + 1 < 10 ? "  " : " ") + a64(cpu, b));
  }
  out.push("x18: " + a64(cpu, "x18") + "  lr:  " + a64(cpu, "x30"));
  return res;
}
