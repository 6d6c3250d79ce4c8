// One row of an architecture's relocation table: a type Zephyr's arch_elf_relocate knows,
// described the way the psABI tables are (number, name, addend source, field width, range),
// plus which of the arch file's handlers applies it.

/** REL: the addend is the value stored at P. */
export const ADDEND_IMPLICIT: i32 = 0;
/** RELA: the addend is r_addend (site.A). */
export const ADDEND_RELA: i32 = 1;
/** The handler uses no addend at all. */
export const ADDEND_NONE: i32 = 2;

export class RelocRow {
  constructor(
    public type: u32,
    public name: string,
    /** ADDEND_IMPLICIT, ADDEND_RELA or ADDEND_NONE, as the psABI defines it. */
    public addend: i32,
    /** Handler kind, one of the arch file's H_* constants. */
    public handler: i32,
    /** Bytes read and written at P (0: nothing). */
    public width: u32,
    /** psABI range of the checked quantity (the row's comment says which); min > max: unchecked. */
    public rangeMin: i64 = 1,
    public rangeMax: i64 = 0,
  ) {}

  hasRange(): bool {
    return this.rangeMin <= this.rangeMax;
  }
}

/** The row for `type`, or null when Zephyr's table has no such case. */
export function findRow(table: StaticArray<RelocRow>, type: u32): RelocRow | null {
  for (let i = 0; i < table.length; i++) {
    if (table[i].type == type) return table[i];
  }
  return null;
}
