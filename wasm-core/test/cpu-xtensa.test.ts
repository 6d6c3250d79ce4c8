// The Xtensa cores (wasm-core/assembly/cpu/xtensa.ts), one group of instructions per block.
// Call0-ABI code was assembled with xtensa-lx106-elf-as --no-transform (source in each
// comment). The lx106 configuration has no windowed registers, loops, DIV32, MIN/MAX, NSA,
// SEXT or CLAMPS, so those instructions are encoded here by field (the Xtensa ISA's formats)
// and each encoding is checked against the project's disassembler, itself checked against
// objdump (disasm.test.ts). Code sits at 0x1000 unless said, RAM at 0x20000000, the return
// address traps at 0xf0000000; for windowed code at 0x3f000000, since RETW keeps the PC's two
// top bits (they carry the window increment in a0).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCode, readArgs, type CpuRunResult } from './cpu-harness.js';
import { decodeXtensa } from '../src/disasm/xtensa.js';
import { simulate } from '../src/engine.js';
import { prepareSession } from '../src/session.js';

const RETURNED = -1;
const FAULT_FETCH_UNMAPPED = 1;
const FAULT_UNDEF = 3;
const FAULT_UNALIGNED = 4;
const FAULT_READ_UNMAPPED = 5;
const FAULT_WRITE_UNMAPPED = 6;
const FAULT_DIV_ZERO = 11;
const CORES = ['xtensa-dc233c', 'xtensa-lx7'];
const WTRAP = 0x3f000000n;

/** Call0 programs, as xtensa-lx106-elf-as --no-transform assembled them (sources in the tests). */
const CALL0 = {
  alu: '22affb32a0033042802053c02063902073a02083b02093d020a3e020b3f020c06020d160e2d37ff2c380800000',
  logicNarrow: '22a5a532a0ff3042103052203062306c075cf88a970ba8fbb8cd020df0',
  movz: '22a00732a00042afff52a00162a00172a00182a0013052833062934072a34082b3800000',
  shifts: 'c0321120444120542162a0080016400072a10006402080912090b1004c40a2a12320ba81c2a002002c4020d09120e44420fc35800000',
  sar: '22a01120031330030342a005400361506300606000002000302000c02000d02000f02000800000',
  mul16: '3042823052c13062d1800000',
  loadStore: '22a08022630022affe22530222430642230152130262930272030649238823800000',
  branchImm:
    'a2a00022a00032a00542affd162200a2ca01562200a2ca02962400a2ca04d62400a2ca08265302a2ca10665302a2ca20a60402a2ca40b2a000e6f402b2cb01b66302b2cb02f60302b2cb04800000',
  branchReg:
    'a2a000371202a2ca01379202a2ca02372202a2ca0437a202a2ca08373202a2ca1037b202a2ca20b2a000378202b2cb01370202b2cb02374202b2cb0437c202b2cb08475202b2cb1047d202b2cb20c2a000f77202c2cc01f7f202c2cc02376202c2cc0437e202c2cc088c1cc2cc10cc1cc2cc20800000',
};

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Little-endian bytes of 24-bit (wide) and 16-bit (narrow, `n` flag) instructions. */
function insns(...list: (number | [number, 'n'])[]): Uint8Array {
  const out: number[] = [];
  for (const x of list) {
    if (Array.isArray(x)) out.push(x[0] & 0xff, (x[0] >> 8) & 0xff);
    else out.push(x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff);
  }
  return new Uint8Array(out);
}

// Field encoders (Xtensa ISA, instruction formats RRR, RRI8, BRI8, BRI12, CALL, CALLX).
const rrr = (op2: number, op1: number, r: number, s: number, t: number): number =>
  (op2 << 20) | (op1 << 16) | (r << 12) | (s << 8) | (t << 4);
const entry = (s: number, frame: number): number => ((frame >> 3) << 12) | (s << 8) | 0x36;
const callN = (n: number, pc: number, target: number): number => ((((target - (pc & ~3) - 4) >> 2) & 0x3ffff) << 6) | (n << 4) | 5;
const callxN = (n: number, s: number): number => (s << 8) | ((12 | n) << 4);
const RETW = 0x000090;
const RETW_N: [number, 'n'] = [0xf01d, 'n'];
const NOP = 0x0020f0;
const loop = (kind: number, s: number, imm8: number): number => (imm8 << 16) | ((8 + kind) << 12) | (s << 8) | 0x76;
const movi = (t: number, v: number): number => ((v & 0xff) << 16) | (0xa << 12) | (((v >> 8) & 0xf) << 8) | (t << 4) | 2;
const addi = (t: number, s: number, v: number): number => ((v & 0xff) << 16) | (0xc << 12) | (s << 8) | (t << 4) | 2;
const addN = (r: number, s: number, t: number): [number, 'n'] => [(r << 12) | (s << 8) | (t << 4) | 0xa, 'n'];
const movN = (t: number, s: number): [number, 'n'] => [(s << 8) | (t << 4) | 0xd, 'n'];
const beqzN = (s: number, imm6: number): [number, 'n'] => [((imm6 & 15) << 12) | (s << 8) | ((8 | (imm6 >> 4)) << 4) | 0xc, 'n'];

// Programs encoded by field (the first test decodes them).
const MINMAX = insns(
  rrr(4, 3, 4, 2, 3), // min a4, a2, a3
  rrr(5, 3, 5, 2, 3), // max a5, a2, a3
  rrr(6, 3, 6, 2, 3), // minu a6, a2, a3
  rrr(7, 3, 7, 2, 3), // maxu a7, a2, a3
  rrr(2, 3, 8, 3, 0), // sext a8, a3, 7
  rrr(3, 3, 9, 3, 0), // clamps a9, a3, 7
  rrr(3, 3, 10, 2, 0), // clamps a10, a2, 7
  rrr(4, 0, 0xe, 2, 11), // nsa a11, a2
  rrr(4, 0, 0xf, 3, 12), // nsau a12, a3
  rrr(4, 0, 0xf, 13, 13), // nsau a13, a13 (zero: 32)
  0x000080, // ret
);
const MULH = insns(
  rrr(0xa, 2, 8, 2, 3), // muluh a8, a2, a3
  rrr(0xb, 2, 9, 2, 3), // mulsh a9, a2, a3
  0x000080, // ret
);
const DIVIDE = insns(
  rrr(0xc, 2, 4, 2, 3), // quou a4, a2, a3
  rrr(0xd, 2, 5, 2, 3), // quos a5, a2, a3
  rrr(0xe, 2, 6, 2, 3), // remu a6, a2, a3
  rrr(0xf, 2, 7, 2, 3), // rems a7, a2, a3
  rrr(0xc, 2, 10, 2, 11), // quou a10, a2, a11 (a11 = 0)
);
const LOOPS = insns(
  movi(2, 5), // 0x1000
  movi(3, 0), // 0x1003
  loop(0, 2, 2), // 0x1006 loop a2, 0x100c
  addi(3, 3, 3), // 0x1009
  loop(1, 4, 2), // 0x100c loopnez a4, 0x1012
  addi(3, 3, 100), // 0x100f
  loop(2, 5, 2), // 0x1012 loopgtz a5, 0x1018
  addi(3, 3, 50), // 0x1015
  0x000080, // 0x1018 ret
);
const WIN_SIMPLE = insns(
  entry(1, 32),
  movi(10, 5),
  movi(11, 7),
  callN(2, 0x1009, 0x1010),
  movN(2, 10),
  RETW_N,
  entry(1, 32),
  addN(2, 2, 3),
  RETW_N,
);
// sum12(n): entry a1,48; beqz.n a2,.z; addi a14,a2,-1; call12 sum12; add.n a2,a2,a14; retw.n;
// .z: retw.n (a CALL12 frame takes three of the dc233c's eight window positions)
const WIN_SUM12 = insns(entry(1, 48), beqzN(2, 8), addi(14, 2, -1), callN(3, 0x1008, 0x1000), addN(2, 2, 14), RETW_N, RETW_N);
const S32C1I = insns(
  rrr(1, 3, 0, 12, 5), // wsr.scompare1 a5
  (1 << 16) | (0xe << 12) | (3 << 8) | (4 << 4) | 2, // s32c1i a4, a3, 4
  movi(6, 9),
  (1 << 16) | (0xe << 12) | (3 << 8) | (6 << 4) | 2, // s32c1i a6, a3, 4 (fails: memory is 7 now)
  0x000080,
);
const WIN_CALL4_12 = insns(
  entry(1, 32), // 0x1000 main
  movi(6, 1), // 0x1003
  callN(1, 0x1006, 0x1010), // 0x1006 call4 g
  movN(2, 6), // 0x1009
  RETW_N, // 0x100b
  NOP, // 0x100d
  entry(1, 48), // 0x1010 g
  movi(14, 5), // 0x1013
  callN(3, 0x1016, 0x1020), // 0x1016 call12 h
  addN(2, 2, 14), // 0x1019
  RETW_N, // 0x101b
  NOP, // 0x101d
  entry(1, 32), // 0x1020 h
  addi(2, 2, 100), // 0x1023
  RETW, // 0x1026
);

function dis(x: number | [number, 'n'], address = 0x1000): string {
  const bytes = insns(x);
  const d = decodeXtensa(bytes, 0, address)!;
  return `${d.mnemonic} ${d.operands}`.trim();
}

function expectRegs(r: CpuRunResult, want: Record<string, bigint>): void {
  const got: Record<string, string> = {};
  const exp: Record<string, string> = {};
  for (const [k, v] of Object.entries(want)) {
    got[k] = '0x' + (r.regs[k] ?? -1n).toString(16);
    exp[k] = '0x' + v.toString(16);
  }
  expect(got).toEqual(exp);
}

function ramWord(r: CpuRunResult, off: number): number {
  return (r.ram[off] | (r.ram[off + 1] << 8) | (r.ram[off + 2] << 16) | (r.ram[off + 3] << 24)) >>> 0;
}

describe('Xtensa hand-encoded instructions', () => {
  it('decode as binutils prints them', () => {
    expect(dis(entry(1, 32))).toBe('entry a1, 32');
    expect(insns(entry(1, 32))).toEqual(hex('364100'));
    expect(dis(callN(2, 0x1009, 0x1010), 0x1009)).toBe('call8 1010');
    expect(dis(callN(1, 0x1006, 0x1010), 0x1006)).toBe('call4 1010');
    expect(dis(callN(3, 0x1016, 0x1020), 0x1016)).toBe('call12 1020');
    expect(dis(callxN(2, 8))).toBe('callx8 a8');
    expect(insns(callxN(2, 8))).toEqual(hex('e00800'));
    expect(dis(RETW)).toBe('retw');
    expect(dis(RETW_N)).toBe('retw.n');
    expect(dis(loop(0, 2, 2), 0x1006)).toBe('loop a2, 100c');
    expect(dis(loop(1, 4, 2), 0x100c)).toBe('loopnez a4, 1012');
    expect(dis(loop(2, 5, 2), 0x1012)).toBe('loopgtz a5, 1018');
    expect(dis(rrr(0xc, 2, 4, 2, 3))).toBe('quou a4, a2, a3');
    expect(dis(rrr(0xd, 2, 5, 2, 3))).toBe('quos a5, a2, a3');
    expect(dis(rrr(0xe, 2, 6, 2, 3))).toBe('remu a6, a2, a3');
    expect(dis(rrr(0xf, 2, 7, 2, 3))).toBe('rems a7, a2, a3');
    expect(dis(rrr(0xa, 2, 8, 2, 3))).toBe('muluh a8, a2, a3');
    expect(dis(rrr(0xb, 2, 9, 2, 3))).toBe('mulsh a9, a2, a3');
    expect(dis(rrr(4, 3, 4, 2, 3))).toBe('min a4, a2, a3');
    expect(dis(rrr(5, 3, 5, 2, 3))).toBe('max a5, a2, a3');
    expect(dis(rrr(6, 3, 6, 2, 3))).toBe('minu a6, a2, a3');
    expect(dis(rrr(7, 3, 7, 2, 3))).toBe('maxu a7, a2, a3');
    expect(dis(rrr(2, 3, 8, 2, 0))).toBe('sext a8, a2, 7');
    expect(dis(rrr(3, 3, 9, 2, 8))).toBe('clamps a9, a2, 15');
    expect(dis(rrr(4, 0, 0xe, 2, 10))).toBe('nsa a10, a2');
    expect(dis(rrr(4, 0, 0xf, 2, 11))).toBe('nsau a11, a2');
    expect(dis(movi(10, 5))).toBe('movi a10, 5');
    expect(dis(addi(10, 2, -1))).toBe('addi a10, a2, -1');
    expect(dis(beqzN(2, 8), 0x1003)).toBe('beqz.n a2, 100f');
    expect(dis(rrr(1, 3, 0, 12, 5))).toBe('wsr.scompare1 a5');
    expect(dis((1 << 16) | (0xe << 12) | (3 << 8) | (4 << 4) | 2)).toBe('s32c1i a4, a3, 4');
    expect(dis(rrr(0, 0, 1, 2, 3))).toBe('movsp a3, a2');
  });
});

describe('Xtensa registers and calls', () => {
  it('names a0-a15 of the current window, then pc, sar, ps, the window and loop registers', async () => {
    for (const core of CORES) {
      // ret
      const r = await runCode(core, hex('800000'));
      expect(Object.keys(r.regs)).toEqual([
        ...Array.from({ length: 16 }, (_, i) => `a${i}`),
        'pc',
        'sar',
        'ps',
        'windowbase',
        'windowstart',
        'lbeg',
        'lend',
        'lcount',
      ]);
      expect(r.stop).toBe(RETURNED);
      expect(r.pc).toBe(0xf0000000n);
      // call0 ABI: a0 is the return address, a1 the stack pointer; PS as a Zephyr thread's
      expectRegs(r, { a0: 0xf0000000n, a1: 0x20000100n, ps: 0x40020n, windowbase: 0n, windowstart: 1n });
    }
  });
});

describe('Xtensa ALU', () => {
  it('ADD/SUB/ADDX*/SUBX*, NEG, ABS, ADDI, ADDMI', async () => {
    // movi a2,-5; movi a3,3; add a4,a2,a3; sub a5,a3,a2; addx2 a6,a3,a2; addx4 a7,a3,a2;
    // addx8 a8,a3,a2; subx2 a9,a3,a2; subx4 a10,a3,a2; subx8 a11,a3,a2; neg a12,a2;
    // abs a13,a2; addmi a14,a3,0x7f00; addi a15,a3,-128; ret
    const code = hex(CALL0.alu);
    for (const core of CORES) {
      const r = await runCode(core, code);
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, {
        a4: 0xfffffffen,
        a5: 8n,
        a6: 1n,
        a7: 7n,
        a8: 19n,
        a9: 11n,
        a10: 17n,
        a11: 29n,
        a12: 5n,
        a13: 5n,
        a14: 0x7f03n,
        a15: 0xffffff83n,
      });
    }
  });

  it('AND/OR/XOR and the narrow MOVI.N, ADD.N, ADDI.N, MOV.N, RET.N', async () => {
    // movi a2,0x5a5; movi a3,0xff; and a4,a2,a3; or a5,a2,a3; xor a6,a2,a3; movi.n a7,-32;
    // movi.n a8,95; add.n a9,a7,a8; addi.n a10,a8,-1; addi.n a11,a8,15; mov.n a12,a2; ret.n
    const r = await runCode('xtensa-dc233c', hex(CALL0.logicNarrow));
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a4: 0xa5n, a5: 0x5ffn, a6: 0x55an, a7: 0xffffffe0n, a8: 95n, a9: 63n, a10: 94n, a11: 110n, a12: 0x5a5n });
  });

  it('MIN/MAX/MINU/MAXU, SEXT, CLAMPS, NSA, NSAU', async () => {
    const code = MINMAX;
    for (const core of CORES) {
      const r = await runCode(core, code, { regs: { a2: 0xfffffff0, a3: 0x1c0, a13: 0 } });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, {
        a4: 0xfffffff0n,
        a5: 0x1c0n,
        a6: 0x1c0n,
        a7: 0xfffffff0n,
        a8: 0xffffffc0n,
        a9: 127n,
        a10: 0xfffffff0n,
        a11: 27n,
        a12: 23n,
        a13: 32n,
      });
    }
  });

  it('MOVEQZ/MOVNEZ/MOVLTZ/MOVGEZ', async () => {
    // movi a2,7; movi a3,0; movi a4,-1; movi a5..a8,1; moveqz a5,a2,a3; movnez a6,a2,a3;
    // movltz a7,a2,a4; movgez a8,a2,a4; ret
    const r = await runCode('xtensa-lx7', hex(CALL0.movz));
    expectRegs(r, { a5: 7n, a6: 1n, a7: 7n, a8: 1n });
  });
});

describe('Xtensa shifts and SAR', () => {
  it('SLLI/SRLI/SRAI, SSL+SLL, SSR+SRL/SRA, SSAI+SRC, SSA8L, EXTUI', async () => {
    // slli a3,a2,4; srli a4,a2,4; srai a5,a2,4; movi a6,8; ssl a6; sll a7,a2; ssr a6;
    // srl a8,a2; sra a9,a2; ssai 12; movi a10,0x123; src a11,a10,a2; movi a12,2; ssa8l a12;
    // srl a13,a2; extui a14,a2,4,5; extui a15,a2,28,4; ret
    const code = hex(CALL0.shifts);
    for (const core of CORES) {
      const r = await runCode(core, code, { regs: { a2: 0x80000081 } });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, {
        a3: 0x810n,
        a4: 0x08000008n,
        a5: 0xf8000008n,
        a7: 0x8100n,
        a8: 0x800000n,
        a9: 0xff800000n,
        a11: 0x12380000n,
        a13: 0x8000n,
        a14: 8n,
        a15: 8n,
        sar: 16n,
      });
    }
  });

  it('WSR/RSR/XSR.SAR, RSIL, and the syncs as no-ops', async () => {
    // movi a2,17; wsr.sar a2; rsr.sar a3; movi a4,5; xsr.sar a4; rsil a5,3; rsil a6,0;
    // isync; dsync; memw; extw; nop; ret
    const r = await runCode('xtensa-dc233c', hex(CALL0.sar));
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a3: 17n, a4: 17n, sar: 5n, a5: 0x40020n, a6: 0x40023n, ps: 0x40020n });
  });
});

describe('Xtensa multiply and divide', () => {
  it('MULL, MUL16U, MUL16S', async () => {
    // mull a4,a2,a3; mul16u a5,a2,a3; mul16s a6,a2,a3; ret
    const r = await runCode('xtensa-dc233c', hex(CALL0.mul16), { regs: { a2: 0xfffffffd, a3: 0x70001 } });
    expectRegs(r, { a4: 0xffeafffdn, a5: 0xfffdn, a6: 0xfffffffdn });
  });

  it('QUOU/QUOS/REMU/REMS, and IntegerDivideByZero', async () => {
    for (const core of CORES) {
      const r = await runCode(core, DIVIDE, { regs: { a2: 0xfffffff9, a3: 2, a11: 0 } });
      expectRegs(r, { a4: 0x7ffffffcn, a5: 0xfffffffdn, a6: 1n, a7: 0xffffffffn });
      expect(r.fault).toBe(FAULT_DIV_ZERO);
      expect(r.faultNote).toBe('IntegerDivideByZero');
      expect(r.pc).toBe(0x100cn);
      expect(r.instructions).toBe(4);
    }
  });

  it('MULUH/MULSH on the LX7; the dc233c has no MUL32_HIGH', async () => {
    const lx7 = await runCode('xtensa-lx7', MULH, { regs: { a2: 0xfffffff9, a3: 2 } });
    expect(lx7.stop).toBe(RETURNED);
    expectRegs(lx7, { a8: 1n, a9: 0xffffffffn });
    const dc = await runCode('xtensa-dc233c', MULH, { regs: { a2: 0xfffffff9, a3: 2 } });
    expect(dc.fault).toBe(FAULT_UNDEF);
    expect(dc.pc).toBe(0x1000n);
  });
});

describe('Xtensa loads and stores', () => {
  it('L8UI/L16UI/L16SI/L32I, S8I/S16I/S32I, L32I.N/S32I.N', async () => {
    // movi a2,0x80; s32i a2,a3,0; movi a2,-2; s16i a2,a3,4; s8i a2,a3,6; l32i a4,a3,4;
    // l16ui a5,a3,4; l16si a6,a3,4; l8ui a7,a3,6; s32i.n a4,a3,8; l32i.n a8,a3,8; ret
    const r = await runCode('xtensa-dc233c', hex(CALL0.loadStore), {
      regs: { a3: 0x20000000 },
    });
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a4: 0xfefffen, a5: 0xfffen, a6: 0xfffffffen, a7: 0xfen, a8: 0xfefffen });
    expect(ramWord(r, 0)).toBe(0x80);
    expect(ramWord(r, 8)).toBe(0xfefffe);
  });

  it('L32R reads a literal below the instruction, PC-relative (LITBASE off)', async () => {
    // .word 0x12345678 at 0x1000; at 0x1004: l32r a2, 0x1000; ret
    const code = new Uint8Array([0x78, 0x56, 0x34, 0x12, ...insns((0xffff << 8) | 0x21, 0x000080)]);
    expect(dis((0xffff << 8) | 0x21, 0x1004)).toBe('l32r a2, 1000');
    const r = await runCode('xtensa-lx7', code, { regs: { pc: 0x1004 } });
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a2: 0x12345678n });
  });

  it('an unaligned L32I/L16UI/S32I/S16I raises LoadStoreAlignment', async () => {
    // l32i a4,a3,0; l16ui a4,a3,0; s32i a4,a3,0; s16i a4,a3,0 (each then ret)
    for (const [code, a3] of [
      ['422300800000', 0x20000002],
      ['421300800000', 0x20000001],
      ['426300800000', 0x20000003],
      ['425300800000', 0x20000005],
    ] as const) {
      const r = await runCode('xtensa-dc233c', hex(code), { regs: { a3 } });
      expect(r.fault).toBe(FAULT_UNALIGNED);
      expect(r.faultNote).toBe('LoadStoreAlignment');
      expect(r.pc).toBe(0x1000n);
      expect(r.instructions).toBe(0);
    }
  });

  it('S32C1I stores only when memory holds SCOMPARE1, and returns the old word', async () => {
    const r = await runCode('xtensa-dc233c', S32C1I, { regs: { a3: 0x20000000, a4: 7, a5: 0 } });
    expectRegs(r, { a4: 0n, a6: 7n });
    expect(ramWord(r, 4)).toBe(7);
  });
});

describe('Xtensa branches and jumps', () => {
  it('BEQZ..BGEZ, BEQI..BGEI (b4const), BLTUI/BGEUI (b4constu)', async () => {
    const code = hex(CALL0.branchImm);
    for (const core of CORES) {
      const r = await runCode(core, code);
      expect(r.stop).toBe(RETURNED);
      // taken: beqz, bltz, beqi, blti, bltui; not taken: bnez (+2), bgez (+8), bnei (+32),
      // bgei (a11 +1), bgeui (a11 +4)
      expectRegs(r, { a10: 42n, a11: 5n });
    }
  });

  it('BEQ..BGEU, BANY/BNONE/BALL/BNALL, BBC/BBS, BBCI/BBSI, BEQZ.N/BNEZ.N', async () => {
    const code = hex(CALL0.branchReg);
    const r = await runCode('xtensa-dc233c', code, { regs: { a2: 0x80000009, a3: 0x9, a4: 3 } });
    expect(r.stop).toBe(RETURNED);
    // a2 > a3 unsigned, < signed: beq no (+1), bne yes, blt yes, bge no (+8), bltu no (+16), bgeu yes
    // bany yes, bnone no (+2), ball yes, bnall no (+8), bbc bit 3 set: no (+16), bbs yes
    // bbci 31 no (+1), bbsi 31 yes, bbci 3 no (+4), bbsi 3 yes, beqz.n no (+16 → a12 21), bnez.n yes
    expectRegs(r, { a10: 25n, a11: 26n, a12: 21n });
  });

  it('CALL0/CALLX0/RET/RET.N, J, JX', async () => {
    // mov a7,a0; movi a2,3; call0 f; addi a2,a2,1; j 2f; .align 4; f: addi a2,a2,10; ret.n;
    // 2: movi a3,0x410; callx0 a3; mov a0,a7; ret
    const r = await runCode('xtensa-dc233c', hex('00702022a00385000022c2014601000022c20a0df032a410c00300700720800000'), {
      codeBase: 0x400n,
    });
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a2: 24n, a0: 0xf0000000n });
    // movi a3,0x409; jx a3; movi a2,1; movi a2,2; ret
    const j = await runCode('xtensa-dc233c', hex('32a409a0030022a00122a002800000'), { codeBase: 0x400n });
    expectRegs(j, { a2: 2n });
    expect(j.instructions).toBe(4);
  });
});

describe('Xtensa zero-overhead loops', () => {
  it('LOOP runs its body LCOUNT+1 times; LOOPNEZ and LOOPGTZ skip it', async () => {
    const code = LOOPS;
    for (const core of CORES) {
      const r = await runCode(core, code, { regs: { a4: 0, a5: 0xffffffff } });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, { a3: 15n, lbeg: 0x1015n, lend: 0x1018n, lcount: 0xfffffffen });
      expect(r.instructions).toBe(2 + 1 + 5 + 1 + 1 + 1);
    }
  });
});

/** The nonzero words of the 1 KiB stack area, "offset:value" in hex. */
function stackWords(r: { ram: Uint8Array }): string {
  const out: string[] = [];
  for (let o = 0; o < 1024; o += 4) {
    const v = (r.ram[o]! | (r.ram[o + 1]! << 8) | (r.ram[o + 2]! << 16) | (r.ram[o + 3]! << 24)) >>> 0;
    if (v !== 0) out.push(`${o.toString(16)}:${v.toString(16)}`);
  }
  return out.join(' ');
}

/** What qemu-system-xtensa -M sim -cpu dc233c (QEMU 7.2) left there (fixtures/xtensa-window). */
const QEMU_WINDOW_STACK =
  '1b0:a031000b 1b4:602001e0 1b8:4 1d0:a031000b 1d4:60200200 1d8:5 1f0:a031000b 1f4:60200220 1f8:6 204:60200400 210:a031000b 214:60200240 218:7 230:a031000b 234:60200260 238:8 250:a031000b 254:60200280 258:9 270:a031000b 274:602002a0 278:a 284:60200400 290:a031000b 294:602002c0 298:b 2b0:a031000b 2b4:602002e0 2b8:c 2d0:a031000b 2d4:60200300 2d8:d 2f0:a031000b 2f4:60200320 2f8:e 304:60200400 310:a031000b 314:60200340 318:f 330:a031000b 334:60200360 338:10 350:a031000b 354:60200380 358:11 370:a031000b 374:602003a0 378:12 384:60200400 390:a031000b 394:602003c0 398:13 3b0:60301036 3b4:602003e0 3b8:14 3d4:60200400';

const WINDOW_DIR = fileURLToPath(new URL('./fixtures/xtensa-window/', import.meta.url));

function haveWindowTools(): boolean {
  return ['xtensa-lx106-elf-as', 'xtensa-lx106-elf-ld', 'qemu-system-xtensa'].every((t) => spawnSync('which', [t]).status === 0);
}

/** Assembles, links and runs fixtures/xtensa-window on QEMU: the stack area it printed. */
function qemuWindowRun(): { ram: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'xtensa-window-'));
  try {
    const run = (cmd: string, args: string[]): Buffer => {
      const r = spawnSync(cmd, args, { cwd: WINDOW_DIR, timeout: 20000 });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString()}`);
      return r.stdout;
    };
    run('xtensa-lx106-elf-as', ['--no-transform', 'window.s', '-o', join(dir, 'window.o')]);
    run('xtensa-lx106-elf-ld', ['-T', 'window.ld', join(dir, 'window.o'), '-o', join(dir, 'window.elf')]);
    const out = run('qemu-system-xtensa', [
      ...['-M', 'sim', '-cpu', 'dc233c', '-serial', 'stdio', '-nographic', '-monitor', 'none'],
      ...['-semihosting-config', 'enable=on,target=native', '-kernel', join(dir, 'window.elf')],
    ]);
    expect(out.length).toBe(1028);
    expect(out.readUInt32LE(1024)).toBe(210);
    return { ram: new Uint8Array(out.subarray(0, 1024)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Xtensa windowed calls', () => {
  // main: entry a1,32; movi a10,5; movi a11,7; call8 f; mov.n a2,a10; retw.n
  // f:    entry a1,32; add.n a2,a2,a3; retw.n
  const simple = WIN_SIMPLE;

  it('a function starting with ENTRY is called as by CALL4: it returns with RETW to the trap', async () => {
    for (const core of CORES) {
      const r = await runCode(core, simple, { trapBase: WTRAP });
      expect(r.stop).toBe(RETURNED);
      expect(r.pc).toBe(WTRAP);
      // back in the caller's window: the callee's a2 is its a6
      expectRegs(r, { a6: 12n, windowbase: 0n, windowstart: 1n, a1: 0x20000100n, a4: 0x7f000000n });
      expect(r.instructions).toBe(9);
    }
  });

  it('CALL4 and CALL12 rotate the window by 1 and 3', async () => {
    const code = WIN_CALL4_12;
    for (const core of CORES) {
      const r = await runCode(core, code, { maxSteps: 100, trapBase: WTRAP });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, { a6: 106n, windowbase: 0n, windowstart: 1n });
    }
  });

  // sum(n): entry a1,32; beqz.n a2,.z; addi a10,a2,-1; call8 sum; add.n a2,a2,a10; retw.n; .z: retw.n
  const sum = insns(entry(1, 32), beqzN(2, 8), addi(10, 2, -1), callN(2, 0x1008, 0x1000), addN(2, 2, 10), RETW_N, RETW_N);

  it('deep recursion overflows the register file: frames spill to the stack and come back', async () => {
    for (const [core, nareg] of [
      ['xtensa-dc233c', 32],
      ['xtensa-lx7', 64],
    ] as const) {
      const r = await runCode(core, sum, { regs: { a6: 20 }, ramSize: 1024, maxSteps: 10000, trapBase: WTRAP });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, { a6: 210n, windowbase: 0n, windowstart: 1n });
      // _WindowOverflow4 spilled the caller frame's a0-a3 below the first callee's sp
      // (0x20000400 - 32): its a1 is the stack top.
      expect(ramWord(r, 1024 - 44)).toBe(0x20000400);
      // _WindowOverflow8 spilled the first sum frame's a0-a3 below its callee's sp: a0 is
      // the return to the trap with the CALL4 increment in its top bits, a1 its own sp.
      expect(ramWord(r, 1024 - 80)).toBe(0x7f000000);
      expect(ramWord(r, 1024 - 76)).toBe(0x200003e0);
      // 20 frames of entry, beqz.n, addi, call8, add.n, retw.n and one of entry, beqz.n,
      // retw.n; the handlers: _WindowOverflow4 and _WindowUnderflow4 (5 each) for the caller
      // frame, _WindowOverflow8 (10) and _WindowUnderflow8 (11) for each sum frame the file
      // cannot hold: a CALL8 frame takes 2 of its nareg / 4 positions.
      const spilled = 21 - nareg / 8;
      expect(r.instructions).toBe(20 * 6 + 3 + 10 + spilled * 21);
    }
  });

  it("leaves the stack as QEMU's dc233c does with Zephyr's window handlers", async () => {
    // fixtures/xtensa-window/window.s: the same sum at 0x60310000, called by CALL4 from
    // 0x60301033 with a1 = 0x60200400 and a0, a2, a3 zero; what QEMU left in the 1 KiB below.
    const r = await runCode('xtensa-dc233c', sum, {
      codeBase: 0x60310000n,
      ramBase: 0x60200000n,
      ramSize: 1024,
      regs: { a6: 20 },
      trapBase: 0x60301036n,
      maxSteps: 10000,
    });
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a6: 210n });
    expect(stackWords(r)).toBe(QEMU_WINDOW_STACK);
    if (haveWindowTools()) expect(stackWords(qemuWindowRun())).toBe(QEMU_WINDOW_STACK);
  });

  it('CALL12 recursion: _WindowOverflow12 and _WindowUnderflow12', async () => {
    for (const core of CORES) {
      const r = await runCode(core, WIN_SUM12, { regs: { a6: 3 }, trapBase: WTRAP });
      expect(r.stop).toBe(RETURNED);
      expectRegs(r, { a6: 6n, windowbase: 0n, windowstart: 1n });
    }
  });

  it('a CALL8 into the image passes a10-a15 as the callee a2-a7; PS.CALLINC is 2', async () => {
    const code = insns(entry(1, 32), movi(10, 11), movi(11, 22), movi(12, 33), movi(13, 44), movi(14, 55), movi(15, 66), callxN(2, 8));
    for (const core of CORES) {
      // the callee's a8 is the caller window's a12
      const r = await runCode(core, code, { regs: { a12: 0xf0000008 } });
      expect(r.stop).toBe(RETURNED);
      expect(r.pc).toBe(0xf0000008n);
      expect(r.args).toEqual([11n, 22n, 33n, 44n, 55n, 66n]);
      expect((r.regs.ps! >> 16n) & 3n).toBe(2n);
      expectRegs(r, { windowbase: 1n, windowstart: 3n });
    }
  });

  it('a host function returns into the CALL8 caller: a10 (the callee a2), PC from a8', async () => {
    const code = insns(
      entry(1, 32), // 0x1000
      movi(10, 5), // 0x1003
      callxN(2, 8), // 0x1006 callx8 a8: the host function
      movN(2, 10), // 0x1009
      RETW_N, // 0x100b
    );
    for (const core of CORES) {
      const r = await runCode(core, code, { regs: { a12: WTRAP + 8n }, trapBase: WTRAP, hostReturnAdd: 0x100 });
      expect(r.stop).toBe(RETURNED);
      expect(r.pc).toBe(WTRAP);
      expectRegs(r, { a6: 0x105n, windowbase: 0n, windowstart: 1n });
      expect(r.instructions).toBe(5);
    }
  });

  it('a host function returns into the CALLX0 caller: a2, PC from a0', async () => {
    // or a7,a0,a0; movi a2,5; callx0 a8; addi a2,a2,1; or a0,a7,a7; ret
    const code = insns(rrr(2, 0, 7, 0, 0), movi(2, 5), callxN(0, 8), addi(2, 2, 1), rrr(2, 0, 0, 7, 7), 0x000080);
    const r = await runCode('xtensa-dc233c', code, { regs: { a8: 0xf0000008 }, hostReturnAdd: 0x100 });
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a2: 0x106n });
  });

  it('a CALLX0 into the image passes a2-a7', async () => {
    const code = insns(movi(2, 1), movi(3, 2), movi(4, 3), movi(5, 4), movi(6, 5), movi(7, 6), callxN(0, 8));
    const r = await runCode('xtensa-dc233c', code, { regs: { a8: 0xf0000008 } });
    expect(r.pc).toBe(0xf0000008n);
    expect(r.args).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expectRegs(r, { a0: 0x1015n });
  });

  it('RETW with no window increment in a0 is an illegal instruction', async () => {
    const r = await runCode('xtensa-dc233c', insns(RETW), { trapBase: WTRAP });
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.pc).toBe(0x1000n);
  });
});

describe('Xtensa undefined encodings', () => {
  it('ILL, ILL.N, BREAK, SYSCALL, MAC16 and floating point raise IllegalInstruction', async () => {
    // ill; ill.n; break 1,2; syscall; mul.aa.ll a2,a3 (MAC16, op0 4); lsi f0,a2,0 (op0 3)
    for (const [code, insn] of [
      ['000000', 0],
      ['6df0', 0xf06d],
      ['204100', 0x4120],
      ['005000', 0x5000],
      ['342074', 0x742034],
      ['030200', 0x0203],
    ] as const) {
      for (const core of CORES) {
        const r = await runCode(core, hex(code));
        expect(r.fault).toBe(FAULT_UNDEF);
        expect(r.faultInsn).toBe(insn);
        expect(r.pc).toBe(0x1000n);
        expect(r.instructions).toBe(0);
      }
    }
  });
});

describe('Xtensa arguments as the host side reads them', () => {
  it('varargs: a2-a7 then the stack; a 64-bit value takes an even word and is not split', async () => {
    const ram = new Uint8Array(64);
    const dv = new DataView(ram.buffer);
    for (let i = 0; i < 8; i++) dv.setUint32(0x20 + i * 4, 0x100 + i, true);
    const got = await readArgs('xtensa-dc233c', 'varargs:1', ['32', '64', '32', '64', '32'], {
      ram,
      regs: { a2: 0xa2, a3: 0xa3, a4: 0xa4, a5: 0xa5, a6: 0xa6, a7: 0xa7, a1: 0x20000020 },
    });
    expect(got).toEqual(['0xa3', '0xa5000000a4', '0xa6', '0x10100000100', '0x102']);
  });

  it('va_list {__va_stk, __va_reg, __va_ndx}: registers up to 24 bytes, then __va_stk + 32', async () => {
    const ram = new Uint8Array(128);
    const dv = new DataView(ram.buffer);
    dv.setUint32(0, 0x20000020, true); // __va_stk: the first stack argument at +32
    dv.setUint32(4, 0x20000010, true); // __va_reg
    dv.setUint32(8, 4, true); // __va_ndx: after the format
    for (let i = 0; i < 6; i++) dv.setUint32(0x10 + i * 4, 0x10 + i, true);
    for (let i = 0; i < 4; i++) dv.setUint32(0x40 + i * 4, 0x20 + i, true);
    const got = await readArgs('xtensa-lx7', 'valist:0x20000000', ['32', '64', '32', '64', '32'], { ram });
    expect(got).toEqual(['0x11', '0x1300000012', '0x14', '0x2100000020', '0x22']);
  });
});

// ---- end to end: the Xtensa samples on qemu_xtensa ----

async function runSample(path: string, board = 'qemu_xtensa') {
  const bytes = new Uint8Array(readFileSync(new URL(`../../public/samples/${path}`, import.meta.url)));
  const s = await prepareSession({
    board,
    files: [{ name: 'ext.llext', bytes }],
    actions: [
      { kind: 'load', name: 'ext', file: 0 },
      { kind: 'call', name: 'ext', fn: 'test_entry' },
      { kind: 'call', name: 'ext', fn: 'test_entry' },
    ],
  });
  return (await simulate({ files: s.files, config: s.config })).document;
}

const DATA_MIX = 'add -> 5\nsub -> -20\ncalls made: 7, scratch at ';

describe('Xtensa samples through the engine', () => {
  it('data_mix-lx106-longcalls prints what data_mix.c says and returns 5 + -20', async () => {
    const doc = await runSample('data_mix/data_mix.lx106-longcalls.llext');
    expect(doc.calls).toHaveLength(2);
    const [c1, c2] = doc.calls;
    expect(c1!.fault).toBeNull();
    expect(c1!.console.startsWith(DATA_MIX)).toBe(true);
    expect(c1!.ret).toBe('0xfffffff1');
    // calls_made stays in .data between the calls
    expect(c2!.console).toContain('calls made: 9, ');
  });

  it('data_mix-lx106-pic and hello_world-lx106-pic call printk through the PLT', async () => {
    const d = await runSample('data_mix/data_mix.lx106-pic.llext');
    expect(d.calls[0]!.console.startsWith(DATA_MIX)).toBe(true);
    expect(d.calls[0]!.ret).toBe('0xfffffff1');
    const h = await runSample('hello_world/hello_world.lx106-pic.llext');
    expect(h.calls[0]!.console).toMatch(/^hello world\nA number is 42 \(at 0x[0-9a-f]+\)\n$/);
    expect(h.calls[0]!.fault).toBeNull();
  });

  it('data_mix-lx106 without long calls: the CALL0 to printk lands in the ELF buffer and faults', async () => {
    const doc = await runSample('data_mix/data_mix.lx106.llext');
    expect(doc.ok).toBe(true);
    const call = doc.relocations.filter((r) => r.typeName === 'R_XTENSA_SLOT0_OP' && r.quirk !== null);
    expect(call).toHaveLength(2);
    // The halted system runs no second call.
    expect(doc.calls).toHaveLength(1);
    const c = doc.calls[0]!;
    expect(c.console).toBe('');
    // Zephyr's target 0 is 0x6010009d + 4 - 0xffa88 away; CALL0 keeps 18 bits of it, which
    // reach the ELF buffer's start, where the ELF header's 0x7f is no instruction.
    expect(c.fault).toMatchObject({ kind: 'undefined-instruction', pc: '0x60100000' });
    expect(c.fault!.text.split('\n').slice(0, 5)).toEqual([
      '<err> os:  ** FATAL EXCEPTION',
      '<err> os:  ** CPU 0 EXCCAUSE 0 (illegal instruction)',
      '<err> os:  **  PC 0x60100000 VADDR (nil)',
      '<err> os:  **  PS 0x40020',
      '<err> os:  **    (INTLEVEL:0 EXCM: 0 UM:1 RING:0 WOE:1 OWB:0 CALLINC:0)',
    ]);
    expect(c.fault!.text).toContain('<err> os:  **  A0 0x601000a0  SP 0x600fefe0  A2 ');
    expect(c.fault!.text).toContain(
      '<err> os:  ** LBEG (nil) LEND (nil) LCOUNT (nil)\n<err> os:  ** SAR (nil)\n<err> os:  **  THREADPTR (nil)\n',
    );
    expect(c.fault!.text).toContain('<err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n');
  });

  it('on esp32s3_devkitc the truncated CALL0 leaves IRAM: InstFetchProhibited', async () => {
    const doc = await runSample('data_mix/data_mix.lx106.llext', 'esp32s3_devkitc');
    const c = doc.calls[0]!;
    expect(c.fault).toMatchObject({ kind: 'fetch-unmapped', pc: '0x40400000', addr: '0x40400000' });
    expect(c.fault!.text.split('\n').slice(1, 3)).toEqual([
      '<err> os:  ** CPU 0 EXCCAUSE 20 (inst fetch prohibited)',
      '<err> os:  **  PC 0x40400000 VADDR 0x40400000',
    ]);
    const ok = await runSample('data_mix/data_mix.lx106-longcalls.llext', 'esp32s3_devkitc');
    expect(ok.calls[0]!.console.startsWith(DATA_MIX)).toBe(true);
  });
});

/** emu_work() of bench/gen/emu/emu_work.c, in JavaScript. */
function emuWork(rounds: number): number {
  const buf = new Uint8Array(256);
  const table = new Uint32Array(16);
  let crc = 0xffffffff;
  let acc = 1;
  for (let i = 0; i < 256; i++) buf[i] = (i * 7 + 3) & 0xff;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 256; i++) {
      crc = (crc ^ buf[i]!) >>> 0;
      for (let k = 0; k < 8; k++) crc = ((crc >>> 1) ^ (0xedb88320 & -(crc & 1))) >>> 0;
    }
    table[r & 15] = (table[r & 15]! + crc) >>> 0;
    acc = (Math.imul(acc, 1664525) + table[(r + 3) & 15]!) >>> 0;
  }
  return (~crc ^ acc) >>> 0;
}

describe('Xtensa: a gcc-built workload', () => {
  it('emu_work() (xtensa-lx106-elf-gcc -O2 -mlongcalls) computes what the C says, on both cores', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/objects/emu-work.lx106.llext', import.meta.url)));
    for (const board of ['qemu_xtensa', 'esp32s3_devkitc']) {
      const s = await prepareSession({
        board,
        files: [{ name: 'emu.llext', bytes }],
        actions: [
          { kind: 'load', name: 'emu', file: 0 },
          { kind: 'call', name: 'emu', fn: 'emu_work', args: [5n] },
        ],
      });
      const doc = (await simulate({ files: s.files, config: s.config })).document;
      const c = doc.calls[0]!;
      expect(c.fault).toBeNull();
      expect(c.ret).toBe('0x' + emuWork(5).toString(16).padStart(8, '0'));
    }
  });
});

// ---- against QEMU's dc233c ----

/** The test programs run again on qemu-system-xtensa -M sim -cpu dc233c through
 * fixtures/xtensa-qemu/run.s, at the same addresses as the emulated run. */
interface QemuCase {
  name: string;
  code: Uint8Array;
  regs?: Record<string, number>;
  windowed?: boolean;
  /** Where the program starts, from its first byte. */
  start?: number;
}

const RAM = 0x60200000;
const QEMU_CASES: QemuCase[] = [
  { name: 'ALU', code: hex(CALL0.alu) },
  { name: 'logic and narrow', code: hex(CALL0.logicNarrow) },
  { name: 'MIN/MAX, SEXT, CLAMPS, NSA', code: MINMAX, regs: { a2: 0xfffffff0, a3: 0x1c0 } },
  { name: 'MOVEQZ..MOVGEZ', code: hex(CALL0.movz) },
  { name: 'shifts', code: hex(CALL0.shifts), regs: { a2: 0x80000081 } },
  { name: 'SAR, RSIL, syncs', code: hex(CALL0.sar) },
  { name: 'MUL16', code: hex(CALL0.mul16), regs: { a2: 0xfffffffd, a3: 0x70001 } },
  { name: 'QUOU..REMS, divide by zero', code: DIVIDE, regs: { a2: 0xfffffff9, a3: 2 } },
  { name: 'MULUH (no MUL32_HIGH)', code: MULH, regs: { a2: 0xfffffff9, a3: 2 } },
  { name: 'loads and stores', code: hex(CALL0.loadStore), regs: { a3: RAM } },
  { name: 'L32R', code: new Uint8Array([0x78, 0x56, 0x34, 0x12, ...insns((0xffff << 8) | 0x21, 0x000080)]), start: 4 },
  { name: 'unaligned L32I', code: hex('422300800000'), regs: { a3: RAM + 2 } },
  { name: 'unaligned S16I', code: hex('425300800000'), regs: { a3: RAM + 5 } },
  { name: 'branches on immediates', code: hex(CALL0.branchImm) },
  { name: 'branches on registers', code: hex(CALL0.branchReg), regs: { a2: 0x80000009, a3: 9, a4: 3 } },
  { name: 'LOOP, LOOPNEZ, LOOPGTZ', code: LOOPS, regs: { a5: 0xffffffff } },
  { name: 'CALL8 and RETW', code: WIN_SIMPLE, windowed: true },
  { name: 'CALL4 and CALL12', code: WIN_CALL4_12, windowed: true },
  { name: 'CALL12 recursion that overflows the window', code: WIN_SUM12, windowed: true, regs: { a6: 3 } },
  { name: 'S32C1I', code: S32C1I, regs: { a3: RAM, a4: 7 } },
  // movi a3,0x680; slli a3,a3,20; then jx a3 / l32i a4,a3,0 / s32i a4,a3,0: 0x68000000 is
  // past the sim machine's 128 MiB of RAM, and past the emulated run's memory
  { name: 'a jump to no memory', code: hex('32a680c03301a00300') },
  { name: 'a load from no memory', code: hex('32a680c03301422300800000') },
  { name: 'a store to no memory', code: hex('32a680c03301426300800000') },
  { name: 'ILL', code: hex('000000') },
  { name: 'ILL.N', code: hex('6df0') },
  { name: 'a floating-point load', code: hex('030200') },
];

const QEMU_DIR = fileURLToPath(new URL('./fixtures/xtensa-qemu/', import.meta.url));
const PROG = 0x60310000;
const PROG_RETURN = 0x6030106c;
const DUMP_REGS = [...Array.from({ length: 16 }, (_, i) => `a${i}`), 'sar', 'lbeg', 'lend', 'lcount'];

interface Outcome {
  regs?: Record<string, string>;
  ram?: string;
  fault?: { cause: number; pc: string };
}

function qemuOutcome(c: QemuCase): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'xtensa-qemu-'));
  try {
    for (const f of ['run.s', 'run.ld', 'window-vectors.inc']) writeFileSync(join(dir, f), readFileSync(join(QEMU_DIR, f)));
    writeFileSync(join(dir, 'prog.inc'), `\t.byte ${Array.from(c.code, (b) => `0x${b.toString(16)}`).join(', ')}\n`);
    const presets = Array.from({ length: 14 }, (_, i) => (i === 13 ? PROG + (c.start ?? 0) : (c.regs?.[`a${i + 2}`] ?? 0)));
    writeFileSync(join(dir, 'presets.inc'), `\t.word ${presets.map((v) => `0x${(v >>> 0).toString(16)}`).join(', ')}\n`);
    const run = (cmd: string, args: string[]): Buffer => {
      const r = spawnSync(cmd, args, { cwd: dir, timeout: 20000 });
      if (r.error || r.status === null) throw new Error(`${cmd} failed: ${r.error?.message ?? r.signal}`);
      if (cmd !== 'qemu-system-xtensa' && r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString()}`);
      return r.stdout;
    };
    run('xtensa-lx106-elf-as', ['--no-transform', ...(c.windowed ? ['--defsym', 'PROG_WINDOWED=1'] : []), 'run.s', '-o', 'run.o']);
    run('xtensa-lx106-elf-ld', ['-T', 'run.ld', 'run.o', '-o', 'run.elf']);
    const out = run('qemu-system-xtensa', [
      ...['-M', 'sim', '-cpu', 'dc233c', '-serial', 'stdio', '-nographic', '-monitor', 'none'],
      ...['-semihosting-config', 'enable=on,target=native', '-kernel', 'run.elf'],
    ]);
    const word = (i: number): number => out.readUInt32LE(i * 4);
    const magic = out.subarray(0, 4).toString('latin1');
    if (magic === 'XTFL') return { fault: { cause: word(1), pc: `0x${word(2).toString(16)}` } };
    expect(magic).toBe('XTOK');
    const regs: Record<string, string> = {};
    DUMP_REGS.forEach((n, i) => (regs[n] = `0x${word(i + 1).toString(16)}`));
    return { regs, ram: out.subarray(84, 84 + 256).toString('hex') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The EXCCAUSE the core raises for the engine's fault kinds; for memory nothing answers at,
 * QEMU's PIF address errors, as cpu/fatal.ts prints them for the dc233c. */
const EXCCAUSE_OF: Record<number, number> = {
  [FAULT_UNDEF]: 0,
  [FAULT_UNALIGNED]: 9,
  [FAULT_DIV_ZERO]: 6,
  [FAULT_FETCH_UNMAPPED]: 14,
  [FAULT_READ_UNMAPPED]: 15,
  [FAULT_WRITE_UNMAPPED]: 15,
};

async function emulatedOutcome(c: QemuCase): Promise<Outcome> {
  const r = await runCode('xtensa-dc233c', c.code, {
    codeBase: BigInt(PROG),
    ramBase: BigInt(RAM),
    ramSize: 256,
    trapBase: BigInt(PROG_RETURN),
    regs: { ...c.regs, a15: PROG + (c.start ?? 0), ...(c.start !== undefined ? { pc: PROG + c.start } : {}) },
  });
  const kind = r.fault !== 0 ? r.fault : r.stop > 0 ? r.stop : 0;
  if (kind !== 0) return { fault: { cause: EXCCAUSE_OF[kind] ?? -1, pc: `0x${r.pc.toString(16)}` } };
  expect(r.stop).toBe(RETURNED);
  const regs: Record<string, string> = {};
  for (const n of DUMP_REGS) regs[n] = `0x${r.regs[n]!.toString(16)}`;
  return { regs, ram: Buffer.from(r.ram).toString('hex') };
}

const haveQemuXtensa = ['xtensa-lx106-elf-as', 'xtensa-lx106-elf-ld', 'qemu-system-xtensa'].every(
  (t) => spawnSync('which', [t]).status === 0,
);

describe.skipIf(!haveQemuXtensa)("Xtensa: the emulated dc233c against QEMU's", () => {
  for (const c of QEMU_CASES) {
    it(`${c.name}: the same registers, memory or exception`, async () => {
      expect(await emulatedOutcome(c)).toEqual(qemuOutcome(c));
    });
  }
});
