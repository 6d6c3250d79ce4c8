// Bounds-checked byte access in either byte order. Every read of untrusted
// input goes through here: out-of-range reads return 0 and set `fault`,
// they never trap.

export class ByteView {
  fault: bool = false;
  constructor(public data: Uint8Array, public bigEndian: bool = false) {}

  get length(): u64 {
    return <u64>this.data.length;
  }

  has(off: u64, len: u64): bool {
    const n = <u64>this.data.length;
    return off <= n && len <= n - off;
  }

  u8(off: u64): u32 {
    if (!this.has(off, 1)) { this.fault = true; return 0; }
    return <u32>load<u8>(this.data.dataStart + <usize>off);
  }

  // Multi-byte reads check the range once, then load directly (a hot path: every
  // symbol and relocation entry is read through here).
  u16(off: u64): u32 {
    if (!this.has(off, 2)) { this.fault = true; return 0; }
    const v = <u32>load<u16>(this.data.dataStart + <usize>off);
    return this.bigEndian ? <u32>bswap<u16>(<u16>v) : v;
  }

  u32(off: u64): u32 {
    if (!this.has(off, 4)) { this.fault = true; return 0; }
    const v = load<u32>(this.data.dataStart + <usize>off);
    return this.bigEndian ? bswap<u32>(v) : v;
  }

  u64(off: u64): u64 {
    if (!this.has(off, 8)) { this.fault = true; return 0; }
    const v = load<u64>(this.data.dataStart + <usize>off);
    return this.bigEndian ? bswap<u64>(v) : v;
  }

  /** Pointer-sized read (4 or 8 bytes). */
  word(off: u64, size: u32): u64 {
    return size == 8 ? this.u64(off) : <u64>this.u32(off);
  }

  /** NUL-terminated string starting at `off`, limited to `limit` (exclusive end offset). */
  cstr(off: u64, limit: u64): string {
    const n = <u64>this.data.length;
    const end = limit < n ? limit : n;
    if (off >= end) return "";
    let e = off;
    while (e < end && unchecked(this.data[<i32>e]) != 0) e++;
    return String.UTF8.decodeUnsafe(this.data.dataStart + <usize>off, <usize>(e - off), false);
  }
}

// Helpers on small fixed buffers (relocation patches), in a given byte order.
// Offsets outside the buffer read as 0 and write nothing.
@inline function fits(b: StaticArray<u8>, off: i32, n: i32): bool {
  return off >= 0 && off <= b.length - n;
}
export function get16(b: StaticArray<u8>, off: i32, be: bool): u32 {
  if (!fits(b, off, 2)) return 0;
  const v = load<u16>(changetype<usize>(b) + <usize>off);
  return <u32>(be ? bswap<u16>(v) : v);
}
export function set16(b: StaticArray<u8>, off: i32, v: u32, be: bool): void {
  if (!fits(b, off, 2)) return;
  store<u16>(changetype<usize>(b) + <usize>off, be ? bswap<u16>(<u16>v) : <u16>v);
}
export function get32(b: StaticArray<u8>, off: i32, be: bool): u32 {
  if (!fits(b, off, 4)) return 0;
  const v = load<u32>(changetype<usize>(b) + <usize>off);
  return be ? bswap<u32>(v) : v;
}
export function set32(b: StaticArray<u8>, off: i32, v: u32, be: bool): void {
  if (!fits(b, off, 4)) return;
  store<u32>(changetype<usize>(b) + <usize>off, be ? bswap<u32>(v) : v);
}
export function get64(b: StaticArray<u8>, off: i32, be: bool): u64 {
  if (!fits(b, off, 8)) return 0;
  const v = load<u64>(changetype<usize>(b) + <usize>off);
  return be ? bswap<u64>(v) : v;
}
export function set64(b: StaticArray<u8>, off: i32, v: u64, be: bool): void {
  if (!fits(b, off, 8)) return;
  store<u64>(changetype<usize>(b) + <usize>off, be ? bswap<u64>(v) : v);
}

/** Sign-extend `v` whose sign bit is at position `bit` (Zephyr's sign_extend index convention). */
export function sx(v: u64, bit: u32): i64 {
  const sh = <u64>(63 - bit);
  return (<i64>(v << sh)) >> sh;
}
