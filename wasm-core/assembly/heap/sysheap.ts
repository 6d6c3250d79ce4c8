// Bit-exact model of Zephyr's sys_heap (lib/heap/heap.c, lib/heap/heap.h) as
// used through k_heap (kernel/kheap.c). The rules are summarised in
// docs/zephyr-heap.md, whose section names the comments below use.
//
// Chunk state lives in typed arrays indexed by chunk id (8-byte unit index
// from the heap start `addr`). Only entries at chunk starts are meaningful,
// exactly like the in-memory headers of the real heap.

export const HEAP_MODE_AUTO: i32 = 0;
export const HEAP_MODE_SMALL_ONLY: i32 = 1;
export const HEAP_MODE_BIG_ONLY: i32 = 2;

const CHUNK_UNIT: u64 = 8;
/** Largest buffer the model accepts: keeps the per-unit arrays (17 bytes/unit) bounded. */
export const MAX_HEAP_BYTES: u64 = 64 << 20;

export class SysHeapConfig {
  ptrSize: u32 = 4;
  mode: i32 = HEAP_MODE_AUTO;
  /** sizeof(struct z_heap): 16, or 28/40 with CONFIG_SYS_HEAP_RUNTIME_STATS. */
  structSize: u32 = 16;
  /** CONFIG_SYS_HEAP_ALLOC_LOOPS */
  loops: i32 = 3;
  /** Trailer units (hardening FULL). */
  trailer: u32 = 0;
  /** Post-2025 clamping of bytes_to_chunksz (true) or pre-clamp size_too_big (false). */
  clamp: bool = true;
}

/** One chunk as seen by introspection (offsets from the buffer start). */
export class HeapChunk {
  chunk: u32 = 0; // chunk id (unit index from the heap start `addr`)
  offset: u64 = 0; // byte offset of the chunk header from the buffer start
  units: u32 = 0;
  used: bool = false;
  bucket: i32 = -1; // bucket index when listed in a free list, else -1
}

function roundUp8(v: u64): u64 {
  return (v + 7) & ~(<u64>7);
}
function roundDown8(v: u64): u64 {
  return v & ~(<u64>7);
}

export class SysHeap {
  /** false when the buffer is too small to hold chunk 0 plus a minimal chunk (Zephyr asserts). */
  valid: bool = false;
  /** Why the heap is invalid (the sys_heap_init assertion that would fire), "" when valid. */
  error: string = "";

  // ---- layout, fixed by init (sys_heap_init()) ----
  /** Absolute address of the heap start (ROUND_UP(base, 8)); chunk ids count from here. */
  addr: u64 = 0;
  /** h->end_chunk: id of the end marker, = heap_sz in units. */
  endChunk: u32 = 0;
  big: bool = false;
  hdr: u32 = 4;
  minChunk: u32 = 1;
  /** Number of buckets. */
  nb: u32 = 0;
  /** Size of chunk 0 (struct z_heap + buckets[]) in units. */
  chunk0Units: u32 = 0;
  /** Reserved footer bytes (4 or 8), decided from the untrimmed byte count. */
  footerBytes: u32 = 4;

  // ---- dynamic state ----
  /** h->avail_buckets */
  avail: u32 = 0;
  /** buckets[b].next; 32 entries so an out-of-range pre-clamp bucket reads as empty. */
  heads: StaticArray<u32> = new StaticArray<u32>(32);
  private sizeOf: Uint32Array = new Uint32Array(0);
  private leftOf: Uint32Array = new Uint32Array(0);
  private prevOf: Uint32Array = new Uint32Array(0);
  private nextOf: Uint32Array = new Uint32Array(0);
  private usedOf: Uint8Array = new Uint8Array(0);
  /** Units held by used chunks other than chunk 0 (kept incrementally for O(1) stats). */
  private usedUnits: u64 = 0;

  constructor(
    public base: u64,
    public size: u64,
    public cfg: SysHeapConfig,
  ) {
    this.init();
  }

  // ---------------------------------------------------------------- init

  /** big_heap_chunks(): the small/big header decision ("Chunk layout"). */
  private bigChunks(units: u64): bool {
    if (this.cfg.mode == HEAP_MODE_SMALL_ONLY) return false;
    if (this.cfg.mode == HEAP_MODE_BIG_ONLY || this.cfg.ptrSize > 4) return true;
    return units > 0x7fff;
  }

  private fail(why: string): void {
    this.valid = false;
    this.error = why;
  }

  /** sys_heap_init(heap, base, size) ("Initialisation"). */
  private init(): void {
    const cfg = this.cfg;
    const N = this.size;
    if (cfg.ptrSize != 4 && cfg.ptrSize != 8) {
      this.fail("pointer size must be 4 or 8");
      return;
    }
    if (cfg.loops < 1) {
      this.fail("CONFIG_SYS_HEAP_ALLOC_LOOPS must be at least 1");
      return;
    }
    if (cfg.trailer > 1) {
      this.fail("trailer must be 0 or 1 unit");
      return;
    }
    if (N > MAX_HEAP_BYTES) {
      this.fail("heap larger than the simulator limit of " + MAX_HEAP_BYTES.toString() + " bytes");
      return;
    }
    if (cfg.mode == HEAP_MODE_SMALL_ONLY && N / CHUNK_UNIT > 0x7fff) {
      this.fail("heap size is too big for CONFIG_SYS_HEAP_SMALL_ONLY (more than 0x7fff units)");
      return;
    }
    const footer: u64 = this.bigChunks(N / CHUNK_UNIT) ? 8 : 4;
    this.footerBytes = <u32>footer;
    if (N <= footer) {
      this.fail("heap buffer not larger than its footer");
      return;
    }
    // Absolute addresses: a base near the top of u64 would wrap; no target has that.
    if (this.base > 0xffffffffffffffff - N) {
      this.fail("heap buffer wraps the address space");
      return;
    }
    const addr = roundUp8(this.base);
    const end = roundDown8(this.base + N - footer);
    if (end <= addr) {
      this.fail("heap buffer too small for the chunk 0 header");
      return;
    }
    const heapSz = <u32>((end - addr) / CHUNK_UNIT);
    this.addr = addr;
    this.endChunk = heapSz;
    this.big = this.bigChunks(<u64>heapSz);
    this.hdr = this.big ? 8 : 4;
    this.minChunk = (this.hdr + 1 + 7) / 8 + cfg.trailer;
    if (heapSz < this.minChunk) {
      this.fail("heap buffer too small for chunk 0 and a minimal chunk");
      return;
    }
    this.nb = this.bucketIdx(heapSz) + 1;
    this.chunk0Units = (cfg.structSize + 4 * this.nb + 7) / 8 + cfg.trailer;
    if (<u64>this.chunk0Units + <u64>this.minChunk > <u64>heapSz) {
      this.fail("heap buffer too small for chunk 0 and a minimal chunk");
      return;
    }

    const n = <i32>heapSz + 1;
    this.sizeOf = new Uint32Array(n);
    this.leftOf = new Uint32Array(n);
    this.prevOf = new Uint32Array(n);
    this.nextOf = new Uint32Array(n);
    this.usedOf = new Uint8Array(n);
    for (let b = 0; b < 32; b++) unchecked((this.heads[b] = 0));
    this.avail = 0;
    this.usedUnits = 0;

    const c0 = this.chunk0Units;
    this.setSize(0, c0);
    this.setUsed(0, true);
    this.setLeft(0, 0);
    this.setSize(c0, heapSz - c0);
    this.setLeft(c0, c0);
    this.setSize(heapSz, 0);
    this.setUsed(heapSz, true);
    this.setLeft(heapSz, heapSz - c0);
    this.listAdd(c0);
    this.valid = true;
  }

  // ------------------------------------------------------ chunk accessors

  @inline private sz(c: u32): u32 {
    return unchecked(this.sizeOf[c]);
  }
  @inline private left(c: u32): u32 {
    return unchecked(this.leftOf[c]);
  }
  @inline private isUsed(c: u32): bool {
    return unchecked(this.usedOf[c]) != 0;
  }
  /** set_chunk_size(): writing a size always clears the used bit. */
  @inline private setSize(c: u32, s: u32): void {
    unchecked((this.sizeOf[c] = s));
    unchecked((this.usedOf[c] = 0));
  }
  @inline private setUsed(c: u32, u: bool): void {
    unchecked((this.usedOf[c] = u ? 1 : 0));
  }
  @inline private setLeft(c: u32, s: u32): void {
    unchecked((this.leftOf[c] = s));
  }

  /** bucket_idx(): floor(log2(sz - min_chunk_size + 1)). */
  @inline private bucketIdx(sz: u32): u32 {
    return 31 - clz<u32>(sz - this.minChunk + 1);
  }

  /**
   * undersized_chunk(): too small to carry the free-list links, never listed.
   * `size < min_chunk_size` is the newer form; with T = 0 it equals the
   * older `big && size == 1` (solo_free_header).
   */
  @inline private undersized(c: u32): bool {
    return this.sz(c) < this.minChunk;
  }

  // ------------------------------------------------------ free lists ("Free lists")

  private listAdd(c: u32): void {
    if (this.undersized(c)) return;
    const b = this.bucketIdx(this.sz(c));
    const s = unchecked(this.heads[b]);
    if (s == 0) {
      this.avail |= (<u32>1) << b;
      unchecked((this.heads[b] = c));
      unchecked((this.prevOf[c] = c));
      unchecked((this.nextOf[c] = c));
    } else {
      // Insert before the head, i.e. at the tail of the circular list.
      const f = unchecked(this.prevOf[s]);
      unchecked((this.prevOf[c] = f));
      unchecked((this.nextOf[c] = s));
      unchecked((this.nextOf[f] = c));
      unchecked((this.prevOf[s] = c));
    }
  }

  private listRemoveB(c: u32, b: u32): void {
    if (unchecked(this.nextOf[c]) == c) {
      this.avail &= ~((<u32>1) << b);
      unchecked((this.heads[b] = 0));
    } else {
      const f = unchecked(this.prevOf[c]),
        s = unchecked(this.nextOf[c]);
      // The head moves to the successor even when c was not the head.
      unchecked((this.heads[b] = s));
      unchecked((this.nextOf[f] = s));
      unchecked((this.prevOf[s] = f));
    }
  }

  private listRemove(c: u32): void {
    if (!this.undersized(c)) this.listRemoveB(c, this.bucketIdx(this.sz(c)));
  }

  private split(lc: u32, rc: u32): void {
    const lsz = rc - lc,
      rsz = this.sz(lc) - lsz;
    this.setSize(lc, lsz);
    this.setSize(rc, rsz);
    this.setLeft(rc, lsz);
    this.setLeft(rc + rsz, rsz);
  }

  private merge(lc: u32, rc: u32): void {
    // size[rc] is read before size[lc] is written.
    const n = this.sz(lc) + this.sz(rc);
    this.setLeft(rc + this.sz(rc), n);
    this.setSize(lc, n);
  }

  // ------------------------------------------------------ allocation (alloc_chunk() and callers)

  /** bytes_to_chunksz(h, n, extra), with the post-2025 clamp when configured. */
  private toUnits(n: u64, extra: u64): u64 {
    const u = n / 8 + extra / 8 + ((n % 8) + (extra % 8) + <u64>this.hdr + 7) / 8 + <u64>this.cfg.trailer;
    return this.cfg.clamp && u > <u64>this.endChunk ? <u64>this.endChunk : u;
  }

  /** alloc_chunk(): bounded probe of the own bucket, then the head of the next larger one. */
  private allocChunk(sz64: u64): u32 {
    // Pre-clamp requests can exceed every bucket; C would index past
    // buckets[] (undefined), the model just fails without touching state.
    if (sz64 > 0xffffffff) return 0;
    const sz = <u32>sz64;
    const bi = this.bucketIdx(sz);
    if (bi >= this.nb) return 0;
    if (unchecked(this.heads[bi]) != 0) {
      const first = unchecked(this.heads[bi]);
      let i = this.cfg.loops;
      do {
        const c = unchecked(this.heads[bi]);
        if (this.sz(c) >= sz) {
          this.listRemoveB(c, bi);
          return c;
        }
        // Rotation past a too-small chunk persists, even if the call fails.
        unchecked((this.heads[bi] = unchecked(this.nextOf[c])));
      } while (--i != 0 && unchecked(this.heads[bi]) != first);
    }
    const mask: u32 = bi >= 31 ? 0 : this.avail & ~(((<u32>1) << (bi + 1)) - 1);
    if (mask != 0) {
      const b = ctz<u32>(mask),
        c = unchecked(this.heads[b]);
      this.listRemoveB(c, b);
      return c;
    }
    return 0;
  }

  /** Buffer offset of absolute address `a`. */
  @inline private toOffset(a: u64): i64 {
    return <i64>(a - this.base);
  }

  /** sys_heap_alloc: offset of the returned pointer from the buffer start, or -1 for NULL. */
  alloc(bytes: u64): i64 {
    if (!this.valid || bytes == 0) return -1;
    if (!this.cfg.clamp && bytes / 8 >= <u64>this.endChunk) return -1;
    const sz64 = this.toUnits(bytes, 0);
    const c = this.allocChunk(sz64);
    if (c == 0) return -1;
    const sz = <u32>sz64;
    // The block is carved from the low end; the remainder stays on the right.
    if (this.sz(c) > sz) {
      this.split(c, c + sz);
      this.listAdd(c + sz);
    }
    this.setUsed(c, true);
    this.usedUnits += <u64>this.sz(c);
    return this.toOffset(this.addr + 8 * <u64>c + <u64>this.hdr);
  }

  /** sys_heap_aligned_alloc (k_heap_aligned_alloc). */
  alignedAlloc(align: u64, bytes: u64): i64 {
    if (!this.valid) return -1;
    const hdr = <u64>this.hdr;
    // One extra low bit is a "rewind": align to the rest, then back off.
    let rew: u64 = align & (~align + 1);
    let gap: u64;
    if (align != rew) {
      align -= rew;
      gap = rew < hdr ? rew : hdr;
    } else {
      if (align <= hdr) return this.alloc(bytes);
      rew = 0;
      gap = hdr;
    }
    if (bytes == 0) return -1;
    if (!this.cfg.clamp && bytes / 8 >= <u64>this.endChunk) return -1;
    const padded = this.toUnits(bytes, align - gap);
    const c0 = this.allocChunk(padded);
    if (c0 == 0) return -1;

    // ROUND_UP works on the absolute address, so the result depends on base.
    // Zephyr's ROUND_UP divides, which is also what happens (assertions off)
    // when `align` is not a power of two.
    let mem: u64 = this.addr + 8 * <u64>c0 + hdr;
    mem = ((mem + rew + align - 1) / align) * align - rew;
    const endp: u64 = roundUp8(mem + bytes);
    const c = <u32>((mem - hdr - this.addr) / 8);
    const cEnd = <u32>((endp - this.addr) / 8) + this.cfg.trailer;
    if (c > c0) {
      this.split(c0, c);
      this.listAdd(c0);
    }
    if (c + this.sz(c) > cEnd) {
      this.split(c, cEnd);
      this.listAdd(cEnd);
    }
    this.setUsed(c, true);
    this.usedUnits += <u64>this.sz(c);
    return this.toOffset(mem);
  }

  /** Chunk id holding the block whose pointer is at buffer offset `off` (mem_to_chunkid), or 0. */
  private chunkOfOffset(off: i64): u32 {
    if (off < 0 || <u64>off >= this.size) return 0;
    const mem = this.base + <u64>off;
    const hdr = <u64>this.hdr;
    if (mem < this.addr + hdr) return 0;
    const c64 = (mem - hdr - this.addr) / 8;
    if (c64 == 0 || c64 >= <u64>this.endChunk) return 0;
    return <u32>c64;
  }

  /**
   * True when `off` is a pointer sys_heap_free accepts: it maps to a used
   * chunk whose neighbours link back to it (Zephyr's free() assertions).
   */
  isLiveBlock(off: i64): bool {
    if (!this.valid) return false;
    const c = this.chunkOfOffset(off);
    if (c == 0 || !this.isUsed(c)) return false;
    const s = this.sz(c);
    if (s == 0 || <u64>c + <u64>s > <u64>this.endChunk) return false;
    if (this.left(c) > c || this.left(c + s) != s) return false;
    return c - this.left(c) + this.sz(c - this.left(c)) == c;
  }

  /** sys_heap_free of a pointer at buffer offset `off` (-1 = NULL, ignored). */
  free(off: i64): void {
    if (off < 0) return;
    // A pointer that is not a live block trips an assertion in Zephyr and
    // corrupts the heap without them; the model refuses it instead.
    if (!this.isLiveBlock(off)) return;
    let c = this.chunkOfOffset(off);
    this.usedUnits -= <u64>this.sz(c);
    this.setUsed(c, false);
    const r = c + this.sz(c);
    if (!this.isUsed(r)) {
      this.listRemove(r);
      this.merge(c, r);
    }
    const l = c - this.left(c);
    if (!this.isUsed(l)) {
      this.listRemove(l);
      this.merge(l, c);
      c = l;
    }
    this.listAdd(c);
  }

  /** free_chunk(): merges chunk `c` (not marked used) with free neighbours and lists it. */
  private freeChunk(c: u32): void {
    const r = c + this.sz(c);
    if (!this.isUsed(r)) {
      this.listRemove(r);
      this.merge(c, r);
    }
    const l = c - this.left(c);
    if (!this.isUsed(l)) {
      this.listRemove(l);
      this.merge(l, c);
      c = l;
    }
    this.listAdd(c);
  }

  /**
   * inplace_realloc() of lib/heap/heap.c for the live block at buffer offset `off`: true when
   * the block now holds `bytes` where it is (unchanged, shrunk, or grown into a free right
   * neighbour); false when sys_heap_realloc() would allocate, copy and free instead.
   */
  reallocInPlace(off: i64, bytes: u64): bool {
    if (!this.isLiveBlock(off)) return false;
    const c = this.chunkOfOffset(off);
    const gap = this.base + <u64>off - (this.addr + 8 * <u64>c);
    const need64 = this.toUnits(bytes, gap);
    if (need64 > 0xffffffff) return false;
    const need = <u32>need64;
    const s = this.sz(c);
    if (s == need) return true;
    if (s > need) {
      // Shrink in place, split off and free the unused suffix.
      this.usedUnits -= <u64>(s - need);
      this.split(c, c + need);
      this.setUsed(c, true);
      this.freeChunk(c + need);
      return true;
    }
    const rc = c + s;
    if (!this.isUsed(rc) && s + this.sz(rc) >= need) {
      // Expand: split the right chunk and append.
      const splitSize = need - s;
      this.listRemove(rc);
      if (splitSize < this.sz(rc)) {
        this.split(rc, rc + splitSize);
        this.listAdd(rc + splitSize);
      }
      this.merge(c, rc);
      this.setUsed(c, true);
      this.usedUnits += <u64>splitSize;
      return true;
    }
    return false;
  }

  /** sys_heap_usable_size(): bytes from the pointer at buffer offset `off` to its chunk's end. */
  usableSize(off: i64): u64 {
    if (!this.isLiveBlock(off)) return 0;
    const c = this.chunkOfOffset(off);
    return 8 * <u64>this.sz(c) - (this.base + <u64>off - (this.addr + 8 * <u64>c));
  }

  // ------------------------------------------------------ introspection

  /** Chunk header size in bytes (4 small, 8 big). */
  headerBytes(): u32 {
    return this.hdr;
  }

  /** Bucket a free chunk is listed in, or -1 (used or undersized). */
  private listedBucket(c: u32): i32 {
    if (this.isUsed(c) || this.undersized(c)) return -1;
    return <i32>this.bucketIdx(this.sz(c));
  }

  private describe(c: u32): HeapChunk {
    const h = new HeapChunk();
    h.chunk = c;
    h.offset = this.addr + 8 * <u64>c - this.base;
    h.units = this.sz(c);
    h.used = this.isUsed(c);
    h.bucket = this.listedBucket(c);
    return h;
  }

  /** All chunks in address order, chunk 0 and the end marker excluded. */
  chunks(): HeapChunk[] {
    const out = new Array<HeapChunk>();
    if (!this.valid) return out;
    let c = this.sz(0);
    while (c < this.endChunk) {
      out.push(this.describe(c));
      const s = this.sz(c);
      if (s == 0) break; // cannot happen on a consistent heap; never loop forever
      c += s;
    }
    return out;
  }

  /** Free chunks, bucket by bucket, each list from its head. */
  freeLists(): HeapChunk[] {
    const out = new Array<HeapChunk>();
    if (!this.valid) return out;
    for (let b: u32 = 0; b < this.nb; b++) {
      const head = unchecked(this.heads[b]);
      if (head == 0) continue;
      let c = head;
      let guard: u32 = this.endChunk;
      do {
        const h = this.describe(c);
        h.bucket = <i32>b;
        out.push(h);
        c = unchecked(this.nextOf[c]);
      } while (c != head && guard-- != 0);
    }
    return out;
  }

  /** Bytes in used chunks (units*8, chunk 0 excluded). */
  usedBytes(): u64 {
    return this.usedUnits * 8;
  }

  /** Bytes in free chunks (units*8), unlisted undersized fragments included. */
  freeBytes(): u64 {
    if (!this.valid) return 0;
    return (<u64>(this.endChunk - this.chunk0Units) - this.usedUnits) * 8;
  }

  /** Largest allocation that could succeed right now with sys_heap_alloc (bytes). */
  largestFreeBytes(): u64 {
    if (!this.valid || this.avail == 0) return 0;
    // Bucket ranges do not overlap, so the largest chunk is in the top non-empty bucket.
    const b = <u32>(31 - clz<u32>(this.avail));
    const head = unchecked(this.heads[b]);
    let best: u32 = 0;
    let c = head;
    let guard: u32 = this.endChunk;
    do {
      const s = this.sz(c);
      if (s > best) best = s;
      c = unchecked(this.nextOf[c]);
    } while (c != head && guard-- != 0);
    // ceil((n + hdr)/8) + T <= best  <=>  n <= 8*(best - T) - hdr
    const usable = (<u64>best - <u64>this.cfg.trailer) * 8;
    return usable > <u64>this.hdr ? usable - <u64>this.hdr : 0;
  }
}
