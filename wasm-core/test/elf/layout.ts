// ELF record layouts (System V gABI) for the test ELF writer and patcher:
// byte offset and width of every field of the file header, section header,
// symbol and relocation entry, for ELF32 and ELF64.

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_ARM = 40;
export const EM_RISCV = 243;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_ARM_EXIDX = 0x70000001;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_LINK_ORDER = 0x80;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

export const R_ARM_ABS32 = 2;

/** Where a field lives inside its record. */
export interface Field {
  offset: number;
  width: 1 | 2 | 4 | 8;
}

export type HeaderField =
  | 'e_type'
  | 'e_machine'
  | 'e_version'
  | 'e_entry'
  | 'e_phoff'
  | 'e_shoff'
  | 'e_flags'
  | 'e_ehsize'
  | 'e_phentsize'
  | 'e_phnum'
  | 'e_shentsize'
  | 'e_shnum'
  | 'e_shstrndx';
export type SectionField =
  'sh_name' | 'sh_type' | 'sh_flags' | 'sh_addr' | 'sh_offset' | 'sh_size' | 'sh_link' | 'sh_info' | 'sh_addralign' | 'sh_entsize';
export type SymbolField = 'st_name' | 'st_value' | 'st_size' | 'st_info' | 'st_other' | 'st_shndx';

/** Record sizes and field positions of one ELF class. */
export interface ClassLayout {
  is64: boolean;
  ehdrSize: number;
  shdrSize: number;
  symSize: number;
  relSize: number;
  relaSize: number;
  header: Record<HeaderField, Field>;
  section: Record<SectionField, Field>;
  symbol: Record<SymbolField, Field>;
  /** r_info from a symbol index and a relocation type. */
  relInfo(sym: number, type: number): bigint;
}

const f = (offset: number, width: 1 | 2 | 4 | 8): Field => ({ offset, width });

export const ELF32: ClassLayout = {
  is64: false,
  ehdrSize: 52,
  shdrSize: 40,
  symSize: 16,
  relSize: 8,
  relaSize: 12,
  header: {
    e_type: f(16, 2),
    e_machine: f(18, 2),
    e_version: f(20, 4),
    e_entry: f(24, 4),
    e_phoff: f(28, 4),
    e_shoff: f(32, 4),
    e_flags: f(36, 4),
    e_ehsize: f(40, 2),
    e_phentsize: f(42, 2),
    e_phnum: f(44, 2),
    e_shentsize: f(46, 2),
    e_shnum: f(48, 2),
    e_shstrndx: f(50, 2),
  },
  section: {
    sh_name: f(0, 4),
    sh_type: f(4, 4),
    sh_flags: f(8, 4),
    sh_addr: f(12, 4),
    sh_offset: f(16, 4),
    sh_size: f(20, 4),
    sh_link: f(24, 4),
    sh_info: f(28, 4),
    sh_addralign: f(32, 4),
    sh_entsize: f(36, 4),
  },
  symbol: { st_name: f(0, 4), st_value: f(4, 4), st_size: f(8, 4), st_info: f(12, 1), st_other: f(13, 1), st_shndx: f(14, 2) },
  relInfo: (sym, type) => (BigInt(sym) << 8n) | BigInt(type & 0xff),
};

export const ELF64: ClassLayout = {
  is64: true,
  ehdrSize: 64,
  shdrSize: 64,
  symSize: 24,
  relSize: 16,
  relaSize: 24,
  header: {
    e_type: f(16, 2),
    e_machine: f(18, 2),
    e_version: f(20, 4),
    e_entry: f(24, 8),
    e_phoff: f(32, 8),
    e_shoff: f(40, 8),
    e_flags: f(48, 4),
    e_ehsize: f(52, 2),
    e_phentsize: f(54, 2),
    e_phnum: f(56, 2),
    e_shentsize: f(58, 2),
    e_shnum: f(60, 2),
    e_shstrndx: f(62, 2),
  },
  section: {
    sh_name: f(0, 4),
    sh_type: f(4, 4),
    sh_flags: f(8, 8),
    sh_addr: f(16, 8),
    sh_offset: f(24, 8),
    sh_size: f(32, 8),
    sh_link: f(40, 4),
    sh_info: f(44, 4),
    sh_addralign: f(48, 8),
    sh_entsize: f(56, 8),
  },
  symbol: { st_name: f(0, 4), st_info: f(4, 1), st_other: f(5, 1), st_shndx: f(6, 2), st_value: f(8, 8), st_size: f(16, 8) },
  relInfo: (sym, type) => (BigInt(sym) << 32n) | BigInt(type >>> 0),
};

export function layoutOf(is64: boolean): ClassLayout {
  return is64 ? ELF64 : ELF32;
}

/** Reads or writes one unsigned field of `width` bytes at `pos`. */
export class FieldIO {
  private readonly view: DataView;
  constructor(
    public readonly bytes: Uint8Array,
    public readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get(pos: number, width: Field['width']): bigint {
    const v = this.view,
      le = this.littleEndian;
    switch (width) {
      case 1:
        return BigInt(v.getUint8(pos));
      case 2:
        return BigInt(v.getUint16(pos, le));
      case 4:
        return BigInt(v.getUint32(pos, le));
      default:
        return v.getBigUint64(pos, le);
    }
  }

  /** Stores the low `width` bytes of `value` (so -1 writes all ones). */
  set(pos: number, width: Field['width'], value: number | bigint): void {
    const bits = BigInt(width * 8);
    const x = BigInt.asUintN(Number(bits), BigInt(value));
    const v = this.view,
      le = this.littleEndian;
    switch (width) {
      case 1:
        v.setUint8(pos, Number(x));
        break;
      case 2:
        v.setUint16(pos, Number(x), le);
        break;
      case 4:
        v.setUint32(pos, Number(x), le);
        break;
      default:
        v.setBigUint64(pos, x, le);
        break;
    }
  }
}
