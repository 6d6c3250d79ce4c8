// The smallest LLEXT heap that lets every action of a document succeed. No existing
// tool answers this; it reruns the whole simulation quietly for each candidate size.
import { SimConfig, parseConfig } from "../config/sim";
import { runConfig } from "./simulate";

const MAX_KIB: i64 = 65536;

function succeeds(cfg: SimConfig): bool {
  const e = runConfig(cfg, true);
  return e.firstFailure == 0 && !e.exhausted;
}

function setKiB(cfg: SimConfig, name: string, kib: i64): void {
  cfg.kconfig.set(name, kib.toString());
}

/** Smallest k in [1, MAX_KIB] for which `name` = k succeeds, or -1. */
function smallest(cfg: SimConfig, name: string): i64 {
  let hi: i64 = 1;
  setKiB(cfg, name, hi);
  while (!succeeds(cfg)) {
    if (hi >= MAX_KIB) return -1;
    hi = hi * 2 > MAX_KIB ? MAX_KIB : hi * 2;
    setKiB(cfg, name, hi);
  }
  let lo: i64 = hi / 2; // fails (or 0)
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    setKiB(cfg, name, mid);
    if (succeeds(cfg)) hi = mid; else lo = mid;
  }
  // Placement is not strictly monotonic in the heap size: look a little lower too.
  let best = hi;
  for (let k = hi - 1; k >= 1 && k >= hi - 8; k--) {
    setKiB(cfg, name, k);
    if (succeeds(cfg)) best = k;
  }
  setKiB(cfg, name, best);
  return best;
}

/** Returns JSON: {"kib":N} or {"instrKiB":I,"dataKiB":D} or {"error":"..."}. */
export function minHeap(config: string): string {
  const cfg = parseConfig(config);
  if (cfg.bool("CONFIG_LLEXT_HEAP_DYNAMIC")) {
    return "{\"error\":\"CONFIG_LLEXT_HEAP_DYNAMIC is set: the heap size is whatever the application passes to llext_heap_init(); turn the option off to size a static heap.\"}";
  }
  if (cfg.bool("CONFIG_HARVARD")) {
    // Size the instruction heap with a generous data heap, then the data heap, then re-check.
    setKiB(cfg, "CONFIG_LLEXT_DATA_HEAP_SIZE", 4096);
    const i1 = smallest(cfg, "CONFIG_LLEXT_INSTR_HEAP_SIZE");
    if (i1 < 0) return "{\"error\":\"the extension does not load even with 64 MiB heaps: the failure is not about heap size\"}";
    const d = smallest(cfg, "CONFIG_LLEXT_DATA_HEAP_SIZE");
    const i2 = smallest(cfg, "CONFIG_LLEXT_INSTR_HEAP_SIZE");
    if (d < 0 || i2 < 0) return "{\"error\":\"no heap pair found\"}";
    return "{\"instrKiB\":" + i2.toString() + ",\"dataKiB\":" + d.toString() + "}";
  }
  const k = smallest(cfg, "CONFIG_LLEXT_HEAP_SIZE");
  if (k < 0) return "{\"error\":\"the extension does not load even with a 64 MiB heap: the failure is not about heap size\"}";
  return "{\"kib\":" + k.toString() + "}";
}
