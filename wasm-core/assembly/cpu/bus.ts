// The emulated CPU's view of the target's memory after a load: the heap buffers and ELF
// buffers the loader placed (SimMemory, Zephyr's image of them), the stack of the thread that
// calls the extension, a zero-filled area for the image's exported objects, and the image's
// exported functions, which are not memory at all: fetching from the image's text range stops
// the CPU so that the host side (host.ts) can run the function (a trap).
//
// Permissions come from two places: what the memory is (flash is read-only, the persistent
// ELF buffer of LLEXT_PERSISTENT_BUF_LOADER is not writable) and what the MPU, MMU or PMP leaves
// allowed as Zephyr programs it (protection.ts). A refused access sets `stop` to a FaultKind
// and the CPU ends the instruction there.
//
// The fast path is a window per access kind (read, write, fetch): the last area that allowed
// that kind, so that nearly every access is two comparisons and a load.
import { MemArea, SimMemory } from "../loader/memory";
import {
  FAULT_FETCH_UNMAPPED,
  FAULT_NOEXEC,
  FAULT_READ_UNMAPPED,
  FAULT_STACK_OVERFLOW,
  FAULT_WRITE_READONLY,
  FAULT_WRITE_UNMAPPED,
} from "../trace/events";

/** Bus.stop when the CPU fetched from the image's text range: a call into the image. */
export const STOP_TRAP: i32 = 1000;
/** Bus.stop after an Xtensa SYSCALL that Zephyr reports and steps over (no CONFIG_USERSPACE):
 * the core's pc is the SYSCALL's. */
export const STOP_SYSCALL: i32 = 1001;

/** One range with the permissions the memory protection hardware gives it (protection.ts). */
export class MemRegion {
  constructor(
    public name: string,
    public lo: u64,
    public hi: u64,
    public read: bool,
    public write: bool,
    public exec: bool,
  ) {}
}

export class Bus {
  /** 0 while the CPU may go on; a FaultKind, or STOP_TRAP. Set by the slow paths. */
  stop: i32 = 0;
  /** The data address of the access that faulted (the fetch address for fetch faults). */
  faultAddr: u64 = 0;
  faultWrite: bool = false;
  /** The image's exported functions live in [trapLo, trapHi): fetching there is a trap. */
  trapLo: u64 = 0;
  trapHi: u64 = 0;
  /** Accesses in [guardLo, guardHi) are a stack overflow (the MPU stack guard's place). */
  guardLo: u64 = 0;
  guardHi: u64 = 0;
  /** Memory protection as Zephyr programs it; empty: no MPU/MMU/PMP, everything mapped is
   * readable, writable where the memory is, executable. */
  regions: MemRegion[] = [];

  // The windows: [lo, hi) of an area's bytes at base pointer ptr (ptr + (addr - lo)).
  private rLo: u64 = 1;
  private rHi: u64 = 0;
  private rPtr: usize = 0;
  private wLo: u64 = 1;
  private wHi: u64 = 0;
  private wPtr: usize = 0;
  private xLo: u64 = 1;
  private xHi: u64 = 0;
  private xPtr: usize = 0;

  constructor(public mem: SimMemory) {}

  /** Forget the windows (after the areas or regions changed). */
  flush(): void {
    this.rLo = this.wLo = this.xLo = 1;
    this.rHi = this.wHi = this.xHi = 0;
  }

  // ---- fast paths (little-endian; a big-endian CPU swaps) ----

  @inline read8(a: u64): u32 {
    if (a >= this.rLo && a + 1 <= this.rHi) return <u32>load<u8>(this.rPtr + <usize>(a - this.rLo));
    return <u32>this.readSlow(a, 1);
  }
  @inline read16(a: u64): u32 {
    if (a >= this.rLo && a + 2 <= this.rHi) return <u32>load<u16>(this.rPtr + <usize>(a - this.rLo));
    return <u32>this.readSlow(a, 2);
  }
  @inline read32(a: u64): u32 {
    if (a >= this.rLo && a + 4 <= this.rHi) return load<u32>(this.rPtr + <usize>(a - this.rLo));
    return <u32>this.readSlow(a, 4);
  }
  @inline read64(a: u64): u64 {
    if (a >= this.rLo && a + 8 <= this.rHi) return load<u64>(this.rPtr + <usize>(a - this.rLo));
    return this.readSlow(a, 8);
  }
  @inline write8(a: u64, v: u32): void {
    if (a >= this.wLo && a + 1 <= this.wHi) store<u8>(this.wPtr + <usize>(a - this.wLo), <u8>v);
    else this.writeSlow(a, <u64>v, 1);
  }
  @inline write16(a: u64, v: u32): void {
    if (a >= this.wLo && a + 2 <= this.wHi) store<u16>(this.wPtr + <usize>(a - this.wLo), <u16>v);
    else this.writeSlow(a, <u64>v, 2);
  }
  @inline write32(a: u64, v: u32): void {
    if (a >= this.wLo && a + 4 <= this.wHi) store<u32>(this.wPtr + <usize>(a - this.wLo), v);
    else this.writeSlow(a, <u64>v, 4);
  }
  @inline write64(a: u64, v: u64): void {
    if (a >= this.wLo && a + 8 <= this.wHi) store<u64>(this.wPtr + <usize>(a - this.wLo), v);
    else this.writeSlow(a, v, 8);
  }
  /** A 16-bit instruction parcel (Thumb halfword, RISC-V compressed parcel). */
  @inline fetch16(a: u64): u32 {
    if (a >= this.xLo && a + 2 <= this.xHi) return <u32>load<u16>(this.xPtr + <usize>(a - this.xLo));
    return <u32>this.fetchSlow(a, 2);
  }
  @inline fetch32(a: u64): u32 {
    if (a >= this.xLo && a + 4 <= this.xHi) return load<u32>(this.xPtr + <usize>(a - this.xLo));
    return <u32>this.fetchSlow(a, 4);
  }

  // ---- slow paths ----

  /** The protection region holding [a, a + n), or null (also null when there are none). */
  regionAt(a: u64, n: u64): MemRegion | null {
    const rs = this.regions;
    for (let i = rs.length - 1; i >= 0; i--) {
      // Later regions win, as a higher-numbered ARM MPU region does.
      const r = unchecked(rs[i]);
      if (a >= r.lo && a + n <= r.hi) return r;
    }
    return null;
  }

  private inGuard(a: u64): bool {
    return a >= this.guardLo && a < this.guardHi;
  }

  /** True when [lo, hi) meets the stack guard: no window may cover it. */
  private inGuardRange(lo: u64, hi: u64): bool {
    return this.guardHi > this.guardLo && lo < this.guardHi && hi > this.guardLo;
  }

  private fail(kind: i32, a: u64, write: bool): void {
    if (this.stop == 0) {
      this.stop = kind;
      this.faultAddr = a;
      this.faultWrite = write;
    }
  }

  private readSlow(a: u64, n: i32): u64 {
    const area = this.mem.find(a, <u64>n);
    if (area == null || this.inGuard(a)) {
      this.fail(this.inGuard(a) ? FAULT_STACK_OVERFLOW : FAULT_READ_UNMAPPED, a, false);
      return 0;
    }
    let lo = area.base,
      hi = area.base + area.size;
    if (this.regions.length > 0) {
      const r = this.regionAt(a, <u64>n);
      if (r == null || !r.read) {
        this.fail(FAULT_READ_UNMAPPED, a, false);
        return 0;
      }
      lo = max<u64>(lo, r.lo);
      hi = min<u64>(hi, r.hi);
    }
    if (!this.inGuardRange(lo, hi)) {
      this.rLo = lo;
      this.rHi = hi;
      this.rPtr = area.bytes.dataStart + <usize>(lo - area.base);
    }
    const p = area.bytes.dataStart + <usize>(a - area.base);
    if (n == 1) return <u64>load<u8>(p);
    if (n == 2) return <u64>load<u16>(p);
    if (n == 4) return <u64>load<u32>(p);
    return load<u64>(p);
  }

  private writeSlow(a: u64, v: u64, n: i32): void {
    const area = this.mem.find(a, <u64>n);
    if (area == null || this.inGuard(a)) {
      this.fail(this.inGuard(a) ? FAULT_STACK_OVERFLOW : FAULT_WRITE_UNMAPPED, a, true);
      return;
    }
    if (!area.writable) {
      this.fail(FAULT_WRITE_READONLY, a, true);
      return;
    }
    let lo = area.base,
      hi = area.base + area.size;
    if (this.regions.length > 0) {
      const r = this.regionAt(a, <u64>n);
      if (r == null || !r.write) {
        this.fail(r == null || !r.read ? FAULT_WRITE_UNMAPPED : FAULT_WRITE_READONLY, a, true);
        return;
      }
      lo = max<u64>(lo, r.lo);
      hi = min<u64>(hi, r.hi);
    }
    // The psABI image (MemArea.abi) is what the bytes would be under the psABI's relocation
    // values; running code changes Zephyr's image only.
    if (!this.inGuardRange(lo, hi)) {
      this.wLo = lo;
      this.wHi = hi;
      this.wPtr = area.bytes.dataStart + <usize>(lo - area.base);
    }
    const p = area.bytes.dataStart + <usize>(a - area.base);
    if (n == 1) store<u8>(p, <u8>v);
    else if (n == 2) store<u16>(p, <u16>v);
    else if (n == 4) store<u32>(p, <u32>v);
    else store<u64>(p, v);
  }

  private fetchSlow(a: u64, n: i32): u64 {
    if (a >= this.trapLo && a < this.trapHi) {
      this.fail(STOP_TRAP, a, false);
      return 0;
    }
    const area = this.mem.find(a, <u64>n);
    if (area == null) {
      this.fail(FAULT_FETCH_UNMAPPED, a, false);
      return 0;
    }
    if (this.regions.length > 0) {
      const r = this.regionAt(a, <u64>n);
      if (r == null || !r.exec) {
        this.fail(r == null ? FAULT_FETCH_UNMAPPED : FAULT_NOEXEC, a, false);
        return 0;
      }
      // The window must not reach past the region that allowed execution.
      this.setFetchWindow(area, max<u64>(area.base, r.lo), min<u64>(area.base + area.size, r.hi));
    } else this.setFetchWindow(area, area.base, area.base + area.size);
    const p = area.bytes.dataStart + <usize>(a - area.base);
    return n == 2 ? <u64>load<u16>(p) : <u64>load<u32>(p);
  }

  private setFetchWindow(area: MemArea, lo: u64, hi: u64): void {
    this.xLo = lo;
    this.xHi = hi;
    this.xPtr = area.bytes.dataStart + <usize>(lo - area.base);
  }

  /** A NUL-terminated string in target memory (host functions' arguments); null when any
   * byte of it is unreadable. At most `max` bytes. */
  cstr(a: u64, max: i32): string | null {
    const out = new Array<u8>();
    for (let i = 0; i < max; i++) {
      const b = this.read8(a + <u64>i);
      if (this.stop != 0) return null;
      if (b == 0) break;
      out.push(<u8>b);
    }
    const buf = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++) buf[i] = out[i];
    return String.UTF8.decode(buf.buffer);
  }
}
