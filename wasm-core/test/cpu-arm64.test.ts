// The AArch64 core (wasm-core/assembly/cpu/arm64.ts), one group of instructions per block.
// The machine code was assembled with aarch64-linux-gnu-as; each instruction's source is in
// the comment beside its encoding. Code sits at 0x1000 (read-only), RAM at 0x20000000 (256
// bytes, sp at its end), the return address (x30) traps at 0xf0000000.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArgs, runCode, words, type CpuRunOptions, type CpuRunResult } from './cpu-harness.js';
import { SAMPLES_DIR, loadOrderOf, prjConfOf, readCatalogue } from './catalogue.js';
import { freshTestInstance } from './test-engine.js';
import { simulate } from '../src/engine.js';
import { prepareSession } from '../src/session.js';

const CORE = 'cortex-a53';
const RETURNED = -1;
const FAULT_UNDEF = 3;
const FAULT_UNALIGNED = 4;
const FAULT_WRITE_READONLY = 7;
const RAM = 0x20000000n;

function run(code: Uint8Array, regs: Record<string, bigint | number> = {}, o: CpuRunOptions = {}): Promise<CpuRunResult> {
  const all: Record<string, bigint> = {};
  for (const [k, v] of Object.entries({ ...o.regs, ...regs })) all[k] = BigInt.asUintN(64, BigInt(v));
  return runCode(CORE, code, { ...o, regs: all });
}

function expectRegs(r: CpuRunResult, want: Record<string, bigint>): void {
  const got: Record<string, string> = {};
  const exp: Record<string, string> = {};
  for (const [k, v] of Object.entries(want)) {
    got[k] = '0x' + (r.regs[k] ?? -1n).toString(16);
    exp[k] = '0x' + BigInt.asUintN(64, v).toString(16);
  }
  expect(got).toEqual(exp);
  expect(r.fault).toBe(0);
  expect(r.stop).toBe(RETURNED);
}

function ramU64(r: CpuRunResult, off: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(r.ram[off + i]);
  return v;
}

const f64bits = (d: number): bigint => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, d, true);
  return b.getBigUint64(0, true);
};
const f32bits = (f: number): bigint => {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, f, true);
  return BigInt(b.getUint32(0, true));
};

describe('AArch64 registers and calls', () => {
  it('names x0-x30, sp, pc, nzcv, then v0-v31 (their low 64 bits), fpsr and fpcr', async () => {
    const r = await run(
      words(
        0xd65f03c0, // ret
      ),
    );
    const names = Object.keys(r.regs);
    expect(names.length).toBe(68);
    expect(names.slice(0, 3)).toEqual(['x0', 'x1', 'x2']);
    expect(names.slice(29, 36)).toEqual(['x29', 'x30', 'sp', 'pc', 'nzcv', 'v0', 'v1']);
    expect(names.slice(65)).toEqual(['v31', 'fpsr', 'fpcr']);
    expect(r.stop).toBe(RETURNED);
    expect(r.pc).toBe(0xf0000000n);
    expect(r.regs.sp).toBe(0x20000100n);
    expect(r.regs.x30).toBe(0xf0000000n);
    expect(r.instructions).toBe(1);
  });
});

describe('AArch64 data processing (immediate)', () => {
  it('ADD/SUB immediates, the LSL #12 form, sp as operand, 32-bit wrap-around', async () => {
    const r = await run(
      words(
        0x913ffc20, // add x0, x1, #0xfff
        0x91400422, // add x2, x1, #1, lsl #12
        0xd1000423, // sub x3, x1, #1
        0x110004a4, // add w4, w5, #1
        0x910003e6, // mov x6, sp
        0xd10083ff, // sub sp, sp, #32
        0x910023e7, // add x7, sp, #8
        0x910083ff, // add sp, sp, #32
        0xd65f03c0, // ret
      ),
      { x1: 0x100000000n, x5: 0xffffffffn },
    );
    expectRegs(r, {
      x0: 0x100000fffn,
      x2: 0x100001000n,
      x3: 0xffffffffn,
      x4: 0n,
      x6: 0x20000100n,
      x7: 0x200000e8n,
      sp: 0x20000100n,
    });
  });

  it('ADDS/SUBS/CMP/CMN set NZCV as AddWithCarry() does', async () => {
    const r = await run(
      words(
        0xf1000420, // subs x0, x1, #1
        0xd53b420a, // mrs x10, nzcv
        0xf100083f, // cmp x1, #2
        0xd53b420b, // mrs x11, nzcv
        0x3100045f, // cmn w2, #1
        0xd53b420c, // mrs x12, nzcv
        0x31000483, // adds w3, w4, #1
        0xd53b420d, // mrs x13, nzcv
        0xd65f03c0, // ret
      ),
      { x1: 1, x2: 0xffffffff, x4: 0x7fffffff },
    );
    expectRegs(r, {
      x0: 0n,
      x10: 0x60000000n, // Z C
      x11: 0x80000000n, // N (borrow: C clear)
      x12: 0x60000000n, // Z C
      x3: 0x80000000n,
      x13: 0x90000000n, // N V
    });
  });

  it('ADR and ADRP', async () => {
    const r = await run(
      words(
        0x10000000, // adr x0, .
        0x10000801, // adr x1, .+0x100
        0xf0000002, // .inst 0xf0000002 // adrp x2, .+0x3000 (the assembler leaves a relocation for a label)
        0xd65f03c0, // ret
      ),
    );
    expectRegs(r, { x0: 0x1000n, x1: 0x1104n, x2: 0x4000n });
  });

  it('logical immediates of every element size, ANDS and TST', async () => {
    const r = await run(
      words(
        0xb200f3e0, // mov x0, #0x5555555555555555
        0x92089d21, // and x1, x9, #0xff00ff00ff00ff00
        0x321e0fe2, // orr w2, wzr, #0x3c
        0xd2410523, // eor x3, x9, #0x8000000000000001
        0xb2003fe4, // mov x4, #0x0000ffff0000ffff
        0xb27ffbe5, // orr x5, xzr, #0xfffffffffffffffe
        0xf2400d26, // ands x6, x9, #0xf
        0xd53b420a, // mrs x10, nzcv
        0xf241013f, // tst x9, #0x8000000000000000
        0xd53b420b, // mrs x11, nzcv
        0xd65f03c0, // ret
      ),
      { x9: 0x8123456789abcdefn },
    );
    expectRegs(r, {
      x0: 0x5555555555555555n,
      x1: 0x810045008900cd00n,
      x2: 0x3cn,
      x3: 0x0123456789abcdeen,
      x4: 0x0000ffff0000ffffn,
      x5: 0xfffffffffffffffen,
      x6: 0xfn,
      x10: 0n,
      x11: 0x80000000n,
    });
  });

  it('MOVZ, MOVN, MOVK', async () => {
    const r = await run(
      words(
        0xd2e24680, // movz x0, #0x1234, lsl #48
        0xf2aacf00, // movk x0, #0x5678, lsl #16
        0x92800001, // movn x1, #0
        0x12a00022, // movn w2, #0x1, lsl #16
        0x12800023, // mov w3, #-2
        0x728000e3, // movk w3, #7
        0xd65f03c0, // ret
      ),
    );
    expectRegs(r, {
      x0: 0x1234000056780000n,
      x1: 0xffffffffffffffffn,
      x2: 0xfffeffffn,
      x3: 0xffff0007n,
    });
  });

  it('UBFM, SBFM, BFM and their aliases, EXTR and ROR', async () => {
    const r = await run(
      words(
        0xd3442d20, // ubfx x0, x9, #4, #8
        0x937cfd21, // sbfx x1, x9, #60, #4
        0xd378dd22, // lsl x2, x9, #8
        0x531c7d23, // lsr w3, w9, #28
        0x937cfd24, // asr x4, x9, #60
        0x93401d25, // sxtb x5, w9
        0x53003d26, // uxth w6, w9
        0x93407d27, // sxtw x7, w9
        0xb3780d28, // bfi x8, x9, #8, #4
        0xb3401d2a, // bfxil x10, x9, #0, #8
        0x53040d2b, // ubfiz w11, w9, #28, #4
        0x937c0d2c, // sbfiz x12, x9, #4, #4
        0x93c8812d, // extr x13, x9, x8, #32
        0x1389212e, // ror w14, w9, #8
        0xd65f03c0, // ret
      ),
      { x9: 0x8123456789abcdefn, x8: 0xffff0000ffff0000n, x10: 0x1111111111111111n },
    );
    expectRegs(r, {
      x0: 0xden,
      x1: 0xfffffffffffffff8n,
      x2: 0x23456789abcdef00n,
      x3: 0x8n,
      x4: 0xfffffffffffffff8n,
      x5: 0xffffffffffffffefn,
      x6: 0xcdefn,
      x7: 0xffffffff89abcdefn,
      x8: 0xffff0000ffff0f00n,
      x10: 0x11111111111111efn,
      x11: 0xf0000000n,
      x12: 0xfffffffffffffff0n,
      x13: 0x89abcdefffff0000n,
      x14: 0xef89abcdn,
    });
  });
});

describe('AArch64 data processing (register)', () => {
  it('shifted and extended ADD/SUB, NEG, and sp with UXTW', async () => {
    const r = await run(
      words(
        0x8b021020, // add x0, x1, x2, lsl #4
        0x4b820423, // sub w3, w1, w2, asr #1
        0x8b224be4, // add x4, sp, w2, uxtw #2
        0xcb268025, // sub x5, x1, w6, sxtb
        0xcb0203e7, // neg x7, x2
        0xab01fc28, // adds x8, x1, x1, lsl #63
        0xd53b420a, // mrs x10, nzcv
        0xd65f03c0, // ret
      ),
      { x1: 0x100n, x2: 0xfffffff0n, x6: 0x80 },
    );
    expectRegs(r, {
      x0: 0xfffffff00n + 0x100n,
      x3: 0x108n,
      x4: 0x20000100n + 0x3ffffffc0n,
      x5: 0x180n,
      x7: -0xfffffff0n,
      x8: 0x100n,
      x10: 0n,
    });
  });

  it('logical shifted register: AND, BIC, ORR, ORN, EOR, EON, MVN, ANDS with ROR', async () => {
    const r = await run(
      words(
        0x8a020020, // and x0, x1, x2
        0x8a220023, // bic x3, x1, x2
        0xaa021024, // orr x4, x1, x2, lsl #4
        0x2a2203e5, // orn w5, wzr, w2
        0xcac22026, // eor x6, x1, x2, ror #8
        0xca220027, // eon x7, x1, x2
        0xaa2103e8, // mvn x8, x1
        0x6a421029, // ands w9, w1, w2, lsr #4
        0xd53b420a, // mrs x10, nzcv
        0xd65f03c0, // ret
      ),
      { x1: 0xff00ff00ff00ff00n, x2: 0x0ff00ff00ff00ff0n },
    );
    expectRegs(r, {
      x0: 0x0f000f000f000f00n,
      x3: 0xf000f000f000f000n,
      x4: 0xff00ff00ff00ff00n,
      x5: 0xf00ff00fn,
      x6: 0xff00ff00ff00ff00n ^ 0xf00ff00ff00ff00fn,
      x7: ~(0xff00ff00ff00ff00n ^ 0x0ff00ff00ff00ff0n),
      x8: 0x00ff00ff00ff00ffn,
      x9: 0n,
      x10: 0x40000000n,
    });
  });

  it('ADC, ADCS, SBC, NGC with the carry in', async () => {
    const r = await run(
      words(
        0xab010020, // adds x0, x1, x1
        0x9a030062, // adc x2, x3, x3
        0xba1f03e4, // adcs x4, xzr, xzr
        0xd53b420a, // mrs x10, nzcv
        0xf100147f, // cmp x3, #5
        0xda030065, // sbc x5, x3, x3
        0x5a0303e6, // ngc w6, w3
        0xd65f03c0, // ret
      ),
      { x1: 0x8000000000000000n, x3: 1 },
    );
    expectRegs(r, { x0: 0n, x2: 3n, x4: 1n, x10: 0n, x5: -1n, x6: 0xfffffffen });
  });

  it('CCMP, CCMN, CSEL, CSINC, CSINV, CSNEG, CSET, CINC', async () => {
    const r = await run(
      words(
        0xf100143f, // cmp x1, #5
        0xfa470844, // ccmp x2, #7, #0x4, eq
        0x9a9f17e0, // cset x0, eq
        0xf100183f, // cmp x1, #6
        0xfa470844, // ccmp x2, #7, #0x4, eq
        0x9a9f17e3, // cset x3, eq
        0xba44e020, // ccmn x1, x4, #0, al
        0x9a9f17e5, // cset x5, eq
        0x9a821026, // csel x6, x1, x2, ne
        0xf100003f, // cmp x1, #0
        0x9a820427, // csinc x7, x1, x2, eq
        0xda820028, // csinv x8, x1, x2, eq
        0xda820429, // csneg x9, x1, x2, eq
        0x1a81042a, // cinc w10, w1, ne
        0xd65f03c0, // ret
      ),
      { x1: 5, x2: 7, x4: -5n },
    );
    expectRegs(r, {
      x0: 1n,
      x3: 1n,
      x5: 1n,
      x6: 7n,
      x7: 8n,
      x8: -8n,
      x9: -7n,
      x10: 6n,
    });
  });

  it('MADD, MSUB, MUL, SMULL, UMULL, SMADDL, SMULH, UMULH', async () => {
    const r = await run(
      words(
        0x9b020c20, // madd x0, x1, x2, x3
        0x9b028c24, // msub x4, x1, x2, x3
        0x1b027c25, // mul w5, w1, w2
        0x9b227ce6, // smull x6, w7, w2
        0x9ba27ce8, // umull x8, w7, w2
        0x9b427ce9, // smulh x9, x7, x2
        0x9bc27cea, // umulh x10, x7, x2
        0x9b270ceb, // smaddl x11, w7, w7, x3
        0xd65f03c0, // ret
      ),
      { x1: 0x100000001n, x2: 3, x3: 10, x7: -2n },
    );
    expectRegs(r, {
      x0: 0x30000000dn,
      x4: 7n - 0x300000000n,
      x5: 3n,
      x6: -6n,
      x8: 0xfffffffen * 3n,
      x9: -1n,
      x10: 2n,
      x11: 14n,
    });
  });

  it('UDIV, SDIV without a trap: x / 0 = 0, INT_MIN / -1 = INT_MIN', async () => {
    const r = await run(
      words(
        0x9ac20820, // udiv x0, x1, x2
        0x9ac20c83, // sdiv x3, x4, x2
        0x9adf0825, // udiv x5, x1, xzr
        0x1ac80ce6, // sdiv w6, w7, w8
        0x9ac80d49, // sdiv x9, x10, x8
        0x1ac2088b, // udiv w11, w4, w2
        0xd65f03c0, // ret
      ),
      { x1: 100, x2: 7, x4: -100n, x7: 0x80000000n, x8: -1n, x10: 0x8000000000000000n },
    );
    expectRegs(r, {
      x0: 14n,
      x3: -14n,
      x5: 0n,
      x6: 0x80000000n,
      x9: 0x8000000000000000n,
      x11: 0xffffff9cn / 7n,
    });
  });

  it('LSLV, LSRV, ASRV, RORV (amount modulo the width)', async () => {
    const r = await run(
      words(
        0x9ac22020, // lsl x0, x1, x2
        0x1ac22423, // lsr w3, w1, w2
        0x9ac228a4, // asr x4, x5, x2
        0x9ac22c26, // ror x6, x1, x2
        0x1ac82027, // lsl w7, w1, w8
        0xd65f03c0, // ret
      ),
      { x1: 0x80000001n, x2: 68, x5: -256n, x8: 33 },
    );
    expectRegs(r, {
      x0: 0x800000010n,
      x3: 0x08000000n,
      x4: -16n,
      x6: 0x1000000008000000n,
      x7: 2n,
    });
  });

  it('CRC32B and CRC32CB: the CRC-32 and CRC-32C of "a" (with the usual ~ before and after)', async () => {
    const r = await run(
      words(
        0x1ac14002, // crc32b w2, w0, w1
        0x1ac15003, // crc32cb w3, w0, w1
        0x9ac54c04, // crc32x w4, w0, x5
        0xd65f03c0, // ret
      ),
      { x0: 0xffffffff, x1: 0x61, x5: 0 },
    );
    // CRC-32 of eight zero bytes: 0x6522df69
    expectRegs(r, { x2: 0xffffffffn ^ 0xe8b7be43n, x3: 0xffffffffn ^ 0xc1d04330n, x4: 0xffffffffn ^ 0x6522df69n });
  });

  it('CLZ, CLS, RBIT, REV, REV16, REV32', async () => {
    const r = await run(
      words(
        0xdac01020, // clz x0, x1
        0x5ac013e2, // clz w2, wzr
        0xdac01483, // cls x3, x4
        0x5ac01425, // cls w5, w1
        0xdac00026, // rbit x6, x1
        0x5ac00027, // rbit w7, w1
        0xdac00d28, // rev x8, x9
        0x5ac0092a, // rev w10, w9
        0xdac0052b, // rev16 x11, x9
        0xdac0092c, // rev32 x12, x9
        0xd65f03c0, // ret
      ),
      { x1: 0x80000001n, x4: -1n, x9: 0x0102030405060708n },
    );
    expectRegs(r, {
      x0: 32n,
      x2: 32n,
      x3: 63n,
      x5: 0n,
      x6: 0x8000000100000000n,
      x7: 0x80000001n,
      x8: 0x0807060504030201n,
      x10: 0x08070605n,
      x11: 0x0201040306050807n,
      x12: 0x0403020108070605n,
    });
  });
});

describe('AArch64 loads and stores', () => {
  it('every size, signed and unsigned, unsigned offset and unscaled', async () => {
    const r = await run(
      words(
        0xf9000001, // str x1, [x0]
        0xb9000801, // str w1, [x0, #8]
        0x79001801, // strh w1, [x0, #12]
        0x39003801, // strb w1, [x0, #14]
        0xf8011001, // stur x1, [x0, #17]
        0xf9400002, // ldr x2, [x0]
        0x39401c03, // ldrb w3, [x0, #7]
        0x39801c04, // ldrsb x4, [x0, #7]
        0x39c01c05, // ldrsb w5, [x0, #7]
        0x79400c06, // ldrh w6, [x0, #6]
        0x79800c07, // ldrsh x7, [x0, #6]
        0xb9800408, // ldrsw x8, [x0, #4]
        0xf8411009, // ldur x9, [x0, #17]
        0xb840000a, // ldur w10, [x0, #-0]
        0xb940080b, // ldr w11, [x0, #8]
        0xd65f03c0, // ret
      ),
      { x0: RAM, x1: 0x80818283f4f5f6f7n },
    );
    expectRegs(r, {
      x2: 0x80818283f4f5f6f7n,
      x3: 0x80n,
      x4: -0x80n,
      x5: 0xffffff80n,
      x6: 0x8081n,
      x7: -0x7f7fn,
      x8: -0x7f7e7d7dn,
      x9: 0x80818283f4f5f6f7n,
      x10: 0xf4f5f6f7n,
      x11: 0xf4f5f6f7n,
    });
    expect(Array.from(r.ram.slice(8, 25))).toEqual([
      0xf7, 0xf6, 0xf5, 0xf4, 0xf7, 0xf6, 0xf7, 0, 0, 0xf7, 0xf6, 0xf5, 0xf4, 0x83, 0x82, 0x81, 0x80,
    ]);
  });

  it('pre- and post-index write back the base; register offsets extend and scale', async () => {
    const r = await run(
      words(
        0xf8010c01, // str x1, [x0, #16]!
        0xf8008402, // str x2, [x0], #8
        0xf85f8003, // ldr x3, [x0, #-8]
        0xf86678a4, // ldr x4, [x5, x6, lsl #3]
        0xb868d8a7, // ldr w7, [x5, w8, sxtw #2]
        0x386a48a9, // ldrb w9, [x5, w10, uxtw]
        0xd65f03c0, // ret
      ),
      { x0: RAM, x1: 0x11n, x2: 0x22n, x5: RAM + 0x20n, x6: -2n, x8: -4n, x10: 0x10 },
    );
    expectRegs(r, { x0: RAM + 0x18n, x3: 0x22n, x4: 0x22n, x7: 0x22n, x9: 0n });
    expect(ramU64(r, 0x10)).toBe(0x22n);
  });

  it('LDP/STP of W and X registers, pre/post index, LDPSW, and a 16-byte frame on sp', async () => {
    const r = await run(
      words(
        0xa9bf7bfd, // stp x29, x30, [sp, #-16]!
        0x910003fd, // mov x29, sp
        0x29000801, // stp w1, w2, [x0]
        0x29401003, // ldp w3, w4, [x0]
        0x69401805, // ldpsw x5, x6, [x0]
        0xa9010801, // stp x1, x2, [x0, #16]
        0xa9412007, // ldp x7, x8, [x0, #16]
        0xa8c17bfd, // ldp x29, x30, [sp], #16
        0xd65f03c0, // ret
      ),
      { x0: RAM, x1: 0x80000001n, x2: 0x7fffffffn, x29: 0x1234n },
    );
    expectRegs(r, {
      x29: 0x1234n,
      x3: 0x80000001n,
      x4: 0x7fffffffn,
      x5: 0xffffffff80000001n,
      x6: 0x7fffffffn,
      x7: 0x80000001n,
      x8: 0x7fffffffn,
      sp: 0x20000100n,
    });
    expect(ramU64(r, 0xf8)).toBe(0xf0000000n);
  });

  it('LDR (literal) and LDRSW (literal) read pc-relative data', async () => {
    const r = await run(
      words(
        0x58000080, // ldr x0, lit; ldr w1, lit; ldrsw x2, lit+4; ret; lit: .quad 0x8000000112345678
        0x18000061,
        0x98000062,
        0xd65f03c0,
        0x12345678,
        0x80000001,
      ),
    );
    expectRegs(r, { x0: 0x8000000112345678n, x1: 0x12345678n, x2: -0x7fffffffn });
  });

  it('unaligned normal accesses work (SCTLR_EL1.A clear)', async () => {
    const r = await run(
      words(
        0xf9000001, // str x1, [x0]
        0xf9400002, // ldr x2, [x0]
        0x29401003, // ldp w3, w4, [x0]
        0xd65f03c0, // ret
      ),
      { x0: RAM + 3n, x1: 0x0102030405060708n },
    );
    expectRegs(r, { x2: 0x0102030405060708n, x3: 0x05060708n, x4: 0x01020304n });
  });

  it('a misaligned sp as a base raises the SP alignment fault (SCTLR_EL1.SA set)', async () => {
    const r = await run(
      words(
        0xd10023ff, // sub sp, sp, #8
        0xf90003e0, // str x0, [sp]
        0xd65f03c0, // ret
      ),
    );
    expect(r.fault).toBe(FAULT_UNALIGNED);
    expect(r.faultNote).toBe('SP alignment fault');
    expect(r.pc).toBe(0x1004n);
    expect(r.instructions).toBe(1);
  });

  it('LDXR/STXR succeed once, a second STXR fails; LDAXR/STLXR/LDAR/STLR; CLREX', async () => {
    const r = await run(
      words(
        0xc85f7c01, // ldxr x1, [x0]
        0x91000421, // add x1, x1, #1
        0xc8027c01, // stxr w2, x1, [x0]
        0xc8037c01, // stxr w3, x1, [x0]
        0x885ffc04, // ldaxr w4, [x0]
        0xd5033f5f, // clrex
        0x8805fc04, // stlxr w5, w4, [x0]
        0xc89ffc09, // stlr x9, [x0, #0]
        0xc8dffc06, // ldar x6, [x0]
        0xc87f2007, // ldxp x7, x8, [x0]
        0xc82a1c08, // stxp w10, x8, x7, [x0]
        0x085f7c0b, // ldxrb w11, [x0]
        0xd65f03c0, // ret
      ),
      { x0: RAM, x9: 0x1122334455667788n },
    );
    expectRegs(r, {
      x1: 1n,
      x2: 0n,
      x3: 1n,
      x4: 1n,
      x5: 1n,
      x6: 0x1122334455667788n,
      x7: 0x1122334455667788n,
      x8: 0n,
      x10: 0n,
      x11: 0n,
    });
    expect(ramU64(r, 0)).toBe(0n);
    expect(ramU64(r, 8)).toBe(0x1122334455667788n);
  });

  it('a misaligned exclusive raises an alignment fault at its address', async () => {
    const r = await run(
      words(
        0x885f7c01, // ldxr w1, [x0]
        0xd65f03c0, // ret
      ),
      { x0: RAM + 2n },
    );
    expect(r.fault).toBe(FAULT_UNALIGNED);
    expect(r.faultNote).toBe('Alignment fault');
    expect(r.faultAddr).toBe(RAM + 2n);
    expect(r.pc).toBe(0x1000n);
  });

  it('a store to the read-only code stops before the instruction completes', async () => {
    const r = await run(
      words(
        0xd2820000, // mov x0, #0x1000
        0xf9000001, // str x1, [x0]
        0xd65f03c0, // ret
      ),
    );
    expect(r.stop).toBe(FAULT_WRITE_READONLY);
    expect(r.faultAddr).toBe(0x1000n);
    expect(r.pc).toBe(0x1004n);
    expect(r.instructions).toBe(1);
  });
});

describe('AArch64 branches', () => {
  it('a B.cond loop, CBZ/CBNZ, TBZ/TBNZ', async () => {
    const r = await run(
      words(
        0xd2800000, // mov x0, #0
        0xd2800141, // mov x1, #10
        0x8b010000, // loop: add x0, x0, x1
        0xf1000421, // subs x1, x1, #1
        0x54ffffc1, // b.ne loop
        0xb4000041, // cbz x1, 1f
        0xd2800c60, // mov x0, #99
        0xb5000040, // 1: cbnz x0, 2f
        0xd2800c40, // mov x0, #98
        0x36000040, // 2: tbz x0, #0, 3f
        0xd2800022, // mov x2, #1
        0x37280040, // 3: tbnz x0, #5, 4f
        0xd2800023, // mov x3, #1
        0xd65f03c0, // 4: ret
      ),
    );
    expectRegs(r, { x0: 55n, x2: 1n, x3: 0n });
  });

  it('B, BL, BLR, BR and RET through x30 and another register', async () => {
    const r = await run(
      words(
        0xaa1e03f3, // mov x19, x30
        0x94000008, // bl f
        0x10000129, // adr x9, g
        0xd63f0120, // blr x9
        0x1000006a, // adr x10, h
        0xd61f0140, // br x10
        0xd28009a0, // mov x0, #77
        0xaa1303fe, // h: mov x30, x19
        0xd65f03c0, // ret
        0xd2800021, // f: mov x1, #1
        0xd65f03c0, // ret
        0xaa1e03e2, // g: mov x2, x30
        0xd65f0040, // ret x2
      ),
    );
    expectRegs(r, { x1: 1n, x2: 0x1010n, x0: 0n });
  });
});

describe('AArch64 system instructions', () => {
  it('hints and barriers do nothing; TPIDR_EL0, NZCV, FPCR move through MSR/MRS; the counters read', async () => {
    const r = await run(
      words(
        0xd503201f, // nop
        0xd503203f, // yield
        0xd5033bbf, // dmb ish
        0xd5033f9f, // dsb sy
        0xd5033fdf, // isb
        0xd51bd041, // msr tpidr_el0, x1
        0xd53bd042, // mrs x2, tpidr_el0
        0xd51b4203, // msr nzcv, x3
        0xd53b4204, // mrs x4, nzcv
        0xd53be005, // mrs x5, cntfrq_el0
        0xd53be046, // mrs x6, cntvct_el0
        0xd51b4407, // msr fpcr, x7
        0xd53b4408, // mrs x8, fpcr
        0xd50342df, // msr daifset, #2
        0xd53b4229, // mrs x9, daif
        0xd50342ff, // msr daifclr, #2
        0xd65f03c0, // ret
      ),
      { x1: 0xabcn, x3: 0xf0000000n, x7: 0x00c00000n },
    );
    expectRegs(r, {
      x2: 0xabcn,
      x4: 0xf0000000n,
      x5: 10000000n,
      x6: 10n, // instructions before it
      x8: 0x00c00000n,
      x9: 0xc0n,
    });
  });

  it('other system registers, BRK and unallocated encodings are undefined instructions', async () => {
    const mrs = await run(
      words(
        0xd5381000, // mrs x0, sctlr_el1
      ),
    );
    expect(mrs).toMatchObject({ fault: FAULT_UNDEF, faultInsn: 0xd5381000, faultNote: 'Unknown reason', pc: 0x1000n });
    const brk = await run(
      words(
        0xd4207d00, // brk #0x3e8
      ),
    );
    expect(brk).toMatchObject({ fault: FAULT_UNDEF, faultInsn: 0xd4207d00, faultNote: 'BRK' });
    // ARCH_EXCEPT(): k_oops(), k_panic() (fatal.ts prints the reason from x8)
    const svc = await run(
      words(
        0xd4000041, // svc #2
      ),
    );
    expect(svc).toMatchObject({ fault: FAULT_UNDEF, faultInsn: 0xd4000041, faultNote: 'SVC', pc: 0x1000n });
    const udf = await run(words(0x00000000));
    expect(udf).toMatchObject({ fault: FAULT_UNDEF, faultInsn: 0, instructions: 0 });
    // LDADD (ARMv8.1 atomics) is not a Cortex-A53 instruction
    const ldadd = await run(
      words(
        0xf8210002, // ldadd x1, x2, [x0]
      ),
      { x0: RAM },
    );
    expect(ldadd).toMatchObject({ fault: FAULT_UNDEF, faultInsn: 0xf8210002 });
  });

  it('a branch to a misaligned address raises the PC alignment fault', async () => {
    const r = await run(
      words(
        0xd61f0020, // br x1
      ),
      { x1: 0x1002 },
    );
    expect(r).toMatchObject({ fault: FAULT_UNALIGNED, faultNote: 'PC alignment fault', pc: 0x1002n, instructions: 1 });
  });
});

describe('AArch64 floating point', () => {
  it('FMOV immediates and between registers; FADD, FSUB, FMUL, FDIV, FNMUL in S and D', async () => {
    const r = await run(
      words(
        0x1e6f1000, // fmov d0, #1.5
        0x1e301001, // fmov s1, #-2.0
        0x9e670022, // fmov d2, x1
        0x1e622803, // fadd d3, d0, d2
        0x1e623804, // fsub d4, d0, d2
        0x1e620805, // fmul d5, d0, d2
        0x1e601846, // fdiv d6, d2, d0
        0x1e212827, // fadd s7, s1, s1
        0x1e210828, // fmul s8, s1, s1
        0x1e608809, // fnmul d9, d0, d0
        0x9e6600c2, // fmov x2, d6
        0x1e260103, // fmov w3, s8
        0xd65f03c0, // ret
      ),
      { x1: f64bits(3) },
    );
    expectRegs(r, {
      v0: f64bits(1.5),
      v1: f32bits(-2),
      v3: f64bits(4.5),
      v4: f64bits(-1.5),
      v5: f64bits(4.5),
      v6: f64bits(2),
      v7: f32bits(-4),
      v8: f32bits(4),
      v9: f64bits(-2.25),
      x2: f64bits(2),
      x3: f32bits(4),
    });
  });

  it('FNEG, FABS, FSQRT, FMIN/FMAX with signed zeros, FMAXNM with a quiet NaN, FRINT*', async () => {
    const r = await run(
      words(
        0x1e614001, // fneg d1, d0
        0x1e60c022, // fabs d2, d1
        0x1e61c003, // fsqrt d3, d0
        0x9e6703e4, // fmov d4, xzr
        0x1e614085, // fneg d5, d4
        0x1e655886, // fmin d6, d4, d5
        0x1e6448a7, // fmax d7, d5, d4
        0x1e606928, // fmaxnm d8, d9, d0
        0x1e60492a, // fmax d10, d9, d0
        0x1e65418b, // frintm d11, d12
        0x1e64c18d, // frintp d13, d12
        0x1e6641ee, // frinta d14, d15
        0x1e6441f0, // frintn d16, d15
        0x1e25c251, // frintz s17, s18
        0xd65f03c0, // ret
      ),
      { v0: f64bits(2.25), v9: 0x7ff8000000000123n, v12: f64bits(-1.5), v15: f64bits(2.5), v18: f32bits(-0.75) },
    );
    expectRegs(r, {
      v1: f64bits(-2.25),
      v2: f64bits(2.25),
      v3: f64bits(1.5),
      v6: 0x8000000000000000n,
      v7: 0n,
      v8: f64bits(2.25),
      v10: 0x7ff8000000000123n,
      v11: f64bits(-2),
      v13: 0x8000000000000000n | f64bits(1),
      v14: f64bits(3),
      v16: f64bits(2),
      v17: 0x80000000n,
    });
  });

  it('NaNs: a signalling NaN operand comes back quieted, 0 * inf is the default NaN', async () => {
    const r = await run(
      words(
        0x1e612802, // fadd d2, d0, d1
        0x1e650883, // fmul d3, d4, d5
        0x1e2828e6, // fadd s6, s7, s8
        0x1e6538a9, // fsub d9, d5, d5
        0xd65f03c0, // ret
      ),
      { v0: f64bits(1), v1: 0xfff0000000000001n, v4: 0n, v5: f64bits(Infinity), v7: 0x7f800001n, v8: 0x7fc00002n },
    );
    expectRegs(r, {
      v2: 0xfff8000000000001n,
      v3: 0x7ff8000000000000n,
      v6: 0x7fc00001n,
      v9: 0x7ff8000000000000n,
    });
  });

  it('FMADD, FMSUB, FNMADD, FNMSUB are fused', async () => {
    // 1 + 2^-30 squared is 1 + 2^-29 + 2^-60: the 2^-60 term survives only without a rounding
    // of the product.
    const r = await run(
      words(
        0x1f400403, // fmadd d3, d0, d0, d1
        0x1f428404, // fmsub d4, d0, d2, d1
        0x1f620405, // fnmadd d5, d0, d2, d1
        0x1f628406, // fnmsub d6, d0, d2, d1
        0x1f092907, // fmadd s7, s8, s9, s10
        0xd65f03c0, // ret
      ),
      {
        v0: f64bits(1 + 2 ** -30),
        v1: f64bits(-(1 + 2 ** -29)),
        v2: f64bits(2),
        v8: f32bits(3),
        v9: f32bits(4),
        v10: f32bits(0.5),
      },
    );
    const a = 1 + 2 ** -30;
    const c = -(1 + 2 ** -29);
    expectRegs(r, {
      v3: f64bits(2 ** -60),
      v4: f64bits(c - a * 2),
      v5: f64bits(-c - a * 2),
      v6: f64bits(-c + a * 2),
      v7: f32bits(12.5),
    });
  });

  it('the fused result is rounded once, down to subnormals, and keeps the signs of zeros', async () => {
    // 1.5 * 2^-537 * 2^-537 = 1.5 * 2^-1074, plus 2^-1074: 2.5 ulp of the smallest subnormal,
    // a tie that rounds to 2 (rounding the product first would give 3). A product that
    // underflows keeps its sign against a +0 addend; a zero product follows -0 + +0 = +0.
    const r = await run(
      words(
        0x1f410803, // fmadd d3, d0, d1, d2
        0x1f461ca4, // fmadd d4, d5, d6, d7
        0x1f0a2d28, // fmadd s8, s9, s10, s11
        0xd65f03c0, // ret
      ),
      {
        v0: 0x1e68000000000000n,
        v1: 0x1e60000000000000n,
        v2: 1n,
        v5: 0x9a70000000000000n, // -2^-600
        v6: 0x1a70000000000000n, // 2^-600
        v7: 0n,
        v9: 0x80000000n,
        v10: f32bits(3),
        v11: 0n,
      },
    );
    expectRegs(r, { v3: 2n, v4: 0x8000000000000000n, v8: 0n });
  });

  it('FNMUL negates a NaN too; FMSUB of +inf and a product that overflows a double is +inf', async () => {
    const r = await run(
      words(
        0x1e618802, // fnmul d2, d0, d1
        0x1f449483, // fmsub d3, d4, d4, d5
        0xd65f03c0, // ret
      ),
      { v0: 0x7ff4000000000001n, v1: f64bits(1), v4: f64bits(1e200), v5: f64bits(Infinity) },
    );
    expectRegs(r, { v2: 0xfffc000000000001n, v3: f64bits(Infinity) });
  });

  it('FCVT to and from half precision; fixed-point SCVTF, UCVTF, FCVTZS, FCVTZU', async () => {
    const r = await run(
      words(
        0x1e23c0e6, // fcvt h6, s7
        0x1e63c128, // fcvt h8, d9
        0x1e63c020, // fcvt h0, d1
        0x1ee2416a, // fcvt s10, h11
        0x1ee2c1ac, // fcvt d12, h13
        0x9e42c1ee, // scvtf d14, x15, #16
        0x1e18e230, // fcvtzs w16, s17, #8
        0x6f3ce672, // ucvtf v18.4s, v19.4s, #4
        0x7f7ffeb4, // fcvtzu d20, d21, #1
        0xd65f03c0, // ret
      ),
      {
        v7: f32bits(1.5),
        v9: f64bits(65520),
        v1: f64bits(6e-8),
        v11: 0x3555n,
        v13: 1n,
        x15: 0x18000n,
        v17: f32bits(-1.75),
        v19: 0x0000002000000010n,
        v21: f64bits(2.75),
      },
    );
    expectRegs(r, {
      v6: 0x3e00n,
      v8: 0x7c00n, // 65520 is halfway to the next power of two: rounds to infinity
      v0: 1n, // 6e-8 is about 2^-24, the smallest subnormal half
      v10: 0x3eaaa000n,
      v12: 0x3e70000000000000n, // 2^-24
      v14: f64bits(1.5),
      x16: 0xfffffe40n, // -448
      v18: f32bits(1) | (f32bits(2) << 32n),
      v20: 5n,
    });
  });

  it('FCMP, FCMPE with zero, FCCMP and FCSEL; unordered compares set C and V', async () => {
    const r = await run(
      words(
        0x1e612000, // fcmp d0, d1
        0xd53b4200, // mrs x0, nzcv
        0x1e602020, // fcmp d1, d0
        0xd53b4201, // mrs x1, nzcv
        0x1e602018, // fcmpe d0, #0.0
        0xd53b4202, // mrs x2, nzcv
        0x1e632000, // fcmp d0, d3
        0xd53b4203, // mrs x3, nzcv
        0x1e602000, // fcmp d0, d0
        0x1e610400, // fccmp d0, d1, #0, eq
        0xd53b4204, // mrs x4, nzcv
        0x1e610404, // fccmp d0, d1, #4, eq
        0xd53b4205, // mrs x5, nzcv
        0x1e610c06, // fcsel d6, d0, d1, eq
        0x1e252080, // fcmp s4, s5
        0xd53b4207, // mrs x7, nzcv
        0xd65f03c0, // ret
      ),
      { v0: f64bits(1), v1: f64bits(2), v3: 0x7ff8000000000000n, v4: f32bits(-0), v5: f32bits(0) },
    );
    expectRegs(r, {
      x0: 0x80000000n,
      x1: 0x20000000n,
      x2: 0x20000000n,
      x3: 0x30000000n,
      x4: 0x80000000n,
      x5: 0x40000000n,
      v6: f64bits(1),
      x7: 0x60000000n,
    });
  });

  it('SCVTF, UCVTF, FCVTZS, FCVTZU (saturating, NaN to 0), FCVTMS/PS/AS/NS, FCVT S<->D', async () => {
    const r = await run(
      words(
        0x9e620020, // scvtf d0, x1
        0x9e630021, // ucvtf d1, x1
        0x1e220062, // scvtf s2, w3
        0x9e7800a4, // fcvtzs x4, d5
        0x9e7900a6, // fcvtzu x6, d5
        0x1e780107, // fcvtzs w7, d8
        0x1e790149, // fcvtzu w9, d10
        0x9e78018b, // fcvtzs x11, d12
        0x9e7001cd, // fcvtms x13, d14
        0x9e6801cf, // fcvtps x15, d14
        0x9e6401d0, // fcvtas x16, d14
        0x9e6001d1, // fcvtns x17, d14
        0x1e6241d2, // fcvt s18, d14
        0x1e22c053, // fcvt d19, s2
        0xd65f03c0, // ret
      ),
      {
        x1: -1n,
        x3: -3n,
        v5: f64bits(-2.9),
        v8: f64bits(1e20),
        v10: f64bits(-5),
        v12: 0x7ff8000000000000n,
        v14: f64bits(-2.5),
      },
    );
    expectRegs(r, {
      v0: f64bits(-1),
      v1: f64bits(18446744073709551615),
      v2: f32bits(-3),
      x4: -2n,
      x6: 0n,
      x7: 0x7fffffffn,
      x9: 0n,
      x11: 0n,
      x13: -3n,
      x15: -2n,
      x16: -3n,
      x17: -2n,
      v18: f32bits(-2.5),
      v19: f64bits(-3),
    });
  });

  it('LDR/STR of S, D and Q registers, LDP/STP of D and Q, LDR (literal) of a D register', async () => {
    const r = await run(
      words(
        0x5c000120, // ldr d0, lit; str d0, [x0]; ldr s1, [x0, #4]; str s1, [x0, #8]; ldr q2, [x0]; str q2, [x0, #16]!; stp d0, d0, [x0, #16]; ldp q3, q4, [x0]; ret; lit: .quad 0x4000000000000001
        0xfd000000,
        0xbd400401,
        0xbd000801,
        0x3dc00002,
        0x3c810c02,
        0x6d010000,
        0xad401003,
        0xd65f03c0,
        0x00000001,
        0x40000000,
      ),
      { x0: RAM },
    );
    expectRegs(r, {
      v0: 0x4000000000000001n,
      v1: 0x40000000n,
      v2: 0x4000000000000001n,
      v3: 0x4000000000000001n,
      v4: 0x4000000000000001n,
      x0: RAM + 16n,
    });
    expect(ramU64(r, 8)).toBe(0x40000000n);
    expect(ramU64(r, 24)).toBe(0x40000000n);
    expect(ramU64(r, 40)).toBe(0x4000000000000001n);
  });
});

describe('AArch64 Advanced SIMD (what memcpy and memset code uses)', () => {
  it('MOVI, DUP (general), STP of Q registers, INS, UMOV, ORR (vector)', async () => {
    const r = await run(
      words(
        0x6f00e400, // movi v0.2d, #0
        0x4e010c21, // dup v1.16b, w1
        0xad000001, // stp q1, q0, [x0]
        0x4f002642, // movi v2.4s, #0x12, lsl #8
        0x4e181c42, // ins v2.d[1], x2
        0x4e183c43, // umov x3, v2.d[1]
        0x0e033c44, // umov w4, v2.b[1]
        0x4ea21c45, // mov v5.16b, v2.16b
        0x4e183ca6, // mov x6, v5.d[1]
        0x2f05e547, // movi d7, #0xff00ff00ff00ff00
        0x2f008428, // mvni v8.4h, #1
        0x4e0c0449, // dup v9.4s, v2.s[1]
        0xd65f03c0, // ret
      ),
      { x0: RAM, x1: 0x1ab, x2: 0x1122334455667788n },
    );
    expectRegs(r, {
      v1: 0xababababababababn,
      v2: 0x0000120000001200n,
      x3: 0x1122334455667788n,
      x4: 0x12n,
      x6: 0x1122334455667788n,
      v7: 0xff00ff00ff00ff00n,
      v8: 0xfffefffefffefffen,
      v9: 0x0000120000001200n,
    });
    expect(Array.from(r.ram.slice(0, 18))).toEqual([...Array(16).fill(0xab), 0, 0]);
  });

  it('CNT and ADDV count bits as __builtin_popcountll compiles', async () => {
    const r = await run(
      words(
        0x9e670020, // fmov d0, x1
        0x0e205800, // cnt v0.8b, v0.8b
        0x0e31b800, // addv b0, v0.8b
        0x1e260000, // fmov w0, s0
        0xd65f03c0, // ret
      ),
      { x1: 0xf0f0000000000fffn },
    );
    expectRegs(r, { x0: 20n });
  });
});

describe('AArch64 Advanced SIMD arithmetic (what vectorised loops use)', () => {
  it('integer lanes: ADD, SUB, MUL, SHL, USHR, SSHR, CMGT and BSL, UZP1, ZIP1, XTN, UXTL, ADDV, UMAXV', async () => {
    const r = await run(
      words(
        0x4e040c20, // dup v0.4s, w1
        0x4f000461, // movi v1.4s, #3
        0x4ea18402, // add v2.4s, v0.4s, v1.4s
        0x6e608423, // sub v3.8h, v1.8h, v0.8h
        0x4ea19c04, // mul v4.4s, v0.4s, v1.4s
        0x4f0b5425, // shl v5.16b, v1.16b, #3
        0x6f7c0406, // ushr v6.2d, v0.2d, #4
        0x4f3f0467, // sshr v7.4s, v3.4s, #1
        0x4ea13408, // cmgt v8.4s, v0.4s, v1.4s
        0x6e601c28, // bsl v8.16b, v1.16b, v0.16b
        0x4e441849, // uzp1 v9.8h, v2.8h, v4.8h
        0x4e00382a, // zip1 v10.16b, v1.16b, v0.16b
        0x0e61284b, // xtn v11.4h, v2.4s
        0x2f20a56c, // uxtl v12.2d, v11.2s
        0x4eb1b84d, // addv s13, v2.4s
        0x6e70a86e, // umaxv h14, v3.8h
        0x4e183c42, // umov x2, v2.d[1]
        0x4e183d23, // umov x3, v9.d[1]
        0x4e183d84, // umov x4, v12.d[1]
        0xd65f03c0, // ret
      ),
      { x1: 0x10 },
    );
    expectRegs(r, {
      v2: 0x0000001300000013n,
      x2: 0x0000001300000013n,
      v3: 0x0000fff30000fff3n,
      v4: 0x0000003000000030n,
      v5: 0x0000001800000018n,
      v6: 0x0000000100000001n,
      v7: 0x00007ff900007ff9n,
      v8: 0x0000000300000003n,
      v9: 0x0013001300130013n,
      x3: 0x0030003000300030n,
      v10: 0x0000000000001003n,
      v11: 0x0013001300130013n,
      v12: 0x130013n,
      x4: 0x130013n,
      v13: 0x4cn,
      v14: 0xfff3n,
    });
  });

  it('LD1/LD2/ST1 multiple and single structures, LD1R; FP lanes; EXT, TBL; scalar ADDP, SCVTF, DUP', async () => {
    const r = await run(
      words(
        0xa9002c0a, // stp x10, x11, [x0]
        0xa901340c, // stp x12, x13, [x0, #16]
        0xaa0003e1, // mov x1, x0
        0x91010002, // add x2, x0, #64
        0x91018003, // add x3, x0, #96
        0x4cdfa800, // ld1 {v0.4s, v1.4s}, [x0], #32
        0x4c408822, // ld2 {v2.4s, v3.4s}, [x1]
        0x4c007042, // st1 {v2.16b}, [x2]
        0x4d40c824, // ld1r {v4.4s}, [x1]
        0x0d409025, // ld1 {v5.s}[1], [x1]
        0x4d008461, // st1 {v1.d}[1], [x3]
        0x4e21d80b, // scvtf v11.4s, v0.4s
        0x4e2bd566, // fadd v6.4s, v11.4s, v11.4s
        0x7e30d8ca, // faddp s10, v6.2s
        0x4ea1b8cc, // fcvtzs v12.4s, v6.4s
        0x4ea0c8cd, // fcmgt v13.4s, v6.4s, #0.0
        0x9eaf00a9, // fmov v9.d[1], x5
        0x4fc91907, // fmla v7.2d, v8.2d, v9.d[1]
        0x6e01200e, // ext v14.16b, v0.16b, v1.16b, #4
        0x0e10000f, // tbl v15.8b, {v0.16b}, v16.8b
        0x5ef1b811, // addp d17, v0.2d
        0x5e61da72, // scvtf d18, d19
        0x5e1c0414, // mov s20, v0.s[3]
        0xd65f03c0, // ret
      ),
      {
        x0: RAM,
        x10: 0x0000000200000001n,
        x11: 0x0000000400000003n,
        x12: 0x0000000600000005n,
        x13: 0x0000000800000007n,
        x5: f64bits(3),
        v7: f64bits(1),
        v8: f64bits(2),
        v16: 0x00000000ff000004n,
        v19: 5n,
      },
    );
    expectRegs(r, {
      x0: RAM + 32n,
      v0: 0x0000000200000001n,
      v1: 0x0000000600000005n,
      v2: 0x0000000300000001n,
      v3: 0x0000000400000002n,
      v4: 0x0000000100000001n,
      v5: 0x0000000100000000n,
      v6: f32bits(2) | (f32bits(4) << 32n),
      v7: f64bits(7),
      v10: f32bits(6),
      v11: f32bits(1) | (f32bits(2) << 32n),
      v12: 0x0000000400000002n,
      v13: 0xffffffffffffffffn,
      v14: 0x0000000300000002n,
      v15: 0x0101010100010102n,
      v17: 0x0000000600000004n,
      v18: f64bits(5),
      v20: 4n,
    });
    expect([ramU64(r, 64), ramU64(r, 72), ramU64(r, 96)]).toEqual([0x0000000300000001n, 0x0000000700000005n, 0x0000000800000007n]);
  });
});

describe('AArch64 arguments as the host side reads them (AAPCS64)', () => {
  it('integer arguments from x0-x7, then 8-byte stack slots', async () => {
    const ram = new Uint8Array(64);
    new DataView(ram.buffer).setBigUint64(48, 0x99n, true);
    new DataView(ram.buffer).setBigUint64(56, 0xaan, true);
    const got = await readArgs(CORE, 'args', ['0', '7', '8', '9'], {
      ram,
      regs: { x0: 1, x7: 7, sp: 0x20000030 },
    });
    expect(got).toEqual(['0x1', '0x7', '0x99', '0xaa']);
  });

  it('variadic integers continue in x registers then the stack; doubles come from v0-v7', async () => {
    const ram = new Uint8Array(64);
    new DataView(ram.buffer).setBigUint64(48, 0xfeedn, true);
    const got = await readArgs(CORE, 'varargs:6', ['32', 'f64', '64', 'f64', 'ptr'], {
      ram,
      regs: { x6: 0x1ffffffff, x7: 0x1234567890n, v0: f64bits(2.5), v1: f64bits(-0.125), sp: 0x20000030 },
    });
    expect(got).toEqual(['0xffffffff', '2.5', '0x1234567890', '-0.125', '0xfeed']);
  });

  it('a va_list is the AAPCS64 structure: register save areas, then the stack', async () => {
    // At 0x20000000: the va_list {__stack, __gr_top, __vr_top, __gr_offs, __vr_offs}; the
    // general register save area holds one register below __gr_top (0x20000040), the FP save
    // area one 16-byte register below __vr_top (0x20000060), the stack args at 0x20000060.
    const ram = new Uint8Array(128);
    const dv = new DataView(ram.buffer);
    dv.setBigUint64(0, 0x20000060n, true);
    dv.setBigUint64(8, 0x20000040n, true);
    dv.setBigUint64(16, 0x20000060n, true);
    dv.setInt32(24, -8, true);
    dv.setInt32(28, -16, true);
    dv.setBigUint64(0x38, 0x77n, true);
    dv.setFloat64(0x50, 6.5, true);
    dv.setBigUint64(0x60, 0x88n, true);
    dv.setFloat64(0x68, -1.25, true);
    const got = await readArgs(CORE, 'valist:0x20000000', ['64', 'f64', '32', 'f64'], { ram });
    expect(got).toEqual(['0x77', '6.5', '0x88', '-1.25']);
  });
});

describe('AArch64 samples called through the engine (qemu_cortex_a53)', () => {
  async function callEntry(id: string) {
    const entry = readCatalogue().find((e) => e.id === id)!;
    const files = loadOrderOf(entry).map((p) => ({ name: 'ext.llext', bytes: new Uint8Array(readFileSync(join(SAMPLES_DIR, p))) }));
    const s = await prepareSession({
      board: entry.board,
      files,
      prjConf: prjConfOf(entry),
      actions: [
        { kind: 'load', name: 'ext', file: 0 },
        { kind: 'call', name: 'ext', fn: 'test_entry' },
      ],
    });
    return (await simulate({ files: s.files, config: s.config })).document;
  }

  for (const id of ['hello_world-arm64', 'hello_world-arm64-slid', 'data_mix-arm64', 'data_mix-arm64-large']) {
    it(`${id}: test_entry runs to its return`, async () => {
      const doc = await callEntry(id);
      expect(doc.ok).toBe(true);
      const c = doc.calls[0]!;
      expect(c.fault).toBeNull();
      if (id.startsWith('hello_world')) {
        // number sits in the extension's .rodata, the first page after its text
        expect(c).toMatchObject({ console: 'hello world\nA number is 42 (at 0x4005d034)\n', ret: '0x0000000000000000', instructions: 12 });
      } else {
        // op_add(1, 4) + op_sub(20, 40) = -15, an int in w0 (the upper half of x0 zeroed)
        expect(c).toMatchObject({
          console: 'add -> 5\nsub -> -20\ncalls made: 7, scratch at 0x40061000\n',
          ret: '0x00000000fffffff1',
          instructions: 59,
        });
      }
    });
  }
});

describe('AArch64 fault texts (arch/arm64/core/fatal.c)', () => {
  // The test memory: flash at 0x1000, RAM at 0x20000000; nothing else is mapped.
  async function ft(kind: number, pc: bigint, addr: bigint, note = '', insn = 0, write = false): Promise<string[]> {
    const e = await freshTestInstance();
    const regs = Array.from({ length: 31 }, (_, i) => `x${i}=0x${(0x100 + i).toString(16)}`).join(' ');
    return e.testFatalText('arm64', 8, CORE, kind, pc, addr, regs, note, insn, write, 0n).split('\n');
  }
  const DUMP = [
    '<err> os: TPIDRRO: 0x0100000000000000',
    '<err> os: x0:  0x0000000000000100  x1:  0x0000000000000101',
    '<err> os: x2:  0x0000000000000102  x3:  0x0000000000000103',
    '<err> os: x4:  0x0000000000000104  x5:  0x0000000000000105',
    '<err> os: x6:  0x0000000000000106  x7:  0x0000000000000107',
    '<err> os: x8:  0x0000000000000108  x9:  0x0000000000000109',
    '<err> os: x10: 0x000000000000010a  x11: 0x000000000000010b',
    '<err> os: x12: 0x000000000000010c  x13: 0x000000000000010d',
    '<err> os: x14: 0x000000000000010e  x15: 0x000000000000010f',
    '<err> os: x16: 0x0000000000000110  x17: 0x0000000000000111',
    '<err> os: x18: 0x0000000000000112  lr:  0x000000000000011e',
    '<err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0',
    '<err> os: Current thread: 0x20000100 (unknown)',
    '<err> os: Halting system',
    '',
  ];

  it('an undefined instruction: EC 0, "Unknown reason", then the registers', async () => {
    expect(await ft(FAULT_UNDEF, 0x20000040n, 0n, 'Unknown reason', 0)).toEqual([
      '<err> os: ELR_ELn: 0x0000000020000040',
      '<err> os: ESR_ELn: 0x0000000002000000',
      '<err> os:   EC:  0x0 (Unknown reason)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x0',
      ...DUMP,
    ]);
  });

  it('data aborts: translation faults by table level, permission faults, WnR, FAR', async () => {
    const abort = async (kind: number, addr: bigint, write: boolean) => (await ft(kind, 0x20000010n, addr, '', 0, write)).slice(1, 6);
    // nothing mapped in the gigabyte's 2 MiB block: level 2
    expect(await abort(5, 0x30000000n, false)).toEqual([
      '<err> os: ESR_ELn: 0x0000000096000006',
      '<err> os:   EC:  0x25 (Data Abort taken without a change in Exception level)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x6',
      '<err> os: FAR_ELn: 0x0000000030000000',
    ]);
    // a gigabyte with nothing mapped: level 1; beyond the 32-bit address space: level 0
    expect((await abort(5, 0x80000000n, false))[0]).toBe('<err> os: ESR_ELn: 0x0000000096000005');
    expect((await abort(6, 0x100000000n, true))[0]).toBe('<err> os: ESR_ELn: 0x0000000096000044');
    // next to mapped memory: level 3
    expect((await abort(5, 0x20100000n, false))[0]).toBe('<err> os: ESR_ELn: 0x0000000096000007');
    // a store to read-only memory: a permission fault with WnR
    expect(await abort(FAULT_WRITE_READONLY, 0x1010n, true)).toEqual([
      '<err> os: ESR_ELn: 0x000000009600004f',
      '<err> os:   EC:  0x25 (Data Abort taken without a change in Exception level)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x4f',
      '<err> os: FAR_ELn: 0x0000000000001010',
    ]);
  });

  it('k_panic(): SVC #2 with the reason in x8 (ARCH_EXCEPT), ELR past the SVC', async () => {
    const e = await freshTestInstance();
    const text = e.testFatalText('arm64', 8, CORE, FAULT_UNDEF, 0x1000n, 0n, 'x8=4 x30=0x1234', 'SVC', 0xd4000041, false, 0n).split('\n');
    expect(text.slice(0, 5)).toEqual([
      '<err> os: ELR_ELn: 0x0000000000001004',
      '<err> os: ESR_ELn: 0x0000000056000002',
      '<err> os:   EC:  0x15 (Unknown)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x2',
    ]);
    expect(text).toContain('<err> os: >>> ZEPHYR FATAL ERROR 4: Kernel panic on CPU 0');
  });

  it('an instruction abort on execute-never RAM; a misaligned exclusive; BRK; SP and PC alignment', async () => {
    expect((await ft(2, 0x20000010n, 0x20000010n)).slice(0, 6)).toEqual([
      '<err> os: ELR_ELn: 0x0000000020000010',
      '<err> os: ESR_ELn: 0x000000008600000f',
      '<err> os:   EC:  0x21 (Instruction Abort taken without a change in Exception level.)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0xf',
      '<err> os: FAR_ELn: 0x0000000020000010',
    ]);
    // ldxr w1, [x0] at a misaligned x0
    expect((await ft(FAULT_UNALIGNED, 0x1000n, 0x20000002n, 'Alignment fault', 0x885f7c01)).slice(1, 6)).toEqual([
      '<err> os: ESR_ELn: 0x0000000096000021',
      '<err> os:   EC:  0x25 (Data Abort taken without a change in Exception level)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x21',
      '<err> os: FAR_ELn: 0x0000000020000002',
    ]);
    // brk #0x3e8 (__builtin_trap())
    expect((await ft(FAULT_UNDEF, 0x1000n, 0n, 'BRK', 0xd4207d00)).slice(1, 6)).toEqual([
      '<err> os: ESR_ELn: 0x00000000f20003e8',
      '<err> os:   EC:  0x3c (BRK instruction execution in AArch64 state.)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x3e8',
      '<err> os: TPIDRRO: 0x0100000000000000',
    ]);
    expect((await ft(FAULT_UNALIGNED, 0x1004n, 0n, 'SP alignment fault', 0xf90003e0)).slice(1, 3)).toEqual([
      '<err> os: ESR_ELn: 0x000000009a000000',
      '<err> os:   EC:  0x26 (SP alignment fault exception)',
    ]);
    expect((await ft(FAULT_UNALIGNED, 0x1002n, 0n, 'PC alignment fault')).slice(1, 6)).toEqual([
      '<err> os: ESR_ELn: 0x000000008a000000',
      '<err> os:   EC:  0x22 (PC alignment fault exception.)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x0',
      '<err> os: FAR_ELn: 0x0000000000001002',
    ]);
  });
});

describe('AArch64 on compiled code with vector loops', () => {
  // bench/gen/emu/emu_work.c: GCC vectorises the AArch64 build's buffer fill (MOVI, ADD, UZP1,
  // SHL and SUB on vectors, STR q with post-index) and keeps the CRC loop scalar.
  async function emuWork(object: string, board: string, defines: string[]) {
    const bytes = new Uint8Array(readFileSync(new URL(`../../bench/objects/${object}`, import.meta.url)));
    const s = await prepareSession({
      board,
      files: [{ name: 'emu.llext', bytes }],
      defines,
      actions: [
        { kind: 'load', name: 'emu', file: 0 },
        { kind: 'call', name: 'emu', fn: 'emu_work', args: [20n] },
      ],
    });
    return (await simulate({ files: s.files, config: s.config })).document.calls[0]!;
  }

  it('emu_work(20) returns what the RV32IMAC build returns', async () => {
    const a64 = await emuWork('emu-work.aarch64.llext', 'qemu_cortex_a53', ['CONFIG_LLEXT_HEAP_SIZE=64']);
    const rv = await emuWork('emu-work.rv32.llext', 'qemu_riscv32', []);
    expect(a64.fault).toBeNull();
    expect(rv.fault).toBeNull();
    expect(BigInt(a64.ret)).toBe(BigInt(rv.ret));
    expect(a64.instructions).toBe(261608);
  });
});

describe('AArch64 calls through the engine that print doubles or fault (fixtures/run/faults.arm64.S)', () => {
  const fixture = new URL('./fixtures/run/faults.arm64.llext', import.meta.url);
  /** One call of `fn` after a load; `fp`: the image's printk formats floating point. */
  async function callFixture(fn: string, fp = false) {
    const bytes = new Uint8Array(readFileSync(fixture));
    const s = await prepareSession({
      board: 'qemu_cortex_a53',
      files: [{ name: 'faults.llext', bytes }],
      defines: ['CONFIG_LLEXT_HEAP_SIZE=64'],
      actions: [
        { kind: 'load', name: 'faults', file: 0 },
        { kind: 'call', name: 'faults', fn },
      ],
    });
    // CONFIG_CBPRINTF_FP_SUPPORT is an image option the engine input carries as a kconfig line.
    const config = fp
      ? s.config.replace('\nboard qemu_cortex_a53\n', '\nboard qemu_cortex_a53\nkconfig CONFIG_CBPRINTF_FP_SUPPORT y\n')
      : s.config;
    const doc = (await simulate({ files: s.files, config })).document;
    expect(doc.ok).toBe(true);
    return { doc, call: doc.calls[0]! };
  }
  const regionAddr = (doc: { regions: { name: string; addr: string }[] }, name: string) =>
    BigInt(doc.regions.find((r) => r.name === name)!.addr);
  const hex16 = (v: bigint) => '0x' + v.toString(16).padStart(16, '0');

  it('printk takes variadic doubles from v0 and v1, integers and pointers from x1 and x2', async () => {
    const { call } = await callFixture('print_doubles', true);
    expect(call).toMatchObject({ console: '7 1.500000 ok -0.250000\n', fault: null });
    const plain = await callFixture('print_doubles');
    expect(plain.call.console).toBe('7 %f ok %f\n');
  });

  it('a NULL read is a level 2 translation fault, reported as Zephyr does', async () => {
    const { doc, call } = await callFixture('null_read');
    const text = regionAddr(doc, 'TEXT');
    expect(call.fault).toMatchObject({ kind: 'read-unmapped', pc: hex16(text + 4n), addr: hex16(0n) });
    expect(call.fault!.text.split('\n').slice(0, 7)).toEqual([
      `<err> os: ELR_ELn: ${hex16(text + 4n)}`,
      '<err> os: ESR_ELn: 0x0000000096000006',
      '<err> os:   EC:  0x25 (Data Abort taken without a change in Exception level)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0x6',
      '<err> os: FAR_ELn: 0x0000000000000000',
      '<err> os: TPIDRRO: 0x0100000000000000',
    ]);
    expect(call.fault!.text).toContain('<err> os: >>> ZEPHYR FATAL ERROR 0: CPU exception on CPU 0\n');
  });

  it('BRK, a store to read-only text, and a call of a data export (execute-never RAM)', async () => {
    const trap = await callFixture('trap');
    expect(trap.call.fault!.kind).toBe('undefined-instruction');
    expect(trap.call.fault!.text.split('\n').slice(1, 3)).toEqual([
      '<err> os: ESR_ELn: 0x00000000f20003e8',
      '<err> os:   EC:  0x3c (BRK instruction execution in AArch64 state.)',
    ]);
    const write = await callFixture('write_text');
    const text = regionAddr(write.doc, 'TEXT');
    expect(write.call.fault).toMatchObject({ kind: 'write-readonly', addr: hex16(text + 0x10n) });
    expect(write.call.fault!.text).toContain('<err> os: ESR_ELn: 0x000000009600004f\n');
    expect(write.call.fault!.text).toContain('<err> os: x0:  0x0000000000000000  x1:  ' + hex16(text + 0x10n) + '\n');
    const data = await callFixture('counter');
    const at = regionAddr(data.doc, 'DATA');
    expect(data.call).toMatchObject({ instructions: 0 });
    expect(data.call.fault).toMatchObject({ kind: 'no-execute', pc: hex16(at), addr: hex16(at) });
    expect(data.call.fault!.text.split('\n').slice(1, 6)).toEqual([
      '<err> os: ESR_ELn: 0x000000008600000f',
      '<err> os:   EC:  0x21 (Instruction Abort taken without a change in Exception level.)',
      '<err> os:   IL:  0x1',
      '<err> os:   ISS: 0xf',
      `<err> os: FAR_ELn: ${hex16(at)}`,
    ]);
  });
});
