#!/usr/bin/env node
// Random instruction check of the AArch64 core (wasm-core/assembly/cpu/arm64.ts) against QEMU:
// single instructions (or short sequences) drawn from templates of what compilers emit, with
// random operands, on random register and memory state, run on qemu-system-aarch64 -M virt
// -cpu cortex-a53 (EL1, MMU off) and on the engine's core (the test build's cpuTestRun()); every
// general register, NZCV, all 128 bits of every vector register and a 256-byte scratch area
// must come out the same. Needs binutils-aarch64-linux-gnu, qemu-system-aarch64 and a built
// wasm-core/build/engine-test.wasm (node scripts/build-wasm.mjs).
//
//   node scripts/oracle/a64-random.mjs [--seed N] [--count N] [--focus int|fp|simd|mem|branch|all]
//
// Exits 1 when any case differs, printing the first ones. Memory cases use aligned accesses
// only (QEMU runs with the MMU off, where memory is Device memory and unaligned accesses fault).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantiate } from '../../wasm-core/build/engine-test.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const SEED = Number(opt('seed', '1'));
const COUNT = Number(opt('count', '300'));
const FOCUS = opt('focus', 'all');
const SCRATCH = 0x40200000n;

// ---- a seeded generator (xorshift64*) ----
let state = BigInt(SEED) * 0x9e3779b97f4a7c15n + 1n;
function next64() {
  state ^= state >> 12n;
  state ^= (state << 25n) & 0xffffffffffffffffn;
  state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const rand = (n) => Number(next64() % BigInt(n));
const pick = (a) => a[rand(a.length)];
const chance = (p) => rand(1000) < p * 1000;

// ---- operands ----
const xr = () => `x${rand(27)}`;
const wr = () => `w${rand(27)}`;
const xz = () => (chance(0.25) ? 'xzr' : xr());
const wz = () => (chance(0.25) ? 'wzr' : wr());
const vn = () => rand(32);
const vr = () => `v${vn()}`;
const COND = 'eq ne cs cc mi pl vs vc hi ls ge lt gt le al'.split(' ');
function bitmask(sf) {
  const esize = pick(sf ? [2, 4, 8, 16, 32, 64] : [2, 4, 8, 16, 32]);
  const ones = 1 + rand(esize - 1);
  const rot = rand(esize);
  const m = (1n << BigInt(esize)) - 1n;
  let e = (1n << BigInt(ones)) - 1n;
  e = ((e >> BigInt(rot)) | (e << BigInt(esize - rot))) & m;
  let v = 0n;
  for (let i = 0; i < (sf ? 64 : 32); i += esize) v |= e << BigInt(i);
  return `0x${v.toString(16)}`;
}
const LANES = { '8b': 8, '16b': 8, '4h': 16, '8h': 16, '2s': 32, '4s': 32, '2d': 64 };
const WIDE = { '8b': '8h', '4h': '4s', '2s': '2d', '16b': '8h', '8h': '4s', '4s': '2d' };

const INT = [
  () => {
    const sf = chance(0.6);
    const d = sf ? xr : wr;
    return `${pick(['add', 'adds', 'sub', 'subs'])} ${d()}, ${d()}, #${rand(4096)}${chance(0.5) ? ', lsl #12' : ''}`;
  },
  () => {
    const sf = chance(0.6);
    const [d, r] = sf ? [xr, xz] : [wr, wz];
    return `${pick(['add', 'adds', 'sub', 'subs'])} ${d()}, ${r()}, ${r()}, ${pick(['lsl', 'lsr', 'asr'])} #${rand(sf ? 64 : 32)}`;
  },
  () =>
    `${pick(['add', 'adds', 'sub', 'subs'])} ${xr()}, ${xr()}, ${pick(['w', 'x'])}${rand(27)}, ${pick(['uxtb', 'uxth', 'uxtw', 'sxtb', 'sxth', 'sxtw'])} #${rand(5)}`,
  () => {
    const sf = chance(0.6);
    return `${pick(['and', 'orr', 'eor', 'ands'])} ${sf ? xr() : wr()}, ${sf ? xz() : wz()}, #${bitmask(sf)}`;
  },
  () => {
    const sf = chance(0.6);
    const [d, r] = sf ? [xr, xz] : [wr, wz];
    return `${pick(['and', 'orr', 'eor', 'ands', 'bic', 'orn', 'eon', 'bics'])} ${d()}, ${r()}, ${r()}, ${pick(['lsl', 'lsr', 'asr', 'ror'])} #${rand(sf ? 64 : 32)}`;
  },
  () => {
    const sf = chance(0.6);
    return `${pick(['movz', 'movn', 'movk'])} ${sf ? xr() : wr()}, #${rand(65536)}, lsl #${pick(sf ? [0, 16, 32, 48] : [0, 16])}`;
  },
  () => {
    const sf = chance(0.6);
    const w = sf ? 64 : 32;
    return `${pick(['ubfm', 'sbfm', 'bfm'])} ${sf ? xr() : wr()}, ${sf ? xz() : wz()}, #${rand(w)}, #${rand(w)}`;
  },
  () => (chance(0.5) ? `extr ${xr()}, ${xz()}, ${xz()}, #${rand(64)}` : `extr ${wr()}, ${wz()}, ${wz()}, #${rand(32)}`),
  () => `${pick(['adc', 'adcs', 'sbc', 'sbcs'])} ${xr()}, ${xz()}, ${xz()}`,
  () => `${pick(['ccmp', 'ccmn'])} ${xz()}, ${chance(0.5) ? xz() : `#${rand(32)}`}, #${rand(16)}, ${pick(COND)}`,
  () =>
    `${pick(['csel', 'csinc', 'csinv', 'csneg'])} ${chance(0.5) ? `${xr()}, ${xz()}, ${xz()}` : `${wr()}, ${wz()}, ${wz()}`}, ${pick(COND)}`,
  () => `${pick(['madd', 'msub'])} ${chance(0.5) ? `${xr()}, ${xz()}, ${xz()}, ${xz()}` : `${wr()}, ${wz()}, ${wz()}, ${wz()}`}`,
  () => `${pick(['smaddl', 'smsubl', 'umaddl', 'umsubl'])} ${xr()}, ${wz()}, ${wz()}, ${xz()}`,
  () => `${pick(['smulh', 'umulh'])} ${xr()}, ${xz()}, ${xz()}`,
  () =>
    `${pick(['udiv', 'sdiv', 'lslv', 'lsrv', 'asrv', 'rorv'])} ${chance(0.5) ? `${xr()}, ${xz()}, ${xz()}` : `${wr()}, ${wz()}, ${wz()}`}`,
  () => `${pick(['clz', 'cls', 'rbit', 'rev', 'rev16'])} ${chance(0.5) ? `${xr()}, ${xz()}` : `${wr()}, ${wz()}`}`,
  () =>
    chance(0.25)
      ? `${pick(['crc32x', 'crc32cx'])} ${wr()}, ${wz()}, ${xz()}`
      : `${pick(['crc32b', 'crc32h', 'crc32w', 'crc32cb', 'crc32ch', 'crc32cw'])} ${wr()}, ${wz()}, ${wz()}`,
];

const fpr = () => pick(['s', 'd']);
const FP = [
  () =>
    ((p) => `${pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul'])} ${p}${vn()}, ${p}${vn()}, ${p}${vn()}`)(
      fpr(),
    ),
  () => ((p) => `${pick(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])} ${p}${vn()}, ${p}${vn()}, ${p}${vn()}, ${p}${vn()}`)(fpr()),
  () =>
    ((p) =>
      `${pick(['fabs', 'fneg', 'fsqrt', 'fmov', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta', 'frintx', 'frinti'])} ${p}${vn()}, ${p}${vn()}`)(
      fpr(),
    ),
  () => pick([`fcvt s${vn()}, d${vn()}`, `fcvt d${vn()}, s${vn()}`, `fcvt h${vn()}, ${fpr()}${vn()}`, `fcvt ${fpr()}${vn()}, h${vn()}`]),
  () => `${pick(['scvtf', 'ucvtf'])} ${fpr()}${vn()}, ${chance(0.5) ? `${xz()}, #${1 + rand(64)}` : `${wz()}, #${1 + rand(32)}`}`,
  () =>
    `${pick(['fcvtzs', 'fcvtzu'])} ${chance(0.5) ? `${xr()}, ${fpr()}${vn()}, #${1 + rand(64)}` : `${wr()}, ${fpr()}${vn()}, #${1 + rand(32)}`}`,
  () => ((p) => `${pick(['fcmp', 'fcmpe'])} ${p}${vn()}, ${chance(0.5) ? `${p}${vn()}` : '#0.0'}`)(fpr()),
  () => ((p) => `${pick(['fccmp', 'fccmpe'])} ${p}${vn()}, ${p}${vn()}, #${rand(16)}, ${pick(COND)}`)(fpr()),
  () => ((p) => `fcsel ${p}${vn()}, ${p}${vn()}, ${p}${vn()}, ${pick(COND)}`)(fpr()),
  () => `${pick(['scvtf', 'ucvtf'])} ${fpr()}${vn()}, ${chance(0.5) ? xz() : wz()}`,
  () =>
    `${pick(['fcvtzs', 'fcvtzu', 'fcvtas', 'fcvtau', 'fcvtns', 'fcvtnu', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu'])} ${chance(0.5) ? xr() : wr()}, ${fpr()}${vn()}`,
  () =>
    pick([
      `fmov ${xr()}, d${vn()}`,
      `fmov d${vn()}, ${xz()}`,
      `fmov ${wr()}, s${vn()}`,
      `fmov s${vn()}, ${wz()}`,
      `fmov ${fpr()}${vn()}, #${pick(['1.0', '-2.5', '0.125', '31.0'])}`,
    ]),
];

const SIMD = [
  () =>
    ((a) =>
      `${pick(['add', 'sub', 'cmeq', 'cmgt', 'cmhi', 'cmge', 'cmhs', 'cmtst', 'sqadd', 'uqadd', 'sqsub', 'uqsub', 'sshl', 'ushl'])} ${vr()}.${a}, ${vr()}.${a}, ${vr()}.${a}`)(
      pick(Object.keys(LANES)),
    ),
  () =>
    ((a) =>
      `${pick(['mul', 'mla', 'mls', 'smax', 'umax', 'smin', 'umin', 'sabd', 'uabd', 'saba', 'uaba', 'addp', 'smaxp', 'uminp'])} ${vr()}.${a}, ${vr()}.${a}, ${vr()}.${a}`)(
      pick(['8b', '16b', '4h', '8h', '2s', '4s']),
    ),
  () =>
    ((a) =>
      `${pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fmla', 'fmls', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'faddp', 'fabd', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt', 'fmaxp', 'fminp'])} ${vr()}.${a}, ${vr()}.${a}, ${vr()}.${a}`)(
      pick(['2s', '4s', '2d']),
    ),
  () => ((a) => `${pick(['rev64', 'cls', 'clz', 'abs', 'neg'])} ${vr()}.${a}, ${vr()}.${a}`)(pick(['8b', '16b', '4h', '8h', '2s', '4s'])),
  () => ((a) => `${pick(['cmeq', 'cmgt', 'cmge', 'cmle', 'cmlt'])} ${vr()}.${a}, ${vr()}.${a}, #0`)(pick(Object.keys(LANES))),
  () => ((a) => `${pick(['cnt', 'not', 'rbit', 'rev16', 'rev32'])} ${vr()}.${a}, ${vr()}.${a}`)(pick(['8b', '16b'])),
  () => ((n) => `${pick(['xtn', 'sqxtn', 'uqxtn', 'sqxtun'])} ${vr()}.${n}, ${vr()}.${WIDE[n]}`)(pick(['8b', '4h', '2s'])),
  () =>
    ((n) =>
      `${pick(['saddlp', 'uaddlp', 'sadalp', 'uadalp'])} ${vr()}.${{ '8b': '4h', '16b': '8h', '4h': '2s', '8h': '4s', '4s': '2d' }[n]}, ${vr()}.${n}`)(
      pick(['8b', '16b', '4h', '8h', '4s']),
    ),
  () =>
    ((a) =>
      `${pick(['fabs', 'fneg', 'fsqrt', 'frintn', 'frintm', 'frintp', 'frintz', 'frinta', 'fcvtzs', 'fcvtzu', 'fcvtns', 'fcvtms', 'fcvtas', 'scvtf', 'ucvtf'])} ${vr()}.${a}, ${vr()}.${a}`)(
      pick(['2s', '4s', '2d']),
    ),
  () =>
    pick([
      `fcvtl ${vr()}.2d, ${vr()}.2s`,
      `fcvtl2 ${vr()}.2d, ${vr()}.4s`,
      `fcvtn ${vr()}.2s, ${vr()}.2d`,
      `fcvtn2 ${vr()}.4s, ${vr()}.2d`,
      `fcvtl ${vr()}.4s, ${vr()}.4h`,
      `fcvtl2 ${vr()}.4s, ${vr()}.8h`,
      `fcvtn ${vr()}.4h, ${vr()}.4s`,
      `fcvtn2 ${vr()}.8h, ${vr()}.4s`,
    ]),
  () =>
    ((a) => `${pick(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])} ${vr()}.${a}, ${vr()}.${a}, #${1 + rand(a === '2d' ? 64 : 32)}`)(
      pick(['2s', '4s', '2d']),
    ),
  () => ((p) => `${pick(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu'])} ${p}${vn()}, ${p}${vn()}, #${1 + rand(p === 'd' ? 64 : 32)}`)(fpr()),
  () =>
    ((n) =>
      `${pick(['addv', 'smaxv', 'umaxv', 'sminv', 'uminv'])} ${{ '8b': 'b', '16b': 'b', '4h': 'h', '8h': 'h', '4s': 's' }[n]}${vn()}, ${vr()}.${n}`)(
      pick(['8b', '16b', '4h', '8h', '4s']),
    ),
  () =>
    ((n) =>
      `${pick(['saddl', 'uaddl', 'ssubl', 'usubl', 'smull', 'umull', 'smlal', 'umlsl', 'sabdl', 'uabal'])} ${vr()}.${WIDE[n]}, ${vr()}.${n}, ${vr()}.${n}`)(
      pick(['8b', '4h', '2s']),
    ),
  () => ((n) => `${pick(['addhn', 'raddhn', 'subhn'])} ${vr()}.${n}, ${vr()}.${WIDE[n]}, ${vr()}.${WIDE[n]}`)(pick(['8b', '4h', '2s'])),
  () =>
    ((n) => `${pick(['sshr', 'ushr', 'ssra', 'usra', 'srshr', 'urshr', 'sri'])} ${vr()}.${n}, ${vr()}.${n}, #${1 + rand(LANES[n])}`)(
      pick(Object.keys(LANES)),
    ),
  () => ((n) => `${pick(['shl', 'sli'])} ${vr()}.${n}, ${vr()}.${n}, #${rand(LANES[n])}`)(pick(Object.keys(LANES))),
  () => ((n) => `${pick(['shrn', 'rshrn'])} ${vr()}.${n}, ${vr()}.${WIDE[n]}, #${1 + rand(LANES[n])}`)(pick(['8b', '4h', '2s'])),
  () => ((n) => `${pick(['sshll', 'ushll'])} ${vr()}.${WIDE[n]}, ${vr()}.${n}, #${rand(LANES[n])}`)(pick(['8b', '4h', '2s'])),
  () =>
    pick([
      `mul ${vr()}.4s, ${vr()}.4s, ${vr()}.s[${rand(4)}]`,
      `mla v${vn()}.8h, v${vn()}.8h, v${rand(16)}.h[${rand(8)}]`,
      `fmla ${vr()}.4s, ${vr()}.4s, ${vr()}.s[${rand(4)}]`,
      `fmul ${vr()}.2d, ${vr()}.2d, ${vr()}.d[${rand(2)}]`,
    ]),
  () =>
    ((a) => `${pick(['uzp1', 'uzp2', 'zip1', 'zip2', 'trn1', 'trn2'])} ${vr()}.${a}, ${vr()}.${a}, ${vr()}.${a}`)(pick(Object.keys(LANES))),
  () => ((n) => `ext ${vr()}.${n}, ${vr()}.${n}, ${vr()}.${n}, #${rand(n === '8b' ? 8 : 16)}`)(pick(['8b', '16b'])),
  () => ((n, r) => `${pick(['tbl', 'tbx'])} ${vr()}.${n}, {v${r}.16b, v${(r + 1) % 32}.16b}, ${vr()}.${n}`)(pick(['8b', '16b']), vn()),
  () =>
    pick([
      `movi ${vr()}.2d, #0`,
      `movi ${vr()}.16b, #${rand(256)}`,
      `mvni ${vr()}.4s, #${rand(256)}, lsl #${pick([0, 8, 16, 24])}`,
      `orr ${vr()}.4s, #${rand(256)}, lsl #8`,
      `bic ${vr()}.2s, #${rand(256)}`,
    ]),
  () =>
    pick([
      `dup ${vr()}.${pick(Object.keys(LANES))}, ${xz()}`,
      `dup ${vr()}.4s, ${vr()}.s[${rand(4)}]`,
      `ins ${vr()}.s[${rand(4)}], ${wz()}`,
      `umov ${wr()}, ${vr()}.h[${rand(8)}]`,
      `smov ${xr()}, ${vr()}.b[${rand(16)}]`,
      `mov ${vr()}.s[${rand(4)}], ${vr()}.s[${rand(4)}]`,
    ]),
  () =>
    ((a) => `${pick(['and', 'orr', 'eor', 'bic', 'orn', 'bsl', 'bit', 'bif'])} ${vr()}.${a}, ${vr()}.${a}, ${vr()}.${a}`)(
      pick(['8b', '16b']),
    ),
  () =>
    pick([
      `addp d${vn()}, ${vr()}.2d`,
      `faddp s${vn()}, ${vr()}.2s`,
      `fmaxp d${vn()}, ${vr()}.2d`,
      `mov s${vn()}, ${vr()}.s[${rand(4)}]`,
      `add d${vn()}, d${vn()}, d${vn()}`,
      `cmge d${vn()}, d${vn()}, #0`,
      `neg d${vn()}, d${vn()}`,
      `ushr d${vn()}, d${vn()}, #${1 + rand(64)}`,
    ]),
  () =>
    ((p) =>
      pick([
        `${pick(['scvtf', 'ucvtf', 'fcvtzs', 'fcvtzu', 'fcvtms'])} ${p}${vn()}, ${p}${vn()}`,
        `fcmgt ${p}${vn()}, ${p}${vn()}, #0.0`,
        `fabd ${p}${vn()}, ${p}${vn()}, ${p}${vn()}`,
      ]))(fpr()),
];

const B = 'x28'; // points into the scratch area; x27 holds a small index
const MEM = [
  () => `${pick(['ldrb', 'ldrsb', 'strb'])} ${wz()}, [${B}, #${rand(8)}]`,
  () => `${pick(['ldrh', 'ldrsh', 'strh'])} ${wz()}, [${B}, #${2 * rand(8)}]`,
  () => `${pick(['ldr', 'str'])} ${wz()}, [${B}, #${4 * rand(8)}]`,
  () => `${pick(['ldr', 'str'])} ${xz()}, [${B}, #${8 * rand(8)}]`,
  () => `${pick(['ldrsb', 'ldrsh', 'ldrsw'])} ${xr()}, [${B}, #${4 * rand(8)}]`,
  () => `${pick(['ldur', 'stur'])} ${xz()}, [${B}, #${8 * (rand(16) - 8)}]`,
  () => `${pick(['ldr', 'str'])} ${xz()}, [${B}, #${8 * (rand(16) - 8)}]!`,
  () => `${pick(['ldr', 'str'])} ${xz()}, [${B}], #${8 * (rand(16) - 8)}`,
  () => `${pick(['ldrb', 'strb'])} ${wz()}, [${B}], #${rand(16) - 8}`,
  () => `${pick(['ldr', 'str'])} ${xz()}, [${B}, x27, lsl #3]`,
  () => `${pick(['ldr', 'str'])} ${wz()}, [${B}, w27, uxtw #2]`,
  () => `${pick(['ldrsh', 'ldrh'])} ${wz()}, [${B}, x27, lsl #1]`,
  () => `${pick(['ldp', 'stp'])} ${xz()}, ${xz()}, [${B}, #${8 * (rand(16) - 8)}]`,
  () => `${pick(['ldp', 'stp'])} ${wz()}, ${wz()}, [${B}, #${4 * (rand(16) - 8)}]!`,
  () => `ldpsw ${xr()}, ${xr()}, [${B}, #${4 * (rand(16) - 8)}]`,
  () => `${pick(['ldr', 'str'])} ${pick(['b', 'h', 's', 'd', 'q'])}${vn()}, [${B}, #${16 * rand(4)}]`,
  () => `${pick(['ldp', 'stp'])} q${vn()}, q${vn()}, [${B}, #${16 * (rand(8) - 4)}]`,
  () => 'ldxr x1, [x28]; add x1, x1, #1; stxr w2, x1, [x28]; stxr w3, x1, [x28]',
  () => 'stlr x7, [x28]; ldar x8, [x28]; ldaxr w4, [x28]; stlxr w5, w6, [x28]',
  () => `${pick(['ld1', 'st1'])} {v${vn()}.${pick(['16b', '8h', '4s', '2d'])}}, [${B}]`,
  () => ((r) => `${pick(['ld2', 'st2'])} {v${r}.4s, v${(r + 1) % 32}.4s}, [${B}], #32`)(vn()),
  () => `ld1r {v${vn()}.${pick(['8b', '4h', '4s', '2d'])}}, [${B}]`,
  () => `${pick(['ld1', 'st1'])} {v${vn()}.s}[${rand(4)}], [${B}]`,
];

// Branches skip an instruction or not; registers taken for addresses are cleared after.
const BRANCH = [
  () => `b.${pick(COND)} 1f; add ${xr()}, ${xr()}, #1; 1: nop`,
  () => `${pick(['cbz', 'cbnz'])} ${chance(0.5) ? xz() : wz()}, 1f; add ${xr()}, ${xr()}, #1; 1: nop`,
  () => `${pick(['tbz', 'tbnz'])} ${xz()}, #${rand(64)}, 1f; add ${xr()}, ${xr()}, #1; 1: nop`,
  () => `${pick(['cmp', 'cmn', 'tst'])} ${xz()}, ${xz()}; b.${pick(COND)} 1f; add ${xr()}, ${xr()}, #1; 1: nop`,
  () => 'adr x9, 1f; br x9; add x1, x1, #1; 1: mov x9, #0',
  () => 'mov x10, x30; adr x9, 1f; blr x9; b 2f; 1: add x2, x2, #3; ret; 2: mov x30, x10; mov x9, #0; mov x10, #0',
];

const GROUPS = { int: [INT], fp: [FP], simd: [SIMD], mem: [MEM], branch: [BRANCH], all: [INT, FP, SIMD, MEM, BRANCH] };

// ---- random state ----
const INTS = [
  0n,
  1n,
  2n,
  0xffffffffffffffffn,
  0x8000000000000000n,
  0x7fffffffffffffffn,
  0x80000000n,
  0x7fffffffn,
  0xffffffffn,
  63n,
  64n,
  32n,
];
const FPS = [
  0n,
  0x8000000000000000n,
  0x3ff0000000000000n,
  0xbff8000000000000n,
  0x7ff0000000000000n,
  0xfff0000000000000n,
  0x7ff8000000000000n,
  0x7ff4000000000001n,
  1n,
  0x43e0000000000000n,
  0x4330000000000001n,
];
const FPS32 = [0n, 0x80000000n, 0x3f800000n, 0xbfc00000n, 0x7f800000n, 0x7fc00000n, 0x7fa00001n, 1n, 0x5f000000n, 0x4f000000n, 0xcf000000n];
const rint = () => (chance(0.4) ? pick(INTS) : chance(0.3) ? BigInt(rand(256)) : next64());
const rfp = () => (chance(0.35) ? pick(FPS) : chance(0.4) ? (next64() & 0xffffffff00000000n) | pick(FPS32) : next64());

function assemble(src, dir) {
  const r = spawnSync('aarch64-linux-gnu-as', ['-march=armv8-a+crc', '-o', join(dir, 't.o'), '-'], { input: src, encoding: 'utf8' });
  if (r.status !== 0) return null;
  spawnSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 't.o'), join(dir, 't.bin')]);
  const b = readFileSync(join(dir, 't.bin'));
  const words = [];
  for (let i = 0; i < b.length; i += 4) words.push(b.readUInt32LE(i));
  return words;
}

const dir = mkdtempSync(join(tmpdir(), 'a64-random-'));
try {
  const cases = [];
  while (cases.length < COUNT) {
    const group = pick(GROUPS[FOCUS]);
    const asm = pick(group)();
    const words = assemble(
      asm
        .split(';')
        .map((s) => `\t${s.trim()}`)
        .join('\n') + '\n',
      dir,
    );
    if (!words) continue;
    const x = Array.from({ length: 31 }, rint);
    x[28] = SCRATCH + 0x40n;
    x[27] = BigInt(rand(8));
    const v = Array.from({ length: 32 }, () => [rfp(), chance(0.7) ? next64() : rfp()]);
    cases.push({ asm, words, x, v, nzcv: BigInt(rand(16)) << 28n });
  }

  // QEMU: per case, clear the scratch area, set the state, run, dump registers and scratch.
  const hx = (v) => `0x${v.toString(16)}`;
  const out = [
    '\t.text',
    '\t.global _start',
    '_start:',
    '\tadrp x0, vectors',
    '\tadd x0, x0, :lo12:vectors',
    '\tmsr vbar_el1, x0',
    '\tmov x0, #(3 << 20)',
    '\tmsr cpacr_el1, x0',
    '\tisb',
  ];
  cases.forEach((c, i) => {
    out.push(
      `case${i}:`,
      `\tmovz x0, #${hx(SCRATCH >> 16n)}, lsl #16`,
      '\tmov x1, #0',
      `z${i}: stp xzr, xzr, [x0], #16`,
      '\tadd x1, x1, #16',
      '\tcmp x1, #256',
      `\tb.ne z${i}`,
    );
    out.push('\tadrp x30, dump', '\tadd x30, x30, :lo12:dump', '\tmov sp, x30', `\tadr x0, init${i}`);
    for (let r = 0; r < 32; r++) out.push(`\tldr q${r}, [x0, #${256 + 16 * r}]`);
    out.push('\tldr x1, [x0, #248]', '\tmsr nzcv, x1');
    for (let r = 2; r < 30; r += 2) out.push(`\tldp x${r}, x${r + 1}, [x0, #${8 * r}]`);
    out.push('\tldp x0, x1, [x0]');
    for (const w of c.words) out.push(`\t.inst ${hx(BigInt(w))}`);
    for (let r = 0; r < 30; r += 2) out.push(`\tstp x${r}, x${r + 1}, [sp, #${8 * r}]`);
    out.push('\tmrs x0, nzcv', '\tstr x0, [sp, #248]');
    for (let r = 0; r < 32; r += 2) out.push(`\tstp q${r}, q${r + 1}, [sp, #${256 + 16 * r}]`);
    out.push(
      `\tmovz x0, #${hx(SCRATCH >> 16n)}, lsl #16`,
      '\tadd x1, sp, #768',
      '\tmov x2, #0',
      `c${i}: ldr x3, [x0, x2]`,
      '\tstr x3, [x1, x2]',
      '\tadd x2, x2, #8',
      '\tcmp x2, #256',
      `\tb.ne c${i}`,
    );
    out.push('\tbl emit', `\tb next${i}`, '\t.balign 16', `init${i}:`);
    for (let r = 0; r < 31; r++) out.push(`\t.dword ${hx(c.x[r])}`);
    out.push(`\t.dword ${hx(c.nzcv)}`);
    for (let r = 0; r < 32; r++) out.push(`\t.dword ${hx(c.v[r][0])}, ${hx(c.v[r][1])}`);
    out.push(`next${i}:`);
  });
  out.push(
    '\tmov x0, #0x18',
    '\tldr x1, =0x20026',
    '\tadrp x2, blk',
    '\tadd x2, x2, :lo12:blk',
    '\tstr x1, [x2]',
    '\tstr xzr, [x2, #8]',
    '\tmov x1, x2',
    '\thlt 0xf000',
    '1:\tb 1b',
    '\t.ltorg',
    // emit: the 1024 bytes at sp as one line of hex
    'emit:',
    '\tmov x20, sp',
    '\tadrp x21, hexbuf',
    '\tadd x21, x21, :lo12:hexbuf',
    '\tmov x22, #1024',
    '\tmov x23, x21',
    '2:\tldrb w24, [x20], #1',
    '\tlsr w25, w24, #4',
    '\tand w24, w24, #15',
    '\tcmp w25, #10',
    '\tadd w26, w25, #48',
    '\tadd w27, w25, #87',
    '\tcsel w25, w26, w27, lo',
    '\tstrb w25, [x23], #1',
    '\tcmp w24, #10',
    '\tadd w26, w24, #48',
    '\tadd w27, w24, #87',
    '\tcsel w24, w26, w27, lo',
    '\tstrb w24, [x23], #1',
    '\tsubs x22, x22, #1',
    '\tb.ne 2b',
    '\tmov w24, #10',
    '\tstrb w24, [x23], #1',
    '\tstrb wzr, [x23]',
    '\tmov x0, #4',
    '\tmov x1, x21',
    '\thlt 0xf000',
    '\tret',
    // any exception ends the run unsuccessfully
    '\t.balign 2048',
    'vectors:',
    '\t.rept 16',
    '\t.balign 128',
    '\tmov x0, #0x18',
    '\tadrp x1, blk',
    '\tadd x1, x1, :lo12:blk',
    '\tldr x2, =0x20023',
    '\tstr x2, [x1]',
    '\thlt 0xf000',
    '\t.ltorg',
    '\t.endr',
    '\t.bss',
    '\t.balign 16',
    'dump: .skip 1024',
    'hexbuf: .skip 2112',
    'blk: .skip 16',
  );
  writeFileSync(join(dir, 'prog.s'), out.join('\n') + '\n');
  for (const [cmd, a] of [
    ['aarch64-linux-gnu-as', ['-o', 'prog.o', 'prog.s']],
    ['aarch64-linux-gnu-ld', ['-Ttext=0x40400000', '-e', '_start', '-o', 'prog.elf', 'prog.o']],
  ]) {
    const r = spawnSync(cmd, a, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  }
  const q = spawnSync(
    'qemu-system-aarch64',
    [
      '-M',
      'virt',
      '-cpu',
      'cortex-a53',
      '-nic',
      'none',
      '-nographic',
      '-monitor',
      'none',
      '-serial',
      'null',
      '-semihosting-config',
      'enable=on,target=native',
      '-kernel',
      join(dir, 'prog.elf'),
    ],
    { encoding: 'latin1', timeout: 300000, maxBuffer: 1 << 30 },
  );
  const lines = q.stderr.split('\n').filter((l) => /^[0-9a-f]+$/.test(l));
  if (lines.length !== cases.length)
    throw new Error(`QEMU stopped after ${lines.length} of ${cases.length} cases, at ${cases[lines.length]?.asm}`);

  // The engine: a prelude loads the vector registers (LDR q, literal), the instruction runs,
  // the vector registers are stored below sp, x30 returns to the trap.
  const e = await instantiate(await WebAssembly.compile(readFileSync(new URL('../../wasm-core/build/engine-test.wasm', import.meta.url))), {
    env: {},
  });
  let bad = 0;
  cases.forEach((c, i) => {
    const want = Buffer.from(lines[i], 'hex');
    const n = c.words.length;
    const pool = Math.ceil((32 + n + 1 + 16 + 1) / 4) * 4;
    const code = [];
    for (let r = 0; r < 32; r++) code.push((0x9c000000 | (((pool + 4 * r - r) & 0x7ffff) << 5) | r) >>> 0);
    code.push(...c.words, 0xd10803ff); // sub sp, sp, #512
    for (let r = 0; r < 32; r += 2) code.push((0xad000000 | (((r / 2) * 2) << 15) | ((r + 1) << 10) | (31 << 5) | r) >>> 0);
    code.push(0xd65f03c0);
    while (code.length < pool) code.push(0xd503201f);
    const bytes = Buffer.alloc(code.length * 4 + 512);
    code.forEach((w, k) => bytes.writeUInt32LE(w, k * 4));
    c.v.forEach(([lo, hi], r) => {
      bytes.writeBigUInt64LE(lo, code.length * 4 + 16 * r);
      bytes.writeBigUInt64LE(hi, code.length * 4 + 16 * r + 8);
    });
    const setup = [...c.x.slice(0, 30).map((v, r) => `x${r}=0x${v.toString(16)}`), `nzcv=0x${c.nzcv.toString(16)}`].join(' ');
    const got = JSON.parse(e.cpuTestRun('cortex-a53', new Uint8Array(bytes), 0x1000n, SCRATCH, 1024, setup, 200n, 0xf0000000n));
    const ram = Buffer.from(got.ram, 'hex');
    const diffs = [];
    if (got.fault !== 0 || got.stop !== -1) diffs.push(`fault ${got.fault} (${got.faultNote}) stop ${got.stop}`);
    for (let r = 0; r < 30; r++)
      if (BigInt(got.regs[`x${r}`]) !== want.readBigUInt64LE(8 * r))
        diffs.push(`x${r} ${got.regs[`x${r}`]} QEMU 0x${want.readBigUInt64LE(8 * r).toString(16)}`);
    if (BigInt(got.regs.nzcv) !== want.readBigUInt64LE(248))
      diffs.push(`nzcv ${got.regs.nzcv} QEMU 0x${want.readBigUInt64LE(248).toString(16)}`);
    if (!ram.subarray(512, 1024).equals(want.subarray(256, 768))) diffs.push('vector registers differ');
    if (!ram.subarray(0, 256).equals(want.subarray(768, 1024))) diffs.push('scratch memory differs');
    if (diffs.length > 0) {
      bad++;
      if (bad <= 20) console.log(`${c.asm}: ${diffs.join('; ')}`);
    }
    if (i % 100 === 99) e.__collect();
  });
  console.log(`a64-random: seed ${SEED}, ${cases.length} cases (${FOCUS}), ${bad} differ from QEMU`);
  process.exitCode = bad > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
