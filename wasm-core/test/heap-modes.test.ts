// LLEXT heap modes and Kconfig: where regions land on a static heap, the Harvard
// instruction/data split, the dynamic heap API, use counts, storage types, and
// MPU/MMU rounding. Expected heap offsets are computed by hand with the rules of
// docs/zephyr-heap.md (32-bit small heap: 4-byte chunk header, 8-byte units);
// the arithmetic is in the comments.
//
// Allocator rules used below:
//   plain alloc (align <= 4): ceil((n + 4) / 8) units, returned at 8 * chunk + 4;
//   aligned alloc (align > 4): needs one free chunk of ceil((n + align) / 8) units, the
//   pointer is ROUND_UP(8 * c0 + 4, align) (absolute), its chunk c = floor((mem - 4) / 8),
//   units [c0, c) go back to the free lists, the used chunk ends at ceil((mem + n) / 8);
//   a fresh heap of N bytes has heap_sz = ((N - 4) & ~7) / 8 units and chunk0 =
//   ceil((16 + 4 * nb) / 8) units, nb = floor(log2(heap_sz)) + 1.
import { describe, expect, it } from 'vitest';
import type { RegionDoc, SimulationDocument } from '../src/document.js';
import { ElfBuilder } from './elf/builder.js';
import { ElfPatch } from './elf/patch.js';
import * as E from './elf/layout.js';
import { run } from './sim-harness.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const WA = E.SHF_ALLOC | E.SHF_WRITE;
const ENOENT = 2,
  ENOMEM = 12,
  EBUSY = 16,
  EEXIST = 17,
  ENOSYS = 88;

/**
 * The test extension, 8 sections (e_shnum = 8, so sect_map = 64 bytes):
 *   1 .text    AX, align 4, 24 bytes at file offset 0x34
 *   2 .data    WA, align 4, 12 bytes at 0x4c
 *   3 .rodata  A,  align 8, 20 bytes at 0x58
 *   4 .bss     NOBITS WA, align 4, 40 bytes
 *   5 .symtab  3 symbols (null, entry, counter): 48 bytes at 0x6c
 *   6 .strtab  "\0entry\0counter\0": 15 bytes
 *   7 .shstrtab 52 bytes
 * With `relocatedRodata`, an empty .rel.rodata after .rodata marks RODATA as having
 * relocations without applying any (so the relocation table is not needed).
 */
function sample(relocatedRodata = false): Uint8Array {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: new Uint8Array(24).fill(0xbf) });
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: WA, align: 4, data: b.words([1, 2, 3]) });
  b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 8, data: new Uint8Array(20).fill(0x5a) });
  if (relocatedRodata) b.relocate('.rodata', []);
  b.section({ name: '.bss', type: E.SHT_NOBITS, flags: WA, align: 4, size: 40 });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 24, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'counter', section: '.data', size: 4, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
  const f = b.build();
  // The layout the comments rely on.
  expect([
    f.section('.text', 'sh_offset'),
    f.section('.data', 'sh_offset'),
    f.section('.rodata', 'sh_offset'),
    f.section('.symtab', 'sh_size'),
    f.section('.strtab', 'sh_size'),
    f.section('.shstrtab', 'sh_size'),
  ]).toEqual([0x34, 0x4c, 0x58, 48, 15, relocatedRodata ? 64 : 52]);
  return f.bytes;
}

const HEAP = 0x20008000;
const at = (base: number, off: number) => '0x' + (base + off).toString(16).padStart(8, '0');
const regionMap = (doc: SimulationDocument) => Object.fromEntries(doc.regions.map((r) => [r.name, r])) as Record<string, RegionDoc>;

describe('static heap (CONFIG_LLEXT_HEAP_SIZE=8)', () => {
  it('places metadata and every region where sys_heap puts them (temporary storage)', async () => {
    const doc = await run(sample(), { options: { storage: 'temporary' } });
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
    // 8 KiB: heap_sz = 8184 / 8 = 1023, nb = 10, chunk0 = ceil(56 / 8) = 7. Allocation order
    // (llext_load.c: do_llext_load(), docs/zephyr-loader.md) and offsets:
    //   struct llext 192 B: 25 u at chunk 7   -> 60
    //   sect_map      64 B:  9 u at chunk 32  -> 260 (freed at the end of the load)
    //   SHSTRTAB      52 B:  7 u at chunk 41  -> 332
    //   STRTAB        15 B:  3 u at chunk 48  -> 388
    //   TEXT          24 B:  4 u at chunk 51  -> 412
    //   DATA          12 B:  2 u at chunk 55  -> 444
    //   RODATA 20 B align 8 (aligned path): c0 = 57, 8*57+4 = 460 -> 464, c = 57, 4 u -> 464
    //   BSS           40 B:  6 u at chunk 61  -> 492
    //   SYMTAB        48 B:  7 u at chunk 67  -> 540
    //   sym_tab 2*8 = 16 B:  3 u at chunk 74  -> 596 (freed at the end of the load)
    const R = regionMap(doc);
    const expected: [string, number, number, number][] = [
      ['SHSTRTAB', 332, 52, 1],
      ['STRTAB', 388, 15, 1],
      ['TEXT', 412, 24, 4],
      ['DATA', 444, 12, 4],
      ['RODATA', 464, 20, 8],
      ['BSS', 492, 40, 4],
      ['SYMTAB', 540, 48, 4],
    ];
    expect(doc.regions.map((r) => r.name)).toEqual(expected.map((x) => x[0]));
    for (const [name, off, size, align] of expected) {
      expect(R[name]).toMatchObject({ heap: 'llext_heap', addr: at(HEAP, off), size, allocSize: size, align, prepad: 0, inPlace: false });
    }
    // Used afterwards: 25 + 7 + 3 + 4 + 2 + 4 + 6 + 7 = 58 units (sect_map and sym_tab freed);
    // free = (1023 - 7 - 58) * 8; sym_tab's chunk merged with the tail: 1023 - 74 = 949 units,
    // so the largest plain allocation is 949 * 8 - 4.
    expect(doc.heaps).toEqual([{ name: 'llext_heap', base: '0x20008000', size: 8192, used: 464, free: 7664, largestFree: 7588 }]);
    // Sections sit at mem[region] + their offset in the region.
    expect(doc.sections.find((s) => s.name === '.rodata')!.addr).toBe(at(HEAP, 464));
    expect(doc.image['.data']).toBe('010000000200000003000000');
    expect(doc.image['.bss']).toBe('00'.repeat(40));
  });

  it('reports alloc_size at DBG level: sect_map cancels out, sym_tab is never subtracted', async () => {
    const doc = await run(sample(), { options: { storage: 'temporary' }, kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } });
    // 52 + 15 + 24 + 12 + 20 + 40 + 48 (regions) + 16 (sym_tab) = 227.
    expect(doc.log).toContain('<dbg> llext: do_llext_load: Loaded llext: 227 bytes in heap, .text at 0x2000819c, .rodata at 0x200081d0');
  });
});

describe('alignment pre-padding', () => {
  /** sample() with .text's sh_addralign changed (its file offset stays 0x34). */
  const textAligned = (align: number) => new ElfPatch(sample()).setSection('.text', 'sh_addralign', align).bytes;

  it('pads a region back to its alignment and places the section after the pad', async () => {
    // align 16: prepad = 0x34 & 15 = 4, so TEXT covers file 0x30-0x4b (28 bytes).
    // Heap (temporary storage): struct 60, sect_map 260, SHSTRTAB 332, STRTAB 388 as above,
    // then TEXT 28 B 16-aligned: c0 = 51, 8*51+4 = 412 -> 416, c = 51 -> 416 (0x1a0).
    const doc = await run(textAligned(16), { options: { storage: 'temporary' }, kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } });
    expect(regionMap(doc).TEXT).toMatchObject({ addr: at(HEAP, 416), size: 28, allocSize: 28, align: 16, prepad: 4 });
    expect(doc.sections.find((x) => x.name === '.text')!.addr).toBe(at(HEAP, 420));
    // entry (st_value 1) = .text's address + 1.
    expect(doc.log).toContain('<dbg> llext: llext_copy_symbols: function symbol 0 name entry addr 0x200081a5');
    expect(doc.image['.text']).toBe('bf'.repeat(24));
  });

  it('treats sh_addralign 0 as a mask of all ones: the pre-pad reaches back to file offset 0', async () => {
    // prepad = 0x34 & (0 - 1) = 0x34, so TEXT is 24 + 52 = 76 bytes from file offset 0.
    // align 0 takes the plain path: 76 B = 10 units at chunk 51 -> 412; .text at 412 + 52 = 464.
    const doc = await run(textAligned(0), { options: { storage: 'temporary' } });
    expect(regionMap(doc).TEXT).toMatchObject({ addr: at(HEAP, 412), size: 76, allocSize: 76, align: 0, prepad: 52 });
    expect(doc.sections.find((x) => x.name === '.text')!.addr).toBe(at(HEAP, 464));
    // In place, IS_ALIGNED(p, 0) is never true, so the region is copied after a warning.
    const persistent = await run(textAligned(0));
    expect(persistent.log).toEqual([
      '<wrn> llext: Cannot peek region 0: 0x20020000 not aligned to 0x0',
      '<inf> llext: Loaded extension ext',
    ]);
    expect(regionMap(persistent).TEXT).toMatchObject({ inPlace: false, heap: 'llext_heap' });
  });
});

describe('Harvard (CONFIG_HARVARD=y)', () => {
  it('puts TEXT in llext_instr_heap and everything else, metadata included, in llext_data_heap', async () => {
    const I = 0x20010000,
      D = 0x20030000;
    const doc = await run(sample(), {
      kconfig: { CONFIG_HARVARD: 'y' },
      heaps: { llext_instr_heap: I, llext_data_heap: D },
      options: { storage: 'temporary' },
    });
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
    expect(doc.heaps.map((h) => [h.name, h.base, h.size])).toEqual([
      ['llext_instr_heap', '0x20010000', 4096],
      ['llext_data_heap', '0x20030000', 8192],
    ]);
    // Instruction heap, 4 KiB: heap_sz = 4088 / 8 = 511, nb = 9, chunk0 = ceil(52 / 8) = 7:
    //   TEXT 24 B: chunk 7 -> 60.
    // Data heap, 8 KiB (chunk0 7): struct 60, sect_map 260, SHSTRTAB 332, STRTAB 388, then
    //   DATA 2 u at chunk 51 -> 412; RODATA: c0 = 53, 8*53+4 = 428 -> 432, c = 53 -> 432;
    //   BSS 6 u at chunk 57 -> 460; SYMTAB 7 u at chunk 63 -> 508.
    const R = regionMap(doc);
    expect(R.TEXT).toMatchObject({ heap: 'llext_instr_heap', addr: at(I, 60) });
    for (const [name, off] of [
      ['SHSTRTAB', 332],
      ['STRTAB', 388],
      ['DATA', 412],
      ['RODATA', 432],
      ['BSS', 460],
      ['SYMTAB', 508],
    ] as const) {
      expect(R[name]).toMatchObject({ heap: 'llext_data_heap', addr: at(D, off) });
    }
    // The instruction heap holds only TEXT's 4 units.
    expect(doc.heaps[0].used).toBe(32);
  });
});

describe('dynamic heap (CONFIG_LLEXT_HEAP_DYNAMIC=y)', () => {
  const DYN = 0x20040000;
  const dynamic = (actions: string[], kconfig: Record<string, string> = {}) =>
    run(sample(), {
      kconfig: { CONFIG_LLEXT_HEAP_DYNAMIC: 'y', ...kconfig },
      heaps: { dynamic: DYN, dynamic_instr: 0x20050000, dynamic_data: 0x20060000 },
      options: { storage: 'temporary' },
      actions,
    });

  it('follows llext_heap_init / llext_heap_uninit through a load, an unload and a reload', async () => {
    const doc = await dynamic([
      'load ext 0', // no heap yet: every allocation is NULL
      'heap_init 8192',
      'heap_init 8192', // already initialised
      'load ext 0',
      'heap_uninit', // an extension is loaded
      'unload ext',
      'heap_uninit',
      'heap_uninit', // not initialised any more
      'load ext 0',
      'heap_init 4096',
      'load ext 0', // works again on the new heap
    ]);
    expect(doc.actions.map((a) => `${a.action} ${a.ret}`)).toEqual([
      'load -12',
      'heap_init 0',
      `heap_init ${-EEXIST}`,
      'load 0',
      `heap_uninit ${-EBUSY}`,
      'unload 0',
      'heap_uninit 0',
      `heap_uninit ${-EEXIST}`,
      'load -12',
      'heap_init 0',
      'load 0',
    ]);
    expect(doc.log).toEqual([
      '<err> llext: Not enough memory for extension metadata',
      '<inf> llext: Loaded extension ext',
      '<err> llext: Not enough memory for extension metadata',
      '<inf> llext: Loaded extension ext',
    ]);
    expect(doc.errno).toBe(ENOMEM);
    // Both loads start from a fresh heap at the same base: TEXT at 412 as on the static 8 KiB
    // heap; on the 4 KiB one the offsets are the same (chunk0 is 7 units for both sizes).
    const texts = doc.regions.filter((r) => r.name === 'TEXT');
    expect(texts.map((r) => [r.heap, r.addr])).toEqual([
      ['llext_heap', at(DYN, 412)],
      ['llext_heap', at(DYN, 412)],
    ]);
    expect(doc.heaps.map((h) => [h.name, h.size])).toEqual([['llext_heap', 4096]]);
  });

  it('accepts only the init call that matches CONFIG_HARVARD', async () => {
    const flat = await dynamic(['heap_init_harvard 4096 8192', 'heap_uninit', 'heap_init 8192', 'load ext 0']);
    expect(flat.actions.map((a) => a.ret)).toEqual([-ENOSYS, -EEXIST, 0, 0]);
    const harvard = await dynamic(['heap_init 8192', 'heap_init_harvard 4096 8192', 'load ext 0'], { CONFIG_HARVARD: 'y' });
    expect(harvard.actions.map((a) => a.ret)).toEqual([-ENOSYS, 0, 0]);
    // Same placement as the static Harvard heaps, at the dynamic buffers.
    const R = regionMap(harvard);
    expect(R.TEXT).toMatchObject({ heap: 'llext_instr_heap', addr: at(0x20050000, 60) });
    expect(R.DATA).toMatchObject({ heap: 'llext_data_heap', addr: at(0x20060000, 412) });
  });

  it('returns -ENOSYS from the heap API without CONFIG_LLEXT_HEAP_DYNAMIC', async () => {
    const doc = await run(sample(), { actions: ['heap_init 4096', 'heap_uninit', 'heap_init_harvard 4096 4096', 'load ext 0'] });
    expect(doc.actions.map((a) => a.ret)).toEqual([-ENOSYS, -ENOSYS, -ENOSYS, 0]);
  });
});

describe('use counts', () => {
  it('returns the previous count on a repeated load and the remaining count on unload', async () => {
    const doc = await run(sample(), {
      actions: ['load ext 0', 'load ext 0', 'load ext 0', 'unload ext', 'unload ext', 'unload ext', 'load ext 0'],
    });
    expect(doc.actions.map((a) => a.ret)).toEqual([0, 1, 2, 2, 1, 0, 0]);
    // Only the first and the last load read the file.
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext', '<inf> llext: Loaded extension ext']);
  });

  it('matches names on their first 15 characters and never reads the file of a repeated load', async () => {
    const garbage = new Uint8Array([1, 2, 3, 4]);
    const doc = await run([sample(), garbage], {
      actions: ['load sensor_driver_v1 0', 'load sensor_driver_v2 1', 'unload sensor_driver_v9'],
    });
    expect(doc.actions.map((a) => a.ret)).toEqual([0, 1, 1]);
    expect(doc.log).toEqual(['<inf> llext: Loaded extension sensor_driver_v']);
    expect(doc.ok).toBe(true);
  });

  it('reports -ENOENT for unloading a name that is not loaded', async () => {
    const doc = await run(sample(), { actions: ['unload ext'] });
    expect(doc.actions[0].ret).toBe(-ENOENT);
  });
});

describe('storage types', () => {
  const inPlace = (doc: SimulationDocument) => Object.fromEntries(doc.regions.map((r) => [r.name, r.inPlace]));

  it('PERSISTENT uses in place only regions without SHF_WRITE and without relocations (default buffer loader)', async () => {
    const doc = await run(sample(true));
    expect(inPlace(doc)).toEqual({ SHSTRTAB: true, STRTAB: true, TEXT: true, DATA: false, RODATA: false, BSS: false, SYMTAB: true });
    // In place means mem = ELF buffer + file offset.
    expect(regionMap(doc).TEXT).toMatchObject({ addr: '0x20020034', heap: null, allocSize: 0 });
    const explicit = await run(sample(true), { options: { storage: 'persistent' } });
    expect(inPlace(explicit)).toEqual(inPlace(doc));
  });

  it('WRITABLE uses every region with file data in place', async () => {
    const expected = { SHSTRTAB: true, STRTAB: true, TEXT: true, DATA: true, RODATA: true, BSS: false, SYMTAB: true };
    expect(inPlace(await run(sample(true), { options: { storage: 'writable' } }))).toEqual(expected);
    // The buffer loader's default with CONFIG_LLEXT_STORAGE_WRITABLE=y.
    expect(inPlace(await run(sample(true), { kconfig: { CONFIG_LLEXT_STORAGE_WRITABLE: 'y' } }))).toEqual(expected);
    expect(regionMap(await run(sample(true), { options: { storage: 'writable' } })).RODATA.addr).toBe('0x20020058');
  });

  it('TEMPORARY (and the filesystem loader) copies everything', async () => {
    const none = { SHSTRTAB: false, STRTAB: false, TEXT: false, DATA: false, RODATA: false, BSS: false, SYMTAB: false };
    expect(inPlace(await run(sample(true), { options: { storage: 'temporary' } }))).toEqual(none);
    const fs = await run(sample(true), { options: { loader: 'fs' } });
    expect(inPlace(fs)).toEqual(none);
    // Without peek the 9 section headers (9 * 40 = 360 bytes: 46 units) are copied to the heap
    // right after sect_map (9 * 8 = 72 bytes: 10 units at chunk 32), i.e. at chunk 42, so
    // SHSTRTAB (64 bytes: 9 units) lands at chunk 88: 8 * 88 + 4 = 708.
    expect(regionMap(fs).SHSTRTAB.addr).toBe(at(HEAP, 708));
  });
});

describe('memory protection rounding', () => {
  it('rounds SHF_ALLOC regions to a power of two with USERSPACE + MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT', async () => {
    const doc = await run(sample(), {
      kconfig: { CONFIG_USERSPACE: 'y', CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: 'y' },
      options: { storage: 'temporary' },
    });
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
    // With USERSPACE struct llext also holds mem_parts[4] (4 * 12 bytes): 240 bytes, 31 units.
    //   struct 31 u at chunk 7 -> 60; sect_map 9 u at 38 -> 308; SHSTRTAB 7 u at 47 -> 380;
    //   STRTAB 3 u at 54 -> 436.
    //   TEXT 24 -> 32 B 32-aligned: c0 = 57, 460 -> 480, c = 59, prefix 57 (2 u, bucket 1) -> 480
    //   DATA 12 -> 32/32: c0 = 64, 516 -> 544, c = 67, prefix 64 (3 u, bucket 1)        -> 544
    //   RODATA 20 (align 8) -> 32/32: c0 = 72, 580 -> 608, c = 75, prefix 72 (3 u, bucket 1) -> 608
    //   BSS 40 -> 64/64: c0 = 80, 644 -> 704, c = 87, prefix 80 (7 u, bucket 2)           -> 704
    //   SYMTAB (not SHF_ALLOC, not rounded) 48 B = 7 u: bucket 2 holds chunk 80 (7 u)     -> 644
    //   sym_tab 16 B = 3 u: bucket 1 = [57 (2 u), 64, 72]: 57 is too small, 64 fits      -> 516
    const R = regionMap(doc);
    const expected: [string, number, number, number, number][] = [
      ['TEXT', 480, 24, 32, 32],
      ['DATA', 544, 12, 32, 32],
      ['RODATA', 608, 20, 32, 32],
      ['BSS', 704, 40, 64, 64],
      ['SYMTAB', 644, 48, 48, 4],
      ['SHSTRTAB', 380, 52, 52, 1],
      ['STRTAB', 436, 15, 15, 1],
    ];
    for (const [name, off, size, allocSize, align] of expected) {
      expect(R[name]).toMatchObject({ addr: at(HEAP, off), size, allocSize, align });
    }
  });

  it('rounds SHF_ALLOC regions to whole pages with CONFIG_MMU', async () => {
    const doc = await run(sample(), {
      kconfig: { CONFIG_MMU: 'y', CONFIG_MMU_PAGE_SIZE: 4096, CONFIG_LLEXT_HEAP_SIZE: 64 },
      options: { storage: 'temporary' },
    });
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
    // 64 KiB: heap_sz = 65528 / 8 = 8191, nb = 13, chunk0 = ceil(68 / 8) = 9.
    //   struct 25 u at 9 -> 76; sect_map 9 u at 34 -> 276; SHSTRTAB 7 u at 43 -> 348; STRTAB 3 u at 50 -> 404.
    //   TEXT   4096/4096: c0 = 53,   428 -> 0x1000, c = 511,  prefix 53..510 (458 u)
    //   DATA   4096/4096: c0 = 1024, 8196 -> 0x3000, c = 1535, prefix 511 u
    //   RODATA 4096/4096: c0 = 2048, 16388 -> 0x5000, c = 2559, prefix 511 u
    //   BSS    4096/4096: c0 = 3072, 24580 -> 0x7000, c = 3583, prefix 511 u
    //   SYMTAB 48 B (7 u): only bucket 8 (the prefixes) is non-empty: its head, chunk 53 -> 428
    const R = regionMap(doc);
    const expected: [string, number, number, number, number][] = [
      ['TEXT', 0x1000, 24, 4096, 4096],
      ['DATA', 0x3000, 12, 4096, 4096],
      ['RODATA', 0x5000, 20, 4096, 4096],
      ['BSS', 0x7000, 40, 4096, 4096],
      ['SYMTAB', 428, 48, 48, 4],
      ['SHSTRTAB', 348, 52, 52, 1],
      ['STRTAB', 404, 15, 15, 1],
    ];
    for (const [name, off, size, allocSize, align] of expected) {
      expect(R[name]).toMatchObject({ addr: at(HEAP, off), size, allocSize, align });
    }
  });

  it('does not round without USERSPACE on an MPU target', async () => {
    const doc = await run(sample(), {
      kconfig: { CONFIG_ARM_MPU: 'y', CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: 'y' },
      options: { storage: 'temporary' },
    });
    expect(regionMap(doc).TEXT).toMatchObject({ addr: at(HEAP, 412), allocSize: 24, align: 4 });
  });
});
