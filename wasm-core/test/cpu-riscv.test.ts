// The RISC-V cores (wasm-core/assembly/cpu/riscv.ts), one group of instructions per block.
// The machine code was assembled with riscv64-unknown-elf-as (-march=rv32imac_zicsr/-mabi=ilp32,
// rv64imac_zicsr/lp64, rv64gc/lp64d); each block's source is in its comment. Code sits at
// 0x1000 (read-only), RAM at 0x20000000 (256 bytes), the return address traps at 0xf0000000.
import { describe, expect, it } from 'vitest';
import { halfwords, runCode, words, type CpuRunResult } from './cpu-harness.js';

const RETURNED = -1;
const FAULT_FETCH_UNMAPPED = 1;
const FAULT_UNDEF = 3;
const FAULT_UNALIGNED = 4;
const FAULT_READ_UNMAPPED = 5;
const FAULT_WRITE_READONLY = 7;

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

describe('RISC-V registers and calls', () => {
  it('names the registers as Zephyr does, pc last; rv64gc adds the FP registers and fcsr', async () => {
    const r32 = await runCode('rv32imac', halfwords(0x8082));
    expect(Object.keys(r32.regs)).toEqual([
      'zero',
      'ra',
      'sp',
      'gp',
      'tp',
      't0',
      't1',
      't2',
      's0',
      's1',
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'a6',
      'a7',
      's2',
      's3',
      's4',
      's5',
      's6',
      's7',
      's8',
      's9',
      's10',
      's11',
      't3',
      't4',
      't5',
      't6',
      'pc',
    ]);
    expect(r32.stop).toBe(RETURNED);
    expect(r32.pc).toBe(0xf0000000n);
    expect(r32.regs.sp).toBe(0x20000100n);
    const gc = await runCode('rv64gc', halfwords(0x8082));
    expect(Object.keys(gc.regs).length).toBe(66);
    expect(Object.keys(gc.regs).slice(33, 36)).toEqual(['ft0', 'ft1', 'ft2']);
    expect(Object.keys(gc.regs)[43]).toBe('fa0');
    expect(Object.keys(gc.regs)[65]).toBe('fcsr');
  });
});

describe('RISC-V ALU and shifts', () => {
  it('RV32I register and immediate operations', async () => {
    // li a0,-5; li a1,3; add a2,a0,a1; sub a3,a1,a0; slt a4,a0,a1; sltu a5,a0,a1; sra a6,a0,a1;
    // srl a7,a0,a1; sll s2,a1,a1; xori s3,a0,0x7ff; andi s4,a0,-16; srai s5,a0,1; srli s6,a0,28;
    // lui s7,0x80000; addi s8,s7,-1; auipc s9,1; sltiu s10,zero,1; ret
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x556d,
        0x458d,
        0x0633,
        0x00b5,
        0x86b3,
        0x40a5,
        0x2733,
        0x00b5,
        0x37b3,
        0x00b5,
        0x5833,
        0x40b5,
        0x58b3,
        0x00b5,
        0x9933,
        0x00b5,
        0x4993,
        0x7ff5,
        0x7a13,
        0xff05,
        0x5a93,
        0x4015,
        0x5b13,
        0x01c5,
        0x0bb7,
        0x8000,
        0x8c13,
        0xfffb,
        0x1c97,
        0x0000,
        0x3d13,
        0x0010,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expect(r.instructions).toBe(18);
    expectRegs(r, {
      a0: 0xfffffffbn,
      a2: 0xfffffffen,
      a3: 8n,
      a4: 1n,
      a5: 0n,
      a6: 0xffffffffn,
      a7: 0x1fffffffn,
      s2: 24n,
      s3: 0xfffff804n,
      s4: 0xfffffff0n,
      s5: 0xfffffffdn,
      s6: 0xfn,
      s7: 0x80000000n,
      s8: 0x7fffffffn,
      s9: 0x2038n,
      s10: 1n,
    });
  });

  it('RV64I 64-bit shifts and the W operations sign-extend bit 31', async () => {
    // li a0,-5; li a1,3; add a2,a0,a1; srl a3,a0,a1; srli a4,a0,60; slli a5,a1,62; lui a6,0x80000;
    // addiw a7,a6,-1; addw s2,a6,a6; subw s3,zero,a1; sllw s4,a1,a1; srlw s5,a0,a1; sraw s6,a0,a1;
    // slliw s7,a1,31; srliw s8,a0,4; sraiw s9,a6,4; ret
    const r = await runCode(
      'rv64imac',
      halfwords(
        0x556d,
        0x458d,
        0x0633,
        0x00b5,
        0x56b3,
        0x00b5,
        0x5713,
        0x03c5,
        0x9793,
        0x03e5,
        0x0837,
        0x8000,
        0x089b,
        0xfff8,
        0x093b,
        0x0108,
        0x09bb,
        0x40b0,
        0x9a3b,
        0x00b5,
        0x5abb,
        0x00b5,
        0x5b3b,
        0x40b5,
        0x9b9b,
        0x01f5,
        0x5c1b,
        0x0045,
        0x5c9b,
        0x4048,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 0xfffffffffffffffbn,
      a2: 0xfffffffffffffffen,
      a3: 0x1fffffffffffffffn,
      a4: 0xfn,
      a5: 0xc000000000000000n,
      a6: 0xffffffff80000000n,
      a7: 0x7fffffffn,
      s2: 0n,
      s3: 0xfffffffffffffffdn,
      s4: 24n,
      s5: 0x1fffffffn,
      s6: 0xffffffffffffffffn,
      s7: 0xffffffff80000000n,
      s8: 0x0fffffffn,
      s9: 0xfffffffff8000000n,
    });
  });
});

describe('RISC-V branches and jumps', () => {
  it('takes signed and unsigned branches, links, and clears bit 0 of a JALR target', async () => {
    // li a0,0; li t0,-1; li t1,1; blt t0,t1,1f; addi a0,a0,1; 1: bltu t0,t1,2f; addi a0,a0,2;
    // 2: bge t1,t0,3f; addi a0,a0,4; 3: bgeu t1,t0,4f; addi a0,a0,8; 4: beq t0,t1,5f; addi a0,a0,16;
    // 5: bne t0,t0,6f; addi a0,a0,32; 6: jal t3,7f; addi a0,a0,64; 7: auipc t2,0; addi t2,t2,15;
    // jalr a1,t2,0; addi a0,a0,128; addi a0,a0,256; ret
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x4501,
        0x52fd,
        0x4305,
        0xc363,
        0x0062,
        0x0505,
        0xe363,
        0x0062,
        0x0509,
        0x5363,
        0x0053,
        0x0511,
        0x7363,
        0x0053,
        0x0521,
        0x8363,
        0x0062,
        0x0541,
        0x9463,
        0x0052,
        0x0513,
        0x0205,
        0x0e6f,
        0x0080,
        0x0513,
        0x0405,
        0x0397,
        0x0000,
        0x03bd,
        0x85e7,
        0x0003,
        0x0513,
        0x0805,
        0x0513,
        0x1005,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    // t2 = 0x1043: the JALR goes to 0x1042 (addi a0,a0,256), skipping addi a0,a0,128
    expectRegs(r, { a0: 2n + 8n + 16n + 32n + 256n, t3: 0x1030n, t2: 0x1043n, a1: 0x103en });
  });
});

describe('RISC-V loads and stores', () => {
  it('RV32: sign and zero extension, halfword and byte stores, a misaligned word load', async () => {
    // lui t0,0x20000; li t1,-2; sw t1,0(t0); lb a0,0(t0); lbu a1,0(t0); lh a2,0(t0); lhu a3,2(t0);
    // lw a4,0(t0); li t1,0x1234; sh t1,5(t0); sb t1,8(t0); lw a5,4(t0); lw a6,1(t0); ret
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x02b7,
        0x2000,
        0x5379,
        0xa023,
        0x0062,
        0x8503,
        0x0002,
        0xc583,
        0x0002,
        0x9603,
        0x0002,
        0xd683,
        0x0022,
        0xa703,
        0x0002,
        0x6305,
        0x0313,
        0x2343,
        0x92a3,
        0x0062,
        0x8423,
        0x0062,
        0xa783,
        0x0042,
        0xa803,
        0x0012,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 0xfffffffen,
      a1: 0xfen,
      a2: 0xfffffffen,
      a3: 0xffffn,
      a4: 0xfffffffen,
      a5: 0x00123400n,
      a6: 0x00ffffffn,
    });
    expect([...r.ram.slice(0, 9)]).toEqual([0xfe, 0xff, 0xff, 0xff, 0, 0x34, 0x12, 0, 0x34]);
  });

  it('RV64: LW sign-extends, LWU does not, LD/SD and a misaligned LD', async () => {
    // lui t0,0x20000; li t1,-2; sd t1,0(t0); lw a0,4(t0); lwu a1,4(t0); ld a2,0(t0);
    // li t1,0x12345678; sw t1,8(t0); ld a3,3(t0); ret
    const r = await runCode(
      'rv64imac',
      halfwords(
        0x02b7,
        0x2000,
        0x5379,
        0xb023,
        0x0062,
        0xa503,
        0x0042,
        0xe583,
        0x0042,
        0xb603,
        0x0002,
        0x5337,
        0x1234,
        0x031b,
        0x6783,
        0xa423,
        0x0062,
        0xb683,
        0x0032,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 0xffffffffffffffffn,
      a1: 0xffffffffn,
      a2: 0xfffffffffffffffen,
      a3: 0x345678ffffffffffn,
    });
  });
});

describe('RISC-V M extension', () => {
  it('RV32: products, quotients, division by zero and overflow without a trap', async () => {
    // li a0,-7; li a1,2; mul a2; mulh a3; mulhu a4; mulhsu a5; div a6; rem a7; divu s2; remu s3
    // (all a0,a1); div s4,a0,zero; divu s5; rem s6; remu s7; lui t0,0x80000; li t1,-1;
    // div s8,t0,t1; rem s9,t0,t1; ret
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x5565,
        0x4589,
        0x0633,
        0x02b5,
        0x16b3,
        0x02b5,
        0x3733,
        0x02b5,
        0x27b3,
        0x02b5,
        0x4833,
        0x02b5,
        0x68b3,
        0x02b5,
        0x5933,
        0x02b5,
        0x79b3,
        0x02b5,
        0x4a33,
        0x0205,
        0x5ab3,
        0x0205,
        0x6b33,
        0x0205,
        0x7bb3,
        0x0205,
        0x02b7,
        0x8000,
        0x537d,
        0xcc33,
        0x0262,
        0xecb3,
        0x0262,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expect(r.fault).toBe(0);
    expectRegs(r, {
      a2: 0xfffffff2n,
      a3: 0xffffffffn,
      a4: 1n,
      a5: 0xffffffffn,
      a6: 0xfffffffdn,
      a7: 0xffffffffn,
      s2: 0x7ffffffcn,
      s3: 1n,
      s4: 0xffffffffn,
      s5: 0xffffffffn,
      s6: 0xfffffff9n,
      s7: 0xfffffff9n,
      s8: 0x80000000n,
      s9: 0n,
    });
  });

  it('RV64: high products, 64-bit overflow, the W forms', async () => {
    // li a0,-7; li a1,2; mulh a2; mulhu a3; mulhsu a4; li t0,-1; slli t1,t0,63; div a5,t1,t0;
    // rem a6,t1,t0; divw a7; divuw s2; remw s3; remuw s4 (a0,a1); divw s5,a0,zero; remuw s6,a0,zero;
    // mulw s7,t1,a1; lui t2,0x80000; divw s8,t2,t0; remw s9,t2,t0; ret
    const r = await runCode(
      'rv64imac',
      halfwords(
        0x5565,
        0x4589,
        0x1633,
        0x02b5,
        0x36b3,
        0x02b5,
        0x2733,
        0x02b5,
        0x52fd,
        0x9313,
        0x03f2,
        0x47b3,
        0x0253,
        0x6833,
        0x0253,
        0x48bb,
        0x02b5,
        0x593b,
        0x02b5,
        0x69bb,
        0x02b5,
        0x7a3b,
        0x02b5,
        0x4abb,
        0x0205,
        0x7b3b,
        0x0205,
        0x0bbb,
        0x02b3,
        0x03b7,
        0x8000,
        0xcc3b,
        0x0253,
        0xecbb,
        0x0253,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a2: 0xffffffffffffffffn,
      a3: 1n,
      a4: 0xffffffffffffffffn,
      a5: 0x8000000000000000n,
      a6: 0n,
      a7: 0xfffffffffffffffdn,
      s2: 0x7ffffffcn,
      s3: 0xffffffffffffffffn,
      s4: 1n,
      s5: 0xffffffffffffffffn,
      s6: 0xfffffffffffffff9n,
      s7: 0n,
      s8: 0xffffffff80000000n,
      s9: 0n,
    });
  });
});

describe('RISC-V A extension', () => {
  it('RV32: LR/SC succeeds once per reservation; every AMO returns the old value', async () => {
    // lui t0,0x20000; li t1,10; sw t1,0(t0); lr.w a0,(t0); li t2,11; sc.w a1,t2,(t0);
    // sc.w a2,t2,(t0); lw a3,0(t0); li t2,5; amoadd.w a4,t2,(t0); li t2,-1; amomax.w a5,t2,(t0);
    // amomaxu.w a6,t2,(t0); li t2,3; amoswap.w a7,t2,(t0); amoor.w s2,t2,(t0); li t2,-8;
    // amominu.w s3,t2,(t0); amomin.w s4,t2,(t0); amoand.w s5,zero,(t0); amoxor.w s6,t2,(t0);
    // lw s7,0(t0); ret
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x02b7,
        0x2000,
        0x4329,
        0xa023,
        0x0062,
        0xa52f,
        0x1002,
        0x43ad,
        0xa5af,
        0x1872,
        0xa62f,
        0x1872,
        0xa683,
        0x0002,
        0x4395,
        0xa72f,
        0x0072,
        0x53fd,
        0xa7af,
        0xa072,
        0xa82f,
        0xe072,
        0x438d,
        0xa8af,
        0x0872,
        0xa92f,
        0x4072,
        0x53e1,
        0xa9af,
        0xc072,
        0xaa2f,
        0x8072,
        0xaaaf,
        0x6002,
        0xab2f,
        0x2072,
        0xab83,
        0x0002,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 10n,
      a1: 0n,
      a2: 1n,
      a3: 11n,
      a4: 11n,
      a5: 16n,
      a6: 16n,
      a7: 0xffffffffn,
      s2: 3n,
      s3: 3n,
      s4: 3n,
      s5: 0xfffffff8n,
      s6: 0n,
      s7: 0xfffffff8n,
    });
  });

  it('RV64: LR.D/SC.D, AMO .D and .W (the .W result sign-extended)', async () => {
    // lui t0,0x20000; li t1,-1; sd t1,0(t0); lr.d a0,(t0); li t2,7; sc.d a1,t2,(t0); ld a2,0(t0);
    // amoadd.d a3,t2,(t0); amoadd.w a4,t2,(t0); ld a5,0(t0); li t2,-20; amomin.d a6,t2,(t0);
    // amominu.w a7,t2,(t0); ld s2,0(t0); ret
    const r = await runCode(
      'rv64imac',
      halfwords(
        0x02b7,
        0x2000,
        0x537d,
        0xb023,
        0x0062,
        0xb52f,
        0x1002,
        0x439d,
        0xb5af,
        0x1872,
        0xb603,
        0x0002,
        0xb6af,
        0x0072,
        0xa72f,
        0x0072,
        0xb783,
        0x0002,
        0x53b1,
        0xb82f,
        0x8072,
        0xa8af,
        0xc072,
        0xb903,
        0x0002,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 0xffffffffffffffffn,
      a1: 0n,
      a2: 7n,
      a3: 7n,
      a4: 14n,
      a5: 21n,
      a6: 21n,
      a7: 0xffffffffffffffecn,
      s2: 0xffffffffffffffecn,
    });
  });
});

describe('RISC-V C extension', () => {
  it('RV32: quadrants 0, 1 and 2, C.JAL, C.J, C.BEQZ/C.BNEZ, C.JR/C.JALR', async () => {
    // c.mv s3,ra; c.li a0,5; c.li a1,-3; c.addi a0,7; c.lui a2,0x12; c.addi16sp sp,-32;
    // c.addi4spn a3,sp,8; c.mv a4,a0; c.add a4,a1; c.slli a4,3; c.sub a0,a1; c.andi a1,15;
    // c.srli a2,4; c.li s0,-16; c.srai s0,2; c.li s1,6; c.xor s1,a1; c.li a5,6; c.or a5,a1;
    // c.and s0,a1; c.sw a0,4(a3); c.lwsp t1,12(sp); c.swsp a1,0(sp); c.lw a3,0(a3); c.j 1f;
    // c.li a0,0; 1: c.jal 2f; c.li a0,0; 2: c.beqz s0,3f; c.addi s0,1; 3: c.bnez s0,4f;
    // c.addi s0,1; 4: auipc t2,0; addi t2,t2,12; c.jalr t2; c.li a0,0; c.nop; c.mv t4,ra;
    // c.mv ra,s3; c.jr ra
    const r = await runCode(
      'rv32imac',
      halfwords(
        0x8986,
        0x4515,
        0x55f5,
        0x051d,
        0x6649,
        0x713d,
        0x0034,
        0x872a,
        0x972e,
        0x070e,
        0x8d0d,
        0x89bd,
        0x8211,
        0x5441,
        0x8409,
        0x4499,
        0x8cad,
        0x4799,
        0x8fcd,
        0x8c6d,
        0xc2c8,
        0x4332,
        0xc02e,
        0x4294,
        0xa011,
        0x4501,
        0x2011,
        0x4501,
        0xc011,
        0x0405,
        0xe011,
        0x0405,
        0x0397,
        0x0000,
        0x03b1,
        0x9382,
        0x4501,
        0x0001,
        0x8e86,
        0x80ce,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expect(r.instructions).toBe(35);
    expectRegs(r, {
      a0: 15n,
      a1: 13n,
      a2: 0x1200n,
      a3: 0n,
      a4: 72n,
      s0: 13n,
      s1: 11n,
      a5: 15n,
      sp: 0x200000e0n,
      t1: 15n,
      t2: 0x104cn,
      t4: 0x1048n,
      s3: 0xf0000000n,
    });
    expect(ramWord(r, 0xe0)).toBe(13);
    expect(ramWord(r, 0xec)).toBe(15);
  });

  it('RV64: C.LD/C.SD/C.LDSP/C.SDSP, C.ADDIW, C.ADDW, C.SUBW, 6-bit shift amounts', async () => {
    // c.li a0,-1; c.slli a0,40; c.srli a0,36; c.li a1,1; c.slli a1,63; c.srai a1,60;
    // c.lui a2,0xfffff; c.addiw a2,1; c.li a3,31; c.slli a3,26; c.addw a3,a3; c.li a4,0;
    // c.subw a4,a1; c.addi16sp sp,-32; c.addi4spn a5,sp,16; c.sd a1,8(a5); c.ld s0,8(a5);
    // c.sdsp a0,0(sp); c.ldsp s1,0(sp); c.addiw s1,-1; c.jr ra
    const r = await runCode(
      'rv64imac',
      halfwords(
        0x557d,
        0x1522,
        0x9111,
        0x4585,
        0x15fe,
        0x95f1,
        0x767d,
        0x2605,
        0x46fd,
        0x06ea,
        0x9eb5,
        0x4701,
        0x9f0d,
        0x713d,
        0x081c,
        0xe78c,
        0x6780,
        0xe02a,
        0x6482,
        0x34fd,
        0x8082,
      ),
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      a0: 0x0ffffff0n,
      a1: 0xfffffffffffffff8n,
      a2: 0xfffffffffffff001n,
      a3: 0xfffffffff8000000n,
      a4: 8n,
      a5: 0x200000f0n,
      s0: 0xfffffffffffffff8n,
      s1: 0x0fffffefn,
    });
  });

  it('refuses encodings that are reserved for the core', async () => {
    // c.slli a0,32 is RV64-only (shamt[5] set: a custom/NSE encoding on RV32)
    const r32 = await runCode('rv32imac', halfwords(0x1502));
    expect(r32.fault).toBe(FAULT_UNDEF);
    const r64 = await runCode('rv64imac', halfwords(0x1502, 0x8082), { regs: { a0: 3 } });
    expect(r64.regs.a0).toBe(3n << 32n);
    // c.fld/c.fsd (0x2000 = c.fld fs0,0(s0)) need D: only rv64gc has it
    expect((await runCode('rv64imac', halfwords(0x2000))).fault).toBe(FAULT_UNDEF);
    // c.addiw with rd=x0 and c.lwsp with rd=x0 are reserved; c.addi4spn with a zero immediate too
    expect((await runCode('rv64imac', halfwords(0x2005))).fault).toBe(FAULT_UNDEF);
    expect((await runCode('rv32imac', halfwords(0x4002))).fault).toBe(FAULT_UNDEF);
    expect((await runCode('rv32imac', halfwords(0x0004))).fault).toBe(FAULT_UNDEF);
  });
});

describe('RISC-V counters (Zicsr)', () => {
  it('reads cycle, instret, time from the instruction count; mhartid is 0', async () => {
    // c.nop; c.nop; rdcycle a0; rdinstret a1; rdtime a2; rdcycleh a3; csrr a4,mhartid; ret
    const r = await runCode(
      'rv32imac',
      halfwords(0x0001, 0x0001, 0x2573, 0xc000, 0x25f3, 0xc020, 0x2673, 0xc010, 0x26f3, 0xc800, 0x2773, 0xf140, 0x8082),
      { regs: { a4: 9 } },
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { a0: 2n, a1: 3n, a2: 4n, a3: 0n, a4: 0n });
  });

  it('other CSRs and writes to the counters are illegal instructions', async () => {
    // csrr a0,mtvec
    const a = await runCode('rv32imac', words(0x30502573));
    expect([a.fault, a.faultNote, a.pc]).toEqual([FAULT_UNDEF, 'Illegal instruction', 0x1000n]);
    // csrw cycle,a0
    expect((await runCode('rv32imac', words(0xc0051073))).fault).toBe(FAULT_UNDEF);
    // rdcycleh does not exist on RV64
    expect((await runCode('rv64imac', words(0xc80026f3))).fault).toBe(FAULT_UNDEF);
  });
});

describe('RISC-V F and D extensions (rv64gc)', () => {
  it('converts, computes, compares, classifies, NaN-boxes singles and keeps fflags', async () => {
    // li a0,3; fcvt.d.l fa0,a0; li a1,2; fcvt.d.w fa1,a1; fdiv.d fa2,fa0,fa1;
    // fmadd.d fa3,fa2,fa1,fa0; fmul.d fa4,fa0,fa0; fsqrt.d fa4,fa4; fcvt.s.d fa5,fa2;
    // fadd.s fa6,fa5,fa5; fmv.x.w a2,fa6; fmv.x.d a3,fa2; flt.d a4,fa1,fa0; feq.s a5,fa5,fa6;
    // fclass.d a6,fa0; fneg.d fa7,fa0; fcvt.w.d a7,fa7,rtz; fcvt.w.d s2,fa2; fcvt.w.d s3,fa2,rtz;
    // fcvt.wu.d s4,fa7,rtz; frflags s5; lui t0,0x20000; fsd fa3,0(t0); fld fs0,0(t0);
    // flw fs1,4(t0); fsw fa6,8(t0); fmin.d ft1,fa0,fa1; fmax.s ft2,fa5,fa6; fmv.d.x ft3,a0;
    // fadd.s ft4,ft3,ft3; fclass.s s6,ft3; c.fsdsp fa2,16(sp); c.fldsp ft5,16(sp);
    // fsgnjx.d ft6,fa7,fa7; fcvt.s.w ft7,a0; fnmsub.s fs2,fa5,fa6,ft7; ret
    const r = await runCode(
      'rv64gc',
      halfwords(
        0x450d,
        0x7553,
        0xd225,
        0x4589,
        0x85d3,
        0xd205,
        0x7653,
        0x1ab5,
        0x76c3,
        0x52b6,
        0x7753,
        0x12a5,
        0x7753,
        0x5a07,
        0x77d3,
        0x4016,
        0xf853,
        0x00f7,
        0x0653,
        0xe008,
        0x06d3,
        0xe206,
        0x9753,
        0xa2a5,
        0xa7d3,
        0xa107,
        0x1853,
        0xe205,
        0x18d3,
        0x22a5,
        0x98d3,
        0xc208,
        0x7953,
        0xc206,
        0x19d3,
        0xc206,
        0x9a53,
        0xc218,
        0x2af3,
        0x0010,
        0x02b7,
        0x2000,
        0xb027,
        0x00d2,
        0xb407,
        0x0002,
        0xa487,
        0x0042,
        0xa427,
        0x0102,
        0x00d3,
        0x2ab5,
        0x9153,
        0x2907,
        0x01d3,
        0xf205,
        0xf253,
        0x0031,
        0x9b53,
        0xe001,
        0xa832,
        0x22c2,
        0xa353,
        0x2318,
        0x73d3,
        0xd005,
        0xf94b,
        0x3907,
        0x8082,
      ),
      { regs: { sp: 0x200000c0 } },
    );
    expect(r.stop).toBe(RETURNED);
    expect(r.fault).toBe(0);
    expectRegs(r, {
      fa0: 0x4008000000000000n,
      fa1: 0x4000000000000000n,
      fa2: 0x3ff8000000000000n,
      fa3: 0x4018000000000000n,
      fa4: 0x4008000000000000n,
      fa5: 0xffffffff3fc00000n,
      fa6: 0xffffffff40400000n,
      a2: 0x40400000n,
      a3: 0x3ff8000000000000n,
      a4: 1n,
      a5: 0n,
      a6: 64n,
      fa7: 0xc008000000000000n,
      a7: 0xfffffffffffffffdn,
      s2: 2n,
      s3: 1n,
      s4: 0n,
      s5: 0x11n,
      fs0: 0x4018000000000000n,
      fs1: 0xffffffff40180000n,
      ft1: 0x4000000000000000n,
      ft2: 0xffffffff40400000n,
      ft3: 3n,
      ft4: 0xffffffff7fc00000n,
      s6: 512n,
      ft5: 0x3ff8000000000000n,
      ft6: 0x4008000000000000n,
      ft7: 0xffffffff40400000n,
      fs2: 0xffffffffbfc00000n,
      fcsr: 0x11n,
    });
    expect([...r.ram.slice(0, 12)]).toEqual([0, 0, 0, 0, 0, 0, 0x18, 0x40, 0, 0, 0x40, 0x40]);
  });

  it('rounds conversions per the instruction or frm, raises DZ, C.FLD/C.FSD, x0 stays 0', async () => {
    // li a0,7; addi zero,a0,5; fcvt.d.w fa0,a0; li a1,2; fcvt.d.w fa1,a1; fdiv.d fa2,fa0,fa1;
    // fneg.d fa3,fa2; fcvt.w.d a2,fa3,rdn; fcvt.w.d a3,fa3,rup; fcvt.w.d a4,fa3,rmm;
    // fcvt.w.d a5,fa3,rne; fsrmi 2; fcvt.w.d a6,fa2; frrm a7; fsflags zero; c.fsd fa2,8(s0);
    // c.fld fa4,8(s0); li t0,1; fcvt.d.w fa5,t0; fcvt.d.w fa6,zero; fdiv.d fa7,fa5,fa6;
    // frflags s2; slti s3,a0,8; sltiu s4,a0,-1; ret
    const r = await runCode(
      'rv64gc',
      halfwords(
        0x451d,
        0x0013,
        0x0055,
        0x0553,
        0xd205,
        0x4589,
        0x85d3,
        0xd205,
        0x7653,
        0x1ab5,
        0x16d3,
        0x22c6,
        0xa653,
        0xc206,
        0xb6d3,
        0xc206,
        0xc753,
        0xc206,
        0x87d3,
        0xc206,
        0x5073,
        0x0021,
        0x7853,
        0xc206,
        0x28f3,
        0x0020,
        0x1073,
        0x0010,
        0xa410,
        0x2418,
        0x4285,
        0x87d3,
        0xd202,
        0x0853,
        0xd200,
        0xf8d3,
        0x1b07,
        0x2973,
        0x0010,
        0x2993,
        0x0085,
        0x3a13,
        0xfff5,
        0x8082,
      ),
      { regs: { s0: 0x20000000 } },
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      zero: 0n,
      fa3: 0xc00c000000000000n,
      a2: 0xfffffffffffffffcn,
      a3: 0xfffffffffffffffdn,
      a4: 0xfffffffffffffffcn,
      a5: 0xfffffffffffffffcn,
      a6: 3n,
      a7: 2n,
      fa4: 0x400c000000000000n,
      fa7: 0x7ff0000000000000n,
      s2: 8n,
      s3: 1n,
      s4: 1n,
      fcsr: 0x48n,
    });
  });

  it('FMADD.D family rounds once; mstatus holds MIE for irq_lock()', async () => {
    // fmv.d.x fa0,a0; fmv.d.x fa1,a1; fmv.d.x fa2,a2; fmadd.d fa3,fa0,fa1,fa2;
    // fmsub.d fa4,fa0,fa1,fa2; fnmadd.d fa5,fa0,fa1,fa2; csrr a3,mstatus; csrrci a4,mstatus,8;
    // csrr a5,mstatus; ret
    const r = await runCode(
      'rv64gc',
      halfwords(
        0x0553,
        0xf205,
        0x85d3,
        0xf205,
        0x0653,
        0xf206,
        0x76c3,
        0x62b5,
        0x7747,
        0x62b5,
        0x77cf,
        0x62b5,
        0x26f3,
        0x3000,
        0x7773,
        0x3004,
        0x27f3,
        0x3000,
        0x8082,
      ),
      // (1 + 2^-27) * (1 - 2^-27) = 1 - 2^-54 exactly; c = -1.0
      { regs: { a0: 0x3ff0000002000000n, a1: 0x3feffffffc000000n, a2: 0xbff0000000000000n } },
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, {
      fa3: 0xbc90000000000000n, // -2^-54, where an unfused multiply-add gives 0
      fa4: 0x4000000000000000n,
      fa5: 0x3c90000000000000n,
      a3: 0xa00003808n,
      a4: 0xa00003808n,
      a5: 0xa00003800n,
    });
  });

  it('FMADD.D with an infinite addend and a product past the double range: the exact product is finite', async () => {
    // The program of the test above; 1e300 * 1e300 = 1e600 is finite before rounding, so
    // 1e600 + -inf is -inf (an unfused a * b + c gives inf + -inf = NaN).
    const r = await runCode(
      'rv64gc',
      halfwords(
        0x0553,
        0xf205,
        0x85d3,
        0xf205,
        0x0653,
        0xf206,
        0x76c3,
        0x62b5,
        0x7747,
        0x62b5,
        0x77cf,
        0x62b5,
        0x26f3,
        0x3000,
        0x7773,
        0x3004,
        0x27f3,
        0x3000,
        0x8082,
      ),
      { regs: { a0: 0x7e37e43c8800759cn, a1: 0x7e37e43c8800759cn, a2: 0xfff0000000000000n } },
    );
    expect(r.stop).toBe(RETURNED);
    expectRegs(r, { fa3: 0xfff0000000000000n, fa4: 0x7ff0000000000000n, fa5: 0x7ff0000000000000n, fcsr: 0n });
  });

  it('F and D instructions are illegal on the IMAC cores', async () => {
    // fadd.d fa0,fa0,fa0
    const r = await runCode('rv64imac', words(0x02a57553));
    expect([r.fault, r.faultNote, r.instructions]).toEqual([FAULT_UNDEF, 'Illegal instruction', 0]);
  });
});

describe('RISC-V faults', () => {
  it('the all-zero parcel is an illegal instruction; the faulting one does not count', async () => {
    // c.nop; .hword 0
    const r = await runCode('rv32imac', halfwords(0x0001, 0x0000));
    expect([r.fault, r.faultNote, r.pc, r.instructions]).toEqual([FAULT_UNDEF, 'Illegal instruction', 0x1002n, 1]);
    // all ones
    expect((await runCode('rv64gc', words(0xffffffff))).fault).toBe(FAULT_UNDEF);
    // ld on RV32
    expect((await runCode('rv32imac', words(0x0002b503))).fault).toBe(FAULT_UNDEF);
  });

  it('ECALL and EBREAK stop with their names', async () => {
    const e = await runCode('rv32imac', words(0x00000073));
    expect(e.fault).toBe(FAULT_UNDEF);
    expect(e.faultNote).toBe('ECALL (Environment call from M-mode): Zephyr takes an ECALL from an extension as a system call');
    const b = await runCode('rv64imac', words(0x00100073));
    expect([b.fault, b.faultNote]).toEqual([FAULT_UNDEF, 'EBREAK (Breakpoint)']);
    const cb = await runCode('rv32imac', halfwords(0x9002));
    expect([cb.fault, cb.faultNote, cb.pc]).toEqual([FAULT_UNDEF, 'EBREAK (Breakpoint)', 0x1000n]);
  });

  it('misaligned AMO and LR raise the address-misaligned exceptions; a misaligned SC fails', async () => {
    // lui t0,0x20000; addi t0,t0,2; then amoadd.w a0,a1,(t0) / lr.w a0,(t0) / sc.w a0,a1,(t0)
    const prefix = [0x02b7, 0x2000, 0x0289];
    const amo = await runCode('rv32imac', halfwords(...prefix, 0xa52f, 0x00b2));
    expect([amo.fault, amo.faultNote, amo.pc, amo.instructions]).toEqual([FAULT_UNALIGNED, 'Store/AMO address misaligned', 0x1006n, 2]);
    const lr = await runCode('rv64imac', halfwords(...prefix, 0xa52f, 0x1002));
    expect([lr.fault, lr.faultNote]).toEqual([FAULT_UNALIGNED, 'Load address misaligned']);
    // QEMU compares the reservation address before any access: no reservation, no fault
    const sc = await runCode('rv64imac', halfwords(...prefix, 0xa52f, 0x18b2, 0x8082), { regs: { a1: 9 } });
    expect([sc.fault, sc.stop, sc.regs.a0]).toEqual([0, RETURNED, 1n]);
    expect([...sc.ram.slice(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('an odd pc is a misaligned instruction address', async () => {
    const r = await runCode('rv32imac', halfwords(0x0001, 0x0001), { regs: { pc: 0x1001 } });
    expect([r.fault, r.faultNote, r.instructions]).toEqual([FAULT_UNALIGNED, 'Instruction address misaligned', 0]);
  });

  it('the bus stops loads, stores and fetches it refuses, at the instruction', async () => {
    // lw a0,0(zero)
    const ld = await runCode('rv32imac', words(0x00002503));
    expect([ld.stop, ld.faultAddr, ld.pc, ld.instructions]).toEqual([FAULT_READ_UNMAPPED, 0n, 0x1000n, 0]);
    // lui t1,0x1; sw a0,0(t1): the code is read-only
    const st = await runCode('rv64imac', halfwords(0x6305, 0x2023, 0x00a3), { regs: { a0: 7 } });
    expect([st.stop, st.faultAddr, st.pc, st.instructions]).toEqual([FAULT_WRITE_READONLY, 0x1000n, 0x1002n, 1]);
    // lui t1,0x5; jr t1
    const fe = await runCode('rv32imac', halfwords(0x6315, 0x8302));
    expect([fe.stop, fe.faultAddr, fe.pc, fe.instructions]).toEqual([FAULT_FETCH_UNMAPPED, 0x5000n, 0x5000n, 2]);
    // a 32-bit instruction whose second half is past the code
    const half = await runCode('rv32imac', halfwords(0x0001, 0x0513));
    expect([half.stop, half.faultAddr, half.pc, half.instructions]).toEqual([FAULT_FETCH_UNMAPPED, 0x1004n, 0x1002n, 1]);
  });
});
