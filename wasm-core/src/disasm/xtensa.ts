// Xtensa (little-endian) instruction decoder for display: one instruction at a time, printed
// the way binutils' `objdump -d` prints it (opcodes/xtensa-dis.c: print_insn_xtensa()), without
// the `<symbol+offset>` annotations objdump adds after addresses.
//
// Covers the core ISA (RRR ALU and shifts, RRI8 loads, stores, ADDI/ADDMI/MOVI, L32R,
// CALL0/4/8/12, CALLX0/4/8/12, J, JX, RET/RETW, BRI12 (BEQZ/BNEZ/BLTZ/BGEZ), BRI8
// (BEQI/BNEI/BLTI/BGEI/BLTUI/BGEUI, BEQ/BNE/BLT/..., BBCI/BBSI), ENTRY, LOOP*, RSR/WSR/XSR
// with the common special registers, EXTUI, MUL*, MIN/MAX, MOV*Z) and the 16-bit code density
// forms (L32I.N, S32I.N, ADD.N, ADDI.N, MOVI.N, BEQZ.N, BNEZ.N, MOV.N, RET.N, RETW.N, NOP.N,
// BREAK.N, ILL.N). CONST16 shares op0 4 with MAC16 and needs the core's configuration to tell
// them apart; it is printed as `const16` only with `{ const16: true }`.
//
// Two configurations: `lx106` is the ESP8266 core the installed `xtensa-lx106-elf-objdump` is
// built for: no windowed registers, loops or MAC16, and its generated decoder maps encodings it
// does not know onto `excw` (the samples' padding bytes show this). The default configuration
// decodes every core option and prints `.byte 0x..` for an undefined encoding, as objdump does
// for XTENSA_UNDEFINED.
//
// Display only: the loader's own view of these fields is `wasm-core/assembly/arch/xtensa_insn.ts`
// (which operand a relocation patches); this file is TypeScript so the web view and tests can
// use it without a round trip through the engine.

export interface XtensaOptions {
  /** Mirror the lx106 (ESP8266) configuration of binutils. */
  lx106?: boolean;
  /** The core has the CONST16 option instead of MAC16. */
  const16?: boolean;
}

export interface Decoded {
  /** Bytes the instruction takes. */
  size: number;
  mnemonic: string;
  /** Operands as objdump prints them ('' when none). */
  operands: string;
}

const B4CONST = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];
const B4CONSTU = [32768, 65536, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];

// Special register names (Xtensa ISA, "Special Registers" table), as RSR.*, WSR.*, XSR.*.
const SR: Record<number, string> = {
  0: 'lbeg',
  1: 'lend',
  2: 'lcount',
  3: 'sar',
  4: 'br',
  5: 'litbase',
  12: 'scompare1',
  16: 'acclo',
  17: 'acchi',
  32: 'm0',
  33: 'm1',
  34: 'm2',
  35: 'm3',
  72: 'windowbase',
  73: 'windowstart',
  83: 'ptevaddr',
  89: 'mmid',
  90: 'rasid',
  91: 'itlbcfg',
  92: 'dtlbcfg',
  96: 'ibreakenable',
  97: 'memctl',
  98: 'cacheattr',
  99: 'atomctl',
  104: 'ddr',
  106: 'mepc',
  107: 'meps',
  108: 'mesave',
  109: 'mesr',
  110: 'mecr',
  111: 'mevaddr',
  128: 'ibreaka0',
  129: 'ibreaka1',
  144: 'dbreaka0',
  145: 'dbreaka1',
  160: 'dbreakc0',
  161: 'dbreakc1',
  176: 'configid0',
  177: 'epc1',
  178: 'epc2',
  179: 'epc3',
  180: 'epc4',
  181: 'epc5',
  182: 'epc6',
  183: 'epc7',
  192: 'depc',
  194: 'eps2',
  195: 'eps3',
  196: 'eps4',
  197: 'eps5',
  198: 'eps6',
  199: 'eps7',
  208: 'configid1',
  209: 'excsave1',
  210: 'excsave2',
  211: 'excsave3',
  212: 'excsave4',
  213: 'excsave5',
  214: 'excsave6',
  215: 'excsave7',
  224: 'cpenable',
  226: 'interrupt',
  227: 'intclear',
  228: 'intenable',
  230: 'ps',
  231: 'vecbase',
  232: 'exccause',
  233: 'debugcause',
  234: 'ccount',
  235: 'prid',
  236: 'icount',
  237: 'icountlevel',
  238: 'excvaddr',
  240: 'ccompare0',
  241: 'ccompare1',
  242: 'ccompare2',
  244: 'misc0',
  245: 'misc1',
  246: 'misc2',
  247: 'misc3',
};

// The special registers the lx106 configuration knows, per instruction (its generated decoder
// maps the others onto `excw`); configid0 (176) and configid1 (208) print as numbers there.
const LX106_RSR = new Set([
  3, 5, 96, 104, 128, 144, 160, 176, 177, 178, 179, 192, 194, 195, 208, 209, 210, 211, 226, 228, 230, 231, 232, 233, 234, 235, 236, 237,
  238, 240,
]);
const LX106_WSR = new Set([
  3, 5, 89, 96, 104, 128, 144, 160, 176, 177, 178, 179, 192, 194, 195, 209, 210, 211, 226, 227, 228, 230, 231, 232, 233, 234, 236, 237, 238,
  240,
]);
const LX106_XSR = new Set([
  3, 5, 96, 104, 128, 144, 160, 177, 178, 179, 192, 194, 195, 209, 210, 211, 228, 230, 231, 232, 233, 234, 236, 237, 238, 240,
]);

const hex = (v: number): string => (v >>> 0).toString(16);
const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);
const a = (n: number): string => `a${n}`;

/** An immediate as xtensa-dis.c print_xtensa_operand() prints it: decimal in (-256, 256), else 0x%x. */
function imm(v: number): string {
  return v > -256 && v < 256 ? String(v) : `0x${hex(v)}`;
}

function op(mnemonic: string, size: number, ...operands: (string | number)[]): Decoded {
  return { size, mnemonic, operands: operands.map((o) => (typeof o === 'number' ? imm(o) : o)).join(', ') };
}

/**
 * Decodes the instruction at `bytes[offset]`, which sits at `address`; null when fewer bytes
 * remain than the instruction needs.
 */
export function decodeXtensa(bytes: Uint8Array, offset: number, address: number, opts: XtensaOptions = {}): Decoded | null {
  if (offset >= bytes.length) return null;
  const b0 = bytes[offset];
  const op0 = b0 & 0xf;
  const undefinedInsn = (size: number): Decoded =>
    opts.lx106 ? { size, mnemonic: 'excw', operands: '' } : { size: 1, mnemonic: `.byte 0x${hex(b0)}`, operands: '' };
  if (op0 >= 8) {
    if (op0 >= 0xe) return { size: 1, mnemonic: `.byte 0x${hex(b0)}`, operands: '' };
    if (offset + 2 > bytes.length) return null;
    return narrow(b0 | (bytes[offset + 1] << 8), address, opts, undefinedInsn);
  }
  if (offset + 3 > bytes.length) return null;
  const insn = b0 | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
  return wide(insn, address, opts, undefinedInsn);
}

function narrow(insn: number, address: number, opts: XtensaOptions, undef: (size: number) => Decoded): Decoded {
  const op0 = insn & 0xf;
  const t = (insn >> 4) & 0xf;
  const s = (insn >> 8) & 0xf;
  const r = (insn >> 12) & 0xf;
  switch (op0) {
    case 8:
      return op('l32i.n', 2, a(t), a(s), r << 2);
    case 9:
      return op('s32i.n', 2, a(t), a(s), r << 2);
    case 0xa:
      return op('add.n', 2, a(r), a(s), a(t));
    case 0xb:
      return op('addi.n', 2, a(r), a(s), t === 0 ? -1 : t);
    case 0xc: {
      if ((t & 8) === 0) {
        const imm = ((t & 7) << 4) | r;
        return op('movi.n', 2, a(s), imm >= 96 ? imm - 128 : imm);
      }
      const target = address + 4 + (((t & 3) << 4) | r);
      return op(t & 4 ? 'bnez.n' : 'beqz.n', 2, a(s), hex(target));
    }
    default: {
      // op0 0xd: ST3
      if (r === 0) return op('mov.n', 2, a(t), a(s));
      if (r === 0xf) {
        if (t === 0 && (s === 0 || opts.lx106)) return op('ret.n', 2);
        if (t === 1 && s === 0 && !opts.lx106) return op('retw.n', 2);
        if (t === 2) return op('break.n', 2, s);
        if (t === 3 && s === 0) return op('nop.n', 2);
        if (t === 6 && s === 0) return op('ill.n', 2);
      }
      return undef(2);
    }
  }
}

function wide(insn: number, address: number, opts: XtensaOptions, undef: (size: number) => Decoded): Decoded {
  const op0 = insn & 0xf;
  const t = (insn >> 4) & 0xf;
  const s = (insn >> 8) & 0xf;
  const r = (insn >> 12) & 0xf;
  const imm8 = (insn >> 16) & 0xff;
  const n = (insn >> 4) & 3;
  const m = (insn >> 6) & 3;
  const lx = !!opts.lx106;
  switch (op0) {
    case 0:
      return qrst(insn, opts, undef);
    case 1: {
      // L32R: ((P + 3) & ~3) + (ones(14) || imm16 || 00)
      const target = ((address + 3) & ~3) + ((0xffff0000 | (insn >>> 8)) << 2);
      return op('l32r', 3, a(t), hex(target));
    }
    case 2:
      switch (r) {
        case 0:
          return op('l8ui', 3, a(t), a(s), imm8);
        case 1:
          return op('l16ui', 3, a(t), a(s), imm8 << 1);
        case 2:
          return op('l32i', 3, a(t), a(s), imm8 << 2);
        case 4:
          return op('s8i', 3, a(t), a(s), imm8);
        case 5:
          return op('s16i', 3, a(t), a(s), imm8 << 1);
        case 6:
          return op('s32i', 3, a(t), a(s), imm8 << 2);
        case 9:
          return op('l16si', 3, a(t), a(s), imm8 << 1);
        case 0xa:
          return op('movi', 3, a(t), sext((s << 8) | imm8, 12));
        case 0xc:
          return op('addi', 3, a(t), a(s), sext(imm8, 8));
        case 0xd:
          return op('addmi', 3, a(t), a(s), sext(imm8, 8) << 8);
        case 0xb:
          return lx ? undef(3) : op('l32ai', 3, a(t), a(s), imm8 << 2);
        case 0xe:
          return lx ? undef(3) : op('s32c1i', 3, a(t), a(s), imm8 << 2);
        case 0xf:
          return lx ? undef(3) : op('s32ri', 3, a(t), a(s), imm8 << 2);
        default:
          return undef(3);
      }
    case 4:
      if (opts.const16) return op('const16', 3, a(t), (insn >>> 8) & 0xffff);
      return undef(3);
    case 5: {
      const target = (address & ~3) + (sext(insn >>> 6, 18) << 2) + 4;
      if (n !== 0 && lx) return undef(3);
      return op(`call${n * 4}`, 3, hex(target));
    }
    case 6:
      switch (n) {
        case 0:
          return op('j', 3, hex(address + 4 + sext(insn >>> 6, 18)));
        case 1:
          return op(['beqz', 'bnez', 'bltz', 'bgez'][m], 3, a(s), hex(address + 4 + sext(insn >>> 12, 12)));
        case 2:
          return op(['beqi', 'bnei', 'blti', 'bgei'][m], 3, a(s), B4CONST[r], hex(address + 4 + sext(imm8, 8)));
        default:
          if (m === 0) return lx ? undef(3) : op('entry', 3, a(s), (insn >>> 12) << 3);
          if (m === 1) {
            if (r === 0) return lx ? undef(3) : op('bf', 3, `b${s}`, hex(address + 4 + sext(imm8, 8)));
            if (r === 1) return lx ? undef(3) : op('bt', 3, `b${s}`, hex(address + 4 + sext(imm8, 8)));
            if (r >= 8 && r <= 10 && !lx) return op(['loop', 'loopnez', 'loopgtz'][r - 8], 3, a(s), hex(address + 4 + imm8));
            return undef(3);
          }
          return op(m === 2 ? 'bltui' : 'bgeui', 3, a(s), B4CONSTU[r], hex(address + 4 + sext(imm8, 8)));
      }
    case 7: {
      const target = hex(address + 4 + sext(imm8, 8));
      if ((r & 7) === 6) return op(r & 8 ? 'bbsi' : 'bbci', 3, a(s), ((r & 1) << 4) | t, target);
      if ((r & 7) === 7) return op(r & 8 ? 'bbsi' : 'bbci', 3, a(s), ((r & 1) << 4) | t, target);
      const names = ['bnone', 'beq', 'blt', 'bltu', 'ball', 'bbc', '', '', 'bany', 'bne', 'bge', 'bgeu', 'bnall', 'bbs'];
      return op(names[r], 3, a(s), a(t), target);
    }
    default:
      return undef(3);
  }
}

function qrst(insn: number, opts: XtensaOptions, undef: (size: number) => Decoded): Decoded {
  const t = (insn >> 4) & 0xf;
  const s = (insn >> 8) & 0xf;
  const r = (insn >> 12) & 0xf;
  const op1 = (insn >> 16) & 0xf;
  const op2 = (insn >> 20) & 0xf;
  const lx = !!opts.lx106;
  const rrr = (mn: string): Decoded => op(mn, 3, a(r), a(s), a(t));
  const srName = (mn: 'rsr' | 'wsr' | 'xsr'): Decoded => {
    const sr = (r << 4) | s;
    if (lx && !(mn === 'rsr' ? LX106_RSR : mn === 'wsr' ? LX106_WSR : LX106_XSR).has(sr)) return undef(3);
    // WSR to INTERRUPT is INTSET.
    const name = mn === 'wsr' && sr === 226 ? 'intset' : sr === 176 || sr === 208 ? undefined : SR[sr];
    return name !== undefined ? op(`${mn}.${name}`, 3, a(t)) : op(`${mn}.${sr}`, 3, a(t));
  };
  switch (op1) {
    case 0:
      switch (op2) {
        case 0:
          return st0(insn, opts, undef);
        case 1:
          return rrr('and');
        case 2:
          return rrr('or');
        case 3:
          return rrr('xor');
        case 4:
          switch (r) {
            case 0:
              return t === 0 ? op('ssr', 3, a(s)) : undef(3);
            case 1:
              return t === 0 ? op('ssl', 3, a(s)) : undef(3);
            case 2:
              return t === 0 ? op('ssa8l', 3, a(s)) : undef(3);
            case 3:
              return t === 0 ? op('ssa8b', 3, a(s)) : undef(3);
            case 4:
              return t <= 1 ? op('ssai', 3, s | ((t & 1) << 4)) : undef(3);
            case 6:
              // The lx106 configuration's RER and WER have no operands.
              return lx ? op('rer', 3) : op('rer', 3, a(t), a(s));
            case 7:
              return lx ? op('wer', 3) : op('wer', 3, a(t), a(s));
            case 0xe:
              return op('nsa', 3, a(t), a(s));
            case 0xf:
              return op('nsau', 3, a(t), a(s));
            default:
              return undef(3);
          }
        case 5:
          return tlb(r, s, t, undef);
        case 6:
          if (s === 0) return op('neg', 3, a(r), a(t));
          if (s === 1) return op('abs', 3, a(r), a(t));
          return undef(3);
        case 8:
          return rrr('add');
        case 9:
          return rrr('addx2');
        case 0xa:
          return rrr('addx4');
        case 0xb:
          return rrr('addx8');
        case 0xc:
          return rrr('sub');
        case 0xd:
          return rrr('subx2');
        case 0xe:
          return rrr('subx4');
        case 0xf:
          return rrr('subx8');
        default:
          return undef(3);
      }
    case 1:
      switch (op2) {
        case 0:
        case 1:
          return op('slli', 3, a(r), a(s), 32 - (((op2 & 1) << 4) | t));
        case 2:
        case 3:
          return op('srai', 3, a(r), a(t), ((op2 & 1) << 4) | s);
        case 4:
          return op('srli', 3, a(r), a(t), s);
        case 6:
          return srName('xsr');
        case 8:
          return rrr('src');
        case 9:
          return s === 0 ? op('srl', 3, a(r), a(t)) : undef(3);
        case 0xa:
          return t === 0 ? op('sll', 3, a(r), a(s)) : undef(3);
        case 0xb:
          return s === 0 ? op('sra', 3, a(r), a(t)) : undef(3);
        case 0xc:
          return rrr('mul16u');
        case 0xd:
          return rrr('mul16s');
        case 0xf:
          // IMP: RFDO (debug option)
          return r === 0xe && t === 0 ? op('rfdo', 3, s) : undef(3);
        default:
          return undef(3);
      }
    case 2: {
      const names: Record<number, string> = { 8: 'mull', 0xa: 'muluh', 0xb: 'mulsh', 0xc: 'quou', 0xd: 'quos', 0xe: 'remu', 0xf: 'rems' };
      if (names[op2] === undefined || (lx && op2 !== 8)) return undef(3);
      return rrr(names[op2]);
    }
    case 3:
      switch (op2) {
        case 0:
          return srName('rsr');
        case 1:
          return srName('wsr');
        case 2:
          return lx ? undef(3) : op('sext', 3, a(r), a(s), t + 7);
        case 3:
          return lx ? undef(3) : op('clamps', 3, a(r), a(s), t + 7);
        case 4:
          return lx ? undef(3) : rrr('min');
        case 5:
          return lx ? undef(3) : rrr('max');
        case 6:
          return lx ? undef(3) : rrr('minu');
        case 7:
          return lx ? undef(3) : rrr('maxu');
        case 8:
          return rrr('moveqz');
        case 9:
          return rrr('movnez');
        case 0xa:
          return rrr('movltz');
        case 0xb:
          return rrr('movgez');
        default:
          return undef(3);
      }
    case 4:
    case 5:
      return op('extui', 3, a(r), a(t), ((op1 & 1) << 4) | s, op2 + 1);
    default:
      return undef(3);
  }
}

function st0(insn: number, opts: XtensaOptions, undef: (size: number) => Decoded): Decoded {
  const t = (insn >> 4) & 0xf;
  const s = (insn >> 8) & 0xf;
  const r = (insn >> 12) & 0xf;
  const lx = !!opts.lx106;
  const n = t & 3;
  const m = t >> 2;
  switch (r) {
    case 0:
      if (m === 0 && n === 0 && s === 0) return op('ill', 3);
      if (m === 2) {
        if (n === 0 && (s === 0 || lx)) return op('ret', 3);
        if (n === 1 && s === 0) return lx ? undef(3) : op('retw', 3);
        if (n === 2) return op('jx', 3, a(s));
        return undef(3);
      }
      if (m === 3) return n !== 0 && lx ? undef(3) : op(`callx${n * 4}`, 3, a(s));
      return undef(3);
    case 1:
      return lx ? undef(3) : op('movsp', 3, a(t), a(s));
    case 2: {
      const names: Record<number, string> = {
        0: 'isync',
        1: 'rsync',
        2: 'esync',
        3: 'dsync',
        8: 'excw',
        12: 'memw',
        13: 'extw',
        15: 'nop',
      };
      return s === 0 && names[t] !== undefined ? op(names[t], 3) : undef(3);
    }
    case 3:
      if (t === 0) {
        const names: Record<number, string> = { 0: 'rfe', 2: 'rfde', 4: 'rfwo', 5: 'rfwu' };
        if (names[s] !== undefined && !(lx && s >= 4)) return op(names[s], 3);
        return undef(3);
      }
      if (t === 1) return op('rfi', 3, s);
      return undef(3);
    case 4:
      return op('break', 3, s, t);
    case 5:
      if (t === 0 && s === 0) return op('syscall', 3);
      if (t === 0 && s === 1) return op('simcall', 3);
      return undef(3);
    case 6:
      return op('rsil', 3, a(t), s);
    case 7:
      return t === 0 ? op('waiti', 3, s) : undef(3);
    default:
      return undef(3);
  }
}

/** RST0 op2 5: the MMU's TLB instructions. */
function tlb(r: number, s: number, t: number, undef: (size: number) => Decoded): Decoded {
  const withT: Record<number, string> = {
    3: 'ritlb0',
    5: 'pitlb',
    6: 'witlb',
    7: 'ritlb1',
    0xb: 'rdtlb0',
    0xd: 'pdtlb',
    0xe: 'wdtlb',
    0xf: 'rdtlb1',
  };
  if (withT[r] !== undefined) return op(withT[r], 3, a(t), a(s));
  if ((r === 4 || r === 0xc) && t === 0) return op(r === 4 ? 'iitlb' : 'idtlb', 3, a(s));
  return undef(3);
}
