// A small, independent ELF reader for tests and the GNU ld oracle (Node only).
// It reads what the oracle needs: the header, the section headers and the
// symbol table. Malformed input throws; this is test tooling, not the engine.

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const SHF_ALLOC = 2n;
export const ET_REL = 1;
export const ET_DYN = 3;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: bigint;
  entsize: number;
}

export interface ElfSymbol {
  index: number;
  name: string;
  value: bigint;
  size: bigint;
  type: number; // STT_*
  bind: number; // STB_*
  shndx: number;
}

export interface ElfFile {
  bytes: Uint8Array;
  is64: boolean;
  littleEndian: boolean;
  type: number; // e_type
  machine: number; // e_machine
  sections: ElfSection[];
  /** Symbols of .symtab (ET_REL) or .dynsym (ET_DYN); empty when there is none. */
  symbols: ElfSymbol[];
  section(name: string): ElfSection | undefined;
  /** File bytes of a section (empty for NOBITS). */
  contents(section: ElfSection): Uint8Array;
}

function cstring(bytes: Uint8Array, start: number): string {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

export function readElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new Error('not an ELF file');
  }
  const is64 = bytes[4] === 2;
  const littleEndian = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, littleEndian);
  const u32 = (o: number) => view.getUint32(o, littleEndian);
  const u64 = (o: number) => view.getBigUint64(o, littleEndian);
  const word = (o: number) => (is64 ? u64(o) : BigInt(u32(o)));

  const type = u16(0x10);
  const machine = u16(0x12);
  const shoff = Number(word(is64 ? 0x28 : 0x20));
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);
  if (shoff + shnum * shentsize > bytes.length) throw new Error('section headers outside the file');

  const sections: ElfSection[] = [];
  const nameOffsets: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    nameOffsets.push(u32(o));
    sections.push({
      index: i,
      name: '',
      type: u32(o + 4),
      flags: word(o + 8),
      addr: word(is64 ? o + 0x10 : o + 0x0c),
      offset: Number(word(is64 ? o + 0x18 : o + 0x10)),
      size: Number(word(is64 ? o + 0x20 : o + 0x14)),
      link: u32(is64 ? o + 0x28 : o + 0x18),
      info: u32(is64 ? o + 0x2c : o + 0x1c),
      addralign: word(is64 ? o + 0x30 : o + 0x20),
      entsize: Number(word(is64 ? o + 0x38 : o + 0x24)),
    });
  }
  const shstr = sections[shstrndx];
  if (shstr) sections.forEach((s, i) => (s.name = cstring(bytes, shstr.offset + nameOffsets[i])));

  const contents = (s: ElfSection) => (s.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size));

  const wantedSymtab = type === ET_DYN ? SHT_DYNSYM : SHT_SYMTAB;
  const symtab = sections.find((s) => s.type === wantedSymtab);
  const symbols: ElfSymbol[] = [];
  if (symtab) {
    const strtab = sections[symtab.link];
    const entsize = is64 ? 24 : 16;
    for (let i = 0; (i + 1) * entsize <= symtab.size; i++) {
      const o = symtab.offset + i * entsize;
      const info = bytes[is64 ? o + 4 : o + 12];
      symbols.push({
        index: i,
        name: strtab ? cstring(bytes, strtab.offset + u32(o)) : '',
        value: is64 ? u64(o + 8) : BigInt(u32(o + 4)),
        size: is64 ? u64(o + 16) : BigInt(u32(o + 8)),
        type: info & 0xf,
        bind: info >> 4,
        shndx: u16(is64 ? o + 6 : o + 14),
      });
    }
  }

  return {
    bytes,
    is64,
    littleEndian,
    type,
    machine,
    sections,
    symbols,
    section: (name) => sections.find((s) => s.name === name),
    contents,
  };
}
