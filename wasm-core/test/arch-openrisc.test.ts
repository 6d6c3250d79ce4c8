// OpenRISC (or1k) relocation table (arch/openrisc.ts). RELA sections, big-endian words.
// Instruction templates (field bits zero):
//   l.j 0     0x00000000   l.jal 0   0x04000000   l.movhi r3,0   0x18600000
//   l.ori r3,r3,0  0xa8630000   l.addi r3,r3,0  0x9c630000   l.adrp r3,0  0x08600000
//   l.sw 0(r3),r4  0xd4032000  (imm[15:11] in bits 25..21, imm[10:0] in bits 10..0)
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';
import { relocate, relocateWithEnv } from './reloc-json.js';

let e: TestEngineInstance;
beforeAll(async () => {
  e = await freshTestInstance();
});

const be32 = (w: number) => [(w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff];
const or1k = (type: number, insn: number, S: bigint, A: bigint, P: bigint) =>
  relocate(e, { arch: 'openrisc', type, before: be32(insn), S, A, P, rela: true, bigEndian: true, ptrSize: 4 });

describe('data words', () => {
  it('R_OR1K_NONE does nothing on either side', () => {
    const r = relocateWithEnv(e, {
      arch: 'openrisc',
      type: 0,
      before: be32(0x12345678),
      S: 0x102000n,
      P: 0x101000n,
      bigEndian: true,
      useEnv: false,
      sym: 'tbl',
    });
    expect(r).toMatchObject({ typeName: 'R_OR1K_NONE', width: 0, zephRet: 0, abiRet: 0, quirk: '' });
    // Zephyr's per-relocation debug line
    expect(r.extraLogs).toEqual(['dbg:Relocating symbol tbl at 0x101000 with base addr 0x102000 type 0']);
  });

  it('R_OR1K_32 into a zero word: S + A, big-endian', () => {
    // 0x00102000 + 4 = 0x00102004 -> 00 10 20 04
    const r = or1k(1, 0, 0x102000n, 4n, 0x101000n);
    expect(r).toMatchObject({ typeName: 'R_OR1K_32', width: 4, zeph: '00102004', abi: '00102004', value: '0x00102004', quirk: '' });
  });

  it('R_OR1K_32 adds to the word in place although the section is RELA', () => {
    // place holds 5: Zephyr 5 + 0x102004 = 0x102009; psABI replaces with 0x102004
    const r = or1k(1, 5, 0x102000n, 4n, 0x101000n);
    expect(r.zeph).toBe('00102009');
    expect(r.abi).toBe('00102004');
    expect(r.quirk).toContain('adds to the word already at P (0x5) although the section is RELA');
  });

  it('R_OR1K_32_PCREL: S + A - P, also added in place', () => {
    // 0x102000 - 0x101000 = 0x1000
    expect(or1k(9, 0, 0x102000n, 0n, 0x101000n)).toMatchObject({
      typeName: 'R_OR1K_32_PCREL',
      zeph: '00001000',
      abi: '00001000',
      quirk: '',
    });
    // backwards: 0x100000 - 0x101000 = -0x1000 = 0xfffff000
    expect(or1k(9, 0, 0x100000n, 0n, 0x101000n).abi).toBe('fffff000');
    const stale = or1k(9, 0x10, 0x102000n, 0n, 0x101000n);
    expect(stale.zeph).toBe('00001010');
    expect(stale.abi).toBe('00001000');
    expect(stale.quirk).toContain('R_OR1K_32_PCREL adds to the word already at P');
  });

  it('R_OR1K_TLS_TPOFF is added as a plain address; the thread-pointer offset is not modelled', () => {
    const r = or1k(32, 0, 0x102000n, 0n, 0x101000n);
    expect(r).toMatchObject({ typeName: 'R_OR1K_TLS_TPOFF', zeph: '00102000', abi: '00000000', zephRet: 0 });
    expect(r.quirk).toContain('thread pointer');
    expect(r.hint).toContain('__thread');
  });
});

describe('R_OR1K_INSN_REL_26', () => {
  it('forward and backward jumps', () => {
    // l.jal: (0x102000 - 0x101000) >> 2 = 0x400 -> 0x04000400
    expect(or1k(6, 0x04000000, 0x102000n, 0n, 0x101000n)).toMatchObject({
      typeName: 'R_OR1K_INSN_REL_26',
      zeph: '04000400',
      abi: '04000400',
      value: '0x00001000',
      zephRet: 0,
      abiRet: 0,
      quirk: '',
    });
    // l.j: -0x1000 >> 2 = -0x400 -> 0x03fffc00 in bits 25..0
    expect(or1k(6, 0x00000000, 0x100000n, 0n, 0x101000n)).toMatchObject({ zeph: '03fffc00', abi: '03fffc00' });
    // the addend counts: S + 8 - P = 0x1008 -> 0x402
    expect(or1k(6, 0x04000000, 0x102000n, 8n, 0x101000n).zeph).toBe('04000402');
  });

  it('range +-128 MiB: Zephyr truncates, GNU ld stops', () => {
    const P = 0x10000000n;
    // d = 0x7fffffc -> 0x1ffffff: largest
    expect(or1k(6, 0x04000000, P + 0x7fffffcn, 0n, P)).toMatchObject({ zeph: '05ffffff', abiRet: 0, quirk: '' });
    // d = 0x8000000 -> field 0x2000000 (= -2^25 after truncation)
    const over = or1k(6, 0x04000000, P + 0x8000000n, 0n, P);
    expect(over).toMatchObject({
      zeph: '06000000',
      abi: '06000000',
      zephRet: 0,
      abiRet: -34,
      rangeFailed: true,
      rangeMin: '-134217728',
      rangeMax: '134217724',
    });
    expect(over.quirk).toContain('relocation truncated to fit: R_OR1K_INSN_REL_26');
    // d = -0x8000000 fits; -0x8000004 does not
    expect(or1k(6, 0x04000000, P - 0x8000000n, 0n, P)).toMatchObject({ zeph: '06000000', abiRet: 0, quirk: '' });
    expect(or1k(6, 0x04000000, P - 0x8000004n, 0n, P).abiRet).toBe(-34);
  });

  it('a misaligned target is an error in Zephyr, silently rounded by GNU ld', () => {
    // d = 2: Zephyr logs and returns -ENOEXEC before writing; ld writes 2 >> 2 = 0
    const r = or1k(6, 0x04000000, 0x101002n, 0n, 0x101000n);
    expect(r).toMatchObject({
      zephRet: -8,
      zephWrote: false,
      zeph: '04000000',
      abi: '04000000',
      errorLog: 'Misaligned branch target for sym: 0x2',
    });
    expect(r.quirk).toContain('not a multiple of 4');
    // d = -2 prints as an unsigned long: 0xfffffffe
    expect(or1k(6, 0x04000000, 0x100ffen, 0n, 0x101000n).errorLog).toBe('Misaligned branch target for sym: 0xfffffffe');
  });
});

describe('instruction immediates', () => {
  it('HI_16_IN_INSN / LO_16_IN_INSN split S + A = 0x12348765', () => {
    // T >> 16 = 0x1234 into l.movhi; T & 0xffff = 0x8765 into l.ori
    expect(or1k(5, 0x18600000, 0x12348760n, 5n, 0x101000n)).toMatchObject({
      typeName: 'R_OR1K_HI_16_IN_INSN',
      zeph: '18601234',
      abi: '18601234',
      value: '0x00001234',
      quirk: '',
    });
    expect(or1k(4, 0xa8630000, 0x12348760n, 5n, 0x101000n)).toMatchObject({
      typeName: 'R_OR1K_LO_16_IN_INSN',
      zeph: 'a8638765',
      abi: 'a8638765',
    });
    // existing immediate bits are replaced, the rest of the instruction kept
    expect(or1k(4, 0xa863ffff, 0x12348765n, 0n, 0x101000n).zeph).toBe('a8638765');
  });

  it('AHI16 rounds for a sign-extended low half', () => {
    // (0x12348765 + 0x8000) >> 16 = 0x1235; (0x12347fff + 0x8000) >> 16 = 0x1234
    expect(or1k(35, 0x18600000, 0x12348765n, 0n, 0n)).toMatchObject({ typeName: 'R_OR1K_AHI16', zeph: '18601235', abi: '18601235' });
    expect(or1k(35, 0x18600000, 0x12347fffn, 0n, 0n).zeph).toBe('18601234');
    // wraps at the top: (0xffff8000 + 0x8000) >> 16 = 0x10000 -> field 0x0000
    expect(or1k(35, 0x18600000, 0xffff8000n, 0n, 0n).zeph).toBe('18600000');
  });

  it('SLO16 packs the store immediate into bits 25..21 and 10..0', () => {
    // imm = 0x8765: (0x8000 << 10) = 0x02000000, 0x765 -> 0xd4032000 | 0x02000765 = 0xd6032765
    expect(or1k(39, 0xd4032000, 0x00108765n, 0n, 0n)).toMatchObject({
      typeName: 'R_OR1K_SLO16',
      zeph: 'd6032765',
      abi: 'd6032765',
      quirk: '',
    });
  });

  it('PCREL_PG21: 8 KiB page delta in bits 20..0', () => {
    // (0x304000 - 0x100000) >> 13 = 0x102 -> 0x08600102
    expect(or1k(42, 0x08600000, 0x00305123n, 0n, 0x00101004n)).toMatchObject({
      typeName: 'R_OR1K_PCREL_PG21',
      zeph: '08600102',
      abi: '08600102',
      value: '0x00000102',
    });
    // (0x0 - 0x104000) >> 13 = -0x82 -> 0x1fff7e
    expect(or1k(42, 0x08600000, 0x00001000n, 0n, 0x00105000n).zeph).toBe('087fff7e');
  });

  it('LO13 and SLO13 take the low 13 bits', () => {
    // 0x00305123 & 0x1fff = 0x1123
    expect(or1k(47, 0x9c630000, 0x00305123n, 0n, 0n)).toMatchObject({ typeName: 'R_OR1K_LO13', zeph: '9c631123', abi: '9c631123' });
    // split: (0x1123 & 0xf800) << 10 = 0x1000 << 10 = 0x400000, 0x1123 & 0x7ff = 0x123 -> 0xd4432123
    expect(or1k(52, 0xd4032000, 0x00305123n, 0n, 0n)).toMatchObject({ typeName: 'R_OR1K_SLO13', zeph: 'd4432123', abi: 'd4432123' });
  });

  it('TLS_LE types are filled like their plain counterparts (thread-pointer offset not modelled)', () => {
    const hi = or1k(30, 0x18600000, 0x12348765n, 0n, 0n);
    expect(hi).toMatchObject({ typeName: 'R_OR1K_TLS_LE_HI16', zeph: '18601234', abi: '18600000', zephRet: 0 });
    expect(hi.quirk).toContain('thread pointer');
    expect(or1k(31, 0xa8630000, 0x12348765n, 0n, 0n).zeph).toBe('a8638765');
    expect(or1k(38, 0x18600000, 0x12348765n, 0n, 0n).zeph).toBe('18601235');
    expect(or1k(41, 0xd4032000, 0x00108765n, 0n, 0n).zeph).toBe('d6032765');
  });
});

describe('types Zephyr does not handle', () => {
  it('fail with the type, symbol and place', () => {
    const r = or1k(15, 0x04000000, 0x102000n, 0n, 0x101000n);
    expect(r).toMatchObject({
      typeName: 'R_OR1K_PLT26',
      zephRet: -8,
      zephWrote: false,
      errorLog: 'Unsupported relocation type 15 for symbol sym at 0x101000',
    });
    expect(r.hint).toContain('-fno-pic');
    expect(or1k(14, 0, 0n, 0n, 0x101000n).hint).toContain('-fno-pic');
    expect(or1k(22, 0, 0n, 0n, 0x101000n).hint).toContain('TLS');
    expect(or1k(21, 0, 0n, 0n, 0x101000n).hint).toContain('-shared');
    expect(or1k(2, 0, 0n, 0n, 0x101000n).hint).toContain('16-/8-bit');
  });

  it('C++ vtable GC markers fail in Zephyr although GNU ld skips them', () => {
    const r = or1k(8, 0, 0n, 0n, 0x101000n);
    expect(r).toMatchObject({ typeName: 'R_OR1K_GNU_VTINHERIT', zephRet: -8, width: 0 });
    expect(r.quirk).toContain('GNU ld skips');
  });

  it('names the or1k psABI types', () => {
    expect(or1k(54, 0, 0n, 0n, 0n).typeName).toBe('R_OR1K_GOT_AHI16');
    expect(or1k(33, 0, 0n, 0n, 0n).typeName).toBe('R_OR1K_TLS_DTPOFF');
    expect(or1k(55, 0, 0n, 0n, 0n)).toMatchObject({ known: false, errorLog: 'Unsupported relocation type 55 for symbol sym at (nil)' });
  });
});
