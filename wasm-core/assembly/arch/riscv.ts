// RISC-V (RV32 and RV64) relocations: what Zephyr's arch/riscv/core/elf.c does, beside the
// RISC-V ELF psABI as GNU ld applies it (bfd/elfnn-riscv.c, perform_relocation).
//
// Zephyr behaviour modelled here (arch/riscv/core/elf.c: arch_elf_relocate()):
//  - T = S+A (or S+A-P) is computed in intptr_t: it wraps at 32 bits on RV32 and is 64-bit on
//    RV64, then checked by riscv_relocation_fits(T, max), which accepts [-(max+1), max].
//  - Every handler stores its result BEFORE the range check, so a failed check still leaves
//    the patched bits in memory and returns -ENOEXEC.
//  - JAL is checked against INT32_MAX (not ±1 MiB); SET6/SUB6 use a 5-bit mask; PCREL_LO12
//    takes the value of its paired PCREL_HI20 and ignores its own addend.
// GNU ld checks only what perform_relocation checks: B/J/CB/CJ immediates always, the
// U-type upper part on RV64 only. R_RISCV_32/32_PCREL/PLT32 are not checked by ld; here the
// psABI side rejects values that do not fit the 32-bit field (signed or unsigned for 32,
// signed for the PC-relative ones), as lld does, because a truncated word is never intended.
import { EM_RISCV } from "../elf/constants";
import { ArchRelocator, RelocSite, FoundReloc } from "./reloc";
import { ENOEXEC } from "../util/errno";
import { ptr } from "../util/fmt";
import { inRange } from "./fits";
import { abiRejects, addQuirk, bytesDiffer, sHex, zephyrFails, zephyrOutOfRange } from "./outcome";
import { ADDEND_IGNORED, ADDEND_NONE, ADDEND_RELA, QUIRK_NONE, RelocRow, WIDTH_WORD, indexRows } from "./reloc_row";

// ---- handler kinds ----
const K_NONE: i32 = 0; // nothing at P (NONE, RELAX)
const K_ABS32: i32 = 1; // u32 = S+A, signed range check
const K_ABS64: i32 = 2; // u64 = S+A
const K_RELATIVE: i32 = 3; // XLEN word = B+A
const K_JUMP_SLOT: i32 = 4; // XLEN word = S
const K_BRANCH: i32 = 5; // B-type, S+A-P
const K_JAL: i32 = 6; // J-type, S+A-P
const K_CALL: i32 = 7; // AUIPC at P + I-type at P+4, S+A-P
const K_PCREL_HI20: i32 = 8; // U-type, S+A-P
const K_PCREL_LO12_I: i32 = 9; // I-type, value of the paired PCREL_HI20
const K_PCREL_LO12_S: i32 = 10; // S-type, value of the paired PCREL_HI20
const K_HI20: i32 = 11; // U-type, S+A
const K_LO12_I: i32 = 12; // I-type, S+A
const K_LO12_S: i32 = 13; // S-type, S+A
const K_ADD: i32 = 14; // V += S+A
const K_SUB: i32 = 15; // V -= S+A
const K_ALIGN: i32 = 16; // always refused
const K_RVC_BRANCH: i32 = 17; // CB-type, 16-bit, S+A-P
const K_RVC_JUMP: i32 = 18; // CJ-type, 16-bit, S+A-P
const K_SUB6: i32 = 19; // 6-bit field, as coded with a 5-bit mask
const K_SET6: i32 = 20;
const K_SET: i32 = 21; // V = S+A truncated
const K_PCREL32: i32 = 22; // u32 = S+A-P

// ---- quirk ids (the row's known divergence; explainDifference() words it) ----
const Q_JAL_INT32: i32 = 1; // JAL checked against INT32_MAX, not +-1 MiB
const Q_MASK5: i32 = 2; // SET6/SUB6 coded with a 5-bit mask
const Q_LO12_PAIRING: i32 = 3; // PCREL_LO12 takes only the paired HI20's value
const Q_UPPER_ROUNDING: i32 = 4; // +-2 GiB checked before the 0x800 rounding of the upper part
const Q_SIGNED_32: i32 = 5; // R_RISCV_32 checked as a signed value
const Q_LO12_RANGE: i32 = 6; // LO12_I checked against +-2 GiB
const Q_ODD_OFFSET: i32 = 7; // odd branch offsets pass Zephyr's check
const Q_RV32_SIGN: i32 = 8; // RV32 intptr_t sign-extended into a 64-bit field

/** riscv_relocation_fits(T, max) accepts [-(max+1), max]. */
const I32_MIN: i64 = -0x80000000;
const I32_MAX: i64 = 0x7fffffff;
/** GNU ld's VALID_UTYPE_IMM(RISCV_CONST_HIGH_PART(T)), checked on RV64 only. */
const UPPER_MIN: i64 = -0x80000800;
const UPPER_MAX: i64 = 0x7ffff7ff;

function row(type: u32, name: string, addend: i32, kind: i32, width: u32, quirk: i32 = QUIRK_NONE): RelocRow {
  return new RelocRow(type, name, addend, kind, width, 1, 0, 1, 0, quirk);
}
/** A row Zephyr range-checks with riscv_relocation_fits(T, max); the psABI's range is [abiMin, abiMax]. */
function ranged(type: u32, name: string, kind: i32, width: u32, max: i64, abiMin: i64, abiMax: i64, quirk: i32 = QUIRK_NONE): RelocRow {
  return new RelocRow(type, name, ADDEND_RELA, kind, width, abiMin, abiMax, -(max + 1), max, quirk);
}

// All RISC-V relocation sections are RELA. The psABI range is that of S+A(-P) in bytes;
// for the B/J/CB/CJ forms the value must also be even.
const TABLE: StaticArray<RelocRow> = [
  row(0, "R_RISCV_NONE", ADDEND_NONE, K_NONE, 0),
  // Field fit: any signed or unsigned 32-bit value (only RV64 can exceed it).
  ranged(1, "R_RISCV_32", K_ABS32, 4, I32_MAX, I32_MIN, 0xffffffff, Q_SIGNED_32),
  row(2, "R_RISCV_64", ADDEND_RELA, K_ABS64, 8, Q_RV32_SIGN),
  row(3, "R_RISCV_RELATIVE", ADDEND_RELA, K_RELATIVE, WIDTH_WORD),
  row(5, "R_RISCV_JUMP_SLOT", ADDEND_NONE, K_JUMP_SLOT, WIDTH_WORD),
  ranged(16, "R_RISCV_BRANCH", K_BRANCH, 4, 4095, -0x1000, 0xfff, Q_ODD_OFFSET),
  ranged(17, "R_RISCV_JAL", K_JAL, 4, I32_MAX, -0x100000, 0xfffff, Q_JAL_INT32),
  ranged(18, "R_RISCV_CALL", K_CALL, 8, I32_MAX, UPPER_MIN, UPPER_MAX, Q_UPPER_ROUNDING),
  ranged(19, "R_RISCV_CALL_PLT", K_CALL, 8, I32_MAX, UPPER_MIN, UPPER_MAX, Q_UPPER_ROUNDING),
  ranged(23, "R_RISCV_PCREL_HI20", K_PCREL_HI20, 4, I32_MAX, UPPER_MIN, UPPER_MAX, Q_UPPER_ROUNDING),
  row(24, "R_RISCV_PCREL_LO12_I", ADDEND_IGNORED, K_PCREL_LO12_I, 4, Q_LO12_PAIRING),
  row(25, "R_RISCV_PCREL_LO12_S", ADDEND_IGNORED, K_PCREL_LO12_S, 4, Q_LO12_PAIRING),
  ranged(26, "R_RISCV_HI20", K_HI20, 4, I32_MAX, UPPER_MIN, UPPER_MAX, Q_UPPER_ROUNDING),
  ranged(27, "R_RISCV_LO12_I", K_LO12_I, 4, I32_MAX, 1, 0, Q_LO12_RANGE),
  row(28, "R_RISCV_LO12_S", ADDEND_RELA, K_LO12_S, 4),
  row(33, "R_RISCV_ADD8", ADDEND_RELA, K_ADD, 1, Q_RV32_SIGN),
  row(34, "R_RISCV_ADD16", ADDEND_RELA, K_ADD, 2, Q_RV32_SIGN),
  row(35, "R_RISCV_ADD32", ADDEND_RELA, K_ADD, 4, Q_RV32_SIGN),
  row(36, "R_RISCV_ADD64", ADDEND_RELA, K_ADD, 8, Q_RV32_SIGN),
  row(37, "R_RISCV_SUB8", ADDEND_RELA, K_SUB, 1, Q_RV32_SIGN),
  row(38, "R_RISCV_SUB16", ADDEND_RELA, K_SUB, 2, Q_RV32_SIGN),
  row(39, "R_RISCV_SUB32", ADDEND_RELA, K_SUB, 4, Q_RV32_SIGN),
  row(40, "R_RISCV_SUB64", ADDEND_RELA, K_SUB, 8, Q_RV32_SIGN),
  row(43, "R_RISCV_ALIGN", ADDEND_NONE, K_ALIGN, 0),
  ranged(44, "R_RISCV_RVC_BRANCH", K_RVC_BRANCH, 2, 255, -0x100, 0xff, Q_ODD_OFFSET),
  ranged(45, "R_RISCV_RVC_JUMP", K_RVC_JUMP, 2, 2047, -0x800, 0x7ff, Q_ODD_OFFSET),
  row(51, "R_RISCV_RELAX", ADDEND_NONE, K_NONE, 0),
  row(52, "R_RISCV_SUB6", ADDEND_RELA, K_SUB6, 1, Q_MASK5),
  row(53, "R_RISCV_SET6", ADDEND_RELA, K_SET6, 1, Q_MASK5),
  row(54, "R_RISCV_SET8", ADDEND_RELA, K_SET, 1),
  row(55, "R_RISCV_SET16", ADDEND_RELA, K_SET, 2),
  row(56, "R_RISCV_SET32", ADDEND_RELA, K_SET, 4),
  ranged(57, "R_RISCV_32_PCREL", K_PCREL32, 4, I32_MAX, I32_MIN, I32_MAX),
  ranged(59, "R_RISCV_PLT32", K_PCREL32, 4, I32_MAX, I32_MIN, I32_MAX),
];

/** TABLE indexed by type number (Zephyr's types are all below 256). */
const BY_TYPE = indexRows(TABLE, 256);

function findType(type: u32): RelocRow | null {
  return type < 256 ? unchecked(BY_TYPE[type]) : null;
}

const R_RISCV_PCREL_HI20: u32 = 23;

/** The PCREL_HI20 pairing result, reused by every relocation (relocate() fills it first). */
const PCREL_HI = new FoundReloc();

/** psABI names of the types Zephyr has no case for (they end in "Unsupported relocation type"). */
function otherTypeName(t: u32): string {
  switch (t) {
    case 4:
      return "R_RISCV_COPY";
    case 6:
      return "R_RISCV_TLS_DTPMOD32";
    case 7:
      return "R_RISCV_TLS_DTPMOD64";
    case 8:
      return "R_RISCV_TLS_DTPREL32";
    case 9:
      return "R_RISCV_TLS_DTPREL64";
    case 10:
      return "R_RISCV_TLS_TPREL32";
    case 11:
      return "R_RISCV_TLS_TPREL64";
    case 12:
      return "R_RISCV_TLSDESC";
    case 20:
      return "R_RISCV_GOT_HI20";
    case 21:
      return "R_RISCV_TLS_GOT_HI20";
    case 22:
      return "R_RISCV_TLS_GD_HI20";
    case 29:
      return "R_RISCV_TPREL_HI20";
    case 30:
      return "R_RISCV_TPREL_LO12_I";
    case 31:
      return "R_RISCV_TPREL_LO12_S";
    case 32:
      return "R_RISCV_TPREL_ADD";
    case 41:
      return "R_RISCV_GOT32_PCREL";
    // 46..50 are reserved in the current psABI; older toolchains emitted these.
    case 46:
      return "R_RISCV_RVC_LUI";
    case 47:
      return "R_RISCV_GPREL_I";
    case 48:
      return "R_RISCV_GPREL_S";
    case 49:
      return "R_RISCV_TPREL_I";
    case 50:
      return "R_RISCV_TPREL_S";
    case 58:
      return "R_RISCV_IRELATIVE";
    case 60:
      return "R_RISCV_SET_ULEB128";
    case 61:
      return "R_RISCV_SUB_ULEB128";
    case 62:
      return "R_RISCV_TLSDESC_HI20";
    case 63:
      return "R_RISCV_TLSDESC_LOAD_LO12";
    case 64:
      return "R_RISCV_TLSDESC_ADD_LO12";
    case 65:
      return "R_RISCV_TLSDESC_CALL";
    case 191:
      return "R_RISCV_VENDOR";
  }
  return "";
}

/** The build setting that most likely produced a type Zephyr refuses. */
function unsupportedHint(t: u32): string {
  if (t == 43 || t == 46 || t == 60 || t == 61) return "built without -mno-relax";
  if (t == 47 || t == 48) return "-msmall-data-limit=0";
  if (t == 20 || t == 41 || t == 4 || t == 58) return "-fno-pic";
  if ((t >= 6 && t <= 12) || t == 21 || t == 22 || (t >= 29 && t <= 32) || t == 49 || t == 50 || (t >= 62 && t <= 65))
    return "TLS unsupported";
  return "";
}

// ---- instruction immediate fields (imm bit -> instruction bit, elf.h R_RISCV_*_IMM8_MASK) ----

function bit(v: u32, b: u32): u32 {
  return (v >> b) & 1;
}

/** B-type: 12->31, 10..5->30..25, 4..1->11..8, 11->7. */
function encB(imm: u32): u32 {
  return (bit(imm, 12) << 31) | (((imm >> 5) & 0x3f) << 25) | (((imm >> 1) & 0xf) << 8) | (bit(imm, 11) << 7);
}
/** J-type: 20->31, 10..1->30..21, 11->20, 19..12->19..12. */
function encJ(imm: u32): u32 {
  return (bit(imm, 20) << 31) | (((imm >> 1) & 0x3ff) << 21) | (bit(imm, 11) << 20) | (imm & 0xff000);
}
/** S-type: 11..5->31..25, 4..0->11..7. */
function encS(imm: u32): u32 {
  return (((imm >> 5) & 0x7f) << 25) | ((imm & 0x1f) << 7);
}
/** CJ (c.j / c.jal): 11->12, 4->11, 9..8->10..9, 10->8, 6->7, 7->6, 3..1->5..3, 5->2. */
function encCJ(imm: u32): u32 {
  return (
    (bit(imm, 11) << 12) |
    (bit(imm, 4) << 11) |
    (((imm >> 8) & 3) << 9) |
    (bit(imm, 10) << 8) |
    (bit(imm, 6) << 7) |
    (bit(imm, 7) << 6) |
    (((imm >> 1) & 7) << 3) |
    (bit(imm, 5) << 2)
  );
}
/** CB (c.beqz / c.bnez): 8->12, 4..3->11..10, 7..6->6..5, 2..1->4..3, 5->2. */
function encCB(imm: u32): u32 {
  return (bit(imm, 8) << 12) | (((imm >> 3) & 3) << 10) | (((imm >> 6) & 3) << 5) | (((imm >> 1) & 3) << 3) | (bit(imm, 5) << 2);
}
function setB(insn: u32, imm: u32): u32 {
  return (insn & ~encB(0xffffffff)) | encB(imm);
}
function setJ(insn: u32, imm: u32): u32 {
  return (insn & ~encJ(0xffffffff)) | encJ(imm);
}
function setS(insn: u32, imm: u32): u32 {
  return (insn & ~encS(0xffffffff)) | encS(imm);
}
function setCJ(insn: u32, imm: u32): u32 {
  return (insn & ~encCJ(0xffffffff)) | encCJ(imm);
}
function setCB(insn: u32, imm: u32): u32 {
  return (insn & ~encCB(0xffffffff)) | encCB(imm);
}
/** U-type: upper 20 bits of `hi`. */
function setU(insn: u32, hi: u32): u32 {
  return (insn & 0x00000fff) | (hi & 0xfffff000);
}
/** I-type: low 12 bits of `imm` into 31..20. */
function setI(insn: u32, imm: u32): u32 {
  return (insn & 0x000fffff) | (imm << 20);
}
/** Upper part for AUIPC/LUI: bit 11 of the low part is a sign bit, so round (the `la` idiom). */
function hiPart(t: i64): u32 {
  const i = <u32>(<i32>t);
  return i + (i & 0x800);
}

// ---- messages ----
const Q_WRITE_BEFORE_CHECK =
  "Zephyr patches the place before the range check, so the truncated value stays in memory although the relocation fails.";

function pointer(site: RelocSite, v: u64): string {
  return ptr(site.ptrSize == 4 ? v & 0xffffffff : v);
}

export class RiscvRelocator extends ArchRelocator {
  /** llext_riscv_find_sym_pcrel() keeps the index of the last PCREL_HI20 match in a
   * file-static variable: it survives across relocation sections and extensions, and the
   * next search starts there. */
  private lastHiIndex: u64 = 0;

  id(): string {
    return "riscv";
  }

  elfMachine(): u32 {
    return EM_RISCV;
  }

  beginRun(): void {
    this.lastHiIndex = 0;
  }

  typeName(type: u32): string {
    const row = findType(type);
    return row != null ? row.name : otherTypeName(type);
  }

  relocate(site: RelocSite): void {
    const row = findType(site.type);

    // llext_riscv_find_sym_pcrel() runs before the switch and replaces S by T_hi for LO12.
    let symBase: u64 = site.S;
    const hi = PCREL_HI;
    hi.value = 0;
    hi.abiValue = 0;
    hi.index = -1;
    hi.from = this.lastHiIndex;
    if (row != null && (row.handler == K_PCREL_LO12_I || row.handler == K_PCREL_LO12_S)) {
      const env = site.env;
      const found = env != null && env.findReloc(site.symValue, R_RISCV_PCREL_HI20, hi);
      if (env != null) this.lastHiIndex = hi.from;
      if (!found) {
        site.width = 4;
        site.addLog("err:Could not find R_RISCV_PCREL_HI20 relocation for R_RISCV_PCREL_LO12 relocation!");
        zephyrFails(
          site,
          -ENOEXEC,
          "Failed to resolve RISC-V PCREL relocation for symbol " +
            site.symName +
            " at " +
            pointer(site, site.P) +
            " with base address " +
            pointer(site, site.S) +
            " load address " +
            pointer(site, site.B) +
            " type " +
            site.type.toString(),
        );
        return;
      }
      symBase = <u64>hi.value;
    }

    if (site.logDbg) {
      site.addLog(
        "dbg:Relocating symbol " +
          site.symName +
          " at " +
          pointer(site, site.P) +
          " with base address " +
          pointer(site, symBase) +
          " load address " +
          pointer(site, site.B) +
          " type " +
          site.type.toString(),
      );
    }

    if (row == null) {
      zephyrFails(site, -ENOEXEC, "Unsupported relocation type: " + site.type.toString() + " for symbol: " + site.symName);
      site.hint = unsupportedHint(site.type);
      return;
    }
    site.width = row.width == WIDTH_WORD ? site.ptrSize : row.width;
    this.apply(site, row, hi);
    this.explainDifference(site, row);
  }

  /** intptr_t arithmetic of the target: 32-bit wrap-around on RV32. */
  private wrap(site: RelocSite, v: u64): i64 {
    return site.ptrSize == 4 ? <i64>(<i32>(<u32>v)) : <i64>v;
  }

  private apply(site: RelocSite, row: RelocRow, hi: FoundReloc): void {
    const S = site.S,
      A = <u64>site.A,
      P = site.P;
    const abs = this.wrap(site, S + A);
    const rel = this.wrap(site, S + A - P);
    switch (row.handler) {
      case K_NONE:
        break;
      case K_ABS32: {
        site.w32(site.zeph, <u32>abs);
        this.zephFits(site, row, abs);
        this.abiStore32(site, abs, inRange(abs, row.abiMin, row.abiMax));
        break;
      }
      case K_ABS64: {
        site.w64(site.zeph, <u64>abs); // RV32: a negative intptr_t is sign-extended
        site.value = <u64>abs;
        // The linker adds 32-bit addresses without wrapping or sign extension.
        const v = site.ptrSize == 4 ? (S & 0xffffffff) + A : S + A;
        site.w64(site.abi, v);
        site.abiValue = v;
        break;
      }
      case K_RELATIVE: {
        const v = <u64>this.wrap(site, site.B + A);
        site.wWord(site.zeph, v);
        site.wWord(site.abi, v);
        site.value = v;
        site.abiValue = v;
        break;
      }
      case K_JUMP_SLOT: {
        site.wWord(site.zeph, S);
        site.wWord(site.abi, S);
        site.value = S;
        site.abiValue = S;
        break;
      }
      case K_BRANCH:
        this.insn32(
          site,
          row,
          rel,
          setB(site.r32(site.before), <u32>rel),
          setB(site.r32(site.abiBefore), <u32>rel),
          this.fitsEven(row, rel),
        );
        break;
      case K_JAL:
        this.insn32(
          site,
          row,
          rel,
          setJ(site.r32(site.before), <u32>rel),
          setJ(site.r32(site.abiBefore), <u32>rel),
          this.fitsEven(row, rel),
        );
        break;
      case K_RVC_BRANCH:
        this.insn16(
          site,
          row,
          rel,
          setCB(site.r16(site.before), <u32>rel),
          setCB(site.r16(site.abiBefore), <u32>rel),
          this.fitsEven(row, rel),
        );
        break;
      case K_RVC_JUMP:
        this.insn16(
          site,
          row,
          rel,
          setCJ(site.r16(site.before), <u32>rel),
          setCJ(site.r16(site.abiBefore), <u32>rel),
          this.fitsEven(row, rel),
        );
        break;
      case K_PCREL_HI20:
        this.insn32(
          site,
          row,
          rel,
          setU(site.r32(site.before), hiPart(rel)),
          setU(site.r32(site.abiBefore), hiPart(rel)),
          this.upperFits(site, row, rel),
        );
        break;
      case K_HI20:
        this.insn32(
          site,
          row,
          abs,
          setU(site.r32(site.before), hiPart(abs)),
          setU(site.r32(site.abiBefore), hiPart(abs)),
          this.upperFits(site, row, abs),
        );
        break;
      case K_CALL: {
        // AUIPC at P gets the rounded upper part, the JALR at P+4 the low 12 bits.
        site.w32(site.zeph, setU(site.r32(site.before), hiPart(rel)));
        site.w32(site.zeph, setI(site.r32(site.before, 4), <u32>rel), 4);
        this.zephFits(site, row, rel);
        site.abiValue = <u64>rel;
        if (this.upperFits(site, row, rel)) {
          site.w32(site.abi, setU(site.r32(site.abiBefore), hiPart(rel)));
          site.w32(site.abi, setI(site.r32(site.abiBefore, 4), <u32>rel), 4);
        } else abiRejects(site);
        break;
      }
      case K_LO12_I:
        this.insn32(site, row, abs, setI(site.r32(site.before), <u32>abs), setI(site.r32(site.abiBefore), <u32>abs), true);
        break;
      case K_LO12_S:
        this.insn32(site, row, abs, setS(site.r32(site.before), <u32>abs), setS(site.r32(site.abiBefore), <u32>abs), true);
        break;
      case K_PCREL_LO12_I:
      case K_PCREL_LO12_S:
        this.pcrelLo12(site, row, hi);
        break;
      case K_ADD:
      case K_SUB: {
        const n = <i32>row.width;
        const zsum = <u64>abs; // RV32: sign-extended intptr_t, as the C promotion does
        const asum = site.ptrSize == 4 ? (S & 0xffffffff) + A : S + A;
        const zv = readN(site, site.before, n),
          av = readN(site, site.abiBefore, n);
        const z = row.handler == K_ADD ? zv + zsum : zv - zsum;
        const a = row.handler == K_ADD ? av + asum : av - asum;
        writeN(site, site.zeph, n, z);
        writeN(site, site.abi, n, a);
        site.value = zsum;
        site.abiValue = asum;
        break;
      }
      case K_SET: {
        const n = <i32>row.width;
        writeN(site, site.zeph, n, <u64>abs);
        writeN(site, site.abi, n, <u64>abs);
        site.value = <u64>abs;
        site.abiValue = <u64>abs;
        break;
      }
      case K_SET6: {
        // As coded: keep V & 0x1F (bits 5..7 cleared), then OR the whole byte of S+A in.
        const z = ((<u32>abs) & 0xff) | ((<u32>site.before[0]) & 0x1f);
        const a = ((<u32>site.abiBefore[0]) & 0xc0) | ((<u32>abs) & 0x3f);
        site.zeph[0] = <u8>z;
        site.abi[0] = <u8>a;
        site.value = <u64>abs;
        site.abiValue = <u64>abs;
        break;
      }
      case K_SUB6: {
        // As coded: b = V & 0x1F; result = ((b - S - A) & 0x1F) | b.
        const b = (<u32>site.before[0]) & 0x1f;
        const z = ((b - <u32>abs) & 0x1f) | b;
        const v = <u32>site.abiBefore[0];
        const a = (v & 0xc0) | ((v - <u32>abs) & 0x3f);
        site.zeph[0] = <u8>z;
        site.abi[0] = <u8>a;
        site.value = <u64>abs;
        site.abiValue = <u64>abs;
        break;
      }
      case K_PCREL32: {
        site.w32(site.zeph, <u32>rel);
        this.zephFits(site, row, rel);
        this.abiStore32(site, rel, inRange(rel, row.abiMin, row.abiMax));
        break;
      }
      case K_ALIGN:
        this.align(site);
        break;
    }
  }

  /** A 32-bit instruction: Zephyr stores `zInsn` then checks; the psABI stores `aInsn` only if it fits. */
  private insn32(site: RelocSite, row: RelocRow, t: i64, zInsn: u32, aInsn: u32, abiOk: bool): void {
    site.w32(site.zeph, zInsn);
    this.zephFits(site, row, t);
    site.abiValue = <u64>t;
    if (abiOk) site.w32(site.abi, aInsn);
    else abiRejects(site);
  }

  private insn16(site: RelocSite, row: RelocRow, t: i64, zInsn: u32, aInsn: u32, abiOk: bool): void {
    site.w16(site.zeph, zInsn);
    this.zephFits(site, row, t);
    site.abiValue = <u64>t;
    if (abiOk) site.w16(site.abi, aInsn);
    else abiRejects(site);
  }

  private abiStore32(site: RelocSite, t: i64, ok: bool): void {
    site.abiValue = <u64>t;
    if (ok || site.ptrSize == 4) site.w32(site.abi, <u32>t);
    else abiRejects(site);
  }

  /** riscv_relocation_fits(): accept [-(max+1), max]; the value was already written. */
  private zephFits(site: RelocSite, row: RelocRow, t: i64): void {
    site.value = <u64>t;
    if (!row.hasZephRange()) return;
    let max = row.zephMax;
    if (t < 0) max++;
    const mag = t < 0 ? -t : t; // llabs()
    if (mag > max) {
      site.zephRet = -ENOEXEC;
      zephyrOutOfRange(site, row.zephMin, row.zephMax);
      site.errorLog = t.toString() + " byte relocation is not possible for type " + site.type.toString() + " (max " + max.toString() + ")!";
    }
  }

  /** ld's VALID_[BJ|CB|CJ]TYPE_IMM: even and within the row's psABI range. */
  private fitsEven(row: RelocRow, t: i64): bool {
    return (t & 1) == 0 && inRange(t, row.abiMin, row.abiMax);
  }

  /** ld's VALID_UTYPE_IMM(RISCV_CONST_HIGH_PART(t)): checked on RV64 only. */
  private upperFits(site: RelocSite, row: RelocRow, t: i64): bool {
    return site.ptrSize == 4 || inRange(t, row.abiMin, row.abiMax);
  }

  private pcrelLo12(site: RelocSite, row: RelocRow, hi: FoundReloc): void {
    const zT = this.wrap(site, <u64>hi.value);
    const aT = this.wrap(site, <u64>hi.abiValue + <u64>site.A); // the psABI adds the LO12's own addend
    const isI = row.handler == K_PCREL_LO12_I;
    const zv = site.r32(site.before),
      av = site.r32(site.abiBefore);
    site.w32(site.zeph, isI ? setI(zv, <u32>zT) : setS(zv, <u32>zT));
    site.value = <u64>zT;
    site.abiValue = <u64>aT;
    // ld refuses ("%pcrel_lo overflow with an addend") when the addend changes the upper part.
    if ((hiPart(<i64>hi.abiValue) ^ hiPart(aT)) & 0xfffff000) {
      abiRejects(site);
      return;
    }
    site.w32(site.abi, isI ? setI(av, <u32>aT) : setS(av, <u32>aT));
  }

  private align(site: RelocSite): void {
    site.zephRet = -ENOEXEC;
    site.zephWrote = false;
    // target_alignment has the type of r_addend (32-bit on RV32): once doubling passes
    // 2^30 (2^62) it overflows to negative and then to 0, and the loop never ends.
    const maxSteps = site.ptrSize == 4 ? 30 : 62;
    let al: i64 = 1;
    let steps = 0;
    while (al < site.A && steps < maxSteps) {
      al <<= 1;
      steps++;
    }
    if (al < site.A) {
      site.quirk = "R_RISCV_ALIGN with addend " + site.A.toString() + ": Zephyr's alignment loop overflows and never ends.";
      site.hint = "built without -mno-relax";
      return;
    }
    site.addLog(
      "err:Symbol " + site.symName + " with location " + pointer(site, site.P) + " requires alignment to " + al.toString() + " bytes!",
    );
    site.errorLog = "Alignment relocation is currently not supported!";
    site.hint = "built without -mno-relax";
  }

  /** Name the Zephyr behaviour when its outcome differs from the psABI's (the row's quirk id
   * says which divergence the type is known for). Most relocations have none: no allocation. */
  private explainDifference(site: RelocSite, row: RelocRow): void {
    // ALIGN is a missing feature, not a divergent computation: the hint covers it.
    if (row.handler == K_ALIGN) return;
    const zOk = site.zephRet == 0,
      aOk = site.abiRet == 0;
    const k = row.handler;
    const t = <i64>site.value;
    switch (row.quirk) {
      case Q_JAL_INT32: {
        if (zOk && !aOk) {
          addQuirk(
            site,
            "R_RISCV_JAL is range-checked against INT32_MAX instead of ±1 MiB: offset " +
              sHex(t) +
              " was silently truncated to the 21-bit J-type field.",
          );
        }
        break;
      }
      case Q_MASK5: {
        if (site.zeph[0] != site.abi[0]) {
          addQuirk(
            site,
            row.name +
              " uses a 5-bit mask (0x1F): it clears bits 5-7 of the byte and ORs the old low bits " +
              "back in instead of replacing the 6-bit field.",
          );
        }
        break;
      }
      case Q_LO12_PAIRING: {
        if (site.value != site.abiValue) {
          if (site.A != 0)
            addQuirk(site, row.name + " ignores its own addend (" + site.A.toString() + "): Zephyr uses only the paired PCREL_HI20 value.");
          else addQuirk(site, row.name + " was paired with a different PCREL_HI20 value than the psABI pairing gives.");
        }
        break;
      }
      case Q_UPPER_ROUNDING: {
        if (zOk != aOk) {
          if (zOk)
            addQuirk(
              site,
              row.name +
                ": Zephyr checks " +
                sHex(t) +
                " against ±2 GiB before the 0x800 " +
                "rounding of the upper part, so it accepts it with a wrapped (negative) upper immediate; GNU ld rejects it.",
            );
          else
            addQuirk(
              site,
              row.name +
                ": " +
                sHex(t) +
                " is reachable with the rounded upper part (psABI window " +
                "[-0x80000800, 0x7ffff7ff]) but Zephyr rejects it against ±2 GiB.",
            );
        }
        break;
      }
      case Q_SIGNED_32: {
        if (!zOk && aOk) {
          addQuirk(
            site,
            "R_RISCV_32 is range-checked as a signed value: " + sHex(t) + " fits the unsigned 32-bit field but Zephyr rejects it.",
          );
        }
        break;
      }
      case Q_LO12_RANGE: {
        if (!zOk && aOk) {
          addQuirk(site, "R_RISCV_LO12_I is range-checked against ±2 GiB although only the low 12 bits are used.");
        }
        break;
      }
      case Q_ODD_OFFSET: {
        if (zOk && !aOk) {
          addQuirk(site, row.name + ": odd offset " + sHex(t) + " passes Zephyr's range check and loses bit 0; " + "the psABI rejects it.");
        }
        break;
      }
      case Q_RV32_SIGN: {
        if (bytesDiffer(site)) {
          addQuirk(site, "On RV32 Zephyr computes S+A as a signed 32-bit intptr_t and sign-extends it into the " + "64-bit field.");
        }
        break;
      }
    }
    if (!zOk && site.zephWrote) addQuirk(site, Q_WRITE_BEFORE_CHECK);
    // An absolute address outside ±2 GiB needs the PC-relative code model.
    if (site.rangeFailed && (k == K_HI20 || k == K_LO12_I)) site.hint = "-mcmodel=medany";
    if (site.quirk.length == 0 && (zOk != aOk || (zOk && bytesDiffer(site)))) {
      addQuirk(site, "Zephyr's result differs from the psABI.");
    }
  }
}

function readN(site: RelocSite, buf: StaticArray<u8>, n: i32): u64 {
  if (n == 1) return <u64>buf[0];
  if (n == 2) return <u64>site.r16(buf);
  if (n == 4) return <u64>site.r32(buf);
  return site.r64(buf);
}

function writeN(site: RelocSite, buf: StaticArray<u8>, n: i32, v: u64): void {
  if (n == 1) buf[0] = <u8>v;
  else if (n == 2) site.w16(buf, <u32>v);
  else if (n == 4) site.w32(buf, <u32>v);
  else site.w64(buf, v);
}
