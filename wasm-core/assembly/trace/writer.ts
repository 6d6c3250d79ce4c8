// Growable binary trace buffer. Little-endian fixed-width fields; strings and byte
// strings are u32 length + bytes (UTF-8 for strings).

export class TraceWriter {
  buf: Uint8Array = new Uint8Array(4096);
  len: i32 = 0;
  count: u32 = 0;

  private ensure(n: i32): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    memory.copy(nb.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = nb;
  }

  begin(kind: u8): void { this.count++; this.u8(kind); }

  u8(v: u32): void { this.ensure(1); unchecked(this.buf[this.len++] = <u8>v); }

  u32(v: u32): void {
    this.ensure(4);
    store<u32>(this.buf.dataStart + <usize>this.len, v);
    this.len += 4;
  }

  i32(v: i32): void { this.u32(<u32>v); }

  u64(v: u64): void {
    this.ensure(8);
    store<u64>(this.buf.dataStart + <usize>this.len, v);
    this.len += 8;
  }

  i64(v: i64): void { this.u64(<u64>v); }

  str(s: string): void {
    const n = String.UTF8.byteLength(s, false);
    this.u32(<u32>n);
    this.ensure(n);
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.len, false);
    this.len += n;
  }

  bytesFrom(src: usize, n: i32): void {
    this.u32(<u32>n);
    this.ensure(n);
    memory.copy(this.buf.dataStart + <usize>this.len, src, <usize>n);
    this.len += n;
  }

  fixed(b: StaticArray<u8>, n: i32): void {
    this.bytesFrom(changetype<usize>(b), n);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
