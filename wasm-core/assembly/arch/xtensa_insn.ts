// The PC-relative operands an R_XTENSA_SLOT0_OP can target in a 24-bit Xtensa instruction
// (little-endian byte order: byte 0 holds op0 in bits 0..3). Used for the psABI side of the
// relocation: GNU ld re-encodes the operand whatever it held before.
//
//   L32R  (op0 1)            imm16 in bits 8..23, target = ((P+3) & ~3) + (0xFFFC0000 | imm16 << 2)
//   CALLn (op0 5)            offset in bits 6..23, target = (P & ~3) + 4 + (sext18(offset) << 2)
//   J     (op0 6, n 0)       offset in bits 6..23, target = P + 4 + sext18(offset)
//   BZ    (op0 6, n 1)       imm12 in bits 12..23, target = P + 4 + sext12(imm12)   (BEQZ/BNEZ/BLTZ/BGEZ)
//   B8    (op0 7, op0 6 n 2, n 3 m 2/3, BF/BT)
//                            imm8 in bits 16..23, target = P + 4 + sext8(imm8)
//   LOOP  (op0 6 n 3 m 1, r 8..10) imm8 in bits 16..23, target = P + 4 + imm8 (unsigned)
// Narrow (density) and FLIX instructions are not decoded here.

import { fitsSigned, fitsUnsigned } from "./fits";

export const XT_NONE: i32 = 0;
export const XT_L32R: i32 = 1;
export const XT_CALL: i32 = 2;
export const XT_J: i32 = 3;
export const XT_BZ: i32 = 4;
export const XT_B8: i32 = 5;
export const XT_LOOP: i32 = 6;

export function xtKindName(kind: i32): string {
  if (kind == XT_L32R) return "L32R";
  if (kind == XT_CALL) return "CALLn";
  if (kind == XT_J) return "J";
  if (kind == XT_BZ) return "BEQZ/BNEZ/BLTZ/BGEZ";
  if (kind == XT_B8) return "8-bit branch";
  if (kind == XT_LOOP) return "LOOP";
  return "unknown";
}

/** Which PC-relative operand the instruction starting with bytes b0, b1 has. */
export function classifyXtensa(b0: u32, b1: u32): i32 {
  const op0 = b0 & 0xf;
  if (op0 == 1) return XT_L32R;
  if (op0 == 5) return XT_CALL;
  if (op0 == 7) return XT_B8;
  if (op0 != 6) return XT_NONE;
  const n = (b0 >> 4) & 3;
  const m = (b0 >> 6) & 3;
  if (n == 0) return XT_J;
  if (n == 1) return XT_BZ;
  if (n == 2) return XT_B8;
  // n == 3: ENTRY (m 0), the B1 group (m 1), BLTUI/BGEUI (m 2, 3).
  if (m == 0) return XT_NONE;
  if (m >= 2) return XT_B8;
  const r = (b1 >> 4) & 0xf;
  if (r == 0 || r == 1) return XT_B8;
  if (r >= 8 && r <= 10) return XT_LOOP;
  return XT_NONE;
}

/** Result of encoding a target into an operand. */
export class XtOperand {
  /** The encoded operand value (words for L32R/CALLn, bytes otherwise). */
  field: i64 = 0;
  /** Displacement from the operand's base, in bytes. */
  disp: i64 = 0;
  /** Base the displacement is measured from. */
  base: u32 = 0;
  fits: bool = true;
  /** Allowed displacement in bytes. */
  min: i64 = 0;
  max: i64 = 0;
}

/**
 * Encode `target` into the operand of the instruction in buf[0..2] (placed at P) as the ISA
 * defines it. 32-bit wrap-around arithmetic, like the assembler's operand functions.
 */
export function encodeXtensa(kind: i32, buf: StaticArray<u8>, P: u32, target: u32, out: XtOperand): void {
  if (kind == XT_NONE) return;
  if (kind == XT_L32R) {
    out.base = (P + 3) & ~3;
    out.disp = <i64>(<i32>(target - out.base));
    out.field = out.disp >> 2;
    out.min = -262144;
    out.max = -4;
    out.fits = out.field >= -65536 && out.field <= -1;
    buf[1] = <u8>out.field;
    buf[2] = <u8>(out.field >> 8);
    return;
  }
  if (kind == XT_CALL) {
    out.base = (P & ~3) + 4;
    out.disp = <i64>(<i32>(target - out.base));
    out.field = out.disp >> 2;
    out.min = -524288;
    out.max = 524284;
    out.fits = fitsSigned(out.field, 18);
    putOffset18(buf, out.field);
    return;
  }
  out.base = P + 4;
  out.disp = <i64>(<i32>(target - out.base));
  out.field = out.disp;
  if (kind == XT_J) {
    out.min = -131072;
    out.max = 131071;
    out.fits = fitsSigned(out.field, 18);
    putOffset18(buf, out.field);
  } else if (kind == XT_BZ) {
    out.min = -2048;
    out.max = 2047;
    out.fits = fitsSigned(out.field, 12);
    buf[1] = <u8>(((<u32>buf[1]) & 0x0f) | (((<u32>out.field) & 0xf) << 4));
    buf[2] = <u8>(out.field >> 4);
  } else if (kind == XT_B8) {
    out.min = -128;
    out.max = 127;
    out.fits = fitsSigned(out.field, 8);
    buf[2] = <u8>out.field;
  } else if (kind == XT_LOOP) {
    out.min = 0;
    out.max = 255;
    out.fits = fitsUnsigned(out.field, 8);
    buf[2] = <u8>out.field;
  }
}

/** CALL-format 18-bit offset: bits 0..1 -> byte 0 bits 6..7, then bytes 1 and 2. */
function putOffset18(buf: StaticArray<u8>, field: i64): void {
  const f = <u32>field;
  buf[0] = <u8>(((<u32>buf[0]) & 0x3f) | ((f & 3) << 6));
  buf[1] = <u8>(f >> 2);
  buf[2] = <u8>(f >> 10);
}
