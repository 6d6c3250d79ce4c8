// Disassembly for the architectures the bundled capstone build lacks (Xtensa and ARC), for
// display only: the Relocations view's before/after instructions and the tests that hold the
// decoders to binutils' `objdump -d`.
//
// Why TypeScript in wasm-core/src rather than AssemblyScript next to the relocators: nothing in
// the loader model depends on it (the engine only patches operand fields, which
// `wasm-core/assembly/arch/xtensa_insn.ts` and `arch/arc.ts` know), the output is text for the
// UI, and the web view, the CLI and the tests can call it directly without a round trip
// through the engine's memory. The loader rules stay in the engine.

import { decodeArc, type ArcOptions } from './arc.js';
import { decodeXtensa, type XtensaOptions } from './xtensa.js';

export type DisasmArch = 'xtensa' | 'arc';

export interface DisasmOptions extends XtensaOptions, ArcOptions {}

export interface Insn {
  /** Offset of the instruction in the bytes given. */
  offset: number;
  address: number;
  size: number;
  mnemonic: string;
  /** As objdump prints them, with tabs before `;target` comments. */
  operands: string;
  /** False when the decoder does not know the encoding (mnemonic is then `(unknown)`). */
  known: boolean;
}

/** The decoder for an architecture name of the trace's `arch` info ('xtensa', 'arc'), or null. */
export function disasmArchOf(arch: string): DisasmArch | null {
  return arch === 'xtensa' || arch === 'arc' ? arch : null;
}

/** Decoder options an ELF header implies: the ARC core from e_flags (EF_ARC_CPU_ARCV2EM is 5). */
export function optionsForElf(arch: DisasmArch, elf: Uint8Array): DisasmOptions {
  if (arch !== 'arc' || elf.length < 40 || elf[4] !== 1) return {};
  const eFlags = elf[36] | (elf[37] << 8) | (elf[38] << 16) | (elf[39] << 24);
  return { cpu: (eFlags & 0xff) === 5 ? 'arcem' : 'archs' };
}

/** The instruction at `bytes[offset]`, at `address`; null when the bytes end inside it. */
export function decodeAt(arch: DisasmArch, bytes: Uint8Array, offset: number, address: number, opts: DisasmOptions = {}): Insn | null {
  const d = arch === 'xtensa' ? decodeXtensa(bytes, offset, address, opts) : decodeArc(bytes, offset, address, opts);
  if (d) return { offset, address, size: d.size, mnemonic: d.mnemonic, operands: d.operands, known: true };
  // Unknown encodings still have a length: ARC's major opcode gives it (a long immediate
  // cannot be told apart, so 4 bytes); Xtensa returns null only for truncated input.
  if (arch === 'arc' && offset + 2 <= bytes.length) {
    const size = bytes[offset + 1] >> 3 >= 8 ? 2 : 4;
    if (offset + size <= bytes.length) return { offset, address, size, mnemonic: '(unknown)', operands: '', known: false };
  }
  return null;
}

/** Linear sweep over `bytes`, the first of which sits at `address`. */
export function disassemble(arch: DisasmArch, bytes: Uint8Array, address: number, opts: DisasmOptions = {}): Insn[] {
  const out: Insn[] = [];
  let off = 0;
  while (off < bytes.length) {
    const i = decodeAt(arch, bytes, off, (address + off) >>> 0, opts);
    if (!i) break;
    out.push(i);
    off += i.size;
  }
  return out;
}

/**
 * The instructions of a code section that overlap `[site, site + len)`, found by a linear
 * sweep from the start of the section (as objdump reads it).
 */
export function instructionsAt(
  arch: DisasmArch,
  code: Uint8Array,
  address: number,
  site: number,
  len: number,
  opts: DisasmOptions = {},
): Insn[] {
  const out: Insn[] = [];
  let off = 0;
  while (off < code.length && off < site + len) {
    const i = decodeAt(arch, code, off, (address + off) >>> 0, opts);
    if (!i) break;
    if (off + i.size > site) out.push(i);
    off += i.size;
  }
  return out;
}

/** objdump's text of an instruction: mnemonic, a tab, the operands. */
export function objdumpText(i: Pick<Insn, 'mnemonic' | 'operands'>): string {
  return i.operands ? `${i.mnemonic}\t${i.operands}` : i.mnemonic;
}

/** One-line text for display: `mnemonic operands`, the target comment after a space. */
export function displayText(i: Pick<Insn, 'mnemonic' | 'operands'>): string {
  return `${i.mnemonic} ${i.operands.replace(/\t/g, ' ')}`.trim();
}
