// The compiler's run-time helpers an image can export: integer division and 64-bit
// arithmetic (ARM's __aeabi_* of the "Run-time ABI for the Arm Architecture", libgcc's
// __divdi3 family on RISC-V) and single- and double-precision soft-float (__aeabi_fadd,
// __addsf3, ...). They read their operands from the core registers as the base procedure
// call standard passes them: 64-bit values in register pairs (r0:r1, r2:r3 / a0:a1, a2:a3) on
// 32-bit cores, one register each on 64-bit ones. Soft-float is modelled on 32-bit cores only:
// RV64GC's lp64d passes floats in FP registers, which its core does not expose here.
import { Cpu } from "./cpu";

// Operations; the name tables below map the exported names onto them.
const OP_SDIV32: i32 = 1;
const OP_UDIV32: i32 = 2;
const OP_SMOD32: i32 = 3;
const OP_UMOD32: i32 = 4;
const OP_SDIVMOD32: i32 = 5;
const OP_UDIVMOD32: i32 = 6;
const OP_SDIV64: i32 = 7;
const OP_UDIV64: i32 = 8;
const OP_SMOD64: i32 = 9;
const OP_UMOD64: i32 = 10;
const OP_SDIVMOD64: i32 = 11;
const OP_UDIVMOD64: i32 = 12;
const OP_MUL64: i32 = 13;
const OP_SHL64: i32 = 14;
const OP_LSR64: i32 = 15;
const OP_ASR64: i32 = 16;
const OP_MUL32: i32 = 17;
const OP_LCMP: i32 = 18;
const OP_ULCMP: i32 = 19;
const OP_CLZ32: i32 = 20;
const OP_CLZ64: i32 = 21;
const OP_CTZ32: i32 = 22;
const OP_CTZ64: i32 = 23;
// soft-float: single
const OP_FADD: i32 = 40;
const OP_FSUB: i32 = 41;
const OP_FRSUB: i32 = 42;
const OP_FMUL: i32 = 43;
const OP_FDIV: i32 = 44;
const OP_F2IZ: i32 = 45;
const OP_F2UIZ: i32 = 46;
const OP_I2F: i32 = 47;
const OP_UI2F: i32 = 48;
const OP_FCMPEQ: i32 = 49;
const OP_FCMPLT: i32 = 50;
const OP_FCMPLE: i32 = 51;
const OP_FCMPGE: i32 = 52;
const OP_FCMPGT: i32 = 53;
const OP_FCMPUN: i32 = 54;
const OP_F2D: i32 = 55;
const OP_FNEG: i32 = 56;
const OP_EQSF: i32 = 57;
const OP_LTSF: i32 = 58;
const OP_GTSF: i32 = 59;
// soft-float: double
const OP_DADD: i32 = 70;
const OP_DSUB: i32 = 71;
const OP_DRSUB: i32 = 72;
const OP_DMUL: i32 = 73;
const OP_DDIV: i32 = 74;
const OP_D2IZ: i32 = 75;
const OP_D2UIZ: i32 = 76;
const OP_I2D: i32 = 77;
const OP_UI2D: i32 = 78;
const OP_DCMPEQ: i32 = 79;
const OP_DCMPLT: i32 = 80;
const OP_DCMPLE: i32 = 81;
const OP_DCMPGE: i32 = 82;
const OP_DCMPGT: i32 = 83;
const OP_DCMPUN: i32 = 84;
const OP_D2F: i32 = 85;
const OP_DNEG: i32 = 86;
const OP_EQDF: i32 = 87;
const OP_LTDF: i32 = 88;
const OP_GTDF: i32 = 89;
const OP_L2F: i32 = 90;
const OP_L2D: i32 = 91;
const OP_F2LZ: i32 = 92;
const OP_D2LZ: i32 = 93;

/** First op that reads floats: only 32-bit cores. */
const FIRST_FLOAT_OP: i32 = 40;

// prettier-ignore
const NAMES: string[] = [
  "__aeabi_idiv", "__divsi3", "__aeabi_uidiv", "__udivsi3", "__modsi3", "__umodsi3",
  "__aeabi_idivmod", "__aeabi_uidivmod", "__divdi3", "__udivdi3", "__moddi3", "__umoddi3",
  "__aeabi_ldivmod", "__aeabi_uldivmod", "__aeabi_lmul", "__muldi3", "__aeabi_llsl", "__ashldi3",
  "__aeabi_llsr", "__lshrdi3", "__aeabi_lasr", "__ashrdi3", "__mulsi3", "__aeabi_lcmp",
  "__aeabi_ulcmp", "__clzsi2", "__clzdi2", "__ctzsi2", "__ctzdi2",
  "__aeabi_fadd", "__addsf3", "__aeabi_fsub", "__subsf3", "__aeabi_frsub", "__aeabi_fmul",
  "__mulsf3", "__aeabi_fdiv", "__divsf3", "__aeabi_f2iz", "__fixsfsi", "__aeabi_f2uiz",
  "__fixunssfsi", "__aeabi_i2f", "__floatsisf", "__aeabi_ui2f", "__floatunsisf", "__aeabi_fcmpeq",
  "__aeabi_fcmplt", "__aeabi_fcmple", "__aeabi_fcmpge", "__aeabi_fcmpgt", "__aeabi_fcmpun",
  "__unordsf2", "__aeabi_f2d", "__extendsfdf2", "__negsf2", "__eqsf2", "__nesf2", "__ltsf2",
  "__lesf2", "__gtsf2", "__gesf2",
  "__aeabi_dadd", "__adddf3", "__aeabi_dsub", "__subdf3", "__aeabi_drsub", "__aeabi_dmul",
  "__muldf3", "__aeabi_ddiv", "__divdf3", "__aeabi_d2iz", "__fixdfsi", "__aeabi_d2uiz",
  "__fixunsdfsi", "__aeabi_i2d", "__floatsidf", "__aeabi_ui2d", "__floatunsidf", "__aeabi_dcmpeq",
  "__aeabi_dcmplt", "__aeabi_dcmple", "__aeabi_dcmpge", "__aeabi_dcmpgt", "__aeabi_dcmpun",
  "__unorddf2", "__aeabi_d2f", "__truncdfsf2", "__negdf2", "__eqdf2", "__nedf2", "__ltdf2",
  "__ledf2", "__gtdf2", "__gedf2", "__aeabi_l2f", "__floatdisf", "__aeabi_l2d", "__floatdidf",
  "__aeabi_f2lz", "__fixsfdi", "__aeabi_d2lz", "__fixdfdi",
];
// prettier-ignore
const OPS: i32[] = [
  OP_SDIV32, OP_SDIV32, OP_UDIV32, OP_UDIV32, OP_SMOD32, OP_UMOD32,
  OP_SDIVMOD32, OP_UDIVMOD32, OP_SDIV64, OP_UDIV64, OP_SMOD64, OP_UMOD64,
  OP_SDIVMOD64, OP_UDIVMOD64, OP_MUL64, OP_MUL64, OP_SHL64, OP_SHL64,
  OP_LSR64, OP_LSR64, OP_ASR64, OP_ASR64, OP_MUL32, OP_LCMP,
  OP_ULCMP, OP_CLZ32, OP_CLZ64, OP_CTZ32, OP_CTZ64,
  OP_FADD, OP_FADD, OP_FSUB, OP_FSUB, OP_FRSUB, OP_FMUL,
  OP_FMUL, OP_FDIV, OP_FDIV, OP_F2IZ, OP_F2IZ, OP_F2UIZ,
  OP_F2UIZ, OP_I2F, OP_I2F, OP_UI2F, OP_UI2F, OP_FCMPEQ,
  OP_FCMPLT, OP_FCMPLE, OP_FCMPGE, OP_FCMPGT, OP_FCMPUN,
  OP_FCMPUN, OP_F2D, OP_F2D, OP_FNEG, OP_EQSF, OP_EQSF, OP_LTSF,
  OP_LTSF, OP_GTSF, OP_GTSF,
  OP_DADD, OP_DADD, OP_DSUB, OP_DSUB, OP_DRSUB, OP_DMUL,
  OP_DMUL, OP_DDIV, OP_DDIV, OP_D2IZ, OP_D2IZ, OP_D2UIZ,
  OP_D2UIZ, OP_I2D, OP_I2D, OP_UI2D, OP_UI2D, OP_DCMPEQ,
  OP_DCMPLT, OP_DCMPLE, OP_DCMPGE, OP_DCMPGT, OP_DCMPUN,
  OP_DCMPUN, OP_D2F, OP_D2F, OP_DNEG, OP_EQDF, OP_EQDF, OP_LTDF,
  OP_LTDF, OP_GTDF, OP_GTDF, OP_L2F, OP_L2F, OP_L2D, OP_L2D,
  OP_F2LZ, OP_F2LZ, OP_D2LZ, OP_D2LZ,
];

let table: Map<string, i32> | null = null;

/** The helper operation `name` names, or 0. */
export function helperOp(name: string): i32 {
  let t = table;
  if (t == null) {
    t = new Map<string, i32>();
    for (let i = 0; i < NAMES.length; i++) t.set(NAMES[i], OPS[i]);
    table = t;
  }
  return t.has(name) ? t.get(name) : 0;
}

// ---- operands and results ----

/** 64-bit operand `n` (0, 1, ...): a register pair on 32-bit cores. */
function op64(cpu: Cpu, n: i32): u64 {
  if (cpu.xlen() == 8) return cpu.arg(n);
  return (cpu.arg(2 * n) & 0xffffffff) | (cpu.arg(2 * n + 1) << 32);
}

function op32(cpu: Cpu, n: i32): u32 {
  return <u32>cpu.arg(n);
}

/** A 32-bit result; sign-extended on 64-bit cores, as RV64 keeps 32-bit values. */
export function ret32(cpu: Cpu, v: u32): void {
  cpu.hostReturn(cpu.xlen() == 8 ? <u64>(<i64>(<i32>v)) : <u64>v, 0);
}

/** A 64-bit result: r0:r1 / a0:a1 on 32-bit cores. */
export function ret64(cpu: Cpu, v: u64): void {
  if (cpu.xlen() == 8) cpu.hostReturn(v, 0);
  else cpu.hostReturn(v & 0xffffffff, v >> 32);
}

function setNamed(cpu: Cpu, name: string, v: u64): void {
  const i = cpu.regIndex(name);
  if (i >= 0) cpu.setReg(i, v);
}

function f32At(cpu: Cpu, n: i32): f32 {
  return reinterpret<f32>(op32(cpu, n));
}
function f64At(cpu: Cpu, n: i32): f64 {
  return reinterpret<f64>(op64(cpu, n));
}
function retF32(cpu: Cpu, v: f32): void {
  ret32(cpu, reinterpret<u32>(v));
}
function retF64(cpu: Cpu, v: f64): void {
  ret64(cpu, reinterpret<u64>(v));
}

// ---- division with the architecture's answer for a zero divisor ----

/** ARM (Run-time ABI, section 4.3.2): a zero divisor gives the saturated quotient the
 * default __aeabi_idiv0 leaves; RISC-V's division instructions give -1 (all ones). */
function sdiv32(a: i32, b: i32, arm: bool): i32 {
  if (b == 0) return arm ? (a > 0 ? i32.MAX_VALUE : a < 0 ? i32.MIN_VALUE : 0) : -1;
  if (a == i32.MIN_VALUE && b == -1) return a;
  return a / b;
}
function udiv32(a: u32, b: u32, arm: bool): u32 {
  if (b == 0) return arm ? (a != 0 ? 0xffffffff : 0) : 0xffffffff;
  return a / b;
}
function smod32(a: i32, b: i32, arm: bool): i32 {
  if (b == 0) return arm ? 0 : a;
  if (a == i32.MIN_VALUE && b == -1) return 0;
  return a % b;
}
function umod32(a: u32, b: u32, arm: bool): u32 {
  if (b == 0) return arm ? 0 : a;
  return a % b;
}
function sdiv64(a: i64, b: i64, arm: bool): i64 {
  if (b == 0) return arm ? (a > 0 ? i64.MAX_VALUE : a < 0 ? i64.MIN_VALUE : 0) : -1;
  if (a == i64.MIN_VALUE && b == -1) return a;
  return a / b;
}
function udiv64(a: u64, b: u64, arm: bool): u64 {
  if (b == 0) return arm ? (a != 0 ? u64.MAX_VALUE : 0) : u64.MAX_VALUE;
  return a / b;
}
function smod64(a: i64, b: i64, arm: bool): i64 {
  if (b == 0) return arm ? 0 : a;
  if (a == i64.MIN_VALUE && b == -1) return 0;
  return a % b;
}
function umod64(a: u64, b: u64, arm: bool): u64 {
  if (b == 0) return arm ? 0 : a;
  return a % b;
}

// ---- float to integer: saturating, NaN to 0, as libgcc's soft-float does ----

function f2i32(x: f64): i32 {
  if (isNaN(x)) return 0;
  if (x >= 2147483648.0) return i32.MAX_VALUE;
  if (x <= -2147483649.0) return i32.MIN_VALUE;
  return <i32>x;
}
function f2u32(x: f64): u32 {
  if (isNaN(x) || x <= -1.0) return 0;
  if (x >= 4294967296.0) return u32.MAX_VALUE;
  return <u32>x;
}
function f2i64(x: f64): i64 {
  if (isNaN(x)) return 0;
  if (x >= 9223372036854775808.0) return i64.MAX_VALUE;
  if (x < -9223372036854775808.0) return i64.MIN_VALUE;
  return <i64>x;
}

/** libgcc's soft-fp comparisons: <0, 0, >0, or `unord` when either operand is a NaN. */
function cmp(a: f64, b: f64, unord: i32): i32 {
  if (isNaN(a) || isNaN(b)) return unord;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs helper operation `op` (helperOp()) for `cpu` in architecture `arch`. Returns false
 * when it cannot here (soft-float on a 64-bit core).
 */
export function runHelper(op: i32, cpu: Cpu, arch: string): bool {
  const arm = arch == "arm";
  if (op >= FIRST_FLOAT_OP && cpu.xlen() != 4) return false;
  switch (op) {
    case OP_SDIV32:
      ret32(cpu, <u32>sdiv32(<i32>op32(cpu, 0), <i32>op32(cpu, 1), arm));
      break;
    case OP_UDIV32:
      ret32(cpu, udiv32(op32(cpu, 0), op32(cpu, 1), arm));
      break;
    case OP_SMOD32:
      ret32(cpu, <u32>smod32(<i32>op32(cpu, 0), <i32>op32(cpu, 1), arm));
      break;
    case OP_UMOD32:
      ret32(cpu, umod32(op32(cpu, 0), op32(cpu, 1), arm));
      break;
    case OP_SDIVMOD32: {
      // {quotient, remainder} in r0, r1.
      const a = <i32>op32(cpu, 0),
        b = <i32>op32(cpu, 1);
      cpu.hostReturn(<u64>(<u32>sdiv32(a, b, true)), <u64>(<u32>smod32(a, b, true)));
      break;
    }
    case OP_UDIVMOD32: {
      const a = op32(cpu, 0),
        b = op32(cpu, 1);
      cpu.hostReturn(<u64>udiv32(a, b, true), <u64>umod32(a, b, true));
      break;
    }
    case OP_SDIV64:
      ret64(cpu, <u64>sdiv64(<i64>op64(cpu, 0), <i64>op64(cpu, 1), arm));
      break;
    case OP_UDIV64:
      ret64(cpu, udiv64(op64(cpu, 0), op64(cpu, 1), arm));
      break;
    case OP_SMOD64:
      ret64(cpu, <u64>smod64(<i64>op64(cpu, 0), <i64>op64(cpu, 1), arm));
      break;
    case OP_UMOD64:
      ret64(cpu, umod64(op64(cpu, 0), op64(cpu, 1), arm));
      break;
    case OP_SDIVMOD64:
    case OP_UDIVMOD64: {
      // Quotient in r0:r1, remainder in r2:r3.
      const a = op64(cpu, 0),
        b = op64(cpu, 1);
      const signed = op == OP_SDIVMOD64;
      const q = signed ? <u64>sdiv64(<i64>a, <i64>b, true) : udiv64(a, b, true);
      const r = signed ? <u64>smod64(<i64>a, <i64>b, true) : umod64(a, b, true);
      setNamed(cpu, "r2", r & 0xffffffff);
      setNamed(cpu, "r3", r >> 32);
      cpu.hostReturn(q & 0xffffffff, q >> 32);
      break;
    }
    case OP_MUL64:
      ret64(cpu, op64(cpu, 0) * op64(cpu, 1));
      break;
    case OP_SHL64:
    case OP_LSR64:
    case OP_ASR64: {
      // The shift count is a plain int after the 64-bit operand.
      const a = op64(cpu, 0);
      const n = <u64>(op32(cpu, cpu.xlen() == 8 ? 1 : 2) & 63);
      ret64(cpu, op == OP_SHL64 ? a << n : op == OP_LSR64 ? a >> n : <u64>((<i64>a) >> n));
      break;
    }
    case OP_MUL32:
      ret32(cpu, op32(cpu, 0) * op32(cpu, 1));
      break;
    case OP_LCMP:
    case OP_ULCMP: {
      const a = op64(cpu, 0),
        b = op64(cpu, 1);
      const lt = op == OP_LCMP ? <i64>a < <i64>b : a < b;
      ret32(cpu, <u32>(lt ? -1 : a == b ? 0 : 1));
      break;
    }
    case OP_CLZ32:
      ret32(cpu, clz<u32>(op32(cpu, 0)));
      break;
    case OP_CLZ64:
      ret32(cpu, <u32>clz<u64>(op64(cpu, 0)));
      break;
    case OP_CTZ32:
      ret32(cpu, ctz<u32>(op32(cpu, 0)));
      break;
    case OP_CTZ64:
      ret32(cpu, <u32>ctz<u64>(op64(cpu, 0)));
      break;
    case OP_FADD:
      retF32(cpu, f32At(cpu, 0) + f32At(cpu, 1));
      break;
    case OP_FSUB:
      retF32(cpu, f32At(cpu, 0) - f32At(cpu, 1));
      break;
    case OP_FRSUB:
      retF32(cpu, f32At(cpu, 1) - f32At(cpu, 0));
      break;
    case OP_FMUL:
      retF32(cpu, f32At(cpu, 0) * f32At(cpu, 1));
      break;
    case OP_FDIV:
      retF32(cpu, f32At(cpu, 0) / f32At(cpu, 1));
      break;
    case OP_F2IZ:
      ret32(cpu, <u32>f2i32(<f64>f32At(cpu, 0)));
      break;
    case OP_F2UIZ:
      ret32(cpu, f2u32(<f64>f32At(cpu, 0)));
      break;
    case OP_I2F:
      retF32(cpu, <f32>(<i32>op32(cpu, 0)));
      break;
    case OP_UI2F:
      retF32(cpu, <f32>op32(cpu, 0));
      break;
    case OP_FCMPEQ:
    case OP_FCMPLT:
    case OP_FCMPLE:
    case OP_FCMPGE:
    case OP_FCMPGT:
    case OP_FCMPUN:
      ret32(cpu, fcmp(op, <f64>f32At(cpu, 0), <f64>f32At(cpu, 1), OP_FCMPEQ));
      break;
    case OP_F2D:
      retF64(cpu, <f64>f32At(cpu, 0));
      break;
    case OP_FNEG:
      ret32(cpu, op32(cpu, 0) ^ 0x80000000);
      break;
    case OP_EQSF:
      ret32(cpu, <u32>cmp(<f64>f32At(cpu, 0), <f64>f32At(cpu, 1), 1));
      break;
    case OP_LTSF:
      ret32(cpu, <u32>cmp(<f64>f32At(cpu, 0), <f64>f32At(cpu, 1), 2));
      break;
    case OP_GTSF:
      ret32(cpu, <u32>cmp(<f64>f32At(cpu, 0), <f64>f32At(cpu, 1), -2));
      break;
    case OP_DADD:
      retF64(cpu, f64At(cpu, 0) + f64At(cpu, 1));
      break;
    case OP_DSUB:
      retF64(cpu, f64At(cpu, 0) - f64At(cpu, 1));
      break;
    case OP_DRSUB:
      retF64(cpu, f64At(cpu, 1) - f64At(cpu, 0));
      break;
    case OP_DMUL:
      retF64(cpu, f64At(cpu, 0) * f64At(cpu, 1));
      break;
    case OP_DDIV:
      retF64(cpu, f64At(cpu, 0) / f64At(cpu, 1));
      break;
    case OP_D2IZ:
      ret32(cpu, <u32>f2i32(f64At(cpu, 0)));
      break;
    case OP_D2UIZ:
      ret32(cpu, f2u32(f64At(cpu, 0)));
      break;
    case OP_I2D:
      retF64(cpu, <f64>(<i32>op32(cpu, 0)));
      break;
    case OP_UI2D:
      retF64(cpu, <f64>op32(cpu, 0));
      break;
    case OP_DCMPEQ:
    case OP_DCMPLT:
    case OP_DCMPLE:
    case OP_DCMPGE:
    case OP_DCMPGT:
    case OP_DCMPUN:
      ret32(cpu, fcmp(op, f64At(cpu, 0), f64At(cpu, 1), OP_DCMPEQ));
      break;
    case OP_D2F:
      retF32(cpu, <f32>f64At(cpu, 0));
      break;
    case OP_DNEG:
      ret64(cpu, op64(cpu, 0) ^ ((<u64>1) << 63));
      break;
    case OP_EQDF:
      ret32(cpu, <u32>cmp(f64At(cpu, 0), f64At(cpu, 1), 1));
      break;
    case OP_LTDF:
      ret32(cpu, <u32>cmp(f64At(cpu, 0), f64At(cpu, 1), 2));
      break;
    case OP_GTDF:
      ret32(cpu, <u32>cmp(f64At(cpu, 0), f64At(cpu, 1), -2));
      break;
    case OP_L2F:
      retF32(cpu, <f32>(<i64>op64(cpu, 0)));
      break;
    case OP_L2D:
      retF64(cpu, <f64>(<i64>op64(cpu, 0)));
      break;
    case OP_F2LZ:
      ret64(cpu, <u64>f2i64(<f64>f32At(cpu, 0)));
      break;
    case OP_D2LZ:
      ret64(cpu, <u64>f2i64(f64At(cpu, 0)));
      break;
    default:
      return false;
  }
  return true;
}

/** __aeabi_fcmp* / __aeabi_dcmp*: 1 when the relation holds, else 0 (NaN: only "un"). */
function fcmp(op: i32, a: f64, b: f64, eqOp: i32): u32 {
  const k = op - eqOp;
  const un = isNaN(a) || isNaN(b);
  if (k == 5) return un ? 1 : 0;
  if (un) return 0;
  if (k == 0) return a == b ? 1 : 0;
  if (k == 1) return a < b ? 1 : 0;
  if (k == 2) return a <= b ? 1 : 0;
  if (k == 3) return a >= b ? 1 : 0;
  return a > b ? 1 : 0;
}
