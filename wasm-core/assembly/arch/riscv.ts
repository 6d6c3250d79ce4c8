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
import { ArchRelocator, RelocSite, PcrelHi } from "./reloc";
import { ENOEXEC, ERANGE } from "../util/errno";
import { hex, ptr } from "../util/fmt";

// ---- handler kinds ----
const K_NONE: u8 = 0;        // nothing at P (NONE, RELAX)
const K_ABS32: u8 = 1;       // u32 = S+A, signed range check
const K_ABS64: u8 = 2;       // u64 = S+A
const K_RELATIVE: u8 = 3;    // XLEN word = B+A
const K_JUMP_SLOT: u8 = 4;   // XLEN word = S
const K_BRANCH: u8 = 5;      // B-type, S+A-P
const K_JAL: u8 = 6;         // J-type, S+A-P
const K_CALL: u8 = 7;        // AUIPC at P + I-type at P+4, S+A-P
const K_PCREL_HI20: u8 = 8;  // U-type, S+A-P
const K_PCREL_LO12_I: u8 = 9;  // I-type, value of the paired PCREL_HI20
const K_PCREL_LO12_S: u8 = 10; // S-type, value of the paired PCREL_HI20
const K_HI20: u8 = 11;       // U-type, S+A
const K_LO12_I: u8 = 12;     // I-type, S+A
const K_LO12_S: u8 = 13;     // S-type, S+A
const K_ADD: u8 = 14;        // V += S+A
const K_SUB: u8 = 15;        // V -= S+A
const K_ALIGN: u8 = 16;      // always refused
const K_RVC_BRANCH: u8 = 17; // CB-type, 16-bit, S+A-P
const K_RVC_JUMP: u8 = 18;   // CJ-type, 16-bit, S+A-P
const K_SUB6: u8 = 19;       // 6-bit field, as coded with a 5-bit mask
const K_SET6: u8 = 20;
const K_SET: u8 = 21;        // V = S+A truncated
const K_PCREL32: u8 = 22;    // u32 = S+A-P

// ---- addend sources (all RISC-V relocation sections are RELA: A = site.A) ----
const ADDEND_RELA: u8 = 0;    // r_addend is used
const ADDEND_UNUSED: u8 = 1;  // r_addend plays no part (JUMP_SLOT; NONE, RELAX, ALIGN use it as data)
const ADDEND_IGNORED: u8 = 2; // psABI adds r_addend, Zephyr drops it (PCREL_LO12, quirk)

const NO_CHECK: i64 = -1;
const INT32_MAX: i64 = 0x7fffffff;
/** Table width meaning one XLEN word (site.ptrSize bytes). */
const XLEN: u32 = 0xff;

/** One row of the table: a type Zephyr's arch_elf_relocate() has a case for. */
class RiscvType {
  constructor(
    public type: u32,
    public name: string,
    public addend: u8,
    public kind: u8,
    /** Bytes read/written at P. */
    public width: u32,
    /** `max` passed to riscv_relocation_fits(), or NO_CHECK. */
    public zephMax: i64,
  ) {}
}

const TABLE: RiscvType[] = [
  new RiscvType(0, "R_RISCV_NONE", ADDEND_UNUSED, K_NONE, 0, NO_CHECK),
  new RiscvType(1, "R_RISCV_32", ADDEND_RELA, K_ABS32, 4, INT32_MAX),
  new RiscvType(2, "R_RISCV_64", ADDEND_RELA, K_ABS64, 8, NO_CHECK),
  new RiscvType(3, "R_RISCV_RELATIVE", ADDEND_RELA, K_RELATIVE, XLEN, NO_CHECK),
  new RiscvType(5, "R_RISCV_JUMP_SLOT", ADDEND_UNUSED, K_JUMP_SLOT, XLEN, NO_CHECK),
  new RiscvType(16, "R_RISCV_BRANCH", ADDEND_RELA, K_BRANCH, 4, 4095),
  new RiscvType(17, "R_RISCV_JAL", ADDEND_RELA, K_JAL, 4, INT32_MAX),
  new RiscvType(18, "R_RISCV_CALL", ADDEND_RELA, K_CALL, 8, INT32_MAX),
  new RiscvType(19, "R_RISCV_CALL_PLT", ADDEND_RELA, K_CALL, 8, INT32_MAX),
  new RiscvType(23, "R_RISCV_PCREL_HI20", ADDEND_RELA, K_PCREL_HI20, 4, INT32_MAX),
  new RiscvType(24, "R_RISCV_PCREL_LO12_I", ADDEND_IGNORED, K_PCREL_LO12_I, 4, NO_CHECK),
  new RiscvType(25, "R_RISCV_PCREL_LO12_S", ADDEND_IGNORED, K_PCREL_LO12_S, 4, NO_CHECK),
  new RiscvType(26, "R_RISCV_HI20", ADDEND_RELA, K_HI20, 4, INT32_MAX),
  new RiscvType(27, "R_RISCV_LO12_I", ADDEND_RELA, K_LO12_I, 4, INT32_MAX),
  new RiscvType(28, "R_RISCV_LO12_S", ADDEND_RELA, K_LO12_S, 4, NO_CHECK),
  new RiscvType(33, "R_RISCV_ADD8", ADDEND_RELA, K_ADD, 1, NO_CHECK),
  new RiscvType(34, "R_RISCV_ADD16", ADDEND_RELA, K_ADD, 2, NO_CHECK),
  new RiscvType(35, "R_RISCV_ADD32", ADDEND_RELA, K_ADD, 4, NO_CHECK),
  new RiscvType(36, "R_RISCV_ADD64", ADDEND_RELA, K_ADD, 8, NO_CHECK),
  new RiscvType(37, "R_RISCV_SUB8", ADDEND_RELA, K_SUB, 1, NO_CHECK),
  new RiscvType(38, "R_RISCV_SUB16", ADDEND_RELA, K_SUB, 2, NO_CHECK),
  new RiscvType(39, "R_RISCV_SUB32", ADDEND_RELA, K_SUB, 4, NO_CHECK),
  new RiscvType(40, "R_RISCV_SUB64", ADDEND_RELA, K_SUB, 8, NO_CHECK),
  new RiscvType(43, "R_RISCV_ALIGN", ADDEND_UNUSED, K_ALIGN, 0, NO_CHECK),
  new RiscvType(44, "R_RISCV_RVC_BRANCH", ADDEND_RELA, K_RVC_BRANCH, 2, 255),
  new RiscvType(45, "R_RISCV_RVC_JUMP", ADDEND_RELA, K_RVC_JUMP, 2, 2047),
  new RiscvType(51, "R_RISCV_RELAX", ADDEND_UNUSED, K_NONE, 0, NO_CHECK),
  new RiscvType(52, "R_RISCV_SUB6", ADDEND_RELA, K_SUB6, 1, NO_CHECK),
  new RiscvType(53, "R_RISCV_SET6", ADDEND_RELA, K_SET6, 1, NO_CHECK),
  new RiscvType(54, "R_RISCV_SET8", ADDEND_RELA, K_SET, 1, NO_CHECK),
  new RiscvType(55, "R_RISCV_SET16", ADDEND_RELA, K_SET, 2, NO_CHECK),
  new RiscvType(56, "R_RISCV_SET32", ADDEND_RELA, K_SET, 4, NO_CHECK),
  new RiscvType(57, "R_RISCV_32_PCREL", ADDEND_RELA, K_PCREL32, 4, INT32_MAX),
  new RiscvType(59, "R_RISCV_PLT32", ADDEND_RELA, K_PCREL32, 4, INT32_MAX),
];

/** TABLE indexed by type number (Zephyr's types are all below 256). */
const BY_TYPE = new StaticArray<RiscvType | null>(256);
for (let i = 0; i < TABLE.length; i++) {
  const t = TABLE[i];
  if (t.type < 256 && BY_TYPE[t.type] == null) BY_TYPE[t.type] = t;
}

function findType(type: u32): RiscvType | null {
  return type < 256 ? unchecked(BY_TYPE[type]) : null;
}

/** The PCREL_HI20 pairing result, reused by every relocation (relocate() fills it first). */
const PCREL_HI = new PcrelHi();

/** psABI names of the types Zephyr has no case for (they end in "Unsupported relocation type"). */
function otherTypeName(t: u32): string {
  switch (t) {
    case 4: return "R_RISCV_COPY";
    case 6: return "R_RISCV_TLS_DTPMOD32";
    case 7: return "R_RISCV_TLS_DTPMOD64";
    case 8: return "R_RISCV_TLS_DTPREL32";
    case 9: return "R_RISCV_TLS_DTPREL64";
    case 10: return "R_RISCV_TLS_TPREL32";
    case 11: return "R_RISCV_TLS_TPREL64";
    case 12: return "R_RISCV_TLSDESC";
    case 20: return "R_RISCV_GOT_HI20";
    case 21: return "R_RISCV_TLS_GOT_HI20";
    case 22: return "R_RISCV_TLS_GD_HI20";
    case 29: return "R_RISCV_TPREL_HI20";
    case 30: return "R_RISCV_TPREL_LO12_I";
    case 31: return "R_RISCV_TPREL_LO12_S";
    case 32: return "R_RISCV_TPREL_ADD";
    case 41: return "R_RISCV_GOT32_PCREL";
    // 46..50 are reserved in the current psABI; older toolchains emitted these.
    case 46: return "R_RISCV_RVC_LUI";
    case 47: return "R_RISCV_GPREL_I";
    case 48: return "R_RISCV_GPREL_S";
    case 49: return "R_RISCV_TPREL_I";
    case 50: return "R_RISCV_TPREL_S";
    case 58: return "R_RISCV_IRELATIVE";
    case 60: return "R_RISCV_SET_ULEB128";
    case 61: return "R_RISCV_SUB_ULEB128";
    case 62: return "R_RISCV_TLSDESC_HI20";
    case 63: return "R_RISCV_TLSDESC_LOAD_LO12";
    case 64: return "R_RISCV_TLSDESC_ADD_LO12";
    case 65: return "R_RISCV_TLSDESC_CALL";
    case 191: return "R_RISCV_VENDOR";
  }
  return "";
}

/** The build setting that most likely produced a type Zephyr refuses. */
function unsupportedHint(t: u32): string {
  if (t == 43 || t == 46 || t == 60 || t == 61) return "built without -mno-relax";
  if (t == 47 || t == 48) return "-msmall-data-limit=0";
  if (t == 20 || t == 41 || t == 4 || t == 58) return "-fno-pic";
  if ((t >= 6 && t <= 12) || t == 21 || t == 22 || (t >= 29 && t <= 32) ||
      t == 49 || t == 50 || (t >= 62 && t <= 65)) return "TLS unsupported";
  return "";
}

// ---- instruction immediate fields (imm bit -> instruction bit, elf.h R_RISCV_*_IMM8_MASK) ----

function bit(v: u32, b: u32): u32 { return (v >> b) & 1; }

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
  return (bit(imm, 11) << 12) | (bit(imm, 4) << 11) | (((imm >> 8) & 3) << 9) | (bit(imm, 10) << 8) |
    (bit(imm, 6) << 7) | (bit(imm, 7) << 6) | (((imm >> 1) & 7) << 3) | (bit(imm, 5) << 2);
}
/** CB (c.beqz / c.bnez): 8->12, 4..3->11..10, 7..6->6..5, 2..1->4..3, 5->2. */
function encCB(imm: u32): u32 {
  return (bit(imm, 8) << 12) | (((imm >> 3) & 3) << 10) | (((imm >> 6) & 3) << 5) |
    (((imm >> 1) & 3) << 3) | (bit(imm, 5) << 2);
}
function setB(insn: u32, imm: u32): u32 { return (insn & ~encB(0xffffffff)) | encB(imm); }
function setJ(insn: u32, imm: u32): u32 { return (insn & ~encJ(0xffffffff)) | encJ(imm); }
function setS(insn: u32, imm: u32): u32 { return (insn & ~encS(0xffffffff)) | encS(imm); }
function setCJ(insn: u32, imm: u32): u32 { return (insn & ~encCJ(0xffffffff)) | encCJ(imm); }
function setCB(insn: u32, imm: u32): u32 { return (insn & ~encCB(0xffffffff)) | encCB(imm); }
/** U-type: upper 20 bits of `hi`. */
function setU(insn: u32, hi: u32): u32 { return (insn & 0x00000fff) | (hi & 0xfffff000); }
/** I-type: low 12 bits of `imm` into 31..20. */
function setI(insn: u32, imm: u32): u32 { return (insn & 0x000fffff) | (imm << 20); }
/** Upper part for AUIPC/LUI: bit 11 of the low part is a sign bit, so round (the `la` idiom). */
function hiPart(t: i64): u32 { const i = <u32><i32>t; return i + (i & 0x800); }

// ---- messages ----
const Q_WRITE_BEFORE_CHECK =
  "Zephyr patches the place before the range check, so the truncated value stays in memory although the relocation fails.";

function pointer(site: RelocSite, v: u64): string {
  return ptr(site.ptrSize == 4 ? v & 0xffffffff : v);
}

function signedHex(v: i64): string {
  return v < 0 ? "-0x" + hex(<u64>(-v)) : "0x" + hex(<u64>v);
}

export class RiscvRelocator extends ArchRelocator {
  id(): string { return "riscv"; }

  typeName(type: u32): string {
    const row = findType(type);
    return row != null ? row.name : otherTypeName(type);
  }

  relocate(site: RelocSite): void {
    const row = findType(site.type);

    // llext_riscv_find_sym_pcrel() runs before the switch and replaces S by T_hi for LO12.
    let symBase: u64 = site.S;
    const hi = PCREL_HI;
    hi.value = 0; hi.abiValue = 0; hi.index = -1;
    if (row != null && (row.kind == K_PCREL_LO12_I || row.kind == K_PCREL_LO12_S)) {
      const env = site.env;
      const found = env != null && env.findPcrelHi20(site.symValue, hi);
      if (!found) {
        site.width = 4;
        site.zephRet = -ENOEXEC;
        site.zephWrote = false;
        site.addLog("err:Could not find R_RISCV_PCREL_HI20 relocation for R_RISCV_PCREL_LO12 relocation!");
        site.errorLog = "Failed to resolve RISC-V PCREL relocation for symbol " + site.symName +
          " at " + pointer(site, site.P) + " with base address " + pointer(site, site.S) +
          " load address " + pointer(site, site.B) + " type " + site.type.toString();
        return;
      }
      symBase = <u64>hi.value;
    }

    if (site.logDbg) {
      site.addLog("dbg:Relocating symbol " + site.symName + " at " + pointer(site, site.P) +
        " with base address " + pointer(site, symBase) + " load address " + pointer(site, site.B) +
        " type " + site.type.toString());
    }

    if (row == null) {
      site.zephRet = -ENOEXEC;
      site.zephWrote = false;
      site.errorLog = "Unsupported relocation type: " + site.type.toString() + " for symbol: " + site.symName;
      site.hint = unsupportedHint(site.type);
      return;
    }
    site.width = row.width == XLEN ? site.ptrSize : row.width;
    this.apply(site, row, hi);
    this.explainDifference(site, row);
  }

  /** intptr_t arithmetic of the target: 32-bit wrap-around on RV32. */
  private wrap(site: RelocSite, v: u64): i64 {
    return site.ptrSize == 4 ? <i64><i32><u32>v : <i64>v;
  }

  private apply(site: RelocSite, row: RiscvType, hi: PcrelHi): void {
    const S = site.S, A = <u64>site.A, P = site.P;
    const abs = this.wrap(site, S + A);
    const rel = this.wrap(site, S + A - P);
    switch (row.kind) {
      case K_NONE: break;
      case K_ABS32: {
        site.w32(site.zeph, <u32>abs);
        this.zephFits(site, row, abs);
        // Field fit: any signed or unsigned 32-bit value (only RV64 can exceed it).
        this.abiStore32(site, abs, abs >= -0x80000000 && abs <= 0xffffffff);
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
        site.wWord(site.zeph, v); site.wWord(site.abi, v);
        site.value = v; site.abiValue = v;
        break;
      }
      case K_JUMP_SLOT: {
        site.wWord(site.zeph, S); site.wWord(site.abi, S);
        site.value = S; site.abiValue = S;
        break;
      }
      case K_BRANCH: this.insn32(site, row, rel, setB(site.r32(site.before), <u32>rel),
                                 setB(site.r32(site.abiBefore), <u32>rel), this.fitsEven(rel, 13)); break;
      case K_JAL: this.insn32(site, row, rel, setJ(site.r32(site.before), <u32>rel),
                              setJ(site.r32(site.abiBefore), <u32>rel), this.fitsEven(rel, 21)); break;
      case K_RVC_BRANCH: this.insn16(site, row, rel, setCB(site.r16(site.before), <u32>rel),
                                     setCB(site.r16(site.abiBefore), <u32>rel), this.fitsEven(rel, 9)); break;
      case K_RVC_JUMP: this.insn16(site, row, rel, setCJ(site.r16(site.before), <u32>rel),
                                   setCJ(site.r16(site.abiBefore), <u32>rel), this.fitsEven(rel, 12)); break;
      case K_PCREL_HI20:
        this.insn32(site, row, rel, setU(site.r32(site.before), hiPart(rel)),
                    setU(site.r32(site.abiBefore), hiPart(rel)), this.upperFits(site, rel)); break;
      case K_HI20:
        this.insn32(site, row, abs, setU(site.r32(site.before), hiPart(abs)),
                    setU(site.r32(site.abiBefore), hiPart(abs)), this.upperFits(site, abs)); break;
      case K_CALL: {
        // AUIPC at P gets the rounded upper part, the JALR at P+4 the low 12 bits.
        site.w32(site.zeph, setU(site.r32(site.before), hiPart(rel)));
        site.w32(site.zeph, setI(site.r32(site.before, 4), <u32>rel), 4);
        this.zephFits(site, row, rel);
        site.abiValue = <u64>rel;
        if (this.upperFits(site, rel)) {
          site.w32(site.abi, setU(site.r32(site.abiBefore), hiPart(rel)));
          site.w32(site.abi, setI(site.r32(site.abiBefore, 4), <u32>rel), 4);
        } else site.abiRet = -ERANGE;
        break;
      }
      case K_LO12_I: this.insn32(site, row, abs, setI(site.r32(site.before), <u32>abs),
                                 setI(site.r32(site.abiBefore), <u32>abs), true); break;
      case K_LO12_S: this.insn32(site, row, abs, setS(site.r32(site.before), <u32>abs),
                                 setS(site.r32(site.abiBefore), <u32>abs), true); break;
      case K_PCREL_LO12_I:
      case K_PCREL_LO12_S: this.pcrelLo12(site, row, hi); break;
      case K_ADD:
      case K_SUB: {
        const n = <i32>row.width;
        const zsum = <u64>abs; // RV32: sign-extended intptr_t, as the C promotion does
        const asum = site.ptrSize == 4 ? (S & 0xffffffff) + A : S + A;
        const zv = readN(site, site.before, n), av = readN(site, site.abiBefore, n);
        const z = row.kind == K_ADD ? zv + zsum : zv - zsum;
        const a = row.kind == K_ADD ? av + asum : av - asum;
        writeN(site, site.zeph, n, z); writeN(site, site.abi, n, a);
        site.value = zsum; site.abiValue = asum;
        break;
      }
      case K_SET: {
        const n = <i32>row.width;
        writeN(site, site.zeph, n, <u64>abs); writeN(site, site.abi, n, <u64>abs);
        site.value = <u64>abs; site.abiValue = <u64>abs;
        break;
      }
      case K_SET6: {
        // As coded: keep V & 0x1F (bits 5..7 cleared), then OR the whole byte of S+A in.
        const z = (<u32>abs & 0xff) | (<u32>site.before[0] & 0x1f);
        const a = (<u32>site.abiBefore[0] & 0xc0) | (<u32>abs & 0x3f);
        site.zeph[0] = <u8>z; site.abi[0] = <u8>a;
        site.value = <u64>abs; site.abiValue = <u64>abs;
        break;
      }
      case K_SUB6: {
        // As coded: b = V & 0x1F; result = ((b - S - A) & 0x1F) | b.
        const b = <u32>site.before[0] & 0x1f;
        const z = ((b - <u32>abs) & 0x1f) | b;
        const v = <u32>site.abiBefore[0];
        const a = (v & 0xc0) | ((v - <u32>abs) & 0x3f);
        site.zeph[0] = <u8>z; site.abi[0] = <u8>a;
        site.value = <u64>abs; site.abiValue = <u64>abs;
        break;
      }
      case K_PCREL32: {
        site.w32(site.zeph, <u32>rel);
        this.zephFits(site, row, rel);
        this.abiStore32(site, rel, rel >= -0x80000000 && rel <= 0x7fffffff);
        break;
      }
      case K_ALIGN: this.align(site); break;
    }
  }

  /** A 32-bit instruction: Zephyr stores `zInsn` then checks; the psABI stores `aInsn` only if it fits. */
  private insn32(site: RelocSite, row: RiscvType, t: i64, zInsn: u32, aInsn: u32, abiOk: bool): void {
    site.w32(site.zeph, zInsn);
    this.zephFits(site, row, t);
    site.abiValue = <u64>t;
    if (abiOk) site.w32(site.abi, aInsn); else site.abiRet = -ERANGE;
  }

  private insn16(site: RelocSite, row: RiscvType, t: i64, zInsn: u32, aInsn: u32, abiOk: bool): void {
    site.w16(site.zeph, zInsn);
    this.zephFits(site, row, t);
    site.abiValue = <u64>t;
    if (abiOk) site.w16(site.abi, aInsn); else site.abiRet = -ERANGE;
  }

  private abiStore32(site: RelocSite, t: i64, ok: bool): void {
    site.abiValue = <u64>t;
    if (ok || site.ptrSize == 4) site.w32(site.abi, <u32>t); else site.abiRet = -ERANGE;
  }

  /** riscv_relocation_fits(): accept [-(max+1), max]; the value was already written. */
  private zephFits(site: RelocSite, row: RiscvType, t: i64): void {
    site.value = <u64>t;
    if (row.zephMax == NO_CHECK) return;
    let max = row.zephMax;
    if (t < 0) max++;
    const mag = t < 0 ? -t : t; // llabs()
    if (mag > max) {
      site.zephRet = -ENOEXEC;
      site.rangeFailed = true;
      site.rangeMin = -(row.zephMax + 1);
      site.rangeMax = row.zephMax;
      site.errorLog = t.toString() + " byte relocation is not possible for type " + site.type.toString() +
        " (max " + max.toString() + ")!";
    }
  }

  /** ld's VALID_[BJ|CB|CJ]TYPE_IMM: even and within a `bits`-wide signed field. */
  private fitsEven(t: i64, bits: i32): bool {
    const lim = <i64>1 << (bits - 1);
    return (t & 1) == 0 && t >= -lim && t < lim;
  }

  /** ld's VALID_UTYPE_IMM(RISCV_CONST_HIGH_PART(t)): checked on RV64 only. */
  private upperFits(site: RelocSite, t: i64): bool {
    if (site.ptrSize == 4) return true;
    const r = t + 0x800;
    return r >= -0x80000000 && r <= 0x7fffffff;
  }

  private pcrelLo12(site: RelocSite, row: RiscvType, hi: PcrelHi): void {
    const zT = this.wrap(site, <u64>hi.value);
    const aT = this.wrap(site, <u64>hi.abiValue + <u64>site.A); // the psABI adds the LO12's own addend
    const isI = row.kind == K_PCREL_LO12_I;
    const zv = site.r32(site.before), av = site.r32(site.abiBefore);
    site.w32(site.zeph, isI ? setI(zv, <u32>zT) : setS(zv, <u32>zT));
    site.value = <u64>zT;
    site.abiValue = <u64>aT;
    // ld refuses ("%pcrel_lo overflow with an addend") when the addend changes the upper part.
    if ((hiPart(<i64>hi.abiValue) ^ hiPart(aT)) & 0xfffff000) { site.abiRet = -ERANGE; return; }
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
    while (al < site.A && steps < maxSteps) { al <<= 1; steps++; }
    if (al < site.A) {
      site.quirk = "R_RISCV_ALIGN with addend " + site.A.toString() +
        ": Zephyr's alignment loop overflows and never ends.";
      site.hint = "built without -mno-relax";
      return;
    }
    site.addLog("err:Symbol " + site.symName + " with location " + pointer(site, site.P) +
      " requires alignment to " + al.toString() + " bytes!");
    site.errorLog = "Alignment relocation is currently not supported!";
    site.hint = "built without -mno-relax";
  }

  /** Name the Zephyr behaviour when its outcome differs from the psABI's. */
  private explainDifference(site: RelocSite, row: RiscvType): void {
    // ALIGN is a missing feature, not a divergent computation: the hint covers it.
    if (row.kind == K_ALIGN) return;
    const zOk = site.zephRet == 0, aOk = site.abiRet == 0;
    // Sentences, when there are any (most relocations have none: no allocation then).
    let q = "";
    const k = row.kind;
    const t = <i64>site.value;
    if (k == K_JAL && zOk && !aOk) {
      q = sentence(q, "R_RISCV_JAL is range-checked against INT32_MAX instead of ±1 MiB: offset " + signedHex(t) +
        " was silently truncated to the 21-bit J-type field.");
    } else if ((k == K_SET6 || k == K_SUB6) && site.zeph[0] != site.abi[0]) {
      q = sentence(q, row.name + " uses a 5-bit mask (0x1F): it clears bits 5-7 of the byte and ORs the old low bits " +
        "back in instead of replacing the 6-bit field.");
    } else if ((k == K_PCREL_LO12_I || k == K_PCREL_LO12_S) && site.value != site.abiValue) {
      if (site.A != 0) q = sentence(q, row.name + " ignores its own addend (" + site.A.toString() +
        "): Zephyr uses only the paired PCREL_HI20 value.");
      else q = sentence(q, row.name + " was paired with a different PCREL_HI20 value than the psABI pairing gives.");
    } else if ((k == K_CALL || k == K_HI20 || k == K_PCREL_HI20) && zOk != aOk) {
      if (zOk) q = sentence(q, row.name + ": Zephyr checks " + signedHex(t) + " against ±2 GiB before the 0x800 " +
        "rounding of the upper part, so it accepts it with a wrapped (negative) upper immediate; GNU ld rejects it.");
      else q = sentence(q, row.name + ": " + signedHex(t) + " is reachable with the rounded upper part (psABI window " +
        "[-0x80000800, 0x7ffff7ff]) but Zephyr rejects it against ±2 GiB.");
    } else if (k == K_ABS32 && !zOk && aOk) {
      q = sentence(q, "R_RISCV_32 is range-checked as a signed value: " + signedHex(t) +
        " fits the unsigned 32-bit field but Zephyr rejects it.");
    } else if (k == K_LO12_I && !zOk && aOk) {
      q = sentence(q, "R_RISCV_LO12_I is range-checked against ±2 GiB although only the low 12 bits are used.");
    } else if ((k == K_BRANCH || k == K_RVC_BRANCH || k == K_RVC_JUMP) && zOk && !aOk) {
      q = sentence(q, row.name + ": odd offset " + signedHex(t) + " passes Zephyr's range check and loses bit 0; " +
        "the psABI rejects it.");
    } else if ((k == K_ABS64 || k == K_ADD || k == K_SUB) && !sameBytes(site)) {
      q = sentence(q, "On RV32 Zephyr computes S+A as a signed 32-bit intptr_t and sign-extends it into the " +
        "64-bit field.");
    }
    if (!zOk && site.zephWrote) q = sentence(q, Q_WRITE_BEFORE_CHECK);
    // An absolute address outside ±2 GiB needs the PC-relative code model.
    if (site.rangeFailed && (k == K_HI20 || k == K_LO12_I)) site.hint = "-mcmodel=medany";
    if (q.length == 0 && (zOk != aOk || (zOk && !sameBytes(site)))) {
      q = sentence(q, "Zephyr's result differs from the psABI.");
    }
    site.quirk = q;
  }
}

/** `text` with one more sentence (space-separated). */
function sentence(text: string, s: string): string {
  return text.length == 0 ? s : text + " " + s;
}

function sameBytes(site: RelocSite): bool {
  for (let i: u32 = 0; i < site.width && i < 8; i++) if (site.zeph[i] != site.abi[i]) return false;
  return true;
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
