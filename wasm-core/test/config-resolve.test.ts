import { describe, expect, it } from 'vitest';
import { getBoard } from '../src/config/boards.js';
import { type ResolvedConfig, resolvePrjConf } from '../src/config/resolve.js';

const BASE = 'CONFIG_LLEXT=y\nCONFIG_LOG=y\n';

function resolve(boardId: string, extra = ''): ReturnType<typeof resolvePrjConf> {
  return resolvePrjConf(getBoard(boardId), BASE + extra);
}

function values(config: ResolvedConfig, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n.replace('CONFIG_', ''), config.value(n)]));
}

/** [line, severity, code, message]; line 0 = whole configuration. */
function brief(result: ReturnType<typeof resolvePrjConf>): [number, string, string, string][] {
  return result.diagnostics.map((d) => [d.range?.line ?? 0, d.severity, d.code, d.message]);
}

describe('defaults per board', () => {
  it('nrf52840dk: one 8 KiB heap, small sys_heap, single-object extensions, read-only storage', () => {
    const { config, diagnostics } = resolve('nrf52840dk');
    expect(diagnostics).toEqual([]);
    expect(
      values(config, [
        'CONFIG_LLEXT_HEAP_SIZE',
        'CONFIG_HARVARD',
        'CONFIG_LLEXT_STORAGE_WRITABLE',
        'CONFIG_SYS_HEAP_SMALL_ONLY',
        'CONFIG_ARM_MPU',
        'CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT',
        'CONFIG_USERSPACE',
        'CONFIG_LLEXT_LOG_LEVEL',
      ]),
    ).toEqual({
      LLEXT_HEAP_SIZE: 8,
      HARVARD: false,
      LLEXT_STORAGE_WRITABLE: false,
      SYS_HEAP_SMALL_ONLY: true,
      ARM_MPU: true,
      MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: true,
      USERSPACE: false,
      LLEXT_LOG_LEVEL: 3,
    });
    expect(config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_OBJECT');
    expect(config.get('CONFIG_LLEXT_HEAP_SIZE').source).toBe('default');
    expect(config.get('CONFIG_ARM_MPU').source).toBe('board');
  });

  it('esp32s3_devkitc: Harvard heaps, writable storage and shared libraries because of Xtensa', () => {
    const { config } = resolve('esp32s3_devkitc');
    expect(
      values(config, [
        'CONFIG_HARVARD',
        'CONFIG_LLEXT_STORAGE_WRITABLE',
        'CONFIG_LLEXT_INSTR_HEAP_SIZE',
        'CONFIG_LLEXT_DATA_HEAP_SIZE',
        'CONFIG_LLEXT_HEAP_SIZE',
        'CONFIG_LLEXT_BUILD_PIC',
        'CONFIG_SYS_HEAP_AUTO',
      ]),
    ).toEqual({
      HARVARD: true,
      LLEXT_STORAGE_WRITABLE: true,
      LLEXT_INSTR_HEAP_SIZE: 4,
      LLEXT_DATA_HEAP_SIZE: 8,
      LLEXT_HEAP_SIZE: undefined,
      LLEXT_BUILD_PIC: true,
      SYS_HEAP_AUTO: true,
    });
    expect(config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_SHAREDLIB');
    expect(config.get('CONFIG_LLEXT_HEAP_SIZE').inactiveReason).toBe(
      'the board has separate instruction and data memories (CONFIG_HARVARD=y), so the heap is split into CONFIG_LLEXT_INSTR_HEAP_SIZE and CONFIG_LLEXT_DATA_HEAP_SIZE',
    );
  });

  it('RISC-V defaults to relocatable objects; x86 and ARC take the first entry, single objects', () => {
    expect(resolve('qemu_riscv32').config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_RELOCATABLE');
    expect(resolve('qemu_riscv64').config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_RELOCATABLE');
    expect(resolve('qemu_x86').config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_OBJECT');
    expect(resolve('qemu_arc_hs').config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_OBJECT');
    expect(resolve('qemu_cortex_a53').config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_OBJECT');
  });

  it('picks the sys_heap chunk size from SRAM size and pointer width', () => {
    expect(resolve('mps2_an385').config.choiceSelection('SYS_HEAP_SIZE_SUPPORT')).toBe('CONFIG_SYS_HEAP_AUTO');
    const a53 = resolve('qemu_cortex_a53').config;
    expect(a53.choiceSelection('SYS_HEAP_SIZE_SUPPORT')).toBeUndefined();
    expect(values(a53, ['CONFIG_SYS_HEAP_SMALL_ONLY', 'CONFIG_SYS_HEAP_BIG_ONLY', 'CONFIG_SYS_HEAP_AUTO'])).toEqual({
      SYS_HEAP_SMALL_ONLY: false,
      SYS_HEAP_BIG_ONLY: false,
      SYS_HEAP_AUTO: false,
    });
    expect(a53.get('CONFIG_SYS_HEAP_AUTO').inactiveReason).toBe('on 64-bit targets sys_heap always uses big chunk headers');
  });

  it('MMU boards: page size from the board, RODATA_NO_RELOC does not apply', () => {
    const { config } = resolve('qemu_x86');
    expect(values(config, ['CONFIG_MMU', 'CONFIG_MMU_PAGE_SIZE', 'CONFIG_LLEXT_RODATA_NO_RELOC'])).toEqual({
      MMU: true,
      MMU_PAGE_SIZE: 4096,
      LLEXT_RODATA_NO_RELOC: false,
    });
    expect(config.get('CONFIG_LLEXT_RODATA_NO_RELOC').inactiveReason).toBe(
      'the board has an MMU (CONFIG_MMU=y), and read-only data left in flash could not be given MMU permissions',
    );
  });

  it('lists what does not apply on the default board, with reasons', () => {
    const dna = resolve('nrf52840dk').config.doesNotApply();
    expect(dna.find((d) => d.name === 'CONFIG_LLEXT_INSTR_HEAP_SIZE')?.reason).toBe(
      'the board is not a Harvard architecture (CONFIG_HARVARD=n), so there is one heap sized by CONFIG_LLEXT_HEAP_SIZE',
    );
    expect(dna.find((d) => d.name === 'CONFIG_LLEXT_BUILD_PIC')?.reason).toBe('only Xtensa builds extensions as position-independent code');
    expect(dna.find((d) => d.name === 'CONFIG_LLEXT_EXT_HEAP_SIZE')?.reason).toBe(
      'the k_heap allocator is selected (CONFIG_LLEXT_HEAP_K_HEAP=y); this option only sizes the sys_mem_blocks allocator',
    );
    expect(dna.map((d) => d.name)).not.toContain('CONFIG_LLEXT_HEAP_SIZE');
  });
});

describe('log level', () => {
  it('follows CONFIG_LOG_DEFAULT_LEVEL unless a level is chosen', () => {
    expect(resolve('nrf52840dk').config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(3);
    expect(resolve('nrf52840dk', 'CONFIG_LOG_DEFAULT_LEVEL=1\n').config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(1);
    expect(resolve('nrf52840dk', 'CONFIG_LLEXT_LOG_LEVEL_DBG=y\n').config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(4);
    expect(resolve('nrf52840dk', 'CONFIG_LLEXT_LOG_LEVEL_OFF=y\n').config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(0);
  });

  it('has no value without logging', () => {
    const r = resolvePrjConf(getBoard('nrf52840dk'), 'CONFIG_LLEXT=y\n');
    expect(r.config.get('CONFIG_LLEXT_LOG_LEVEL').active).toBe(false);
    expect(r.config.get('CONFIG_LLEXT_LOG_LEVEL').inactiveReason).toBe(
      'logging is disabled (CONFIG_LOG=n), so the llext module prints nothing',
    );
  });

  it('refuses a direct CONFIG_LLEXT_LOG_LEVEL (no prompt)', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_LOG_LEVEL=4\n');
    expect(r.config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(3);
    expect(brief(r)).toEqual([
      [
        3,
        'warning',
        'not-settable',
        'CONFIG_LLEXT_LOG_LEVEL has no prompt, so prj.conf cannot set it; the value is ignored. See its help for the options that control it.',
      ],
    ]);
  });

  it('warns when two log levels are chosen, the later one winning', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_LOG_LEVEL_ERR=y\nCONFIG_LLEXT_LOG_LEVEL_INF=y\n');
    expect(r.config.int('CONFIG_LLEXT_LOG_LEVEL')).toBe(3);
    expect(brief(r)).toEqual([
      [
        3,
        'warning',
        'choice-conflict',
        'CONFIG_LLEXT_LOG_LEVEL_ERR=y is overridden by CONFIG_LLEXT_LOG_LEVEL_INF=y on line 4: only one entry of the "Max compiled-in log level for llext" choice can be selected.',
      ],
    ]);
  });
});

describe('dependencies and values Kconfig ignores', () => {
  it('a dynamic heap makes CONFIG_LLEXT_HEAP_SIZE inapplicable', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_HEAP_DYNAMIC=y\nCONFIG_LLEXT_HEAP_SIZE=16\n');
    expect(r.config.value('CONFIG_LLEXT_HEAP_SIZE')).toBeUndefined();
    expect(brief(r)).toEqual([
      [
        3,
        'info',
        'dynamic-heap-needs-init',
        'With a dynamic heap every load fails with -ENOMEM ("Not enough memory for extension metadata") until the application calls llext_heap_init().',
      ],
      [
        4,
        'warning',
        'depends',
        'CONFIG_LLEXT_HEAP_SIZE=16 has no effect: CONFIG_LLEXT_HEAP_DYNAMIC=y: there is no static heap, the application hands a buffer to llext_heap_init() (or llext_heap_init_harvard()) at run time.',
      ],
    ]);
  });

  it('CONFIG_LLEXT_HEAP_SIZE on a Harvard board has no effect', () => {
    const r = resolve('esp32s3_devkitc', 'CONFIG_LLEXT_HEAP_SIZE=16\n');
    expect(brief(r)).toEqual([
      [
        3,
        'warning',
        'depends',
        'CONFIG_LLEXT_HEAP_SIZE=16 has no effect: the board has separate instruction and data memories (CONFIG_HARVARD=y), so the heap is split into CONFIG_LLEXT_INSTR_HEAP_SIZE and CONFIG_LLEXT_DATA_HEAP_SIZE.',
      ],
    ]);
  });

  it('user mode needs an architecture port that supports it', () => {
    const r = resolve('esp32s3_devkitc', 'CONFIG_USERSPACE=y\n');
    expect(r.config.isEnabled('CONFIG_USERSPACE')).toBe(false);
    expect(brief(r)).toEqual([
      [
        3,
        'warning',
        'depends',
        "CONFIG_USERSPACE=y has no effect: the board's architecture port has no user mode support (no MPU or MMU to isolate threads).",
      ],
    ]);
  });

  it('board facts cannot be changed, but the MPU can be turned off', () => {
    const r = resolve('nrf52840dk', 'CONFIG_HARVARD=y\nCONFIG_ARM_MPU=n\n');
    expect(values(r.config, ['CONFIG_HARVARD', 'CONFIG_ARM_MPU', 'CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT'])).toEqual({
      HARVARD: false,
      ARM_MPU: false,
      MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT: false,
    });
    expect(brief(r)).toEqual([
      [3, 'warning', 'not-settable', 'CONFIG_HARVARD comes from the board (nrf52840dk: n); the prj.conf value is ignored.'],
    ]);
  });

  it('ignores values outside Zephyr ranges (warning) and outside simulator limits (error)', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LOG_DEFAULT_LEVEL=7\nCONFIG_LLEXT_HEAP_SIZE=0\n');
    expect(values(r.config, ['CONFIG_LOG_DEFAULT_LEVEL', 'CONFIG_LLEXT_HEAP_SIZE'])).toEqual({ LOG_DEFAULT_LEVEL: 3, LLEXT_HEAP_SIZE: 8 });
    expect(brief(r)).toEqual([
      [3, 'warning', 'range', 'CONFIG_LOG_DEFAULT_LEVEL=7 is outside its range [0, 4]; Kconfig ignores it and uses 3.'],
      [4, 'error', 'range', 'CONFIG_LLEXT_HEAP_SIZE=0 is outside what the simulator accepts (1 to 65536 KiB); the value is ignored.'],
    ]);
  });

  it('select forces the device export group on', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_EXPORT_DEVICES=y\n# CONFIG_LLEXT_EXPORT_SYMBOL_GROUP_DEVICE is not set\n');
    expect(r.config.get('CONFIG_LLEXT_EXPORT_SYMBOL_GROUP_DEVICE')).toMatchObject({ value: true, source: 'select' });
    expect(r.config.isEnabled('CONFIG_LLEXT_EXPORT_DEV_IDS_BY_HASH')).toBe(false);
    expect(r.config.get('CONFIG_LLEXT_EXPORT_DEV_IDS_BY_HASH').active).toBe(true);
    expect(brief(r)).toEqual([
      [4, 'warning', 'select', 'CONFIG_LLEXT_EXPORT_SYMBOL_GROUP_DEVICE=n is overridden: CONFIG_LLEXT_EXPORT_DEVICES selects it.'],
    ]);
  });

  it('every LLEXT option stops applying without CONFIG_LLEXT', () => {
    const r = resolvePrjConf(getBoard('nrf52840dk'), 'CONFIG_LLEXT_HEAP_SIZE=16\n');
    expect(brief(r)).toEqual([
      [
        0,
        'error',
        'llext-disabled',
        'CONFIG_LLEXT is not enabled: the image has no LLEXT subsystem and cannot load extensions. Add CONFIG_LLEXT=y.',
      ],
      [
        1,
        'warning',
        'depends',
        'CONFIG_LLEXT_HEAP_SIZE=16 has no effect: CONFIG_LLEXT is not enabled, so the image has no LLEXT subsystem.',
      ],
    ]);
    expect(r.config.isEnabled('CONFIG_LLEXT_EDK')).toBe(false);
  });
});

describe('invalid combinations', () => {
  it('ELF_OBJECT on RISC-V is an error and Kconfig falls back to RELOCATABLE', () => {
    const r = resolve('qemu_riscv32', 'CONFIG_LLEXT_TYPE_ELF_OBJECT=y\n');
    expect(r.config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_RELOCATABLE');
    expect(brief(r)).toEqual([
      [
        3,
        'error',
        'elf-object-on-riscv',
        'CONFIG_LLEXT_TYPE_ELF_OBJECT is not available on RISC-V (it depends on !RISCV): single-object extensions are not supported there. Kconfig falls back to CONFIG_LLEXT_TYPE_ELF_RELOCATABLE.',
      ],
    ]);
  });

  it('shared libraries on ARM are a warning', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_TYPE_ELF_SHAREDLIB=y\n');
    expect(r.config.choiceSelection('LLEXT_BINARY_TYPE')).toBe('CONFIG_LLEXT_TYPE_ELF_SHAREDLIB');
    expect(brief(r)).toEqual([
      [3, 'warning', 'sharedlib-on-arm', "Zephyr's LLEXT documentation says shared-library extensions are not currently supported on ARM."],
    ]);
  });

  it('memblk with a dynamic heap is an error and falls back to k_heap', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_HEAP_DYNAMIC=y\nCONFIG_LLEXT_HEAP_MEMBLK=y\n');
    expect(r.config.choiceSelection('LLEXT_HEAP_MANAGEMENT')).toBe('CONFIG_LLEXT_HEAP_K_HEAP');
    expect(brief(r).map(([line, severity, code]) => [line, severity, code])).toEqual([
      [3, 'info', 'dynamic-heap-needs-init'],
      [4, 'error', 'memblk-with-dynamic-heap'],
    ]);
  });

  it('memblk explains its block pools and checks their sizes against RAM', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_HEAP_MEMBLK=y\nCONFIG_LLEXT_EXT_HEAP_SIZE=512\n');
    expect(r.config.choiceSelection('LLEXT_HEAP_MANAGEMENT')).toBe('CONFIG_LLEXT_HEAP_MEMBLK');
    // nrf52840dk has 256 KiB of SRAM.
    expect(brief(r).map(([line, severity, code]) => [line, severity, code])).toEqual([
      [3, 'info', 'memblk-blocks'],
      [4, 'error', 'ext-heap-larger-than-sram'],
    ]);
  });

  it('SLIDs warn about the EDK unless the EDK is off', () => {
    const codes = (extra: string): string[] => resolve('nrf52840dk', extra).diagnostics.map((d) => `${d.severity}:${d.code}`);
    expect(codes('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y\n')).toEqual(['warning:slid-with-edk', 'info:slid-find-sym']);
    expect(codes('CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y\nCONFIG_LLEXT_EDK=n\n')).toEqual(['info:slid-find-sym']);
  });

  it('a heap larger than the board RAM is an error', () => {
    const r = resolve('nrf52840dk', 'CONFIG_LLEXT_HEAP_SIZE=300\n');
    expect(brief(r).map(([line, severity, code]) => [line, severity, code])).toEqual([
      [3, 'error', 'heap-larger-than-sram'],
      [3, 'warning', 'small-heap-too-big'],
    ]);
  });

  it('Xtensa without writable storage is worth a note (the default there is on)', () => {
    const r = resolve('qemu_xtensa', '# CONFIG_LLEXT_STORAGE_WRITABLE is not set\n');
    expect(brief(r)).toEqual([
      [
        3,
        'info',
        'xtensa-needs-writable-storage',
        'Zephyr turns CONFIG_LLEXT_STORAGE_WRITABLE on by default on Xtensa (issue #75341: older loaders linked Xtensa extensions only in place). With it off, every region the PLT path patches is copied to the heap first.',
      ],
    ]);
  });
});
