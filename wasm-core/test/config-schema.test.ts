import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildKconfigSchema, kconfigSchema } from '../src/config/kconfigSchema.js';
import { DataFileError } from '../src/config/jsonRead.js';
import { formatExpr } from '../src/config/kconfigExpr.js';

const schema = kconfigSchema();

// Every option of the LLEXT Kconfig menu (subsys/llext/Kconfig, 2026 revision).
const LLEXT_OPTIONS = [
  'LLEXT',
  'LLEXT_TYPE_ELF_OBJECT',
  'LLEXT_TYPE_ELF_RELOCATABLE',
  'LLEXT_TYPE_ELF_SHAREDLIB',
  'LLEXT_HEAP_DYNAMIC',
  'LLEXT_HEAP_K_HEAP',
  'LLEXT_HEAP_MEMBLK',
  'LLEXT_HEAP_SIZE',
  'LLEXT_METADATA_HEAP_SIZE',
  'LLEXT_EXT_HEAP_SIZE',
  'LLEXT_HEAP_MEMBLK_BLOCK_SIZE',
  'LLEXT_INSTR_HEAP_SIZE',
  'LLEXT_DATA_HEAP_SIZE',
  'LLEXT_BUILD_PIC',
  'LLEXT_SHELL',
  'LLEXT_SHELL_MAX_SIZE',
  'LLEXT_STORAGE_WRITABLE',
  'LLEXT_RODATA_NO_RELOC',
  'LLEXT_EXPORT_DEVICES',
  'LLEXT_EXPORT_DEV_IDS_BY_HASH',
  'LLEXT_EXPORT_BUILTINS_BY_SLID',
  'LLEXT_IMPORT_ALL_GLOBALS',
  'LLEXT_EXPERIMENTAL',
  'LLEXT_CODEGEN_VLIW_INHERIT',
  'LLEXT_CODEGEN_VLIW_ENABLED',
  'LLEXT_CODEGEN_VLIW_DISABLED',
  'LLEXT_EXPORT_DEFAULT_GROUPS',
  'LLEXT_EXPORT_SYMBOL_GROUP_UNASSIGNED',
  'LLEXT_EXPORT_SYMBOL_GROUP_SYSCALL',
  'LLEXT_EXPORT_SYMBOL_GROUP_LIBC',
  'LLEXT_EXPORT_SYMBOL_GROUP_DEVICE',
  'LLEXT_LOG_LEVEL',
  'LLEXT_LOG_LEVEL_OFF',
  'LLEXT_LOG_LEVEL_ERR',
  'LLEXT_LOG_LEVEL_WRN',
  'LLEXT_LOG_LEVEL_INF',
  'LLEXT_LOG_LEVEL_DBG',
  'LLEXT_EDK',
  'LLEXT_EDK_NAME',
  'LLEXT_EDK_FORMAT_TAR_XZ',
  'LLEXT_EDK_FORMAT_TAR_ZSTD',
  'LLEXT_EDK_FORMAT_ZIP',
  'LLEXT_EDK_USERSPACE_ONLY',
  'LLEXT_EDK_PRESERVE_INPUT_FOLDER',
];

/** The Kconfig names FORMAT.md says the engine reads. */
function engineNamesFromFormatDoc(): string[] {
  const doc = readFileSync(new URL('../assembly/config/FORMAT.md', import.meta.url), 'utf8');
  const paragraph = doc.slice(doc.indexOf('Kconfig names the engine reads'));
  const names = new Set<string>();
  // "CONFIG_A / _B / _C" abbreviates CONFIG_A, CONFIG_A's prefix + _B, ...
  for (const m of paragraph.matchAll(/(CONFIG_[A-Z0-9_]+)((?:\s*\/\s*_[A-Z0-9_]+)*)/g)) {
    names.add(m[1]);
    const suffixes = [...m[2].matchAll(/_[A-Z0-9_]+/g)].map((s) => s[0]);
    for (const suffix of suffixes) {
      const stem = m[1].slice(0, m[1].lastIndexOf('_'));
      names.add(stem + suffix);
    }
  }
  return [...names].sort();
}

describe('Kconfig schema (data/kconfig.json)', () => {
  it('defines every LLEXT option of the Kconfig table', () => {
    const missing = LLEXT_OPTIONS.filter((s) => !schema.option(`CONFIG_${s}`));
    expect(missing).toEqual([]);
  });

  it('marks exactly the options FORMAT.md lists as read by the engine', () => {
    const fromDoc = engineNamesFromFormatDoc();
    expect(fromDoc).toContain('CONFIG_LLEXT_TYPE_ELF_SHAREDLIB');
    expect(fromDoc).toHaveLength(31);
    const flagged = schema.options
      .filter((o) => o.affectsEngine)
      .map((o) => o.name)
      .sort();
    expect(flagged).toEqual(fromDoc);
  });

  it('encodes conditional defaults as data', () => {
    const writable = schema.option('CONFIG_LLEXT_STORAGE_WRITABLE');
    expect(writable?.defaults.map((d) => [d.value, d.if && formatExpr(d.if)])).toEqual([[true, 'XTENSA']]);
    const binaryType = schema.choice('LLEXT_BINARY_TYPE');
    expect(binaryType?.defaults.map((d) => [d.member, d.if && formatExpr(d.if)])).toEqual([
      ['CONFIG_LLEXT_TYPE_ELF_OBJECT', 'ARM || ARM64'],
      ['CONFIG_LLEXT_TYPE_ELF_SHAREDLIB', 'XTENSA'],
      ['CONFIG_LLEXT_TYPE_ELF_RELOCATABLE', 'RISCV'],
    ]);
    expect(binaryType?.members).toEqual([
      'CONFIG_LLEXT_TYPE_ELF_OBJECT',
      'CONFIG_LLEXT_TYPE_ELF_RELOCATABLE',
      'CONFIG_LLEXT_TYPE_ELF_SHAREDLIB',
    ]);
    const heapSize = schema.option('CONFIG_LLEXT_HEAP_SIZE');
    expect(heapSize && heapSize.depends && formatExpr(heapSize.depends)).toBe(
      'LLEXT && !LLEXT_HEAP_DYNAMIC && !HARVARD && !LLEXT_HEAP_MEMBLK',
    );
    expect(heapSize?.unit).toBe('KiB');
  });

  it('describes every option with a category and help that names its source', () => {
    for (const opt of schema.options) {
      expect(schema.categories.map((c) => c.id)).toContain(opt.category);
      expect(opt.help.length).toBeGreaterThan(20);
      if (opt.source === 'subsys/llext/Kconfig') expect(opt.help).toContain("from Zephyr's subsys/llext/Kconfig");
    }
  });

  it('marks board facts, with CONFIG_USERSPACE user-settable and off by default', () => {
    const facts = schema.options.filter((o) => o.boardFact).map((o) => o.name);
    expect(facts).toEqual(
      expect.arrayContaining([
        'CONFIG_ARM_MPU',
        'CONFIG_MMU',
        'CONFIG_HARVARD',
        'CONFIG_MPU_REQUIRES_POWER_OF_TWO_ALIGNMENT',
        'CONFIG_MMU_PAGE_SIZE',
        'CONFIG_ARC_MPU',
        'CONFIG_ARC_MPU_VER',
        'CONFIG_SRAM_SIZE',
      ]),
    );
    const userspace = schema.option('CONFIG_USERSPACE');
    expect([userspace?.category, userspace?.userSettable, userspace?.defaults[0].value]).toEqual(['Board', true, false]);
    expect(schema.option('CONFIG_HARVARD')?.userSettable).toBe(false);
  });

  it('rejects data that names an unknown symbol', () => {
    const bad = {
      version: 1,
      categories: [{ id: 'Heap', description: 'x' }],
      options: [
        {
          name: 'CONFIG_A',
          type: 'bool',
          category: 'Heap',
          depends: 'B && !C',
          defaults: [{ value: 'n' }],
          affectsEngine: false,
          boardFact: false,
          userSettable: true,
          source: 's',
          help: 'h',
        },
      ],
    };
    expect(() => buildKconfigSchema(bad)).toThrow(new DataFileError('option CONFIG_A.depends: unknown symbol B'));
  });

  it('rejects a malformed expression with its location', () => {
    const bad = {
      version: 1,
      categories: [{ id: 'Heap', description: 'x' }],
      options: [
        {
          name: 'CONFIG_A',
          type: 'bool',
          category: 'Heap',
          depends: 'A ||',
          defaults: [],
          affectsEngine: false,
          boardFact: false,
          userSettable: true,
          source: 's',
          help: 'h',
        },
      ],
    };
    expect(() => buildKconfigSchema(bad)).toThrow('option CONFIG_A.depends: unexpected end of expression at column 5 of "A ||"');
  });
});
