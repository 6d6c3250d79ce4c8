// Independent reference for the sys_heap model: a transliteration of Zephyr's
// lib/heap/heap.c that keeps every chunk header *inside a byte buffer*, the
// way the device does (uint16_t fields on small heaps, uint32_t on big ones,
// struct z_heap overlaying chunk 0). The engine instead keeps per-chunk
// typed arrays, so agreement between the two checks both the algorithm and
// the engine's bookkeeping. Trailers (hardening FULL) are not modelled here.
//
// Addresses are plain numbers: tests keep base + size below 2^53.

export interface RefConfig {
  ptrSize: 4 | 8;
  mode: 'auto' | 'small' | 'big';
  structSize: number;
  loops: number;
  clamp: boolean;
}

export const DEFAULT_REF_CONFIG: RefConfig = { ptrSize: 4, mode: 'auto', structSize: 16, loops: 3, clamp: true };

const UNIT = 8;
const LEFT_SIZE = 0;
const SIZE_AND_USED = 1;
const FREE_PREV = 2;
const FREE_NEXT = 3;

export class RefHeap {
  readonly mem: DataView;
  readonly addr: number;
  readonly endChunk: number;
  readonly big: boolean;
  readonly hdr: number;
  readonly nb: number;
  readonly chunk0: number;
  private readonly addrOff: number; // addr - base

  constructor(
    readonly base: number,
    readonly size: number,
    readonly cfg: RefConfig = DEFAULT_REF_CONFIG,
  ) {
    this.mem = new DataView(new ArrayBuffer(size));
    const footer = this.bigHeapChunks(Math.floor(size / UNIT)) ? 8 : 4;
    const addr = Math.ceil(base / UNIT) * UNIT;
    const end = Math.floor((base + size - footer) / UNIT) * UNIT;
    if (size <= footer || end <= addr) throw new Error('heap too small');
    this.addr = addr;
    this.addrOff = addr - base;
    const heapSz = (end - addr) / UNIT;
    this.endChunk = heapSz;
    this.big = this.bigHeapChunks(heapSz);
    this.hdr = this.big ? 8 : 4;
    this.nb = this.bucketIdx(heapSz) + 1;
    this.chunk0 = Math.ceil((cfg.structSize + 4 * this.nb) / UNIT);
    if (this.chunk0 + this.minChunk() > heapSz) throw new Error('heap too small');
    // struct z_heap: end_chunk at +8, avail_buckets at +12, buckets[] at +S.
    this.w32(addr + 8, heapSz);
    this.w32(addr + 12, 0);
    for (let b = 0; b < this.nb; b++) this.setBucket(b, 0);
    this.setSize(0, this.chunk0);
    this.setUsed(0, true);
    this.setLeft(0, 0);
    this.setSize(this.chunk0, heapSz - this.chunk0);
    this.setLeft(this.chunk0, this.chunk0);
    this.setSize(heapSz, 0);
    this.setUsed(heapSz, true);
    this.setLeft(heapSz, heapSz - this.chunk0);
    this.freeListAdd(this.chunk0);
  }

  // ---- raw memory, addressed absolutely ----
  private r32(a: number): number {
    return this.mem.getUint32(a - this.base, true);
  }
  private w32(a: number, v: number): void {
    this.mem.setUint32(a - this.base, v >>> 0, true);
  }
  private field(c: number, f: number): number {
    const a = this.addr + c * UNIT - this.base;
    return this.big ? this.mem.getUint32(a + 4 * f, true) : this.mem.getUint16(a + 2 * f, true);
  }
  private setField(c: number, f: number, v: number): void {
    const a = this.addr + c * UNIT - this.base;
    if (this.big) this.mem.setUint32(a + 4 * f, v >>> 0, true);
    else this.mem.setUint16(a + 2 * f, v & 0xffff, true);
  }

  private bigHeapChunks(n: number): boolean {
    if (this.cfg.mode === 'small') return false;
    if (this.cfg.mode === 'big' || this.cfg.ptrSize > 4) return true;
    return n > 0x7fff;
  }
  private minChunk(): number {
    return Math.ceil((this.hdr + 1) / UNIT);
  }
  bucketIdx(sz: number): number {
    return 31 - Math.clz32(sz - this.minChunk() + 1);
  }

  chunkSize(c: number): number {
    return this.field(c, SIZE_AND_USED) >>> 1;
  }
  chunkUsed(c: number): boolean {
    return (this.field(c, SIZE_AND_USED) & 1) !== 0;
  }
  private setSize(c: number, s: number): void {
    this.setField(c, SIZE_AND_USED, s << 1);
  }
  private setUsed(c: number, u: boolean): void {
    const v = this.field(c, SIZE_AND_USED);
    this.setField(c, SIZE_AND_USED, u ? v | 1 : v & ~1);
  }
  private leftSize(c: number): number {
    return this.field(c, LEFT_SIZE);
  }
  private setLeft(c: number, s: number): void {
    this.setField(c, LEFT_SIZE, s);
  }
  private prev(c: number): number {
    return this.field(c, FREE_PREV);
  }
  private next(c: number): number {
    return this.field(c, FREE_NEXT);
  }
  private setPrev(c: number, v: number): void {
    this.setField(c, FREE_PREV, v);
  }
  private setNext(c: number, v: number): void {
    this.setField(c, FREE_NEXT, v);
  }
  private avail(): number {
    return this.r32(this.addr + 12);
  }
  private setAvail(v: number): void {
    this.w32(this.addr + 12, v);
  }
  bucket(b: number): number {
    return this.r32(this.addr + this.cfg.structSize + 4 * b);
  }
  private setBucket(b: number, c: number): void {
    this.w32(this.addr + this.cfg.structSize + 4 * b, c);
  }
  private undersized(c: number): boolean {
    return this.big && this.chunkSize(c) === 1;
  }

  private freeListRemoveBidx(c: number, bidx: number): void {
    if (this.next(c) === c) {
      this.setAvail(this.avail() & ~(1 << bidx));
      this.setBucket(bidx, 0);
    } else {
      const first = this.prev(c),
        second = this.next(c);
      this.setBucket(bidx, second);
      this.setNext(first, second);
      this.setPrev(second, first);
    }
  }
  private freeListRemove(c: number): void {
    if (!this.undersized(c)) this.freeListRemoveBidx(c, this.bucketIdx(this.chunkSize(c)));
  }
  private freeListAdd(c: number): void {
    if (this.undersized(c)) return;
    const bi = this.bucketIdx(this.chunkSize(c));
    if (this.bucket(bi) === 0) {
      this.setAvail(this.avail() | (1 << bi));
      this.setBucket(bi, c);
      this.setPrev(c, c);
      this.setNext(c, c);
    } else {
      const second = this.bucket(bi),
        first = this.prev(second);
      this.setPrev(c, first);
      this.setNext(c, second);
      this.setNext(first, c);
      this.setPrev(second, c);
    }
  }
  private splitChunks(lc: number, rc: number): void {
    const sz0 = this.chunkSize(lc),
      lsz = rc - lc,
      rsz = sz0 - lsz;
    this.setSize(lc, lsz);
    this.setSize(rc, rsz);
    this.setLeft(rc, lsz);
    this.setLeft(rc + rsz, rsz);
  }
  private mergeChunks(lc: number, rc: number): void {
    const newsz = this.chunkSize(lc) + this.chunkSize(rc);
    this.setSize(lc, newsz);
    this.setLeft(lc + newsz, newsz);
  }

  private bytesToChunksz(n: number, extra: number): number {
    const u = Math.ceil((n + extra + this.hdr) / UNIT);
    return this.cfg.clamp ? Math.min(u, this.endChunk) : u;
  }

  private allocChunk(sz: number): number {
    const bi = this.bucketIdx(sz);
    if (bi >= this.nb) return 0; // pre-clamp overflow: undefined in C, fails here
    if (this.bucket(bi) !== 0) {
      const first = this.bucket(bi);
      let i = this.cfg.loops;
      do {
        const c = this.bucket(bi);
        if (this.chunkSize(c) >= sz) {
          this.freeListRemoveBidx(c, bi);
          return c;
        }
        this.setBucket(bi, this.next(c));
      } while (--i > 0 && this.bucket(bi) !== first);
    }
    const bmask = bi >= 31 ? 0 : this.avail() & ~(2 ** (bi + 1) - 1);
    if (bmask !== 0) {
      const minbucket = 31 - Math.clz32(bmask & -bmask);
      const c = this.bucket(minbucket);
      this.freeListRemoveBidx(c, minbucket);
      return c;
    }
    return 0;
  }

  /** sys_heap_alloc; buffer offset or null. */
  alloc(bytes: number): number | null {
    if (bytes === 0) return null;
    if (!this.cfg.clamp && Math.floor(bytes / UNIT) >= this.endChunk) return null;
    const chunkSz = this.bytesToChunksz(bytes, 0);
    const c = this.allocChunk(chunkSz);
    if (c === 0) return null;
    if (this.chunkSize(c) > chunkSz) {
      this.splitChunks(c, c + chunkSz);
      this.freeListAdd(c + chunkSz);
    }
    this.setUsed(c, true);
    return this.addrOff + c * UNIT + this.hdr;
  }

  /** sys_heap_aligned_alloc; buffer offset or null. */
  alignedAlloc(align: number, bytes: number): number | null {
    let rew = align & -align;
    let gap: number;
    if (align !== rew) {
      align -= rew;
      gap = Math.min(rew, this.hdr);
    } else {
      if (align <= this.hdr) return this.alloc(bytes);
      rew = 0;
      gap = this.hdr;
    }
    if (bytes === 0) return null;
    if (!this.cfg.clamp && Math.floor(bytes / UNIT) >= this.endChunk) return null;
    const paddedSz = this.bytesToChunksz(bytes, align - gap);
    const c0 = this.allocChunk(paddedSz);
    if (c0 === 0) return null;
    let mem = this.addr + c0 * UNIT + this.hdr;
    mem = Math.ceil((mem + rew) / align) * align - rew;
    const end = Math.ceil((mem + bytes) / UNIT) * UNIT;
    const c = Math.floor((mem - this.hdr - this.addr) / UNIT);
    const cEnd = (end - this.addr) / UNIT;
    if (c > c0) {
      this.splitChunks(c0, c);
      this.freeListAdd(c0);
    }
    if (c + this.chunkSize(c) > cEnd) {
      this.splitChunks(c, cEnd);
      this.freeListAdd(cEnd);
    }
    this.setUsed(c, true);
    return mem - this.base;
  }

  /** sys_heap_free of a buffer offset. */
  free(off: number | null): void {
    if (off === null) return;
    let c = Math.floor((this.base + off - this.hdr - this.addr) / UNIT);
    this.setUsed(c, false);
    const r = c + this.chunkSize(c);
    if (!this.chunkUsed(r)) {
      this.freeListRemove(r);
      this.mergeChunks(c, r);
    }
    const l = c - this.leftSize(c);
    if (!this.chunkUsed(l)) {
      this.freeListRemove(l);
      this.mergeChunks(l, c);
      c = l;
    }
    this.freeListAdd(c);
  }

  /** Free lists, bucket by bucket, each from its head. */
  freeLists(): { chunk: number; units: number; bucket: number }[] {
    const out: { chunk: number; units: number; bucket: number }[] = [];
    for (let b = 0; b < this.nb; b++) {
      const head = this.bucket(b);
      if (head === 0) continue;
      let c = head;
      do {
        out.push({ chunk: c, units: this.chunkSize(c), bucket: b });
        c = this.next(c);
      } while (c !== head);
    }
    return out;
  }
}
