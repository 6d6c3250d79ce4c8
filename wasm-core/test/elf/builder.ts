// A small ELF writer for tests: ELF32 or ELF64, either byte order, relocatable
// (ET_REL, .symtab/.strtab) or shared (ET_DYN, .dynsym/.dynstr). It lays out
// the file header, the sections' data in index order (each at its alignment),
// the symbol and string tables it builds itself, then the section header
// table. build() returns an ElfPatch so that any field can be corrupted after.
import {
  EM_ARM,
  ET_DYN,
  ET_REL,
  SHF_ALLOC,
  SHF_INFO_LINK,
  SHN_UNDEF,
  SHT_DYNSYM,
  SHT_NOBITS,
  SHT_REL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_LOCAL,
  STT_NOTYPE,
  FieldIO,
  layoutOf,
  type ClassLayout,
} from './layout.js';
import { ElfPatch } from './patch.js';

export interface ElfOptions {
  /** ELF class (default 32). */
  bits?: 32 | 64;
  /** Byte order (default little). */
  endian?: 'little' | 'big';
  /** e_type (default ET_REL, or ET_DYN when `dynamic`). */
  type?: number;
  /** e_machine (default EM_ARM). */
  machine?: number;
  /** Use .dynsym/.dynstr (SHT_DYNSYM) for the symbol table, as a shared library does. */
  dynamic?: boolean;
}

export interface SectionSpec {
  name: string;
  type: number;
  flags?: number;
  addr?: number | bigint;
  align?: number;
  entsize?: number;
  /** Section index or name. */
  link?: number | string;
  /** Section index or name. */
  info?: number | string;
  /** File contents (ignored for SHT_NOBITS). */
  data?: Uint8Array | number[];
  /** sh_size: required for SHT_NOBITS; for other types it overrides data.length. */
  size?: number;
}

export interface SymbolSpec {
  name: string;
  value?: number | bigint;
  size?: number;
  type?: number;
  bind?: number;
  other?: number;
  /** Defining section (name or index); default SHN_UNDEF. */
  section?: number | string;
}

export interface RelocSpec {
  offset: number | bigint;
  /** Symbol name or index (0 = no symbol). */
  sym: number | string;
  type: number;
  /** RELA only. */
  addend?: number | bigint;
}

export interface RelocOptions {
  rela?: boolean;
  /** Default ".rel<target>" / ".rela<target>". */
  name?: string;
  /** Default sizeof(Elf_Rel) / sizeof(Elf_Rela) of the class. */
  entsize?: number;
}

interface PendingReloc {
  section: SectionSpec;
  target: string;
  entries: RelocSpec[];
  rela: boolean;
}

const align = (v: number, a: number) => (a > 1 ? Math.ceil(v / a) * a : v);

class StringTable {
  private bytes: number[] = [0];
  private readonly seen = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const hit = this.seen.get(s);
    if (hit !== undefined) return hit;
    const at = this.bytes.length;
    for (const b of new TextEncoder().encode(s)) this.bytes.push(b);
    this.bytes.push(0);
    this.seen.set(s, at);
    return at;
  }
  data(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export class ElfBuilder {
  readonly layout: ClassLayout;
  readonly littleEndian: boolean;
  private readonly type: number;
  private readonly machine: number;
  private readonly dynamic: boolean;
  private readonly sections: SectionSpec[] = [];
  private readonly symbols: SymbolSpec[] = [];
  private readonly relocs: PendingReloc[] = [];

  constructor(opts: ElfOptions = {}) {
    this.layout = layoutOf(opts.bits === 64);
    this.littleEndian = opts.endian !== 'big';
    this.dynamic = opts.dynamic ?? false;
    this.type = opts.type ?? (this.dynamic ? ET_DYN : ET_REL);
    this.machine = opts.machine ?? EM_ARM;
  }

  /** Adds a section; its index is its position after the null section (1, 2, ...). */
  section(spec: SectionSpec): this {
    this.sections.push(spec);
    return this;
  }

  symbol(spec: SymbolSpec): this {
    this.symbols.push(spec);
    return this;
  }

  /** Adds a SHT_REL (or SHT_RELA) section relocating `target`, at the current position. */
  relocate(target: string, entries: RelocSpec[], opts: RelocOptions = {}): this {
    const rela = opts.rela ?? false;
    const L = this.layout;
    const section: SectionSpec = {
      name: opts.name ?? (rela ? '.rela' : '.rel') + target,
      type: rela ? SHT_RELA : SHT_REL,
      flags: SHF_INFO_LINK,
      align: L.is64 ? 8 : 4,
      entsize: opts.entsize ?? (rela ? L.relaSize : L.relSize),
      info: target,
    };
    this.sections.push(section);
    this.relocs.push({ section, target, entries, rela });
    return this;
  }

  /** Pointer-size words in the file's byte order (for .init_array, .exported_sym, ...). */
  words(values: (number | bigint)[]): Uint8Array {
    const w = this.layout.is64 ? 8 : 4;
    const out = new Uint8Array(values.length * w);
    const io = new FieldIO(out, this.littleEndian);
    values.forEach((v, i) => io.set(i * w, w, v));
    return out;
  }

  /** Index a section will have in the built file (tables come after the added sections). */
  indexOf(name: string): number {
    const all = this.allSectionNames();
    const i = all.indexOf(name);
    if (i < 0) throw new Error(`ElfBuilder: no section named ${name}`);
    return i;
  }

  private tableNames(): [string, string, string] {
    return this.dynamic ? ['.dynsym', '.dynstr', '.shstrtab'] : ['.symtab', '.strtab', '.shstrtab'];
  }

  private allSectionNames(): string[] {
    return ['', ...this.sections.map((s) => s.name), ...this.tableNames()];
  }

  private resolveSection(ref: number | string | undefined): number {
    if (ref === undefined) return 0;
    return typeof ref === 'number' ? ref : this.indexOf(ref);
  }

  /** Symbols in file order: the null symbol, locals, then globals and weaks (as the gABI requires). */
  private orderedSymbols(): SymbolSpec[] {
    const locals = this.symbols.filter((s) => (s.bind ?? STB_LOCAL) === STB_LOCAL);
    const others = this.symbols.filter((s) => (s.bind ?? STB_LOCAL) !== STB_LOCAL);
    return [{ name: '' }, ...locals, ...others];
  }

  build(): ElfPatch {
    const L = this.layout;
    const ptr = L.is64 ? 8 : 4;
    const [symName, strName, shstrName] = this.tableNames();
    const syms = this.orderedSymbols();
    const symIndex = (ref: number | string) => {
      if (typeof ref === 'number') return ref;
      const i = syms.findIndex((s, k) => k > 0 && s.name === ref);
      if (i < 0) throw new Error(`ElfBuilder: no symbol named ${ref}`);
      return i;
    };

    // Symbol and string tables.
    const strtab = new StringTable();
    const symData = new Uint8Array(syms.length * L.symSize);
    const symIO = new FieldIO(symData, this.littleEndian);
    syms.forEach((s, i) => {
      if (i === 0) return;
      const base = i * L.symSize,
        F = L.symbol;
      symIO.set(base + F.st_name.offset, F.st_name.width, strtab.add(s.name));
      symIO.set(base + F.st_value.offset, F.st_value.width, s.value ?? 0);
      symIO.set(base + F.st_size.offset, F.st_size.width, s.size ?? 0);
      symIO.set(base + F.st_info.offset, 1, ((s.bind ?? STB_LOCAL) << 4) | ((s.type ?? STT_NOTYPE) & 0xf));
      symIO.set(base + F.st_other.offset, 1, s.other ?? 0);
      symIO.set(base + F.st_shndx.offset, 2, s.section === undefined ? SHN_UNDEF : this.resolveSection(s.section));
    });
    const firstGlobal = syms.findIndex((s, i) => i > 0 && (s.bind ?? STB_LOCAL) !== STB_LOCAL);

    // Relocation section contents.
    for (const r of this.relocs) {
      const ent = r.section.entsize ?? (r.rela ? L.relaSize : L.relSize);
      const data = new Uint8Array(r.entries.length * ent);
      const io = new FieldIO(data, this.littleEndian);
      r.entries.forEach((e, i) => {
        const at = i * ent;
        io.set(at, ptr as 4 | 8, e.offset);
        io.set(at + ptr, ptr as 4 | 8, L.relInfo(symIndex(e.sym), e.type));
        if (r.rela && ent >= 3 * ptr) io.set(at + 2 * ptr, ptr as 4 | 8, e.addend ?? 0);
      });
      r.section.data = data;
      r.section.link = symName;
    }

    const shstrtab = new StringTable();
    const all: SectionSpec[] = [
      ...this.sections,
      {
        name: symName,
        type: this.dynamic ? SHT_DYNSYM : SHT_SYMTAB,
        flags: this.dynamic ? SHF_ALLOC : 0,
        align: ptr,
        entsize: L.symSize,
        link: strName,
        info: firstGlobal < 0 ? syms.length : firstGlobal,
        data: symData,
      },
      { name: strName, type: SHT_STRTAB, flags: this.dynamic ? SHF_ALLOC : 0, align: 1, data: strtab.data() },
    ];
    all.forEach((s) => shstrtab.add(s.name));
    shstrtab.add(shstrName);
    all.push({ name: shstrName, type: SHT_STRTAB, align: 1, data: shstrtab.data() });

    // File layout: header, section data in index order, section header table.
    let pos = L.ehdrSize;
    const offsets: number[] = [];
    const sizes: number[] = [];
    for (const s of all) {
      pos = align(pos, s.align ?? 1);
      offsets.push(pos);
      const data = s.data ?? [];
      const size = s.type === SHT_NOBITS ? (s.size ?? 0) : (s.size ?? data.length);
      sizes.push(size);
      if (s.type !== SHT_NOBITS) pos += data.length;
    }
    const shoff = align(pos, ptr);
    const shnum = all.length + 1;
    const out = new Uint8Array(shoff + shnum * L.shdrSize);
    const io = new FieldIO(out, this.littleEndian);
    all.forEach((s, i) => {
      if (s.type !== SHT_NOBITS && s.data) out.set(s.data, offsets[i]);
    });

    out.set([0x7f, 0x45, 0x4c, 0x46, L.is64 ? 2 : 1, this.littleEndian ? 1 : 2, 1], 0);
    const H = L.header;
    io.set(H.e_type.offset, 2, this.type);
    io.set(H.e_machine.offset, 2, this.machine);
    io.set(H.e_version.offset, 4, 1);
    io.set(H.e_shoff.offset, H.e_shoff.width, shoff);
    io.set(H.e_ehsize.offset, 2, L.ehdrSize);
    io.set(H.e_shentsize.offset, 2, L.shdrSize);
    io.set(H.e_shnum.offset, 2, shnum);
    io.set(H.e_shstrndx.offset, 2, shnum - 1);

    const S = L.section;
    all.forEach((s, k) => {
      const base = shoff + (k + 1) * L.shdrSize;
      const put = (fd: { offset: number; width: 1 | 2 | 4 | 8 }, v: number | bigint) => io.set(base + fd.offset, fd.width, v);
      put(S.sh_name, shstrtab.add(s.name));
      put(S.sh_type, s.type);
      put(S.sh_flags, s.flags ?? 0);
      // A shared library's first segment is linked at 0, so by default an allocated
      // section's VMA equals its file offset (as ld lays out a small .so).
      put(S.sh_addr, s.addr ?? (this.dynamic && ((s.flags ?? 0) & SHF_ALLOC) !== 0 ? offsets[k] : 0));
      put(S.sh_offset, offsets[k]);
      put(S.sh_size, sizes[k]);
      put(S.sh_link, this.resolveSection(s.link));
      put(S.sh_info, this.resolveSection(s.info));
      put(S.sh_addralign, s.align ?? 1);
      put(S.sh_entsize, s.entsize ?? 0);
    });
    return new ElfPatch(out);
  }
}
