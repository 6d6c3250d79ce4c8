// OpenRISC has no Debian toolchain, so this extension is assembled by hand with the
// test ELF writer: big-endian ELF32 (EM_OPENRISC), RELA, loaded on qemu_or1k.
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { EM_OPENRISC, R_OR1K_32, R_OR1K_HI_16_IN_INSN, R_OR1K_INSN_REL_26, R_OR1K_LO_16_IN_INSN, be32 } from './elf/openrisc.js';
import { simulate } from '../src/engine.js';
import { prepareSession } from '../src/session.js';

function extension(): Uint8Array {
  const b = new ElfBuilder({ endian: 'big', machine: EM_OPENRISC });
  // l.movhi r3,hi(printk); l.ori r3,r3,lo(printk); l.jal printk; l.nop
  b.section({
    name: '.text',
    type: E.SHT_PROGBITS,
    flags: E.SHF_ALLOC | E.SHF_EXECINSTR,
    align: 4,
    data: be32([0x18600000, 0xa8630000, 0x04000000, 0x15000000]),
  });
  // A pointer to printk + 4, with a non-zero word already in place.
  b.section({ name: '.data', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC | E.SHF_WRITE, align: 4, data: be32([0x10]) });
  b.symbol({ name: 'entry', section: '.text', size: 16, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate(
    '.text',
    [
      { offset: 0, sym: 'printk', type: R_OR1K_HI_16_IN_INSN, addend: 0 },
      { offset: 4, sym: 'printk', type: R_OR1K_LO_16_IN_INSN, addend: 0 },
      { offset: 8, sym: 'printk', type: R_OR1K_INSN_REL_26, addend: 0 },
    ],
    { rela: true },
  );
  b.relocate('.data', [{ offset: 0, sym: 'printk', type: R_OR1K_32, addend: 4 }], { rela: true });
  return b.build().bytes;
}

describe('OpenRISC extension (hand-assembled)', () => {
  it('loads on qemu_or1k with big-endian words patched as the OpenRISC ABI says, and R_OR1K_32 adding to the word', async () => {
    const s = await prepareSession({ board: 'qemu_or1k', files: [{ name: 'or1k.llext', bytes: extension() }] });
    const { document: d } = await simulate({ files: s.files, config: s.config });
    expect(d.ok, d.message).toBe(true);
    const S = BigInt(d.imports.find((i) => i.name === 'printk')!.addr!);
    const P = BigInt(d.sections.find((x) => x.name === '.text')!.addr);
    const hex = (v: bigint) => (v & 0xffffffffn).toString(16).padStart(8, '0');
    const jal = 0x04000000n | (((S - (P + 8n)) >> 2n) & 0x03ffffffn);
    expect(d.image['.text']).toBe(hex(0x18600000n | (S >> 16n)) + hex(0xa8630000n | (S & 0xffffn)) + hex(jal) + '15000000');
    // Zephyr: V += S + A (0x10 + S + 4); the psABI (RELA): S + A.
    expect(d.image['.data']).toBe(hex(0x10n + S + 4n));
    expect(d.abiImage['.data']).toBe(hex(S + 4n));
    expect(d.diagnostics.find((x) => x.code === 'zephyr-quirk')?.text).toMatch(/^1 R_OR1K_32 relocation: /);
  });
});
