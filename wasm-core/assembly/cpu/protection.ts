// Memory protection as Zephyr programs it when an extension runs: which ranges the MPU, MMU
// or PMP leaves readable, writable and executable. Without protection hardware the board's
// memory map alone decides.
//
// The list is ordered lowest priority first: the bus takes the last region that holds an
// access (cpu/bus.ts: regionAt()), as a higher-numbered ARMv7-M MPU region overrides a lower
// one and as Zephyr's dynamic regions (thread stack, memory domain partitions) are
// programmed after the static ones.
//
// The models, per protection scheme (supervisor mode is the caller's mode unless told
// otherwise: llext_call_fn() calls the function directly, in the calling thread's mode):
//
// - ARM MPU (CONFIG_ARM_MPU, Cortex-M): arch/arm/core/mpu/arm_mpu.c: arm_core_mpu_enable()
//   sets PRIVDEFENA unless CONFIG_MPU_DISABLE_BACKGROUND_MAP, so privileged code sees the
//   architecture's default memory map wherever no region matches. Not modelled: the
//   null-pointer detection region (CONFIG_NULL_POINTER_EXCEPTION_DETECTION_MPU) and regions
//   from devicetree `zephyr,memory-attr` (CONFIG_MEM_ATTR), which the boards' inputs lack. The static regions come from the SoC's
//   mpu_config; nRF52 and MPS2 have no mpu_regions.c of their own and use
//   arch/arm/core/mpu/arm_mpu_regions.c: FLASH_0 (REGION_FLASH_ATTR: read-only for both
//   modes, executable; only with CONFIG_XIP, which both boards have) and SRAM_0
//   (REGION_RAM_ATTR: MPU_RASR_XN_Msk | P_RW_U_NA_Msk, so execute-never and privileged-only).
//   LLEXT's heaps live in SRAM: code loaded there cannot run (upstream issue #72957, "MPU
//   fault while trying to call symbol in LLEXT module"; samples/subsys/llext/shell_loader
//   sets CONFIG_ARM_MPU=n). With CONFIG_USERSPACE, subsys/llext/llext_mem.c:
//   llext_init_mem_part() describes each region as a k_mem_partition (text
//   K_MEM_PARTITION_P_RX_U_RX, rodata P_RO_U_RO, data and bss P_RW_U_RW), but they only
//   reach the MPU when the application calls llext_add_domain() and the calling thread
//   belongs to that domain (arch/arm/core/mpu/arm_core_mpu.c:
//   z_arm_configure_dynamic_mpu_regions() programs the thread's domain partitions): that
//   is `inDomain`, false for the calls the playground makes.
// - RISC-V PMP (CONFIG_RISCV_PMP): arch/riscv/core/pmp.c: z_riscv_pmp_init() adds one
//   locked entry, the image's ROM region (text and rodata), PMP_R | PMP_X | PMP_L, which binds
//   machine mode too. Machine-mode accesses that match no entry succeed (the privileged
//   spec; with CONFIG_PMP_STACK_GUARD Zephyr adds an explicit R|W|X fallback entry for the
//   same effect), so supervisor code may execute anywhere in RAM. User mode
//   (CONFIG_USERSPACE, z_riscv_pmp_usermode_prepare() and resync_pmp_domain()) gets only
//   the ROM region, its stack (R|W) and its domain's partitions.
// - MMU (CONFIG_MMU: AArch64, x86): RAM is mapped read-write and execute-never; at the end
//   of a load llext_mem.c: llext_adjust_mmu_permissions() makes each extension's text pages
//   (size rounded up to CONFIG_MMU_PAGE_SIZE) K_MEM_PERM_EXEC (read-only, executable) and its
//   rodata read-only, whatever the mode. Uncertain: on 32-bit x86 the NX bit needs PAE
//   (CONFIG_X86_PAE); the model assumes it without having checked the board's default.
// - ARC MPU: not modelled yet: the board's memory map alone decides.
//
// The emulator's own areas: the calling thread's stack (read-write, execute-never: so every
// scheme with protection maps it; without protection hardware a real stack in executable
// RAM could run code, which the model does not allow) and the image's objects (read-write;
// where a board's map places them in flash the image would have them in RAM).
import { SimConfig } from "../config/sim";
import { MemRegion } from "./bus";
import { Engine } from "../loader/context";
import { Llext } from "../loader/llext";
import { RegionLayout } from "../loader/regions";
import { protectionRounding } from "../loader/version";
import { hexPad } from "../util/fmt";

/** One region of a loaded extension as the protection model needs it. */
export class ExtRegion {
  constructor(
    /** The extension's name. */
    public ext: string,
    /** "TEXT", "RODATA", "DATA" or "BSS" (LLEXT_MEM_PARTITIONS). */
    public kind: string,
    public lo: u64,
    /** The section's size (ext->mem_size[]). */
    public size: u64,
    /** The k_mem_partition's size: what llext_copy_section() allocated (a power of two
     * with CONFIG_ARM_MPU, whole pages otherwise), or the size when the region stays in
     * the ELF buffer. */
    public partSize: u64,
  ) {}
}

/** An address as the playground prints ranges: 0x and at least 8 hex digits. */
export function addr(v: u64): string {
  return "0x" + hexPad(v, v > 0xffff_ffff ? 16 : 8);
}

const TOP: u64 = 0xffff_ffff_ffff_ffff;

/** Which protection scheme the board runs with, as its Kconfig says. */
export function protectionScheme(cfg: SimConfig): string {
  if (cfg.arch == "arm" && cfg.bool("CONFIG_ARM_MPU")) return "arm-mpu";
  if (cfg.arch == "riscv" && cfg.bool("CONFIG_RISCV_PMP")) return "riscv-pmp";
  if (cfg.bool("CONFIG_MMU")) return "mmu";
  return "none";
}

function isCortexM(cfg: SimConfig): bool {
  return cfg.arch == "arm" && (cfg.cpu.startsWith("cortex-m") || cfg.bool("CONFIG_ARM_MPU"));
}

/** The ARMv7-M default memory map (ARMv7-M Architecture Reference Manual, "The system
 * address map"): the background region of privileged code with PRIVDEFENA, and the whole
 * map without an MPU. */
function armv7mDefaultMap(out: MemRegion[]): void {
  out.push(new MemRegion("Code (default map)", 0x0000_0000, 0x2000_0000, true, true, true));
  out.push(new MemRegion("SRAM (default map)", 0x2000_0000, 0x4000_0000, true, true, true));
  out.push(new MemRegion("Peripheral (default map)", 0x4000_0000, 0x6000_0000, true, true, false));
  out.push(new MemRegion("RAM (default map)", 0x6000_0000, 0xa000_0000, true, true, true));
  out.push(new MemRegion("Device (default map)", 0xa000_0000, 0xe000_0000, true, true, false));
  out.push(new MemRegion("System (default map)", 0xe000_0000, 0x1_0000_0000, true, true, false));
}

function partitionRegion(r: ExtRegion): MemRegion {
  const name = r.ext + " " + r.kind.toLowerCase() + " partition";
  const size = r.partSize > 0 ? r.partSize : r.size;
  if (r.kind == "TEXT") return new MemRegion(name, r.lo, r.lo + size, true, false, true);
  if (r.kind == "RODATA") return new MemRegion(name, r.lo, r.lo + size, true, false, false);
  return new MemRegion(name, r.lo, r.lo + size, true, true, false);
}

/**
 * The permission regions the bus checks for code of the loaded extensions `exts`, run in
 * user mode (`user`, only with CONFIG_USERSPACE) or supervisor mode, by a thread whose
 * memory domain holds the extensions' partitions (`inDomain`: llext_add_domain()).
 */
export function protectionRegions(cfg: SimConfig, exts: ExtRegion[], user: bool = false, inDomain: bool = false): MemRegion[] {
  const out: MemRegion[] = [];
  const scheme = protectionScheme(cfg);
  const userspace = cfg.bool("CONFIG_USERSPACE");
  const um = user && userspace && scheme != "none";
  const mem = cfg.boardMemory;

  // What privileged code may reach outside the board's memory map.
  if (!um) {
    if (isCortexM(cfg)) {
      if (scheme != "arm-mpu" || !cfg.bool("CONFIG_MPU_DISABLE_BACKGROUND_MAP")) armv7mDefaultMap(out);
    } else out.push(new MemRegion("address space", 0, TOP, true, true, scheme != "mmu"));
  }

  if (scheme == "arm-mpu") {
    // arch/arm/core/mpu/arm_mpu_regions.c: FLASH_0 then SRAM_0.
    for (let i = 0; i < mem.length; i++) {
      const m = mem[i];
      if (!m.writable && m.executable) out.push(new MemRegion("FLASH_0", m.base, m.base + m.size, true, false, true));
    }
    for (let i = 0; i < mem.length; i++) {
      const m = mem[i];
      if (m.writable) out.push(new MemRegion("SRAM_0", m.base, m.base + m.size, !um, !um, false));
    }
  } else if (scheme == "riscv-pmp") {
    if (!um) {
      for (let i = 0; i < mem.length; i++) {
        const m = mem[i];
        out.push(new MemRegion(m.name, m.base, m.base + m.size, true, m.writable, m.executable));
      }
    }
    // z_riscv_pmp_init(): the ROM region, locked, for every mode.
    if (cfg.imageTextSize > 0) {
      out.push(new MemRegion("ROM region", cfg.imageTextBase, cfg.imageTextBase + cfg.imageTextSize, true, false, true));
    }
  } else if (scheme == "mmu") {
    if (!um) {
      for (let i = 0; i < mem.length; i++) {
        const m = mem[i];
        // Kernel RAM: K_MEM_PERM_RW, never executable; read-only memory keeps its mapping.
        out.push(new MemRegion(m.name, m.base, m.base + m.size, true, m.writable, !m.writable && m.executable));
      }
    }
    // llext_adjust_mmu_permissions(): supervisor-only page permissions.
    const page = <u64>cfg.int("CONFIG_MMU_PAGE_SIZE", 4096);
    if (!um) {
      for (let i = 0; i < exts.length; i++) {
        const r = exts[i];
        if (r.size == 0 || (r.kind != "TEXT" && r.kind != "RODATA")) continue;
        const hi = r.lo + ((r.size + page - 1) / page) * page;
        out.push(new MemRegion(r.ext + " " + r.kind.toLowerCase() + " pages", r.lo, hi, true, false, r.kind == "TEXT"));
      }
    }
  } else {
    for (let i = 0; i < mem.length; i++) {
      const m = mem[i];
      out.push(new MemRegion(m.name, m.base, m.base + m.size, true, m.writable, m.executable));
    }
  }

  // The memory domain's partitions (llext_add_domain()), on the thread that runs the code.
  if (userspace && inDomain && scheme != "none") {
    for (let i = 0; i < exts.length; i++) if (exts[i].size > 0) out.push(partitionRegion(exts[i]));
  }

  // The emulator's own areas.
  if (cfg.imageDataSize > 0) {
    out.push(new MemRegion("image objects", cfg.imageDataBase, cfg.imageDataBase + cfg.imageDataSize, true, true, false));
  }
  if (cfg.stackSize > 0) out.push(new MemRegion("stack", cfg.stackBase, cfg.stackBase + cfg.stackSize, true, true, false));

  // Memory the board's map says is never executable stays so, whatever a region allows.
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    if (!r.exec) continue;
    for (let k = 0; k < mem.length; k++) {
      const m = mem[k];
      if (!m.executable && r.lo >= m.base && r.hi <= m.base + m.size) r.exec = false;
    }
  }
  return out;
}

/** The region that decides an access at `a` (the last one holding it), or null. */
export function regionFor(regions: MemRegion[], a: u64): MemRegion | null {
  for (let i = regions.length - 1; i >= 0; i--) {
    const r = regions[i];
    if (a >= r.lo && a < r.hi) return r;
  }
  return null;
}

/** The partition regions (TEXT, DATA, RODATA, BSS) of extension `ext` where they landed. */
export function extRegionsOf(cfg: SimConfig, ext: Llext, R: RegionLayout, out: ExtRegion[]): void {
  const idx: i32[] = [R.TEXT, R.DATA, R.RODATA, R.BSS];
  const kinds: string[] = ["TEXT", "DATA", "RODATA", "BSS"];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const size = ext.memSize[i];
    if (size == 0 || ext.mem[i] == 0) continue;
    // llext_copy_section() hands llext_init_mem_part() the allocated size; a region used in
    // place in the ELF buffer keeps the section's size.
    const part = ext.memOnHeap[i] ? protectionRounding(cfg, size, 1).alloc : size;
    out.push(new ExtRegion(ext.name, kinds[k], ext.mem[i], size, part));
  }
}

/** The regions of every loaded extension. */
export function loadedExtRegions(e: Engine, R: RegionLayout): ExtRegion[] {
  const out: ExtRegion[] = [];
  for (let i = 0; i < e.loaded.length; i++) extRegionsOf(e.cfg, e.loaded[i], R, out);
  return out;
}

/** A copy of `cfg` with one Kconfig symbol set to `value`. */
function withKconfig(cfg: SimConfig, name: string, value: string): SimConfig {
  const c = new SimConfig();
  c.arch = cfg.arch;
  c.cpu = cfg.cpu;
  c.ptrSize = cfg.ptrSize;
  c.boardMemory = cfg.boardMemory;
  c.imageTextBase = cfg.imageTextBase;
  c.imageTextSize = cfg.imageTextSize;
  c.imageDataBase = cfg.imageDataBase;
  c.imageDataSize = cfg.imageDataSize;
  c.stackBase = cfg.stackBase;
  c.stackSize = cfg.stackSize;
  const keys = cfg.kconfig.keys();
  for (let i = 0; i < keys.length; i++) c.kconfig.set(keys[i], cfg.kconfig.get(keys[i]));
  c.kconfig.set(name, value);
  return c;
}

function textExecutable(cfg: SimConfig, text: ExtRegion, exts: ExtRegion[]): bool {
  const r = regionFor(protectionRegions(cfg, exts), text.lo);
  return r != null && r.exec;
}

/** Why the region `r` decides as it does, in plain words (the Kconfig that decides). */
function regionReason(cfg: SimConfig, r: MemRegion): string {
  const scheme = protectionScheme(cfg);
  if (scheme == "arm-mpu" && r.name == "SRAM_0") {
    return (
      "Zephyr's MPU map makes SRAM execute-never (CONFIG_ARM_MPU=y: arch/arm/core/mpu/arm_mpu_regions.c programs SRAM_0 with REGION_RAM_ATTR, XN set)" +
      (cfg.bool("CONFIG_USERSPACE")
        ? "; with CONFIG_USERSPACE=y the extension's text partition (K_MEM_PARTITION_P_RX_U_RX) only applies to a thread whose memory domain the application gave it with llext_add_domain()"
        : "")
    );
  }
  if (scheme == "mmu") return "Zephyr maps RAM execute-never (CONFIG_MMU=y)";
  return "the board's memory map says this memory cannot hold code";
}

/**
 * After a successful llext_load(): when the extension's text lies in memory the board's
 * memory protection leaves non-executable for the calling thread (supervisor mode, not in
 * the extension's memory domain), emit diagnostic "text-not-executable", naming the
 * region, the address range, what decides, and a Kconfig assignment that would make it
 * executable when one exists ("Setting CONFIG_X=v makes it executable.").
 */
export function checkTextExecutable(e: Engine, ext: Llext, R: RegionLayout): void {
  if (e.quiet) return;
  const cfg = e.cfg;
  const mine: ExtRegion[] = [];
  extRegionsOf(cfg, ext, R, mine);
  let text: ExtRegion | null = null;
  for (let i = 0; i < mine.length; i++) if (mine[i].kind == "TEXT") text = mine[i];
  if (text == null) return;
  const t = <ExtRegion>text;
  const exts = loadedExtRegions(e, R);
  const r = regionFor(protectionRegions(cfg, exts), t.lo);
  if (r != null && r.exec) return;
  let msg =
    "The text of " +
    ext.name +
    " (" +
    addr(t.lo) +
    "-" +
    addr(t.lo + t.size) +
    ") lies in " +
    (r == null
      ? "memory outside the board's memory map"
      : r.name + " (" + addr(r.lo) + "-" + addr(r.hi) + "), where " + regionReason(cfg, r)) +
    ": calling any of its functions faults before the first instruction.";
  // Kconfig assignments that would change the rule, tried on the same placement.
  // CONFIG_MMU is selected by the architecture (AArch64, x86), not a choice.
  const names: string[] = ["CONFIG_ARM_MPU", "CONFIG_RISCV_PMP"];
  let fix = "";
  for (let i = 0; i < names.length && fix.length == 0; i++) {
    if (!cfg.bool(names[i])) continue;
    if (textExecutable(withKconfig(cfg, names[i], "n"), t, exts)) fix = names[i] + "=n";
  }
  if (fix.length > 0) msg += " Setting " + fix + " makes it executable.";
  else msg += " No Kconfig option makes it executable.";
  e.diag(1, "text-not-executable", msg);
}
