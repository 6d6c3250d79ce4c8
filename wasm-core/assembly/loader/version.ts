// Rules that changed between Zephyr releases live here, so that older behaviour
// can be offered as an option later. The engine models Zephyr main as of 2026.
import { SimConfig } from "../config/sim";
import { STB_GLOBAL, STB_WEAK } from "../elf/constants";

export const ZEPHYR_VERSION: string = "Zephyr 4.4 (main, 2026)";

/**
 * The revision of arch/arm64/core/elf.c that arch/arm64.ts follows: overflow checks after
 * PR #115710 ("llext: arm64: reject out-of-range relocation values", merged, fixes issue
 * #115707, opened 2026-08-08): imm_reloc_handler() rejects every sign-check value except 0
 * and -1; movw_reloc_handler() checks X >> lsb before truncating it to 32 bits. Known only
 * from the pull request and issue text (the newest stored elf.c, commit 07d5b2e3, predates
 * it). And signed MOVW relocations pick MOVZ for X >= 0 and MOVN (inverted immediate) for
 * X < 0, as the psABI does, after PR #113525 ("llext: arm64: fix swapped MOVZ/MOVN opcode in
 * signed MOVW relocations", merged, fixes issue #113383, 2026-07); before it the choice was
 * reversed. arch/ never imports loader/, so the rules are coded in arch/arm64.ts and recorded here.
 */
export const ARM64_ELF_C: string = "arch/arm64/core/elf.c after PRs #113525 (2026-07) and #115710 (2026-08)";

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

/** Memory-protection size/alignment rounding for SHF_ALLOC regions (llext_mem.c: llext_copy_region(), 2025-26 rule,
 * with the RISC-V PMP case of PR #112539). */
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
    // RISC-V PMP (PR #112539, "llext: enable loadable extensions under userspace on RISC-V",
    // merged, opened 2026-07-01): regions go into memory domains, so size and alignment are
    // raised to LLEXT_PMP_GRANULARITY, taken here as CONFIG_PMP_GRANULARITY (the pull
    // request's description; no stored llext_mem.c has the rule yet).
    if (cfg.bool("CONFIG_RISCV_PMP")) {
      const g = <u64>cfg.int("CONFIG_PMP_GRANULARITY", 4);
      return new Rounded(((alloc + g - 1) / g) * g, align > g ? align : g);
    }
  }
  return new Rounded(alloc, align);
}

/**
 * The prefix of device object names (DEVICE_NAME_GET(), include/zephyr/device.h: "__device_").
 * llext_lookup_symbol() (subsys/llext/llext_link.c as of c4eeedcb, the stored copy) takes
 * STRINGIFY(DEVICE_NAME_GET(EMPTY)) and compares strlen() of it, all nine characters, so a
 * missing name starting with "__device_" gets the warning below (PR #89018, "llext: warn
 * when devices aren't exported and extension tries to use them").
 */
export const DEVICE_NAME_PREFIX: string = "__device_";

/** Whether llext_lookup_symbol() adds the device warning after "Undefined symbol ...": only
 * with CONFIG_LLEXT_EXPORT_DEVICES off and a name with the device prefix (PR #89018). */
export function warnsDeviceNotExported(cfg: SimConfig, name: string): bool {
  return !cfg.bool("CONFIG_LLEXT_EXPORT_DEVICES") && isDeviceName(name);
}

/** The name matches the device prefix as llext_lookup_symbol() compares it (strncmp over
 * strlen(prefix)). */
export function isDeviceName(name: string): bool {
  return name.startsWith(DEVICE_NAME_PREFIX);
}

/** The LOG_WRN text of that warning. */
export const DEVICE_NOT_EXPORTED_LOG: string =
  "(Device objects are not available for import because CONFIG_LLEXT_EXPORT_DEVICES is not enabled)";

/**
 * Whether llext_memblk.c asserts that CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE is a multiple of
 * LLEXT_PAGE_SIZE: since PR #107277 ("llext: relax memblk block size restriction", merged,
 * opened 2026-04-14) only with CONFIG_MMU or CONFIG_MPU, the cases where llext_copy_region()
 * sizes and aligns regions to the page. The schema has no CONFIG_MPU: ARM_MPU and ARC_MPU,
 * which select it, stand for it; other protection units (Xtensa MPU) are not modelled.
 */
export function memblkPageAssertApplies(cfg: SimConfig): bool {
  return cfg.bool("CONFIG_MMU") || cfg.bool("CONFIG_ARM_MPU") || cfg.bool("CONFIG_ARC_MPU");
}

/**
 * Whether a defined (or counted) STT_FUNC/STT_OBJECT symbol of binding `bind` goes into the
 * extension's own symbol table (llext_count_export_syms(), llext_copy_symbols(),
 * subsys/llext/llext_load.c). Zephyr as of c4eeedcb takes STB_WEAK as well as STB_GLOBAL:
 * its llext_link_plt() resolves STB_WEAK like STB_GLOBAL (read in the stored llext_link.c at
 * that commit), and the regression test it added, tests/subsys/llext/src/weak_vtable_ext.cpp,
 * names both halves of the fix: C++ vtables of classes without a key function are STB_WEAK
 * and "were silently skipped by the relocation dispatch and/or missing from the extension
 * symbol table". No stored llext_load.c shows the counting change itself; without it the
 * Xtensa path could not find a defined weak vtable and the test could not pass.
 */
export function symtabBinding(bind: u32): bool {
  return bind == STB_GLOBAL || bind == STB_WEAK;
}

/**
 * Whether llext_map_sections() (subsys/llext/llext_load.c) skips SHF_TLS sections, as it does
 * unloadable ones ("section %d name %s skipped"): since PR #112727 ("llext: arm64: add
 * local-exec TLS relocation support", merged 2026-07). An extension has no TLS block of its
 * own; it runs in a thread of the loader and shares that thread's block, so .tdata/.tbss are
 * never regions, and a .tbss beside .bss no longer fails with "Multiple SHT_NOBITS sections".
 * Known from the pull request's description and its test (tests/subsys/llext/src/tls_ext.c);
 * no stored llext_load.c has the change.
 */
export function tlsSectionsSkipped(): bool {
  return true;
}
