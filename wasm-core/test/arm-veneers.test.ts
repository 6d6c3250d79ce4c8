// CONFIG_LLEXT_VENEERS (arch/arm/core/elf.c: arch_elf_relocate()): an out-of-range Thumb
// BL/B.W goes through an 8-byte veneer {LDR.W PC, [PC, #0]; .word S} in the
// LLEXT_MEM_VENEER region, which arch_elf_veneer_init() sizes at one entry per
// THM_CALL/THM_JUMP24 to an undefined symbol. Addresses and instruction bytes below are
// computed by hand; heap offsets follow docs/zephyr-heap.md as in heap-modes.test.ts
// (8 KiB small heap at 0x20008000: chunk0 = 7 units, a block of n bytes takes
// ceil((n + 4) / 8) units and starts at 8 * chunk + 4).
//
// Thumb BL/B.W encoding used in the comments: off = S - P + A (A = -4 for the usual
// f7ff fffe / f7ff bffe placeholders); upper = 0xf000 | s << 10 | imm10,
// lower = (lower & 0xd000) | J1 << 13 | J2 << 11 | imm11, imm11 = (off >> 1) & 0x7ff; for
// small positive offsets s = 0, J1 = J2 = 1 and imm10 = 0.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { run } from './sim-harness.js';

const R_ARM_THM_CALL = 10;
const R_ARM_THM_JUMP24 = 30;
const ENOEXEC = 8;
const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;

const shortCalls = () =>
  new Uint8Array(readFileSync(new URL('../../public/samples/relative_calls/relative_calls.short-calls.llext', import.meta.url)));
const FLASH = { printk: 0x1219 };

describe('relative_calls.short-calls.llext (BL printk from SRAM to flash)', () => {
  it('fails without veneers', async () => {
    // struct llext 192 B: 25 units at chunk 7; sect_map (13 sections, 104 B): 14 units at
    // chunk 32; TEXT 72 B: 10 units at chunk 46 -> 0x174. The BL to printk is at .text + 0x3a.
    const doc = await run(shortCalls(), { exports: FLASH });
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.message).toBe("sym 'printk': relocation out of range (0x200081ae -> 0x1219)");
    expect(doc.regions.map((r) => `${r.region} ${r.name}`)).toEqual([
      '7 SHSTRTAB',
      '6 STRTAB',
      '0 TEXT',
      '2 RODATA',
      '4 EXPORT',
      '5 SYMTAB',
    ]);
  });

  it('loads with CONFIG_LLEXT_VENEERS=y: the BL goes to a veneer that jumps to printk', async () => {
    const doc = await run(shortCalls(), { exports: FLASH, kconfig: { CONFIG_LLEXT_VENEERS: 'y' } });
    expect(doc.ok, doc.message).toBe(true);
    // LLEXT_MEM_VENEER is region 3; BSS..FINI move up by one (EXPORT 5, SYMTAB 6, ...).
    expect(doc.regions.map((r) => `${r.region} ${r.name}`)).toEqual([
      '8 SHSTRTAB',
      '7 STRTAB',
      '0 TEXT',
      '2 RODATA',
      '3 VENEER',
      '5 EXPORT',
      '6 SYMTAB',
    ]);
    // struct llext grows to 200 B (12 regions): 26 units at chunk 7; sect_map 14 units at
    // chunk 33; TEXT 10 units at chunk 47 -> 0x17c; one veneer (one BL to an undefined
    // symbol), 8 bytes NOBITS: 2 units at chunk 57 -> 0x1cc; EXPORT 8 B at chunk 59 -> 0x1dc.
    const V = doc.regions.find((r) => r.name === 'VENEER')!;
    expect(V).toMatchObject({ heap: 'llext_heap', addr: '0x200081cc', size: 8, allocSize: 8, align: 4, inPlace: false });
    expect(doc.regions.find((r) => r.name === 'TEXT')!.addr).toBe('0x2000817c');
    // The veneer: LDR.W PC, [PC, #0] (f8df f000, little-endian halfwords) and printk's address.
    expect(doc.image.LLEXT_MEM_VENEER).toBe('dff800f0' + '19120000');
    // The BL at P = 0x2000817c + 0x3a = 0x200081b6 now targets the veneer, S = 0x200081cc | 1:
    // off = 0x200081cd - 0x200081b6 - 4 = 0x13, imm11 = 9: f000 f809, i.e. a branch to
    // P + 4 + 0x12 = 0x200081cc.
    const bl = doc.relocations.find((r) => r.symbol === 'printk')!;
    expect(bl).toMatchObject({
      typeName: 'R_ARM_THM_CALL',
      P: '0x200081b6',
      S: '0x200081cd',
      value: '0x00000013',
      before: 'fff7feff',
      after: '00f009f8',
      ret: 0,
    });
    expect(doc.image['.text'].slice(0x3a * 2, 0x3e * 2)).toBe('00f009f8');
    // The ABI side stands in for ld's own stub with the same bytes, and says so.
    expect(bl.abiAfter).toBe(bl.after);
    expect(bl.quirk).toContain('LLEXT_MEM_VENEER');
    expect(doc.diagnostics.filter((d) => d.code === 'veneer').map((d) => d.text)).toEqual([
      'Veneer 0 at 0x200081cc (region VENEER) for printk: LDR.W PC, [PC, #0] (f8df f000) + .word 0x00001219; the branch at 0x200081b6 now goes to 0x200081cd.',
    ]);
  });
});

/**
 * .text (16 bytes): BL printk; BL printk; B.W k_sleep; BL entry (entry = .text + 0, Thumb).
 * Three relocations name undefined symbols, so three veneers are reserved.
 */
function calls(): Uint8Array {
  const b = new ElfBuilder();
  const bl = [0xff, 0xf7, 0xfe, 0xff];
  const bw = [0xff, 0xf7, 0xfe, 0xbf];
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...bl, ...bl, ...bw, ...bl] });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 16, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.symbol({ name: 'k_sleep', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [
    { offset: 0, sym: 'printk', type: R_ARM_THM_CALL },
    { offset: 4, sym: 'printk', type: R_ARM_THM_CALL },
    { offset: 8, sym: 'k_sleep', type: R_ARM_THM_JUMP24 },
    { offset: 12, sym: 'entry', type: R_ARM_THM_CALL },
  ]);
  return b.build().bytes;
}

describe('veneer table', () => {
  it('reuses the entry of a target and claims the next free one for a new target', async () => {
    const doc = await run(calls(), { exports: { printk: 0x1219, k_sleep: 0x2001 }, kconfig: { CONFIG_LLEXT_VENEERS: 'y' } });
    expect(doc.ok, doc.message).toBe(true);
    // 6 sections -> sect_map 48 B. struct 26 units at chunk 7, sect_map 7 units at chunk 33,
    // TEXT 16 B: 3 units at chunk 40 -> 0x144; VENEER 3 * 8 = 24 B: 4 units at chunk 43 -> 0x15c.
    expect(doc.regions.find((r) => r.name === 'TEXT')!.addr).toBe('0x20008144');
    expect(doc.regions.find((r) => r.name === 'VENEER')).toMatchObject({ addr: '0x2000815c', size: 24 });
    // Entry 0 for printk, entry 1 for k_sleep (Thumb bit kept in the word), entry 2 unused.
    expect(doc.image.LLEXT_MEM_VENEER).toBe('dff800f019120000' + 'dff800f001200000' + '0000000000000000');
    const rel = doc.relocations.map((r) => [r.P, r.S, r.after]);
    expect(rel).toEqual([
      // P 0x20008144 -> entry 0: off = 0x2000815d - 0x20008144 - 4 = 0x15, imm11 = 0xa.
      ['0x20008144', '0x2000815d', '00f00af8'],
      // P 0x20008148 -> entry 0 again: off = 0x11, imm11 = 8.
      ['0x20008148', '0x2000815d', '00f008f8'],
      // B.W at 0x2000814c -> entry 1 (0x20008164): off = 0x15; B.W keeps lower bit 12 clear of
      // bit 14: (0xbffe & 0xd000) | 0x2800 | 0xa = 0xb80a.
      ['0x2000814c', '0x20008165', '00f00ab8'],
      // In range, no veneer: BL to entry = 0x20008145 from 0x20008150, off = -0xf:
      // s = 1, imm10 = 0x3ff, imm11 = 0x7f8, J1 = J2 = 1: f7ff fff8.
      ['0x20008150', '0x20008145', 'fff7f8ff'],
    ]);
    expect(doc.relocations.map((r) => r.quirk === null)).toEqual([false, false, false, true]);
    expect(doc.diagnostics.filter((d) => d.code === 'veneer').map((d) => d.text.slice(0, 32))).toEqual([
      'Veneer 0 at 0x2000815c (region V',
      'Veneer 1 at 0x20008164 (region V',
    ]);
    expect(doc.diagnostics.find((d) => d.code === 'veneer-table')!.text).toBe(
      'Reserved 3 veneers (24 bytes, region VENEER) for the Thumb BL/B.W relocations to undefined symbols.',
    );
  });

  it('reserves nothing for calls to defined symbols, so such a call stays out of range', async () => {
    // A Thumb function in .rodata, which stays in place in the ELF buffer at 0x30000000
    // (persistent storage), called from TEXT in the heap: 256 MiB away, and not an
    // undefined symbol, so no veneer exists for it. TEXT: struct 26 u, sect_map
    // (7 sections, 56 B) 8 units at chunk 33, TEXT 4 B: 1 unit at chunk 41 -> 0x14c.
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0xff, 0xf7, 0xfe, 0xff] });
    b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: [0x70, 0x47, 0, 0] });
    b.symbol({ name: 'far_fn', section: '.rodata', value: 1, size: 2, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.relocate('.text', [{ offset: 0, sym: 'far_fn', type: R_ARM_THM_CALL }]);
    const f = b.build();
    const rodata = 0x30000000 + Number(f.section('.rodata', 'sh_offset'));
    const doc = await run(f.bytes, { elfbuf: 0x30000000, kconfig: { CONFIG_LLEXT_VENEERS: 'y' } });
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.message).toBe(`sym 'far_fn': relocation out of range (0x2000814c -> 0x${(rodata + 1).toString(16)})`);
    expect(doc.regions.some((r) => r.name === 'VENEER')).toBe(false);
    expect(doc.diagnostics.find((d) => d.code === 'veneer-table')!.text).toContain('no LLEXT_MEM_VENEER region');
    expect(doc.diagnostics.find((d) => d.code === 'reloc-hint')!.text).toMatch(
      /^CONFIG_LLEXT_VENEERS reserves veneers only for calls to undefined symbols/,
    );
  });

  it('still fails when the veneer itself is out of reach of the branch', async () => {
    // Writable storage keeps TEXT in place in the ELF buffer at 0x30000000, while the
    // veneer table (NOBITS) comes from the heap at 0x20008000: the veneer is claimed and
    // written, but the second range check fails too. llext_link() goes on after the first
    // failure, so every call gets its veneer (one per symbol) and fails.
    const doc = await run(calls(), {
      elfbuf: 0x30000000,
      exports: { printk: 0x1219, k_sleep: 0x2001 },
      kconfig: { CONFIG_LLEXT_VENEERS: 'y' },
      options: { storage: 'writable' },
    });
    expect(doc.errno).toBe(ENOEXEC);
    expect(doc.regions.find((r) => r.name === 'TEXT')).toMatchObject({ inPlace: true });
    expect(doc.message).toMatch(/^sym 'printk': relocation out of range \(0x30000034 -> 0x200081[0-9a-f]{2}\)$/);
    expect(doc.diagnostics.filter((d) => d.code === 'veneer').map((d) => d.text.match(/printk|k_sleep/)?.[0])).toEqual([
      'printk',
      'k_sleep',
    ]);
    // Three calls: printk twice (sharing one veneer), then k_sleep.
    expect(doc.log.filter((l) => l.startsWith('<err>')).map((l) => l.replace(/0x2000[0-9a-f]{4}/, 'VENEER'))).toEqual([
      "<err> elf: sym 'printk': relocation out of range (0x30000034 -> VENEER)",
      "<err> elf: sym 'printk': relocation out of range (0x30000038 -> VENEER)",
      "<err> elf: sym 'k_sleep': relocation out of range (0x3000003c -> VENEER)",
      '<err> llext: Failed to link, ret -8',
    ]);
    expect(doc.diagnostics.find((d) => d.code === 'reloc-hint')!.text).toMatch(/^the veneer for this call is itself more than 16 MiB/);
  });
});
