// CONFIG_LLEXT_HEAP_MEMBLK: extension regions in sys_mem_blocks pools, metadata in its
// own k_heap (subsys/llext/llext_memblk.c). Expected block indexes and heap offsets are
// worked out by hand in the comments from:
//   - sys_mem_blocks / sys_bitarray (lib/mem_blocks/mem_blocks.c, lib/utils/bitarray.c):
//     a pool of more than 32 blocks gives the lowest run of free blocks (first fit); a
//     pool of at most 32 blocks takes bitmask_find_gap(first_match = false): gaps are
//     visited from the top, an exact fit wins at once, else the smallest gap that fits
//     (the highest among equals), and the run starts at the gap's lowest block;
//   - LLEXT: a region asks for ROUND_UP(size, BLOCK_SIZE) bytes, i.e. ceil(size / 32)
//     blocks with the default 32-byte blocks, and BLOCK_SIZE % align must be 0;
//   - the metadata k_heap follows docs/zephyr-heap.md (32-bit small heap: 4-byte
//     chunk header, 8-byte units; a 4 KiB heap has heap_sz = 4088 / 8 = 511 units,
//     nb = 9 buckets, chunk0 = ceil((16 + 4 * 9) / 8) = 7 units).
import { describe, expect, it } from 'vitest';
import type { RegionDoc, SimulationDocument } from '../src/document.js';
import { freshInstance } from '../src/wasm.js';
import { ElfBuilder } from './elf/builder.js';
import { ElfPatch } from './elf/patch.js';
import * as E from './elf/layout.js';
import { minHeap } from '../src/engine.js';
import { configText, run } from './sim-harness.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const WA = E.SHF_ALLOC | E.SHF_WRITE;
const ENOMEM = 12;

/**
 * The extension of heap-modes.test.ts: .text 24 B (align 4), .data 12 B (4), .rodata 20 B
 * (8, file offset 0x58), .bss 40 B (4), .symtab 48 B, .strtab 15 B, .shstrtab 52 B;
 * 8 sections, so sect_map is 64 bytes.
 */
function sample(): Uint8Array {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: new Uint8Array(24).fill(0xbf) });
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: WA, align: 4, data: b.words([1, 2, 3]) });
  b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 8, data: new Uint8Array(20).fill(0x5a) });
  b.section({ name: '.bss', type: E.SHT_NOBITS, flags: WA, align: 4, size: 40 });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 24, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'counter', section: '.data', size: 4, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
  const f = b.build();
  expect([
    f.section('.rodata', 'sh_offset'),
    f.section('.symtab', 'sh_size'),
    f.section('.strtab', 'sh_size'),
    f.section('.shstrtab', 'sh_size'),
  ]).toEqual([0x58, 48, 15, 52]);
  return f.bytes;
}

const META = 0x20008000;
const POOL = 0x20010000;
const at = (base: number, off: number) => '0x' + (base + off).toString(16).padStart(8, '0');
const regionMap = (doc: SimulationDocument, ext = 'ext') =>
  Object.fromEntries(doc.regions.filter((r) => r.ext === ext).map((r) => [r.name, r])) as Record<string, RegionDoc>;

function memblk(kconfig: Record<string, string | number> = {}, actions?: string[], file = sample()) {
  return run(file, {
    kconfig: { CONFIG_LLEXT_HEAP_MEMBLK: 'y', ...kconfig },
    heaps: { llext_metadata_heap: META, llext_ext_heap: POOL },
    options: { storage: 'temporary' },
    actions,
  });
}

describe('sys_mem_blocks block choice (memBlocksRun)', () => {
  const pool = async (blocks: number, ops: string) =>
    JSON.parse((await freshInstance()).memBlocksRun(blocks, 32, ops)) as { results: number[]; runs: number[][] };

  it('allocates the lowest free run in a pool of more than 32 blocks', async () => {
    // 3 blocks at 0, 2 at 3; free 0-2; 2 blocks: bits 0-1 are free -> 0; 2 more: 2 is free
    // but 3 is taken, 4 too, so the run starts at 5.
    const r = await pool(512, 'a:3 a:2 f:0:3 a:2 a:2');
    expect(r.results).toEqual([0, 3, 0, 0, 5]);
    expect(r.runs).toEqual([
      [0, 2, 1],
      [2, 1, 0],
      [3, 2, 1],
      [5, 2, 1],
      [7, 505, 0],
    ]);
  });

  it('takes the best-fitting gap, highest first, in a pool of at most 32 blocks', async () => {
    // 4 at 0, 2 at 4, 3 at 6, 23 at 9 (an exact fit of the top gap 9-31): the pool is full.
    // Free 0-3 and 6-8: gaps of 4 (at 0) and 3 (at 6). Two blocks: no exact gap, the
    // smallest one is 6-8 -> 6 (first fit would say 0). Four blocks: the 4-block gap -> 0.
    const r = await pool(32, 'a:4 a:2 a:3 a:23 f:0:4 f:6:3 a:2 a:4');
    expect(r.results).toEqual([0, 4, 6, 9, 0, 0, 6, 0]);
    expect(r.runs).toEqual([
      [0, 4, 1],
      [4, 2, 1],
      [6, 2, 1],
      [8, 1, 0],
      [9, 23, 1],
    ]);
    // Equal gaps: 0-2 and 6-8 both hold 3 blocks; the higher one is met first and kept.
    const tie = await pool(32, 'a:3 a:3 a:3 a:23 f:0:3 f:6:3 a:2');
    expect(tie.results.at(-1)).toBe(6);
  });

  it('fails the way sys_mem_blocks does', async () => {
    // More blocks than the pool has, and a full pool: -ENOMEM. Freeing blocks that are not
    // all allocated: -EFAULT; a run past the end: -EINVAL; a first block past the end: -EFAULT.
    const r = await pool(32, 'a:33 a:32 a:1 f:0:32 f:0:1 f:30:4 f:40:1');
    expect(r.results).toEqual([-ENOMEM, 0, -ENOMEM, 0, -14, -22, -14]);
  });
});

describe('CONFIG_LLEXT_HEAP_MEMBLK=y (16 KiB pool of 512 blocks of 32 bytes)', () => {
  it('puts every region in whole blocks of llext_ext_heap and the metadata in llext_metadata_heap', async () => {
    const doc = await memblk({ CONFIG_LLEXT_LOG_LEVEL: 4 });
    expect(doc.ok).toBe(true);
    // Regions in allocation order, each rounded to whole 32-byte blocks, first fit:
    //   SHSTRTAB 52 -> 64 (blocks 0-1), STRTAB 15 -> 32 (2), TEXT 24 -> 32 (3), DATA 12 -> 32 (4),
    //   RODATA 20 -> 32 (5; align 8 divides 32), BSS 40 -> 64 (6-7), SYMTAB 48 -> 64 (8-9).
    const expected: [string, number, number, number][] = [
      ['SHSTRTAB', 0, 52, 64],
      ['STRTAB', 64, 15, 32],
      ['TEXT', 96, 24, 32],
      ['DATA', 128, 12, 32],
      ['RODATA', 160, 20, 32],
      ['BSS', 192, 40, 64],
      ['SYMTAB', 256, 48, 64],
    ];
    const R = regionMap(doc);
    expect(doc.regions.map((r) => r.name)).toEqual(expected.map((x) => x[0]));
    for (const [name, off, size, alloc] of expected) {
      expect(R[name]).toMatchObject({ heap: 'llext_ext_heap', addr: at(POOL, off), size, allocSize: alloc, inPlace: false });
    }
    // alloc_size: 64 + 32 + 32 + 32 + 32 + 64 + 64 (rounded regions) + 16 (sym_tab) = 336.
    expect(doc.log).toContain('<dbg> llext: do_llext_load: Loaded llext: 336 bytes in heap, .text at 0x20010060, .rodata at 0x200100a0');
    // Metadata heap: struct llext is 284 bytes with mem_alloc_map (192 + 4 for idx + 11 * 8
    // for the map), 36 units at chunk 7 -> 60; sect_map 64 B, 9 units at chunk 43 -> 348;
    // sym_tab 16 B, 3 units at chunk 52 -> 420. sect_map is freed again; at DBG level the
    // sym_tab stays, so 39 units are used, and the largest free chunk is the tail from
    // chunk 55: 456 units, 456 * 8 - 4 bytes for one allocation.
    expect(doc.heaps).toEqual([
      { name: 'llext_metadata_heap', base: '0x20008000', size: 4096, used: 312, free: 3720, largestFree: 3644 },
      // 10 blocks used, 502 free in one run.
      { name: 'llext_ext_heap', base: '0x20010000', size: 16384, used: 320, free: 16064, largestFree: 16064, blockSize: 32, blocks: 512 },
    ]);
    expect(doc.image['.data']).toBe('010000000200000003000000');
    expect(doc.image['.bss']).toBe('00'.repeat(40));
    // At INF level sym_tab is freed too: only struct llext's 36 units remain (36 units hold
    // 277 to 284 bytes, so the struct did grow by the allocation map), and the free space
    // from chunk 43 to the end is one chunk of 468 units.
    const inf = await memblk();
    expect(inf.heaps[0]).toEqual({ name: 'llext_metadata_heap', base: '0x20008000', size: 4096, used: 288, free: 3744, largestFree: 3740 });
  });

  it('refuses a region aligned more strictly than a block', async () => {
    // .rodata aligned to 64: pre-pad 0x58 & 63 = 24, so RODATA is 44 bytes, rounded to 64,
    // and BLOCK_SIZE % 64 = 32 != 0. The regions taken so far are freed again.
    const file = new ElfPatch(sample()).setSection('.rodata', 'sh_addralign', 64).bytes;
    const doc = await memblk({}, undefined, file);
    expect(doc.errno).toBe(ENOMEM);
    expect(doc.log).toEqual([
      '<err> llext: Requested alignment 64 not possible with block alignment 32',
      '<err> llext: Failed allocating 64 bytes 64-aligned for region 2',
      '<err> llext: Failed to copy regions, ret -12',
    ]);
    expect(doc.heaps[1]).toMatchObject({ used: 0, free: 16384 });
    // With 64-byte blocks the same file loads: RODATA gets one block, 64-aligned.
    const big = await memblk({ CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE: 64 }, undefined, file);
    expect(big.ok).toBe(true);
    // SHSTRTAB 52 -> 1 block (0), STRTAB (1), TEXT (2), DATA (3), RODATA -> block 4 = 256.
    expect(regionMap(big).RODATA).toMatchObject({ addr: at(POOL, 256), size: 44, allocSize: 64, align: 64, prepad: 24 });
    expect(big.sections.find((s) => s.name === '.rodata')!.addr).toBe(at(POOL, 256 + 24));
  });
});

describe('CONFIG_LLEXT_HEAP_MEMBLK with a 1 KiB pool (32 blocks: best fit)', () => {
  it('runs out of blocks, frees them on unload and refills the best-fitting gap first', async () => {
    const doc = await memblk({ CONFIG_LLEXT_EXT_HEAP_SIZE: 1 }, [
      'load a 0',
      'load b 0',
      'load c 0', // 10 blocks each: 0-9, 10-19, 20-29
      'load d 0', // SHSTRTAB takes 30-31, STRTAB finds nothing
      'unload b', // 10-19 free again
      'load e 0',
    ]);
    expect(doc.actions.map((a) => `${a.action} ${a.ext} ${a.ret}`)).toEqual([
      'load a 0',
      'load b 0',
      'load c 0',
      'load d -12',
      'unload b 0',
      'load e 0',
    ]);
    expect(doc.log.filter((l) => l.startsWith('<err>'))).toEqual([
      '<err> llext: Failed allocating 32 bytes 1-aligned for region 6',
      '<err> llext: Failed to copy ELF string sections, ret -12',
    ]);
    expect(regionMap(doc, 'b').TEXT.addr).toBe(at(POOL, 13 * 32));
    // d's SHSTRTAB (blocks 30-31) was freed when its load failed. For e the gaps are
    // 10-19 (10 blocks) and 30-31 (2): SHSTRTAB's 2 blocks fit 30-31 exactly; then only
    // 10-19 is left: STRTAB 10, TEXT 11, DATA 12, RODATA 13, BSS 14-15, SYMTAB 16-17.
    const e = regionMap(doc, 'e');
    expect([e.SHSTRTAB, e.STRTAB, e.TEXT, e.DATA, e.RODATA, e.BSS, e.SYMTAB].map((r) => r.addr)).toEqual(
      [30, 10, 11, 12, 13, 14, 16].map((b) => at(POOL, b * 32)),
    );
    // a, c and e hold 30 blocks.
    expect(doc.heaps[1]).toMatchObject({ used: 960, free: 64, largestFree: 64 });
  });
});

describe('CONFIG_LLEXT_HEAP_MEMBLK on a Harvard target', () => {
  it('uses an instruction pool for TEXT, a data pool for the rest and the metadata heap for metadata', async () => {
    const I = 0x20040000,
      D = 0x20050010;
    const doc = await run(sample(), {
      kconfig: { CONFIG_LLEXT_HEAP_MEMBLK: 'y', CONFIG_HARVARD: 'y' },
      heaps: { llext_metadata_heap: META, llext_instr_heap_buf: I, llext_data_heap_buf: D },
      options: { storage: 'temporary' },
      actions: ['load ext 0', 'unload ext'],
    });
    expect(doc.ok).toBe(true);
    // The data buffer is __aligned(32): 0x20050010 becomes 0x20050020.
    const D32 = 0x20050020;
    expect(doc.heaps.map((h) => [h.name, h.base, h.size, h.blocks ?? null])).toEqual([
      ['llext_metadata_heap', '0x20008000', 4096, null],
      ['llext_instr_heap', '0x20040000', 4096, 128],
      ['llext_data_heap', '0x20050020', 8192, 256],
    ]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('memblk-buffer-aligned');
    // Instruction pool: TEXT in block 0. Data pool: SHSTRTAB 0-1, STRTAB 2, DATA 3,
    // RODATA 4, BSS 5-6, SYMTAB 7-8.
    const R = regionMap(doc);
    expect(R.TEXT).toMatchObject({ heap: 'llext_instr_heap', addr: at(I, 0) });
    for (const [name, block] of [
      ['SHSTRTAB', 0],
      ['STRTAB', 2],
      ['DATA', 3],
      ['RODATA', 4],
      ['BSS', 5],
      ['SYMTAB', 7],
    ] as const) {
      expect(R[name]).toMatchObject({ heap: 'llext_data_heap', addr: at(D32, block * 32) });
    }
    // The unload gives every block and every metadata chunk back.
    expect(doc.heaps.map((h) => h.used)).toEqual([0, 0, 0]);
  });
});

describe('minimum heap sizes with CONFIG_LLEXT_HEAP_MEMBLK', () => {
  it("probes with pools that fit the board's memory, not 4 MiB", async () => {
    // A call of a function the extension does not export fails whatever the heap: the
    // answer names the largest probe. With a 256 KiB SRAM the metadata heap at 0x20008000
    // leaves 224 KiB; without a memory map the probe is 4 MiB.
    const setup = {
      kconfig: { CONFIG_LLEXT_HEAP_MEMBLK: 'y' },
      heaps: { llext_metadata_heap: META, llext_ext_heap: POOL },
      options: { storage: 'temporary' },
      actions: ['load ext 0', 'call ext no_such_function'],
    };
    const sram = 'memory sram 0x20000000 0x00040000 rwx\n';
    expect(await minHeap({ files: [sample()], config: configText(setup) + sram })).toEqual({
      error: 'the extension does not load even with 224 KiB block pools: the failure is not about heap size',
    });
    expect(await minHeap({ files: [sample()], config: configText(setup) })).toEqual({
      error: 'the extension does not load even with 4 MiB block pools: the failure is not about heap size',
    });
  });

  it('sizes the pool in whole blocks and the metadata heap separately', async () => {
    // 2 KiB blocks: each of the 7 regions takes one block, so the pool needs 7 blocks =
    // 14 KiB (pool sizes go in steps of 2 KiB to stay whole blocks). The metadata peak,
    // struct 36 + sect_map 9 + sym_tab 3 units, fits a 1 KiB heap (127 units, chunk0 6).
    const config = configText({
      kconfig: { CONFIG_LLEXT_HEAP_MEMBLK: 'y', CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE: 2048 },
      heaps: { llext_metadata_heap: META, llext_ext_heap: POOL },
      options: { storage: 'temporary' },
    });
    expect(await minHeap({ files: [sample()], config })).toEqual({
      sizes: [
        { name: 'CONFIG_LLEXT_METADATA_HEAP_SIZE', kib: 1 },
        { name: 'CONFIG_LLEXT_EXT_HEAP_SIZE', kib: 14 },
      ],
    });
  });
});
