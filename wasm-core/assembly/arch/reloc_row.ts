// One row of an architecture's relocation table: a type Zephyr's arch_elf_relocate() knows,
// described the way the psABI tables are (number, name, addend source, field width, range),
// plus the range Zephyr itself checks, the known divergence from the psABI (quirk id) and
// which of the arch file's handlers applies it. Every arch/<arch>.ts table is made of these;
// an architecture that needs more encoding detail per row (ARM's addend field, AArch64's
// immediate layout) extends the class with those fields and nothing else.

/** REL: the addend is the value stored at P. */
export const ADDEND_IMPLICIT: i32 = 0;
/** RELA: the addend is r_addend (site.A). */
export const ADDEND_RELA: i32 = 1;
/** The handler uses no addend at all. */
export const ADDEND_NONE: i32 = 2;
/** RELA, but Zephyr drops r_addend where the psABI adds it (RISC-V PCREL_LO12). */
export const ADDEND_IGNORED: i32 = 3;

/** Row width meaning one target word: site.ptrSize bytes (RISC-V RELATIVE, JUMP_SLOT). */
export const WIDTH_WORD: u32 = 0xff;

/** Quirk id of a row with no known divergence; the arch files number their own from 1. */
export const QUIRK_NONE: i32 = 0;

export class RelocRow {
  constructor(
    public type: u32,
    public name: string,
    /** ADDEND_IMPLICIT, ADDEND_RELA, ADDEND_NONE or ADDEND_IGNORED, as the psABI defines it. */
    public addend: i32,
    /** Handler kind, one of the arch file's H_* constants. */
    public handler: i32,
    /** Bytes read and written at P (0: nothing; WIDTH_WORD: one target word). */
    public width: u32,
    // Defaults are literals: AssemblyScript evaluates them where the constructor is called.
    /** psABI range of the checked quantity (the row's comment says which); min > max (the
     * default 1, 0): unchecked. */
    public abiMin: i64 = 1,
    public abiMax: i64 = 0,
    /** The range Zephyr's arch_elf_relocate() accepts (inclusive); min > max: no check. */
    public zephMin: i64 = 1,
    public zephMax: i64 = 0,
    /** The row's known divergence from the psABI: one of the arch file's Q_* ids, or QUIRK_NONE (0). */
    public quirk: i32 = 0,
  ) {}

  /** The psABI (GNU ld) checks a range for this type. */
  @inline hasAbiRange(): bool {
    return this.abiMin <= this.abiMax;
  }

  /** Zephyr checks a range for this type. */
  @inline hasZephRange(): bool {
    return this.zephMin <= this.zephMax;
  }
}

/** The row for `type`, or null when Zephyr's table has no such case. */
export function findRow<T extends RelocRow>(table: StaticArray<T>, type: u32): T | null {
  for (let i = 0; i < table.length; i++) {
    if (unchecked(table[i]).type == type) return unchecked(table[i]);
  }
  return null;
}

/** A lookup array indexed by type number (for types below `size`), first row per type. */
export function indexRows<T extends RelocRow>(table: StaticArray<T>, size: i32): StaticArray<T | null> {
  const byType = new StaticArray<T | null>(size);
  for (let i = 0; i < table.length; i++) {
    const r = table[i];
    if (r.type < <u32>size && byType[r.type] == null) byType[r.type] = r;
  }
  return byType;
}
