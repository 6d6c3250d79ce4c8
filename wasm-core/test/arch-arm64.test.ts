// AArch64 relocation table (arch/arm64.ts): Zephyr's arch_elf_relocate() beside the psABI as
// GNU ld applies it. Expected words are computed by hand below; every "ordinary" case uses the
// addresses of a one-off check against aarch64-linux-gnu-ld 2.40 (.text at 0x40000000, .data at
// 0x40100000), whose output bytes matched. Instruction words are compared as little-endian bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshInstance, type EngineInstance } from '../src/wasm.js';
import type { RelocResult as Site } from './reloc-json.js';

let e: EngineInstance;
beforeAll(async () => {
  e = await freshInstance();
});

const ENOEXEC = -8;
const ERANGE = -34;
const T = 0x40000000n; // .text
const D = 0x40100000n; // .data

const w32 = (v: number) => [0, 8, 16, 24].map((s) => ((v >>> s) & 0xff).toString(16).padStart(2, '0')).join('');
const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const hexS = (v: bigint) => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
// %#lx as Zephyr's cbprintf prints it: 0x0 for zero too (lib/os/cbprintf_complete.c: encode_uint()).
const hexAlt = (v: bigint) => `0x${u64(v).toString(16)}`;

function a64(type: number, before: number | string, S: bigint, A: bigint, P: bigint): Site {
  const b = typeof before === 'number' ? w32(before) : before;
  return JSON.parse(e.relocateOne('arm64', type, bytes(b), u64(S), A, u64(P), T, true, false, 8, 'target'));
}

const Q_WRITE =
  'Zephyr patches the instruction before the overflow check, so the truncated value stays in memory although the relocation fails.';
// The formats end in "\n" (the console shows an empty line after them); errorLog keeps it.
const outOfRange = (P: bigint, S: bigint) => `sym 'target': relocation out of range (${hexAlt(P)} -> ${hexAlt(S)})\n`;

describe('AArch64 table: names, NONE and unknown types', () => {
  it('NONE (0, Zephyr R_ARM_NONE) and 256 (Zephyr R_AARCH64_NONE) do nothing', () => {
    for (const [t, name] of [
      [0, 'R_AARCH64_NONE'],
      [256, 'R_AARCH64_NULL'],
    ] as const) {
      const r = a64(t, 'aabbccdd', 0x1000n, 4n, T);
      expect([r.typeName, r.width, r.zephRet, r.abiRet, r.quirk]).toEqual([name, 0, 0, 0, '']);
    }
  });

  it.each([
    [311, 'R_AARCH64_ADR_GOT_PAGE', '-fno-pic'],
    [312, 'R_AARCH64_LD64_GOT_LO12_NC', '-fno-pic'],
    [314, 'R_AARCH64_PLT32', '-fno-pic'],
    [550, 'R_AARCH64_TLSLE_ADD_TPREL_LO12', 'TLS unsupported'],
    [562, 'R_AARCH64_TLSDESC_ADR_PAGE21', 'TLS unsupported'],
    [1027, 'R_AARCH64_RELATIVE', '-fno-pic'],
    [1025, 'R_AARCH64_GLOB_DAT', '-fno-pic'],
    [281, '', ''],
    [1, '', ''],
  ])('type %i (%s): "unknown relocation", hint "%s"', (type, name, hint) => {
    const r = a64(type, 'aabbccdd', 0x1000n, 0n, T);
    expect(r.typeName).toBe(name);
    expect(r.known).toBe(name !== '');
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.zephWrote).toBe(false);
    expect(r.errorLog).toBe(`unknown relocation: ${type}\n`);
    expect(r.hint).toBe(hint);
  });
});

describe('AArch64 data relocations (checked before writing, target byte order)', () => {
  it('ABS64 writes S+A', () => {
    expect(a64(257, '', 0x1122334455667788n, 0n, D).zeph).toBe('8877665544332211');
    // 0x1122334455667788 - 8 = 0x1122334455667780
    const r = a64(257, '', 0x1122334455667788n, -8n, D);
    expect([r.width, r.zeph, r.abi, r.quirk]).toEqual([8, '8077665544332211', '8077665544332211', '']);
  });

  it('PREL64 writes S+A-P: 0x123456789abcdef0 - 0x4010000e = 0x123456785aacdee2', () => {
    const r = a64(260, '', 0x123456789abcdef0n, 0n, D + 0xen);
    expect([r.zeph, r.abi, r.value]).toEqual(['e2deac5a78563412', 'e2deac5a78563412', '0x123456785aacdee2']);
  });

  // Zephyr's windows equal GNU ld's here (ld's ABS32/ABS16 HOWTOs are complain_overflow_unsigned).
  // On failure Zephyr writes nothing; ld writes the truncated value and reports the overflow.
  it.each([
    // type, label, S, A, ok, zeph (ok), abi
    [258, 'ABS32 ordinary', 0xfffffff0n, 0n, true, 'f0ffffff', 'f0ffffff'],
    [258, 'ABS32 last accepted', 0xffffffffn, 0n, true, 'ffffffff', 'ffffffff'],
    [258, 'ABS32 first rejected', 0x100000000n, 0n, false, 'aaaaaaaa', '00000000'],
    [258, 'ABS32 lowest accepted (0)', 0x10n, -0x10n, true, '00000000', '00000000'],
    [258, 'ABS32 first rejected below (-1)', 0x10n, -0x11n, false, 'aaaaaaaa', 'ffffffff'],
    [259, 'ABS16 last accepted', 0xffffn, 0n, true, 'ffff', 'ffff'],
    [259, 'ABS16 first rejected', 0x10000n, 0n, false, 'aaaa', '0000'],
    [259, 'ABS16 lowest accepted (0)', 0n, 0n, true, '0000', '0000'],
    [259, 'ABS16 first rejected below (-1)', 0n, -1n, false, 'aaaa', 'ffff'],
  ])('%i %s', (type, _l, S, A, ok, zeph, abi) => {
    const P = D + 8n;
    const r = a64(type, type === 258 ? 'aaaaaaaa' : 'aaaa', S, A, P);
    expect([r.zephRet, r.zephWrote, r.zeph, r.abiRet, r.abi]).toEqual([ok ? 0 : ENOEXEC, ok, zeph, ok ? 0 : ERANGE, abi]);
    expect(r.errorLog).toBe(ok ? '' : outOfRange(P, S));
    if (!ok) expect([r.rangeMin, r.rangeMax]).toEqual(['0', type === 258 ? '4294967295' : '65535']);
    expect(r.quirk).toBe('');
  });

  it.each([
    // type, X = S+A-P, ok, zeph, abi
    [261, -0x80000000n, true, '00000080', '00000080'], // ordinary (ld check) and lowest accepted
    [261, 0x7fffffffn, true, 'ffffff7f', 'ffffff7f'],
    [261, 0x80000000n, false, 'aaaaaaaa', '00000080'],
    [261, -0x80000001n, false, 'aaaaaaaa', 'ffffff7f'],
    [262, 0x7fffn, true, 'ff7f', 'ff7f'],
    [262, 0x8000n, false, 'aaaa', '0080'],
    [262, -0x8000n, true, '0080', '0080'],
    [262, -0x8001n, false, 'aaaa', 'ff7f'],
  ])('PREL%# type %i: X = %s', (type, X, ok, zeph, abi) => {
    const P = D + 0x16n;
    const r = a64(type, type === 261 ? 'aaaaaaaa' : 'aaaa', P + X, 0n, P);
    expect([r.zephRet, r.zeph, r.abiRet, r.abi]).toEqual([ok ? 0 : ENOEXEC, zeph, ok ? 0 : ERANGE, abi]);
    if (!ok) {
      expect(r.errorLog).toBe(outOfRange(P, P + X));
      expect([r.rangeMin, r.rangeMax]).toEqual(type === 261 ? ['-2147483648', '2147483647'] : ['-32768', '32767']);
    }
  });
});

describe('AArch64 unsigned MOVW (imm16 at bits 20..5)', () => {
  it.each([
    // ordinary cases, from the GNU ld check: X >> lsb, & 0xffff, << 5
    [263, 0xd2800000, 0xbeefn, 0xd297dde0], // 0xbeef << 5 = 0x17dde0
    [264, 0xf2800000, 0x123456789abcdef0n, 0xf29bde00], // 0xdef0
    [265, 0xd2a00000, 0x12340000n, 0xd2a24680], // 0x1234
    [266, 0xf2a00000, 0x123456789abcdef0n, 0xf2b35780], // 0x9abc
    [267, 0xd2c00000, 0x567800000000n, 0xd2cacf00], // 0x5678
    [268, 0xf2c00000, 0x123456789abcdef0n, 0xf2cacf00], // 0x5678
    [269, 0xf2e00000, 0x123456789abcdef0n, 0xf2e24680], // 0x1234
  ])('type %i ordinary', (type, before, X, insn) => {
    const r = a64(type, before, X, 0n, T);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.quirk]).toEqual([0, 0, w32(insn), w32(insn), '']);
  });

  // Zephyr: writes (uint32)(X >> lsb), then fails unless X >> lsb <= 0xffff unsigned (PR #115710).
  // ld: X unsigned < 2^(16+lsb).
  it.each([
    // type, label, X, zOk, aOk, written insn
    [263, 'last accepted', 0xffffn, true, true, 0xd29fffe0],
    [263, 'first rejected', 0x10000n, false, false, 0xd2800000],
    [263, 'lowest accepted', 0n, true, true, 0xd2800000],
    [263, 'first rejected below', -1n, false, false, 0xd29fffe0],
    [265, 'last accepted', 0xffffffffn, true, true, 0xd2bfffe0],
    [265, 'first rejected', 0x100000000n, false, false, 0xd2a00000],
    [265, 'lowest accepted', 0n, true, true, 0xd2a00000],
    [265, 'first rejected below', -1n, false, false, 0xd2bfffe0],
    [267, 'last accepted', 0xffffffffffffn, true, true, 0xd2dfffe0],
    [267, 'first rejected', 0x1000000000000n, false, false, 0xd2c00000],
    [267, 'lowest accepted', 0n, true, true, 0xd2c00000],
    [267, 'first rejected below', -1n, false, false, 0xd2dfffe0],
    // PR #115710: X >> lsb is checked before the (uint32) truncation, so 0x100000005 (imm 5)
    // and 2^48 >> 16 = 2^32 (imm 0) are rejected; the truncated field is still written.
    [263, 'beyond 32 bits', 0x100000005n, false, false, 0xd28000a0],
    [265, 'beyond 32 bits', 0x1000000000000n, false, false, 0xd2a00000],
  ])('type %i %s: X = %s', (type, _l, X, zOk, aOk, insn) => {
    const base = { 263: 0xd2800000, 265: 0xd2a00000, 267: 0xd2c00000 }[type as 263 | 265 | 267];
    const lsb = { 263: 0n, 265: 16n, 267: 32n }[type as 263 | 265 | 267];
    const r = a64(type, base, X, 0n, T);
    expect([r.zephRet, r.zephWrote, r.zeph, r.abiRet, r.abi]).toEqual([zOk ? 0 : ENOEXEC, true, w32(insn), aOk ? 0 : ERANGE, w32(insn)]);
    if (!zOk) {
      expect(r.errorLog).toBe(outOfRange(T, X));
      expect([r.rangeMin, r.rangeMax]).toEqual(['0', ((1n << (16n + lsb)) - 1n).toString()]);
      expect(r.quirk).toBe(Q_WRITE);
    } else expect(r.quirk).toBe('');
  });

  it('_NC: the handler reports -ERANGE but overflow_check is cleared, so Zephyr returns 0', () => {
    // 0x12345 does not fit 16 bits: 0x2345 << 5 = 0x468a0
    const r = a64(264, 0xf2800000, 0x12345n, 0n, T);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.errorLog, r.quirk]).toEqual([0, 0, w32(0xf28468a0), w32(0xf28468a0), '', '']);
    // G3 has nothing to check: X = -1 -> imm 0xffff on both sides
    const g3 = a64(269, 0xf2e00000, 0n, -1n, T);
    expect([g3.zephRet, g3.abiRet, g3.zeph]).toEqual([0, 0, w32(0xf2ffffe0)]);
  });
});

// Signed MOVW. Since PR #113525 (merged; issue #113383, 2026-07) Zephyr rewrites bits 30..23 to
// 0b10100101 (MOVZ) for X >= 0 and to 0b00100101 (MOVN) with imm = ~imm for X < 0, as GNU ld
// does (bit 30 set for MOVZ, clear for MOVN): both sides write the same instruction. Before the
// fix the two were swapped (a positive value loaded as -X-1).
// For the movz encodings used here both leave 0x80000000 | hw | Rd and differ only in bit 30.
describe('AArch64 signed MOVW (SABS_G0..G2, PREL_G0..G3), after PR #113525', () => {
  it.each([
    // type, P, S, insn written by Zephyr and by ld
    [270, T, -0x1235n, 0x92824680], // X<0: MOVN ~X = 0x1234 (loads -0x1235)
    [270, T, 0x1234n, 0xd2824680], // X>=0: MOVZ 0x1234
    [270, T, 0n, 0xd2800000], // X = 0: MOVZ #0 loads 0 (before the fix: MOVN #0, -1)
    [271, T, 0x12345678n, 0xd2a24680], // X>>16 = 0x1234
    [272, T, -0x100000000n, 0x92c00000], // X>>32 = -1 -> ~ = 0
    [287, T + 0x5cn, T + 0x5cn - 0x1234n, 0x92824660], // X = -0x1234 -> ~X = 0x1233
    [289, T + 0x64n, T + 0x64n + 0x12340000n, 0xd2a24680], // X>>16 = 0x1234
    [291, T + 0x6cn, T + 0x6cn - 0x500000000n, 0x92c00080], // X>>32 = -5 -> ~ = 4
    [293, T + 0x74n, T + 0x74n - 0x1000n, 0x92e00000], // X>>48 = -1 -> ~ = 0
    [293, T, T + 0x7fff000000000000n, 0xd2efffe0], // G3 positive: 0x7fff, never checked
  ])('type %i: MOVZ for X >= 0, MOVN for X < 0, as the psABI', (type, P, S, insn) => {
    const base = { 270: 0xd2800000, 271: 0xd2a00000, 272: 0xd2c00000, 287: 0xd2800000, 289: 0xd2a00000, 291: 0xd2c00000, 293: 0xd2e00000 }[
      type as 270
    ];
    const r = a64(type, base, S, 0n, P);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.quirk]).toEqual([0, 0, w32(insn), w32(insn), '']);
  });

  it('a MOVN placeholder becomes MOVZ for a positive value (the opcode bits are rewritten)', () => {
    // movn x0, #0 (0x92800000), SABS_G0 with X = 0x42: MOVZ #0x42 = 0xd2800840.
    const r = a64(270, 0x92800000, 0x42n, 0n, T);
    expect([r.zeph, r.abi, r.quirk]).toEqual([w32(0xd2800840), w32(0xd2800840), '']);
  });

  // Both sides accept [-2^(16+lsb), 2^(16+lsb) - 1] (ld: signed, bitsize 17 + shift) and write
  // the same instruction; a rejected value is still written first by Zephyr.
  const EDGES: [string, (top: bigint) => bigint, boolean, 'movn' | 'movz', number][] = [
    // label, X from 2^(16+lsb), accepted, opcode, imm written
    ['last accepted', (t) => t - 1n, true, 'movz', 0xffff],
    ['first rejected', (t) => t, false, 'movz', 0x0000],
    ['lowest accepted', (t) => -t, true, 'movn', 0xffff],
    ['first rejected below', (t) => -t - 1n, false, 'movn', 0x0000],
  ];
  for (const [type, lsb, base, isPrel] of [
    [270, 0n, 0xd2800000, false],
    [271, 16n, 0xd2a00000, false],
    [272, 32n, 0xd2c00000, false],
    [287, 0n, 0xd2800000, true],
    [289, 16n, 0xd2a00000, true],
    [291, 32n, 0xd2c00000, true],
  ] as const) {
    it.each(EDGES)(`type ${type} %s`, (_l, xOf, ok, op, immv) => {
      const top = 1n << (16n + lsb);
      const X = xOf(top);
      const P = isPrel ? T + 0x100n : T;
      const S = isPrel ? P + X : X;
      const field = (immv << 5) >>> 0;
      const movz = ((base | field) >>> 0) | 0x40000000;
      const movn = ((base | field) & ~0x40000000) >>> 0;
      const r = a64(type, base, S, 0n, P);
      expect(r.zeph).toBe(w32(op === 'movn' ? movn : movz >>> 0));
      expect(r.abi).toBe(r.zeph);
      expect([r.zephRet, r.zephWrote, r.abiRet]).toEqual([ok ? 0 : ENOEXEC, true, ok ? 0 : ERANGE]);
      if (!ok) {
        expect(r.errorLog).toBe(outOfRange(P, S));
        expect([r.rangeMin, r.rangeMax]).toEqual([(-top).toString(), (top - 1n).toString()]);
        expect(r.quirk).toBe(Q_WRITE);
      } else expect(r.quirk).toBe('');
    });
  }

  it('PREL _NC forms are plain MOVK: X = 0x5555 - P, no opcode change, no check', () => {
    // G0_NC: X = 0x5555 - 0x40000060 = -0x3fffab0b; low 16 bits 0x54f5 -> 0xa9ea0
    const g0 = a64(288, 0xf2800000, 0x5555n, 0n, T + 0x60n);
    expect([g0.zeph, g0.abi, g0.quirk]).toEqual([w32(0xf28a9ea0), w32(0xf28a9ea0), '']);
    // G1_NC: X = -0x3fffab13; X >> 16 = -0x4000 -> 0xc000 -> 0x180000
    expect(a64(290, 0xf2a00000, 0x5555n, 0n, T + 0x68n).zeph).toBe(w32(0xf2b80000));
    // G2_NC: X >> 32 = -1 -> 0xffff
    expect(a64(292, 0xf2c00000, 0x5555n, 0n, T + 0x70n).zeph).toBe(w32(0xf2dfffe0));
  });
});

// Immediate handler: Zephyr writes (X >> lsb) & mask(len), then fails only if
// ((X >> lsb) & ~mask(len-1)) >> (len-1) > 1, i.e. X >= 2^(len+lsb); every negative X passes.
// GNU ld: X signed within abiBits; it writes the same field even when it reports the overflow.
interface ImmCase {
  type: number;
  base: number;
  P: bigint;
  len: bigint;
  lsb: bigint;
  abiBits: bigint;
  rows: [string, bigint, number][];
}
const IMM: ImmCase[] = [
  {
    type: 273,
    base: 0x58000000,
    P: T + 0x28n,
    len: 19n,
    lsb: 2n,
    abiBits: 21n,
    rows: [
      // X, insn: ((X >> 2) & 0x7ffff) << 5
      ['last accepted', 0xffffcn, 0x587fffe0],
      ['first rejected', 0x100000n, 0x58800000],
      ['old check accepted, rejected now', 0x1ffffcn, 0x58ffffe0],
      ['old check first rejected', 0x200000n, 0x58000000],
      ['lowest accepted', -0x100000n, 0x58800000],
      ['first rejected below (the old check let every negative through)', -0x100004n, 0x587fffe0],
    ],
  },
  {
    type: 274,
    base: 0x10000000,
    P: T + 0x2cn,
    len: 21n,
    lsb: 0n,
    abiBits: 21n,
    rows: [
      // ADR split: immlo = X & 3 -> bits 30..29, immhi = (X >> 2) & 0x7ffff -> bits 23..5
      ['last accepted', 0xfffffn, 0x707fffe0],
      ['first rejected', 0x100000n, 0x10800000],
      ['old check accepted, rejected now', 0x1fffffn, 0x70ffffe0],
      ['old check first rejected', 0x200000n, 0x10000000],
      ['lowest accepted', -0x100000n, 0x10800000],
      ['first rejected below (the old check let every negative through)', -0x100001n, 0x707fffe0],
    ],
  },
  {
    type: 275,
    base: 0x90000000,
    P: 0x400000000n,
    len: 21n,
    lsb: 12n,
    abiBits: 33n,
    rows: [
      // ADRP: X = Page(S+A) - Page(P), then X >> 12 split like ADR
      ['last accepted', 0xfffff000n, 0xf07fffe0],
      ['first rejected', 0x100000000n, 0x90800000],
      ['old check accepted, rejected now', 0x1fffff000n, 0xf0ffffe0],
      ['old check first rejected', 0x200000000n, 0x90000000],
      ['lowest accepted', -0x100000000n, 0x90800000],
      ['first rejected below (the old check let every negative through)', -0x100001000n, 0xf07fffe0],
    ],
  },
  {
    type: 279,
    base: 0x36180000,
    P: T + 0x3cn,
    len: 14n,
    lsb: 2n,
    abiBits: 16n,
    rows: [
      // tbz x0, #3: ((X >> 2) & 0x3fff) << 5
      ['last accepted', 0x7ffcn, 0x361bffe0],
      ['first rejected', 0x8000n, 0x361c0000],
      ['old check accepted, rejected now', 0xfffcn, 0x361fffe0],
      ['old check first rejected', 0x10000n, 0x36180000],
      ['lowest accepted', -0x8000n, 0x361c0000],
      ['first rejected below (the old check let every negative through)', -0x8004n, 0x361bffe0],
    ],
  },
  {
    type: 280,
    base: 0x54000000,
    P: T + 0x40n,
    len: 19n,
    lsb: 2n,
    abiBits: 21n,
    rows: [
      ['last accepted', 0xffffcn, 0x547fffe0],
      ['first rejected', 0x100000n, 0x54800000],
      ['old check accepted, rejected now', 0x1ffffcn, 0x54ffffe0],
      ['old check first rejected', 0x200000n, 0x54000000],
      ['lowest accepted', -0x100000n, 0x54800000],
      ['first rejected below (the old check let every negative through)', -0x100004n, 0x547fffe0],
    ],
  },
  {
    type: 282,
    base: 0x14000000,
    P: T + 0x44n,
    len: 26n,
    lsb: 2n,
    abiBits: 28n,
    rows: [
      // b: (X >> 2) & 0x3ffffff
      ['last accepted', 0x7fffffcn, 0x15ffffff],
      ['first rejected', 0x8000000n, 0x16000000],
      ['old check accepted, rejected now', 0xffffffcn, 0x17ffffff],
      ['old check first rejected', 0x10000000n, 0x14000000],
      ['lowest accepted', -0x8000000n, 0x16000000],
      ['first rejected below (the old check let every negative through)', -0x8000004n, 0x15ffffff],
    ],
  },
  {
    type: 283,
    base: 0x94000000,
    P: T + 0x48n,
    len: 26n,
    lsb: 2n,
    abiBits: 28n,
    rows: [
      ['last accepted', 0x7fffffcn, 0x95ffffff],
      ['first rejected', 0x8000000n, 0x96000000],
      ['old check accepted, rejected now', 0xffffffcn, 0x97ffffff],
      ['old check first rejected', 0x10000000n, 0x94000000],
      ['lowest accepted', -0x8000000n, 0x96000000],
      ['first rejected below (the old check let every negative through)', -0x8000004n, 0x95ffffff],
      ['-1 GiB: field 0 (a BL to itself), rejected now', -0x40000000n, 0x94000000],
    ],
  },
];

describe('AArch64 immediate relocations: range edges (PR #115710: only sign-check values 0 and -1 pass)', () => {
  for (const c of IMM) {
    it.each(c.rows)(`type ${c.type} %s: X = %s`, (_l, X, insn) => {
      const S = c.P + X;
      const r = a64(c.type, c.base, S, 0n, c.P);
      const abiMin = -(1n << (c.abiBits - 1n)),
        abiMax = (1n << (c.abiBits - 1n)) - 1n;
      // Since PR #115710 Zephyr accepts exactly the signed field, as GNU ld does.
      const aOk = X >= abiMin && X <= abiMax;
      const zOk = aOk;
      expect([r.zeph, r.abi]).toEqual([w32(insn), w32(insn)]);
      expect([r.zephRet, r.zephWrote, r.abiRet]).toEqual([zOk ? 0 : ENOEXEC, true, aOk ? 0 : ERANGE]);
      expect(r.value).toBe(`0x${u64(X).toString(16).padStart(16, '0')}`);
      if (!zOk) {
        expect(r.errorLog).toBe(outOfRange(c.P, S));
        expect([r.rangeFailed, r.rangeMin, r.rangeMax]).toEqual([true, abiMin.toString(), abiMax.toString()]);
        expect(r.quirk).toBe(Q_WRITE);
        expect(r.hint).toBe(c.type === 275 ? '-mcmodel=large' : '');
      } else expect(r.quirk).toBe('');
    });
  }

  it('ordinary cases from the GNU ld check', () => {
    // LD_PREL_LO19: X = 0x1000 -> 0x400 << 5 = 0x8000
    expect(a64(273, 0x58000000, T + 0x28n + 0x1000n, 0n, T + 0x28n).zeph).toBe(w32(0x58008000));
    // ADR: X = -0x1235 -> 21 bits 0x1fedcb: immlo 3, immhi 0x7fb72 << 5 = 0xff6e40
    expect(a64(274, 0x10000000, T + 0x2cn - 0x1235n, 0n, T + 0x2cn).zeph).toBe(w32(0x70ff6e40));
    // ADRP: Page(0x12345678) - Page(0x40000030) = -0x2dcbb000; >> 12 -> 0x1d2345: immlo 1, immhi 0x748d1
    const adrp = a64(275, 0x90000000, 0x12345678n, 0n, T + 0x30n);
    expect([adrp.zeph, adrp.abi, adrp.value]).toEqual([w32(0xb0e91a20), w32(0xb0e91a20), '0xffffffffd2345000']);
    // ADRP uses pages: P = 0x400000ff8, S = 0x400001004 -> 0x1000 -> immlo 1
    expect(a64(275, 0x90000000, 0x400001004n, 0n, 0x400000ff8n).zeph).toBe(w32(0xb0000000));
    // CALL26: X = 0x1000 -> 0x400
    expect(a64(283, 0x94000000, T + 0x1048n, 0n, T + 0x48n).zeph).toBe(w32(0x94000400));
  });

  it('ADR_PREL_PG_HI21_NC never fails: X = 0x7000000000 - Page(0x40000078) = 0x6fc0000000', () => {
    // X >> 12 = 0x6fc0000, 21 bits 0x1c0000: immlo 0, immhi 0x70000 << 5 = 0xe00000
    const r = a64(276, 0x90000000, 0x7000000000n, 0n, T + 0x78n);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.quirk]).toEqual([0, 0, w32(0x90e00000), w32(0x90e00000), '']);
  });
});

describe('AArch64 LO12 relocations (no range check; GNU ld rejects misaligned LDSTn)', () => {
  it.each([
    // type, before, S, insn: ((S & 0xfff) >> lsb) << 10
    [277, 0x91000000, 0x12345678n, 0x9119e000], // add: 0x678
    [278, 0x39400000, 0x40000fffn, 0x397ffc00], // ldrb: 0xfff
    [284, 0x79400000, 0x1002n, 0x79400400], // ldrh: 0x002 >> 1 = 1
    [285, 0xb9400000, 0x2ffcn, 0xb94ffc00], // ldr w: 0xffc >> 2 = 0x3ff
    [286, 0xf9400000, 0x3ff8n, 0xf947fc00], // ldr x: 0xff8 >> 3 = 0x1ff
    [299, 0x3dc00000, 0x4ff0n, 0x3dc3fc00], // ldr q: 0xff0 >> 4 = 0xff
  ])('type %i ordinary', (type, before, S, insn) => {
    const r = a64(type, before, S, 0n, T);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.quirk]).toEqual([0, 0, w32(insn), w32(insn), '']);
  });

  it.each([
    // type, before, misaligned S, Zephyr insn (low bits dropped), alignment
    [284, 0x79400000, 0x1003n, 0x79400400, 2], // 0x1003 >> 1 = 0x801 -> & 0x7ff = 1
    [285, 0xb9400000, 0x2ffen, 0xb94ffc00, 4], // 0x2ffe >> 2 = 0xbff -> & 0x3ff
    [286, 0xf9400000, 0x3ffcn, 0xf947fc00, 8], // 0x3ffc >> 3 = 0x7ff -> & 0x1ff
    [299, 0x3dc00000, 0x4ff8n, 0x3dc3fc00, 16], // 0x4ff8 >> 4 = 0x4ff -> & 0xff
  ])('type %i misaligned: Zephyr drops the low bits, GNU ld refuses', (type, before, S, insn, align) => {
    const r = a64(type, before, S, 0n, T);
    expect([r.zephRet, r.zeph, r.abiRet, r.abi]).toEqual([0, w32(insn), ERANGE, w32(before)]);
    expect(r.quirk).toBe(`${r.typeName}: X = ${hexS(S)} is not ${align}-byte aligned; Zephyr drops the low bits, GNU ld rejects it.`);
  });

  it('LD_PREL_LO19 misaligned: same alignment quirk', () => {
    const r = a64(273, 0x58000000, T + 0x28n + 0x1002n, 0n, T + 0x28n);
    expect([r.zephRet, r.zeph, r.abiRet, r.abi]).toEqual([0, w32(0x58008000), ERANGE, w32(0x58000000)]);
    expect(r.quirk).toBe('R_AARCH64_LD_PREL_LO19: X = 0x1002 is not 4-byte aligned; Zephyr drops the low bits, GNU ld rejects it.');
  });
});

describe('AArch64 local-exec TLS (t = st_value + A + 16; st_value is 0 through relocateOne)', () => {
  it('TPREL_HI12 and LO12_NC split t = 0x12340 into an ADD imm12', () => {
    // HI12: (0x12340 >> 12) & 0xfff = 0x12 -> 0x4800; LO12_NC: 0x340 -> 0xd0000
    const hi = a64(549, 0x91400000, 0xdeadn, 0x12330n, T);
    expect([hi.zeph, hi.abi, hi.value, hi.quirk]).toEqual([w32(0x91404800), w32(0x91404800), '0x0000000000012340', '']);
    const lo = a64(551, 0x91000000, 0xdeadn, 0x12330n, T);
    expect([lo.zeph, lo.abi]).toEqual([w32(0x910d0000), w32(0x910d0000)]);
  });

  it.each([
    // A, t, ld accepts (t < 2^24), insn
    [0xffffefn, 0xffffffn, true, 0x917ffc00],
    [0xfffff0n, 0x1000000n, false, 0x91400000],
    [-16n, 0n, true, 0x91400000],
    [-17n, -1n, false, 0x917ffc00],
  ])('TPREL_HI12 edge: A = %s (t = %s)', (A, t, aOk, insn) => {
    const r = a64(549, 0x91400000, 0n, A, T);
    expect([r.zephRet, r.zeph, r.abiRet, r.abi]).toEqual([0, w32(insn), aOk ? 0 : ERANGE, w32(insn)]);
    expect(r.quirk).toBe(
      aOk
        ? ''
        : `R_AARCH64_TLSLE_ADD_TPREL_HI12: TPREL offset ${hexS(t)} needs more than 24 bits; Zephyr writes bits [23:12] without a check.`,
    );
  });
});
