// The OpenRISC gallery sample, hello_or1k (public/samples/hello_or1k): no Debian toolchain
// targets OpenRISC, so it is written with the test ELF writer instead of compiled.
// hello_or1k.S beside the sample lists the same instructions with their encodings;
// scripts/build-openrisc-sample.mjs writes the file from here.
import { ElfBuilder } from './builder.js';
import * as E from './layout.js';
import { EM_OPENRISC, R_OR1K_32, R_OR1K_HI_16_IN_INSN, R_OR1K_INSN_REL_26, R_OR1K_LO_16_IN_INSN, be32 } from './openrisc.js';

const MESSAGE = 'Hello from OpenRISC\n\0';
const ENTRY_NAME = 'test_entry\0';

/** test_entry() { printk("Hello from OpenRISC\n"); } exported with EXPORT_SYMBOL(test_entry). */
export function helloOr1k(): Uint8Array {
  const b = new ElfBuilder({ endian: 'big', machine: EM_OPENRISC });
  b.section({
    name: '.text',
    type: E.SHT_PROGBITS,
    flags: E.SHF_ALLOC | E.SHF_EXECINSTR,
    align: 4,
    data: be32([
      0x9c21fffc, // l.addi r1,r1,-4
      0xd4014800, // l.sw   0(r1),r9
      0x18600000, // l.movhi r3,hi(.LC0)
      0x04000000, // l.jal  printk
      0xa8630000, // l.ori  r3,r3,lo(.LC0)   (delay slot)
      0x85210000, // l.lwz  r9,0(r1)
      0x44004800, // l.jr   r9
      0x9c210004, // l.addi r1,r1,4          (delay slot)
    ]),
  });
  b.section({ name: '.rodata', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: new TextEncoder().encode(MESSAGE + ENTRY_NAME) });
  // struct llext_symbol { const char *name; void *addr; } of EXPORT_SYMBOL(test_entry).
  b.section({ name: '.exported_sym', type: E.SHT_PROGBITS, flags: E.SHF_ALLOC, align: 4, data: be32([0, 0]) });
  b.symbol({ name: '.LC0', section: '.rodata', value: 0, type: E.STT_NOTYPE, bind: E.STB_LOCAL });
  b.symbol({ name: '.LC1', section: '.rodata', value: MESSAGE.length, type: E.STT_NOTYPE, bind: E.STB_LOCAL });
  b.symbol({ name: 'test_entry', section: '.text', size: 32, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: '__llext_sym_test_entry', section: '.exported_sym', size: 8, type: E.STT_OBJECT, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate(
    '.text',
    [
      { offset: 8, sym: '.LC0', type: R_OR1K_HI_16_IN_INSN, addend: 0 },
      { offset: 12, sym: 'printk', type: R_OR1K_INSN_REL_26, addend: 0 },
      { offset: 16, sym: '.LC0', type: R_OR1K_LO_16_IN_INSN, addend: 0 },
    ],
    { rela: true },
  );
  b.relocate(
    '.exported_sym',
    [
      { offset: 0, sym: '.LC1', type: R_OR1K_32, addend: 0 },
      { offset: 4, sym: 'test_entry', type: R_OR1K_32, addend: 0 },
    ],
    { rela: true },
  );
  return b.build().bytes;
}
