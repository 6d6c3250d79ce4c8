// x86 relocation tables (arch/x86.ts) against hand-computed bytes.
// ia32: Zephyr's R_386_32 / R_386_PC32 with the addend stored at P (REL).
// x86-64: Zephyr's 64 / PC32 / PLT32 / 32 / 32S with r_addend (RELA), none range-checked.
// The psABI column is what GNU ld writes; its overflow limits come from the AMD64 psABI
// (32: zero-extended, 32S and PC32: sign-extended 32-bit fields).
import { beforeAll, describe, expect, it } from 'vitest';
import { freshInstance, type EngineInstance } from '../src/wasm.js';
import { relocate } from './reloc-json.js';

let e: EngineInstance;
beforeAll(async () => {
  e = await freshInstance();
});

const ia32 = (type: number, before: number[], S: bigint, P: bigint, A = 0n, rela = false) =>
  relocate(e, { arch: 'x86', type, before, S, P, A, rela, ptrSize: 4 });
const x64 = (type: number, before: number[], S: bigint, A: bigint, P = 0x20001000n, rela = true) =>
  relocate(e, { arch: 'x86_64', type, before, S, A, P, rela, ptrSize: 8 });

describe('ia32 (X86Relocator, REL)', () => {
  it('R_386_32 adds S to the addend stored at P', () => {
    // addend 4 in place; S = 0x20001000 -> 0x20001004, little-endian 04 10 00 20
    const r = ia32(1, [0x04, 0, 0, 0], 0x20001000n, 0x20002000n);
    expect(r).toMatchObject({
      known: true,
      typeName: 'R_386_32',
      width: 4,
      zephRet: 0,
      zephWrote: true,
      zeph: '04100020',
      abi: '04100020',
      abiRet: 0,
      value: '0x20001004',
      abiValue: '0x20001004',
      quirk: '',
    });
  });

  it('R_386_32 with a negative in-place addend', () => {
    // addend 0xfffffffc (-4): 0x20001000 - 4 = 0x20000ffc -> fc 0f 00 20
    const r = ia32(1, [0xfc, 0xff, 0xff, 0xff], 0x20001000n, 0x20002000n);
    expect(r.zeph).toBe('fc0f0020');
    expect(r.abi).toBe('fc0f0020');
  });

  it('R_386_PC32: call rel32 with the usual -4 addend', () => {
    // S + A - P = 0x20100000 - 4 - 0x20001001 = 0x000feffb -> fb ef 0f 00
    const r = ia32(2, [0xfc, 0xff, 0xff, 0xff], 0x20100000n, 0x20001001n);
    expect(r).toMatchObject({
      typeName: 'R_386_PC32',
      zeph: 'fbef0f00',
      abi: 'fbef0f00',
      value: '0x000feffb',
      zephRet: 0,
      abiRet: 0,
      quirk: '',
    });
  });

  it('R_386_PC32 wraps modulo 2^32 on both sides: a 32-bit field cannot overflow on ia32', () => {
    // 0x1000 - 4 - 0xf0000000 = -0xef001004 = 0x10000ffc (mod 2^32) -> fc 0f 00 10
    const r = ia32(2, [0xfc, 0xff, 0xff, 0xff], 0x1000n, 0xf0000000n);
    expect(r).toMatchObject({ zeph: 'fc0f0010', abi: 'fc0f0010', abiRet: 0, rangeFailed: false, quirk: '' });
  });

  it('R_386_NONE is an error in Zephyr and a no-op in the psABI', () => {
    const r = ia32(0, [1, 2, 3, 4], 0x1000n, 0x2000n);
    expect(r).toMatchObject({
      known: true,
      typeName: 'R_386_NONE',
      width: 0,
      zephRet: -8,
      zephWrote: false,
      errorLog: 'unknown relocation: 0',
      abiRet: 0,
    });
    expect(r.quirk).toContain('no-op');
    expect(r.hint).toContain('ld -r');
  });

  it("types outside Zephyr's table fail with the type number and a hint at the cause", () => {
    const plt = ia32(4, [0xfc, 0xff, 0xff, 0xff], 0x1000n, 0x2000n);
    expect(plt).toMatchObject({ typeName: 'R_386_PLT32', zephRet: -8, errorLog: 'unknown relocation: 4', quirk: '' });
    expect(plt.hint).toContain('-fno-pic');
    expect(ia32(43, [0, 0, 0, 0], 0n, 0n)).toMatchObject({ typeName: 'R_386_GOT32X', errorLog: 'unknown relocation: 43' });
    expect(ia32(43, [0, 0, 0, 0], 0n, 0n).hint).toContain('-fno-pic');
    expect(ia32(17, [0, 0, 0, 0], 0n, 0n).hint).toContain('TLS');
    expect(ia32(6, [0, 0, 0, 0], 0n, 0n).hint).toContain('-shared');
  });

  it('names every i386 psABI type and nothing past it', () => {
    expect(ia32(10, [0, 0, 0, 0], 0n, 0n).typeName).toBe('R_386_GOTPC');
    expect(ia32(42, [0, 0, 0, 0], 0n, 0n).typeName).toBe('R_386_IRELATIVE');
    expect(ia32(12, [0, 0, 0, 0], 0n, 0n)).toMatchObject({ known: false, typeName: '', errorLog: 'unknown relocation: 12' });
    expect(ia32(44, [0, 0, 0, 0], 0n, 0n).known).toBe(false);
  });

  it('on a RELA section Zephyr still takes the addend from P and ignores r_addend', () => {
    // place holds 0, r_addend 8: Zephyr S + 0 = 0x1000, psABI S + 8 = 0x1008
    const r = ia32(1, [0, 0, 0, 0], 0x1000n, 0x2000n, 8n, true);
    expect(r.zeph).toBe('00100000');
    expect(r.abi).toBe('08100000');
    expect(r.quirk).toContain('ignores r_addend (0x8)');
  });
});

describe('x86-64 (X86_64Relocator, RELA)', () => {
  it('R_X86_64_64 below 4 GiB: the 32-bit store gives the same 8 bytes when the upper word is 0', () => {
    // S + A = 0x20001000 + 0x10 = 0x20001010
    const r = x64(1, [0, 0, 0, 0, 0, 0, 0, 0], 0x20001000n, 0x10n);
    expect(r).toMatchObject({
      typeName: 'R_X86_64_64',
      width: 8,
      zeph: '1010002000000000',
      abi: '1010002000000000',
      value: '0x0000000020001010',
      quirk: '',
    });
  });

  it('R_X86_64_64 writes only the low 32 bits (quirk)', () => {
    // S + A = 0x100002000: Zephyr stores 00 20 00 00 and leaves the upper 0; psABI stores 01 in byte 4
    const r = x64(1, [0, 0, 0, 0, 0, 0, 0, 0], 0x100002000n, 0n);
    expect(r.zeph).toBe('0020000000000000');
    expect(r.abi).toBe('0020000001000000');
    expect(r.zephRet).toBe(0);
    expect(r.quirk).toContain('writes only the low 32 bits');
    expect(r.quirk).toContain('psABI stores 0x1');
  });

  it('R_X86_64_64 keeps stale upper bytes at P', () => {
    // place holds aa bb cc dd 11 22 33 44; S = 0x20001000: Zephyr keeps 11 22 33 44 above the new low word
    const r = x64(1, [0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33, 0x44], 0x20001000n, 0n);
    expect(r.zeph).toBe('0010002011223344');
    expect(r.abi).toBe('0010002000000000');
    expect(r.quirk).toContain('upper word keeps 0x44332211');
  });

  it('R_X86_64_PC32: S + A - P', () => {
    // 0x20200000 - 4 - 0x20001001 = 0x001feffb -> fb ef 1f 00
    const r = x64(2, [0, 0, 0, 0], 0x20200000n, -4n, 0x20001001n);
    expect(r).toMatchObject({
      typeName: 'R_X86_64_PC32',
      width: 4,
      zeph: 'fbef1f00',
      abi: 'fbef1f00',
      abiRet: 0,
      value: '0x00000000001feffb',
      quirk: '',
    });
  });

  it('R_X86_64_PC32 range edges: Zephyr never fails, GNU ld rejects beyond +-2 GiB', () => {
    // d = 0x80000fff - 0x1000 = 0x7fffffff: largest that fits
    const top = x64(2, [0, 0, 0, 0], 0x80000fffn, 0n, 0x1000n);
    expect(top).toMatchObject({ zeph: 'ffffff7f', abi: 'ffffff7f', abiRet: 0, rangeFailed: false, quirk: '' });
    // d = 0x80001000 - 0x1000 = 0x80000000: one too far; Zephyr writes 00 00 00 80
    const over = x64(2, [0, 0, 0, 0], 0x80001000n, 0n, 0x1000n);
    expect(over).toMatchObject({
      zephRet: 0,
      zeph: '00000080',
      abiRet: -34,
      rangeFailed: true,
      rangeMin: '-2147483648',
      rangeMax: '2147483647',
    });
    expect(over.quirk).toContain('relocation truncated to fit: R_X86_64_PC32');
    // d = 0x1000 - 0x80001000 = -0x80000000: smallest that fits
    const bottom = x64(2, [0, 0, 0, 0], 0x1000n, 0n, 0x80001000n);
    expect(bottom).toMatchObject({ zeph: '00000080', abiRet: 0, quirk: '' });
    // d = -0x80000001: truncates to 0x7fffffff
    const under = x64(2, [0, 0, 0, 0], 0x1000n, 0n, 0x80001001n);
    expect(under).toMatchObject({ zeph: 'ffffff7f', abi: 'ffffff7f', abiRet: -34, rangeFailed: true });
    expect(under.quirk).toContain('S+A-P = -0x80000001');
  });

  it('R_X86_64_PLT32 resolves straight to the symbol (no PLT in a static link)', () => {
    // 0x20200000 - 4 - 0x20001001 = 0x001feffb
    const r = x64(4, [0, 0, 0, 0], 0x20200000n, -4n, 0x20001001n);
    expect(r).toMatchObject({ typeName: 'R_X86_64_PLT32', zeph: 'fbef1f00', abi: 'fbef1f00', quirk: '' });
    const far = x64(4, [0, 0, 0, 0], 0x100001000n, -4n, 0x1000n);
    expect(far.abiRet).toBe(-34);
    expect(far.quirk).toContain('R_X86_64_PLT32');
  });

  it('R_X86_64_32 is zero-extended: 0..0xffffffff', () => {
    // S + A = 0xfffffff0 + 0xf = 0xffffffff: fits
    expect(x64(10, [0, 0, 0, 0], 0xfffffff0n, 0xfn)).toMatchObject({
      typeName: 'R_X86_64_32',
      zeph: 'ffffffff',
      abi: 'ffffffff',
      abiRet: 0,
      quirk: '',
    });
    // 0x100000000: Zephyr writes 00 00 00 00, ld stops
    const over = x64(10, [0, 0, 0, 0], 0xfffffff0n, 0x10n);
    expect(over).toMatchObject({ zeph: '00000000', abiRet: -34, rangeFailed: true, rangeMin: '0', rangeMax: '4294967295' });
    expect(over.quirk).toContain('zero-extended');
    // 0x1000 - 0x1001 = -1: not representable zero-extended
    const neg = x64(10, [0, 0, 0, 0], 0x1000n, -0x1001n);
    expect(neg).toMatchObject({ zeph: 'ffffffff', abiRet: -34 });
  });

  it('R_X86_64_32S is sign-extended: -2^31..2^31-1', () => {
    expect(x64(11, [0, 0, 0, 0], 0x7fffff00n, 0xffn)).toMatchObject({ typeName: 'R_X86_64_32S', zeph: 'ffffff7f', abiRet: 0, quirk: '' });
    const over = x64(11, [0, 0, 0, 0], 0x80000000n, 0n);
    expect(over).toMatchObject({ zeph: '00000080', abi: '00000080', abiRet: -34, rangeMin: '-2147483648' });
    expect(over.quirk).toContain('sign-extended');
    // a kernel-style address 0xffffffff80000000 is -2^31 as a signed value: fits
    expect(x64(11, [0, 0, 0, 0], 0xffffffff80000000n, 0n)).toMatchObject({ zeph: '00000080', abiRet: 0, quirk: '' });
    expect(x64(11, [0, 0, 0, 0], 0xffffffff80000000n, -1n).abiRet).toBe(-34);
  });

  it('R_X86_64_NONE and unsupported types fail with a hint', () => {
    const none = x64(0, [0, 0, 0, 0], 0n, 0n);
    expect(none).toMatchObject({ typeName: 'R_X86_64_NONE', zephRet: -8, zephWrote: false, width: 0, errorLog: 'unknown relocation: 0' });
    expect(none.quirk).toContain('no-op');
    const gotpcrel = x64(9, [0, 0, 0, 0], 0x1000n, -4n);
    expect(gotpcrel).toMatchObject({ typeName: 'R_X86_64_GOTPCREL', errorLog: 'unknown relocation: 9', quirk: '' });
    expect(gotpcrel.hint).toContain('-fno-pic');
    expect(x64(42, [0, 0, 0, 0], 0n, 0n).typeName).toBe('R_X86_64_REX_GOTPCRELX');
    expect(x64(42, [0, 0, 0, 0], 0n, 0n).hint).toContain('-fno-pic');
    expect(x64(23, [0, 0, 0, 0], 0n, 0n).hint).toContain('TLS');
    expect(x64(8, [0, 0, 0, 0], 0n, 0n).hint).toContain('-shared');
  });

  it('names the AMD64 types through the APX additions', () => {
    expect(x64(38, [0, 0, 0, 0], 0n, 0n).typeName).toBe('R_X86_64_RELATIVE64');
    expect(x64(51, [0, 0, 0, 0], 0n, 0n).typeName).toBe('R_X86_64_CODE_6_GOTPC32_TLSDESC');
    expect(x64(52, [0, 0, 0, 0], 0n, 0n)).toMatchObject({ known: false, typeName: '' });
  });

  it('a REL section loses the in-place addend in Zephyr', () => {
    // field holds 8, r_addend absent: Zephyr S + 0 = 0x1000, psABI S + 8 = 0x1008
    const r = x64(10, [0x08, 0, 0, 0], 0x1000n, 0n, 0x2000n, false);
    expect(r.zeph).toBe('00100000');
    expect(r.abi).toBe('08100000');
    expect(r.quirk).toContain('REL section on x86-64');
  });
});
