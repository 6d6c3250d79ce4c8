// ARC relocations: Zephyr's arch/arc/core/elf.c beside the ARCv2 psABI (GNU ld, elf32-arc.c).
//
// Sections are RELA. Zephyr first forms S' = S + A, then:
//  * R_ARC_32 (4) and R_ARC_B26 (5, "AKA R_ARC_64" in the source): write u32 S';
//  * R_ARC_S25H_PCREL (16) / R_ARC_S25W_PCREL (17): v = (S' + A - (P & ~3)) >> 1 (>> 2),
//    scattered into the middle-endian branch word: the addend is added twice;
//  * R_ARC_32_ME (27): write ME(S'), the 32-bit value with its 16-bit halves swapped;
//  * anything else, R_ARC_NONE included: "unknown relocation: %u", -ENOEXEC.
// v is uint32 (logical shifts) and nothing is range-checked.
//
// GNU ld uses P = place & ~3 for these branch types ("relative offset to PCL"), computes
// ((S + A) - P) >> 1 (>> 2) and complains when it does not fit 24 (23) signed bits: a
// displacement of -16 MiB .. +16 MiB. ARC code words are stored middle-endian on
// little-endian cores: ME() is applied on reading and on writing the instruction, and
// R_ARC_32_ME stores ME(S + A) -- on little-endian targets exactly what Zephyr does.
// On a big-endian core GNU ld applies no ME() at all (IS_ME is false), while Zephyr's
// source swaps the halves unconditionally.
// Overview: docs/zephyr-relocations.md; field layouts: binutils include/opcode/arc-func.h.

import { EM_ARC_COMPACT2, EM_ARC_COMPACT } from "../elf/constants";
import { ArchRelocator, RelocSite } from "./reloc";
import { ENOEXEC } from "../util/errno";
import { hex } from "../util/fmt";
import { fitsSigned } from "./fits";
import { zephyrFails, abiOutOfRange, bytesDiffer, addQuirk, sHex } from "./outcome";
import { ADDEND_RELA, RelocRow, findRow } from "./reloc_row";

const R_ARC_NONE: u32 = 0;

const H_WORD: i32 = 0; // u32(S + A)
const H_WORD_NO_ABI: i32 = 1; // u32(S + A) in Zephyr; type unknown to the psABI
const H_WORD_ME: i32 = 2; // ME(S + A)
const H_S25H: i32 = 3; // disp25h branch, halfword units
const H_S25W: i32 = 4; // disp25w branch, word units

/** Zephyr's ARC table. Range: the displacement S+A-(P&~3) in bytes that GNU ld accepts. */
const ARC_TABLE: StaticArray<RelocRow> = [
  new RelocRow(4, "R_ARC_32", ADDEND_RELA, H_WORD, 4),
  new RelocRow(5, "R_ARC_B26", ADDEND_RELA, H_WORD_NO_ABI, 4),
  new RelocRow(16, "R_ARC_S25H_PCREL", ADDEND_RELA, H_S25H, 4, -16777216, 16777214),
  new RelocRow(17, "R_ARC_S25W_PCREL", ADDEND_RELA, H_S25W, 4, -16777216, 16777212),
  new RelocRow(27, "R_ARC_32_ME", ADDEND_RELA, H_WORD_ME, 4),
];

/** Types 0..78 of the ARCv2 psABI (binutils arc-reloc.def); 5 is named as Zephyr names it. */
const ARC_NAMES: StaticArray<string> = [
  "R_ARC_NONE",
  "R_ARC_8",
  "R_ARC_16",
  "R_ARC_24",
  "R_ARC_32",
  "R_ARC_B26",
  "",
  "",
  "R_ARC_N8",
  "R_ARC_N16",
  "R_ARC_N24",
  "R_ARC_N32",
  "R_ARC_SDA",
  "R_ARC_SECTOFF",
  "R_ARC_S21H_PCREL",
  "R_ARC_S21W_PCREL",
  "R_ARC_S25H_PCREL",
  "R_ARC_S25W_PCREL",
  "R_ARC_SDA32",
  "R_ARC_SDA_LDST",
  "R_ARC_SDA_LDST1",
  "R_ARC_SDA_LDST2",
  "R_ARC_SDA16_LD",
  "R_ARC_SDA16_LD1",
  "R_ARC_SDA16_LD2",
  "R_ARC_S13_PCREL",
  "R_ARC_W",
  "R_ARC_32_ME",
  "R_ARC_N32_ME",
  "R_ARC_SECTOFF_ME",
  "R_ARC_SDA32_ME",
  "R_ARC_W_ME",
  "",
  "",
  "",
  "R_AC_SECTOFF_U8",
  "R_AC_SECTOFF_U8_1",
  "R_AC_SECTOFF_U8_2",
  "R_AC_SECTOFF_S9",
  "R_AC_SECTOFF_S9_1",
  "R_AC_SECTOFF_S9_2",
  "R_ARC_SECTOFF_ME_1",
  "R_ARC_SECTOFF_ME_2",
  "R_ARC_SECTOFF_1",
  "R_ARC_SECTOFF_2",
  "R_ARC_SDA_12",
  "",
  "",
  "R_ARC_SDA16_ST2",
  "R_ARC_32_PCREL",
  "R_ARC_PC32",
  "R_ARC_GOTPC32",
  "R_ARC_PLT32",
  "R_ARC_COPY",
  "R_ARC_GLOB_DAT",
  "R_ARC_JMP_SLOT",
  "R_ARC_RELATIVE",
  "R_ARC_GOTOFF",
  "R_ARC_GOTPC",
  "R_ARC_GOT32",
  "R_ARC_S21W_PCREL_PLT",
  "R_ARC_S25H_PCREL_PLT",
  "",
  "R_ARC_JLI_SECTOFF",
  "",
  "",
  "R_ARC_TLS_DTPMOD",
  "R_ARC_TLS_DTPOFF",
  "R_ARC_TLS_TPOFF",
  "R_ARC_TLS_GD_GOT",
  "R_ARC_TLS_GD_LD",
  "R_ARC_TLS_GD_CALL",
  "R_ARC_TLS_IE_GOT",
  "R_ARC_TLS_DTPOFF_S9",
  "R_ARC_TLS_LE_S9",
  "R_ARC_TLS_LE_32",
  "R_ARC_S25W_PCREL_PLT",
  "R_ARC_S21H_PCREL_PLT",
  "R_ARC_NPS_CMEM16",
];
const R_ARC_32_ME_S: u32 = 105;

/** Swap the 16-bit halves: how ARCompact code words sit in little-endian memory. */
export function middleEndian(x: u32): u32 {
  return (x >> 16) | (x << 16);
}

/** One branch format: how far v is shifted and where its bits go (disp25h / disp25w). */
class Disp25 {
  constructor(
    public shift: u32,
    public clear: u32,
    public lowBits: u32,
    public lowPos: u32,
  ) {}

  /** Scatter v into a (non middle-endian) instruction word. */
  insert(insn: u32, v: u32): u32 {
    const lowMask: u32 = (1 << this.lowBits) - 1;
    return (
      (insn & ~this.clear) | ((v & lowMask) << this.lowPos) | (((v >> this.lowBits) & 0x3ff) << 6) | ((v >> (this.lowBits + 10)) & 0xf)
    );
  }
}

// S25H: v bits 0..9 -> 17..26, 10..19 -> 6..15, 20..23 -> 0..3.
const DISP25H = new Disp25(1, 0x07feffcf, 10, 17);
// S25W: v bits 0..8 -> 18..26, 9..18 -> 6..15, 19..22 -> 0..3.
const DISP25W = new Disp25(2, 0x07fcffcf, 9, 18);

function noteBigEndianSwap(site: RelocSite): void {
  if (bytesDiffer(site)) {
    addQuirk(site, "Big-endian ARC: Zephyr still swaps the 16-bit halves (ME) where GNU ld stores the word as it is.");
  }
}

function hintArc(t: u32): string {
  if (t == R_ARC_NONE) {
    return "R_ARC_NONE is a placeholder, usually left by a partial link (ld -r) for a dropped reference; Zephyr's ARC table has no case for it";
  }
  if ((t >= 51 && t <= 53) || (t >= 57 && t <= 61) || t == 76 || t == 77) {
    return "GOT/PLT relocation from position-independent code (-fPIC): compile the extension with -fno-pic";
  }
  if (t >= 66 && t <= 75) {
    return "thread-local storage (__thread/_Thread_local): LLEXT extensions cannot use TLS";
  }
  if (t == 54 || t == 55 || t == 56) {
    return "dynamic relocation of a shared object: ARC extensions are loaded as ELF objects (LLEXT_TYPE_ELF_OBJECT), not built with -shared";
  }
  if (t == 12 || (t >= 18 && t <= 24) || t == 30 || t == 45 || t == 48) {
    return "small-data (gp-relative) access: compile the extension with -mno-sdata so data is addressed absolutely";
  }
  if (t == 14 || t == 15 || t == 25) {
    return "short PC-relative branch to another section: Zephyr's ARC table only has S25H/S25W branches";
  }
  if (t == 49 || t == 50) {
    return "PC-relative data word (e.g. .eh_frame or a jump table): not in Zephyr's ARC table";
  }
  return "";
}

export class ArcRelocator extends ArchRelocator {
  id(): string {
    return "arc";
  }

  elfMachine(): u32 {
    return EM_ARC_COMPACT2;
  }

  otherElfMachine(): u32 {
    return EM_ARC_COMPACT;
  }

  typeName(type: u32): string {
    if (type == R_ARC_32_ME_S) return "R_ARC_32_ME_S";
    return type < <u32>ARC_NAMES.length ? ARC_NAMES[<i32>type] : "";
  }

  relocate(site: RelocSite): void {
    const t = site.type;
    const row = findRow(ARC_TABLE, t);
    if (row === null) {
      zephyrFails(site, -ENOEXEC, "unknown relocation: " + t.toString());
      site.hint = hintArc(t);
      if (t == R_ARC_NONE) {
        addQuirk(site, 'No R_ARC_NONE case: Zephyr fails with "unknown relocation: 0" where the psABI defines a no-op.');
      }
      return;
    }
    site.width = row.width;
    const h = row.handler;
    if (h == H_WORD || h == H_WORD_NO_ABI) this.word(site, h == H_WORD_NO_ABI);
    else if (h == H_WORD_ME) this.wordMe(site);
    else this.branch(site, row, h == H_S25H ? DISP25H : DISP25W);
  }

  /** R_ARC_32 / R_ARC_B26: u32(S + A), little-endian (UNALIGNED_PUT). */
  private word(site: RelocSite, b26: bool): void {
    const v: u32 = <u32>site.S + <u32>site.A;
    site.w32(site.zeph, v);
    site.value = <u64>v;
    if (b26) {
      // Type 5 is absent from the ARCv2 psABI and GNU ld's table, which reject it: no psABI result.
      addQuirk(
        site,
        'Type 5 (R_ARC_B26, "AKA R_ARC_64" in Zephyr) is not defined by the ARCv2 psABI and GNU ld rejects it; Zephyr writes S+A = 0x' +
          hex(<u64>v) +
          " like R_ARC_32.",
      );
      return;
    }
    site.w32(site.abi, v);
    site.abiValue = <u64>v;
  }

  /** R_ARC_32_ME: ME(S + A). */
  private wordMe(site: RelocSite): void {
    const v: u32 = <u32>site.S + <u32>site.A;
    site.w32(site.zeph, middleEndian(v));
    site.w32(site.abi, site.bigEndian ? v : middleEndian(v));
    site.value = <u64>v;
    site.abiValue = <u64>v;
    if (site.bigEndian) noteBigEndianSwap(site);
  }

  /** R_ARC_S25H_PCREL / R_ARC_S25W_PCREL: 25-bit branch displacement from P & ~3. */
  private branch(site: RelocSite, row: RelocRow, f: Disp25): void {
    const S = <u32>site.S;
    const A = <u32>site.A;
    const pcl: u32 = (<u32>site.P) & ~3;
    // Zephyr: sym_base_addr already holds S + A, then `+ rel->r_addend` once more.
    const zv: u32 = (S + A + A - pcl) >> f.shift;
    site.w32(site.zeph, middleEndian(f.insert(middleEndian(site.r32(site.before)), zv)));
    site.value = <u64>zv;

    const d: i64 = <i64>S + site.A - <i64>pcl;
    const av: i64 = d >> (<i64>f.shift);
    const abiInsn = site.r32(site.abiBefore);
    site.w32(site.abi, site.bigEndian ? f.insert(abiInsn, <u32>av) : middleEndian(f.insert(middleEndian(abiInsn), <u32>av)));
    site.abiValue = <u64>av;
    if (site.bigEndian) noteBigEndianSwap(site);

    const name = row.name;
    if (site.A != 0 && bytesDiffer(site)) {
      addQuirk(
        site,
        name +
          " adds the addend twice: Zephyr branches to S+2A = 0x" +
          hex(<u64>(S + A + A)) +
          ", the psABI to S+A = 0x" +
          hex(<u64>(S + A)) +
          ".",
      );
    }
    // BFD checks the low 32 bits of the shifted value against the field (24 / 23 signed bits).
    const bits: i32 = f.shift == 1 ? 24 : 23;
    if (!fitsSigned(<i64>(<i32>(<u32>av)), bits)) {
      abiOutOfRange(site, row.abiMin, row.abiMax);
      addQuirk(
        site,
        "No range check: the displacement " +
          sHex(d) +
          " from P&~3 is outside " +
          sHex(row.abiMin) +
          ".." +
          sHex(row.abiMax) +
          '; Zephyr writes the truncated field where GNU ld stops with "relocation truncated to fit: ' +
          name +
          '".',
      );
    }
  }
}
