// ARCv2 (ARC EM and ARC HS, little-endian) instruction decoder for display: one instruction at
// a time, printed the way binutils' `objdump -d` prints it (opcodes/arc-dis.c:
// print_insn_arc(): signed operands in decimal, unsigned ones as %#x, a long immediate as %#x,
// a PC-relative operand as its offset followed by `\t;` and the target address), without the
// `<symbol+offset>` annotations objdump adds after addresses.
//
// A 32-bit instruction is stored as two little-endian halfwords, the high one first, and so is
// a long immediate (LIMM, "middle-endian"): bytes 0x11 0x22 0x33 0x44 hold 0x22114433.
//
// Covers every 16-bit instruction, and of the 32-bit ones: B/Bcc (S25/S21), BL/BLcc (S25/S21),
// BRcc/BBIT0/BBIT1, LD/LDB/LDH/LDD and ST/STB/STH/STD with S9 offsets (and the PREFETCH
// forms), the general operations of major opcode 4 (ADD/SUB/MOV/AND/OR/..., CMP/TST, J/JL,
// LD register+register, SETcc, DBNZ, LP, FLAG/KFLAG, BI/BIH, single-operand SOPs, EX, LLOCK/
// SCOND) in all four operand formats with LIMM, and the shifts, division and saturating
// operations of major opcode 5. Not decoded (reported as such): AEX, LDI, the DSP and FPU
// extension instructions and major opcodes 6 and 7. LR/SR print the auxiliary register number
// where objdump prints a name it knows (`lr r0,[status32]`), and objdump's `;target` comment
// after PCL used with a long immediate is left out.

export interface ArcOptions {
  /** The core, as the ELF header's e_flags name it: ARC HS has LDD/STD, ARC EM (without the
   * LL64 option, as objdump assumes) does not. */
  cpu?: 'archs' | 'arcem';
}

export interface Decoded {
  /** Bytes the instruction takes, with its long immediate. */
  size: number;
  mnemonic: string;
  /** Operands as objdump prints them ('' when none). */
  operands: string;
}

const REG: string[] = Array.from({ length: 64 }, (_, i) => `r${i}`);
REG[26] = 'gp';
REG[27] = 'fp';
REG[28] = 'sp';
REG[29] = 'ilink';
REG[31] = 'blink';
REG[60] = 'lp_count';
REG[61] = 'reserved';
REG[63] = 'pcl';

/** 16-bit instructions' 3-bit register fields. */
const R3 = [0, 1, 2, 3, 12, 13, 14, 15];

// Condition codes (the Q field); 0 and the unassigned ones print nothing.
const COND: Record<number, string> = {
  1: 'eq',
  2: 'ne',
  3: 'p',
  4: 'n',
  5: 'c',
  6: 'nc',
  7: 'v',
  8: 'nv',
  9: 'gt',
  10: 'ge',
  11: 'lt',
  12: 'le',
  13: 'hi',
  14: 'ls',
  15: 'pnz',
  21: 'nj',
  23: 'nm',
  24: 'nt',
};

const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);
/** An unsigned operand: %#x. */
const u = (v: number): string => (v === 0 ? '0' : `0x${(v >>> 0).toString(16)}`);
const hex = (v: number): string => (v >>> 0).toString(16);

function ins(size: number, mnemonic: string, operands = ''): Decoded {
  return { size, mnemonic, operands };
}

/** A PC-relative operand: the offset, then the target from the word-aligned PC. */
function pcrel(address: number, offset: number): string {
  return `${offset}\t;${hex((address & ~3) + offset)}`;
}

/** The middle-endian long immediate at bytes[at]. */
function limmAt(bytes: Uint8Array, at: number): number | null {
  if (at + 4 > bytes.length) return null;
  return ((bytes[at + 1] << 24) | (bytes[at] << 16) | (bytes[at + 3] << 8) | bytes[at + 2]) >>> 0;
}

/**
 * Decodes the instruction at `bytes[offset]`, which sits at `address`; null when fewer bytes
 * remain than the instruction needs or when it is not one this decoder knows.
 */
export function decodeArc(bytes: Uint8Array, offset: number, address: number, opts: ArcOptions = {}): Decoded | null {
  if (offset + 2 > bytes.length) return null;
  const hw0 = bytes[offset] | (bytes[offset + 1] << 8);
  const major = hw0 >> 11;
  if (major >= 8) return decode16(hw0, bytes, offset, address);
  if (offset + 4 > bytes.length) return null;
  const insn = ((hw0 << 16) | bytes[offset + 2] | (bytes[offset + 3] << 8)) >>> 0;
  return decode32(insn, bytes, offset, address, opts.cpu === 'arcem');
}

function decode16(hw: number, bytes: Uint8Array, offset: number, address: number): Decoded | null {
  const major = hw >> 11;
  const b = R3[(hw >> 8) & 7];
  const c = R3[(hw >> 5) & 7];
  const a = R3[hw & 7];
  const short = (): Decoded => ins(2, '.short', `0x${hw.toString(16).padStart(4, '0')}`);
  // A 5-bit h register; 30 stands for a long immediate after the instruction.
  const hreg = (h: number): { text: string; size: number } | null => {
    if (h !== 30) return { text: REG[h], size: 2 };
    const l = limmAt(bytes, offset + 2);
    return l === null ? null : { text: u(l), size: 6 };
  };
  switch (major) {
    case 0x08: {
      const h = (hw & 3) * 8 + ((hw >> 5) & 7);
      if (hw & 4) {
        if (h === 30) return short();
        const off = ((((hw >> 10) & 1) << 2) | ((hw >> 3) & 3)) << 2;
        return ins(2, 'ld_s', `${REG[(hw >> 8) & 3]},[${REG[h]},${u(off)}]`);
      }
      const g = ((hw >> 3) & 3) * 8 + ((hw >> 8) & 7);
      const src = hreg(h);
      if (!src) return null;
      // A long immediate as destination discards the result: objdump prints 0.
      return ins(src.size, 'mov_s', `${g === 30 ? '0' : REG[g]},${src.text}`);
    }
    case 0x09:
      if (hw & 8) {
        const u6 = (((hw >> 4) & 7) << 3) | (hw & 7);
        return ins(2, 'add_s', `${REG[(hw >> 7) & 1]},${REG[b]},${u(u6)}`);
      }
      if (hw & 0x10) return ins(2, 'sub_s', `${REG[a]},${REG[b]},${REG[c]}`);
      return ins(2, 'ld_s.as', `${REG[a]},[${REG[b]},${REG[c]}]`);
    case 0x0a: {
      if (hw & 8) return ins(2, 'ldi_s', `${REG[b]},[${u((((hw >> 4) & 0xf) << 3) | (hw & 7))}]`);
      const s11 = sext((((hw >> 5) & 0x3f) << 3) | (hw & 7), 9) * 4;
      if (hw & 0x10) return ins(2, 'st_s', `r0,[gp,${s11}]`);
      return ins(2, 'ld_s', `r1,[gp,${s11}]`);
    }
    case 0x0b:
      return ins(2, hw & 0x400 ? 'ei_s' : 'jli_s', u(hw & 0x3ff));
    case 0x0c:
      return ins(
        2,
        ['ld_s', 'ldb_s', 'ldh_s', 'add_s'][(hw >> 3) & 3],
        (hw & 0x18) === 0x18 ? `${REG[a]},${REG[b]},${REG[c]}` : `${REG[a]},[${REG[b]},${REG[c]}]`,
      );
    case 0x0d:
      return ins(2, ['add_s', 'sub_s', 'asl_s', 'asr_s'][(hw >> 3) & 3], `${REG[c]},${REG[b]},${u(hw & 7)}`);
    case 0x0e: {
      const h = (hw & 3) * 8 + ((hw >> 5) & 7);
      // s3: 0..6, and 7 for -1.
      const s3 = ((hw >> 8) & 7) === 7 ? -1 : (hw >> 8) & 7;
      const sel = (hw >> 3) & 3;
      const imm = (hw & 4) !== 0;
      const hr = hreg(h);
      if (!hr) return null;
      switch (sel) {
        case 0:
          return imm
            ? ins(hr.size, 'add_s', `${h === 30 ? '0' : hr.text},${hr.text},${s3}`)
            : ins(hr.size, 'add_s', `${REG[b]},${REG[b]},${hr.text}`);
        case 1:
          return imm ? ins(2, 'mov_s', `${h === 30 ? '0' : hr.text},${s3}`) : short();
        case 2:
          return imm ? ins(hr.size, 'cmp_s', `${hr.text},${s3}`) : ins(hr.size, 'cmp_s', `${REG[b]},${hr.text}`);
        default:
          return imm ? ins(hr.size, 'mov_s.ne', `${REG[b]},${hr.text}`) : short();
      }
    }
    case 0x0f:
      return general16(hw, b, c, short);
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x16: {
      const names = ['ld_s', 'ldb_s', 'ldh_s', 'ldh_s.x', 'st_s', 'stb_s', 'sth_s'];
      const scale = [2, 0, 1, 1, 2, 0, 1][major - 0x10];
      return ins(2, names[major - 0x10], `${REG[c]},[${REG[b]},${u((hw & 0x1f) << scale)}]`);
    }
    case 0x17: {
      const sub = (hw >> 5) & 7;
      const u5 = u(hw & 0x1f);
      const names = ['asl_s', 'lsr_s', 'asr_s', 'sub_s', 'bset_s', 'bclr_s', 'bmsk_s', 'btst_s'];
      return ins(2, names[sub], sub === 7 ? `${REG[b]},${u5}` : `${REG[b]},${REG[b]},${u5}`);
    }
    case 0x18:
      return sp16(hw, b, address, short);
    case 0x19: {
      const v = hw & 0x1ff;
      switch ((hw >> 9) & 3) {
        case 0:
          return ins(2, 'ld_s', `r0,[gp,${sext(v, 9) * 4}]`);
        case 1:
          return ins(2, 'ldb_s', `r0,[gp,${sext(v, 9)}]`);
        case 2:
          return ins(2, 'ldh_s', `r0,[gp,${sext(v, 9) * 2}]`);
        default:
          return ins(2, 'add_s', `r0,gp,${sext(v, 9) * 4}`);
      }
    }
    case 0x1a:
      return ins(2, 'ld_s', `${REG[b]},[pcl,${u((hw & 0xff) << 2)}]\t;${hex((address & ~3) + ((hw & 0xff) << 2))}`);
    case 0x1b:
      return ins(2, 'mov_s', `${REG[b]},${u(hw & 0xff)}`);
    case 0x1c:
      return hw & 0x80 ? ins(2, 'cmp_s', `${REG[b]},${u(hw & 0x7f)}`) : ins(2, 'add_s', `${REG[b]},${REG[b]},${u(hw & 0x7f)}`);
    case 0x1d:
      return ins(2, hw & 0x80 ? 'brne_s' : 'breq_s', `${REG[b]},0,${pcrel(address, sext(hw & 0x7f, 7) * 2)}`);
    case 0x1e: {
      const sel = (hw >> 9) & 3;
      if (sel < 3) return ins(2, ['b_s', 'beq_s', 'bne_s'][sel], pcrel(address, sext(hw & 0x1ff, 9) * 2));
      const names = ['bgt_s', 'bge_s', 'blt_s', 'ble_s', 'bhi_s', 'bhs_s', 'blo_s', 'bls_s'];
      return ins(2, names[(hw >> 6) & 7], pcrel(address, sext(hw & 0x3f, 6) * 2));
    }
    default:
      return ins(2, 'bl_s', pcrel(address, sext(hw & 0x7ff, 11) * 4));
  }
}

/** Major opcode 0x0F: the 16-bit general operations. */
function general16(hw: number, b: number, c: number, short: () => Decoded): Decoded {
  const sub = hw & 0x1f;
  const bb = `${REG[b]},${REG[b]},${REG[c]}`;
  const two = `${REG[b]},${REG[c]}`;
  switch (sub) {
    case 0: {
      const s = (hw >> 5) & 7;
      if (s < 4) return ins(2, ['j_s', 'j_s.d', 'jl_s', 'jl_s.d'][s], `[${REG[b]}]`);
      if (s === 6) return ins(2, 'sub_s.ne', `${REG[b]},${REG[b]},${REG[b]}`);
      if (s !== 7) return short();
      switch ((hw >> 8) & 7) {
        case 0:
          return ins(2, 'nop_s');
        case 1:
          return ins(2, 'unimp_s');
        case 2:
          return ins(2, 'swi_s');
        case 4:
          return ins(2, 'jeq_s', '[blink]');
        case 5:
          return ins(2, 'jne_s', '[blink]');
        case 6:
          return ins(2, 'j_s', '[blink]');
        case 7:
          return ins(2, 'j_s.d', '[blink]');
        default:
          return short();
      }
    }
    case 0x1e:
      return ins(2, 'trap_s', u((hw >> 5) & 0x3f));
    case 0x1f:
      return ((hw >> 5) & 0x3f) === 0x3f ? ins(2, 'brk_s') : ins(2, 'swi_s', u((hw >> 5) & 0x3f));
    default: {
      const three: Record<number, string> = {
        2: 'sub_s',
        4: 'and_s',
        5: 'or_s',
        6: 'bic_s',
        7: 'xor_s',
        9: 'mpyw_s',
        0xa: 'mpyuw_s',
        0xc: 'mpy_s',
        0x14: 'add1_s',
        0x15: 'add2_s',
        0x16: 'add3_s',
        0x18: 'asl_s',
        0x19: 'lsr_s',
        0x1a: 'asr_s',
      };
      const twoOp: Record<number, string> = {
        0xb: 'tst_s',
        0xd: 'sexb_s',
        0xe: 'sexh_s',
        0xf: 'extb_s',
        0x10: 'exth_s',
        0x11: 'abs_s',
        0x12: 'not_s',
        0x13: 'neg_s',
        0x1b: 'asl_s',
        0x1c: 'asr_s',
        0x1d: 'lsr_s',
      };
      if (three[sub]) return ins(2, three[sub], bb);
      if (twoOp[sub]) return ins(2, twoOp[sub], two);
      return short();
    }
  }
}

/** Major opcode 0x18: stack-pointer based loads, stores, PUSH_S/POP_S, ENTER_S/LEAVE_S. */
function sp16(hw: number, b: number, address: number, short: () => Decoded): Decoded {
  const sub = (hw >> 5) & 7;
  const u7 = u((hw & 0x1f) << 2);
  switch (sub) {
    case 0:
      return ins(2, 'ld_s', `${REG[b]},[sp,${u7}]`);
    case 1:
      return ins(2, 'ldb_s', `${REG[b]},[sp,${u7}]`);
    case 2:
      return ins(2, 'st_s', `${REG[b]},[sp,${u7}]`);
    case 3:
      return ins(2, 'stb_s', `${REG[b]},[sp,${u7}]`);
    case 4:
      return ins(2, 'add_s', `${REG[b]},sp,${u7}`);
    case 5: {
      const s = (hw >> 8) & 7;
      if (s === 0) return ins(2, 'add_s', `sp,sp,${u7}`);
      if (s === 1) return ins(2, 'sub_s', `sp,sp,${u7}`);
      return short();
    }
    default: {
      const name = sub === 6 ? 'pop_s' : 'push_s';
      const low = hw & 0x1f;
      if (low === 1) return ins(2, name, REG[b]);
      if (low === 0x11) return ins(2, name, 'blink');
      if ((hw & 1) !== 0) return short();
      // ENTER_S / LEAVE_S: u7 = [10:8] (pcl, blink, fp) and [4:1] (r13.. count).
      const pclBit = (hw >> 10) & 1;
      if (sub === 7 && pclBit) return short();
      const count = (hw >> 1) & 0xf;
      const list: string[] = [];
      if (count === 1) list.push('r13');
      else if (count > 1 && count <= 14) list.push(`r13-${REG[13 + count - 1]}`);
      else if (count === 15) list.push('0xf');
      if ((hw >> 8) & 1) list.push('fp');
      if ((hw >> 9) & 1) list.push('blink');
      if (pclBit) list.push('pcl');
      // objdump adds a target to LEAVE_S [0xf,...,pcl], as if the list were a PC-relative offset.
      const tail = pclBit && count === 15 ? `\t;${hex((address & ~3) + 15)}` : '';
      return ins(2, sub === 6 ? 'leave_s' : 'enter_s', `[${list.join(',')}]${tail}`);
    }
  }
}

function decode32(insn: number, bytes: Uint8Array, offset: number, address: number, em: boolean): Decoded | null {
  const major = insn >>> 27;
  const b6 = ((insn >> 24) & 7) | (((insn >> 12) & 7) << 3);
  const c6 = (insn >> 6) & 0x3f;
  const a6 = insn & 0x3f;
  const limm = (): number | null => limmAt(bytes, offset + 4);
  const dot = (n: number): string => (n ? '.d' : '');
  switch (major) {
    case 0: {
      const n = (insn >> 5) & 1;
      const hi10 = (insn >> 6) & 0x3ff;
      const lo10 = (insn >> 17) & 0x3ff;
      if (insn & 0x10000) {
        const s25 = sext((((insn & 0xf) << 20) | (hi10 << 10) | lo10) << 1, 25);
        return ins(4, `b${dot(n)}`, pcrel(address, s25));
      }
      const q = insn & 0x1f;
      const s21 = sext(((hi10 << 10) | lo10) << 1, 21);
      return ins(4, `b${COND[q] ?? ''}${dot(n)}`, pcrel(address, s21));
    }
    case 1: {
      const n = (insn >> 5) & 1;
      if ((insn & 0x10000) === 0) {
        const hi10 = (insn >> 6) & 0x3ff;
        const lo9 = (insn >> 18) & 0x1ff;
        if (insn & 0x20000) {
          const s25 = sext((((insn & 0xf) << 20) | (hi10 << 10) | (lo9 << 1)) << 1, 25);
          return ins(4, `bl${dot(n)}`, pcrel(address, s25));
        }
        const q = insn & 0x1f;
        const s21 = sext(((hi10 << 10) | (lo9 << 1)) << 1, 21);
        const cond = COND[q] ?? '';
        const glued = q > 0 && q < 16;
        return ins(4, `bl${glued ? cond : cond ? `.${cond}` : ''}${dot(n)}`, pcrel(address, s21));
      }
      // BRcc / BBIT0 / BBIT1: b, c or u6, s9.
      const cc = insn & 7;
      const names = ['breq', 'brne', 'brlt', 'brge', 'brlo', 'brhs', 'bbit0', 'bbit1'];
      const s9 = sext((((insn >> 15) & 1) << 8) | (((insn >> 17) & 0x7f) << 1), 9);
      const hint = insn & 8 ? '.t' : '.nt';
      let size = 4;
      let bText = REG[b6];
      let cText = insn & 0x10 ? u(c6) : REG[c6];
      if (b6 === 62 || (!(insn & 0x10) && c6 === 62)) {
        // No long immediate with a delay slot.
        if (n) return word(insn);
        const l = limm();
        if (l === null) return null;
        size = 8;
        if (b6 === 62) bText = u(l);
        if (!(insn & 0x10) && c6 === 62) cText = u(l);
      }
      return ins(size, `${names[cc]}${dot(n)}${hint}`, `${bText},${cText},${pcrel(address, s9)}`);
    }
    case 2:
      if (em && ((insn >> 7) & 3) === 3) return word(insn);
      return load32(insn, b6, a6, limm, address, em);
    case 3:
      if (em && ((insn >> 1) & 3) === 3) return word(insn);
      return store32(insn, b6, c6, limm, address);
    case 4:
      return general32(insn, b6, c6, a6, limm, address, em);
    case 5:
      return ext32(insn, b6, c6, a6, limm, address);
    default:
      return null;
  }
}

function load32(insn: number, b6: number, a6: number, limm: () => number | null, address: number, em: boolean): Decoded | null {
  const s9 = sext((((insn >> 15) & 1) << 8) | ((insn >> 16) & 0xff), 9);
  const di = (insn >> 11) & 1;
  const aa = (insn >> 9) & 3;
  const zz = (insn >> 7) & 3;
  const x = (insn >> 6) & 1;
  if (zz === 3 && x) return word(insn);
  const aaText = ['', '.aw', '.ab', '.as'][aa];
  const suffix = `${di ? '.di' : ''}${aaText}${x ? '.x' : ''}`;
  let name = `${['ld', 'ldb', 'ldh', 'ldd'][zz]}${suffix}`;
  let size = 4;
  let base = REG[b6];
  if (b6 === 62) {
    const l = limm();
    if (l === null) return null;
    size = 8;
    base = u(l);
  }
  // LDD needs an even register pair; objdump prints the odd one alone.
  if (zz === 3 && (a6 & 1) !== 0) return ins(size, name, REG[a6]);
  const addr = `[${base}${s9 !== 0 ? `,${s9}` : ''}]${b6 === 63 && s9 !== 0 ? `\t;${hex((address & ~3) + s9)}` : ''}`;
  if (a6 === 62 && zz === 0 && !(di && x) && !(em && di)) {
    // LD to the long-immediate register: the prefetch forms (ARC EM has no PREFETCHW).
    name = `${x ? 'prealloc' : di ? 'prefetchw' : 'prefetch'}${b6 === 62 ? '' : aaText}`;
    return ins(size, name, addr);
  }
  const dest = a6 === 62 ? '0' : zz === 3 ? `${REG[a6]}${REG[a6 + 1]}` : REG[a6];
  return ins(size, name, `${dest},${addr}`);
}

function store32(insn: number, b6: number, c6: number, limm: () => number | null, address: number): Decoded | null {
  const s9 = sext((((insn >> 15) & 1) << 8) | ((insn >> 16) & 0xff), 9);
  const di = (insn >> 5) & 1;
  const aa = (insn >> 3) & 3;
  const zz = (insn >> 1) & 3;
  // Bit 0 set: the value stored is the signed 6-bit immediate in the C field.
  const imm = (insn & 1) !== 0;
  // A register stored to a long-immediate address takes no offset, and objdump ignores its AA.
  if (!imm && b6 === 62 && s9 !== 0 && c6 !== 62) return word(insn);
  const name = `${['st', 'stb', 'sth', 'std'][zz]}${di ? '.di' : ''}${b6 === 62 && s9 === 0 ? '' : ['', '.aw', '.ab', '.as'][aa]}`;
  let size = 4;
  let base = REG[b6];
  let src = imm ? String(sext(c6, 6)) : zz === 3 ? `${REG[c6]}${REG[c6 + 1] ?? ''}` : REG[c6];
  if (!imm && c6 === 62) {
    const l = limm();
    if (l === null) return null;
    size = 8;
    src = u(l);
  }
  if (b6 === 62) {
    const l = limm();
    if (l === null) return null;
    size = 8;
    base = u(l);
  }
  if (!imm && zz === 3 && (c6 & 1) !== 0) return ins(size, name, REG[c6]);
  const addr = `[${base}${s9 !== 0 ? `,${s9}` : ''}]${b6 === 63 && s9 !== 0 ? `\t;${hex((address & ~3) + s9)}` : ''}`;
  return ins(size, name, `${src},${addr}`);
}

// Major opcode 4, the I field: names of the two-source operations (a = b op c).
const OP4: Record<number, string> = {
  0x00: 'add',
  0x01: 'adc',
  0x02: 'sub',
  0x03: 'sbc',
  0x04: 'and',
  0x05: 'or',
  0x06: 'bic',
  0x07: 'xor',
  0x08: 'max',
  0x09: 'min',
  0x0e: 'rsub',
  0x0f: 'bset',
  0x10: 'bclr',
  0x12: 'bxor',
  0x13: 'bmsk',
  0x14: 'add1',
  0x15: 'add2',
  0x16: 'add3',
  0x17: 'sub1',
  0x18: 'sub2',
  0x19: 'sub3',
  0x1a: 'mpy',
  0x1b: 'mpym',
  0x1c: 'mpymu',
  0x1d: 'mpyu',
  0x1e: 'mpyw',
  0x1f: 'mpyuw',
  0x2c: 'bmskn',
  0x2d: 'xbfu',
  0x38: 'seteq',
  0x39: 'setne',
  0x3a: 'setlt',
  0x3b: 'setge',
  0x3c: 'setlo',
  0x3d: 'seths',
  0x3e: 'setle',
  0x3f: 'setgt',
};
// Comparisons: no destination, the F bit is implied.
const CMP4: Record<number, string> = { 0x0b: 'tst', 0x0c: 'cmp', 0x0d: 'rcmp', 0x11: 'btst' };
const SOP4: Record<number, string> = {
  0: 'asl',
  1: 'asr',
  2: 'lsr',
  3: 'ror',
  4: 'rrc',
  5: 'sexb',
  6: 'sexh',
  7: 'extb',
  8: 'exth',
  9: 'abs',
  0xa: 'not',
  0xb: 'rlc',
  0xd: 'rol',
};
const OP5: Record<number, string> = {
  0x00: 'asl',
  0x01: 'lsr',
  0x02: 'asr',
  0x03: 'ror',
  0x04: 'div',
  0x05: 'divu',
  0x06: 'adds',
  0x07: 'subs',
  0x08: 'rem',
  0x09: 'remu',
  0x0a: 'asls',
  0x0b: 'asrs',
  0x26: 'adcs',
  0x27: 'sbcs',
};
const SOP5: Record<number, string> = {
  0: 'swap',
  1: 'norm',
  2: 'sath',
  3: 'rndh',
  4: 'abssh',
  5: 'abss',
  6: 'negsh',
  7: 'negs',
  8: 'normh',
  9: 'swape',
  0xa: 'lsl16',
  0xb: 'lsr16',
  0xc: 'asr16',
  0xd: 'asr8',
  0xe: 'lsr8',
  0xf: 'lsl8',
  0x10: 'rol8',
  0x11: 'ror8',
  0x12: 'ffs',
  0x13: 'fls',
};

/** The operands of a major 4/5 instruction in its P format: [a or b, b, c] texts and the size. */
interface Fmt {
  p: number;
  dst: string;
  b: string;
  c: string;
  cond: string;
  size: number;
  /** `\t;target` when B is PCL and C an immediate. */
  tail: string;
}

function operands(
  insn: number,
  b6: number,
  c6: number,
  a6: number,
  limm: () => number | null,
  address: number,
  bIsDest = false,
): Fmt | null {
  const p = (insn >> 22) & 3;
  let size = 4;
  const l = (): string | null => {
    const v = limm();
    if (v === null) return null;
    size = 8;
    return u(v);
  };
  // B = 62 as a destination only discards the result (printed 0, no long immediate).
  const bText = b6 === 62 ? (bIsDest ? '0' : l()) : REG[b6];
  if (bText === null) return null;
  let c: string | null;
  let cVal: number | null = null;
  let dst: string | null;
  let cond = '';
  switch (p) {
    case 0:
      c = c6 === 62 ? l() : REG[c6];
      dst = a6 === 62 ? '0' : REG[a6];
      break;
    case 1:
      c = u(c6);
      cVal = c6;
      dst = a6 === 62 ? '0' : REG[a6];
      break;
    case 2:
      cVal = sext((a6 << 6) | c6, 12);
      c = String(cVal);
      dst = b6 === 62 ? '0' : bText;
      break;
    default:
      if (insn & 0x20) cVal = c6;
      c = insn & 0x20 ? u(c6) : c6 === 62 ? l() : REG[c6];
      dst = b6 === 62 ? '0' : bText;
      cond = COND[insn & 0x1f] ?? '';
      break;
  }
  if (c === null || dst === null) return null;
  // An immediate added to PCL: objdump adds the address it makes.
  const tail = b6 === 63 && cVal !== null ? `\t;${hex((address & ~3) + cVal)}` : '';
  return { p, dst, b: bText, c, cond, size, tail };
}

function general32(
  insn: number,
  b6: number,
  c6: number,
  a6: number,
  limm: () => number | null,
  address: number,
  em: boolean,
): Decoded | null {
  const i = (insn >> 16) & 0x3f;
  const f = (insn >> 15) & 1;
  const p = (insn >> 22) & 3;
  if ((i === 0x0c || i === 0x0d) && p === 2 && !f) {
    if (b6 === 62) return word(insn);
    // DBNZ b, s13 (CMP/RCMP encodings without the F bit)
    return ins(4, i === 0x0d ? 'dbnz.d' : 'dbnz', `${REG[b6]},${pcrel(address, sext((a6 << 6) | c6, 12) * 2)}`);
  }
  if (i >= 0x20 && i <= 0x23) return jump32(insn, i, p, c6, a6, limm);
  if (i >= 0x30 && i <= 0x37) return loadRR(insn, i, p, f, b6, c6, a6, limm, em);
  switch (i) {
    case 0x24:
    case 0x25:
      // BI [c], BIH [c]
      return p === 0 && !f && c6 !== 62 ? ins(4, i === 0x24 ? 'bi' : 'bih', `[${REG[c6]}]`) : p === 0 && !f ? null : word(insn);
    case 0x28:
      // LP u7 / s13, PC-relative
      if (p === 1) return ins(4, 'lp', `${u(c6 * 2)}\t;${hex((address & ~3) + c6 * 2)}`);
      if (p === 2) return ins(4, 'lp', pcrel(address, sext((a6 << 6) | c6, 12) * 2));
      return p === 0 ? word(insn) : null;
    case 0x29: {
      // FLAG (KFLAG with the F bit) c / u6 / s12 / .cond c
      const cond = p === 3 ? (COND[insn & 0x1f] ?? '') : '';
      const name = `${f ? 'kflag' : 'flag'}${cond ? `.${cond}` : ''}`;
      if (p === 2) return ins(4, name, String(sext((a6 << 6) | c6, 12)));
      if (p === 1 || (p === 3 && insn & 0x20)) return ins(4, name, u(c6));
      if (c6 === 62) {
        const v = limm();
        return v === null ? null : ins(8, name, u(v));
      }
      return ins(4, name, REG[c6]);
    }
    default:
      break;
  }
  const bIsDest = i === 0x0a || i === 0x2a || i === 0x2f;
  const o = operands(insn, b6, c6, a6, limm, address, bIsDest);
  if (!o) return null;
  const flags = (cond: string): string => `${f ? '.f' : ''}${cond ? `.${cond}` : ''}`;
  // RSUB a, b, 0 is NEG a, b.
  if (i === 0x0e && (p === 1 || (p === 3 && insn & 0x20)) && c6 === 0) return ins(o.size, `neg${flags(o.cond)}`, `${o.dst},${o.b}`);
  if (OP4[i]) return ins(o.size, `${OP4[i]}${flags(o.cond)}`, `${o.dst},${o.b},${o.c}${o.tail}`);
  if (CMP4[i]) {
    // ARC EM also wants the A field of a comparison zero; objdump for ARC HS ignores it.
    if (!f || (em && o.p < 2 && a6 !== 0)) return word(insn);
    return ins(o.size, `${CMP4[i]}${o.cond ? `.${o.cond}` : ''}`, `${o.b},${o.c}${o.tail}`);
  }
  switch (i) {
    case 0x0a:
      return ins(o.size, `mov${flags(o.cond)}`, `${o.b},${o.c}`);
    case 0x2a:
    case 0x2b:
      if (o.p === 1 || o.p === 3) return word(insn);
      return ins(o.size, i === 0x2a ? 'lr' : 'sr', `${o.b},[${o.c}]`);
    case 0x2f: {
      // EX, LLOCK, SCOND, LLOCKD, SCONDD: b, [c]
      const mem: Record<number, string> = { 0x0c: 'ex', 0x10: 'llock', 0x11: 'scond', 0x12: 'llockd', 0x13: 'scondd' };
      if (mem[a6]) {
        if (o.p >= 2 || (em && a6 === 0x13)) return word(insn);
        return ins(o.size, `${mem[a6]}${f ? '.di' : ''}`, `${o.b},[${o.p === 1 ? u(c6) : o.c}]`);
      }
      const name = SOP4[a6];
      if (!name || o.p >= 2) return a6 === 0x3f ? null : word(insn);
      return ins(o.size, `${name}${f ? '.f' : ''}`, `${o.b},${o.p === 1 ? u(c6) : o.c}`);
    }
    default:
      return null;
  }
}

/** LD a, [b, c] (major 4, I 0x30..0x37): ZZ and X in I, AA in the P field, DI in the F bit. */
function loadRR(
  insn: number,
  i: number,
  aa: number,
  di: number,
  b6: number,
  c6: number,
  a6: number,
  limm: () => number | null,
  em: boolean,
): Decoded | null {
  const zz = (i >> 1) & 3;
  const x = i & 1;
  if (zz === 3 && (x || em)) return word(insn);
  // objdump leaves out the AA of LDD with a long-immediate base.
  const aaText = b6 === 62 && zz === 3 ? '' : ['', '.aw', '.ab', '.as'][aa];
  let name = `${['ld', 'ldb', 'ldh', 'ldd'][zz]}${di ? '.di' : ''}${aaText}${x ? '.x' : ''}`;
  // LDD needs an even register pair; objdump prints the odd one alone (still reading a LIMM).
  if (zz === 3 && (a6 & 1) !== 0) return ins(b6 === 62 || c6 === 62 ? 8 : 4, name, REG[a6]);
  const prefetch = a6 === 62 && zz === 0 && !(di && x) && !(em && di);
  if (prefetch) name = `${x ? 'prealloc' : di ? 'prefetchw' : 'prefetch'}${aaText}`;
  let size = 4;
  let bText = REG[b6];
  let cText = REG[c6];
  if (b6 === 62 || c6 === 62) {
    const v = limm();
    if (v === null) return null;
    size = 8;
    if (b6 === 62) bText = u(v);
    if (c6 === 62) cText = u(v);
  }
  if (prefetch) return ins(size, name, `[${bText},${cText}]`);
  const dest = a6 === 62 ? '0' : zz === 3 ? `${REG[a6]}${REG[a6 + 1]}` : REG[a6];
  return ins(size, name, `${dest},[${bText},${cText}]`);
}

/** J, J.D, JL, JL.D: the B field is not used, the F bit is not printed. */
function jump32(insn: number, i: number, p: number, c6: number, a6: number, limm: () => number | null): Decoded | null {
  const d = i & 1 ? '.d' : '';
  const q = p === 3 ? insn & 0x1f : 0;
  const cond = COND[q] ?? '';
  const name = `${i >= 0x22 ? 'jl' : 'j'}${q > 0 && q < 16 ? cond : cond ? `.${cond}` : ''}${d}`;
  if (p === 1 || (p === 3 && insn & 0x20)) return ins(4, name, u(c6));
  if (p === 2) return ins(4, name, String(sext((a6 << 6) | c6, 12)));
  if (c6 === 62) {
    if (d) return word(insn);
    const v = limm();
    return v === null ? null : ins(8, name, u(v));
  }
  return ins(4, name, `[${REG[c6]}]`);
}

function ext32(insn: number, b6: number, c6: number, a6: number, limm: () => number | null, address: number): Decoded | null {
  const i = (insn >> 16) & 0x3f;
  const f = (insn >> 15) & 1;
  const o = operands(insn, b6, c6, a6, limm, address, i === 0x2f);
  if (!o) return null;
  if (OP5[i]) return ins(o.size, `${OP5[i]}${f ? '.f' : ''}${o.cond ? `.${o.cond}` : ''}`, `${o.dst},${o.b},${o.c}${o.tail}`);
  if (i === 0x2f && SOP5[a6] && o.p < 2) return ins(o.size, `${SOP5[a6]}${f ? '.f' : ''}`, `${o.b},${o.p === 1 ? u(c6) : o.c}`);
  return null;
}

function word(insn: number): Decoded {
  return ins(4, '.word', `0x${hex(insn).padStart(8, '0')}`);
}
