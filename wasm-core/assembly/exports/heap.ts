// The sys_heap model alone (`llext-sim heap`): run an op list on a fresh
// k_heap and report each result and the final free lists as JSON.
import { SysHeap, SysHeapConfig, HEAP_MODE_AUTO, HEAP_MODE_SMALL_ONLY, HEAP_MODE_BIG_ONLY, MAX_HEAP_BYTES } from "../heap/sysheap";
import { parseHeapOps, OP_ALLOC, OP_ALIGNED_ALLOC, OP_FREE } from "../heap/ops";
import { jsonString, jsonError } from "../util/json";
import { hex } from "../util/fmt";

/**
 * `llext-sim heap --size N [--base ADDR] [--bits 32|64] OPS…`.
 * bits 32: 4-byte pointers, CONFIG_SYS_HEAP_AUTO; bits 64: 8-byte pointers.
 * Defaults otherwise: sizeof(struct z_heap) = 16, ALLOC_LOOPS = 3, no trailer, clamp.
 */
export function heapRun(size: u64, base: u64, bits: u32, ops: string): string {
  if (bits != 32 && bits != 64) return jsonError("bits must be 32 or 64, got " + bits.toString());
  const cfg = new SysHeapConfig();
  cfg.ptrSize = bits / 8;
  return runOps(size, base, cfg, ops, false);
}

/**
 * heapRun with every SysHeapConfig knob exposed (Kconfig variants):
 * mode 0 AUTO / 1 SMALL_ONLY / 2 BIG_ONLY, structSize = sizeof(struct z_heap),
 * loops = CONFIG_SYS_HEAP_ALLOC_LOOPS, trailer units, clamp = post-2025 sizing.
 * The "heap" object additionally carries the configuration and the
 * used/free/largest-free byte counts, and a "chunks" array lists every chunk
 * in address order ({"chunk","offset","units","used"}, offset of the chunk
 * header from the buffer start; chunk 0 and the end marker excluded).
 */
export function heapRunConfig(
  size: u64,
  base: u64,
  ptrSize: u32,
  mode: i32,
  structSize: u32,
  loops: i32,
  trailer: u32,
  clamp: bool,
  ops: string,
): string {
  if (ptrSize != 4 && ptrSize != 8) return jsonError("pointer size must be 4 or 8, got " + ptrSize.toString());
  if (mode != HEAP_MODE_AUTO && mode != HEAP_MODE_SMALL_ONLY && mode != HEAP_MODE_BIG_ONLY) {
    return jsonError("heap mode must be 0 (AUTO), 1 (SMALL_ONLY) or 2 (BIG_ONLY), got " + mode.toString());
  }
  if (structSize > 4096) return jsonError("sizeof(struct z_heap) of " + structSize.toString() + " is not plausible");
  if (loops < 1 || loops > 1000000) return jsonError("ALLOC_LOOPS must be from 1 to 1000000, got " + loops.toString());
  if (trailer > 1) return jsonError("trailer must be 0 or 1 unit, got " + trailer.toString());
  const cfg = new SysHeapConfig();
  cfg.ptrSize = ptrSize;
  cfg.mode = mode;
  cfg.structSize = structSize;
  cfg.loops = loops;
  cfg.trailer = trailer;
  cfg.clamp = clamp;
  return runOps(size, base, cfg, ops, true);
}

/**
 * The same op list on the same heap as heapRun(), without the JSON answer: the sys_heap
 * model alone, for measuring it. Returns how many allocations succeeded, or -1 when the
 * heap or the op list is invalid (heapRun() says why).
 */
export function heapRunCount(size: u64, base: u64, bits: u32, opList: string): i32 {
  if (bits != 32 && bits != 64) return -1;
  const cfg = new SysHeapConfig();
  cfg.ptrSize = bits / 8;
  const maxSize: u64 = cfg.ptrSize == 4 ? 0xffffffff : 0xffffffffffffffff;
  if (size > MAX_HEAP_BYTES || base > maxSize - size) return -1;
  const parsed = parseHeapOps(opList, maxSize);
  if (parsed.error.length > 0) return -1;
  const heap = new SysHeap(base, size, cfg);
  if (!heap.valid) return -1;
  const ops = parsed.ops;
  const results = new Array<i64>(ops.length);
  let done = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    results[i] = -1;
    if (op.kind == OP_ALLOC || op.kind == OP_ALIGNED_ALLOC) {
      const off = heap.alignedAlloc(op.kind == OP_ALLOC ? <u64>cfg.ptrSize : op.align, op.bytes);
      results[i] = off;
      if (off >= 0) done++;
    } else {
      const t = <i32>op.target;
      if (ops[t].kind != OP_FREE && results[t] >= 0) {
        heap.free(results[t]);
        results[t] = -1;
      }
    }
  }
  return done;
}

function runOps(size: u64, base: u64, cfg: SysHeapConfig, opList: string, detailed: bool): string {
  if (size > MAX_HEAP_BYTES) {
    return jsonError("heap size " + size.toString() + " exceeds the simulator limit of " + MAX_HEAP_BYTES.toString() + " bytes");
  }
  const maxSize: u64 = cfg.ptrSize == 4 ? 0xffffffff : 0xffffffffffffffff;
  if (base > maxSize - size) {
    return jsonError(
      "heap at base 0x" +
        hex(base) +
        " with size " +
        size.toString() +
        " does not fit a " +
        (cfg.ptrSize * 8).toString() +
        "-bit address space",
    );
  }
  const parsed = parseHeapOps(opList, maxSize);
  if (parsed.error.length > 0) return jsonError(parsed.error);

  const heap = new SysHeap(base, size, cfg);
  if (!heap.valid) return jsonError("heap of " + size.toString() + " bytes: " + heap.error);

  const ops = parsed.ops;
  // Buffer offset returned by each op (-1: NULL or not an allocation) and whether it was freed.
  const results = new Array<i64>(ops.length);
  const freed = new Array<bool>(ops.length);
  const parts = new Array<string>();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    results[i] = -1;
    freed[i] = false;
    if (op.kind == OP_ALLOC || op.kind == OP_ALIGNED_ALLOC) {
      // k_heap_alloc(n) is k_heap_aligned_alloc(sizeof(void *), n).
      const align: u64 = op.kind == OP_ALLOC ? <u64>cfg.ptrSize : op.align;
      const off = heap.alignedAlloc(align, op.bytes);
      results[i] = off;
      parts.push('{"op":' + jsonString(op.text) + ',"offset":' + (off < 0 ? "null" : off.toString()) + "}");
      continue;
    }
    // OP_FREE: the parser guarantees target < i.
    const t = <i32>op.target;
    const target = ops[t];
    let noop = "";
    if (target.kind == OP_FREE) noop = "op " + t.toString() + " is not an allocation";
    else if (results[t] < 0) noop = "op " + t.toString() + " returned NULL";
    else if (freed[t]) {
      return jsonError("op " + i.toString() + " '" + op.text + "': block from op " + t.toString() + " was already freed (double free)");
    }
    if (noop.length > 0) {
      parts.push('{"op":' + jsonString(op.text) + ',"noop":' + jsonString(noop) + "}");
      continue;
    }
    heap.free(results[t]);
    freed[t] = true;
    parts.push('{"op":' + jsonString(op.text) + "}");
  }

  const free = heap.freeLists();
  const freeParts = new Array<string>();
  for (let i = 0; i < free.length; i++) {
    const c = free[i];
    freeParts.push('{"chunk":' + c.chunk.toString() + ',"units":' + c.units.toString() + ',"bucket":' + c.bucket.toString() + "}");
  }

  let info =
    '{"size":' +
    size.toString() +
    ',"base":"0x' +
    hex(base) +
    '"' +
    ',"bits":' +
    (cfg.ptrSize * 8).toString() +
    ',"big":' +
    (heap.big ? "true" : "false") +
    ',"hdr":' +
    heap.headerBytes().toString() +
    ',"chunk0Units":' +
    heap.chunk0Units.toString() +
    ',"endChunk":' +
    heap.endChunk.toString();
  if (detailed) {
    info +=
      ',"structSize":' +
      cfg.structSize.toString() +
      ',"loops":' +
      cfg.loops.toString() +
      ',"trailer":' +
      cfg.trailer.toString() +
      ',"clamp":' +
      (cfg.clamp ? "true" : "false") +
      ',"usedBytes":' +
      heap.usedBytes().toString() +
      ',"freeBytes":' +
      heap.freeBytes().toString() +
      ',"largestFreeBytes":' +
      heap.largestFreeBytes().toString();
  }
  info += "}";

  let chunkList = "";
  if (detailed) chunkList = ',"chunks":[' + describeChunks(heap) + "]";
  return '{"ops":[' + parts.join(",") + '],"free":[' + freeParts.join(",") + '],"heap":' + info + chunkList + "}";
}

function describeChunks(heap: SysHeap): string {
  const all = heap.chunks();
  const out = new Array<string>(all.length);
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    out[i] =
      '{"chunk":' +
      c.chunk.toString() +
      ',"offset":' +
      c.offset.toString() +
      ',"units":' +
      c.units.toString() +
      ',"used":' +
      (c.used ? "true" : "false") +
      "}";
  }
  return out.join(",");
}
