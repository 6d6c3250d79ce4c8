// The Cortex-A53 as Zephyr's qemu_cortex_a53 runs extensions on it: AArch64 at EL1, the A64
// integer instructions compilers emit, scalar single and double floating point (FMADD fused
// exactly), and the Advanced SIMD instructions of vectorised loops and memcpy-like code: integer
// and floating-point lanes, structure loads and stores, permutes, the scalar forms. Not
// emulated: half-precision arithmetic (conversions are), the cryptographic and ARMv8.1+
// instructions (LSE atomics, RDM, ...) and FPSR's cumulative exception flags (FPSR only
// holds what MSR wrote). FPCR.RMode rounds the arithmetic (fpround.ts, fpmath.ts) as it does
// FRINTI/X. Anything not emulated raises an undefined instruction (ESR EC 0, "Unknown
// reason"); nothing is silently skipped.
//
// Memory: arch/arm64/core/reset.c: z_arm64_el1_init() sets SCTLR_EL1.SA (SP alignment check)
// and leaves SCTLR_EL1.A clear, and the MMU maps RAM as normal memory, so unaligned loads and
// stores work; a load or store whose base is a misaligned sp raises the SP alignment fault;
// exclusives and load-acquire/store-release must be aligned to their size (alignment fault).
// One core: the exclusive monitor only remembers the last LDXR's address.
//
// Calls follow AAPCS64: arguments in x0-x7 then 8-byte stack slots, lr = x30, sp 16-aligned;
// variadic floating-point arguments travel in v0-v7 (the non-Apple AAPCS64), and va_list is
// the AAPCS64 structure (__stack, __gr_top, __vr_top, __gr_offs, __vr_offs).
//
// The generic timer: CNTVCT_EL0 counts one tick per instruction at CNTFRQ_EL0, which is the
// engine's default hardware clock (host.ts: clockRatesFor(), 10 MHz for this core).
import { Bus } from "./bus";
import { ArgReader, Cpu } from "./cpu";
import { fmaD, fmaS, mulhu64 } from "./fpmath";
import { addD, addS, armRoundingMode, divD, divS, mulD, mulS, sqrtD, sqrtS } from "./fpround";
import { FAULT_UNALIGNED, FAULT_UNDEF } from "../trace/events";

/** Notes fatal.ts reads to pick the exception class (ESR_ELn.EC). */
export const A64_NOTE_UNDEF = "Unknown reason";
export const A64_NOTE_PC_ALIGN = "PC alignment fault";
export const A64_NOTE_SP_ALIGN = "SP alignment fault";
export const A64_NOTE_ALIGN = "Alignment fault";
export const A64_NOTE_BRK = "BRK";
export const A64_NOTE_SVC = "SVC";

const REG_SP: i32 = 31;
const REG_PC: i32 = 32;
const REG_NZCV: i32 = 33;
const REG_V0: i32 = 34;
const REG_FPSR: i32 = 66;
const REG_FPCR: i32 = 67;
const REG_COUNT: i32 = 68;

const DEFAULT_NAN_S: u32 = 0x7fc00000;
const DEFAULT_NAN_D: u64 = 0x7ff8000000000000;

/** The CPSR/PSTATE flags as NZCV holds them (bits 31-28). */
const FN: u32 = 0x80000000;
const FZ: u32 = 0x40000000;
const FC: u32 = 0x20000000;
const FV: u32 = 0x10000000;

/** sysreg(op0, op1, CRn, CRm, op2) as bits 20-5 of MRS/MSR hold it. */
function sysreg(op0: u32, op1: u32, crn: u32, crm: u32, op2: u32): u32 {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}
const SR_NZCV = sysreg(3, 3, 4, 2, 0);
const SR_DAIF = sysreg(3, 3, 4, 2, 1);
const SR_FPCR = sysreg(3, 3, 4, 4, 0);
const SR_FPSR = sysreg(3, 3, 4, 4, 1);
const SR_TPIDR_EL0 = sysreg(3, 3, 13, 0, 2);
const SR_TPIDRRO_EL0 = sysreg(3, 3, 13, 0, 3);
const SR_CNTFRQ_EL0 = sysreg(3, 3, 14, 0, 0);
const SR_CNTPCT_EL0 = sysreg(3, 3, 14, 0, 1);
const SR_CNTVCT_EL0 = sysreg(3, 3, 14, 0, 2);
const SR_CURRENTEL = sysreg(3, 0, 4, 2, 2);
const SR_MPIDR_EL1 = sysreg(3, 0, 0, 0, 5);

function sext(v: u64, bits: i32): u64 {
  return <u64>((<i64>(v << (64 - bits))) >> (64 - bits));
}

/** DecodeBitMasks() for a logical immediate: the mask, or 0 for a reserved encoding (no
 * logical immediate is 0). */
export function logicalImm(n: u32, imms: u32, immr: u32, sf: bool): u64 {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined < 2) return 0;
  const len = 31 - clz<u32>(combined);
  if (!sf && len == 6) return 0;
  const esize: u32 = 1 << len;
  const levels = esize - 1;
  const s = imms & levels,
    r = immr & levels;
  if (s == levels) return 0;
  const welem: u64 = ((<u64>1) << (s + 1)) - 1;
  const emask: u64 = esize == 64 ? ~(<u64>0) : ((<u64>1) << esize) - 1;
  let v: u64 = r == 0 ? welem : ((welem >> r) | (welem << (esize - r))) & emask;
  for (let e = esize; e < 64; e <<= 1) v |= v << e;
  return sf ? v : v & 0xffffffff;
}

/** AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern of a modified immediate. */
function simdImm(op: u32, cmode: u32, imm8: u32): u64 {
  const i = <u64>imm8;
  switch (cmode >> 1) {
    case 0:
      return (i << 32) | i;
    case 1:
      return (i << 40) | (i << 8);
    case 2:
      return (i << 48) | (i << 16);
    case 3:
      return (i << 56) | (i << 24);
    case 4:
      return (i << 48) | (i << 32) | (i << 16) | i;
    case 5:
      return (i << 56) | (i << 40) | (i << 24) | (i << 8);
    case 6: {
      const w = (cmode & 1) == 0 ? (i << 8) | 0xff : (i << 16) | 0xffff;
      return (w << 32) | w;
    }
  }
  if ((cmode & 1) == 0) {
    if (op == 0) {
      let b = i | (i << 8);
      b |= b << 16;
      return b | (b << 32);
    }
    let v: u64 = 0;
    for (let k = 0; k < 8; k++) if ((imm8 >> k) & 1) v |= (<u64>0xff) << (k * 8);
    return v;
  }
  // cmode 1111: FMOV (vector, immediate); op 0 single, op 1 double
  if (op == 0) {
    const f = <u64>fpImmS(imm8);
    return (f << 32) | f;
  }
  return fpImmD(imm8);
}

/** VFPExpandImm() for singles and doubles. */
function fpImmS(imm8: u32): u32 {
  const sign = (imm8 >> 7) & 1;
  const b6 = (imm8 >> 6) & 1;
  const exp = ((b6 ^ 1) << 7) | (b6 != 0 ? 0x7c : 0) | ((imm8 >> 4) & 3);
  return (sign << 31) | (exp << 23) | ((imm8 & 15) << 19);
}
function fpImmD(imm8: u32): u64 {
  const sign = <u64>((imm8 >> 7) & 1);
  const b6 = (imm8 >> 6) & 1;
  const exp = <u64>(((b6 ^ 1) << 10) | (b6 != 0 ? 0x3fc : 0) | ((imm8 >> 4) & 3));
  return (sign << 63) | (exp << 52) | (<u64>(imm8 & 15) << 48);
}

// ---- floating point: NaNs as the FPProcessNaNs() pseudocode picks them ----
@inline function nanS(b: u32): bool {
  return (b & 0x7fffffff) > 0x7f800000;
}
@inline function snanS(b: u32): bool {
  return nanS(b) && (b & 0x00400000) == 0;
}
@inline function nanD(b: u64): bool {
  return (b & 0x7fffffffffffffff) > 0x7ff0000000000000;
}
@inline function snanD(b: u64): bool {
  return nanD(b) && (b & 0x0008000000000000) == 0;
}
/** The NaN an operation on a and b returns, or 0 when neither is a NaN. */
function procNanS(a: u32, b: u32): u64 {
  if (snanS(a)) return <u64>(a | 0x00400000);
  if (snanS(b)) return <u64>(b | 0x00400000);
  if (nanS(a)) return <u64>a;
  if (nanS(b)) return <u64>b;
  return 0;
}
function procNanD(a: u64, b: u64): u64 {
  if (snanD(a)) return a | 0x0008000000000000;
  if (snanD(b)) return b | 0x0008000000000000;
  if (nanD(a)) return a;
  if (nanD(b)) return b;
  return 0;
}
/** An operation's own result: any NaN it makes from numbers is the default NaN. */
@inline function resS(v: f32): u32 {
  const b = reinterpret<u32>(v);
  return nanS(b) ? DEFAULT_NAN_S : b;
}
@inline function resD(v: f64): u64 {
  const b = reinterpret<u64>(v);
  return nanD(b) ? DEFAULT_NAN_D : b;
}

/** Rounds to an integral value: rm 0 nearest-even, 1 towards +inf, 2 towards -inf, 3 towards
 * zero, 4 nearest with ties away from zero. */
function roundTo(v: f64, rm: u32): f64 {
  switch (rm) {
    case 1:
      return Math.ceil(v);
    case 2:
      return Math.floor(v);
    case 3:
      return Math.trunc(v);
    case 4: {
      const t = Math.trunc(v);
      if (Math.abs(v - t) >= 0.5) return t + (v < 0 ? -1.0 : 1.0);
      return t;
    }
  }
  return nearest<f64>(v);
}

/** FPToFixed() with saturation: `v` rounded per `rm` to a signed or unsigned 32- or 64-bit
 * integer; NaN gives 0. */
function fpToInt(v: f64, rm: u32, unsigned: bool, bits64: bool): u64 {
  if (isNaN(v)) return 0;
  const r = roundTo(v, rm);
  if (unsigned) {
    if (r <= 0) return 0;
    if (bits64) return r >= 18446744073709551616.0 ? ~(<u64>0) : <u64>r;
    return r >= 4294967296.0 ? 0xffffffff : <u64>r;
  }
  if (bits64) {
    if (r >= 9223372036854775808.0) return 0x7fffffffffffffff;
    if (r < -9223372036854775808.0) return 0x8000000000000000;
    return <u64>(<i64>r);
  }
  if (r >= 2147483648.0) return 0x7fffffff;
  if (r < -2147483648.0) return 0x80000000;
  return <u64>(<u32>(<i32>r));
}

// ---- half precision (IEEE binary16; FPCR.AHP is 0): conversions only ----

/** A half's value as a double (exact); a NaN comes back quieted, its payload kept. */
function halfToD(h: u32): u64 {
  const sign = <u64>((h >> 15) & 1) << 63;
  const e = (h >> 10) & 31,
    f = <u64>(h & 0x3ff);
  if (e == 31) return f == 0 ? sign | 0x7ff0000000000000 : sign | DEFAULT_NAN_D | (f << 42);
  if (e == 0) return sign | (reinterpret<u64>(<f64>f * 5.9604644775390625e-8) & 0x7fffffffffffffff); // f * 2^-24
  return sign | (<u64>(e - 15 + 1023) << 52) | (f << 42);
}
/** A double rounded to the nearest half, ties to even; `nanFrac` is the top of a NaN's payload. */
function dToHalf(b: u64, nanFrac: u32): u32 {
  const sign = <u32>(b >> 63) << 15;
  if (nanD(b)) return sign | 0x7e00 | (nanFrac & 0x1ff);
  const a = Math.abs(reinterpret<f64>(b));
  if (a >= 65520.0) return sign | 0x7c00;
  if (a < 6.103515625e-5) return sign | <u32>nearest<f64>(a * 16777216.0); // below 2^-14: subnormal (2^24 ulp)
  let e = <i32>((reinterpret<u64>(a) >> 52) & 0x7ff) - 1023;
  const m = reinterpret<f64>((reinterpret<u64>(a) & 0xfffffffffffff) | 0x3ff0000000000000); // [1, 2)
  let q = <u32>nearest<f64>((m - 1.0) * 1024.0);
  if (q == 1024) {
    q = 0;
    e++;
  }
  if (e + 15 >= 31) return sign | 0x7c00;
  return sign | (<u32>(e + 15) << 10) | q;
}

/** FPMulAdd(addend, n, m) on double bits: NaNs as FPProcessNaNs3() picks them (a quiet NaN
 * addend with inf * 0 gives the default NaN), else the exact fused result rounded in mode `rm`. */
function fmaBitsD(a: u64, n: u64, m: u64, rm: u32): u64 {
  const fa = reinterpret<f64>(a),
    fn = reinterpret<f64>(n),
    fm = reinterpret<f64>(m);
  const infZero = (fn == 0 && isInfinite(fm)) || (fm == 0 && isInfinite(fn));
  if (snanD(a)) return a | 0x0008000000000000;
  if (snanD(n) || snanD(m)) return procNanD(n, m);
  if (nanD(a)) return infZero ? DEFAULT_NAN_D : a;
  if (nanD(n) || nanD(m)) return procNanD(n, m);
  return resD(fmaD(fn, fm, fa, rm));
}
function fmaBitsS(a: u32, n: u32, m: u32, rm: u32): u32 {
  const fa = reinterpret<f32>(a),
    fn = reinterpret<f32>(n),
    fm = reinterpret<f32>(m);
  const infZero = (fn == 0 && isInfinite(fm)) || (fm == 0 && isInfinite(fn));
  if (snanS(a)) return a | 0x00400000;
  if (snanS(n) || snanS(m)) return <u32>procNanS(n, m);
  if (nanS(a)) return infZero ? DEFAULT_NAN_S : a;
  if (nanS(n) || nanS(m)) return <u32>procNanS(n, m);
  return resS(fmaS(fn, fm, fa, rm));
}
@inline function isInfinite(v: f64): bool {
  return Math.abs(v) == Infinity;
}


// ---- Advanced SIMD lane helpers ----
/** All ones in a lane of 1 << size bytes. */
@inline function laneMask(size: u32): u64 {
  return size >= 3 ? ~(<u64>0) : ((<u64>1) << (<u64>8 << size)) - 1;
}
/** A lane's value sign-extended to 64 bits. */
@inline function sxLane(v: u64, size: u32): u64 {
  const sh = <u64>64 - (<u64>8 << size);
  return <u64>((<i64>(v << sh)) >> sh);
}
/** a + b or a - b saturated to a signed lane of 1 << size bytes. */
function satS(a: i64, b: i64, size: u32, sub: bool): u64 {
  if (size < 3) {
    const r = sub ? a - b : a + b;
    const hi = (<i64>1 << ((<i64>8 << size) - 1)) - 1;
    const lo = -hi - 1;
    return <u64>(r > hi ? hi : r < lo ? lo : r) & laneMask(size);
  }
  const r = sub ? a - b : a + b;
  const over = sub ? ((a ^ b) & (a ^ r)) < 0 : (~(a ^ b) & (a ^ r)) < 0;
  if (!over) return <u64>r;
  return a < 0 ? 0x8000000000000000 : 0x7fffffffffffffff;
}
function rbit8(v: u32): u32 {
  let r: u32 = 0;
  for (let i = 0; i < 8; i++) r |= ((v >> i) & 1) << (7 - i);
  return r;
}

// ---- the calling convention's argument readers ----

/** printk's "...": integer arguments from x`first` on, then the stack; doubles from v0 on,
 * then the stack (AAPCS64 §6.8.2, the NGRN/NSRN rules). */
class RegArgs extends ArgReader {
  ngrn: i32;
  nsrn: i32 = 0;
  stack: u64;
  constructor(
    public cpu: Arm64Cpu,
    first: i32,
  ) {
    super();
    this.ngrn = first;
    this.stack = cpu.getSp() + (first > 8 ? <u64>(first - 8) * 8 : 0);
  }
  private stackSlot(): u64 {
    const v = this.cpu.bus.read64(this.stack);
    this.stack += 8;
    return v;
  }
  next32(): u32 {
    return <u32>this.next64();
  }
  next64(): u64 {
    if (this.ngrn < 8) return unchecked(this.cpu.x[this.ngrn++]);
    return this.stackSlot();
  }
  nextPtr(): u64 {
    return this.next64();
  }
  nextF64(): f64 {
    if (this.nsrn < 8) return reinterpret<f64>(this.cpu.vLow(this.nsrn++));
    return reinterpret<f64>(this.stackSlot());
  }
}

/** va_arg() over an AAPCS64 va_list (the structure `ap` points at). */
class VaListArgs extends ArgReader {
  stack: u64;
  grTop: u64;
  vrTop: u64;
  grOffs: i32;
  vrOffs: i32;
  constructor(
    public cpu: Arm64Cpu,
    ap: u64,
  ) {
    super();
    const bus = cpu.bus;
    this.stack = bus.read64(ap);
    this.grTop = bus.read64(ap + 8);
    this.vrTop = bus.read64(ap + 16);
    this.grOffs = <i32>bus.read32(ap + 24);
    this.vrOffs = <i32>bus.read32(ap + 28);
  }
  private stackSlot(): u64 {
    const v = this.cpu.bus.read64(this.stack);
    this.stack += 8;
    return v;
  }
  next32(): u32 {
    return <u32>this.next64();
  }
  next64(): u64 {
    const offs = this.grOffs;
    if (offs < 0) {
      this.grOffs = offs + 8;
      if (offs + 8 <= 0) return this.cpu.bus.read64(this.grTop + <u64>(<i64>offs));
    }
    return this.stackSlot();
  }
  nextPtr(): u64 {
    return this.next64();
  }
  nextF64(): f64 {
    const offs = this.vrOffs;
    if (offs < 0) {
      this.vrOffs = offs + 16;
      if (offs + 16 <= 0) return reinterpret<f64>(this.cpu.bus.read64(this.vrTop + <u64>(<i64>offs)));
    }
    return reinterpret<f64>(this.stackSlot());
  }
}

export class Arm64Cpu extends Cpu {
  /** x0-x30, and at index 31 sp (register number 31 is sp or xzr as the encoding says). */
  x: StaticArray<u64> = new StaticArray<u64>(32);
  /** v0-v31, 16 bytes each, little-endian (v[2i] the low half). */
  v: StaticArray<u64> = new StaticArray<u64>(64);
  pc: u64 = 0;
  nzcv: u32 = 0;
  fpcr: u32 = 0;
  fpsr: u32 = 0;
  /** PSTATE.DAIF as a Zephyr thread starts (arch_new_thread(): SPSR_MODE_EL1H | DAIF_FIQ_BIT). */
  daif: u32 = 0x40;
  tpidr: u64 = 0;
  tpidrro: u64 = 0;
  /** CNTFRQ_EL0 (see the file comment). */
  cntfrq: u64 = 10_000_000;
  /** The exclusive monitor: the address and size of the last LDXR/LDAXR. */
  resValid: bool = false;
  resAddr: u64 = 0;
  /** Where a taken branch goes (set by the branch instructions). */
  private npc: u64 = 0;
  /** Instructions done in the current run() slice (for the counters). */
  private done: u64 = 0;

  constructor(bus: Bus) {
    super(bus);
  }

  coreName(): string {
    return "AArch64 (Cortex-A53)";
  }
  xlen(): i32 {
    return 8;
  }
  getPc(): u64 {
    return this.pc;
  }
  setPc(v: u64): void {
    this.pc = v;
  }
  getSp(): u64 {
    return unchecked(this.x[31]);
  }
  regCount(): i32 {
    return REG_COUNT;
  }
  regName(i: i32): string {
    if (i < 31) return "x" + i.toString();
    if (i == REG_SP) return "sp";
    if (i == REG_PC) return "pc";
    if (i == REG_NZCV) return "nzcv";
    if (i < REG_FPSR) return "v" + (i - REG_V0).toString();
    return i == REG_FPSR ? "fpsr" : "fpcr";
  }
  reg(i: i32): u64 {
    if (i < 32) return this.x[i];
    if (i == REG_PC) return this.pc;
    if (i == REG_NZCV) return <u64>this.nzcv;
    if (i < REG_FPSR) return this.v[(i - REG_V0) * 2];
    return i == REG_FPSR ? <u64>this.fpsr : <u64>this.fpcr;
  }
  setReg(i: i32, v: u64): void {
    if (i < 0) return;
    if (i < 32) this.x[i] = v;
    else if (i == REG_PC) this.pc = v;
    else if (i == REG_NZCV) this.nzcv = <u32>v & 0xf0000000;
    else if (i < REG_FPSR) this.v[(i - REG_V0) * 2] = v;
    else if (i == REG_FPSR) this.fpsr = <u32>v;
    else if (i == REG_FPCR) this.fpcr = <u32>v;
  }
  /** The low 64 bits of v`i` (d`i`). */
  vLow(i: i32): u64 {
    return unchecked(this.v[i * 2]);
  }

  prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void {
    for (let i = 0; i < 32; i++) this.x[i] = 0;
    for (let i = 0; i < 64; i++) this.v[i] = 0;
    const onStack = args.length > 8 ? args.length - 8 : 0;
    if (onStack > 0) sp = (sp - <u64>onStack * 8) & ~(<u64>15);
    for (let i = 0; i < args.length; i++) {
      if (i < 8) this.x[i] = args[i];
      else this.bus.write64(sp + <u64>(i - 8) * 8, args[i]);
    }
    this.x[30] = ret;
    this.x[31] = sp;
    this.pc = entry;
    this.nzcv = 0;
    this.fpcr = 0;
    this.fpsr = 0;
    this.daif = 0x40;
    this.resValid = false;
    this.fault = 0;
    this.faultInsn = 0;
    this.faultNote = "";
  }

  arg(i: i32): u64 {
    if (i < 8) return this.x[i];
    return this.bus.read64(this.getSp() + <u64>(i - 8) * 8);
  }
  varargs(first: i32): ArgReader {
    return new RegArgs(this, first);
  }
  vaList(ap: u64): ArgReader {
    return new VaListArgs(this, ap);
  }
  hostReturn(lo: u64, hi: u64): void {
    this.x[0] = lo;
    this.x[1] = hi;
    this.pc = this.x[30];
  }
  retval(): u64 {
    return this.x[0];
  }

  private undef(insn: u32): void {
    this.fault = FAULT_UNDEF;
    this.faultInsn = insn;
    this.faultNote = A64_NOTE_UNDEF;
  }
  private misaligned(insn: u32, note: string): void {
    this.fault = FAULT_UNALIGNED;
    this.faultInsn = insn;
    this.faultNote = note;
  }

  // ---- registers by encoding: 31 is xzr (rz/wz) or sp (x[31] directly) ----
  @inline private rz(r: u32): u64 {
    return r == 31 ? 0 : unchecked(this.x[r]);
  }
  @inline private wz(r: u32, v: u64): void {
    if (r != 31) unchecked((this.x[r] = v));
  }

  @inline private cond(c: u32): bool {
    const f = this.nzcv;
    let r: bool;
    switch (c >> 1) {
      case 0:
        r = (f & FZ) != 0;
        break;
      case 1:
        r = (f & FC) != 0;
        break;
      case 2:
        r = (f & FN) != 0;
        break;
      case 3:
        r = (f & FV) != 0;
        break;
      case 4:
        r = (f & FC) != 0 && (f & FZ) == 0;
        break;
      case 5:
        r = ((f >> 31) & 1) == ((f >> 28) & 1);
        break;
      case 6:
        r = (f & FZ) == 0 && ((f >> 31) & 1) == ((f >> 28) & 1);
        break;
      default:
        return true;
    }
    return (c & 1) != 0 ? !r : r;
  }

  /** a + b + cin with the flags as AddWithCarry() gives them; `sf` false: 32 bits. */
  private adc(a: u64, b: u64, cin: u64, sf: bool, setFlags: bool): u64 {
    if (sf) {
      const r = a + b + cin;
      if (setFlags) {
        const c: u32 = cin != 0 ? (r <= a ? 1 : 0) : r < a ? 1 : 0;
        const v = <u32>((((a ^ r) & (b ^ r)) >> 63) & 1);
        this.nzcv = (<u32>(r >> 63) << 31) | (r == 0 ? FZ : 0) | (c << 29) | (v << 28);
      }
      return r;
    }
    const a32 = a & 0xffffffff,
      b32 = b & 0xffffffff;
    const s = a32 + b32 + cin;
    const r = s & 0xffffffff;
    if (setFlags) {
      const v = <u32>((((a32 ^ r) & (b32 ^ r)) >> 31) & 1);
      this.nzcv = (<u32>(r >> 31) << 31) | (r == 0 ? FZ : 0) | (<u32>(s >> 32) << 29) | (v << 28);
    }
    return r;
  }
  private logicFlags(r: u64, sf: bool): void {
    const neg = sf ? r >> 63 : (r >> 31) & 1;
    this.nzcv = (<u32>neg << 31) | (r == 0 ? FZ : 0);
  }

  run(n: u64): u64 {
    const bus = this.bus;
    let pc = this.pc;
    this.done = 0;
    while (this.done < n) {
      if ((pc & 3) != 0) {
        this.misaligned(0, A64_NOTE_PC_ALIGN);
        bus.faultAddr = pc;
        break;
      }
      const insn = bus.fetch32(pc);
      if (bus.stop != 0) break;
      let next = pc + 4;
      let r: i32 = 0;
      const op0 = (insn >> 25) & 15;
      if ((op0 & 14) == 8) r = this.dpImm(insn, pc);
      else if ((op0 & 14) == 10) {
        // branches, exception generation, system
        r = this.branch(insn, pc);
        if (r == 3) {
          next = this.npc;
          r = 0;
        }
      } else if ((op0 & 5) == 4) r = this.ldst(insn, pc);
      else if ((op0 & 7) == 5) r = this.dpReg(insn);
      else if ((op0 & 7) == 7) r = this.fpSimd(insn);
      else r = 1;
      if (r != 0) {
        if (r == 1) this.undef(insn);
        break;
      }
      pc = next;
      this.done++;
    }
    this.pc = pc;
    return this.done;
  }

  // ---- data processing, immediate ----
  private dpImm(insn: u32, pc: u64): i32 {
    const sf = (insn >> 31) != 0;
    const rd = insn & 31;
    const rn = (insn >> 5) & 31;
    const x = this.x;
    switch ((insn >> 23) & 7) {
      case 0:
      case 1: {
        // ADR, ADRP
        const imm = sext(<u64>((((insn >> 5) & 0x7ffff) << 2) | ((insn >> 29) & 3)), 21);
        if ((insn >> 31) == 0) this.wz(rd, pc + imm);
        else this.wz(rd, (pc & ~(<u64>0xfff)) + (imm << 12));
        return 0;
      }
      case 2: {
        // ADD/ADDS/SUB/SUBS (immediate)
        let imm = <u64>((insn >> 10) & 0xfff);
        if ((insn >> 22) & 1) imm <<= 12;
        const a = unchecked(x[rn]);
        const sub = (insn >> 30) & 1;
        const s = (insn >> 29) & 1;
        let res: u64;
        if (s == 0) {
          res = sub != 0 ? a - imm : a + imm;
          if (!sf) res &= 0xffffffff;
          unchecked((x[rd] = res));
        } else {
          res = sub != 0 ? this.adc(a, ~imm, 1, sf, true) : this.adc(a, imm, 0, sf, true);
          this.wz(rd, sf ? res : res & 0xffffffff);
        }
        return 0;
      }
      case 3:
        return 1; // ADDG/SUBG (MTE)
      case 4: {
        // logical (immediate)
        const n = (insn >> 22) & 1;
        if (!sf && n != 0) return 1;
        const imm = logicalImm(n, (insn >> 10) & 63, (insn >> 16) & 63, sf);
        if (imm == 0) return 1;
        const a = this.rz(rn);
        let res: u64;
        const opc = (insn >> 29) & 3;
        if (opc == 0 || opc == 3) res = a & imm;
        else if (opc == 1) res = a | imm;
        else res = a ^ imm;
        if (!sf) res &= 0xffffffff;
        if (opc == 3) {
          this.logicFlags(res, sf);
          this.wz(rd, res);
        } else unchecked((x[rd] = res));
        return 0;
      }
      case 5: {
        // MOVN, MOVZ, MOVK
        const hw = (insn >> 21) & 3;
        if (!sf && hw >= 2) return 1;
        const sh = hw * 16;
        const imm = <u64>((insn >> 5) & 0xffff) << sh;
        const opc = (insn >> 29) & 3;
        let res: u64;
        if (opc == 0) res = ~imm;
        else if (opc == 2) res = imm;
        else if (opc == 3) res = (this.rz(rd) & ~((<u64>0xffff) << sh)) | imm;
        else return 1;
        this.wz(rd, sf ? res : res & 0xffffffff);
        return 0;
      }
      case 6: {
        // SBFM, BFM, UBFM
        const n = (insn >> 22) & 1;
        const opc = (insn >> 29) & 3;
        const immr = (insn >> 16) & 63,
          imms = (insn >> 10) & 63;
        if (opc == 3 || (sf ? n == 0 : n != 0 || immr > 31 || imms > 31)) return 1;
        const size: u32 = sf ? 64 : 32;
        const src = this.rz(rn);
        let width: u32, pos: u32, val: u64;
        if (imms >= immr) {
          width = imms - immr + 1;
          pos = 0;
          val = (src >> immr) & (width == 64 ? ~(<u64>0) : ((<u64>1) << width) - 1);
        } else {
          width = imms + 1;
          pos = size - immr;
          val = (src & (((<u64>1) << width) - 1)) << pos;
        }
        let res: u64;
        if (opc == 2) res = val;
        else if (opc == 0) {
          const top = pos + width;
          res = val;
          if (top < 64 && ((val >> (top - 1)) & 1) != 0) res |= ~(<u64>0) << top;
        } else {
          const fm = (width == 64 ? ~(<u64>0) : ((<u64>1) << width) - 1) << pos;
          res = (this.rz(rd) & ~fm) | val;
        }
        this.wz(rd, sf ? res : res & 0xffffffff);
        return 0;
      }
      default: {
        // EXTR
        const n = (insn >> 22) & 1;
        const lsb = (insn >> 10) & 63;
        if (((insn >> 29) & 3) != 0 || (insn >> 21) & 1 || (sf ? n == 0 : n != 0 || lsb > 31)) return 1;
        const hi = this.rz(rn),
          lo = this.rz((insn >> 16) & 31);
        let res: u64;
        if (sf) res = lsb == 0 ? lo : (lo >> lsb) | (hi << (64 - lsb));
        else {
          const cat = ((hi & 0xffffffff) << 32) | (lo & 0xffffffff);
          res = (cat >> lsb) & 0xffffffff;
        }
        this.wz(rd, res);
        return 0;
      }
    }
  }

  // ---- branches, exception generation, system; 3: branch taken to npc ----
  private branch(insn: u32, pc: u64): i32 {
    const x = this.x;
    const top6 = insn >> 26;
    if ((top6 & 31) == 5) {
      // B, BL
      if ((insn >> 31) != 0) unchecked((x[30] = pc + 4));
      this.npc = pc + (sext(<u64>(insn & 0x3ffffff), 26) << 2);
      return 3;
    }
    const top8 = insn >> 24;
    if (top8 == 0x54) {
      // B.cond
      if ((insn & 0x10) != 0) return 1;
      if (!this.cond(insn & 15)) return 0;
      this.npc = pc + (sext(<u64>((insn >> 5) & 0x7ffff), 19) << 2);
      return 3;
    }
    if ((top8 & 0x7e) == 0x34) {
      // CBZ, CBNZ
      let v = this.rz(insn & 31);
      if ((insn >> 31) == 0) v &= 0xffffffff;
      if ((v == 0) != (((insn >> 24) & 1) == 0)) return 0;
      this.npc = pc + (sext(<u64>((insn >> 5) & 0x7ffff), 19) << 2);
      return 3;
    }
    if ((top8 & 0x7e) == 0x36) {
      // TBZ, TBNZ
      const bit = ((insn >> 31) << 5) | ((insn >> 19) & 31);
      const set = ((this.rz(insn & 31) >> bit) & 1) != 0;
      if (set != (((insn >> 24) & 1) != 0)) return 0;
      this.npc = pc + (sext(<u64>((insn >> 5) & 0x3fff), 14) << 2);
      return 3;
    }
    if ((insn >> 25) == 0x6b) {
      // BR, BLR, RET
      if ((insn & 0x1ffc1f) != 0x1f0000) return 1;
      const opc = (insn >> 21) & 15;
      if (opc > 2) return 1;
      const t = this.rz((insn >> 5) & 31);
      if (opc == 1) unchecked((x[30] = pc + 4));
      this.npc = t;
      return 3;
    }
    if (top8 == 0xd4) return this.exception(insn);
    if ((insn >> 22) == 0x354) return this.system(insn);
    return 1;
  }

  private exception(insn: u32): i32 {
    const opc = (insn >> 21) & 7,
      ll = insn & 31;
    if (opc == 1 && ll == 0) {
      this.fault = FAULT_UNDEF;
      this.faultInsn = insn;
      this.faultNote = A64_NOTE_BRK;
      return 2;
    }
    if (opc == 0 && ll == 1) {
      this.fault = FAULT_UNDEF;
      this.faultInsn = insn;
      this.faultNote = A64_NOTE_SVC;
      return 2;
    }
    return 1;
  }

  private system(insn: u32): i32 {
    const l = (insn >> 21) & 1;
    const op0 = (insn >> 19) & 3;
    const crn = (insn >> 12) & 15;
    const rt = insn & 31;
    if (op0 == 0 && l == 0) {
      if (crn == 2 && rt == 31) return 0; // hints: NOP, YIELD, WFE, WFI, SEV, SEVL, and the rest execute as NOP
      if (crn == 3 && rt == 31 && ((insn >> 16) & 7) == 3) {
        const op2 = (insn >> 5) & 7;
        if (op2 == 2) {
          this.resValid = false; // CLREX
          return 0;
        }
        if (op2 >= 4 && op2 <= 6) return 0; // DSB, DMB, ISB
        return 1;
      }
      if (crn == 4 && rt == 31 && ((insn >> 16) & 7) == 3) {
        // MSR DAIFSet / DAIFClr, #imm
        const op2 = (insn >> 5) & 7;
        const bits = ((insn >> 8) & 15) << 6;
        if (op2 == 6) this.daif |= bits;
        else if (op2 == 7) this.daif &= ~bits;
        else return 1;
        return 0;
      }
      return 1;
    }
    if (op0 < 2) return 1; // SYS/SYSL (cache and TLB maintenance)
    const sr = (insn >> 5) & 0xffff;
    if (l == 1) {
      let v: u64;
      const count = this.instructions + this.done;
      if (sr == SR_NZCV) v = <u64>this.nzcv;
      else if (sr == SR_DAIF) v = <u64>this.daif;
      else if (sr == SR_FPCR) v = <u64>this.fpcr;
      else if (sr == SR_FPSR) v = <u64>this.fpsr;
      else if (sr == SR_TPIDR_EL0) v = this.tpidr;
      else if (sr == SR_TPIDRRO_EL0) v = this.tpidrro;
      else if (sr == SR_CNTFRQ_EL0) v = this.cntfrq;
      else if (sr == SR_CNTVCT_EL0 || sr == SR_CNTPCT_EL0) v = count;
      else if (sr == SR_CURRENTEL) v = 4;
      else if (sr == SR_MPIDR_EL1) v = 0x80000000;
      else return 1;
      this.wz(rt, v);
      return 0;
    }
    const v = this.rz(rt);
    if (sr == SR_NZCV) this.nzcv = <u32>v & 0xf0000000;
    else if (sr == SR_DAIF) this.daif = <u32>v & 0x3c0;
    else if (sr == SR_FPCR) this.fpcr = <u32>v & 0x07ff9f00;
    else if (sr == SR_FPSR) this.fpsr = <u32>v & 0xf800009f;
    else if (sr == SR_TPIDR_EL0) this.tpidr = v;
    else if (sr == SR_TPIDRRO_EL0) this.tpidrro = v;
    else return 1;
    return 0;
  }

  // ---- data processing, register ----
  private shifted(v: u64, type: u32, amt: u32, sf: bool): u64 {
    if (amt == 0) return v;
    if (sf) {
      if (type == 0) return v << amt;
      if (type == 1) return v >> amt;
      if (type == 2) return <u64>(<i64>v >> amt);
      return (v >> amt) | (v << (64 - amt));
    }
    const w = v & 0xffffffff;
    if (type == 0) return (w << amt) & 0xffffffff;
    if (type == 1) return w >> amt;
    if (type == 2) return <u64>(<u32>(<i32>(<u32>w) >> amt));
    return ((w >> amt) | (w << (32 - amt))) & 0xffffffff;
  }
  @inline private extended(v: u64, option: u32, sh: u32): u64 {
    let e: u64;
    switch (option) {
      case 0:
        e = v & 0xff;
        break;
      case 1:
        e = v & 0xffff;
        break;
      case 2:
        e = v & 0xffffffff;
        break;
      case 4:
        e = <u64>(<i64>(<i8>v));
        break;
      case 5:
        e = <u64>(<i64>(<i16>v));
        break;
      case 6:
        e = <u64>(<i64>(<i32>v));
        break;
      default:
        e = v;
    }
    return e << sh;
  }

  private dpReg(insn: u32): i32 {
    const sf = (insn >> 31) != 0;
    const rd = insn & 31;
    const rn = (insn >> 5) & 31;
    const rm = (insn >> 16) & 31;
    const x = this.x;
    const op28 = (insn >> 28) & 1;
    if (op28 == 0) {
      const imm6 = (insn >> 10) & 63;
      if (!sf && imm6 > 31) return 1;
      if (((insn >> 24) & 1) == 0) {
        // logical (shifted register)
        const type = (insn >> 22) & 3;
        let b = this.shifted(this.rz(rm), type, imm6, sf);
        if ((insn >> 21) & 1) b = ~b;
        const a = this.rz(rn);
        const opc = (insn >> 29) & 3;
        let res: u64;
        if (opc == 0 || opc == 3) res = a & b;
        else if (opc == 1) res = a | b;
        else res = a ^ b;
        if (!sf) res &= 0xffffffff;
        if (opc == 3) this.logicFlags(res, sf);
        this.wz(rd, res);
        return 0;
      }
      const sub = (insn >> 30) & 1,
        s = (insn >> 29) & 1;
      let a: u64, b: u64;
      if (((insn >> 21) & 1) == 0) {
        // add/sub (shifted register)
        const type = (insn >> 22) & 3;
        if (type == 3) return 1;
        a = this.rz(rn);
        b = this.shifted(this.rz(rm), type, imm6, sf);
      } else {
        // add/sub (extended register)
        const imm3 = (insn >> 10) & 7;
        if (imm3 > 4 || ((insn >> 22) & 3) != 0) return 1;
        a = unchecked(x[rn]);
        b = this.extended(this.rz(rm), (insn >> 13) & 7, imm3);
      }
      let res: u64;
      if (s != 0) res = sub != 0 ? this.adc(a, ~b, 1, sf, true) : this.adc(a, b, 0, sf, true);
      else res = sub != 0 ? a - b : a + b;
      if (!sf) res &= 0xffffffff;
      if (s == 0 && ((insn >> 21) & 1) != 0) unchecked((x[rd] = res));
      else this.wz(rd, res);
      return 0;
    }
    const op21 = (insn >> 21) & 15;
    if ((insn >> 24) & 1) return this.dp3(insn);
    if (op21 == 0) {
      // ADC, ADCS, SBC, SBCS
      if (((insn >> 10) & 63) != 0) return 1;
      const cin: u64 = (this.nzcv & FC) != 0 ? 1 : 0;
      let b = this.rz(rm);
      if ((insn >> 30) & 1) b = ~b;
      const res = this.adc(this.rz(rn), b, cin, sf, ((insn >> 29) & 1) != 0);
      this.wz(rd, sf ? res : res & 0xffffffff);
      return 0;
    }
    if (op21 == 2) {
      // CCMN, CCMP (register or immediate)
      if (((insn >> 29) & 1) == 0 || (insn & 0x410) != 0) return 1;
      if (this.cond((insn >> 12) & 15)) {
        const a = this.rz(rn);
        const b: u64 = (insn >> 11) & 1 ? <u64>rm : this.rz(rm);
        if ((insn >> 30) & 1) this.adc(a, ~b, 1, sf, true);
        else this.adc(a, b, 0, sf, true);
      } else this.nzcv = (insn & 15) << 28;
      return 0;
    }
    if (op21 == 4) {
      // CSEL, CSINC, CSINV, CSNEG
      if (((insn >> 29) & 1) != 0 || ((insn >> 11) & 1) != 0) return 1;
      let res: u64;
      if (this.cond((insn >> 12) & 15)) res = this.rz(rn);
      else {
        res = this.rz(rm);
        const inv = (insn >> 30) & 1,
          inc = (insn >> 10) & 1;
        if (inv != 0) res = ~res;
        if (inc != 0) res += 1;
      }
      this.wz(rd, sf ? res : res & 0xffffffff);
      return 0;
    }
    if (op21 == 6) {
      if (((insn >> 29) & 1) != 0) return 1;
      if ((insn >> 30) & 1) return this.dp1(insn, sf, rd, rn);
      return this.dp2(insn, sf, rd, rn, rm);
    }
    return 1;
  }

  private dp1(insn: u32, sf: bool, rd: u32, rn: u32): i32 {
    if (((insn >> 16) & 31) != 0) return 1;
    const a = this.rz(rn);
    const opc = (insn >> 10) & 63;
    let res: u64;
    switch (opc) {
      case 0: {
        // RBIT
        let v = a,
          r: u64 = 0;
        for (let i = 0; i < 64; i++) {
          r = (r << 1) | (v & 1);
          v >>= 1;
        }
        res = sf ? r : r >> 32;
        break;
      }
      case 1: {
        // REV16
        res = ((a >> 8) & 0x00ff00ff00ff00ff) | ((a & 0x00ff00ff00ff00ff) << 8);
        break;
      }
      case 2: {
        // REV (32-bit) / REV32
        const lo = <u64>bswap<u32>(<u32>a);
        res = sf ? lo | (<u64>bswap<u32>(<u32>(a >> 32)) << 32) : lo;
        break;
      }
      case 3:
        if (!sf) return 1;
        res = bswap<u64>(a);
        break;
      case 4:
        res = sf ? clz<u64>(a) : <u64>clz<u32>(<u32>a);
        break;
      case 5:
        res = sf ? clz<u64>(a ^ <u64>(<i64>a >> 1)) - 1 : <u64>(clz<u32>(<u32>a ^ <u32>(<i32>(<u32>a) >> 1)) - 1);
        break;
      default:
        return 1;
    }
    this.wz(rd, sf ? res : res & 0xffffffff);
    return 0;
  }

  private dp2(insn: u32, sf: bool, rd: u32, rn: u32, rm: u32): i32 {
    const a = this.rz(rn),
      b = this.rz(rm);
    const opc = (insn >> 10) & 63;
    let res: u64;
    switch (opc) {
      case 2: // UDIV: x / 0 = 0
        if (sf) res = b == 0 ? 0 : a / b;
        else {
          const b32 = b & 0xffffffff;
          res = b32 == 0 ? 0 : (a & 0xffffffff) / b32;
        }
        break;
      case 3: // SDIV: x / 0 = 0, INT_MIN / -1 = INT_MIN
        if (sf) {
          if (b == 0) res = 0;
          else if (a == 0x8000000000000000 && b == ~(<u64>0)) res = a;
          else res = <u64>(<i64>a / <i64>b);
        } else {
          const a32 = <i32>a,
            b32 = <i32>b;
          if (b32 == 0) res = 0;
          else if (a32 == i32.MIN_VALUE && b32 == -1) res = 0x80000000;
          else res = <u64>(<u32>(a32 / b32));
        }
        break;
      case 8:
      case 9:
      case 10:
      case 11:
        res = this.shifted(a, opc - 8, <u32>(b & (sf ? 63 : 31)), sf);
        break;
      case 16:
      case 17:
      case 18:
      case 19:
      case 20:
      case 21:
      case 22:
      case 23: {
        // CRC32B/H/W/X, CRC32CB/H/W/X (the Cortex-A53's CRC extension): the reflected CRC of
        // the low 8 << sz bits of Rm, updating Wn, without inversions
        const sz = opc & 3;
        if ((sz == 3) != sf) return 1;
        const poly: u32 = (opc & 4) != 0 ? 0x82f63b78 : 0xedb88320;
        let crc = <u32>a;
        for (let k: u32 = 0; k < (<u32>1 << sz); k++) {
          crc ^= <u32>((b >> (k * 8)) & 0xff);
          for (let i = 0; i < 8; i++) crc = (crc >> 1) ^ (poly & (0 - (crc & 1)));
        }
        this.wz(rd, <u64>crc);
        return 0;
      }
      default:
        return 1;
    }
    this.wz(rd, sf ? res : res & 0xffffffff);
    return 0;
  }

  private dp3(insn: u32): i32 {
    const sf = (insn >> 31) != 0;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31,
      ra = (insn >> 10) & 31;
    const op = (((insn >> 21) & 7) << 1) | ((insn >> 15) & 1);
    if (((insn >> 29) & 3) != 0) return 1;
    const a = this.rz(rn),
      b = this.rz(rm),
      acc = this.rz(ra);
    let res: u64;
    if (op == 0 || op == 1) {
      const p = a * b;
      res = op == 0 ? acc + p : acc - p;
      this.wz(rd, sf ? res : res & 0xffffffff);
      return 0;
    }
    if (!sf) return 1;
    switch (op) {
      case 2: // SMADDL
      case 3: {
        const p = <u64>(<i64>(<i32>a) * <i64>(<i32>b));
        res = op == 2 ? acc + p : acc - p;
        break;
      }
      case 10: // UMADDL
      case 11: {
        const p = (a & 0xffffffff) * (b & 0xffffffff);
        res = op == 10 ? acc + p : acc - p;
        break;
      }
      case 4: {
        // SMULH
        let h = mulhu64(a, b);
        if (<i64>a < 0) h -= b;
        if (<i64>b < 0) h -= a;
        res = h;
        break;
      }
      case 12: // UMULH
        res = mulhu64(a, b);
        break;
      default:
        return 1;
    }
    this.wz(rd, res);
    return 0;
  }

  // ---- loads and stores ----

  /** 1 undefined, 2 faulted (bus.stop or this.fault). */
  private ldst(insn: u32, pc: u64): i32 {
    const x = this.x;
    const op = (insn >> 27) & 7;
    const vec = (insn >> 26) & 1;
    const rt = insn & 31;
    const rn = (insn >> 5) & 31;
    if ((insn >> 28) & 3) {
      if (((insn >> 28) & 3) == 1) {
        if ((insn >> 24) & 1) return 1;
        // LDR (literal), LDRSW (literal), PRFM (literal)
        const a = pc + (sext(<u64>((insn >> 5) & 0x7ffff), 19) << 2);
        const opc = insn >> 30;
        if (vec != 0) {
          if (opc == 3) return 1;
          return this.vLoad(rt, a, opc == 0 ? 2 : opc == 1 ? 3 : 4) ? 0 : 2;
        }
        if (opc == 3) return 0;
        let v: u64;
        if (opc == 0) v = <u64>this.bus.read32(a);
        else if (opc == 1) v = this.bus.read64(a);
        else v = <u64>(<i64>(<i32>this.bus.read32(a)));
        if (this.bus.stop != 0) return 2;
        this.wz(rt, v);
        return 0;
      }
      if (((insn >> 28) & 3) == 2) return this.ldstPair(insn, vec, rt, rn);
      // load/store register
      const size = insn >> 30;
      const opc = (insn >> 22) & 3;
      let a: u64;
      let wb = false;
      let wbAddr: u64 = 0;
      let pre = true;
      let scale = size;
      if (vec != 0 && (opc & 2) != 0) {
        if (size != 0) return 1;
        scale = 4;
      }
      const base = unchecked(x[rn]);
      if ((insn >> 24) & 1) a = base + (<u64>((insn >> 10) & 0xfff) << scale);
      else if ((insn >> 21) & 1) {
        if (((insn >> 10) & 3) != 2) return 1; // atomics (ARMv8.1) and PAC loads
        const option = (insn >> 13) & 7;
        if ((option & 2) == 0) return 1;
        const sh: u32 = (insn >> 12) & 1 ? scale : 0;
        a = base + this.extended(this.rz((insn >> 16) & 31), option, sh);
      } else {
        const imm = sext(<u64>((insn >> 12) & 0x1ff), 9);
        const mode = (insn >> 10) & 3;
        if (mode == 2) return 1; // LDTR/STTR: unprivileged
        if (mode == 0) a = base + imm;
        else {
          wb = true;
          pre = mode == 3;
          wbAddr = base + imm;
          a = pre ? wbAddr : base;
          if (vec == 0 && size == 3 && opc == 2) return 1; // PRFM has no index forms
        }
      }
      if (rn == 31 && (base & 15) != 0) {
        if (vec == 0 && size == 3 && opc == 2) return 0;
        this.misaligned(insn, A64_NOTE_SP_ALIGN);
        this.bus.faultAddr = base;
        return 2;
      }
      if (vec != 0) {
        const load = (opc & 1) != 0;
        const ok = load ? this.vLoad(rt, a, scale) : this.vStore(rt, a, scale);
        if (!ok) return 2;
      } else {
        const bus = this.bus;
        if (opc == 0) {
          const v = this.rz(rt);
          if (size == 0) bus.write8(a, <u32>v);
          else if (size == 1) bus.write16(a, <u32>v);
          else if (size == 2) bus.write32(a, <u32>v);
          else bus.write64(a, v);
          if (bus.stop != 0) return 2;
        } else {
          let v: u64;
          if (opc == 1) {
            if (size == 0) v = <u64>bus.read8(a);
            else if (size == 1) v = <u64>bus.read16(a);
            else if (size == 2) v = <u64>bus.read32(a);
            else v = bus.read64(a);
          } else {
            if (size == 3) {
              if (opc == 2) return 0; // PRFM, PRFUM
              return 1;
            }
            if (opc == 3 && size == 2) return 1;
            if (size == 0) v = <u64>(<i64>(<i8>bus.read8(a)));
            else if (size == 1) v = <u64>(<i64>(<i16>bus.read16(a)));
            else v = <u64>(<i64>(<i32>bus.read32(a)));
            if (opc == 3) v &= 0xffffffff;
          }
          if (bus.stop != 0) return 2;
          this.wz(rt, v);
        }
      }
      if (wb) unchecked((x[rn] = wbAddr));
      return 0;
    }
    if (op == 1 && vec == 0 && ((insn >> 24) & 3) == 0) return this.exclusive(insn, rt, rn);
    if (op == 1 && vec != 0 && (insn >> 31) == 0) return this.simdLdSt(insn);
    return 1;
  }

  /** Loads 1 << scale bytes (scale 4: 16) into v`r`, zeroing the rest; false on a fault. */
  private vLoad(r: u32, a: u64, scale: u32): bool {
    const bus = this.bus;
    let lo: u64,
      hi: u64 = 0;
    if (scale == 0) lo = <u64>bus.read8(a);
    else if (scale == 1) lo = <u64>bus.read16(a);
    else if (scale == 2) lo = <u64>bus.read32(a);
    else if (scale == 3) lo = bus.read64(a);
    else {
      lo = bus.read64(a);
      hi = bus.read64(a + 8);
    }
    if (bus.stop != 0) return false;
    unchecked((this.v[r * 2] = lo));
    unchecked((this.v[r * 2 + 1] = hi));
    return true;
  }
  private vStore(r: u32, a: u64, scale: u32): bool {
    const bus = this.bus;
    const lo = unchecked(this.v[r * 2]);
    if (scale == 0) bus.write8(a, <u32>lo);
    else if (scale == 1) bus.write16(a, <u32>lo);
    else if (scale == 2) bus.write32(a, <u32>lo);
    else if (scale == 3) bus.write64(a, lo);
    else {
      bus.write64(a, lo);
      if (bus.stop == 0) bus.write64(a + 8, unchecked(this.v[r * 2 + 1]));
    }
    return bus.stop == 0;
  }

  private ldstPair(insn: u32, vec: u32, rt: u32, rn: u32): i32 {
    const x = this.x;
    const opc = insn >> 30;
    const load = ((insn >> 22) & 1) != 0;
    const mode = (insn >> 23) & 3;
    const rt2 = (insn >> 10) & 31;
    let scale: u32;
    if (vec != 0) {
      if (opc == 3) return 1;
      scale = 2 + opc;
    } else {
      if (opc == 3 || (opc == 1 && (!load || mode == 0))) return 1;
      scale = opc == 0 ? 2 : opc == 1 ? 2 : 3;
    }
    const imm = sext(<u64>((insn >> 15) & 0x7f), 7) << scale;
    const base = unchecked(x[rn]);
    const a = mode == 1 ? base : base + imm;
    if (rn == 31 && (base & 15) != 0) {
      this.misaligned(insn, A64_NOTE_SP_ALIGN);
      this.bus.faultAddr = base;
      return 2;
    }
    const n = <u64>1 << scale;
    const bus = this.bus;
    if (vec != 0) {
      if (load) {
        // Both loads complete before either register changes (a fault leaves them as they were).
        const l0 = unchecked(this.v[rt * 2]),
          h0 = unchecked(this.v[rt * 2 + 1]);
        if (!this.vLoad(rt, a, scale)) return 2;
        if (!this.vLoad(rt2, a + n, scale)) {
          unchecked((this.v[rt * 2] = l0));
          unchecked((this.v[rt * 2 + 1] = h0));
          return 2;
        }
      } else {
        if (!this.vStore(rt, a, scale)) return 2;
        if (!this.vStore(rt2, a + n, scale)) return 2;
      }
    } else if (load) {
      let v1: u64, v2: u64;
      if (scale == 3) {
        v1 = bus.read64(a);
        v2 = bus.read64(a + 8);
      } else if (opc == 1) {
        v1 = <u64>(<i64>(<i32>bus.read32(a)));
        v2 = <u64>(<i64>(<i32>bus.read32(a + 4)));
      } else {
        v1 = <u64>bus.read32(a);
        v2 = <u64>bus.read32(a + 4);
      }
      if (bus.stop != 0) return 2;
      this.wz(rt, v1);
      this.wz(rt2, v2);
    } else {
      const v1 = this.rz(rt),
        v2 = this.rz(rt2);
      if (scale == 3) {
        bus.write64(a, v1);
        if (bus.stop == 0) bus.write64(a + 8, v2);
      } else {
        bus.write32(a, <u32>v1);
        if (bus.stop == 0) bus.write32(a + 4, <u32>v2);
      }
      if (bus.stop != 0) return 2;
    }
    if (mode == 1 || mode == 3) unchecked((x[rn] = base + imm));
    return 0;
  }

  /** LDXR/STXR/LDAXR/STLXR and pairs, LDAR/STLR (ARMv8.0; CAS and LDLAR/STLLR are v8.1). */
  private exclusive(insn: u32, rt: u32, rn: u32): i32 {
    const x = this.x;
    const size = insn >> 30;
    const o2 = (insn >> 23) & 1,
      l = (insn >> 22) & 1,
      o1 = (insn >> 21) & 1,
      o0 = (insn >> 15) & 1;
    const rs = (insn >> 16) & 31,
      rt2 = (insn >> 10) & 31;
    const pair = o1 != 0;
    if (o2 == 1 && (o1 == 1 || o0 == 0)) return 1;
    if (pair && (o2 == 1 || size < 2)) return 1;
    const esize: u64 = <u64>1 << size;
    const total = pair ? esize * 2 : esize;
    const a = unchecked(x[rn]);
    if (rn == 31 && (a & 15) != 0) {
      this.misaligned(insn, A64_NOTE_SP_ALIGN);
      this.bus.faultAddr = a;
      return 2;
    }
    if ((a & (total - 1)) != 0) {
      this.misaligned(insn, A64_NOTE_ALIGN);
      this.bus.faultAddr = a;
      return 2;
    }
    const bus = this.bus;
    if (l != 0) {
      let v1: u64,
        v2: u64 = 0;
      if (pair) {
        v1 = size == 3 ? bus.read64(a) : <u64>bus.read32(a);
        v2 = size == 3 ? bus.read64(a + 8) : <u64>bus.read32(a + 4);
      } else if (size == 0) v1 = <u64>bus.read8(a);
      else if (size == 1) v1 = <u64>bus.read16(a);
      else if (size == 2) v1 = <u64>bus.read32(a);
      else v1 = bus.read64(a);
      if (bus.stop != 0) return 2;
      if (o2 == 0) {
        this.resValid = true;
        this.resAddr = a;
      }
      this.wz(rt, v1);
      if (pair) this.wz(rt2, v2);
      return 0;
    }
    if (o2 == 0) {
      // STXR, STLXR, STXP, STLXP: the status goes to ws
      const ok = this.resValid && this.resAddr == a;
      this.resValid = false;
      if (ok) {
        const v1 = this.rz(rt);
        if (pair) {
          const v2 = this.rz(rt2);
          if (size == 3) {
            bus.write64(a, v1);
            if (bus.stop == 0) bus.write64(a + 8, v2);
          } else {
            bus.write32(a, <u32>v1);
            if (bus.stop == 0) bus.write32(a + 4, <u32>v2);
          }
        } else this.storeN(a, v1, size);
        if (bus.stop != 0) return 2;
      }
      this.wz(rs, ok ? 0 : 1);
      return 0;
    }
    this.storeN(a, this.rz(rt), size);
    return bus.stop != 0 ? 2 : 0;
  }

  private storeN(a: u64, v: u64, size: u32): void {
    const bus = this.bus;
    if (size == 0) bus.write8(a, <u32>v);
    else if (size == 1) bus.write16(a, <u32>v);
    else if (size == 2) bus.write32(a, <u32>v);
    else bus.write64(a, v);
  }

  // ---- floating point and Advanced SIMD ----
  @inline private getS(r: u32): u32 {
    return <u32>unchecked(this.v[r * 2]);
  }
  @inline private getD(r: u32): u64 {
    return unchecked(this.v[r * 2]);
  }
  @inline private setS(r: u32, b: u32): void {
    unchecked((this.v[r * 2] = <u64>b));
    unchecked((this.v[r * 2 + 1] = 0));
  }
  @inline private setD(r: u32, b: u64): void {
    unchecked((this.v[r * 2] = b));
    unchecked((this.v[r * 2 + 1] = 0));
  }
  /** FPCR.RMode as roundTo() numbers it. */
  private fpcrRm(): u32 {
    const m = (this.fpcr >> 22) & 3;
    return m == 0 ? 0 : m == 1 ? 1 : m == 2 ? 2 : 3;
  }
  /** FPCompare() into NZCV. */
  private fcmpFlags(a: f64, b: f64): u32 {
    if (isNaN(a) || isNaN(b)) return FC | FV;
    if (a == b) return FZ | FC;
    return a < b ? FN : FC;
  }

  private fpSimd(insn: u32): i32 {
    const top8 = insn >> 24;
    if ((top8 & 0x7f) == 0x1e && ((insn >> 21) & 1) != 0) return this.fpScalar(insn);
    if ((top8 & 0x7f) == 0x1e) return this.fpFixed(insn);
    if (top8 == 0x1f) return this.fpMulAdd(insn);
    if ((insn & 0x9e000000) == 0x0e000000) return this.simd(insn);
    if ((insn & 0xde000000) == 0x5e000000) return this.simdScalar(insn);
    return 1;
  }

  private fpScalar(insn: u32): i32 {
    const type = (insn >> 22) & 3;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31;
    if (((insn >> 29) & 3) != 0) return 1;
    const k = (insn >> 10) & 3;
    if (k == 0 && ((insn >> 10) & 63) == 0) return this.fpConvInt(insn);
    if ((insn >> 31) != 0) return 1;
    if (type == 3 && k == 0 && ((insn >> 10) & 31) == 0x10) {
      // FCVT Sd, Hn / FCVT Dd, Hn
      const opc = (insn >> 15) & 63;
      const d = halfToD(this.getS(rn) & 0xffff);
      if (opc == 4) this.setS(rd, nanD(d) ? (<u32>(d >> 32) & 0x80000000) | DEFAULT_NAN_S | (<u32>(d >> 29) & 0x3fffff) : reinterpret<u32>(<f32>reinterpret<f64>(d)));
      else if (opc == 5) this.setD(rd, d);
      else return 1;
      return 0;
    }
    if (type > 1) return 1;
    const dbl = type == 1;
    if (k == 2) {
      // 2-source: FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL
      const opc = (insn >> 12) & 15;
      if (opc > 8) return 1;
      if (dbl) this.setD(rd, this.fp2D(opc, this.getD(rn), this.getD(rm)));
      else this.setS(rd, this.fp2S(opc, this.getS(rn), this.getS(rm)));
      return 0;
    }
    if (k == 3) {
      // FCSEL
      const c = this.cond((insn >> 12) & 15);
      if (dbl) this.setD(rd, this.getD(c ? rn : rm));
      else this.setS(rd, this.getS(c ? rn : rm));
      return 0;
    }
    if (k == 1) {
      // FCCMP, FCCMPE
      if (this.cond((insn >> 12) & 15)) this.nzcv = this.fcmp(dbl, rn, rm, false);
      else this.nzcv = (insn & 15) << 28;
      return 0;
    }
    // k == 0
    if (((insn >> 10) & 31) == 0x10) return this.fp1(insn, dbl, rd, rn);
    if (((insn >> 10) & 15) == 8) {
      // FCMP, FCMPE (with zero when bit 3)
      if (((insn >> 14) & 3) != 0 || (insn & 7) != 0) return 1;
      this.nzcv = this.fcmp(dbl, rn, rm, ((insn >> 3) & 1) != 0);
      return 0;
    }
    if (((insn >> 10) & 7) == 4) {
      // FMOV (scalar, immediate)
      if (((insn >> 5) & 31) != 0) return 1;
      const imm8 = (insn >> 13) & 0xff;
      if (dbl) this.setD(rd, fpImmD(imm8));
      else this.setS(rd, fpImmS(imm8));
      return 0;
    }
    return 1;
  }

  private fcmp(dbl: bool, rn: u32, rm: u32, zero: bool): u32 {
    if (dbl) return this.fcmpFlags(reinterpret<f64>(this.getD(rn)), zero ? 0.0 : reinterpret<f64>(this.getD(rm)));
    return this.fcmpFlags(<f64>reinterpret<f32>(this.getS(rn)), zero ? 0.0 : <f64>reinterpret<f32>(this.getS(rm)));
  }

  private fp2S(opc: u32, ab: u32, bb: u32): u32 {
    // FNMUL is FPNeg(FPMul()): the sign flips whatever the product is, a NaN included
    if (opc == 8) return this.fp2S(0, ab, bb) ^ 0x80000000;
    const nan = procNanS(ab, bb);
    if (opc >= 6 && opc <= 7) {
      // FMAXNM, FMINNM: a quiet NaN against a number gives the number
      const qa = nanS(ab) && !snanS(ab) && !nanS(bb),
        qb = nanS(bb) && !snanS(bb) && !nanS(ab);
      if (qa) return bb;
      if (qb) return ab;
    }
    if (nan != 0) return <u32>nan;
    const a = reinterpret<f32>(ab),
      b = reinterpret<f32>(bb);
    const rm = armRoundingMode(this.fpcr >> 22);
    switch (opc) {
      case 0:
        return resS(mulS(a, b, rm));
      case 1:
        return resS(divS(a, b, rm));
      case 2:
        return resS(addS(a, b, rm));
      case 3:
        return resS(addS(a, -b, rm));
      case 4:
      case 6:
        if (a == b) return ab & bb; // +0 over -0
        return a > b ? ab : bb;
      case 5:
      case 7:
        if (a == b) return ab | bb; // -0 over +0
        return a < b ? ab : bb;
    }
    return 0; // not reached: FNMUL is above, opc is at most 8
  }
  private fp2D(opc: u32, ab: u64, bb: u64): u64 {
    if (opc == 8) return this.fp2D(0, ab, bb) ^ 0x8000000000000000;
    const nan = procNanD(ab, bb);
    if (opc >= 6 && opc <= 7) {
      const qa = nanD(ab) && !snanD(ab) && !nanD(bb),
        qb = nanD(bb) && !snanD(bb) && !nanD(ab);
      if (qa) return bb;
      if (qb) return ab;
    }
    if (nan != 0) return nan;
    const a = reinterpret<f64>(ab),
      b = reinterpret<f64>(bb);
    const rm = armRoundingMode(this.fpcr >> 22);
    switch (opc) {
      case 0:
        return resD(mulD(a, b, rm));
      case 1:
        return resD(divD(a, b, rm));
      case 2:
        return resD(addD(a, b, rm));
      case 3:
        return resD(addD(a, -b, rm));
      case 4:
      case 6:
        if (a == b) return ab & bb;
        return a > b ? ab : bb;
      case 5:
      case 7:
        if (a == b) return ab | bb;
        return a < b ? ab : bb;
    }
    return 0; // not reached
  }

  /** FMOV, FABS, FNEG, FSQRT, FCVT, FRINT*. */
  private fp1(insn: u32, dbl: bool, rd: u32, rn: u32): i32 {
    const opc = (insn >> 15) & 63;
    if (dbl) {
      const b = this.getD(rn);
      const f = reinterpret<f64>(b);
      switch (opc) {
        case 0:
          this.setD(rd, b);
          return 0;
        case 1:
          this.setD(rd, b & 0x7fffffffffffffff);
          return 0;
        case 2:
          this.setD(rd, b ^ 0x8000000000000000);
          return 0;
        case 3:
          this.setD(rd, nanD(b) ? procNanD(b, 0) : resD(sqrtD(f, armRoundingMode(this.fpcr >> 22))));
          return 0;
        case 7:
          // FCVT Hd, Dn
          this.setS(rd, dToHalf(b, <u32>(b >> 42)));
          return 0;
        case 4: {
          // FCVT Sd, Dn: a NaN keeps its sign and the top of its payload, quieted
          if (nanD(b)) this.setS(rd, (<u32>(b >> 32) & 0x80000000) | DEFAULT_NAN_S | (<u32>(b >> 29) & 0x3fffff));
          else this.setS(rd, reinterpret<u32>(<f32>f));
          return 0;
        }
      }
      if (opc >= 8 && opc <= 15 && opc != 13) {
        if (nanD(b)) {
          this.setD(rd, procNanD(b, 0));
          return 0;
        }
        const rm = opc == 8 ? 0 : opc == 9 ? 1 : opc == 10 ? 2 : opc == 11 ? 3 : opc == 12 ? 4 : this.fpcrRm();
        const r = roundTo(f, rm);
        this.setD(rd, (reinterpret<u64>(r) & 0x7fffffffffffffff) | (b & 0x8000000000000000));
        return 0;
      }
      return 1;
    }
    const b = this.getS(rn);
    const f = reinterpret<f32>(b);
    switch (opc) {
      case 0:
        this.setS(rd, b);
        return 0;
      case 1:
        this.setS(rd, b & 0x7fffffff);
        return 0;
      case 2:
        this.setS(rd, b ^ 0x80000000);
        return 0;
      case 3:
        this.setS(rd, nanS(b) ? <u32>procNanS(b, 0) : resS(sqrtS(f, armRoundingMode(this.fpcr >> 22))));
        return 0;
      case 7:
        // FCVT Hd, Sn
        this.setS(rd, dToHalf(nanS(b) ? (<u64>(b & 0x80000000) << 32) | 0x7ff8000000000000 : reinterpret<u64>(<f64>f), b >> 13));
        return 0;
      case 5: {
        // FCVT Dd, Sn
        if (nanS(b)) this.setD(rd, (<u64>(b & 0x80000000) << 32) | DEFAULT_NAN_D | (<u64>(b & 0x3fffff) << 29));
        else this.setD(rd, reinterpret<u64>(<f64>f));
        return 0;
      }
    }
    if (opc >= 8 && opc <= 15 && opc != 13) {
      if (nanS(b)) {
        this.setS(rd, <u32>procNanS(b, 0));
        return 0;
      }
      const rm = opc == 8 ? 0 : opc == 9 ? 1 : opc == 10 ? 2 : opc == 11 ? 3 : opc == 12 ? 4 : this.fpcrRm();
      const r = <f32>roundTo(<f64>f, rm);
      this.setS(rd, (reinterpret<u32>(r) & 0x7fffffff) | (b & 0x80000000));
      return 0;
    }
    return 1;
  }

  /** Conversions between floating point and integer registers, and FMOV between them. */
  private fpConvInt(insn: u32): i32 {
    const sf = (insn >> 31) != 0;
    const type = (insn >> 22) & 3;
    const rmode = (insn >> 19) & 3;
    const opc = (insn >> 16) & 7;
    const rd = insn & 31,
      rn = (insn >> 5) & 31;
    if (opc >= 6) {
      // FMOV general <-> FP
      const toFp = opc == 7;
      if (rmode == 0 && type == 0 && !sf) {
        if (toFp) this.setS(rd, <u32>this.rz(rn));
        else this.wz(rd, <u64>this.getS(rn));
        return 0;
      }
      if (rmode == 0 && type == 1 && sf) {
        if (toFp) this.setD(rd, this.rz(rn));
        else this.wz(rd, this.getD(rn));
        return 0;
      }
      if (rmode == 1 && type == 2 && sf) {
        // FMOV Vd.D[1], Xn / FMOV Xd, Vn.D[1]
        if (toFp) unchecked((this.v[rd * 2 + 1] = this.rz(rn)));
        else this.wz(rd, unchecked(this.v[rn * 2 + 1]));
        return 0;
      }
      return 1;
    }
    if (type > 1) return 1;
    const dbl = type == 1;
    if (opc == 2 || opc == 3) {
      // SCVTF, UCVTF
      if (rmode != 0) return 1;
      let src = this.rz(rn);
      if (!sf) src = opc == 2 ? <u64>(<i64>(<i32>src)) : src & 0xffffffff;
      if (dbl) this.setD(rd, reinterpret<u64>(opc == 2 ? <f64>(<i64>src) : <f64>src));
      else this.setS(rd, reinterpret<u32>(opc == 2 ? <f32>(<i64>src) : <f32>src));
      return 0;
    }
    // FCVTNS/NU (rmode 0, opc 0/1), FCVTAS/AU (rmode 0, opc 4/5), FCVTPS/PU, FCVTMS/MU, FCVTZS/ZU
    let rm: u32;
    if (opc <= 1) rm = rmode == 0 ? 0 : rmode == 1 ? 1 : rmode == 2 ? 2 : 3;
    else if (rmode == 0) rm = 4;
    else return 1;
    const v = dbl ? reinterpret<f64>(this.getD(rn)) : <f64>reinterpret<f32>(this.getS(rn));
    this.wz(rd, fpToInt(v, rm, (opc & 1) != 0, sf));
    return 0;
  }

  /** SCVTF, UCVTF, FCVTZS, FCVTZU between floating point and fixed point in a general register:
   * value = integer / 2^fbits (scaling by a power of two is exact, so one rounding). */
  private fpFixed(insn: u32): i32 {
    const sf = (insn >> 31) != 0;
    const type = (insn >> 22) & 3;
    const rmode = (insn >> 19) & 3,
      opc = (insn >> 16) & 7;
    const scale = (insn >> 10) & 63;
    const rd = insn & 31,
      rn = (insn >> 5) & 31;
    if (((insn >> 29) & 3) != 0 || type > 1 || (!sf && scale < 32)) return 1;
    const fbits = 64 - scale;
    const pow = Math.pow(2.0, <f64>fbits);
    const dbl = type == 1;
    if (rmode == 0 && (opc == 2 || opc == 3)) {
      let src = this.rz(rn);
      if (!sf) src = opc == 2 ? <u64>(<i64>(<i32>src)) : src & 0xffffffff;
      if (dbl) this.setD(rd, reinterpret<u64>((opc == 2 ? <f64>(<i64>src) : <f64>src) / pow));
      else this.setS(rd, reinterpret<u32>((opc == 2 ? <f32>(<i64>src) : <f32>src) / <f32>pow));
      return 0;
    }
    if (rmode == 3 && (opc == 0 || opc == 1)) {
      const v = dbl ? reinterpret<f64>(this.getD(rn)) : <f64>reinterpret<f32>(this.getS(rn));
      this.wz(rd, fpToInt(v * pow, 3, opc == 1, sf));
      return 0;
    }
    return 1;
  }

  /** FMADD, FMSUB, FNMADD, FNMSUB: fused, operands negated first as FPMulAdd() takes them. */
  private fpMulAdd(insn: u32): i32 {
    const type = (insn >> 22) & 3;
    if (type > 1 || ((insn >> 29) & 7) != 0) return 1;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31,
      ra = (insn >> 10) & 31;
    const o1 = (insn >> 21) & 1,
      o0 = (insn >> 15) & 1;
    const negProd = o1 != o0; // FMSUB, FNMADD
    const negAcc = o1 != 0; // FNMADD, FNMSUB
    if (type == 1) {
      let a = this.getD(ra),
        n = this.getD(rn);
      if (negAcc) a ^= 0x8000000000000000;
      if (negProd) n ^= 0x8000000000000000;
      this.setD(rd, fmaBitsD(a, n, this.getD(rm), armRoundingMode(this.fpcr >> 22)));
      return 0;
    }
    let a = this.getS(ra),
      n = this.getS(rn);
    if (negAcc) a ^= 0x80000000;
    if (negProd) n ^= 0x80000000;
    this.setS(rd, fmaBitsS(a, n, this.getS(rm), armRoundingMode(this.fpcr >> 22)));
    return 0;
  }

  // ---- Advanced SIMD: moves, copies and the logical operations ----
  @inline private vptr(r: u32): usize {
    return changetype<usize>(this.v) + <usize>(r * 16);
  }
  private lane(r: u32, size: u32, i: u32): u64 {
    const p = this.vptr(r) + <usize>(i << size);
    if (size == 0) return <u64>load<u8>(p);
    if (size == 1) return <u64>load<u16>(p);
    if (size == 2) return <u64>load<u32>(p);
    return load<u64>(p);
  }
  private setLane(r: u32, size: u32, i: u32, v: u64): void {
    const p = this.vptr(r) + <usize>(i << size);
    if (size == 0) store<u8>(p, <u8>v);
    else if (size == 1) store<u16>(p, <u16>v);
    else if (size == 2) store<u32>(p, <u32>v);
    else store<u64>(p, v);
  }

  private simd(insn: u32): i32 {
    const q = (insn >> 30) & 1;
    const u = (insn >> 29) & 1;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31;
    // modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector)
    if ((insn & 0x9ff80400) == 0x0f000400) {
      const cmode = (insn >> 12) & 15;
      if ((insn >> 11) & 1) return 1;
      const imm8 = (((insn >> 16) & 7) << 5) | ((insn >> 5) & 31);
      if (cmode == 15 && u == 1 && q == 0) return 1;
      let imm = simdImm(u, cmode, imm8);
      const isOrrBic = (cmode & 1) == 1 && cmode < 12;
      if (isOrrBic) {
        if (u == 1) imm = ~imm;
        const lo = unchecked(this.v[rd * 2]),
          hi = unchecked(this.v[rd * 2 + 1]);
        unchecked((this.v[rd * 2] = u == 1 ? lo & imm : lo | imm));
        unchecked((this.v[rd * 2 + 1] = q == 0 ? 0 : u == 1 ? hi & imm : hi | imm));
        return 0;
      }
      if (u == 1 && cmode != 14 && cmode != 15) imm = ~imm; // MVNI
      unchecked((this.v[rd * 2] = imm));
      unchecked((this.v[rd * 2 + 1] = q != 0 ? imm : 0));
      return 0;
    }
    // copy: DUP, INS, UMOV, SMOV
    if ((insn & 0x9fe08400) == 0x0e000400) {
      const imm5 = (insn >> 16) & 31;
      const imm4 = (insn >> 11) & 15;
      if ((imm5 & 15) == 0) return 1;
      const size = ctz<u32>(imm5);
      const idx = imm5 >> (size + 1);
      if (u == 1) {
        // INS (element)
        if (q == 0) return 1;
        this.setLane(rd, size, idx, this.lane(rn, size, imm4 >> size));
        return 0;
      }
      const lanes: u32 = (q != 0 ? 16 : 8) >> size;
      switch (imm4) {
        case 0: {
          // DUP (element)
          if (size == 3 && q == 0) return 1;
          const e = this.lane(rn, size, idx);
          const hi = q != 0;
          for (let i: u32 = 0; i < lanes; i++) this.setLane(rd, size, i, e);
          if (!hi) unchecked((this.v[rd * 2 + 1] = 0));
          return 0;
        }
        case 1: {
          // DUP (general)
          if (size == 3 && q == 0) return 1;
          const e = this.rz(rn);
          for (let i: u32 = 0; i < lanes; i++) this.setLane(rd, size, i, e);
          if (q == 0) unchecked((this.v[rd * 2 + 1] = 0));
          return 0;
        }
        case 3:
          // INS (general)
          if (q == 0) return 1;
          this.setLane(rd, size, idx, this.rz(rn));
          return 0;
        case 5: {
          // SMOV
          if (size >= 2 + q) return 1;
          const e = this.lane(rn, size, idx);
          let s: u64 = size == 0 ? <u64>(<i64>(<i8>e)) : size == 1 ? <u64>(<i64>(<i16>e)) : <u64>(<i64>(<i32>e));
          if (q == 0) s &= 0xffffffff;
          this.wz(rd, s);
          return 0;
        }
        case 7: {
          // UMOV
          if (q == 1 ? size != 3 : size == 3) return 1;
          this.wz(rd, this.lane(rn, size, idx));
          return 0;
        }
      }
      return 1;
    }
    // three same, logical: AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF
    if ((insn & 0x9f20fc00) == 0x0e201c00) {
      const opc = (u << 2) | ((insn >> 22) & 3);
      for (let h: u32 = 0; h <= q; h++) {
        const a = unchecked(this.v[rn * 2 + h]),
          b = unchecked(this.v[rm * 2 + h]),
          d = unchecked(this.v[rd * 2 + h]);
        let r: u64;
        switch (opc) {
          case 0:
            r = a & b;
            break;
          case 1:
            r = a & ~b;
            break;
          case 2:
            r = a | b;
            break;
          case 3:
            r = a | ~b;
            break;
          case 4:
            r = a ^ b;
            break;
          case 5:
            r = (d & a) | (~d & b);
            break;
          case 6:
            r = (d & ~b) | (a & b);
            break;
          default:
            r = (d & b) | (a & ~b);
        }
        unchecked((this.v[rd * 2 + h] = r));
      }
      if (q == 0) unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    return this.simdArith(insn);
  }

  // ---- Advanced SIMD arithmetic: what compilers' vectorised loops use ----

  /** Lane results before they are written (a destination may also be a source). */
  private res: StaticArray<u64> = new StaticArray<u64>(16);
  /** The registers a structure load would change, kept until every element arrived. */
  private saved: StaticArray<u64> = new StaticArray<u64>(8);
  /** Set while a scalar form runs the vector code for its lane 0: nothing is written. */
  private noWrite: bool = false;

  /** Writes `n` lanes of res to v`rd`; a 64-bit result (q 0) clears the upper half. */
  private putLanes(rd: u32, size: u32, n: u32, q: u32): void {
    if (this.noWrite) return;
    if (q == 0) unchecked((this.v[rd * 2 + 1] = 0));
    for (let i: u32 = 0; i < n; i++) this.setLane(rd, size, i, unchecked(this.res[i]));
  }

  /** Loads and stores of structures (LD1-LD4, ST1-ST4 multiple; LD1/ST1 one lane; LD1R). */
  private simdLdSt(insn: u32): i32 {
    const x = this.x;
    const q = (insn >> 30) & 1;
    const load = ((insn >> 22) & 1) != 0;
    const post = ((insn >> 23) & 1) != 0;
    const rm = (insn >> 16) & 31;
    const rn = (insn >> 5) & 31;
    const rt = insn & 31;
    const base = unchecked(x[rn]);
    if (rn == 31 && (base & 15) != 0) {
      this.misaligned(insn, A64_NOTE_SP_ALIGN);
      this.bus.faultAddr = base;
      return 2;
    }
    if (!post && rm != 0) return 1;
    const bus = this.bus;
    let total: u64 = 0;
    if (((insn >> 24) & 1) == 0) {
      // multiple structures
      const opc = (insn >> 12) & 15;
      const size = (insn >> 10) & 3;
      let regs: u32, selem: u32;
      switch (opc) {
        case 0:
          regs = 4;
          selem = 4;
          break;
        case 2:
          regs = 4;
          selem = 1;
          break;
        case 4:
          regs = 3;
          selem = 3;
          break;
        case 6:
          regs = 3;
          selem = 1;
          break;
        case 7:
          regs = 1;
          selem = 1;
          break;
        case 8:
          regs = 2;
          selem = 2;
          break;
        case 10:
          regs = 2;
          selem = 1;
          break;
        default:
          return 1;
      }
      if (size == 3 && q == 0 && selem != 1) return 1;
      const lanes: u32 = (q != 0 ? 16 : 8) >> size;
      const es: u64 = <u64>1 << size;
      const rpt = regs / selem;
      let a = base;
      // Loads gather into a copy first: a fault leaves the registers as they were.
      const saved = this.saved;
      for (let r: u32 = 0; r < regs; r++) {
        saved[r * 2] = unchecked(this.v[((rt + r) & 31) * 2]);
        saved[r * 2 + 1] = unchecked(this.v[((rt + r) & 31) * 2 + 1]);
        if (load && q == 0) unchecked((this.v[((rt + r) & 31) * 2 + 1] = 0));
      }
      for (let k: u32 = 0; k < rpt; k++) {
        for (let e: u32 = 0; e < lanes; e++) {
          for (let s: u32 = 0; s < selem; s++) {
            const t = (rt + k + s) & 31;
            if (load) {
              const v = size == 0 ? <u64>bus.read8(a) : size == 1 ? <u64>bus.read16(a) : size == 2 ? <u64>bus.read32(a) : bus.read64(a);
              if (bus.stop != 0) {
                for (let r: u32 = 0; r < regs; r++) {
                  unchecked((this.v[((rt + r) & 31) * 2] = saved[r * 2]));
                  unchecked((this.v[((rt + r) & 31) * 2 + 1] = saved[r * 2 + 1]));
                }
                return 2;
              }
              this.setLane(t, size, e, v);
            } else {
              this.storeN(a, this.lane(t, size, e), size);
              if (bus.stop != 0) return 2;
            }
            a += es;
          }
        }
      }
      total = a - base;
    } else {
      // single structure, one register: LD1/ST1 (one lane), LD1R
      const opc = (insn >> 13) & 7;
      const s = (insn >> 12) & 1;
      const size2 = (insn >> 10) & 3;
      if (((insn >> 21) & 1) != 0) return 1; // LD2-LD4 single structure
      let size: u32, index: u32;
      if (opc == 6) {
        // LD1R
        if (!load || s != 0) return 1;
        size = size2;
        const v = size == 0 ? <u64>bus.read8(base) : size == 1 ? <u64>bus.read16(base) : size == 2 ? <u64>bus.read32(base) : bus.read64(base);
        if (bus.stop != 0) return 2;
        const lanes: u32 = (q != 0 ? 16 : 8) >> size;
        for (let i: u32 = 0; i < lanes; i++) unchecked((this.res[i] = v));
        this.putLanes(rt, size, lanes, q);
        total = <u64>1 << size;
      } else {
        if (opc == 0) {
          size = 0;
          index = (q << 3) | (s << 2) | size2;
        } else if (opc == 2) {
          if ((size2 & 1) != 0) return 1;
          size = 1;
          index = (q << 2) | (s << 1) | (size2 >> 1);
        } else if (opc == 4) {
          if (size2 == 0) {
            size = 2;
            index = (q << 1) | s;
          } else if (size2 == 1 && s == 0) {
            size = 3;
            index = q;
          } else return 1;
        } else return 1;
        if (load) {
          const v = size == 0 ? <u64>bus.read8(base) : size == 1 ? <u64>bus.read16(base) : size == 2 ? <u64>bus.read32(base) : bus.read64(base);
          if (bus.stop != 0) return 2;
          this.setLane(rt, size, index, v);
        } else {
          this.storeN(base, this.lane(rt, size, index), size);
          if (bus.stop != 0) return 2;
        }
        total = <u64>1 << size;
      }
    }
    if (post) unchecked((x[rn] = base + (rm == 31 ? total : this.rz(rm))));
    return 0;
  }

  private simdArith(insn: u32): i32 {
    const q = (insn >> 30) & 1;
    const u = (insn >> 29) & 1;
    const size = (insn >> 22) & 3;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31;
    const res = this.res;
    // three registers of the same type
    if ((insn & 0x9f200400) == 0x0e200400) {
      const opc = (insn >> 11) & 31;
      if (opc >= 0x18) return this.simdFp3(insn, q, u, rd, rn, rm);
      if (size == 3 && q == 0) return 1;
      const lanes: u32 = (q != 0 ? 16 : 8) >> size;
      const bits = 8 << size;
      const m = laneMask(size);
      const pairwise = opc == 0x14 || opc == 0x15 || opc == 0x17;
      for (let i: u32 = 0; i < lanes; i++) {
        let a: u64, b: u64;
        if (pairwise) {
          const j = i * 2;
          const src = j < lanes ? rn : rm;
          const jj = j < lanes ? j : j - lanes;
          a = this.lane(src, size, jj);
          b = this.lane(src, size, jj + 1);
        } else {
          a = this.lane(rn, size, i);
          b = this.lane(rm, size, i);
        }
        const sa = sxLane(a, size),
          sb = sxLane(b, size);
        let r: u64;
        switch (opc) {
          case 0x01: {
            // SQADD, UQADD
            if (u == 0) r = satS(<i64>sa, <i64>sb, size, false);
            else {
              const t = a + b;
              r = bits == 64 ? (t < a ? m : t) : t > m ? m : t;
            }
            break;
          }
          case 0x05:
            // SQSUB, UQSUB
            if (u == 0) r = satS(<i64>sa, <i64>sb, size, true);
            else r = a >= b ? a - b : 0;
            break;
          case 0x06:
            r = (u == 0 ? <i64>sa > <i64>sb : a > b) ? m : 0;
            break;
          case 0x07:
            r = (u == 0 ? <i64>sa >= <i64>sb : a >= b) ? m : 0;
            break;
          case 0x08: {
            // SSHL, USHL: by the signed low byte of the other lane
            const sh = <i32>(<i8>b);
            if (sh >= 0) r = sh >= bits ? 0 : (a << sh) & m;
            else if (u == 0) r = (-sh >= bits ? <u64>(<i64>sa >> 63) : <u64>(<i64>sa >> -sh)) & m;
            else r = -sh >= bits ? 0 : a >> -sh;
            break;
          }
          case 0x0c:
          case 0x14:
            r = (u == 0 ? <i64>sa >= <i64>sb : a >= b) ? a : b;
            if (size == 3) return 1;
            break;
          case 0x0d:
          case 0x15:
            r = (u == 0 ? <i64>sa <= <i64>sb : a <= b) ? a : b;
            if (size == 3) return 1;
            break;
          case 0x0e:
          case 0x0f: {
            // SABD/UABD, SABA/UABA
            if (size == 3) return 1;
            const d = u == 0 ? (<i64>sa > <i64>sb ? sa - sb : sb - sa) : a > b ? a - b : b - a;
            r = opc == 0x0f ? (this.lane(rd, size, i) + d) & m : d & m;
            break;
          }
          case 0x10:
            r = (u == 0 ? a + b : a - b) & m;
            break;
          case 0x11:
            r = (u == 0 ? (a & b) != 0 : a == b) ? m : 0;
            break;
          case 0x12:
            if (size == 3) return 1;
            r = u == 0 ? (this.lane(rd, size, i) + a * b) & m : (this.lane(rd, size, i) - a * b) & m;
            break;
          case 0x13:
            if (size == 3 || u != 0) return 1;
            r = (a * b) & m;
            break;
          case 0x17:
            if (u != 0) return 1;
            r = (a + b) & m;
            break;
          default:
            return 1;
        }
        unchecked((res[i] = r));
      }
      this.putLanes(rd, size, lanes, q);
      return 0;
    }
    // two-register miscellaneous
    if ((insn & 0x9f3e0c00) == 0x0e200800) return this.simdMisc(insn, q, u, size, rd, rn);
    // across lanes: SADDLV/UADDLV, SMAXV/UMAXV, SMINV/UMINV, ADDV
    if ((insn & 0x9f3e0c00) == 0x0e300800) {
      const opc = (insn >> 12) & 31;
      if (size == 3 || (size == 2 && q == 0)) return 1;
      if (opc != 0x03 && opc != 0x0a && opc != 0x1a && !(opc == 0x1b && u == 0)) return 1;
      const lanes: u32 = (q != 0 ? 16 : 8) >> size;
      let acc: u64 = 0;
      for (let i: u32 = 0; i < lanes; i++) {
        const e = this.lane(rn, size, i);
        const v = u == 0 ? sxLane(e, size) : e;
        if (i == 0 && opc != 0x03 && opc != 0x1b) acc = v;
        else if (opc == 0x03 || opc == 0x1b) acc += v;
        else if (opc == 0x0a) acc = (u == 0 ? <i64>v > <i64>acc : v > acc) ? v : acc;
        else acc = (u == 0 ? <i64>v < <i64>acc : v < acc) ? v : acc;
      }
      const outSize = opc == 0x03 ? size + 1 : size;
      if (!this.noWrite) {
        unchecked((this.v[rd * 2] = acc & laneMask(outSize)));
        unchecked((this.v[rd * 2 + 1] = 0));
      }
      return 0;
    }
    // three registers of different types: long, wide and narrow
    if ((insn & 0x9f200c00) == 0x0e200000) {
      const opc = (insn >> 12) & 15;
      if (size == 3) return 1;
      const wide = size + 1;
      const lanes: u32 = 8 >> size; // result lanes
      const hi: u32 = q != 0 ? lanes : 0; // "2" forms take the upper halves
      const wm = laneMask(wide);
      for (let i: u32 = 0; i < lanes; i++) {
        const a = this.lane(rn, size, i + hi),
          b = this.lane(rm, size, i + hi);
        const sa = u == 0 ? sxLane(a, size) : a,
          sb = u == 0 ? sxLane(b, size) : b;
        let r: u64;
        switch (opc) {
          case 0x0:
            r = sa + sb;
            break;
          case 0x2:
            r = sa - sb;
            break;
          case 0x1:
          case 0x3: {
            const w = this.lane(rn, wide, i);
            r = opc == 0x1 ? w + sb : w - sb;
            break;
          }
          case 0x5:
          case 0x7: {
            const d = u == 0 ? (<i64>sa > <i64>sb ? sa - sb : sb - sa) : sa > sb ? sa - sb : sb - sa;
            r = opc == 0x5 ? this.lane(rd, wide, i) + d : d;
            break;
          }
          case 0x8:
            r = this.lane(rd, wide, i) + sa * sb;
            break;
          case 0xa:
            r = this.lane(rd, wide, i) - sa * sb;
            break;
          case 0xc:
            r = sa * sb;
            break;
          default:
            return this.simdNarrow3(insn, q, u, size, rd, rn, rm);
        }
        unchecked((res[i] = r & wm));
      }
      this.putLanes(rd, wide, lanes, 1);
      return 0;
    }
    // shift by immediate (immh != 0; immh 0 is the modified immediate form)
    if ((insn & 0x9f800400) == 0x0f000400) return this.simdShift(insn, q, u, rd, rn);
    // vector by element
    if ((insn & 0x9f000400) == 0x0f000000) return this.simdElem(insn, q, u, size, rd, rn);
    // permutes: UZP1, TRN1, ZIP1, UZP2, TRN2, ZIP2
    if ((insn & 0xbf208c00) == 0x0e000800) {
      const op = (insn >> 12) & 7;
      if (size == 3 && q == 0) return 1;
      const lanes: u32 = (q != 0 ? 16 : 8) >> size;
      const half = lanes / 2;
      const part: u32 = op >= 5 ? 1 : 0;
      for (let i: u32 = 0; i < lanes; i++) {
        let r: u64;
        if (op == 1 || op == 5) {
          const j = i * 2 + part;
          r = j < lanes ? this.lane(rn, size, j) : this.lane(rm, size, j - lanes);
        } else if (op == 2 || op == 6) {
          r = (i & 1) == 0 ? this.lane(rn, size, (i & ~1) + part) : this.lane(rm, size, (i & ~1) + part);
        } else if (op == 3 || op == 7) {
          const base = part * half + (i >> 1);
          r = (i & 1) == 0 ? this.lane(rn, size, base) : this.lane(rm, size, base);
        } else return 1;
        unchecked((res[i] = r));
      }
      this.putLanes(rd, size, lanes, q);
      return 0;
    }
    // EXT
    if ((insn & 0xbfe08400) == 0x2e000000) {
      const imm4 = (insn >> 11) & 15;
      const bytes: u32 = q != 0 ? 16 : 8;
      if (q == 0 && imm4 >= 8) return 1;
      for (let i: u32 = 0; i < bytes; i++) {
        const j = i + imm4;
        unchecked((res[i] = j < bytes ? this.lane(rn, 0, j) : this.lane(rm, 0, j - bytes)));
      }
      this.putLanes(rd, 0, bytes, q);
      return 0;
    }
    // TBL, TBX
    if ((insn & 0xbfe08c00) == 0x0e000000) {
      const len = ((insn >> 13) & 3) + 1;
      const tbx = ((insn >> 12) & 1) != 0;
      const bytes: u32 = q != 0 ? 16 : 8;
      for (let i: u32 = 0; i < bytes; i++) {
        const idx = <u32>this.lane(rm, 0, i);
        if (idx < len * 16) unchecked((res[i] = this.lane((rn + (idx >> 4)) & 31, 0, idx & 15)));
        else unchecked((res[i] = tbx ? this.lane(rd, 0, i) : 0));
      }
      this.putLanes(rd, 0, bytes, q);
      return 0;
    }
    return 1;
  }

  /** ADDHN, SUBHN (and their rounding forms): the high halves of wide sums. */
  private simdNarrow3(insn: u32, q: u32, u: u32, size: u32, rd: u32, rn: u32, rm: u32): i32 {
    const opc = (insn >> 12) & 15;
    if (opc != 0x4 && opc != 0x6) return 1;
    const wide = size + 1;
    const lanes: u32 = 8 >> size;
    const bits = <u64>(8 << size);
    for (let i: u32 = 0; i < lanes; i++) {
      const a = this.lane(rn, wide, i),
        b = this.lane(rm, wide, i);
      let r = opc == 0x4 ? a + b : a - b;
      if (u != 0) r += (<u64>1) << (bits - 1); // RADDHN, RSUBHN
      unchecked((this.res[i] = (r >> bits) & laneMask(size)));
    }
    // the "2" forms write the upper half and keep the lower one
    if (q == 0) {
      this.putLanes(rd, size, lanes, 0);
    } else {
      for (let i: u32 = 0; i < lanes; i++) this.setLane(rd, size, i + lanes, unchecked(this.res[i]));
    }
    return 0;
  }

  private simdMisc(insn: u32, q: u32, u: u32, size: u32, rd: u32, rn: u32): i32 {
    const opc = (insn >> 12) & 31;
    const res = this.res;
    if (opc >= 0x0c && opc != 0x12 && opc != 0x13 && opc != 0x14) return this.simdFpMisc(insn, q, u, size, rd, rn, opc);
    if (size == 3 && q == 0 && opc != 0x12) return 1;
    const lanes: u32 = (q != 0 ? 16 : 8) >> size;
    const m = laneMask(size);
    const bits = <u64>(8 << size);
    switch (opc) {
      case 0x00:
      case 0x01: {
        // REV64, REV32 (u), REV16: reverse the lanes within each 2^n-byte group
        const group: u32 = opc == 1 ? 1 : u == 0 ? 3 : 2; // log2 of the group's bytes
        if (opc == 1 && (u != 0 || size != 0)) return 1;
        if (size >= group) return 1;
        const per = 1 << (group - size);
        for (let i: u32 = 0; i < lanes; i++) unchecked((res[i] = this.lane(rn, size, (i & ~(per - 1)) + (per - 1 - (i & (per - 1))))));
        break;
      }
      case 0x02:
      case 0x06: {
        // SADDLP/UADDLP, SADALP/UADALP
        if (size == 3) return 1;
        const outLanes = lanes / 2;
        const wm = laneMask(size + 1);
        for (let i: u32 = 0; i < outLanes; i++) {
          let a = this.lane(rn, size, 2 * i),
            b = this.lane(rn, size, 2 * i + 1);
          if (u == 0) {
            a = sxLane(a, size);
            b = sxLane(b, size);
          }
          let r = a + b;
          if (opc == 0x06) r += this.lane(rd, size + 1, i);
          unchecked((res[i] = r & wm));
        }
        this.putLanes(rd, size + 1, outLanes, q);
        return 0;
      }
      case 0x04:
        // CLS, CLZ
        if (size == 3) return 1;
        for (let i: u32 = 0; i < lanes; i++) {
          const a = this.lane(rn, size, i);
          const lz = <u64>clz<u64>(a) - (64 - bits);
          if (u != 0) unchecked((res[i] = lz));
          else {
            const sa = sxLane(a, size);
            unchecked((res[i] = <u64>clz<u64>((sa ^ <u64>(<i64>sa >> 1)) & m) - (64 - bits) - 1));
          }
        }
        break;
      case 0x05:
        // CNT, NOT, RBIT (bytes)
        if (size != 0 && !(u == 1 && size == 1)) return 1;
        for (let i: u32 = 0; i < (q != 0 ? <u32>16 : <u32>8); i++) {
          const a = <u32>this.lane(rn, 0, i);
          let r: u32;
          if (u == 0) r = popcnt<u32>(a);
          else if (size == 0) r = ~a & 0xff;
          else r = rbit8(a);
          unchecked((res[i] = <u64>r));
        }
        this.putLanes(rd, 0, q != 0 ? 16 : 8, q);
        return 0;
      case 0x08:
      case 0x09:
      case 0x0a:
      case 0x0b:
        for (let i: u32 = 0; i < lanes; i++) {
          const a = this.lane(rn, size, i);
          const sa = <i64>sxLane(a, size);
          let r: u64;
          if (opc == 0x08) r = (u == 0 ? sa > 0 : sa >= 0) ? m : 0;
          else if (opc == 0x09) r = (u == 0 ? sa == 0 : sa <= 0) ? m : 0;
          else if (opc == 0x0a) {
            if (u != 0) return 1;
            r = sa < 0 ? m : 0;
          } else r = u == 0 ? <u64>(sa < 0 ? -sa : sa) & m : <u64>(-sa) & m; // ABS, NEG
          unchecked((res[i] = r));
        }
        break;
      case 0x12:
      case 0x13:
      case 0x14: {
        // XTN, SQXTUN, SHLL, SQXTN, UQXTN
        if (size == 3) return 1;
        const n: u32 = 8 >> size;
        const off: u32 = q != 0 ? n : 0;
        if (opc == 0x13) {
          // SHLL: widen and shift by the element size
          if (u == 0) return 1;
          for (let i: u32 = 0; i < n; i++) unchecked((res[i] = (this.lane(rn, size, i + off) << bits) & laneMask(size + 1)));
          this.putLanes(rd, size + 1, n, 1);
          return 0;
        }
        for (let i: u32 = 0; i < n; i++) {
          const w = this.lane(rn, size + 1, i);
          let r: u64;
          if (opc == 0x12 && u == 0) r = w & m;
          else if (opc == 0x12) {
            const sw = <i64>sxLane(w, size + 1); // SQXTUN: signed to unsigned, saturated
            r = sw < 0 ? 0 : <u64>sw > m ? m : <u64>sw;
          } else if (u == 0) {
            const sw = <i64>sxLane(w, size + 1);
            const hiS = <i64>(m >> 1),
              loS = -hiS - 1;
            r = <u64>(sw > hiS ? hiS : sw < loS ? loS : sw) & m;
          } else r = w > m ? m : w;
          unchecked((res[i] = r));
        }
        if (q == 0) this.putLanes(rd, size, n, 0);
        else for (let i: u32 = 0; i < n; i++) this.setLane(rd, size, i + n, unchecked(res[i]));
        return 0;
      }
      default:
        return 1;
    }
    this.putLanes(rd, size, lanes, q);
    return 0;
  }

  /** Vector floating point, two registers: compares with zero, FABS, FNEG, FSQRT, FRINT*,
   * conversions. `size` bit 0 is sz (double lanes), bit 1 picks between paired opcodes. */
  private simdFpMisc(insn: u32, q: u32, u: u32, size: u32, rd: u32, rn: u32, opc: u32): i32 {
    const dbl = (size & 1) != 0;
    const hi = (size >> 1) & 1;
    const res = this.res;
    if (opc == 0x16 || opc == 0x17) {
      // FCVTN (double to single lanes), FCVTL (single to double lanes)
      if (hi != 0 || u != 0) return 1;
      if (!dbl) {
        // FCVTL 4s <- 4h, FCVTN 4h <- 4s
        if (opc == 0x17) {
          for (let i: u32 = 0; i < 4; i++) {
            const d = halfToD(<u32>this.lane(rn, 1, i + (q != 0 ? 4 : 0)));
            unchecked((res[i] = <u64>(nanD(d) ? (<u32>(d >> 32) & 0x80000000) | DEFAULT_NAN_S | (<u32>(d >> 29) & 0x3fffff) : reinterpret<u32>(<f32>reinterpret<f64>(d)))));
          }
          this.putLanes(rd, 2, 4, 1);
          return 0;
        }
        for (let i: u32 = 0; i < 4; i++) {
          const b = <u32>this.lane(rn, 2, i);
          const d = nanS(b) ? (<u64>(b & 0x80000000) << 32) | 0x7ff8000000000000 : reinterpret<u64>(<f64>reinterpret<f32>(b));
          unchecked((res[i] = <u64>dToHalf(d, b >> 13)));
        }
        if (q == 0) this.putLanes(rd, 1, 4, 0);
        else if (!this.noWrite) for (let i: u32 = 0; i < 4; i++) this.setLane(rd, 1, i + 4, unchecked(res[i]));
        return 0;
      }
      if (opc == 0x17) {
        for (let i: u32 = 0; i < 2; i++) {
          const b = <u32>this.lane(rn, 2, i + (q != 0 ? 2 : 0));
          unchecked((res[i] = nanS(b) ? (<u64>(b & 0x80000000) << 32) | DEFAULT_NAN_D | (<u64>(b & 0x3fffff) << 29) : reinterpret<u64>(<f64>reinterpret<f32>(b))));
        }
        this.putLanes(rd, 3, 2, 1);
        return 0;
      }
      for (let i: u32 = 0; i < 2; i++) {
        const b = this.lane(rn, 3, i);
        unchecked((res[i] = <u64>(nanD(b) ? (<u32>(b >> 32) & 0x80000000) | DEFAULT_NAN_S | (<u32>(b >> 29) & 0x3fffff) : reinterpret<u32>(<f32>reinterpret<f64>(b)))));
      }
      if (q == 0) this.putLanes(rd, 2, 2, 0);
      else if (!this.noWrite) for (let i: u32 = 0; i < 2; i++) this.setLane(rd, 2, i + 2, unchecked(res[i]));
      return 0;
    }
    if (dbl && q == 0) return 1;
    const es: u32 = dbl ? 3 : 2;
    const lanes: u32 = dbl ? 2 : q != 0 ? 4 : 2;
    for (let i: u32 = 0; i < lanes; i++) {
      const b = this.lane(rn, es, i);
      const f = dbl ? reinterpret<f64>(b) : <f64>reinterpret<f32>(<u32>b);
      const nan = dbl ? nanD(b) : nanS(<u32>b);
      const ones: u64 = dbl ? ~(<u64>0) : 0xffffffff;
      const sign: u64 = dbl ? 0x8000000000000000 : 0x80000000;
      let r: u64;
      if (opc == 0x0c || opc == 0x0d || (opc == 0x0e && u == 0)) {
        if (hi == 0) return 1;
        // FCMGT/FCMGE, FCMEQ/FCMLE, FCMLT against zero
        let t: bool;
        if (opc == 0x0c) t = u == 0 ? f > 0 : f >= 0;
        else if (opc == 0x0d) t = u == 0 ? f == 0 : f <= 0;
        else t = f < 0;
        r = t && !nan ? ones : 0;
      } else if (opc == 0x0f) {
        if (hi == 0) return 1;
        r = u == 0 ? b & ~sign : b ^ sign; // FABS, FNEG
      } else if (opc == 0x1f) {
        if (hi == 0 || u == 0) return 1;
        const rmode = armRoundingMode(this.fpcr >> 22);
        r = dbl ? (nan ? procNanD(b, 0) : resD(sqrtD(f, rmode))) : nan ? procNanS(<u32>b, 0) : <u64>resS(sqrtS(<f32>f, rmode));
      } else if (opc == 0x1d && hi == 0) {
        // SCVTF, UCVTF (integer lanes)
        if (dbl) r = reinterpret<u64>(u == 0 ? <f64>(<i64>b) : <f64>b);
        else r = <u64>reinterpret<u32>(u == 0 ? <f32>(<i32>(<u32>b)) : <f32>(<u32>b));
      } else if (opc >= 0x1a && opc <= 0x1c) {
        // FCVTNS/NU, FCVTMS/MU (hi 0), FCVTPS/PU, FCVTZS/ZU (hi 1), FCVTAS/AU (0x1c, hi 0)
        let rm: u32;
        if (opc == 0x1a) rm = hi == 0 ? 0 : 1;
        else if (opc == 0x1b) rm = hi == 0 ? 2 : 3;
        else if (hi == 0) rm = 4;
        else return 1;
        r = fpToInt(f, rm, u != 0, dbl);
        if (!dbl) r &= 0xffffffff;
      } else if (opc == 0x18 || opc == 0x19) {
        // FRINTN/FRINTM (hi 0), FRINTP/FRINTZ (hi 1); u: FRINTA / FRINTX, FRINTI
        let rm: u32;
        if (u == 0) rm = opc == 0x18 ? (hi == 0 ? 0 : 1) : hi == 0 ? 2 : 3;
        else if (opc == 0x18) {
          if (hi != 0) return 1;
          rm = 4;
        } else rm = this.fpcrRm();
        if (nan) r = dbl ? procNanD(b, 0) : procNanS(<u32>b, 0);
        else {
          const v = roundTo(f, rm);
          r = dbl ? (reinterpret<u64>(v) & ~sign) | (b & sign) : <u64>((reinterpret<u32>(<f32>v) & 0x7fffffff) | (<u32>b & 0x80000000));
        }
      } else return 1;
      unchecked((res[i] = r));
    }
    this.putLanes(rd, es, lanes, q);
    return 0;
  }

  /** Vector floating point, three registers of the same type. */
  private simdFp3(insn: u32, q: u32, u: u32, rd: u32, rn: u32, rm: u32): i32 {
    const opc = (insn >> 11) & 31;
    const dbl = ((insn >> 22) & 1) != 0;
    const a1 = (insn >> 23) & 1;
    if (dbl && q == 0) return 1;
    const es: u32 = dbl ? 3 : 2;
    const lanes: u32 = dbl ? 2 : q != 0 ? 4 : 2;
    const res = this.res;
    const key = (u << 6) | (a1 << 5) | opc;
    const pairwise = u == 1 && (opc == 0x18 || opc == 0x1a || opc == 0x1e) && !(a1 == 1 && opc == 0x1a);
    for (let i: u32 = 0; i < lanes; i++) {
      let a: u64, b: u64;
      if (pairwise) {
        const j = i * 2;
        const src = j < lanes ? rn : rm;
        const jj = j < lanes ? j : j - lanes;
        a = this.lane(src, es, jj);
        b = this.lane(src, es, jj + 1);
      } else {
        a = this.lane(rn, es, i);
        b = this.lane(rm, es, i);
      }
      let r: u64;
      // fp2S/fp2D opcodes: 0 FMUL, 1 FDIV, 2 FADD, 3 FSUB, 4 FMAX, 5 FMIN, 6 FMAXNM, 7 FMINNM
      let op2: i32 = -1;
      switch (key) {
        case 0x18:
        case 0x58:
          op2 = 6;
          break;
        case 0x38:
        case 0x78:
          op2 = 7;
          break;
        case 0x1a:
        case 0x5a:
          op2 = 2;
          break;
        case 0x3a:
          op2 = 3;
          break;
        case 0x1e:
        case 0x5e:
          op2 = 4;
          break;
        case 0x3e:
        case 0x7e:
          op2 = 5;
          break;
        case 0x5b:
          op2 = 0;
          break;
        case 0x5f:
          op2 = 1;
          break;
      }
      if (op2 >= 0) r = dbl ? this.fp2D(<u32>op2, a, b) : <u64>this.fp2S(<u32>op2, <u32>a, <u32>b);
      else if (key == 0x19 || key == 0x39) {
        // FMLA, FMLS
        const acc = this.lane(rd, es, i);
        if (dbl) r = fmaBitsD(acc, key == 0x39 ? a ^ 0x8000000000000000 : a, b, armRoundingMode(this.fpcr >> 22));
        else r = <u64>fmaBitsS(<u32>acc, key == 0x39 ? <u32>a ^ 0x80000000 : <u32>a, <u32>b, armRoundingMode(this.fpcr >> 22));
      } else if (key == 0x7a) {
        // FABD
        r = dbl ? this.fp2D(3, a, b) & 0x7fffffffffffffff : <u64>(this.fp2S(3, <u32>a, <u32>b) & 0x7fffffff);
      } else if (key == 0x1c || key == 0x5c || key == 0x7c || key == 0x5d || key == 0x7d) {
        // FCMEQ, FCMGE, FCMGT, FACGE, FACGT
        let fa = dbl ? reinterpret<f64>(a) : <f64>reinterpret<f32>(<u32>a);
        let fb = dbl ? reinterpret<f64>(b) : <f64>reinterpret<f32>(<u32>b);
        if (key == 0x5d || key == 0x7d) {
          fa = Math.abs(fa);
          fb = Math.abs(fb);
        }
        const t = key == 0x1c ? fa == fb : key == 0x5c || key == 0x5d ? fa >= fb : fa > fb;
        r = t ? (dbl ? ~(<u64>0) : 0xffffffff) : 0;
      } else return 1;
      unchecked((res[i] = r));
    }
    this.putLanes(rd, es, lanes, q);
    return 0;
  }

  /** Shifts by an immediate: SSHR/USHR, SSRA/USRA, SRSHR/URSHR, SRSRA/URSRA, SRI, SHL, SLI,
   * SHRN/RSHRN, SSHLL/USHLL; fixed-point conversions are not emulated. */
  private simdShift(insn: u32, q: u32, u: u32, rd: u32, rn: u32): i32 {
    const immh = (insn >> 19) & 15;
    const immhb = (insn >> 16) & 127;
    const opc = (insn >> 11) & 31;
    const size: u32 = 31 - clz<u32>(immh);
    const bits: u32 = 8 << size;
    const res = this.res;
    if (opc == 0x10 || opc == 0x11 || opc == 0x14) {
      // SHRN, RSHRN (narrow: the source lanes are twice `size`), SSHLL/USHLL (widen)
      if (size == 3) return 1;
      const n: u32 = 8 >> size;
      const off: u32 = q != 0 ? n : 0;
      if (opc == 0x14) {
        const sh = immhb - bits;
        for (let i: u32 = 0; i < n; i++) {
          let a = this.lane(rn, size, i + off);
          if (u == 0) a = sxLane(a, size);
          unchecked((res[i] = (a << sh) & laneMask(size + 1)));
        }
        this.putLanes(rd, size + 1, n, 1);
        return 0;
      }
      if (u != 0) return 1; // SQSHRUN, SQRSHRUN
      const sh = 2 * bits - immhb;
      for (let i: u32 = 0; i < n; i++) {
        let w = this.lane(rn, size + 1, i);
        if (opc == 0x11) w += (<u64>1) << (sh - 1);
        unchecked((res[i] = (w >> sh) & laneMask(size)));
      }
      if (q == 0) this.putLanes(rd, size, n, 0);
      else if (!this.noWrite) for (let i: u32 = 0; i < n; i++) this.setLane(rd, size, i + n, unchecked(res[i]));
      return 0;
    }
    if (size == 3 && q == 0) return 1;
    const lanes: u32 = (q != 0 ? 16 : 8) >> size;
    if (opc == 0x1c || opc == 0x1f) {
      // SCVTF/UCVTF, FCVTZS/FCVTZU with fbits fraction bits (single and double lanes)
      if (size < 2) return 1;
      const pow = Math.pow(2.0, <f64>(2 * bits - immhb));
      for (let i: u32 = 0; i < lanes; i++) {
        const a = this.lane(rn, size, i);
        let r: u64;
        if (opc == 0x1c) {
          if (size == 3) r = reinterpret<u64>((u == 0 ? <f64>(<i64>a) : <f64>a) / pow);
          else r = <u64>reinterpret<u32>((u == 0 ? <f32>(<i32>(<u32>a)) : <f32>(<u32>a)) / <f32>pow);
        } else {
          const v = size == 3 ? reinterpret<f64>(a) : <f64>reinterpret<f32>(<u32>a);
          r = fpToInt(v * pow, 3, u != 0, size == 3);
          if (size == 2) r &= 0xffffffff;
        }
        unchecked((res[i] = r));
      }
      this.putLanes(rd, size, lanes, q);
      return 0;
    }
    const m = laneMask(size);
    const right: u32 = 2 * bits - immhb; // 1..bits
    const left: u32 = immhb - bits; // 0..bits-1
    for (let i: u32 = 0; i < lanes; i++) {
      const a = this.lane(rn, size, i);
      let r: u64;
      switch (opc) {
        case 0x00:
        case 0x02:
        case 0x04:
        case 0x06: {
          // the shift right, arithmetic or logical, maybe rounded, maybe accumulated
          const round = opc == 0x04 || opc == 0x06;
          let v: u64;
          if (u == 0) {
            const sa = <i64>sxLane(a, size);
            // (sa + round) >> right without overflow: shift first, add the rounding bit after
            v = right >= 64 ? <u64>(sa >> 63) : <u64>(sa >> <i64>right);
            if (round) v += (right >= 64 ? 0 : (<u64>sa >> (right - 1)) & 1);
            if (right >= 64 && round) v = 0;
          } else {
            v = right >= 64 ? 0 : a >> right;
            if (round) v += (a >> (right - 1)) & 1;
          }
          r = opc == 0x02 || opc == 0x06 ? (this.lane(rd, size, i) + v) & m : v & m;
          break;
        }
        case 0x08: {
          // SRI
          if (u == 0) return 1;
          const keep: u64 = right >= bits ? m : (~(m >> right)) & m;
          r = (this.lane(rd, size, i) & keep) | (right >= 64 ? 0 : a >> right);
          break;
        }
        case 0x0a:
          // SHL, SLI
          if (u == 0) r = (a << left) & m;
          else r = (this.lane(rd, size, i) & ((<u64>1 << left) - 1)) | ((a << left) & m);
          break;
        default:
          return 1;
      }
      unchecked((res[i] = r));
    }
    this.putLanes(rd, size, lanes, q);
    return 0;
  }

  /** By element: MUL, MLA, MLS and FMUL, FMLA, FMLS with one lane of the second operand. */
  private simdElem(insn: u32, q: u32, u: u32, size: u32, rd: u32, rn: u32): i32 {
    const opc = (insn >> 12) & 15;
    const l = (insn >> 21) & 1,
      h = (insn >> 11) & 1,
      mbit = (insn >> 20) & 1;
    let rm = (insn >> 16) & 15;
    const res = this.res;
    const fp = opc == 0x1 || opc == 0x5 || opc == 0x9;
    let index: u32;
    let es: u32;
    if (fp) {
      rm |= mbit << 4;
      if (size == 2) {
        es = 2;
        index = (h << 1) | l;
      } else if (size == 3) {
        if (l != 0 || q == 0) return 1;
        es = 3;
        index = h;
      } else return 1;
      if (u != 0 && opc != 0x9) return 1;
      if (u != 0) return 1; // FMULX
    } else {
      if (opc != 0x0 && opc != 0x4 && opc != 0x8) return 1;
      if ((opc == 0x8) == (u != 0)) return 1; // MUL is u 0, MLA/MLS u 1
      if (size == 1) {
        es = 1;
        index = (h << 2) | (l << 1) | mbit;
      } else if (size == 2) {
        es = 2;
        index = (h << 1) | l;
        rm |= mbit << 4;
      } else return 1;
    }
    const lanes: u32 = (q != 0 ? 16 : 8) >> es;
    const b = this.lane(rm, es, index);
    const m = laneMask(es);
    for (let i: u32 = 0; i < lanes; i++) {
      const a = this.lane(rn, es, i);
      let r: u64;
      if (!fp) {
        const p = a * b;
        r = opc == 0x8 ? p & m : opc == 0x0 ? (this.lane(rd, es, i) + p) & m : (this.lane(rd, es, i) - p) & m;
      } else if (opc == 0x9) r = es == 3 ? this.fp2D(0, a, b) : <u64>this.fp2S(0, <u32>a, <u32>b);
      else {
        const acc = this.lane(rd, es, i);
        if (es == 3) r = fmaBitsD(acc, opc == 0x5 ? a ^ 0x8000000000000000 : a, b, armRoundingMode(this.fpcr >> 22));
        else r = <u64>fmaBitsS(<u32>acc, opc == 0x5 ? <u32>a ^ 0x80000000 : <u32>a, <u32>b, armRoundingMode(this.fpcr >> 22));
      }
      unchecked((res[i] = r));
    }
    this.putLanes(rd, es, lanes, q);
    return 0;
  }

  /** Scalar Advanced SIMD: ADD/SUB/compares/shifts on d registers, ADDP, FADDP and friends,
   * DUP (element), and the FP/integer conversions on FP registers. */
  private simdScalar(insn: u32): i32 {
    const u = (insn >> 29) & 1;
    const size = (insn >> 22) & 3;
    const rd = insn & 31,
      rn = (insn >> 5) & 31,
      rm = (insn >> 16) & 31;
    // DUP (element), scalar: mov s0, v1.s[1]
    if ((insn & 0xffe0fc00) == 0x5e000400) {
      const imm5 = (insn >> 16) & 31;
      if ((imm5 & 15) == 0) return 1;
      const es = ctz<u32>(imm5);
      const v = this.lane(rn, es, imm5 >> (es + 1));
      unchecked((this.v[rd * 2] = v));
      unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    // pairwise: ADDP d, FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP
    if ((insn & 0xdf3e0c00) == 0x5e300800) {
      const opc = (insn >> 12) & 31;
      if (u == 0) {
        if (opc != 0x1b || size != 3) return 1;
        unchecked((this.v[rd * 2] = this.lane(rn, 3, 0) + this.lane(rn, 3, 1)));
        unchecked((this.v[rd * 2 + 1] = 0));
        return 0;
      }
      const dbl = (size & 1) != 0;
      const a1 = size >> 1;
      let op2: u32;
      if (opc == 0x0d && a1 == 0) op2 = 2;
      else if (opc == 0x0f) op2 = a1 == 0 ? 4 : 5;
      else if (opc == 0x0c) op2 = a1 == 0 ? 6 : 7;
      else return 1;
      const r = dbl ? this.fp2D(op2, this.lane(rn, 3, 0), this.lane(rn, 3, 1)) : <u64>this.fp2S(op2, <u32>this.lane(rn, 2, 0), <u32>this.lane(rn, 2, 1));
      unchecked((this.v[rd * 2] = r));
      unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    // three same, 64-bit lanes: ADD, SUB, CMEQ, CMTST, CMGT, CMHI, CMGE, CMHS, SSHL, USHL
    if ((insn & 0xdf200400) == 0x5e200400) {
      const opc = (insn >> 11) & 31;
      if (opc >= 0x18) {
        // FABD, FCMEQ, FCMGE, FCMGT, FACGE, FACGT on one lane
        const key = (u << 6) | (((insn >> 23) & 1) << 5) | opc;
        if (key != 0x7a && key != 0x1c && key != 0x5c && key != 0x7c && key != 0x5d && key != 0x7d) return 1;
        const dbl = ((insn >> 22) & 1) != 0;
        this.noWrite = true;
        const sv = this.simdFp3(insn, 1, u, rd, rn, rm);
        this.noWrite = false;
        if (sv != 0) return sv;
        const r = unchecked(this.res[0]);
        unchecked((this.v[rd * 2] = dbl ? r : r & 0xffffffff));
        unchecked((this.v[rd * 2 + 1] = 0));
        return 0;
      }
      if (size != 3) return 1;
      const a = this.lane(rn, 3, 0),
        b = this.lane(rm, 3, 0);
      let r: u64;
      switch (opc) {
        case 0x10:
          r = u == 0 ? a + b : a - b;
          break;
        case 0x11:
          r = (u == 0 ? (a & b) != 0 : a == b) ? ~(<u64>0) : 0;
          break;
        case 0x06:
          r = (u == 0 ? <i64>a > <i64>b : a > b) ? ~(<u64>0) : 0;
          break;
        case 0x07:
          r = (u == 0 ? <i64>a >= <i64>b : a >= b) ? ~(<u64>0) : 0;
          break;
        case 0x08: {
          const sh = <i32>(<i8>b);
          if (sh >= 0) r = sh >= 64 ? 0 : a << sh;
          else if (u == 0) r = -sh >= 64 ? <u64>(<i64>a >> 63) : <u64>(<i64>a >> -sh);
          else r = -sh >= 64 ? 0 : a >> -sh;
          break;
        }
        default:
          return 1;
      }
      unchecked((this.v[rd * 2] = r));
      unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    // two-register misc, scalar: CMxx zero, ABS, NEG on d; SCVTF/UCVTF/FCVT*S/U on s and d
    if ((insn & 0xdf3e0c00) == 0x5e200800) {
      const opc = (insn >> 12) & 31;
      if (opc >= 0x0c) {
        // FCMGT/FCMEQ/FCMLT/FCMGE/FCMLE with zero, FCVTNS...FCVTAU, SCVTF/UCVTF on one lane
        if (opc != 0x0c && opc != 0x0d && opc != 0x0e && (opc < 0x1a || opc > 0x1d)) return 1;
        const sz = size & 1;
        this.noWrite = true;
        const r0 = this.simdMisc(insn, sz, u, size, rd, rn);
        this.noWrite = false;
        if (r0 != 0) return r0;
        const r = unchecked(this.res[0]);
        unchecked((this.v[rd * 2] = sz != 0 ? r : r & 0xffffffff));
        unchecked((this.v[rd * 2 + 1] = 0));
        return 0;
      }
      if (size != 3) return 1;
      const a = <i64>this.lane(rn, 3, 0);
      let r: u64;
      switch (opc) {
        case 0x08:
          r = (u == 0 ? a > 0 : a >= 0) ? ~(<u64>0) : 0;
          break;
        case 0x09:
          r = (u == 0 ? a == 0 : a <= 0) ? ~(<u64>0) : 0;
          break;
        case 0x0a:
          if (u != 0) return 1;
          r = a < 0 ? ~(<u64>0) : 0;
          break;
        case 0x0b:
          r = u == 0 ? <u64>(a < 0 ? -a : a) : <u64>-a;
          break;
        default:
          return 1;
      }
      unchecked((this.v[rd * 2] = r));
      unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    // shift by immediate, 64-bit: SSHR, USHR, SSRA, USRA, SHL, SLI, SRI
    if ((insn & 0xdf800400) == 0x5f000400) {
      const immh = (insn >> 19) & 15;
      const opc = (insn >> 11) & 31;
      const fixed = opc == 0x1c || opc == 0x1f;
      if ((immh & (fixed ? 12 : 8)) == 0) return 1;
      if (opc > 0x0a && !fixed) return 1; // the narrowing and saturating forms
      this.noWrite = true;
      const r0 = this.simdShift(insn, 1, u, rd, rn);
      this.noWrite = false;
      if (r0 != 0) return r0;
      const r = unchecked(this.res[0]);
      unchecked((this.v[rd * 2] = (immh & 8) != 0 ? r : r & 0xffffffff));
      unchecked((this.v[rd * 2 + 1] = 0));
      return 0;
    }
    return 1;
  }
}
