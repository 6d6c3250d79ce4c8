// Read-only view of an ELF file as the loader sees it: header fields and the
// fixed-size records (section headers, symbols, relocations) it reads with
// seek/read. The record layout follows the *target's* ELF class (Zephyr uses
// elf_shdr_t etc. of its own build), not the file's EI_CLASS.
import { ByteView } from "../util/bytes";

export class ElfHeader {
  ident: StaticArray<u8> = new StaticArray<u8>(16);
  type: u32 = 0;
  machine: u32 = 0;
  shoff: u64 = 0;
  shentsize: u32 = 0;
  shnum: u32 = 0;
  shstrndx: u32 = 0;
  fileClass: u32 = 0;   // EI_CLASS of the file (1 = 32, 2 = 64): diagnostics only
  fileData: u32 = 0;    // EI_DATA (1 = little, 2 = big): diagnostics only
}

export class SectionHeader {
  name: u32 = 0;
  type: u32 = 0;
  flags: u64 = 0;
  addr: u64 = 0;
  offset: u64 = 0;
  size: u64 = 0;
  link: u32 = 0;
  info: u32 = 0;
  addralign: u64 = 0;
  entsize: u64 = 0;

  copyFrom(o: SectionHeader): void {
    this.name = o.name; this.type = o.type; this.flags = o.flags; this.addr = o.addr;
    this.offset = o.offset; this.size = o.size; this.link = o.link; this.info = o.info;
    this.addralign = o.addralign; this.entsize = o.entsize;
  }
  clear(): void { this.copyFrom(new SectionHeader()); }
}

export class Symbol {
  name: u32 = 0;
  value: u64 = 0;
  size: u64 = 0;
  info: u32 = 0;
  other: u32 = 0;
  shndx: u32 = 0;
  get type(): u32 { return this.info & 0xf; }
  get bind(): u32 { return this.info >> 4; }
}

export class Rela {
  offset: u64 = 0;
  info: u64 = 0;
  addend: i64 = 0;
}

/** ELF_R_SYM / ELF_R_TYPE of r_info for the class (ELF64: 32/32 bits, ELF32: 24/8). */
// @ts-ignore: decorator
@inline export function relSymOf(info: u64, is64: bool): u32 { return is64 ? <u32>(info >> 32) : <u32>(info >> 8); }
// @ts-ignore: decorator
@inline export function relTypeOf(info: u64, is64: bool): u32 { return is64 ? <u32>(info & 0xffffffff) : <u32>(info & 0xff); }

/** Record sizes for the target's ELF class. */
export class ElfLayout {
  is64: bool;
  constructor(public ptrSize: u32) { this.is64 = ptrSize == 8; }
  get ehdrSize(): u32 { return this.is64 ? 64 : 52; }
  get shdrSize(): u32 { return this.is64 ? 64 : 40; }
  get symSize(): u32 { return this.is64 ? 24 : 16; }
  get relSize(): u32 { return this.is64 ? 16 : 8; }
  get relaSize(): u32 { return this.is64 ? 24 : 12; }
  relSym(info: u64): u32 { return relSymOf(info, this.is64); }
  relType(info: u64): u32 { return relTypeOf(info, this.is64); }
}

export function readHeader(v: ByteView, L: ElfLayout, h: ElfHeader): void {
  for (let i = 0; i < 16; i++) h.ident[i] = <u8>v.u8(<u64>i);
  h.fileClass = <u32>h.ident[4];
  h.fileData = <u32>h.ident[5];
  h.type = v.u16(16);
  h.machine = v.u16(18);
  if (L.is64) {
    h.shoff = v.u64(40);
    h.shentsize = v.u16(58);
    h.shnum = v.u16(60);
    h.shstrndx = v.u16(62);
  } else {
    h.shoff = <u64>v.u32(32);
    h.shentsize = v.u16(46);
    h.shnum = v.u16(48);
    h.shstrndx = v.u16(50);
  }
}

/** Reads a section header at file offset `off`; out-of-file bytes read as 0 (buffer loader short read). */
export function readSectionHeader(v: ByteView, L: ElfLayout, off: u64, s: SectionHeader): void {
  if (L.is64) {
    s.name = v.u32(off); s.type = v.u32(off + 4); s.flags = v.u64(off + 8);
    s.addr = v.u64(off + 16); s.offset = v.u64(off + 24); s.size = v.u64(off + 32);
    s.link = v.u32(off + 40); s.info = v.u32(off + 44); s.addralign = v.u64(off + 48);
    s.entsize = v.u64(off + 56);
  } else {
    s.name = v.u32(off); s.type = v.u32(off + 4); s.flags = <u64>v.u32(off + 8);
    s.addr = <u64>v.u32(off + 12); s.offset = <u64>v.u32(off + 16); s.size = <u64>v.u32(off + 20);
    s.link = v.u32(off + 24); s.info = v.u32(off + 28); s.addralign = <u64>v.u32(off + 32);
    s.entsize = <u64>v.u32(off + 36);
  }
}

export function readSymbol(v: ByteView, L: ElfLayout, off: u64, s: Symbol): void {
  if (!L.is64 && !v.bigEndian && v.has(off, 16)) {
    // The common case, read straight from the buffer (every relocation reads its symbol).
    const p = v.data.dataStart + <usize>off;
    s.name = load<u32>(p); s.value = <u64>load<u32>(p, 4); s.size = <u64>load<u32>(p, 8);
    s.info = <u32>load<u8>(p, 12); s.other = <u32>load<u8>(p, 13); s.shndx = <u32>load<u16>(p, 14);
    return;
  }
  if (L.is64) {
    s.name = v.u32(off); s.info = v.u8(off + 4); s.other = v.u8(off + 5); s.shndx = v.u16(off + 6);
    s.value = v.u64(off + 8); s.size = v.u64(off + 16);
  } else {
    s.name = v.u32(off); s.value = <u64>v.u32(off + 4); s.size = <u64>v.u32(off + 8);
    s.info = v.u8(off + 12); s.other = v.u8(off + 13); s.shndx = v.u16(off + 14);
  }
}

/** Reads a REL or RELA entry; for REL the addend stays 0 (Zephyr reads into a zeroed elf_rela_t). */
export function readRela(v: ByteView, L: ElfLayout, off: u64, isRela: bool, r: Rela): void {
  if (!L.is64 && !v.bigEndian && v.has(off, isRela ? 12 : 8)) {
    const p = v.data.dataStart + <usize>off;
    r.offset = <u64>load<u32>(p); r.info = <u64>load<u32>(p, 4);
    r.addend = isRela ? <i64>load<i32>(p, 8) : 0;
    return;
  }
  if (L.is64) {
    r.offset = v.u64(off); r.info = v.u64(off + 8);
    r.addend = isRela ? <i64>v.u64(off + 16) : 0;
  } else {
    r.offset = <u64>v.u32(off); r.info = <u64>v.u32(off + 4);
    r.addend = isRela ? <i64><i32>v.u32(off + 8) : 0;
  }
}
