// ARM relocation table: Zephyr's arch/arm/core/elf.c beside the ARM ELF ABI (GNU ld).
//
// Expected bytes are worked out by hand from the ARM ARM encodings (arithmetic in the
// comments). Where a comment says "ld:", the same instruction was assembled with
// arm-none-eabi-as and linked with arm-none-eabi-ld at those addresses, and the bytes
// were read back with objdump; the test itself needs no toolchain.
//
// Byte strings are memory order. Thumb-2 instructions are two halfwords, each stored
// little-endian: BL 0xF7FF 0xFFFE is "fff7feff".
import { beforeAll, describe, expect, it } from 'vitest';
import { freshInstance, type EngineInstance } from '../src/wasm.js';
import type { RelocResult as Result } from './reloc-json.js';

const ENOEXEC = -8;
const ERANGE = -34;
const STT_FUNC = 2;

// Type numbers (AAELF32).
const R = {
  NONE: 0,
  PC24: 1,
  ABS32: 2,
  REL32: 3,
  THM_CALL: 10,
  COPY: 20,
  GLOB_DAT: 21,
  JUMP_SLOT: 22,
  RELATIVE: 23,
  GOT_BREL: 26,
  CALL: 28,
  JUMP24: 29,
  THM_JUMP24: 30,
  TARGET1: 38,
  V4BX: 40,
  PREL31: 42,
  MOVW_ABS_NC: 43,
  MOVT_ABS: 44,
  MOVW_PREL_NC: 45,
  MOVT_PREL: 46,
  THM_MOVW_ABS_NC: 47,
  THM_MOVT_ABS: 48,
  THM_MOVW_PREL_NC: 49,
  THM_MOVT_PREL: 50,
  ALU_PC_G0_NC: 57,
  ALU_PC_G1_NC: 59,
  LDR_PC_G2: 63,
  THM_JUMP11: 102,
  THM_JUMP8: 103,
  TLS_GD32: 104,
};

let engine: EngineInstance;
beforeAll(async () => {
  engine = await freshInstance();
});

interface Opts {
  B?: bigint;
  symType?: number;
  name?: string;
  bigEndian?: boolean;
}

function reloc(type: number, before: string, S: number, P: number, o: Opts = {}): Result {
  const bytes = new Uint8Array(before.match(/../g)!.map((h) => parseInt(h, 16)));
  const json = engine.relocateOne(
    'arm',
    type,
    bytes,
    BigInt(S >>> 0),
    0n,
    BigInt(P >>> 0),
    o.B ?? 0x20000000n,
    false,
    o.bigEndian ?? false,
    4,
    o.name ?? 'sym',
    o.symType ?? 0,
  );
  return JSON.parse(json) as Result;
}

/** Both sides wrote `bytes` and agree. */
function expectAgree(r: Result, bytes: string): void {
  expect(r.zephRet).toBe(0);
  expect(r.zephWrote).toBe(true);
  expect(r.abiRet).toBe(0);
  expect(r.zeph).toBe(bytes);
  expect(r.abi).toBe(bytes);
  expect(r.quirk).toBe('');
}

/** Zephyr's out-of-range failure: nothing written, the log prints P and S with %#x. */
function expectZephRange(r: Result, before: string, P: string, S: string, min: number, max: number): void {
  expect(r.zephRet).toBe(ENOEXEC);
  expect(r.zephWrote).toBe(false);
  expect(r.zeph).toBe(before);
  expect(r.errorLog).toBe(`sym 'sym': relocation out of range (${P} -> ${S})`);
  expect(r.rangeFailed).toBe(true);
  expect(r.rangeMin).toBe(String(min));
  expect(r.rangeMax).toBe(String(max));
}

describe('ARM type names', () => {
  it('names every type Zephyr handles or defines', () => {
    const names: Array<[number, string]> = [
      [0, 'R_ARM_NONE'],
      [1, 'R_ARM_PC24'],
      [2, 'R_ARM_ABS32'],
      [3, 'R_ARM_REL32'],
      [10, 'R_ARM_THM_CALL'],
      [20, 'R_ARM_COPY'],
      [21, 'R_ARM_GLOB_DAT'],
      [22, 'R_ARM_JUMP_SLOT'],
      [23, 'R_ARM_RELATIVE'],
      [28, 'R_ARM_CALL'],
      [29, 'R_ARM_JUMP24'],
      [30, 'R_ARM_THM_JUMP24'],
      [38, 'R_ARM_TARGET1'],
      [40, 'R_ARM_V4BX'],
      [42, 'R_ARM_PREL31'],
      [43, 'R_ARM_MOVW_ABS_NC'],
      [44, 'R_ARM_MOVT_ABS'],
      [45, 'R_ARM_MOVW_PREL_NC'],
      [46, 'R_ARM_MOVT_PREL'],
      [47, 'R_ARM_THM_MOVW_ABS_NC'],
      [48, 'R_ARM_THM_MOVT_ABS'],
      [49, 'R_ARM_THM_MOVW_PREL_NC'],
      [50, 'R_ARM_THM_MOVT_PREL'],
      [57, 'R_ARM_ALU_PC_G0_NC'],
      [59, 'R_ARM_ALU_PC_G1_NC'],
      [63, 'R_ARM_LDR_PC_G2'],
    ];
    for (const [t, n] of names) expect(reloc(t, '00000000', 0, 0).typeName).toBe(n);
  });

  it('names the rest of the ABI as readelf does, and nothing else', () => {
    // Spellings checked against arm-none-eabi-readelf -r on an object carrying every type 0..255.
    const names: Array<[number, string]> = [
      [26, 'R_ARM_GOT_BREL'],
      [35, 'R_ARM_LDR_SBREL_11_0'],
      [41, 'R_ARM_TARGET2'],
      [51, 'R_ARM_THM_JUMP19'],
      [102, 'R_ARM_THM_JUMP11'],
      [103, 'R_ARM_THM_JUMP8'],
      [111, 'R_ARM_TLS_IE12GP'],
      [112, 'R_ARM_PRIVATE_0'],
      [127, 'R_ARM_PRIVATE_15'],
      [129, 'R_ARM_THM_TLS_DESCSEQ'],
      [130, 'R_ARM_THM_TLS_DESCSEQ32'],
      [131, 'R_ARM_THM_GOT_BREL12'],
      [135, 'R_ARM_THM_ALU_ABS_G3_NC'],
      [138, 'R_ARM_THM_BF18'],
      [160, 'R_ARM_IRELATIVE'],
      [167, 'R_ARM_TLS_IE32_FDPIC'],
      [255, 'R_ARM_RBASE'],
    ];
    for (const [t, n] of names) expect(reloc(t, '00000000', 0, 0).typeName).toBe(n);
    for (const t of [139, 159, 168, 248, 256, 1000]) {
      const r = reloc(t, '00000000', 0, 0);
      expect(r.typeName).toBe('');
      expect(r.known).toBe(false);
    }
  });
});

describe('ARM unknown and unhandled types', () => {
  it('R_ARM_GOT_BREL: -ENOEXEC, "unknown relocation: 26", -fPIC hint', () => {
    const r = reloc(R.GOT_BREL, '00000000', 0x20001000, 0x20000000);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.zephWrote).toBe(false);
    expect(r.errorLog).toBe('unknown relocation: 26');
    expect(r.hint).toBe('compiled with -fPIC; build extensions with -fno-pic');
    expect(r.known).toBe(true);
  });

  it('TLS, short Thumb branches and COPY get their own hints', () => {
    const tls = reloc(R.TLS_GD32, '00000000', 0, 0);
    expect(tls.errorLog).toBe('unknown relocation: 104');
    expect(tls.hint).toBe('thread-local storage is not supported in extensions');
    for (const t of [R.THM_JUMP11, R.THM_JUMP8]) {
      const r = reloc(t, '00000000', 0, 0);
      expect(r.zephRet).toBe(ENOEXEC);
      expect(r.hint).toMatch(/^16-bit Thumb branch \(B\.N/);
    }
    const copy = reloc(R.COPY, '00000000', 0, 0);
    expect(copy.errorLog).toBe('unknown relocation: 20');
    expect(copy.hint).toMatch(/^R_ARM_COPY belongs to dynamically linked executables/);
  });

  it('ALU_PC_G0_NC / ALU_PC_G1_NC / LDR_PC_G2 are named in elf.c but fall to the default case', () => {
    for (const t of [R.ALU_PC_G0_NC, R.ALU_PC_G1_NC, R.LDR_PC_G2]) {
      const r = reloc(t, '04008fe2', 0x20001000, 0x20000000);
      expect(r.zephRet).toBe(ENOEXEC);
      expect(r.zephWrote).toBe(false);
      expect(r.errorLog).toBe(`unknown relocation: ${t}`);
      expect(r.width).toBe(4);
      expect(r.zeph).toBe('04008fe2');
      expect(r.hint).toMatch(/^Zephyr's elf\.c names this type but has no case for it/);
    }
  });

  it('a number outside the ABI is reported with %u', () => {
    const r = reloc(300, '00000000', 0, 0);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.errorLog).toBe('unknown relocation: 300');
    expect(r.width).toBe(0);
    expect(r.hint).toMatch(/^not a relocation type of the ARM ELF ABI/);
  });
});

describe('R_ARM_NONE', () => {
  it('touches nothing', () => {
    const r = reloc(R.NONE, '12345678', 0x20001000, 0x20000000);
    expect(r.width).toBe(0);
    expect(r.zephRet).toBe(0);
    expect(r.zeph).toBe('');
    expect(r.quirk).toBe('');
  });
});

describe('R_ARM_ABS32 / R_ARM_TARGET1 (V += S)', () => {
  it('adds S to the in-place addend', () => {
    // A = 0x10, S = 0x20001000 -> 0x20001010, little-endian 10 10 00 20.
    for (const t of [R.ABS32, R.TARGET1]) {
      const r = reloc(t, '10000000', 0x20001000, 0x20000000);
      expectAgree(r, '10100020');
      expect(r.value).toBe('0x20001010');
      expect(r.abiValue).toBe('0x20001010');
    }
  });

  it('wraps modulo 2^32', () => {
    // A = 0xFFFFFFF0 (-16), S = 0x8 -> 0xFFFFFFF8.
    expectAgree(reloc(R.ABS32, 'f0ffffff', 0x8, 0), 'f8ffffff');
  });

  it('big-endian word', () => {
    // A = 0x00000010 stored big-endian; result 0x20001010 stored big-endian.
    expectAgree(reloc(R.ABS32, '00000010', 0x20001000, 0, { bigEndian: true }), '20001010');
  });

  it('Thumb function, even addend: (S + A) | T equals (S|1) + A', () => {
    // ld: .word thf with thf (STT_FUNC, Thumb) at 0x2004 -> 0x2005.
    expectAgree(reloc(R.ABS32, '00000000', 0x2005, 0x1024, { symType: STT_FUNC }), '05200000');
  });

  it('Thumb function, odd addend: Zephyr adds the Thumb bit again', () => {
    // ld: .word thf+1 -> (0x2004 + 1) | 1 = 0x2005. Zephyr: 1 + 0x2005 = 0x2006.
    const r = reloc(R.ABS32, '01000000', 0x2005, 0x1028, { symType: STT_FUNC });
    expect(r.zeph).toBe('06200000');
    expect(r.abi).toBe('05200000');
    expect(r.quirk).toMatch(/^Zephyr adds the Thumb function's odd address to an odd addend/);
  });
});

describe('R_ARM_REL32 (V += S - P)', () => {
  it('forward and backward', () => {
    // 0 + 0x20001000 - 0x20000100 = 0xF00.
    expectAgree(reloc(R.REL32, '00000000', 0x20001000, 0x20000100), '000f0000');
    // 4 + 0x20000000 - 0x20000100 = -0xFC = 0xFFFFFF04.
    expectAgree(reloc(R.REL32, '04000000', 0x20000000, 0x20000100), '04ffffff');
  });

  it('Thumb function target', () => {
    // ld: .word thf - . at 0x102c, thf at 0x2004 (Thumb): ((0x2004 + 0) | 1) - 0x102c = 0xFD9.
    expectAgree(reloc(R.REL32, '00000000', 0x2005, 0x102c, { symType: STT_FUNC }), 'd90f0000');
  });
});

describe('R_ARM_RELATIVE, R_ARM_GLOB_DAT, R_ARM_JUMP_SLOT', () => {
  it('RELATIVE adds the load bias (mem[LLEXT_MEM_TEXT])', () => {
    // 0x124 + B 0x20000000 = 0x20000124.
    expectAgree(reloc(R.RELATIVE, '24010000', 0, 0x20000200, { B: 0x20000000n }), '24010020');
  });

  it('GLOB_DAT / JUMP_SLOT overwrite the word with S', () => {
    for (const t of [R.GLOB_DAT, R.JUMP_SLOT]) {
      const r = reloc(t, 'efbeadde', 0x20001235, 0x20000200, { symType: STT_FUNC });
      expectAgree(r, '35120020');
    }
  });
});

describe('R_ARM_V4BX', () => {
  it('BX Rm becomes MOV PC, Rm; ld keeps the BX without --fix-v4bx', () => {
    // (0xE12FFF1E & 0xF000000F) | 0x01A0F000 = 0xE1A0F00E (mov pc, lr).
    // ld: bx lr stays e12fff1e by default, becomes e1a0f00e with --fix-v4bx.
    const r = reloc(R.V4BX, '1eff2fe1', 0, 0x1000);
    expect(r.zephRet).toBe(0);
    expect(r.zeph).toBe('0ef0a0e1');
    expect(r.abi).toBe('1eff2fe1');
    expect(r.quirk).toMatch(/^Zephyr always rewrites BX Rm as MOV PC, Rm/);
    // bxne r3: 0x112FFF13 -> 0x11A0F003 (movne pc, r3), condition kept.
    expect(reloc(R.V4BX, '13ff2f11', 0, 0x1004).zeph).toBe('03f0a011');
  });
});

describe('A32 branches (R_ARM_PC24 / R_ARM_CALL / R_ARM_JUMP24)', () => {
  // "bl sym" before relocation: 0xEBFFFFFE, imm24 = -2 words: A = -8 (PC bias).
  const BL = 'feffffeb';
  const P = 0x10000000;

  it('ordinary forward BL, conditional B and PC24', () => {
    // off = -8 + 0x10001000 - 0x10000000 = 0xFF8; imm24 = 0x3FE -> 0xEB0003FE.
    const r = reloc(R.CALL, BL, 0x10001000, P);
    expectAgree(r, 'fe0300eb');
    expect(r.value).toBe('0x00000ff8');
    // bne: 0x1AFFFFFE keeps cond 0001 -> 0x1A0003FE.
    expectAgree(reloc(R.JUMP24, 'feffff1a', 0x10001000, P), 'fe03001a');
    expectAgree(reloc(R.PC24, BL, 0x10001000, P), 'fe0300eb');
  });

  it('last accepted offsets agree (ld: 0x1FFFFFC gives eb7fffff)', () => {
    // off = +0x1FFFFFF (S odd): imm24 = 0x1FFFFFF >> 2 = 0x7FFFFF.
    expectAgree(reloc(R.CALL, BL, P + 8 + 0x1ffffff, P), 'ffff7feb');
    expectAgree(reloc(R.CALL, BL, P + 8 + 0x1fffffc, P), 'ffff7feb');
    // off = -0x1FFFFFF: imm24 = (-0x1FFFFFF >> 2) & 0xFFFFFF = -0x800000 & 0xFFFFFF = 0x800000.
    expectAgree(reloc(R.CALL, BL, P + 8 - 0x1ffffff, P), '000080eb');
  });

  it('+2^25 is rejected by both', () => {
    const S = P + 8 + 0x2000000; // 0x12000008
    const r = reloc(R.CALL, BL, S, P);
    expectZephRange(r, BL, '0x10000000', '0x12000008', -0x1ffffff, 0x1ffffff);
    expect(r.abiRet).toBe(ERANGE);
    expect(r.abi).toBe(BL);
    expect(r.quirk).toBe('');
    expect(r.hint).toMatch(/^branch target more than 32 MiB away: build with -mlong-calls/);
  });

  it('-2^25 is encodable (ld: eb800000) but Zephyr rejects it', () => {
    const S = P + 8 - 0x2000000; // 0x0E000008
    const r = reloc(R.CALL, BL, S, P);
    expectZephRange(r, BL, '0x10000000', '0xe000008', -0x1ffffff, 0x1ffffff);
    expect(r.value).toBe('0xfe000000');
    expect(r.abiRet).toBe(0);
    // imm24 = -0x2000000 >> 2 = -0x800000 -> 0x800000.
    expect(r.abi).toBe('000080eb');
    expect(r.quirk).toBe("Zephyr's range check rejects an offset of exactly -0x2000000, which the A32 branch can encode");
  });

  it('-2^25 - 1 is rejected by both', () => {
    const r = reloc(R.JUMP24, BL, P + 8 - 0x2000001, P);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.abiRet).toBe(ERANGE);
    expect(r.quirk).toBe('');
  });

  it('wrap-around: Zephyr works modulo 2^32, ld does not', () => {
    // P = 0x100, S = 0xFFFFFF00: Zephyr off = 0xFFFFFF00 - 8 - 0x100 = 0xFFFFFDF8 = -0x208,
    // imm24 = -0x82 & 0xFFFFFF = 0xFFFF7E. ld (64-bit arithmetic) adds a veneer instead.
    const r = reloc(R.CALL, BL, 0xffffff00, 0x100);
    expect(r.zephRet).toBe(0);
    expect(r.zeph).toBe('7effffeb');
    expect(r.abiRet).toBe(ERANGE);
    expect(r.quirk).toMatch(/^Zephyr computes the offset modulo 2\^32/);
  });

  it('BL to a Thumb function: ld writes BLX, Zephyr keeps BL', () => {
    // ld: bl thf at 0x1014, thf (Thumb) at 0x2004 -> fa0003fa.
    // ABI: X = 0x2004 - 8 - 0x1014 = 0xFE8: imm24 = 0x3FA, H = bit 1 = 0.
    // Zephyr: off = -8 + 0x2005 - 0x1014 = 0xFE9, imm24 = 0x3FA, BL kept: 0xEB0003FA.
    const r = reloc(R.CALL, BL, 0x2005, 0x1014, { symType: STT_FUNC });
    expect(r.zeph).toBe('fa0300eb');
    expect(r.abi).toBe('fa0300fa');
    expect(r.quirk).toMatch(/^no BL->BLX interworking/);
    // ld: bl thf2 at 0x1018, thf2 at 0x2006 -> fb0003f9 (X = 0xFE6: imm24 0x3F9, H = 1).
    const h = reloc(R.CALL, BL, 0x2007, 0x1018, { symType: STT_FUNC });
    expect(h.abi).toBe('f90300fb');
    expect(h.zeph).toBe('f90300eb');
  });

  it('BLX to an ARM function: ld writes BL, Zephyr keeps BLX', () => {
    // ld: blx armf at 0x1020, armf at 0x2000 -> eb0003f6 (off = 0x2000 - 8 - 0x1020 = 0xFD8).
    const r = reloc(R.CALL, 'fefffffa', 0x2000, 0x1020, { symType: STT_FUNC });
    expect(r.abi).toBe('f60300eb');
    expect(r.zeph).toBe('f60300fa');
    expect(r.quirk).toMatch(/^no BLX->BL conversion/);
  });

  it('B to a Thumb function needs a veneer under the ABI', () => {
    // off = -8 + 0x2005 - 0x101c = 0xFE1 -> imm24 0x3F8: ea0003f8 on both sides (ld adds __thf_from_arm).
    const r = reloc(R.JUMP24, 'feffffea', 0x2005, 0x101c, { symType: STT_FUNC });
    expect(r.zeph).toBe('f80300ea');
    expect(r.abi).toBe('f80300ea');
    expect(r.quirk).toMatch(/^an ARM-state branch \(JUMP24\/PC24\) to a Thumb function needs an interworking veneer/);
  });

  it('no interworking for targets that are not STT_FUNC', () => {
    expectAgree(reloc(R.CALL, BL, 0x2005, 0x1014), 'fa0300eb');
  });
});

describe('Thumb-2 BL / B.W (R_ARM_THM_CALL / R_ARM_THM_JUMP24)', () => {
  // "bl sym": 0xF7FF 0xFFFE, A = -4. "b.w sym": 0xF7FF 0xBFFE. "blx sym": 0xF7FF 0xEFFE.
  const BL = 'fff7feff';
  const BW = 'fff7febf';
  const BLX = 'fff7feef';
  const P = 0x10000000;

  it('ordinary BL to a Thumb function (ld: f000 fff9)', () => {
    // off = -4 + 0x2005 - 0x100e = 0xFF3: S = 0, I1 = I2 = 0 -> J1 = J2 = 1, imm10 = 0,
    // imm11 = 0xFF3 >> 1 & 0x7FF = 0x7F9. upper 0xF000, lower 0xD000|0x2000|0x0800|0x7F9 = 0xFFF9.
    const r = reloc(R.THM_CALL, BL, 0x2005, 0x100e, { symType: STT_FUNC });
    expectAgree(r, '00f0f9ff');
    expect(r.value).toBe('0x00000ff3');
  });

  it('backward BL and B.W (ld: f7fe fffe, f7fe bffc)', () => {
    // BL at 0x20001000 to 0x20000001: off = -4 + 1 - 0x1000 = -0x1003 = 0xFFFFEFFD.
    // S = 1, bits 23/22 = 1 -> J1 = J2 = 1; imm10 = 0x3FE; imm11 = 0x7FE.
    // upper = 0xF000|0x400|0x3FE = 0xF7FE; lower = 0xD000|0x2000|0x800|0x7FE = 0xFFFE.
    expectAgree(reloc(R.THM_CALL, BL, 0x20000001, 0x20001000), 'fef7feff');
    // B.W at 0x2004 to 0x1001: off = -4 + 0x1001 - 0x2004 = -0x1007, imm11 = 0x7FC, bit 12 kept.
    expectAgree(reloc(R.THM_JUMP24, BW, 0x1001, 0x2004), 'fef7fcbf');
  });

  it('last accepted offsets agree', () => {
    // off = 0xFFFFFF: S = 0, bits 23/22 = 1 -> J1 = J2 = 0; imm10 = 0x3FF; imm11 = 0x7FF.
    // upper 0xF3FF, lower 0xD7FF. (ld: 0xFFFFFC gives f3ff d7fe.)
    expectAgree(reloc(R.THM_CALL, BL, P + 4 + 0xffffff, P), 'fff3ffd7');
    // off = -0xFFFFFF = 0xFF000001: S = 1, bits 23/22 = 0 -> J1 = J2 = 0; imm10 = imm11 = 0.
    expectAgree(reloc(R.THM_JUMP24, BW, P + 4 - 0xffffff, P), '00f40090');
  });

  it('+2^24 is rejected by both', () => {
    const r = reloc(R.THM_CALL, BL, P + 4 + 0x1000000, P);
    expectZephRange(r, BL, '0x10000000', '0x11000004', -0xffffff, 0xffffff);
    expect(r.abiRet).toBe(ERANGE);
    expect(r.abi).toBe(BL);
    expect(r.quirk).toBe('');
    expect(r.hint).toMatch(/-mlong-calls .* or enable CONFIG_LLEXT_VENEERS$/);
  });

  it('-2^24 is encodable (ld: f400 d000) but Zephyr rejects it', () => {
    const r = reloc(R.THM_CALL, BL, P + 4 - 0x1000000, P);
    expectZephRange(r, BL, '0x10000000', '0xf000004', -0xffffff, 0xffffff);
    expect(r.value).toBe('0xff000000');
    expect(r.abiRet).toBe(0);
    expect(r.abi).toBe('00f400d0');
    expect(r.quirk).toBe("Zephyr's range check rejects an offset of exactly -0x1000000, which the Thumb BL/B.W can encode");
  });

  it('-2^24 to a Thumb function passes: Zephyr sees the odd offset -0xFFFFFF', () => {
    // S = 0x0F000005 (STT_FUNC, address 0x0F000004): ((S + A) | T) - P = -0xFFFFFF on both sides.
    const r = reloc(R.THM_CALL, BL, P + 4 - 0x1000000 + 1, P, { symType: STT_FUNC });
    expectAgree(r, '00f400d0');
  });

  it('-2^24 - 1 is rejected by both', () => {
    const r = reloc(R.THM_JUMP24, BW, P + 4 - 0x1000001, P);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.abiRet).toBe(ERANGE);
    expect(r.quirk).toBe('');
  });

  it('wrap-around: Zephyr works modulo 2^32, ld does not', () => {
    // off = -4 + 0xFFFFFF01 - 0x100 = 0xFFFFFDFD = -0x203 for Zephyr.
    // S = 1, J1 = J2 = 1, imm10 = 0x3FF, imm11 = 0x6FE: upper 0xF7FF, lower 0xFEFE.
    const r = reloc(R.THM_CALL, BL, 0xffffff01, 0x100);
    expect(r.zeph).toBe('fff7fefe');
    expect(r.abiRet).toBe(ERANGE);
    expect(r.quirk).toMatch(/^Zephyr computes the offset modulo 2\^32/);
  });

  it('BL to an ARM function: ld writes BLX (f000 effe), Zephyr keeps BL', () => {
    // off = -4 + 0x2000 - 0x1000 = 0xFFC: imm11 = 0x7FE, J1 = J2 = 1.
    // BL lower 0xFFFE; BLX clears bit 12: 0xEFFE.
    const r = reloc(R.THM_CALL, BL, 0x2000, 0x1000, { symType: STT_FUNC });
    expect(r.zeph).toBe('00f0feff');
    expect(r.abi).toBe('00f0feef');
    expect(r.quirk).toMatch(/^no BL->BLX interworking/);
  });

  it('BL to an ARM function from a halfword-aligned site: ld rounds the BLX offset', () => {
    // P = 0x1002: X = 0x2000 - 4 - 0x1002 = 0xFFA; BLX uses (X + 2) & ~3 = 0xFFC (ld: f000 effe).
    // Zephyr encodes 0xFFA: imm11 = 0x7FD, lower 0xFFFD.
    const r = reloc(R.THM_CALL, BL, 0x2000, 0x1002, { symType: STT_FUNC });
    expect(r.abi).toBe('00f0feef');
    expect(r.zeph).toBe('00f0fdff');
  });

  it('BLX kept to a non-function target at a halfword site: Zephyr does not round', () => {
    // ld: blx tgtn at 0x1006 (tgtn = 0x2000, --defsym) -> f000 effc: X = 0xFF6 -> 0xFF8.
    // Zephyr: imm11 = 0xFF6 >> 1 = 0x7FB -> lower 0xEFFB.
    const r = reloc(R.THM_CALL, BLX, 0x2000, 0x1006);
    expect(r.abi).toBe('00f0fcef');
    expect(r.zeph).toBe('00f0fbef');
    expect(r.quirk).toMatch(/^Zephyr does not round a BLX offset/);
  });

  it('BLX to a Thumb function: ld writes BL (f000 fffc), Zephyr keeps BLX', () => {
    // off = -4 + 0x2005 - 0x1008 = 0xFF9: imm11 = 0x7FC. BL lower 0xFFFC, BLX lower 0xEFFC.
    const r = reloc(R.THM_CALL, BLX, 0x2005, 0x1008, { symType: STT_FUNC });
    expect(r.abi).toBe('00f0fcff');
    expect(r.zeph).toBe('00f0fcef');
    expect(r.quirk).toMatch(/^no BLX->BL conversion/);
  });

  it('B.W to an ARM function needs a veneer under the ABI', () => {
    // off = -4 + 0x2000 - 0x1004 = 0xFF8: imm11 = 0x7FC, lower 0x9000|0x2000|0x800|0x7FC = 0xBFFC.
    const r = reloc(R.THM_JUMP24, BW, 0x2000, 0x1004, { symType: STT_FUNC });
    expect(r.zeph).toBe('00f0fcbf');
    expect(r.abi).toBe('00f0fcbf');
    expect(r.quirk).toMatch(/^a Thumb B\.W to an ARM function needs an interworking veneer/);
  });

  it('BL to an even address that is not STT_FUNC stays BL (no interworking)', () => {
    expectAgree(reloc(R.THM_CALL, BL, 0x2000, 0x1000), '00f0feff');
  });

  it('big-endian halfwords', () => {
    // Same as the first case, each halfword stored big-endian: f000 fff9.
    const r = reloc(R.THM_CALL, 'f7fffffe', 0x2005, 0x100e, { symType: STT_FUNC, bigEndian: true });
    expectAgree(r, 'f000fff9');
  });
});

describe('R_ARM_PREL31', () => {
  it('ordinary, bit 31 kept, negative addend', () => {
    // off = 0 + 0x20000501 - 0x20000100 = 0x401.
    expectAgree(reloc(R.PREL31, '00000000', 0x20000501, 0x20000100), '01040000');
    expectAgree(reloc(R.PREL31, '00000080', 0x20000501, 0x20000100), '01040080');
    // A = sx31(0x7FFFFFF0) = -0x10: off = -0x10 - 0x100 = -0x110 -> 0x7FFFFEF0.
    expectAgree(reloc(R.PREL31, 'f0ffff7f', 0x20000000, 0x20000100), 'f0feff7f');
  });

  it('range edges agree: [-2^30, 2^30 - 1] (ld: truncated outside)', () => {
    const P = 0x50000000;
    expectAgree(reloc(R.PREL31, '00000000', P + 0x3fffffff, P), 'ffffff3f');
    expectAgree(reloc(R.PREL31, '00000000', P - 0x40000000, P), '00000040');
    for (const d of [0x40000000, -0x40000001]) {
      const r = reloc(R.PREL31, '00000000', P + d, P);
      expect(r.zephRet).toBe(ENOEXEC);
      expect(r.abiRet).toBe(ERANGE);
      expect(r.rangeMin).toBe(String(-0x40000000));
      expect(r.rangeMax).toBe(String(0x3fffffff));
      expect(r.quirk).toBe('');
    }
    const hi = reloc(R.PREL31, '00000000', P + 0x40000000, P);
    expect(hi.errorLog).toBe("sym 'sym': relocation out of range (0x50000000 -> 0x90000000)");
  });

  it('both sides wrap modulo 2^32 (ld: 0x10000010 at 0xF0000000 -> 0x10)', () => {
    expectAgree(reloc(R.PREL31, '00000000', 0x10, 0xf0000000), '10000010');
  });
});

describe('A32 MOVW / MOVT', () => {
  // movw r0, #0: 0xE3000000; movt r0, #0: 0xE3400000. imm16 = imm4 (19:16) : imm12 (11:0).
  const MOVW = '000000e3';
  const MOVT = '000040e3';

  it('MOVW_ABS_NC / MOVT_ABS (as: movw r0, #0xabcd = e30a0bcd; movt r0, #0x2000 = e3420000)', () => {
    expectAgree(reloc(R.MOVW_ABS_NC, MOVW, 0x2000abcd, 0x1000), 'cd0b0ae3');
    expectAgree(reloc(R.MOVT_ABS, MOVT, 0x2000abcd, 0x1000), '000042e3');
  });

  it('ld values at P = 0x10000000.., S = 0xFFFF9000', () => {
    // ld: movt r0, #:upper16:tgt -> e34f0fff (0xFFFF).
    expectAgree(reloc(R.MOVT_ABS, MOVT, 0xffff9000, 0x10000000), 'ff0f4fe3');
    // ld: movw r0, #:lower16:tgt - . at 0x10000004 -> e3080ffc (0xEFFF8FFC & 0xFFFF).
    expectAgree(reloc(R.MOVW_PREL_NC, MOVW, 0xffff9000, 0x10000004), 'fc0f08e3');
    // ld: movt r0, #:upper16:tgt - . at 0x10000008 -> e34e0fff (0xEFFF8FF8 >> 16).
    expectAgree(reloc(R.MOVT_PREL, MOVT, 0xffff9000, 0x10000008), 'ff0f4ee3');
  });

  it('MOVT has no overflow check (ld: upper16 of tgt+0x7fff -> #0)', () => {
    // imm16 0x7FFF (0xE3470FFF): X = 0xFFFF9000 + 0x7FFF = 0x1_0000_8FFF; bits 31:16 = 0.
    const r = reloc(R.MOVT_ABS, 'ff0f47e3', 0xffff9000, 0x10000000);
    expectAgree(r, '000040e3');
    // imm16 0x8000 is A = -0x8000 (0xE3480000): X = 0xFFFF1000 -> 0xFFFF (ld: e34f0fff).
    expectAgree(reloc(R.MOVT_ABS, '000048e3', 0xffff9000, 0x10000000), 'ff0f4fe3');
  });

  it('Thumb function, odd addend', () => {
    // movw r0, #1 (A = 1), S = 0x20001235 (Thumb): Zephyr 0x1236, ABI (0x20001234 + 1) | 1 = 0x1235.
    const r = reloc(R.MOVW_ABS_NC, '010000e3', 0x20001235, 0x1000, { symType: STT_FUNC });
    expect(r.zeph).toBe('360201e3');
    expect(r.abi).toBe('350201e3');
    expect(r.quirk).toMatch(/^Zephyr adds the Thumb function's odd address/);
    // movt r0, #0xffff (A = -1), S = 0x20010001 (Thumb, address 0x20010000):
    // Zephyr (0x20010001 - 1) >> 16 = 0x2001; ABI (0x20010000 - 1) >> 16 = 0x2000.
    const t = reloc(R.MOVT_ABS, 'ff0f4fe3', 0x20010001, 0x1000, { symType: STT_FUNC });
    expect(t.zeph).toBe('010042e3');
    expect(t.abi).toBe('000042e3');
  });
});

describe('Thumb-2 MOVW / MOVT', () => {
  // movw r0, #0: 0xF240 0x0000; movt r0, #0: 0xF2C0 0x0000.
  // imm16 = imm4 (upper 3:0) : i (upper 10) : imm3 (lower 14:12) : imm8 (lower 7:0).
  const MOVW = '40f20000';
  const MOVT = 'c0f20000';

  it('ABS (as: movw r0, #0xabcd = f64a 30cd; movt r0, #0x2000 = f2c2 0000)', () => {
    // 0xABCD: imm4 = 0xA, i = 1, imm3 = 3, imm8 = 0xCD -> 0xF64A 0x30CD.
    expectAgree(reloc(R.THM_MOVW_ABS_NC, MOVW, 0x2000abcd, 0x1000), '4af6cd30');
    // 0x2000: imm4 = 2 -> 0xF2C2 0x0000.
    expectAgree(reloc(R.THM_MOVT_ABS, MOVT, 0x2000abcd, 0x1000), 'c2f20000');
  });

  it('the sign-extended addend carries into MOVT (as: movt r1, #0x2001 = f2c2 0101)', () => {
    // movt r1, #0x1234 (0xF2C1 0x2134): X = 0x2000F000 + 0x1234 = 0x20010234 -> 0x2001, Rd = r1 kept.
    expectAgree(reloc(R.THM_MOVT_ABS, 'c1f23421', 0x2000f000, 0x1000), 'c2f20101');
  });

  it('PREL, negative (as: movw r0, #0xfff0 = f64f 70f0; movt r0, #0xffff = f6cf 70ff)', () => {
    // X = 0x20000000 - 0x20000010 = -0x10 = 0xFFFFFFF0.
    expectAgree(reloc(R.THM_MOVW_PREL_NC, MOVW, 0x20000000, 0x20000010), '4ff6f070');
    expectAgree(reloc(R.THM_MOVT_PREL, MOVT, 0x20000000, 0x20000010), 'cff6ff70');
  });

  it('Thumb function with no addend: low half keeps bit 0 on both sides', () => {
    // 0x1235: imm4 = 1, i = 0, imm3 = 2, imm8 = 0x35 -> 0xF241 0x2035.
    expectAgree(reloc(R.THM_MOVW_ABS_NC, MOVW, 0x20001235, 0x1000, { symType: STT_FUNC }), '41f23520');
  });

  it('big-endian halfwords', () => {
    expectAgree(reloc(R.THM_MOVW_ABS_NC, 'f2400000', 0x2000abcd, 0x1000, { bigEndian: true }), 'f64a30cd');
  });
});
