// The ARMv7-M / ARMv8-M Mainline core (wasm-core/assembly/cpu/thumb.ts), one describe per
// instruction group. Every code sequence was assembled with arm-none-eabi-as
// (-mcpu=cortex-m4 -mthumb, with -mfpu=fpv4-sp-d16 -mfloat-abi=hard for the FPU groups) and
// read back as halfwords; the source is in the comment above each. Runs start at 0x1000 with
// the Thumb bit set, the stack at the top of 256 bytes of RAM at 0x20000000; `bx lr` returns
// to the harness (stop -1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { halfwords, readArgs, runCode, type CpuRunOptions, type CpuRunResult } from './cpu-harness.js';
import { configText } from './sim-harness.js';
import { simulate } from '../src/engine.js';

const FAULT_UNDEF = 3;
const FAULT_UNALIGNED = 4;
const FAULT_READ_UNMAPPED = 5;
const FAULT_WRITE_READONLY = 7;
const FAULT_DIV_ZERO = 11;
const RAM = 0x20000000;

function run(code: number[], regs: Record<string, number> = {}, core = 'cortex-m4f', o: CpuRunOptions = {}): Promise<CpuRunResult> {
  return runCode(core, halfwords(...code), { ...o, regs: { pc: 0x1001, ...regs, ...o.regs } });
}
/** Register `name` as an unsigned 32-bit number. */
const reg = (r: CpuRunResult, name: string): number => Number(r.regs[name] & 0xffffffffn);
/** The N, Z, C, V flags as one nibble (N = 8). */
const nzcv = (r: CpuRunResult): number => Number(r.regs.xpsr >> 28n) & 15;
/** The bits of a single-precision float. */
function f32(x: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x, true);
  return v.getUint32(0, true);
}
/** The 32-bit word at `addr` in the run's RAM. */
function word(r: CpuRunResult, addr: number): number {
  const o = addr - RAM;
  return (r.ram[o] | (r.ram[o + 1] << 8) | (r.ram[o + 2] << 16) | (r.ram[o + 3] << 24)) >>> 0;
}
function returned(r: CpuRunResult): void {
  expect(r.fault).toBe(0);
  expect(r.faultNote).toBe('');
  expect(r.stop).toBe(-1);
}
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

describe('flags', () => {
  it('SUBS borrows: N set, C clear', async () => {
    // movs r0, #0
    // subs r0, #1
    // bx lr
    const r = await run([0x2000, 0x3801, 0x4770], {});
    returned(r);
    expect(reg(r, 'r0')).toBe(0xffffffff);
    expect(nzcv(r)).toBe(0b1000);
    expect(r.instructions).toBe(3);
  });
  it('CMP equal sets Z and C', async () => {
    // movs r0, #1
    // cmp r0, #1
    // bx lr
    const r = await run([0x2001, 0x2801, 0x4770], {});
    expect(nzcv(r)).toBe(0b0110);
  });
  it('ADDS signed overflow sets N and V', async () => {
    // movw r0, #0xffff
    // movt r0, #0x7fff
    // adds r0, #1
    // bx lr
    const r = await run([0xf64f, 0x70ff, 0xf6c7, 0x70ff, 0x3001, 0x4770], {});
    expect(reg(r, 'r0')).toBe(0x80000000);
    expect(nzcv(r)).toBe(0b1001);
  });
  it('ADDS/ADCS add 64-bit values', async () => {
    // adds r0, r0, r2
    // adcs r1, r3
    // bx lr
    const r = await run([0x1880, 0x4159, 0x4770], { r0: 0xffffffff, r1: 1, r2: 1, r3: 0 });
    expect(reg(r, 'r0')).toBe(0);
    expect(reg(r, 'r1')).toBe(2);
    expect(nzcv(r)).toBe(0b0000);
  });
  it('SUBS/SBCS subtract 64-bit values with a borrow', async () => {
    // subs r0, r0, r2
    // sbcs r1, r3
    // bx lr
    const r = await run([0x1a80, 0x4199, 0x4770], { r0: 0, r1: 2, r2: 1, r3: 1 });
    expect(reg(r, 'r0')).toBe(0xffffffff);
    expect(reg(r, 'r1')).toBe(0);
    expect(nzcv(r)).toBe(0b0110);
  });
  it('NEGS, TST, CMN, MVNS', async () => {
    // negs r0, r1
    // tst r1, r2
    // mvns r3, r1
    // cmn r1, r4
    // bx lr
    const r = await run([0x4248, 0x4211, 0x43cb, 0x42e1, 0x4770], { r1: 5, r2: 2, r4: 0xfffffffb });
    expect(reg(r, 'r0')).toBe(0xfffffffb);
    expect(reg(r, 'r3')).toBe(0xfffffffa);
    // cmn 5 + 0xfffffffb = 0 with a carry
    expect(nzcv(r)).toBe(0b0110);
  });
  it('MULS, ANDS, ORRS, EORS, BICS set N and Z only', async () => {
    // cmp r0, r0
    // muls r1, r2
    // ands r3, r2
    // orrs r4, r2
    // eors r5, r5
    // bics r6, r6
    // bx lr
    const r = await run([0x4280, 0x4351, 0x4013, 0x4314, 0x406d, 0x43b6, 0x4770], { r1: 7, r2: 3, r3: 15, r4: 0x80000000, r5: 9, r6: 4 });
    expect(reg(r, 'r1')).toBe(21);
    expect(reg(r, 'r3')).toBe(3);
    expect(reg(r, 'r4')).toBe(0x80000003);
    expect(reg(r, 'r5')).toBe(0);
    // Z from the last BICS, C still set by the CMP
    expect(nzcv(r)).toBe(0b0110);
  });
  it('ANDS.W with a rotated immediate takes C from the immediate', async () => {
    // ands r0, r1, #0xff000000
    // bx lr
    const r = await run([0xf011, 0x407f, 0x4770], { r1: 0x12345678 });
    expect(reg(r, 'r0')).toBe(0x12000000);
    expect(nzcv(r)).toBe(0b0010);
  });
  it('wide ADDS, SUBS, RSB, CMP.W, TEQ', async () => {
    // adds.w r0, r1, #0x100
    // subs.w r2, r1, r1
    // rsb r3, r1, #0
    // teq r1, r1
    // cmp.w r1, #0x400
    // bx lr
    const r = await run([0xf511, 0x7080, 0xebb1, 0x0201, 0xf1c1, 0x0300, 0xea91, 0x0f01, 0xf5b1, 0x6f80, 0x4770], { r1: 768 });
    expect(reg(r, 'r0')).toBe(0x400);
    expect(reg(r, 'r2')).toBe(0);
    expect(reg(r, 'r3')).toBe(0xfffffd00);
    // cmp 0x300, 0x400: negative, borrow
    expect(nzcv(r)).toBe(0b1000);
  });
  it('ADC.W, SBC.W and ORN, ORR with shifted operands', async () => {
    // cmp r0, r0
    // adc r2, r0, r1
    // sbc r3, r0, r1
    // orn r4, r0, r1
    // orr r5, r0, r1, lsl #4
    // bx lr
    const r = await run([0x4280, 0xeb40, 0x0201, 0xeb60, 0x0301, 0xea60, 0x0401, 0xea40, 0x1501, 0x4770], { r0: 256, r1: 5 });
    expect(reg(r, 'r2')).toBe(0x106);
    expect(reg(r, 'r3')).toBe(0xfb);
    expect(reg(r, 'r4')).toBe(0xfffffffa);
    expect(reg(r, 'r5')).toBe(0x150);
  });
});

describe('IT blocks', () => {
  it('ITE EQ takes the then branch', async () => {
    // cmp r0, #5
    // ite eq
    // moveq r1, #1
    // movne r1, #2
    // bx lr
    const r = await run([0x2805, 0xbf0c, 0x2101, 0x2102, 0x4770], { r0: 5 });
    returned(r);
    expect(reg(r, 'r1')).toBe(1);
    expect(r.instructions).toBe(5);
  });
  it('ITE EQ takes the else branch', async () => {
    // cmp r0, #5
    // ite eq
    // moveq r1, #1
    // movne r1, #2
    // bx lr
    const r = await run([0x2805, 0xbf0c, 0x2101, 0x2102, 0x4770], { r0: 4 });
    expect(reg(r, 'r1')).toBe(2);
  });
  it('16-bit instructions inside an IT block leave the flags alone', async () => {
    // movs r0, #0
    // itt eq
    // addeq r0, #1
    // subeq r0, #1
    // bx lr
    const r = await run([0x2000, 0xbf04, 0x3001, 0x3801, 0x4770], {});
    expect(reg(r, 'r0')).toBe(0);
    // Z from MOVS survives: inside the block ADD and SUB do not set flags
    expect(nzcv(r)).toBe(0b0100);
  });
  it('ITETE GT alternates over four instructions', async () => {
    // cmp r0, r1
    // itete gt
    // movgt r2, #1
    // movle r3, #1
    // addgt r2, #2
    // addle r3, #2
    // bx lr
    const r = await run([0x4288, 0xbfcb, 0x2201, 0x2301, 0x3202, 0x3302, 0x4770], { r0: 3, r1: 2 });
    expect(reg(r, 'r2')).toBe(3);
    expect(reg(r, 'r3')).toBe(0);
  });
  it('ITTEE LT with the condition false', async () => {
    // cmp r0, r1
    // ittee lt
    // movlt r2, #1
    // movlt r3, #1
    // movge r4, #1
    // movge r5, #1
    // bx lr
    const r = await run([0x4288, 0xbfb9, 0x2201, 0x2301, 0x2401, 0x2501, 0x4770], { r0: 3, r1: 2 });
    expect([reg(r, 'r2'), reg(r, 'r3'), reg(r, 'r4'), reg(r, 'r5')]).toEqual([0, 0, 1, 1]);
  });
  it('IT with a 32-bit instruction and a load', async () => {
    // cmp r0, #0
    // itt ne
    // movne.w r1, #0x100
    // ldrne r2, [r3]
    // bx lr
    const r = await run([0x2800, 0xbf1c, 0xf44f, 0x7180, 0x681a, 0x4770], { r0: 1, r3: 0x20000000 });
    expect(reg(r, 'r1')).toBe(0x100);
    expect(reg(r, 'r2')).toBe(0);
  });
  it('a false load in an IT block does not access memory', async () => {
    // cmp r0, #0
    // it ne
    // ldrne r2, [r3]
    // bx lr
    const r = await run([0x2800, 0xbf18, 0x681a, 0x4770], { r0: 0, r2: 7, r3: 0x30000000 });
    returned(r);
    expect(reg(r, 'r2')).toBe(7);
  });
  it('a conditional branch last in an IT block', async () => {
    // cmp r0, #0
    // it eq
    // beq.w 1f
    // movs r1, #1
    // 1: bx lr
    const r = await run([0x2800, 0xbf08, 0xf000, 0xb801, 0x2101, 0x4770], { r0: 0 });
    expect(reg(r, 'r1')).toBe(0);
    expect(r.instructions).toBe(4);
  });
});

describe('shifts and carry', () => {
  it('LSLS out of bit 31', async () => {
    // lsls r0, r1, #1
    // bx lr
    const r = await run([0x0048, 0x4770], { r1: 0x80000001 });
    expect(reg(r, 'r0')).toBe(2);
    expect(nzcv(r)).toBe(0b0010);
  });
  it('LSRS #32 leaves zero and carries bit 31', async () => {
    // lsrs r0, r1, #32
    // bx lr
    const r = await run([0x0808, 0x4770], { r1: 0x80000000 });
    expect(reg(r, 'r0')).toBe(0);
    expect(nzcv(r)).toBe(0b0110);
  });
  it('ASRS keeps the sign', async () => {
    // asrs r0, r1, #4
    // bx lr
    const r = await run([0x1108, 0x4770], { r1: 0x80000010 });
    expect(reg(r, 'r0')).toBe(0xf8000001);
    expect(nzcv(r)).toBe(0b1000);
  });
  it('RORS, LSLS by register, LSRS by 32 and more', async () => {
    // rors r0, r2
    // lsls r3, r4
    // lsrs r5, r6
    // bx lr
    const r = await run([0x41d0, 0x40a3, 0x40f5, 0x4770], { r0: 0xf1, r2: 4, r3: 3, r4: 32, r5: 0xffffffff, r6: 33 });
    expect(reg(r, 'r0')).toBe(0x1000000f);
    expect(reg(r, 'r3')).toBe(0);
    expect(reg(r, 'r5')).toBe(0);
    // LSRS by 33: result 0, carry 0
    expect(nzcv(r)).toBe(0b0100);
  });
  it('LSLS by 32 carries bit 0', async () => {
    // lsls r3, r4
    // bx lr
    const r = await run([0x40a3, 0x4770], { r3: 3, r4: 32 });
    expect(reg(r, 'r3')).toBe(0);
    expect(nzcv(r)).toBe(0b0110);
  });
  it('RRXS shifts the carry in', async () => {
    // cmp r2, r2
    // rrxs r0, r1
    // bx lr
    const r = await run([0x4292, 0xea5f, 0x0031, 0x4770], { r1: 2 });
    expect(reg(r, 'r0')).toBe(0x80000001);
    expect(nzcv(r)).toBe(0b1000);
  });
  it('shifted register operands and register-controlled wide shifts', async () => {
    // add.w r0, r1, r2, lsl #3
    // sub.w r3, r1, r2, asr #1
    // mov.w r4, r1, ror #8
    // lsl.w r5, r1, r6
    // asr.w r7, r8, r6
    // ror.w r9, r1, r10
    // bx lr
    const r = await run([0xeb01, 0x00c2, 0xeba1, 0x0362, 0xea4f, 0x2431, 0xfa01, 0xf506, 0xfa48, 0xf706, 0xfa61, 0xf90a, 0x4770], {
      r1: 0x12345678,
      r2: 4,
      r6: 40,
      r8: 0x80000000,
      r10: 36,
    });
    expect(reg(r, 'r0')).toBe(0x12345678 + 0x20);
    expect(reg(r, 'r3')).toBe(0x12345678 - 2);
    expect(reg(r, 'r4')).toBe(0x78123456);
    expect(reg(r, 'r5')).toBe(0);
    expect(reg(r, 'r7')).toBe(0xffffffff);
    expect(reg(r, 'r9')).toBe(0x81234567);
  });
});

describe('multiply and divide', () => {
  it('MUL, MLA, MLS', async () => {
    // mul r0, r1, r2
    // mla r3, r1, r2, r4
    // mls r5, r1, r2, r4
    // bx lr
    const r = await run([0xfb01, 0xf002, 0xfb01, 0x4302, 0xfb01, 0x4512, 0x4770], { r1: 6, r2: 7, r4: 100 });
    expect(reg(r, 'r0')).toBe(42);
    expect(reg(r, 'r3')).toBe(142);
    expect(reg(r, 'r5')).toBe(58);
  });
  it('SMULL and UMULL', async () => {
    // smull r0, r1, r2, r3
    // umull r4, r5, r6, r6
    // bx lr
    const r = await run([0xfb82, 0x0103, 0xfba6, 0x4506, 0x4770], { r2: 0xfffffffe, r3: 3, r6: 0xffffffff });
    expect(reg(r, 'r0')).toBe(0xfffffffa);
    expect(reg(r, 'r1')).toBe(0xffffffff);
    expect(reg(r, 'r4')).toBe(1);
    expect(reg(r, 'r5')).toBe(0xfffffffe);
  });
  it('SMLAL and UMLAL accumulate into 64 bits', async () => {
    // smlal r0, r1, r2, r3
    // umlal r4, r5, r6, r7
    // bx lr
    const r = await run([0xfbc2, 0x0103, 0xfbe6, 0x4507, 0x4770], {
      r0: 0,
      r1: 1,
      r2: 0xfffffffe,
      r3: 3,
      r4: 0xffffffff,
      r5: 0,
      r6: 0x10000,
      r7: 0x10000,
    });
    // 0x1_00000000 + (-2 * 3)
    expect(reg(r, 'r0')).toBe(0xfffffffa);
    expect(reg(r, 'r1')).toBe(0);
    // 0xffffffff + 0x10000 * 0x10000
    expect(reg(r, 'r4')).toBe(0xffffffff);
    expect(reg(r, 'r5')).toBe(1);
  });
  it('SDIV rounds toward zero, UDIV is unsigned', async () => {
    // sdiv r0, r1, r2
    // udiv r3, r1, r2
    // bx lr
    const r = await run([0xfb91, 0xf0f2, 0xfbb1, 0xf3f2, 0x4770], { r1: 0xfffffff9, r2: 2 });
    expect(reg(r, 'r0')).toBe(0xfffffffd);
    expect(reg(r, 'r3')).toBe(0x7ffffffc);
  });
  it('SDIV of INT_MIN by -1 gives INT_MIN', async () => {
    // sdiv r0, r1, r2
    // bx lr
    const r = await run([0xfb91, 0xf0f2, 0x4770], { r1: 0x80000000, r2: 0xffffffff });
    returned(r);
    expect(reg(r, 'r0')).toBe(0x80000000);
  });
  it('division by zero faults (Zephyr sets CCR.DIV_0_TRP)', async () => {
    // movs r2, #0
    // udiv r0, r1, r2
    // bx lr
    const r = await run([0x2200, 0xfbb1, 0xf0f2, 0x4770], { r0: 9, r1: 5 });
    expect(r.fault).toBe(FAULT_DIV_ZERO);
    expect(r.faultNote).toBe('Division by zero');
    expect(r.pc).toBe(0x1002n);
    expect(r.instructions).toBe(1);
    expect(reg(r, 'r0')).toBe(9);
  });
});

describe('bitfields, saturation, bytes and extends', () => {
  it('UBFX, SBFX', async () => {
    // ubfx r0, r1, #4, #8
    // sbfx r2, r3, #4, #8
    // bx lr
    const r = await run([0xf3c1, 0x1007, 0xf343, 0x1207, 0x4770], { r1: 0x12345678, r3: 0xf80 });
    expect(reg(r, 'r0')).toBe(0x67);
    expect(reg(r, 'r2')).toBe(0xfffffff8);
  });
  it('BFI, BFC', async () => {
    // bfi r0, r1, #8, #4
    // bfc r2, #0, #16
    // bx lr
    const r = await run([0xf361, 0x200b, 0xf36f, 0x020f, 0x4770], { r0: 0xffffffff, r1: 0x15, r2: 0xffffffff });
    expect(reg(r, 'r0')).toBe(0xfffff5ff);
    expect(reg(r, 'r2')).toBe(0xffff0000);
  });
  it('MOVW, MOVT, ADDW, SUBW, ADR.W', async () => {
    // movw r0, #0xbeef
    // movt r0, #0xdead
    // addw r1, r0, #0xfff
    // subw r2, r0, #0x123
    // adr.w r3, 1f
    // .align 2
    // 1: bx lr
    const r = await run([0xf64b, 0x60ef, 0xf6cd, 0x60ad, 0xf600, 0x71ff, 0xf2a0, 0x1223, 0xf20f, 0x0300, 0x4770, 0xbf00], {});
    expect(reg(r, 'r0')).toBe(0xdeadbeef);
    expect(reg(r, 'r1')).toBe(0xdeadbeef + 0xfff);
    expect(reg(r, 'r2')).toBe(0xdeadbeef - 0x123);
    expect(reg(r, 'r3')).toBe(0x1014);
  });
  it('CLZ, RBIT, REV, REV16, REVSH', async () => {
    // clz r0, r1
    // rbit r2, r1
    // rev r3, r1
    // rev16 r4, r1
    // revsh r5, r1
    // bx lr
    const r = await run([0xfab1, 0xf081, 0xfa91, 0xf2a1, 0xba0b, 0xba4c, 0xbacd, 0x4770], { r1: 0x12345678 });
    expect(reg(r, 'r0')).toBe(3);
    expect(reg(r, 'r2')).toBe(0x1e6a2c48);
    expect(reg(r, 'r3')).toBe(0x78563412);
    expect(reg(r, 'r4')).toBe(0x34127856);
    expect(reg(r, 'r5')).toBe(0x7856);
  });
  it('SXTB, SXTH, UXTB, UXTH (16-bit and rotated wide forms)', async () => {
    // sxtb r0, r1
    // sxth r2, r1
    // uxtb r3, r1
    // uxth r4, r1
    // uxtb.w r5, r1, ror #8
    // sxth.w r6, r1, ror #16
    // bx lr
    const r = await run([0xb248, 0xb20a, 0xb2cb, 0xb28c, 0xfa5f, 0xf591, 0xfa0f, 0xf6a1, 0x4770], { r1: 0xf2348f80 });
    expect(reg(r, 'r0')).toBe(0xffffff80);
    expect(reg(r, 'r2')).toBe(0xffff8f80);
    expect(reg(r, 'r3')).toBe(0x80);
    expect(reg(r, 'r4')).toBe(0x8f80);
    expect(reg(r, 'r5')).toBe(0x8f);
    expect(reg(r, 'r6')).toBe(0xfffff234);
  });
  it('SXTAB, UXTAH (DSP)', async () => {
    // sxtab r0, r2, r1
    // uxtah r3, r2, r1
    // bx lr
    const r = await run([0xfa42, 0xf081, 0xfa12, 0xf381, 0x4770], { r1: 0xf2348f80, r2: 100 });
    expect(reg(r, 'r0')).toBe((100 - 128) >>> 0);
    expect(reg(r, 'r3')).toBe(100 + 0x8f80);
  });
  it('SSAT and USAT saturate and set Q', async () => {
    // ssat r0, #8, r1
    // usat r2, #8, r3
    // usat r4, #8, r1, lsl #1
    // bx lr
    const r = await run([0xf301, 0x0007, 0xf383, 0x0208, 0xf381, 0x0448, 0x4770], { r1: 300, r3: 0xfffffffb });
    expect(reg(r, 'r0')).toBe(127);
    expect(reg(r, 'r2')).toBe(0);
    expect(reg(r, 'r4')).toBe(255);
    expect(Number(r.regs.xpsr >> 27n) & 1).toBe(1);
  });
  it('SSAT within range leaves Q clear', async () => {
    // ssat r0, #16, r1, asr #4
    // bx lr
    const r = await run([0xf321, 0x100f, 0x4770], { r1: 0xffffff00 });
    expect(reg(r, 'r0')).toBe(0xfffffff0);
    expect(Number(r.regs.xpsr >> 27n) & 1).toBe(0);
  });
});

describe('DSP extension', () => {
  it('SADD16, UQADD8, SSUB8 with GE and SEL', async () => {
    // sadd16 r0, r1, r2
    // uqadd8 r3, r1, r2
    // ssub8 r4, r1, r2
    // sel r5, r1, r2
    // bx lr
    const r = await run([0xfa91, 0xf002, 0xfa81, 0xf352, 0xfac1, 0xf402, 0xfaa1, 0xf582, 0x4770], { r1: 0x007f807f, r2: 0x01ffff01 });
    // halfwords: 127 + 511, -32641 + -255
    expect(reg(r, 'r0')).toBe(0x027e7f80);
    // bytes: 0x7f+0x01, 0x80+0xff and 0x7f+0xff saturate, 0x00+0x01
    expect(reg(r, 'r3')).toBe(0x01ffff80);
    // bytes: 0x7f-0x01, 0x80-0xff (-128 - -1 = -127), 0x7f-0xff (127 - -1 = 128 -> 0x80), 0x00-0x01
    expect(reg(r, 'r4')).toBe(0xff80817e);
    // GE from SSUB8: lanes 0 and 2 were >= 0
    expect(reg(r, 'r5')).toBe(0x017fff7f);
  });
  it('SMLABB, SMULTB, SMLAD, SMMUL, SMLAL', async () => {
    // smlabb r0, r1, r2, r3
    // smultb r4, r1, r2
    // smlad r5, r1, r2, r3
    // smmul r6, r7, r7
    // bx lr
    const r = await run([0xfb11, 0x3002, 0xfb11, 0xf422, 0xfb21, 0x3502, 0xfb57, 0xf607, 0x4770], {
      r1: 0x0003fffe,
      r2: 0xfffc0005,
      r3: 1000,
      r7: 0x80000000,
    });
    expect(reg(r, 'r0')).toBe((-2 * 5 + 1000) >>> 0);
    expect(reg(r, 'r4')).toBe(3 * 5);
    expect(reg(r, 'r5')).toBe((-2 * 5 + 3 * -4 + 1000) >>> 0);
    expect(reg(r, 'r6')).toBe(0x40000000);
  });
  it('QADD saturates and sets Q', async () => {
    // qadd r0, r1, r2
    // qsub r3, r4, r1
    // bx lr
    const r = await run([0xfa82, 0xf081, 0xfa81, 0xf3a4, 0x4770], { r1: 0x7ffffff0, r2: 0x100, r4: 0x80000010 });
    expect(reg(r, 'r0')).toBe(0x7fffffff);
    expect(reg(r, 'r3')).toBe(0x80000000);
    expect(Number(r.regs.xpsr >> 27n) & 1).toBe(1);
  });
  it('Cortex-M3 has no DSP extension: SADD16 is undefined', async () => {
    // sadd16 r0, r1, r2
    // bx lr
    const r = await run([0xfa91, 0xf002, 0x4770], {}, 'cortex-m3');
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Attempt to execute undefined instruction');
    expect(r.faultInsn).toBe(0xfa91f002);
    expect(r.pc).toBe(0x1000n);
  });
});

describe('branches', () => {
  it('B, B<cond> forwards and backwards, CBZ, CBNZ', async () => {
    // movs r0, #3
    // movs r1, #0
    // 1: adds r1, #2
    // subs r0, #1
    // bne 1b
    // cbz r0, 2f
    // movs r1, #99
    // 2: cbnz r1, 3f
    // movs r1, #98
    // 3: b 4f
    // movs r1, #97
    // 4: bx lr
    const r = await run([0x2003, 0x2100, 0x3102, 0x3801, 0xd1fc, 0xb100, 0x2163, 0xb901, 0x2162, 0xe000, 0x2161, 0x4770], {});
    returned(r);
    expect(reg(r, 'r1')).toBe(6);
  });
  it('BL backwards (S = 1) and BX to the return address', async () => {
    // b 2f
    // 1: movs r0, #3
    // bx lr
    // 2: mov r4, lr
    // bl 1b
    // adds r0, #1
    // bx r4
    const r = await run([0xe001, 0x2003, 0x4770, 0x4674, 0xf7ff, 0xfffb, 0x3001, 0x4720], {});
    returned(r);
    expect(reg(r, 'r0')).toBe(4);
    expect(reg(r, 'lr')).toBe(0x100d);
  });
  it('BLX register sets LR with the Thumb bit', async () => {
    // mov r4, lr
    // adr r1, 1f
    // adds r1, #1
    // blx r1
    // bx r4
    // nop
    // 1: movs r0, #5
    // bx lr
    const r = await run([0x4674, 0xa102, 0x3101, 0x4788, 0x4720, 0xbf00, 0x2005, 0x4770], {});
    returned(r);
    expect(reg(r, 'r0')).toBe(5);
    expect(reg(r, 'lr')).toBe(0x1009);
  });
  it('B.W with a 21-bit conditional offset', async () => {
    // cmp r0, r0
    // beq.w 1f
    // movs r0, #1
    // .space 0x2000
    // 1: bx lr
    const r = await run([0x4280, 0xf002, 0x8001, 0x2001, ...zeros(4096), 0x4770], { r0: 0 });
    returned(r);
    expect(reg(r, 'r0')).toBe(0);
    expect(r.instructions).toBe(3);
  });
  it('MOV PC and ADD PC branch without interworking', async () => {
    // adr r1, 1f
    // mov pc, r1
    // movs r0, #1
    // .align 2
    // 1: bx lr
    const r = await run([0xa101, 0x468f, 0x2001, 0xbf00, 0x4770, 0xbf00], {});
    returned(r);
    expect(reg(r, 'r0')).toBe(0);
  });
});

describe('TBB and TBH', () => {
  it('TBB jumps by a byte table', async () => {
    // tbb [pc, r0]
    // 1: .byte (10f-1b)/2, (11f-1b)/2, (12f-1b)/2, 0
    // 10: movs r1, #10
    // bx lr
    // 11: movs r1, #11
    // bx lr
    // 12: movs r1, #12
    // bx lr
    const r = await run([0xe8df, 0xf000, 0x0402, 0x0006, 0x210a, 0x4770, 0x210b, 0x4770, 0x210c, 0x4770], { r0: 2 });
    returned(r);
    expect(reg(r, 'r1')).toBe(12);
  });
  it('TBH jumps by a halfword table', async () => {
    // tbh [pc, r0, lsl #1]
    // 1: .hword (10f-1b)/2, (11f-1b)/2
    // 10: movs r1, #10
    // bx lr
    // 11: movs r1, #11
    // bx lr
    const r = await run([0xe8df, 0xf010, 0x0002, 0x0004, 0x210a, 0x4770, 0x210b, 0x4770], { r0: 1 });
    returned(r);
    expect(reg(r, 'r1')).toBe(11);
  });
});

describe('loads and stores', () => {
  it('STR/LDR immediate, register and SP-relative; bytes and halfwords', async () => {
    // str r1, [r0, #4]
    // strb r1, [r0, #9]
    // strh r1, [r0, #10]
    // ldr r2, [r0, #4]
    // ldrb r3, [r0, #4]
    // ldrsb r4, [r0, r5]
    // ldrh r6, [r0, #10]
    // ldrsh r7, [r0, r5]
    // str r1, [sp, #-4]
    // bx lr
    const r = await run([0x6041, 0x7241, 0x8141, 0x6842, 0x7903, 0x5744, 0x8946, 0x5f47, 0xf84d, 0x1c04, 0x4770], {
      r0: 0x20000000,
      r1: 0x8786f584,
      r5: 6,
    });
    returned(r);
    expect(word(r, RAM + 4)).toBe(0x8786f584);
    expect(word(r, RAM + 8)).toBe(0xf5848400);
    expect(reg(r, 'r2')).toBe(0x8786f584);
    expect(reg(r, 'r3')).toBe(0x84);
    expect(reg(r, 'r4')).toBe(0xffffff86);
    expect(reg(r, 'r6')).toBe(0xf584);
    expect(reg(r, 'r7')).toBe(0xffff8786);
    expect(word(r, RAM + 0xfc)).toBe(0x8786f584);
  });
  it('pre- and post-indexed writeback, negative offsets, shifted register', async () => {
    // str r1, [r0, #8]!
    // str r2, [r0], #-4
    // ldr r3, [r0, #-4]
    // ldr r4, [r0, r5, lsl #2]
    // ldrb r6, [r0, #4]!
    // bx lr
    const r = await run([0xf840, 0x1f08, 0xf840, 0x2904, 0xf850, 0x3c04, 0xf850, 0x4025, 0xf810, 0x6f04, 0x4770], {
      r0: 0x20000000,
      r1: 0x11111111,
      r2: 0x22222222,
      r5: 1,
    });
    returned(r);
    // the post-indexed store overwrote the pre-indexed one
    expect(word(r, RAM + 8)).toBe(0x22222222);
    expect(reg(r, 'r3')).toBe(0);
    expect(reg(r, 'r4')).toBe(0x22222222);
    expect(reg(r, 'r6')).toBe(0x22);
    expect(reg(r, 'r0')).toBe(RAM + 8);
  });
  it('LDR literal (16- and 32-bit) and ADR', async () => {
    // ldr r0, 1f
    // ldr.w r1, 2f
    // adr r2, 1f
    // bx lr
    // .align 2
    // 1: .word 0x12345678
    // 2: .word 0xcafef00d
    const r = await run([0x4802, 0xf8df, 0x100c, 0xa201, 0x4770, 0xbf00, 0x5678, 0x1234, 0xf00d, 0xcafe], {});
    expect(reg(r, 'r0')).toBe(0x12345678);
    expect(reg(r, 'r1')).toBe(0xcafef00d);
    expect(reg(r, 'r2')).toBe(0x100c);
  });
  it('LDRD/STRD with writeback', async () => {
    // strd r1, r2, [r0, #8]!
    // ldrd r3, r4, [r0], #-8
    // bx lr
    const r = await run([0xe9e0, 0x1202, 0xe870, 0x3402, 0x4770], { r0: 0x20000000, r1: 0x11, r2: 0x22 });
    expect(word(r, RAM + 8)).toBe(0x11);
    expect(word(r, RAM + 12)).toBe(0x22);
    expect(reg(r, 'r3')).toBe(0x11);
    expect(reg(r, 'r4')).toBe(0x22);
    expect(reg(r, 'r0')).toBe(RAM);
  });
  it('STM/LDM (16-bit) with writeback', async () => {
    // stmia r0!, {r1, r2, r3}
    // ldmia r4!, {r5, r6}
    // ldmia r7, {r0, r7}
    // bx lr
    const r = await run([0xc00e, 0xcc60, 0xcf81, 0x4770], { r0: 0x20000000, r1: 1, r2: 2, r3: 3, r4: 0x20000000, r7: 0x20000000 });
    expect(word(r, RAM)).toBe(1);
    expect(word(r, RAM + 8)).toBe(3);
    expect(reg(r, 'r5')).toBe(1);
    expect(reg(r, 'r6')).toBe(2);
    expect(reg(r, 'r4')).toBe(RAM + 8);
    // base in the list: loaded, no writeback
    expect(reg(r, 'r0')).toBe(1);
    expect(reg(r, 'r7')).toBe(2);
  });
  it('STMDB/LDMIA wide, PUSH/POP with LR and PC', async () => {
    // stmdb r0!, {r1, r2, r8}
    // ldmia.w r0!, {r9, r10, r11}
    // push {r4, r5, lr}
    // movs r4, #0
    // movs r5, #0
    // pop {r4, r5, pc}
    const r = await run([0xe920, 0x0106, 0xe8b0, 0x0e00, 0xb530, 0x2400, 0x2500, 0xbd30], {
      r0: 0x20000040,
      r1: 1,
      r2: 2,
      r8: 8,
      r4: 4,
      r5: 5,
    });
    returned(r);
    expect(reg(r, 'r0')).toBe(RAM + 0x40);
    expect([reg(r, 'r9'), reg(r, 'r10'), reg(r, 'r11')]).toEqual([1, 2, 8]);
    expect([reg(r, 'r4'), reg(r, 'r5')]).toEqual([4, 5]);
    expect(reg(r, 'sp')).toBe(RAM + 0x100);
    expect(word(r, RAM + 0xfc)).toBe(0xf0000001);
  });
  it('PUSH.W/POP.W of high registers', async () => {
    // push.w {r4, r8, r9, lr}
    // mov r8, #0
    // pop.w {r4, r8, r9, pc}
    const r = await run([0xe92d, 0x4310, 0xf04f, 0x0800, 0xe8bd, 0x8310], { r8: 0x88, r9: 0x99 });
    returned(r);
    expect(reg(r, 'r8')).toBe(0x88);
    expect(word(r, RAM + 0xf4)).toBe(0x88);
  });
  it('LDREX/STREX succeed, CLREX, DMB', async () => {
    // ldrex r1, [r0]
    // adds r1, #1
    // strex r2, r1, [r0]
    // clrex
    // dmb sy
    // dsb sy
    // isb sy
    // bx lr
    const r = await run([0xe850, 0x1f00, 0x3101, 0xe840, 0x1200, 0xf3bf, 0x8f2f, 0xf3bf, 0x8f5f, 0xf3bf, 0x8f4f, 0xf3bf, 0x8f6f, 0x4770], {
      r0: 0x20000000,
      r2: 5,
    });
    returned(r);
    expect(reg(r, 'r2')).toBe(0);
    expect(word(r, RAM)).toBe(1);
  });
  it('a load from unmapped memory stops at the instruction', async () => {
    // movs r1, #1
    // ldr r2, [r0]
    // bx lr
    const r = await run([0x2101, 0x6802, 0x4770], { r0: 0x30000000, r2: 7 });
    expect(r.stop).toBe(FAULT_READ_UNMAPPED);
    expect(r.faultAddr).toBe(0x30000000n);
    expect(r.pc).toBe(0x1002n);
    expect(r.instructions).toBe(1);
    expect(reg(r, 'r2')).toBe(7);
  });
  it('a store to the code area faults and does not write back', async () => {
    // str r1, [r0], #4
    // bx lr
    const r = await run([0xf840, 0x1b04, 0x4770], { r0: 0x1000 });
    expect(r.stop).toBe(FAULT_WRITE_READONLY);
    expect(r.faultAddr).toBe(0x1000n);
    expect(reg(r, 'r0')).toBe(0x1000);
    expect(r.pc).toBe(0x1000n);
  });
});

describe('unaligned accesses', () => {
  it('LDR, STR, LDRH at odd addresses work (UNALIGN_TRP clear)', async () => {
    // str r1, [r0, #1]
    // ldr r2, [r0, #1]
    // ldrh r3, [r0, #3]
    // bx lr
    const r = await run([0xf8c0, 0x1001, 0xf8d0, 0x2001, 0xf8b0, 0x3003, 0x4770], { r0: 0x20000000, r1: 0x44332211 });
    returned(r);
    expect(reg(r, 'r2')).toBe(0x44332211);
    expect(reg(r, 'r3')).toBe(0x4433);
  });
  it('LDM at an unaligned address faults', async () => {
    // ldm r0, {r1, r2}
    // bx lr
    const r = await run([0xe890, 0x0006, 0x4770], { r0: 0x20000002 });
    expect(r.fault).toBe(FAULT_UNALIGNED);
    expect(r.faultNote).toBe('Unaligned memory access');
    expect(r.pc).toBe(0x1000n);
    expect(r.instructions).toBe(0);
  });
  it('LDRD at an unaligned address faults', async () => {
    // ldrd r1, r2, [r0]
    // bx lr
    const r = await run([0xe9d0, 0x1200, 0x4770], { r0: 0x20000001 });
    expect(r.fault).toBe(FAULT_UNALIGNED);
    expect(r.pc).toBe(0x1000n);
  });
  it('STREX at an unaligned address faults', async () => {
    // strex r2, r1, [r0]
    // bx lr
    const r = await run([0xe840, 0x1200, 0x4770], { r0: 0x20000002 });
    expect(r.fault).toBe(FAULT_UNALIGNED);
  });
  it('VLDR at an unaligned address faults', async () => {
    // vldr s0, [r0]
    // bx lr
    const r = await run([0xed90, 0x0a00, 0x4770], { r0: 0x20000002 });
    expect(r.fault).toBe(FAULT_UNALIGNED);
    expect(r.faultNote).toBe('Unaligned memory access');
  });
});

describe('interworking state (INVSTATE)', () => {
  it('BX to an address with bit 0 clear faults at the target', async () => {
    // bx r0
    const r = await run([0x4700], { r0: 0x1004 });
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Illegal use of the EPSR');
    expect(r.pc).toBe(0x1004n);
    expect(r.instructions).toBe(1);
  });
  it('POP {pc} of an even address faults', async () => {
    // push {r0}
    // pop {pc}
    const r = await run([0xb401, 0xbd00], { r0: 0x2000 });
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Illegal use of the EPSR');
    expect(r.pc).toBe(0x2000n);
  });
  it('LDR PC of an odd address is an interworking branch', async () => {
    // adr r3, 1f
    // adds r3, #1
    // str r3, [r0]
    // ldr pc, [r0]
    // movs r1, #1
    // .align 2
    // 1: movs r2, #2
    // bx lr
    const r = await run([0xa302, 0x3301, 0x6003, 0xf8d0, 0xf000, 0x2101, 0x2202, 0x4770], { r0: 0x20000000 });
    returned(r);
    expect(reg(r, 'r1')).toBe(0);
    expect(reg(r, 'r2')).toBe(2);
  });
  it('starting without the Thumb bit faults at once', async () => {
    // bx lr
    const r = await run([0x4770], { pc: 0x1000 });
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Illegal use of the EPSR');
    expect(r.instructions).toBe(0);
  });
});

describe('undefined and trapping instructions', () => {
  it('UDF', async () => {
    // movs r0, #1
    // udf #7
    const r = await run([0x2001, 0xde07], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Attempt to execute undefined instruction');
    expect(r.faultInsn).toBe(0xde07);
    expect(r.pc).toBe(0x1002n);
    expect(r.instructions).toBe(1);
  });
  it('UDF.W', async () => {
    // udf.w #0x1234
    const r = await run([0xf7f1, 0xa234], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultInsn).toBe(0xf7f1a234);
  });
  it('ARMv8-M security instructions (SG, TT, BXNS) are undefined', async () => {
    // sg
    // bx lr
    const r = await run([0xe97f, 0xe97f, 0x4770], {}, 'cortex-m33');
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultInsn).toBe(0xe97fe97f);
  });
  it('TT is undefined', async () => {
    // .inst.w 0xe840f000
    // bx lr
    const r = await run([0xe840, 0xf000, 0x4770], {}, 'cortex-m33');
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultInsn).toBe(0xe840f000);
  });
  it('BXNS is undefined', async () => {
    // .inst.n 0x4774
    // bx lr
    const r = await run([0x4774, 0x4770], {}, 'cortex-m33');
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultInsn).toBe(0x4774);
  });
  it('SVC is not emulated', async () => {
    // svc #3
    const r = await run([0xdf03], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toContain('SVC #3');
  });
  it('BKPT stops', async () => {
    // bkpt #1
    const r = await run([0xbe01], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toContain('BKPT #1');
  });
  it('hints, CPSID/CPSIE and MRS/MSR APSR', async () => {
    // nop
    // nop.w
    // wfi
    // cpsid i
    // cpsie i
    // msr APSR_nzcvq, r0
    // mrs r1, APSR
    // mrs r2, PRIMASK
    // bx lr
    const r = await run([0xbf00, 0xf3af, 0x8000, 0xbf30, 0xb672, 0xb662, 0xf380, 0x8800, 0xf3ef, 0x8100, 0xf3ef, 0x8210, 0x4770], {
      r0: 0xa0000000,
    });
    returned(r);
    expect(nzcv(r)).toBe(0b1010);
    expect(reg(r, 'r1')).toBe(0xa0000000);
    expect(reg(r, 'r2')).toBe(0);
  });
});

describe('floating point (cortex-m4f)', () => {
  it('VMOV core to S, VADD, VSUB, VMUL, VDIV, VMOV S to core', async () => {
    // vmov s0, r0
    // vmov s1, r1
    // vadd.f32 s2, s0, s1
    // vsub.f32 s3, s0, s1
    // vmul.f32 s4, s0, s1
    // vdiv.f32 s5, s0, s1
    // vmov r2, s2
    // vmov r3, s3
    // vmov r4, s4
    // vmov r5, s5
    // bx lr
    const r = await run(
      [
        0xee00, 0x0a10, 0xee00, 0x1a90, 0xee30, 0x1a20, 0xee70, 0x1a60, 0xee20, 0x2a20, 0xeec0, 0x2a20, 0xee11, 0x2a10, 0xee11, 0x3a90,
        0xee12, 0x4a10, 0xee12, 0x5a90, 0x4770,
      ],
      { r0: f32(1.5), r1: f32(2.25) },
    );
    returned(r);
    expect(reg(r, 'r2')).toBe(f32(3.75));
    expect(reg(r, 'r3')).toBe(f32(-0.75));
    expect(reg(r, 'r4')).toBe(f32(3.375));
    expect(reg(r, 'r5')).toBe(f32(Math.fround(1.5 / 2.25)));
    expect(reg(r, 's2')).toBe(f32(3.75));
  });
  it('VMOV immediate, VNEG, VABS, VSQRT, VNMUL', async () => {
    // vmov.f32 s0, #-2.5
    // vmov.f32 s1, #16.0
    // vneg.f32 s2, s0
    // vabs.f32 s3, s0
    // vsqrt.f32 s4, s1
    // vnmul.f32 s5, s0, s1
    // vmov.f32 s6, s5
    // bx lr
    const r = await run(
      [0xeeb8, 0x0a04, 0xeef3, 0x0a00, 0xeeb1, 0x1a40, 0xeef0, 0x1ac0, 0xeeb1, 0x2ae0, 0xee60, 0x2a60, 0xeeb0, 0x3a62, 0x4770],
      {},
    );
    expect(reg(r, 's0')).toBe(f32(-2.5));
    expect(reg(r, 's1')).toBe(f32(16));
    expect(reg(r, 's2')).toBe(f32(2.5));
    expect(reg(r, 's3')).toBe(f32(2.5));
    expect(reg(r, 's4')).toBe(f32(4));
    expect(reg(r, 's5')).toBe(f32(40));
    expect(reg(r, 's6')).toBe(f32(40));
  });
  it('VMLA, VMLS, VFMA, VFMS, VNMLA', async () => {
    // vmov.f32 s0, #2.0
    // vmov.f32 s1, #3.0
    // vmov.f32 s2, #1.0
    // vmov.f32 s3, #1.0
    // vmov.f32 s4, #1.0
    // vmov.f32 s5, #1.0
    // vmov.f32 s6, #1.0
    // vmla.f32 s2, s0, s1
    // vmls.f32 s3, s0, s1
    // vfma.f32 s4, s0, s1
    // vfms.f32 s5, s0, s1
    // vnmla.f32 s6, s0, s1
    // bx lr
    const r = await run(
      [
        0xeeb0, 0x0a00, 0xeef0, 0x0a08, 0xeeb7, 0x1a00, 0xeef7, 0x1a00, 0xeeb7, 0x2a00, 0xeef7, 0x2a00, 0xeeb7, 0x3a00, 0xee00, 0x1a20,
        0xee40, 0x1a60, 0xeea0, 0x2a20, 0xeee0, 0x2a60, 0xee10, 0x3a60, 0x4770,
      ],
      {},
    );
    expect(reg(r, 's2')).toBe(f32(7));
    expect(reg(r, 's3')).toBe(f32(-5));
    expect(reg(r, 's4')).toBe(f32(7));
    expect(reg(r, 's5')).toBe(f32(-5));
    expect(reg(r, 's6')).toBe(f32(-7));
  });
  it('VCMP and VMRS APSR_nzcv drive a conditional', async () => {
    // vcmp.f32 s0, s1
    // vmrs APSR_nzcv, fpscr
    // ite gt
    // movgt r0, #1
    // movle r0, #2
    // vcmpe.f32 s0, #0
    // vmrs r1, fpscr
    // bx lr
    const r = await run([0xeeb4, 0x0a60, 0xeef1, 0xfa10, 0xbfcc, 0x2001, 0x2002, 0xeeb5, 0x0ac0, 0xeef1, 0x1a10, 0x4770], {
      s0: f32(2),
      s1: f32(-1),
    });
    returned(r);
    expect(reg(r, 'r0')).toBe(1);
    // s0 > 0: C only
    expect(reg(r, 'r1') >>> 28).toBe(0b0010);
    expect(nzcv(r)).toBe(0b0010);
  });
  it('VCMP less, equal and unordered', async () => {
    // vcmp.f32 s0, s1
    // vmrs r0, fpscr
    // vcmp.f32 s0, s0
    // vmrs r1, fpscr
    // vcmp.f32 s0, s2
    // vmrs APSR_nzcv, fpscr
    // bx lr
    const r = await run([0xeeb4, 0x0a60, 0xeef1, 0x0a10, 0xeeb4, 0x0a40, 0xeef1, 0x1a10, 0xeeb4, 0x0a41, 0xeef1, 0xfa10, 0x4770], {
      s0: f32(1),
      s1: f32(2),
      s2: 0x7fc00000,
    });
    expect(reg(r, 'r0') >>> 28).toBe(0b1000);
    expect(reg(r, 'r1') >>> 28).toBe(0b0110);
    expect(nzcv(r)).toBe(0b0011);
  });
  it('VDIV and VFMA round in the direction FPSCR.RMode names', async () => {
    // vmsr fpscr, r0
    // vdiv.f32 s5, s0, s1
    // vmov r5, s5
    // vfma.f32 s6, s0, s1  (s6 += s0 * s1, one rounding)
    // vmov r6, s6
    // bx lr
    const code = [0xeee1, 0x0a10, 0xeec0, 0x2a20, 0xee12, 0x5a90, 0xeea0, 0x3a20, 0xee13, 0x6a10, 0x4770];
    // -1/3 lies between 0xbeaaaaaa and 0xbeaaaaab (nearer the latter). 3 * (1 + 2^-23) + 2^-30
    // is 3 plus 1.5 ulps plus a little: between 0x40400001 and 0x40400002, just above the
    // midpoint.
    const got: number[][] = [];
    for (const mode of [0, 1, 2, 3]) {
      const r = await run(code, { s0: f32(-1), s1: f32(3), s6: f32(2 ** -30), r0: mode << 22 });
      returned(r);
      const q = await run(code, { s0: f32(1 + 2 ** -23), s1: f32(3), s6: f32(2 ** -30), r0: mode << 22 });
      got.push([reg(r, 'r5'), reg(q, 'r6')]);
    }
    expect(got).toEqual([
      [0xbeaaaaab, 0x40400002], // to nearest
      [0xbeaaaaaa, 0x40400002], // up: toward +infinity
      [0xbeaaaaab, 0x40400001], // down: toward -infinity
      [0xbeaaaaaa, 0x40400001], // toward zero
    ]);
  });

  it('VCVT between F32 and S32/U32, toward zero and per FPSCR', async () => {
    // vcvt.s32.f32 s1, s0
    // vcvt.u32.f32 s2, s0
    // vcvtr.s32.f32 s3, s4
    // vmsr fpscr, r0
    // vcvtr.s32.f32 s5, s4
    // vcvt.f32.s32 s6, s7
    // vcvt.f32.u32 s8, s7
    // bx lr
    const r = await run(
      [0xeefd, 0x0ac0, 0xeebc, 0x1ac0, 0xeefd, 0x1a42, 0xeee1, 0x0a10, 0xeefd, 0x2a42, 0xeeb8, 0x3ae3, 0xeeb8, 0x4a63, 0x4770],
      { s0: f32(-2.7), s4: f32(2.5), s7: 0xfffffffd, r0: 0x400000 },
    );
    returned(r);
    expect(reg(r, 's1')).toBe(0xfffffffe);
    expect(reg(r, 's2')).toBe(0);
    // 2.5 to nearest even, then toward plus infinity
    expect(reg(r, 's3')).toBe(2);
    expect(reg(r, 's5')).toBe(3);
    expect(reg(r, 's6')).toBe(f32(-3));
    expect(reg(r, 's8')).toBe(f32(4294967296));
  });
  it('VCVT saturates out-of-range values', async () => {
    // vcvt.s32.f32 s1, s0
    // vcvt.u32.f32 s2, s0
    // bx lr
    const r = await run([0xeefd, 0x0ac0, 0xeebc, 0x1ac0, 0x4770], { s0: f32(1e20) });
    expect(reg(r, 's1')).toBe(0x7fffffff);
    expect(reg(r, 's2')).toBe(0xffffffff);
  });
  it('VLDR, VSTR, VPUSH, VPOP, VLDM, VSTM', async () => {
    // str r1, [r0]
    // str r2, [r0, #4]
    // vldr s0, [r0]
    // vldr s1, [r0, #4]
    // vstr s1, [r0, #8]
    // vpush {s0, s1}
    // vpop {s2, s3}
    // vstmia r0!, {s0-s1}
    // vldmdb r0!, {s4-s5}
    // vpush {d8}
    // vldr d1, [r0]
    // bx lr
    const r = await run(
      [
        0x6001, 0x6042, 0xed90, 0x0a00, 0xedd0, 0x0a01, 0xedc0, 0x0a02, 0xed2d, 0x0a02, 0xecbd, 0x1a02, 0xeca0, 0x0a02, 0xed30, 0x2a02,
        0xed2d, 0x8b02, 0xed90, 0x1b00, 0x4770,
      ],
      { r0: 0x20000000, r1: 0x11, r2: 0x22, s16: 0x1616, s17: 0x1717 },
    );
    returned(r);
    expect(reg(r, 's2')).toBe(0x11);
    expect(reg(r, 's3')).toBe(0x22);
    expect(reg(r, 's4')).toBe(0x11);
    expect(reg(r, 's5')).toBe(0x22);
    expect(reg(r, 's3')).toBe(0x22);
    expect(word(r, RAM + 8)).toBe(0x22);
    expect(reg(r, 'r0')).toBe(RAM);
    expect(word(r, RAM + 0xf8)).toBe(0x1616);
    expect(word(r, RAM + 0xfc)).toBe(0x1717);
    expect(reg(r, 'sp')).toBe(RAM + 0xf8);
  });
  it('VMOV between two core registers and two S registers or a D register', async () => {
    // vmov s2, s3, r0, r1
    // vmov r2, r3, d1
    // vmov r4, r5, s2, s3
    // bx lr
    const r = await run([0xec41, 0x0a11, 0xec53, 0x2b11, 0xec55, 0x4a11, 0x4770], { r0: 0xaaaa, r1: 0xbbbb });
    expect(reg(r, 's2')).toBe(0xaaaa);
    expect(reg(r, 's3')).toBe(0xbbbb);
    expect([reg(r, 'r2'), reg(r, 'r3'), reg(r, 'r4'), reg(r, 'r5')]).toEqual([0xaaaa, 0xbbbb, 0xaaaa, 0xbbbb]);
  });
  it('NaN results are the architecture NaNs, not the host ones', async () => {
    // vdiv.f32 s4, s2, s2
    // vadd.f32 s5, s0, s1
    // vmul.f32 s6, s0, s3
    // vsqrt.f32 s7, s8
    // vmla.f32 s9, s3, s1
    // vmsr fpscr, r0
    // vadd.f32 s10, s0, s3
    // bx lr
    const r = await run(
      [0xee81, 0x2a01, 0xee70, 0x2a20, 0xee20, 0x3a21, 0xeef1, 0x3ac4, 0xee41, 0x4aa0, 0xeee1, 0x0a10, 0xee30, 0x5a21, 0x4770],
      { s0: 0xffc00005, s1: 0x7f800001, s2: 0, s3: f32(1), s8: f32(-1), s9: f32(2), r0: 0x2000000 },
    );
    returned(r);
    // 0/0: the default NaN
    expect(reg(r, 's4')).toBe(0x7fc00000);
    // a signalling NaN wins over a quiet one, and is quietened
    expect(reg(r, 's5')).toBe(0x7fc00001);
    expect(reg(r, 's6')).toBe(0xffc00005);
    expect(reg(r, 's7')).toBe(0x7fc00000);
    expect(reg(r, 's9')).toBe(0x7fc00001);
    // FPSCR.DN: always the default NaN
    expect(reg(r, 's10')).toBe(0x7fc00000);
  });
  it('VMOV.32 to a D register half is undefined on the single-precision FPU', async () => {
    // .inst.w 0xee210b10
    // bx lr
    const r = await run([0xee21, 0x0b10, 0x4770], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultInsn).toBe(0xee210b10);
  });
  it('double-precision arithmetic is undefined on the single-precision FPU', async () => {
    // .inst.w 0xee310b02
    // bx lr
    const r = await run([0xee31, 0x0b02, 0x4770], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Attempt to execute undefined instruction');
    expect(r.faultInsn).toBe(0xee310b02);
  });
  it('without an FPU (cortex-m4) a VFP instruction is a NOCP usage fault', async () => {
    // vadd.f32 s0, s1, s2
    // bx lr
    const r = await run([0xee30, 0x0a81, 0x4770], {}, 'cortex-m4');
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('No coprocessor instructions');
    expect(r.faultInsn).toBe(0xee300a81);
    expect(r.regs.s0).toBeUndefined();
  });
  it('VCVTB, VCVTT between half and single precision', async () => {
    // vcvtb.f16.f32 s1, s0
    // vcvtt.f16.f32 s1, s2
    // vcvtb.f32.f16 s3, s1
    // vcvtt.f32.f16 s4, s1
    // vcvtb.f16.f32 s5, s6
    // vcvtt.f16.f32 s5, s7
    // vcvtb.f16.f32 s8, s9
    // bx lr
    const r = await run(
      [0xeef3, 0x0a40, 0xeef3, 0x0ac1, 0xeef2, 0x1a60, 0xeeb2, 0x2ae0, 0xeef3, 0x2a43, 0xeef3, 0x2ae3, 0xeeb3, 0x4a64, 0x4770],
      { s0: f32(1.5), s2: f32(-2), s6: f32(1 / 3), s7: f32(65520), s9: f32(1e-7) },
    );
    returned(r);
    expect(reg(r, 's1')).toBe(0xc0003e00);
    expect(reg(r, 's3')).toBe(f32(1.5));
    expect(reg(r, 's4')).toBe(f32(-2));
    // 1/3 rounds to 0x3555; 65520 overflows to infinity
    expect(reg(r, 's5')).toBe(0x7c003555);
    // 1e-7 is the half subnormal 2 * 2^-24
    expect(reg(r, 's8') & 0xffff).toBe(2);
  });
});

describe('FPv5 on cortex-m33', () => {
  it('VRINTA/N/P/M/Z, VCVTA, VMAXNM, VMINNM, VSEL', async () => {
    // vrinta.f32 s2, s0
    // vrintn.f32 s3, s0
    // vrintp.f32 s4, s1
    // vrintm.f32 s5, s1
    // vcvta.s32.f32 s6, s1
    // vmaxnm.f32 s7, s0, s8
    // vminnm.f32 s9, s0, s1
    // vrintz.f32 s10, s1
    // cmp r0, r0
    // vseleq.f32 s11, s0, s1
    // vselgt.f32 s12, s0, s1
    // bx lr
    const r = await run(
      [
        0xfeb8, 0x1a40, 0xfef9, 0x1a40, 0xfeba, 0x2a60, 0xfefb, 0x2a60, 0xfebc, 0x3ae0, 0xfec0, 0x3a04, 0xfec0, 0x4a60, 0xeeb6, 0x5ae0,
        0x4280, 0xfe40, 0x5a20, 0xfe30, 0x6a20, 0x4770,
      ],
      { s0: f32(2.5), s1: f32(-1.5), s8: 0x7fc00000 },
      'cortex-m33',
    );
    returned(r);
    expect(reg(r, 's2')).toBe(f32(3));
    expect(reg(r, 's3')).toBe(f32(2));
    expect(reg(r, 's4')).toBe(f32(-1));
    expect(reg(r, 's5')).toBe(f32(-2));
    expect(reg(r, 's6')).toBe(0xfffffffe);
    expect(reg(r, 's7')).toBe(f32(2.5));
    expect(reg(r, 's9')).toBe(f32(-1.5));
    expect(reg(r, 's10')).toBe(f32(-1));
    expect(reg(r, 's11')).toBe(f32(2.5));
    expect(reg(r, 's12')).toBe(f32(-1.5));
  });
  it('LDA, STL, LDAEX, STLEX (ARMv8-M)', async () => {
    // stl r1, [r0]
    // lda r2, [r0]
    // ldaex r3, [r0]
    // stlex r4, r1, [r0]
    // stlb r1, [r0]
    // bx lr
    const r = await run(
      [0xe8c0, 0x1faf, 0xe8d0, 0x2faf, 0xe8d0, 0x3fef, 0xe8c0, 0x1fe4, 0xe8c0, 0x1f8f, 0x4770],
      { r0: 0x20000000, r1: 0x1234, r4: 9 },
      'cortex-m33',
    );
    returned(r);
    expect(reg(r, 'r2')).toBe(0x1234);
    expect(reg(r, 'r3')).toBe(0x1234);
    expect(reg(r, 'r4')).toBe(0);
  });
  it('VRINTA is undefined on cortex-m4f (FPv4)', async () => {
    // vrinta.f32 s2, s0
    // bx lr
    const r = await run([0xfeb8, 0x1a40, 0x4770], {});
    expect(r.fault).toBe(FAULT_UNDEF);
    expect(r.faultNote).toBe('Attempt to execute undefined instruction');
  });
  it('LDA is undefined on ARMv7-M', async () => {
    // lda r2, [r0]
    // bx lr
    const r = await run([0xe8d0, 0x2faf, 0x4770], { r0: 0x20000000 });
    expect(r.fault).toBe(FAULT_UNDEF);
  });
});

describe('long branches', () => {
  it('BL across 4 MiB (I2 = 1, so J2 = 0) and B.W back', async () => {
    //     mov r4, lr
    //     bl 1f
    //     adds r0, #1
    //     bx r4
    //     .space 0x400000
    // 1:  movs r0, #7
    //     b.w 2f
    //     .space 0x10
    // 2:  bx lr
    const head = halfwords(0x4674, 0xf000, 0xf002, 0x3001, 0x4720);
    const far = halfwords(0x2007, 0xf000, 0xb808, ...zeros(8), 0x4770);
    const code = new Uint8Array(head.length + 0x400000 + far.length);
    code.set(head, 0);
    code.set(far, head.length + 0x400000);
    const r = await runCode('cortex-m4f', code, { regs: { pc: 0x1001 } });
    returned(r);
    expect(reg(r, 'r0')).toBe(8);
    expect(reg(r, 'lr')).toBe(0x1007);
    expect(r.instructions).toBe(7);
  });
});

describe('a committed sample, end to end', () => {
  it('relative_calls: test_entry computes fib(10) through BL calls and calls printk', async () => {
    // public/samples/relative_calls/relative_calls.llext, loaded and linked by the engine and
    // run on cortex-m4f: fib() loops over fib_step() (BL, R_ARM_THM_CALL), test_entry()
    // calls printk through a literal (-mlong-calls), which traps to the host side.
    const file = new Uint8Array(readFileSync(new URL('../../public/samples/relative_calls/relative_calls.llext', import.meta.url)));
    const config =
      'cpu cortex-m4f\nimagetext 0x10000 0x1000\nstack 0x20040000 0x1000\n' +
      configText({ exports: { printk: 0x10101 }, actions: ['load ext 0', 'call ext test_entry'] });
    const doc = (await simulate({ files: [file], config })).document;
    expect(doc.calls).toHaveLength(1);
    const call = doc.calls[0];
    expect(call.fault).toBeNull();
    expect(BigInt(call.ret)).toBe(55n);
    expect(call.console).toBe('fib(10) = 55\n');
  });
});

describe('AAPCS arguments as the host side reads them', () => {
  // 64 bytes of RAM at 0x20000000; `words` are what the caller pushed, from RAM offset `sp` up.
  const stack = (sp: number, ...words: number[]): Uint8Array => {
    const ram = new Uint8Array(64);
    const v = new DataView(ram.buffer);
    words.forEach((x, i) => v.setUint32(sp + i * 4, x, true));
    return ram;
  };
  const dbl = (x: number): [number, number] => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x, true);
    return [v.getUint32(0, true), v.getUint32(4, true)];
  };

  it('printk(fmt, int, long long, double, int): r1, r2:r3, then the stack', async () => {
    const ram = stack(0x30, ...dbl(3.5), 4);
    const got = await readArgs('cortex-m4f', 'varargs:1', ['32', '64', 'f64', '32'], {
      ram,
      regs: { sp: 0x20000030, r1: 1, r2: 0x89abcdef, r3: 0x01234567 },
    });
    expect(got).toEqual(['0x1', '0x123456789abcdef', '3.5', '0x4']);
  });

  it('a 64-bit value skips r1 to the even pair r2:r3', async () => {
    const got = await readArgs('cortex-m4', 'varargs:1', ['64', '32'], {
      ram: stack(0x3c, 7),
      regs: { sp: 0x2000003c, r1: 0xdead, r2: 2, r3: 1 },
    });
    expect(got).toEqual(['0x100000002', '0x7']);
  });

  it('a 64-bit value after r2 goes to an 8-byte aligned stack slot, and r3 is not back-filled', async () => {
    // f(a, b, c, ...): the 64-bit value does not fit in r3; sp = 0x2000002c is not 8-aligned
    const ram = stack(0x2c, 0, 0x11, 0x22, 5);
    const got = await readArgs('cortex-m4f', 'varargs:3', ['64', '32'], {
      ram,
      regs: { sp: 0x2000002c, r3: 0x99 },
    });
    expect(got).toEqual(['0x2200000011', '0x5']);
  });

  it('va_list: the pointer is the next argument in memory', async () => {
    const ram = new Uint8Array(64);
    const v = new DataView(ram.buffer);
    v.setUint32(0x10, 42, true);
    v.setFloat64(0x18, -0.25, true);
    v.setUint32(0x20, 0x20000008, true);
    const got = await readArgs('cortex-m4f', 'valist:0x20000010', ['32', 'f64', 'ptr'], { ram });
    expect(got).toEqual(['0x2a', '-0.25', '0x20000008']);
  });

  it('arg(i): r0-r3, then the stack', async () => {
    const got = await readArgs('cortex-m3', 'args', ['0', '3', '4', '5'], {
      ram: stack(0x38, 0x40, 0x50),
      regs: { sp: 0x20000038, r0: 0x10, r3: 0x30 },
    });
    expect(got).toEqual(['0x10', '0x30', '0x40', '0x50']);
  });
});

describe('compiled programs (fixtures/thumb, gcc -O0/-O2/-Os, hard and soft float)', () => {
  // The seed each function gets, and what the same source returns built for the host (gcc
  // -ffp-contract=off on x86-64: IEEE single and double arithmetic as on the target).
  const cases: Record<string, [number, number]> = {
    crc: [7, 2646826015],
    sort: [99, 3018859769],
    switch: [200, 4117964491],
    div64: [5, 3746051098],
    int: [3, 2545804347],
    float: [11, 1746242174],
    double: [13, 292662316],
    bits: [17, 2616216615],
  };
  const dir = new URL('./fixtures/thumb/', import.meta.url);
  const variants = JSON.parse(readFileSync(new URL('programs.json', dir), 'utf8')) as Record<
    string,
    { core: string; functions: Record<string, string> }
  >;
  for (const [name, v] of Object.entries(variants)) {
    it(`${name} on ${v.core}`, async () => {
      const code = new Uint8Array(readFileSync(new URL(`${name}.bin`, dir)));
      const got: Record<string, number> = {};
      for (const [fn, [seed]] of Object.entries(cases)) {
        const r = await runCode(v.core, code, {
          ramSize: 1024,
          maxSteps: 1_000_000,
          regs: { pc: Number(v.functions[fn]) | 1, r0: seed },
        });
        returned(r);
        got[fn] = reg(r, 'r0');
      }
      expect(got).toEqual(Object.fromEntries(Object.entries(cases).map(([fn, [, want]]) => [fn, want])));
    });
  }
});
