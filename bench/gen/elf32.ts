// A bulk ELF32 relocatable-object writer for generated benchmark extensions.
// Unlike the test writer (wasm-core/test/elf/builder.ts), which favours
// flexibility, this one is built for size: section contents and relocation
// tables arrive as typed arrays, so an object with a million relocations is
// written in a few tens of milliseconds.
//
// File layout: ELF header, each section's data in index order (aligned), then
// .symtab, .strtab and .shstrtab (appended by build()), then the section header table.

export const ET_REL = 1;
export const EM_ARM = 40;
export const EM_RISCV = 243;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_INFO_LINK = 0x40;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;

const EHDR_SIZE = 52;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;

export interface SectionSpec {
  name: string;
  type: number;
  flags: number;
  align: number;
  /** Contents; for SHT_NOBITS only `size` counts. */
  data?: Uint8Array;
  size?: number;
  entsize?: number;
  /** sh_info (the target section index of a relocation section). */
  info?: number;
  /** A relocation section: sh_link is set to the symbol table. */
  relocates?: boolean;
}

interface SymbolRecord {
  name: string;
  value: number;
  size: number;
  info: number;
  shndx: number;
}

/** Growable string table with deduplication, as ld and gas write them. */
class StringTable {
  private chunks: Uint8Array[] = [new Uint8Array(1)];
  private length = 1;
  private readonly offsets = new Map<string, number>();
  private readonly utf8 = new TextEncoder();

  add(s: string): number {
    if (s === '') return 0;
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const bytes = this.utf8.encode(s + '\0');
    const at = this.length;
    this.chunks.push(bytes);
    this.length += bytes.length;
    this.offsets.set(s, at);
    return at;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

const alignUp = (v: number, a: number): number => (a > 1 ? Math.ceil(v / a) * a : v);

export class Elf32Writer {
  private readonly sections: SectionSpec[] = [];
  private readonly locals: SymbolRecord[] = [{ name: '', value: 0, size: 0, info: 0, shndx: 0 }];
  private readonly globals: SymbolRecord[] = [];

  constructor(
    private readonly machine: number,
    private readonly eflags: number,
  ) {}

  /** Adds a section; returns its index in the file (the null section is 0). */
  section(spec: SectionSpec): number {
    this.sections.push(spec);
    return this.sections.length;
  }

  /** Replaces the contents of a section added earlier (relocation tables are filled last). */
  setData(index: number, data: Uint8Array): void {
    this.sections[index - 1]!.data = data;
  }

  /** Index the symbol table will have: right after the caller's sections. */
  get symtabIndex(): number {
    return this.sections.length + 1;
  }

  /** Adds a local symbol (locals precede globals in the table, as the gABI requires). */
  local(name: string, value: number, size: number, type: number, shndx: number): void {
    if (this.globals.length > 0) throw new Error('Elf32Writer: add every local symbol before the first global');
    this.locals.push({ name, value, size, info: (STB_LOCAL << 4) | type, shndx });
  }

  /** Adds a global symbol; returns its index in the symbol table. */
  global(name: string, value: number, size: number, type: number, shndx: number): number {
    this.globals.push({ name, value, size, info: (STB_GLOBAL << 4) | type, shndx });
    return this.locals.length + this.globals.length - 1;
  }

  /** Index the next local symbol will get. */
  get nextLocalIndex(): number {
    return this.locals.length;
  }

  build(): Uint8Array {
    const strtab = new StringTable();
    const symbols = [...this.locals, ...this.globals];
    const symData = new Uint8Array(symbols.length * SYM_SIZE);
    const sv = new DataView(symData.buffer);
    symbols.forEach((s, i) => {
      const o = i * SYM_SIZE;
      sv.setUint32(o, strtab.add(s.name), true);
      sv.setUint32(o + 4, s.value >>> 0, true);
      sv.setUint32(o + 8, s.size >>> 0, true);
      sv.setUint8(o + 12, s.info);
      sv.setUint8(o + 13, 0);
      sv.setUint16(o + 14, s.shndx, true);
    });
    const symtab = this.symtabIndex;
    const all: SectionSpec[] = [
      ...this.sections,
      { name: '.symtab', type: SHT_SYMTAB, flags: 0, align: 4, data: symData, entsize: SYM_SIZE, info: this.locals.length },
      { name: '.strtab', type: SHT_STRTAB, flags: 0, align: 1, data: strtab.bytes() },
    ];
    const shstrtab = new StringTable();
    const nameOffsets = all.map((s) => shstrtab.add(s.name));
    const shstrName = shstrtab.add('.shstrtab');
    all.push({ name: '.shstrtab', type: SHT_STRTAB, flags: 0, align: 1, data: shstrtab.bytes() });
    nameOffsets.push(shstrName);

    const offsets: number[] = [];
    let pos = EHDR_SIZE;
    for (const s of all) {
      pos = alignUp(pos, s.align);
      offsets.push(pos);
      if (s.type !== SHT_NOBITS) pos += s.data?.length ?? 0;
    }
    const shoff = alignUp(pos, 4);
    const out = new Uint8Array(shoff + (all.length + 1) * SHDR_SIZE);
    const v = new DataView(out.buffer);
    out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
    v.setUint16(16, ET_REL, true);
    v.setUint16(18, this.machine, true);
    v.setUint32(20, 1, true);
    v.setUint32(32, shoff, true);
    v.setUint32(36, this.eflags, true);
    v.setUint16(40, EHDR_SIZE, true);
    v.setUint16(46, SHDR_SIZE, true);
    v.setUint16(48, all.length + 1, true);
    v.setUint16(50, all.length, true);
    all.forEach((s, i) => {
      if (s.type !== SHT_NOBITS && s.data) out.set(s.data, offsets[i]!);
      const h = shoff + (i + 1) * SHDR_SIZE;
      const size = s.type === SHT_NOBITS ? (s.size ?? 0) : (s.data?.length ?? 0);
      const link = s.relocates ? symtab : s.type === SHT_SYMTAB ? symtab + 1 : 0;
      v.setUint32(h, nameOffsets[i]!, true);
      v.setUint32(h + 4, s.type, true);
      v.setUint32(h + 8, s.flags, true);
      v.setUint32(h + 16, offsets[i]!, true);
      v.setUint32(h + 20, size, true);
      v.setUint32(h + 24, link, true);
      v.setUint32(h + 28, s.info ?? 0, true);
      v.setUint32(h + 32, s.align, true);
      v.setUint32(h + 36, s.entsize ?? 0, true);
    });
    return out;
  }
}

/** Fills a REL (8-byte) or RELA (12-byte) table entry by entry. */
export class RelocTable {
  readonly data: Uint8Array;
  private readonly view: DataView;
  private n = 0;
  constructor(
    capacity: number,
    readonly rela: boolean,
  ) {
    this.data = new Uint8Array(capacity * (rela ? 12 : 8));
    this.view = new DataView(this.data.buffer);
  }
  add(offset: number, sym: number, type: number, addend = 0): void {
    const o = this.n * (this.rela ? 12 : 8);
    this.view.setUint32(o, offset, true);
    this.view.setUint32(o + 4, ((sym << 8) | type) >>> 0, true);
    if (this.rela) this.view.setInt32(o + 8, addend, true);
    this.n++;
  }
  get count(): number {
    return this.n;
  }
  /** The filled part of the table. */
  bytes(): Uint8Array {
    return this.data.subarray(0, this.n * (this.rela ? 12 : 8));
  }
}
