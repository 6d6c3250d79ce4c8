// LLEXT's heaps (subsys/llext/llext_mem.c, llext_kheap.c, llext_memblk.c): one
// k_heap, or an instruction and a data heap on Harvard targets, defined statically
// or handed over at run time with llext_heap_init[_harvard](); or, with
// CONFIG_LLEXT_HEAP_MEMBLK, sys_mem_blocks pools for regions beside a k_heap for metadata.
import { SysHeap, SysHeapConfig, HEAP_MODE_AUTO, HEAP_MODE_BIG_ONLY, HEAP_MODE_SMALL_ONLY, MAX_HEAP_BYTES } from "../heap/sysheap";
import { RunHost } from "./runhost";
import { Llext } from "./llext";
import { MemArea } from "./memory";
import { BlockPool, checkMemblkBuild, createPool, memblkAlloc, memblkFree } from "./memblk";
import { llextPageSize } from "./version";
import { EV_HEAP_ALLOC, EV_HEAP_FREE, EV_HEAP_INIT, EV_HEAP_STATE, EV_HEAP_UNINIT, HEAP_NONE } from "../trace/events";
import { EBUSY, EEXIST, ENOSYS } from "../util/errno";

export class LlextHeap {
  constructor(
    public id: u8,
    public name: string,
    public heap: SysHeap,
    public area: MemArea,
  ) {}
}

/** Largest sys_mem_blocks pool modelled: 64 MiB (the Kconfig maximum) of 32-byte blocks. */
const MAX_POOL_BLOCKS: u64 = 1 << 21;

/** Default placement when a board gives no address for a heap buffer. */
const FALLBACK_HEAP_BASE: u64 = 0x20010000;

export class LlextHeaps {
  heaps: LlextHeap[] = [];
  data: LlextHeap | null = null;
  instr: LlextHeap | null = null;
  harvard: bool;
  dynamic: bool;
  /** CONFIG_LLEXT_HEAP_MEMBLK (Kconfig refuses it together with a dynamic heap). */
  memblk: bool;
  /** llext_metadata_heap (memblk only; otherwise metadata lives on `data`). */
  metadata: LlextHeap | null = null;
  /** Region pools (memblk only): one llext_ext_heap for both, or instr/data pools on Harvard. */
  instrPool: BlockPool | null = null;
  dataPool: BlockPool | null = null;
  pools: BlockPool[] = [];
  /** CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE (memblk only). */
  blockSize: i64 = 0;
  inited: bool = false;
  private nextId: u8 = 0;

  constructor(public e: RunHost) {
    this.harvard = e.cfg.bool("CONFIG_HARVARD");
    this.dynamic = e.cfg.bool("CONFIG_LLEXT_HEAP_DYNAMIC");
    this.memblk = e.cfg.bool("CONFIG_LLEXT_HEAP_MEMBLK") && !this.dynamic;
    if (this.memblk) this.blockSize = e.cfg.int("CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE", 32);
  }

  /** llext_copy_region's ROUND_UP(alloc, CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE); unchanged with k_heap. */
  roundToBlocks(alloc: u64): u64 {
    if (this.blockSize <= 0) return alloc;
    const b = <u64>this.blockSize;
    return ((alloc + b - 1) / b) * b;
  }

  heapConfig(): SysHeapConfig {
    const c = new SysHeapConfig();
    const cfg = this.e.cfg;
    c.ptrSize = cfg.ptrSize;
    c.mode = cfg.bool("CONFIG_SYS_HEAP_SMALL_ONLY")
      ? HEAP_MODE_SMALL_ONLY
      : cfg.bool("CONFIG_SYS_HEAP_BIG_ONLY")
        ? HEAP_MODE_BIG_ONLY
        : HEAP_MODE_AUTO;
    c.structSize = cfg.bool("CONFIG_SYS_HEAP_RUNTIME_STATS") ? (cfg.ptrSize == 8 ? 40 : 28) : 16;
    c.loops = <i32>cfg.int("CONFIG_SYS_HEAP_ALLOC_LOOPS", 3);
    return c;
  }

  /** Static heaps exist from boot (K_HEAP_DEFINE at PRE_KERNEL_1). */
  initStatic(): void {
    if (this.dynamic) return;
    const cfg = this.e.cfg;
    if (this.memblk) {
      this.initMemblk();
    } else if (this.harvard) {
      const ikib = cfg.int("CONFIG_LLEXT_INSTR_HEAP_SIZE", 4);
      const dkib = cfg.int("CONFIG_LLEXT_DATA_HEAP_SIZE", 8);
      this.instr = this.create("llext_instr_heap", cfg.heapBase("llext_instr_heap", FALLBACK_HEAP_BASE), <u64>ikib * 1024);
      this.data = this.create("llext_data_heap", cfg.heapBase("llext_data_heap", FALLBACK_HEAP_BASE + 0x100000), <u64>dkib * 1024);
    } else {
      const kib = cfg.int("CONFIG_LLEXT_HEAP_SIZE", 8);
      this.data = this.create("llext_heap", cfg.heapBase("llext_heap", FALLBACK_HEAP_BASE), <u64>kib * 1024);
      this.instr = this.data;
    }
    this.inited = true;
  }

  /** llext_memblk.c: K_HEAP_DEFINE(llext_metadata_heap) and the SYS_MEM_BLOCKS pools. */
  private initMemblk(): void {
    const cfg = this.e.cfg;
    const mkib = cfg.int("CONFIG_LLEXT_METADATA_HEAP_SIZE", 4);
    this.metadata = this.create("llext_metadata_heap", cfg.heapBase("llext_metadata_heap", FALLBACK_HEAP_BASE), <u64>mkib * 1024);
    const blockSize = this.blockSize;
    const page = llextPageSize(cfg);
    if (this.harvard) {
      const ikib = cfg.int("CONFIG_LLEXT_INSTR_HEAP_SIZE", 4);
      const dkib = cfg.int("CONFIG_LLEXT_DATA_HEAP_SIZE", 8);
      if (checkMemblkBuild(this.e, blockSize, page, ["CONFIG_LLEXT_INSTR_HEAP_SIZE", "CONFIG_LLEXT_DATA_HEAP_SIZE"], [ikib, dkib])) {
        this.instrPool = this.createPool(
          "llext_instr_heap",
          cfg.heapBase("llext_instr_heap_buf", FALLBACK_HEAP_BASE + 0x200000),
          ikib,
          <u32>blockSize,
        );
        this.dataPool = this.createPool(
          "llext_data_heap",
          cfg.heapBase("llext_data_heap_buf", FALLBACK_HEAP_BASE + 0x300000),
          dkib,
          <u32>blockSize,
        );
      }
    } else {
      const kib = cfg.int("CONFIG_LLEXT_EXT_HEAP_SIZE", 16);
      if (checkMemblkBuild(this.e, blockSize, page, ["CONFIG_LLEXT_EXT_HEAP_SIZE"], [kib])) {
        this.dataPool = this.createPool(
          "llext_ext_heap",
          cfg.heapBase("llext_ext_heap", FALLBACK_HEAP_BASE + 0x200000),
          kib,
          <u32>blockSize,
        );
        this.instrPool = this.dataPool;
      }
    }
  }

  private createPool(name: string, base: u64, kib: i64, blockSize: u32): BlockPool | null {
    const bytes = <u64>kib * 1024;
    if (bytes > 0x40000000) {
      this.e.diag(2, "heap-size", "Heap " + name + " of " + bytes.toString() + " bytes is larger than the playground models (1 GiB).");
      return null;
    }
    if (bytes / <u64>blockSize > MAX_POOL_BLOCKS) {
      this.e.diag(
        2,
        "heap-size",
        "Pool " +
          name +
          " of " +
          (bytes / <u64>blockSize).toString() +
          " blocks is larger than the playground models (" +
          MAX_POOL_BLOCKS.toString() +
          " blocks).",
      );
      return null;
    }
    const p = createPool(this.e, this.nextId++, name, base, bytes, blockSize);
    this.pools.push(p);
    return p;
  }

  private create(name: string, base: u64, size: u64): LlextHeap | null {
    const e = this.e;
    if (size > MAX_HEAP_BYTES) {
      // Checked before the heap's memory is allocated: the model's own check comes too late.
      e.diag(
        2,
        "heap-size",
        "Heap " +
          name +
          " of " +
          size.toString() +
          " bytes is larger than the playground models (" +
          (MAX_HEAP_BYTES >> 20).toString() +
          " MiB).",
      );
      return null;
    }
    const h = new SysHeap(base, size, this.heapConfig());
    const area = new MemArea(name, base, <i32>size, true);
    const lh = new LlextHeap(this.nextId++, name, h, area);
    if (!e.quiet) {
      e.trace.begin(EV_HEAP_INIT);
      e.trace.u8(lh.id);
      e.trace.str(name);
      e.trace.u64(base);
      e.trace.u64(size);
      e.trace.u8(h.headerBytes());
      e.trace.u8(h.valid ? 1 : 0);
    }
    if (!h.valid) {
      e.diag(
        2,
        "heap-too-small",
        "Heap " +
          name +
          " (" +
          size.toString() +
          " bytes) cannot even hold the sys_heap bookkeeping: Zephyr's sys_heap_init() would assert.",
      );
      return null;
    }
    e.mem.add(area);
    this.heaps.push(lh);
    this.snapshot(lh);
    return lh;
  }

  /** llext_heap_init(mem, bytes) */
  heapInit(bytes: u64): i32 {
    if (!this.dynamic || this.harvard) return -ENOSYS;
    if (this.inited) return -EEXIST;
    this.data = this.create("llext_heap", this.e.cfg.heapBase("dynamic", FALLBACK_HEAP_BASE), bytes);
    this.instr = this.data;
    this.inited = true;
    return 0;
  }

  /** llext_heap_init_harvard(imem, ibytes, dmem, dbytes) */
  heapInitHarvard(ibytes: u64, dbytes: u64): i32 {
    if (!this.dynamic || !this.harvard) return -ENOSYS;
    if (this.inited) return -EEXIST;
    const cfg = this.e.cfg;
    this.instr = this.create("llext_instr_heap", cfg.heapBase("dynamic_instr", FALLBACK_HEAP_BASE), ibytes);
    this.data = this.create("llext_data_heap", cfg.heapBase("dynamic_data", FALLBACK_HEAP_BASE + 0x100000), dbytes);
    this.inited = true;
    return 0;
  }

  /** llext_heap_uninit(); `loadedCount` = extensions currently loaded. */
  heapUninit(loadedCount: i32): i32 {
    if (!this.dynamic) return -ENOSYS;
    if (!this.inited) return -EEXIST;
    if (loadedCount > 0) return -EBUSY;
    for (let i = 0; i < this.heaps.length; i++) {
      const h = this.heaps[i];
      this.e.mem.remove(h.area);
      if (!this.e.quiet) {
        this.e.trace.begin(EV_HEAP_UNINIT);
        this.e.trace.u8(h.id);
      }
    }
    this.heaps = [];
    this.data = null;
    this.instr = null;
    this.inited = false;
    return 0;
  }

  /** Metadata: k_heap_alloc on the data heap, or llext_metadata_heap with memblk (llext_alloc_metadata). 0 = NULL. */
  allocMetadata(bytes: u64, purpose: string): u64 {
    return this.allocOn(this.memblk ? this.metadata : this.data, 0, bytes, purpose, false);
  }

  /** llext_aligned_alloc_instr/_data(ext, align, bytes) for a region. 0 = NULL. */
  allocRegion(ext: Llext, instr: bool, align: u64, bytes: u64, purpose: string): u64 {
    if (!this.memblk) return this.alignedAlloc(instr, align, bytes, purpose);
    const pool = instr ? this.instrPool : this.dataPool;
    if (pool == null || bytes == 0) return 0;
    return memblkAlloc(this.e, ext, pool, align, bytes, purpose);
  }

  /** llext_free_instr/_data(ext, ptr) for a region; `instr` is the caller's choice of heap. */
  freeRegion(ext: Llext, instr: bool, addr: u64, purpose: string): void {
    if (!this.memblk) {
      this.free(addr, purpose);
      return;
    }
    const pool = instr ? this.instrPool : this.dataPool;
    if (pool != null) memblkFree(this.e, ext, pool, addr, purpose);
  }

  /** llext_heap_reset(ext): the memblk allocation map starts over (no-op with k_heap). */
  resetRegionMap(ext: Llext): void {
    ext.allocIdx = 0;
  }

  /** Trace id of the heap or pool holding `addr`, -1 when none does. */
  idOf(addr: u64): i32 {
    const h = this.heapOf(addr);
    if (h != null) return <i32>h.id;
    for (let i = 0; i < this.pools.length; i++) {
      if (this.pools[i].contains(addr)) return <i32>this.pools[i].id;
    }
    return -1;
  }

  /** Region memory: k_heap_aligned_alloc on the instruction or data heap. 0 = NULL. */
  alignedAlloc(instr: bool, align: u64, bytes: u64, purpose: string): u64 {
    return this.allocOn(instr ? this.instr : this.data, align, bytes, purpose, true);
  }

  private allocOn(h: LlextHeap | null, align: u64, bytes: u64, purpose: string, aligned: bool): u64 {
    // LLEXT's helpers return NULL for 0 bytes or an uninitialised heap before calling k_heap.
    if (h == null || bytes == 0 || !this.inited) {
      this.record(h, purpose, align, bytes, -1);
      return 0;
    }
    // k_heap_alloc(h, n) is k_heap_aligned_alloc(h, sizeof(void *), n).
    const off = h.heap.alignedAlloc(aligned ? align : <u64>this.e.cfg.ptrSize, bytes);
    this.record(h, purpose, align, bytes, off);
    if (off < 0) return 0;
    this.snapshot(h);
    return h.area.base + <u64>off;
  }

  private record(h: LlextHeap | null, purpose: string, align: u64, bytes: u64, off: i64): void {
    const e = this.e;
    if (e.quiet) return;
    e.trace.begin(EV_HEAP_ALLOC);
    e.trace.u8(h == null ? HEAP_NONE : h.id);
    e.trace.str(purpose);
    e.trace.u64(align);
    e.trace.u64(bytes);
    e.trace.i64(off);
  }

  heapOf(addr: u64): LlextHeap | null {
    for (let i = 0; i < this.heaps.length; i++) {
      const h = this.heaps[i];
      if (addr >= h.area.base && addr < h.area.base + h.area.size) return h;
    }
    return null;
  }

  /** k_heap_free on whichever heap holds `addr` (NULL is ignored, as in Zephyr). */
  free(addr: u64, purpose: string): void {
    if (addr == 0) return;
    const h = this.heapOf(addr);
    if (h == null) return;
    const off = <i64>(addr - h.area.base);
    h.heap.free(off);
    const e = this.e;
    if (!e.quiet) {
      e.trace.begin(EV_HEAP_FREE);
      e.trace.u8(h.id);
      e.trace.str(purpose);
      e.trace.i64(off);
    }
    this.snapshot(h);
  }

  snapshot(h: LlextHeap): void {
    const e = this.e;
    if (e.quiet) return;
    const t = e.trace;
    const chunks = h.heap.chunks();
    t.begin(EV_HEAP_STATE);
    t.u8(h.id);
    t.u64(h.heap.usedBytes());
    t.u64(h.heap.freeBytes());
    t.u64(h.heap.largestFreeBytes());
    t.u32(<u32>chunks.length);
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      t.u64(c.offset);
      t.u32(c.units);
      t.u8(c.used ? 1 : 0);
      t.i32(c.bucket);
    }
  }
}
