// The ARM relocation table: every type Zephyr's arch/arm/core/elf.c has a case for,
// plus the four it #defines without handling. One entry says how the addend is read,
// which handler applies, how many bytes at P it touches and which range is checked,
// both by Zephyr and by the ARM ELF ABI (AAELF32, as GNU ld applies it).
import { ADDEND_IMPLICIT, ADDEND_NONE, RelocRow, indexRows } from "./reloc_row";
import {
  armAbiName,
  R_ARM_NONE,
  R_ARM_PC24,
  R_ARM_ABS32,
  R_ARM_REL32,
  R_ARM_THM_CALL,
  R_ARM_COPY,
  R_ARM_GLOB_DAT,
  R_ARM_JUMP_SLOT,
  R_ARM_RELATIVE,
  R_ARM_CALL,
  R_ARM_JUMP24,
  R_ARM_THM_JUMP24,
  R_ARM_TARGET1,
  R_ARM_V4BX,
  R_ARM_PREL31,
  R_ARM_MOVW_ABS_NC,
  R_ARM_MOVT_ABS,
  R_ARM_MOVW_PREL_NC,
  R_ARM_MOVT_PREL,
  R_ARM_THM_MOVW_ABS_NC,
  R_ARM_THM_MOVT_ABS,
  R_ARM_THM_MOVW_PREL_NC,
  R_ARM_THM_MOVT_PREL,
  R_ARM_ALU_PC_G0_NC,
  R_ARM_ALU_PC_G1_NC,
  R_ARM_LDR_PC_G2,
} from "./arm_names";

/** Where the implicit addend lives. ARM extensions are REL only: A is always in the place. */
export enum ArmAddend {
  /** No addend (NONE; V4BX; GLOB_DAT/JUMP_SLOT overwrite the word). */
  None,
  /** The whole 32-bit word. */
  Word,
  /** A32 B/BL/BLX imm24 << 2, signed. */
  A32Branch,
  /** Bits 30:0, signed (bit 31 is kept). */
  Prel31,
  /** A32 MOVW/MOVT imm4:imm12, signed 16-bit. */
  A32Mov,
  /** Thumb-2 BL/B.W S:I1:I2:imm10:imm11 << 1, signed. */
  ThmBranch,
  /** Thumb-2 MOVW/MOVT imm4:i:imm3:imm8, signed 16-bit. */
  ThmMov,
}

/** Which piece of Zephyr's switch handles the type. */
export enum ArmHandler {
  Nop,
  /** *loc += S */
  Abs32,
  /** *loc += S - P */
  Rel32,
  /** jumps_handler: A32 branch, range-checked */
  A32Branch,
  /** BX Rm -> MOV PC, Rm */
  V4bx,
  /** prel31_handler, range-checked */
  Prel31,
  /** movs_handler, low half */
  A32MovW,
  /** movs_handler, high half */
  A32MovT,
  /** thm_jumps_handler: Thumb-2 BL/B.W, range-checked (veneers hook in here) */
  ThmBranch,
  /** thm_movs_handler, low half */
  ThmMovW,
  /** thm_movs_handler, high half */
  ThmMovT,
  /** *loc += load_bias */
  Relative,
  /** *loc = S */
  SymbolValue,
  /** #defined in elf.c but no case: falls to "unknown relocation" */
  Unhandled,
}

/**
 * A row of the shared shape (its addend source is ADDEND_IMPLICIT: ARM extensions are REL
 * only) plus what the ARM handlers need: where in the instruction the addend lives, whether
 * the place is subtracted, and whether veneers apply. Zephyr's and the ABI's ranges are the
 * branch or PREL31 offsets each accepts (the ABI's: GNU ld's "relocation truncated to fit").
 */
export class ArmRow extends RelocRow {
  /** Where the implicit addend lives in the place. */
  field: ArmAddend = ArmAddend.None;
  /** S - P rather than S (REL32, the _PREL MOVs; branches are always PC-relative). */
  pcRelative: bool = false;
  /** With CONFIG_LLEXT_VENEERS an out-of-range branch of this type goes through a veneer (loader/veneers.ts). */
  veneerable: bool = false;
}

function plain(type: u32, field: ArmAddend, handler: ArmHandler, width: u32, pcRelative: bool): ArmRow {
  const r = new ArmRow(type, armAbiName(type), field == ArmAddend.None ? ADDEND_NONE : ADDEND_IMPLICIT, handler, width);
  r.field = field;
  r.pcRelative = pcRelative;
  return r;
}

function ranged(
  type: u32,
  field: ArmAddend,
  handler: ArmHandler,
  zephMin: i64,
  zephMax: i64,
  abiMin: i64,
  abiMax: i64,
  veneerable: bool,
): ArmRow {
  const r = new ArmRow(type, armAbiName(type), ADDEND_IMPLICIT, handler, 4, abiMin, abiMax, zephMin, zephMax);
  r.field = field;
  r.pcRelative = true;
  r.veneerable = veneerable;
  return r;
}

// A32 branch: Zephyr rejects off >= 0x2000000 || off <= -0x2000000 (JUMP_*_BOUNDARY), so
// -2^25 is refused although imm24 encodes it. The ABI field is SignExtend(imm24:'00', 26)
// and ld tests X >> 2 against [-2^23, 2^23 - 1]: X in [-0x2000000, 0x1FFFFFF].
const A32_ZEPH_MIN: i64 = -0x1ffffff;
const A32_ZEPH_MAX: i64 = 0x1ffffff;
const A32_ABI_MIN: i64 = -0x2000000;
const A32_ABI_MAX: i64 = 0x1ffffff;
// Thumb-2 BL/B.W: Zephyr rejects off >= 0x1000000 || off <= -0x1000000; the field is
// SignExtend(S:I1:I2:imm10:imm11:'0', 25), ld tests X >> 1 against [-2^23, 2^23 - 1].
const THM_ZEPH_MIN: i64 = -0xffffff;
const THM_ZEPH_MAX: i64 = 0xffffff;
const THM_ABI_MIN: i64 = -0x1000000;
const THM_ABI_MAX: i64 = 0xffffff;
// PREL31: both sides accept [-2^30, 2^30 - 1] (Zephyr: off >= 0x40000000 || off < -0x40000000).
const PREL31_MIN: i64 = -0x40000000;
const PREL31_MAX: i64 = 0x3fffffff;

export const ARM_RELOCS: StaticArray<ArmRow> = [
  plain(R_ARM_NONE, ArmAddend.None, ArmHandler.Nop, 0, false),
  ranged(R_ARM_PC24, ArmAddend.A32Branch, ArmHandler.A32Branch, A32_ZEPH_MIN, A32_ZEPH_MAX, A32_ABI_MIN, A32_ABI_MAX, false),
  plain(R_ARM_ABS32, ArmAddend.Word, ArmHandler.Abs32, 4, false),
  plain(R_ARM_REL32, ArmAddend.Word, ArmHandler.Rel32, 4, true),
  ranged(R_ARM_THM_CALL, ArmAddend.ThmBranch, ArmHandler.ThmBranch, THM_ZEPH_MIN, THM_ZEPH_MAX, THM_ABI_MIN, THM_ABI_MAX, true),
  plain(R_ARM_COPY, ArmAddend.None, ArmHandler.Unhandled, 0, false),
  plain(R_ARM_GLOB_DAT, ArmAddend.None, ArmHandler.SymbolValue, 4, false),
  plain(R_ARM_JUMP_SLOT, ArmAddend.None, ArmHandler.SymbolValue, 4, false),
  plain(R_ARM_RELATIVE, ArmAddend.Word, ArmHandler.Relative, 4, false),
  ranged(R_ARM_CALL, ArmAddend.A32Branch, ArmHandler.A32Branch, A32_ZEPH_MIN, A32_ZEPH_MAX, A32_ABI_MIN, A32_ABI_MAX, false),
  ranged(R_ARM_JUMP24, ArmAddend.A32Branch, ArmHandler.A32Branch, A32_ZEPH_MIN, A32_ZEPH_MAX, A32_ABI_MIN, A32_ABI_MAX, false),
  ranged(R_ARM_THM_JUMP24, ArmAddend.ThmBranch, ArmHandler.ThmBranch, THM_ZEPH_MIN, THM_ZEPH_MAX, THM_ABI_MIN, THM_ABI_MAX, true),
  plain(R_ARM_TARGET1, ArmAddend.Word, ArmHandler.Abs32, 4, false),
  plain(R_ARM_V4BX, ArmAddend.None, ArmHandler.V4bx, 4, false),
  ranged(R_ARM_PREL31, ArmAddend.Prel31, ArmHandler.Prel31, PREL31_MIN, PREL31_MAX, PREL31_MIN, PREL31_MAX, false),
  plain(R_ARM_MOVW_ABS_NC, ArmAddend.A32Mov, ArmHandler.A32MovW, 4, false),
  plain(R_ARM_MOVT_ABS, ArmAddend.A32Mov, ArmHandler.A32MovT, 4, false),
  plain(R_ARM_MOVW_PREL_NC, ArmAddend.A32Mov, ArmHandler.A32MovW, 4, true),
  plain(R_ARM_MOVT_PREL, ArmAddend.A32Mov, ArmHandler.A32MovT, 4, true),
  plain(R_ARM_THM_MOVW_ABS_NC, ArmAddend.ThmMov, ArmHandler.ThmMovW, 4, false),
  plain(R_ARM_THM_MOVT_ABS, ArmAddend.ThmMov, ArmHandler.ThmMovT, 4, false),
  plain(R_ARM_THM_MOVW_PREL_NC, ArmAddend.ThmMov, ArmHandler.ThmMovW, 4, true),
  plain(R_ARM_THM_MOVT_PREL, ArmAddend.ThmMov, ArmHandler.ThmMovT, 4, true),
  // Named in elf.c, no case in its switch: Zephyr reports "unknown relocation".
  plain(R_ARM_ALU_PC_G0_NC, ArmAddend.None, ArmHandler.Unhandled, 4, true),
  plain(R_ARM_ALU_PC_G1_NC, ArmAddend.None, ArmHandler.Unhandled, 4, true),
  plain(R_ARM_LDR_PC_G2, ArmAddend.None, ArmHandler.Unhandled, 4, true),
];

/** ARM_RELOCS indexed by type number (ELF32 r_info holds 8 bits of type). */
const BY_TYPE = indexRows<ArmRow>(ARM_RELOCS, 256);

/** The table entry for `type`, or null when elf.c neither handles nor names it. */
export function armRelocInfo(type: u32): ArmRow | null {
  return type < 256 ? unchecked(BY_TYPE[type]) : null;
}
