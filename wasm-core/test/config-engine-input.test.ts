import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getBoard } from '../src/config/boards.js';
import { type EngineAction, type EngineInputRequest, buildEngineInput } from '../src/config/engineInput.js';
import { applyUserExports, buildDefaultExportTable, parseExportTableText } from '../src/config/exportTable.js';
import { defaultPrjConf } from '../src/config/prjConf.js';
import { resolvePrjConf } from '../src/config/resolve.js';

function request(boardId: string, prjConf: string, extra: Partial<EngineInputRequest> = {}): EngineInputRequest {
  const board = getBoard(boardId);
  const { config } = resolvePrjConf(board, prjConf);
  return {
    board,
    config,
    exports: buildDefaultExportTable(board, config),
    files: [{ name: 'hello_world.llext', size: 1234 }],
    actions: [{ kind: 'load', name: 'hello_world', file: 0 }],
    ...extra,
  };
}

/** The document without its export lines, for tests about everything else. */
function withoutExports(doc: string): string[] {
  return doc.split('\n').filter((l) => !l.startsWith('export ') && !l.startsWith('export-slid '));
}

const MINIMAL_EXPORTS = applyUserExports({ entries: [] }, parseExportTableText('printk 0x42000101', 4).entries, 'replace');

describe('engine input document', () => {
  it('matches the golden text for nrf52840dk loading, calling and unloading hello_world', () => {
    // The golden file was produced by an independent script from FORMAT.md,
    // the board profile and the export layout rules.
    const golden = readFileSync(new URL('./golden/engine-input-nrf52840dk-hello_world.txt', import.meta.url), 'utf8');
    const actions: EngineAction[] = [
      { kind: 'load', name: 'hello_world', file: 0 },
      { kind: 'call', name: 'hello_world', fn: 'test_entry' },
      { kind: 'unload', name: 'hello_world' },
    ];
    expect(buildEngineInput(request('nrf52840dk', defaultPrjConf(), { actions }))).toBe(golden);
  });

  it('gives a Harvard board two heaps, its instruction ranges and a RAM buffer (writable storage)', () => {
    const doc = buildEngineInput(request('esp32s3_devkitc', defaultPrjConf(), { exports: MINIMAL_EXPORTS }));
    expect(
      withoutExports(doc).filter((l) => /^(heap|instrmem|elfbuf|kconfig CONFIG_LLEXT_(INSTR|DATA)_HEAP|kconfig CONFIG_HARVARD)/.test(l)),
    ).toEqual([
      'kconfig CONFIG_LLEXT_INSTR_HEAP_SIZE 4',
      'kconfig CONFIG_LLEXT_DATA_HEAP_SIZE 8',
      'kconfig CONFIG_HARVARD y',
      'heap llext_instr_heap 0x403a6c30',
      'heap llext_data_heap 0x3fcb0e48',
      'instrmem 0x40370000 0x403e0000',
      'instrmem 0x42000000 0x42800000',
      'elfbuf 0 0x3fcc0000',
    ]);
    expect(doc).toContain('\nexport printk 0x42000101\n');
  });

  it('gives a dynamic Harvard heap its instruction and data buffers', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_HEAP_DYNAMIC=y\n`;
    const actions: EngineAction[] = [{ kind: 'heap_init_harvard', instrBytes: 8192, dataBytes: 16384 }];
    const doc = buildEngineInput(request('esp32s3_devkitc', conf, { actions, exports: MINIMAL_EXPORTS }));
    expect(withoutExports(doc).filter((l) => l.startsWith('heap ') || l.startsWith('action '))).toEqual([
      'heap dynamic_instr 0x403a8000',
      'heap dynamic_data 0x3fcb5010',
      'action heap_init_harvard 8192 16384',
    ]);
  });

  it('gives CONFIG_LLEXT_HEAP_MEMBLK its metadata heap and block pool, aligned to the block size', () => {
    const memblk = (extra: string) => buildEngineInput(request('nrf52840dk', `${defaultPrjConf()}CONFIG_LLEXT_HEAP_MEMBLK=y\n${extra}`));
    const lines = (doc: string) =>
      withoutExports(doc).filter((l) => l.startsWith('heap ') || /^kconfig CONFIG_(LLEXT_(HEAP|METADATA|EXT)|SYS_MEM)/.test(l));
    // Board addresses 0x20002a48 (metadata, 8-aligned like any k_heap) and 0x20003a60 (pool, 32-aligned).
    expect(lines(memblk(''))).toEqual([
      'kconfig CONFIG_LLEXT_HEAP_DYNAMIC n',
      'kconfig CONFIG_LLEXT_HEAP_MEMBLK y',
      'kconfig CONFIG_LLEXT_METADATA_HEAP_SIZE 4',
      'kconfig CONFIG_LLEXT_EXT_HEAP_SIZE 16',
      'kconfig CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE 32',
      'heap llext_metadata_heap 0x20002a48',
      'heap llext_ext_heap 0x20003a60',
    ]);
    // 256-byte blocks: the pool buffer moves up to the next multiple of 256, 0x20003b00.
    expect(lines(memblk('CONFIG_LLEXT_HEAP_MEMBLK_BLOCK_SIZE=256\n')).filter((l) => l.startsWith('heap '))).toEqual([
      'heap llext_metadata_heap 0x20002a48',
      'heap llext_ext_heap 0x20003b00',
    ]);
    // The pool must fit in RAM: 0x20003a60 + 256 KiB is past the end of SRAM (0x20040000).
    expect(() => memblk('CONFIG_LLEXT_EXT_HEAP_SIZE=256\n')).toThrow(
      /heap llext_ext_heap .* does not fit in the memory of board nrf52840dk/,
    );
  });

  it('gives a Harvard board instruction and data block pools with CONFIG_LLEXT_HEAP_MEMBLK', () => {
    const doc = buildEngineInput(
      request('esp32s3_devkitc', `${defaultPrjConf()}CONFIG_LLEXT_HEAP_MEMBLK=y\n`, { exports: MINIMAL_EXPORTS }),
    );
    expect(withoutExports(doc).filter((l) => l.startsWith('heap '))).toEqual([
      'heap llext_metadata_heap 0x3fcb0e48',
      'heap llext_instr_heap_buf 0x403a6c40',
      'heap llext_data_heap_buf 0x3fcb1e60',
    ]);
    // On Harvard the pools are sized by the instruction and data heap options.
    expect(doc).toContain('\nkconfig CONFIG_LLEXT_INSTR_HEAP_SIZE 4\nkconfig CONFIG_LLEXT_DATA_HEAP_SIZE 8\n');
    expect(doc).toContain('\n# CONFIG_LLEXT_EXT_HEAP_SIZE not set: ');
  });

  it('passes CONFIG_LLEXT_VENEERS on Cortex-M boards only (ARCH_HAS_LLEXT_VENEERS)', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_VENEERS=y\n`;
    expect(buildEngineInput(request('nrf52840dk', conf))).toContain('\nkconfig CONFIG_LLEXT_VENEERS y\n');
    // Elsewhere the option's dependency (ARCH_HAS_LLEXT_VENEERS) is unmet: it resolves to n.
    const why =
      "CONFIG_LLEXT_VENEERS=y has no effect: the board's CPU has no LLEXT veneer support (ARCH_HAS_LLEXT_VENEERS: Cortex-M cores only).";
    for (const board of ['qemu_riscv32', 'qemu_cortex_a9']) {
      expect(buildEngineInput(request(board, conf))).toContain('\nkconfig CONFIG_LLEXT_VENEERS n\n');
      expect(resolvePrjConf(getBoard(board), conf).diagnostics.map((d) => d.message)).toEqual([why]);
    }
  });

  it('uses the dynamic heap buffer and checks it fits in RAM', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_HEAP_DYNAMIC=y\n`;
    const actions: EngineAction[] = [
      { kind: 'heap_init', bytes: 16384 },
      { kind: 'load', name: 'hello_world', file: 0 },
    ];
    const doc = buildEngineInput(request('nrf52840dk', conf, { actions }));
    expect(withoutExports(doc).filter((l) => l.startsWith('heap ') || l.startsWith('action '))).toEqual([
      'heap dynamic 0x20003b10',
      'action heap_init 16384',
      'action load hello_world 0',
    ]);
    expect(doc).toContain('\n# CONFIG_LLEXT_HEAP_SIZE not set: CONFIG_LLEXT_HEAP_DYNAMIC=y: there is no static heap');
    const tooBig: EngineAction[] = [{ kind: 'heap_init', bytes: 0x40000 }];
    expect(() => buildEngineInput(request('nrf52840dk', conf, { actions: tooBig }))).toThrow(
      'heap dynamic (262144 bytes at 0x20003b10) does not fit in the memory of board nrf52840dk',
    );
  });

  it('places consecutive ELF buffers at 4 KiB boundaries, in flash when storage is read-only', () => {
    const files = [
      { name: 'provider.llext', size: 5000 },
      { name: 'consumer.llext', size: 100 },
    ];
    const actions: EngineAction[] = [
      { kind: 'load', name: 'provider', file: 0 },
      { kind: 'load', name: 'consumer', file: 1 },
    ];
    const doc = buildEngineInput(request('nrf52840dk', defaultPrjConf(), { files, actions, exports: MINIMAL_EXPORTS }));
    expect(withoutExports(doc).filter((l) => l.startsWith('elfbuf') || l.startsWith('# file'))).toEqual([
      '# file 0: provider.llext, 5000 bytes',
      'elfbuf 0 0x0000c000',
      '# file 1: consumer.llext, 100 bytes',
      'elfbuf 1 0x0000e000',
    ]);
    const writable = buildEngineInput(
      request('nrf52840dk', defaultPrjConf(), { files, actions, exports: MINIMAL_EXPORTS, options: { storage: 'writable' } }),
    );
    expect(withoutExports(writable).filter((l) => l.startsWith('elfbuf') || l.startsWith('option'))).toEqual([
      'elfbuf 0 0x20030000',
      'elfbuf 1 0x20032000',
      'option abi-strict 0',
      'option loader buf',
      'option storage writable',
    ]);
  });

  it('places the ELF buffers where the caller says, and still checks that they fit', () => {
    const files = [
      { name: 'big.llext', size: 0x300000 },
      { name: 'small.llext', size: 100 },
    ];
    const actions: EngineAction[] = [
      { kind: 'load', name: 'big', file: 0 },
      { kind: 'load', name: 'small', file: 1 },
    ];
    // The board's ROM slot 0x00118000 is followed by the heap at 0x00126a48: 3 MiB overlap it.
    expect(() => buildEngineInput(request('qemu_cortex_a9', defaultPrjConf(), { files, actions, exports: MINIMAL_EXPORTS }))).toThrow(
      'heap llext_heap overlaps ELF buffer 0 (big.llext) on board qemu_cortex_a9',
    );
    const doc = buildEngineInput(
      request('qemu_cortex_a9', defaultPrjConf(), {
        files,
        actions,
        exports: MINIMAL_EXPORTS,
        options: { elfBufferBase: 0x01000000n },
      }),
    );
    // The second buffer follows at the next 4 KiB boundary: 0x01000000 + 0x300000.
    expect(withoutExports(doc).filter((l) => l.startsWith('elfbuf'))).toEqual(['elfbuf 0 0x01000000', 'elfbuf 1 0x01300000']);
    expect(() =>
      buildEngineInput(
        request('qemu_cortex_a9', defaultPrjConf(), {
          files,
          actions,
          exports: MINIMAL_EXPORTS,
          options: { elfBufferBase: 0x07f00000n },
        }),
      ),
    ).toThrow('ELF buffer 0 (big.llext) (3145728 bytes at 0x7f00000) does not fit in the memory of board qemu_cortex_a9');
  });

  it('has no ELF buffers with the filesystem loader and writes every option', () => {
    const doc = buildEngineInput(
      request('qemu_cortex_a53', defaultPrjConf(), {
        exports: MINIMAL_EXPORTS,
        options: { loader: 'fs', abiStrict: true, stepBudget: 5000, cpuBudget: 20000, cpuStop: 7 },
      }),
    );
    expect(doc).not.toContain('elfbuf');
    expect(withoutExports(doc).slice(2, 6)).toEqual(['arch arm64', 'class 64', 'endian little', 'board qemu_cortex_a53']);
    expect(doc).toContain('\nheap llext_heap 0x000000004005a1c8\n');
    expect(doc).toContain('\nkconfig CONFIG_MMU_PAGE_SIZE 4096\n');
    expect(
      doc.endsWith(
        'option abi-strict 1\noption loader fs\noption step-budget 5000\noption cpu-budget 20000\noption cpu-stop 7\naction load hello_world 0\n',
      ),
    ).toBe(true);
    // 0 stops nowhere: the line is left out; a fraction is refused.
    const plain = buildEngineInput(request('qemu_cortex_a53', defaultPrjConf(), { exports: MINIMAL_EXPORTS, options: { cpuStop: 0 } }));
    expect(plain).not.toContain('cpu-stop');
    expect(() =>
      buildEngineInput(request('qemu_cortex_a53', defaultPrjConf(), { exports: MINIMAL_EXPORTS, options: { cpuStop: 1.5 } })),
    ).toThrow('cpu stop must be a non-negative integer, got 1.5');
  });

  it('writes the SLID form when the image exports by SLID', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y\nCONFIG_LLEXT_EDK=n\n`;
    const exports = applyUserExports({ entries: [] }, parseExportTableText('printk 0x00001219\nmemset 0x00001161', 4).entries, 'replace');
    expect(() => buildEngineInput(request('nrf52840dk', conf, { exports }))).toThrow(
      'CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID=y needs a SLID function',
    );
    const slidOf = (name: string, size: number): bigint =>
      BigInt(
        `0x${createHash('sha256')
          .update(name)
          .digest('hex')
          .slice(0, size * 2)}`,
      );
    const doc = buildEngineInput(request('nrf52840dk', conf, { exports, slidOf }));
    expect(doc.split('\n').filter((l) => l.startsWith('export'))).toEqual([
      'export-slid 0x0b96f786 0x00001161 memset',
      'export-slid 0x87b31052 0x00001219 printk',
    ]);
    expect(doc).toContain('\nkconfig CONFIG_LLEXT_EXPORT_BUILTINS_BY_SLID y\n');
  });

  it('reports log level 0 to the engine when logging is off', () => {
    const doc = buildEngineInput(request('nrf52840dk', 'CONFIG_LLEXT=y\n', { exports: MINIMAL_EXPORTS }));
    expect(doc).toContain('\nkconfig CONFIG_LLEXT_LOG_LEVEL 0\n');
  });

  it('refuses documents the engine could not read or that describe an impossible image', () => {
    const build = (extra: Partial<EngineInputRequest>, conf = defaultPrjConf()): string =>
      buildEngineInput(request('nrf52840dk', conf, { exports: MINIMAL_EXPORTS, ...extra }));
    expect(() => build({ actions: [{ kind: 'load', name: 'hello world', file: 0 }] })).toThrow(
      'extension name "hello world" cannot be empty or contain spaces or \'#\'',
    );
    expect(() => build({ actions: [{ kind: 'load', name: 'ext', file: 1 }] })).toThrow(
      'load of "ext" refers to file 1, but there are 1 input files',
    );
    expect(() => build({ actions: [{ kind: 'call', name: 'ext', fn: '' }] })).toThrow('function name "" cannot be empty');
    expect(() => build({}, 'CONFIG_LOG=y\n')).toThrow('CONFIG_LLEXT is not enabled: the image has no LLEXT subsystem to simulate');
    expect(() => build({ files: [{ name: 'big.llext', size: 0x20000 }], options: { storage: 'writable' } })).toThrow(
      'ELF buffer 0 (big.llext) (131072 bytes at 0x20030000) does not fit in the memory of board nrf52840dk',
    );
    expect(() => build({ options: { storage: 'writable' } }, `${defaultPrjConf()}CONFIG_LLEXT_HEAP_SIZE=200\n`)).toThrow(
      'heap llext_heap overlaps ELF buffer 0 (hello_world.llext) on board nrf52840dk',
    );
  });
});
