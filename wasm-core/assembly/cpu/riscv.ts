// The RISC-V cores of QEMU's virt board as Zephyr runs extensions on them: RV32IMAC, RV64IMAC
// and RV64GC (IMAFD + Zicsr + Zifencei + C), one hart, machine mode. Registers are kept
// sign-extended to 64 bits on RV32, so that RV32 arithmetic is the RV64 "W" arithmetic.
//
// Traps end the call with the text arch/riscv/core/fatal.c: z_riscv_mcause_str() gives the
// mcause. QEMU's virt harts do misaligned loads and stores in hardware (no trap); misaligned
// LR and AMOs raise the address-misaligned exceptions (QEMU target/riscv: MO_ALIGN on them).
import { Bus } from "./bus";
import { ArgReader, Cpu } from "./cpu";
import { fmaD, fmaS, mulhu64 } from "./fpmath";
import { addD, addS, divD, divS, mulD, mulS, sqrtD, sqrtS } from "./fpround";
import { FAULT_UNALIGNED, FAULT_UNDEF } from "../trace/events";

const ABI_NAMES: string[] = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
  "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
  "t3", "t4", "t5", "t6", "pc",
];
const FP_NAMES: string[] = [
  "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1",
  "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
  "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
  "ft8", "ft9", "ft10", "ft11", "fcsr",
];

// z_riscv_mcause_str() (arch/riscv/core/fatal.c)
const MCAUSE_INSN_MISALIGNED = "Instruction address misaligned";
const MCAUSE_ILLEGAL = "Illegal instruction";
const MCAUSE_LOAD_MISALIGNED = "Load address misaligned";
const MCAUSE_STORE_MISALIGNED = "Store/AMO address misaligned";

const CANON_NAN_S: u32 = 0x7fc00000;
const CANON_NAN_D: u64 = 0x7ff8000000000000;
// fflags bits
const FF_NV: u32 = 16;
const FF_DZ: u32 = 8;
const FF_NX: u32 = 1;

@inline function sx32(v: u64): u64 {
  return <u64>(<i64>(<i32>v));
}

// ---- encoders for expanding compressed instructions into their 32-bit equivalents ----
@inline function encI(op: u32, rd: u32, f3: u32, rs1: u32, imm: i32): u32 {
  return ((<u32>imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
@inline function encS(op: u32, f3: u32, rs1: u32, rs2: u32, imm: i32): u32 {
  const u = <u32>imm;
  return (((u >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1f) << 7) | op;
}
@inline function encR(op: u32, rd: u32, f3: u32, rs1: u32, rs2: u32, f7: u32): u32 {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
@inline function encB(f3: u32, rs1: u32, rs2: u32, imm: i32): u32 {
  const u = <u32>imm;
  return (
    (((u >> 12) & 1) << 31) |
    (((u >> 5) & 0x3f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    (((u >> 1) & 0xf) << 8) |
    (((u >> 11) & 1) << 7) |
    0x63
  );
}
@inline function encJ(rd: u32, imm: i32): u32 {
  const u = <u32>imm;
  return (
    (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3ff) << 21) | (((u >> 11) & 1) << 20) | (((u >> 12) & 0xff) << 12) | (rd << 7) | 0x6f
  );
}
@inline function sext(v: u32, bits: i32): i32 {
  return (<i32>(v << (32 - bits))) >> (32 - bits);
}

/**
 * The 32-bit instruction a compressed parcel stands for (The RISC-V Instruction Set Manual,
 * "C" Standard Extension, RVC instruction set listings); 0 for a reserved or illegal encoding
 * (including the all-zero parcel).
 */
export function expandCompressed(h: u32, rv64: bool, fd: bool): u32 {
  const f3 = h >> 13;
  const rdp = ((h >> 2) & 7) + 8; // rd' / rs2'
  const rs1p = ((h >> 7) & 7) + 8;
  const rd = (h >> 7) & 31;
  const rs2 = (h >> 2) & 31;
  const b12 = (h >> 12) & 1;
  switch (h & 3) {
    case 0: {
      const uw = (((h >> 10) & 7) << 3) | (((h >> 6) & 1) << 2) | (((h >> 5) & 1) << 6); // lw/sw offset
      const ud = (((h >> 10) & 7) << 3) | (((h >> 5) & 3) << 6); // ld/sd offset
      switch (f3) {
        case 0: {
          const imm = (((h >> 11) & 3) << 4) | (((h >> 7) & 15) << 6) | (((h >> 6) & 1) << 2) | (((h >> 5) & 1) << 3);
          if (imm == 0) return 0;
          return encI(0x13, rdp, 0, 2, imm);
        }
        case 1:
          return fd ? encI(0x07, rdp, 3, rs1p, ud) : 0;
        case 2:
          return encI(0x03, rdp, 2, rs1p, uw);
        case 3:
          return rv64 ? encI(0x03, rdp, 3, rs1p, ud) : 0; // RV32 C.FLW: no F on the RV32 cores
        case 5:
          return fd ? encS(0x27, 3, rs1p, rdp, ud) : 0;
        case 6:
          return encS(0x23, 2, rs1p, rdp, uw);
        case 7:
          return rv64 ? encS(0x23, 3, rs1p, rdp, ud) : 0;
      }
      return 0;
    }
    case 1: {
      const imm6 = sext((b12 << 5) | rs2, 6);
      switch (f3) {
        case 0:
          return encI(0x13, rd, 0, rd, imm6);
        case 1:
          if (!rv64) {
            const j =
              (b12 << 11) |
              (((h >> 11) & 1) << 4) |
              (((h >> 9) & 3) << 8) |
              (((h >> 8) & 1) << 10) |
              (((h >> 7) & 1) << 6) |
              (((h >> 6) & 1) << 7) |
              (((h >> 3) & 7) << 1) |
              (((h >> 2) & 1) << 5);
            return encJ(1, sext(j, 12));
          }
          if (rd == 0) return 0;
          return encI(0x1b, rd, 0, rd, imm6);
        case 2:
          return encI(0x13, rd, 0, 0, imm6);
        case 3: {
          if (rd == 2) {
            const v = (b12 << 9) | (((h >> 6) & 1) << 4) | (((h >> 5) & 1) << 6) | (((h >> 3) & 3) << 7) | (((h >> 2) & 1) << 5);
            if (v == 0) return 0;
            return encI(0x13, 2, 0, 2, sext(v, 10));
          }
          if (imm6 == 0) return 0;
          return ((<u32>imm6 & 0xfffff) << 12) | (rd << 7) | 0x37;
        }
        case 4: {
          const f2 = (h >> 10) & 3;
          const sh = (b12 << 5) | rs2;
          if (f2 == 0 || f2 == 1) {
            if (!rv64 && b12 != 0) return 0;
            return encI(0x13, rs1p, 5, rs1p, <i32>(sh | (f2 << 10)));
          }
          if (f2 == 2) return encI(0x13, rs1p, 7, rs1p, imm6);
          const f = (h >> 5) & 3;
          if (b12 == 0) {
            if (f == 0) return encR(0x33, rs1p, 0, rs1p, rdp, 0x20);
            if (f == 1) return encR(0x33, rs1p, 4, rs1p, rdp, 0);
            if (f == 2) return encR(0x33, rs1p, 6, rs1p, rdp, 0);
            return encR(0x33, rs1p, 7, rs1p, rdp, 0);
          }
          if (!rv64) return 0;
          if (f == 0) return encR(0x3b, rs1p, 0, rs1p, rdp, 0x20);
          if (f == 1) return encR(0x3b, rs1p, 0, rs1p, rdp, 0);
          return 0;
        }
        case 5: {
          const j =
            (b12 << 11) |
            (((h >> 11) & 1) << 4) |
            (((h >> 9) & 3) << 8) |
            (((h >> 8) & 1) << 10) |
            (((h >> 7) & 1) << 6) |
            (((h >> 6) & 1) << 7) |
            (((h >> 3) & 7) << 1) |
            (((h >> 2) & 1) << 5);
          return encJ(0, sext(j, 12));
        }
        default: {
          const b = (b12 << 8) | (((h >> 10) & 3) << 3) | (((h >> 5) & 3) << 6) | (((h >> 3) & 3) << 1) | (((h >> 2) & 1) << 5);
          return encB(f3 == 6 ? 0 : 1, rs1p, 0, sext(b, 9));
        }
      }
    }
    case 2: {
      const sh = (b12 << 5) | rs2;
      switch (f3) {
        case 0:
          if (!rv64 && b12 != 0) return 0;
          return encI(0x13, rd, 1, rd, <i32>sh);
        case 1: {
          if (!fd) return 0;
          const u = (b12 << 5) | (((h >> 5) & 3) << 3) | (((h >> 2) & 7) << 6);
          return encI(0x07, rd, 3, 2, u);
        }
        case 2: {
          if (rd == 0) return 0;
          const u = (b12 << 5) | (((h >> 4) & 7) << 2) | (((h >> 2) & 3) << 6);
          return encI(0x03, rd, 2, 2, u);
        }
        case 3: {
          if (!rv64 || rd == 0) return 0;
          const u = (b12 << 5) | (((h >> 5) & 3) << 3) | (((h >> 2) & 7) << 6);
          return encI(0x03, rd, 3, 2, u);
        }
        case 4:
          if (b12 == 0) {
            if (rs2 == 0) return rd == 0 ? 0 : encI(0x67, 0, 0, rd, 0);
            return encR(0x33, rd, 0, 0, rs2, 0);
          }
          if (rs2 == 0) {
            if (rd == 0) return 0x00100073;
            return encI(0x67, 1, 0, rd, 0);
          }
          return encR(0x33, rd, 0, rd, rs2, 0);
        case 5: {
          if (!fd) return 0;
          const u = (((h >> 10) & 7) << 3) | (((h >> 7) & 7) << 6);
          return encS(0x27, 3, 2, rs2, u);
        }
        case 6: {
          const u = (((h >> 9) & 15) << 2) | (((h >> 7) & 3) << 6);
          return encS(0x23, 2, 2, rs2, u);
        }
        default: {
          if (!rv64) return 0;
          const u = (((h >> 10) & 7) << 3) | (((h >> 7) & 7) << 6);
          return encS(0x23, 3, 2, rs2, u);
        }
      }
    }
  }
  return 0;
}

// ---- floating point helpers ----
@inline function isNanS(b: u32): bool {
  return (b & 0x7fffffff) > 0x7f800000;
}
@inline function isSNanS(b: u32): bool {
  return isNanS(b) && (b & 0x00400000) == 0;
}
@inline function isNanD(b: u64): bool {
  return (b & 0x7fffffffffffffff) > 0x7ff0000000000000;
}
@inline function isSNanD(b: u64): bool {
  return isNanD(b) && (b & 0x0008000000000000) == 0;
}

function fclassS(b: u32): u32 {
  const neg = (b >> 31) != 0;
  const e = (b >> 23) & 0xff;
  const m = b & 0x7fffff;
  if (e == 0xff) {
    if (m == 0) return neg ? 1 : 1 << 7;
    return (m & 0x400000) != 0 ? 1 << 9 : 1 << 8;
  }
  if (e == 0) {
    if (m == 0) return neg ? 1 << 3 : 1 << 4;
    return neg ? 1 << 2 : 1 << 5;
  }
  return neg ? 1 << 1 : 1 << 6;
}
function fclassD(b: u64): u32 {
  const neg = (b >> 63) != 0;
  const e = <u32>((b >> 52) & 0x7ff);
  const m = b & 0xfffffffffffff;
  if (e == 0x7ff) {
    if (m == 0) return neg ? 1 : 1 << 7;
    return (m & 0x8000000000000) != 0 ? 1 << 9 : 1 << 8;
  }
  if (e == 0) {
    if (m == 0) return neg ? 1 << 3 : 1 << 4;
    return neg ? 1 << 2 : 1 << 5;
  }
  return neg ? 1 << 1 : 1 << 6;
}

/** Rounds `v` to an integer-valued double per RISC-V rounding mode `rm` (0 RNE, 1 RTZ,
 * 2 RDN, 3 RUP, 4 RMM). */
function roundRm(v: f64, rm: u32): f64 {
  switch (rm) {
    case 1:
      return Math.trunc(v);
    case 2:
      return Math.floor(v);
    case 3:
      return Math.ceil(v);
    case 4: {
      const t = Math.trunc(v);
      if (Math.abs(v - t) >= 0.5) return t + (v < 0 ? -1.0 : 1.0);
      return t;
    }
  }
  return nearest<f64>(v);
}

class RegArgs extends ArgReader {
  slot: i32;
  constructor(
    public cpu: RiscvCpu,
    first: i32,
  ) {
    super();
    this.slot = first;
  }
  next32(): u32 {
    return <u32>this.cpu.slotValue(this.slot++);
  }
  next64(): u64 {
    if (this.cpu.rv64) return this.cpu.slotValue(this.slot++);
    // psABI: a 2×XLEN variadic argument takes an aligned (even-odd) register pair, or
    // 8-aligned stack.
    if ((this.slot & 1) != 0) this.slot++;
    const lo = this.cpu.slotValue(this.slot) & 0xffffffff;
    const hi = this.cpu.slotValue(this.slot + 1) & 0xffffffff;
    this.slot += 2;
    return lo | (hi << 32);
  }
  nextPtr(): u64 {
    const v = this.cpu.slotValue(this.slot++);
    return this.cpu.rv64 ? v : v & 0xffffffff;
  }
  nextF64(): f64 {
    // Variadic doubles travel in the integer registers.
    return reinterpret<f64>(this.next64());
  }
}

class MemArgs extends ArgReader {
  constructor(
    public cpu: RiscvCpu,
    public ap: u64,
  ) {
    super();
  }
  next32(): u32 {
    const v = this.cpu.bus.read32(this.ap);
    this.ap += this.cpu.rv64 ? 8 : 4;
    return v;
  }
  next64(): u64 {
    if (!this.cpu.rv64) this.ap = (this.ap + 7) & ~(<u64>7);
    const v = this.cpu.bus.read64(this.ap);
    this.ap += 8;
    return v;
  }
  nextPtr(): u64 {
    return this.cpu.rv64 ? this.next64() : <u64>this.next32();
  }
  nextF64(): f64 {
    return reinterpret<f64>(this.next64());
  }
}

export class RiscvCpu extends Cpu {
  x: StaticArray<u64> = new StaticArray<u64>(32);
  f: StaticArray<u64> = new StaticArray<u64>(32);
  pc: u64 = 0;
  /** fflags in bits 0-4, frm in bits 5-7. */
  fcsr: u32 = 0;
  /** The LR reservation (one hart: any store by this hart keeps it, SC ends it). */
  resValid: bool = false;
  resAddr: u64 = 0;
  /** mstatus as a Zephyr thread in machine mode sees it: MIE set, MPP = M, FS on with F/D,
   * UXL/SXL = 64 on RV64. */
  mstatus: u64 = 0;

  constructor(
    bus: Bus,
    public rv64: bool,
    public fd: bool,
    public name: string,
  ) {
    super(bus);
  }

  coreName(): string {
    return this.name;
  }
  xlen(): i32 {
    return this.rv64 ? 8 : 4;
  }
  @inline private mask(v: u64): u64 {
    return this.rv64 ? v : v & 0xffffffff;
  }
  getPc(): u64 {
    return this.pc;
  }
  setPc(v: u64): void {
    this.pc = this.mask(v);
  }
  getSp(): u64 {
    return this.mask(unchecked(this.x[2]));
  }
  regCount(): i32 {
    return this.fd ? 66 : 33;
  }
  regName(i: i32): string {
    return i < 33 ? ABI_NAMES[i] : FP_NAMES[i - 33];
  }
  reg(i: i32): u64 {
    if (i < 32) return this.mask(this.x[i]);
    if (i == 32) return this.pc;
    if (i < 65) return this.f[i - 33];
    return <u64>this.fcsr;
  }
  setReg(i: i32, v: u64): void {
    if (i <= 0) return;
    if (i < 32) this.x[i] = this.rv64 ? v : sx32(v);
    else if (i == 32) this.setPc(v);
    else if (i < 65) this.f[i - 33] = v;
    else this.fcsr = <u32>v & 0xff;
  }

  /** Argument slot `k` of a call: a0-a7, then the stack at sp. */
  slotValue(k: i32): u64 {
    if (k < 8) return this.mask(this.x[10 + k]);
    const a = this.getSp() + <u64>(k - 8) * <u64>this.xlen();
    return this.rv64 ? this.bus.read64(a) : <u64>this.bus.read32(a);
  }

  prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void {
    for (let i = 0; i < 32; i++) this.x[i] = 0;
    const xl = <u64>this.xlen();
    const onStack = args.length > 8 ? args.length - 8 : 0;
    if (onStack > 0) sp = (sp - <u64>onStack * xl) & ~(<u64>15);
    for (let i = 0; i < args.length; i++) {
      if (i < 8) this.setReg(10 + i, args[i]);
      else {
        const a = sp + <u64>(i - 8) * xl;
        if (this.rv64) this.bus.write64(a, args[i]);
        else this.bus.write32(a, <u32>args[i]);
      }
    }
    this.setReg(1, ret);
    this.setReg(2, sp);
    this.setPc(entry);
    this.resValid = false;
    this.mstatus = 0x1808 | (this.fd ? 0x2000 : 0) | (this.rv64 ? 0xa00000000 : 0);
    this.fault = 0;
    this.faultInsn = 0;
    this.faultNote = "";
  }

  arg(i: i32): u64 {
    return this.slotValue(i);
  }
  varargs(first: i32): ArgReader {
    return new RegArgs(this, first);
  }
  vaList(ap: u64): ArgReader {
    return new MemArgs(this, ap);
  }
  hostReturn(lo: u64, hi: u64): void {
    this.setReg(10, lo);
    this.setReg(11, hi);
    this.pc = this.mask(this.x[1]) & ~(<u64>1);
  }
  retval(): u64 {
    return this.mask(this.x[10]);
  }

  run(n: u64): u64 {
    return this.rv64 ? this.exec<u64>(n) : this.exec<u32>(n);
  }

  private illegal(insn: u32, note: string): void {
    this.fault = FAULT_UNDEF;
    this.faultInsn = insn;
    this.faultNote = note;
  }
  private misaligned(note: string): void {
    this.fault = FAULT_UNALIGNED;
    this.faultNote = note;
  }

  // ---- F/D register access (singles NaN-boxed in the 64-bit registers) ----
  @inline private getS(i: u32): u32 {
    const v = unchecked(this.f[i]);
    return (v >> 32) == 0xffffffff ? <u32>v : CANON_NAN_S;
  }
  @inline private setS(i: u32, b: u32): void {
    unchecked((this.f[i] = 0xffffffff00000000 | <u64>b));
  }
  @inline private resS(i: u32, v: f32): void {
    const b = reinterpret<u32>(v);
    this.setS(i, isNanS(b) ? CANON_NAN_S : b);
  }
  @inline private resD(i: u32, v: f64): void {
    const b = reinterpret<u64>(v);
    unchecked((this.f[i] = isNanD(b) ? CANON_NAN_D : b));
  }

  /** CSR `csr` read (for a write, `write` is set); -1 as u64 with `ok` false: illegal. */
  private csrOk: bool = true;
  private csrRead(csr: u32, count: u64): u64 {
    this.csrOk = true;
    switch (csr) {
      case 0xc00:
      case 0xc01:
      case 0xc02:
        return this.rv64 ? count : sx32(count);
      case 0xc80:
      case 0xc81:
      case 0xc82:
        if (!this.rv64) return sx32(count >> 32);
        break;
      case 0xf14: // mhartid: one hart
        return 0;
      case 0x300: // mstatus: arch_irq_lock()/arch_irq_unlock() (include/zephyr/arch/riscv/arch.h) toggle MIE inline
        return this.mstatus;
      case 1:
        if (this.fd) return <u64>(this.fcsr & 31);
        break;
      case 2:
        if (this.fd) return <u64>(this.fcsr >> 5);
        break;
      case 3:
        if (this.fd) return <u64>this.fcsr;
        break;
    }
    this.csrOk = false;
    return 0;
  }
  private csrWrite(csr: u32, v: u64): bool {
    if (csr == 0x300) {
      // Only the interrupt enable bits (MIE, MPIE) change; the rest is the hart's fixed state.
      this.mstatus = (this.mstatus & ~(<u64>0x88)) | (v & 0x88);
      return true;
    }
    if (!this.fd) return false;
    if (csr == 1) this.fcsr = (this.fcsr & 0xe0) | (<u32>v & 31);
    else if (csr == 2) this.fcsr = (this.fcsr & 31) | ((<u32>v & 7) << 5);
    else if (csr == 3) this.fcsr = <u32>v & 0xff;
    else return false;
    return true;
  }

  private exec<X>(n: u64): u64 {
    const R64: bool = sizeof<X>() == 8;
    const FD = this.fd;
    const x = this.x;
    const bus = this.bus;
    let pc = this.pc;
    let done: u64 = 0;
    if ((pc & 1) != 0) {
      this.misaligned(MCAUSE_INSN_MISALIGNED);
      return 0;
    }
    while (done < n) {
      let insn = bus.fetch16(pc);
      if (bus.stop != 0) break;
      let next: u64;
      if ((insn & 3) != 3) {
        const h = insn;
        insn = expandCompressed(h, R64, FD);
        if (insn == 0) {
          this.illegal(h, MCAUSE_ILLEGAL);
          break;
        }
        next = pc + 2;
      } else {
        const hi = bus.fetch16(pc + 2);
        if (bus.stop != 0) break;
        insn |= hi << 16;
        next = pc + 4;
      }
      if (!R64) next &= 0xffffffff;
      const rd = (insn >> 7) & 31;
      const rs1 = (insn >> 15) & 31;
      const rs2 = (insn >> 20) & 31;
      const f3 = (insn >> 12) & 7;
      const f7 = insn >> 25;
      let bad = false;
      switch (insn & 0x7f) {
        case 0x37: // LUI
          unchecked((x[rd] = <u64>(<i64>(<i32>(insn & 0xfffff000)))));
          break;
        case 0x17: {
          // AUIPC
          const v = pc + <u64>(<i64>(<i32>(insn & 0xfffff000)));
          unchecked((x[rd] = R64 ? v : sx32(v)));
          break;
        }
        case 0x6f: {
          // JAL
          const imm =
            (((insn >> 31) & 1) << 20) | (((insn >> 21) & 0x3ff) << 1) | (((insn >> 20) & 1) << 11) | (((insn >> 12) & 0xff) << 12);
          const t = pc + <u64>(<i64>sext(imm, 21));
          unchecked((x[rd] = R64 ? next : sx32(next)));
          next = R64 ? t : t & 0xffffffff;
          break;
        }
        case 0x67: {
          // JALR
          if (f3 != 0) {
            bad = true;
            break;
          }
          const t = (unchecked(x[rs1]) + <u64>(<i64>(<i32>insn >> 20))) & ~(<u64>1);
          unchecked((x[rd] = R64 ? next : sx32(next)));
          next = R64 ? t : t & 0xffffffff;
          break;
        }
        case 0x63: {
          // branches
          const a = unchecked(x[rs1]),
            b = unchecked(x[rs2]);
          let take: bool;
          switch (f3) {
            case 0:
              take = a == b;
              break;
            case 1:
              take = a != b;
              break;
            case 4:
              take = <i64>a < <i64>b;
              break;
            case 5:
              take = <i64>a >= <i64>b;
              break;
            case 6:
              take = a < b;
              break;
            case 7:
              take = a >= b;
              break;
            default:
              take = false;
              bad = true;
          }
          if (take) {
            const imm = (((insn >> 31) & 1) << 12) | (((insn >> 25) & 0x3f) << 5) | (((insn >> 8) & 15) << 1) | (((insn >> 7) & 1) << 11);
            const t = pc + <u64>(<i64>sext(imm, 13));
            next = R64 ? t : t & 0xffffffff;
          }
          break;
        }
        case 0x03: {
          // loads (misaligned ones work, as on QEMU's virt harts)
          let a = unchecked(x[rs1]) + <u64>(<i64>(<i32>insn >> 20));
          if (!R64) a &= 0xffffffff;
          let v: u64;
          switch (f3) {
            case 0:
              v = <u64>(<i64>(<i8>bus.read8(a)));
              break;
            case 1:
              v = <u64>(<i64>(<i16>bus.read16(a)));
              break;
            case 2:
              v = <u64>(<i64>(<i32>bus.read32(a)));
              break;
            case 4:
              v = <u64>bus.read8(a);
              break;
            case 5:
              v = <u64>bus.read16(a);
              break;
            case 3:
              if (R64) {
                v = bus.read64(a);
                break;
              }
              v = 0;
              bad = true;
              break;
            case 6:
              if (R64) {
                v = <u64>bus.read32(a);
                break;
              }
              v = 0;
              bad = true;
              break;
            default:
              v = 0;
              bad = true;
          }
          if (bad) break;
          if (bus.stop != 0) {
            this.pc = pc;
            return done;
          }
          unchecked((x[rd] = v));
          break;
        }
        case 0x23: {
          // stores
          const imm = (<i32>(insn & 0xfe000000) >> 20) | <i32>((insn >> 7) & 31);
          let a = unchecked(x[rs1]) + <u64>(<i64>imm);
          if (!R64) a &= 0xffffffff;
          const v = unchecked(x[rs2]);
          switch (f3) {
            case 0:
              bus.write8(a, <u32>v);
              break;
            case 1:
              bus.write16(a, <u32>v);
              break;
            case 2:
              bus.write32(a, <u32>v);
              break;
            case 3:
              if (R64) {
                bus.write64(a, v);
                break;
              }
              bad = true;
              break;
            default:
              bad = true;
          }
          if (bad) break;
          if (bus.stop != 0) {
            this.pc = pc;
            return done;
          }
          break;
        }
        case 0x13: {
          // OP-IMM
          const a = unchecked(x[rs1]);
          const imm = <u64>(<i64>(<i32>insn >> 20));
          let v: u64 = 0;
          switch (f3) {
            case 0:
              v = a + imm;
              if (!R64) v = sx32(v);
              break;
            case 1: {
              const sh = (insn >> 20) & 0x3f;
              if (R64 ? f7 >> 1 != 0 : f7 != 0) {
                bad = true;
                break;
              }
              v = R64 ? a << sh : sx32(a << sh);
              break;
            }
            case 2:
              v = <i64>a < <i64>imm ? 1 : 0;
              break;
            case 3:
              v = a < imm ? 1 : 0;
              break;
            case 4:
              v = a ^ imm;
              break;
            case 5: {
              const sh = (insn >> 20) & 0x3f;
              const hi = R64 ? f7 >> 1 : f7;
              if (hi == 0) v = R64 ? a >> sh : sx32((a & 0xffffffff) >> sh);
              else if (hi == (R64 ? 0x10 : 0x20)) v = <u64>(<i64>a >> sh);
              else bad = true;
              if (!R64 && sh > 31) bad = true;
              break;
            }
            case 6:
              v = a | imm;
              break;
            default:
              v = a & imm;
          }
          if (bad) break;
          unchecked((x[rd] = v));
          break;
        }
        case 0x1b: {
          // OP-IMM-32 (RV64)
          if (!R64) {
            bad = true;
            break;
          }
          const a = unchecked(x[rs1]);
          const sh = rs2;
          let v: u64 = 0;
          if (f3 == 0) v = sx32(a + <u64>(<i64>(<i32>insn >> 20)));
          else if (f3 == 1 && f7 == 0) v = sx32(a << sh);
          else if (f3 == 5 && f7 == 0) v = sx32(<u64>(<u32>a >> sh));
          else if (f3 == 5 && f7 == 0x20) v = sx32(<u64>(<i32>a >> sh));
          else {
            bad = true;
            break;
          }
          unchecked((x[rd] = v));
          break;
        }
        case 0x33: {
          // OP
          const a = unchecked(x[rs1]),
            b = unchecked(x[rs2]);
          let v: u64 = 0;
          if (f7 == 0) {
            switch (f3) {
              case 0:
                v = R64 ? a + b : sx32(a + b);
                break;
              case 1:
                v = R64 ? a << (b & 63) : sx32(a << (b & 31));
                break;
              case 2:
                v = <i64>a < <i64>b ? 1 : 0;
                break;
              case 3:
                v = a < b ? 1 : 0;
                break;
              case 4:
                v = a ^ b;
                break;
              case 5:
                v = R64 ? a >> (b & 63) : sx32((a & 0xffffffff) >> (b & 31));
                break;
              case 6:
                v = a | b;
                break;
              default:
                v = a & b;
            }
          } else if (f7 == 0x20) {
            if (f3 == 0) v = R64 ? a - b : sx32(a - b);
            else if (f3 == 5) v = <u64>(<i64>a >> (R64 ? b & 63 : b & 31));
            else bad = true;
          } else if (f7 == 1) {
            switch (f3) {
              case 0:
                v = R64 ? a * b : sx32(a * b);
                break;
              case 1: // MULH
                if (R64) v = mulhu64(a, b) - (<i64>a < 0 ? b : 0) - (<i64>b < 0 ? a : 0);
                else v = sx32(<u64>((<i64>a * <i64>b) >> 32));
                break;
              case 2: // MULHSU
                if (R64) v = mulhu64(a, b) - (<i64>a < 0 ? b : 0);
                else v = sx32(<u64>((<i64>a * <i64>(b & 0xffffffff)) >> 32));
                break;
              case 3: // MULHU
                if (R64) v = mulhu64(a, b);
                else v = sx32(((a & 0xffffffff) * (b & 0xffffffff)) >> 32);
                break;
              case 4: // DIV
                if (b == 0) v = <u64>-1;
                else if (R64) v = <i64>b == -1 ? 0 - a : <u64>(<i64>a / <i64>b);
                else v = sx32(<u64>(<i64>a / <i64>b));
                break;
              case 5: // DIVU
                if (R64) v = b == 0 ? <u64>-1 : a / b;
                else v = (b & 0xffffffff) == 0 ? <u64>-1 : sx32((a & 0xffffffff) / (b & 0xffffffff));
                break;
              case 6: // REM
                if (b == 0) v = a;
                else if (<i64>b == -1) v = 0;
                else v = <u64>(<i64>a % <i64>b);
                break;
              default: // REMU
                if (R64) v = b == 0 ? a : a % b;
                else v = (b & 0xffffffff) == 0 ? a : sx32((a & 0xffffffff) % (b & 0xffffffff));
            }
          } else bad = true;
          if (bad) break;
          unchecked((x[rd] = v));
          break;
        }
        case 0x3b: {
          // OP-32 (RV64)
          if (!R64) {
            bad = true;
            break;
          }
          const a = unchecked(x[rs1]),
            b = unchecked(x[rs2]);
          let v: u64 = 0;
          if (f7 == 0 && f3 == 0) v = sx32(a + b);
          else if (f7 == 0x20 && f3 == 0) v = sx32(a - b);
          else if (f7 == 0 && f3 == 1) v = sx32(a << (b & 31));
          else if (f7 == 0 && f3 == 5) v = sx32(<u64>(<u32>a >> <u32>(b & 31)));
          else if (f7 == 0x20 && f3 == 5) v = sx32(<u64>(<i32>a >> <i32>(b & 31)));
          else if (f7 == 1) {
            const sa = <i64>(<i32>a),
              sb = <i64>(<i32>b);
            const ua = a & 0xffffffff,
              ub = b & 0xffffffff;
            switch (f3) {
              case 0:
                v = sx32(a * b);
                break;
              case 4:
                v = sb == 0 ? <u64>-1 : sx32(<u64>(sa / sb));
                break;
              case 5:
                v = ub == 0 ? <u64>-1 : sx32(ua / ub);
                break;
              case 6:
                v = sb == 0 ? sx32(a) : sx32(<u64>(sa % sb));
                break;
              case 7:
                v = ub == 0 ? sx32(a) : sx32(ua % ub);
                break;
              default:
                bad = true;
            }
          } else bad = true;
          if (bad) break;
          unchecked((x[rd] = v));
          break;
        }
        case 0x0f: // FENCE, FENCE.I: one hart, no caches to keep coherent
          if (f3 > 1) bad = true;
          break;
        case 0x73: {
          // SYSTEM
          if (f3 == 0) {
            if (insn == 0x00000073) {
              this.illegal(insn, "ECALL (Environment call from M-mode): Zephyr takes an ECALL from an extension as a system call");
              this.pc = pc;
              return done;
            }
            if (insn == 0x00100073) {
              this.illegal(insn, "EBREAK (Breakpoint)");
              this.pc = pc;
              return done;
            }
            if (insn == 0x10500073) break; // WFI
            bad = true;
            break;
          }
          if (f3 == 4) {
            bad = true;
            break;
          }
          // Zicsr
          const csr = insn >> 20;
          const count = this.instructions + done;
          const old = this.csrRead(csr, count);
          if (!this.csrOk) {
            bad = true;
            break;
          }
          const src: u64 = f3 >= 5 ? <u64>rs1 : unchecked(x[rs1]);
          const op = f3 & 3;
          let writes = op == 1 || rs1 != 0;
          if (writes) {
            const nv = op == 1 ? src : op == 2 ? old | src : old & ~src;
            if (!this.csrWrite(csr, nv)) {
              bad = true;
              break;
            }
          }
          unchecked((x[rd] = old));
          break;
        }
        case 0x2f: {
          // A
          const w = f3 == 2;
          if (!w && !(R64 && f3 == 3)) {
            bad = true;
            break;
          }
          const a = R64 ? unchecked(x[rs1]) : unchecked(x[rs1]) & 0xffffffff;
          const f5 = insn >> 27;
          if ((a & (w ? 3 : 7)) != 0 && f5 != 3) {
            // As QEMU (target/riscv/insn_trans/trans_rva.c.inc, translate.c): LR is an aligned
            // load; the AMOs always report a store/AMO fault. SC compares the reservation
            // address first, so a misaligned SC fails without an access (below).
            if (f5 == 2) this.misaligned(MCAUSE_LOAD_MISALIGNED);
            else if (this.amoValid(f5)) this.misaligned(MCAUSE_STORE_MISALIGNED);
            else {
              bad = true;
              break;
            }
            this.pc = pc;
            return done;
          }
          if (f5 == 2) {
            if (rs2 != 0) {
              bad = true;
              break;
            }
            const v = w ? sx32(<u64>bus.read32(a)) : bus.read64(a);
            if (bus.stop != 0) {
              this.pc = pc;
              return done;
            }
            this.resValid = true;
            this.resAddr = a;
            unchecked((x[rd] = v));
            break;
          }
          if (f5 == 3) {
            const ok = this.resValid && this.resAddr == a;
            if (ok) {
              if (w) bus.write32(a, <u32>unchecked(x[rs2]));
              else bus.write64(a, unchecked(x[rs2]));
              if (bus.stop != 0) {
                this.pc = pc;
                return done;
              }
            }
            this.resValid = false;
            unchecked((x[rd] = ok ? 0 : 1));
            break;
          }
          if (!this.amoValid(f5)) {
            bad = true;
            break;
          }
          const old = w ? sx32(<u64>bus.read32(a)) : bus.read64(a);
          if (bus.stop != 0) {
            this.pc = pc;
            return done;
          }
          const b = unchecked(x[rs2]);
          const ob = w ? sx32(b) : b;
          let nv: u64;
          switch (f5) {
            case 1:
              nv = b;
              break;
            case 0:
              nv = old + b;
              break;
            case 4:
              nv = old ^ b;
              break;
            case 12:
              nv = old & b;
              break;
            case 8:
              nv = old | b;
              break;
            case 16:
              nv = <i64>old < <i64>ob ? old : ob;
              break;
            case 20:
              nv = <i64>old > <i64>ob ? old : ob;
              break;
            case 24:
              nv = w ? ((old & 0xffffffff) < (b & 0xffffffff) ? old : b) : old < b ? old : b;
              break;
            default:
              nv = w ? ((old & 0xffffffff) > (b & 0xffffffff) ? old : b) : old > b ? old : b;
          }
          if (w) bus.write32(a, <u32>nv);
          else bus.write64(a, nv);
          if (bus.stop != 0) {
            this.pc = pc;
            return done;
          }
          unchecked((x[rd] = old));
          break;
        }
        case 0x07:
        case 0x27:
        case 0x43:
        case 0x47:
        case 0x4b:
        case 0x4f:
        case 0x53: {
          if (!FD) {
            bad = true;
            break;
          }
          const r = this.fp(insn, pc);
          if (r == 1) {
            bad = true;
            break;
          }
          if (r == 2) {
            this.pc = pc;
            return done;
          }
          break;
        }
        default:
          bad = true;
      }
      if (bad) {
        this.illegal(insn, MCAUSE_ILLEGAL);
        break;
      }
      unchecked((x[0] = 0));
      pc = next;
      done++;
    }
    this.pc = pc;
    return done;
  }

  private amoValid(f5: u32): bool {
    return f5 == 0 || f5 == 1 || f5 == 4 || f5 == 8 || f5 == 12 || f5 == 16 || f5 == 20 || f5 == 24 || f5 == 28;
  }

  /** The F and D instructions: 0 done, 1 illegal, 2 a bus fault. */
  private fp(insn: u32, pc: u64): i32 {
    const x = this.x;
    const f = this.f;
    const bus = this.bus;
    const rd = (insn >> 7) & 31;
    const rs1 = (insn >> 15) & 31;
    const rs2 = (insn >> 20) & 31;
    const f3 = (insn >> 12) & 7;
    const op = insn & 0x7f;
    if (op == 0x07 || op == 0x27) {
      const imm = op == 0x07 ? <i32>insn >> 20 : (<i32>(insn & 0xfe000000) >> 20) | <i32>((insn >> 7) & 31);
      const a = unchecked(x[rs1]) + <u64>(<i64>imm);
      if (op == 0x07) {
        if (f3 == 2) {
          const v = bus.read32(a);
          if (bus.stop != 0) return 2;
          this.setS(rd, v);
        } else if (f3 == 3) {
          const v = bus.read64(a);
          if (bus.stop != 0) return 2;
          unchecked((f[rd] = v));
        } else return 1;
      } else {
        if (f3 == 2) bus.write32(a, <u32>unchecked(f[rs2]));
        else if (f3 == 3) bus.write64(a, unchecked(f[rs2]));
        else return 1;
        if (bus.stop != 0) return 2;
      }
      return 0;
    }
    const fmt = (insn >> 25) & 3;
    if (fmt > 1) return 1;
    const dbl = fmt == 1;
    let rm = f3;
    if (op != 0x53 || (insn >> 27) < 0x14 || (insn >> 27) == 0x18 || (insn >> 27) == 0x1a || (insn >> 27) == 0x0b) {
      // instructions with a rounding mode field
      if (rm == 7) rm = this.fcsr >> 5;
      if (rm > 4) return 1;
    }
    if (op != 0x53) {
      // FMADD, FMSUB, FNMSUB, FNMADD
      const rs3 = insn >> 27;
      if (dbl) {
        const a = reinterpret<f64>(unchecked(f[rs1])),
          b = reinterpret<f64>(unchecked(f[rs2])),
          c = reinterpret<f64>(unchecked(f[rs3]));
        const na = op == 0x4b || op == 0x4f ? -a : a;
        const nc = op == 0x47 || op == 0x4f ? -c : c;
        const v = fmaD(na, b, nc, rm);
        if (isNaN(v) && !isNaN(a) && !isNaN(b) && !isNaN(c)) this.fcsr |= FF_NV;
        this.resD(rd, v);
      } else {
        const a = reinterpret<f32>(this.getS(rs1)),
          b = reinterpret<f32>(this.getS(rs2)),
          c = reinterpret<f32>(this.getS(rs3));
        const na = op == 0x4b || op == 0x4f ? -a : a;
        const nc = op == 0x47 || op == 0x4f ? -c : c;
        const v = fmaS(na, b, nc, rm);
        if (isNaN(v) && !isNaN(a) && !isNaN(b) && !isNaN(c)) this.fcsr |= FF_NV;
        this.resS(rd, v);
      }
      return 0;
    }
    const f5 = insn >> 27;
    if (dbl) {
      const ab = unchecked(f[rs1]),
        bb = unchecked(f[rs2]);
      const a = reinterpret<f64>(ab),
        b = reinterpret<f64>(bb);
      switch (f5) {
        case 0:
        case 1:
        case 2:
        case 3: {
          // In rounding mode rm (fpround.ts: WebAssembly itself rounds to nearest).
          const v = f5 == 0 ? addD(a, b, rm) : f5 == 1 ? addD(a, -b, rm) : f5 == 2 ? mulD(a, b, rm) : divD(a, b, rm);
          if (isSNanD(ab) || isSNanD(bb) || (isNaN(v) && !isNaN(a) && !isNaN(b))) this.fcsr |= FF_NV;
          if (f5 == 3 && b == 0 && isFinite(a) && a != 0) this.fcsr |= FF_DZ;
          this.resD(rd, v);
          return 0;
        }
        case 0x0b:
          if (rs2 != 0) return 1;
          if (a < 0 || isSNanD(ab)) this.fcsr |= FF_NV;
          this.resD(rd, sqrtD(a, rm));
          return 0;
        case 4: {
          const s = f3 == 0 ? bb & 0x8000000000000000 : f3 == 1 ? ~bb & 0x8000000000000000 : f3 == 2 ? (ab ^ bb) & 0x8000000000000000 : 1;
          if (s == 1) return 1;
          unchecked((f[rd] = (ab & 0x7fffffffffffffff) | s));
          return 0;
        }
        case 5: {
          if (f3 > 1) return 1;
          if (isSNanD(ab) || isSNanD(bb)) this.fcsr |= FF_NV;
          let v: u64;
          if (isNanD(ab) && isNanD(bb)) v = CANON_NAN_D;
          else if (isNanD(ab)) v = bb;
          else if (isNanD(bb)) v = ab;
          else if (a == b) v = f3 == 0 ? ab | bb : ab & bb; // -0 vs +0
          else v = (a < b) == (f3 == 0) ? ab : bb;
          unchecked((f[rd] = v));
          return 0;
        }
        case 8: // FCVT.D.S
          if (rs2 != 0) return 1;
          {
            const sb = this.getS(rs1);
            if (isSNanS(sb)) this.fcsr |= FF_NV;
            this.resD(rd, <f64>reinterpret<f32>(sb));
          }
          return 0;
        case 0x14: {
          const sig = isSNanD(ab) || isSNanD(bb);
          let v: u64;
          if (f3 == 2) {
            v = a == b ? 1 : 0;
            if (sig) this.fcsr |= FF_NV;
          } else if (f3 == 1 || f3 == 0) {
            v = (f3 == 1 ? a < b : a <= b) ? 1 : 0;
            if (isNaN(a) || isNaN(b)) this.fcsr |= FF_NV;
          } else return 1;
          unchecked((x[rd] = v));
          return 0;
        }
        case 0x18:
          return this.fcvtToInt(rd, a, isNaN(a), rs2, rm);
        case 0x1a:
          return this.fcvtFromInt(rd, rs1, rs2, rm, true);
        case 0x1c:
          if (rs2 != 0) return 1;
          if (f3 == 0) {
            if (!this.rv64) return 1;
            unchecked((x[rd] = ab));
          } else if (f3 == 1) unchecked((x[rd] = <u64>fclassD(ab)));
          else return 1;
          return 0;
        case 0x1e:
          if (rs2 != 0 || f3 != 0 || !this.rv64) return 1;
          unchecked((f[rd] = unchecked(x[rs1])));
          return 0;
      }
      return 1;
    }
    const ab = this.getS(rs1),
      bb = this.getS(rs2);
    const a = reinterpret<f32>(ab),
      b = reinterpret<f32>(bb);
    switch (f5) {
      case 0:
      case 1:
      case 2:
      case 3: {
        const v: f32 = f5 == 0 ? addS(a, b, rm) : f5 == 1 ? addS(a, -b, rm) : f5 == 2 ? mulS(a, b, rm) : divS(a, b, rm);
        if (isSNanS(ab) || isSNanS(bb) || (isNaN(v) && !isNaN(a) && !isNaN(b))) this.fcsr |= FF_NV;
        if (f5 == 3 && b == 0 && isFinite(a) && a != 0) this.fcsr |= FF_DZ;
        this.resS(rd, v);
        return 0;
      }
      case 0x0b:
        if (rs2 != 0) return 1;
        if (a < 0 || isSNanS(ab)) this.fcsr |= FF_NV;
        this.resS(rd, sqrtS(a, rm));
        return 0;
      case 4: {
        const s: u32 = f3 == 0 ? bb & 0x80000000 : f3 == 1 ? ~bb & 0x80000000 : f3 == 2 ? (ab ^ bb) & 0x80000000 : 1;
        if (s == 1) return 1;
        this.setS(rd, (ab & 0x7fffffff) | s);
        return 0;
      }
      case 5: {
        if (f3 > 1) return 1;
        if (isSNanS(ab) || isSNanS(bb)) this.fcsr |= FF_NV;
        let v: u32;
        if (isNanS(ab) && isNanS(bb)) v = CANON_NAN_S;
        else if (isNanS(ab)) v = bb;
        else if (isNanS(bb)) v = ab;
        else if (a == b) v = f3 == 0 ? ab | bb : ab & bb;
        else v = (a < b) == (f3 == 0) ? ab : bb;
        this.setS(rd, v);
        return 0;
      }
      case 8: {
        // FCVT.S.D
        if (rs2 != 1) return 1;
        const db = unchecked(f[rs1]);
        if (isSNanD(db)) this.fcsr |= FF_NV;
        const d = reinterpret<f64>(db);
        const s = <f32>d;
        if (<f64>s != d && !isNaN(d)) this.fcsr |= FF_NX;
        this.resS(rd, s);
        return 0;
      }
      case 0x14: {
        const sig = isSNanS(ab) || isSNanS(bb);
        let v: u64;
        if (f3 == 2) {
          v = a == b ? 1 : 0;
          if (sig) this.fcsr |= FF_NV;
        } else if (f3 == 1 || f3 == 0) {
          v = (f3 == 1 ? a < b : a <= b) ? 1 : 0;
          if (isNaN(a) || isNaN(b)) this.fcsr |= FF_NV;
        } else return 1;
        unchecked((x[rd] = v));
        return 0;
      }
      case 0x18:
        return this.fcvtToInt(rd, <f64>a, isNaN(a), rs2, rm);
      case 0x1a:
        return this.fcvtFromInt(rd, rs1, rs2, rm, false);
      case 0x1c:
        if (rs2 != 0) return 1;
        if (f3 == 0) unchecked((x[rd] = sx32(<u64>(<u32>unchecked(f[rs1])))));
        else if (f3 == 1) unchecked((x[rd] = <u64>fclassS(ab)));
        else return 1;
        return 0;
      case 0x1e:
        if (rs2 != 0 || f3 != 0) return 1;
        this.setS(rd, <u32>unchecked(x[rs1]));
        return 0;
    }
    return 1;
  }

  /** FCVT.{W,WU,L,LU}.{S,D}: saturating, NaN gives the largest value, NV when out of range. */
  private fcvtToInt(rd: u32, v: f64, nan: bool, kind: u32, rm: u32): i32 {
    if (kind > 3 || (kind > 1 && !this.rv64)) return 1;
    const r = roundRm(v, rm);
    let out: u64;
    let invalid = false;
    if (kind == 0) {
      if (nan || r >= 2147483648.0) {
        out = 0x7fffffff;
        invalid = true;
      } else if (r < -2147483648.0) {
        out = sx32(0x80000000);
        invalid = true;
      } else out = <u64>(<i64>r);
    } else if (kind == 1) {
      if (nan || r >= 4294967296.0) {
        out = <u64>-1;
        invalid = true;
      } else if (r < 0) {
        out = 0;
        invalid = true;
      } else out = sx32(<u64>r);
    } else if (kind == 2) {
      if (nan || r >= 9223372036854775808.0) {
        out = 0x7fffffffffffffff;
        invalid = true;
      } else if (r < -9223372036854775808.0) {
        out = 0x8000000000000000;
        invalid = true;
      } else out = <u64>(<i64>r);
    } else {
      if (nan || r >= 18446744073709551616.0) {
        out = <u64>-1;
        invalid = true;
      } else if (r < 0) {
        out = 0;
        invalid = true;
      } else out = <u64>r;
    }
    if (invalid) this.fcsr |= FF_NV;
    else if (r != v) this.fcsr |= FF_NX;
    unchecked((this.x[rd] = out));
    return 0;
  }

  /** FCVT.{S,D}.{W,WU,L,LU} (rounding to nearest even). */
  private fcvtFromInt(rd: u32, rs1: u32, kind: u32, rm: u32, dbl: bool): i32 {
    if (kind > 3 || (kind > 1 && !this.rv64)) return 1;
    const s = unchecked(this.x[rs1]);
    let d: f64;
    if (kind == 0) d = <f64>(<i32>s);
    else if (kind == 1) d = <f64>(<u32>s);
    else if (kind == 2) d = <f64>(<i64>s);
    else d = <f64>s;
    if (dbl) this.resD(rd, d);
    else this.resS(rd, kind == 2 ? <f32>(<i64>s) : kind == 3 ? <f32>s : <f32>d);
    return 0;
  }
}
