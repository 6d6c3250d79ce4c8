// Xtensa relocations: Zephyr's arch/xtensa/core/elf.c (xtensa_elf_relocate) beside the
// Xtensa psABI as GNU ld (elf32-xtensa.c) and the uClibc dynamic loader apply it.
//
// Xtensa links every relocation section through subsys/llext/llext_link.c: llext_link_plt(),
// which calls arch_elf_relocate_local() or _global() and so this relocate() with:
//   site.S       = `addr`: for STB_GLOBAL the resolved address; for STB_LOCAL the section's
//                  sh_addr (STT_SECTION; its loaded address when sh_addr is 0) or the TEXT
//                  region's sh_addr (any other local symbol) -- arch_elf_relocate_local();
//   site.symBind, symShndx, symValue, symIndex, rOffset: from the relocation and its symbol.
//
// Zephyr (W = the 32-bit word at P):
//   RELATIVE (5)          find the section with sh_addr <= W < sh_addr+size, W += loaded - sh_addr;
//                         none: "%#x not found in any of the sections", -ENOENT. Global binding:
//                         ldr_parm is NULL and is dereferenced (arch_elf_relocate_global()).
//   GLOB_DAT, JMP_SLOT    W = addr + r_addend, only for STB_GLOBAL and STB_WEAK.
//   32 (1)                W += addr; r_addend is not used.
//   SLOT0_OP (20)         L = loaded_sect_ptr(st_shndx) + st_value + A; v = (L - ((P+3) & ~3)) >> 2;
//                         patched into L32R or CALLn only when the immediate is all zero.
//   ASM_EXPAND (11)       nothing.
//   anything else         LOG_DBG "Unsupported relocation type %u", returns 0 (silently ignored).
// psABI: 32 is W + S + A, GLOB_DAT/JMP_SLOT/PLT are S + A, 32_PCREL is S + A - P, RELATIVE is
// W + A moved by the load bias, SLOT0_OP re-encodes the instruction's PC-relative operand.
// Here "S" is the symbol's real address: the resolved address for a global symbol, its
// section's loaded address + (st_value - sh_addr) for a local one.

import { ArchRelocator, RelocSite } from "./reloc";
import { EFAULT, ENOENT } from "../util/errno";
import { hex, hexAlt, hexPad, ptr } from "../util/fmt";
import { zephyrFails, zephyrSkips, abiOutOfRange, bytesDiffer, addQuirk, sHex } from "./outcome";
import { XT_NONE, XT_L32R, XT_CALL, XtOperand, classifyXtensa, encodeXtensa, xtKindName } from "./xtensa_insn";
import { ADDEND_NONE, ADDEND_RELA, RelocRow, findRow } from "./reloc_row";
import { EM_XTENSA, SHN_ABS, SHN_LORESERVE, STB_GLOBAL, STB_WEAK } from "../elf/constants";

/** The psABI operand of the relocation being applied, reused (relocate() resets it first). */
const XT_OPERAND = new XtOperand();

const R_XTENSA_PLT: u32 = 6;
const R_XTENSA_32_PCREL: u32 = 14;

const H_WORD: i32 = 0; // W += addr
const H_GOT: i32 = 1; // W = addr (STB_GLOBAL only)
const H_RELATIVE: i32 = 2; // W rebased by its section
const H_SLOT0: i32 = 3; // PC-relative operand of L32R / CALLn
const H_NOP: i32 = 4; // nothing to do

/**
 * Zephyr's Xtensa table; every other type is ignored with a debug line. The psABI's addend is
 * r_addend for all of them. SLOT0_OP's range depends on the instruction (see xtensa_insn.ts).
 */
const XTENSA_TABLE: StaticArray<RelocRow> = [
  new RelocRow(1, "R_XTENSA_32", ADDEND_RELA, H_WORD, 4),
  new RelocRow(3, "R_XTENSA_GLOB_DAT", ADDEND_RELA, H_GOT, 4),
  new RelocRow(4, "R_XTENSA_JMP_SLOT", ADDEND_RELA, H_GOT, 4),
  new RelocRow(5, "R_XTENSA_RELATIVE", ADDEND_RELA, H_RELATIVE, 4),
  new RelocRow(11, "R_XTENSA_ASM_EXPAND", ADDEND_NONE, H_NOP, 0),
  new RelocRow(20, "R_XTENSA_SLOT0_OP", ADDEND_RELA, H_SLOT0, 3),
];

/** Types 0..62 of the Xtensa psABI (binutils include/elf/xtensa.h); 7 and 13 are unassigned. */
function xtensaName(t: u32): string {
  if (t >= 20 && t <= 34) return "R_XTENSA_SLOT" + (t - 20).toString() + "_OP";
  if (t >= 35 && t <= 49) return "R_XTENSA_SLOT" + (t - 35).toString() + "_ALT";
  switch (t) {
    case 0:
      return "R_XTENSA_NONE";
    case 1:
      return "R_XTENSA_32";
    case 2:
      return "R_XTENSA_RTLD";
    case 3:
      return "R_XTENSA_GLOB_DAT";
    case 4:
      return "R_XTENSA_JMP_SLOT";
    case 5:
      return "R_XTENSA_RELATIVE";
    case 6:
      return "R_XTENSA_PLT";
    case 8:
      return "R_XTENSA_OP0";
    case 9:
      return "R_XTENSA_OP1";
    case 10:
      return "R_XTENSA_OP2";
    case 11:
      return "R_XTENSA_ASM_EXPAND";
    case 12:
      return "R_XTENSA_ASM_SIMPLIFY";
    case 14:
      return "R_XTENSA_32_PCREL";
    case 15:
      return "R_XTENSA_GNU_VTINHERIT";
    case 16:
      return "R_XTENSA_GNU_VTENTRY";
    case 17:
      return "R_XTENSA_DIFF8";
    case 18:
      return "R_XTENSA_DIFF16";
    case 19:
      return "R_XTENSA_DIFF32";
    case 50:
      return "R_XTENSA_TLSDESC_FN";
    case 51:
      return "R_XTENSA_TLSDESC_ARG";
    case 52:
      return "R_XTENSA_TLS_DTPOFF";
    case 53:
      return "R_XTENSA_TLS_TPOFF";
    case 54:
      return "R_XTENSA_TLS_FUNC";
    case 55:
      return "R_XTENSA_TLS_ARG";
    case 56:
      return "R_XTENSA_TLS_CALL";
    case 57:
      return "R_XTENSA_PDIFF8";
    case 58:
      return "R_XTENSA_PDIFF16";
    case 59:
      return "R_XTENSA_PDIFF32";
    case 60:
      return "R_XTENSA_NDIFF8";
    case 61:
      return "R_XTENSA_NDIFF16";
    case 62:
      return "R_XTENSA_NDIFF32";
  }
  return "";
}

/** The symbol's real (psABI) address; see the header comment. */
function symbolAddress(site: RelocSite): u64 {
  const env = site.env;
  if (env === null || site.symBind == STB_GLOBAL || site.symBind == STB_WEAK) return site.S;
  const shndx = site.symShndx;
  if (shndx == SHN_ABS) return site.symValue;
  if (shndx == 0 || shndx >= SHN_LORESERVE) return site.symValue;
  // ET_REL: sh_addr is 0 and st_value is section-relative; ET_DYN: st_value includes sh_addr.
  return env.sectionAddr(shndx) + site.symValue - env.sectionShAddr(shndx);
}

/** Zephyr's LOG_DBG after every handled type; it reads the aligned word containing P. */
function logApplied(site: RelocSite): void {
  // Only the bytes from P on are modelled, so the line is given when P is word-aligned.
  if ((site.P & 3) != 0 || site.avail < 4 || !site.logDbg) return;
  site.addLog("dbg:Applied relocation to " + hexAlt(<u64>site.r32(site.zeph)) + " type " + site.type.toString() + " at " + ptr(site.P));
}

export class XtensaRelocator extends ArchRelocator {
  id(): string {
    return "xtensa";
  }

  elfMachine(): u32 {
    return EM_XTENSA;
  }

  typeName(type: u32): string {
    return xtensaName(type);
  }

  usesPltPath(): bool {
    return true;
  }

  logModule(): string {
    return "llext";
  }

  logFunction(): string {
    return "xtensa_elf_relocate";
  }

  relocate(site: RelocSite): void {
    const row = findRow(XTENSA_TABLE, site.type);
    if (row === null) {
      this.ignored(site);
      return;
    }
    site.width = row.width;
    const h = row.handler;
    if (h == H_RELATIVE) this.relative(site);
    else if (h == H_GOT) this.gotEntry(site);
    else if (h == H_WORD) this.word(site);
    else if (h == H_SLOT0) this.slot0(site);
    else logApplied(site); // ASM_EXPAND: a relaxation hint, nothing to write
  }

  /** R_XTENSA_RELATIVE: move a link-time address to where its section was loaded. */
  private relative(site: RelocSite): void {
    const W = site.r32(site.before);
    const env = site.env;

    // psABI: W + A, rebased (per section here, as the loader places sections separately).
    const target: u32 = site.r32(site.abiBefore) + <u32>site.A;
    const abiLoaded: i64 = env === null ? -1 : env.vaddrToLoaded(<u64>target);
    if (abiLoaded >= 0) site.w32(site.abi, <u32>abiLoaded);
    site.abiValue = abiLoaded >= 0 ? <u64>abiLoaded : <u64>target;

    if (site.symBind == STB_GLOBAL) {
      if (W != 0) site.addLog("wrn:global: non-zero relative value " + hexAlt(<u64>W));
      zephyrFails(site, -EFAULT, "");
      addQuirk(
        site,
        "arch_elf_relocate_global() passes ldr_parm = NULL and R_XTENSA_RELATIVE reads ldr_parm->pre_located: a NULL-pointer load (on hardware a LoadProhibited exception), not an error return.",
      );
      site.hint = "R_XTENSA_RELATIVE against a global symbol: only the local (symbol 0) form is safe with Zephyr's Xtensa code";
      return;
    }
    const loaded: i64 = env === null ? -1 : env.vaddrToLoaded(<u64>W);
    if (loaded < 0) {
      zephyrFails(site, -ENOENT, hexAlt(<u64>W) + " not found in any of the sections");
      if (abiLoaded >= 0) {
        addQuirk(
          site,
          "R_XTENSA_RELATIVE ignores r_addend (" +
            sHex(site.A) +
            "): W = 0x" +
            hex(<u64>W) +
            " lies in no section, W+A = 0x" +
            hex(<u64>target) +
            " does.",
        );
      } else {
        site.hint = "the word at P should hold a link-time address (shared-library build) but lies outside every section";
      }
      return;
    }
    site.w32(site.zeph, <u32>loaded);
    site.value = <u64>loaded;
    if (site.A != 0 && bytesDiffer(site)) {
      addQuirk(
        site,
        "R_XTENSA_RELATIVE ignores r_addend (" +
          sHex(site.A) +
          "): Zephyr rebases W = 0x" +
          hex(<u64>W) +
          ", the psABI W+A = 0x" +
          hex(<u64>target) +
          ".",
      );
    }
    logApplied(site);
  }

  /** GLOB_DAT / JMP_SLOT: the GOT entry gets the symbol's address plus the addend. */
  private gotEntry(site: RelocSite): void {
    const global = site.symBind == STB_GLOBAL || site.symBind == STB_WEAK;
    if (global) {
      const zv: u32 = <u32>site.S + <u32>site.A;
      site.w32(site.zeph, zv);
      site.value = <u64>zv;
    } else {
      site.zephWrote = false;
    }
    const av: u32 = <u32>symbolAddress(site) + <u32>site.A;
    site.w32(site.abi, av);
    site.abiValue = <u64>av;
    if (bytesDiffer(site) && !global) {
      addQuirk(
        site,
        this.typeName(site.type) +
          " against a local symbol: Zephyr fills the entry only for STB_GLOBAL and STB_WEAK and leaves 0x" +
          hex(<u64>site.r32(site.before)) +
          ", the psABI stores S+A = 0x" +
          hex(<u64>av) +
          ".",
      );
    }
    logApplied(site);
  }

  /** R_XTENSA_32: Zephyr W += addr; psABI W += S + A. */
  private word(site: RelocSite): void {
    const zv: u32 = site.r32(site.before) + <u32>site.S;
    site.w32(site.zeph, zv);
    site.value = <u64>zv;
    const realS = <u32>symbolAddress(site);
    const av: u32 = site.r32(site.abiBefore) + realS + <u32>site.A;
    site.w32(site.abi, av);
    site.abiValue = <u64>av;
    if (bytesDiffer(site)) {
      if (site.A != 0) {
        addQuirk(
          site,
          "R_XTENSA_32 ignores r_addend (" +
            sHex(site.A) +
            "): Zephyr stores W+S = 0x" +
            hex(<u64>zv) +
            ", the psABI W+S+A = 0x" +
            hex(<u64>av) +
            ".",
        );
      }
      if (realS != <u32>site.S) {
        addQuirk(
          site,
          "For this local symbol Zephyr adds addr = 0x" +
            hex(<u64>(<u32>site.S)) +
            " (a link-time sh_addr) instead of the symbol's loaded address 0x" +
            hex(<u64>realS) +
            ".",
        );
      }
    }
    logApplied(site);
  }

  /** R_XTENSA_SLOT0_OP: the PC-relative operand of the instruction at P. */
  private slot0(site: RelocSite): void {
    const P = <u32>site.P;
    const env = site.env;
    // Zephyr re-reads the symbol: loaded_sect_ptr(st_shndx) + st_value + r_addend.
    const L: u32 = env === null ? <u32>site.S + <u32>site.A : <u32>(env.sectionAddr(site.symShndx) + site.symValue) + <u32>site.A;
    const zBase: u32 = (P + 3) & ~3;
    const v: u32 = (L - zBase) >> 2;
    site.value = <u64>v;
    const b0 = <u32>site.before[0],
      b1 = <u32>site.before[1],
      b2 = <u32>site.before[2];
    const zeroImm = b1 == 0 && b2 == 0;
    let zPatched = false;
    if ((b0 & 0xf) == 1 && zeroImm) {
      site.zeph[1] = <u8>v;
      site.zeph[2] = <u8>(v >> 8);
      zPatched = true;
    } else if ((b0 & 0xf) == 5 && (b0 & 0xc0) == 0 && zeroImm) {
      site.zeph[0] = <u8>((b0 & 0x3f) | ((v << 6) & 0xc0));
      site.zeph[1] = <u8>(v >> 2);
      site.zeph[2] = <u8>(v >> 10);
      zPatched = true;
    } else {
      site.zephWrote = false;
      const rInfo: u64 = ((<u64>site.symIndex) << 8) | (<u64>(site.type & 0xff));
      if (site.logDbg) {
        site.addLog(
          "dbg:" +
            ptr(site.P) +
            ": unhandled OPC or no relocation " +
            hexPad(<u64>b2, 2) +
            hexPad(<u64>b1, 2) +
            hexPad(<u64>b0, 2) +
            " inf " +
            hexAlt(rInfo) +
            " offs " +
            hexAlt(site.rOffset),
        );
      }
    }

    // psABI: encode the real target into whatever PC-relative operand the instruction has.
    const kind = classifyXtensa(<u32>site.abiBefore[0], <u32>site.abiBefore[1]);
    const target: u32 = <u32>symbolAddress(site) + <u32>site.A;
    const op = XT_OPERAND;
    op.field = 0;
    op.disp = 0;
    op.base = 0;
    op.fits = true;
    op.min = 0;
    op.max = 0;
    encodeXtensa(kind, site.abi, P, target, op);
    site.abiValue = <u64>op.field;
    if (kind != XT_NONE && !op.fits) abiOutOfRange(site, op.min, op.max);

    if (!bytesDiffer(site) && (kind == XT_NONE || op.fits)) {
      logApplied(site);
      return;
    }
    const kname = xtKindName(kind);
    if (!zPatched && kind != XT_NONE) {
      // L32R and CALLn reach here only when their immediate is not all zero.
      if ((b0 & 0xf) == 1 || (b0 & 0xf) == 5) {
        addQuirk(
          site,
          "SLOT0_OP patches only an all-zero immediate: this " +
            kname +
            " already holds " +
            hexPad(<u64>b2, 2) +
            hexPad(<u64>b1, 2) +
            hexPad(<u64>b0, 2) +
            ", which Zephyr keeps while GNU ld re-encodes it.",
        );
      } else {
        addQuirk(site, "Zephyr patches only L32R and CALLn: this " + kname + " keeps its unresolved operand.");
      }
    }
    if (zPatched && kind == XT_CALL && zBase != op.base) {
      addQuirk(
        site,
        "CALLn offset taken from (P+3)&~3 = 0x" +
          hex(<u64>zBase) +
          " where the ISA's base is (P&~3)+4 = 0x" +
          hex(<u64>op.base) +
          ": the call lands 4 bytes after the target.",
      );
    }
    if (zPatched && L != target) {
      addQuirk(
        site,
        "Zephyr's target loaded_sect_ptr(st_shndx)+st_value+A = 0x" +
          hex(<u64>L) +
          " differs from the symbol's address + A = 0x" +
          hex(<u64>target) +
          ".",
      );
    }
    if (zPatched && kind != XT_NONE && !op.fits) {
      addQuirk(
        site,
        "No range check: the " +
          kname +
          " displacement " +
          sHex(op.disp) +
          " is outside " +
          sHex(op.min) +
          ".." +
          sHex(op.max) +
          (kind == XT_L32R
            ? '; GNU ld stops with "dangerous relocation: l32r: literal ' +
              (op.disp >= 0 ? "placed after use" : "target out of range") +
              '".'
            : '; GNU ld stops with "dangerous relocation" (target out of range).'),
      );
    }
    logApplied(site);
  }

  /** Every other type: Zephyr logs at debug level and returns 0. */
  private ignored(site: RelocSite): void {
    const t = site.type;
    zephyrSkips(site);
    if (site.logDbg) site.addLog("dbg:Unsupported relocation type " + t.toString());
    if (t == R_XTENSA_PLT || t == R_XTENSA_32_PCREL) {
      site.width = 4;
      const S = <u32>symbolAddress(site);
      const av: u32 = S + <u32>site.A - (t == R_XTENSA_32_PCREL ? <u32>site.P : 0);
      site.w32(site.abi, av);
      site.abiValue = <u64>av;
      if (bytesDiffer(site)) {
        addQuirk(
          site,
          this.typeName(t) +
            " is silently ignored: the word at P keeps 0x" +
            hex(<u64>site.r32(site.before)) +
            " where the psABI stores " +
            (t == R_XTENSA_PLT ? "S+A" : "S+A-P") +
            " = 0x" +
            hex(<u64>av) +
            ".",
        );
      }
      site.hint =
        t == R_XTENSA_PLT
          ? "R_XTENSA_PLT comes from a -fPIC object that was not linked: build the extension as a shared library (LLEXT_TYPE_ELF_SHAREDLIB, the Xtensa default)"
          : "PC-relative data word (e.g. .eh_frame or a jump table) that Zephyr's Xtensa code ignores";
      return;
    }
    if ((t >= 8 && t <= 10) || (t >= 21 && t <= 49)) {
      addQuirk(site, this.typeName(t) + " is silently ignored where the psABI patches an instruction operand (not modelled here).");
      site.hint =
        t >= 21 && t <= 34
          ? "FLIX (VLIW) bundle operand: build the extension with -mno-generate-flix (LLEXT_CODEGEN_VLIW_DISABLED)"
          : "alternate or legacy operand relocation Zephyr's Xtensa code does not know";
      return;
    }
    if (t >= 50 && t <= 56) {
      addQuirk(site, this.typeName(t) + " is silently ignored; TLS relocations are not modelled here.");
      site.hint = "thread-local storage (__thread/_Thread_local): LLEXT extensions cannot use TLS";
    }
    // NONE, RTLD (dynamic-linker private), ASM_SIMPLIFY, DIFF*, VT*: nothing to write for a loader.
  }
}
