// The IEEE 754 rounding directions for the emulated FPUs' arithmetic. WebAssembly rounds every
// operation to nearest (ties to even); the other directions are that result moved by one ulp
// when the exact value lies on the other side of it, which the exact error of the operation
// says: for a sum TwoSum's error term, for a product, quotient or square root the remainder
// an exact fused multiply-add gives (fpmath.ts). Single-precision products, quotients and
// roots are exact enough in double precision for the same test.
//
// Modes in RISC-V's numbering (frm, and the rm field): 0 to nearest, ties to even; 1 toward
// zero; 2 down; 3 up; 4 to nearest, ties away from zero. The Arm cores map FPCR/FPSCR.RMode
// (0 nearest, 1 up, 2 down, 3 toward zero) with armRoundingMode().
//
// The fused multiply-adds round in every mode in fpmath.ts. Not covered: a product or quotient
// that underflows below the subnormals' precision (its error is then not exact).
import { directD, directS, fmaD, RM_RDN, RM_RNE } from "./fpmath";
export { armRoundingMode } from "./fpmath";

/** The error to pass directD() for a result that overflowed, or null (NaN) when `r` is finite
 * or the operands were not (an infinite operand gives an exact infinity). */
@inline function overflowError(r: f64, operandsFinite: bool): f64 {
  return !isFinite(r) && !isNaN(r) && operandsFinite ? (r > 0 ? -1.0 : 1.0) : NaN;
}

/** a + b (a - b is a + -b). A zero sum is exact (subnormals make every sum near zero exact): it
 * is +0 in every direction but down, where it is -0 unless both operands are +0 (IEEE 754
 * 6.3); rounding to nearest already gives -0 for two -0s. */
export function addD(a: f64, b: f64, rm: u32): f64 {
  const r = a + b;
  if (rm == RM_RNE) return r;
  if (r == 0) return rm == RM_RDN && !(reinterpret<u64>(a) == 0 && reinterpret<u64>(b) == 0) ? -0.0 : r;
  const ov = overflowError(r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directD(r, ov, rm);
  if (!isFinite(r)) return r;
  const bb = r - a;
  return directD(r, a - (r - bb) + (b - bb), rm);
}

export function mulD(a: f64, b: f64, rm: u32): f64 {
  const r = a * b;
  if (rm == RM_RNE) return r;
  const ov = overflowError(r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directD(r, ov, rm);
  if (!isFinite(r)) return r;
  return directD(r, fmaD(a, b, -r), rm);
}

export function divD(a: f64, b: f64, rm: u32): f64 {
  const r = a / b;
  if (rm == RM_RNE || b == 0) return r;
  const ov = overflowError(r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directD(r, ov, rm);
  if (!isFinite(r) || r == 0 && a == 0) return r;
  // a - r * b, exactly: the exact quotient is above r when it has b's sign.
  const rem = fmaD(-r, b, a);
  return directD(r, rem == 0 ? 0 : (rem > 0) == (b > 0) ? 1.0 : -1.0, rm);
}

export function sqrtD(a: f64, rm: u32): f64 {
  const r = Math.sqrt(a);
  if (rm == RM_RNE || !isFinite(r) || r == 0) return r;
  const rem = fmaD(-r, r, a);
  return directD(r, rem == 0 ? 0 : rem > 0 ? 1.0 : -1.0, rm);
}

export function addS(a: f32, b: f32, rm: u32): f32 {
  const r = a + b;
  if (rm == RM_RNE) return r;
  if (r == 0) return rm == RM_RDN && !(reinterpret<u32>(a) == 0 && reinterpret<u32>(b) == 0) ? <f32>-0.0 : r;
  const ov = overflowError(<f64>r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directS(r, ov, rm);
  if (!isFinite(r)) return r;
  // TwoSum in single precision: exact.
  const bb = r - a;
  return directS(r, <f64>(a - (r - bb)) + <f64>(b - bb), rm);
}

export function mulS(a: f32, b: f32, rm: u32): f32 {
  const r = a * b;
  if (rm == RM_RNE) return r;
  const ov = overflowError(<f64>r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directS(r, ov, rm);
  if (!isFinite(r)) return r;
  // The product of two singles is exact in double precision, and so is its distance to r.
  return directS(r, <f64>a * <f64>b - <f64>r, rm);
}

export function divS(a: f32, b: f32, rm: u32): f32 {
  const r = a / b;
  if (rm == RM_RNE || b == 0) return r;
  const ov = overflowError(<f64>r, isFinite(a) && isFinite(b));
  if (!isNaN(ov)) return directS(r, ov, rm);
  if (!isFinite(r) || r == 0 && a == 0) return r;
  const rem = <f64>a - <f64>r * <f64>b;
  return directS(r, rem == 0 ? 0 : (rem > 0) == (b > 0) ? 1.0 : -1.0, rm);
}

export function sqrtS(a: f32, rm: u32): f32 {
  const r = <f32>Math.sqrt(<f64>a);
  if (rm == RM_RNE || !isFinite(r) || r == 0) return r;
  const rem = <f64>a - <f64>r * <f64>r;
  return directS(r, rem == 0 ? 0 : rem > 0 ? 1.0 : -1.0, rm);
}
