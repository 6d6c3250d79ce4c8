// Xtensa relocation table (arch/xtensa.ts), called as the loader's PLT path calls it: site.S is
// Zephyr's `addr`, and the symbol's binding / st_shndx / st_value come with the site.
// Instruction bytes are little-endian 24-bit words. The psABI bytes marked "GNU ld" were checked
// once with xtensa-lx106-elf-as/ld 2.40 (--no-relax; .literal at 0x40000ff0, .text at 0x40001000,
// .text.far at 0x40001080, ext_fn = 0x40001200); the tests do not need the tools.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';
import { relocate, relocateWithEnv, type EnvInput } from './reloc-json.js';

let e: TestEngineInstance;
beforeAll(async () => {
  e = await freshTestInstance();
});

const R_32 = 1,
  R_RTLD = 2,
  R_GLOB_DAT = 3,
  R_JMP_SLOT = 4,
  R_RELATIVE = 5,
  R_PLT = 6;
const R_ASM_EXPAND = 11,
  R_32_PCREL = 14,
  R_SLOT0_OP = 20,
  R_SLOT1_OP = 21,
  R_TLS_TPOFF = 53;
const LOCAL = 0,
  GLOBAL = 1;

// The relocatable object's sections (sh_addr 0) where the loader put them.
const OBJ_SECTIONS: Array<[number, bigint, bigint, bigint]> = [
  [1, 0n, 0x1dn, 0x40001000n], // .text
  [5, 0n, 0x3n, 0x40001080n], // .text.far
  [6, 0n, 0x4n, 0x40000ff0n], // .literal
];
// A shared library's sections (link-time sh_addr) where the loader put them.
const DYN_SECTIONS: Array<[number, bigint, bigint, bigint]> = [
  [1, 0x2a0n, 0x200n, 0x40001000n], // .text
  [2, 0x1000n, 0x100n, 0x3ffe9000n], // .data
];

const xt = (i: Omit<EnvInput, 'arch'>) => relocateWithEnv(e, { arch: 'xtensa', rela: true, ...i });

describe('R_XTENSA_SLOT0_OP', () => {
  it('L32R to a local literal (GNU ld: fffb21 at 0x40001002)', () => {
    // L = .literal loaded 0x40000ff0 + st_value 0 + A 0; base (0x40001002+3)&~3 = 0x40001004
    // v = (0x40000ff0 - 0x40001004) >> 2 = 0xffffffec >> 2 = 0x3ffffffb -> imm16 0xfffb
    const r = xt({
      type: R_SLOT0_OP,
      before: [0x21, 0x00, 0x00],
      P: 0x40001002n,
      S: 0x40000ff0n,
      sections: OBJ_SECTIONS,
      symShndx: 6,
      symBind: LOCAL,
    });
    expect(r).toMatchObject({
      typeName: 'R_XTENSA_SLOT0_OP',
      width: 3,
      zephRet: 0,
      zephWrote: true,
      zeph: '21fbff',
      abi: '21fbff',
      value: '0x3ffffffb',
      abiValue: '0xfffffffb',
      abiRet: 0,
      quirk: '',
    });
    expect(r.extraLogs).toEqual([]); // P is not word-aligned: the "Applied" line reads bytes before P
  });

  it('CALL0 at P % 4 != 0: both bases are 0x40001008 (GNU ld: 851f00 at 0x40001005)', () => {
    // target 0x40001200; (0x40001005+3)&~3 = (0x40001005&~3)+4 = 0x40001008; offset 0x1f8 >> 2 = 0x7e
    // b0 = 0x05 | (0x7e & 3) << 6 = 0x85; b1 = 0x7e >> 2 = 0x1f; b2 = 0
    const r = relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x05, 0, 0], S: 0x40001200n, P: 0x40001005n });
    expect(r).toMatchObject({ zeph: '851f00', abi: '851f00', value: '0x0000007e', quirk: '' });
  });

  it("CALL0 at P % 4 == 0 uses (P+3)&~3 instead of the ISA's (P&~3)+4 (GNU ld: 451f00 at 0x40001008)", () => {
    // Zephyr: base 0x40001008, v = 0x1f8 >> 2 = 0x7e -> 85 1f 00 (CPU lands at 0x4000100c + 0x1f8 = 0x40001204)
    // ISA:    base 0x4000100c, offset 0x1f4 >> 2 = 0x7d -> 0x05 | 1 << 6 = 45 1f 00
    const r = xt({ type: R_SLOT0_OP, before: [0x05, 0, 0, 0], P: 0x40001008n, S: 0x40001200n, useEnv: false, symBind: GLOBAL });
    expect(r.zeph).toBe('851f00');
    expect(r.abi).toBe('451f00');
    expect(r.quirk).toContain("(P+3)&~3 = 0x40001008 where the ISA's base is (P&~3)+4 = 0x4000100c");
    expect(r.quirk).toContain('4 bytes after the target');
    // aligned P: Zephyr's closing debug line reads the patched word
    expect(r.extraLogs).toEqual(['dbg:Applied relocation to 0x1f85 type 20 at 0x40001008']);
  });

  it('CALL0 to a local section symbol uses loaded_sect_ptr(st_shndx) + st_value + A', () => {
    // .text.far + 0 = 0x40001080; base 0x40001008; 0x78 >> 2 = 0x1e -> 0x05 | 2 << 6 = 85, 0x1e >> 2 = 07
    const r = xt({
      type: R_SLOT0_OP,
      before: [0x05, 0, 0],
      P: 0x40001005n,
      S: 0x40001080n,
      sections: OBJ_SECTIONS,
      symShndx: 5,
      symBind: LOCAL,
    });
    expect(r).toMatchObject({ zeph: '850700', abi: '850700', quirk: '' });
  });

  it("CALL0 against an undefined global: Zephyr's target is st_shndx 0 -> NULL + st_value, not the resolved address", () => {
    // Zephyr L = 0 + 0 + 0; v = (0 - 0x40001008) >> 2 = 0xbffffff8 >> 2 = 0x2ffffbfe
    //   b0 = 0x05 | (0xfe & 3) << 6 = 0x85; b1 = (v >> 2) & 0xff = 0xff; b2 = (v >> 10) & 0xff = 0xfe
    // psABI target = link_addr 0x40001200 -> 85 1f 00
    const r = xt({
      type: R_SLOT0_OP,
      before: [0x05, 0, 0],
      P: 0x40001005n,
      S: 0x40001200n,
      sections: OBJ_SECTIONS,
      symShndx: 0,
      symValue: 0n,
      symBind: GLOBAL,
    });
    expect(r.zeph).toBe('85fffe');
    expect(r.abi).toBe('851f00');
    expect(r.quirk).toContain("st_value+A = 0x0 differs from the symbol's address + A = 0x40001200");
  });

  it('an immediate the assembler already filled in is left alone (call0 f, ffff05)', () => {
    // .text + 0 from 0x4000100d: ISA base 0x40001010, offset -0x10 >> 2 = -4 -> 05 ff ff = unchanged
    const r = xt({
      type: R_SLOT0_OP,
      before: [0x05, 0xff, 0xff],
      P: 0x4000100dn,
      S: 0x40001000n,
      sections: OBJ_SECTIONS,
      symShndx: 1,
      symIndex: 1,
      rOffset: 0xdn,
      symBind: LOCAL,
    });
    expect(r).toMatchObject({ zeph: '05ffff', abi: '05ffff', zephRet: 0, zephWrote: false, quirk: '' });
    // r_info = 1 << 8 | 20 = 0x114
    expect(r.extraLogs).toEqual(['dbg:0x4000100d: unhandled OPC or no relocation ffff05 inf 0x114 offs 0xd']);
  });

  it('a non-zero immediate that is wrong is kept by Zephyr and re-encoded by GNU ld', () => {
    // before 45 00 00 (offset 1) at 0x40001008, target 0x40001200: ISA gives 45 1f 00
    const r = relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x45, 0, 0], S: 0x40001200n, P: 0x40001008n });
    expect(r.zeph).toBe('450000');
    expect(r.abi).toBe('451f00');
    expect(r.quirk).toContain('patches only an all-zero immediate: this CALLn already holds 000045');
  });

  it('J and branches are not patched by Zephyr (GNU ld: j 46 1c 00, beqz 16 e3 06, bnez 56 b3 06, beqi 26 13 68)', () => {
    const far = 0x40001080n;
    // j at 0x4000100b: base P+4 = 0x4000100f, offset 0x71 -> b0 = 06 | (1 << 6), b1 = 0x71 >> 2 = 0x1c
    const j = xt({ type: R_SLOT0_OP, before: [0x06, 0, 0], P: 0x4000100bn, S: far, useEnv: false, symBind: GLOBAL });
    expect(j).toMatchObject({ zeph: '060000', abi: '461c00', zephWrote: false, abiRet: 0 });
    expect(j.quirk).toContain('Zephyr patches only L32R and CALLn: this J keeps its unresolved operand');
    expect(j.extraLogs).toEqual(['dbg:0x4000100b: unhandled OPC or no relocation 000006 inf 0x114 offs 0x0']);
    // beqz at 0x4000100e: offset 0x6e into bits 12..23: b1 = 0x03 | 0xe0, b2 = 0x06
    const beqz = relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x16, 0x03, 0], S: far, P: 0x4000100en });
    expect(beqz).toMatchObject({ zeph: '160300', abi: '16e306' });
    expect(beqz.quirk).toContain('BEQZ/BNEZ/BLTZ/BGEZ');
    expect(relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x56, 0x03, 0], S: far, P: 0x40001011n }).abi).toBe('56b306');
    // beqi at 0x40001014: imm8 = 0x40001080 - 0x40001018 = 0x68 in byte 2
    expect(relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x26, 0x13, 0], S: far, P: 0x40001014n }).abi).toBe('261368');
  });

  it('8-bit branch range is -128..127 from P+4 (GNU ld: "beqi: cannot encode")', () => {
    // 0x40001098 - 0x40001018 = 0x80 = 128: one past the end
    const r = relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x26, 0x13, 0], S: 0x40001098n, P: 0x40001014n });
    expect(r).toMatchObject({ abiRet: -34, rangeFailed: true, rangeMin: '-128', rangeMax: '127' });
    expect(relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x26, 0x13, 0], S: 0x40001097n, P: 0x40001014n })).toMatchObject({
      abi: '26137f',
      abiRet: 0,
    });
  });

  it('L32R range: only -256 KiB .. -4 from (P+3)&~3, unchecked by Zephyr', () => {
    const l32r = (S: bigint) => relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x21, 0, 0], S, P: 0x40041000n });
    // base 0x40041000. -0x40000: imm16 = -65536 & 0xffff = 0x0000 -> fits
    expect(l32r(0x40001000n)).toMatchObject({ zeph: '210000', abi: '210000', abiRet: 0, quirk: '' });
    // -0x40004: imm16 -65537 -> 0xffff, out of range; Zephyr writes the same truncated bits
    const far = l32r(0x40000ffcn);
    expect(far).toMatchObject({
      zeph: '21ffff',
      abi: '21ffff',
      zephRet: 0,
      abiRet: -34,
      rangeFailed: true,
      rangeMin: '-262144',
      rangeMax: '-4',
    });
    expect(far.quirk).toContain('literal target out of range');
    // -4: imm16 0xffff fits
    expect(l32r(0x40040ffcn)).toMatchObject({ zeph: '21ffff', abiRet: 0, quirk: '' });
    // 0: the literal is not before the use
    const after = l32r(0x40041000n);
    expect(after).toMatchObject({ zeph: '210000', abiRet: -34 });
    expect(after.quirk).toContain('literal placed after use');
  });

  it('CALLn range: +-512 KiB in words from (P&~3)+4', () => {
    const call = (S: bigint) => relocate(e, { arch: 'xtensa', type: R_SLOT0_OP, before: [0x05, 0, 0], S, P: 0x40001003n });
    // base 0x40001004. +0x7fffc: offset 0x1ffff -> b0 = 0x05 | 3 << 6 = c5, b1 = 0x7fff & 0xff = ff, b2 = 0x7f
    expect(call(0x40081000n)).toMatchObject({ zeph: 'c5ff7f', abi: 'c5ff7f', abiRet: 0, quirk: '' });
    // +0x80000: offset 0x20000 does not fit 18 signed bits; truncated to 05 00 80 (= -0x20000)
    const over = call(0x40081004n);
    expect(over).toMatchObject({ zeph: '050080', abiRet: -34, rangeMin: '-524288', rangeMax: '524284' });
    expect(over.quirk).toContain('No range check');
    expect(call(0x3ff81004n)).toMatchObject({ zeph: '050080', abiRet: 0 });
    expect(call(0x3ff81000n).abiRet).toBe(-34);
  });
});

describe('R_XTENSA_32', () => {
  it('global symbol plus addend: Zephyr drops r_addend (.word ext_sym+8)', () => {
    // Zephyr W + addr = 0 + 0x3ffe8000; psABI W + S + A = 0x3ffe8008
    const r = xt({ type: R_32, before: [0, 0, 0, 0], P: 0x3ffe9000n, S: 0x3ffe8000n, A: 8n, symBind: GLOBAL, sections: DYN_SECTIONS });
    expect(r).toMatchObject({ typeName: 'R_XTENSA_32', width: 4, zeph: '0080fe3f', abi: '0880fe3f', zephRet: 0 });
    expect(r.quirk).toContain('R_XTENSA_32 ignores r_addend (0x8)');
    expect(r.extraLogs).toEqual(['dbg:Applied relocation to 0x3ffe8000 type 1 at 0x3ffe9000']);
  });

  it('local section symbol with the addend in place (.word loc+12 -> .data + 0, W = 0x14)', () => {
    // addr = loaded .data (sh_addr 0) = 0x3ffe9000; 0x14 + 0x3ffe9000 = 0x3ffe9014 on both sides
    const r = xt({
      type: R_32,
      before: [0x14, 0, 0, 0],
      P: 0x3ffe9004n,
      S: 0x3ffe9000n,
      symBind: LOCAL,
      symShndx: 2,
      sections: [[2, 0n, 0x100n, 0x3ffe9000n]],
    });
    expect(r).toMatchObject({ zeph: '1490fe3f', abi: '1490fe3f', quirk: '' });
  });

  it("local non-section symbol: Zephyr adds the TEXT region's sh_addr", () => {
    // addr = TEXT sh_addr 0x2a0 -> a0 02 00 00; real S = 0x3ffe9000 + 0x1010 - 0x1000 = 0x3ffe9010
    const r = xt({
      type: R_32,
      before: [0, 0, 0, 0],
      P: 0x3ffe9020n,
      S: 0x2a0n,
      symBind: LOCAL,
      symShndx: 2,
      symValue: 0x1010n,
      sections: DYN_SECTIONS,
    });
    expect(r.zeph).toBe('a0020000');
    expect(r.abi).toBe('1090fe3f');
    expect(r.quirk).toContain('adds addr = 0x2a0');
  });
});

describe('R_XTENSA_RELATIVE', () => {
  it('rebases the word at P by its section (0x1010 in .data -> 0x3ffe9010)', () => {
    const r = xt({ type: R_RELATIVE, before: [0x10, 0x10, 0, 0], P: 0x3ffe9100n, symIndex: 0, symBind: LOCAL, sections: DYN_SECTIONS });
    expect(r).toMatchObject({
      typeName: 'R_XTENSA_RELATIVE',
      zeph: '1090fe3f',
      abi: '1090fe3f',
      value: '0x3ffe9010',
      zephRet: 0,
      quirk: '',
    });
    expect(r.extraLogs).toEqual(['dbg:Applied relocation to 0x3ffe9010 type 5 at 0x3ffe9100']);
  });

  it('a word outside every section fails with -ENOENT', () => {
    const r = xt({ type: R_RELATIVE, before: [0x00, 0x50, 0, 0], P: 0x3ffe9100n, symBind: LOCAL, sections: DYN_SECTIONS });
    expect(r).toMatchObject({
      zephRet: -2,
      zephWrote: false,
      errorLog: '0x5000 not found in any of the sections',
      zeph: '00500000',
      quirk: '',
    });
    expect(r.hint).toContain('outside every section');
  });

  it('r_addend is ignored', () => {
    // W = 0x1000, A = 0x10: Zephyr 0x3ffe9000, psABI 0x3ffe9010
    const r = xt({ type: R_RELATIVE, before: [0x00, 0x10, 0, 0], A: 0x10n, P: 0x3ffe9100n, symBind: LOCAL, sections: DYN_SECTIONS });
    expect(r.zeph).toBe('0090fe3f');
    expect(r.abi).toBe('1090fe3f');
    expect(r.quirk).toContain('ignores r_addend (0x10)');
    // W = 0 lies in no section: Zephyr fails although W + A = 0x1010 is in .data
    const zero = xt({ type: R_RELATIVE, before: [0, 0, 0, 0], A: 0x1010n, P: 0x3ffe9100n, symBind: LOCAL, sections: DYN_SECTIONS });
    expect(zero).toMatchObject({ zephRet: -2, errorLog: '0x0 not found in any of the sections', abi: '1090fe3f' });
    expect(zero.quirk).toContain('W+A = 0x1010 does');
  });

  it('the lowest-index section containing W wins', () => {
    const r = xt({
      type: R_RELATIVE,
      before: [0x10, 0x10, 0, 0],
      P: 0x3ffe9100n,
      symBind: LOCAL,
      sections: [
        [3, 0x1000n, 0x100n, 0x50000000n],
        [2, 0x1000n, 0x100n, 0x3ffe9000n],
      ],
    });
    expect(r.zeph).toBe('1090fe3f');
  });

  it('against a global symbol it dereferences the NULL ldr_parm', () => {
    const r = xt({ type: R_RELATIVE, before: [0x10, 0x10, 0, 0], P: 0x3ffe9100n, symBind: GLOBAL, sections: DYN_SECTIONS });
    expect(r).toMatchObject({ zephRet: -14, zephWrote: false, zeph: '10100000', abi: '1090fe3f' });
    expect(r.extraLogs).toEqual(['wrn:global: non-zero relative value 0x1010']);
    expect(r.quirk).toContain('ldr_parm = NULL');
    expect(xt({ type: R_RELATIVE, before: [0, 0, 0, 0], P: 0x3ffe9100n, symBind: GLOBAL, sections: DYN_SECTIONS }).extraLogs).toEqual([]);
  });

  it('without a section table nothing can be found', () => {
    const r = relocate(e, { arch: 'xtensa', type: R_RELATIVE, before: [0x10, 0x10, 0, 0], P: 0x3ffe9100n });
    expect(r).toMatchObject({ zephRet: -2, errorLog: '0x1010 not found in any of the sections' });
  });
});

describe('R_XTENSA_GLOB_DAT / R_XTENSA_JMP_SLOT', () => {
  it('global: the entry gets the resolved address', () => {
    const r = xt({ type: R_GLOB_DAT, before: [0, 0, 0, 0], P: 0x3ffe9040n, S: 0x40001200n, symBind: GLOBAL });
    expect(r).toMatchObject({ typeName: 'R_XTENSA_GLOB_DAT', zeph: '00120040', abi: '00120040', zephRet: 0, quirk: '' });
  });

  it('local: Zephyr leaves the entry, the psABI stores S + A', () => {
    // real S = 0x40001000 + 0x2b0 - 0x2a0 = 0x40001010
    const r = xt({
      type: R_GLOB_DAT,
      before: [0, 0, 0, 0],
      P: 0x3ffe9040n,
      S: 0x2a0n,
      symBind: LOCAL,
      symShndx: 1,
      symValue: 0x2b0n,
      sections: DYN_SECTIONS,
    });
    expect(r).toMatchObject({ zeph: '00000000', abi: '10100040', zephWrote: false, zephRet: 0 });
    expect(r.quirk).toContain('against a local symbol');
  });

  it('JMP_SLOT adds r_addend, as the psABI does', () => {
    const r = xt({ type: R_JMP_SLOT, before: [0, 0, 0, 0], P: 0x3ffe9044n, S: 0x40001200n, A: 4n, symBind: GLOBAL });
    expect(r).toMatchObject({ typeName: 'R_XTENSA_JMP_SLOT', zeph: '04120040', abi: '04120040', quirk: '' });
  });

  it('a weak symbol fills the entry too (with 0 when it stayed unresolved)', () => {
    const r = xt({ type: R_GLOB_DAT, before: [0xff, 0xff, 0xff, 0xff], P: 0x3ffe9040n, S: 0n, A: 0n, symBind: 2 });
    expect(r).toMatchObject({ zeph: '00000000', abi: '00000000', zephWrote: true, zephRet: 0, quirk: '' });
  });
});

describe('types Zephyr ignores', () => {
  it('ASM_EXPAND is a no-op on both sides', () => {
    const r = xt({ type: R_ASM_EXPAND, before: [0x21, 0xff, 0xff], P: 0x40001001n, S: 0x40001200n });
    expect(r).toMatchObject({ typeName: 'R_XTENSA_ASM_EXPAND', width: 0, zephRet: 0, abiRet: 0, quirk: '', extraLogs: [] });
  });

  it('R_XTENSA_PLT is skipped silently although the psABI stores S + A', () => {
    const r = xt({ type: R_PLT, before: [0, 0, 0, 0], P: 0x40000ff4n, S: 0x40001200n, symBind: GLOBAL });
    expect(r).toMatchObject({ typeName: 'R_XTENSA_PLT', width: 4, zephRet: 0, zephWrote: false, zeph: '00000000', abi: '00120040' });
    expect(r.extraLogs).toEqual(['dbg:Unsupported relocation type 6']);
    expect(r.quirk).toContain('silently ignored');
    expect(r.hint).toContain('shared library');
  });

  it('R_XTENSA_32_PCREL is skipped although the psABI stores S + A - P', () => {
    // 0x40001200 - 0x40001000 = 0x200
    const r = xt({ type: R_32_PCREL, before: [0, 0, 0, 0], P: 0x40001000n, S: 0x40001200n, symBind: GLOBAL });
    expect(r).toMatchObject({ zeph: '00000000', abi: '00020000', zephRet: 0 });
    expect(r.quirk).toContain('S+A-P = 0x200');
  });

  it('NONE and RTLD are ignored with a debug line and need nothing', () => {
    expect(xt({ type: 0 })).toMatchObject({
      typeName: 'R_XTENSA_NONE',
      width: 0,
      zephRet: 0,
      quirk: '',
      extraLogs: ['dbg:Unsupported relocation type 0'],
    });
    expect(xt({ type: R_RTLD })).toMatchObject({
      typeName: 'R_XTENSA_RTLD',
      zephRet: 0,
      quirk: '',
      extraLogs: ['dbg:Unsupported relocation type 2'],
    });
  });

  it('FLIX slot and TLS relocations are ignored, with a hint', () => {
    const flix = xt({ type: R_SLOT1_OP });
    expect(flix).toMatchObject({ typeName: 'R_XTENSA_SLOT1_OP', zephRet: 0 });
    expect(flix.quirk).toContain('silently ignored');
    expect(flix.hint).toContain('-mno-generate-flix');
    expect(xt({ type: R_TLS_TPOFF }).hint).toContain('TLS');
  });

  it('names the Xtensa psABI types', () => {
    expect(xt({ type: 36 }).typeName).toBe('R_XTENSA_SLOT1_ALT');
    expect(xt({ type: 12 }).typeName).toBe('R_XTENSA_ASM_SIMPLIFY');
    expect(xt({ type: 62 }).typeName).toBe('R_XTENSA_NDIFF32');
    expect(xt({ type: 7 }).known).toBe(false);
    expect(xt({ type: 13 }).known).toBe(false);
    expect(xt({ type: 63 }).known).toBe(false);
  });
});

describe('loader-path flags', () => {
  it('only Xtensa goes through the PLT path; none of these refuses RELA', () => {
    expect(JSON.parse(e.testArchFlags('xtensa'))).toEqual({ usesPltPath: true, rejectsRela: false });
    for (const a of ['x86', 'x86_64', 'arc', 'openrisc']) {
      expect(JSON.parse(e.testArchFlags(a))).toEqual({ usesPltPath: false, rejectsRela: false });
    }
  });
});
