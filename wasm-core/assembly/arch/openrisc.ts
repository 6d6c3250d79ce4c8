// OpenRISC (or1k) relocations: Zephyr's arch/openrisc/core/elf.c beside the or1k psABI
// as GNU ld applies it (elf32-or1k.c, or1k_final_link_relocate).
//
// Sections are RELA and words are big-endian (site.r32/w32 honour site.bigEndian).
// With T = S + A (32-bit), Zephyr:
//   NONE                       nothing
//   32, TLS_TPOFF              V += T            (adds to the word in place although RELA)
//   32_PCREL                   V += T - P
//   INSN_REL_26                d = T - P; d & 3: "Misaligned branch target for %s: 0x%lx", -ENOEXEC;
//                              else bits 25..0 = d >> 2 (no range check)
//   HI_16_IN_INSN, TLS_LE_HI16 bits 15..0 = T >> 16
//   LO_16_IN_INSN, TLS_LE_LO16 bits 15..0 = T & 0xffff
//   AHI16, TLS_LE_AHI16        bits 15..0 = (T + 0x8000) >> 16
//   SLO16, TLS_LE_SLO16        split store immediate: bits 25..21 = imm[15:11], 10..0 = imm[10:0]
//   PCREL_PG21                 bits 20..0 = ((T & ~0x1fff) - (P & ~0x1fff)) >> 13
//   LO13 / SLO13               T & 0x1fff into bits 15..0 / the split store immediate
//   anything else              "Unsupported relocation type %u for symbol %s at %p", -ENOEXEC
// GNU ld replaces whole words (32, 32_PCREL), checks INSN_REL_26 against 26 signed bits
// (+-128 MiB) and writes a misaligned branch anyway (its "dangerous" status is overwritten by
// the overflow check). The TLS_LE types and TLS_TPOFF are offsets from the thread pointer in
// the psABI; Zephyr uses the plain address, and the TLS layout is not modelled here.
// Upstream: arch/openrisc/core/elf.c: arch_elf_relocate() (2025 revision 6bec6f1a).

import { EM_OPENRISC } from "../elf/constants";
import { ArchRelocator, RelocSite } from "./reloc";
import { ENOEXEC } from "../util/errno";
import { hex, ptr } from "../util/fmt";
import { zephyrFails, abiOutOfRange, bytesDiffer, addQuirk, sHex } from "./outcome";
import { ADDEND_NONE, ADDEND_RELA, RelocRow, findRow } from "./reloc_row";

const R_OR1K_TLS_LE_HI16: u32 = 30;
const R_OR1K_TLS_LE_LO16: u32 = 31;
const R_OR1K_TLS_TPOFF: u32 = 32;
const R_OR1K_TLS_LE_AHI16: u32 = 38;
const R_OR1K_TLS_LE_SLO16: u32 = 41;

const H_NONE: i32 = 0;
const H_ADD: i32 = 1; // V += T
const H_ADD_PCREL: i32 = 2; // V += T - P
const H_REL26: i32 = 3; // bits 25..0 = (T - P) >> 2
const H_HI16: i32 = 4; // bits 15..0 = T >> 16
const H_LO16: i32 = 5; // bits 15..0 = T & 0xffff
const H_AHI16: i32 = 6; // bits 15..0 = (T + 0x8000) >> 16
const H_SLO16: i32 = 7; // split store immediate = T & 0xffff
const H_PG21: i32 = 8; // bits 20..0 = page delta >> 13
const H_LO13: i32 = 9; // bits 15..0 = T & 0x1fff
const H_SLO13: i32 = 10; // split store immediate = T & 0x1fff

/**
 * Zephyr's OpenRISC table (T = S + A). Range: INSN_REL_26's displacement T - P in bytes;
 * the other fields are unchecked in GNU ld too (or, for 32-bit words, cannot overflow).
 */
const OR1K_TABLE: StaticArray<RelocRow> = [
  new RelocRow(0, "R_OR1K_NONE", ADDEND_NONE, H_NONE, 0),
  new RelocRow(1, "R_OR1K_32", ADDEND_RELA, H_ADD, 4),
  new RelocRow(4, "R_OR1K_LO_16_IN_INSN", ADDEND_RELA, H_LO16, 4),
  new RelocRow(5, "R_OR1K_HI_16_IN_INSN", ADDEND_RELA, H_HI16, 4),
  new RelocRow(6, "R_OR1K_INSN_REL_26", ADDEND_RELA, H_REL26, 4, -134217728, 134217724),
  new RelocRow(9, "R_OR1K_32_PCREL", ADDEND_RELA, H_ADD_PCREL, 4),
  new RelocRow(30, "R_OR1K_TLS_LE_HI16", ADDEND_RELA, H_HI16, 4),
  new RelocRow(31, "R_OR1K_TLS_LE_LO16", ADDEND_RELA, H_LO16, 4),
  new RelocRow(32, "R_OR1K_TLS_TPOFF", ADDEND_RELA, H_ADD, 4),
  new RelocRow(35, "R_OR1K_AHI16", ADDEND_RELA, H_AHI16, 4),
  new RelocRow(38, "R_OR1K_TLS_LE_AHI16", ADDEND_RELA, H_AHI16, 4),
  new RelocRow(39, "R_OR1K_SLO16", ADDEND_RELA, H_SLO16, 4),
  new RelocRow(41, "R_OR1K_TLS_LE_SLO16", ADDEND_RELA, H_SLO16, 4),
  new RelocRow(42, "R_OR1K_PCREL_PG21", ADDEND_RELA, H_PG21, 4),
  new RelocRow(47, "R_OR1K_LO13", ADDEND_RELA, H_LO13, 4),
  new RelocRow(52, "R_OR1K_SLO13", ADDEND_RELA, H_SLO13, 4),
];

const REL26_MASK: u32 = 0x03ffffff;
const IMM16_MASK: u32 = 0x0000ffff;
const PG21_MASK: u32 = 0x001fffff;
const PAGE_MASK: u32 = ~(<u32>0x1fff);

/** Types 0..54 of the or1k psABI (Zephyr's include/zephyr/arch/openrisc/elf.h). */
const OR1K_NAMES: StaticArray<string> = [
  "R_OR1K_NONE",
  "R_OR1K_32",
  "R_OR1K_16",
  "R_OR1K_8",
  "R_OR1K_LO_16_IN_INSN",
  "R_OR1K_HI_16_IN_INSN",
  "R_OR1K_INSN_REL_26",
  "R_OR1K_GNU_VTENTRY",
  "R_OR1K_GNU_VTINHERIT",
  "R_OR1K_32_PCREL",
  "R_OR1K_16_PCREL",
  "R_OR1K_8_PCREL",
  "R_OR1K_GOTPC_HI16",
  "R_OR1K_GOTPC_LO16",
  "R_OR1K_GOT16",
  "R_OR1K_PLT26",
  "R_OR1K_GOTOFF_HI16",
  "R_OR1K_GOTOFF_LO16",
  "R_OR1K_COPY",
  "R_OR1K_GLOB_DAT",
  "R_OR1K_JMP_SLOT",
  "R_OR1K_RELATIVE",
  "R_OR1K_TLS_GD_HI16",
  "R_OR1K_TLS_GD_LO16",
  "R_OR1K_TLS_LDM_HI16",
  "R_OR1K_TLS_LDM_LO16",
  "R_OR1K_TLS_LDO_HI16",
  "R_OR1K_TLS_LDO_LO16",
  "R_OR1K_TLS_IE_HI16",
  "R_OR1K_TLS_IE_LO16",
  "R_OR1K_TLS_LE_HI16",
  "R_OR1K_TLS_LE_LO16",
  "R_OR1K_TLS_TPOFF",
  "R_OR1K_TLS_DTPOFF",
  "R_OR1K_TLS_DTPMOD",
  "R_OR1K_AHI16",
  "R_OR1K_GOTOFF_AHI16",
  "R_OR1K_TLS_IE_AHI16",
  "R_OR1K_TLS_LE_AHI16",
  "R_OR1K_SLO16",
  "R_OR1K_GOTOFF_SLO16",
  "R_OR1K_TLS_LE_SLO16",
  "R_OR1K_PCREL_PG21",
  "R_OR1K_GOT_PG21",
  "R_OR1K_TLS_GD_PG21",
  "R_OR1K_TLS_LDM_PG21",
  "R_OR1K_TLS_IE_PG21",
  "R_OR1K_LO13",
  "R_OR1K_GOT_LO13",
  "R_OR1K_TLS_GD_LO13",
  "R_OR1K_TLS_LDM_LO13",
  "R_OR1K_TLS_IE_LO13",
  "R_OR1K_SLO13",
  "R_OR1K_PLTA26",
  "R_OR1K_GOT_AHI16",
];

/** Pack a 16-bit immediate into the split store format (R_OR1K_SLO_PACK). */
export function slo16Pack(insn: u32, imm: u32): u32 {
  return (insn & ~(<u32>0x03e007ff)) | ((imm & 0xf800) << 10) | (imm & 0x7ff);
}

function isTls(t: u32): bool {
  return (
    t == R_OR1K_TLS_TPOFF || t == R_OR1K_TLS_LE_HI16 || t == R_OR1K_TLS_LE_LO16 || t == R_OR1K_TLS_LE_AHI16 || t == R_OR1K_TLS_LE_SLO16
  );
}

function hintOr1k(t: u32): string {
  if ((t >= 12 && t <= 17) || t == 36 || t == 40 || t == 43 || t == 48 || t == 53 || t == 54) {
    return "GOT/PLT relocation from position-independent code (-fPIC): compile the extension with -fno-pic";
  }
  if ((t >= 22 && t <= 29) || t == 33 || t == 34 || t == 37 || (t >= 44 && t <= 46) || (t >= 49 && t <= 51)) {
    return "thread-local storage beyond the local-exec model: LLEXT extensions cannot use TLS";
  }
  if (t >= 18 && t <= 21) {
    return "dynamic relocation of a shared object: OpenRISC extensions are loaded as ELF objects, not built with -shared";
  }
  if (t == 2 || t == 3 || t == 10 || t == 11) {
    return "16-/8-bit data reference: Zephyr's OpenRISC table only has 32-bit data relocations";
  }
  if (t == 7 || t == 8) {
    return "C++ vtable GC marker (-fvtable-gc): rebuild without it";
  }
  return "";
}

export class OpenriscRelocator extends ArchRelocator {
  id(): string {
    return "openrisc";
  }

  elfMachine(): u32 {
    return EM_OPENRISC;
  }

  typeName(type: u32): string {
    return type < <u32>OR1K_NAMES.length ? OR1K_NAMES[<i32>type] : "";
  }

  relocate(site: RelocSite): void {
    const t = site.type;
    const P = <u32>site.P;
    const T: u32 = <u32>site.S + <u32>site.A;
    if (site.logDbg) {
      site.addLog(
        "dbg:Relocating symbol " + site.symName + " at " + ptr(site.P) + " with base addr " + ptr(site.S) + " type " + t.toString(),
      );
    }

    const row = findRow(OR1K_TABLE, t);
    if (row === null) {
      zephyrFails(site, -ENOEXEC, "Unsupported relocation type " + t.toString() + " for symbol " + site.symName + " at " + ptr(site.P));
      site.hint = hintOr1k(t);
      if (t == 7 || t == 8) {
        addQuirk(site, "GNU ld skips the C++ vtable GC markers; Zephyr fails on them.");
      }
      return;
    }
    site.width = row.width;
    const h = row.handler;
    if (h == H_NONE) return;
    if (h == H_ADD) {
      this.addWord(site, T);
      return;
    }
    if (h == H_ADD_PCREL) {
      this.addWord(site, T - P);
      return;
    }
    if (h == H_REL26) {
      this.branch26(site, row, T, P);
      return;
    }

    // Instruction-immediate forms: the same field update on both sides.
    let field: u32 = 0;
    let mask: u32 = IMM16_MASK;
    const split = h == H_SLO16 || h == H_SLO13;
    if (h == H_HI16) field = T >> 16;
    else if (h == H_LO16) field = T & 0xffff;
    else if (h == H_AHI16) field = (T + 0x8000) >> 16;
    else if (h == H_SLO16) field = T & 0xffff;
    else if (h == H_PG21) {
      // A 32-bit page delta shifted by 13 always fits 21 signed bits: no overflow either side.
      field = (<u32>((<i32>((T & PAGE_MASK) - (P & PAGE_MASK))) >> 13)) & PG21_MASK;
      mask = PG21_MASK;
    } else field = T & 0x1fff; // LO13, SLO13
    const zi = site.r32(site.before);
    site.w32(site.zeph, split ? slo16Pack(zi, field) : (zi & ~mask) | field);
    site.value = <u64>field;
    if (isTls(t)) {
      this.tlsNotModelled(site);
      return;
    }
    const abiInsn = site.r32(site.abiBefore);
    site.w32(site.abi, split ? slo16Pack(abiInsn, field) : (abiInsn & ~mask) | field);
    site.abiValue = <u64>field;
  }

  /** 32 / 32_PCREL / TLS_TPOFF: Zephyr adds to the word at P; the psABI stores the value. */
  private addWord(site: RelocSite, v: u32): void {
    const old = site.r32(site.before);
    const zv: u32 = old + v;
    site.w32(site.zeph, zv);
    site.value = <u64>zv;
    if (isTls(site.type)) {
      this.tlsNotModelled(site);
      return;
    }
    site.w32(site.abi, v);
    site.abiValue = <u64>v;
    if (bytesDiffer(site)) {
      addQuirk(
        site,
        this.typeName(site.type) +
          " adds to the word already at P (0x" +
          hex(<u64>old) +
          ") although the section is RELA: Zephyr stores 0x" +
          hex(<u64>zv) +
          ", the psABI 0x" +
          hex(<u64>v) +
          ".",
      );
    }
  }

  /** INSN_REL_26: 26-bit word displacement in l.j / l.jal / l.bf / l.bnf. */
  private branch26(site: RelocSite, row: RelocRow, T: u32, P: u32): void {
    const d: i32 = <i32>(T - P);
    const field: u32 = (<u32>(d >> 2)) & REL26_MASK;
    const abiInsn = site.r32(site.abiBefore);
    site.w32(site.abi, (abiInsn & ~REL26_MASK) | field);
    site.abiValue = <u64>(<u32>d);
    const dd = <i64>d;
    // BFD checks (d >> 2) against 26 signed bits: d in [-2^27, 2^27 - 4] once the low bits are dropped.
    const outOfRange = (dd & ~3) < row.abiMin || (dd & ~3) > row.abiMax;
    if (outOfRange) abiOutOfRange(site, row.abiMin, row.abiMax);

    if ((d & 3) != 0) {
      zephyrFails(site, -ENOEXEC, "Misaligned branch target for " + site.symName + ": 0x" + hex(<u64>(<u32>d)));
      addQuirk(
        site,
        "Zephyr rejects a branch displacement that is not a multiple of 4 (" +
          sHex(dd) +
          "); GNU ld drops the low 2 bits and writes the branch.",
      );
      return;
    }
    const zi = site.r32(site.before);
    site.w32(site.zeph, (zi & ~REL26_MASK) | field);
    site.value = <u64>(<u32>d);
    if (outOfRange) {
      addQuirk(
        site,
        "No range check: the displacement " +
          sHex(dd) +
          ' is outside -0x8000000..0x7fffffc; Zephyr writes the truncated field where GNU ld stops with "relocation truncated to fit: R_OR1K_INSN_REL_26".',
      );
    }
  }

  private tlsNotModelled(site: RelocSite): void {
    addQuirk(
      site,
      this.typeName(site.type) +
        " is applied as a plain address (S+A); the psABI wants an offset from the thread pointer, which depends on the TLS block layout (not modelled here).",
    );
    site.hint = "thread-local variables (__thread/_Thread_local) in the extension";
  }
}
