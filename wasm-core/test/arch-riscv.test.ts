// RISC-V relocation table (arch/riscv.ts): Zephyr's arch_elf_relocate() beside the psABI as
// GNU ld applies it. Expected bytes are computed by hand below; the plain encodings were also
// checked once against riscv64-unknown-elf-ld 2.40 output (auipc/jalr, lui/addi/sw, beq, jal,
// c.beqz, c.j at the same addresses). Instruction words are written as numbers and compared
// as little-endian bytes.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTestInstance, type TestEngineInstance } from './test-engine.js';
import type { RelocResult as Site } from './reloc-json.js';

let e: TestEngineInstance;
beforeAll(async () => {
  e = await freshTestInstance();
});

const ENOEXEC = -8;
const ERANGE = -34;

/** Little-endian hex of a 32-bit word / 16-bit halfword. */
const w32 = (v: number) => [0, 8, 16, 24].map((s) => ((v >>> s) & 0xff).toString(16).padStart(2, '0')).join('');
const w16 = (v: number) => w32(v).slice(0, 4);
const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const u64 = (v: bigint) => BigInt.asUintN(64, v);

const B = 0x20000000n; // load bias used throughout

function rv(type: number, before: string, S: bigint, A: bigint, P: bigint, ptrSize: 4 | 8 = 4, sym = 'target'): Site {
  return JSON.parse(e.relocateOne('riscv', type, bytes(before), u64(S), A, u64(P), B, true, false, ptrSize, sym));
}

const Q_WRITE = 'Zephyr patches the place before the range check';
const Q_WRITE_FULL = `${Q_WRITE}, so the truncated value stays in memory although the relocation fails.`;

describe('RISC-V table: names and unsupported types', () => {
  it('names every psABI type it lists and nothing else', () => {
    expect(rv(19, '', 0n, 0n, 0n).typeName).toBe('R_RISCV_CALL_PLT');
    expect(rv(24, '', 0n, 0n, 0n).typeName).toBe('R_RISCV_PCREL_LO12_I');
    expect(rv(20, '', 0n, 0n, 0n).typeName).toBe('R_RISCV_GOT_HI20');
    expect(rv(65, '', 0n, 0n, 0n).typeName).toBe('R_RISCV_TLSDESC_CALL');
    expect(rv(191, '', 0n, 0n, 0n).typeName).toBe('R_RISCV_VENDOR');
    const r = rv(13, '', 0n, 0n, 0n); // 13..15 are reserved
    expect(r.known).toBe(false);
    expect(r.typeName).toBe('');
  });

  it.each([
    [20, 'R_RISCV_GOT_HI20', '-fno-pic'],
    [41, 'R_RISCV_GOT32_PCREL', '-fno-pic'],
    [10, 'R_RISCV_TLS_TPREL32', 'TLS unsupported'],
    [29, 'R_RISCV_TPREL_HI20', 'TLS unsupported'],
    [47, 'R_RISCV_GPREL_I', '-msmall-data-limit=0'],
    [46, 'R_RISCV_RVC_LUI', 'built without -mno-relax'],
    [60, 'R_RISCV_SET_ULEB128', 'built without -mno-relax'],
    [13, '', ''],
  ])('type %i (%s) is refused with hint "%s"', (type, name, hint) => {
    const r = rv(type, 'aabbccdd', 0x1000n, 0n, 0x2000n, 4, 'foo');
    expect(r.typeName).toBe(name);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.zephWrote).toBe(false);
    expect(r.width).toBe(0);
    expect(r.errorLog).toBe(`Unsupported relocation type: ${type} for symbol: foo`);
    expect(r.hint).toBe(hint);
    expect(r.quirk).toBe('');
  });

  it('R_RISCV_ALIGN always fails with both log lines (alignment = next power of two >= A)', () => {
    // A = 6 -> target_alignment 1, 2, 4, 8: the first power of two >= 6 is 8.
    const r = rv(43, '', 0n, 6n, 0x1004n, 4, '');
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.width).toBe(0);
    expect(r.extraLogs).toEqual([
      'dbg:Relocating symbol  at 0x1004 with base address (nil) load address 0x20000000 type 43',
      'err:Symbol  with location 0x1004 requires alignment to 8 bytes!',
    ]);
    expect(r.errorLog).toBe('Alignment relocation is currently not supported!');
    expect(r.hint).toBe('built without -mno-relax');
    expect(r.quirk).toBe('');
    // A = 4 is already a power of two.
    expect(rv(43, '', 0n, 4n, 0x1004n).extraLogs[1]).toBe('err:Symbol target with location 0x1004 requires alignment to 4 bytes!');
  });

  it('R_RISCV_ALIGN: an addend above 2^30 on RV32 makes the int32 alignment loop overflow forever', () => {
    // 2^30 doubles to 2^31, which wraps to INT32_MIN (< A) and then to 0 forever.
    const r = rv(43, '', 0n, 0x40000001n, 0x1000n);
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.quirk).toBe("R_RISCV_ALIGN with addend 1073741825: Zephyr's alignment loop overflows and never ends.");
    // On RV64 the same addend is fine: 2^31.
    expect(rv(43, '', 0n, 0x40000001n, 0x1000n, 8).extraLogs[1]).toBe(
      'err:Symbol target with location 0x1000 requires alignment to 2147483648 bytes!',
    );
  });

  it('NONE and RELAX touch nothing and succeed', () => {
    for (const t of [0, 51]) {
      const r = rv(t, 'aabbccdd', 0x1000n, 5n, 0x2000n);
      expect(r.width).toBe(0);
      expect(r.zephRet).toBe(0);
      expect(r.abiRet).toBe(0);
      expect(r.quirk).toBe('');
    }
  });

  it('prints the DBG line for every relocation it reaches', () => {
    const r = rv(16, w32(0x00b50063), 0x800n, 0n, 0x1000n);
    expect(r.extraLogs).toEqual(['dbg:Relocating symbol target at 0x1000 with base address 0x800 load address 0x20000000 type 16']);
  });
});

describe('RISC-V data relocations', () => {
  it('R_RISCV_32: u32 = S+A; RV32 wraps, so an address >= 2 GiB passes', () => {
    // 0x80001000 + 4 = 0x80001004; as a 32-bit intptr_t it is negative and fits [-2^31, 2^31-1].
    const r = rv(1, 'aaaaaaaa', 0x80001000n, 4n, 0x1000n);
    expect(r.width).toBe(4);
    expect(r.zeph).toBe('04100080');
    expect(r.abi).toBe('04100080');
    expect(r.value).toBe('0x80001004');
    expect(r.zephRet).toBe(0);
    expect(r.quirk).toBe('');
  });

  // RV64 edges. Zephyr: fits(S+A, INT32_MAX) = [-2^31, 2^31-1], written before the check.
  // psABI field: any signed or unsigned 32-bit value, [-2^31, 2^32-1].
  it.each([
    ['Zephyr last accepted', 0x7fffffffn, 0, 0, 'ffffff7f', 'ffffff7f', ''],
    [
      'Zephyr first rejected, ABI accepts',
      0x80000000n,
      ENOEXEC,
      0,
      '00000080',
      '00000080',
      '2147483648 byte relocation is not possible for type 1 (max 2147483647)!',
    ],
    [
      'ABI last accepted',
      0xffffffffn,
      ENOEXEC,
      0,
      'ffffffff',
      'ffffffff',
      '4294967295 byte relocation is not possible for type 1 (max 2147483647)!',
    ],
    [
      'ABI first rejected',
      0x100000000n,
      ENOEXEC,
      ERANGE,
      '00000000',
      'aaaaaaaa',
      '4294967296 byte relocation is not possible for type 1 (max 2147483647)!',
    ],
    ['negative last accepted (both)', -0x80000000n, 0, 0, '00000080', '00000080', ''],
    [
      'negative first rejected (both)',
      -0x80000001n,
      ENOEXEC,
      ERANGE,
      'ffffff7f',
      'aaaaaaaa',
      '-2147483649 byte relocation is not possible for type 1 (max 2147483648)!',
    ],
  ])('R_RISCV_32 RV64 %s: S+A = %s', (_l, SA, zRet, aRet, zeph, abi, log) => {
    const r = rv(1, 'aaaaaaaa', 0n, SA, 0x1000n, 8); // S = 0, all of S+A in the addend
    expect(r.zephRet).toBe(zRet);
    expect(r.zephWrote).toBe(true);
    expect(r.zeph).toBe(zeph);
    expect(r.abiRet).toBe(aRet);
    expect(r.abi).toBe(abi);
    expect(r.errorLog).toBe(log);
    expect(r.rangeFailed).toBe(zRet !== 0);
    if (zRet !== 0) {
      expect(r.rangeMin).toBe('-2147483648');
      expect(r.rangeMax).toBe('2147483647');
      expect(r.quirk).toContain(Q_WRITE);
    }
    if (zRet !== 0 && aRet === 0) {
      expect(r.quirk).toContain('R_RISCV_32 is range-checked as a signed value');
    }
    if (zRet === 0) expect(r.quirk).toBe('');
  });

  it('R_RISCV_64: RV64 writes S+A', () => {
    // 0x123456789abcdef0 + 0x10 = 0x123456789abcdf00
    const r = rv(2, '', 0x123456789abcdef0n, 0x10n, 0x1000n, 8);
    expect(r.width).toBe(8);
    expect(r.zeph).toBe('00dfbc9a78563412');
    expect(r.abi).toBe(r.zeph);
    expect(r.quirk).toBe('');
  });

  it('R_RISCV_64 on RV32: Zephyr sign-extends the 32-bit intptr_t S+A', () => {
    // (int32)0x80001000 sign-extends to 0xffffffff80001000; the linker writes 0x0000000080001000.
    const r = rv(2, '', 0x80001000n, 0n, 0x1000n, 4);
    expect(r.zeph).toBe('00100080ffffffff');
    expect(r.abi).toBe('0010008000000000');
    expect(r.quirk).toBe('On RV32 Zephyr computes S+A as a signed 32-bit intptr_t and sign-extends it into the 64-bit field.');
    // Below 2 GiB the two agree.
    expect(rv(2, '', 0x1000n, 0n, 0x1000n, 4).quirk).toBe('');
  });

  it('R_RISCV_RELATIVE writes an XLEN word B+A (S unused)', () => {
    // B + A = 0x20000000 + 0x1234
    const r32 = rv(3, 'aaaaaaaaaaaaaaaa', 0xdeadn, 0x1234n, 0x1000n, 4);
    expect(r32.width).toBe(4);
    expect(r32.zeph).toBe('34120020');
    expect(r32.abi).toBe('34120020');
    const r64 = rv(3, 'aaaaaaaaaaaaaaaa', 0xdeadn, 0x1234n, 0x1000n, 8);
    expect(r64.width).toBe(8);
    expect(r64.zeph).toBe('3412002000000000');
  });

  it('R_RISCV_JUMP_SLOT writes an XLEN word S (A unused)', () => {
    const r = rv(5, 'aaaaaaaa', 0x20001234n, 0x10n, 0x1000n, 4);
    expect(r.zeph).toBe('34120020');
    expect(r.abi).toBe('34120020');
    expect(r.value).toBe('0x20001234');
  });

  it.each([
    // type, width, V (hex LE), S, A, expected (hex LE), arithmetic
    [33, 1, '10', 0x20n, 3n, '33'], // 0x10 + 0x23
    [33, 1, 'f0', 0x20n, 0n, '10'], // 0xf0 + 0x20 = 0x110, 8 bits kept
    [34, 2, '3412', 0x1000n, -1n, '3322'], // 0x1234 + 0xfff = 0x2233
    [35, 4, '00000010', 0x80000000n, 0n, '00000090'], // 0x10000000 + 0x80000000
    [37, 1, '10', 0x20n, 0n, 'f0'], // 0x10 - 0x20 = -0x10 -> 0xf0
    [38, 2, '0010', 0x0001n, 1n, 'fe0f'], // 0x1000 - 2 = 0x0ffe
    [39, 4, '00000000', 0x1n, 0n, 'ffffffff'], // 0 - 1
  ])('ADD/SUB type %i: V %s S+A', (type, width, V, S, A, out) => {
    const r = rv(type, V, S, A, 0x1000n, 4);
    expect(r.width).toBe(width);
    expect(r.zeph).toBe(out);
    expect(r.abi).toBe(out);
    expect(r.quirk).toBe('');
  });

  it('ADD64/SUB64 on RV64', () => {
    // 1 + 0x100000000 = 0x100000001
    expect(rv(36, '0100000000000000', 0x100000000n, 0n, 0x1000n, 8).zeph).toBe('0100000001000000');
    // 0 - 1 = 0xffffffffffffffff
    expect(rv(40, '0000000000000000', 1n, 0n, 0x1000n, 8).zeph).toBe('ffffffffffffffff');
  });

  it('ADD64 on RV32 with S >= 2 GiB: Zephyr adds the sign-extended intptr_t', () => {
    // Zephyr: 1 + 0xffffffff80000000 = 0xffffffff80000001; linker: 1 + 0x80000000 = 0x80000001
    const r = rv(36, '0100000000000000', 0x80000000n, 0n, 0x1000n, 4);
    expect(r.zeph).toBe('01000080ffffffff');
    expect(r.abi).toBe('0100008000000000');
    expect(r.quirk).toContain('sign-extends it into the 64-bit field');
    // ADD32 with the same S: the low 32 bits agree, no quirk.
    expect(rv(35, '01000000', 0x80000000n, 0n, 0x1000n, 4).quirk).toBe('');
  });

  it('SET8/SET16/SET32 write S+A truncated', () => {
    expect(rv(54, 'aa', 0x1234n, 1n, 0n).zeph).toBe('35'); // 0x1235 -> 0x35
    expect(rv(55, 'aaaa', 0x1234n, 1n, 0n).zeph).toBe('3512');
    const r = rv(56, 'aaaaaaaa', 0x89abcdefn, 0n, 0n);
    expect(r.zeph).toBe('efcdab89');
    expect(r.abi).toBe('efcdab89');
  });

  it('SET6: Zephyr keeps V & 0x1F and ORs the whole byte of S+A in (psABI replaces bits 5..0)', () => {
    // DW_CFA_advance_loc byte 0x40, S+A = 0x0c:
    //   psABI (0x40 & 0xc0) | (0x0c & 0x3f) = 0x4c; Zephyr 0x0c | (0x40 & 0x1f) = 0x0c (opcode lost)
    const r = rv(53, '40', 0x0cn, 0n, 0n);
    expect(r.width).toBe(1);
    expect(r.zeph).toBe('0c');
    expect(r.abi).toBe('4c');
    expect(r.quirk).toBe(
      'R_RISCV_SET6 uses a 5-bit mask (0x1F): it clears bits 5-7 of the byte and ORs the old low bits back in instead of replacing the 6-bit field.',
    );
    // V = 0x43, S+A = 0x05: psABI 0x45; Zephyr 0x05 | 0x03 = 0x07
    const r2 = rv(53, '43', 0x05n, 0n, 0n);
    expect(r2.zeph).toBe('07');
    expect(r2.abi).toBe('45');
    // V = 0, S+A = 5: both 0x05
    expect(rv(53, '00', 0x05n, 0n, 0n).quirk).toBe('');
  });

  it('SUB6: Zephyr computes ((V&0x1F) - S - A) & 0x1F and ORs V&0x1F back in', () => {
    // V = 0x4c, S+A = 4: psABI 0x40 | ((0x4c - 4) & 0x3f) = 0x48;
    //   Zephyr b = 0x0c, ((0x0c - 4) & 0x1f) | 0x0c = 0x08 | 0x0c = 0x0c
    const r = rv(52, '4c', 4n, 0n, 0n);
    expect(r.zeph).toBe('0c');
    expect(r.abi).toBe('48');
    expect(r.quirk).toContain('R_RISCV_SUB6 uses a 5-bit mask (0x1F)');
    // V = 0x08, S+A = 0: both 0x08
    expect(rv(52, '08', 0n, 0n, 0n).quirk).toBe('');
  });

  it.each([
    // 32_PCREL and PLT32 on RV64: both sides check the signed 32-bit range.
    ['last accepted', 0x7fffffffn, 0, 0, 'ffffff7f', 'ffffff7f', ''],
    [
      'first rejected',
      0x80000000n,
      ENOEXEC,
      ERANGE,
      '00000080',
      'aaaaaaaa',
      '2147483648 byte relocation is not possible for type 57 (max 2147483647)!',
    ],
    ['negative last accepted', -0x80000000n, 0, 0, '00000080', '00000080', ''],
    [
      'negative first rejected',
      -0x80000001n,
      ENOEXEC,
      ERANGE,
      'ffffff7f',
      'aaaaaaaa',
      '-2147483649 byte relocation is not possible for type 57 (max 2147483648)!',
    ],
  ])('R_RISCV_32_PCREL RV64 %s: S+A-P = %s', (_l, T, zRet, aRet, zeph, abi, log) => {
    const P = 0x100000000n;
    const r = rv(57, 'aaaaaaaa', P + T, 0n, P, 8);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.errorLog]).toEqual([zRet, aRet, zeph, abi, log]);
    expect(r.quirk).toBe(zRet === 0 ? '' : Q_WRITE_FULL);
  });

  it('R_RISCV_32_PCREL / PLT32 ordinary: S+A-P written as u32', () => {
    // 0x1000 - 0x2000 = -0x1000 = 0xfffff000
    for (const t of [57, 59]) {
      const r = rv(t, '00000000', 0x1000n, 0n, 0x2000n);
      expect(r.zeph).toBe('00f0ffff');
      expect(r.abi).toBe('00f0ffff');
      expect(r.value).toBe('0xfffff000');
    }
    const plt = rv(59, '00000000', 0x100000000n + 0x80000000n, 0n, 0x100000000n, 8);
    expect(plt.errorLog).toBe('2147483648 byte relocation is not possible for type 59 (max 2147483647)!');
    expect(plt.abiRet).toBe(ERANGE);
  });
});

describe('RISC-V R_RISCV_BRANCH (B-type, Zephyr [-4096, 4095], psABI even [-4096, 4094])', () => {
  const BEQ = 0x00b50063; // beq a0, a1, .

  it('ordinary: T = 0x800 - 0x1000 = -0x800', () => {
    // -0x800 = ...f800: imm12 = 1 -> bit 31; imm11 = 1 -> bit 7; 10..1 = 0 -> 0x80000080 | beq
    const r = rv(16, w32(BEQ), 0x800n, 0n, 0x1000n);
    expect(r.zeph).toBe(w32(0x80b500e3));
    expect(r.abi).toBe(w32(0x80b500e3));
    expect(r.value).toBe('0xfffff800');
    expect(r.zephRet).toBe(0);
    expect(r.quirk).toBe('');
  });

  // 4094 = 0xffe: 10..5 = 0x3f -> 0x7e000000, 4..1 = 0xf -> 0xf00, 11 -> 0x80: field 0x7e000f80.
  // 4096: only imm bit 12 -> bit 31: 0x80000000 (the encoding of -4096).
  it.each([
    ['ABI last accepted', 4094n, 0, 0, 0x7eb50fe3, 0x7eb50fe3, ''],
    ['Zephyr last accepted, odd: ABI rejects', 4095n, 0, ERANGE, 0x7eb50fe3, BEQ, ''],
    ['first rejected (both)', 4096n, ENOEXEC, ERANGE, 0x80b50063, BEQ, '4096 byte relocation is not possible for type 16 (max 4095)!'],
    ['negative last accepted (both)', -4096n, 0, 0, 0x80b50063, 0x80b50063, ''],
    [
      'Zephyr negative first rejected',
      -4097n,
      ENOEXEC,
      ERANGE,
      0x7eb50fe3,
      BEQ,
      '-4097 byte relocation is not possible for type 16 (max 4096)!',
    ],
    [
      'ABI negative first rejected',
      -4098n,
      ENOEXEC,
      ERANGE,
      0x7eb50fe3,
      BEQ,
      '-4098 byte relocation is not possible for type 16 (max 4096)!',
    ],
  ])('%s: T = %s', (_l, T, zRet, aRet, zeph, abi, log) => {
    const r = rv(16, w32(BEQ), 0x10000n + T, 0n, 0x10000n);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.errorLog]).toEqual([zRet, aRet, w32(zeph), w32(abi), log]);
    expect(r.zephWrote).toBe(true);
    expect(r.rangeFailed).toBe(zRet !== 0);
    if (zRet !== 0) {
      expect([r.rangeMin, r.rangeMax]).toEqual(['-4096', '4095']);
      expect(r.quirk).toContain(Q_WRITE);
    } else if (aRet !== 0) {
      expect(r.quirk).toBe("R_RISCV_BRANCH: odd offset 0xfff passes Zephyr's range check and loses bit 0; the psABI rejects it.");
    } else expect(r.quirk).toBe('');
  });
});

describe('RISC-V R_RISCV_JAL (Zephyr checks INT32_MAX, psABI ±1 MiB)', () => {
  const JAL = 0x000000ef; // jal ra, .

  it('ordinary: T = 0xf0002 - 0x1004 = 0xeeffe', () => {
    // imm 20 = 0; 10..1 = 0x3ff -> 0x7fe00000; 11 = 1 -> 0x100000; 19..12 = 0xee -> 0xee000
    const r = rv(17, w32(JAL), 0xf0002n, 0n, 0x1004n);
    expect(r.zeph).toBe(w32(0x7ffee0ef));
    expect(r.abi).toBe(w32(0x7ffee0ef));
  });

  // 0xffffe: field 0x7ffff000. 0x100000: only imm bit 20 -> bit 31 (the encoding of -1 MiB).
  it.each([
    ['ABI last accepted', 0xffffen, 0, 0, 0x7ffff0ef, 0x7ffff0ef],
    ['ABI first rejected: Zephyr truncates silently', 0x100000n, 0, ERANGE, 0x800000ef, JAL],
    ['ABI negative last accepted', -0x100000n, 0, 0, 0x800000ef, 0x800000ef],
    ['ABI negative first rejected: Zephyr truncates silently', -0x100002n, 0, ERANGE, 0x7ffff0ef, JAL],
  ])('RV32 %s: T = %s', (_l, T, zRet, aRet, zeph, abi) => {
    const r = rv(17, w32(JAL), 0x200000n + T, 0n, 0x200000n);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi]).toEqual([zRet, aRet, w32(zeph), w32(abi)]);
    if (aRet !== 0) {
      const hexT = T < 0n ? `-0x${(-T).toString(16)}` : `0x${T.toString(16)}`;
      expect(r.quirk).toBe(
        `R_RISCV_JAL is range-checked against INT32_MAX instead of ±1 MiB: offset ${hexT} was silently truncated to the 21-bit J-type field.`,
      );
    } else expect(r.quirk).toBe('');
  });

  // RV64 Zephyr edges: [-2^31, 2^31-1]. 0x7fffffff: all 21 low bits set -> field 0xfffff000;
  // 0x80000000 and -0x80000000 have the 21 low bits clear -> field 0.
  it.each([
    ['Zephyr last accepted', 0x7fffffffn, 0, 0xfffff0ef, ''],
    ['Zephyr first rejected', 0x80000000n, ENOEXEC, JAL, '2147483648 byte relocation is not possible for type 17 (max 2147483647)!'],
    ['Zephyr negative last accepted', -0x80000000n, 0, JAL, ''],
    [
      'Zephyr negative first rejected',
      -0x80000001n,
      ENOEXEC,
      0xfffff0ef,
      '-2147483649 byte relocation is not possible for type 17 (max 2147483648)!',
    ],
  ])('RV64 %s: T = %s', (_l, T, zRet, zeph, log) => {
    const P = 0x100000000n;
    const r = rv(17, w32(JAL), P + T, 0n, P, 8);
    expect([r.zephRet, r.zeph, r.errorLog]).toEqual([zRet, w32(zeph), log]);
    expect(r.abiRet).toBe(ERANGE); // all far beyond ±1 MiB
    expect(r.abi).toBe(w32(JAL));
    if (zRet === 0) expect(r.quirk).toContain('R_RISCV_JAL is range-checked against INT32_MAX');
    else expect(r.quirk).toBe(Q_WRITE_FULL);
  });

  it("RV32: a jump across the 2 GiB boundary wraps and always passes Zephyr's check", () => {
    // 0x80001000 - 0x1000 = 0x80000000 -> (int32) -2^31, within [-2^31, 2^31-1]
    const r = rv(17, w32(JAL), 0x80001000n, 0n, 0x1000n, 4);
    expect(r.zephRet).toBe(0);
    expect(r.value).toBe('0x80000000');
    expect(r.abiRet).toBe(ERANGE);
  });
});

// U-type upper part: hi = T + (T & 0x800), written to bits 31..12; low 12 bits of T to the I-type.
// GNU ld (RV64 only) needs T + 0x800 within [-2^31, 2^31-1]: T in [-0x80000800, 0x7ffff7ff].
// Zephyr checks T itself against [-2^31, 2^31-1].
const UPPER_EDGES: [string, bigint, boolean, boolean, number, number][] = [
  // label, T, Zephyr ok, ABI ok, upper 20 bits field, low 12 bits
  ['ABI last accepted', 0x7ffff7ffn, true, true, 0x7ffff000, 0x7ff],
  ['ABI first rejected (Zephyr wraps the upper part)', 0x7ffff800n, true, false, 0x80000000, 0x800],
  ['Zephyr last accepted', 0x7fffffffn, true, false, 0x80000000, 0xfff],
  ['Zephyr first rejected', 0x80000000n, false, false, 0x80000000, 0x000],
  ['Zephyr negative last accepted', -0x80000000n, true, true, 0x80000000, 0x000],
  ['Zephyr negative first rejected (ABI accepts)', -0x80000001n, false, true, 0x80000000, 0xfff],
  ['ABI negative last accepted', -0x80000800n, false, true, 0x80000000, 0x800],
  ['ABI negative first rejected', -0x80000801n, false, false, 0x7ffff000, 0x7ff],
];
const hexS = (v: bigint) => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

function upperQuirk(name: string, T: bigint, zOk: boolean, aOk: boolean): string {
  const q: string[] = [];
  if (zOk && !aOk)
    q.push(
      `${name}: Zephyr checks ${hexS(T)} against ±2 GiB before the 0x800 rounding of the upper part, so it accepts it with a wrapped (negative) upper immediate; GNU ld rejects it.`,
    );
  if (!zOk && aOk)
    q.push(
      `${name}: ${hexS(T)} is reachable with the rounded upper part (psABI window [-0x80000800, 0x7ffff7ff]) but Zephyr rejects it against ±2 GiB.`,
    );
  if (!zOk) q.push(Q_WRITE_FULL);
  return q.join(' ');
}
const fitsLog = (type: number, T: bigint) =>
  `${T} byte relocation is not possible for type ${type} (max ${T < 0n ? 2147483648 : 2147483647})!`;

describe('RISC-V R_RISCV_CALL / CALL_PLT (AUIPC + JALR, 8 bytes)', () => {
  const CALL = w32(0x00000097) + w32(0x000080e7); // auipc ra, 0; jalr ra

  it('ordinary: T = 0x12345ffe - 0x1010 = 0x12344fee', () => {
    // hi = 0x12344fee + 0x800 = 0x123457ee -> auipc 0x12345; lo = 0xfee -> jalr -18
    for (const t of [18, 19]) {
      const r = rv(t, CALL, 0x12345ffen, 0n, 0x1010n);
      expect(r.width).toBe(8);
      expect(r.zeph).toBe(w32(0x12345097) + w32(0xfee080e7));
      expect(r.abi).toBe(r.zeph);
      expect(r.value).toBe('0x12344fee');
    }
  });

  it('RV32: the offset wraps at 32 bits, no check fails', () => {
    // 0x90000000 - 0x1000 = 0x8ffff000 (negative as int32): hi 0x8ffff000, lo 0
    const r = rv(18, CALL, 0x90000000n, 0n, 0x1000n, 4);
    expect(r.zephRet).toBe(0);
    expect(r.abiRet).toBe(0);
    expect(r.zeph).toBe(w32(0x8ffff097) + w32(0x000080e7));
  });

  for (const type of [18, 19]) {
    const name = type === 18 ? 'R_RISCV_CALL' : 'R_RISCV_CALL_PLT';
    it.each(UPPER_EDGES)(`${name} RV64 %s: T = %s`, (_l, T, zOk, aOk, upper, low) => {
      const P = 0x100000000n;
      const r = rv(type, CALL, P + T, 0n, P, 8);
      const insn = w32((upper | 0x097) >>> 0) + w32(((low << 20) | 0x80e7) >>> 0);
      expect(r.zeph).toBe(insn);
      expect(r.zephRet).toBe(zOk ? 0 : ENOEXEC);
      expect(r.errorLog).toBe(zOk ? '' : fitsLog(type, T));
      expect(r.abiRet).toBe(aOk ? 0 : ERANGE);
      expect(r.abi).toBe(aOk ? insn : CALL);
      expect(r.quirk).toBe(upperQuirk(name, T, zOk, aOk));
    });
  }
});

describe('RISC-V R_RISCV_PCREL_HI20 and R_RISCV_HI20 (U-type, 4 bytes)', () => {
  const AUIPC = 0x00000517; // auipc a0, 0
  const LUI = 0x00000537; // lui a0, 0

  it('PCREL_HI20 ordinary: T = 0x20000800 - 0x1024 = 0x1ffff7dc -> hi 0x1ffff', () => {
    const r = rv(23, w32(AUIPC), 0x20000800n, 0n, 0x1024n);
    expect(r.width).toBe(4);
    expect(r.zeph).toBe(w32(0x1ffff517));
    expect(r.abi).toBe(w32(0x1ffff517));
  });

  it('HI20 ordinary: S+A = 0x87654abc -> hi 0x87654abc + 0x800 = 0x876552bc -> 0x87655', () => {
    const r = rv(26, w32(LUI), 0x87654abcn, 0n, 0x1018n);
    expect(r.zeph).toBe(w32(0x87655537));
    expect(r.abi).toBe(w32(0x87655537));
    expect(r.zephRet).toBe(0); // RV32: (int32) wraps, always fits
  });

  it.each(UPPER_EDGES)('PCREL_HI20 RV64 %s: T = %s', (_l, T, zOk, aOk, upper) => {
    const P = 0x100000000n;
    const r = rv(23, w32(AUIPC), P + T, 0n, P, 8);
    expect(r.zeph).toBe(w32((upper | 0x517) >>> 0));
    expect([r.zephRet, r.abiRet]).toEqual([zOk ? 0 : ENOEXEC, aOk ? 0 : ERANGE]);
    expect(r.errorLog).toBe(zOk ? '' : fitsLog(23, T));
    expect(r.abi).toBe(aOk ? r.zeph : w32(AUIPC));
    expect(r.quirk).toBe(upperQuirk('R_RISCV_PCREL_HI20', T, zOk, aOk));
  });

  it.each(UPPER_EDGES)('HI20 RV64 %s: S+A = %s', (_l, T, zOk, aOk, upper) => {
    const r = rv(26, w32(LUI), u64(T), 0n, 0x1000n, 8);
    expect(r.zeph).toBe(w32((upper | 0x537) >>> 0));
    expect([r.zephRet, r.abiRet]).toEqual([zOk ? 0 : ENOEXEC, aOk ? 0 : ERANGE]);
    expect(r.errorLog).toBe(zOk ? '' : fitsLog(26, T));
    expect(r.quirk).toBe(upperQuirk('R_RISCV_HI20', T, zOk, aOk));
    expect(r.hint).toBe(zOk ? '' : '-mcmodel=medany');
  });
});

describe('RISC-V R_RISCV_LO12_I / LO12_S', () => {
  const ADDI = 0x00050513; // addi a0, a0, 0
  const SW = 0x00a5a023; // sw a0, 0(a1)

  it('LO12_I ordinary: low 12 bits of 0x87654abc = 0xabc -> bits 31..20', () => {
    const r = rv(27, w32(ADDI), 0x87654abcn, 0n, 0x101cn);
    expect(r.zeph).toBe(w32(0xabc50513));
    expect(r.abi).toBe(w32(0xabc50513));
  });

  it('LO12_S ordinary: 0xabc split as 11..5 = 0x55 -> 0xaa000000, 4..0 = 0x1c -> 0xe00', () => {
    const r = rv(28, w32(SW), 0x87654abcn, 0n, 0x1020n);
    expect(r.zeph).toBe(w32(0xaaa5ae23));
    expect(r.abi).toBe(w32(0xaaa5ae23));
    // No range check on either side, even on RV64 far away.
    const far = rv(28, w32(SW), 0x123456789abcn, 0n, 0x1000n, 8);
    expect([far.zephRet, far.abiRet, far.quirk]).toEqual([0, 0, '']);
  });

  // Zephyr checks S+A against INT32_MAX although only 12 bits are used; GNU ld has no check.
  it.each([
    ['Zephyr last accepted', 0x7fffffffn, 0, 0xfff50513],
    ['Zephyr first rejected', 0x80000000n, ENOEXEC, 0x00050513],
    ['Zephyr negative last accepted', -0x80000000n, 0, 0x00050513],
    ['Zephyr negative first rejected', -0x80000001n, ENOEXEC, 0xfff50513],
  ])('LO12_I RV64 %s: S+A = %s', (_l, SA, zRet, insn) => {
    const r = rv(27, w32(ADDI), u64(SA), 0n, 0x1000n, 8);
    expect([r.zephRet, r.zeph, r.abiRet, r.abi]).toEqual([zRet, w32(insn), 0, w32(insn)]);
    if (zRet !== 0) {
      expect(r.errorLog).toBe(fitsLog(27, SA));
      expect(r.quirk).toBe(`R_RISCV_LO12_I is range-checked against ±2 GiB although only the low 12 bits are used. ${Q_WRITE_FULL}`);
      expect(r.hint).toBe('-mcmodel=medany');
    } else expect(r.quirk).toBe('');
  });
});

describe('RISC-V compressed branches (2 bytes)', () => {
  const CBEQZ = 0xc101; // c.beqz a0, .
  const CJ = 0xa001; // c.j .

  it('RVC_BRANCH ordinary: T = 0xf00 - 0x1000 = -0x100 -> imm8 -> bit 12', () => {
    const r = rv(44, w16(CBEQZ), 0xf00n, 0n, 0x1000n);
    expect(r.width).toBe(2);
    expect(r.zeph).toBe(w16(0xd101));
    expect(r.abi).toBe(w16(0xd101));
  });

  // 254 = 0xfe: 4..3 -> 0xc00, 7..6 -> 0x60, 2..1 -> 0x18, 5 -> 0x4: field 0x0c7c (0xcd7d).
  // -257 and -258 have imm bit 8 clear and 7..1 set: the same 0x0c7c field.
  it.each([
    ['ABI last accepted', 254n, 0, 0, 0xcd7d, 0xcd7d, ''],
    ['Zephyr last accepted (odd): ABI rejects', 255n, 0, ERANGE, 0xcd7d, CBEQZ, ''],
    ['first rejected (both)', 256n, ENOEXEC, ERANGE, 0xd101, CBEQZ, '256 byte relocation is not possible for type 44 (max 255)!'],
    ['negative last accepted (both)', -256n, 0, 0, 0xd101, 0xd101, ''],
    [
      'Zephyr negative first rejected',
      -257n,
      ENOEXEC,
      ERANGE,
      0xcd7d,
      CBEQZ,
      '-257 byte relocation is not possible for type 44 (max 256)!',
    ],
    ['ABI negative first rejected', -258n, ENOEXEC, ERANGE, 0xcd7d, CBEQZ, '-258 byte relocation is not possible for type 44 (max 256)!'],
  ])('RVC_BRANCH %s: T = %s', (_l, T, zRet, aRet, zeph, abi, log) => {
    const r = rv(44, w16(CBEQZ), 0x10000n + T, 0n, 0x10000n);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.errorLog]).toEqual([zRet, aRet, w16(zeph), w16(abi), log]);
    if (zRet !== 0) expect([r.rangeMin, r.rangeMax]).toEqual(['-256', '255']);
    if (zRet === 0 && aRet !== 0) expect(r.quirk).toContain('odd offset 0xff');
  });

  it('RVC_JUMP ordinary: T = 0x806 - 0x1006 = -0x800 -> imm11 -> bit 12', () => {
    const r = rv(45, w16(CJ), 0x806n, 0n, 0x1006n);
    expect(r.zeph).toBe(w16(0xb001));
    expect(r.abi).toBe(w16(0xb001));
  });

  // 2046 = 0x7fe: every field bit except imm11 (bit 12): 0x0ffc -> 0xaffd.
  it.each([
    ['ABI last accepted', 2046n, 0, 0, 0xaffd, 0xaffd, ''],
    ['Zephyr last accepted (odd): ABI rejects', 2047n, 0, ERANGE, 0xaffd, CJ, ''],
    ['first rejected (both)', 2048n, ENOEXEC, ERANGE, 0xb001, CJ, '2048 byte relocation is not possible for type 45 (max 2047)!'],
    ['negative last accepted (both)', -2048n, 0, 0, 0xb001, 0xb001, ''],
    [
      'Zephyr negative first rejected',
      -2049n,
      ENOEXEC,
      ERANGE,
      0xaffd,
      CJ,
      '-2049 byte relocation is not possible for type 45 (max 2048)!',
    ],
    ['ABI negative first rejected', -2050n, ENOEXEC, ERANGE, 0xaffd, CJ, '-2050 byte relocation is not possible for type 45 (max 2048)!'],
  ])('RVC_JUMP %s: T = %s', (_l, T, zRet, aRet, zeph, abi, log) => {
    const r = rv(45, w16(CJ), 0x10000n + T, 0n, 0x10000n);
    expect([r.zephRet, r.abiRet, r.zeph, r.abi, r.errorLog]).toEqual([zRet, aRet, w16(zeph), w16(abi), log]);
    if (zRet !== 0) {
      expect([r.rangeMin, r.rangeMax]).toEqual(['-2048', '2047']);
      expect(r.quirk).toContain(Q_WRITE);
    }
  });
});

describe('RISC-V PCREL_LO12 pairing through a RelocEnv', () => {
  const AUIPC = w32(0x00000517); // auipc a0, 0          at .text+0x24
  const ADDI = w32(0x00050513); //  addi a0, a0, 0       at .text+0x28 (PCREL_LO12_I against the auipc label)
  const SW = w32(0x00b52023); //    sw a1, 0(a0)         at .text+0x2c (PCREL_LO12_S against the auipc label)

  interface Pair {
    hi: Site;
    lo: Site;
  }
  const pair = (lo: string, loOffset: bigint, label: bigint, loA: bigint, loType: number, S = 0x20000800n): Pair =>
    JSON.parse(e.riscvPcrelPair(bytes(AUIPC), bytes(lo), 0x1000n, 0x24n, loOffset, S, 0n, loA, label, loType, 4));

  it('LO12_I takes T_hi of the HI20 at the label offset: 0x20000800 - 0x1024 = 0x1ffff7dc -> 0x7dc', () => {
    const p = pair(ADDI, 0x28n, 0x24n, 0n, 24);
    expect(p.hi.zeph).toBe(w32(0x1ffff517));
    expect(p.lo.zephRet).toBe(0);
    expect(p.lo.zeph).toBe(w32(0x7dc50513));
    expect(p.lo.abi).toBe(w32(0x7dc50513));
    expect(p.lo.value).toBe('0x1ffff7dc');
    expect(p.lo.quirk).toBe('');
    // Zephyr's DBG line shows T_hi as the "base address".
    expect(p.lo.extraLogs).toEqual(['dbg:Relocating symbol .Lpcrel_hi0 at 0x1028 with base address 0x1ffff7dc load address (nil) type 24']);
  });

  it('LO12_S: 0x7dc split as 11..5 = 0x3e -> 0x7c000000, 4..0 = 0x1c -> 0xe00', () => {
    const p = pair(SW, 0x2cn, 0x24n, 0n, 25);
    expect(p.lo.zeph).toBe(w32(0x7cb52e23));
    expect(p.lo.abi).toBe(w32(0x7cb52e23));
  });

  it('the LO12 addend is ignored by Zephyr and added by the psABI', () => {
    // psABI: 0x1ffff7dc + 4 = 0x1ffff7e0 -> 0x7e0; Zephyr keeps 0x7dc
    const p = pair(ADDI, 0x28n, 0x24n, 4n, 24);
    expect(p.lo.zeph).toBe(w32(0x7dc50513));
    expect(p.lo.abi).toBe(w32(0x7e050513));
    expect(p.lo.abiValue).toBe('0x1ffff7e0');
    expect(p.lo.quirk).toBe('R_RISCV_PCREL_LO12_I ignores its own addend (4): Zephyr uses only the paired PCREL_HI20 value.');
  });

  it('an addend that changes the upper part is refused by GNU ld ("%pcrel_lo overflow with an addend")', () => {
    // 0x1ffff7dc + 0x24 = 0x1ffff800: upper part 0x20000000 instead of 0x1ffff000
    const p = pair(ADDI, 0x28n, 0x24n, 0x24n, 24);
    expect(p.lo.zephRet).toBe(0);
    expect(p.lo.zeph).toBe(w32(0x7dc50513));
    expect(p.lo.abiRet).toBe(ERANGE);
    expect(p.lo.abi).toBe(ADDI);
    expect(p.lo.quirk).toContain('ignores its own addend (36)');
  });

  it('no PCREL_HI20 at the label offset: both Zephyr error lines and -ENOEXEC, nothing written', () => {
    const p = pair(ADDI, 0x28n, 0x20n, 0n, 24); // label at .text+0x20, the HI20 is at +0x24
    expect(p.lo.zephRet).toBe(ENOEXEC);
    expect(p.lo.zephWrote).toBe(false);
    expect(p.lo.zeph).toBe(ADDI);
    expect(p.lo.extraLogs).toEqual(['err:Could not find R_RISCV_PCREL_HI20 relocation for R_RISCV_PCREL_LO12 relocation!']);
    // "base address" is still the LO12 symbol's own address: 0x1000 + 0x20
    expect(p.lo.errorLog).toBe(
      'Failed to resolve RISC-V PCREL relocation for symbol .Lpcrel_hi0 at 0x1028 with base address 0x1020 load address (nil) type 24',
    );
  });

  it('without a RelocEnv (relocateOne) the LO12 cannot pair either', () => {
    const r = rv(25, SW, 0x1024n, 0n, 0x102cn);
    expect(r.typeName).toBe('R_RISCV_PCREL_LO12_S');
    expect(r.zephRet).toBe(ENOEXEC);
    expect(r.extraLogs[0]).toBe('err:Could not find R_RISCV_PCREL_HI20 relocation for R_RISCV_PCREL_LO12 relocation!');
    expect(r.errorLog).toBe(
      'Failed to resolve RISC-V PCREL relocation for symbol target at 0x102c with base address 0x1024 load address 0x20000000 type 25',
    );
  });
});

// Each offset bit on its own, so a swapped pair of bits in an encoder cannot hide behind
// offsets whose neighbouring bits are equal. (offset bit -> instruction bit, RISC-V ISA manual;
// the sign bit is covered by the negative edges above.)
describe('RISC-V immediate bit placement, one bit at a time', () => {
  const B_MAP: [number, number][] = [
    [1, 8],
    [2, 9],
    [3, 10],
    [4, 11],
    [5, 25],
    [6, 26],
    [7, 27],
    [8, 28],
    [9, 29],
    [10, 30],
    [11, 7],
  ];
  const J_MAP: [number, number][] = [
    [1, 21],
    [2, 22],
    [3, 23],
    [4, 24],
    [5, 25],
    [6, 26],
    [7, 27],
    [8, 28],
    [9, 29],
    [10, 30],
    [11, 20],
    [12, 12],
    [13, 13],
    [14, 14],
    [15, 15],
    [16, 16],
    [17, 17],
    [18, 18],
    [19, 19],
  ];
  const CB_MAP: [number, number][] = [
    [1, 3],
    [2, 4],
    [3, 10],
    [4, 11],
    [5, 2],
    [6, 5],
    [7, 6],
  ];
  const CJ_MAP: [number, number][] = [
    [1, 3],
    [2, 4],
    [3, 5],
    [4, 11],
    [5, 2],
    [6, 7],
    [7, 6],
    [8, 9],
    [9, 10],
    [10, 8],
  ];
  const S_MAP: [number, number][] = [
    [0, 7],
    [1, 8],
    [2, 9],
    [3, 10],
    [4, 11],
    [5, 25],
    [6, 26],
    [7, 27],
    [8, 28],
    [9, 29],
    [10, 30],
  ];

  it.each(B_MAP)('BRANCH offset bit %i -> bit %i', (k, b) => {
    const r = rv(16, w32(0x00b50063), 0x10000n + (1n << BigInt(k)), 0n, 0x10000n);
    expect(r.zeph).toBe(w32((0x00b50063 | (1 << b)) >>> 0));
  });
  it.each(J_MAP)('JAL offset bit %i -> bit %i', (k, b) => {
    const r = rv(17, w32(0x000000ef), 0x100000n + (1n << BigInt(k)), 0n, 0x100000n);
    expect(r.zeph).toBe(w32((0x000000ef | (1 << b)) >>> 0));
  });
  it.each(CB_MAP)('RVC_BRANCH offset bit %i -> bit %i', (k, b) => {
    const r = rv(44, w16(0xc101), 0x10000n + (1n << BigInt(k)), 0n, 0x10000n);
    expect(r.zeph).toBe(w16(0xc101 | (1 << b)));
  });
  it.each(CJ_MAP)('RVC_JUMP offset bit %i -> bit %i', (k, b) => {
    const r = rv(45, w16(0xa001), 0x10000n + (1n << BigInt(k)), 0n, 0x10000n);
    expect(r.zeph).toBe(w16(0xa001 | (1 << b)));
  });
  it.each(S_MAP)('LO12_S value bit %i -> bit %i', (k, b) => {
    const r = rv(28, w32(0x00a5a023), 1n << BigInt(k), 0n, 0n);
    expect(r.zeph).toBe(w32((0x00a5a023 | (1 << b)) >>> 0));
  });
});
