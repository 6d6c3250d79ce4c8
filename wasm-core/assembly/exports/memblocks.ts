// The sys_mem_blocks model alone, for tests of the block choice: run an op list
// on a fresh pool and report each result and the final runs as JSON.
import { MemBlocks } from "../heap/memblocks";
import { jsonError } from "../util/json";

/**
 * `ops`: space-separated `a:N` (sys_mem_blocks_alloc_contiguous of N blocks) and
 * `f:I:N` (sys_mem_blocks_free_contiguous of N blocks from block I).
 * Answer: {"results":[first block or negative errno, ...],
 *          "runs":[[first, count, used 0|1], ...]} (allocations one run each, free gaps merged).
 */
export function memBlocksRun(numBlocks: u32, blockSize: u32, ops: string): string {
  if (numBlocks > 0x100000) return jsonError("at most 1048576 blocks");
  if (blockSize == 0) return jsonError("block size must not be 0");
  const pool = new MemBlocks(numBlocks, blockSize);
  const results: string[] = [];
  const tokens = ops.split(" ");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.length == 0) continue;
    const f = t.split(":");
    if (f[0] == "a" && f.length == 2) {
      results.push(pool.allocContiguous(<u32>I32.parseInt(f[1])).toString());
    } else if (f[0] == "f" && f.length == 3) {
      const first = <i64>I32.parseInt(f[1]);
      results.push(pool.freeContiguous(first * <i64>pool.stride, <u32>I32.parseInt(f[2])).toString());
    } else {
      return jsonError("bad op " + t);
    }
  }
  const runs = pool.runs();
  const parts: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    parts.push("[" + r.first.toString() + "," + r.count.toString() + "," + (r.used ? "1" : "0") + "]");
  }
  return '{"results":[' + results.join(",") + '],"runs":[' + parts.join(",") + "]}";
}
