// sys_mem_blocks (lib/mem_blocks/mem_blocks.c) over a sys_bitarray
// (lib/utils/bitarray.c): a pool of equal blocks, one bit per block, and
// contiguous runs allocated and freed by block index. Only the calls LLEXT makes
// are modelled: sys_mem_blocks_alloc_contiguous() and sys_mem_blocks_free_contiguous().
//
// How sys_bitarray_alloc() picks the run, as read in lib/utils/bitarray.c and
// lib/utils/bitmask.c (2025-26 sources):
//  - a bit array of at most 32 bits (one bundle) uses bitmask_find_gap(bundle, n,
//    num_bits, first_match = false): it walks the free gaps from the highest bit
//    down, takes a gap of exactly n bits at once, otherwise the smallest gap of at
//    least n bits (the first one met, i.e. the highest, among equals), and allocates
//    at the gap's lowest bit. So small pools are best fit, not first fit;
//  - a larger array starts at the first clear bit and tests runs upwards, jumping
//    past the first set bit inside a failed run: the lowest run of n clear bits
//    wins (first fit from bit 0).
// sys_bitarray_free() clears a run only if every bit of it is set (-EFAULT
// otherwise); sys_mem_blocks computes block addresses as buffer + (index << shift)
// with shift = ilog2(block size), so a block size that is not a power of two
// spaces blocks by the power of two below it.

import { EFAULT, EINVAL, ENOMEM } from "../util/errno";

/** One run of blocks for drawing: `used` runs are single allocations, free runs are merged. */
export class BlockRun {
  constructor(
    public first: u32,
    public count: u32,
    public used: bool,
  ) {}
}

function ilog2(v: u32): u32 {
  return v == 0 ? 0 : 31 - <u32>clz<u32>(v);
}

/** BIT_MASK(n) for n <= 32, computed without the 32-bit shift overflow. */
function bitMask(n: u32): u32 {
  return <u32>(((<u64>1) << (<u64>n)) - 1);
}

/** bitmask_find_gap(mask, num_bits, total_bits, first_match = false). -1 when no gap fits. */
export function findGapBestFit(used: u32, numBits: u32, totalBits: u32): i32 {
  let mask = used;
  if (totalBits < 32) mask |= ~bitMask(totalBits);
  mask = ~mask; // free bits
  let best: u32 = 0xffffffff;
  let bestLoc: i32 = -1;
  while (mask != 0) {
    const idx: u32 = 31 - <u32>clz<u32>(mask);
    const below = ~(~bitMask(idx) | mask); // used bits under idx
    let size: u32, loc: u32;
    if (below != 0) {
      const nidx: u32 = 31 - <u32>clz<u32>(below);
      size = idx - nidx;
      loc = nidx + 1;
      mask &= bitMask(nidx);
    } else {
      mask = 0;
      size = idx + 1;
      loc = 0;
    }
    if (size == numBits) return <i32>loc;
    if (size >= numBits && size < best) {
      best = size;
      bestLoc = <i32>loc;
    }
  }
  return bestLoc;
}

export class MemBlocks {
  /** One bit per block, 32 per bundle (sys_bitarray_t bundles). */
  private bundles: StaticArray<u32>;
  /** Allocation start -> block count, to draw runs as the allocations they are. */
  private runStart: StaticArray<u32>;
  /** log2 of the configured block size, rounded down (info.blk_sz_shift). */
  readonly shift: u32;

  constructor(
    public numBlocks: u32,
    public blockSize: u32,
  ) {
    this.bundles = new StaticArray<u32>(<i32>((numBlocks + 31) / 32));
    this.runStart = new StaticArray<u32>(<i32>numBlocks);
    this.shift = ilog2(blockSize);
  }

  /** Bytes between two consecutive blocks (1 << blk_sz_shift). */
  get stride(): u64 {
    return (<u64>1) << (<u64>this.shift);
  }

  isSet(i: u32): bool {
    return (unchecked(this.bundles[<i32>(i >> 5)]) & ((<u32>1) << (i & 31))) != 0;
  }

  private setRun(first: u32, count: u32, on: bool): void {
    for (let i = first; i < first + count; i++) {
      const b = <i32>(i >> 5);
      const bit = (<u32>1) << (i & 31);
      if (on) unchecked((this.bundles[b] |= bit));
      else unchecked((this.bundles[b] &= ~bit));
    }
  }

  private runClear(first: u32, count: u32): i64 {
    for (let i = first; i < first + count; i++) if (this.isSet(i)) return <i64>i;
    return -1;
  }

  /** sys_bitarray_alloc() above 32 bits: the lowest run of `count` clear bits. */
  private firstFit(count: u32): i64 {
    let i: u32 = 0;
    while (i < this.numBlocks && this.isSet(i)) i++;
    while (<u64>i + <u64>count <= <u64>this.numBlocks) {
      const mismatch = this.runClear(i, count);
      if (mismatch < 0) return <i64>i;
      i = <u32>mismatch + 1;
    }
    return -1;
  }

  /**
   * sys_mem_blocks_alloc_contiguous(): the first block index of the run, or
   * -ENOMEM. (Zephyr returns 0 with a NULL block for `count` 0; LLEXT never asks
   * for 0 blocks, so that case is folded into the failure here.)
   */
  allocContiguous(count: u32): i64 {
    if (count == 0 || count > this.numBlocks) return -ENOMEM;
    let first: i64;
    if (this.numBlocks <= 32) first = <i64>findGapBestFit(unchecked(this.bundles[0]), count, this.numBlocks);
    else first = this.firstFit(count);
    if (first < 0) return -ENOMEM;
    this.setRun(<u32>first, count, true);
    unchecked((this.runStart[<i32>first] = count));
    return first;
  }

  /**
   * sys_mem_blocks_free_contiguous(block, count), with the block given as a byte
   * offset from the buffer (negative: below it). Returns 0 or a negative errno.
   */
  freeContiguous(byteOffset: i64, count: u32): i32 {
    if (count == 0) return 0;
    if (count > this.numBlocks) return -EINVAL;
    if (byteOffset < 0) return -EFAULT;
    const first64 = (<u64>byteOffset) >> (<u64>this.shift);
    if (first64 >= <u64>this.numBlocks) return -EFAULT;
    const first = <u32>first64;
    if (<u64>first + <u64>count - 1 >= <u64>this.numBlocks) return -EINVAL;
    for (let i = first; i < first + count; i++) if (!this.isSet(i)) return -EFAULT;
    this.setRun(first, count, false);
    // Forget allocation starts inside the run (a free may cover several allocations).
    for (let i = first; i < first + count; i++) unchecked((this.runStart[<i32>i] = 0));
    return 0;
  }

  usedBlocks(): u32 {
    let n: u32 = 0;
    for (let i: u32 = 0; i < this.numBlocks; i++) if (this.isSet(i)) n++;
    return n;
  }

  largestFreeRun(): u32 {
    let best: u32 = 0,
      cur: u32 = 0;
    for (let i: u32 = 0; i < this.numBlocks; i++) {
      if (this.isSet(i)) {
        cur = 0;
        continue;
      }
      cur++;
      if (cur > best) best = cur;
    }
    return best;
  }

  /** The pool in block order: each allocation as one used run, free blocks merged. */
  runs(): BlockRun[] {
    const out = new Array<BlockRun>();
    let i: u32 = 0;
    while (i < this.numBlocks) {
      if (this.isSet(i)) {
        // The recorded allocation, cut where a free of another run cleared its tail;
        // a set bit without a recorded start (left by such a free) is drawn alone.
        const recorded = unchecked(this.runStart[<i32>i]);
        let n: u32 = 1;
        while (n < recorded && i + n < this.numBlocks && this.isSet(i + n)) n++;
        out.push(new BlockRun(i, n, true));
        i += n;
        continue;
      }
      const start = i;
      while (i < this.numBlocks && !this.isSet(i)) i++;
      out.push(new BlockRun(start, i - start, false));
    }
    return out;
  }
}
