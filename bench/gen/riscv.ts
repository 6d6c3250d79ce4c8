// RISC-V (RV32I, ilp32) extension generator: N relocations against real code, in the
// shape riscv64-unknown-elf-gcc gives with Zephyr's flags (-mno-relax, no small data).
//
// Each generated function (52 bytes, 6 relocations, all RELA with addend 0):
//   +0  ff010113  addi  sp, sp, -16
//   +4  00112623  sw    ra, 12(sp)
//   +8  00000097  auipc ra, 0     \ call import            R_RISCV_CALL_PLT
//   +12 000080e7  jalr  ra, 0(ra) /
//   +16 00000537  lui   a0, 0       %hi(counter_a)        R_RISCV_HI20
//   +20 00050513  addi  a0, a0, 0   %lo(counter_a)        R_RISCV_LO12_I
//   +24 000005b7  lui   a1, 0       %hi(counter_b)        R_RISCV_HI20
//   +28 00a5a023  sw    a0, 0(a1)   %lo(counter_b)        R_RISCV_LO12_S
//   +32 00000097  auipc ra, 0     \ call helper            R_RISCV_CALL_PLT
//   +36 000080e7  jalr  ra, 0(ra) /
//   +40 00c12083  lw    ra, 12(sp)
//   +44 01010113  addi  sp, sp, 16
//   +48 00008067  ret
// .data holds counters and a table of helper pointers (R_RISCV_32).
import {
  EM_RISCV,
  Elf32Writer,
  RelocTable,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_INFO_LINK,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RELA,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
} from './elf32.js';
import { IMPORTS } from './imports.js';
import type { Generated } from './thumb.js';

export const R_RISCV_32 = 1;
export const R_RISCV_CALL_PLT = 19;
export const R_RISCV_HI20 = 26;
export const R_RISCV_LO12_I = 27;
export const R_RISCV_LO12_S = 28;

const HELPERS = 64;
const COUNTERS = 64;
const TABLE = 16;
const FN_SIZE = 52;
const FN_CODE = [
  0xff010113, 0x00112623, 0x00000097, 0x000080e7, 0x00000537, 0x00050513, 0x000005b7, 0x00a5a023, 0x00000097, 0x000080e7, 0x00c12083,
  0x01010113, 0x00008067,
];

/** An ELF32 RISC-V object with about `relocations` relocations (exactly the returned count). */
export function generateRiscv(relocations: number): Generated {
  const functions = Math.max(1, Math.floor((relocations - TABLE) / 6));
  const fnBase = HELPERS * 8;
  const text = new Uint8Array(fnBase + functions * FN_SIZE);
  const tv = new DataView(text.buffer);
  for (let h = 0; h < HELPERS; h++) {
    tv.setUint32(h * 8, ((h & 0x7ff) << 20) | (10 << 7) | 0x13, true); // li a0, h (addi a0, zero, h)
    tv.setUint32(h * 8 + 4, 0x00008067, true); // ret
  }
  for (let f = 0; f < functions; f++) {
    const o = fnBase + f * FN_SIZE;
    FN_CODE.forEach((insn, k) => tv.setUint32(o + k * 4, insn, true));
  }
  const data = new Uint8Array((COUNTERS + TABLE) * 4);

  const w = new Elf32Writer(EM_RISCV, 0);
  const textIdx = w.section({ name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, align: 4, data: text });
  const relText = w.section({
    name: '.rela.text',
    type: SHT_RELA,
    flags: SHF_INFO_LINK,
    align: 4,
    entsize: 12,
    info: textIdx,
    relocates: true,
  });
  const dataIdx = w.section({ name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, align: 4, data });
  const relData = w.section({
    name: '.rela.data',
    type: SHT_RELA,
    flags: SHF_INFO_LINK,
    align: 4,
    entsize: 12,
    info: dataIdx,
    relocates: true,
  });
  const bssIdx = w.section({ name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, align: 4, size: 256 });

  w.local('', 0, 0, STT_SECTION, textIdx);
  w.local('', 0, 0, STT_SECTION, dataIdx);
  w.local('', 0, 0, STT_SECTION, bssIdx);
  const helper: number[] = [];
  for (let h = 0; h < HELPERS; h++) helper.push(w.global(`helper_${h}`, h * 8, 8, STT_FUNC, textIdx));
  const counter: number[] = [];
  for (let c = 0; c < COUNTERS; c++) counter.push(w.global(`counter_${c}`, c * 4, 4, STT_OBJECT, dataIdx));
  w.global('gen_table', COUNTERS * 4, TABLE * 4, STT_OBJECT, dataIdx);
  const imported = IMPORTS.map((name) => w.global(name, 0, 0, STT_NOTYPE, 0));
  for (let f = 0; f < Math.min(functions, 256); f++) w.global(`gen_fn_${f}`, fnBase + f * FN_SIZE, FN_SIZE, STT_FUNC, textIdx);

  const rt = new RelocTable(functions * 6, true);
  for (let f = 0; f < functions; f++) {
    const o = fnBase + f * FN_SIZE;
    const a = counter[f % COUNTERS]!,
      b = counter[(f + 1) % COUNTERS]!;
    rt.add(o + 8, imported[f % imported.length]!, R_RISCV_CALL_PLT);
    rt.add(o + 16, a, R_RISCV_HI20);
    rt.add(o + 20, a, R_RISCV_LO12_I);
    rt.add(o + 24, b, R_RISCV_HI20);
    rt.add(o + 28, b, R_RISCV_LO12_S);
    rt.add(o + 32, helper[f % HELPERS]!, R_RISCV_CALL_PLT);
  }
  const rd = new RelocTable(TABLE, true);
  for (let t = 0; t < TABLE; t++) rd.add((COUNTERS + t) * 4, helper[t % HELPERS]!, R_RISCV_32);
  w.setData(relText, rt.bytes());
  w.setData(relData, rd.bytes());
  return { bytes: w.build(), relocations: rt.count + rd.count, textSize: text.length, dataSize: data.length };
}
