import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allBoards, defaultPrjConf, formatKconfigValue, getBoard, kconfigSchema, resolvePrjConf } from '@core/config/index.js';
import { checkKconfigChanges, kconfigChanges, prjConfWithChanges } from './kconfigChanges.js';

const nrf = getBoard('nrf52840dk');
const esp = getBoard('esp32s3_devkitc');

describe('Kconfig changes of a session', () => {
  it('are empty for the default configuration, whatever its spelling', () => {
    expect(kconfigChanges(nrf, defaultPrjConf())).toEqual({});
    // The same effective values written differently (a default value repeated, comments) change nothing.
    expect(kconfigChanges(nrf, `${defaultPrjConf()}# comment\nCONFIG_LLEXT_HEAP_SIZE=8\n`)).toEqual({});
  });

  it('keep only the values that differ, in schema order', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_STORAGE_WRITABLE=y\nCONFIG_LLEXT_HEAP_SIZE=4\n`;
    expect(kconfigChanges(nrf, conf)).toEqual({ CONFIG_LLEXT_HEAP_SIZE: 4, CONFIG_LLEXT_STORAGE_WRITABLE: true });
    expect(Object.keys(kconfigChanges(nrf, conf))).toEqual(['CONFIG_LLEXT_HEAP_SIZE', 'CONFIG_LLEXT_STORAGE_WRITABLE']);
  });

  it('compare against the board: the default on one board is a change on another', () => {
    // esp32s3 is Harvard with writable storage by default; nrf52840 is not.
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_STORAGE_WRITABLE=y\n`;
    expect(kconfigChanges(esp, conf)).toEqual({});
    expect(kconfigChanges(nrf, conf)).toEqual({ CONFIG_LLEXT_STORAGE_WRITABLE: true });
  });

  it('record a choice by its selected entry and a removed line as its new value', () => {
    const conf = 'CONFIG_LLEXT=y\nCONFIG_LOG=y\nCONFIG_LLEXT_LOG_LEVEL_DBG=y\n';
    expect(kconfigChanges(nrf, conf)).toEqual({ CONFIG_LLEXT_LOG_LEVEL_DBG: true });
    // Without CONFIG_LOG the log-level choice is inactive: only CONFIG_LOG=n is recorded.
    expect(kconfigChanges(nrf, 'CONFIG_LLEXT=y\n')).toEqual({ CONFIG_LOG: false });
  });

  it('skip values Kconfig ignores: inactive options, board facts, out-of-range values', () => {
    const conf = `${defaultPrjConf()}CONFIG_LLEXT_INSTR_HEAP_SIZE=3\nCONFIG_ARM_MPU=y\nCONFIG_SRAM_SIZE=1\n`;
    expect(kconfigChanges(nrf, conf)).toEqual({});
  });

  it('keep a value that equals the default only by accident', () => {
    // Without CONFIG_LLEXT, CONFIG_LLEXT_EDK's default would follow it to n; the user's y must be kept.
    expect(kconfigChanges(nrf, 'CONFIG_LLEXT_EDK=y\n')).toMatchObject({ CONFIG_LLEXT: false, CONFIG_LLEXT_EDK: true });
  });

  it('write prj.conf text that starts from the default configuration', () => {
    expect(prjConfWithChanges({})).toBe(defaultPrjConf());
    expect(prjConfWithChanges({ CONFIG_LLEXT_STORAGE_WRITABLE: true, CONFIG_LLEXT_HEAP_SIZE: 12 })).toBe(
      `${defaultPrjConf()}CONFIG_LLEXT_HEAP_SIZE=12\nCONFIG_LLEXT_STORAGE_WRITABLE=y\n`,
    );
    expect(prjConfWithChanges({ CONFIG_LLEXT_EDK_NAME: 'my "edk"' })).toBe(`${defaultPrjConf()}CONFIG_LLEXT_EDK_NAME="my \\"edk\\""\n`);
  });

  it('reproduce every effective value on every board (random prj.conf files)', () => {
    const schema = kconfigSchema();
    const settable = schema.options.filter((o) => o.userSettable && !o.promptless);
    const line = fc.constantFrom(...settable).chain((opt) => {
      const value =
        opt.type === 'bool' || opt.type === 'choice-member'
          ? fc.boolean()
          : opt.type === 'string'
            ? fc.string({ maxLength: 8 }).filter((s) => !/[\n\r\\"]/.test(s))
            : fc.integer({ min: opt.min ?? opt.range?.[0] ?? 0, max: Math.min(opt.max ?? opt.range?.[1] ?? 64, 4096) });
      return value.map((v) => `${opt.name}=${formatKconfigValue(opt, v)}`);
    });
    const boards = allBoards();
    fc.assert(
      fc.property(fc.constantFrom(...boards), fc.array(line, { maxLength: 8 }), fc.boolean(), (board, lines, withDefaults) => {
        const conf = `${withDefaults ? defaultPrjConf() : ''}${lines.join('\n')}\n`;
        const original = resolvePrjConf(board, conf).config;
        const rebuilt = resolvePrjConf(board, prjConfWithChanges(kconfigChanges(board, conf))).config;
        for (const o of original.options) {
          if (rebuilt.value(o.option.name) !== o.value)
            throw new Error(`${board.id}: ${o.option.name} ${String(o.value)} became ${String(rebuilt.value(o.option.name))}\n${conf}`);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('are checked against the schema when read back', () => {
    const checked = checkKconfigChanges({
      CONFIG_LLEXT_HEAP_SIZE: 16,
      CONFIG_LLEXT_OLD_OPTION: true,
      CONFIG_SRAM_SIZE: 1,
      CONFIG_LLEXT_STORAGE_WRITABLE: 'y',
      CONFIG_LOG_DEFAULT_LEVEL: 1.5,
    });
    expect(checked.changes).toEqual({ CONFIG_LLEXT_HEAP_SIZE: 16 });
    expect(checked.dropped).toEqual([
      {
        option: 'CONFIG_LLEXT_OLD_OPTION',
        message: 'CONFIG_LLEXT_OLD_OPTION is not a Kconfig option this version of the playground knows; its value (true) is not applied.',
      },
      { option: 'CONFIG_SRAM_SIZE', message: 'CONFIG_SRAM_SIZE can no longer be set in prj.conf; its value (1) is not applied.' },
    ]);
    expect(checked.invalid).toEqual([
      { option: 'CONFIG_LLEXT_STORAGE_WRITABLE', message: 'CONFIG_LLEXT_STORAGE_WRITABLE must be true or false, not "y".' },
      { option: 'CONFIG_LOG_DEFAULT_LEVEL', message: 'CONFIG_LOG_DEFAULT_LEVEL must be an integer, not 1.5.' },
    ]);
  });
});
