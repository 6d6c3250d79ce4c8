// The Xtensa PLT path (llext_link_plt, as of Zephyr c4eeedcb): every entry patches the loaded
// copy of its section; entries it cannot place are skipped with a warning; a missing symbol
// is reported and fails the link after the whole section; an undefined weak symbol is 0.
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import { ElfPatch } from './elf/patch.js';
import * as E from './elf/layout.js';
import { simulate } from '../src/engine.js';
import { configText } from './sim-harness.js';
import { prepareSession } from '../src/session.js';
import { computeVerdict } from '../src/verdict/verdict.js';

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
    // The skipped entry is in the trace (see below), not written.
    expect(events.filter((e) => e.kind === 'reloc' && e.written)).toHaveLength(1);
  });
});

describe('llext_link_plt: entries it skips without a word', () => {
  const R_XTENSA_SLOT0_OP = 20;
  /**
   * test_entry (.text, 8 bytes) calls printk with a CALL0 whose operand is left to the linker
   * (no -mlongcalls), and .rodata holds a pointer to the string at .LC2+6: a defined local
   * STT_NOTYPE label, which llext_link_plt() skips.
   */
  function labelObject(): Uint8Array {
    const b = new ElfBuilder({ machine: EM_XTENSA });
    b.section({
      name: '.text',
      type: E.SHT_PROGBITS,
      flags: E.SHF_ALLOC | E.SHF_EXECINSTR,
      align: 4,
      data: [0x36, 0x41, 0x00, 0x05, 0x00, 0x00, 0x1d, 0xf0],
    });
    b.section({
      name: '.rodata',
      type: E.SHT_PROGBITS,
      flags: E.SHF_ALLOC,
      align: 4,
      data: [...new TextEncoder().encode('x: hello\0\0\0\0'), 0, 0, 0, 0],
    });
    b.symbol({ name: '.LC2', section: '.rodata', value: 0, type: E.STT_NOTYPE, bind: E.STB_LOCAL });
    b.symbol({ name: 'test_entry', section: '.text', size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'table', section: '.rodata', value: 12, size: 4, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.text', [{ offset: 3, sym: 'printk', type: R_XTENSA_SLOT0_OP, addend: 0 }], { rela: true });
    b.relocate('.rodata', [{ offset: 12, sym: '.LC2', type: R_XTENSA_32, addend: 6 }], { rela: true });
    return b.build().bytes;
  }

  it('records a skipped STT_NOTYPE entry with the psABI value, in the psABI image too, and calls the load hazardous', async () => {
    const req = { board: 'qemu_xtensa', files: [{ name: 'label.llext', bytes: labelObject() }] };
    const session = await prepareSession(req);
    const { document: doc, events } = await simulate({ files: session.files, config: session.config });
    expect(doc.ok).toBe(true);
    const rodata = doc.sections.find((s) => s.name === '.rodata')!;
    const lc2 = BigInt(rodata.addr) + 6n;
    const word = [Number(lc2 & 0xffn), Number((lc2 >> 8n) & 0xffn), Number((lc2 >> 16n) & 0xffn), Number(lc2 >> 24n)];
    const skipped = events.find((e) => e.kind === 'reloc' && e.symbol === '.LC2');
    expect(
      skipped &&
        skipped.kind === 'reloc' && {
          written: skipped.written,
          offset: skipped.offset,
          ret: skipped.ret,
          before: [...skipped.before],
          after: [...skipped.after],
          abiAfter: [...skipped.abiAfter],
          abiValue: skipped.abiValue,
          quirk: skipped.quirk,
        },
    ).toEqual({
      written: false,
      offset: 12n,
      ret: 0,
      before: [0, 0, 0, 0],
      after: [0, 0, 0, 0],
      abiAfter: word,
      abiValue: lc2,
      quirk: `Zephyr's llext_link_plt() skips this entry: its symbol .LC2 is a defined STT_NOTYPE symbol, so the word stays 0x00000000 where GNU ld writes 0x${lc2.toString(16).padStart(8, '0')}.`,
    });
    // Zephyr's image keeps 0 there; the psABI image has the address of .LC2+6.
    const hexWord = word.map((x) => x.toString(16).padStart(2, '0')).join('');
    expect(doc.image['.rodata']!.slice(24, 32)).toBe('00000000');
    expect(doc.abiImage['.rodata']!.slice(24, 32)).toBe(hexWord);
    // No line of Zephyr's log mentions the entry.
    expect(doc.log.filter((l) => l.includes('.LC2'))).toEqual([]);

    const v = await computeVerdict(req, { document: doc, events });
    expect(v.status).toBe('loaded-with-hazards');
    expect(v.cause).toBe(
      'Loaded, but Zephyr wrote 1 relocation with a value that is not what the psABI gives and skipped 1 relocation GNU ld would have applied: ' +
        `in test_entry+0x3 (.text), the call to printk targets 0x0 where the psABI gives ${doc.imports.find((i) => i.name === 'printk')!.addr!.replace(/^0x0*/, '0x')}; ` +
        `in table+0x0 (.rodata), the reference to .LC2+0x6 was skipped (its word stays 00 00 00 00 where GNU ld writes ${word.map((x) => x.toString(16).padStart(2, '0')).join(' ')}). ` +
        'That code will not do what it says when it runs.',
    );
  });

  it('records an entry past the end of its target section without bytes', async () => {
    const { events } = await simulate({ files: [object(['printk'], [{ offset: 4, sym: 'printk' }])], config: xtensa() });
    const relocs = events.filter((e) => e.kind === 'reloc');
    expect(relocs.map((e) => e.kind === 'reloc' && [e.symbol, e.written, e.offset, e.P, e.after.length, e.quirk])).toEqual([
      ['printk', true, 0n, expect.any(BigInt), 4, ''],
      [
        'printk',
        false,
        4n,
        0n,
        0,
        "Zephyr's llext_link_plt() skips this entry: r_offset 0x4 is past the end of its target section (size 0x4); nothing is patched.",
      ],
    ]);
  });

  it('records an entry whose symbol index is past the symbol table, and one whose binding is neither global, weak nor local', async () => {
    const patch = new ElfPatch(object(['printk', 'other'], [{ offset: 0, sym: 'printk' }]));
    // .rela.data's one entry names symbol 99; 'other' gets binding 10 (STB_GNU_UNIQUE).
    const relaData = patch.contents('.rela.data');
    new DataView(relaData.buffer, relaData.byteOffset).setUint32(4, (99 << 8) | R_XTENSA_32, true);
    patch.setSymbol('other', 'st_info', (10 << 4) | E.STT_NOTYPE);
    const { document: doc, events } = await simulate({ files: [patch.bytes], config: xtensa() });
    expect(doc.ok).toBe(true);
    expect(doc.log.filter((l) => l.startsWith('<wrn>'))).toEqual(['<wrn> llext: PLT: idx 99 >= 4']);
    const skipped = events.filter((e) => e.kind === 'reloc' && !e.written);
    expect(skipped.map((e) => e.kind === 'reloc' && [e.symbol, e.after.length, e.quirk])).toEqual([
      [
        'other',
        0,
        "Zephyr's llext_link_plt() skips this entry: its symbol other has binding 10, neither STB_GLOBAL, STB_WEAK nor STB_LOCAL, so neither relocation hook is called; nothing is patched.",
      ],
      [
        '',
        0,
        "Zephyr's llext_link_plt() skips this entry: its symbol index 99 is past the end of the symbol table (4 entries); nothing is patched.",
      ],
    ]);
  });
});
