// The ARMv7-M / ARMv8-M Mainline core (Cortex-M3, M4, M4F, M33): the Thumb-2 instruction set
// a compiler emits for an LLEXT extension, the DSP extension's cheap part, and the
// single-precision FPU (FPv4-SP) on the cores that have one. Decoding follows the ARMv7-M
// Architecture Reference Manual's tables (A5.2, A5.3, A6.4); there is no decoded form: every
// instruction is decoded from its halfwords by switches on the top bits.
//
// Faults are Zephyr's usage faults: the texts are those arch/arm/core/cortex_m/fault.c:
// usage_fault() prints. Zephyr's z_arm_fault_init() (same file) sets SCB->CCR.DIV_0_TRP on
// ARMv7-M/ARMv8-M Mainline and leaves UNALIGN_TRP clear, so an integer division by zero faults
// and an unaligned LDR/STR/LDRH/STRH does not.
import { ArgReader, Cpu } from "./cpu";
import { Bus } from "./bus";
import { addS, armRoundingMode, divS, mulS, sqrtS } from "./fpround";
import { fmaS } from "./fpmath";
import { FAULT_DIV_ZERO, FAULT_UNALIGNED, FAULT_UNDEF } from "../trace/events";

const NOTE_UNDEF = "Attempt to execute undefined instruction";
const NOTE_NOCP = "No coprocessor instructions";
const NOTE_INVSTATE = "Illegal use of the EPSR";
const NOTE_UNALIGNED = "Unaligned memory access";
const NOTE_DIV0 = "Division by zero";

const REG_NAMES: string[] = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc", "xpsr"];

/** Register index of xPSR, of s0 and of FPSCR in regName() order. */
const XPSR: i32 = 16;
const S0: i32 = 17;
const FPSCR: i32 = 49;

/** AAPCS argument reading: r0-r3, then the stack; 64-bit values in an even register pair or
 * an 8-byte aligned stack slot; no back-filling of registers once the stack is used. */
class ThumbArgs extends ArgReader {
  constructor(
    public cpu: ThumbCpu,
    public ncrn: i32,
    public nsaa: u64,
  ) {
    super();
  }
  next32(): u32 {
    if (this.ncrn < 4) return unchecked(this.cpu.r[this.ncrn++]);
    const v = this.cpu.bus.read32(this.nsaa);
    this.nsaa += 4;
    return v;
  }
  next64(): u64 {
    if (this.ncrn & 1) this.ncrn++;
    if (this.ncrn <= 2) {
      const lo = unchecked(this.cpu.r[this.ncrn]);
      const hi = unchecked(this.cpu.r[this.ncrn + 1]);
      this.ncrn += 2;
      return ((<u64>hi) << 32) | (<u64>lo);
    }
    this.ncrn = 4;
    this.nsaa = (this.nsaa + 7) & ~(<u64>7);
    const v = this.cpu.bus.read64(this.nsaa);
    this.nsaa += 8;
    return v;
  }
  nextPtr(): u64 {
    return <u64>this.next32();
  }
  nextF64(): f64 {
    // Variadic arguments are always passed in core registers (AAPCS-VFP 6.4.1).
    return reinterpret<f64>(this.next64());
  }
}

export class ThumbCpu extends Cpu {
  /** r0-r15; r15 holds the current instruction's address + 4 while it executes. */
  r: StaticArray<u32> = new StaticArray<u32>(16);
  /** s0-s31 as bit patterns. */
  s: StaticArray<u32> = new StaticArray<u32>(32);
  /** The current instruction's address. */
  pc: u32 = 0;
  /** Where execution continues after the current instruction. */
  npc: u32 = 0;
  /** EPSR.T: a BX to an even address clears it and the next instruction faults (INVSTATE). */
  thumb: bool = true;
  n: u32 = 0;
  z: u32 = 0;
  c: u32 = 0;
  v: u32 = 0;
  q: u32 = 0;
  ge: u32 = 0;
  /** ITSTATE as the architecture keeps it: base condition in [7:5], mask in [4:0]. */
  it: u32 = 0;
  fpscr: u32 = 0;
  primask: u32 = 0;
  basepri: u32 = 0;
  faultmask: u32 = 0;
  control: u32 = 0;
  /** The shifter's carry out of the last shift. */
  private sc: u32 = 0;
  /** Carry and overflow of the last addWithCarry(). */
  private ac: u32 = 0;
  private av: u32 = 0;

  constructor(
    bus: Bus,
    public fpu: bool,
    public dsp: bool,
    public v8: bool,
  ) {
    super(bus);
  }

  coreName(): string {
    return this.v8 ? "ARMv8-M Mainline" : "ARMv7-M";
  }
  xlen(): i32 {
    return 4;
  }
  getPc(): u64 {
    return <u64>this.pc;
  }
  /** Sets the next instruction's address; bit 0 is the Thumb state bit, as in a BX. */
  setPc(v: u64): void {
    this.pc = (<u32>v) & ~1;
    this.thumb = (v & 1) != 0;
  }
  getSp(): u64 {
    return <u64>unchecked(this.r[13]);
  }
  regCount(): i32 {
    return this.fpu ? FPSCR + 1 : XPSR + 1;
  }
  regName(i: i32): string {
    if (i <= XPSR) return REG_NAMES[i];
    if (i < FPSCR) return "s" + (i - S0).toString();
    return "fpscr";
  }
  reg(i: i32): u64 {
    if (i < 15) return <u64>unchecked(this.r[i]);
    if (i == 15) return <u64>this.pc;
    if (i == XPSR) return <u64>this.xpsr();
    if (i < FPSCR) return <u64>unchecked(this.s[i - S0]);
    if (i == FPSCR) return <u64>this.fpscr;
    return 0;
  }
  setReg(i: i32, v: u64): void {
    const w = <u32>v;
    if (i < 15) unchecked((this.r[i] = i == 13 ? w & ~3 : w));
    else if (i == 15) this.setPc(v);
    else if (i == XPSR) this.setXpsr(w);
    else if (i < FPSCR && this.fpu) unchecked((this.s[i - S0] = w));
    else if (i == FPSCR && this.fpu) this.fpscr = w;
  }

  xpsr(): u32 {
    let x = (this.n << 31) | (this.z << 30) | (this.c << 29) | (this.v << 28) | (this.q << 27);
    x |= (this.it & 3) << 25;
    x |= (this.it >> 2) << 10;
    x |= this.ge << 16;
    if (this.thumb) x |= 1 << 24;
    return x;
  }
  setXpsr(x: u32): void {
    this.n = x >>> 31;
    this.z = (x >>> 30) & 1;
    this.c = (x >>> 29) & 1;
    this.v = (x >>> 28) & 1;
    this.q = (x >>> 27) & 1;
    this.ge = (x >>> 16) & 15;
    this.it = ((x >>> 25) & 3) | (((x >>> 10) & 0x3f) << 2);
    this.thumb = (x & (1 << 24)) != 0;
  }

  // ---- calling convention (AAPCS) ----

  prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void {
    const r = this.r;
    for (let i = 0; i < 13; i++) unchecked((r[i] = 0));
    let top = <u32>sp;
    const extra = args.length > 4 ? args.length - 4 : 0;
    if (extra > 0) {
      top = (top - <u32>(extra * 4)) & ~7;
      for (let i = 0; i < extra; i++) this.bus.write32(<u64>(top + <u32>(i * 4)), <u32>args[4 + i]);
    }
    for (let i = 0; i < 4 && i < args.length; i++) unchecked((r[i] = <u32>args[i]));
    unchecked((r[13] = top));
    unchecked((r[14] = (<u32>ret) | 1));
    this.n = this.z = this.c = this.v = this.q = this.ge = this.it = 0;
    this.setPc(entry);
  }

  arg(i: i32): u64 {
    if (i < 4) return <u64>unchecked(this.r[i]);
    return <u64>this.bus.read32(<u64>unchecked(this.r[13]) + <u64>((i - 4) * 4));
  }
  varargs(first: i32): ArgReader {
    if (first < 4) return new ThumbArgs(this, first, <u64>unchecked(this.r[13]));
    return new ThumbArgs(this, 4, <u64>unchecked(this.r[13]) + <u64>((first - 4) * 4));
  }
  vaList(ap: u64): ArgReader {
    return new ThumbArgs(this, 4, ap & 0xffffffff);
  }
  hostReturn(lo: u64, hi: u64): void {
    unchecked((this.r[0] = <u32>lo));
    unchecked((this.r[1] = <u32>hi));
    this.setPc(<u64>unchecked(this.r[14]));
  }
  retval(): u64 {
    return <u64>unchecked(this.r[0]);
  }

  // ---- faults ----

  private undef(hw1: u32, hw2: u32, wide: bool): void {
    this.fault = FAULT_UNDEF;
    this.faultInsn = wide ? (hw1 << 16) | hw2 : hw1;
    this.faultNote = NOTE_UNDEF;
  }
  private nocp(hw1: u32, hw2: u32): void {
    this.fault = FAULT_UNDEF;
    this.faultInsn = (hw1 << 16) | hw2;
    this.faultNote = NOTE_NOCP;
  }
  private unaligned(): void {
    this.fault = FAULT_UNALIGNED;
    this.faultNote = NOTE_UNALIGNED;
  }

  // ---- the run loop ----

  run(n: u64): u64 {
    const bus = this.bus;
    const r = this.r;
    let done: u64 = 0;
    while (done < n) {
      if (!this.thumb) {
        // EPSR.T clear: the instruction at pc cannot execute (INVSTATE).
        this.fault = FAULT_UNDEF;
        this.faultNote = NOTE_INVSTATE;
        this.faultInsn = 0;
        break;
      }
      const pc = this.pc;
      const hw = bus.fetch16(<u64>pc);
      if (bus.stop != 0) break;
      const it = this.it;
      if (hw >= 0xe800) {
        const hw2 = bus.fetch16(<u64>(pc + 2));
        if (bus.stop != 0) break;
        this.npc = pc + 4;
        unchecked((r[15] = pc + 4));
        if (it == 0 || this.cond(it >> 4)) this.exec32(hw, hw2);
      } else {
        this.npc = pc + 2;
        unchecked((r[15] = pc + 4));
        if (it == 0 || this.cond(it >> 4)) this.exec16(hw);
      }
      if (bus.stop != 0 || this.fault != 0) break;
      if (it != 0) this.it = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
      this.pc = this.npc;
      done++;
    }
    return done;
  }

  cond(c: u32): bool {
    switch (c) {
      case 0:
        return this.z != 0;
      case 1:
        return this.z == 0;
      case 2:
        return this.c != 0;
      case 3:
        return this.c == 0;
      case 4:
        return this.n != 0;
      case 5:
        return this.n == 0;
      case 6:
        return this.v != 0;
      case 7:
        return this.v == 0;
      case 8:
        return this.c != 0 && this.z == 0;
      case 9:
        return this.c == 0 || this.z != 0;
      case 10:
        return this.n == this.v;
      case 11:
        return this.n != this.v;
      case 12:
        return this.z == 0 && this.n == this.v;
      case 13:
        return this.z != 0 || this.n != this.v;
      default:
        return true;
    }
  }

  // ---- helpers ----

  @inline private nz(res: u32): void {
    this.n = res >>> 31;
    this.z = res == 0 ? 1 : 0;
  }
  @inline private addc(x: u32, y: u32, cin: u32): u32 {
    const w = <u64>x + <u64>y + <u64>cin;
    const res = <u32>w;
    this.ac = <u32>(w >>> 32);
    this.av = ((x ^ res) & (y ^ res)) >>> 31;
    return res;
  }
  @inline private flagsAdd(res: u32): void {
    this.n = res >>> 31;
    this.z = res == 0 ? 1 : 0;
    this.c = this.ac;
    this.v = this.av;
  }
  /** BranchWritePC / ALUWritePC: bit 0 ignored. */
  @inline private branch(t: u32): void {
    this.npc = t & ~1;
  }
  /** BXWritePC / LoadWritePC: bit 0 is the Thumb bit; clear, the next instruction faults. */
  @inline private bx(t: u32): void {
    this.npc = t & ~1;
    if ((t & 1) == 0) this.thumb = false;
  }

  /** Shift by an immediate (DecodeImmShift), carry out in sc. */
  private shiftImm(x: u32, type: u32, imm5: u32): u32 {
    switch (type) {
      case 0:
        if (imm5 == 0) {
          this.sc = this.c;
          return x;
        }
        this.sc = (x >>> (32 - imm5)) & 1;
        return x << imm5;
      case 1:
        if (imm5 == 0) {
          this.sc = x >>> 31;
          return 0;
        }
        this.sc = (x >>> (imm5 - 1)) & 1;
        return x >>> imm5;
      case 2:
        if (imm5 == 0) {
          this.sc = x >>> 31;
          return <u32>((<i32>x) >> 31);
        }
        this.sc = (x >>> (imm5 - 1)) & 1;
        return <u32>((<i32>x) >> imm5);
      default:
        if (imm5 == 0) {
          this.sc = x & 1;
          return (this.c << 31) | (x >>> 1);
        }
        this.sc = (x >>> (imm5 - 1)) & 1;
        return rotr<u32>(x, imm5);
    }
  }

  /** Shift by a register's bottom byte, carry out in sc. */
  private shiftReg(x: u32, type: u32, amt: u32): u32 {
    if (amt == 0) {
      this.sc = this.c;
      return x;
    }
    switch (type) {
      case 0:
        if (amt < 32) {
          this.sc = (x >>> (32 - amt)) & 1;
          return x << amt;
        }
        this.sc = amt == 32 ? x & 1 : 0;
        return 0;
      case 1:
        if (amt < 32) {
          this.sc = (x >>> (amt - 1)) & 1;
          return x >>> amt;
        }
        this.sc = amt == 32 ? x >>> 31 : 0;
        return 0;
      case 2:
        if (amt < 32) {
          this.sc = (x >>> (amt - 1)) & 1;
          return <u32>((<i32>x) >> amt);
        }
        this.sc = x >>> 31;
        return <u32>((<i32>x) >> 31);
      default: {
        const res = rotr<u32>(x, amt & 31);
        this.sc = res >>> 31;
        return res;
      }
    }
  }

  /** ThumbExpandImm_C: carry out in sc. */
  private expandImm(imm12: u32): u32 {
    this.sc = this.c;
    if ((imm12 & 0xc00) == 0) {
      const b = imm12 & 0xff;
      switch ((imm12 >>> 8) & 3) {
        case 0:
          return b;
        case 1:
          return (b << 16) | b;
        case 2:
          return (b << 24) | (b << 8);
        default:
          return (b << 24) | (b << 16) | (b << 8) | b;
      }
    }
    const res = rotr<u32>(0x80 | (imm12 & 0x7f), imm12 >>> 7);
    this.sc = res >>> 31;
    return res;
  }

  // ---- memory, with the bus's fault checked by the caller ----

  @inline private ld32(a: u32): u32 {
    return this.bus.read32(<u64>a);
  }
  @inline private ld16(a: u32): u32 {
    return this.bus.read16(<u64>a);
  }
  @inline private ld8(a: u32): u32 {
    return this.bus.read8(<u64>a);
  }
  @inline private st32(a: u32, x: u32): void {
    this.bus.write32(<u64>a, x);
  }
  @inline private st16(a: u32, x: u32): void {
    this.bus.write16(<u64>a, x);
  }
  @inline private st8(a: u32, x: u32): void {
    this.bus.write8(<u64>a, x);
  }

  /** LDM/POP of `list` from `addr` upwards; false when it faulted. PC last, interworking. */
  private loadMultiple(addr: u32, list: u32): bool {
    if (addr & 3) {
      this.unaligned();
      return false;
    }
    const r = this.r;
    const bus = this.bus;
    let a = addr;
    let pcv: u32 = 0;
    for (let i = 0; i < 16; i++) {
      if ((list & (1 << i)) == 0) continue;
      const x = bus.read32(<u64>a);
      if (bus.stop != 0) return false;
      if (i == 15) pcv = x;
      else unchecked((r[i] = i == 13 ? x & ~3 : x));
      a += 4;
    }
    if (list & 0x8000) this.bx(pcv);
    return true;
  }

  /** STM/PUSH of `list` from `addr` upwards; false when it faulted. */
  private storeMultiple(addr: u32, list: u32): bool {
    if (addr & 3) {
      this.unaligned();
      return false;
    }
    const r = this.r;
    const bus = this.bus;
    let a = addr;
    for (let i = 0; i < 16; i++) {
      if ((list & (1 << i)) == 0) continue;
      bus.write32(<u64>a, unchecked(r[i]));
      if (bus.stop != 0) return false;
      a += 4;
    }
    return true;
  }

  // ---- 16-bit instructions ----

  private exec16(hw: u32): void {
    const r = this.r;
    const sf = this.it == 0;
    switch (hw >>> 11) {
      case 0:
      case 1:
      case 2: {
        // LSL, LSR, ASR (immediate); LSL #0 is MOVS
        const d = hw & 7;
        const res = this.shiftImm(unchecked(r[(hw >>> 3) & 7]), hw >>> 11, (hw >>> 6) & 31);
        unchecked((r[d] = res));
        if (sf) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      }
      case 3: {
        // ADD/SUB register or 3-bit immediate
        const d = hw & 7;
        const a = unchecked(r[(hw >>> 3) & 7]);
        const m = (hw >>> 6) & 7;
        const b = hw & 0x400 ? m : unchecked(r[m]);
        const res = hw & 0x200 ? this.addc(a, ~b, 1) : this.addc(a, b, 0);
        unchecked((r[d] = res));
        if (sf) this.flagsAdd(res);
        return;
      }
      case 4: {
        // MOV immediate
        const res = hw & 0xff;
        unchecked((r[(hw >>> 8) & 7] = res));
        if (sf) this.nz(res);
        return;
      }
      case 5: {
        // CMP immediate
        this.flagsAdd(this.addc(unchecked(r[(hw >>> 8) & 7]), ~(hw & 0xff), 1));
        return;
      }
      case 6:
      case 7: {
        // ADD/SUB 8-bit immediate
        const d = (hw >>> 8) & 7;
        const res = hw & 0x800 ? this.addc(unchecked(r[d]), ~(hw & 0xff), 1) : this.addc(unchecked(r[d]), hw & 0xff, 0);
        unchecked((r[d] = res));
        if (sf) this.flagsAdd(res);
        return;
      }
      case 8:
        if (hw & 0x400) this.hiReg(hw);
        else this.dp16(hw, sf);
        return;
      case 9: {
        // LDR literal
        const a = ((this.pc + 4) & ~3) + ((hw & 0xff) << 2);
        const x = this.ld32(a);
        if (this.bus.stop != 0) return;
        unchecked((r[(hw >>> 8) & 7] = x));
        return;
      }
      case 10:
      case 11: {
        // load/store register offset
        const t = hw & 7;
        const a = unchecked(r[(hw >>> 3) & 7]) + unchecked(r[(hw >>> 6) & 7]);
        let x: u32 = 0;
        switch ((hw >>> 9) & 7) {
          case 0:
            this.st32(a, unchecked(r[t]));
            return;
          case 1:
            this.st16(a, unchecked(r[t]));
            return;
          case 2:
            this.st8(a, unchecked(r[t]));
            return;
          case 3:
            x = <u32>(<i32>(<i8>this.ld8(a)));
            break;
          case 4:
            x = this.ld32(a);
            break;
          case 5:
            x = this.ld16(a);
            break;
          case 6:
            x = this.ld8(a);
            break;
          default:
            x = <u32>(<i32>(<i16>this.ld16(a)));
        }
        if (this.bus.stop == 0) unchecked((r[t] = x));
        return;
      }
      case 12:
      case 13: {
        // STR/LDR immediate (word)
        const t = hw & 7;
        const a = unchecked(r[(hw >>> 3) & 7]) + (((hw >>> 6) & 31) << 2);
        if (hw & 0x800) {
          const x = this.ld32(a);
          if (this.bus.stop == 0) unchecked((r[t] = x));
        } else this.st32(a, unchecked(r[t]));
        return;
      }
      case 14:
      case 15: {
        // STRB/LDRB immediate
        const t = hw & 7;
        const a = unchecked(r[(hw >>> 3) & 7]) + ((hw >>> 6) & 31);
        if (hw & 0x800) {
          const x = this.ld8(a);
          if (this.bus.stop == 0) unchecked((r[t] = x));
        } else this.st8(a, unchecked(r[t]));
        return;
      }
      case 16:
      case 17: {
        // STRH/LDRH immediate
        const t = hw & 7;
        const a = unchecked(r[(hw >>> 3) & 7]) + (((hw >>> 6) & 31) << 1);
        if (hw & 0x800) {
          const x = this.ld16(a);
          if (this.bus.stop == 0) unchecked((r[t] = x));
        } else this.st16(a, unchecked(r[t]));
        return;
      }
      case 18:
      case 19: {
        // STR/LDR SP-relative
        const t = (hw >>> 8) & 7;
        const a = unchecked(r[13]) + ((hw & 0xff) << 2);
        if (hw & 0x800) {
          const x = this.ld32(a);
          if (this.bus.stop == 0) unchecked((r[t] = x));
        } else this.st32(a, unchecked(r[t]));
        return;
      }
      case 20:
        // ADR
        unchecked((r[(hw >>> 8) & 7] = ((this.pc + 4) & ~3) + ((hw & 0xff) << 2)));
        return;
      case 21:
        // ADD Rd, SP, #imm
        unchecked((r[(hw >>> 8) & 7] = unchecked(r[13]) + ((hw & 0xff) << 2)));
        return;
      case 22:
      case 23:
        this.misc16(hw);
        return;
      case 24: {
        // STM (STMIA) with writeback
        const nreg = (hw >>> 8) & 7;
        const list = hw & 0xff;
        if (list == 0) {
          this.undef(hw, 0, false);
          return;
        }
        const base = unchecked(r[nreg]);
        if (this.storeMultiple(base, list)) unchecked((r[nreg] = base + 4 * popcnt<u32>(list)));
        return;
      }
      case 25: {
        // LDM (LDMIA), writeback unless the base is in the list
        const nreg = (hw >>> 8) & 7;
        const list = hw & 0xff;
        if (list == 0) {
          this.undef(hw, 0, false);
          return;
        }
        const base = unchecked(r[nreg]);
        if (this.loadMultiple(base, list) && (list & (1 << nreg)) == 0) unchecked((r[nreg] = base + 4 * popcnt<u32>(list)));
        return;
      }
      case 26:
      case 27: {
        const cond = (hw >>> 8) & 15;
        if (cond == 14) {
          this.undef(hw, 0, false); // UDF
          return;
        }
        if (cond == 15) {
          // SVC: Zephyr's system calls and ARCH_EXCEPT() (arch/arm/core/cortex_m/svc.S)
          this.fault = FAULT_UNDEF;
          this.faultInsn = hw;
          this.faultNote = "SVC #" + (hw & 0xff).toString() + " (a system call or kernel oops) is not emulated";
          return;
        }
        if (this.cond(cond)) this.branch(this.pc + 4 + <u32>((<i32>(hw << 24)) >> 23));
        return;
      }
      case 28:
        // B
        this.branch(this.pc + 4 + <u32>((<i32>(hw << 21)) >> 20));
        return;
      default:
        this.undef(hw, 0, false);
    }
  }

  /** Data processing, 16-bit (010000 op Rm Rdn). */
  private dp16(hw: u32, sf: bool): void {
    const r = this.r;
    const d = hw & 7;
    const a = unchecked(r[d]);
    const b = unchecked(r[(hw >>> 3) & 7]);
    let res: u32;
    switch ((hw >>> 6) & 15) {
      case 0:
        res = a & b;
        break;
      case 1:
        res = a ^ b;
        break;
      case 2:
        res = this.shiftReg(a, 0, b & 0xff);
        unchecked((r[d] = res));
        if (sf) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      case 3:
        res = this.shiftReg(a, 1, b & 0xff);
        unchecked((r[d] = res));
        if (sf) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      case 4:
        res = this.shiftReg(a, 2, b & 0xff);
        unchecked((r[d] = res));
        if (sf) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      case 5:
        res = this.addc(a, b, this.c);
        unchecked((r[d] = res));
        if (sf) this.flagsAdd(res);
        return;
      case 6:
        res = this.addc(a, ~b, this.c);
        unchecked((r[d] = res));
        if (sf) this.flagsAdd(res);
        return;
      case 7:
        res = this.shiftReg(a, 3, b & 0xff);
        unchecked((r[d] = res));
        if (sf) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      case 8:
        // TST
        this.nz(a & b);
        return;
      case 9:
        // RSB #0 (NEG)
        res = this.addc(~b, 0, 1);
        unchecked((r[d] = res));
        if (sf) this.flagsAdd(res);
        return;
      case 10:
        this.flagsAdd(this.addc(a, ~b, 1));
        return;
      case 11:
        this.flagsAdd(this.addc(a, b, 0));
        return;
      case 12:
        res = a | b;
        break;
      case 13:
        res = a * b;
        break;
      case 14:
        res = a & ~b;
        break;
      default:
        res = ~b;
    }
    unchecked((r[d] = res));
    if (sf) this.nz(res);
  }

  /** Special data processing and branch-exchange (010001). */
  private hiReg(hw: u32): void {
    const r = this.r;
    const d = ((hw >>> 4) & 8) | (hw & 7);
    const m = (hw >>> 3) & 15;
    switch ((hw >>> 8) & 3) {
      case 0: {
        const res = unchecked(r[d]) + unchecked(r[m]);
        if (d == 15) this.branch(res);
        else unchecked((r[d] = d == 13 ? res & ~3 : res));
        return;
      }
      case 1:
        this.flagsAdd(this.addc(unchecked(r[d]), ~unchecked(r[m]), 1));
        return;
      case 2: {
        const res = unchecked(r[m]);
        if (d == 15) this.branch(res);
        else unchecked((r[d] = d == 13 ? res & ~3 : res));
        return;
      }
      default: {
        if (hw & 7) {
          this.undef(hw, 0, false);
          return;
        }
        const t = unchecked(r[m]);
        if (hw & 0x80) unchecked((r[14] = (this.pc + 2) | 1)); // BLX
        this.bx(t);
      }
    }
  }

  /** Miscellaneous 16-bit instructions (1011). */
  private misc16(hw: u32): void {
    const r = this.r;
    switch ((hw >>> 8) & 15) {
      case 0:
        // ADD/SUB SP, SP, #imm7
        if (hw & 0x80) unchecked((r[13] = unchecked(r[13]) - ((hw & 0x7f) << 2)));
        else unchecked((r[13] = unchecked(r[13]) + ((hw & 0x7f) << 2)));
        return;
      case 1:
      case 3:
      case 9:
      case 11: {
        // CBZ, CBNZ
        const x = unchecked(r[hw & 7]);
        if ((x == 0) != ((hw & 0x800) != 0)) this.branch(this.pc + 4 + (((hw >>> 3) & 31) << 1) + (((hw >>> 9) & 1) << 6));
        return;
      }
      case 2: {
        const m = unchecked(r[(hw >>> 3) & 7]);
        let res: u32;
        switch ((hw >>> 6) & 3) {
          case 0:
            res = <u32>(<i32>(<i16>m));
            break;
          case 1:
            res = <u32>(<i32>(<i8>m));
            break;
          case 2:
            res = m & 0xffff;
            break;
          default:
            res = m & 0xff;
        }
        unchecked((r[hw & 7] = res));
        return;
      }
      case 4:
      case 5: {
        // PUSH
        const list = (hw & 0xff) | ((hw & 0x100) << 6);
        if (list == 0) {
          this.undef(hw, 0, false);
          return;
        }
        const a = unchecked(r[13]) - 4 * popcnt<u32>(list);
        if (this.storeMultiple(a, list)) unchecked((r[13] = a));
        return;
      }
      case 6:
        // CPSIE/CPSID: interrupts are not modelled
        if ((hw & 0xffe8) == 0xb660) {
          if (hw & 1) this.faultmask = (hw >>> 4) & 1;
          if (hw & 2) this.primask = (hw >>> 4) & 1;
          return;
        }
        this.undef(hw, 0, false);
        return;
      case 10: {
        const m = unchecked(r[(hw >>> 3) & 7]);
        const d = hw & 7;
        switch ((hw >>> 6) & 3) {
          case 0:
            unchecked((r[d] = bswap<u32>(m)));
            return;
          case 1:
            unchecked((r[d] = ((m & 0xff00ff00) >>> 8) | ((m & 0x00ff00ff) << 8)));
            return;
          case 3:
            unchecked((r[d] = <u32>(<i32>(<i16>(((m & 0xff) << 8) | ((m >>> 8) & 0xff))))));
            return;
          default:
            this.undef(hw, 0, false);
            return;
        }
      }
      case 12:
      case 13: {
        // POP
        const list = (hw & 0xff) | ((hw & 0x100) << 7);
        if (list == 0) {
          this.undef(hw, 0, false);
          return;
        }
        const a = unchecked(r[13]);
        if (this.loadMultiple(a, list)) unchecked((r[13] = a + 4 * popcnt<u32>(list)));
        return;
      }
      case 14:
        // BKPT: a debug event; without a debugger it escalates to a HardFault
        this.fault = FAULT_UNDEF;
        this.faultInsn = hw;
        this.faultNote = "BKPT #" + (hw & 0xff).toString() + " without a debugger";
        return;
      case 15:
        if (hw & 15) {
          // IT
          if ((hw & 0xf0) == 0xf0 || ((hw & 0xe0) == 0xe0 && popcnt<u32>(hw & 15) != 1)) {
            this.undef(hw, 0, false);
            return;
          }
          this.it = hw & 0xff;
          return;
        }
        // NOP, YIELD, WFE, WFI, SEV and other hints
        return;
      default:
        this.undef(hw, 0, false);
    }
  }

  // ---- 32-bit instructions ----

  private exec32(hw1: u32, hw2: u32): void {
    switch (hw1 >>> 8) {
      case 0xe8:
      case 0xe9:
        if (hw1 & 0x40) this.dualEx(hw1, hw2);
        else this.ldmStm(hw1, hw2);
        return;
      case 0xea:
      case 0xeb:
        this.dpShifted(hw1, hw2);
        return;
      case 0xec:
      case 0xed:
      case 0xee:
      case 0xef:
      case 0xfc:
      case 0xfd:
      case 0xfe:
      case 0xff:
        this.coproc(hw1, hw2);
        return;
      case 0xf0:
      case 0xf1:
      case 0xf2:
      case 0xf3:
      case 0xf4:
      case 0xf5:
      case 0xf6:
      case 0xf7:
        if (hw2 & 0x8000) this.branchMisc(hw1, hw2);
        else if (hw1 & 0x200) this.dpPlainImm(hw1, hw2);
        else this.dpModImm(hw1, hw2);
        return;
      case 0xf8:
      case 0xf9:
        this.loadStore(hw1, hw2);
        return;
      case 0xfa:
        this.dpReg(hw1, hw2);
        return;
      case 0xfb:
        if (hw1 & 0x80) this.mulLong(hw1, hw2);
        else this.mul32(hw1, hw2);
        return;
      default:
        this.undef(hw1, hw2, true);
    }
  }

  /** LDM/STM IA and DB (PUSH.W, POP.W). */
  private ldmStm(hw1: u32, hw2: u32): void {
    const r = this.r;
    const op = (hw1 >>> 7) & 3;
    const w = (hw1 & 0x20) != 0;
    const load = (hw1 & 0x10) != 0;
    const nreg = hw1 & 15;
    const list = hw2 & (load ? 0xdfff : 0x5fff);
    if ((op != 1 && op != 2) || list == 0 || nreg == 15) {
      this.undef(hw1, hw2, true);
      return;
    }
    const base = unchecked(r[nreg]);
    const size = 4 * popcnt<u32>(list);
    const start = op == 1 ? base : base - size;
    const wb = op == 1 ? base + size : base - size;
    if (load) {
      if (this.loadMultiple(start, list) && w && (list & (1 << nreg)) == 0) unchecked((r[nreg] = wb));
    } else if (this.storeMultiple(start, list) && w) unchecked((r[nreg] = wb));
  }

  /** LDRD/STRD, LDREX/STREX and their byte/halfword forms, TBB/TBH, LDA/STL (ARMv8-M). */
  private dualEx(hw1: u32, hw2: u32): void {
    const r = this.r;
    const bus = this.bus;
    const op1 = (hw1 >>> 7) & 3;
    const op2 = (hw1 >>> 4) & 3;
    const nreg = hw1 & 15;
    const t = hw2 >>> 12;
    if (op1 == 0 && op2 == 0) {
      // STREX: single core, always succeeds (Rt = PC: ARMv8-M's TT, not emulated)
      if (t == 15) return this.undef(hw1, hw2, true);
      const a = unchecked(r[nreg]) + ((hw2 & 0xff) << 2);
      if (a & 3) return this.unaligned();
      this.st32(a, unchecked(r[t]));
      if (bus.stop == 0) unchecked((r[(hw2 >>> 8) & 15] = 0));
      return;
    }
    if (op1 == 0 && op2 == 1) {
      // LDREX
      const a = unchecked(r[nreg]) + ((hw2 & 0xff) << 2);
      if (a & 3) return this.unaligned();
      const x = this.ld32(a);
      if (bus.stop == 0) unchecked((r[t] = x));
      return;
    }
    if ((op2 & 2) != 0 || (op1 & 2) != 0) {
      // LDRD/STRD (immediate, literal)
      const p = (hw1 & 0x100) != 0;
      const u = (hw1 & 0x80) != 0;
      const w = (hw1 & 0x20) != 0;
      const load = (hw1 & 0x10) != 0;
      const t2 = (hw2 >>> 8) & 15;
      const off = (hw2 & 0xff) << 2;
      // writeback with the PC as base: ARMv8-M's SG (0xe97fe97f) among others
      if (nreg == 15 && w) return this.undef(hw1, hw2, true);
      const base = nreg == 15 ? (this.pc + 4) & ~3 : unchecked(r[nreg]);
      const moved = u ? base + off : base - off;
      const a = p ? moved : base;
      if (a & 3) return this.unaligned();
      if (load) {
        const x = this.ld32(a);
        const y = this.ld32(a + 4);
        if (bus.stop != 0) return;
        unchecked((r[t] = x));
        unchecked((r[t2] = y));
      } else {
        this.st32(a, unchecked(r[t]));
        if (bus.stop != 0) return;
        this.st32(a + 4, unchecked(r[t2]));
        if (bus.stop != 0) return;
      }
      if (w && nreg != 15) unchecked((r[nreg] = moved));
      return;
    }
    const op3 = (hw2 >>> 4) & 15;
    const a = unchecked(r[nreg]);
    if (op2 == 0) {
      // STREXB, STREXH; STLB, STLH, STL, STLEXB, STLEXH, STLEX (ARMv8-M)
      if (op3 < 8 ? op3 != 4 && op3 != 5 : !this.v8 || op3 == 11 || op3 == 15) return this.undef(hw1, hw2, true);
      const size = op3 & 3;
      if ((size == 1 && (a & 1) != 0) || (size == 2 && (a & 3) != 0)) return this.unaligned();
      const x = unchecked(r[t]);
      if (size == 0) this.st8(a, x);
      else if (size == 1) this.st16(a, x);
      else this.st32(a, x);
      if (bus.stop == 0 && (op3 & 4) != 0) unchecked((r[hw2 & 15] = 0));
      return;
    }
    if (op3 == 0 || op3 == 1) {
      // TBB, TBH
      const m = unchecked(r[hw2 & 15]);
      const x = op3 == 0 ? this.ld8(a + m) : this.ld16(a + (m << 1));
      if (bus.stop == 0) this.branch(this.pc + 4 + (x << 1));
      return;
    }
    // LDREXB, LDREXH; LDAB, LDAH, LDA, LDAEXB, LDAEXH, LDAEX (ARMv8-M)
    if (op3 < 8 ? op3 != 4 && op3 != 5 : !this.v8 || op3 == 11 || op3 == 15) return this.undef(hw1, hw2, true);
    const size = op3 & 3;
    if ((size == 1 && (a & 1) != 0) || (size == 2 && (a & 3) != 0)) return this.unaligned();
    const x = size == 0 ? this.ld8(a) : size == 1 ? this.ld16(a) : this.ld32(a);
    if (bus.stop == 0) unchecked((r[t] = x));
  }

  /** The data-processing operation `op` (A5.3.1/A5.3.11) on a, b with shifter carry sc. */
  private dpOp(hw1: u32, hw2: u32, op: u32, s: bool, nreg: u32, d: u32, b: u32): void {
    const r = this.r;
    const a = unchecked(r[nreg]);
    let res: u32;
    let arith = false;
    switch (op) {
      case 0:
        res = a & b;
        if (d == 15 && s) {
          this.nz(res);
          this.c = this.sc;
          return;
        }
        break;
      case 1:
        res = a & ~b;
        break;
      case 2:
        res = nreg == 15 ? b : a | b;
        break;
      case 3:
        res = nreg == 15 ? ~b : a | ~b;
        break;
      case 4:
        res = a ^ b;
        if (d == 15 && s) {
          this.nz(res);
          this.c = this.sc;
          return;
        }
        break;
      case 8:
        res = this.addc(a, b, 0);
        arith = true;
        if (d == 15 && s) {
          this.flagsAdd(res);
          return;
        }
        break;
      case 10:
        res = this.addc(a, b, this.c);
        arith = true;
        break;
      case 11:
        res = this.addc(a, ~b, this.c);
        arith = true;
        break;
      case 13:
        res = this.addc(a, ~b, 1);
        arith = true;
        if (d == 15 && s) {
          this.flagsAdd(res);
          return;
        }
        break;
      case 14:
        res = this.addc(b, ~a, 1);
        arith = true;
        break;
      default:
        this.undef(hw1, hw2, true);
        return;
    }
    if (d == 15) {
      this.undef(hw1, hw2, true);
      return;
    }
    unchecked((r[d] = d == 13 ? res & ~3 : res));
    if (s) {
      if (arith) this.flagsAdd(res);
      else {
        this.nz(res);
        this.c = this.sc;
      }
    }
  }

  /** Data processing (shifted register), A5.3.11. */
  private dpShifted(hw1: u32, hw2: u32): void {
    const op = (hw1 >>> 5) & 15;
    const d = (hw2 >>> 8) & 15;
    const type = (hw2 >>> 4) & 3;
    const imm5 = ((hw2 >>> 10) & 0x1c) | ((hw2 >>> 6) & 3);
    const m = unchecked(this.r[hw2 & 15]);
    if (op == 6) {
      // PKHBT, PKHTB
      if (!this.dsp || (type & 1) != 0) return this.undef(hw1, hw2, true);
      const a = unchecked(this.r[hw1 & 15]);
      const b = this.shiftImm(m, type, imm5);
      unchecked((this.r[d] = type == 0 ? (b & 0xffff0000) | (a & 0xffff) : (a & 0xffff0000) | (b & 0xffff)));
      return;
    }
    this.dpOp(hw1, hw2, op, (hw1 & 0x10) != 0, hw1 & 15, d, this.shiftImm(m, type, imm5));
  }

  /** Data processing (modified immediate), A5.3.1. */
  private dpModImm(hw1: u32, hw2: u32): void {
    const imm12 = ((hw1 & 0x400) << 1) | ((hw2 >>> 4) & 0x700) | (hw2 & 0xff);
    this.dpOp(hw1, hw2, (hw1 >>> 5) & 15, (hw1 & 0x10) != 0, hw1 & 15, (hw2 >>> 8) & 15, this.expandImm(imm12));
  }

  /** Data processing (plain binary immediate), A5.3.3. */
  private dpPlainImm(hw1: u32, hw2: u32): void {
    const r = this.r;
    const nreg = hw1 & 15;
    const d = (hw2 >>> 8) & 15;
    const imm12 = ((hw1 & 0x400) << 1) | ((hw2 >>> 4) & 0x700) | (hw2 & 0xff);
    const a = unchecked(r[nreg]);
    const shift = ((hw2 >>> 10) & 0x1c) | ((hw2 >>> 6) & 3);
    if (d == 15) return this.undef(hw1, hw2, true);
    switch ((hw1 >>> 4) & 31) {
      case 0:
        // ADDW, ADR (add)
        unchecked((r[d] = (nreg == 15 ? a & ~3 : a) + imm12));
        return;
      case 4:
        // MOVW
        unchecked((r[d] = ((hw1 & 15) << 12) | imm12));
        return;
      case 10:
        // SUBW, ADR (subtract)
        unchecked((r[d] = (nreg == 15 ? a & ~3 : a) - imm12));
        return;
      case 12:
        // MOVT
        unchecked((r[d] = (unchecked(r[d]) & 0xffff) | (((hw1 & 15) << 28) | (imm12 << 16))));
        return;
      case 16:
      case 18: {
        // SSAT, SSAT16
        const bits = (hw2 & 31) + 1;
        if ((hw1 & 0x20) != 0 && shift == 0) {
          if (!this.dsp) return this.undef(hw1, hw2, true);
          const b16 = (hw2 & 15) + 1;
          const lo = this.ssat(<i32>(<i16>a), b16);
          const hi = this.ssat((<i32>a) >> 16, b16);
          unchecked((r[d] = (lo & 0xffff) | (hi << 16)));
          return;
        }
        const x = hw1 & 0x20 ? <i32>this.shiftImm(a, 2, shift) : <i32>(a << shift);
        unchecked((r[d] = this.ssat(x, bits)));
        return;
      }
      case 20:
      case 28: {
        // SBFX, UBFX
        const width = (hw2 & 31) + 1;
        if (shift + width > 32) return this.undef(hw1, hw2, true);
        const x = a << (32 - shift - width);
        unchecked((r[d] = hw1 & 0x80 ? x >>> (32 - width) : <u32>((<i32>x) >> (32 - width))));
        return;
      }
      case 22: {
        // BFI, BFC
        const msb = hw2 & 31;
        if (msb < shift) return this.undef(hw1, hw2, true);
        const width = msb - shift + 1;
        const mask = (width == 32 ? 0xffffffff : ((<u32>1) << width) - 1) << shift;
        const src = nreg == 15 ? 0 : a << shift;
        unchecked((r[d] = (unchecked(r[d]) & ~mask) | (src & mask)));
        return;
      }
      case 24:
      case 26: {
        // USAT, USAT16
        const bits = hw2 & 31;
        if ((hw1 & 0x20) != 0 && shift == 0) {
          if (!this.dsp) return this.undef(hw1, hw2, true);
          const b16 = hw2 & 15;
          const lo = this.usat(<i32>(<i16>a), b16);
          const hi = this.usat((<i32>a) >> 16, b16);
          unchecked((r[d] = lo | (hi << 16)));
          return;
        }
        const x = hw1 & 0x20 ? <i32>this.shiftImm(a, 2, shift) : <i32>(a << shift);
        unchecked((r[d] = this.usat(x, bits)));
        return;
      }
      default:
        this.undef(hw1, hw2, true);
    }
  }

  /** SignedSatQ: saturate x to `bits` bits (1..32), setting Q when it saturated. */
  private ssat(x: i32, bits: u32): u32 {
    const hi: i64 = ((<i64>1) << (bits - 1)) - 1;
    const lo: i64 = -((<i64>1) << (bits - 1));
    if (<i64>x > hi) {
      this.q = 1;
      return <u32>hi;
    }
    if (<i64>x < lo) {
      this.q = 1;
      return <u32>lo;
    }
    return <u32>x;
  }
  /** UnsignedSatQ: saturate x to `bits` bits (0..31). */
  private usat(x: i32, bits: u32): u32 {
    const hi: i64 = ((<i64>1) << bits) - 1;
    if (<i64>x > hi) {
      this.q = 1;
      return <u32>hi;
    }
    if (x < 0) {
      this.q = 1;
      return 0;
    }
    return <u32>x;
  }

  /** Branches and miscellaneous control, A5.3.4. */
  private branchMisc(hw1: u32, hw2: u32): void {
    const r = this.r;
    const op1 = (hw2 >>> 12) & 7;
    const op = (hw1 >>> 4) & 0x7f;
    const s = (hw1 >>> 10) & 1;
    if ((op1 & 5) == 0) {
      if ((op & 0x38) != 0x38) {
        // B<c>.W (T3)
        const j1 = (hw2 >>> 13) & 1;
        const j2 = (hw2 >>> 11) & 1;
        const off = (s << 20) | (j2 << 19) | (j1 << 18) | ((hw1 & 0x3f) << 12) | ((hw2 & 0x7ff) << 1);
        if (this.cond((hw1 >>> 6) & 15)) this.branch(this.pc + 4 + <u32>((<i32>(off << 11)) >> 11));
        return;
      }
      if (op1 != 0) return this.undef(hw1, hw2, true);
      switch (op) {
        case 0x38:
        case 0x39:
          this.msr(hw1, hw2);
          return;
        case 0x3a:
          // NOP.W, YIELD.W, WFE.W, WFI.W, SEV.W, DBG
          if ((hw2 & 0x700) != 0) return this.undef(hw1, hw2, true);
          return;
        case 0x3b: {
          // CLREX, DSB, DMB, ISB
          const o = (hw2 >>> 4) & 15;
          if (o != 2 && o != 4 && o != 5 && o != 6) return this.undef(hw1, hw2, true);
          return;
        }
        case 0x3e:
        case 0x3f:
          unchecked((r[(hw2 >>> 8) & 15] = this.mrs(hw2 & 0xff)));
          return;
        default:
          this.undef(hw1, hw2, true);
          return;
      }
    }
    if ((op1 & 1) == 0) return this.undef(hw1, hw2, true); // BLX (immediate): no ARM state
    const i1 = ((hw2 >>> 13) & 1) ^ s ^ 1;
    const i2 = ((hw2 >>> 11) & 1) ^ s ^ 1;
    const off = (s << 24) | (i1 << 23) | (i2 << 22) | ((hw1 & 0x3ff) << 12) | ((hw2 & 0x7ff) << 1);
    const target = this.pc + 4 + <u32>((<i32>(off << 7)) >> 7);
    if (op1 & 4) unchecked((r[14] = (this.pc + 4) | 1)); // BL
    this.branch(target);
  }

  private mrs(sysm: u32): u32 {
    switch (sysm) {
      case 0:
      case 1:
      case 2:
      case 3: {
        // APSR, IAPSR, EAPSR, XPSR: IPSR 0 (thread mode); EPSR reads as zero
        return this.xpsr() & 0xf80f0000;
      }
      case 5:
      case 6:
      case 7:
        // IPSR (thread mode), EPSR (reads as zero), IEPSR
        return 0;
      case 8:
      case 9:
        return unchecked(this.r[13]);
      case 16:
        return this.primask;
      case 17:
      case 18:
        return this.basepri;
      case 19:
        return this.faultmask;
      case 20:
        return this.control;
      default:
        return 0;
    }
  }

  private msr(hw1: u32, hw2: u32): void {
    const x = unchecked(this.r[hw1 & 15]);
    const sysm = hw2 & 0xff;
    switch (sysm) {
      case 0:
      case 1:
      case 2:
      case 3:
        if (hw2 & 0x800) {
          this.n = x >>> 31;
          this.z = (x >>> 30) & 1;
          this.c = (x >>> 29) & 1;
          this.v = (x >>> 28) & 1;
          this.q = (x >>> 27) & 1;
        }
        if (hw2 & 0x400 && this.dsp) this.ge = (x >>> 16) & 15;
        return;
      case 16:
        this.primask = x & 1;
        return;
      case 17:
        this.basepri = x & 0xff;
        return;
      case 18:
        if ((x & 0xff) != 0 && (this.basepri == 0 || (x & 0xff) < this.basepri)) this.basepri = x & 0xff;
        return;
      case 19:
        this.faultmask = x & 1;
        return;
      case 20:
        this.control = x & 7;
        return;
      default:
        // MSP, PSP and the stack limits: the emulated thread has one stack pointer
        return;
    }
  }

  /** Load/store single data item and memory hints, A5.3.7-A5.3.10. */
  private loadStore(hw1: u32, hw2: u32): void {
    const r = this.r;
    const bus = this.bus;
    const sign = (hw1 & 0x100) != 0;
    const size = (hw1 >>> 5) & 3;
    const load = (hw1 & 0x10) != 0;
    const nreg = hw1 & 15;
    const t = hw2 >>> 12;
    if (size == 3 || (!load && sign)) return this.undef(hw1, hw2, true);
    let a: u32;
    let wb = false;
    let moved: u32 = 0;
    if (nreg == 15) {
      if (!load) return this.undef(hw1, hw2, true);
      const base = (this.pc + 4) & ~3;
      a = hw1 & 0x80 ? base + (hw2 & 0xfff) : base - (hw2 & 0xfff);
    } else if (hw1 & 0x80) {
      a = unchecked(r[nreg]) + (hw2 & 0xfff);
    } else if (hw2 & 0x800) {
      const base = unchecked(r[nreg]);
      const off = hw2 & 0xff;
      moved = hw2 & 0x200 ? base + off : base - off;
      a = hw2 & 0x400 ? moved : base;
      wb = (hw2 & 0x100) != 0;
      if (!(hw2 & 0x400) && !wb) return this.undef(hw1, hw2, true);
    } else if ((hw2 & 0xfc0) == 0) {
      a = unchecked(r[nreg]) + (unchecked(r[hw2 & 15]) << ((hw2 >>> 4) & 3));
    } else return this.undef(hw1, hw2, true);
    if (!load) {
      const x = unchecked(r[t]);
      if (size == 0) this.st8(a, x);
      else if (size == 1) this.st16(a, x);
      else this.st32(a, x);
      if (bus.stop == 0 && wb) unchecked((r[nreg] = moved));
      return;
    }
    if (t == 15 && size != 2) return; // PLD, PLI: hints, no access
    let x: u32;
    if (size == 0) x = sign ? <u32>(<i32>(<i8>this.ld8(a))) : this.ld8(a);
    else if (size == 1) x = sign ? <u32>(<i32>(<i16>this.ld16(a))) : this.ld16(a);
    else x = this.ld32(a);
    if (bus.stop != 0) return;
    if (wb) unchecked((r[nreg] = moved));
    if (t == 15) this.bx(x);
    else unchecked((r[t] = t == 13 ? x & ~3 : x));
  }

  /** Data processing (register), A5.3.12: shifts by register, extends, parallel add/sub, misc. */
  private dpReg(hw1: u32, hw2: u32): void {
    const r = this.r;
    if ((hw2 & 0xf000) != 0xf000) return this.undef(hw1, hw2, true);
    const op1 = (hw1 >>> 4) & 15;
    const op2 = (hw2 >>> 4) & 15;
    const nreg = hw1 & 15;
    const d = (hw2 >>> 8) & 15;
    const m = unchecked(r[hw2 & 15]);
    if (op1 < 8) {
      if (op2 == 0) {
        // LSL, LSR, ASR, ROR (register)
        const res = this.shiftReg(unchecked(r[nreg]), op1 >>> 1, m & 0xff);
        unchecked((r[d] = res));
        if (op1 & 1) {
          this.nz(res);
          this.c = this.sc;
        }
        return;
      }
      if ((op2 & 8) == 0 || op1 > 5) return this.undef(hw1, hw2, true);
      // SXTAH, UXTAH, SXTAB16, UXTAB16, SXTAB, UXTAB and the forms without add (Rn = 15)
      if (nreg != 15 || op1 == 2 || op1 == 3) {
        if (!this.dsp) return this.undef(hw1, hw2, true);
      }
      const x = rotr<u32>(m, (op2 & 3) << 3);
      const a = nreg == 15 ? 0 : unchecked(r[nreg]);
      let res: u32;
      switch (op1) {
        case 0:
          res = a + <u32>(<i32>(<i16>x));
          break;
        case 1:
          res = a + (x & 0xffff);
          break;
        case 2: {
          const lo = (a + <u32>(<i32>(<i8>x))) & 0xffff;
          const hi = ((a >>> 16) + <u32>(<i32>(<i8>(x >>> 16)))) & 0xffff;
          res = lo | (hi << 16);
          break;
        }
        case 3: {
          const lo = (a + (x & 0xff)) & 0xffff;
          const hi = ((a >>> 16) + ((x >>> 16) & 0xff)) & 0xffff;
          res = lo | (hi << 16);
          break;
        }
        case 4:
          res = a + <u32>(<i32>(<i8>x));
          break;
        default:
          res = a + (x & 0xff);
      }
      unchecked((r[d] = res));
      return;
    }
    if (op2 < 8) {
      if (!this.dsp) return this.undef(hw1, hw2, true);
      return this.parallel(hw1, hw2, op1 & 7, op2, unchecked(r[nreg]), m, d);
    }
    if (op1 >= 12 || op2 >= 12) return this.undef(hw1, hw2, true);
    const a = unchecked(r[nreg]);
    switch (((op1 & 3) << 2) | (op2 & 3)) {
      case 0: // QADD
      case 1: // QDADD
      case 2: // QSUB
      case 3: {
        // QDSUB
        if (!this.dsp) return this.undef(hw1, hw2, true);
        let b = <i64>(<i32>a);
        if (op2 & 1) b = <i64>this.ssat64(b * 2);
        const mm = <i64>(<i32>m);
        unchecked((r[d] = this.ssat64(op2 & 2 ? mm - b : mm + b)));
        return;
      }
      case 4:
        unchecked((r[d] = bswap<u32>(m)));
        return;
      case 5:
        unchecked((r[d] = ((m & 0xff00ff00) >>> 8) | ((m & 0x00ff00ff) << 8)));
        return;
      case 6: {
        // RBIT
        let x = m;
        x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
        x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
        x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
        unchecked((r[d] = bswap<u32>(x)));
        return;
      }
      case 7:
        unchecked((r[d] = <u32>(<i32>(<i16>(((m & 0xff) << 8) | ((m >>> 8) & 0xff))))));
        return;
      case 8: {
        // SEL
        if (!this.dsp) return this.undef(hw1, hw2, true);
        let res: u32 = 0;
        for (let i: u32 = 0; i < 4; i++) {
          const mask = (<u32>0xff) << (i * 8);
          res |= (this.ge >>> i) & 1 ? a & mask : m & mask;
        }
        unchecked((r[d] = res));
        return;
      }
      case 12:
        unchecked((r[d] = clz<u32>(m)));
        return;
      default:
        this.undef(hw1, hw2, true);
    }
  }

  /** Signed 32-bit saturation of a 64-bit value, setting Q. */
  private ssat64(x: i64): u32 {
    if (x > 0x7fffffff) {
      this.q = 1;
      return 0x7fffffff;
    }
    if (x < -0x80000000) {
      this.q = 1;
      return 0x80000000;
    }
    return <u32>x;
  }

  /** Parallel addition and subtraction (A5.3.13, A5.3.14): SADD16 ... UHSUB8. */
  private parallel(hw1: u32, hw2: u32, op: u32, kind: u32, a: u32, b: u32, d: u32): void {
    // kind: 0 S, 1 Q, 2 SH, 4 U, 5 UQ, 6 UH
    if ((kind & 3) == 3) return this.undef(hw1, hw2, true);
    const uns = (kind & 4) != 0;
    const mode = kind & 3;
    let res: u32 = 0;
    let ge: u32 = 0;
    if (op == 0 || op == 4) {
      // ADD8, SUB8
      for (let i: u32 = 0; i < 4; i++) {
        const x = uns ? <i32>((a >>> (i * 8)) & 0xff) : <i32>(<i8>(a >>> (i * 8)));
        const y = uns ? <i32>((b >>> (i * 8)) & 0xff) : <i32>(<i8>(b >>> (i * 8)));
        const sum = op == 0 ? x + y : x - y;
        res |= (this.lane(sum, uns, mode, 8) & 0xff) << (i * 8);
        if (uns ? (op == 0 ? sum >= 0x100 : sum >= 0) : sum >= 0) ge |= 1 << i;
      }
    } else {
      if (op != 1 && op != 2 && op != 5 && op != 6) return this.undef(hw1, hw2, true);
      const alo = uns ? <i32>(a & 0xffff) : <i32>(<i16>a);
      const ahi = uns ? <i32>(a >>> 16) : (<i32>a) >> 16;
      const blo = uns ? <i32>(b & 0xffff) : <i32>(<i16>b);
      const bhi = uns ? <i32>(b >>> 16) : (<i32>b) >> 16;
      let lo: i32, hi: i32;
      let loAdd: bool, hiAdd: bool;
      if (op == 1) {
        lo = alo + blo;
        hi = ahi + bhi;
        loAdd = hiAdd = true;
      } else if (op == 5) {
        lo = alo - blo;
        hi = ahi - bhi;
        loAdd = hiAdd = false;
      } else if (op == 2) {
        // ASX
        lo = alo - bhi;
        hi = ahi + blo;
        loAdd = false;
        hiAdd = true;
      } else {
        // SAX
        lo = alo + bhi;
        hi = ahi - blo;
        loAdd = true;
        hiAdd = false;
      }
      res = (this.lane(lo, uns, mode, 16) & 0xffff) | (this.lane(hi, uns, mode, 16) << 16);
      if (uns ? (loAdd ? lo >= 0x10000 : lo >= 0) : lo >= 0) ge |= 3;
      if (uns ? (hiAdd ? hi >= 0x10000 : hi >= 0) : hi >= 0) ge |= 12;
    }
    unchecked((this.r[d] = res));
    if (mode == 0) this.ge = ge;
  }

  private lane(sum: i32, uns: bool, mode: u32, bits: i32): u32 {
    if (mode == 2) return <u32>(sum >> 1);
    if (mode == 1) {
      const hi = uns ? (1 << bits) - 1 : (1 << (bits - 1)) - 1;
      const lo = uns ? 0 : -(1 << (bits - 1));
      return <u32>(sum > hi ? hi : sum < lo ? lo : sum);
    }
    return <u32>sum;
  }

  /** Multiply, multiply accumulate and absolute difference, A5.3.16. */
  private mul32(hw1: u32, hw2: u32): void {
    const r = this.r;
    const op1 = (hw1 >>> 4) & 7;
    const op2 = (hw2 >>> 4) & 3;
    const ra = hw2 >>> 12;
    const d = (hw2 >>> 8) & 15;
    const a = unchecked(r[hw1 & 15]);
    const b = unchecked(r[hw2 & 15]);
    const acc = unchecked(r[ra]);
    if (op1 == 0) {
      if (op2 == 0) unchecked((r[d] = ra == 15 ? a * b : a * b + acc));
      else if (op2 == 1) unchecked((r[d] = acc - a * b));
      else this.undef(hw1, hw2, true);
      return;
    }
    if (!this.dsp) return this.undef(hw1, hw2, true);
    switch (op1) {
      case 1: {
        // SMULxy, SMLAxy
        const x = op2 & 2 ? (<i32>a) >> 16 : <i32>(<i16>a);
        const y = op2 & 1 ? (<i32>b) >> 16 : <i32>(<i16>b);
        const p = <i64>(x * y);
        unchecked((r[d] = ra == 15 ? <u32>p : this.accQ(p + <i64>(<i32>acc))));
        return;
      }
      case 2:
      case 4: {
        // SMUAD, SMLAD, SMUSD, SMLSD (X swaps the halves of Rm)
        if (op2 & 2) return this.undef(hw1, hw2, true);
        const bb = op2 & 1 ? rotr<u32>(b, 16) : b;
        const p1 = <i64>(<i32>(<i16>a) * <i32>(<i16>bb));
        const p2 = <i64>(((<i32>a) >> 16) * ((<i32>bb) >> 16));
        const sum = op1 == 2 ? p1 + p2 : p1 - p2;
        unchecked((r[d] = ra == 15 ? this.accQ(sum) : this.accQ(sum + <i64>(<i32>acc))));
        return;
      }
      case 3: {
        // SMULWy, SMLAWy
        if (op2 & 2) return this.undef(hw1, hw2, true);
        const y = op2 & 1 ? <i64>((<i32>b) >> 16) : <i64>(<i16>b);
        const p = (<i64>(<i32>a) * y) >> 16;
        unchecked((r[d] = ra == 15 ? <u32>p : this.accQ(p + <i64>(<i32>acc))));
        return;
      }
      case 5:
      case 6: {
        // SMMUL, SMMLA, SMMLS (R rounds)
        if (op2 & 2) return this.undef(hw1, hw2, true);
        const p = <i64>(<i32>a) * <i64>(<i32>b);
        const base: i64 = ra == 15 ? 0 : (<i64>(<i32>acc)) << 32;
        let x = op1 == 5 ? base + p : base - p;
        if (op2 & 1) x += 0x80000000;
        if (op1 == 6 && ra == 15) return this.undef(hw1, hw2, true);
        unchecked((r[d] = <u32>(x >> 32)));
        return;
      }
      default: {
        // USAD8, USADA8
        if (op2 != 0) return this.undef(hw1, hw2, true);
        let sum: u32 = 0;
        for (let i: u32 = 0; i < 32; i += 8) {
          const x = <i32>((a >>> i) & 0xff) - <i32>((b >>> i) & 0xff);
          sum += <u32>(x < 0 ? -x : x);
        }
        unchecked((r[d] = ra == 15 ? sum : sum + acc));
      }
    }
  }

  /** A 32-bit result of a DSP accumulate; Q set when it overflowed. */
  private accQ(x: i64): u32 {
    if (x > 0x7fffffff || x < -0x80000000) this.q = 1;
    return <u32>x;
  }

  /** Long multiply, long multiply accumulate and divide, A5.3.17. */
  private mulLong(hw1: u32, hw2: u32): void {
    const r = this.r;
    const op1 = (hw1 >>> 4) & 7;
    const op2 = (hw2 >>> 4) & 15;
    const lo = hw2 >>> 12;
    const hi = (hw2 >>> 8) & 15;
    const a = unchecked(r[hw1 & 15]);
    const b = unchecked(r[hw2 & 15]);
    if (op1 == 1 || op1 == 3) {
      // SDIV, UDIV
      if (op2 != 15) return this.undef(hw1, hw2, true);
      if (b == 0) {
        // CCR.DIV_0_TRP, set by z_arm_fault_init()
        this.fault = FAULT_DIV_ZERO;
        this.faultNote = NOTE_DIV0;
        return;
      }
      if (op1 == 3) unchecked((r[hi] = a / b));
      else if (a == 0x80000000 && b == 0xffffffff) unchecked((r[hi] = 0x80000000));
      else unchecked((r[hi] = <u32>(<i32>a / <i32>b)));
      return;
    }
    const acc = ((<u64>unchecked(r[hi])) << 32) | (<u64>unchecked(r[lo]));
    let res: u64;
    if (op2 == 0 && (op1 & 1) == 0) {
      // SMULL, SMLAL, UMULL, UMLAL
      const p = op1 & 2 ? <u64>a * <u64>b : <u64>(<i64>(<i32>a) * <i64>(<i32>b));
      res = op1 & 4 ? p + acc : p;
    } else {
      if (!this.dsp) return this.undef(hw1, hw2, true);
      if (op1 == 4 && (op2 & 12) == 8) {
        // SMLALxy
        const x = op2 & 2 ? (<i32>a) >> 16 : <i32>(<i16>a);
        const y = op2 & 1 ? (<i32>b) >> 16 : <i32>(<i16>b);
        res = acc + <u64>(<i64>(x * y));
      } else if ((op1 == 4 || op1 == 5) && (op2 & 14) == 12) {
        // SMLALD, SMLSLD
        const bb = op2 & 1 ? rotr<u32>(b, 16) : b;
        const p1 = <i64>(<i32>(<i16>a) * <i32>(<i16>bb));
        const p2 = <i64>(((<i32>a) >> 16) * ((<i32>bb) >> 16));
        res = acc + <u64>(op1 == 4 ? p1 + p2 : p1 - p2);
      } else if (op1 == 6 && op2 == 6) {
        // UMAAL
        res = <u64>a * <u64>b + <u64>unchecked(r[hi]) + <u64>unchecked(r[lo]);
      } else return this.undef(hw1, hw2, true);
    }
    unchecked((r[lo] = <u32>res));
    unchecked((r[hi] = <u32>(res >>> 32)));
  }

  // ---- the floating-point extension (FPv4-SP) ----

  @inline private sf(i: u32): f32 {
    return reinterpret<f32>(unchecked(this.s[i]));
  }
  @inline private setSf(i: u32, x: f32): void {
    unchecked((this.s[i] = reinterpret<u32>(x)));
  }

  private coproc(hw1: u32, hw2: u32): void {
    const cp = (hw2 >>> 8) & 15;
    if (!this.fpu || (cp & 14) != 10) return this.nocp(hw1, hw2);
    if (hw1 >= 0xf000) return this.vfpv5(hw1, hw2);
    const dbl = cp == 11;
    if ((hw1 & 0xe00) == 0xc00) {
      // 0xEC, 0xED: extension register load/store, 64-bit transfers
      if ((hw1 & 0x1e0) == 0x040) return this.vmov64(hw1, hw2, dbl);
      return this.vldst(hw1, hw2, dbl);
    }
    if ((hw1 & 0xf00) != 0xe00) return this.undef(hw1, hw2, true);
    if (hw2 & 0x10) return this.vxfer(hw1, hw2, dbl);
    if (dbl) return this.undef(hw1, hw2, true); // double precision data processing: SP-only FPU
    this.vdp(hw1, hw2);
  }

  /** VMOV between two core registers and two S registers or one D register. */
  private vmov64(hw1: u32, hw2: u32, dbl: bool): void {
    const r = this.r;
    const t = hw2 >>> 12;
    const t2 = hw1 & 15;
    if ((hw2 & 0xd0) != 0x10) return this.undef(hw1, hw2, true);
    const m = dbl ? (((hw2 >>> 5) & 1) << 5) | ((hw2 & 15) << 1) : ((hw2 & 15) << 1) | ((hw2 >>> 5) & 1);
    if (m > 30 || (dbl && m > 30)) return this.undef(hw1, hw2, true);
    if (hw1 & 0x10) {
      unchecked((r[t] = unchecked(this.s[m])));
      unchecked((r[t2] = unchecked(this.s[m + 1])));
    } else {
      unchecked((this.s[m] = unchecked(r[t])));
      unchecked((this.s[m + 1] = unchecked(r[t2])));
    }
  }

  /** VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP. */
  private vldst(hw1: u32, hw2: u32, dbl: bool): void {
    const r = this.r;
    const bus = this.bus;
    const p = (hw1 & 0x100) != 0;
    const u = (hw1 & 0x80) != 0;
    const w = (hw1 & 0x20) != 0;
    const load = (hw1 & 0x10) != 0;
    const nreg = hw1 & 15;
    const dbit = (hw1 >>> 6) & 1;
    const vd = (hw2 >>> 12) & 15;
    const first = dbl ? ((dbit << 4) | vd) << 1 : (vd << 1) | dbit;
    const imm = (hw2 & 0xff) << 2;
    const base = nreg == 15 ? (this.pc + 4) & ~3 : unchecked(r[nreg]);
    if (p && !w) {
      // VLDR, VSTR
      const a = u ? base + imm : base - imm;
      if (a & 3) return this.unaligned();
      const cnt: u32 = dbl ? 2 : 1;
      if (first + cnt > 32) return this.undef(hw1, hw2, true);
      for (let i: u32 = 0; i < cnt; i++) {
        if (load) {
          const x = this.ld32(a + 4 * i);
          if (bus.stop != 0) return;
          unchecked((this.s[first + i] = x));
        } else {
          this.st32(a + 4 * i, unchecked(this.s[first + i]));
          if (bus.stop != 0) return;
        }
      }
      return;
    }
    if (p == u || nreg == 15) return this.undef(hw1, hw2, true);
    // VLDM, VSTM (IA or DB); FLDMX/FSTMX (odd count with cp11) transfer count - 1 words
    let words = hw2 & 0xff;
    if (dbl) words &= ~1;
    if (words == 0 || first + words > 32) return this.undef(hw1, hw2, true);
    const start = u ? base : base - imm;
    if (start & 3) return this.unaligned();
    for (let i: u32 = 0; i < words; i++) {
      if (load) {
        const x = this.ld32(start + 4 * i);
        if (bus.stop != 0) return;
        unchecked((this.s[first + i] = x));
      } else {
        this.st32(start + 4 * i, unchecked(this.s[first + i]));
        if (bus.stop != 0) return;
      }
    }
    if (w) unchecked((r[nreg] = u ? base + imm : base - imm));
  }

  /** VMOV core <-> S register, VMRS, VMSR. */
  private vxfer(hw1: u32, hw2: u32, dbl: bool): void {
    const r = this.r;
    const t = hw2 >>> 12;
    if (dbl || (hw2 & 0x6f) != 0) return this.undef(hw1, hw2, true);
    const op = (hw1 >>> 5) & 7;
    if (op == 0) {
      const nidx = ((hw1 & 15) << 1) | ((hw2 >>> 7) & 1);
      if (hw1 & 0x10) {
        if (t == 15) return this.undef(hw1, hw2, true);
        unchecked((r[t] = unchecked(this.s[nidx])));
      } else unchecked((this.s[nidx] = unchecked(r[t])));
      return;
    }
    if (op == 7 && (hw1 & 15) == 1) {
      if (hw1 & 0x10) {
        // VMRS
        if (t == 15) {
          this.n = this.fpscr >>> 31;
          this.z = (this.fpscr >>> 30) & 1;
          this.c = (this.fpscr >>> 29) & 1;
          this.v = (this.fpscr >>> 28) & 1;
        } else unchecked((r[t] = this.fpscr));
      } else this.fpscr = unchecked(r[t]) & 0xf7c0009f;
      return;
    }
    this.undef(hw1, hw2, true);
  }

  /** Floating-point data processing (A6.4), single precision. */
  private vdp(hw1: u32, hw2: u32): void {
    const opc1 = (hw1 >>> 4) & 0xb;
    const opc2 = hw1 & 15;
    const op = (hw2 >>> 6) & 1;
    const d = (((hw2 >>> 12) & 15) << 1) | ((hw1 >>> 6) & 1);
    const n = ((hw1 & 15) << 1) | ((hw2 >>> 7) & 1);
    const m = ((hw2 & 15) << 1) | ((hw2 >>> 5) & 1);
    if (opc1 == 11) return this.vother(hw1, hw2, opc2, d, m);
    const a = unchecked(this.s[n]);
    const b = unchecked(this.s[m]);
    const c = unchecked(this.s[d]);
    this.vdpOp(hw1, hw2, opc1, op, d, n, m);
    // A NaN result is the architecture's NaN, not the host's (FPProcessNaNs, FPDefaultNaN)
    if (this.fault == 0 && (unchecked(this.s[d]) & 0x7fffffff) > 0x7f800000) {
      unchecked((this.s[d] = this.armNaN(opc1 == 2 || opc1 == 3 || opc1 == 8 ? 0 : c, a, b)));
    }
  }

  /** The NaN an operation with NaN operands x (the addend of a multiply-accumulate, or 0),
   * y, z returns: the first signalling one quietened, else the first quiet one; the default
   * NaN when none is a NaN (an invalid operation) or FPSCR.DN is set. */
  private armNaN(x: u32, y: u32, z: u32): u32 {
    if (this.fpscr & (1 << 25)) return 0x7fc00000;
    const sx = this.isSNaN(x),
      sy = this.isSNaN(y),
      sz = this.isSNaN(z);
    if (sx) return x | 0x400000;
    if (sy) return y | 0x400000;
    if (sz) return z | 0x400000;
    if ((x & 0x7fffffff) > 0x7f800000) return x;
    if ((y & 0x7fffffff) > 0x7f800000) return y;
    if ((z & 0x7fffffff) > 0x7f800000) return z;
    return 0x7fc00000;
  }
  private isSNaN(x: u32): bool {
    return (x & 0x7fffffff) > 0x7f800000 && (x & 0x400000) == 0;
  }

  private vdpOp(hw1: u32, hw2: u32, opc1: u32, op: u32, d: u32, n: u32, m: u32): void {
    // FPSCR.RMode (fpround.ts: WebAssembly itself rounds to nearest); the multiply-accumulates
    // that are not fused round the product, then the sum.
    const rm = armRoundingMode(this.fpscr >> 22);
    switch (opc1) {
      case 0: {
        // VMLA, VMLS
        const p = mulS(this.sf(n), this.sf(m), rm);
        this.setSf(d, addS(this.sf(d), op ? -p : p, rm));
        return;
      }
      case 1: {
        // VNMLS, VNMLA
        const p = mulS(this.sf(n), this.sf(m), rm);
        this.setSf(d, addS(-this.sf(d), op ? -p : p, rm));
        return;
      }
      case 2: {
        // VMUL, VNMUL
        const p = mulS(this.sf(n), this.sf(m), rm);
        this.setSf(d, op ? -p : p);
        return;
      }
      case 3:
        // VADD, VSUB
        this.setSf(d, addS(this.sf(n), op ? -this.sf(m) : this.sf(m), rm));
        return;
      case 8:
        if (op) return this.undef(hw1, hw2, true);
        this.setSf(d, divS(this.sf(n), this.sf(m), rm));
        return;
      case 9:
      case 10: {
        // VFNMS, VFNMA (9), VFMA, VFMS (10): fused, one rounding
        const nn = this.sf(n);
        const acc = this.sf(d);
        this.setSf(d, fmaS(op ? -nn : nn, this.sf(m), opc1 == 10 ? acc : -acc, rm));
        return;
      }
      default:
        this.undef(hw1, hw2, true);
    }
  }

  private vother(hw1: u32, hw2: u32, opc2: u32, d: u32, m: u32): void {
    const s = this.s;
    if ((hw2 & 0x40) == 0) {
      // VMOV (immediate): VFPExpandImm
      const imm8 = ((hw1 & 15) << 4) | (hw2 & 15);
      if (hw2 & 0xa0) return this.undef(hw1, hw2, true);
      unchecked((s[d] = ((imm8 & 0x80) << 24) | (imm8 & 0x40 ? 0x3e000000 : 0x40000000) | ((imm8 & 0x3f) << 19)));
      return;
    }
    const top = (hw2 >>> 7) & 1;
    switch (opc2) {
      case 0:
        // VMOV (register), VABS
        unchecked((s[d] = top ? unchecked(s[m]) & 0x7fffffff : unchecked(s[m])));
        return;
      case 1:
        // VNEG, VSQRT
        if (top) {
          const x = unchecked(s[m]);
          this.setSf(d, sqrtS(this.sf(m), armRoundingMode(this.fpscr >> 22)));
          if ((unchecked(s[d]) & 0x7fffffff) > 0x7f800000) unchecked((s[d] = this.armNaN(0, x, 0)));
        } else unchecked((s[d] = unchecked(s[m]) ^ 0x80000000));
        return;
      case 4:
      case 5: {
        // VCMP, VCMPE (with zero when opc2 is 5)
        const a = this.sf(d);
        const b: f32 = opc2 == 5 ? 0 : this.sf(m);
        let f: u32;
        if (isNaN(a) || isNaN(b)) {
          f = 0x3;
          if (top) this.fpscr |= 1; // IOC
        } else if (a == b) f = 0x6;
        else if (a < b) f = 0x8;
        else f = 0x2;
        this.fpscr = (this.fpscr & 0x0fffffff) | (f << 28);
        return;
      }
      case 8: {
        // VCVT.F32.S32, VCVT.F32.U32
        const x = unchecked(s[m]);
        this.setSf(d, top ? <f32>(<i32>x) : <f32>x);
        return;
      }
      case 12:
      case 13: {
        // VCVT{R}.U32.F32, VCVT{R}.S32.F32
        const x = <f64>this.sf(m);
        const rx = top ? trunc<f64>(x) : this.roundMode(x);
        unchecked((s[d] = opc2 == 13 ? this.satS(rx, 32) : this.satU(rx, 32)));
        return;
      }
      case 10:
      case 11:
      case 14:
      case 15: {
        // VCVT between F32 and fixed point (sx: 32-bit, else 16-bit)
        if (hw2 & 0x100) return this.undef(hw1, hw2, true);
        const size: i32 = hw2 & 0x80 ? 32 : 16;
        const frac = size - <i32>(((hw2 & 15) << 1) | ((hw2 >>> 5) & 1));
        if (frac < 0) return this.undef(hw1, hw2, true);
        const uns = (opc2 & 1) != 0;
        const scale = Math.pow(2, <f64>frac);
        if (opc2 >= 14) {
          const x = trunc<f64>(<f64>this.sf(d) * scale);
          unchecked((s[d] = uns ? this.satU(x, size) : this.satS(x, size)));
        } else {
          const x = unchecked(s[d]);
          const v: f64 = uns ? (size == 16 ? <f64>(x & 0xffff) : <f64>x) : size == 16 ? <f64>(<i16>x) : <f64>(<i32>x);
          this.setSf(d, <f32>(v / scale));
        }
        return;
      }
      case 2: {
        // VCVTB, VCVTT: half precision (IEEE format) to single
        const h = top ? unchecked(s[m]) >>> 16 : unchecked(s[m]) & 0xffff;
        unchecked((s[d] = this.halfToSingle(h)));
        return;
      }
      case 3: {
        // VCVTB, VCVTT: single to half precision, into the bottom or top half of Sd
        const h = this.singleToHalf(unchecked(s[m]));
        unchecked((s[d] = top ? (unchecked(s[d]) & 0xffff) | (h << 16) : (unchecked(s[d]) & 0xffff0000) | h));
        return;
      }
      case 6:
      case 7: {
        // VRINTR, VRINTZ (6), VRINTX (7): ARMv8-M's FPv5 only
        if (!this.v8 || (opc2 == 7 && top)) return this.undef(hw1, hw2, true);
        const x = <f64>this.sf(m);
        this.setSf(d, <f32>(opc2 == 6 && top ? trunc<f64>(x) : this.roundMode(x)));
        return;
      }
      default:
        // VCVT between single and double: no double precision
        this.undef(hw1, hw2, true);
    }
  }

  /** The FPv5 encodings with the T bit set (ARMv8-M, cortex-m33): VSEL, VMAXNM, VMINNM,
   * VRINTA/N/P/M, VCVTA/N/P/M. */
  private vfpv5(hw1: u32, hw2: u32): void {
    if (!this.v8 || (hw2 & 0xf10) != 0xa00) return this.undef(hw1, hw2, true);
    const d = (((hw2 >>> 12) & 15) << 1) | ((hw1 >>> 6) & 1);
    const n = ((hw1 & 15) << 1) | ((hw2 >>> 7) & 1);
    const m = ((hw2 & 15) << 1) | ((hw2 >>> 5) & 1);
    const s = this.s;
    if ((hw1 & 0xff80) == 0xfe00) {
      // VSEL<cc>: eq, vs, ge, gt
      if (hw2 & 0x40) return this.undef(hw1, hw2, true);
      const cc = (hw1 >>> 4) & 3;
      const pass = cc == 0 ? this.z != 0 : cc == 1 ? this.v != 0 : cc == 2 ? this.n == this.v : this.z == 0 && this.n == this.v;
      unchecked((s[d] = pass ? unchecked(s[n]) : unchecked(s[m])));
      return;
    }
    if ((hw1 & 0xffb0) == 0xfe80) {
      // VMAXNM, VMINNM: a quiet NaN loses to a number
      const a = this.sf(n);
      const b = this.sf(m);
      let res: f32;
      if (isNaN(a)) res = isNaN(b) ? NaN : b;
      else if (isNaN(b)) res = a;
      else if (hw2 & 0x40) res = min<f32>(a, b);
      else res = max<f32>(a, b);
      this.setSf(d, res);
      return;
    }
    if ((hw1 & 0xffbc) == 0xfeb8 || (hw1 & 0xffbc) == 0xfebc) {
      if ((hw2 & 0x50) != 0x40) return this.undef(hw1, hw2, true);
      const x = <f64>this.sf(m);
      let rx: f64;
      switch (hw1 & 3) {
        case 0:
          // ties away from zero
          rx = x < 0 ? -floor<f64>(-x + 0.5) : floor<f64>(x + 0.5);
          break;
        case 1:
          rx = nearest<f64>(x);
          break;
        case 2:
          rx = ceil<f64>(x);
          break;
        default:
          rx = floor<f64>(x);
      }
      if ((hw1 & 4) == 0)
        this.setSf(d, <f32>rx); // VRINT{A,N,P,M}
      else unchecked((s[d] = hw2 & 0x80 ? this.satS(rx, 32) : this.satU(rx, 32))); // VCVT{A,N,P,M}
      return;
    }
    this.undef(hw1, hw2, true);
  }

  /** IEEE half precision to single. */
  private halfToSingle(h: u32): u32 {
    const sign = (h & 0x8000) << 16;
    const e = (h >>> 10) & 31;
    const f = h & 0x3ff;
    if (e == 31) return sign | 0x7f800000 | (f << 13) | (f != 0 ? 0x400000 : 0);
    if (e != 0) return sign | ((e + 112) << 23) | (f << 13);
    if (f == 0) return sign;
    // subnormal: exact in single precision
    return sign | reinterpret<u32>(<f32>f * <f32>5.9604644775390625e-8);
  }

  /** Single to IEEE half precision, rounding to nearest even. */
  private singleToHalf(x: u32): u32 {
    const sign = (x >>> 16) & 0x8000;
    const e = <i32>((x >>> 23) & 0xff);
    const f = x & 0x7fffff;
    if (e == 255) return sign | 0x7c00 | (f != 0 ? 0x200 | (f >>> 13) : 0);
    const a = abs<f64>(<f64>reinterpret<f32>(x));
    if (a >= 65520) return sign | 0x7c00;
    if (a < 6.103515625e-5) {
      // subnormal half: units of 2^-24, rounded to nearest even
      return sign | (<u32>nearest<f64>(a * 16777216));
    }
    // normal: round the 23-bit fraction to 10 bits
    let he = e - 112;
    let hf = f >>> 13;
    const rest = f & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (hf & 1) != 0)) {
      hf++;
      if (hf == 0x400) {
        hf = 0;
        he++;
      }
    }
    return sign | ((<u32>he) << 10) | hf;
  }

  /** Rounds per FPSCR.RMode. */
  private roundMode(x: f64): f64 {
    switch ((this.fpscr >>> 22) & 3) {
      case 0:
        return nearest<f64>(x);
      case 1:
        return ceil<f64>(x);
      case 2:
        return floor<f64>(x);
      default:
        return trunc<f64>(x);
    }
  }
  /** FPToFixed saturation, signed, to `size` bits (sign-extended to 32); IOC when it saturates. */
  private satS(x: f64, size: i32): u32 {
    const hi = Math.pow(2, <f64>(size - 1)) - 1;
    const lo = -Math.pow(2, <f64>(size - 1));
    if (isNaN(x)) {
      this.fpscr |= 1;
      return 0;
    }
    if (x > hi) {
      this.fpscr |= 1;
      return <u32>(<i64>hi);
    }
    if (x < lo) {
      this.fpscr |= 1;
      return <u32>(<i64>lo);
    }
    return <u32>(<i64>x);
  }
  private satU(x: f64, size: i32): u32 {
    const hi = Math.pow(2, <f64>size) - 1;
    if (isNaN(x)) {
      this.fpscr |= 1;
      return 0;
    }
    if (x > hi) {
      this.fpscr |= 1;
      return <u32>(<i64>hi);
    }
    if (x < 0) {
      this.fpscr |= 1;
      return 0;
    }
    return <u32>(<i64>x);
  }
}
