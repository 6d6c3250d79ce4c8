// The smallest LLEXT heap that lets every action of a document succeed. No existing
// tool answers this; it reruns the whole simulation quietly for each candidate size.
import { SimConfig, parseConfig } from "../config/sim";
import { clearInputFiles, runConfig } from "./simulate";

const MAX_KIB: i64 = 65536;

/** What the search keeps between probes. The engine's collector only sees globals (it
 * runs when no engine code is on the stack, or here, with everything live parked below),
 * so each probe frees the previous probe's run instead of piling them up. */
const probeRoots: Object[] = [];

function succeeds(cfg: SimConfig): bool {
  __collect();
  const e = runConfig(cfg, true);
  return e.firstFailure == 0 && !e.exhausted;
}

function setKiB(cfg: SimConfig, name: string, kib: i64): void {
  cfg.kconfig.set(name, kib.toString());
}

/**
 * Smallest k * step in [step, MAX_KIB] for which `name` = k * step succeeds, or -1.
 * `step` > 1 keeps a block pool a whole number of blocks (llext_memblk.c asserts it).
 */
function smallest(cfg: SimConfig, name: string, step: i64 = 1): i64 {
  const maxK = MAX_KIB / step;
  let hi: i64 = 1;
  setKiB(cfg, name, hi * step);
  while (!succeeds(cfg)) {
    if (hi >= maxK) return -1;
    hi = hi * 2 > maxK ? maxK : hi * 2;
    setKiB(cfg, name, hi * step);
  }
  let lo: i64 = hi / 2; // fails (or 0)
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    setKiB(cfg, name, mid * step);
    if (succeeds(cfg)) hi = mid;
    else lo = mid;
  }
  // Placement is not strictly monotonic in the heap size: look a little lower too.
  let best = hi;
  for (let k = hi - 1; k >= 1 && k >= hi - 8; k--) {
    setKiB(cfg, name, k * step);
    if (succeeds(cfg)) best = k;
  }
  setKiB(cfg, name, best * step);
  return best * step;
}

/** The generous size (KiB) a heap gets while another one is sized: what the board's memory
 * holds past the heap buffers that the engine input places (the largest such room), at
 * most 4 MiB; 4 MiB when the input has no memory map. A probe larger than the memory would
 * overlap whatever the board places after the heap. */
function roomKiB(cfg: SimConfig): i64 {
  const CAP: i64 = 4096;
  const mem = cfg.boardMemory;
  if (mem.length == 0) return CAP;
  let best: i64 = 0;
  const bases = cfg.heapBases.values();
  for (let i = 0; i < bases.length; i++) {
    const b = bases[i];
    for (let k = 0; k < mem.length; k++) {
      const m = mem[k];
      if (!m.writable || b < m.base || b >= m.base + m.size) continue;
      const room = <i64>((m.base + m.size - b) / 1024);
      if (room > best) best = room;
    }
  }
  if (best == 0) return CAP;
  return best < CAP ? best : CAP;
}

function kibText(kib: i64): string {
  return kib % 1024 == 0 ? (kib / 1024).toString() + " MiB" : kib.toString() + " KiB";
}

function sizesJson(names: string[], kib: i64[]): string {
  const parts: string[] = [];
  for (let i = 0; i < names.length; i++) parts.push('{"name":"' + names[i] + '","kib":' + kib[i].toString() + "}");
  return '{"sizes":[' + parts.join(",") + "]}";
}

/**
 * CONFIG_LLEXT_HEAP_MEMBLK: the region pools (llext_ext_heap, or the instruction and data
 * pools on Harvard) in whole blocks, then the metadata k_heap, then the pools once more.
 */
function minMemblk(cfg: SimConfig): string {
  const bs = cfg.int("CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE", 32);
  // Pool sizes in KiB must hold whole blocks: steps of lcm(1 KiB, block size) / 1 KiB.
  let step: i64 = 1;
  while (bs > 0 && (step * 1024) % bs != 0 && step < 1024) step++;
  const META = "CONFIG_LLEXT_METADATA_HEAP_SIZE";
  const pools = cfg.bool("CONFIG_HARVARD")
    ? ["CONFIG_LLEXT_INSTR_HEAP_SIZE", "CONFIG_LLEXT_DATA_HEAP_SIZE"]
    : ["CONFIG_LLEXT_EXT_HEAP_SIZE"];
  const room = roomKiB(cfg);
  const pool = room / step > 0 ? (room / step) * step : step;
  setKiB(cfg, META, room);
  for (let i = 0; i < pools.length; i++) setKiB(cfg, pools[i], pool);
  const kib = new Array<i64>(pools.length);
  probeRoots.push(pools);
  probeRoots.push(kib);
  for (let i = 0; i < pools.length; i++) {
    kib[i] = smallest(cfg, pools[i], step);
    if (kib[i] < 0)
      return '{"error":"the extension does not load even with ' + kibText(pool) + ' block pools: the failure is not about heap size"}';
  }
  const meta = smallest(cfg, META);
  if (meta < 0) return '{"error":"no metadata heap size found"}';
  for (let i = 0; i < pools.length; i++) {
    kib[i] = smallest(cfg, pools[i], step);
    if (kib[i] < 0) return '{"error":"no pool size found"}';
  }
  const names: string[] = [META];
  const values: i64[] = [meta];
  for (let i = 0; i < pools.length; i++) {
    names.push(pools[i]);
    values.push(kib[i]);
  }
  return sizesJson(names, values);
}

/**
 * Returns JSON: {"kib":N} or {"instrKiB":I,"dataKiB":D} or, with CONFIG_LLEXT_HEAP_MEMBLK,
 * {"sizes":[{"name":CONFIG_NAME,"kib":N}, ...]}; or {"error":"..."}.
 */
export function minHeap(config: string): string {
  const cfg = parseConfig(config);
  // The extension's code plays no part in the answer (its calls use no LLEXT heap): each call
  // is made (a function no extension exports still fails it) but stops after its first
  // instruction, as `option cpu-stop 1` stops it, so that a long-running call (a large
  // `cpu-budget`) does not run again at every probed size.
  cfg.cpuStop = 1;
  probeRoots.push(cfg);
  const answer = minHeapOf(cfg);
  probeRoots.length = 0;
  clearInputFiles();
  return answer;
}

function minHeapOf(cfg: SimConfig): string {
  if (cfg.bool("CONFIG_LLEXT_HEAP_DYNAMIC")) {
    return '{"error":"CONFIG_LLEXT_HEAP_DYNAMIC is set: the heap size is whatever the application passes to llext_heap_init(); turn the option off to size a static heap."}';
  }
  if (cfg.bool("CONFIG_LLEXT_HEAP_MEMBLK")) return minMemblk(cfg);
  if (cfg.bool("CONFIG_HARVARD")) {
    // Size the instruction heap with a generous data heap, then the data heap, then re-check.
    setKiB(cfg, "CONFIG_LLEXT_DATA_HEAP_SIZE", roomKiB(cfg));
    const i1 = smallest(cfg, "CONFIG_LLEXT_INSTR_HEAP_SIZE");
    if (i1 < 0) return '{"error":"the extension does not load even with 64 MiB heaps: the failure is not about heap size"}';
    const d = smallest(cfg, "CONFIG_LLEXT_DATA_HEAP_SIZE");
    const i2 = smallest(cfg, "CONFIG_LLEXT_INSTR_HEAP_SIZE");
    if (d < 0 || i2 < 0) return '{"error":"no heap pair found"}';
    return '{"instrKiB":' + i2.toString() + ',"dataKiB":' + d.toString() + "}";
  }
  const k = smallest(cfg, "CONFIG_LLEXT_HEAP_SIZE");
  if (k < 0) return '{"error":"the extension does not load even with a 64 MiB heap: the failure is not about heap size"}';
  return '{"kib":' + k.toString() + "}";
}
