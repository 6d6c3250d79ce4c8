// The test ELF writer (test/elf/builder.ts) and patcher (test/elf/patch.ts),
// checked with the independent reader of the ld oracle (test/oracle/elf.ts) and
// against a committed compiler-built object (test/fixtures/hello.o).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ElfBuilder } from './elf/builder.js';
import { ElfPatch } from './elf/patch.js';
import { readElf } from './oracle/elf.js';
import * as E from './elf/layout.js';

function sample(bits: 32 | 64, endian: 'little' | 'big') {
  const b = new ElfBuilder({ bits, endian });
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_EXECINSTR, align: 4, data: [1, 2, 3, 4, 5, 6] });
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 8, data: b.words([0x11223344]) });
  b.section({ name: '.bss', type: E.SHT_NOBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, size: 100 });
  b.symbol({ name: 'g', section: '.text', value: 1, size: 6, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'local_obj', section: '.data', size: 4, type: E.STT_OBJECT });
  b.symbol({ name: 'ext', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 2, sym: 'ext', type: 7, addend: -4 }], { rela: true });
  return b.build();
}

describe('ElfBuilder', () => {
  for (const [bits, endian] of [
    [32, 'little'],
    [32, 'big'],
    [64, 'little'],
    [64, 'big'],
  ] as const) {
    it(`writes an ELF${bits} ${endian}-endian file the independent reader understands`, () => {
      const elf = readElf(sample(bits, endian).bytes);
      expect(elf.is64).toBe(bits === 64);
      expect(elf.littleEndian).toBe(endian === 'little');
      expect(elf.type).toBe(E.ET_REL);
      expect(elf.machine).toBe(E.EM_ARM);
      const ptr = bits / 8;
      const ehdr = bits === 64 ? 64 : 52;
      // Index order: null, .text, .data, .bss, .rela.text, then the tables the builder adds.
      expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.data', '.bss', '.rela.text', '.symtab', '.strtab', '.shstrtab']);
      const text = elf.section('.text')!,
        data = elf.section('.data')!,
        bss = elf.section('.bss')!,
        rela = elf.section('.rela.text')!;
      expect(text.offset).toBe(ehdr); // right after the file header
      expect(data.offset).toBe(bits === 64 ? 72 : 64); // 6 bytes of .text (ends 70 / 58), aligned up to 8
      expect(bss.offset).toBe(data.offset + ptr); // NOBITS: no file bytes
      expect(bss.size).toBe(100);
      expect(rela.type).toBe(E.SHT_RELA);
      expect(rela.entsize).toBe(bits === 64 ? 24 : 12);
      expect(rela.info).toBe(1); // relocates section 1 (.text)
      expect(rela.link).toBe(5); // symbols in section 5 (.symtab)
      expect(Array.from(elf.contents(text))).toEqual([1, 2, 3, 4, 5, 6]);
      // Locals first: null, local_obj, then the globals g and ext; sh_info = first global.
      expect(elf.symbols.map((s) => s.name)).toEqual(['', 'local_obj', 'g', 'ext']);
      expect(elf.section('.symtab')!.info).toBe(2);
      expect(elf.symbols[2]).toMatchObject({ value: 1n, size: 6n, type: E.STT_FUNC, bind: E.STB_GLOBAL, shndx: 1 });
      expect(elf.symbols[3]).toMatchObject({ type: E.STT_NOTYPE, bind: E.STB_GLOBAL, shndx: 0 });
      // The RELA entry: r_offset 2, r_info (sym 3, type 7), r_addend -4.
      const p = new ElfPatch(elf.bytes);
      const io = new E.FieldIO(p.bytes, endian === 'little');
      expect(io.get(rela.offset, ptr as 4 | 8)).toBe(2n);
      expect(io.get(rela.offset + ptr, ptr as 4 | 8)).toBe(bits === 64 ? (3n << 32n) | 7n : (3n << 8n) | 7n);
      expect(BigInt.asIntN(bits, io.get(rela.offset + 2 * ptr, ptr as 4 | 8))).toBe(-4n);
    });
  }

  it('writes a shared library with .dynsym/.dynstr', () => {
    const b = new ElfBuilder({ dynamic: true });
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_EXECINSTR, addr: 0x1000, align: 4, data: [0, 0, 0, 0] });
    b.symbol({ name: 'f', section: '.text', value: 0x1001, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    const elf = readElf(b.build().bytes);
    expect(elf.type).toBe(E.ET_DYN);
    expect(elf.section('.dynsym')!.type).toBe(E.SHT_DYNSYM);
    expect(elf.section('.dynsym')!.link).toBe(elf.section('.dynstr')!.index);
    expect(elf.section('.text')!.addr).toBe(0x1000n);
    // Without an explicit address an allocated section's VMA is its file offset.
    const dynsym = elf.section('.dynsym')!;
    expect(dynsym.addr).toBe(BigInt(dynsym.offset));
    expect(elf.section('.shstrtab')!.addr).toBe(0n);
    expect(elf.symbols[1]).toMatchObject({ name: 'f', value: 0x1001n });
  });
});

describe('ElfPatch', () => {
  it('rewrites header, section and symbol fields by name and keeps the parsed names', () => {
    const p = sample(32, 'little');
    p.setHeader('e_type', E.ET_EXEC).setSection('.data', 'sh_name', 0xffff).setSymbol('g', 'st_shndx', E.SHN_COMMON);
    const elf = readElf(p.bytes);
    expect(elf.type).toBe(E.ET_EXEC);
    expect(p.section('.data', 'sh_name')).toBe(0xffff); // still addressable by its old name
    expect(elf.symbols[2].shndx).toBe(E.SHN_COMMON);
    expect(p.header('e_shnum')).toBe(8);
    expect(p.sectionIndex('.symtab')).toBe(5);
    expect(p.symbolIndex('ext')).toBe(3);
  });

  it('parses the committed compiler-built object', () => {
    // arm-none-eabi-readelf -S -s test/fixtures/hello.o lists these.
    const p = new ElfPatch(readFileSync(new URL('./fixtures/hello.o', import.meta.url)));
    expect(p.sectionNames).toEqual([
      '',
      '.text',
      '.rel.text',
      '.data',
      '.bss',
      '.rodata.str1.4',
      '.exported_sym',
      '.rel.exported_sym',
      '.comment',
      '.ARM.attributes',
      '.symtab',
      '.strtab',
      '.shstrtab',
    ]);
    expect(p.section('.rel.text', 'sh_info')).toBe(1);
    expect(p.symbol('test_entry', 'st_value')).toBe(1); // Thumb bit set
    expect(p.symbol('printk', 'st_shndx')).toBe(E.SHN_UNDEF);
  });
});
