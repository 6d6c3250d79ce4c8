// Mutations of an ELF file, as plain data (so that fast-check can shrink them and a failing
// case can be written down and replayed). Each is applied to the bytes as the *current* file
// describes them: field positions come from its own (possibly already mutated) headers, and
// a write that would fall outside the file is skipped.
import fc from 'fast-check';
import { FieldIO, layoutOf, type HeaderField, type SectionField, type SymbolField } from '../elf/layout.js';

/** A value for a field: an extreme constant, any 32-bit number, or the file length plus a small delta. */
export type Value = number | bigint | { lenPlus: number };

export type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'header'; field: HeaderField; value: Value }
  | { kind: 'section'; index: number; field: SectionField; value: Value }
  | { kind: 'link'; index: number; field: 'sh_link' | 'sh_info'; target: number }
  | { kind: 'symbol'; index: number; field: SymbolField; value: Value }
  | { kind: 'reloc'; section: number; entry: number; part: 'offset' | 'info' | 'addend'; value: Value }
  | { kind: 'overlap'; a: number; b: number; shift: number }
  | { kind: 'duplicate'; from: number; to: number }
  | { kind: 'word'; at: number; value: number };

const EXTREMES: (number | bigint)[] = [
  0,
  1,
  2,
  3,
  4,
  7,
  8,
  0x7f,
  0x80,
  0xff,
  0x100,
  0xfff0,
  0xfff1,
  0xfff2,
  0xffff,
  0x10000,
  0x7fffffff,
  0x80000000,
  0xfffffff0,
  0xfffffffe,
  0xffffffff,
  0x100000000n,
  0x7fffffffffffffffn,
  0x8000000000000000n,
  0xffffffffffffffffn,
];

const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXTREMES) },
  { weight: 2, arbitrary: fc.integer({ min: -16, max: 16 }).map((d) => ({ lenPlus: d })) },
  { weight: 2, arbitrary: fc.nat({ max: 0xffffffff }) },
  // Huge alignments and other powers of two.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 63 }).map((k) => 1n << BigInt(k)) },
);

const HEADER_FIELDS: HeaderField[] = ['e_type', 'e_machine', 'e_shoff', 'e_shentsize', 'e_shnum', 'e_shstrndx', 'e_ehsize', 'e_flags'];
const SECTION_FIELDS: SectionField[] = [
  'sh_name',
  'sh_type',
  'sh_flags',
  'sh_addr',
  'sh_offset',
  'sh_size',
  'sh_link',
  'sh_info',
  'sh_addralign',
  'sh_entsize',
];
const SYMBOL_FIELDS: SymbolField[] = ['st_name', 'st_value', 'st_size', 'st_info', 'st_other', 'st_shndx'];
const small = fc.nat({ max: 64 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('header' as const), field: fc.constantFrom(...HEADER_FIELDS), value }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('section' as const), index: small, field: fc.constantFrom(...SECTION_FIELDS), value }),
  },
  fc.record({
    kind: fc.constant('link' as const),
    index: small,
    field: fc.constantFrom('sh_link' as const, 'sh_info' as const),
    target: small,
  }),
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('symbol' as const), index: small, field: fc.constantFrom(...SYMBOL_FIELDS), value }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reloc' as const),
      section: small,
      entry: small,
      part: fc.constantFrom('offset' as const, 'info' as const, 'addend' as const),
      value,
    }),
  },
  fc.record({ kind: fc.constant('overlap' as const), a: small, b: small, shift: fc.integer({ min: -8, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: small, to: small }),
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(), value: fc.nat({ max: 0xffffffff }) }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** The file as its current headers describe it, with bounds-checked field access. */
class Elf {
  readonly io: FieldIO;
  readonly L;
  constructor(readonly bytes: Uint8Array) {
    this.io = new FieldIO(bytes, bytes[5] !== 2);
    this.L = layoutOf(bytes[4] === 2);
  }
  get(pos: number, width: 1 | 2 | 4 | 8): bigint | null {
    return pos >= 0 && pos + width <= this.bytes.length ? this.io.get(pos, width) : null;
  }
  set(pos: number, width: 1 | 2 | 4 | 8, v: number | bigint): void {
    if (pos >= 0 && pos + width <= this.bytes.length) this.io.set(pos, width, v);
  }
  headerPos(field: HeaderField) {
    return this.L.header[field];
  }
  num(field: HeaderField): number {
    const f = this.L.header[field];
    return Number(this.get(f.offset, f.width) ?? 0n);
  }
  sectionPos(i: number, field: SectionField): { pos: number; width: 1 | 2 | 4 | 8 } {
    const f = this.L.section[field];
    return { pos: this.num('e_shoff') + i * this.L.shdrSize + f.offset, width: f.width };
  }
  section(i: number, field: SectionField): number {
    const p = this.sectionPos(i, field);
    return Number(this.get(p.pos, p.width) ?? 0n);
  }
  shnum(): number {
    return Math.max(1, this.num('e_shnum'));
  }
  /** The first section of a type (SHT_SYMTAB 2, SHT_DYNSYM 11; REL 9 / RELA 4), -1 if none. */
  find(types: number[], nth = 0): number {
    const found: number[] = [];
    for (let i = 0; i < Math.min(this.num('e_shnum'), 4096); i++) if (types.includes(this.section(i, 'sh_type'))) found.push(i);
    return found.length === 0 ? -1 : found[nth % found.length]!;
  }
}

function resolve(v: Value, len: number): number | bigint {
  return typeof v === 'object' ? Math.max(0, len + v.lenPlus) : v;
}

/** Applies `muts` in order to a copy of `input`. */
export function applyMutations(input: Uint8Array, muts: Mutation[]): Uint8Array {
  let bytes = new Uint8Array(input);
  for (const m of muts) {
    if (bytes.length === 0) break;
    const e = new Elf(bytes);
    const len = bytes.length;
    switch (m.kind) {
      case 'flip':
        bytes[m.at % len] = bytes[m.at % len]! ^ m.bits;
        break;
      case 'truncate':
        bytes = bytes.slice(0, m.keep % len);
        break;
      case 'header': {
        const f = e.headerPos(m.field);
        e.set(f.offset, f.width, resolve(m.value, len));
        break;
      }
      case 'section': {
        const p = e.sectionPos(m.index % (e.shnum() + 1), m.field);
        e.set(p.pos, p.width, resolve(m.value, len));
        break;
      }
      case 'link': {
        // Cycles and dangling indexes: point at itself, a neighbour or past the end of the table.
        const i = m.index % e.shnum();
        const p = e.sectionPos(i, m.field);
        e.set(p.pos, p.width, m.target % 3 === 0 ? i : m.target);
        break;
      }
      case 'symbol': {
        const st = e.find([2, 11]);
        if (st < 0) break;
        const f = e.L.symbol[m.field];
        e.set(e.section(st, 'sh_offset') + m.index * e.L.symSize + f.offset, f.width, resolve(m.value, len));
        break;
      }
      case 'reloc': {
        const rs = e.find([9, 4], m.section);
        if (rs < 0) break;
        const rela = e.section(rs, 'sh_type') === 4;
        const w = e.L.is64 ? 8 : 4;
        const at = e.section(rs, 'sh_offset') + m.entry * (rela ? e.L.relaSize : e.L.relSize);
        const part = m.part === 'offset' ? 0 : m.part === 'info' ? w : rela ? 2 * w : w;
        e.set(at + part, w, resolve(m.value, len));
        break;
      }
      case 'overlap': {
        // Section a starts inside section b (or just before it) and is at least as long.
        const a = m.a % e.shnum(),
          b = m.b % e.shnum();
        const off = e.section(b, 'sh_offset') + m.shift;
        const pa = e.sectionPos(a, 'sh_offset'),
          ps = e.sectionPos(a, 'sh_size');
        e.set(pa.pos, pa.width, Math.max(0, off));
        e.set(ps.pos, ps.width, Math.max(e.section(a, 'sh_size'), e.section(b, 'sh_size')));
        break;
      }
      case 'duplicate': {
        const from = e.sectionPos(m.from % e.shnum(), 'sh_name').pos,
          to = e.sectionPos(m.to % e.shnum(), 'sh_name').pos;
        const n = e.L.shdrSize;
        if (from >= 0 && to >= 0 && from + n <= len && to + n <= len) bytes.copyWithin(to, from, from + n);
        break;
      }
      case 'word':
        e.set((m.at % len) & ~3, 4, m.value);
        break;
    }
  }
  return bytes;
}
