// An ELF image whose header fields can be read and overwritten by name: the
// file header, any section header (by index or section name) and any symbol
// (by index or symbol name). Used to corrupt crafted or compiler-built objects.
// Names are resolved once, from the file as it was parsed, so a test can break
// sh_name or the string tables and still address sections by their old names.
import {
  FieldIO,
  SHT_DYNSYM,
  SHT_SYMTAB,
  layoutOf,
  type ClassLayout,
  type HeaderField,
  type SectionField,
  type SymbolField,
} from './layout.js';

export type SectionRef = number | string;
export type SymbolRef = number | string;

function cstring(bytes: Uint8Array, start: number): string {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

export class ElfPatch {
  readonly bytes: Uint8Array;
  readonly layout: ClassLayout;
  readonly littleEndian: boolean;
  private readonly io: FieldIO;
  /** Section names in index order, as parsed. */
  readonly sectionNames: string[] = [];
  /** Symbol names in index order (of .symtab, or .dynsym for ET_DYN), as parsed. */
  readonly symbolNames: string[] = [];
  private readonly symtabIndex: number;

  /** Parses (a copy of) `bytes`; the class and byte order come from e_ident. */
  constructor(bytes: Uint8Array) {
    this.bytes = new Uint8Array(bytes);
    if (this.bytes.length < 52 || this.bytes[0] !== 0x7f || this.bytes[1] !== 0x45 || this.bytes[2] !== 0x4c || this.bytes[3] !== 0x46) {
      throw new Error('ElfPatch: not an ELF file');
    }
    this.layout = layoutOf(this.bytes[4] === 2);
    this.littleEndian = this.bytes[5] !== 2;
    this.io = new FieldIO(this.bytes, this.littleEndian);
    const shnum = this.header('e_shnum');
    const shstrndx = this.header('e_shstrndx');
    const strBase = shstrndx < shnum ? this.section(shstrndx, 'sh_offset') : -1;
    for (let i = 0; i < shnum; i++) {
      this.sectionNames.push(strBase < 0 ? '' : cstring(this.bytes, strBase + this.section(i, 'sh_name')));
    }
    const wanted = this.header('e_type') === 3 ? SHT_DYNSYM : SHT_SYMTAB;
    this.symtabIndex = -1;
    for (let i = 0; i < shnum; i++)
      if (this.section(i, 'sh_type') === wanted) {
        this.symtabIndex = i;
        break;
      }
    if (this.symtabIndex >= 0) {
      const strtab = this.section(this.symtabIndex, 'sh_link');
      const names = strtab < shnum ? this.section(strtab, 'sh_offset') : -1;
      const count = this.section(this.symtabIndex, 'sh_size') / this.layout.symSize;
      for (let i = 0; i < count; i++) {
        this.symbolNames.push(names < 0 ? '' : cstring(this.bytes, names + this.symbolRaw(i, 'st_name')));
      }
    }
  }

  // ---- file header ----
  header(field: HeaderField): number {
    const fd = this.layout.header[field];
    return Number(this.io.get(fd.offset, fd.width));
  }
  setHeader(field: HeaderField, value: number | bigint): this {
    const fd = this.layout.header[field];
    this.io.set(fd.offset, fd.width, value);
    return this;
  }

  // ---- section headers ----
  sectionIndex(ref: SectionRef): number {
    if (typeof ref === 'number') return ref;
    const i = this.sectionNames.indexOf(ref);
    if (i < 0) throw new Error(`ElfPatch: no section named ${ref}`);
    return i;
  }
  private sectionPos(ref: SectionRef, field: SectionField): { pos: number; width: 1 | 2 | 4 | 8 } {
    const fd = this.layout.section[field];
    const pos = this.header('e_shoff') + this.sectionIndex(ref) * this.layout.shdrSize + fd.offset;
    return { pos, width: fd.width };
  }
  section(ref: SectionRef, field: SectionField): number {
    const p = this.sectionPos(ref, field);
    return Number(this.io.get(p.pos, p.width));
  }
  setSection(ref: SectionRef, field: SectionField, value: number | bigint): this {
    const p = this.sectionPos(ref, field);
    this.io.set(p.pos, p.width, value);
    return this;
  }
  /** File bytes of a section (a view, so writes go into the image). */
  contents(ref: SectionRef): Uint8Array {
    const off = this.section(ref, 'sh_offset');
    return this.bytes.subarray(off, off + this.section(ref, 'sh_size'));
  }

  // ---- symbols ----
  symbolIndex(ref: SymbolRef): number {
    if (typeof ref === 'number') return ref;
    const i = this.symbolNames.indexOf(ref);
    if (i < 0) throw new Error(`ElfPatch: no symbol named ${ref}`);
    return i;
  }
  private symbolPos(index: number, field: SymbolField): { pos: number; width: 1 | 2 | 4 | 8 } {
    if (this.symtabIndex < 0) throw new Error('ElfPatch: no symbol table');
    const fd = this.layout.symbol[field];
    return { pos: this.section(this.symtabIndex, 'sh_offset') + index * this.layout.symSize + fd.offset, width: fd.width };
  }
  private symbolRaw(index: number, field: SymbolField): number {
    const p = this.symbolPos(index, field);
    return Number(this.io.get(p.pos, p.width));
  }
  symbol(ref: SymbolRef, field: SymbolField): number {
    return this.symbolRaw(this.symbolIndex(ref), field);
  }
  setSymbol(ref: SymbolRef, field: SymbolField, value: number | bigint): this {
    const p = this.symbolPos(this.symbolIndex(ref), field);
    this.io.set(p.pos, p.width, value);
    return this;
  }

  /** Overwrites one pointer-size or smaller word anywhere in the file. */
  setWord(pos: number, width: 1 | 2 | 4 | 8, value: number | bigint): this {
    this.io.set(pos, width, value);
    return this;
  }
}
