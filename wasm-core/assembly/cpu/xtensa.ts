// The Xtensa cores Zephyr runs extensions on: the dc233c of qemu_xtensa and the ESP32-S3's LX7
// (both little-endian, windowed, with the density, loop, MUL32, DIV32, NSA, MIN/MAX, SEXT,
// CLAMPS and S32C1I options; MUL32_HIGH (MULUH, MULSH) on the LX7 only: QEMU's dc233c takes
// them as illegal instructions). Decoding follows the Xtensa ISA reference's opcode maps
// (op0, then op1/op2/r/t/n/m); there is no decoded form.
//
// The register window. The cores have a physical register file of 32 (dc233c) or 64 (LX7)
// registers seen through WINDOWBASE as a0-a15; WINDOWSTART marks the frames that own
// registers. An instruction that names a register another, older frame still owns raises
// the window overflow exception, and a RETW to a frame whose registers were spilled the
// underflow exception (the ISA's WindowCheck and RETW). Both are emulated with the real file
// size and with the effect of Zephyr's handlers (arch/xtensa/core/window_vectors.S:
// _WindowOverflow4/8/12, _WindowUnderflow4/8/12): the same words go to the same stack slots,
// and the handlers' instructions are counted. A larger, never-spilling file would do for
// shallow code, but deep or recursive extension code spills on the device, and the spill
// stores can hit the stack guard there: only the real size shows that.
//
// Calls. Zephyr's Xtensa ABI is windowed: a function starts with ENTRY, takes its arguments in
// a2-a7 of its own window (the caller's a6-a11 for CALL4, a10-a15 for CALL8) and returns
// with RETW. Objects built for the call0 ABI (the lx106 toolchain) take them in a2-a7 and
// return with RET to a0. prepareCall() looks at the first instruction: ENTRY sets up a caller
// frame that made a CALL4 to it, anything else a CALL0. A call into the image (a trap) came
// from a CALL0/CALLX0 or a CALLn/CALLXn: `trapInc` remembers which, and arg()/hostReturn()
// read and write the callee's view of the registers accordingly.
//
// Faults: the cores raise LoadStoreAlignment on an unaligned L16/L32/S16/S32 (the
// configurations' unaligned load/store exception options, as QEMU target/xtensa checks with
// MO_ALIGN), IntegerDivideByZero on QUOS/QUOU/REMS/REMU by zero, IllegalInstruction on an
// encoding the core lacks (floating point, MAC16, booleans here: FAULT_UNDEF).
import { Bus, STOP_SYSCALL } from "./bus";
import { ArgReader, Cpu } from "./cpu";
import { FAULT_DIV_ZERO, FAULT_UNALIGNED, FAULT_UNDEF } from "../trace/events";

// prettier-ignore
const REG_NAMES: string[] = [
  "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15",
  "pc", "sar", "ps", "windowbase", "windowstart", "lbeg", "lend", "lcount",
];
const R_PC: i32 = 16;
const R_SAR: i32 = 17;
const R_PS: i32 = 18;
const R_WB: i32 = 19;
const R_WS: i32 = 20;
const R_LBEG: i32 = 21;
const R_LEND: i32 = 22;
const R_LCOUNT: i32 = 23;

// PS fields (Xtensa ISA, "Processor Status Special Register")
const PS_EXCM: u32 = 1 << 4;
const PS_UM: u32 = 1 << 5;
const PS_WOE: u32 = 1 << 18;
const PS_CALLINC_SHIFT: u32 = 16;
const PS_OWB_SHIFT: u32 = 8;

/** The B4CONST and B4CONSTU encodings of BEQI/BNEI/BLTI/BGEI and BLTUI/BGEUI. */
const B4CONST: StaticArray<i32> = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];
const B4CONSTU: StaticArray<u32> = [32768, 65536, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];

// Special register numbers (RSR/WSR/XSR)
const SR_LBEG: u32 = 0;
const SR_LEND: u32 = 1;
const SR_LCOUNT: u32 = 2;
const SR_SAR: u32 = 3;
const SR_SCOMPARE1: u32 = 12;
const SR_WINDOWBASE: u32 = 72;
const SR_WINDOWSTART: u32 = 73;
const SR_PS: u32 = 230;
const SR_EXCCAUSE: u32 = 232;
const SR_CCOUNT: u32 = 234;
const SR_PRID: u32 = 235;
const SR_EXCVADDR: u32 = 238;
/** The THREADPTR user register (RUR/WUR). */
const UR_THREADPTR: u32 = 231;

/** Instructions of Zephyr's window handlers, rfwo/rfwu included, per call size 4/8/12. */
const OVERFLOW_INSNS: StaticArray<u64> = [0, 5, 10, 14];
const UNDERFLOW_INSNS: StaticArray<u64> = [0, 5, 11, 15];

const NOTE_ILLEGAL = "IllegalInstruction";
const NOTE_ALIGN = "LoadStoreAlignment";
const NOTE_DIV0 = "IntegerDivideByZero";

@inline function sext(v: u32, bits: i32): u32 {
  return <u32>((<i32>(v << (32 - bits))) >> (32 - bits));
}

/** Argument words as the Xtensa ABI passes them: six in registers, then the stack; a 64-bit
 * value takes an even word index and is never split between registers and stack
 * (GCC xtensa.cc: xtensa_function_arg_1(), xtensa_function_arg_advance()). */
class XtensaRegArgs extends ArgReader {
  constructor(
    public cpu: XtensaCpu,
    public k: i32,
  ) {
    super();
  }
  next32(): u32 {
    return this.cpu.slot(this.k++);
  }
  next64(): u64 {
    let k = (this.k + 1) & ~1;
    if (k < 6 && k + 2 > 6) k = 6;
    const lo = this.cpu.slot(k);
    const hi = this.cpu.slot(k + 1);
    this.k = k + 2;
    return (<u64>hi << 32) | <u64>lo;
  }
  nextPtr(): u64 {
    return <u64>this.next32();
  }
  nextF64(): f64 {
    return reinterpret<f64>(this.next64());
  }
}

/**
 * A va_list: struct { int *__va_stk; int *__va_reg; int __va_ndx; }, read as GCC's
 * xtensa_gimplify_va_arg_expr() does: __va_ndx is the byte offset of the next argument;
 * within the first 24 bytes it is in the register save area at __va_reg, past it on the
 * stack at __va_stk (whose first stack argument sits at offset 32), never split.
 */
class XtensaVaList extends ArgReader {
  stk: u32;
  reg: u32;
  ndx: u32;
  constructor(
    public cpu: XtensaCpu,
    ap: u64,
  ) {
    super();
    const bus = cpu.bus;
    this.stk = bus.read32(ap);
    this.reg = bus.read32(ap + 4);
    this.ndx = bus.read32(ap + 8);
  }
  private addr(size: u32, align8: bool): u32 {
    if (align8) this.ndx = (this.ndx + 7) & ~7;
    const orig = this.ndx;
    this.ndx += size;
    if (this.ndx <= 24) return this.reg + orig;
    if (orig <= 24) this.ndx = 32 + size;
    return this.stk + this.ndx - size;
  }
  next32(): u32 {
    return this.cpu.bus.read32(<u64>this.addr(4, false));
  }
  next64(): u64 {
    return this.cpu.bus.read64(<u64>this.addr(8, true));
  }
  nextPtr(): u64 {
    return <u64>this.next32();
  }
  nextF64(): f64 {
    return reinterpret<f64>(this.next64());
  }
}

export class XtensaCpu extends Cpu {
  /** SYSCALL is reported and skipped, as Zephyr does without CONFIG_USERSPACE (the run driver
   * sets it from the configuration); otherwise it is an illegal instruction here. */
  syscallSkipped: bool = false;
  /** The physical address registers. */
  phys: StaticArray<u32>;
  /** nareg - 1, and the number of 4-register window positions - 1. */
  amask: u32;
  wmask: u32;
  /** WINDOWBASE (in positions of 4 registers), 4 × WINDOWBASE, WINDOWSTART. */
  wb: u32 = 0;
  wb4: u32 = 0;
  ws: u32 = 1;
  /** How many 4-register blocks of the current window no older frame owns (1-4): naming a
   * register past them is a window overflow. */
  safe: u32 = 4;
  pc: u32 = 0;
  sar: u32 = 0;
  ps: u32 = PS_UM | PS_WOE;
  lbeg: u32 = 0;
  lend: u32 = 0;
  lcount: u32 = 0;
  scompare1: u32 = 0;
  threadptr: u32 = 0;
  /** EXCCAUSE and EXCVADDR of the last exception the core raised (for the fault text). */
  exccause: u32 = 0;
  excvaddr: u32 = 0;
  /** The function prepareCall() set up starts with ENTRY (the windowed ABI). */
  windowedEntry: bool = false;
  /** The window increment of the last call instruction (0: CALL0/CALLX0): how the code
   * entered a function of the image, whose arguments it then reads. */
  trapInc: u32 = 0;

  constructor(
    bus: Bus,
    public nareg: i32,
    public mul32High: bool,
    public name: string,
  ) {
    super(bus);
    this.phys = new StaticArray<u32>(nareg);
    this.amask = <u32>nareg - 1;
    this.wmask = <u32>(nareg >> 2) - 1;
  }

  coreName(): string {
    return this.name;
  }
  xlen(): i32 {
    return 4;
  }
  getPc(): u64 {
    return <u64>this.pc;
  }
  setPc(v: u64): void {
    this.pc = <u32>v;
  }
  getSp(): u64 {
    return <u64>this.ar(1);
  }
  regCount(): i32 {
    return REG_NAMES.length;
  }
  regName(i: i32): string {
    return REG_NAMES[i];
  }
  reg(i: i32): u64 {
    if (i < 16) return <u64>this.ar(<u32>i);
    switch (i) {
      case R_PC:
        return <u64>this.pc;
      case R_SAR:
        return <u64>this.sar;
      case R_PS:
        return <u64>this.ps;
      case R_WB:
        return <u64>this.wb;
      case R_WS:
        return <u64>this.ws;
      case R_LBEG:
        return <u64>this.lbeg;
      case R_LEND:
        return <u64>this.lend;
      case R_LCOUNT:
        return <u64>this.lcount;
    }
    return 0;
  }
  setReg(i: i32, v: u64): void {
    const x = <u32>v;
    if (i < 0) return;
    if (i < 16) {
      this.setAr(<u32>i, x);
      return;
    }
    switch (i) {
      case R_PC:
        this.pc = x;
        break;
      case R_SAR:
        this.sar = x & 63;
        break;
      case R_PS:
        this.ps = x;
        break;
      case R_WB:
        this.setWindow(x, this.ws);
        break;
      case R_WS:
        this.setWindow(this.wb, x);
        break;
      case R_LBEG:
        this.lbeg = x;
        break;
      case R_LEND:
        this.lend = x;
        break;
      case R_LCOUNT:
        this.lcount = x;
        break;
    }
  }

  // ---- the register window ----

  @inline ar(i: u32): u32 {
    return unchecked(this.phys[(this.wb4 + i) & this.amask]);
  }
  @inline setAr(i: u32, v: u32): void {
    unchecked((this.phys[(this.wb4 + i) & this.amask] = v));
  }
  @inline private wsBit(pos: u32): u32 {
    return (this.ws >> (pos & this.wmask)) & 1;
  }

  private setWindow(wb: u32, ws: u32): void {
    this.wb = wb & this.wmask;
    this.wb4 = this.wb << 2;
    this.ws = ws & (this.wmask == 31 ? 0xffffffff : (1 << (this.wmask + 1)) - 1);
    let safe: u32 = 4;
    if (this.wsBit(this.wb + 1) != 0) safe = 1;
    else if (this.wsBit(this.wb + 2) != 0) safe = 2;
    else if (this.wsBit(this.wb + 3) != 0) safe = 3;
    this.safe = safe;
  }

  /** The window overflow the ISA's WindowCheck raises for an access to block `blk` (1-3) of
   * the window, handled as Zephyr's _WindowOverflow4/8/12 do: the oldest frame in the way
   * is spilled. Returns the handler's instruction count (0 when a store faulted). */
  private overflow(blk: u32): u64 {
    let n: u32 = 3;
    if (blk >= 1 && this.wsBit(this.wb + 1) != 0) n = 1;
    else if (blk >= 2 && this.wsBit(this.wb + 2) != 0) n = 2;
    const m = (this.wb + n) & this.wmask;
    const kind: u32 = this.wsBit(m + 1) != 0 ? 1 : this.wsBit(m + 2) != 0 ? 2 : 3;
    const bus = this.bus;
    const P = this.phys;
    const am = this.amask;
    const b = m << 2;
    // a0-a3 go below the stack pointer of the frame's callee (its a5, a9 or a13).
    const spNext = unchecked(P[(b + kind * 4 + 1) & am]);
    for (let j: u32 = 0; j < 4; j++) bus.write32(<u64>(spNext - 16 + j * 4), unchecked(P[(b + j) & am]));
    if (kind > 1) {
      // a4.. go to the end of the frame's own stack frame, found through its caller's sp.
      const end = bus.read32(<u64>(unchecked(P[(b + 1) & am]) - 12));
      const extra = (kind - 1) * 4;
      for (let j: u32 = 0; j < extra; j++) bus.write32(<u64>(end - 16 - extra * 4 + j * 4), unchecked(P[(b + 4 + j) & am]));
    }
    if (bus.stop != 0) return 0;
    this.ps = (this.ps & ~(<u32>15 << PS_OWB_SHIFT)) | (this.wb << PS_OWB_SHIFT);
    this.setWindow(this.wb, this.ws & ~(<u32>1 << m));
    return OVERFLOW_INSNS[kind];
  }

  /** The underflow of a RETW to the frame at position `c`, which had made a CALL(4n):
   * Zephyr's _WindowUnderflow4/8/12 reload its registers. False when a load faulted. */
  private underflow(c: u32, n: u32): bool {
    const bus = this.bus;
    const P = this.phys;
    const am = this.amask;
    const b = c << 2;
    const sp = unchecked(P[(b + n * 4 + 1) & am]);
    const base = new StaticArray<u32>(4);
    for (let j: u32 = 0; j < 4; j++) base[j] = bus.read32(<u64>(sp - 16 + j * 4));
    let extra: StaticArray<u32> = new StaticArray<u32>(0);
    if (n > 1) {
      const end = bus.read32(<u64>(base[1] - 12));
      const cnt = (n - 1) * 4;
      extra = new StaticArray<u32>(cnt);
      for (let j: u32 = 0; j < cnt; j++) extra[j] = bus.read32(<u64>(end - 16 - cnt * 4 + j * 4));
    }
    if (bus.stop != 0) return false;
    for (let j: u32 = 0; j < 4; j++) unchecked((P[(b + j) & am] = base[j]));
    for (let j = 0; j < extra.length; j++) unchecked((P[(b + 4 + <u32>j) & am] = extra[j]));
    this.ps = (this.ps & ~(<u32>15 << PS_OWB_SHIFT)) | (this.wb << PS_OWB_SHIFT);
    return true;
  }

  // ---- calls ----

  /** Argument word `k` of a call into the image: the callee's a2-a7, then the stack. */
  slot(k: i32): u32 {
    if (k < 6) return unchecked(this.phys[(this.wb4 + this.trapInc * 4 + 2 + <u32>k) & this.amask]);
    return this.bus.read32(<u64>(this.ar(1) + <u32>(k - 6) * 4));
  }

  prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void {
    for (let i = 0; i < this.nareg; i++) unchecked((this.phys[i] = 0));
    this.setWindow(0, 1);
    this.pc = <u32>entry;
    this.sar = 0;
    this.lbeg = this.lend = this.lcount = 0;
    this.fault = 0;
    this.faultInsn = 0;
    this.faultNote = "";
    this.exccause = 0;
    this.excvaddr = 0;
    // ENTRY: op0 6, n 3, m 0 in the first byte.
    const area = this.bus.mem.find(entry, 3);
    this.windowedEntry = area != null && area.bytes[<i32>(entry - area.base)] == 0x36;
    const onStack = args.length > 6 ? args.length - 6 : 0;
    let s = <u32>sp;
    if (onStack > 0) s = (s - <u32>onStack * 4) & ~15;
    for (let i = 6; i < args.length; i++) this.bus.write32(<u64>(s + <u32>(i - 6) * 4), <u32>args[i]);
    this.setAr(1, s);
    if (this.windowedEntry) {
      // The caller made a CALL4: its a4 is the callee's a0, its a6-a11 the callee's a2-a7.
      this.setAr(4, (1 << 30) | (<u32>ret & 0x3fffffff));
      for (let i = 0; i < args.length && i < 6; i++) this.setAr(6 + <u32>i, <u32>args[i]);
      this.trapInc = 1;
    } else {
      this.setAr(0, <u32>ret);
      for (let i = 0; i < args.length && i < 6; i++) this.setAr(2 + <u32>i, <u32>args[i]);
      this.trapInc = 0;
    }
    // A Zephyr thread's PS (arch/xtensa/core/thread.c): WOE and UM set, interrupts on.
    this.ps = PS_UM | PS_WOE | (this.trapInc << PS_CALLINC_SHIFT);
  }

  arg(i: i32): u64 {
    return <u64>this.slot(i);
  }
  varargs(first: i32): ArgReader {
    return new XtensaRegArgs(this, first);
  }
  vaList(ap: u64): ArgReader {
    return new XtensaVaList(this, ap);
  }
  hostReturn(lo: u64, hi: u64): void {
    const inc = this.trapInc;
    const b = this.wb4 + inc * 4;
    unchecked((this.phys[(b + 2) & this.amask] = <u32>lo));
    unchecked((this.phys[(b + 3) & this.amask] = <u32>hi));
    const ra = unchecked(this.phys[b & this.amask]);
    // RETW keeps the two top bits of the PC; RET takes a0 whole.
    this.pc = inc == 0 ? ra : (this.pc & 0xc0000000) | (ra & 0x3fffffff);
  }
  retval(): u64 {
    return <u64>this.ar(this.windowedEntry ? 6 : 2);
  }

  // ---- faults ----

  private illegal(insn: u32, note: string): void {
    this.fault = FAULT_UNDEF;
    this.faultInsn = insn;
    this.faultNote = note;
    this.exccause = 0;
  }
  private misaligned(a: u32): void {
    this.fault = FAULT_UNALIGNED;
    this.faultNote = NOTE_ALIGN;
    this.exccause = 9;
    this.excvaddr = a;
  }

  // ---- special registers ----

  /** RSR: false when the core has no such register here. */
  private srOk: bool = true;
  private readSr(sr: u32): u32 {
    this.srOk = true;
    switch (sr) {
      case SR_LBEG:
        return this.lbeg;
      case SR_LEND:
        return this.lend;
      case SR_LCOUNT:
        return this.lcount;
      case SR_SAR:
        return this.sar;
      case SR_SCOMPARE1:
        return this.scompare1;
      case SR_WINDOWBASE:
        return this.wb;
      case SR_WINDOWSTART:
        return this.ws;
      case SR_PS:
        return this.ps;
      case SR_EXCCAUSE:
        return this.exccause;
      case SR_CCOUNT:
        return <u32>this.instructions;
      case SR_PRID:
        return 0;
      case SR_EXCVADDR:
        return this.excvaddr;
    }
    this.srOk = false;
    return 0;
  }
  private writeSr(sr: u32, v: u32): bool {
    switch (sr) {
      case SR_LBEG:
        this.lbeg = v;
        return true;
      case SR_LEND:
        this.lend = v;
        return true;
      case SR_LCOUNT:
        this.lcount = v;
        return true;
      case SR_SAR:
        this.sar = v & 63;
        return true;
      case SR_SCOMPARE1:
        this.scompare1 = v;
        return true;
      case SR_WINDOWBASE:
        this.setWindow(v, this.ws);
        return true;
      case SR_WINDOWSTART:
        this.setWindow(this.wb, v);
        return true;
      case SR_PS:
        this.ps = v & 0x0007ffff;
        return true;
      case SR_EXCCAUSE:
        this.exccause = v & 63;
        return true;
      case SR_EXCVADDR:
        this.excvaddr = v;
        return true;
    }
    return false;
  }

  /** The highest 4-register block of the window instruction `insn` (op0 `op0`) may name:
   * a WindowCheck over its register fields (immediates in those fields count too, which at
   * worst spills a frame early, as an interrupt could). */
  private blockOf(insn: u32, op0: u32): u32 {
    const t = (insn >> 4) & 15,
      s = (insn >> 8) & 15,
      r = (insn >> 12) & 15;
    switch (op0) {
      case 0: {
        const op1 = (insn >> 16) & 15,
          op2 = (insn >> 20) & 15;
        if (op1 == 0 && op2 == 0) {
          if (r == 0) {
            const m = t >> 2;
            if (m == 3) return max(s >> 2, t & 3);
            if (m == 2) return s >> 2;
            return 0;
          }
          if (r == 1) return max(s, t) >> 2;
          if (r == 6) return t >> 2;
          return 0;
        }
        if ((op1 == 3 && op2 <= 1) || (op1 == 1 && op2 == 6)) return t >> 2;
        return max(max(r, s), t) >> 2;
      }
      case 1:
        return t >> 2;
      case 5:
        return t & 3;
      case 6: {
        if ((t & 3) == 3 && (t >> 2) == 0) return max(s >> 2, (this.ps >> PS_CALLINC_SHIFT) & 3);
        return s >> 2;
      }
      case 0xa:
        return max(max(r, s), t) >> 2;
      case 0xb:
        return max(r, s) >> 2;
      case 0xc:
        return s >> 2;
    }
    return max(s, t) >> 2;
  }

  // ---- the run loop ----

  run(n: u64): u64 {
    const bus = this.bus;
    let pc = this.pc;
    let done: u64 = 0;
    while (done < n) {
      const lo = bus.fetch16(<u64>pc);
      if (bus.stop != 0) break;
      const op0 = lo & 15;
      let insn: u32;
      let len: u32;
      if (op0 >= 8) {
        insn = lo;
        len = 2;
        if (op0 >= 0xe) {
          this.illegal(lo & 0xff, NOTE_ILLEGAL);
          break;
        }
      } else {
        const hi = bus.fetch16(<u64>(pc + 1));
        if (bus.stop != 0) break;
        insn = lo | ((hi >> 8) << 16);
        len = 3;
      }
      if (this.safe < 4 && this.blockOf(insn, op0) >= this.safe) {
        this.pc = pc;
        const k = this.overflow(this.blockOf(insn, op0));
        if (k == 0) break;
        done += k;
        continue;
      }
      this.pc = pc;
      const seq = pc + len;
      const next = this.exec(insn, op0, pc, seq);
      if (this.fault != 0 || bus.stop != 0) {
        // A SYSCALL ran (Zephyr's handler, which the driver stands for, is not counted).
        if (bus.stop == STOP_SYSCALL) done += 1;
        this.extra = 0;
        break;
      }
      done += 1 + this.extra;
      this.extra = 0;
      // The zero-overhead loop: falling through to LEND goes back to LBEG while LCOUNT lasts.
      if (next == seq && seq == this.lend && this.lcount != 0 && (this.ps & PS_EXCM) == 0) {
        this.lcount--;
        pc = this.lbeg;
      } else pc = next;
    }
    this.pc = pc;
    return done;
  }

  /** Handler instructions (window underflow) the last instruction added. */
  private extra: u64 = 0;

  @inline private ld32(a: u32): u32 {
    if ((a & 3) != 0) {
      this.misaligned(a);
      return 0;
    }
    return this.bus.read32(<u64>a);
  }
  @inline private ld16(a: u32): u32 {
    if ((a & 1) != 0) {
      this.misaligned(a);
      return 0;
    }
    return this.bus.read16(<u64>a);
  }

  /** Executes one instruction at `pc`; returns the next PC (`seq` when it falls through).
   * A fault leaves this.fault or bus.stop set and this.pc at the instruction. */
  private exec(insn: u32, op0: u32, pc: u32, seq: u32): u32 {
    const bus = this.bus;
    const t = (insn >> 4) & 15,
      s = (insn >> 8) & 15,
      r = (insn >> 12) & 15;
    switch (op0) {
      case 0:
        return this.qrst(insn, pc, seq, r, s, t);
      case 1: {
        // L32R: ((PC + 3) & ~3) + (ones(14) || imm16 || 00), LITBASE off
        const a = ((pc + 3) & ~3) + (0xfffc0000 | ((insn >> 8) << 2));
        const v = bus.read32(<u64>a);
        if (bus.stop != 0) return seq;
        this.setAr(t, v);
        return seq;
      }
      case 2: {
        const imm8 = insn >> 16;
        const base = this.ar(s);
        switch (r) {
          case 0: {
            const v = bus.read8(<u64>(base + imm8));
            if (bus.stop == 0) this.setAr(t, v);
            return seq;
          }
          case 1:
          case 9: {
            const a = base + (imm8 << 1);
            const v = this.ld16(a);
            if (bus.stop == 0 && this.fault == 0) this.setAr(t, r == 9 ? sext(v, 16) : v);
            return seq;
          }
          case 2:
          case 0xb: {
            // L32I, L32AI
            const v = this.ld32(base + (imm8 << 2));
            if (bus.stop == 0 && this.fault == 0) this.setAr(t, v);
            return seq;
          }
          case 4:
            bus.write8(<u64>(base + imm8), this.ar(t));
            return seq;
          case 5: {
            const a = base + (imm8 << 1);
            if ((a & 1) != 0) this.misaligned(a);
            else bus.write16(<u64>a, this.ar(t));
            return seq;
          }
          case 6:
          case 0xf: {
            // S32I, S32RI
            const a = base + (imm8 << 2);
            if ((a & 3) != 0) this.misaligned(a);
            else bus.write32(<u64>a, this.ar(t));
            return seq;
          }
          case 7:
            // CACHE: prefetch, writeback and invalidate have no effect on this memory.
            return seq;
          case 0xa:
            this.setAr(t, sext((s << 8) | imm8, 12));
            return seq;
          case 0xc:
            this.setAr(t, base + sext(imm8, 8));
            return seq;
          case 0xd:
            this.setAr(t, base + (sext(imm8, 8) << 8));
            return seq;
          case 0xe: {
            // S32C1I: store when memory holds SCOMPARE1; at gets the old value
            const a = base + (imm8 << 2);
            const old = this.ld32(a);
            if (bus.stop != 0 || this.fault != 0) return seq;
            if (old == this.scompare1) bus.write32(<u64>a, this.ar(t));
            if (bus.stop == 0) this.setAr(t, old);
            return seq;
          }
        }
        this.illegal(insn, NOTE_ILLEGAL);
        return seq;
      }
      case 5: {
        // CALL0, CALL4, CALL8, CALL12
        const nn = t & 3;
        const target = (pc & ~3) + (sext(insn >> 6, 18) << 2) + 4;
        this.call(nn, seq);
        return target;
      }
      case 6: {
        const nn = t & 3,
          m = t >> 2;
        const a = this.ar(s);
        switch (nn) {
          case 0:
            return pc + 4 + sext(insn >> 6, 18);
          case 1: {
            let take: bool;
            if (m == 0) take = a == 0;
            else if (m == 1) take = a != 0;
            else if (m == 2) take = <i32>a < 0;
            else take = <i32>a >= 0;
            return take ? pc + 4 + sext(insn >> 12, 12) : seq;
          }
          case 2: {
            const c = unchecked(B4CONST[r]);
            let take: bool;
            if (m == 0) take = <i32>a == c;
            else if (m == 1) take = <i32>a != c;
            else if (m == 2) take = <i32>a < c;
            else take = <i32>a >= c;
            return take ? pc + 4 + sext(insn >> 16, 8) : seq;
          }
          default: {
            if (m == 0) return this.entry(insn, s, seq);
            if (m == 1) {
              if (r >= 8 && r <= 10) {
                // LOOP, LOOPNEZ, LOOPGTZ
                const end = pc + 4 + (insn >> 16);
                this.lcount = a - 1;
                this.lbeg = seq;
                this.lend = end;
                if ((r == 9 && a == 0) || (r == 10 && <i32>a <= 0)) return end;
                return seq;
              }
              this.illegal(insn, NOTE_ILLEGAL);
              return seq;
            }
            const c = unchecked(B4CONSTU[r]);
            const take = m == 2 ? a < c : a >= c;
            return take ? pc + 4 + sext(insn >> 16, 8) : seq;
          }
        }
      }
      case 7: {
        const a = this.ar(s),
          b = this.ar(t);
        let take: bool;
        switch (r) {
          case 0:
            take = (a & b) == 0;
            break;
          case 1:
            take = a == b;
            break;
          case 2:
            take = <i32>a < <i32>b;
            break;
          case 3:
            take = a < b;
            break;
          case 4:
            take = (~a & b) == 0;
            break;
          case 5:
            take = ((a >> (b & 31)) & 1) == 0;
            break;
          case 6:
          case 7:
            take = ((a >> (((r & 1) << 4) | t)) & 1) == 0;
            break;
          case 8:
            take = (a & b) != 0;
            break;
          case 9:
            take = a != b;
            break;
          case 0xa:
            take = <i32>a >= <i32>b;
            break;
          case 0xb:
            take = a >= b;
            break;
          case 0xc:
            take = (~a & b) != 0;
            break;
          case 0xd:
            take = ((a >> (b & 31)) & 1) != 0;
            break;
          default:
            take = ((a >> (((r & 1) << 4) | t)) & 1) != 0;
        }
        return take ? pc + 4 + sext(insn >> 16, 8) : seq;
      }
      case 8: {
        // L32I.N
        const v = this.ld32(this.ar(s) + (r << 2));
        if (bus.stop == 0 && this.fault == 0) this.setAr(t, v);
        return seq;
      }
      case 9: {
        // S32I.N
        const a = this.ar(s) + (r << 2);
        if ((a & 3) != 0) this.misaligned(a);
        else bus.write32(<u64>a, this.ar(t));
        return seq;
      }
      case 0xa:
        this.setAr(r, this.ar(s) + this.ar(t));
        return seq;
      case 0xb:
        this.setAr(r, this.ar(s) + (t == 0 ? <u32>-1 : t));
        return seq;
      case 0xc: {
        if ((t & 8) == 0) {
          // MOVI.N: -32..95
          const imm = ((t & 7) << 4) | r;
          this.setAr(s, imm >= 96 ? imm - 128 : imm);
          return seq;
        }
        const z = this.ar(s) == 0;
        const take = (t & 4) != 0 ? !z : z;
        return take ? pc + 4 + (((t & 3) << 4) | r) : seq;
      }
      case 0xd: {
        if (r == 0) {
          this.setAr(t, this.ar(s));
          return seq;
        }
        if (r == 0xf) {
          if (t == 0) return this.ar(0); // RET.N
          if (t == 1) return this.retw(insn, pc, seq);
          if (t == 3) return seq; // NOP.N
          if (t == 2) {
            this.illegal(insn, "BREAK.N (debug exception)");
            return seq;
          }
        }
        this.illegal(insn, NOTE_ILLEGAL);
        return seq;
      }
    }
    // op0 3 (floating-point loads and stores), 4 (MAC16)
    this.illegal(insn, NOTE_ILLEGAL);
    return seq;
  }

  /** CALLn/CALLXn's link: CALL0 writes a0, CALLn a(4n) with the window increment in its
   * top two bits, and sets PS.CALLINC. */
  private call(nn: u32, seq: u32): void {
    if (nn == 0) this.setAr(0, seq);
    else {
      this.setAr(nn << 2, (nn << 30) | (seq & 0x3fffffff));
      this.ps = (this.ps & ~(<u32>3 << PS_CALLINC_SHIFT)) | (nn << PS_CALLINC_SHIFT);
    }
    this.trapInc = nn;
  }

  /** ENTRY as, imm12: the callee's as is the caller's as less the frame; the window rotates
   * by PS.CALLINC. */
  private entry(insn: u32, s: u32, seq: u32): u32 {
    const inc = (this.ps >> PS_CALLINC_SHIFT) & 3;
    const frame = (insn >> 12) << 3;
    this.setAr((inc << 2) | (s & 3), this.ar(s) - frame);
    const wb = (this.wb + inc) & this.wmask;
    this.setWindow(wb, this.ws | (<u32>1 << wb));
    return seq;
  }

  /** RETW, RETW.N: back to the caller's window; its registers come back from the stack when
   * they were spilled (the underflow exception). */
  private retw(insn: u32, pc: u32, seq: u32): u32 {
    const a0 = this.ar(0);
    const n = a0 >> 30;
    let m: u32 = 0;
    if (this.wsBit(this.wb - 1) != 0) m = 1;
    else if (this.wsBit(this.wb - 2) != 0) m = 2;
    else if (this.wsBit(this.wb - 3) != 0) m = 3;
    if (n == 0 || (m != 0 && m != n) || (this.ps & PS_WOE) == 0 || (this.ps & PS_EXCM) != 0) {
      this.illegal(insn, "RETW with no windowed caller (a0 holds no window increment)");
      return seq;
    }
    const c = (this.wb - n) & this.wmask;
    if (this.wsBit(c) == 0) {
      if (!this.underflow(c, n)) return seq;
      this.extra += UNDERFLOW_INSNS[n];
    }
    this.setWindow(c, (this.ws | (<u32>1 << c)) & ~(<u32>1 << this.wb));
    return (pc & 0xc0000000) | (a0 & 0x3fffffff);
  }

  private qrst(insn: u32, pc: u32, seq: u32, r: u32, s: u32, t: u32): u32 {
    const op1 = (insn >> 16) & 15,
      op2 = (insn >> 20) & 15;
    switch (op1) {
      case 0:
        switch (op2) {
          case 0:
            return this.st0(insn, pc, seq, r, s, t);
          case 1:
            this.setAr(r, this.ar(s) & this.ar(t));
            return seq;
          case 2:
            this.setAr(r, this.ar(s) | this.ar(t));
            return seq;
          case 3:
            this.setAr(r, this.ar(s) ^ this.ar(t));
            return seq;
          case 4: {
            const v = this.ar(s);
            switch (r) {
              case 0:
                if (t != 0) break;
                this.sar = v & 31; // SSR
                return seq;
              case 1:
                if (t != 0) break;
                this.sar = 32 - (v & 31); // SSL
                return seq;
              case 2:
                if (t != 0) break;
                this.sar = (v & 3) << 3; // SSA8L
                return seq;
              case 3:
                if (t != 0) break;
                this.sar = 32 - ((v & 3) << 3); // SSA8B
                return seq;
              case 4:
                if (t > 1) break;
                this.sar = s | ((t & 1) << 4); // SSAI
                return seq;
              case 0xe: {
                // NSA: redundant sign bits
                const x = <i32>v < 0 ? ~v : v;
                this.setAr(t, x == 0 ? 31 : <u32>clz(x) - 1);
                return seq;
              }
              case 0xf:
                this.setAr(t, <u32>clz(v)); // NSAU
                return seq;
            }
            break;
          }
          case 6: {
            const v = this.ar(t);
            if (s == 0) {
              this.setAr(r, 0 - v);
              return seq;
            }
            if (s == 1) {
              this.setAr(r, <i32>v < 0 ? 0 - v : v);
              return seq;
            }
            break;
          }
          case 8:
            this.setAr(r, this.ar(s) + this.ar(t));
            return seq;
          case 9:
            this.setAr(r, (this.ar(s) << 1) + this.ar(t));
            return seq;
          case 0xa:
            this.setAr(r, (this.ar(s) << 2) + this.ar(t));
            return seq;
          case 0xb:
            this.setAr(r, (this.ar(s) << 3) + this.ar(t));
            return seq;
          case 0xc:
            this.setAr(r, this.ar(s) - this.ar(t));
            return seq;
          case 0xd:
            this.setAr(r, (this.ar(s) << 1) - this.ar(t));
            return seq;
          case 0xe:
            this.setAr(r, (this.ar(s) << 2) - this.ar(t));
            return seq;
          case 0xf:
            this.setAr(r, (this.ar(s) << 3) - this.ar(t));
            return seq;
        }
        break;
      case 1:
        switch (op2) {
          case 0:
          case 1: {
            // SLLI: the field holds 32 - shift
            const sh = 32 - (((op2 & 1) << 4) | t);
            this.setAr(r, sh >= 32 ? 0 : this.ar(s) << sh);
            return seq;
          }
          case 2:
          case 3:
            this.setAr(r, <u32>(<i32>this.ar(t) >> (((op2 & 1) << 4) | s)));
            return seq;
          case 4:
            this.setAr(r, this.ar(t) >> s);
            return seq;
          case 6: {
            // XSR
            const sr = (r << 4) | s;
            const old = this.readSr(sr);
            if (!this.srOk || !this.writeSr(sr, this.ar(t))) break;
            this.setAr(t, old);
            return seq;
          }
          case 8: {
            // SRC: the 64-bit as:at shifted right by SAR
            const v = ((<u64>this.ar(s) << 32) | <u64>this.ar(t)) >> (<u64>this.sar & 63);
            this.setAr(r, <u32>v);
            return seq;
          }
          case 9:
            if (s != 0) break;
            this.setAr(r, <u32>(<u64>this.ar(t) >> (<u64>this.sar & 63)));
            return seq;
          case 0xa: {
            if (t != 0) break;
            // SLL: the low word of as:0 shifted right by SAR (SSL set SAR to 32 - shift)
            this.setAr(r, <u32>((<u64>this.ar(s) << 32) >> (<u64>this.sar & 63)));
            return seq;
          }
          case 0xb:
            if (s != 0) break;
            this.setAr(r, <u32>(<i64>(<i32>this.ar(t)) >> (<i64>this.sar & 63)));
            return seq;
          case 0xc:
            this.setAr(r, (this.ar(s) & 0xffff) * (this.ar(t) & 0xffff));
            return seq;
          case 0xd:
            this.setAr(r, <u32>(<i32>sext(this.ar(s), 16) * <i32>sext(this.ar(t), 16)));
            return seq;
        }
        break;
      case 2: {
        const a = this.ar(s),
          b = this.ar(t);
        switch (op2) {
          case 8:
            this.setAr(r, a * b);
            return seq;
          case 0xa:
            if (!this.mul32High) break;
            this.setAr(r, <u32>((<u64>a * <u64>b) >> 32));
            return seq;
          case 0xb:
            if (!this.mul32High) break;
            this.setAr(r, <u32>((<i64>(<i32>a) * <i64>(<i32>b)) >> 32));
            return seq;
          case 0xc:
          case 0xd:
          case 0xe:
          case 0xf: {
            if (b == 0) {
              this.fault = FAULT_DIV_ZERO;
              this.faultNote = NOTE_DIV0;
              this.exccause = 6;
              return seq;
            }
            let v: u32;
            if (op2 == 0xc) v = a / b;
            else if (op2 == 0xe) v = a % b;
            else if (a == 0x80000000 && b == 0xffffffff) v = op2 == 0xd ? 0x80000000 : 0;
            else v = op2 == 0xd ? <u32>(<i32>a / <i32>b) : <u32>(<i32>a % <i32>b);
            this.setAr(r, v);
            return seq;
          }
        }
        break;
      }
      case 3:
        switch (op2) {
          case 0: {
            const v = this.readSr((r << 4) | s);
            if (!this.srOk) break;
            this.setAr(t, v);
            return seq;
          }
          case 1:
            if (!this.writeSr((r << 4) | s, this.ar(t))) break;
            return seq;
          case 2:
            this.setAr(r, sext(this.ar(s), <i32>t + 8)); // SEXT
            return seq;
          case 3: {
            // CLAMPS: to a signed (t + 8)-bit range
            const v = <i32>this.ar(s);
            const hi = (1 << (<i32>t + 7)) - 1;
            const lo = -(1 << (<i32>t + 7));
            this.setAr(r, <u32>(v > hi ? hi : v < lo ? lo : v));
            return seq;
          }
          case 4:
            this.setAr(r, <u32>min(<i32>this.ar(s), <i32>this.ar(t)));
            return seq;
          case 5:
            this.setAr(r, <u32>max(<i32>this.ar(s), <i32>this.ar(t)));
            return seq;
          case 6:
            this.setAr(r, min(this.ar(s), this.ar(t)));
            return seq;
          case 7:
            this.setAr(r, max(this.ar(s), this.ar(t)));
            return seq;
          case 8:
            if (this.ar(t) == 0) this.setAr(r, this.ar(s));
            return seq;
          case 9:
            if (this.ar(t) != 0) this.setAr(r, this.ar(s));
            return seq;
          case 0xa:
            if (<i32>this.ar(t) < 0) this.setAr(r, this.ar(s));
            return seq;
          case 0xb:
            if (<i32>this.ar(t) >= 0) this.setAr(r, this.ar(s));
            return seq;
          case 0xe:
            // RUR
            if (((s << 4) | t) != UR_THREADPTR) break;
            this.setAr(r, this.threadptr);
            return seq;
          case 0xf:
            // WUR
            if (((r << 4) | s) != UR_THREADPTR) break;
            this.threadptr = this.ar(t);
            return seq;
        }
        break;
      case 4:
      case 5: {
        // EXTUI
        const sh = ((op1 & 1) << 4) | s;
        const bits = op2 + 1;
        this.setAr(r, (this.ar(t) >> sh) & ((<u32>1 << bits) - 1));
        return seq;
      }
    }
    this.illegal(insn, NOTE_ILLEGAL);
    return seq;
  }

  /** RST0 op2 0: calls and returns through registers, MOVSP, the syncs, RSIL. */
  private st0(insn: u32, pc: u32, seq: u32, r: u32, s: u32, t: u32): u32 {
    switch (r) {
      case 0: {
        const m = t >> 2,
          nn = t & 3;
        if (m == 2) {
          if (nn == 0) return this.ar(0); // RET
          if (nn == 1) return this.retw(insn, pc, seq);
          if (nn == 2) return this.ar(s); // JX
        }
        if (m == 3) {
          const target = this.ar(s);
          this.call(nn, seq);
          return target;
        }
        if (m == 0 && nn == 0 && s == 0) {
          this.illegal(insn, "ILL (illegal instruction)");
          return seq;
        }
        break;
      }
      case 1: {
        // MOVSP: when the caller's registers were spilled (no frame below is live), the
        // alloca exception reloads them first (window_vectors.S: _xt_alloca_exc).
        const v = this.ar(s);
        const nn = this.ar(0) >> 30;
        if (nn != 0 && this.wsBit(this.wb - 1) == 0 && this.wsBit(this.wb - 2) == 0 && this.wsBit(this.wb - 3) == 0) {
          const c = (this.wb - nn) & this.wmask;
          if (!this.underflow(c, nn)) return seq;
          this.extra += UNDERFLOW_INSNS[nn] + 10;
          this.setWindow(this.wb, this.ws | (<u32>1 << c));
        }
        this.setAr(t, v);
        return seq;
      }
      case 2:
        // ISYNC, RSYNC, ESYNC, DSYNC, EXCW, MEMW, EXTW, NOP
        if (s == 0 && (t <= 3 || t == 8 || t == 12 || t == 13 || t == 15)) return seq;
        break;
      case 4:
        this.illegal(insn, "BREAK (debug exception)");
        return seq;
      case 5:
        if (t == 0 && s == 0) {
          // Without CONFIG_USERSPACE, xtensa_excint1_c() (arch/xtensa/core/vector_handlers.c)
          // prints the SYSCALL and the registers and skips it; the run driver does that.
          if (this.syscallSkipped) {
            this.bus.stop = STOP_SYSCALL;
            return seq;
          }
          this.illegal(insn, "SYSCALL: Zephyr takes a SYSCALL from an extension as a system call");
          return seq;
        }
        break;
      case 6: {
        // RSIL
        const old = this.ps;
        this.ps = (this.ps & ~15) | s;
        this.setAr(t, old);
        return seq;
      }
    }
    this.illegal(insn, NOTE_ILLEGAL);
    return seq;
  }
}
