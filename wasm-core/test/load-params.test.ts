// struct llext_load_param on the load action (include/zephyr/llext/llext.h) and the inspection
// API after a load (include/zephyr/llext/inspect.h: llext_get_region_info(),
// llext_get_section_info(), llext_section_shndx()), against subsys/llext/llext_load.c
// (do_llext_load(), llext_map_sections(), llext_free_inspection_data()).
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { configText, run } from './sim-harness.js';
import { simulate } from '../src/engine.js';
import { parseArgs, UsageError } from '../src/cli/args.js';
import {
  buildDefaultExportTable,
  buildEngineInput,
  defaultPrjConf,
  getBoard,
  resolvePrjConf,
  type LoadParams,
} from '../src/config/index.js';
import type { SimulationDocument } from '../src/document.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const ENOTSUP = 134,
  EFAULT = 14;

/**
 * ARM: .text (8 bytes at file offset 0x34: bx lr; nop; a word patched by R_ARM_ABS32 against
 * printk), .text.slow (8 bytes at 0x3c, AX), .rodata (4 bytes, align 4, at 0x44) and
 * .rodata.tab (16 bytes, align 16, at 0x50): RODATA starts at 0x44, 4 bytes past a 16-byte
 * boundary, so llext_map_sections() gives it 4 bytes of pre-padding (sh_info).
 */
function object(): Uint8Array {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf, 0, 0, 0, 0] });
  b.section({ name: '.text.slow', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf, 0x70, 0x47, 0x00, 0xbf] });
  b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: [1, 2, 3, 4] });
  b.section({ name: '.rodata.tab', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 16, data: new Uint8Array(16).fill(7) });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 4, sym: 'printk', type: 2 /* R_ARM_ABS32 */ }]);
  return b.build().bytes;
}

const load = (params = '', extra: string[] = []) =>
  run(object(), { actions: [`load ext 0${params ? ' ' + params : ''}`, ...extra], options: { storage: 'temporary' } });
const used = (doc: SimulationDocument) => doc.heaps[0]!.used;

describe('the inspection API after a load', () => {
  it('llext_get_region_info(): the region header, and address and size past the pre-padding', async () => {
    const doc = await load();
    expect(doc.ok).toBe(true);
    const rodata = doc.regions.find((r) => r.name === 'RODATA')!;
    expect(rodata.prepad).toBe(4);
    const info = doc.regionInfo.find((r) => r.name === 'RODATA')!;
    expect(info.hdr).toEqual({ type: E.SHT_PROGBITS, flags: '0x2', addr: '0x00000000', offset: '0x40', size: 32, addralign: 16, info: 4 });
    expect(info.addr).toBe('0x' + (parseInt(rodata.addr, 16) + 4).toString(16).padStart(8, '0'));
    expect([rodata.size, info.size]).toEqual([32, 28]);
    // Every region of enum llext_mem is answered, empty ones with SHT_NULL and size 0.
    expect(doc.regionInfo.map((r) => r.name)).toEqual([
      'TEXT',
      'DATA',
      'RODATA',
      'BSS',
      'EXPORT',
      'SYMTAB',
      'STRTAB',
      'SHSTRTAB',
      'PREINIT',
      'INIT',
      'FINI',
    ]);
    expect(doc.regionInfo.find((r) => r.name === 'DATA')).toMatchObject({ hdr: { type: 0, size: 0 }, size: 0 });
  });

  it('llext_get_section_info() is -ENOTSUP without keep_section_info: the section map was freed', async () => {
    const doc = await load();
    expect(doc.sectionInfo.map((s) => [s.name, s.ret, s.region, s.offset]).slice(1, 3)).toEqual([
      ['.text', -ENOTSUP, null, null],
      ['.text.slow', -ENOTSUP, null, null],
    ]);
  });

  it('keep_section_info=1: region and offset within it (minus the pre-padding); the map stays on the heap', async () => {
    const plain = await load();
    const doc = await load('keep_section_info=1');
    expect(doc.ok).toBe(true);
    const info = (name: string) => doc.sectionInfo.find((s) => s.name === name)!;
    expect([info('.text').ret, info('.text').region, info('.text').offset]).toEqual([0, 'TEXT', 0]);
    expect([info('.text.slow').region, info('.text.slow').offset]).toEqual(['TEXT', 8]);
    // .rodata sits 4 bytes into RODATA, right after the pre-padding: offset 0 for the API.
    expect([info('.rodata').region, info('.rodata').offset]).toEqual(['RODATA', 0]);
    expect([info('.rodata.tab').region, info('.rodata.tab').offset]).toEqual(['RODATA', 12]);
    expect([info('.rel.text').ret, info('.rel.text').region, info('.rel.text').offset]).toEqual([0, null, null]);
    // sections[].shndx is what llext_section_shndx() returns for the name.
    expect(doc.sections.find((s) => s.name === '.rodata.tab')!.shndx).toBe(info('.rodata.tab').shndx);
    // sect_map: 9 sections of 8 bytes (72 bytes and the chunk header: 10 units of 8 bytes).
    expect(used(doc) - used(plain)).toBe(80);
    expect(doc.actions[0]).toEqual({ action: 'load', ext: 'ext', ret: 0, params: { keep_section_info: '1' } });
    expect(plain.actions[0]).toEqual({ action: 'load', ext: 'ext', ret: 0 });
    const freed = await load('keep_section_info=1', ['free_inspection_data ext']);
    expect(used(freed)).toBe(used(plain));
  });
});

describe('llext_load_param', () => {
  it('relocate_local=0: do_llext_load() does not call llext_link(): the word stays 0', async () => {
    const doc = await load('relocate_local=0');
    expect([doc.ok, doc.relocations.length]).toEqual([true, 0]);
    expect(doc.image['.text']).toBe('704700bf00000000');
    const linked = await load();
    expect(linked.image['.text']).toBe('704700bf45230100');
  });

  it('section_detached=.text.slow: not merged into TEXT, which holds .text only', async () => {
    const plain = await load();
    const doc = await load('section_detached=.text.slow');
    expect(doc.ok).toBe(true);
    expect(plain.regions.find((r) => r.name === 'TEXT')!.size).toBe(16);
    expect(doc.regions.find((r) => r.name === 'TEXT')!.size).toBe(8);
    // llext_loaded_sect_ptr() still adds the offset from the region's start in the file.
    const text = parseInt(doc.regions.find((r) => r.name === 'TEXT')!.addr, 16);
    expect(doc.sections.find((s) => s.name === '.text.slow')!.addr).toBe('0x' + (text + 8).toString(16).padStart(8, '0'));
  });

  it('section_detached text outside instruction memory (Harvard): a warning, or on ARC a failure', async () => {
    const harvard = (arch: string) =>
      configText({
        arch,
        kconfig: { CONFIG_HARVARD: 'y' },
        heaps: { llext_instr_heap: 0x10000000, llext_data_heap: 0x20008000 },
        actions: ['load ext 0 section_detached=.text.slow'],
      }) + 'instrmem 0x10000000 0x10010000\n';
    const arm = (await simulate({ files: [object()], config: harvard('arm') })).document;
    expect(arm.log.filter((l) => l.startsWith('<wrn>'))).toEqual([
      "<wrn> llext: Unknown if ELF buffer's detached text section .text.slow is in instruction memory; proceeding...",
    ]);
    // The ARC branch of llext_map_sections(): the same check fails the load (the ELF is ARM
    // here; only the section map matters). .text.slow lies at 0x2002003c in the buffer.
    const arc = (await simulate({ files: [object()], config: harvard('arc') })).document;
    expect(arc.log.slice(0, 2)).toEqual([
      "<err> llext: ELF buffer's detached text section .text.slow not in instruction memory: 0x2002003c-0x20020044",
      '<err> llext: Failed to map ELF sections, ret -8',
    ]);
    expect(arc.errno).toBe(8);
  });

  it('pre_located=1 with a buffer the loader may not use in place: llext_copy_region() fails with -EFAULT', async () => {
    const doc = await load('pre_located=1');
    expect([doc.ok, doc.errno]).toEqual([false, EFAULT]);
    expect(doc.log).toEqual(['<err> llext: Failed to copy regions, ret -14']);
  });

  it('pre_located=1 with writable storage: regions in place, symbols at their ELF addresses, NOBITS left NULL', async () => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf] });
    b.section({ name: '.bss', type: E.SHT_NOBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, size: 16 });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'counter', section: '.bss', value: 4, size: 4, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
    const doc = await run(b.build().bytes, {
      actions: ['load ext 0 pre_located=1'],
      options: { storage: 'writable' },
      kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 },
    });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
    // .text is used where the ELF buffer (0x20020000) holds it; nothing is allocated for it.
    expect(doc.regions.find((r) => r.name === 'TEXT')).toMatchObject({ addr: '0x20020034', inPlace: true, allocSize: 0 });
    expect(doc.regions.find((r) => r.name === 'BSS')).toBeUndefined();
    // llext_copy_symbols(): st_value plus sh_addr (0 in an object file), not the buffer address.
    expect(doc.log.filter((l) => l.includes('llext_copy_symbols: function symbol'))).toEqual([
      '<dbg> llext: llext_copy_symbols: function symbol 0 name entry addr 0x1',
      '<dbg> llext: llext_copy_symbols: function symbol 1 name counter addr 0x4',
    ]);
  });

  it('an unknown key is an input error', async () => {
    const doc = await load('relocate_global=1');
    expect(doc.diagnostics.find((d) => d.code === 'input')!.text).toBe(
      "Action 'load ext 0 relocate_global=1': unknown load parameter 'relocate_global'.",
    );
  });
});

describe('load parameters in the engine input and the CLI', () => {
  it('buildEngineInput() writes only what differs from LLEXT_LOAD_PARAM_DEFAULT', () => {
    const board = getBoard('nrf52840dk');
    const { config } = resolvePrjConf(board, defaultPrjConf());
    const lines = (params: LoadParams) =>
      buildEngineInput({
        board,
        config,
        exports: buildDefaultExportTable(board, config),
        files: [{ name: 'a.llext', size: 100 }],
        actions: [{ kind: 'load', name: 'a', file: 0, params }],
      })
        .split('\n')
        .filter((l) => l.startsWith('action'));
    expect(lines({})).toEqual(['action load a 0']);
    expect(lines({ relocateLocal: false, keepSectionInfo: true, sectionDetached: ['.text.slow', '.iram'] })).toEqual([
      'action load a 0 relocate_local=0 keep_section_info=1 section_detached=.text.slow,.iram',
    ]);
  });

  it('--load-param KEY=VALUE', () => {
    const a = parseArgs([
      'load',
      'x.llext',
      '--board',
      'nrf52840dk',
      '--load-param',
      'keep_section_info=1',
      '--load-param',
      'section_detached=.a,.b',
    ]);
    expect(a.command === 'load' && a.loadParams).toEqual(['keep_section_info=1', 'section_detached=.a,.b']);
    expect(() => parseArgs(['load', 'x.llext', '--board', 'b', '--load-param', 'keep=1'])).toThrow(UsageError);
    expect(() => parseArgs(['load', 'x.llext', '--board', 'b', '--load-param', 'keep_section_info=2'])).toThrow(
      "--load-param: keep_section_info takes 1 or 0, not '2'",
    );
  });
});
