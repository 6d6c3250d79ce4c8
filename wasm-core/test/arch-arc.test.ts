// ARC relocation table (arch/arc.ts). Sections are RELA, code words are middle-endian
// (16-bit halves swapped) in little-endian memory.
// The psABI bytes marked "GNU ld" were checked once with arc-linux-gnu-as/ld 2.40
// (bl/b/mov against --defsym'd symbols, .text at 0x20001000); the tests do not need the tools.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshInstance, type EngineInstance } from '../src/wasm.js';
import { relocate } from './reloc-json.js';

let e: EngineInstance;
beforeAll(async () => {
  e = await freshInstance();
});

const arc = (type: number, before: number[], S: bigint, A: bigint, P: bigint) =>
  relocate(e, { arch: 'arc', type, before, S, A, P, rela: true, ptrSize: 4 });

// Unrelocated encodings as the assembler leaves them (bytes at P):
const BL = [0x02, 0x08, 0x00, 0x00]; // bl 0    -> ME word 0x08020000
const B = [0x01, 0x00, 0x00, 0x00]; // b 0     -> ME word 0x00010000

describe('R_ARC_32 / R_ARC_B26 / R_ARC_32_ME', () => {
  it('R_ARC_32 stores S + A little-endian', () => {
    // 0x20101000 + 4 = 0x20101004 -> 04 10 10 20
    const r = arc(4, [0, 0, 0, 0], 0x20101000n, 4n, 0x20002000n);
    expect(r).toMatchObject({
      known: true,
      typeName: 'R_ARC_32',
      width: 4,
      zephRet: 0,
      zeph: '04101020',
      abi: '04101020',
      value: '0x20101004',
      abiValue: '0x20101004',
      quirk: '',
    });
  });

  it('R_ARC_B26 (type 5) is written like R_ARC_32 by Zephyr but has no psABI definition', () => {
    const r = arc(5, [0, 0, 0, 0], 0x20101000n, 4n, 0x20002000n);
    expect(r).toMatchObject({ typeName: 'R_ARC_B26', zephRet: 0, zeph: '04101020', abi: '00000000' });
    expect(r.quirk).toContain('not defined by the ARCv2 psABI');
  });

  it('R_ARC_32_ME stores ME(S + A) (GNU ld: mov r0, ext_fn+4)', () => {
    // S + A = 0x20101004; ME = 0x10042010; little-endian 10 20 04 10
    const r = arc(27, [0, 0, 0, 0], 0x20101000n, 4n, 0x20001004n);
    expect(r).toMatchObject({ typeName: 'R_ARC_32_ME', zeph: '10200410', abi: '10200410', value: '0x20101004', quirk: '' });
  });
});

describe('big-endian ARC', () => {
  it('R_ARC_32_ME: GNU ld stores the plain word, Zephyr still swaps the halves', () => {
    // S + A = 0x20101004: big-endian 20 10 10 04; ME(0x20101004) = 0x10042010 -> 10 04 20 10
    const r = relocate(e, { arch: 'arc', type: 27, before: [0, 0, 0, 0], S: 0x20101000n, A: 4n, P: 0x1000n, rela: true, bigEndian: true });
    expect(r.abi).toBe('20101004');
    expect(r.zeph).toBe('10042010');
    expect(r.quirk).toContain('Big-endian ARC');
  });

  it('R_ARC_S25W_PCREL: the branch fields land in different bytes', () => {
    // v = 0x40000 as in the little-endian case: plain word 0x08020000 | 0x8000 = 0x08028000 -> 08 02 80 00;
    // Zephyr reads ME(0x08020000 stored big-endian as 08 02 00 00) = 0x00000802, clears the field
    // bits (0x802 & 0xf8030030 = 0x0), inserts 0x8000 and swaps back: 0x80000000 -> 80 00 00 00
    const r = relocate(e, {
      arch: 'arc',
      type: 17,
      before: [0x08, 0x02, 0x00, 0x00],
      S: 0x20101000n,
      A: 0n,
      P: 0x20001002n,
      rela: true,
      bigEndian: true,
    });
    expect(r.abi).toBe('08028000');
    expect(r.zeph).toBe('80000000');
    expect(r.quirk).toContain('Big-endian ARC');
  });
});

describe('R_ARC_S25W_PCREL (bl)', () => {
  it('encodes (S + A - (P & ~3)) >> 2 (GNU ld: bl ext_fn at 0x20001002)', () => {
    // pcl = 0x20001000; d = 0x20101000 - 0x20001000 = 0x100000; v = 0x40000
    // v[8:0] = 0 -> bits 26..18; v[18:9] = 0x200 -> bits 15..6 = 0x8000; v[22:19] = 0
    // 0x08020000 | 0x8000 = 0x08028000; ME -> 0x80000802 -> 02 08 00 80
    const r = arc(17, BL, 0x20101000n, 0n, 0x20001002n);
    expect(r).toMatchObject({
      typeName: 'R_ARC_S25W_PCREL',
      zeph: '02080080',
      abi: '02080080',
      value: '0x00040000',
      abiValue: '0x00040000',
      zephRet: 0,
      abiRet: 0,
      quirk: '',
    });
  });

  it('adds the addend twice (GNU ld: bl ext_fn+12 at 0x2000100a)', () => {
    // psABI: pcl 0x20001008; d = 0x2010100c - 0x20001008 = 0x100004; v = 0x40001
    //   v[8:0] = 1 -> 0x40000; 0x200 -> 0x8000: 0x08068000 -> ME 0x80000806 -> 06 08 00 80
    // Zephyr: S + 2A = 0x20101018; d = 0x100010; v = 0x40004
    //   v[8:0] = 4 -> 0x100000; 0x8000: 0x08128000 -> ME 0x80000812 -> 12 08 00 80
    const r = arc(17, BL, 0x20101000n, 12n, 0x2000100an);
    expect(r.abi).toBe('06080080');
    expect(r.zeph).toBe('12080080');
    expect(r.value).toBe('0x00040004');
    expect(r.abiValue).toBe('0x00040001');
    expect(r.quirk).toContain('adds the addend twice: Zephyr branches to S+2A = 0x20101018, the psABI to S+A = 0x2010100c');
  });

  it('range -16 MiB .. +16 MiB - 4 from P & ~3: GNU ld refuses past it, Zephyr truncates', () => {
    // pcl = 0x20001008. d = 0xfffffc: v = 0x3fffff -> 0x07fc0000 | 0xffc0 | 7 | 0x08020000 = 0x0ffeffc7
    //   ME 0xffc70ffe -> fe 0f c7 ff
    const top = arc(17, BL, 0x21001004n, 0n, 0x20001008n);
    expect(top).toMatchObject({ zeph: 'fe0fc7ff', abi: 'fe0fc7ff', abiRet: 0, quirk: '' });
    // d = 0x1000000: v = 0x400000 -> only v[22:19] = 8 survives: 0x08020008 -> ME 0x00080802 -> 02 08 08 00
    const over = arc(17, BL, 0x21001008n, 0n, 0x20001008n);
    expect(over).toMatchObject({
      zephRet: 0,
      zeph: '02080800',
      abiRet: -34,
      rangeFailed: true,
      rangeMin: '-16777216',
      rangeMax: '16777212',
    });
    expect(over.quirk).toContain('relocation truncated to fit: R_ARC_S25W_PCREL');
    // d = -0x1000000 fits (GNU ld accepts ext_fn = 0x1f001008); -0x1000004 does not
    expect(arc(17, BL, 0x1f001008n, 0n, 0x20001008n)).toMatchObject({ abiRet: 0, quirk: '' });
    expect(arc(17, BL, 0x1f001004n, 0n, 0x20001008n)).toMatchObject({ abiRet: -34, rangeFailed: true });
  });
});

describe('R_ARC_S25H_PCREL (b)', () => {
  it('encodes (S + A - (P & ~3)) >> 1 (GNU ld: b ext_fn at 0x20001006)', () => {
    // pcl = 0x20001004; d = 0xffffc; v = 0x7fffe
    // v[9:0] = 0x3fe -> 0x07fc0000; v[19:10] = 0x1ff -> 0x7fc0; v[23:20] = 0
    // 0x00010000 | 0x07fc0000 | 0x7fc0 = 0x07fd7fc0; ME 0x7fc007fd -> fd 07 c0 7f
    const r = arc(16, B, 0x20101000n, 0n, 0x20001006n);
    expect(r).toMatchObject({ typeName: 'R_ARC_S25H_PCREL', zeph: 'fd07c07f', abi: 'fd07c07f', value: '0x0007fffe', quirk: '' });
  });

  it('adds the addend twice (GNU ld: b ext_fn+8 at 0x20001006)', () => {
    // psABI: d = 0x20101008 - 0x20001004 = 0x100004; v = 0x80002
    //   v[9:0] = 2 -> 0x40000; v[19:10] = 0x200 -> 0x8000: 0x00058000 -> ME 0x80000005 -> 05 00 00 80
    // Zephyr: d = 0x10000c; v = 0x80006 -> 0xc0000 | 0x8000: 0x000d8000 -> ME 0x8000000d -> 0d 00 00 80
    const r = arc(16, B, 0x20101000n, 8n, 0x20001006n);
    expect(r.abi).toBe('05000080');
    expect(r.zeph).toBe('0d000080');
    expect(r.quirk).toContain('S+2A = 0x20101010');
  });

  it('range -16 MiB .. +16 MiB - 2 (GNU ld: b at 0x20001002)', () => {
    // pcl 0x20001000. d = 0xfffffe: v = 0x7fffff -> 0x07fe0000 | 0xffc0 | 7 | 0x00010000 = 0x07ffffc7
    //   ME 0xffc707ff -> ff 07 c7 ff
    expect(arc(16, B, 0x21000ffen, 0n, 0x20001002n)).toMatchObject({ zeph: 'ff07c7ff', abi: 'ff07c7ff', abiRet: 0 });
    // d = 0x1000000 fails; d = -0x1000000 fits (01 00 08 00), -0x1000002 fails
    const over = arc(16, B, 0x21001000n, 0n, 0x20001002n);
    expect(over).toMatchObject({ abiRet: -34, rangeFailed: true, rangeMin: '-16777216', rangeMax: '16777214' });
    expect(over.quirk).toContain('No range check');
    expect(arc(16, B, 0x1f001000n, 0n, 0x20001002n)).toMatchObject({ zeph: '01000800', abi: '01000800', abiRet: 0 });
    expect(arc(16, B, 0x1f000ffen, 0n, 0x20001002n).abiRet).toBe(-34);
  });

  it('keeps the opcode and condition bits outside the displacement field', () => {
    // before = ME word 0xf8010030 with the field clear... use all-ones: only field bits change
    // ~0x07feffcf = 0xf8010030 survive from 0xffffffff; v = 0 (S = pcl): result 0xf8010030, ME 0x0030f801
    const r = arc(16, [0xff, 0xff, 0xff, 0xff], 0x20001000n, 0n, 0x20001002n);
    expect(r.zeph).toBe('01f83000');
    expect(r.abi).toBe('01f83000');
  });
});

describe('types Zephyr does not handle', () => {
  it('R_ARC_NONE fails where the psABI does nothing', () => {
    const r = arc(0, [1, 2, 3, 4], 0n, 0n, 0x1000n);
    expect(r).toMatchObject({
      typeName: 'R_ARC_NONE',
      width: 0,
      zephRet: -8,
      zephWrote: false,
      errorLog: 'unknown relocation: 0',
      abiRet: 0,
    });
    expect(r.quirk).toContain('no-op');
  });

  it('PIC, small-data and TLS types fail with a hint at the flag', () => {
    expect(arc(51, [0, 0, 0, 0], 0n, 0n, 0n)).toMatchObject({ typeName: 'R_ARC_GOTPC32', errorLog: 'unknown relocation: 51' });
    expect(arc(51, [0, 0, 0, 0], 0n, 0n, 0n).hint).toContain('-fno-pic');
    expect(arc(76, [0, 0, 0, 0], 0n, 0n, 0n).hint).toContain('-fno-pic');
    expect(arc(19, [0, 0, 0, 0], 0n, 0n, 0n).hint).toContain('-mno-sdata');
    expect(arc(75, [0, 0, 0, 0], 0n, 0n, 0n).hint).toContain('TLS');
    expect(arc(56, [0, 0, 0, 0], 0n, 0n, 0n).hint).toContain('-shared');
  });

  it('names the ARCv2 psABI types', () => {
    expect(arc(49, [0, 0, 0, 0], 0n, 0n, 0n).typeName).toBe('R_ARC_32_PCREL');
    expect(arc(63, [0, 0, 0, 0], 0n, 0n, 0n).typeName).toBe('R_ARC_JLI_SECTOFF');
    expect(arc(78, [0, 0, 0, 0], 0n, 0n, 0n).typeName).toBe('R_ARC_NPS_CMEM16');
    expect(arc(105, [0, 0, 0, 0], 0n, 0n, 0n).typeName).toBe('R_ARC_32_ME_S');
    expect(arc(6, [0, 0, 0, 0], 0n, 0n, 0n)).toMatchObject({ known: false, errorLog: 'unknown relocation: 6' });
    expect(arc(79, [0, 0, 0, 0], 0n, 0n, 0n).known).toBe(false);
  });
});
