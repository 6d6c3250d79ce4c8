// x86 relocations: Zephyr's arch/x86/core/elf.c beside the i386 and AMD64 psABIs
// (the psABI side is what GNU ld writes in a static link).
//
// Zephyr builds one of two functions from the same file (CONFIG_64BIT):
//  * ia32, REL: the addend is the 32-bit word at P, read before the symbol lookup.
//    R_386_32 writes S+A; R_386_PC32 (spelled R_286_PC32 in the source) writes S+A-P.
//  * x86-64, RELA: S' = S + r_addend. PC32 and PLT32 write u32(S'-P); 64, 32 and 32S
//    all write u32(S'), four bytes, even for R_X86_64_64.
// Every other type, NONE included, logs "unknown relocation: %u" and returns -ENOEXEC
// (the source's format ends in "\n"; errorLog leaves that newline out).
// No type is range-checked. Where GNU ld would stop with "relocation truncated to fit",
// abiRet is -ERANGE and rangeMin/rangeMax give the range of the field's value.
// Upstream: arch/x86/core/elf.c: arch_elf_relocate() (revision e0513a26).

import { EM_386, EM_X86_64 } from "../elf/constants";
import { ArchRelocator, RelocSite } from "./reloc";
import { ENOEXEC } from "../util/errno";
import { hex } from "../util/fmt";
import { signExtend } from "./fits";
import { zephyrFails, abiOutOfRange, bytesDiffer, addQuirk, sHex } from "./outcome";
import { ADDEND_IMPLICIT, ADDEND_RELA, RelocRow, findRow } from "./reloc_row";

// ---- i386 ----

const R_386_NONE: u32 = 0;

const H_ABS: i32 = 0; // S + A
const H_PCREL: i32 = 1; // S + A - P

/** Zephyr's ia32 table. A 32-bit field cannot overflow on a 32-bit target: no ranges. */
const I386_TABLE: StaticArray<RelocRow> = [
  new RelocRow(1, "R_386_32", ADDEND_IMPLICIT, H_ABS, 4),
  new RelocRow(2, "R_386_PC32", ADDEND_IMPLICIT, H_PCREL, 4),
];

/** Every type of the i386 psABI (gaps are unassigned numbers). */
const I386_NAMES: StaticArray<string> = [
  "R_386_NONE",
  "R_386_32",
  "R_386_PC32",
  "R_386_GOT32",
  "R_386_PLT32",
  "R_386_COPY",
  "R_386_GLOB_DAT",
  "R_386_JUMP_SLOT",
  "R_386_RELATIVE",
  "R_386_GOTOFF",
  "R_386_GOTPC",
  "R_386_32PLT",
  "",
  "",
  "R_386_TLS_TPOFF",
  "R_386_TLS_IE",
  "R_386_TLS_GOTIE",
  "R_386_TLS_LE",
  "R_386_TLS_GD",
  "R_386_TLS_LDM",
  "R_386_16",
  "R_386_PC16",
  "R_386_8",
  "R_386_PC8",
  "R_386_TLS_GD_32",
  "R_386_TLS_GD_PUSH",
  "R_386_TLS_GD_CALL",
  "R_386_TLS_GD_POP",
  "R_386_TLS_LDM_32",
  "R_386_TLS_LDM_PUSH",
  "R_386_TLS_LDM_CALL",
  "R_386_TLS_LDM_POP",
  "R_386_TLS_LDO_32",
  "R_386_TLS_IE_32",
  "R_386_TLS_LE_32",
  "R_386_TLS_DTPMOD32",
  "R_386_TLS_DTPOFF32",
  "R_386_TLS_TPOFF32",
  "R_386_SIZE32",
  "R_386_TLS_GOTDESC",
  "R_386_TLS_DESC_CALL",
  "R_386_TLS_DESC",
  "R_386_IRELATIVE",
  "R_386_GOT32X",
];

function nameIn(table: StaticArray<string>, type: u32): string {
  return type < <u32>table.length ? table[<i32>type] : "";
}

/** Likely origin of an i386 type Zephyr does not handle. */
function hint386(t: u32): string {
  if (t == R_386_NONE) {
    return "R_386_NONE is a placeholder, usually left by a partial link (ld -r) for a dropped reference; Zephyr's x86 table has no case for it";
  }
  if (t == 3 || t == 4 || t == 9 || t == 10 || t == 11 || t == 43) {
    return "PLT/GOT relocation from position-independent code (-fPIC/-fPIE: calls through the PLT, data through the GOT): compile the extension with -fno-pic -fno-pie";
  }
  if ((t >= 14 && t <= 19) || (t >= 24 && t <= 37) || (t >= 39 && t <= 41)) {
    return "thread-local storage (__thread/_Thread_local): LLEXT extensions cannot use TLS";
  }
  if ((t >= 5 && t <= 8) || t == 42) {
    return "dynamic relocation of a shared object: x86 extensions are loaded as ELF objects (LLEXT_TYPE_ELF_OBJECT), not built with -shared";
  }
  if ((t >= 20 && t <= 23) || t == 38) {
    return "16-/8-bit or symbol-size reference: Zephyr's x86 table only has R_386_32 and R_386_PC32";
  }
  return "";
}

/** ia32 (CONFIG_64BIT off): REL sections, implicit addends. */
export class X86Relocator extends ArchRelocator {
  id(): string {
    return "x86";
  }

  elfMachine(): u32 {
    return EM_386;
  }

  typeName(type: u32): string {
    return nameIn(I386_NAMES, type);
  }

  relocate(site: RelocSite): void {
    const t = site.type;
    const row = findRow(I386_TABLE, t);
    if (row === null) {
      zephyrFails(site, -ENOEXEC, "unknown relocation: " + t.toString());
      site.hint = hint386(t);
      if (t == R_386_NONE) {
        addQuirk(site, 'No R_386_NONE case: Zephyr fails with "unknown relocation: 0" where the psABI defines a no-op.');
      }
      return;
    }
    site.width = row.width;
    const S = <u32>site.S;
    const P = <u32>site.P;
    const pcrel = row.handler == H_PCREL;
    // Zephyr reads `*(uintptr_t *)loc` as the addend, whatever the section type.
    const zA = site.r32(site.before);
    const zv: u32 = S + zA - (pcrel ? P : 0);
    site.w32(site.zeph, zv);
    site.value = <u64>zv;
    // psABI: REL takes the in-place addend; a RELA section (not produced by i386 tools) would carry r_addend.
    const abiA: u32 = site.isRela ? <u32>site.A : site.r32(site.abiBefore);
    const av: u32 = S + abiA - (pcrel ? P : 0);
    site.w32(site.abi, av);
    site.abiValue = <u64>av;
    // 32-bit fields of a 32-bit address space cannot overflow (bitfield/signed checks on 32 bits).
    if (site.isRela && bytesDiffer(site)) {
      addQuirk(
        site,
        "RELA section on ia32: Zephyr takes the addend from the word at P (0x" +
          hex(<u64>zA) +
          ") and ignores r_addend (" +
          sHex(site.A) +
          ").",
      );
    }
  }
}

// ---- x86-64 ----

const R_X86_64_NONE: u32 = 0;

const H64_PCREL32: i32 = 0; // u32(S + A - P)
const H64_ABS64: i32 = 1; // Zephyr: u32(S + A); psABI: u64(S + A)
const H64_ABS32: i32 = 2; // u32(S + A)

const I32_MIN: i64 = -2147483648;
const I32_MAX: i64 = 2147483647;

/**
 * Zephyr's x86-64 table. Range: the value the psABI lets the field hold (S+A-P for PC32/PLT32,
 * S+A zero-extended for 32, sign-extended for 32S). A PLT32 to a symbol that needs no PLT entry
 * resolves to S, as in a static link.
 */
const X86_64_TABLE: StaticArray<RelocRow> = [
  new RelocRow(1, "R_X86_64_64", ADDEND_RELA, H64_ABS64, 8),
  new RelocRow(2, "R_X86_64_PC32", ADDEND_RELA, H64_PCREL32, 4, I32_MIN, I32_MAX),
  new RelocRow(4, "R_X86_64_PLT32", ADDEND_RELA, H64_PCREL32, 4, I32_MIN, I32_MAX),
  new RelocRow(10, "R_X86_64_32", ADDEND_RELA, H64_ABS32, 4, 0, 0xffffffff),
  new RelocRow(11, "R_X86_64_32S", ADDEND_RELA, H64_ABS32, 4, I32_MIN, I32_MAX),
];

/** Every type of the AMD64 psABI up to the APX additions (39 and 40 are the retired BND types). */
const X86_64_NAMES: StaticArray<string> = [
  "R_X86_64_NONE",
  "R_X86_64_64",
  "R_X86_64_PC32",
  "R_X86_64_GOT32",
  "R_X86_64_PLT32",
  "R_X86_64_COPY",
  "R_X86_64_GLOB_DAT",
  "R_X86_64_JUMP_SLOT",
  "R_X86_64_RELATIVE",
  "R_X86_64_GOTPCREL",
  "R_X86_64_32",
  "R_X86_64_32S",
  "R_X86_64_16",
  "R_X86_64_PC16",
  "R_X86_64_8",
  "R_X86_64_PC8",
  "R_X86_64_DTPMOD64",
  "R_X86_64_DTPOFF64",
  "R_X86_64_TPOFF64",
  "R_X86_64_TLSGD",
  "R_X86_64_TLSLD",
  "R_X86_64_DTPOFF32",
  "R_X86_64_GOTTPOFF",
  "R_X86_64_TPOFF32",
  "R_X86_64_PC64",
  "R_X86_64_GOTOFF64",
  "R_X86_64_GOTPC32",
  "R_X86_64_GOT64",
  "R_X86_64_GOTPCREL64",
  "R_X86_64_GOTPC64",
  "R_X86_64_GOTPLT64",
  "R_X86_64_PLTOFF64",
  "R_X86_64_SIZE32",
  "R_X86_64_SIZE64",
  "R_X86_64_GOTPC32_TLSDESC",
  "R_X86_64_TLSDESC_CALL",
  "R_X86_64_TLSDESC",
  "R_X86_64_IRELATIVE",
  "R_X86_64_RELATIVE64",
  "R_X86_64_PC32_BND",
  "R_X86_64_PLT32_BND",
  "R_X86_64_GOTPCRELX",
  "R_X86_64_REX_GOTPCRELX",
  "R_X86_64_CODE_4_GOTPCRELX",
  "R_X86_64_CODE_4_GOTTPOFF",
  "R_X86_64_CODE_4_GOTPC32_TLSDESC",
  "R_X86_64_CODE_5_GOTPCRELX",
  "R_X86_64_CODE_5_GOTTPOFF",
  "R_X86_64_CODE_5_GOTPC32_TLSDESC",
  "R_X86_64_CODE_6_GOTPCRELX",
  "R_X86_64_CODE_6_GOTTPOFF",
  "R_X86_64_CODE_6_GOTPC32_TLSDESC",
];

/** Likely origin of an x86-64 type Zephyr does not handle. */
function hintX86_64(t: u32): string {
  if (t == R_X86_64_NONE) {
    return "R_X86_64_NONE is a placeholder, usually left by a partial link (ld -r) for a dropped reference; Zephyr's x86-64 table has no case for it";
  }
  if (t == 3 || t == 9 || (t >= 25 && t <= 31) || t == 41 || t == 42 || t == 43 || t == 46 || t == 49) {
    return "GOT access from position-independent code (R_X86_64_GOTPCREL/GOTPCRELX come from -fPIC/-fPIE): compile the extension with -fno-pic -fno-pie";
  }
  if ((t >= 16 && t <= 23) || (t >= 34 && t <= 36) || t == 44 || t == 45 || t == 47 || t == 48 || t == 50 || t == 51) {
    return "thread-local storage (__thread/_Thread_local): LLEXT extensions cannot use TLS";
  }
  if ((t >= 5 && t <= 8) || t == 37 || t == 38) {
    return "dynamic relocation of a shared object: x86 extensions are loaded as ELF objects (LLEXT_TYPE_ELF_OBJECT), not built with -shared";
  }
  if ((t >= 12 && t <= 15) || t == 24 || t == 32 || t == 33) {
    return "16-/8-bit, PC64 or symbol-size reference: Zephyr's x86-64 table only has 64, PC32, PLT32, 32 and 32S";
  }
  if (t == 39 || t == 40) {
    return "MPX (BND) relocation from an old toolchain: rebuild without -mmpx";
  }
  return "";
}

/** x86-64 (CONFIG_64BIT): RELA sections. */
export class X86_64Relocator extends ArchRelocator {
  id(): string {
    return "x86_64";
  }

  elfMachine(): u32 {
    return EM_X86_64;
  }

  typeName(type: u32): string {
    return nameIn(X86_64_NAMES, type);
  }

  relocate(site: RelocSite): void {
    const t = site.type;
    const row = findRow(X86_64_TABLE, t);
    if (row === null) {
      zephyrFails(site, -ENOEXEC, "unknown relocation: " + t.toString());
      site.hint = hintX86_64(t);
      if (t == R_X86_64_NONE) {
        addQuirk(site, 'No R_X86_64_NONE case: Zephyr fails with "unknown relocation: 0" where the psABI defines a no-op.');
      }
      return;
    }
    site.width = row.width;
    if (row.handler == H64_PCREL32) this.pcrel32(site, row);
    else if (row.handler == H64_ABS64) this.abs64(site);
    else this.abs32(site, row);
  }

  /** psABI addend: r_addend, or for a (non-standard) REL section the value stored in the field. */
  private abiAddend(site: RelocSite, width: u32): i64 {
    if (site.isRela) return site.A;
    return width == 8 ? <i64>site.r64(site.abiBefore) : signExtend(<u64>site.r32(site.abiBefore), 32);
  }

  private noteRelAddend(site: RelocSite, abiA: i64): void {
    if (!site.isRela && abiA != 0) {
      addQuirk(site, "REL section on x86-64: Zephyr uses r_addend (0) and ignores the addend stored at P (" + sHex(abiA) + ").");
    }
  }

  /** PC32, PLT32: u32(S + A - P). A PLT32 to a symbol needing no PLT entry resolves to S, as here. */
  private pcrel32(site: RelocSite, row: RelocRow): void {
    const zv: u64 = site.S + <u64>site.A - site.P;
    site.w32(site.zeph, <u32>zv);
    site.value = zv;
    const abiA = this.abiAddend(site, 4);
    const d: i64 = <i64>site.S + abiA - <i64>site.P;
    site.w32(site.abi, <u32>d);
    site.abiValue = <u64>d;
    if (d < row.abiMin || d > row.abiMax) {
      abiOutOfRange(site, row.abiMin, row.abiMax);
      addQuirk(
        site,
        "No overflow check: S+A-P = " +
          sHex(d) +
          ' does not fit the signed 32-bit field; Zephyr writes the low 32 bits where GNU ld stops with "relocation truncated to fit: ' +
          row.name +
          '".',
      );
    }
    this.noteRelAddend(site, abiA);
  }

  /** R_X86_64_64: Zephyr stores only u32(S + A) and leaves the upper four bytes as they were. */
  private abs64(site: RelocSite): void {
    const zv: u64 = site.S + <u64>site.A;
    site.w32(site.zeph, <u32>zv);
    site.value = zv;
    const abiA = this.abiAddend(site, 8);
    const av: u64 = site.S + <u64>abiA;
    site.w64(site.abi, av);
    site.abiValue = av;
    if (bytesDiffer(site) && <u32>(av >> 32) != site.r32(site.before, 4)) {
      addQuirk(
        site,
        "R_X86_64_64 writes only the low 32 bits of S+A = 0x" +
          hex(zv) +
          ": the upper word keeps 0x" +
          hex(<u64>site.r32(site.before, 4)) +
          " where the psABI stores 0x" +
          hex(av >> 32) +
          ".",
      );
    }
    this.noteRelAddend(site, abiA);
  }

  /** R_X86_64_32 (zero-extended) and 32S (sign-extended): u32(S + A). */
  private abs32(site: RelocSite, row: RelocRow): void {
    const zv: u64 = site.S + <u64>site.A;
    site.w32(site.zeph, <u32>zv);
    site.value = zv;
    const abiA = this.abiAddend(site, 4);
    const v: i64 = <i64>site.S + abiA;
    site.w32(site.abi, <u32>v);
    site.abiValue = <u64>v;
    if (v < row.abiMin || v > row.abiMax) {
      abiOutOfRange(site, row.abiMin, row.abiMax);
      addQuirk(
        site,
        "No overflow check: S+A = " +
          sHex(v) +
          " does not fit " +
          row.name +
          (row.abiMin < 0 ? " (sign-extended 32-bit)" : " (zero-extended 32-bit)") +
          '; Zephyr writes the low 32 bits where GNU ld stops with "relocation truncated to fit: ' +
          row.name +
          '".',
      );
    }
    this.noteRelAddend(site, abiA);
  }
}
