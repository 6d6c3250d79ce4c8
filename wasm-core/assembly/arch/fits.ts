// Range predicates for relocation fields, as GNU BFD's overflow checks define them.
// Values are taken as mathematical (signed 64-bit) results of the relocation formula.

/** complain_overflow_signed: v fits a two's-complement field of `bits` bits. */
export function fitsSigned(v: i64, bits: i32): bool {
  const half = (<i64>1) << (<i64>(bits - 1));
  return v >= -half && v < half;
}

/** complain_overflow_unsigned: 0 <= v < 2^bits. */
export function fitsUnsigned(v: i64, bits: i32): bool {
  if (v < 0) return false;
  if (bits >= 63) return true;
  return v < ((<i64>1) << (<i64>bits));
}

/** min <= v <= max (a row's zephMin/zephMax or abiMin/abiMax). */
// @ts-ignore: decorator
@inline export function inRange(v: i64, min: i64, max: i64): bool {
  return v >= min && v <= max;
}

/** Sign-extend the low `bits` bits of a 32-bit field value (instruction immediates). */
export function signExtend32(v: u32, bits: u32): i32 {
  const sh = 32 - bits;
  return (<i32>(v << sh)) >> sh;
}

/** Sign-extend the low `bits` bits of v. */
export function signExtend(v: u64, bits: i32): i64 {
  const sh = <i64>(64 - bits);
  return (<i64>(v << sh)) >> sh;
}
