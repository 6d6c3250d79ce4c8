// The Xtensa PLT path (llext_link_plt, as of Zephyr c4eeedcb): every entry patches the loaded
// copy of its section; entries it cannot place are skipped with a warning; a missing symbol
// is reported and fails the link after the whole section; an undefined weak symbol is 0.
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { simulate } from '../src/engine.js';
import { configText } from './sim-harness.js';

const R_XTENSA_32 = 1;
const EM_XTENSA = 94;
const xtensa = (kconfig: Record<string, number | string> = {}) =>
  configText({ arch: 'xtensa', heaps: { llext_heap: 0x3ffc8000 }, elfbuf: 0x3ffd0000, kconfig });

/** .text with two words and .data with one, each relocated by R_XTENSA_32 entries. */
function object(textSyms: string[], dataEntries: { offset: number; sym: string }[]): Uint8Array {
  const b = new ElfBuilder({ machine: EM_XTENSA });
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_EXECINSTR, align: 4, data: [0, 0, 0, 0, 0x10, 0, 0, 0] });
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, data: [1, 0, 0, 0] });
  b.symbol({ name: 'entry', section: '.text', size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  for (const name of new Set([...textSyms, ...dataEntries.map((d) => d.sym)])) {
    b.symbol({ name, type: E.STT_NOTYPE, bind: name.startsWith('weak') ? E.STB_WEAK : E.STB_GLOBAL });
  }
  b.relocate(
    '.text',
    textSyms.map((sym, i) => ({ offset: 4 * i, sym, type: R_XTENSA_32, addend: 0 })),
    { rela: true },
  );
  if (dataEntries.length > 0)
    b.relocate(
      '.data',
      dataEntries.map((d) => ({ ...d, type: R_XTENSA_32, addend: 0 })),
      { rela: true },
    );
  return b.build().bytes;
}

describe('llext_link_plt', () => {
  it('reports every missing symbol of a section, links the rest of it, and fails with -ENOENT after it', async () => {
    const { document: doc, events } = await simulate({
      files: [object(['missing_a', 'printk'], [{ offset: 0, sym: 'missing_b' }])],
      config: xtensa(),
    });
    expect([doc.ok, doc.errno]).toEqual([false, 2]);
    const warnings = doc.log.filter((l) => l.startsWith('<wrn>'));
    // Symbols: 0 the null symbol, 1 entry, 2 missing_a, 3 printk, 4 missing_b.
    expect(warnings).toEqual(['<wrn> llext: PLT: cannot find idx 2 name missing_a']);
    // The link stops after the section that failed (llext_link returns its error).
    const written = events.filter((e) => e.kind === 'reloc').map((e) => e.kind === 'reloc' && [e.symbol, e.written]);
    expect(written).toEqual([['printk', true]]);
    expect(doc.message).toBe('Failed to link, ret -2');
  });

  it('resolves an undefined weak symbol to 0 and loads', async () => {
    const { document: doc, events } = await simulate({
      files: [object(['printk', 'weak_hook'], [])],
      config: xtensa({ CONFIG_LLEXT_LOG_LEVEL: 4 }),
    });
    expect(doc.ok).toBe(true);
    expect(doc.log).toContain('<dbg> llext: llext_link_plt: PLT: weak symbol weak_hook unresolved, using 0');
    const weak = events.find((e) => e.kind === 'reloc' && e.symbol === 'weak_hook');
    expect(weak && weak.kind === 'reloc' && [weak.S, [...weak.after]]).toEqual([0n, [0x10, 0, 0, 0]]);
  });

  it('skips an entry past the end of its target section with a warning', async () => {
    const { document: doc, events } = await simulate({ files: [object(['printk'], [{ offset: 4, sym: 'printk' }])], config: xtensa() });
    expect(doc.ok).toBe(true);
    expect(doc.log).toContain('<wrn> llext: PLT: r_offset 0x4 out of target section (size 0x4), skipping');
    expect(events.filter((e) => e.kind === 'reloc')).toHaveLength(1);
  });
});
