// Every loader error of subsys/llext (llext_load.c, llext_link.c) the input can cause (file
// bytes, Kconfig values, actions), reached with a crafted file or a patched
// compiler-built one (fixtures/hello.o). Each test asserts the whole Zephyr log
// at CONFIG_LLEXT_LOG_LEVEL=3 (the step's message, then do_llext_load's wrapper
// line), the errno in the document and the action's return value.
// Not covered here: loader prepare failures, LZ4 and other variants, the
// section_detached / pre_located load parameters (not reachable from a file),
// the memblk allocator, and the relocation table's own messages.
import { describe, expect, it } from 'vitest';
import type { SimulationDocument } from '../src/document.js';
import { ElfBuilder } from './elf/builder.js';
import { ElfPatch } from './elf/patch.js';
import * as E from './elf/layout.js';
import { fixture, run } from './sim-harness.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const WA = E.SHF_ALLOC | E.SHF_WRITE;
const ENOEXEC = 8,
  ENOMEM = 12,
  EFAULT = 14,
  EINVAL = 22,
  ENODATA = 61,
  ENOTSUP = 134;
const THUMB_BX_LR = [0x70, 0x47, 0x00, 0xbf]; // bx lr; nop

/** hello.o (see fixtures/build.sh). readelf: 13 sections, .rel.text = 2 (3 entries, first at
 * r_offset 0x14 against printk), .data = 3, .symtab = 10 (16 symbols, test_entry = 14),
 * .strtab = 11 (0x2d bytes), .shstrtab = 12 (0x6a bytes), section headers at 0x2a4. */
const hello = () => new ElfPatch(fixture('hello.o'));

/** An extension with one exported-looking global function in .text and no relocations. */
function minimal(opts: ConstructorParameters<typeof ElfBuilder>[0] = {}): ElfBuilder {
  const b = new ElfBuilder(opts);
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...THUMB_BX_LR, ...THUMB_BX_LR] });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  return b;
}

function expectFailure(doc: SimulationDocument, log: string[], errno: number, action = 0): void {
  expect(doc.log).toEqual(log);
  expect(doc.ok).toBe(false);
  expect(doc.errno).toBe(errno);
  expect(doc.actions[action].ret).toBe(-errno);
}

const ERR = (s: string) => '<err> llext: ' + s;
/** An error printed by the architecture's arch_elf_relocate(), under its own log module. */
const ARCH_ERR = (s: string) => '<err> elf: ' + s;
const wrapper = (step: string, ret: number) => ERR(`${step}, ret ${ret}`);
const ELF_DATA = 'Failed to load basic ELF data';
const TABLES = 'Failed to find important ELF tables';
const MAP = 'Failed to map ELF sections';
const LINK = 'Failed to link';

describe('llext_load', () => {
  it('fails with "Not enough memory for extension metadata" when the dynamic heap is not initialised', async () => {
    const doc = await run(hello().bytes, { kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' } });
    // llext_load() itself prints this; do_llext_load() never runs, so there is no wrapper line.
    expectFailure(doc, [ERR('Not enough memory for extension metadata')], ENOMEM);
  });

  it('fails the same way when a 200-byte dynamic heap cannot hold struct llext', async () => {
    // docs/zephyr-heap.md: N = 200 -> heap_sz = (196 & ~7) / 8 = 24 units, nb = bidx(24) + 1 = 5,
    // chunk0 = ceil((16 + 20) / 8) = 5, F = 19 units; struct llext (192 bytes) needs
    // ceil((192 + 4) / 8) = 25 units.
    const doc = await run(hello().bytes, {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
      heaps: { dynamic: 0x20008000 },
      actions: ['heap_init 200', 'load ext 0'],
    });
    expectFailure(doc, [ERR('Not enough memory for extension metadata')], ENOMEM, 1);
    expect(doc.actions[0].ret).toBe(0);
  });
});

describe('llext_load_elf_data', () => {
  it('rejects a bad magic and hexdumps the 16 ident bytes', async () => {
    const p = hello();
    p.bytes[3] = 0x47; // "\x7fELG"
    expectFailure(
      await run(p.bytes),
      [
        ERR('Invalid ELF, magic does not match'),
        // log_output hexdump: "%02x " per byte, one extra space after 8 bytes, "|", the printable
        // characters with a space after 8, indented by the 13-character "<err> llext: " prefix.
        '             7f 45 4c 47 01 01 01 00  00 00 00 00 00 00 00 00 |.ELG.... ........',
        wrapper(ELF_DATA, -8),
      ],
      ENOEXEC,
    );
  });

  it('hexdumps a text file and a 4-byte file (the buffer loader reads short, the header stays zero)', async () => {
    const script = new TextEncoder().encode('#!/bin/sh\necho hi\n');
    expectFailure(
      await run(script),
      [
        ERR('Invalid ELF, magic does not match'),
        '             23 21 2f 62 69 6e 2f 73  68 0a 65 63 68 6f 20 68 |#!/bin/s h.echo h',
        wrapper(ELF_DATA, -8),
      ],
      ENOEXEC,
    );
    expectFailure(
      await run(new Uint8Array([0x61, 0x62, 0x63, 0x64])),
      [
        ERR('Invalid ELF, magic does not match'),
        '             61 62 63 64 00 00 00 00  00 00 00 00 00 00 00 00 |abcd.... ........',
        wrapper(ELF_DATA, -8),
      ],
      ENOEXEC,
    );
  });

  it('rejects ET_EXEC and other types, printing e_type with %x', async () => {
    expectFailure(
      await run(hello().setHeader('e_type', E.ET_EXEC).bytes),
      [ERR('Unsupported ELF file type 2'), wrapper(ELF_DATA, -8)],
      ENOEXEC,
    );
    expectFailure(
      await run(hello().setHeader('e_type', 0xfe00).bytes),
      [ERR('Unsupported ELF file type fe00'), wrapper(ELF_DATA, -8)],
      ENOEXEC,
    );
  });

  it('rejects e_shentsize != sizeof(elf_shdr_t) (40 on a 32-bit target)', async () => {
    expectFailure(
      await run(hello().setHeader('e_shentsize', 64).bytes),
      [ERR('Invalid section header size 64'), wrapper(ELF_DATA, -8)],
      ENOEXEC,
    );
  });

  it('rejects an ELF64 file on a 32-bit target at the section header size', async () => {
    // Zephyr reads the header with its own ELF32 layout: e_shentsize is taken from bytes 46-47,
    // which in an ELF64 header are the top 16 bits of e_shoff, i.e. 0 for any small file.
    const f = minimal({ bits: 64 }).build();
    expect(f.header('e_shoff')).toBeLessThan(0x10000);
    const doc = await run(f.bytes);
    expectFailure(doc, [ERR('Invalid section header size 0'), wrapper(ELF_DATA, -8)], ENOEXEC);
    expect(doc.diagnostics.map((d) => d.code)).toContain('elf-class');
  });

  it('fails to allocate a 0-byte section map when e_shnum is 0', async () => {
    expectFailure(
      await run(hello().setHeader('e_shnum', 0).bytes),
      [ERR('Failed to allocate section map, size 0'), wrapper(ELF_DATA, -12)],
      ENOMEM,
    );
  });

  it('fails to allocate the section map when the heap is too small for it', async () => {
    // N = 256: heap_sz = 248 / 8 = 31 units, nb = bidx(31) + 1 = 5, chunk0 = ceil(36 / 8) = 5,
    // F = 26 units. struct llext takes 25 units, leaving 1; the map (13 * 8 = 104 bytes)
    // needs ceil(108 / 8) = 14.
    const doc = await run(hello().bytes, {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
      heaps: { dynamic: 0x20008000 },
      actions: ['heap_init 256', 'load ext 0'],
    });
    expectFailure(doc, [ERR('Failed to allocate section map, size 104'), wrapper(ELF_DATA, -12)], ENOMEM, 1);
  });

  it('fails to allocate the section headers with the filesystem loader (no peek) on a small heap', async () => {
    // N = 512: heap_sz = 504 / 8 = 63 units, nb = bidx(63) + 1 = 6, chunk0 = ceil(40 / 8) = 5,
    // F = 58 units. struct llext 25 + sect_map 14 = 39 units, leaving 19; the headers
    // (13 * 40 = 520 bytes) need ceil(524 / 8) = 66.
    const doc = await run(hello().bytes, {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
      heaps: { dynamic: 0x20008000 },
      options: { loader: 'fs' },
      actions: ['heap_init 512', 'load ext 0'],
    });
    expectFailure(doc, [ERR('Failed to allocate section headers, size 520'), wrapper(ELF_DATA, -12)], ENOMEM, 1);
  });

  it('fails to read a truncated ELF header with the filesystem loader', async () => {
    // llext_fs_read() returns -EINVAL unless exactly len (52) bytes were read.
    const doc = await run(hello().bytes.subarray(0, 40), { options: { loader: 'fs' } });
    expectFailure(doc, [ERR('Failed to read ELF header'), wrapper(ELF_DATA, -22)], EINVAL);
  });

  it('fails to read section headers that run past the end of the file with the filesystem loader', async () => {
    // The table starts at 0x2a4 and is 13 * 40 bytes long; keep only 5 entries.
    const doc = await run(hello().bytes.subarray(0, 0x2a4 + 5 * 40), { options: { loader: 'fs' } });
    expectFailure(doc, [ERR('Failed to read section headers'), wrapper(ELF_DATA, -22)], EINVAL);
  });
});

describe('llext_find_tables', () => {
  const missing = [ERR('Some sections are missing or present multiple times!'), wrapper(TABLES, -8)];

  it('fails without a symbol table (e.g. a stripped file)', async () => {
    const doc = await run(hello().setSection('.symtab', 'sh_type', E.SHT_PROGBITS).bytes);
    expectFailure(doc, missing, ENOEXEC);
    expect(doc.diagnostics.map((d) => d.code)).toContain('missing-tables');
  });

  it('misses a string table placed before its symbol table (the scan only looks forward)', async () => {
    const b = minimal();
    b.section({ name: '.early.strtab', type: E.SHT_STRTAB, align: 1, data: [0, 0x65, 0x6e, 0x74, 0x72, 0x79, 0] });
    const f = b.build();
    f.setSection('.symtab', 'sh_link', f.sectionIndex('.early.strtab'));
    expectFailure(await run(f.bytes), missing, ENOEXEC);
  });

  it('ignores .symtab in an ET_DYN file (it must have .dynsym)', async () => {
    expectFailure(await run(hello().setHeader('e_type', E.ET_DYN).bytes), missing, ENOEXEC);
  });

  it('rejects a symbol table whose entry size is not sizeof(elf_sym_t) or whose size is not a multiple of it', async () => {
    const bad = [ERR('Invalid symbol table'), wrapper(TABLES, -8)];
    expectFailure(await run(hello().setSection('.symtab', 'sh_entsize', 24).bytes), bad, ENOEXEC);
    expectFailure(await run(hello().setSection('.symtab', 'sh_size', 0x101).bytes), bad, ENOEXEC);
  });
});

describe('llext_copy_strings', () => {
  it('fails when the heap cannot hold a copied string table (temporary storage)', async () => {
    // N = 512 gives F = 58 units (above). struct llext 25 + sect_map 14 + .shstrtab (106 bytes,
    // align 1, plain path: ceil(110 / 8) = 14) = 53 units, leaving 5; .strtab (45 bytes) needs 7.
    // String tables are not SHF_ALLOC, so they are never rounded.
    const doc = await run(hello().bytes, {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
      heaps: { dynamic: 0x20008000 },
      options: { storage: 'temporary' },
      actions: ['heap_init 512', 'load ext 0'],
    });
    expectFailure(
      doc,
      [ERR('Failed allocating 45 bytes 1-aligned for region 6'), wrapper('Failed to copy ELF string sections', -12)],
      ENOMEM,
      1,
    );
  });
});

describe('llext_validate_sections_name', () => {
  it('rejects sh_name >= size of .shstrtab', async () => {
    // .shstrtab is 0x6a = 106 bytes: index 105 (its last NUL) is valid, 106 is not.
    // (Without printk exported, the valid file gets as far as linking.)
    const ok = await run(hello().setSection('.data', 'sh_name', 105).bytes, { exports: {} });
    expect(ok.log[0]).toBe(ERR('Undefined symbol with no entry in symbol table printk, offset 20, link section 10'));
    expectFailure(
      await run(hello().setSection('.data', 'sh_name', 106).bytes),
      [ERR('Invalid section name index 106 in section 3'), wrapper('Failed to validate ELF section names', -8)],
      ENOEXEC,
    );
  });
});

describe('llext_map_sections', () => {
  it('rejects an init array whose entry size is not sizeof(void *)', async () => {
    const b = minimal();
    b.section({ name: '.init_array', type: E.SHT_INIT_ARRAY, flags: WA, align: 4, entsize: 8, data: b.words([0, 0]) });
    expectFailure(await run(b.build().bytes), [ERR('Invalid .init_array array in section 2'), wrapper(MAP, -8)], ENOEXEC);
    const c = minimal();
    c.section({ name: '.fini_array', type: E.SHT_FINI_ARRAY, flags: WA, align: 4, entsize: 4, data: [0, 0, 0, 0, 0, 0] });
    expectFailure(await run(c.build().bytes), [ERR('Invalid .fini_array array in section 2'), wrapper(MAP, -8)], ENOEXEC);
  });

  it('rejects merging sections whose WRITE/ALLOC/EXECINSTR flags differ, printing the full flags', async () => {
    const b = minimal();
    b.section({ name: '.text.w', type: E.SHT_PROGBITS, flags: AX | E.SHF_WRITE, align: 4, data: THUMB_BX_LR });
    expectFailure(
      await run(b.build().bytes),
      [ERR('Unsupported section flags 0x7 / 0x6 for .text.w (region 0)'), wrapper(MAP, -8)],
      ENOEXEC,
    );
  });

  it('merges .rodata with .rodata.str1.4 (SHF_MERGE/SHF_STRINGS are outside the compared mask)', async () => {
    const b = minimal();
    b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: [1, 2, 3, 4] });
    b.section({
      name: '.rodata.str1.4',
      type: E.SHT_PROGBITS,
      flags: E.SHF_ALLOC | E.SHF_MERGE | E.SHF_STRINGS,
      align: 4,
      entsize: 1,
      data: [0x61, 0],
    });
    const doc = await run(b.build().bytes);
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
    // One RODATA region spanning both sections: 4 bytes + 2 bytes.
    expect(doc.regions.find((r) => r.name === 'RODATA')).toMatchObject({ size: 6, inPlace: true });
  });

  it('returns -ENOTSUP for a second SHT_NOBITS section', async () => {
    const b = minimal();
    b.section({ name: '.bss', type: E.SHT_NOBITS, flags: WA, align: 4, size: 16 });
    b.section({ name: '.sbss', type: E.SHT_NOBITS, flags: WA, align: 4, size: 8 });
    const doc = await run(b.build().bytes);
    expectFailure(doc, [ERR('Multiple SHT_NOBITS sections are not supported'), wrapper(MAP, -134)], ENOTSUP);
    expect(doc.diagnostics.map((d) => d.code)).toContain('multiple-nobits');
  });

  it('rejects a second init array section ("Region 9 redefined")', async () => {
    const b = minimal();
    b.section({ name: '.init_array', type: E.SHT_INIT_ARRAY, flags: WA, align: 4, entsize: 4, data: b.words([0]) });
    b.section({ name: '.init_array.00100', type: E.SHT_INIT_ARRAY, flags: WA, align: 4, entsize: 4, data: b.words([0]) });
    expectFailure(await run(b.build().bytes), [ERR('Region 9 redefined'), wrapper(MAP, -8)], ENOEXEC);
  });

  it('rejects ET_DYN sections of one region whose VMA and file offset deltas differ', async () => {
    // .text at file offset 0x34 (VMA 0x34), .text2 at 0x3c with VMA 0x13c: 0x108 != 8.
    const b = minimal({ dynamic: true });
    b.section({ name: '.text2', type: E.SHT_PROGBITS, flags: AX, align: 4, addr: 0x13c, data: THUMB_BX_LR });
    const f = b.build();
    expect([f.section('.text', 'sh_offset'), f.section('.text2', 'sh_offset')]).toEqual([0x34, 0x3c]);
    expectFailure(await run(f.bytes), [ERR('Incompatible section addresses for .text2 (region 0)'), wrapper(MAP, -8)], ENOEXEC);
  });

  it('rejects an ET_DYN region whose alignment pre-padding is larger than its VMA', async () => {
    // .text at file offset 0x34 with sh_addralign 16: prepad = 0x34 & 15 = 4 > sh_addr 2.
    const f = minimal({ dynamic: true }).build().setSection('.text', 'sh_addralign', 16).setSection('.text', 'sh_addr', 2);
    expectFailure(await run(f.bytes), [ERR('Bad section alignment in region 0'), wrapper(MAP, -8)], ENOEXEC);
  });

  it('rejects overlapping VMA ranges of two ET_DYN regions', async () => {
    // TEXT: VMA 0x100, 0x20 bytes -> 0x100-0x11f; RODATA: VMA 0x110, 0x10 bytes -> 0x110-0x11f.
    const b = new ElfBuilder({ dynamic: true });
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, addr: 0x100, data: new Uint8Array(0x20) });
    b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, addr: 0x110, data: new Uint8Array(0x10) });
    b.symbol({ name: 'entry', section: '.text', value: 0x101, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    expectFailure(
      await run(b.build().bytes),
      [ERR('Region 0 VMA range (0x100-0x11f) overlaps with 2 (0x110-0x11f)'), wrapper(MAP, -8)],
      ENOEXEC,
    );
  });

  it('rejects interleaved regions in the file (.text, .data, .text.foo)', async () => {
    // .text 0x34-0x3b, .data 0x3c-0x3f, .text.foo 0x40-0x47: TEXT spans 0x34-0x47 and contains DATA.
    const b = minimal();
    b.section({ name: '.data', type: E.SHT_PROGBITS, flags: WA, align: 4, data: [1, 0, 0, 0] });
    b.section({ name: '.text.foo', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...THUMB_BX_LR, ...THUMB_BX_LR] });
    const doc = await run(b.build().bytes);
    expectFailure(doc, [ERR('Region 0 ELF file range (0x34-0x47) overlaps with 1 (0x3c-0x3f)'), wrapper(MAP, -8)], ENOEXEC);
    expect(doc.diagnostics.map((d) => d.code)).toContain('interleaved-sections');
  });

  it('rejects relocations on .llext.rodata.noreloc with CONFIG_LLEXT_RODATA_NO_RELOC', async () => {
    // An empty relocation section is enough: it marks its target region as having relocations.
    const b = minimal();
    b.section({ name: '.llext.rodata.noreloc', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: [1, 2, 3, 4] });
    b.relocate('.llext.rodata.noreloc', []);
    expectFailure(
      await run(b.build().bytes, { kconfig: { CONFIG_LLEXT_RODATA_NO_RELOC: 'y' } }),
      [ERR('.llext.rodata.noreloc has relocations'), wrapper(MAP, -8)],
      ENOEXEC,
    );
  });
});

describe('llext_copy_regions', () => {
  /** .text of 2000 bytes: more than a 1 KiB heap can give. */
  function bigText(): Uint8Array {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: new Uint8Array(2000) });
    b.symbol({ name: 'entry', section: '.text', value: 1, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    return b.build().bytes;
  }

  it('fails when the heap cannot hold a region', async () => {
    // 1 KiB heap: F = 121 units. struct 25 + sect_map (5 * 8 bytes: 6 units) + copied
    // .shstrtab (33 bytes: 5) + .strtab (7 bytes: 2) = 38, leaving 83 units; .text needs 251.
    const doc = await run(bigText(), { kconfig: { CONFIG_LLEXT_HEAP_SIZE: 1 }, options: { storage: 'temporary' } });
    expectFailure(doc, [ERR('Failed allocating 2000 bytes 4-aligned for region 0'), wrapper('Failed to copy regions', -12)], ENOMEM);
  });

  it('prints the MPU-rounded size and alignment', async () => {
    // USERSPACE + MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: next_pow2(max(2000, 4, 32)) = 2048.
    const doc = await run(bigText(), {
      kconfig: { CONFIG_LLEXT_HEAP_SIZE: 1, CONFIG_USERSPACE: 'y', CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: 'y' },
      options: { storage: 'temporary' },
    });
    expectFailure(doc, [ERR('Failed allocating 2048 bytes 2048-aligned for region 0'), wrapper('Failed to copy regions', -12)], ENOMEM);
  });

  it('warns and copies when a region would be misaligned in the ELF buffer', async () => {
    // ELF buffer at 0x20020002: .text (file offset 0x34) would sit at 0x20020036, .symtab (0x3c)
    // at 0x2002003e, neither 4-aligned; the string tables (align 1) stay in place.
    const doc = await run(minimal().build().bytes, { elfbuf: 0x20020002 });
    expect(doc.log).toEqual([
      '<wrn> llext: Cannot peek region 0: 0x20020036 not aligned to 0x4',
      '<wrn> llext: Cannot peek region 5: 0x2002003e not aligned to 0x4',
      '<inf> llext: Loaded extension ext',
    ]);
    expect(doc.regions.map((r) => [r.name, r.inPlace])).toEqual([
      ['SHSTRTAB', true],
      ['STRTAB', true],
      ['TEXT', false],
      ['SYMTAB', false],
    ]);
  });
});

describe('llext_count_export_syms / llext_allocate_symtab / llext_copy_symbols', () => {
  it('rejects st_name >= size of .strtab', async () => {
    // .strtab is 0x2d = 45 bytes; test_entry is symbol 14.
    expectFailure(
      await run(hello().setSymbol('test_entry', 'st_name', 45).bytes),
      [ERR('Invalid symbol name index 45 in symbol 14'), wrapper('Failed to count exported ELF symbols', -8)],
      ENOEXEC,
    );
  });

  it('fails with -ENOMEM when there is no global FUNC/OBJECT symbol (0-byte symbol table)', async () => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: THUMB_BX_LR });
    b.symbol({ name: 'helper', section: '.text', value: 1, type: E.STT_FUNC, bind: E.STB_LOCAL });
    // A defined STB_WEAK function would count too (loader/version.ts: symtabBinding()).
    const doc = await run(b.build().bytes);
    // llext_allocate_symtab() has no message of its own.
    expectFailure(doc, [wrapper('Failed to allocate extension symbol table', -12)], ENOMEM);
    expect(doc.diagnostics.map((d) => d.code)).toContain('no-global-symbols');
  });

  it('has no data for a global symbol in an unmapped section without peek (filesystem loader)', async () => {
    const b = minimal();
    b.section({ name: '.note.ver', type: E.SHT_NOTE, flags: E.SHF_ALLOC, align: 4, data: [1, 0, 0, 0] });
    b.symbol({ name: 'version', section: '.note.ver', size: 4, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
    const bytes = b.build().bytes;
    expectFailure(
      await run(bytes, { options: { loader: 'fs' } }),
      [ERR('No data for section 2'), wrapper('Failed to copy symbols', -134)],
      ENOTSUP,
    );
    // The buffer loader peeks instead: the load succeeds (.note.ver lies at file offset 0x3c).
    const ok = await run(bytes);
    expect(ok.ok).toBe(true);
    expect(ok.log).toEqual(['<inf> llext: Loaded extension ext']);
  });
});

describe('llext_export_symbols', () => {
  /** .text + a one-entry .exported_sym whose pointers are already absolute (no relocations):
   * the name points at "entry" in the in-place .strtab, the address at .text + 1. */
  function exporter(): Uint8Array {
    const b = minimal();
    b.section({ name: '.exported_sym', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: new Uint8Array(8) });
    const f = b.build();
    const at = f.section('.exported_sym', 'sh_offset');
    f.setWord(at, 4, 0x20020000 + f.section('.strtab', 'sh_offset') + 1).setWord(at + 4, 4, 0x20020035);
    return f.bytes;
  }
  const setup = (bytes: number) => ({
    kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y' },
    heaps: { dynamic: 0x20008000 },
    actions: [`heap_init ${bytes}`, 'load ext 0'],
  });

  it('fails with -ENOMEM (wrapper line only) when exp_tab does not fit', async () => {
    // Everything but the metadata is used in place. Metadata in units: struct llext 25,
    // sect_map (6 sections * 8 = 48 bytes) 7, sym_tab (1 * 8 bytes) 2 = 34; exp_tab needs 2 more.
    // N = 320: heap_sz = 312 / 8 = 39, nb = bidx(39) + 1 = 6, chunk0 = ceil(40 / 8) = 5, F = 34.
    expectFailure(await run(exporter(), setup(320)), [wrapper('Failed to export', -12)], ENOMEM, 1);
    // N = 336: heap_sz = 41, F = 36: it fits.
    const ok = await run(exporter(), setup(336));
    expect(ok.log).toEqual(['<inf> llext: Loaded extension ext']);
    expect(ok.exports).toEqual([{ ext: 'ext', name: 'entry', addr: '0x20020035' }]);
  });
});

describe('llext_link', () => {
  it('rejects a SHT_REL section whose entry size is not 8', async () => {
    expectFailure(
      await run(hello().setSection('.rel.text', 'sh_entsize', 12).bytes),
      [ERR('Invalid entry size 12 for SHT_REL section 2'), wrapper(LINK, -8)],
      ENOEXEC,
    );
  });

  it('refuses SHT_RELA sections on ARM', async () => {
    const doc = await run(hello().setSection('.rel.text', 'sh_type', E.SHT_RELA).bytes);
    expectFailure(doc, [ERR('Found unsupported SHT_RELA section 2'), wrapper(LINK, -134)], ENOTSUP);
  });

  it('rejects a SHT_RELA section whose entry size is not 12 (non-ARM target)', async () => {
    const b = minimal({ machine: E.EM_RISCV });
    b.relocate('.text', [{ offset: 0, sym: 'entry', type: 1 }], { rela: true, entsize: 8 });
    const doc = await run(b.build().bytes, { arch: 'riscv' });
    expectFailure(doc, [ERR('Invalid entry size 8 for SHT_RELA section 2'), wrapper(LINK, -8)], ENOEXEC);
  });

  it('fails the sanity checks on sh_info >= e_shnum or a size that is not a multiple of the entry size', async () => {
    expectFailure(
      await run(hello().setSection('.rel.text', 'sh_info', 13).bytes),
      [ERR('Sanity checks failed for section 2 (info 13, size 24, entsize 8)'), wrapper(LINK, -8)],
      ENOEXEC,
    );
    expectFailure(
      await run(hello().setSection('.rel.text', 'sh_size', 20).bytes),
      [ERR('Sanity checks failed for section 2 (info 1, size 20, entsize 8)'), wrapper(LINK, -8)],
      ENOEXEC,
    );
  });

  it("passes on the filesystem loader's read error for a relocation entry past the end of the file", async () => {
    // llext_link() returns the loader's -EINVAL without a message of its own.
    const doc = await run(hello().setSection('.rel.text', 'sh_offset', 0x10000).bytes, { options: { loader: 'fs' } });
    expectFailure(doc, [wrapper(LINK, -22)], EINVAL);
  });

  it('fails when an allocated relocation target is not loaded (.ARM.exidx)', async () => {
    const b = minimal();
    b.section({
      name: '.ARM.exidx',
      type: E.SHT_ARM_EXIDX,
      flags: E.SHF_ALLOC | E.SHF_LINK_ORDER,
      align: 4,
      link: '.text',
      data: [0, 0, 0, 0, 1, 0, 0, 0],
    });
    b.symbol({ name: '', section: '.text', type: E.STT_SECTION });
    b.relocate('.ARM.exidx', [{ offset: 0, sym: 1, type: 42 /* R_ARM_PREL31 */ }]);
    const doc = await run(b.build().bytes);
    expectFailure(doc, [ERR('Section 2 not loaded in any memory region'), wrapper(LINK, -8)], ENOEXEC);
    expect(doc.diagnostics.map((d) => d.code)).toContain('unmapped-target');
  });

  it('fails with -ENODATA on an undefined symbol nobody exports', async () => {
    const lines = [
      ERR('Undefined symbol with no entry in symbol table printk, offset 20, link section 10'),
      ARCH_ERR('Could not find symbol printk!'),
      wrapper(LINK, -61),
    ];
    // At INF level the core resolves the symbol for its log line before arch_elf_relocate().
    const doc = await run(hello().bytes, { exports: {} });
    expectFailure(doc, lines, ENODATA);
    expect(doc.imports).toEqual([{ ext: 'ext', name: 'printk', slid: null, resolvedFrom: 'unresolved', addr: null }]);
    // At ERR level arch_elf_relocate() resolves it and prints the same two lines.
    expectFailure(await run(hello().bytes, { exports: {}, kconfig: { CONFIG_LLEXT_LOG_LEVEL: 1 } }), lines, ENODATA);
  });

  it('rejects a relocation whose symbol has a reserved or out-of-range section index', async () => {
    const file = (shndx: number) => {
      const b = minimal();
      b.symbol({ name: 'buf', section: shndx, type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
      b.relocate('.text', [{ offset: 4, sym: 'buf', type: E.R_ARM_ABS32 }]);
      return b.build().bytes;
    };
    expectFailure(
      await run(file(E.SHN_COMMON)),
      [
        ERR('cannot apply relocation: target symbol has unexpected section index 65522 (0xfff2)'),
        ARCH_ERR('Could not find symbol buf!'),
        wrapper(LINK, -8),
      ],
      ENOEXEC,
    );
    expectFailure(
      await run(file(50)),
      [
        ERR('cannot apply relocation: target symbol has unexpected section index 50 (0x32)'),
        ARCH_ERR('Could not find symbol buf!'),
        wrapper(LINK, -8),
      ],
      ENOEXEC,
    );
  });
});

describe('llext_bringup / llext_teardown', () => {
  /** .text in place at 0x20020034 (no relocations, persistent storage); init/fini tables as given. */
  function withTables(init: number[], fini: number[]): Uint8Array {
    const b = minimal();
    b.section({ name: '.init_array', type: E.SHT_INIT_ARRAY, flags: WA, align: 4, entsize: 4, data: b.words(init) });
    b.section({ name: '.fini_array', type: E.SHT_FINI_ARRAY, flags: WA, align: 4, entsize: 4, data: b.words(fini) });
    return b.build().bytes;
  }

  it('rejects an init function pointer outside the TEXT region with -EFAULT', async () => {
    const doc = await run(withTables([0x12345678], []), { actions: ['load ext 0', 'bringup ext'] });
    expect(doc.actions.map((a) => a.ret)).toEqual([0, -EFAULT]);
    expect(doc.log).toEqual([
      '<inf> llext: Loaded extension ext',
      ERR('bringup function 0 (0x12345678) outside text region'),
      ERR('Failed to get function table: -14'),
    ]);
    expect(doc.errno).toBe(EFAULT);
  });

  it('counts entries across the table and prints NULL as (nil); TEXT is [0x20020034, 0x2002003c)', async () => {
    const doc = await run(withTables([0x20020035, 0x2002003b, 0x2002003c], [0x20020035, 0]), {
      actions: ['load ext 0', 'bringup ext', 'teardown ext'],
    });
    expect(doc.actions.map((a) => a.ret)).toEqual([0, -EFAULT, -EFAULT]);
    expect(doc.log).toEqual([
      '<inf> llext: Loaded extension ext',
      ERR('bringup function 2 (0x2002003c) outside text region'),
      ERR('Failed to get function table: -14'),
      ERR('teardown function 1 ((nil)) outside text region'),
      ERR('Failed to get function table: -14'),
    ]);
  });
});
