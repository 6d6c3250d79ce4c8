// CONFIG_LLEXT_VENEERS (ARM, arch/arm/core/elf.c): a table of 8-byte Thumb-2
// veneers in the LLEXT_MEM_VENEER region, through which a BL/B.W that cannot reach
// its target (an extension in SRAM calling flash) jumps instead:
//   LDR.W PC, [PC, #0]   (halfwords 0xF8DF 0xF000)
//   .word target         (S, Thumb bit included)
// arch_elf_veneer_init() sizes the table before the regions are allocated.
import { SimConfig } from "../config/sim";
import { LoadCtx } from "./loadctx";
import { Rela, Symbol, readRela } from "../elf/file";
import { SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, SHT_REL } from "../elf/constants";
import { readSymbolAt } from "./symtab";
import { pastEndOfFile } from "./loaderstate";
import { hexAlt, hexPad } from "../util/fmt";
import { LOG_DBG } from "../trace/events";

const R_ARM_THM_CALL: u32 = 10;
const R_ARM_THM_JUMP24: u32 = 30;
const SHN_UNDEF: u32 = 0;

export const VENEER_SIZE: u64 = 8;
const LDR_W_PC_UPPER: u32 = 0xf8df;
const LDR_W_PC_LOWER: u32 = 0xf000;

/** The Kconfig option depends on ARM; elsewhere the enum and the loader ignore it. */
export function veneersEnabled(cfg: SimConfig): bool {
  return cfg.bool("CONFIG_LLEXT_VENEERS") && cfg.arch == "arm";
}

/**
 * arch_elf_veneer_init(): one veneer per SHT_REL entry of type THM_CALL or THM_JUMP24
 * that patches an SHF_ALLOC section and names an SHN_UNDEF symbol (every such call
 * may leave the extension's memory). The region is NOBITS, 4-aligned, ALLOC|EXECINSTR
 * (so it comes from the instruction heap and starts zeroed); none when the count is 0.
 * The hook runs between llext_map_sections() and llext_copy_regions() here: it
 * needs the section map and must run before the regions are allocated. Returns the count.
 */
export function initVeneers(L: LoadCtx): u64 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  if (R.VENEER < 0) return 0;
  const lay = L.layout;
  const rel = new Rela();
  const sym = new Symbol();
  let n: u64 = 0;
  for (let i = 0; i < <i32>ext.sectCnt; i++) {
    const sh = ext.sectHdrs[i];
    if (sh.type != SHT_REL || sh.entsize != <u64>lay.relSize) continue;
    if (<u64>sh.info >= <u64>ext.sectCnt) continue;
    if ((ext.sectHdrs[sh.info].flags & SHF_ALLOC) == 0) continue;
    const count = sh.size / sh.entsize;
    for (let j: u64 = 0; j < count; j++) {
      if (!e.tick()) return n;
      if (!L.view.has(sh.offset + j * sh.entsize, sh.entsize)) {
        pastEndOfFile(e, "Relocation section " + L.sectionName(sh) + " (" + i.toString() + ") has " + count.toString() + " entries", j);
        return n;
      }
      readRela(L.view, lay, sh.offset + j * sh.entsize, false, rel);
      const type = lay.relType(rel.info);
      if (type != R_ARM_THM_CALL && type != R_ARM_THM_JUMP24) continue;
      readSymbolAt(L, lay.relSym(rel.info), sym);
      if (sym.shndx == SHN_UNDEF) n++;
    }
  }
  // LOG_DBG("Veneer table: %zu slot(s)") in arch_elf_veneer_init() (arch/arm/core/elf.c,
  // module "elf"): the line is known from the console output quoted in PR #110821 ("arch:
  // arm: implement llext veneer support for baseline cores", merged 2026-06); no stored
  // elf.c has the veneer code. Printed here for a count of 0 as well.
  e.log(LOG_DBG, "arch_elf_veneer_init", "Veneer table: " + n.toString() + " slot(s)", "elf");
  if (n == 0) return 0;
  const d = L.sects[R.VENEER];
  d.type = SHT_NOBITS;
  d.flags = SHF_ALLOC | SHF_EXECINSTR;
  d.addralign = 4;
  d.size = n * VENEER_SIZE;
  d.offset = 0;
  d.info = 0;
  return n;
}

/**
 * The veneer an out-of-range Thumb branch to `target` goes through: the first entry
 * already holding `target`, else the first free one (target word 0), which is
 * written now. One pass in table order, as entries are claimed front to back.
 * Returns the entry address, 0 when the table is full or absent.
 */
export function veneerFor(L: LoadCtx, target: u32, symName: string, P: u64): u64 {
  const e = L.e,
    ext = L.ext,
    R = L.R;
  if (R.VENEER < 0) return 0;
  const base = ext.mem[R.VENEER];
  if (base == 0) return 0;
  const be = e.cfg.bigEndian;
  const n = ext.memSize[R.VENEER] / VENEER_SIZE;
  for (let k: u64 = 0; k < n; k++) {
    const entry = base + k * VENEER_SIZE;
    const held = <u32>e.mem.readWord(entry + 4, 4, be);
    if (held == target) {
      logVeneer(L, symName, P, entry, target);
      return entry;
    }
    if (held != 0) continue;
    e.mem.writeWord(entry, LDR_W_PC_UPPER, 2, be);
    e.mem.writeWord(entry + 2, LDR_W_PC_LOWER, 2, be);
    e.mem.writeWord(entry + 4, <u64>target, 4, be);
    if (!e.quiet) {
      e.diag(
        0,
        "veneer",
        "Veneer " +
          k.toString() +
          " at " +
          hexAlt(entry) +
          " (region VENEER) for " +
          symName +
          ": LDR.W PC, [PC, #0] (f8df f000) + .word 0x" +
          hexPad(<u64>target, 8) +
          "; the branch at " +
          hexAlt(P) +
          " now goes to " +
          hexAlt(entry | 1) +
          ".",
      );
    }
    logVeneer(L, symName, P, entry, target);
    return entry;
  }
  return 0;
}

/** thm_jumps_handler()'s LOG_DBG("sym '%s' %#x -> veneer %#x -> %#x") (arch/arm/core/elf.c,
 * module "elf"): the branch's address, the veneer's (without the Thumb bit) and the target
 * (with it), for every branch sent through a veneer. Known from the console output quoted in
 * PR #110821 (merged 2026-06); no stored elf.c has the veneer code. */
function logVeneer(L: LoadCtx, symName: string, P: u64, entry: u64, target: u32): void {
  L.e.log(
    LOG_DBG,
    "thm_jumps_handler",
    "sym '" + symName + "' " + hexAlt(P) + " -> veneer " + hexAlt(entry) + " -> " + hexAlt(<u64>target),
    "elf",
  );
}
