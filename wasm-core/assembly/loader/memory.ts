// The target's memory as far as the loader touches it: heap buffers and the ELF
// buffers the buffer loader reads from. Each area keeps two byte images: what
// Zephyr's code leaves there, and what the psABI relocation values would give
// (they differ only where a relocation quirk applies).
//
// The psABI image starts out as the same array as Zephyr's and is copied only when a
// relocation first makes them differ, so an extension without quirks costs one image.

export class MemArea {
  bytes: Uint8Array;
  /** The psABI image: `bytes` itself until separateAbi(). Write it only when abiSeparate. */
  abi: Uint8Array;
  abiSeparate: bool = false;

  constructor(
    public name: string,
    public base: u64,
    size: i32,
    public writable: bool,
  ) {
    const b = new Uint8Array(size);
    this.bytes = b;
    this.abi = b;
  }

  /** An area over existing bytes (no copy): the buffer loader's image of an input file. */
  static over(name: string, base: u64, data: Uint8Array, writable: bool): MemArea {
    const a = new MemArea(name, base, 0, writable);
    a.bytes = data;
    a.abi = data;
    return a;
  }

  get size(): u64 {
    return <u64>this.bytes.length;
  }

  contains(addr: u64, len: u64): bool {
    return addr >= this.base && len <= this.size && addr - this.base <= this.size - len;
  }

  /** The psABI image for reading. */
  @inline abiView(): Uint8Array {
    return this.abi;
  }

  /** Gives the psABI image storage of its own, before a write that makes the images differ. */
  separateAbi(): void {
    if (this.abiSeparate) return;
    this.abi = this.bytes.slice(0);
    this.abiSeparate = true;
  }
}

export class SimMemory {
  areas: MemArea[] = [];
  /** The area of the last successful find(): consecutive relocations hit the same one. */
  private last: MemArea | null = null;
  /** Set when two areas overlap (only a hand-written engine input can do that): then the
   * first area in the list must win every time, and the shortcut above is off. */
  private overlapping: bool = false;

  add(a: MemArea): MemArea {
    for (let i = 0; i < this.areas.length; i++) {
      const b = unchecked(this.areas[i]);
      const meet = a.base <= b.base ? b.base - a.base < a.size : a.base - b.base < b.size;
      if (meet) this.overlapping = true;
    }
    this.areas.push(a);
    return a;
  }

  remove(a: MemArea): void {
    const i = this.areas.indexOf(a);
    if (i >= 0) this.areas.splice(i, 1);
    if (this.last === a) this.last = null;
  }

  /** The first area holding [addr, addr + len). Inlined: every relocation asks, and
   * nearly always the answer is the area of the previous question. */
  @inline find(addr: u64, len: u64): MemArea | null {
    const last = this.last;
    if (last != null && !this.overlapping && last.contains(addr, len)) return last;
    return this.search(addr, len);
  }

  private search(addr: u64, len: u64): MemArea | null {
    for (let i = 0; i < this.areas.length; i++) {
      const a = unchecked(this.areas[i]);
      if (a.contains(addr, len)) {
        this.last = a;
        return a;
      }
    }
    return null;
  }

  /** Bytes available at `addr` within one area (0 when unmapped). */
  availableAt(addr: u64): u64 {
    for (let i = 0; i < this.areas.length; i++) {
      const a = unchecked(this.areas[i]);
      if (addr >= a.base && addr - a.base < a.size) return a.size - (addr - a.base);
    }
    return 0;
  }

  /** Copy `len` bytes from `src` (offset `srcOff`) to `addr` in both images. */
  write(addr: u64, src: Uint8Array, srcOff: i32, len: i32): bool {
    const a = this.find(addr, <u64>len);
    if (a == null) return false;
    const o = <i32>(addr - a.base);
    memory.copy(a.bytes.dataStart + <usize>o, src.dataStart + <usize>srcOff, <usize>len);
    if (a.abiSeparate) memory.copy(a.abi.dataStart + <usize>o, src.dataStart + <usize>srcOff, <usize>len);
    return true;
  }

  fill(addr: u64, value: u8, len: i32): bool {
    const a = this.find(addr, <u64>len);
    if (a == null) return false;
    const o = <i32>(addr - a.base);
    memory.fill(a.bytes.dataStart + <usize>o, value, <usize>len);
    if (a.abiSeparate) memory.fill(a.abi.dataStart + <usize>o, value, <usize>len);
    return true;
  }

  read8(addr: u64, abi: bool = false): i32 {
    const a = this.find(addr, 1);
    if (a == null) return -1;
    const o = <i32>(addr - a.base);
    return abi ? <i32>a.abi[o] : <i32>a.bytes[o];
  }

  readWord(addr: u64, size: u32, bigEndian: bool): u64 {
    let v: u64 = 0;
    for (let i: u32 = 0; i < size; i++) {
      const b = this.read8(addr + <u64>i);
      const byte: u64 = b < 0 ? 0 : <u64>b;
      if (bigEndian) v = (v << 8) | byte;
      else v |= byte << (<u64>i * 8);
    }
    return v;
  }

  writeWord(addr: u64, v: u64, size: u32, bigEndian: bool): bool {
    const a = this.find(addr, <u64>size);
    if (a == null) return false;
    const o = <i32>(addr - a.base);
    for (let i: u32 = 0; i < size; i++) {
      const sh = bigEndian ? (size - 1 - i) * 8 : i * 8;
      const b = <u8>(v >> (<u64>sh));
      a.bytes[o + <i32>i] = b;
      if (a.abiSeparate) a.abi[o + <i32>i] = b;
    }
    return true;
  }

  /** NUL-terminated string at `addr`, at most `max` bytes; null when unmapped. */
  cstr(addr: u64, max: i32): string | null {
    const a = this.find(addr, 1);
    if (a == null) return null;
    const o = <i32>(addr - a.base);
    let e = o;
    const lim = a.bytes.length;
    while (e < lim && e - o < max && a.bytes[e] != 0) e++;
    return String.UTF8.decodeUnsafe(a.bytes.dataStart + <usize>o, <usize>(e - o), false);
  }

  copyOut(addr: u64, len: i32, abi: bool): Uint8Array {
    const out = new Uint8Array(len);
    const a = this.find(addr, <u64>len);
    if (a == null) return out;
    const o = <i32>(addr - a.base);
    memory.copy(out.dataStart, (abi ? a.abi.dataStart : a.bytes.dataStart) + <usize>o, <usize>len);
    return out;
  }
}
