// enum llext_mem (include/zephyr/llext/llext.h). Optional members shift the
// numbering, and log messages print the number, so the layout is computed per run.

export class RegionLayout {
  TEXT: i32 = 0;
  DATA: i32 = 1;
  RODATA: i32 = 2;
  BSS: i32 = 3;
  EXPORT: i32 = 4;
  SYMTAB: i32 = 5;
  STRTAB: i32 = 6;
  SHSTRTAB: i32 = 7;
  PREINIT: i32 = 8;
  INIT: i32 = 9;
  FINI: i32 = 10;
  /** -1 unless CONFIG_LLEXT_VENEERS (ARM): then 3, right after RODATA, and BSS..FINI move up by one. */
  VENEER: i32 = -1;
  /** -1 unless CONFIG_LLEXT_RODATA_NO_RELOC. */
  RODATA_NO_RELOC: i32 = -1;
  COUNT: i32 = 11;

  constructor(rodataNoReloc: bool, veneers: bool = false) {
    if (veneers) {
      this.VENEER = 3;
      this.BSS = 4;
      this.EXPORT = 5;
      this.SYMTAB = 6;
      this.STRTAB = 7;
      this.SHSTRTAB = 8;
      this.PREINIT = 9;
      this.INIT = 10;
      this.FINI = 11;
      this.COUNT = 12;
    }
    if (rodataNoReloc) {
      this.RODATA_NO_RELOC = this.COUNT;
      this.COUNT++;
    }
  }

  /** LLEXT_MEM_PARTITIONS = LLEXT_MEM_BSS + 1 (TEXT, DATA, RODATA, [VENEER], BSS). */
  get PARTITIONS(): i32 {
    return this.BSS + 1;
  }

  name(r: i32): string {
    if (r == this.TEXT) return "TEXT";
    if (r == this.DATA) return "DATA";
    if (r == this.RODATA) return "RODATA";
    if (r >= 0 && r == this.VENEER) return "VENEER";
    if (r == this.BSS) return "BSS";
    if (r == this.EXPORT) return "EXPORT";
    if (r == this.SYMTAB) return "SYMTAB";
    if (r == this.STRTAB) return "STRTAB";
    if (r == this.SHSTRTAB) return "SHSTRTAB";
    if (r == this.PREINIT) return "PREINIT";
    if (r == this.INIT) return "INIT";
    if (r == this.FINI) return "FINI";
    if (r >= 0 && r == this.RODATA_NO_RELOC) return "RODATA_NO_RELOC";
    return "COUNT";
  }
}
