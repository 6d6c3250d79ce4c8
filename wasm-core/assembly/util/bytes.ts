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
    return <u32>unchecked(this.data[<i32>off]);
  }

  u16(off: u64): u32 {
    if (!this.has(off, 2)) { this.fault = true; return 0; }
    const o = <i32>off;
    const a = <u32>unchecked(this.data[o]), b = <u32>unchecked(this.data[o + 1]);
    return this.bigEndian ? (a << 8) | b : a | (b << 8);
  }

  u32(off: u64): u32 {
    if (!this.has(off, 4)) { this.fault = true; return 0; }
    const o = <i32>off;
    const a = <u32>unchecked(this.data[o]), b = <u32>unchecked(this.data[o + 1]);
    const c = <u32>unchecked(this.data[o + 2]), d = <u32>unchecked(this.data[o + 3]);
    return this.bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : a | (b << 8) | (c << 16) | (d << 24);
  }

  u64(off: u64): u64 {
    if (!this.has(off, 8)) { this.fault = true; return 0; }
    const lo = <u64>this.u32(off), hi = <u64>this.u32(off + 4);
    return this.bigEndian ? (lo << 32) | hi : (hi << 32) | lo;
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
export function get16(b: StaticArray<u8>, off: i32, be: bool): u32 {
  const x = <u32>b[off], y = <u32>b[off + 1];
  return be ? (x << 8) | y : x | (y << 8);
}
export function set16(b: StaticArray<u8>, off: i32, v: u32, be: bool): void {
  if (be) { b[off] = <u8>(v >> 8); b[off + 1] = <u8>v; }
  else { b[off] = <u8>v; b[off + 1] = <u8>(v >> 8); }
}
export function get32(b: StaticArray<u8>, off: i32, be: bool): u32 {
  return be
    ? (get16(b, off, true) << 16) | get16(b, off + 2, true)
    : get16(b, off, false) | (get16(b, off + 2, false) << 16);
}
export function set32(b: StaticArray<u8>, off: i32, v: u32, be: bool): void {
  if (be) { set16(b, off, v >> 16, true); set16(b, off + 2, v, true); }
  else { set16(b, off, v, false); set16(b, off + 2, v >> 16, false); }
}
export function get64(b: StaticArray<u8>, off: i32, be: bool): u64 {
  const lo = <u64>get32(b, off, be), hi = <u64>get32(b, off + 4, be);
  return be ? (lo << 32) | hi : (hi << 32) | lo;
}
export function set64(b: StaticArray<u8>, off: i32, v: u64, be: bool): void {
  if (be) { set32(b, off, <u32>(v >> 32), true); set32(b, off + 4, <u32>v, true); }
  else { set32(b, off, <u32>v, false); set32(b, off + 4, <u32>(v >> 32), false); }
}

/** Sign-extend `v` whose sign bit is at position `bit` (Zephyr's sign_extend index convention). */
export function sx(v: u64, bit: u32): i64 {
  const sh = <u64>(63 - bit);
  return (<i64>(v << sh)) >> sh;
}
