// Zephyr's formatter behind printk(), vprintk(), snprintk() and vsnprintk(): cbvprintf() as
// lib/os/cbprintf_complete.c implements it (z_cbvprintf_impl()).
//
// Which implementation: Kconfig's CBPRINTF_IMPLEMENTATION choice defaults to
// CBPRINTF_COMPLETE (lib/os/Kconfig.cbprintf), and CBPRINTF_NANO is only chosen by hand, so
// the complete formatter is the one a stock image has and the one modelled first, with the
// defaults of its options: CBPRINTF_FULL_INTEGRAL (y), CBPRINTF_N_SPECIFIER (y) and
// CBPRINTF_FP_SUPPORT ("default y if FPU": n on every board unless CONFIG_FPU=y).
// Without FP support %f, %e, %g and %a are "unsupported": the double is still taken from the
// arguments and the conversion's own text ("%f", "%.2f") is printed. %a is never formatted
// here (CBPRINTF_FP_A_SUPPORT, default n, is not modelled). An image configured with
// CONFIG_CBPRINTF_NANO=y gets cbvprintfNano() below instead.
//
// The format string, %s strings and %n targets are target memory read and written through
// the bus; a refused access stops the formatting with bus.stop set, as the device would fault
// inside cbvprintf() after the characters it already emitted.
import { ArgReader } from "./cpu";
import { Bus } from "./bus";

/** The Kconfig and ABI facts the formatter depends on. */
export class CbprintfConfig {
  /** CONFIG_CBPRINTF_NANO: lib/os/cbprintf_nano.c instead of the complete formatter. */
  nano: bool = false;
  /** CONFIG_CBPRINTF_FULL_INTEGRAL (default y); n: CBPRINTF_REDUCED_INTEGRAL. */
  fullIntegral: bool = true;
  /** CONFIG_CBPRINTF_FP_SUPPORT (default y only with CONFIG_FPU). */
  fp: bool = false;
  /** CONFIG_CBPRINTF_N_SPECIFIER (default y). */
  nSpecifier: bool = true;
  /** Whether plain char is signed (x86) or not (ARM, AArch64, RISC-V per their psABIs). */
  charSigned: bool = false;
  /** sizeof(long): 4 on ILP32, 8 on LP64 (RV64, AArch64, x86-64). */
  longBytes: i32 = 4;
  /** sizeof(void *), size_t and ptrdiff_t. */
  ptrBytes: i32 = 4;
  /** CONFIG_64BIT: _ldiv5() divides exactly; 32-bit targets use the reciprocal trick. */
  is64: bool = false;
}

/** Where the formatted characters go: cbprintf's `out` callback. */
export abstract class FmtSink {
  /** Characters emitted (what cbvprintf() returns and %n stores). */
  count: i32 = 0;
  abstract put(c: u32): void;
  /** `n` copies of `c` (padding; a width can be up to INT_MAX). */
  abstract repeat(c: u32, n: i32): void;
}

/** Collects the characters (printk's console output). At most `limit` are kept. */
export class ByteSink extends FmtSink {
  bytes: Array<u8> = new Array<u8>();
  constructor(public limit: i32 = 1 << 20) {
    super();
  }
  put(c: u32): void {
    if (this.bytes.length < this.limit) this.bytes.push(<u8>c);
    this.count++;
  }
  repeat(c: u32, n: i32): void {
    const keep = min<i32>(n, this.limit - this.bytes.length);
    for (let i = 0; i < keep; i++) this.bytes.push(<u8>c);
    this.count += n;
  }
  text(): string {
    const buf = new Uint8Array(this.bytes.length);
    for (let i = 0; i < this.bytes.length; i++) unchecked((buf[i] = this.bytes[i]));
    return String.UTF8.decode(buf.buffer);
  }
}

/** vsnprintk()'s str_out() (lib/os/printk.c): writes into target memory `str`, the last of
 * `max` bytes reserved for the NUL, counting what does not fit. struct str_context keeps
 * the size in an int: a size_t above INT_MAX is negative there, and nothing is written. */
export class BufferSink extends FmtSink {
  constructor(
    public bus: Bus,
    public str: u64,
    public max: i32,
  ) {
    super();
  }
  put(c: u32): void {
    const n = this.count;
    if (this.str == 0 || n >= this.max || this.bus.stop != 0) {
      this.count++;
      return;
    }
    this.bus.write8(this.str + <u64>n, n == this.max - 1 ? 0 : c);
    this.count++;
  }
  repeat(c: u32, n: i32): void {
    while (n > 0 && this.count < this.max && this.str != 0 && this.bus.stop == 0) {
      this.put(c);
      n--;
    }
    this.count += n;
  }
}

// enum length_mod_enum
const LEN_NONE: i32 = 0;
const LEN_HH: i32 = 1;
const LEN_H: i32 = 2;
const LEN_L: i32 = 3;
const LEN_LL: i32 = 4;
const LEN_J: i32 = 5;
const LEN_Z: i32 = 6;
const LEN_T: i32 = 7;
const LEN_UPPER_L: i32 = 8;

// enum specifier_cat_enum
const CAT_INVALID: i32 = 0;
const CAT_SINT: i32 = 1;
const CAT_UINT: i32 = 2;
const CAT_PTR: i32 = 3;
const CAT_FP: i32 = 4;

/** struct conversion */
class Conversion {
  invalid: bool = false;
  unsupported: bool = false;
  dash: bool = false;
  plus: bool = false;
  space: bool = false;
  hash: bool = false;
  zero: bool = false;
  widthPresent: bool = false;
  widthStar: bool = false;
  precPresent: bool = false;
  precStar: bool = false;
  lengthMod: i32 = LEN_NONE;
  specifierA: bool = false;
  cat: i32 = CAT_INVALID;
  altform0: bool = false;
  altform0c: bool = false;
  padPostdp: bool = false;
  padFp: bool = false;
  specifier: u32 = 0;
  widthValue: i32 = 0;
  precValue: i32 = 0;
  pad0Value: i32 = 0;
  pad0PreExp: i32 = 0;
}

const CH_PERCENT: u32 = 0x25;

function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

function isUpper(c: u32): bool {
  return c >= 0x41 && c <= 0x5a;
}

/** The format string as bytes, NUL excluded; null when reading it faulted. */
function readFormat(bus: Bus, fmt: u64): Uint8Array | null {
  const out = new Array<u8>();
  for (let i = 0; i < 1 << 20; i++) {
    const b = bus.read8(fmt + <u64>i);
    if (bus.stop != 0) return null;
    if (b == 0) break;
    out.push(<u8>b);
  }
  const r = new Uint8Array(out.length + 1);
  for (let i = 0; i < out.length; i++) unchecked((r[i] = out[i]));
  return r;
}

/** extract_decimal(): digits as a size_t; `over` when the value does not fit an int. */
class Decimal {
  value: i32 = 0;
  over: bool = false;
  end: i32 = 0;
}

function extractDecimal(f: Uint8Array, p: i32): Decimal {
  const d = new Decimal();
  let v: u64 = 0;
  while (isDigit(<u32>f[p])) {
    v = v * 10 + <u64>(f[p] - 0x30);
    if (v > 0x7fffffff) {
      d.over = true;
      v = 0x7fffffff;
    }
    p++;
  }
  d.value = <i32>v;
  d.end = p;
  return d;
}

/** extract_conversion() and its helpers: parses the specification starting at the '%' at
 * `p`; returns the index just past it. */
function extractConversion(conv: Conversion, f: Uint8Array, p: i32, c: CbprintfConfig): i32 {
  p++;
  if (f[p] == CH_PERCENT) {
    conv.specifier = CH_PERCENT;
    return p + 1;
  }
  // extract_flags()
  for (;;) {
    const ch = <u32>f[p];
    if (ch == 0x2d) conv.dash = true;
    else if (ch == 0x2b) conv.plus = true;
    else if (ch == 0x20) conv.space = true;
    else if (ch == 0x23) conv.hash = true;
    else if (ch == 0x30) conv.zero = true;
    else break;
    p++;
  }
  if (conv.zero && conv.dash) conv.zero = false;
  // extract_width()
  conv.widthPresent = true;
  if (f[p] == 0x2a) {
    conv.widthStar = true;
    p++;
  } else {
    const d = extractDecimal(f, p);
    if (d.end != p) {
      conv.widthValue = d.value;
      conv.unsupported = conv.unsupported || d.over;
    }
    p = d.end;
  }
  // extract_prec()
  conv.precPresent = f[p] == 0x2e;
  if (conv.precPresent) {
    p++;
    if (f[p] == 0x2a) {
      conv.precStar = true;
      p++;
    } else {
      const d = extractDecimal(f, p);
      conv.precValue = d.value;
      conv.unsupported = conv.unsupported || d.over;
      p = d.end;
    }
  }
  // extract_length()
  const l = <u32>f[p];
  if (l == 0x68) {
    p++;
    if (f[p] == 0x68) {
      conv.lengthMod = LEN_HH;
      p++;
    } else conv.lengthMod = LEN_H;
  } else if (l == 0x6c) {
    p++;
    if (f[p] == 0x6c) {
      conv.lengthMod = LEN_LL;
      p++;
    } else conv.lengthMod = LEN_L;
  } else if (l == 0x6a) {
    conv.lengthMod = LEN_J;
    p++;
  } else if (l == 0x7a) {
    conv.lengthMod = LEN_Z;
    p++;
  } else if (l == 0x74) {
    conv.lengthMod = LEN_T;
    p++;
  } else if (l == 0x4c) {
    conv.lengthMod = LEN_UPPER_L;
    p++;
    conv.unsupported = true;
  }
  // extract_specifier()
  const s = <u32>f[p];
  conv.specifier = s;
  // A '%' at the very end takes the NUL as its specifier (invalid); the caller stops there.
  if (p < f.length - 1) p++;
  let unsupported = false;
  const isSint = s == 0x64 || s == 0x69 || (s == 0x63 && c.charSigned);
  const isUint = s == 0x6f || s == 0x75 || s == 0x78 || s == 0x58 || (s == 0x63 && !c.charSigned);
  if (isSint || isUint) {
    conv.cat = isSint ? CAT_SINT : CAT_UINT;
    if (conv.lengthMod == LEN_UPPER_L) conv.invalid = true;
    if (s == 0x63) unsupported = conv.lengthMod != LEN_NONE;
    else if (!c.fullIntegral) {
      // Conversions that could be truncated with buffers sized for 32 bits.
      const lm = conv.lengthMod;
      if (lm == LEN_L) unsupported = c.longBytes > 4;
      else if (lm == LEN_LL || lm == LEN_J) unsupported = true;
      else if (lm == LEN_Z || lm == LEN_T) unsupported = c.ptrBytes > 4;
    }
  } else if (s == 0x61 || s == 0x41 || s == 0x65 || s == 0x45 || s == 0x66 || s == 0x46 || s == 0x67 || s == 0x47) {
    conv.cat = CAT_FP;
    if (!c.fp) unsupported = true;
    else {
      conv.specifierA = s == 0x61 || s == 0x41;
      if (conv.specifierA)
        unsupported = true; // CONFIG_CBPRINTF_FP_A_SUPPORT=n
      else if (conv.lengthMod == LEN_L) conv.lengthMod = LEN_NONE;
      else if (conv.lengthMod != LEN_NONE && conv.lengthMod != LEN_UPPER_L) conv.invalid = true;
    }
  } else if (s == 0x6e) {
    conv.cat = CAT_PTR;
    if (conv.lengthMod == LEN_UPPER_L) unsupported = true;
  } else if (s == 0x73 || s == 0x70) {
    conv.cat = CAT_PTR;
    if (conv.lengthMod != LEN_NONE) unsupported = true;
  } else conv.invalid = true;
  conv.unsupported = conv.unsupported || unsupported;
  return p;
}

/** encode_uint(): the digits of `v` in the conversion's radix (most significant first). */
function encodeUint(v: u64, conv: Conversion): string {
  const s = conv.specifier;
  const radix: u64 = s == 0x6f ? 8 : s == 0x70 || s == 0x78 || s == 0x58 ? 16 : 10;
  const up = isUpper(s);
  let out = "";
  do {
    const d = <u32>(v % radix);
    out = String.fromCharCode(d <= 9 ? 0x30 + d : (up ? 0x41 : 0x61) + d - 10) + out;
    v /= radix;
  } while (v != 0);
  if (conv.hash) {
    if (radix == 8) conv.altform0 = true;
    else if (radix == 16) conv.altform0c = true;
  }
  return out;
}

// ---- encode_float() ----

const BIT_63: u64 = 1 << 63;
const BIT_60: u64 = 1 << 60;

/** _ldiv5(): exact on 64-bit targets; the reciprocal multiplication of 32-bit ones. */
function ldiv5(v: u64, is64: bool): u64 {
  if (is64) return v / 5;
  const vLo = v & 0xffffffff;
  const vHi = v >> 32;
  const m: u64 = 0x33333333;
  let r: u64 = (m << 32) | m;
  r += vLo * m;
  r >>= 32;
  r += vLo * m;
  r += vHi * m;
  r >>= 32;
  r += vHi * m;
  return r;
}

function ldiv10(v: u64, is64: bool): u64 {
  return ldiv5(v >> 1, is64);
}

/** The state _get_digit() walks: the fraction and the digits left. */
class Digits {
  fr: u64 = 0;
  count: i32 = 16;
  next(): u32 {
    if (this.count > 0) {
      this.count--;
      this.fr *= 10;
      const r = <u32>((this.fr >> 60) & 0xf) + 0x30;
      this.fr &= BIT_60 - 1;
      return r;
    }
    return 0x30;
  }
}

/** The result of encode_float(): the text and the sign it chose (0 for none). */
class FloatText {
  text: Array<u32> = new Array<u32>();
  sign: u32 = 0;
}

function encodeFloat(value: f64, conv: Conversion, precision: i32, is64: bool): FloatText {
  const r = new FloatText();
  const buf = r.text;
  const bits = reinterpret<u64>(value);
  if ((bits & BIT_63) != 0) r.sign = 0x2d;
  else if (conv.plus) r.sign = 0x2b;
  else if (conv.space) r.sign = 0x20;
  let c = conv.specifier;
  let expo = <i32>((bits >> 52) & 0x7ff);
  let fract: u64 = bits & (((<u64>1) << 52) - 1);
  const subnormal = expo == 0 && fract != 0;
  if (expo == 0x7ff) {
    const word = fract == 0 ? "inf" : "nan";
    for (let i = 0; i < 3; i++) buf.push(isUpper(c) ? <u32>word.charCodeAt(i) - 0x20 : <u32>word.charCodeAt(i));
    conv.zero = false;
    return r;
  }
  if (c == 0x46) c = 0x66;
  let prune = false;
  fract <<= 11;
  fract &= ~BIT_63;
  if (((<u64>expo) | fract) != 0) {
    if (subnormal) {
      for (;;) {
        fract <<= 1;
        if ((fract & BIT_63) != 0) break;
        expo--;
      }
    }
    expo -= 1023 - 1;
    fract |= BIT_63;
  }
  let decexp: i32 = 0;
  while (expo < -2) {
    do {
      fract >>= 1;
      expo++;
    } while (<u32>(fract >> 32) >= 0xffffffff / 5);
    fract *= 5;
    expo++;
    decexp--;
  }
  while (expo > 0) {
    fract += 2;
    fract = ldiv5(fract, is64);
    expo--;
    decexp++;
    do {
      fract <<= 1;
      expo--;
    } while ((fract & BIT_63) == 0);
  }
  fract >>= <u64>(4 - expo);
  if (c == 0x67 || c == 0x47) {
    if (decexp < -4 + 1 || decexp > precision) {
      c += 0x65 - 0x67;
      if (precision > 0) precision--;
    } else {
      c = 0x66;
      precision -= decexp;
    }
    if (!conv.hash && precision > 0) prune = true;
  }
  let decimals: i32;
  if (c == 0x66) {
    decimals = precision + decexp;
    if (decimals < 0) decimals = 0;
  } else decimals = precision + 1;
  if (decimals > 16) decimals = 16;
  let rnd: u64 = (<u64>1) << 59;
  while (decimals-- > 0) rnd = ldiv10(rnd, is64);
  fract += rnd;
  if (fract >= BIT_60) {
    fract = ldiv10(fract, is64);
    decexp++;
  }
  const dg = new Digits();
  dg.fr = fract;
  if (c == 0x66) {
    if (decexp > 0) {
      while (decexp > 0 && dg.count > 0) {
        buf.push(dg.next());
        decexp--;
      }
      conv.pad0Value = decexp;
      decexp = 0;
    } else buf.push(0x30);
    if (conv.hash || precision > 0) buf.push(0x2e);
    if (decexp < 0 && precision > 0) {
      conv.pad0Value = -decexp;
      if (conv.pad0Value > precision) conv.pad0Value = precision;
      precision -= conv.pad0Value;
      conv.padPostdp = conv.pad0Value > 0;
    }
  } else {
    const d = dg.next();
    buf.push(d);
    if (d != 0x30) decexp--;
    if (conv.hash || precision > 0) buf.push(0x2e);
  }
  while (precision > 0 && dg.count > 0) {
    buf.push(dg.next());
    precision--;
  }
  conv.pad0PreExp = precision;
  if (prune) {
    conv.pad0PreExp = 0;
    while (buf.length > 0 && buf[buf.length - 1] == 0x30) buf.pop();
    if (buf.length > 0 && buf[buf.length - 1] == 0x2e) buf.pop();
  }
  if (c == 0x65 || c == 0x45) {
    buf.push(c);
    if (decexp < 0) {
      decexp = -decexp;
      buf.push(0x2d);
    } else buf.push(0x2b);
    if (decexp >= 100) {
      buf.push(<u32>(decexp / 100) + 0x30);
      decexp %= 100;
    }
    buf.push(<u32>(decexp / 10) + 0x30);
    buf.push(<u32>(decexp % 10) + 0x30);
  }
  conv.padFp = conv.pad0Value > 0 || conv.pad0PreExp > 0;
  return r;
}

// ---- argument extraction ----

function argInt(ap: ArgReader): i64 {
  return <i64>(<i32>ap.next32());
}
function argLong(ap: ArgReader, c: CbprintfConfig): u64 {
  return c.longBytes == 8 ? ap.next64() : <u64>ap.next32();
}
function argSize(ap: ArgReader, c: CbprintfConfig): u64 {
  return c.ptrBytes == 8 ? ap.next64() : <u64>ap.next32();
}
function signExtend(v: u64, bytes: i32): i64 {
  if (bytes == 8) return <i64>v;
  return <i64>(<i32>(<u32>v));
}

/** The %n store (store_count()): the size the length modifier names. */
function storeCount(bus: Bus, conv: Conversion, p: u64, count: i32, c: CbprintfConfig): void {
  const lm = conv.lengthMod;
  const v = <u64>(<i64>count);
  let n: i32 = 4;
  if (lm == LEN_HH) n = 1;
  else if (lm == LEN_H) n = 2;
  else if (lm == LEN_L) n = c.longBytes;
  else if (lm == LEN_LL || lm == LEN_J) n = 8;
  else if (lm == LEN_Z || lm == LEN_T) n = c.ptrBytes;
  else if (lm != LEN_NONE) return;
  if (n == 1) bus.write8(p, <u32>v);
  else if (n == 2) bus.write16(p, <u32>v);
  else if (n == 4) bus.write32(p, <u32>v);
  else bus.write64(p, v);
}

/**
 * z_cbvprintf_impl(): formats the NUL-terminated string at `fmt` in target memory with the
 * arguments `ap`, emitting through `out`. Returns false when a memory access faulted
 * (bus.stop tells which); `out.count` is what cbvprintf() returns.
 */
export function cbvprintf(bus: Bus, fmt: u64, ap: ArgReader, c: CbprintfConfig, out: FmtSink): bool {
  if (c.nano) return cbvprintfNano(bus, fmt, ap, c, out);
  const f = readFormat(bus, fmt);
  if (f == null) return false;
  const end = f.length - 1;
  let p = 0;
  while (p < end) {
    const ch = <u32>f[p];
    if (ch != CH_PERCENT) {
      out.put(ch);
      if (bus.stop != 0) return false;
      p++;
      continue;
    }
    const conv = new Conversion();
    const sp = p;
    p = extractConversion(conv, f, p, c);
    let width: i32 = -1;
    let precision: i32 = -1;
    if (conv.widthStar) {
      width = <i32>ap.next32();
      if (width < 0) {
        conv.dash = true;
        width = -width;
      }
    } else if (conv.widthPresent) width = conv.widthValue;
    if (conv.precStar) {
      const a = <i32>ap.next32();
      if (a < 0) conv.precPresent = false;
      else precision = a;
    } else if (conv.precPresent) precision = conv.precValue;
    conv.pad0Value = 0;
    conv.pad0PreExp = 0;
    if (c.fp && conv.cat == CAT_FP && !conv.precPresent) precision = 6;

    // The value, taken even when the conversion turns out invalid or unsupported.
    const lm = conv.lengthMod;
    let sint: i64 = 0;
    let uint: u64 = 0;
    let dbl: f64 = 0;
    let ptr: u64 = 0;
    if (conv.cat == CAT_SINT) {
      if (lm == LEN_L) sint = conv.specifier == 0x63 ? argInt(ap) : signExtend(argLong(ap, c), c.longBytes);
      else if (lm == LEN_LL || lm == LEN_J) sint = <i64>ap.next64();
      else if (lm == LEN_Z || lm == LEN_T) sint = signExtend(argSize(ap, c), c.ptrBytes);
      else sint = argInt(ap);
      if (!c.fullIntegral) sint = <i64>(<i32>sint);
      if (lm == LEN_HH) sint = c.charSigned ? <i64>(<i8>sint) : <i64>(<u8>sint);
      else if (lm == LEN_H) sint = <i64>(<i16>sint);
    } else if (conv.cat == CAT_UINT) {
      if (lm == LEN_L) uint = conv.specifier == 0x63 ? <u64>ap.next32() : argLong(ap, c);
      else if (lm == LEN_LL || lm == LEN_J) uint = ap.next64();
      else if (lm == LEN_Z || lm == LEN_T) uint = argSize(ap, c);
      else uint = <u64>ap.next32();
      if (!c.fullIntegral) uint &= 0xffffffff;
      if (lm == LEN_HH) uint &= 0xff;
      else if (lm == LEN_H) uint &= 0xffff;
    } else if (conv.cat == CAT_FP) dbl = ap.nextF64();
    else if (conv.cat == CAT_PTR) ptr = ap.nextPtr();

    if (conv.invalid || conv.unsupported) {
      // The specification itself is printed (a '%' at the end of the format: just '%').
      const stop = p > end ? end : p;
      for (let i = sp; i < stop; i++) {
        out.put(<u32>f[i]);
        if (bus.stop != 0) return false;
      }
      continue;
    }

    let body: Array<u32> | null = null;
    let sign: u32 = 0;
    const s = conv.specifier;
    if (s == CH_PERCENT) {
      out.put(CH_PERCENT);
      if (bus.stop != 0) return false;
      continue;
    } else if (s == 0x73) {
      // %s: strlen() or strnlen(, precision) on target memory (NULL faults as on the device).
      body = new Array<u32>();
      const max: i64 = precision >= 0 ? <i64>precision : 1 << 24;
      for (let i: i64 = 0; i < max; i++) {
        const b = bus.read8(ptr + <u64>i);
        if (bus.stop != 0) return false;
        if (b == 0) break;
        body.push(b);
      }
      precision = -1;
    } else if (s == 0x63) {
      body = [<u32>((conv.cat == CAT_SINT ? <u64>sint : uint) & 0xff)];
    } else if (s == 0x64 || s == 0x69 || s == 0x6f || s == 0x75 || s == 0x78 || s == 0x58 || s == 0x70) {
      if (s == 0x64 || s == 0x69) {
        if (conv.plus) sign = 0x2b;
        else if (conv.space) sign = 0x20;
        if (sint < 0) {
          sign = 0x2d;
          uint = c.fullIntegral ? <u64>-sint : <u64>(<u32>-(<i32>sint));
        } else uint = <u64>sint;
      }
      if (s == 0x70 && ptr == 0) {
        body = toCodes("(nil)");
      } else {
        if (s == 0x70) uint = c.fullIntegral ? ptr : ptr & 0xffffffff;
        body = toCodes(encodeUint(uint, conv));
        if (s == 0x70) {
          conv.altform0c = true;
          conv.specifier = 0x78;
        }
        // prec_int_pad0
        if (precision >= 0) {
          conv.zero = false;
          if (body.length < precision) conv.pad0Value = precision - body.length;
        }
      }
    } else if (s == 0x6e) {
      if (c.nSpecifier) {
        storeCount(bus, conv, ptr, out.count, c);
        if (bus.stop != 0) return false;
      }
      continue;
    } else if (conv.cat == CAT_FP) {
      const ft = encodeFloat(dbl, conv, precision, c.is64);
      body = ft.text;
      sign = ft.sign;
    }
    if (body == null) continue;

    let njLen: i32 = body.length;
    if (sign != 0) njLen += 1;
    if (conv.altform0c) njLen += 2;
    else if (conv.altform0) njLen += 1;
    njLen += conv.pad0Value;
    if (conv.padFp) njLen += conv.pad0PreExp;
    if (width > 0) {
      width -= njLen;
      if (!conv.dash) {
        let pad: u32 = 0x20;
        if (conv.zero) {
          if (sign != 0) {
            out.put(sign);
            sign = 0;
          }
          if (conv.altform0c || conv.altform0) out.put(0x30);
          if (conv.altform0c) out.put(conv.specifier);
          conv.altform0 = false;
          conv.altform0c = false;
          pad = 0x30;
        }
        if (width > 0) out.repeat(pad, width);
        width = 0;
      }
    }
    if (sign != 0) out.put(sign);
    if (c.fp && conv.padFp) {
      let i = 0;
      const b = body;
      while (i < b.length && isDigit(b[i])) out.put(b[i++]);
      let padLen = conv.pad0Value;
      if (!conv.padPostdp && padLen > 0) {
        out.repeat(0x30, padLen);
        padLen = 0;
      }
      if (i < b.length && b[i] == 0x2e) {
        out.put(b[i++]);
        if (padLen > 0) out.repeat(0x30, padLen);
      }
      while (i < b.length && isDigit(b[i])) out.put(b[i++]);
      if (conv.pad0PreExp > 0) out.repeat(0x30, conv.pad0PreExp);
      while (i < b.length) out.put(b[i++]);
    } else {
      if (conv.altform0c || conv.altform0) out.put(0x30);
      if (conv.altform0c) out.put(conv.specifier);
      if (conv.pad0Value > 0) out.repeat(0x30, conv.pad0Value);
      for (let i = 0; i < body.length; i++) out.put(body[i]);
    }
    if (width > 0) out.repeat(0x20, width);
    if (bus.stop != 0) return false;
  }
  return true;
}

function toCodes(s: string): Array<u32> {
  const a = new Array<u32>(s.length);
  for (let i = 0; i < s.length; i++) a[i] = <u32>s.charCodeAt(i);
  return a;
}

// ---- CONFIG_CBPRINTF_NANO ----

/** Zephyr's "(nil)" and "ERR" as character lists. */
function textCodes(s: string): Array<u32> {
  return toCodes(s);
}

/**
 * z_cbvprintf_impl() of lib/os/cbprintf_nano.c, for images built with CONFIG_CBPRINTF_NANO:
 * %c %d %i %u %x %X %p %s and %%, flags - 0 + space #, width and precision (also *), length
 * h hh l ll z (h and hh do not narrow). Anything else prints '%' and the character; a '%'
 * at the end of the format prints nothing. A long long that does not fit 32 bits prints
 * "ERR" with CONFIG_CBPRINTF_REDUCED_INTEGRAL.
 */
export function cbvprintfNano(bus: Bus, fmt: u64, ap: ArgReader, c: CbprintfConfig, out: FmtSink): bool {
  const f = readFormat(bus, fmt);
  if (f == null) return false;
  const end = f.length - 1;
  let p = 0;
  while (p < end) {
    const ch = <u32>f[p];
    if (ch != CH_PERCENT) {
      out.put(ch);
      if (bus.stop != 0) return false;
      p++;
      continue;
    }
    let minWidth: i32 = -1;
    let precision: i32 = -1;
    let prefix = "";
    let padZero = false;
    let padTail = false;
    let lengthMod: u32 = 0;
    let special: u32 = 0;
    let data: Array<u32> | null = null;
    p++;
    for (; ; p++) {
      const s = <u32>f[p];
      if (s == 0) return true;
      if (s == CH_PERCENT) {
        out.put(CH_PERCENT);
        break;
      }
      if (s == 0x2d) {
        padTail = true;
        padZero = false;
        continue;
      }
      if (s == 0x2e) {
        precision = 0;
        padZero = false;
        continue;
      }
      if (s == 0x30 && minWidth < 0 && precision < 0 && !padZero && !padTail) {
        padZero = true;
        continue;
      }
      if (isDigit(s)) {
        if (precision >= 0) precision = 10 * precision + <i32>(s - 0x30);
        else {
          if (minWidth < 0) minWidth = 0;
          minWidth = 10 * minWidth + <i32>(s - 0x30);
        }
        continue;
      }
      if (s == 0x2a) {
        if (precision >= 0) precision = <i32>ap.next32();
        else {
          minWidth = <i32>ap.next32();
          if (minWidth < 0) {
            minWidth = -minWidth;
            padTail = true;
            padZero = false;
          }
        }
        continue;
      }
      if (s == 0x2b || s == 0x20 || s == 0x23) {
        special = s;
        continue;
      }
      if (s == 0x68 || s == 0x6c || s == 0x7a) {
        if (s == 0x68 && lengthMod == 0x68) lengthMod = 0x48;
        else if (s == 0x6c && lengthMod == 0x6c) lengthMod = 0x4c;
        else if (lengthMod == 0) lengthMod = s;
        else {
          out.put(CH_PERCENT);
          out.put(s);
          break;
        }
        continue;
      }
      if (s == 0x64 || s == 0x69 || s == 0x75) {
        const u = s == 0x75;
        let d: u64;
        let err = false;
        if (lengthMod == 0x7a) d = c.ptrBytes == 8 ? ap.next64() : u ? <u64>ap.next32() : <u64>(<i64>(<i32>ap.next32()));
        else if (lengthMod == 0x6c) d = c.longBytes == 8 ? ap.next64() : u ? <u64>ap.next32() : <u64>(<i64>(<i32>ap.next32()));
        else if (lengthMod == 0x4c) {
          d = ap.next64();
          if (!c.fullIntegral) err = u ? d > 0xffffffff : <i64>d != <i64>(<i32>d);
        } else d = u ? <u64>ap.next32() : <u64>(<i64>(<i32>ap.next32()));
        if (err) {
          data = textCodes("ERR");
          precision = 0;
        } else {
          if (!c.fullIntegral) d = u ? d & 0xffffffff : <u64>(<i64>(<i32>d));
          const neg = c.fullIntegral ? <i64>d < 0 : <i32>d < 0;
          if (!u && neg) {
            d = c.fullIntegral ? <u64>-(<i64>d) : <u64>(<u32>-(<i32>d));
            prefix = "-";
            minWidth--;
          } else if (special == 0x20) {
            prefix = " ";
            minWidth--;
          } else if (special == 0x2b) {
            prefix = "+";
            minWidth--;
          }
          data = toCodes(d.toString());
        }
      } else if (s == 0x70 || s == 0x78 || s == 0x58) {
        let x: u64;
        let done = false;
        if (s == 0x70) {
          x = ap.nextPtr();
          if (!c.fullIntegral) x &= 0xffffffff;
          if (x == 0) {
            data = textCodes("(nil)");
            precision = 0;
            done = true;
          }
          special = 0x23;
        } else if (lengthMod == 0x6c) x = c.longBytes == 8 ? ap.next64() : <u64>ap.next32();
        else if (lengthMod == 0x4c) {
          x = ap.next64();
          if (!c.fullIntegral && x > 0xffffffff) {
            data = textCodes("ERR");
            precision = 0;
            done = true;
          }
        } else x = <u64>ap.next32();
        if (!done) {
          if (special == 0x23) {
            prefix = (s & 0x20) != 0 ? "0x" : "0X";
            minWidth -= 2;
          }
          const hexText = x.toString(16);
          data = toCodes(s == 0x58 ? hexText.toUpperCase() : hexText);
        }
      } else if (s == 0x73) {
        // strlen() of the whole string, then cut to the precision.
        const ptr = ap.nextPtr();
        data = new Array<u32>();
        for (let i: u64 = 0; ; i++) {
          const b = bus.read8(ptr + i);
          if (bus.stop != 0) return false;
          if (b == 0) break;
          data.push(b);
        }
        if (precision >= 0 && data.length > precision) data.length = precision;
        precision = 0;
      } else if (s == 0x63) {
        data = [ap.next32() & 0xff];
        precision = 0;
      } else {
        out.put(CH_PERCENT);
        out.put(s);
        break;
      }
      // Padding and output.
      const body = data!;
      if (precision < 0 && padZero) precision = minWidth;
      minWidth -= body.length;
      precision -= body.length;
      if (precision > 0) minWidth -= precision;
      if (!padTail && minWidth > 0) {
        out.repeat(0x20, minWidth);
        minWidth = 0;
      }
      for (let i = 0; i < prefix.length; i++) out.put(<u32>prefix.charCodeAt(i));
      if (precision > 0) out.repeat(0x30, precision);
      for (let i = 0; i < body.length; i++) out.put(body[i]);
      if (minWidth > 0) out.repeat(0x20, minWidth);
      break;
    }
    if (bus.stop != 0) return false;
    p++;
  }
  return true;
}
