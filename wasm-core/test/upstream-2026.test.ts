// Loader and relocation changes merged upstream in 2026 (issue 14), each reached with a
// crafted extension and checked against the exact Zephyr log and errno. The upstream reference
// of every rule is in wasm-core/assembly/loader/version.ts.
import { describe, expect, it } from 'vitest';
import { ElfBuilder } from './elf/builder.js';
import * as E from './elf/layout.js';
import { run } from './sim-harness.js';

const AX = E.SHF_ALLOC | E.SHF_EXECINSTR;
const ENOEXEC = 8;
const ERR = (s: string) => '<err> llext: ' + s;
const ARCH_ERR = (s: string) => '<err> elf: ' + s;
const le32 = (v: number) => [0, 8, 16, 24].map((s) => (v >>> s) & 0xff);

/** An AArch64 object whose .text holds `insn` then `ret`, with one RELA entry of `type` at 0
 * against the undefined global `printk` (exported by the image at 0x12345). */
function a64Call(insn: number, type: number, addend: bigint = 0n): Uint8Array {
  const b = new ElfBuilder({ bits: 64, machine: E.EM_AARCH64 });
  b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [...le32(insn), ...le32(0xd65f03c0)] });
  b.symbol({ name: 'entry', section: '.text', value: 0, size: 8, type: E.STT_FUNC, bind: E.STB_GLOBAL });
  b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
  b.relocate('.text', [{ offset: 0, sym: 'printk', type, addend }], { rela: true });
  return b.build().bytes;
}

/** The format ends in "\n": log_output prints it, then its own line end (an empty line). */
const OUT_OF_RANGE = [ARCH_ERR("sym 'printk': relocation out of range (0x20008218 -> 0x12345)"), ''];

describe('AArch64 overflow checks (PR #115710)', () => {
  // Known from the pull request and its issue (#115707); the newest stored elf.c predates it.
  it('fails `tbz x0, #0, printk` to a far symbol: negative overflow is no longer let through', async () => {
    // .text at 0x20008218; X = 0x12345 - 0x20008218 needs far more than TSTBR14's 16 bits.
    const doc = await run(a64Call(0x36000000, 279 /* R_AARCH64_TSTBR14 */), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([...OUT_OF_RANGE, ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno, doc.actions[0]!.ret]).toEqual([false, ENOEXEC, -ENOEXEC]);
  });

  it('fails MOVW_UABS_G1 when X >> 16 only fits after the 32-bit truncation', async () => {
    // X = 0x12345 + 2^48: X >> 16 = 0x100000001, truncated to 1 by the old check.
    const doc = await run(a64Call(0xd2a00000 /* movz x0, #0, lsl 16 */, 265, 1n << 48n), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([...OUT_OF_RANGE, ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });

  it('still loads a branch in range', async () => {
    const doc = await run(a64Call(0x94000000 /* bl printk */, 283), { arch: 'arm64', bits: 64, exports: { printk: 0x20010000 } });
    expect([doc.ok, doc.errno]).toEqual([true, 0]);
  });
});

describe('formats ending in "\\n" show an empty line after them (log_output adds its own line end)', () => {
  it('ARM64 "unknown relocation: %llu\\n"', async () => {
    const doc = await run(a64Call(0xd503201f, 281), { arch: 'arm64', bits: 64 });
    expect(doc.log).toEqual([ARCH_ERR('unknown relocation: 281'), '', ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });

  it('ARM "unknown relocation: %u\\n"', async () => {
    const b = new ElfBuilder();
    b.section({ name: '.text', type: E.SHT_PROGBITS, flags: AX, align: 4, data: [0x70, 0x47, 0x00, 0xbf] });
    b.symbol({ name: 'entry', section: '.text', value: 1, size: 4, type: E.STT_FUNC, bind: E.STB_GLOBAL });
    b.symbol({ name: 'printk', type: E.STT_NOTYPE, bind: E.STB_GLOBAL });
    b.relocate('.text', [{ offset: 0, sym: 'printk', type: 26 /* R_ARM_GOT_BREL */ }]);
    const doc = await run(b.build().bytes);
    expect(doc.log).toEqual([ARCH_ERR('unknown relocation: 26'), '', ERR('Failed to link, ret -8')]);
    expect([doc.ok, doc.errno]).toEqual([false, ENOEXEC]);
  });
});
