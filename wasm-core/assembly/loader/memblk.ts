// CONFIG_LLEXT_HEAP_MEMBLK (subsys/llext/llext_memblk.c): extension regions come
// from sys_mem_blocks pools, each allocation a contiguous run of blocks noted in
// the extension's mem_alloc_map so that it can be freed by pointer later.
import { MemBlocks } from "../heap/memblocks";
import { RunHost } from "./runhost";
import { Llext } from "./llext";
import { MemArea } from "./memory";
import { EV_HEAP_ALLOC, EV_HEAP_BLOCKS, EV_HEAP_FREE, EV_HEAP_INIT, EV_HEAP_STATE } from "../trace/events";
import { ptr } from "../util/fmt";
import { EFAULT } from "../util/errno";

/** A sys_mem_blocks pool over its buffer in target memory. */
export class BlockPool {
  constructor(
    public id: u8,
    public name: string,
    public blocks: MemBlocks,
    public area: MemArea,
  ) {}

  get base(): u64 {
    return this.area.base;
  }

  contains(addr: u64): bool {
    return addr >= this.area.base && addr - this.area.base < this.area.size;
  }
}

/**
 * A pool of `bytes` / `blockSize` blocks whose buffer starts at `base` rounded up to
 * the block size (both SYS_MEM_BLOCKS_DEFINE and the Harvard buffers are
 * __aligned(CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE)).
 */
export function createPool(e: RunHost, id: u8, name: string, base: u64, bytes: u64, blockSize: u32): BlockPool {
  const bs = <u64>blockSize;
  const aligned = ((base + bs - 1) / bs) * bs;
  if (aligned != base && !e.quiet) {
    e.diag(
      0,
      "memblk-buffer-aligned",
      "The buffer of " +
        name +
        " is aligned to the block size (" +
        bs.toString() +
        " bytes): it starts at " +
        ptr(aligned) +
        ", not " +
        ptr(base) +
        ".",
    );
  }
  const count = <u32>(bytes / bs);
  const blocks = new MemBlocks(count, blockSize);
  // Blocks are addressed as buffer + (index << ilog2(block size)); the buffer holds them all.
  const size = <u64>count * bs;
  const pool = new BlockPool(id, name, blocks, new MemArea(name, aligned, <i32>size, true));
  e.mem.add(pool.area);
  if (!e.quiet) {
    const t = e.trace;
    t.begin(EV_HEAP_INIT);
    t.u8(id);
    t.str(name);
    t.u64(aligned);
    t.u64(size);
    t.u8(0); // no chunk headers: blocks carry no bookkeeping
    t.u8(1);
    t.begin(EV_HEAP_BLOCKS);
    t.u8(id);
    t.u32(blockSize);
    t.u32(count);
  }
  snapshotPool(e, pool);
  return pool;
}

/**
 * llext_memblk_aligned_alloc_data_instr(ext, heap, align, bytes). 0 = NULL.
 * No message of its own except the alignment one; the caller reports the failure.
 */
export function memblkAlloc(e: RunHost, ext: Llext, pool: BlockPool, align: u64, bytes: u64, purpose: string): u64 {
  const blockSize = <u64>pool.blocks.blockSize;
  if (ext.allocIdx >= ext.allocMap.length) {
    recordAlloc(e, pool, purpose, align, bytes, -1);
    if (!e.quiet) {
      e.diag(
        2,
        "memblk-map-full",
        "The extension already holds " +
          ext.allocMap.length.toString() +
          " block allocations (LLEXT_MEM_COUNT): llext_memblk_aligned_alloc_data_instr() returns NULL.",
      );
    }
    return 0;
  }
  // CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE % align: an alignment of 0 gives a remainder of
  // 32 % 0 = 32 on Arm (UDIV by zero yields 0) and RISC-V (REMU yields the dividend).
  const rem = align == 0 ? blockSize : blockSize % align;
  if (rem != 0) {
    e.err(
      "llext_memblk_aligned_alloc_data_instr",
      "Requested alignment " + align.toString() + " not possible with block alignment " + blockSize.toString(),
    );
    if (align == 0 && !e.quiet && (e.cfg.arch == "x86" || e.cfg.arch == "x86_64" || e.cfg.arch == "xtensa")) {
      e.diag(
        2,
        "memblk-align-zero",
        "A region with sh_addralign 0 makes Zephyr compute BLOCK_SIZE % 0: this CPU " +
          "raises a divide-by-zero exception there instead of printing the message.",
      );
    }
    recordAlloc(e, pool, purpose, align, bytes, -1);
    return 0;
  }
  const slot = ext.allocMap[ext.allocIdx];
  slot.numBlocks = <u32>((bytes + blockSize - 1) / blockSize);
  const first = pool.blocks.allocContiguous(slot.numBlocks);
  if (first < 0) {
    // sys_mem_blocks_alloc_contiguous() failed: the entry keeps its block count, idx does not move.
    recordAlloc(e, pool, purpose, align, bytes, -1);
    return 0;
  }
  slot.ptr = pool.base + ((<u64>first) << (<u64>pool.blocks.shift));
  ext.allocIdx++;
  recordAlloc(e, pool, purpose, align, bytes, <i64>(slot.ptr - pool.base));
  snapshotPool(e, pool);
  return slot.ptr;
}

/** llext_memblk_free_data_instr(ext, heap, ptr): find `ptr` in the map, free its run on `pool`. */
export function memblkFree(e: RunHost, ext: Llext, pool: BlockPool, addr: u64, purpose: string): void {
  let slot = -1;
  for (let i = 0; i < ext.allocIdx; i++) {
    if (ext.allocMap[i].ptr == addr) {
      slot = i;
      break;
    }
  }
  if (slot < 0) {
    e.err("llext_memblk_free_data_instr", "Could not find sys_mem_blocks alloc to free pointer " + ptr(addr));
    return;
  }
  const a = ext.allocMap[slot];
  // sys_mem_blocks_free_contiguous() on the pool the caller chose; its error is ignored.
  const off = <i64>(a.ptr - pool.base);
  let ret: i32 = 0;
  if (a.numBlocks > 0) ret = a.ptr < pool.base ? -EFAULT : pool.blocks.freeContiguous(off, a.numBlocks);
  if (ret == 0 && a.numBlocks > 0) {
    if (!e.quiet) {
      e.trace.begin(EV_HEAP_FREE);
      e.trace.u8(pool.id);
      e.trace.str(purpose);
      e.trace.i64(off);
    }
    snapshotPool(e, pool);
  } else if (ret != 0 && !e.quiet) {
    e.diag(
      1,
      "memblk-free-failed",
      "sys_mem_blocks_free_contiguous(" +
        pool.name +
        ", " +
        ptr(a.ptr) +
        ", " +
        a.numBlocks.toString() +
        ") returns " +
        ret.toString() +
        ", which LLEXT ignores: the blocks stay allocated.",
    );
  }
  a.numBlocks = 0;
  a.ptr = 0;
}

function recordAlloc(e: RunHost, pool: BlockPool, purpose: string, align: u64, bytes: u64, off: i64): void {
  if (e.quiet) return;
  e.trace.begin(EV_HEAP_ALLOC);
  e.trace.u8(pool.id);
  e.trace.str(purpose);
  e.trace.u64(align);
  e.trace.u64(bytes);
  e.trace.i64(off);
}

/**
 * EV_HEAP_STATE for a pool: one "chunk" per allocated run and per free gap, offsets
 * in bytes from the buffer, sizes in 8-byte units like sys_heap chunks (block sizes
 * are multiples of LLEXT_PAGE_SIZE, so of 8), bucket -1.
 */
export function snapshotPool(e: RunHost, pool: BlockPool): void {
  if (e.quiet) return;
  const b = pool.blocks;
  const runs = b.runs();
  const stride = b.stride;
  const t = e.trace;
  t.begin(EV_HEAP_STATE);
  t.u8(pool.id);
  t.u64(<u64>b.usedBlocks() * stride);
  t.u64(<u64>(b.numBlocks - b.usedBlocks()) * stride);
  t.u64(<u64>b.largestFreeRun() * stride);
  t.u32(<u32>runs.length);
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    t.u64(<u64>r.first * stride);
    t.u32(<u32>((<u64>r.count * stride) / 8));
    t.u8(r.used ? 1 : 0);
    t.i32(-1);
  }
}

/**
 * The BUILD_ASSERTs of llext_memblk.c, as playground errors (the image would not
 * build), plus sys_mem_blocks' silent assumption of a power-of-two block size.
 * Returns false when no pool can be modelled at all.
 */
export function checkMemblkBuild(e: RunHost, blockSize: i64, pageSize: u64, kconfigNames: string[], kib: i64[]): bool {
  if (blockSize <= 0 || blockSize > 0x40000000) {
    e.diag(2, "memblk-block-size", "CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE = " + blockSize.toString() + " is not a usable block size.");
    return false;
  }
  const bs = <u64>blockSize;
  for (let i = 0; i < kconfigNames.length; i++) {
    if ((<u64>kib[i] * 1024) % bs != 0) {
      e.diag(
        2,
        "memblk-build-assert",
        kconfigNames[i] +
          " must be multiple of CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE " +
          "(build assertion in llext_memblk.c: " +
          kib[i].toString() +
          " KiB is not a whole number of " +
          bs.toString() +
          "-byte blocks).",
      );
    }
  }
  if (bs % pageSize != 0) {
    e.diag(
      2,
      "memblk-build-assert",
      "CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE must be multiple of LLEXT_PAGE_SIZE " +
        "(build assertion in llext_memblk.c: " +
        bs.toString() +
        " is not a multiple of " +
        pageSize.toString() +
        ").",
    );
  }
  if ((bs & (bs - 1)) != 0) {
    e.diag(
      2,
      "memblk-block-not-pow2",
      "sys_mem_blocks addresses block i at buffer + (i << ilog2(" +
        bs.toString() +
        ")), i.e. every " +
        ((<u64>1) << (63 - clz<u64>(bs))).toString() +
        " bytes: with a block size that is not a power of two, " +
        "consecutive allocations overlap on the device.",
    );
  }
  return true;
}
