// ELF constants used by the loader (System V gABI).
export const ET_NONE: u32 = 0;
export const ET_REL: u32 = 1;
export const ET_EXEC: u32 = 2;
export const ET_DYN: u32 = 3;

export const SHT_NULL: u32 = 0;
export const SHT_PROGBITS: u32 = 1;
export const SHT_SYMTAB: u32 = 2;
export const SHT_STRTAB: u32 = 3;
export const SHT_RELA: u32 = 4;
export const SHT_NOBITS: u32 = 8;
export const SHT_REL: u32 = 9;
export const SHT_DYNSYM: u32 = 11;
export const SHT_INIT_ARRAY: u32 = 14;
export const SHT_FINI_ARRAY: u32 = 15;
export const SHT_PREINIT_ARRAY: u32 = 16;

export const SHF_WRITE: u64 = 0x1;
export const SHF_ALLOC: u64 = 0x2;
export const SHF_EXECINSTR: u64 = 0x4;
export const SHF_TLS: u64 = 0x400;
/** Zephyr's SHF_BASIC_TYPE_MASK: the bits compared when merging sections into a region. */
export const SHF_BASIC_TYPE_MASK: u64 = SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR;
/** Zephyr's private flag on a region descriptor: some relocation section targets it. */
export const SHF_LLEXT_HAS_RELOCS: u64 = 0x00010000;

export const SHN_UNDEF: u32 = 0;
export const SHN_LORESERVE: u32 = 0xff00;
export const SHN_ABS: u32 = 0xfff1;
export const SHN_COMMON: u32 = 0xfff2;
export const SHN_HIRESERVE: u32 = 0xffff;

export const STB_LOCAL: u32 = 0;
export const STB_GLOBAL: u32 = 1;
export const STB_WEAK: u32 = 2;

export const STT_NOTYPE: u32 = 0;
export const STT_OBJECT: u32 = 1;
export const STT_FUNC: u32 = 2;
export const STT_SECTION: u32 = 3;
export const STT_FILE: u32 = 4;

export function sectionTypeName(t: u32): string {
  if (t == SHT_NULL) return "NULL";
  if (t == SHT_PROGBITS) return "PROGBITS";
  if (t == SHT_SYMTAB) return "SYMTAB";
  if (t == SHT_STRTAB) return "STRTAB";
  if (t == SHT_RELA) return "RELA";
  if (t == 5) return "HASH";
  if (t == 6) return "DYNAMIC";
  if (t == 7) return "NOTE";
  if (t == SHT_NOBITS) return "NOBITS";
  if (t == SHT_REL) return "REL";
  if (t == SHT_DYNSYM) return "DYNSYM";
  if (t == SHT_INIT_ARRAY) return "INIT_ARRAY";
  if (t == SHT_FINI_ARRAY) return "FINI_ARRAY";
  if (t == SHT_PREINIT_ARRAY) return "PREINIT_ARRAY";
  if (t == 0x70000001) return "ARM_EXIDX/X86_64_UNWIND";
  if (t == 0x70000003) return "ARM_ATTRIBUTES/RISCV_ATTRIBUTES";
  return "0x" + t.toString(16);
}

// e_machine values of the architectures Zephyr's LLEXT supports (each arch/<arch>.ts names its own).
export const EM_386: u32 = 3;
export const EM_X86_64: u32 = 62;
export const EM_ARM: u32 = 40;
export const EM_OPENRISC: u32 = 92;
export const EM_ARC_COMPACT: u32 = 93;
export const EM_XTENSA: u32 = 94;
export const EM_AARCH64: u32 = 183;
export const EM_ARC_COMPACT2: u32 = 195;
export const EM_RISCV: u32 = 243;
