// Rules that changed between Zephyr releases live here, so that older behaviour
// can be offered as an option later. The engine models Zephyr main as of 2026.
import { SimConfig } from "../config/sim";

export const ZEPHYR_VERSION: string = "Zephyr 4.4 (main, 2026)";

export class Rounded {
  constructor(
    public alloc: u64,
    public align: u64,
  ) {}
}

function nextPow2(v: u64): u64 {
  let p: u64 = 1;
  while (p < v && p != 0) p <<= 1;
  return p;
}

/** LLEXT_PAGE_SIZE (subsys/llext/llext_mem.h). */
export function llextPageSize(cfg: SimConfig): u64 {
  if (cfg.bool("CONFIG_MMU")) return <u64>cfg.int("CONFIG_MMU_PAGE_SIZE", 4096);
  if (cfg.int("CONFIG_ARC_MPU_VER", 0) == 2) return 2048;
  return 32;
}

/** Memory-protection size/alignment rounding for SHF_ALLOC regions (llext_mem.c: llext_copy_region(), 2025-26 rule). */
export function protectionRounding(cfg: SimConfig, alloc: u64, align: u64): Rounded {
  const page = llextPageSize(cfg);
  if (cfg.bool("CONFIG_MMU")) {
    return new Rounded(((alloc + page - 1) / page) * page, align > page ? align : page);
  }
  if (cfg.bool("CONFIG_USERSPACE")) {
    if (cfg.bool("CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT")) {
      let m = alloc;
      if (align > m) m = align;
      if (page > m) m = page;
      const b = nextPow2(m);
      return new Rounded(b, b);
    }
    if (cfg.bool("CONFIG_ARM_MPU") || cfg.bool("CONFIG_ARC_MPU")) {
      return new Rounded(((alloc + page - 1) / page) * page, align > page ? align : page);
    }
  }
  return new Rounded(alloc, align);
}
