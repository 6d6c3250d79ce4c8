import { describe, expect, it } from 'vitest';
import boardsData from '../data/boards.json' with { type: 'json' };
import {
  UnknownBoardError,
  allBoards,
  buildBoardCatalog,
  defaultBoard,
  getBoard,
  inInstrMem,
  ptrSize,
  regionContaining,
} from '../src/config/boards.js';
import { resolveConfig } from '../src/config/resolve.js';

const IDS = [
  'nrf52840dk',
  'mps2_an385',
  'qemu_cortex_a9',
  'qemu_cortex_a53',
  'qemu_riscv32',
  'qemu_riscv64',
  'qemu_x86',
  'qemu_x86_64',
  'esp32s3_devkitc',
  'qemu_xtensa',
  'qemu_arc_hs',
  'qemu_or1k',
];

describe('board profiles (data/boards.json)', () => {
  it('lists the boards in order, nrf52840dk first and default', () => {
    expect(allBoards().map((b) => b.id)).toEqual(IDS);
    expect(defaultBoard().id).toBe('nrf52840dk');
  });

  it('names every valid id when a board is unknown', () => {
    expect(() => getBoard('nrf5340dk')).toThrow(new UnknownBoardError('nrf5340dk', IDS));
    expect(() => getBoard('nrf5340dk')).toThrow(
      'Unknown board "nrf5340dk". Valid boards: nrf52840dk, mps2_an385, qemu_cortex_a9, qemu_cortex_a53, qemu_riscv32, ' +
        'qemu_riscv64, qemu_x86, qemu_x86_64, esp32s3_devkitc, qemu_xtensa, qemu_arc_hs, qemu_or1k',
    );
  });

  it('describes the nRF52840 DK: Cortex-M4F, ARMv7-M MPU, 256 KiB SRAM, 1 MiB flash', () => {
    const b = getBoard('nrf52840dk');
    expect([b.arch, b.elfClass, b.endian, b.group]).toEqual(['arm', 32, 'little', 'ARM Cortex-M']);
    expect(b.memory.map((r) => [r.name, r.base, r.size])).toEqual([
      ['flash', 0x0n, 0x100000n],
      ['sram', 0x20000000n, 0x40000n],
    ]);
    expect(b.kconfig).toMatchObject({
      CONFIG_ARM_MPU: true,
      CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: true,
      CONFIG_SRAM_SIZE: 256,
    });
    expect(b.exportPlacement.thumb).toBe(true);
    expect(b.defaultSample).toBe('hello_world');
  });

  it('gives each board the arch id, class and facts its CPU implies', () => {
    const summary = allBoards().map((b) => [b.id, b.arch, ptrSize(b), b.kconfig.CONFIG_MMU === true, b.kconfig.CONFIG_HARVARD === true]);
    expect(summary).toEqual([
      ['nrf52840dk', 'arm', 4, false, false],
      ['mps2_an385', 'arm', 4, false, false],
      ['qemu_cortex_a9', 'arm', 4, false, false],
      ['qemu_cortex_a53', 'arm64', 8, true, false],
      ['qemu_riscv32', 'riscv', 4, false, false],
      ['qemu_riscv64', 'riscv', 8, false, false],
      ['qemu_x86', 'x86', 4, true, false],
      ['qemu_x86_64', 'x86_64', 8, true, false],
      ['esp32s3_devkitc', 'xtensa', 4, false, true],
      ['qemu_xtensa', 'xtensa', 4, false, false],
      ['qemu_arc_hs', 'arc', 4, false, false],
      ['qemu_or1k', 'openrisc', 4, false, false],
    ]);
    expect(getBoard('qemu_cortex_a53').kconfig.CONFIG_MMU_PAGE_SIZE).toBe(4096);
    expect(getBoard('qemu_arc_hs').kconfig).toMatchObject({ CONFIG_ARC_MPU: true, CONFIG_ARC_MPU_VER: 2 });
  });

  it('places every heap 8-aligned in writable RAM, on the right bus for Harvard boards', () => {
    for (const b of allBoards()) {
      for (const [name, addr] of Object.entries(b.heaps)) {
        expect(addr % 8n, `${b.id} ${name}`).toBe(0n);
        expect(regionContaining(b, addr)?.writable, `${b.id} ${name}`).toBe(true);
      }
    }
    const esp = getBoard('esp32s3_devkitc');
    expect(regionContaining(esp, esp.heaps.llext_instr_heap ?? 0n)?.name).toBe('iram');
    expect(regionContaining(esp, esp.heaps.llext_data_heap ?? 0n)?.name).toBe('dram');
    expect(inInstrMem(esp, 0x40370000n)).toBe(true);
    expect(inInstrMem(esp, 0x3fcc0000n)).toBe(false);
    expect(inInstrMem(getBoard('nrf52840dk'), 0x20000000n)).toBe(true);
  });

  it('has Kconfig facts the schema knows, with the right types', () => {
    for (const b of allBoards()) expect(() => resolveConfig(b, [])).not.toThrow();
  });

  it('rejects a profile whose heap is not 8-byte aligned', () => {
    const copy = structuredClone(boardsData);
    copy.boards[0].heaps.llext_heap = '0x20002a44';
    expect(() => buildBoardCatalog(copy)).toThrow('board nrf52840dk: heap llext_heap is not 8-byte aligned');
  });
});
