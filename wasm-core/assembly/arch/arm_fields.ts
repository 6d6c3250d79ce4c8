// Immediate fields of the ARM and Thumb-2 instructions that ARM relocations patch.
// Pure bit manipulation on instruction words; byte order is the caller's business.
//
// Each decoder returns the implicit (REL) addend the field holds; each encoder
// replaces the field and keeps the bits named by `keep`, so the Zephyr view and the
// ABI view can use the masks their own code uses.

import { signExtend32 } from "./fits";

// ---- A32 B/BL/BLX: imm24 is a word offset: offset = SignExtend(imm24:'00', 26) ----

export function a32BranchAddend(insn: u32): i32 {
  return signExtend32((insn & 0x00ffffff) << 2, 26);
}

/** Replace imm24 with off>>2 (arithmetic), keeping `keep` (0xFF000000: cond, 101, L/H). */
export function a32BranchEncode(insn: u32, off: i64, keep: u32): u32 {
  return (insn & keep) | ((<u32>(off >> 2)) & 0x00ffffff);
}

/** BLX (immediate) to Thumb: cond 1111, 101, H = bit 1 of the offset. */
export function a32BlxEncode(off: i64): u32 {
  return 0xfa000000 | (((<u32>(off >> 1)) & 1) << 24) | ((<u32>(off >> 2)) & 0x00ffffff);
}

// ---- A32 MOVW/MOVT: imm16 = imm4 (bits 19:16) : imm12 (bits 11:0) ----

export function a32MovImm(insn: u32): u32 {
  return ((insn & 0x000f0000) >> 4) | (insn & 0x00000fff);
}

export function a32MovEncode(insn: u32, imm16: u32, keep: u32): u32 {
  return (insn & keep) | ((imm16 & 0xf000) << 4) | (imm16 & 0x0fff);
}

// ---- Thumb-2 BL / B.W / BLX: two halfwords, upper = 11110 S imm10, lower = 1x J1 x J2 imm11 ----
// offset = SignExtend(S:I1:I2:imm10:imm11:'0', 25), I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S).

export function thmBranchAddend(upper: u32, lower: u32): i32 {
  const s = (upper >> 10) & 1;
  const i1 = ~((lower >> 13) ^ s) & 1;
  const i2 = ~((lower >> 11) ^ s) & 1;
  const v = (s << 24) | (i1 << 23) | (i2 << 22) | ((upper & 0x3ff) << 12) | ((lower & 0x7ff) << 1);
  return signExtend32(v, 25);
}

/** New upper halfword: keeps bits 15:11 (11110), writes S and imm10. */
export function thmBranchUpper(upper: u32, off: i64): u32 {
  const o = <u32>off;
  return (upper & 0xf800) | (((o >> 24) & 1) << 10) | ((o >> 12) & 0x3ff);
}

/** New lower halfword: keeps `keep` (0xD000: bits 15, 14, 12 = BL/BLX/B.W), writes J1, J2, imm11. */
export function thmBranchLower(lower: u32, off: i64, keep: u32): u32 {
  const o = <u32>off;
  const s = (o >> 24) & 1;
  const j1 = s ^ (~(o >> 23) & 1);
  const j2 = s ^ (~(o >> 22) & 1);
  return (lower & keep) | (j1 << 13) | (j2 << 11) | ((o >> 1) & 0x7ff);
}

/** Bit 12 of the lower halfword: 1 = BL (or B.W), 0 = BLX. */
export const THM_LOWER_BL_BIT: u32 = 0x1000;

// ---- Thumb-2 MOVW/MOVT: imm16 = imm4 (upper 3:0) : i (upper 10) : imm3 (lower 14:12) : imm8 (lower 7:0) ----

export function thmMovImm(upper: u32, lower: u32): u32 {
  return ((upper & 0x000f) << 12) | ((upper & 0x0400) << 1) | ((lower & 0x7000) >> 4) | (lower & 0x00ff);
}

/** New upper halfword: keeps 11110 and 100100 (0xFBF0), writes imm4 and i. */
export function thmMovUpper(upper: u32, imm16: u32): u32 {
  return (upper & 0xfbf0) | ((imm16 & 0xf000) >> 12) | ((imm16 & 0x0800) >> 1);
}

/** New lower halfword: keeps bit 15 and Rd (0x8F00), writes imm3 and imm8. */
export function thmMovLower(lower: u32, imm16: u32): u32 {
  return (lower & 0x8f00) | ((imm16 & 0x0700) << 4) | (imm16 & 0x00ff);
}

// ---- PREL31 (exception index tables): bit 31 kept, bits 30:0 signed offset ----

export function prel31Addend(word: u32): i32 {
  return signExtend32(word, 31);
}

export function prel31Encode(word: u32, off: i64): u32 {
  return (word & 0x80000000) | ((<u32>off) & 0x7fffffff);
}
