// The one interface every emulated CPU implements (thumb.ts, riscv.ts; AArch64, x86-64,
// Xtensa and ARC can follow). The run driver (run.ts) sets a call up, runs it, and on a trap
// into the image lets the host side (host.ts) read the arguments and return a value through
// it; fatal.ts asks it for the registers Zephyr's fatal error handler prints.
import { Bus } from "./bus";

/** The variadic arguments of a call as va_arg() would read them (printk's "..."), or the
 * arguments a va_list points at (vsnprintk). */
export abstract class ArgReader {
  /** int, unsigned int, char, short (promoted), and on 32-bit targets long and pointers. */
  abstract next32(): u32;
  /** long long, and on 64-bit targets long, size_t and pointers (aligned as the ABI says). */
  abstract next64(): u64;
  /** A pointer-sized argument. */
  abstract nextPtr(): u64;
  /** A double (promoted float): from the FP registers or the core registers as the ABI says. */
  abstract nextF64(): f64;
}

export abstract class Cpu {
  /** Instructions executed since prepareCall(). */
  instructions: u64 = 0;

  constructor(public bus: Bus) {}

  /** A short name of the core for messages ("ARMv7-M", "RV32IMAC"). */
  abstract coreName(): string;
  /** Pointer size in bytes (4 or 8). */
  abstract xlen(): i32;

  /** The address of the next instruction (for Thumb without the state bit). */
  abstract getPc(): u64;
  abstract setPc(v: u64): void;
  abstract getSp(): u64;

  /** Registers as Zephyr's fatal error handler names them, for dumps and the UI. */
  abstract regCount(): i32;
  abstract regName(i: i32): string;
  abstract reg(i: i32): u64;
  abstract setReg(i: i32, v: u64): void;

  /**
   * Sets the registers up for a call of `entry` (a function pointer as the export table has
   * it: the Thumb bit set on Cortex-M) with integer arguments `args` per the calling
   * convention; returning from it jumps to `ret` (an address in the bus's trap range), with
   * the stack pointer at `sp` (already aligned as the ABI asks).
   */
  abstract prepareCall(entry: u64, args: u64[], ret: u64, sp: u64): void;

  /** Integer or pointer argument `i` at the entry of a function the CPU just called. */
  abstract arg(i: i32): u64;
  /** The variadic arguments starting at argument `first` (printk(fmt, ...): first = 1). */
  abstract varargs(first: i32): ArgReader;
  /** The arguments a va_list value points at (vsnprintk's `ap`, as `arg(i)` gave it). */
  abstract vaList(ap: u64): ArgReader;

  /** Returns from a function the host side ran: `lo` (and for a 64-bit result on a 32-bit
   * core `hi`) into the return registers, then continue at the return address. */
  abstract hostReturn(lo: u64, hi: u64): void;
  /** The integer return register after the call returned (r0, a0). */
  abstract retval(): u64;

  /**
   * Runs at most `n` instructions; stops early as soon as an instruction sets `bus.stop`
   * (a fault or a trap) or faults itself (`fault`). Returns the number executed; an
   * instruction that faulted does not count, and getPc() is its address.
   */
  abstract run(n: u64): u64;

  /** A FaultKind the CPU itself raised (undefined instruction, unaligned access, division
   * by zero where the core traps); 0 when none. The bus's faults are in bus.stop. */
  fault: i32 = 0;
  /** For an undefined instruction: its encoding (for the explanation). */
  faultInsn: u32 = 0;
  /** What exactly the core refused, in the architecture's words where it has them
   * ("Illegal use of the EPSR", "Unaligned memory access"); fatal.ts prints it. */
  faultNote: string = "";

  /** The index of the register regName() calls `name`, or -1. */
  regIndex(name: string): i32 {
    for (let i = 0; i < this.regCount(); i++) if (this.regName(i) == name) return i;
    return -1;
  }
}
