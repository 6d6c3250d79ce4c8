// IEEE 754 arithmetic the emulated cores share where WebAssembly has no instruction for it:
// the high half of a 64 x 64-bit product, fused multiply-add (a * b + c rounded once, as
// ARM's FPMulAdd() and RISC-V's FMADD family require), for double and single precision, and
// the rounding directions other than to nearest (fpround.ts applies them to the other
// operations).

// ---- rounding directions ----

export const RM_RNE: u32 = 0;
export const RM_RTZ: u32 = 1;
export const RM_RDN: u32 = 2;
export const RM_RUP: u32 = 3;
export const RM_RMM: u32 = 4;

/** FPCR.RMode / FPSCR.RMode (0 nearest, 1 up, 2 down, 3 toward zero) as a mode above. */
export function armRoundingMode(rmode: u32): u32 {
  const m = rmode & 3;
  return m == 0 ? RM_RNE : m == 1 ? RM_RUP : m == 2 ? RM_RDN : RM_RTZ;
}

/** The next double toward +infinity (`up`) or -infinity. */
export function nextD(x: f64, up: bool): f64 {
  if (x == 0) return reinterpret<f64>(<u64>1) * (up ? 1.0 : -1.0);
  if (x == Infinity && up) return x;
  if (x == -Infinity && !up) return x;
  const b = reinterpret<u64>(x);
  // Up from a positive number, or down from a negative one, is one more unit of magnitude.
  return reinterpret<f64>(up == x > 0 ? b + 1 : b - 1);
}

export function nextS(x: f32, up: bool): f32 {
  if (x == 0) return reinterpret<f32>(<u32>1) * (up ? <f32>1.0 : <f32>-1.0);
  if (x == Infinity && up) return x;
  if (x == -Infinity && !up) return x;
  const b = reinterpret<u32>(x);
  return reinterpret<f32>(up == x > 0 ? b + 1 : b - 1);
}

/**
 * `r`, an operation's result rounded to nearest, in mode `rm` instead. `e` is the exact value
 * minus `r` (its sign is enough but for ties, which only sums, products and fused operations
 * have). An overflow (r infinite from finite operands) passes e = -r's sign.
 */
export function directD(r: f64, e: f64, rm: u32): f64 {
  if (rm == RM_RNE || e == 0 || isNaN(r) || isNaN(e)) return r;
  if (rm == RM_RTZ) return e < 0 == r > 0 ? nextD(r, e > 0) : r;
  if (rm == RM_RDN) return e < 0 ? nextD(r, false) : r;
  if (rm == RM_RUP) return e > 0 ? nextD(r, true) : r;
  // RMM: differs only at a tie that went to the even neighbour nearer zero.
  const n = nextD(r, e > 0);
  return Math.abs(n) > Math.abs(r) && e == (n - r) * 0.5 ? n : r;
}

export function directS(r: f32, e: f64, rm: u32): f32 {
  if (rm == RM_RNE || e == 0 || isNaN(r) || isNaN(e)) return r;
  if (rm == RM_RTZ) return e < 0 == r > 0 ? nextS(r, e > 0) : r;
  if (rm == RM_RDN) return e < 0 ? nextS(r, false) : r;
  if (rm == RM_RUP) return e > 0 ? nextS(r, true) : r;
  const n = nextS(r, e > 0);
  return Mathf.abs(n) > Mathf.abs(r) && e == (<f64>n - <f64>r) * 0.5 ? n : r;
}


/** The high 64 bits of the unsigned 128-bit product a * b. */
export function mulhu64(a: u64, b: u64): u64 {
  const al = a & 0xffffffff,
    ah = a >> 32,
    bl = b & 0xffffffff,
    bh = b >> 32;
  const ll = al * bl,
    lh = al * bh,
    hl = ah * bl,
    hh = ah * bh;
  const mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

// ---- fused multiply-add, exact: FPMulAdd() rounds a * b + c once ----

// A 128-bit value as two halves (module state: no allocation per operation).
let wHi: u64 = 0;
let wLo: u64 = 0;

@inline function clz128(hi: u64, lo: u64): i32 {
  return hi != 0 ? <i32>clz<u64>(hi) : 64 + <i32>clz<u64>(lo);
}
/** (hi:lo) << n into wHi:wLo, 0 <= n < 128. */
function shl128(hi: u64, lo: u64, n: i32): void {
  if (n == 0) {
    wHi = hi;
    wLo = lo;
  } else if (n >= 64) {
    wHi = lo << (n - 64);
    wLo = 0;
  } else {
    wHi = (hi << n) | (lo >> (64 - n));
    wLo = lo << n;
  }
}
/** (hi:lo) >> n into wHi:wLo, with every bit shifted out ORed into bit 0 (sticky). */
function shrSticky128(hi: u64, lo: u64, n: i32): void {
  if (n == 0) {
    wHi = hi;
    wLo = lo;
    return;
  }
  if (n >= 128) {
    wHi = 0;
    wLo = hi != 0 || lo != 0 ? 1 : 0;
    return;
  }
  let sticky: u64;
  if (n >= 64) {
    const k = n - 64;
    sticky = lo != 0 || (k > 0 && (hi << (64 - k)) != 0) ? 1 : 0;
    wLo = k == 0 ? hi : hi >> k;
    wHi = 0;
  } else {
    sticky = (lo << (64 - n)) != 0 ? 1 : 0;
    wLo = (lo >> n) | (hi << (64 - n));
    wHi = hi >> n;
  }
  wLo |= sticky;
}

/** ±(hi:lo) * 2^e rounded to a double in mode `rm` (subnormals, overflow). */
function roundToDouble(neg: bool, hi: u64, lo: u64, e: i32, rm: u32): f64 {
  const msb = 127 - clz128(hi, lo);
  const top = msb + e; // the exponent of the leading bit
  const lsb = max<i32>(top - 52, -1074); // the exponent of the result's last bit
  const k = lsb - e; // bits of (hi:lo) below it
  let mant: u64;
  if (k <= 0) {
    shl128(hi, lo, -k);
    mant = wLo;
  } else {
    let rHi: u64, rLo: u64; // the bits below
    if (k >= 128) {
      mant = 0;
      rHi = hi;
      rLo = lo;
    } else {
      // mant = (hi:lo) >> k, rem = (hi:lo) & (2^k - 1)
      if (k >= 64) {
        mant = k == 64 ? hi : hi >> (k - 64);
        rHi = k == 64 ? 0 : hi & ((<u64>1 << (k - 64)) - 1);
        rLo = lo;
      } else {
        mant = (lo >> k) | (hi << (64 - k));
        rHi = 0;
        rLo = lo & ((<u64>1 << k) - 1);
      }
    }
    // half = 2^(k-1)
    let halfHi: u64 = 0,
      halfLo: u64 = 0;
    if (k - 1 >= 128) {
      halfHi = ~(<u64>0); // never reached by a remainder
      halfLo = ~(<u64>0);
    } else if (k - 1 >= 64) halfHi = <u64>1 << (k - 1 - 64);
    else halfLo = <u64>1 << (k - 1);
    const above = rHi > halfHi || (rHi == halfHi && rLo > halfLo);
    const tie = rHi == halfHi && rLo == halfLo;
    const inexact = rHi != 0 || rLo != 0;
    let up: bool;
    if (rm == RM_RNE) up = above || (tie && (mant & 1) != 0);
    else if (rm == RM_RMM) up = above || tie;
    else if (rm == RM_RUP) up = inexact && !neg;
    else if (rm == RM_RDN) up = inexact && neg;
    else up = false; // toward zero
    if (up) mant++;
  }
  let exp = lsb;
  if (mant == (<u64>1 << 53)) {
    mant >>= 1;
    exp++;
  }
  const sign: u64 = neg ? 0x8000000000000000 : 0;
  if (mant == 0) return reinterpret<f64>(sign);
  if (mant < (<u64>1 << 52)) return reinterpret<f64>(sign | mant); // subnormal (exp == -1074)
  const biased = exp + 52 + 1023;
  if (biased >= 2047) {
    // Overflow: infinity, or the largest finite number in the directions that round away from it.
    const toMax = rm == RM_RTZ || (rm == RM_RUP && neg) || (rm == RM_RDN && !neg);
    return reinterpret<f64>(sign | (toMax ? 0x7fefffffffffffff : 0x7ff0000000000000));
  }
  return reinterpret<f64>(sign | (<u64>biased << 52) | (mant & 0xfffffffffffff));
}

/** A zero a * b + c that is exact (a zero product and a zero addend, or an exact cancellation):
 * +0 in every direction but down, where it is -0 unless both terms are +0 (IEEE 754 6.3). */
@inline function exactZero(negTerms: bool, posTerms: bool, rm: u32): f64 {
  if (negTerms && !posTerms) return -0.0;
  return rm == RM_RDN && negTerms ? -0.0 : 0.0;
}

/** a * b + c with a single rounding (IEEE 754 fusedMultiplyAdd) in mode `rm` (to nearest,
 * ties to even, by default). */
export function fmaD(a: f64, b: f64, c: f64, rm: u32 = RM_RNE): f64 {
  if (!isFinite(c) && isFinite(a) && isFinite(b)) return c; // the exact product is finite
  if (!isFinite(a) || !isFinite(b) || !isFinite(c)) return a * b + c;
  if (a == 0 || b == 0) {
    if (c != 0) return c;
    // Both terms are zeros: their signs decide.
    const pNeg = (reinterpret<u64>(a) ^ reinterpret<u64>(b)) >> 63 != 0,
      cNeg = reinterpret<u64>(c) >> 63 != 0;
    return exactZero(pNeg || cNeg, !pNeg || !cNeg, rm);
  }
  if (c == 0 && rm == RM_RNE) return a * b; // the exact product's sign wins over a zero addend
  const ab = reinterpret<u64>(a),
    bb = reinterpret<u64>(b),
    cb = reinterpret<u64>(c);
  const ea = <i32>((ab >> 52) & 0x7ff),
    eb = <i32>((bb >> 52) & 0x7ff),
    ec = <i32>((cb >> 52) & 0x7ff);
  const ma = ea == 0 ? ab & 0xfffffffffffff : (ab & 0xfffffffffffff) | (<u64>1 << 52);
  const mb = eb == 0 ? bb & 0xfffffffffffff : (bb & 0xfffffffffffff) | (<u64>1 << 52);
  const mc = ec == 0 ? cb & 0xfffffffffffff : (cb & 0xfffffffffffff) | (<u64>1 << 52);
  let pe = (ea == 0 ? -1074 : ea - 1075) + (eb == 0 ? -1074 : eb - 1075);
  let ce = ec == 0 ? -1074 : ec - 1075;
  const pNeg = ((ab ^ bb) >> 63) != 0,
    cNeg = (cb >> 63) != 0;
  // Both with their leading bit at bit 125 (room for a carry).
  let ph = mulhu64(ma, mb),
    pl = ma * mb;
  let s = clz128(ph, pl) - 2;
  shl128(ph, pl, s);
  ph = wHi;
  pl = wLo;
  pe -= s;
  s = clz128(0, mc) - 2;
  shl128(0, mc, s);
  let ch = wHi,
    cl = wLo;
  ce -= s;
  // Align to the larger exponent; what falls off is kept as a sticky bit.
  let e: i32;
  if (pe >= ce) {
    shrSticky128(ch, cl, min<i32>(pe - ce, 128));
    ch = wHi;
    cl = wLo;
    e = pe;
  } else {
    shrSticky128(ph, pl, min<i32>(ce - pe, 128));
    ph = wHi;
    pl = wLo;
    e = ce;
  }
  let rh: u64, rl: u64;
  let neg: bool;
  if (pNeg == cNeg) {
    rl = pl + cl;
    rh = ph + ch + (rl < pl ? 1 : 0);
    neg = pNeg;
  } else {
    const pBig = ph > ch || (ph == ch && pl >= cl);
    if (pBig) {
      rl = pl - cl;
      rh = ph - ch - (pl < cl ? 1 : 0);
      neg = pNeg;
    } else {
      rl = cl - pl;
      rh = ch - ph - (cl < pl ? 1 : 0);
      neg = cNeg;
    }
    if (rh == 0 && rl == 0) return exactZero(true, true, rm); // exact cancellation
  }
  return roundToDouble(neg, rh, rl, e, rm);
}

/** The single-precision fused a * b + c in mode `rm`: the product is exact in a double, the
 * sum is rounded to odd in a double (two-sum gives its error), then to single: one correct
 * rounding (the double keeps, in its last bit, whether anything was lost). */
export function fmaS(a: f32, b: f32, c: f32, rm: u32 = RM_RNE): f32 {
  const p = <f64>a * <f64>b;
  const cd = <f64>c;
  const s = p + cd;
  if (!isFinite(p) || !isFinite(cd)) return <f32>s;
  if (p == 0 && cd == 0) {
    const pNeg = reinterpret<u64>(p) >> 63 != 0,
      cNeg = reinterpret<u64>(cd) >> 63 != 0;
    return <f32>exactZero(pNeg || cNeg, !pNeg || !cNeg, rm);
  }
  let d = s;
  if (p != 0 && cd != 0 && isFinite(s)) {
    const bv = s - p;
    const err = p - (s - bv) + (cd - bv);
    if (s == 0) return <f32>exactZero(true, true, rm); // exact cancellation (err is 0 too)
    if (err != 0) {
      let bits = reinterpret<u64>(s);
      if ((bits & 1) == 0) {
        // the other neighbour of the exact sum, which has an odd last bit
        const away = (err > 0) == (s > 0);
        bits = away ? bits + 1 : bits - 1;
      }
      d = reinterpret<f64>(bits);
    }
  }
  const r = <f32>d;
  if (rm == RM_RNE) return r;
  // A double overflowing the single range: d - r is then -infinity's sign, which directS() takes.
  return directS(r, d - <f64>r, rm);
}
