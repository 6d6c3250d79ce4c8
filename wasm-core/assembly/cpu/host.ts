// The Zephyr image on the host side: when an extension calls a function of the image's export
// table, the CPU traps (bus.ts) and the function named by the export table runs here, reading
// its arguments through the Cpu interface and returning through it.
//
// A function the playground does not emulate stops the call with FAULT_NOT_EMULATED. System
// calls are exported as z_impl_<name> (subsys/llext/llext_export.c): both names run the same
// function here.
//
// Modelled: printk() and friends (lib/os/printk.c over cbprintf.ts), the minimal C library's
// string functions (lib/libc/minimal/source/string/), the kernel's clock (virtual time, below),
// the system heap (kernel/mempool.c over heap/sysheap.ts), and the compiler's run-time helpers
// (hostmath.ts).
//
// Virtual time. `cycles` counts CPU cycles: one per instruction (run.ts adds them) plus what
// sleeping and busy-waiting add. Three rates per board turn it into Zephyr's clocks:
//   cpuHz           the core clock the instructions run at;
//   hwCyclesPerSec  CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC, what k_cycle_get_32() counts;
//   ticksPerSec     CONFIG_SYS_CLOCK_TICKS_PER_SEC, the kernel tick of k_sleep() and uptime.
// The defaults per core are in clockRatesFor(); `kconfig` lines for the two Kconfig options
// override them.
import { Cpu, ArgReader } from "./cpu";
import { Bus } from "./bus";
import { CbprintfConfig, ByteSink, BufferSink, cbvprintf } from "./cbprintf";
import { helperOp, runHelper, ret32, ret64 } from "./hostmath";
import { DEFAULT_THREAD_ADDR, configureFatal } from "./fatal";
import { SimConfig } from "../config/sim";
import { MemArea, SimMemory } from "../loader/memory";
import { SysHeap, SysHeapConfig, HEAP_MODE_AUTO, HEAP_MODE_BIG_ONLY, HEAP_MODE_SMALL_ONLY } from "../heap/sysheap";
import { FAULT_HOST_ERROR, FAULT_NOT_EMULATED } from "../trace/events";
import { ptr } from "../util/fmt";

/** The clocks of a board (see the file comment). */
export class ClockRates {
  constructor(
    public cpuHz: u64,
    public hwCyclesPerSec: u64,
    public ticksPerSec: u64,
  ) {}
}

/**
 * The clock rates of the boards' cores:
 * - cortex-m4f (nRF52840 DK): a 64 MHz core; the system timer is RTC1 at 32768 Hz, and
 *   soc/nordic's Kconfig.defconfig makes both the tick and the hardware cycle 32768 Hz.
 * - cortex-m3 (MPS2 AN385): SysTick counts the 25 MHz core clock; the board selects
 *   QEMU_TARGET (boards/arm/mps2/Kconfig), and kernel/Kconfig's SYS_CLOCK_TICKS_PER_SEC is
 *   "default 100 if QEMU_TARGET || SOC_POSIX", then "default 10000 if TICKLESS_KERNEL".
 * - rv32imac, rv64gc (QEMU virt): the machine timer runs at 10 MHz and instructions are
 *   counted at the same rate; QEMU_TARGET, 100 Hz ticks.
 * - anything else: 10 MHz, 10 MHz, and the kernel's tickless default of 10000 Hz.
 */
export function clockRatesFor(core: string): ClockRates {
  if (core == "cortex-m4f") return new ClockRates(64_000_000, 32768, 32768);
  if (core == "cortex-m3") return new ClockRates(25_000_000, 25_000_000, 100);
  if (core == "rv32imac" || core == "rv64gc") return new ClockRates(10_000_000, 10_000_000, 100);
  return new ClockRates(10_000_000, 10_000_000, 10000);
}

/** CONFIG_HEAP_MEM_POOL_SIZE when the engine input does not give it: 16 KiB. */
export const DEFAULT_SYSTEM_HEAP_SIZE: u64 = 16384;

/** Zephyr's ENOSYS (lib/libc/minimal/include/errno.h). */
const ENOSYS: i32 = 88;

// Operations of the image's functions.
const H_PRINTK: i32 = 1;
const H_VPRINTK: i32 = 2;
const H_SNPRINTK: i32 = 3;
const H_VSNPRINTK: i32 = 4;
const H_MEMCPY: i32 = 5;
const H_MEMMOVE: i32 = 6;
const H_MEMSET: i32 = 7;
const H_MEMCMP: i32 = 8;
const H_STRLEN: i32 = 9;
const H_STRNLEN: i32 = 10;
const H_STRCMP: i32 = 11;
const H_STRNCMP: i32 = 12;
const H_STRCPY: i32 = 13;
const H_STRNCPY: i32 = 14;
const H_STRCHR: i32 = 15;
const H_STRRCHR: i32 = 16;
const H_AEABI_MEMCPY: i32 = 17;
const H_AEABI_MEMMOVE: i32 = 18;
const H_AEABI_MEMSET: i32 = 19;
const H_AEABI_MEMCLR: i32 = 20;
const H_K_SLEEP: i32 = 30;
const H_K_MSLEEP: i32 = 31;
const H_K_USLEEP: i32 = 32;
const H_K_BUSY_WAIT: i32 = 33;
const H_K_UPTIME_GET: i32 = 34;
const H_K_UPTIME_GET_32: i32 = 35;
const H_K_UPTIME_TICKS: i32 = 36;
const H_K_CYCLE_GET_32: i32 = 37;
const H_K_CYCLE_GET_64: i32 = 38;
const H_K_YIELD: i32 = 39;
const H_K_CURRENT_GET: i32 = 40;
const H_K_THREAD_NAME_GET: i32 = 41;
const H_K_THREAD_NAME_SET: i32 = 42;
const H_SYS_RAND32_GET: i32 = 43;
const H_K_STR_OUT: i32 = 44;
const H_K_MALLOC: i32 = 50;
const H_K_CALLOC: i32 = 51;
const H_K_FREE: i32 = 52;
const H_K_ALIGNED_ALLOC: i32 = 53;
const H_K_REALLOC: i32 = 54;

// prettier-ignore
const HOST_NAMES: string[] = [
  "printk", "vprintk", "snprintk", "vsnprintk", "memcpy", "memmove", "memset", "memcmp",
  "strlen", "strnlen", "strcmp", "strncmp", "strcpy", "strncpy", "strchr", "strrchr",
  "__aeabi_memcpy", "__aeabi_memcpy4", "__aeabi_memcpy8", "__aeabi_memmove", "__aeabi_memmove4",
  "__aeabi_memmove8", "__aeabi_memset", "__aeabi_memset4", "__aeabi_memset8", "__aeabi_memclr",
  "__aeabi_memclr4", "__aeabi_memclr8",
  "k_sleep", "k_msleep", "k_usleep", "k_busy_wait", "k_uptime_get", "k_uptime_get_32",
  "k_uptime_ticks", "k_cycle_get_32", "sys_clock_cycle_get_32", "k_cycle_get_64",
  "sys_clock_cycle_get_64", "k_yield", "k_current_get", "k_sched_current_thread_query",
  "k_thread_name_get", "k_thread_name_set", "sys_rand32_get", "k_str_out",
  "k_malloc", "k_calloc", "k_free", "k_aligned_alloc", "k_realloc",
];
// prettier-ignore
const HOST_OPS: i32[] = [
  H_PRINTK, H_VPRINTK, H_SNPRINTK, H_VSNPRINTK, H_MEMCPY, H_MEMMOVE, H_MEMSET, H_MEMCMP,
  H_STRLEN, H_STRNLEN, H_STRCMP, H_STRNCMP, H_STRCPY, H_STRNCPY, H_STRCHR, H_STRRCHR,
  H_AEABI_MEMCPY, H_AEABI_MEMCPY, H_AEABI_MEMCPY, H_AEABI_MEMMOVE, H_AEABI_MEMMOVE,
  H_AEABI_MEMMOVE, H_AEABI_MEMSET, H_AEABI_MEMSET, H_AEABI_MEMSET, H_AEABI_MEMCLR,
  H_AEABI_MEMCLR, H_AEABI_MEMCLR,
  H_K_SLEEP, H_K_MSLEEP, H_K_USLEEP, H_K_BUSY_WAIT, H_K_UPTIME_GET, H_K_UPTIME_GET_32,
  H_K_UPTIME_TICKS, H_K_CYCLE_GET_32, H_K_CYCLE_GET_32, H_K_CYCLE_GET_64,
  H_K_CYCLE_GET_64, H_K_YIELD, H_K_CURRENT_GET, H_K_CURRENT_GET,
  H_K_THREAD_NAME_GET, H_K_THREAD_NAME_SET, H_SYS_RAND32_GET, H_K_STR_OUT,
  H_K_MALLOC, H_K_CALLOC, H_K_FREE, H_K_ALIGNED_ALLOC, H_K_REALLOC,
];

let hostTable: Map<string, i32> | null = null;

/** The operation of image function `name` (z_impl_ prefix allowed), or 0. */
export function hostOp(name: string): i32 {
  let t = hostTable;
  if (t == null) {
    t = new Map<string, i32>();
    for (let i = 0; i < HOST_NAMES.length; i++) t.set(HOST_NAMES[i], HOST_OPS[i]);
    hostTable = t;
  }
  const n = name.startsWith("z_impl_") ? name.substring(7) : name;
  return t.has(n) ? t.get(n) : 0;
}

/** a * b / c rounded down (or up), without overflowing for the clock conversions. */
function mulDiv(a: u64, b: u64, c: u64, up: bool): u64 {
  if (c == 0) return 0;
  if (b == 0 || a <= u64.MAX_VALUE / b) {
    const p = a * b;
    return p / c + (up && p % c != 0 ? 1 : 0);
  }
  // Beyond 64 bits: split a into quotient and remainder by c.
  const q = a / c,
    r = a % c;
  const lo = r <= u64.MAX_VALUE / b ? (r * b) / c : <u64>((<f64>r * <f64>b) / <f64>c);
  return q * b + lo + (up ? 1 : 0);
}

export class HostEnv {
  /** Console output of the current call not yet recorded (run.ts flushes it). */
  console: string = "";
  /** Why the last hostCall() failed (a FaultKind was returned). */
  detail: string = "";
  /** Virtual time, in CPU cycles (one per instruction, plus what k_sleep and friends add). */
  cycles: u64 = 0;

  /** The clocks (see the file comment); configure() sets them per board. */
  cpuHz: u64 = 10_000_000;
  hwCyclesPerSec: u64 = 10_000_000;
  ticksPerSec: u64 = 10000;

  arch: string = "arm";
  /** CONFIG_TIMEOUT_64BIT (default y): k_ticks_t is 64 bits, else 32. */
  timeout64: bool = true;
  fmt: CbprintfConfig = new CbprintfConfig();

  /** The address k_current_get() returns: the calling thread's struct k_thread. */
  threadAddr: u64 = DEFAULT_THREAD_ADDR;
  /** The system heap's buffer (K_HEAP_DEFINE(_system_heap, K_HEAP_MEM_POOL_SIZE)) and the
   * address of its struct k_heap, which k_malloc() stores before every block. */
  heapBase: u64 = 0;
  heapSize: u64 = 0;
  heapObject: u64 = 0;
  heap: SysHeap | null = null;
  heapArea: MemArea | null = null;
  /** Why there is no system heap ("" when there is one or none was asked for). */
  heapNote: string = "";

  /** sys_rand32_get()'s state: a fixed seed, so that every run gives the same numbers. */
  randState: u32 = 0x2545f491;

  /**
   * Takes the board's facts from the engine input and places the system heap in `mem`:
   *  - the clocks from the core (clockRatesFor()), CONFIG_SYS_CLOCK_TICKS_PER_SEC and
   *    CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC;
   *  - cbprintf's options (CONFIG_CBPRINTF_FP_SUPPORT, or CONFIG_FPU by its default;
   *    CONFIG_CBPRINTF_REDUCED_INTEGRAL; CONFIG_CBPRINTF_N_SPECIFIER);
   *  - the system heap: CONFIG_HEAP_MEM_POOL_SIZE bytes (DEFAULT_SYSTEM_HEAP_SIZE when not
   *    given; 0: no heap, k_malloc() returns NULL) at `heap _system_heap ADDR` when the input
   *    has it, else just below the calling thread's struct k_thread, which sits just below
   *    the stack guard: [heap][struct k_heap, 64 bytes][struct k_thread, 256 bytes][guard][stack].
   */
  configure(cfg: SimConfig, mem: SimMemory): void {
    this.arch = cfg.arch;
    const f = this.fmt;
    f.ptrBytes = <i32>cfg.ptrSize;
    f.longBytes = <i32>cfg.ptrSize;
    f.is64 = cfg.ptrSize == 8;
    f.charSigned = cfg.arch == "x86" || cfg.arch == "x86_64";
    f.nano = cfg.bool("CONFIG_CBPRINTF_NANO");
    f.fullIntegral = !cfg.bool("CONFIG_CBPRINTF_REDUCED_INTEGRAL");
    this.timeout64 = !cfg.kconfig.has("CONFIG_TIMEOUT_64BIT") || cfg.bool("CONFIG_TIMEOUT_64BIT");
    f.fp = cfg.kconfig.has("CONFIG_CBPRINTF_FP_SUPPORT") ? cfg.bool("CONFIG_CBPRINTF_FP_SUPPORT") : cfg.bool("CONFIG_FPU");
    f.nSpecifier = !cfg.kconfig.has("CONFIG_CBPRINTF_N_SPECIFIER") || cfg.bool("CONFIG_CBPRINTF_N_SPECIFIER");

    const r = clockRatesFor(cfg.cpu);
    this.cpuHz = r.cpuHz;
    this.hwCyclesPerSec = <u64>cfg.int("CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC", <i64>r.hwCyclesPerSec);
    this.ticksPerSec = <u64>cfg.int("CONFIG_SYS_CLOCK_TICKS_PER_SEC", <i64>r.ticksPerSec);
    if (this.hwCyclesPerSec == 0) this.hwCyclesPerSec = r.hwCyclesPerSec;
    if (this.ticksPerSec == 0) this.ticksPerSec = r.ticksPerSec;

    if (cfg.stackSize > 0) this.threadAddr = cfg.stackBase - 64 - 0x100;
    configureFatal(this.threadAddr, cfg.cpu);
    this.heapObject = this.threadAddr - 0x40;

    const size = <u64>cfg.int("CONFIG_HEAP_MEM_POOL_SIZE", <i64>DEFAULT_SYSTEM_HEAP_SIZE);
    if (size == 0) return;
    const base = cfg.heapBase("_system_heap", (this.heapObject - size) & ~(<u64>7));
    this.placeHeap(cfg, mem, base, size);
  }

  /** Makes the system heap over [base, base + size) unless that meets other memory. */
  placeHeap(cfg: SimConfig, mem: SimMemory, base: u64, size: u64): void {
    for (let i = 0; i < mem.areas.length; i++) {
      const a = mem.areas[i];
      if (base < a.base + <u64>a.size && a.base < base + size) {
        this.heapNote = "the system heap at " + ptr(base) + " would overlap " + a.name;
        return;
      }
    }
    const hc = new SysHeapConfig();
    hc.ptrSize = cfg.ptrSize;
    hc.mode = cfg.bool("CONFIG_SYS_HEAP_SMALL_ONLY")
      ? HEAP_MODE_SMALL_ONLY
      : cfg.bool("CONFIG_SYS_HEAP_BIG_ONLY")
        ? HEAP_MODE_BIG_ONLY
        : HEAP_MODE_AUTO;
    hc.structSize = cfg.bool("CONFIG_SYS_HEAP_RUNTIME_STATS") ? (cfg.ptrSize == 8 ? 40 : 28) : 16;
    hc.loops = <i32>cfg.int("CONFIG_SYS_HEAP_ALLOC_LOOPS", 3);
    const h = new SysHeap(base, size, hc);
    if (!h.valid) {
      this.heapNote = "the system heap is unusable: " + h.error;
      return;
    }
    this.heap = h;
    this.heapBase = base;
    this.heapSize = size;
    this.heapArea = mem.add(new MemArea("_system_heap", base, <i32>size, true));
  }

  // ---- virtual time ----

  /** sys_clock_tick_get(): whole ticks elapsed. */
  ticks(): u64 {
    return mulDiv(this.cycles, this.ticksPerSec, this.cpuHz, false);
  }
  /** The hardware cycle counter (k_cycle_get_64()). */
  hwCycles(): u64 {
    return mulDiv(this.cycles, this.hwCyclesPerSec, this.cpuHz, false);
  }
  /** Moves time to the start of tick `t` (never backwards). */
  advanceToTick(t: u64): void {
    const c = mulDiv(t, this.cpuHz, this.ticksPerSec, true);
    if (c > this.cycles) this.cycles = c;
  }

  /**
   * z_tick_sleep() (kernel/sched.c) for a k_timeout_t of `ticks`: K_NO_WAIT yields; a relative
   * timeout expires at the tick boundary z_add_timeout() (kernel/timeout.c) sets,
   * now + ticks + 1; an absolute one (Z_TICK_ABS) at that tick, at least one tick ahead.
   * Returns false for K_FOREVER (the thread would never wake).
   */
  sleepTicks(ticks: i64): bool {
    if (ticks == 0) return true;
    if (ticks == -1) return false;
    const now = this.ticks();
    if (ticks > 0) this.advanceToTick(now + <u64>ticks + 1);
    else {
      const abs = -1 - 1 - ticks; // Z_TICK_ABS(t) = K_TICKS_FOREVER - 1 - t
      this.advanceToTick(max<u64>(<u64>abs, now + 1));
    }
    return true;
  }

  // ---- calls ----

  /**
   * Runs image function `name` for `cpu`, which stopped at its entry. Returns 0 when it ran
   * (and cpu.hostReturn() was called, unless a memory access faulted: then bus.stop is set
   * and run.ts reports it), or a FaultKind with `detail` set.
   */
  call(name: string, cpu: Cpu): i32 {
    const op = hostOp(name);
    if (op != 0) return this.run(op, name, cpu);
    const h = helperOp(name);
    if (h != 0 && runHelper(h, cpu, this.arch)) return 0;
    this.detail = "not emulated: " + name;
    return FAULT_NOT_EMULATED;
  }

  private fail(why: string): i32 {
    this.detail = why;
    return FAULT_HOST_ERROR;
  }

  private size(cpu: Cpu, i: i32): u64 {
    const v = cpu.arg(i);
    return cpu.xlen() == 4 ? v & 0xffffffff : v;
  }

  private addr(cpu: Cpu, i: i32): u64 {
    return this.size(cpu, i);
  }

  /** A k_timeout_t argument: its 64-bit k_ticks_t in r0:r1 / a0:a1 on 32-bit cores (a struct
   * of one member is passed as that member); with CONFIG_TIMEOUT_64BIT=n an int32 in r0 / a0. */
  private timeout(cpu: Cpu): i64 {
    if (!this.timeout64) return <i64>(<i32>cpu.arg(0));
    if (cpu.xlen() == 8) return <i64>cpu.arg(0);
    return <i64>((cpu.arg(0) & 0xffffffff) | (cpu.arg(1) << 32));
  }

  private retPtr(cpu: Cpu, v: u64): void {
    cpu.hostReturn(v, 0);
  }

  private run(op: i32, name: string, cpu: Cpu): i32 {
    const bus = cpu.bus;
    switch (op) {
      case H_PRINTK:
      case H_VPRINTK: {
        const ap = op == H_PRINTK ? cpu.varargs(1) : cpu.vaList(cpu.arg(1));
        const sink = new ByteSink();
        const ok = cbvprintf(bus, this.addr(cpu, 0), ap, this.fmt, sink);
        this.console += sink.text();
        if (!ok) return 0;
        cpu.hostReturn(0, 0);
        return 0;
      }
      case H_SNPRINTK:
      case H_VSNPRINTK: {
        // vsnprintk() (lib/os/printk.c): str_out() for each character, then the NUL when
        // there is room.
        const str = this.addr(cpu, 0);
        const max = <i32>cpu.arg(1); // struct str_context's int max
        const ap: ArgReader = op == H_SNPRINTK ? cpu.varargs(3) : cpu.vaList(cpu.arg(3));
        const sink = new BufferSink(bus, str, max);
        if (!cbvprintf(bus, this.addr(cpu, 2), ap, this.fmt, sink)) return 0;
        if (sink.count < max) bus.write8(str + <u64>sink.count, 0);
        if (bus.stop != 0) return 0;
        ret32(cpu, <u32>sink.count);
        return 0;
      }
      case H_STRLEN:
      case H_STRNLEN: {
        const s = this.addr(cpu, 0);
        const lim = op == H_STRNLEN ? this.size(cpu, 1) : u64.MAX_VALUE;
        let n: u64 = 0;
        while (n < lim) {
          const b = bus.read8(s + n);
          if (bus.stop != 0) return 0;
          if (b == 0) break;
          n++;
        }
        this.retPtr(cpu, n);
        return 0;
      }
      case H_STRCMP:
      case H_STRNCMP: {
        // The minimal libc: the difference of the first differing characters as unsigned
        // char (plain char is unsigned on ARM and RISC-V), 0 when equal.
        const a = this.addr(cpu, 0),
          b = this.addr(cpu, 1);
        let n = op == H_STRNCMP ? this.size(cpu, 2) : u64.MAX_VALUE;
        let i: u64 = 0;
        let r: i32 = 0;
        while (n > 0) {
          const x = bus.read8(a + i);
          const y = bus.read8(b + i);
          if (bus.stop != 0) return 0;
          if (x != y || x == 0) {
            r = <i32>x - <i32>y;
            break;
          }
          i++;
          n--;
        }
        ret32(cpu, <u32>r);
        return 0;
      }
      case H_MEMCMP: {
        const a = this.addr(cpu, 0),
          b = this.addr(cpu, 1);
        const n = this.size(cpu, 2);
        let r: i32 = 0;
        for (let i: u64 = 0; i < n; i++) {
          const x = bus.read8(a + i);
          const y = bus.read8(b + i);
          if (bus.stop != 0) return 0;
          if (x != y) {
            r = <i32>x - <i32>y;
            break;
          }
        }
        ret32(cpu, <u32>r);
        return 0;
      }
      case H_MEMCPY:
      case H_AEABI_MEMCPY:
        if (!copy(bus, this.addr(cpu, 0), this.addr(cpu, 1), this.size(cpu, 2))) return 0;
        this.retPtr(cpu, this.addr(cpu, 0));
        return 0;
      case H_MEMMOVE:
      case H_AEABI_MEMMOVE:
        if (!move(bus, this.addr(cpu, 0), this.addr(cpu, 1), this.size(cpu, 2))) return 0;
        this.retPtr(cpu, this.addr(cpu, 0));
        return 0;
      case H_MEMSET:
        if (!fill(bus, this.addr(cpu, 0), cpu.arg(1) & 0xff, this.size(cpu, 2))) return 0;
        this.retPtr(cpu, this.addr(cpu, 0));
        return 0;
      case H_AEABI_MEMSET:
        // __aeabi_memset(void *dest, size_t n, int c): the count before the value.
        if (!fill(bus, this.addr(cpu, 0), cpu.arg(2) & 0xff, this.size(cpu, 1))) return 0;
        this.retPtr(cpu, this.addr(cpu, 0));
        return 0;
      case H_AEABI_MEMCLR:
        if (!fill(bus, this.addr(cpu, 0), 0, this.size(cpu, 1))) return 0;
        this.retPtr(cpu, this.addr(cpu, 0));
        return 0;
      case H_STRCPY:
      case H_STRNCPY: {
        const d = this.addr(cpu, 0),
          s = this.addr(cpu, 1);
        if (op == H_STRCPY) {
          for (let i: u64 = 0; ; i++) {
            const b = bus.read8(s + i);
            if (bus.stop != 0) return 0;
            bus.write8(d + i, b);
            if (bus.stop != 0) return 0;
            if (b == 0) break;
          }
        } else {
          // Copies at most n characters, then pads with NULs up to n.
          const n = this.size(cpu, 2);
          let ended = false;
          for (let i: u64 = 0; i < n; i++) {
            let b: u32 = 0;
            if (!ended) {
              b = bus.read8(s + i);
              if (bus.stop != 0) return 0;
              ended = b == 0;
            }
            bus.write8(d + i, b);
            if (bus.stop != 0) return 0;
          }
        }
        this.retPtr(cpu, d);
        return 0;
      }
      case H_STRCHR:
      case H_STRRCHR: {
        // The character converted to char; the terminator itself can be found.
        const s = this.addr(cpu, 0);
        const c = <u32>(cpu.arg(1) & 0xff);
        let found: u64 = 0;
        for (let i: u64 = 0; ; i++) {
          const b = bus.read8(s + i);
          if (bus.stop != 0) return 0;
          if (b == c) {
            found = s + i;
            if (op == H_STRCHR) break;
          }
          if (b == 0) break;
        }
        this.retPtr(cpu, found);
        return 0;
      }
      case H_K_STR_OUT: {
        // z_impl_k_str_out(char *c, size_t n) (kernel/printk.c): each character to the console.
        const s = this.addr(cpu, 0);
        const n = this.size(cpu, 1);
        const sink = new ByteSink();
        for (let i: u64 = 0; i < n; i++) {
          const b = bus.read8(s + i);
          if (bus.stop != 0) break;
          sink.put(b);
        }
        this.console += sink.text();
        if (bus.stop != 0) return 0;
        cpu.hostReturn(0, 0);
        return 0;
      }
      case H_K_SLEEP: {
        // z_impl_k_sleep(k_timeout_t): returns the milliseconds left (0: it slept it all).
        const t = this.timeout(cpu);
        if (!this.sleepTicks(t)) return this.fail("k_sleep(K_FOREVER): the calling thread sleeps forever, nothing wakes it");
        ret32(cpu, 0);
        return 0;
      }
      case H_K_MSLEEP: {
        // k_msleep(ms) = k_sleep(K_MSEC(ms)): k_ms_to_ticks_ceil64(MAX(ms, 0)).
        const ms = <i32>cpu.arg(0);
        const t = ms <= 0 ? 0 : mulDiv(<u64>ms, this.ticksPerSec, 1000, true);
        this.sleepTicks(<i64>t);
        ret32(cpu, 0);
        return 0;
      }
      case H_K_USLEEP: {
        // z_impl_k_usleep(us): k_us_to_ticks_ceil64(us) ticks; returns the microseconds left.
        const us = <i32>cpu.arg(0);
        const t = us <= 0 ? 0 : mulDiv(<u64>us, this.ticksPerSec, 1_000_000, true);
        this.sleepTicks(<i64>t);
        ret32(cpu, 0);
        return 0;
      }
      case H_K_BUSY_WAIT: {
        // z_impl_k_busy_wait(usec): spins for k_us_to_cyc_ceil32(usec) hardware cycles.
        const us = <u64>(<u32>cpu.arg(0));
        if (us != 0) {
          const target = this.hwCycles() + mulDiv(us, this.hwCyclesPerSec, 1_000_000, true);
          const c = mulDiv(target, this.cpuHz, this.hwCyclesPerSec, true);
          if (c > this.cycles) this.cycles = c;
        }
        cpu.hostReturn(0, 0);
        return 0;
      }
      case H_K_UPTIME_TICKS:
        ret64(cpu, this.ticks());
        return 0;
      case H_K_UPTIME_GET:
        // k_ticks_to_ms_floor64(k_uptime_ticks())
        ret64(cpu, mulDiv(this.ticks(), 1000, this.ticksPerSec, false));
        return 0;
      case H_K_UPTIME_GET_32:
        ret32(cpu, <u32>mulDiv(this.ticks(), 1000, this.ticksPerSec, false));
        return 0;
      case H_K_CYCLE_GET_32:
        ret32(cpu, <u32>this.hwCycles());
        return 0;
      case H_K_CYCLE_GET_64:
        ret64(cpu, this.hwCycles());
        return 0;
      case H_K_YIELD:
        cpu.hostReturn(0, 0);
        return 0;
      case H_K_CURRENT_GET:
        this.retPtr(cpu, this.threadAddr);
        return 0;
      case H_K_THREAD_NAME_GET:
        // CONFIG_THREAD_NAME is n by default: k_thread_name_get() returns NULL.
        this.retPtr(cpu, 0);
        return 0;
      case H_K_THREAD_NAME_SET:
        // ... and z_impl_k_thread_name_set() returns -ENOSYS.
        ret32(cpu, <u32>-ENOSYS);
        return 0;
      case H_SYS_RAND32_GET: {
        // A fixed xorshift32 sequence: the same numbers on every run.
        let x = this.randState;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        this.randState = x;
        ret32(cpu, x);
        return 0;
      }
      case H_K_MALLOC:
        return this.alloc(cpu, <u64>this.fmt.ptrBytes, this.size(cpu, 0), false);
      case H_K_ALIGNED_ALLOC:
        return this.alloc(cpu, this.size(cpu, 0), this.size(cpu, 1), false);
      case H_K_CALLOC: {
        // k_calloc(): size_mul_overflow() gives NULL; the block is zeroed.
        const n = this.size(cpu, 0),
          s = this.size(cpu, 1);
        const maxSize: u64 = cpu.xlen() == 4 ? 0xffffffff : u64.MAX_VALUE;
        if (s != 0 && n > maxSize / s) {
          this.retPtr(cpu, 0);
          return 0;
        }
        return this.alloc(cpu, <u64>this.fmt.ptrBytes, n * s, true);
      }
      case H_K_FREE: {
        const p = this.addr(cpu, 0);
        if (p != 0) {
          const r = this.release(p, "k_free");
          if (r != 0) return r;
        }
        cpu.hostReturn(0, 0);
        return 0;
      }
      case H_K_REALLOC:
        return this.realloc(cpu, this.addr(cpu, 0), this.size(cpu, 1));
    }
    this.detail = "not emulated: " + name;
    return FAULT_NOT_EMULATED;
  }

  // ---- the system heap (kernel/mempool.c) ----

  private readPtr(a: u64): u64 {
    const area = this.heapArea!;
    const p = area.bytes.dataStart + <usize>(a - area.base);
    return this.fmt.ptrBytes == 8 ? load<u64>(p) : <u64>load<u32>(p);
  }

  private writePtr(a: u64, v: u64): void {
    const area = this.heapArea!;
    const p = area.bytes.dataStart + <usize>(a - area.base);
    if (this.fmt.ptrBytes == 8) store<u64>(p, v);
    else store<u32>(p, <u32>v);
  }

  /** z_heap_aligned_alloc(): a block of size + sizeof(void *) aligned to align | sizeof(void *),
   * the heap's address stored in its first word, the word after it returned. */
  private alloc(cpu: Cpu, align: u64, size: u64, zero: bool): i32 {
    const h = this.heap;
    const pw = <u64>this.fmt.ptrBytes;
    const maxSize: u64 = pw == 4 ? 0xffffffff : u64.MAX_VALUE;
    if (h == null || size > maxSize - pw) {
      this.retPtr(cpu, 0);
      return 0;
    }
    const off = h.alignedAlloc(align | pw, size + pw);
    if (off < 0) {
      this.retPtr(cpu, 0);
      return 0;
    }
    const mem = h.base + <u64>off;
    this.writePtr(mem, this.heapObject);
    if (zero) {
      const area = this.heapArea!;
      memory.fill(area.bytes.dataStart + <usize>(mem + pw - area.base), 0, <usize>size);
    }
    this.retPtr(cpu, mem + pw);
    return 0;
  }

  /** The sys_heap offset of the block k_malloc() returned as `p`, or -1 when `p` is not one. */
  private blockOf(p: u64): i64 {
    const h = this.heap;
    const pw = <u64>this.fmt.ptrBytes;
    if (h == null || p < this.heapBase + pw || p > this.heapBase + this.heapSize) return -1;
    const mem = p - pw;
    if (this.readPtr(mem) != this.heapObject) return -1;
    const off = <i64>(mem - h.base);
    return h.isLiveBlock(off) ? off : -1;
  }

  /** k_free() of `p` (not NULL). */
  private release(p: u64, fn: string): i32 {
    const off = this.blockOf(p);
    if (off < 0)
      return this.fail(fn + "(" + ptr(p) + "): not a block of the system heap; Zephyr's k_heap_free() would assert or corrupt the heap");
    this.heap!.free(off);
    return 0;
  }

  /** k_realloc(): k_free() for size 0, k_malloc() for NULL, else sys_heap_realloc(). */
  private realloc(cpu: Cpu, p: u64, size: u64): i32 {
    if (size == 0) {
      if (p != 0) {
        const r = this.release(p, "k_realloc");
        if (r != 0) return r;
      }
      this.retPtr(cpu, 0);
      return 0;
    }
    if (p == 0) return this.alloc(cpu, <u64>this.fmt.ptrBytes, size, false);
    const off = this.blockOf(p);
    if (off < 0) return this.fail("k_realloc(" + ptr(p) + "): not a block of the system heap");
    const h = this.heap!;
    const pw = <u64>this.fmt.ptrBytes;
    const maxSize: u64 = pw == 4 ? 0xffffffff : u64.MAX_VALUE;
    if (size > maxSize - pw) {
      this.retPtr(cpu, 0);
      return 0;
    }
    const bytes = size + pw;
    if (h.reallocInPlace(off, bytes)) {
      this.retPtr(cpu, p);
      return 0;
    }
    const off2 = h.alloc(bytes);
    if (off2 < 0) {
      this.retPtr(cpu, 0);
      return 0;
    }
    const prev = h.usableSize(off);
    const area = this.heapArea!;
    const src = area.bytes.dataStart + <usize>off;
    const dst = area.bytes.dataStart + <usize>off2;
    memory.copy(dst, src, <usize>min<u64>(prev, bytes));
    h.free(off);
    this.retPtr(cpu, h.base + <u64>off2 + pw);
    return 0;
  }
}

// ---- memory helpers: byte by byte through the bus, stopping at the first refused access ----

function copy(bus: Bus, d: u64, s: u64, n: u64): bool {
  for (let i: u64 = 0; i < n; i++) {
    const b = bus.read8(s + i);
    if (bus.stop != 0) return false;
    bus.write8(d + i, b);
    if (bus.stop != 0) return false;
  }
  return true;
}

/** memmove(): copies backwards when the destination is above an overlapping source. */
function move(bus: Bus, d: u64, s: u64, n: u64): bool {
  if (d <= s || d >= s + n) return copy(bus, d, s, n);
  for (let i = n; i > 0; i--) {
    const b = bus.read8(s + i - 1);
    if (bus.stop != 0) return false;
    bus.write8(d + i - 1, b);
    if (bus.stop != 0) return false;
  }
  return true;
}

function fill(bus: Bus, d: u64, v: u64, n: u64): bool {
  for (let i: u64 = 0; i < n; i++) {
    bus.write8(d + i, <u32>v);
    if (bus.stop != 0) return false;
  }
  return true;
}
