// Bit-exact model of Zephyr's sys_heap (lib/heap/heap.c) as used through k_heap.
// Placeholder API; implemented per ../shared/spec/sys-heap.md §15.

export const HEAP_MODE_AUTO: i32 = 0;
export const HEAP_MODE_SMALL_ONLY: i32 = 1;
export const HEAP_MODE_BIG_ONLY: i32 = 2;

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
  chunk: u32 = 0;      // chunk id (unit index from the heap start `addr`)
  offset: u64 = 0;     // byte offset of the chunk header from the buffer start
  units: u32 = 0;
  used: bool = false;
  bucket: i32 = -1;    // bucket index when listed in a free list, else -1
}

export class SysHeap {
  /** false when the buffer is too small to hold chunk 0 plus a minimal chunk (Zephyr asserts). */
  valid: bool = false;
  constructor(public base: u64, public size: u64, public cfg: SysHeapConfig) {}
  /** sys_heap_alloc: offset of the returned pointer from the buffer start, or -1 for NULL. */
  alloc(bytes: u64): i64 { return -1; }
  /** sys_heap_aligned_alloc (k_heap_aligned_alloc). */
  alignedAlloc(align: u64, bytes: u64): i64 { return -1; }
  /** sys_heap_free of a pointer at buffer offset `off` (-1 = NULL, ignored). */
  free(off: i64): void {}
  /** Chunk header size in bytes (4 small, 8 big). */
  headerBytes(): u32 { return 4; }
  /** All chunks in address order, chunk 0 and the end marker excluded. */
  chunks(): HeapChunk[] { return []; }
  /** Free chunks, bucket by bucket, each list from its head. */
  freeLists(): HeapChunk[] { return []; }
  /** Bytes in used chunks (units*8, chunk 0 excluded). */
  usedBytes(): u64 { return 0; }
  /** Bytes in free chunks (units*8). */
  freeBytes(): u64 { return 0; }
  /** Largest allocation that could succeed right now with sys_heap_alloc (bytes). */
  largestFreeBytes(): u64 { return 0; }
}
