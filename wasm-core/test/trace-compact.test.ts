// The per-relocation records of the trace are compact (interned strings, variable-length
// integers, log lines as templates); the decoder must give back exactly what the engine
// means. The expected texts and values below are computed by hand from the file built
// here, not read back from the engine.
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { run } from './sim-harness.js';
import { simulate } from '../src/engine.js';
import { configText } from './sim-harness.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const R_ARM_ABS32 = 2;

/** .text of 8 bytes (two literal words), relocated against an import and a local section symbol. */
function twoRelocations(): Uint8Array {
  const b = new ElfBuilder();
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0, 0, 0, 0, 0xfc, 0xff, 0xff, 0xff] });
  b.symbol({ name: '.text', section: '.text', type: E.STT_SECTION });
  b.symbol({ name: 'entry', section: '.text', value: 1, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [
    { offset: 0, sym: 'printk', type: R_ARM_ABS32 },
    { offset: 4, sym: 1, type: R_ARM_ABS32 },
  ]);
  return b.build().bytes;
}

describe('compact relocation records', () => {
  it('decode to the log lines Zephyr prints at DBG level, in order', async () => {
    const doc = await run(twoRelocations(), { kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 } });
    expect(doc.ok).toBe(true);
    const text = doc.regions.find((r) => r.name === 'TEXT')!;
    const base = Number(text.addr);
    const rel = doc.log.filter((l) => /llext_link: relocation \d|writing relocation|found symbol/.test(l));
    // .rel.text is section 2. Symbols, locals first: 0 null, 1 the .text section symbol,
    // 2 entry, 3 printk; r_info = sym << 8 | type: 0x302, then 0x102.
    expect(rel).toEqual([
      '<dbg> llext: llext_lookup_symbol: found symbol printk at 0x12345',
      '<dbg> llext: llext_link: relocation 2:0 info 0x302 (type 2, sym 3) offset 0 sym_name printk sym_type 0 sym_bind 1 sym_ndx 0',
      `<dbg> llext: llext_link: writing relocation type 2 at 0x${base.toString(16)} with symbol printk (0x12345)`,
      '<dbg> llext: llext_lookup_symbol: found symbol printk at 0x12345',
      '<dbg> llext: llext_link: relocation 2:1 info 0x102 (type 2, sym 1) offset 4 sym_name .text sym_type 3 sym_bind 0 sym_ndx 1',
      `<dbg> llext: llext_link: writing relocation type 2 at 0x${(base + 4).toString(16)} with symbol .text (0x${base.toString(16)})`,
    ]);
  });

  it('print nothing per relocation at the default INF level (the core resolves symbols for its log only above INF)', async () => {
    const doc = await run(twoRelocations());
    expect(doc.ok).toBe(true);
    expect(doc.log).toEqual(['<inf> llext: Loaded extension ext']);
  });

  it('carry every field of the relocation and lookup events', async () => {
    const { events, document: doc } = await simulate({ files: [twoRelocations()], config: configText() });
    const relocs = events.filter((e) => e.kind === 'reloc');
    const lookups = events.filter((e) => e.kind === 'lookup');
    expect(relocs).toHaveLength(2);
    // Where the heap placed .text (struct llext and the section map come first).
    const text = BigInt(doc.regions.find((r) => r.name === 'TEXT')!.addr);
    const [a, b] = relocs as Extract<(typeof relocs)[number], { kind: 'reloc' }>[];
    expect([a.relSection, a.target, a.index, a.offset, a.type, a.typeName, a.symbol]).toEqual([2, 1, 0, 0n, 2, 'R_ARM_ABS32', 'printk']);
    expect([a.S, a.A, a.value, a.abiValue]).toEqual([0x12345n, 0n, 0x12345n, 0x12345n]);
    expect([...a.before, ...a.after, ...a.abiAfter]).toEqual([0, 0, 0, 0, 0x45, 0x23, 0x01, 0, 0x45, 0x23, 0x01, 0]);
    // The implicit addend -4 (0xfffffffc) of the second word: S + A = .text - 4, stored modulo 2^32.
    expect([b.index, b.offset, b.symbol, b.S, b.P]).toEqual([1, 4n, '.text', text, text + 4n]);
    const v = (text - 4n) & 0xffffffffn;
    expect(b.value).toBe(v);
    expect([...b.after]).toEqual([0, 1, 2, 3].map((i) => Number((v >> BigInt(8 * i)) & 0xffn)));
    expect([a.ret, a.abiRet, a.written, a.quirk, a.hint, b.written]).toEqual([0, 0, true, '', '', true]);
    expect(lookups.map((l) => l.kind === 'lookup' && [l.name, l.symIndex, l.source, l.addr, l.ret])).toEqual([
      ['printk', 3, 'builtin', 0x12345n, 0],
      ['.text', 1, 'section', text, 0],
    ]);
  });

  it('print 64-bit addresses above 2^53 exactly', async () => {
    // An AArch64 image whose built-in printk sits at 0xffff800012345678 (> 2^53).
    const b = new ElfBuilder({ bits: 64, machine: 183 });
    b.section({ name: '.data', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 8, data: new Array(8).fill(0) });
    b.symbol({ name: 'table', section: '.data', size: 8, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.data', [{ offset: 0, sym: 'printk', type: 257, addend: 0 }], { rela: true }); // R_AARCH64_ABS64
    const config = configText({
      arch: 'arm64',
      bits: 64,
      heaps: { llext_heap: 0x40008000 },
      elfbuf: 0x40020000,
      kconfig: { CONFIG_LLEXT_LOG_LEVEL: 4 },
    }).replace('export printk 0x12345', 'export printk 0xffff800012345678');
    const { document: doc, events } = await simulate({ files: [b.build().bytes], config });
    expect(doc.ok).toBe(true);
    expect(doc.log).toContain('<dbg> llext: llext_lookup_symbol: found symbol printk at 0xffff800012345678');
    const r = events.find((e) => e.kind === 'reloc');
    expect(r && r.kind === 'reloc' && [r.S, r.value, [...r.after]]).toEqual([
      0xffff800012345678n,
      0xffff800012345678n,
      [0x78, 0x56, 0x34, 0x12, 0x00, 0x80, 0xff, 0xff],
    ]);
  });

  it('refuse a relocation whose r_offset lies past the end of its section, before it writes', async () => {
    // r_offset 8 on an 8-byte .text (section 1): llext_link() checks the offset against the
    // target section's size and stops the link at once with -ENOEXEC.
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [1, 2, 3, 4, 5, 6, 7, 8] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.text', [
      { offset: 0, sym: 'printk', type: R_ARM_ABS32 },
      { offset: 8, sym: 'printk', type: R_ARM_ABS32 },
    ]);
    const { document: doc, events } = await simulate({ files: [b.build().bytes], config: configText() });
    expect([doc.ok, doc.errno, doc.message]).toEqual([false, 8, 'relocation r_offset 0x8 out of section 1 (size 0x8)']);
    expect(doc.log).toContain('<err> llext: relocation r_offset 0x8 out of section 1 (size 0x8)');
    // The first relocation was written; the second never reached arch_elf_relocate().
    expect(events.filter((e) => e.kind === 'reloc')).toHaveLength(1);
    expect(doc.diagnostics.find((d) => d.code === 'r-offset-range')!.text).toBe(
      'Relocation 1 of .rel.text patches offset 0x8 of .text, which is only 8 bytes long: the object is corrupt.',
    );
  });
});
