// ARM Thumb-2 extension generator: N relocations against real Cortex-M code, in the
// shape arm-none-eabi-gcc gives a file of small functions built with Zephyr's flags.
//
// Each generated function (24 bytes, 4-aligned, 4 relocations):
//   +0  b510       push  {r4, lr}
//   +2  f7ff fffe  bl    helper_K              R_ARM_THM_CALL (REL addend -4 in the insn)
//   +6  f240 0000  movw  r0, #:lower16:counter R_ARM_THM_MOVW_ABS_NC
//   +10 f2c0 0000  movt  r0, #:upper16:counter R_ARM_THM_MOVT_ABS
//   +14 4b01       ldr   r3, [pc, #4]          (loads the literal at +20)
//   +16 4798       blx   r3
//   +18 bd10       pop   {r4, pc}
//   +20 .word import                           R_ARM_ABS32 (long call through the literal pool)
// Small helper functions come first in .text, so every BL stays within ±16 MiB.
// .data holds counters and a table of helper pointers (more R_ARM_ABS32).
import {
  EM_ARM,
  Elf32Writer,
  RelocTable,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_INFO_LINK,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_REL,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
} from './elf32.js';
import { IMPORTS } from './imports.js';

export const R_ARM_ABS32 = 2;
export const R_ARM_THM_CALL = 10;
export const R_ARM_THM_MOVW_ABS_NC = 47;
export const R_ARM_THM_MOVT_ABS = 48;

const HELPERS = 64;
const COUNTERS = 64;
const TABLE = 16;
const FN_SIZE = 24;
const EF_ARM_EABI5 = 0x05000000;

export interface Generated {
  bytes: Uint8Array;
  relocations: number;
  textSize: number;
  dataSize: number;
}

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >> 8) & 0xff;
}

/** An ELF32 ARM object with about `relocations` relocations (exactly the returned count). */
export function generateThumb(relocations: number): Generated {
  const functions = Math.max(1, Math.floor((relocations - TABLE) / 4));
  const helperBase = 0;
  const fnBase = HELPERS * 4;
  const text = new Uint8Array(fnBase + functions * FN_SIZE);
  for (let h = 0; h < HELPERS; h++) {
    put16(text, helperBase + h * 4, 0x2000 | (h & 0xff)); // movs r0, #h
    put16(text, helperBase + h * 4 + 2, 0x4770); // bx lr
  }
  const fnCode = [0xb510, 0xf7ff, 0xfffe, 0xf240, 0x0000, 0xf2c0, 0x0000, 0x4b01, 0x4798, 0xbd10];
  for (let f = 0; f < functions; f++) {
    const o = fnBase + f * FN_SIZE;
    fnCode.forEach((hw, k) => put16(text, o + k * 2, hw));
  }
  const data = new Uint8Array((COUNTERS + TABLE) * 4);

  const w = new Elf32Writer(EM_ARM, EF_ARM_EABI5);
  const textIdx = w.section({ name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, align: 4, data: text });
  const relText = w.section({
    name: '.rel.text',
    type: SHT_REL,
    flags: SHF_INFO_LINK,
    align: 4,
    entsize: 8,
    info: textIdx,
    relocates: true,
  });
  const dataIdx = w.section({ name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, align: 4, data });
  const relData = w.section({
    name: '.rel.data',
    type: SHT_REL,
    flags: SHF_INFO_LINK,
    align: 4,
    entsize: 8,
    info: dataIdx,
    relocates: true,
  });
  const bssIdx = w.section({ name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, align: 4, size: 256 });

  w.local('', 0, 0, STT_SECTION, textIdx);
  w.local('', 0, 0, STT_SECTION, dataIdx);
  w.local('', 0, 0, STT_SECTION, bssIdx);
  const helper: number[] = [];
  for (let h = 0; h < HELPERS; h++) helper.push(w.global(`helper_${h}`, helperBase + h * 4 + 1, 4, STT_FUNC, textIdx));
  const counter: number[] = [];
  for (let c = 0; c < COUNTERS; c++) counter.push(w.global(`counter_${c}`, c * 4, 4, STT_OBJECT, dataIdx));
  w.global('gen_table', COUNTERS * 4, TABLE * 4, STT_OBJECT, dataIdx);
  const imported = IMPORTS.map((name) => w.global(name, 0, 0, STT_NOTYPE, 0));
  for (let f = 0; f < Math.min(functions, 256); f++) w.global(`gen_fn_${f}`, fnBase + f * FN_SIZE + 1, FN_SIZE - 4, STT_FUNC, textIdx);

  const rt = new RelocTable(functions * 4, false);
  for (let f = 0; f < functions; f++) {
    const o = fnBase + f * FN_SIZE;
    rt.add(o + 2, helper[f % HELPERS]!, R_ARM_THM_CALL);
    rt.add(o + 6, counter[f % COUNTERS]!, R_ARM_THM_MOVW_ABS_NC);
    rt.add(o + 10, counter[f % COUNTERS]!, R_ARM_THM_MOVT_ABS);
    rt.add(o + 20, imported[f % imported.length]!, R_ARM_ABS32);
  }
  const rd = new RelocTable(TABLE, false);
  for (let t = 0; t < TABLE; t++) rd.add((COUNTERS + t) * 4, helper[t % HELPERS]!, R_ARM_ABS32);
  w.setData(relText, rt.bytes());
  w.setData(relData, rd.bytes());
  return { bytes: w.build(), relocations: rt.count + rd.count, textSize: text.length, dataSize: data.length };
}
