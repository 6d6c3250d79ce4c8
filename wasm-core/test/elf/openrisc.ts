// OpenRISC numbers for ELF files written by hand (no Debian toolchain targets OpenRISC):
// e_machine and the relocation types the tests and the gallery sample use (or1k psABI),
// and big-endian instruction words.

export const EM_OPENRISC = 92;
export const R_OR1K_32 = 1;
export const R_OR1K_LO_16_IN_INSN = 4;
export const R_OR1K_HI_16_IN_INSN = 5;
export const R_OR1K_INSN_REL_26 = 6;

/** 32-bit words in OpenRISC's (big-endian) byte order. */
export function be32(words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, false));
  return out;
}
